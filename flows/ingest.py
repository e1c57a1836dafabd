"""Ingesting files: stage, read and extract (in the bounded workers, side by side), load here, one
transaction per document, in the order the files came. Plain functions; the watcher, the CLI and the
Prefect flows call these."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Hashable, Iterable, Iterator, TypeVar

from extractors.readers import ReadError
from extractors.readers.isolated import read_and_extract_many
from flows.safe_names import shown_name
from flows.staging import private_folder, stage
from schemas.document import Document
from warehouse.db import writing
from warehouse.load import load_document, log_attempt

SUFFIXES = {".docx", ".pdf", ".txt", ".doc", ".rtf", ".odt"}
K = TypeVar("K", bound=Hashable)


@dataclass
class Result:
    file: str
    outcome: str                  # loaded | duplicate | reloaded | new_version | twin | failed
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


Ingest = Callable[[Iterable[tuple[K, Path, Path]], "str | Path | None"], Iterator[tuple[K, "Result | Exception"]]]


def ingest_copies(items: Iterable[tuple[K, Path, Path]], db: str | Path | None = None,
                  readers: int | None = None) -> Iterator[tuple[K, Result | Exception]]:
    """(key, stable private copy, dropped file) …: each copy read and extracted in a bounded worker,
    several side by side, and loaded here in one transaction, in the items' order. Yields (key,
    Result), a file that cannot be read being recorded with its reason and never half-loaded; or
    (key, the exception) when loading failed (the database busy, the disk full) and nothing of it
    was committed. Items are drawn only as workers free up, so a caller may stage them lazily."""
    origins: dict[K, Path] = {}

    def jobs():
        for key, copy, origin in items:
            origins[key] = origin
            yield key, copy

    for key, got in read_and_extract_many(jobs(), readers):
        origin = origins.pop(key)
        try:
            if isinstance(got, ReadError):
                yield key, record_failure(origin, str(got), db)
                continue
            doc, ex = got
            doc = with_origin(doc, origin)
            with writing(db) as con:   # one transaction per document; readers see it on leaving (debounced in a batch)
                outcome = load_document(con, doc, ex)
        except Exception as e:
            yield key, e
            continue
        yield key, Result(doc.origin.name, outcome, obligations=len(ex.obligations))


def one_by_one(ingest: Callable[[Path, "str | Path | None"], Result]) -> Ingest:
    """An ingest of one copy at a time (a Prefect flow run per file) in the shape of ingest_copies."""
    def many(items, db=None):
        for key, copy, _origin in items:
            try:
                yield key, ingest(copy, db)
            except Exception as e:
                yield key, e
    return many


def _single(got: Result | Exception) -> Result:
    if isinstance(got, Exception):
        raise got
    return got


def ingest_copy(copy: Path, db: str | Path | None = None, origin: Path | None = None) -> Result:
    """One stable private copy (see flows.staging), as ingest_copies."""
    ((_, got),) = ingest_copies([(copy, copy, origin or copy)], db, readers=1)
    return _single(got)


def ingest_files(paths: Iterable[Path], db: str | Path | None = None,
                 readers: int | None = None) -> Iterator[tuple[Path, Result | Exception]]:
    """Files as `srok ingest` gets them, in order: each staged when a worker is free for it (a link
    inside a folder, a folder or a file over the size limit is refused with its reason; a file being
    written right now gives flows.staging.Unstable), then ingest_copies; each private copy goes once
    its file is done. A refused file comes out in its place among the others, though staging runs
    ahead of the results."""
    with private_folder() as tmp:
        refused: dict[object, list] = {}   # staged key (None: the start) -> the refusals that follow it
        done: set = {None}                 # keys whose results are out: their refusals can follow at once
        last = None

        def staged():
            nonlocal last
            for path in paths:
                try:
                    got = stage(path, Path(tmp))
                except ReadError as e:
                    refused.setdefault(last, []).append((path, record_failure(path, str(e), db)))
                except Exception as e:
                    refused.setdefault(last, []).append((path, e))
                else:
                    last = (got, path)
                    yield last, got.copy, path

        def ready() -> Iterator:
            for key in [k for k in refused if k in done]:
                yield from refused.pop(key)

        for key, got in ingest_copies(staged(), db, readers):
            yield from ready()
            kept, path = key
            kept.discard()
            yield path, got
            done.add(key)
            yield from ready()
        done.update(refused)
        yield from ready()


def ingest_file(path: Path, db: str | Path | None = None) -> Result:
    """One file as `srok ingest` gets it (ingest_files); raises flows.staging.Unstable when the file
    is being written right now."""
    ((_, got),) = ingest_files([path], db, readers=1)
    return _single(got)
