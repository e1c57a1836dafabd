"""Connections, forward-only migrations recorded in the database, and the writer's sessions.

DuckDB lets one process write or many read, never both. So the writer alone opens the database file
and analysts read what warehouse/publish.py publishes beside it (a base copy plus Parquet deltas):
a session left open for hours never blocks ingestion, and sees new commits as they are published.
One process writes at a time, by design: every write connection is made here (``connect``, which
``writing`` and ``batch`` use) and holds srok's write lock (warehouse/write_lock.py); other writers
wait their turn. A burst of files is written through one connection (``batch``), still one
transaction per document, published at most every ``SROK_PUBLISH_SECONDS``."""
from __future__ import annotations

import logging
import os
import random
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from extractors.readers.processes import pid_alive
from warehouse.publish import deltas_root, literal, publish, snapshot_path as _snapshot_of
from warehouse.transaction import transaction
from warehouse.write_lock import WriteConnection, WriteLock

log = logging.getLogger("srok.db")
MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = "data/srok.duckdb"
PUBLISH_EVERY_S = float(os.environ.get("SROK_PUBLISH_SECONDS", "0.5"))   # analysts see a commit this much later at most
ROW_GROUP_ROWS = 16384          # see _writable
HOLD_S = 5.0                    # a burst lets the write lock go this often …
TURN_S = 1.0                    # … and this often when another writer waits: each turn costs a publish

_migrated: set[tuple[str, int]] = set()     # (file, inode) this process has migrated: no check per document
_publish_pause: dict[Path, tuple[float, float]] = {}   # database -> (next try, pause) after a failed publish
_local = threading.local()
# Analysts' sessions: no files but the published deltas, no extensions, and no way to turn that back
# on (issue 14: ATTACH … READ_WRITE, COPY TO and read_csv('/etc/passwd') wrote the register and read
# the machine). Set in this order: the allowed folder, then no external access, then the lock.
ANALYST_CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False,
                  "allow_community_extensions": False}


def db_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("SROK_DB") or DEFAULT_DB)


def snapshot_path(path: str | Path | None = None) -> Path:
    return _snapshot_of(db_path(path))


def lock_wait_s() -> float:
    """How long a writer waits for its turn while another process writes (SROK_DB_LOCK_WAIT, 30 s)."""
    try:
        return float(os.environ.get("SROK_DB_LOCK_WAIT", 30))
    except ValueError:
        return 30.0


def _writable(p: Path) -> duckdb.DuckDBPyConnection:
    """The writer's connection. Its row groups are ROW_GROUP_ROWS long, not DuckDB's 122,880: a query
    that wants one municipality's rows decompresses whole row groups, and at 10M obligations the sorted
    runs of municipality_obligations put that municipality into some twenty of them. DuckDB takes the
    size when a file is attached, not from the file, so every writer attaches it so."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {literal(p)} AS register (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
    except BaseException:
        con.close()
        raise
    con.execute("USE register")
    return con


def _open(p: Path, read_only: bool, wait_s: float | None) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + (lock_wait_s() if wait_s is None else wait_s)
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(p), read_only=True, config=ANALYST_CONFIG) if read_only else _writable(p)
        except duckdb.IOException as e:   # "Could not set lock on file": another process has it
            if "lock" not in str(e).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 1.0)


def for_analysts(path: str | Path | None = None, wait_s: float | None = None,
                 memory_mib: int | None = None) -> duckdb.DuckDBPyConnection:
    """The analysts' read-only connection: the published register (the database itself before the
    first publish). Every reader (`srok deadlines`, `srok sql`, the digest) opens it through here;
    ``memory_mib`` bounds its queries (set before the configuration is locked)."""
    snap = snapshot_path(path)
    p = snap if snap.exists() else db_path(path)
    if not p.exists():
        raise FileNotFoundError(f"no database at {db_path(path)}: run `srok ingest` first")
    con = _open(p, True, wait_s)
    deltas = str(deltas_root(db_path(path)).resolve()) + os.sep
    con.execute("SET allowed_directories = [$1]", [deltas])   # the Parquet deltas the views read
    if memory_mib:
        con.execute(f"SET memory_limit = '{int(memory_mib)}MiB'")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def connect(path: str | Path | None = None, read_only: bool = False,
            wait_s: float | None = None) -> WriteConnection | duckdb.DuckDBPyConnection:
    """A write connection to the database, migrated, holding srok's write lock until it is closed; or
    (read_only) the analysts' connection."""
    if read_only:
        return for_analysts(path, wait_s)
    p = db_path(path)
    lock = WriteLock(p)
    lock.acquire(lock_wait_s() if wait_s is None else wait_s)   # before DuckDB opens the file
    try:
        raw = _open(p, False, wait_s)
        try:
            con = WriteConnection(raw, lock, p)
        except BaseException:
            raw.close()
            raise
    except BaseException:
        lock.release()
        raise
    key = (str(p.resolve()), os.stat(p).st_ino)
    if key not in _migrated:   # once per process: migrations, and what a crashed writer left unpublished
        try:
            publish(con, p, force_base=bool(migrate(con)))
        except BaseException:
            con.close()
            raise
        _migrated.add(key)
    return con


