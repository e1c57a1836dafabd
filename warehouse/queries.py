"""The analysts' questions, with forgiving names and a clear error for an unknown one."""
from __future__ import annotations

import datetime as dt
import difflib
import re

import duckdb

from extractors.gazetteer import Municipality, Region, gazetteer

STATUSES = ("pending", "done", "overdue")


class QueryError(ValueError):
    """A query parameter that names nothing, or names it ambiguously; the message says what would."""


def resolve_municipality(name: str) -> Municipality:
    g = gazetteer()
    found = g.search_municipalities(name)
    q = name.lower()
    if len(found) > 1:   # "Томский район" vs "город Томск": let the query's own type word decide
        wants_city = bool(re.search(r"(^|\s)(г\.|город|го\b)", q))
        wants_district = "район" in q or q.startswith("мр")
        typed = [m for m in found if (wants_city and m.type == "городской округ") or
                 (wants_district and m.type == "муниципальный район")]
        found = typed or found
    if len(found) == 1:
        return found[0]
    names = sorted({m.short_name for m in g.municipalities})
    if not found:
        close = difflib.get_close_matches(name, names, n=5, cutoff=0.6)
        raise QueryError(f"unknown municipality {name!r}" + (f"; did you mean: {', '.join(close)}?" if close else ""))
    raise QueryError(f"{name!r} is ambiguous: " + "; ".join(f"{m.short_name} ({m.region})" for m in found[:8]))


def resolve_region(name: str) -> Region:
    g = gazetteer()
    q = name.lower().strip()
    for r in g.regions:
        if r.name.lower() == q or any(q.startswith(s) for s in r.stems if len(s) > 3):
            return r
    close = difflib.get_close_matches(name, [r.name for r in g.regions], n=5, cutoff=0.5)
    raise QueryError(f"unknown region {name!r}" + (f"; did you mean: {', '.join(close)}?" if close else ""))


def deadlines(con: duckdb.DuckDBPyConnection, *, municipality: str | None = None, region: str | None = None,
              body: str | None = None, status: str | None = None, date_from: dt.date | None = None,
              date_to: dt.date | None = None, as_of: dt.date | None = None) -> list[dict]:
    """Every deadline, one row per obligation and responsible body (per municipality when asked for one)."""
    as_of = as_of or dt.date.today()
    if status and status not in STATUSES:
        raise QueryError(f"unknown status {status!r}: choose one of {', '.join(STATUSES)}")
    view = "v_municipality_obligations" if municipality else "v_obligations"
    where, params = [], [as_of, as_of]
    if municipality:
        m = resolve_municipality(municipality)
        where.append("municipality = ? AND region = ?")
        params += [m.short_name, m.region]
    if region:
        where.append("region = ?")
        params.append(resolve_region(region).name)
    if body:
        where.append("body ILIKE ?")
        params.append(f"%{body}%")
    if date_from:
        where.append("coalesce(deadline_end, deadline_start) >= ?")
        params.append(date_from)
    if date_to:
        where.append("coalesce(deadline_start, deadline_end) <= ?")
        params.append(date_to)
    sql = f"""
        SELECT * FROM (
            SELECT region, municipality, body, scope, item, quote, deadline_raw, deadline_start, deadline_end,
                   CASE WHEN status = 'done' THEN 'done' WHEN deadline_end < ? THEN 'overdue' ELSE 'pending' END
                       AS status,
                   CASE WHEN status = 'done' THEN NULL ELSE deadline_end - ? END AS days_left,
                   doc_type, reg_number, reg_date, file_name, locator, confidence
            FROM {view}
            {"WHERE " + " AND ".join(where) if where else ""}
        ) {"WHERE status = ?" if status else ""}
        ORDER BY deadline_end NULLS LAST, file_name, item"""
    if status:
        params.append(status)
    cur = con.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def digest_rows(con: duckdb.DuckDBPyConnection, as_of: dt.date, days: int) -> list[dict]:
    """Pending obligations overdue or due within ``days`` of ``as_of``, one row per responsible body."""
    cur = con.execute("""
        SELECT doc_id, ob_no, region, municipality, body, scope, item, quote, deadline_raw, deadline_start,
               deadline_end, deadline_kind, recurrence, doc_type, reg_number, reg_date, file_name,
               deadline_end - ? AS days_left
        FROM v_obligations
        WHERE status <> 'done' AND deadline_end IS NOT NULL AND deadline_end <= ?
        ORDER BY region NULLS LAST, municipality NULLS FIRST, body, deadline_end, file_name, ob_no""",
                      [as_of, as_of + dt.timedelta(days=days)])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def already_notified(con: duckdb.DuckDBPyConnection, for_date: dt.date) -> set[tuple[str, str, int]]:
    return set(con.execute("SELECT recipient, doc_id, ob_no FROM notifications WHERE for_date = ?",
                           [for_date]).fetchall())


def review_rows(con: duckdb.DuckDBPyConnection, below: float) -> list[dict]:
    """Obligations a person should check: confidence under ``below``, with why and where."""
    cur = con.execute("""
        SELECT o.confidence, array_to_string(o.reasons, '; ') AS reasons, o.text AS quote, o.number AS item,
               d.file_name, o.locator, o.deadline_raw
        FROM obligations o JOIN documents d USING (doc_id)
        WHERE d.superseded_by IS NULL AND o.confidence < ?
        ORDER BY o.confidence, d.file_name, o.ob_no""", [below])
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]
