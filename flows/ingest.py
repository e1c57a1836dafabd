"""Ingesting files: stage, read and extract (in the bounded worker), load. Plain functions; the
watcher and the Prefect flows call these."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from extractors.readers import ReadError
from extractors.readers.isolated import read_and_extract_bounded
from flows.safe_names import shown_name
from flows.staging import private_folder, stage
from schemas.document import Document
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
    """Files named, and the documents inside folders named (links and odd entries included, so that
    they are reported rather than passed over)."""
    out = []
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            found = (f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and not f.name.startswith((".", "~$"))
                     and (f.is_symlink() or not f.is_dir()))
            out.extend(sorted(found, key=lambda f: os.fsencode(f)))
        else:
            out.append(p)
    return out


def record_failure(path: Path, reason: str, db: str | Path | None = None) -> Result:
    """A file that could not be read: logged with its reason, nothing else loaded."""
    name = shown_name(path.name)
    with writing(db) as con:
        log_attempt(con, name, None, "failed", reason)
    return Result(name, "failed", reason)


def with_origin(doc: Document, origin: Path) -> Document:
    """The document as read from its private copy, named after the file that was dropped."""
    return doc.model_copy(update={"origin": doc.origin.model_copy(
        update={"name": shown_name(origin.name), "path": shown_name(str(origin))})})


def ingest_copy(copy: Path, db: str | Path | None = None, origin: Path | None = None) -> Result:
    """A stable private copy (see flows.staging): read and extracted in the bounded worker, loaded in
    one transaction; a file that cannot be read is recorded with its reason, never half-loaded."""
    origin = origin or copy
    try:
        doc, ex = read_and_extract_bounded(copy)
    except ReadError as e:
        return record_failure(origin, str(e), db)
    doc = with_origin(doc, origin)
    with writing(db) as con:   # one short write connection per document; readers see it on leaving
        outcome = load_document(con, doc, ex)
    return Result(doc.origin.name, outcome, obligations=len(ex.obligations))


def ingest_file(path: Path, db: str | Path | None = None) -> Result:
    """One file as `srok ingest` gets it: staged (a link inside a folder, a folder or a file over the
    size limit is refused with its reason), then ingest_copy. Raises flows.staging.Unstable when the
    file is being written right now."""
    with private_folder() as tmp:
        try:
            staged = stage(path, Path(tmp))
        except ReadError as e:
            return record_failure(path, str(e), db)
        return ingest_copy(staged.copy, db, origin=path)
