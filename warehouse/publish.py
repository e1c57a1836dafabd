"""Publishing commits to the analysts at a cost that does not grow with the register.

DuckDB lets one process write or many read, never both, so analysts read a published copy, never
the writer's file. Copying the whole file per commit costs 0.7 ms per MiB (seconds at 10M
obligations), so the copy is refreshed rarely and everything committed since travels as Parquet:

    srok.read.duckdb               the base: a copy of srok.duckdb whose row tables are views
    srok.read.d/<gen>/live/<seq>/T.parquet   rows of table T with load_seq above the previous <seq>
                                             (only the tables that have such rows; the base's first
                                             folder holds every table, empty)

``<gen>`` is the base file's inode number, so the base and the folder its views read can never
disagree, whatever a kill -9 interrupts: a delta folder appears by one atomic rename, and the base
by another. Each view reads ``<gen>/live/*/T.parquet`` at query time, so a session left open sees new
deltas too, and the base's table ``_base_T`` minus the documents a delta reloaded. ``live`` is a
symlink to the generation's current version, which warehouse/deltas.py swaps when it merges the
folders into one, so that a query never opens more than a few of them.

The writer's database stays the truth: what a crash left unpublished is exported by the next
publish from any process, because the watermark (the largest ``<seq>`` folder) lives beside the data.
The base is copied through the descriptor the writer's connection keeps (warehouse/write_lock.py): a
descriptor of its own, once closed, would drop DuckDB's lock on the file while the writer works.
"""
from __future__ import annotations

import logging
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse import deltas, municipality_rows
from warehouse.deltas import literal
from warehouse.write_lock import WriteConnection, copy_database

BASE_AFTER_DELTAS = int(os.environ.get("SROK_BASE_AFTER_DELTAS", "64"))   # publishes before a new base
KEEP_OLD_GENERATIONS_S = 3600.0   # a session on an old base keeps reading its deltas this long
log = logging.getLogger("srok.publish")


def snapshot_path(db: Path) -> Path:
    return db.with_name(db.stem + ".read" + db.suffix)


def deltas_root(db: Path) -> Path:
    return db.with_name(db.stem + ".read.d")


def seq_tables(con: duckdb.DuckDBPyConnection) -> dict[str, bool]:
    """Tables published incrementally, those with a load_seq column -> whether they hold a document's
    rows (a reload replaces them) rather than append-only rows numbered by their own nextval
    (ingest_log, notifications). A writer's connection keeps the answer: the schema changes only by
    migrations, which run when it is opened, before its first publish (warehouse.db.connect)."""
    known = getattr(con, "seq_tables", None) if isinstance(con, WriteConnection) else None
    if known is not None:
        return known
    rows = con.execute("SELECT table_name, column_default FROM information_schema.columns WHERE table_schema = 'main' "
                       "AND table_catalog = current_database() AND column_name = 'load_seq' "
                       "AND table_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY 1").fetchall()
    out = {t: "nextval" not in (default or "") for t, default in rows}
    if isinstance(con, WriteConnection):
        con.seq_tables = out
    return out


def _generation(db: Path) -> Path | None:
    """The delta folder the current base's views read, or None when there is no usable base."""
    snap = snapshot_path(db)
    try:
        gen = deltas_root(db) / str(os.stat(snap).st_ino)
    except FileNotFoundError:
        return None
    return gen if deltas.live(gen).is_dir() else None   # a base from before the live version: a new one


def _top(con: duckdb.DuckDBPyConnection, tables: dict[str, bool]) -> int:
    """The largest load_seq committed: a document's rows share its changed_seq, so only documents and
    the append-only tables need scanning (small ones), never the per-document row tables."""
    parts = ["SELECT max(changed_seq) FROM documents"] + [
        f"SELECT max(load_seq) FROM {t}" for t, per_document in tables.items() if not per_document]
    return con.execute(f"SELECT coalesce(max(m), 0) FROM ({' UNION ALL '.join(parts)}) AS t(m)").fetchall()[0][0]


def _export(con: duckdb.DuckDBPyConnection, tables: dict[str, bool], above: int, folder: Path,
            every: bool = False) -> None:
    """The rows above ``above`` of each table into ``folder``: only the tables that have such rows (a
    burst of loads writes no corrections, notifications or entities; an empty file costs the writer a
    COPY and every query of its table a file to open), or ``every`` table, empty ones too (a new base's
    first folder: each view's files then always match, with the schema)."""
    def seq(table: str) -> str:
        return "changed_seq" if table == "documents" else "load_seq"
    if not every:
        counted = con.execute(" UNION ALL ".join(
            f"SELECT {literal(t)}, count(*) FROM (SELECT 1 FROM {t} WHERE {seq(t)} > {above:d} LIMIT 1)"
            for t in tables)).fetchall()
        tables = {t: tables[t] for t, n in counted if n}
    for table in tables:
        con.execute(f"COPY (SELECT * FROM {table} WHERE {seq(table)} > {above:d}) "
                    f"TO {literal(folder / (table + '.parquet'))} (FORMAT parquet)")


