"""The `srok` command's entry point, kept tiny on purpose. A reader worker imports the parent's main
module again when it starts, so a worker started from a script that imports the whole command line
pays for typer and rich first. The commands that read start their first worker here, before the
command line is imported: it warms up (models, gazetteer) while this process catches up."""
from __future__ import annotations

import os
import sys

READING_COMMANDS = {"extract", "parse", "ingest"}
DOCUMENTS = (".docx", ".pdf", ".txt", ".doc", ".rtf", ".odt")   # flows.ingest.SUFFIXES, without importing it


def many(args: list[str]) -> bool:
    """Whether `srok ingest ARGS` names more than one document (files, or documents inside folders;
    counted only up to two): its readers then warm the dependency parser up before the first file,
    once for all of them, since most documents of a pile need it (a command reading one document
    loads it only if that document does)."""
    seen = 0
    for arg in (a for a in args if not a.startswith("-")):
        if os.path.isdir(arg):
            for _, _, names in os.walk(arg):
                seen += sum(n.lower().endswith(DOCUMENTS) and not n.startswith((".", "~$")) for n in names)
                if seen > 1:
                    return True
        elif arg.lower().endswith(DOCUMENTS) and os.path.exists(arg):
            seen += 1
        if seen > 1:
            return True
    return False


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in READING_COMMANDS and "--help" not in sys.argv:
        from extractors.readers.isolated import start
        start(parser=sys.argv[1] == "ingest" and many(sys.argv[2:]))
    from flows.cli import app
    app()
