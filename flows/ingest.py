"""Ingesting files: read, extract, load. Plain functions; the Prefect flows call these."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractors.pipeline import extract
from extractors.readers import ReadError
from extractors.readers.isolated import read_bounded
from warehouse.db import writing
from warehouse.load import load_document, log_attempt

SUFFIXES = {".docx", ".pdf", ".txt", ".doc", ".rtf", ".odt"}


@dataclass
class Result:
    file: str
    outcome: str                  # loaded | duplicate | reloaded | new_version | failed
    reason: str | None = None
    obligations: int = 0


def files_in(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                              and not f.name.startswith((".", "~$"))))
        else:
            out.append(p)
    return out


def record_failure(path: Path, reason: str, db: str | Path | None = None) -> Result:
    """A file that could not be read: logged with its reason, nothing else loaded."""
    with writing(db) as con:
        log_attempt(con, path.name, None, "failed", reason)
    return Result(path.name, "failed", reason)


def ingest_file(path: Path, db: str | Path | None = None) -> Result:
    """One file: a clear failure reason, never a half-loaded document."""
    try:
        doc = read_bounded(path)
        ex = extract(doc)
    except ReadError as e:
        return record_failure(path, str(e), db)
    with writing(db) as con:   # one short write connection per document; readers see it on leaving
        outcome = load_document(con, doc, ex)
    return Result(path.name, outcome, obligations=len(ex.obligations))
