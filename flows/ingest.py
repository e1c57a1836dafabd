"""Ingesting files: stage, read and extract (in the bounded workers, side by side), load here in the
order the files came, the documents already read when the writer is free sharing one transaction.
Plain functions; the watcher, the CLI and the Prefect flows call these."""
from __future__ import annotations

import logging
import os
import re
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Hashable, Iterable, Iterator, TypeVar

from extractors.readers import ReadError
from extractors.readers.isolated import read_and_extract_many
from flows.ready_groups import ready_groups
from flows.safe_names import shown_name
from flows.staging import private_folder, stage
from schemas.document import Document
from schemas.extraction import Extraction
from warehouse.db import writing
from warehouse.load import load_into, log_attempt
from warehouse.transaction import transaction
from warehouse.vocabulary import OUTCOME_RU, plural, read_error_ru

SUFFIXES = {".docx", ".pdf", ".txt", ".doc", ".rtf", ".odt"}
# documents at most in one transaction (each commit costs ~3 ms CPU and an fdatasync); the readers
# hold at most two documents each ahead of the writer, which bounds a group first
GROUP = 16
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
    """Loads one document in its own transaction; see loaded_into."""
    with transaction(con):
        return loaded_into(con, doc, ex)


def loaded_into(con, doc: Document, ex: Extraction) -> Result:
    """Loads one document inside the caller's transaction and says what came of it: the tasks loaded,
    or for a duplicate nothing and the file it repeats."""
    outcome = load_into(con, doc, ex)
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
    with writing(db) as con:
        return failed_into(con, path, reason)


def failed_into(con, path: Path, reason: str) -> Result:
    """record_failure inside the caller's transaction."""
    name = shown_name(path.name)
    said = read_error_ru(reason)
    log.info("%s не прочитан: %s", name, reason)
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
    several side by side, and loaded here in the items' order, those already read when the writer is
    free in one transaction (load_group). Yields (key, Result), a file that cannot be read being
    recorded with its reason and never half-loaded; or (key, the exception) when loading failed (the
    database busy, the disk full) and nothing of it was committed. Items are drawn only as workers
    free up, so a caller may stage them lazily."""
    origins: dict[K, Path] = {}

    def jobs():
        for key, copy, origin in items:
            origins[key] = origin
            yield key, copy

    with closing(ready_groups(lambda asked: read_and_extract_many(asked, readers), jobs(), GROUP)) as groups:
        for group in groups:
            yield from load_group([(key, origins.pop(key), got) for key, got in group], db)


def load_group(group: list[tuple[K, Path, "tuple[Document, Extraction] | ReadError"]],
               db: str | Path | None = None) -> Iterator[tuple[K, Result | Exception]]:
    """(key, dropped file, what reading it gave) …, in order, in one transaction: a document sees those
    before it (the second of two identical files is a duplicate), and readers see them all at once. When
    any fails, or the commit does, nothing of the group is committed and each is loaded again in its own
    transaction, so only the one failing gets its exception. A register that cannot be opened (busy)
    is the first one's failure, as it would be loaded alone."""
    opened = False
    if len(group) > 1:
        try:
            with writing(db) as con, transaction(con):
                opened = True
                results = [outcome_into(con, origin, got) for _, origin, got in group]
        except Exception as e:
            if not opened:
                yield group[0][0], e
                group = group[1:]
            log.info("%d documents loaded together failed (%s); loading them one by one", len(group), e)
        else:
            yield from ((key, r) for (key, _, _), r in zip(group, results))
            return
    for key, origin, got in group:
        try:
            with writing(db) as con, transaction(con):
                result = outcome_into(con, origin, got)
        except Exception as e:
            yield key, e
            continue
        yield key, result


def outcome_into(con, origin: Path, got: "tuple[Document, Extraction] | ReadError") -> Result:
    """What reading a file gave, written inside the caller's transaction: its document loaded, or the
    reason it could not be read recorded."""
    if isinstance(got, ReadError):
        return failed_into(con, origin, str(got))
    doc, ex = got
    return loaded_into(con, with_origin(doc, origin), ex)


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
