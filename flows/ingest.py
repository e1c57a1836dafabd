"""Ingesting files: stage, read and extract (in the bounded workers, side by side), load here, one
transaction per document, in the order the files came. Plain functions; the watcher, the CLI and the
Prefect flows call these."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Hashable, Iterable, Iterator, TypeVar

from extractors.readers import ReadError
from extractors.readers.isolated import read_and_extract_many
from flows.safe_names import shown_name
from flows.staging import private_folder, stage
from schemas.document import Document
from schemas.extraction import Extraction
from warehouse.db import writing
from warehouse.load import load_document, log_attempt
from warehouse.vocabulary import OUTCOME_RU, plural, read_error_ru

SUFFIXES = {".docx", ".pdf", ".txt", ".doc", ".rtf", ".odt"}
K = TypeVar("K", bound=Hashable)
log = logging.getLogger("srok.ingest")


@dataclass
class Result:
    file: str
    outcome: str                  # loaded | duplicate | reloaded | new_version | twin | failed
    reason: str | None = None     # in Russian: why it failed, or which loaded file it repeats
    detail: str | None = None     # the technical reason of a failure (the log and the .error.txt keep it)
    obligations: int = 0          # tasks loaded from it (none for a duplicate)

    def says(self) -> str:
        """"загружен, 16 задач", "дубликат: то же, что …", "не прочитан: …"."""
        what = OUTCOME_RU.get(self.outcome, self.outcome)
        if self.outcome in ("loaded", "reloaded", "new_version"):
            return f"{what}, {plural(self.obligations, 'задача', 'задачи', 'задач')}"
        return f"{what}: {self.reason}" if self.reason else what


def summary(results: list[Result]) -> str:
    """One line for a run over many files: "14 загружено, 2 дубликата, 0 не прочитано"."""
    n = {k: sum(r.outcome in v for r in results) for k, v in
         {"loaded": ("loaded", "reloaded", "new_version"), "same": ("duplicate", "twin"), "failed": ("failed",)}.items()}
    return (f"{plural(len(results), 'файл', 'файла', 'файлов')}: {n['loaded']} загружено, "
            f"{plural(n['same'], 'дубликат', 'дубликата', 'дубликатов')}, {n['failed']} не прочитано")


def loaded(con, doc: Document, ex: Extraction) -> Result:
    """Loads one document (its own transaction) and says what came of it: the tasks loaded, or for a
    duplicate nothing and the file it repeats."""
    outcome = load_document(con, doc, ex)
    if outcome == "duplicate":
        (first,) = con.execute("SELECT file_name FROM documents WHERE doc_id = ?", [doc.origin.sha256]).fetchone()
        return Result(doc.origin.name, outcome, f"те же байты, что {first}")
    if outcome == "twin":   # load_document logged which document it repeats
        (why,) = con.execute("SELECT reason FROM ingest_log WHERE file = ? ORDER BY id DESC LIMIT 1",
                             [doc.origin.name]).fetchone()
        return Result(doc.origin.name, outcome, twin_ru(why))
    return Result(doc.origin.name, outcome, obligations=len(ex.obligations))


def twin_ru(reason: str) -> str:
    """warehouse.twins' "same content (read with noise (0.95)) as FILE (doc_id)" in Russian."""
    m = re.match(r"(?:replaces its scan: )?same content(?: read with noise \(([\d.]+)\))? as (.*) \([0-9a-f]+\)$", reason)
    if not m:
        return reason
    noise = f" (распознано со сходством {m.group(1).replace('.', ',')})" if m.group(1) else ""
    return f"то же содержание{noise}, что {m.group(2)}"


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
    """A file that could not be read: recorded with its reason in Russian (the readers' own words go to
    the log), nothing else loaded."""
    name = shown_name(path.name)
    said = read_error_ru(reason)
    log.info("%s не прочитан: %s", name, reason)
    with writing(db) as con:
        log_attempt(con, name, None, "failed", said)
    return Result(name, "failed", said, reason)


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
                result = loaded(con, doc, ex)
        except Exception as e:
            yield key, e
            continue
        yield key, result


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
