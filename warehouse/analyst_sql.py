"""An analyst's own SQL (`srok sql`): one SELECT on the locked-down snapshot connection, nothing else.

The statement type comes from DuckDB's own parser, so `ATTACH`, `COPY`, `INSTALL`/`LOAD`, `PRAGMA`,
`SET`, `CALL` and DML are refused before they run however they are spelled; what a SELECT could still
reach (read_csv, read_text, read_blob, glob, ATTACH through a function) is refused by the connection
itself (warehouse.db.ANALYST_CONFIG)."""
from __future__ import annotations

import duckdb

ALLOWED = {duckdb.StatementType.SELECT}


class RefusedQuery(ValueError):
    """A query srok sql will not run; the message says why."""


def check_select(query: str) -> str:
    """The query when it is exactly one SELECT statement; RefusedQuery otherwise."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as e:
        raise RefusedQuery(f"cannot parse the query: {first_line(e)}") from None
    if len(statements) != 1:
        raise RefusedQuery(f"one SELECT statement at a time, got {len(statements)} statements")
    kind = statements[0].type
    if kind not in ALLOWED:
        raise RefusedQuery(f"only SELECT queries are allowed, not {kind.name} (the register is read-only here)")
    return query


def run_select(con: duckdb.DuckDBPyConnection, query: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one SELECT; RefusedQuery when it is not one, or when it reaches for
    files or extensions."""
    try:
        cur = con.execute(check_select(query))
    except duckdb.PermissionException as e:
        raise RefusedQuery(f"files and extensions are out of reach here ({first_line(e)})") from None
    return [c[0] for c in cur.description], cur.fetchall()


def first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
