"""Connections and forward-only migrations recorded in the database.

DuckDB lets one process write or many read, never both. Writers hold a connection only for one
document's transaction and retry with backoff while another process holds the file, so an analyst's
short query delays ingestion instead of failing it."""
from __future__ import annotations

import os
import random
import time
from pathlib import Path

import duckdb

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = "data/srok.duckdb"


def db_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("SROK_DB") or DEFAULT_DB)


def connect(path: str | Path | None = None, read_only: bool = False, wait_s: float = 30.0) -> duckdb.DuckDBPyConnection:
    p = db_path(path)
    if read_only and not p.exists():
        raise FileNotFoundError(f"no database at {p}: run `srok ingest` first")
    p.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(p), read_only=read_only)
            break
        except duckdb.IOException as e:   # "Could not set lock on file": another process has it
            if "lock" not in str(e).lower() or time.monotonic() > deadline:
                raise
            time.sleep(delay + random.random() * delay)
            delay = min(delay * 2, 1.0)
    if not read_only:
        migrate(con)
    return con


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