class Writer:
    """One write connection kept across the documents of a burst. Each document remains its own
    transaction; analysts see a commit at most PUBLISH_EVERY_S later (and when the burst ends), and
    the connection is released every HOLD_S, or every TURN_S while another writer (the digest, `srok
    ingest`, a correction) waits for its turn."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = db_path(path)
        self.con: WriteConnection | None = None
        self.opened = self.published = 0.0
        self.unpublished = False
        self.opening: threading.Thread | None = None

    def open_ahead(self, warm: Callable[[], object] | None = None) -> None:
        """Opens the connection in a thread now (the write lock, migrations, the first publish: ~0.5 CPU
        s for a new register), then runs ``warm``, while the caller waits for its first document to be
        read, rather than after it. The first connection() waits for it; an error there is raised
        again by that connection() opening the register itself."""
        if self.con is not None or self.opening is not None:
            return

        def opening() -> None:
            try:
                self._connect()
                if warm is not None:
                    warm()
            except Exception:   # connection() says what went wrong, opening again in the caller's thread
                pass
        self.opening = threading.Thread(target=opening, daemon=True, name="open-register")
        self.opening.start()

    def _opened_ahead(self) -> None:
        """Waits for a connection open_ahead began (its error, if any, connection() meets again)."""
        if self.opening is not None:
            self.opening.join()
            self.opening = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        self._opened_ahead()
        return self._connect()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            self.con = connect(self.path)
            # a document's statements are small: one thread spares their coordination and leaves the
            # other core to the readers (publish_base takes every core back for its big copies)
            self.con.execute("SET threads = 1")
            self.opened = time.monotonic()
        return self.con

    def committed(self) -> None:
        self.unpublished = True
        now = time.monotonic()
        if now - self.published >= PUBLISH_EVERY_S:
            self.publish()
        held = now - self.opened
        if self.con is not None and (held >= HOLD_S or held >= TURN_S and self.con.waited_on()):
            self.release()

    def publish(self) -> str:
        if self.con is None or not self.unpublished:
            return "nothing"
        retry_at, pause = _publish_pause.get(self.path, (0.0, 0.0))
        if time.monotonic() < retry_at:
            return "later"
        try:
            done = publish(self.con, self.path)
        except (OSError, duckdb.Error) as e:   # committed all the same: published by a later try
            pause = min(max(2 * pause, 1.0), 60.0)
            _publish_pause[self.path] = (time.monotonic() + pause, pause)
            log.warning("the analysts' copy was not refreshed (%s); next try in %.0f s", str(e).splitlines()[0], pause)
            self.drop()   # a checkpoint that failed (a full disk) leaves DuckDB's database unusable
            return "failed"
        _publish_pause.pop(self.path, None)
        self.unpublished, self.published = False, time.monotonic()
        return done

    def release(self) -> None:
        """Publishes what is committed, closes the connection and lets the write lock go."""
        try:
            self.publish()
        finally:
            self.drop()

    def drop(self) -> None:
        """Closes the connection without publishing (what it committed goes out with the next publish)."""
        self._opened_ahead()   # a connection being opened ahead is closed too
        if self.con is not None:
            con, self.con = self.con, None
            con.close()


def _active() -> dict[Path, Writer]:
    if not hasattr(_local, "writers"):
        _local.writers = {}
    return _local.writers


@contextmanager
def batch(path: str | Path | None = None) -> Iterator[Writer]:
    """Within it, every ``writing`` on this database (in this thread) shares one Writer."""
    p = db_path(path).resolve()
    if p in _active():
        yield _active()[p]
        return
    w = _active()[p] = Writer(p)
    try:
        yield w
    finally:
        del _active()[p]
        w.release()


@contextmanager
def writing(path: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection for one document's transaction; its commit is published to analysts on
    leaving (at once, or debounced inside a ``batch``). A failed write lets the register go, its
    connection with it: DuckDB may have given up on it (a checkpoint that hit a full disk)."""
    with batch(path) as w:
        con = w.connection()
        try:
            yield con
        except BaseException:
            w.release()
            raise
        w.committed()


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Applies the migrations this database has not seen, in order; returns their versions."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")
    done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for path in sorted(MIGRATIONS.glob("*.sql")):
        version = int(path.name.split("_", 1)[0])
        if version in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            if version == 1:
                load_gazetteer(con)
            if version == 5:
                from warehouse.load import backfill_identity
                backfill_identity(con)
            if version == 30:
                from warehouse.load import backfill_signatures, merge_loaded_twins
                backfill_signatures(con)
                merge_loaded_twins(con)
            if version == 35:
                from warehouse.load import backfill_contents
                backfill_contents(con)
            if version == 36:
                from warehouse.load import name_bodies
                name_bodies(con)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, path.name])
        applied.append(version)
    if applied and isinstance(con, WriteConnection):
        con.seq_tables = None   # the schema changed: publishing looks its tables up again
    return applied


def load_gazetteer(con: duckdb.DuckDBPyConnection) -> None:
    from extractors.gazetteer import DATA
    con.execute("INSERT INTO regions SELECT oktmo_prefix, oktmo, name, type FROM read_csv(?, all_varchar=true)",
                [str(DATA / "regions.csv")])
    con.execute("INSERT INTO municipalities SELECT oktmo, region_name, name, type, short_name "
                "FROM read_csv(?, all_varchar=true) WHERE type <> 'внутригородская территория'",
                [str(DATA / "municipalities.csv")])


def clean_snapshot_temps(path: str | Path | None = None) -> list[Path]:
    """Removes publish leftovers of processes that died mid-copy (kill -9): base copies and delta
    folders named by a pid that no longer runs; returns them."""
    db = db_path(path)
    snap = snapshot_path(db)
    leftovers = [(t, t.name[len(snap.name) + 2:-4]) for t in snap.parent.glob(f".{snap.name}.*.tmp")]
    root = deltas_root(db)
    if root.is_dir():
        leftovers += [(t, t.name[1:].split(".", 1)[0]) for t in root.glob(".*.tmp")]
    removed = []
    for tmp, pid in leftovers:
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed

