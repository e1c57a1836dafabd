"""The rows of `municipality_obligations` (migration 025): written for the loads since the last publish
at once, before publishing (migration 037), kept in sorted runs.

A load appends its rows at the end of the table, so a municipality's rows would end up spread over
every row group, and DuckDB decompresses every column of a row group that holds one match. Rows are
kept in runs sorted by region and municipality (their OKTMO codes) instead: when the unsorted tail
(loads since the last sort) reaches CLUSTER_ROWS, the writer rewrites the tail alone, sorted, in one
transaction, before a new base for analysts. A run spans several row groups, each holding a narrow
range of codes, so zone maps skip the row groups of other places. A sort costs the tail, never the
register; the query reads about one row group per run plus the tail."""
from __future__ import annotations

import os

import duckdb

from warehouse.transaction import transaction

TABLE = "municipality_obligations"
CLUSTER_ROWS = int(os.environ.get("SROK_CLUSTER_ROWS", "1000000"))   # unsorted rows before the tail is sorted
ORDER = "region_oktmo, oktmo NULLS FIRST, load_seq, doc_id, ob_no, body_no"


def write_pending(con: duckdb.DuckDBPyConnection) -> int:
    """The rows of every load since the last call (a load, a reload, a task renumbered by a correction),
    in one transaction; returns the loads' count. Publishing calls it before it exports, so analysts never
    see a document without its municipality rows: a statement per load cost ~7 ms, most of it DuckDB
    planning the view, a statement for a burst costs about the same. A load replacing rows deletes its
    old ones itself."""
    upto = con.execute("SELECT upto FROM _written WHERE table_name = ?", [TABLE]).fetchone()[0]
    loads, top = con.execute("SELECT count(*), max(load_seq) FROM documents WHERE load_seq > ?", [upto]).fetchone()
    if not loads:
        return 0
    with transaction(con):
        con.execute(f"INSERT INTO {TABLE} BY NAME SELECT * FROM _municipality_rows "
                    f"WHERE load_seq > {int(upto)} AND load_seq <= {int(top)}")
        con.execute("UPDATE _written SET upto = ? WHERE table_name = ?", [top, TABLE])
    return loads


def cluster(con: duckdb.DuckDBPyConnection, at_least: int | None = None) -> int:
    """Sorts the unsorted tail when it holds ``at_least`` rows (CLUSTER_ROWS); returns the rows sorted
    (0 when left alone). The rows stay the same (load_seq included), so there is nothing to publish."""
    at_least = CLUSTER_ROWS if at_least is None else at_least
    upto = con.execute("SELECT upto FROM _clustered WHERE table_name = ?", [TABLE]).fetchone()[0]
    tail, top = con.execute(f"SELECT count(*), max(load_seq) FROM {TABLE} WHERE load_seq > ?", [upto]).fetchone()
    if not tail or tail < at_least:
        return 0
    with transaction(con):
        con.execute(f"CREATE TEMP TABLE _tail AS SELECT * FROM {TABLE} WHERE load_seq > ? AND load_seq <= ? "
                    f"ORDER BY {ORDER}", [upto, top])
        con.execute(f"DELETE FROM {TABLE} WHERE load_seq > ? AND load_seq <= ?", [upto, top])
        con.execute(f"INSERT INTO {TABLE} SELECT * FROM _tail")
        con.execute("DROP TABLE _tail")
        con.execute("UPDATE _clustered SET upto = ? WHERE table_name = ?", [top, TABLE])
    return tail
