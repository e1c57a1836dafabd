"""The `srok` command's entry point, kept tiny on purpose. A reader worker is a spawned process, and
spawning imports the parent's main module again, so a worker started from a script that imports the
whole command line pays for typer and rich first. The commands that read start their first worker here,
before the command line is imported: it warms up (models, gazetteer) while this process catches up."""
from __future__ import annotations

import sys

READING_COMMANDS = {"extract", "parse", "ingest"}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in READING_COMMANDS and "--help" not in sys.argv:
        from extractors.readers.isolated import start
        start()
    from flows.cli import app
    app()
