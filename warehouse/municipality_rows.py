"""The rows of `municipality_obligations` (migration 025): written by each load, kept clustered by place.

A load appends its rows at the end of the table, so a municipality's rows end up spread over every
row group and the municipality query would read them all. Rows are kept in sorted runs instead: when
the unsorted tail (loads since the last sort) reaches CLUSTER_ROWS, the writer rewrites the tail
alone, sorted by place, in one transaction. Zone maps then find a municipality's rows in each run
and the tail stays small; the cost is the tail's, never the register's."""
from __future__ import annotations

import os

import duckdb

TABLE = "municipality_obligations"
CLUSTER_ROWS = int(os.environ.get("SROK_CLUSTER_ROWS", "200000"))   # unsorted rows before the tail is sorted


def write(con: duckdb.DuckDBPyConnection, doc_id: str, seq: int) -> None:
    """A document's rows, from what its load (number ``seq``) just wrote, inside the load's transaction."""
    con.execute(f"INSERT INTO {TABLE} BY NAME SELECT * FROM _municipality_rows WHERE load_seq = ? AND doc_id = ?",
                [seq, doc_id])


def cluster(con: duckdb.DuckDBPyConnection, at_least: int | None = None) -> int:
    """Sorts the unsorted tail by place when it holds ``at_least`` rows (CLUSTER_ROWS); returns the rows
    sorted (0 when left alone). The rows stay the same (load_seq included), so nothing is published."""
    at_least = CLUSTER_ROWS if at_least is None else at_least
    upto = con.execute("SELECT upto FROM _clustered WHERE table_name = ?", [TABLE]).fetchone()[0]
    tail, top = con.execute(f"SELECT count(*), max(load_seq) FROM {TABLE} WHERE load_seq > ?", [upto]).fetchone()
    if not tail or tail < at_least:
        return 0
    con.execute("BEGIN")
    try:
        con.execute(f"CREATE TEMP TABLE _tail AS SELECT * FROM {TABLE} WHERE load_seq > ? AND load_seq <= ? "
                    "ORDER BY place, load_seq, doc_id, ob_no", [upto, top])
        con.execute(f"DELETE FROM {TABLE} WHERE load_seq > ? AND load_seq <= ?", [upto, top])
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM _tail")
        con.execute("DROP TABLE _tail")
        con.execute("UPDATE _clustered SET upto = ? WHERE table_name = ?", [top, TABLE])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return tail
