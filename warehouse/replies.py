"""Replies answer requests. A loaded document whose "на № … от …" names a loaded request (its
registration number and date) answers that request's rows for the body that sent it: a region-wide
task for the sender's municipality, a body's task for the body's municipality (or, for a body of no
municipality, a sender of its name). A reply that reports item by item (its own obligations carry
the status done, "Исполнено" in a filled column) closes the items it reports done and leaves open
those it reports not done; a reply that does not report items answers every row of its body.

The links are computed for a whole request at once, from every reply to it, and written as the
request's `answers` rows (migration 040), whenever the request or a reply to it is loaded, in either
order, and when a person undoes a link (a `reply` correction, which no later load overrides). A
recurring task's occurrences are answered one by one: a reply answers the occurrence before its
date while that one is open for its body (late), else the next one (on time)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from warehouse.identity import body_key
from warehouse.transaction import transaction

CLOSED = ("answered", "done")
STEM = 5                   # letters of a word compared when matching a reported item to a task
SAME_ITEM = 0.3            # word overlap enough for a reported item under the task's own number
SAME_TEXT = 0.6            # word overlap enough whatever the numbers


class ReplyError(ValueError):
    """An unlink that names no link."""


@dataclass
class Reply:
    doc_id: str
    file_name: str
    number: str | None
    day: dt.date
    region: str | None
    municipality: str | None
    sender: str | None
    span: tuple[int, int] | None           # its "на № … от …"


def link(con: duckdb.DuckDBPyConnection, doc_id: str, seq: int, in_reply: bool = True,
         loaded: tuple[str | None, dt.date | None, str | None] | None = None) -> None:
    """After a load (inside its transaction): the requests this document replies to, and the document
    itself as a request, get their answers computed again. The load may say what it knows, sparing a
    look-up each (~1.5 ms a document): ``in_reply``, whether any of its references is a request it
    replies to (else it answers none); ``loaded``, its (reg_number, reg_date, superseded_by) as just
    written under ``seq``, with no answers rows yet (a load deletes a reloaded document's)."""
    requests = [r for (r,) in con.execute("""
        SELECT DISTINCT q.doc_id FROM doc_references r
        JOIN documents q ON q.reg_number = r.number AND q.reg_date = r.date AND q.superseded_by IS NULL
        WHERE r.doc_id = ? AND r.in_reply AND q.doc_id <> r.doc_id ORDER BY 1""", [doc_id]).fetchall()] if in_reply else []
    for request in sorted(set(requests) | {doc_id}):
        relink(con, request, seq, loaded if request == doc_id else None)


def relink(con: duckdb.DuckDBPyConnection, request: str, seq: int | None = None,
           loaded: tuple[str | None, dt.date | None, str | None] | None = None) -> None:
    """Writes the answers of one request from every reply to it. Its rows change only when the answers
    do; then the request takes a new load number (unless ``seq``, the load under way, wrote it), so
    publishing carries them to the analysts. ``loaded``: see link."""
    if loaded is None:
        doc = con.execute("SELECT reg_number, reg_date, load_seq, superseded_by FROM documents WHERE doc_id = ?",
                          [request]).fetchone()
        if doc is None:
            return
        number, day, load_seq, superseded = doc
    else:
        (number, day, superseded), load_seq = loaded, seq
    rows = [] if superseded or not (number and day) else _answers(con, request, number, day)
    old = set() if loaded is not None else \
        set(con.execute("SELECT * EXCLUDE (load_seq) FROM answers WHERE doc_id = ?", [request]).fetchall())
    if old == {tuple(r.values()) for r in rows}:
        return
    if old:
        con.execute("DELETE FROM answers WHERE doc_id = ?", [request])
    if load_seq != seq:
        from warehouse.load import renumber_document
        load_seq = renumber_document(con, request)
    if rows:
        batch = pa.Table.from_pylist(rows).append_column(  # noqa: F841 (read by name below)
            "load_seq", pa.array([load_seq] * len(rows), pa.int64()))
        con.execute("INSERT INTO answers BY NAME SELECT * FROM batch")


def _replies(con: duckdb.DuckDBPyConnection, request: str, number: str, day: dt.date) -> list[Reply]:
    # most requests have no reply: the references alone say so at a third of the join's cost (~1.3 ms a load)
    if not con.execute("SELECT 1 FROM doc_references WHERE in_reply AND number = ? AND date = ? AND doc_id <> ? "
                       "LIMIT 1", [number, day, request]).fetchall():
        return []
    rows = con.execute("""
        SELECT d.doc_id, d.file_name, d.reg_number, coalesce(d.reg_date, CAST(d.ingested_at AS DATE)), d.region,
               d.municipality, d.sender_name, min(r.span_start), min(r.span_end)
        FROM doc_references r JOIN documents d ON d.doc_id = r.doc_id AND d.superseded_by IS NULL
        WHERE r.in_reply AND r.number = ? AND r.date = ? AND d.doc_id <> ?
        GROUP BY ALL ORDER BY 4, 1""", [number, day, request]).fetchall()
    return [Reply(d, f, n, when, reg, mun, s, (a, b) if a is not None else None)
            for d, f, n, when, reg, mun, s, a, b in rows]


def _answers(con: duckdb.DuckDBPyConnection, request: str, number: str, day: dt.date) -> list[dict]:
    replies = _replies(con, request, number, day)
    if not replies:   # most documents answer nothing and are answered by nothing: spare planning the view (~8 ms)
        return []
    tasks = con.execute("""
        SELECT DISTINCT task_key, ob_no, item, quote, deadline_end, recurrence, scope, region, municipality, body_key
        FROM v_obligations WHERE doc_id = ? ORDER BY ob_no, body_key""", [request]).fetchall()
    rejected = {(k, reply) for k, reply, state in con.execute("""
        SELECT task_key, old_value, arg_max(new_value, id) FROM corrections WHERE field = 'reply' GROUP BY ALL""").fetchall()
                if state == "unlinked"}
    out: dict[tuple, dict] = {}     # (task, place, occurrence) -> the latest reply's answer
    for reply in replies:
        reported = con.execute("SELECT number, text, status, span_start, span_end FROM obligations WHERE doc_id = ? "
                               "ORDER BY ob_no", [reply.doc_id]).fetchall()
        itemized = any(status == "done" for _, _, status, _, _ in reported)
        for key, ob_no, item, quote, first, rule, scope, region, municipality, bkey in tasks:
            place = _place(scope, region, municipality, bkey, reply)
            if place is None or (key, reply.doc_id) in rejected:
                continue
            occurrence = _occurrence(con, first, rule, reply.day,
                                     lambda o: out.get((key, place, o), {}).get("outcome") in CLOSED)
            outcome, reply_item, span = "answered", None, reply.span
            if itemized and (match := _reported(item, quote, reported)):
                outcome = "done" if match[2] == "done" else "pending"
                reply_item, span = match[0], (match[3], match[4])
            out[(key, place, occurrence)] = {
                "doc_id": request, "task_key": key, "ob_no": ob_no, "region": place[0], "municipality": place[1],
                "body_key": place[2], "occurrence": occurrence, "reply_doc_id": reply.doc_id,
                "reply_file": reply.file_name, "reply_number": reply.number, "reply_date": reply.day,
                "outcome": outcome, "reply_item": reply_item, "span_start": span[0] if span else None,
                "span_end": span[1] if span else None}
    return list(out.values())


def _place(scope: str, region: str | None, municipality: str | None, bkey: str | None,
           reply: Reply) -> tuple[str | None, str | None, str | None] | None:
    """Whose answer the reply is for this row: (region, municipality, None) or, for a body of no
    municipality answering under its own name, (region, None, body key); None if not this row's."""
    if scope == "all_municipalities":
        return (region, reply.municipality, None) if reply.municipality and reply.region == region else None
    if scope != "body":
        return None
    if municipality:
        return (region, municipality, None) if (reply.region, reply.municipality) == (region, municipality) else None
    return (region, None, bkey) if reply.sender and body_key(reply.sender) == bkey else None


def _occurrence(con: duckdb.DuckDBPyConnection, first: dt.date | None, rule: str | None, day: dt.date,
                closed) -> dt.date | None:
    """The occurrence a reply of ``day`` answers: None for a term that does not recur; else the one
    before the reply while it is open for this body, else the next one (the SQL macros of migration 040)."""
    if not (rule and first):
        return None
    prev, nxt = con.execute("SELECT occurrence_prev(?, ?, ?), occurrence_next(?, ?, ?)",
                            [first, rule, day, first, rule, day]).fetchone()
    return prev if prev is not None and not closed(prev) else nxt


def _stems(text: str) -> set[str]:
    return {w[:STEM] for w in re.findall(r"[а-яa-z]{4,}", text.lower().replace("ё", "е"))}


def _reported(item: str | None, quote: str, reported: list[tuple]) -> tuple | None:
    """The reply's item that reports on this task: the same wording, or much of it under the same number."""
    mine, best, score = _stems(quote), None, 0.0
    for row in reported:
        theirs = _stems(row[1])
        overlap = len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0
        same_number = bool(item and row[0] and item.strip(". ") == row[0].strip(". "))
        if (overlap >= SAME_TEXT or (same_number and overlap >= SAME_ITEM)) and overlap > score:
            best, score = row, overlap
    return best


def unlink(con: duckdb.DuckDBPyConnection, key: str, reply: str, who: str, why: str | None) -> dict:
    """A person says a reply does not answer a task: recorded as a `reply` correction (it outlives
    every later load) and the request's answers are computed again, in one transaction."""
    from warehouse.corrections import CorrectionError, find_task
    if not who.strip():
        raise CorrectionError("a correction needs the name of who made it")
    task = find_task(con, key)
    links = con.execute("SELECT DISTINCT doc_id, reply_doc_id, reply_file FROM answers WHERE task_key = ? "
                        "AND doc_id = ?", [task["task_key"], task["doc_id"]]).fetchall()
    wanted = reply.strip()
    found = [x for x in links if wanted and (x[1].startswith(wanted.lower()) or x[2] == wanted)]
    if len(found) != 1:
        named = ", ".join(f"{f} ({d[:8]})" for _, d, f in links) or "none"
        raise ReplyError(f"{reply!r} names {'no' if not found else 'more than one'} reply linked to task "
                         f"{task['task_key'][:8]}; linked: {named}")
    request, reply_id, reply_file = found[0]
    with transaction(con):
        con.execute("INSERT INTO corrections (task_key, doc_id, ob_no, field, old_value, new_value, why, who) "
                    "VALUES (?, ?, ?, 'reply', ?, 'unlinked', ?, ?)",
                    [task["task_key"], task["doc_id"], task["ob_no"], reply_id, why, who.strip()])
        relink(con, request)
    return {"task_key": task["task_key"], "reply_file": reply_file, "reply_doc_id": reply_id, "quote": task["quote"]}