def publish(con: WriteConnection, db: Path, force_base: bool = False) -> str:
    """Makes every commit in ``con`` visible to new and open analyst sessions. Returns what it did:
    'delta', 'base' or 'nothing'. Must be called by the writer, between transactions."""
    municipality_rows.write_pending(con)
    gen = None if force_base else _generation(db)
    if gen is None:
        publish_base(con, db)
        return "base"
    above, published = deltas.watermark(gen)
    tables = seq_tables(con)
    top = _top(con, tables)
    if top <= above:
        return "nothing"
    if published + 1 >= BASE_AFTER_DELTAS:
        publish_base(con, db)
        return "base"
    tmp = deltas_root(db) / f".{os.getpid()}.{top}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        _export(con, tables, above, tmp)
        os.rename(tmp, deltas.live(gen) / str(top))   # the commit point: a reader's glob sees all of it or none
    except BaseException:                # (a full disk: its part would keep the disk full)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    try:
        deltas.merge(con, gen)
    except (OSError, duckdb.Error) as e:   # published all the same; the next publish merges again
        log.warning("the deltas were not merged (%s)", str(e).splitlines()[0])
    return "delta"


@contextmanager
def every_core(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's own thread count for a big statement on a connection the writer keeps at one thread."""
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    con.execute("RESET threads")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(threads)}")


def publish_base(con: WriteConnection, db: Path) -> None:
    """A new base: the checkpointed file copied, its row tables turned into views over base + deltas.
    The municipality rows' unsorted tail is sorted first when it has grown (the base gets the run)."""
    with every_core(con):
        _publish_base(con, db)


def _publish_base(con: WriteConnection, db: Path) -> None:
    municipality_rows.write_pending(con)
    municipality_rows.cluster(con)
    con.execute("CHECKPOINT")
    tables = seq_tables(con)
    top = _top(con, tables)
    snap, root = snapshot_path(db), deltas_root(db)
    root.mkdir(exist_ok=True)
    for stale in snap.parent.glob(f".{snap.name}.*.tmp"):   # left by a publish a crash interrupted
        stale.unlink(missing_ok=True)
    tmp = snap.with_name(f".{snap.name}.{os.getpid()}.tmp")
    try:
        copy_database(con, tmp)
        gen = root / str(os.stat(tmp).st_ino)
        shutil.rmtree(gen, ignore_errors=True)   # an inode number reused from a deleted base
        _export(con, tables, top, deltas.start(gen, top), every=True)   # empty files: the views' globs always match
        with duckdb.connect(str(tmp)) as base:
            for table, per_document in tables.items():
                for (index,) in base.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = ?",
                                             [table]).fetchall():   # the writer's lookups, not the analysts'; and
                    base.execute(f"DROP INDEX \"{index}\"")          # DuckDB renames no table that has one
                base.execute(f"ALTER TABLE {table} RENAME TO _base_{table}")
                base.execute(f"CREATE VIEW {table} AS {_view_sql(table, per_document, gen, top)}")
            base.execute("CHECKPOINT")
        os.replace(tmp, snap)
    except BaseException:   # a partial copy left on a full disk would keep it full
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    _remove_old_generations(root, keep=gen)


def _view_sql(table: str, per_document: bool, gen: Path, base_top: int) -> str:
    delta = f"read_parquet({literal(deltas.live(gen) / '*' / (table + '.parquet'))}, union_by_name = true)"
    docs = f"read_parquet({literal(deltas.live(gen) / '*' / 'documents.parquet')}, union_by_name = true)"
    if table == "documents":   # the newest row of each document changed since the base
        return (f"WITH delta AS (SELECT * FROM {docs} QUALIFY changed_seq = max(changed_seq) OVER (PARTITION BY doc_id)) "
                f"SELECT * FROM _base_documents WHERE doc_id NOT IN (SELECT doc_id FROM delta) "
                f"UNION ALL BY NAME SELECT * FROM delta")
    if not per_document:       # append-only
        return f"SELECT * FROM _base_{table} UNION ALL BY NAME SELECT * FROM {delta}"
    # rows of the last load of each document (re)loaded since the base replace the base's rows
    return (f"WITH loads AS (SELECT doc_id, max(load_seq) AS load_seq FROM {docs} WHERE load_seq > {base_top:d} "
            f"GROUP BY doc_id) "
            f"SELECT * FROM _base_{table} WHERE doc_id NOT IN (SELECT doc_id FROM loads) "
            f"UNION ALL BY NAME SELECT * FROM {delta} WHERE (doc_id, load_seq) IN (SELECT doc_id, load_seq FROM loads)")


def _remove_old_generations(root: Path, keep: Path) -> None:
    now = time.time()
    for p in root.iterdir():
        if p == keep:
            continue
        try:
            old = now - p.stat().st_mtime > KEEP_OLD_GENERATIONS_S
        except FileNotFoundError:
            continue
        if old or p.name.endswith(".tmp"):
            shutil.rmtree(p, ignore_errors=True)
