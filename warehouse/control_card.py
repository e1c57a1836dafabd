"""A request's control card: who must answer it (every municipality a region-wide task binds, each body
it names), who answered (on time, late), who has not; and, task by task, what each one reported."""
from __future__ import annotations

import datetime as dt
import re

import duckdb

from warehouse.queries import QueryError
from warehouse.vocabulary import parse_date

REQUEST = re.compile(r"^\s*(?:№\s*(?P<n1>\S+)\s+от\s+(?P<d1>[\d./-]+)|от\s+(?P<d2>[\d./-]+)\s*(?:г\.?\s*)?№\s*(?P<n2>\S+))"
                     r"\s*(?:г\.?)?\s*$", re.I)


def parse_request(text: str) -> tuple[str, dt.date]:
    """"№ 03-15/412 от 10.02.2026" (or "от 10.02.2026 № 03-15/412") -> (number, date)."""
    m = REQUEST.match(text)
    if not m:
        raise QueryError(f"--request wants \"№ NUMBER от DD.MM.YYYY\", got {text!r}")
    number, day = (m["n1"], m["d1"]) if m["n1"] else (m["n2"], m["d2"])
    try:
        return number, parse_date(day)
    except ValueError as e:
        raise QueryError(f"--request: {e}") from None


def control_cards(con: duckdb.DuckDBPyConnection, number: str, day: dt.date, as_of: dt.date) -> list[dict]:
    """The control card of each current document registered under ``number`` and ``day`` (one, as a rule)."""
    docs = con.execute("SELECT doc_id FROM documents WHERE reg_number = ? AND reg_date = ? AND superseded_by IS NULL "
                       "ORDER BY doc_id", [number, day]).fetchall()
    if not docs:
        raise QueryError(f"no loaded document № {number} от {day:%d.%m.%Y}")
    return [control_card(con, d, as_of) for (d,) in docs]


def control_card(con: duckdb.DuckDBPyConnection, doc_id: str, as_of: dt.date) -> dict | None:
    """A request's places (who must answer) with their answer — on time, late, none — and each task's
    rows as of ``as_of`` (a recurring task's open occurrences), with the counts."""
    doc = con.execute("SELECT doc_id, file_name, doc_type, reg_number, reg_date, sender_name FROM documents "
                      "WHERE doc_id = ?", [doc_id]).fetchone()
    if doc is None:
        return None
    card = dict(zip(("doc_id", "file_name", "doc_type", "reg_number", "reg_date", "sender_name"), doc))
    # a place answered when a reply to any of its tasks is linked; late when one came after its term
    places = con.execute("""
        SELECT v.place, v.region, min(a.reply_date) AS reply_date,
               bool_or(a.reply_date > coalesce(a.occurrence, v.deadline_end)) AS late,
               string_agg(DISTINCT a.reply_file, ', ' ORDER BY a.reply_file) AS replies
        FROM v_assignments v LEFT JOIN answers a
          ON a.doc_id = v.doc_id AND a.task_key = v.task_key
         AND answer_matches(a.region, a.municipality, a.body_key, v.region, v.municipality, v.body_key)
        WHERE v.doc_id = ? GROUP BY ALL ORDER BY v.region, v.place""", [doc_id]).fetchall()
    card["places"] = [{"place": p, "region": r, "reply_date": when, "replies": files,
                       "answered": None if when is None else "late" if late else "on_time"}
                      for p, r, when, late, files in places]
    cur = con.execute("""
        SELECT place, task_key, item, quote, deadline_end, recurrence, status, answer, reply_file, reply_date, reply_late
        FROM rows_as_of('v_assignments', ?::DATE) WHERE doc_id = ?
        ORDER BY ob_no, deadline_end, place""", [as_of, doc_id])
    cols = [c[0] for c in cur.description]
    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    for p in card["places"]:
        p["tasks"] = [r for r in rows if r["place"] == p["place"]]
    card["tasks"] = list({r["task_key"]: {"task_key": r["task_key"], "item": r["item"], "quote": r["quote"]}
                          for r in rows}.values())
    card["counts"] = {"must": len(places), "on_time": sum(p["answered"] == "on_time" for p in card["places"]),
                      "late": sum(p["answered"] == "late" for p in card["places"]),
                      "none": sum(p["answered"] is None for p in card["places"]),
                      "not_done": sum(r["answer"] == "pending" for r in rows)}
    card["as_of"] = as_of
    return card
