"""Connections, forward-only migrations recorded in the database, and the analysts' snapshot.

DuckDB lets one process write or many read, never both. So the writer alone opens the database file,
for one document's transaction at a time, and after each commit publishes a copy beside it
(``srok.read.duckdb``) by an atomic rename. Analysts open that copy read-only: a session left open
for hours holds the old copy's inode and never blocks ingestion, and a new session sees every
committed document. Writers from several processes retry with backoff while one holds the file."""
from __future__ import annotations

import logging
import os
import random
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from extractors.readers.processes import pid_alive

log = logging.getLogger("srok.db")
MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = "data/srok.duckdb"
# Analysts' sessions: no files, no extensions, and no way to turn that back on (issue 14: ATTACH …
# READ_WRITE, COPY TO and read_csv('/etc/passwd') wrote the register and read the machine).
ANALYST_CONFIG = {"enable_external_access": False, "autoload_known_extensions": False,
                  "autoinstall_known_extensions": False, "allow_community_extensions": False,
                  "lock_configuration": True}


def db_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("SROK_DB") or DEFAULT_DB)


def snapshot_path(path: str | Path | None = None) -> Path:
    p = db_path(path)
    return p.with_name(p.stem + ".read" + p.suffix)


def _snapshot_temp(snap: Path, pid: int) -> Path:
    return snap.with_name(f".{snap.name}.{pid}.tmp")


def publish_snapshot(path: str | Path | None = None) -> Path:
    """Copies the (closed, checkpointed) database to the analysts' snapshot, atomically."""
    p, snap = db_path(path), snapshot_path(path)
    tmp = _snapshot_temp(snap, os.getpid())
    try:
        shutil.copyfile(p, tmp)
        os.replace(tmp, snap)
    except BaseException:   # a full disk or a kill: no half copy left beside the database
        tmp.unlink(missing_ok=True)
        raise
    return snap


def clean_snapshot_temps(path: str | Path | None = None) -> list[Path]:
    """Removes snapshot copies left by processes that died mid-copy (kill -9); returns them."""
    snap = snapshot_path(path)
    removed = []
    for tmp in snap.parent.glob(f".{snap.name}.*.tmp"):
        pid = tmp.name[len(snap.name) + 2:-4]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def lock_wait_s() -> float:
    """How long a writer waits for the file while another process holds it (SROK_DB_LOCK_WAIT, 30 s)."""
    try:
        return float(os.environ.get("SROK_DB_LOCK_WAIT", 30))
    except ValueError:
        return 30.0


def connect(path: str | Path | None = None, read_only: bool = False, wait_s: float | None = None) -> duckdb.DuckDBPyConnection:
    """A write connection to the database, or (read_only) a locked-down connection to the analysts'
    snapshot: read-only, no file access, no extensions (ANALYST_CONFIG)."""
    p = db_path(path)
    if read_only:
        p = snapshot_path(path) if snapshot_path(path).exists() else p
        if not p.exists():
            raise FileNotFoundError(f"no database at {db_path(path)}: run `srok ingest` first")
    p.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (lock_wait_s() if wait_s is None else wait_s)
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(p), read_only=True, config=ANALYST_CONFIG) if read_only else duckdb.connect(str(p))
            break
        except duckdb.IOException as e:   # "Could not set lock on file": another process has it
            if "lock" not in str(e).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 1.0)
    if not read_only:
        migrate(con)
    return con


@contextmanager
def writing(path: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short write connection; on leaving it, the commit is checkpointed and published to readers."""
    con = connect(path)
    try:
        yield con
        con.execute("CHECKPOINT")
    finally:
        con.close()
    try:
        publish_snapshot(path)
    except OSError as e:   # committed all the same; analysts see it with the next snapshot
        log.warning("the analysts' snapshot was not refreshed: %s", e)


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
        con.execute("BEGIN")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            if version == 1:
                load_gazetteer(con)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, path.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def load_gazetteer(con: duckdb.DuckDBPyConnection) -> None:
    from extractors.gazetteer import DATA
    con.execute("INSERT INTO regions SELECT oktmo_prefix, oktmo, name, type FROM read_csv(?, all_varchar=true)",
                [str(DATA / "regions.csv")])
    con.execute("INSERT INTO municipalities SELECT oktmo, region_name, name, type, short_name "
                "FROM read_csv(?, all_varchar=true) WHERE type <> 'внутригородская территория'",
                [str(DATA / "municipalities.csv")])
