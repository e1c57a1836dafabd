"""One transaction on a DuckDB connection, the writer's unit of work."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import duckdb


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT; ROLLBACK when the block (or the commit) fails, and the error goes on."""
    con.execute("BEGIN")
    try:
        yield con
        con.execute("COMMIT")
    except Exception:
        try:
            con.execute("ROLLBACK")
        except duckdb.TransactionException:
            pass   # a commit that failed (a full disk) ended the transaction itself: its own error goes on
        raise
