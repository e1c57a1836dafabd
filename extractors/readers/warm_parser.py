"""As extractors.readers.warm, with the dependency parser (spaCy and natasha's models, ~1.4 CPU s) loaded
too: the fork server of a caller that reads many documents (the watcher, a burst of `srok ingest`)."""
from extractors.readers.isolated import _warm

_warm(parser=True)
