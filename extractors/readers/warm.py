"""Imported by the readers' fork server before it forks a worker (extractors.readers.isolated.PRELOAD):
the readers, the extractors and what every extraction loads, warmed once for all the workers."""
from extractors.readers.isolated import _warm

_warm(parser=False)
