"""An analyst's own SQL (`srok sql`): one SELECT on the locked-down snapshot connection, nothing else.

The statement type comes from DuckDB's own parser, so `ATTACH`, `COPY`, `INSTALL`/`LOAD`, `PRAGMA`,
`SET`, `CALL` and DML are refused before they run however they are spelled; what a SELECT could still
reach (read_csv, read_text, read_blob, glob, ATTACH through a function) is refused by the connection
itself (warehouse.db.ANALYST_CONFIG).

A query is stopped by interrupting its cursor: at the time limit (a timer thread) or at Ctrl-C (a
SIGINT handler of its own while the query runs; DuckDB's would raise a bare RuntimeError). Its
memory is bounded by the connection's memory_limit."""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Callable, Iterator

import duckdb

ALLOWED = {duckdb.StatementType.SELECT}
FETCH_ROWS = 10_000   # rows turned into Python at a time: a stop is heard between them


class RefusedQuery(ValueError):
    """A query srok sql will not run; the message says why."""


class QueryStopped(Exception):
    """A query stopped before its end; the message, in Russian, says why."""


class TimedOut(QueryStopped):
    pass


class Interrupted(QueryStopped):
    """Ctrl-C (SIGINT)."""


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


def run_select(con: duckdb.DuckDBPyConnection, query: str,
               timeout_s: float | None = None) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one SELECT; RefusedQuery when it is not one, or when it reaches for
    files or extensions; TimedOut after ``timeout_s`` seconds, Interrupted at Ctrl-C."""
    check_select(query)
    cur = con.cursor()   # DuckDB refuses to interrupt a connection busy with a query, not its cursor
    why: list[QueryStopped] = []

    def stop(reason: QueryStopped) -> None:
        why.append(reason)
        with contextlib.suppress(duckdb.Error):   # between two fetches there is nothing to interrupt
            cur.interrupt()

    timer = threading.Timer(timeout_s, stop, [TimedOut(f"запрос остановлен: он шёл дольше {timeout_s:g} с")]) \
        if timeout_s else None
    with _on_ctrl_c(lambda *_: stop(Interrupted("запрос прерван (Ctrl-C)"))):
        try:
            if timer:
                timer.start()
            cur.execute(query)
            cols, rows = [c[0] for c in cur.description], []
            while not why and (chunk := cur.fetchmany(FETCH_ROWS)):
                rows.extend(chunk)
        except duckdb.InterruptException:
            if not why:
                raise
        except duckdb.PermissionException as e:
            raise RefusedQuery(f"files and extensions are out of reach here ({first_line(e)})") from None
        finally:
            if timer:
                timer.cancel()
            cur.close()
    if why:
        raise why[0]
    return cols, rows


@contextlib.contextmanager
def _on_ctrl_c(handler: Callable) -> Iterator[None]:
    """``handler`` for SIGINT meanwhile (only the main thread can set one)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
