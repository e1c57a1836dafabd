"""Loading one document's extraction: one transaction, bulk inserts from Arrow, idempotent by sha256."""
from __future__ import annotations

import pyarrow as pa
import duckdb

from schemas.document import Document
from schemas.extraction import Extraction
from warehouse import municipality_rows
from warehouse.identity import body_key, body_name, content_fingerprints, document_anchor, task_key

OUTCOMES = ("loaded", "duplicate", "twin", "reloaded", "new_version", "failed")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], seq: int) -> None:
    if not rows:
        return
    arrow = pa.Table.from_pylist(rows).append_column("load_seq", pa.array([seq] * len(rows), pa.int64()))
    con.register("_batch", arrow)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _batch")
    finally:
        con.unregister("_batch")


def log_attempt(con: duckdb.DuckDBPyConnection, file: str, sha256: str | None, outcome: str, reason: str | None = None) -> None:
    con.execute("INSERT INTO ingest_log (file, sha256, outcome, reason) VALUES (?, ?, ?, ?)",
                [file, sha256, outcome, reason])


def rows_of(doc: Document, ex: Extraction) -> dict[str, list[dict]]:
    did = doc.origin.sha256
    m = ex.document
    text_fp, words_fp = content_fingerprints(doc.text)
    anchor = document_anchor(m.reg_number, m.reg_date, m.sender.name, text_fp, did)
    out: dict[str, list[dict]] = {
        "documents": [{"doc_id": did, "file_name": doc.origin.name, "path": doc.origin.path, "format": doc.origin.format,
                       "doc_type": m.doc_type, "title": m.title, "reg_number": m.reg_number, "reg_date": m.reg_date,
                       "sender_name": m.sender.name, "region": m.sender.region, "municipality": m.sender.municipality,
                       "parts": m.parts, "extractor_version": ex.extractor_version, "text_fp": text_fp,
                       "words_fp": words_fp, "anchor": anchor}],
        "obligations": [], "obligation_responsible": [], "doc_references": [], "entities": [],
        "document_texts": [{"doc_id": did, "text": doc.text}]}
    tasks = set()
    for i, o in enumerate(ex.obligations):
        key = task_key(anchor, o.number, o.text)
        if key in tasks:    # one task listed twice in a document (same item, same words) is one task
            continue
        tasks.add(key)
        d = o.deadline
        out["obligations"].append({
            "doc_id": did, "ob_no": i, "task_key": key, "number": o.number, "text": o.text,
            "deadline_raw": d.raw if d else None,
            "deadline_start": d.start if d else None, "deadline_end": d.end if d else None,
            "deadline_kind": d.kind if d else None, "recurrence": d.recurrence if d else None, "status": o.status,
            "confidence": o.confidence, "reasons": o.reasons, "part": o.part,
            "locator": o.locator.describe() if o.locator else None, "span_start": o.span.start, "span_end": o.span.end})
        bodies = set()
        for j, r in enumerate(o.responsible):
            if body_key(r.name) in bodies:   # one body in two spellings is one body of this task
                continue
            bodies.add(body_key(r.name))
            out["obligation_responsible"].append({"doc_id": did, "ob_no": i, "body_no": j, "name": r.name,
                                                  "body": body_name(r.name), "body_key": body_key(r.name),
                                                  "full_name": r.full_name, "scope": r.scope, "region": r.region,
                                                  "municipality": r.municipality,
                                                  "source": r.source})
    replies = {(r.number, r.date) for r in m.in_reply_to}
    for i, r in enumerate(ex.references):
        out["doc_references"].append({"doc_id": did, "ref_no": i, "kind": r.kind, "issuer": r.issuer, "number": r.number,
                                      "date": r.date, "in_reply": (r.number, r.date) in replies,
                                      "span_start": r.span.start, "span_end": r.span.end})
    for i, e in enumerate(ex.entities):
        out["entities"].append({"doc_id": did, "ent_no": i, "type": e.type, "text": e.text, "normal": e.normal,
                                "span_start": e.span.start, "span_end": e.span.end})
    return out


CHILD_TABLES = ("obligation_responsible", "obligations", "doc_references", "entities", "document_texts")


def twin_of(con: duckdb.DuckDBPyConnection, doc: Document) -> tuple[str, str] | None:
    """(doc_id, file name) of a loaded document with the same content in another file (the DOCX of
    this PDF, say), or None."""
    text_fp, words_fp = content_fingerprints(doc.text)
    if text_fp is None:
        return None
    return con.execute("SELECT doc_id, file_name FROM documents WHERE (text_fp = ? OR words_fp = ?) AND doc_id <> ? "
                       "ORDER BY ingested_at LIMIT 1", [text_fp, words_fp, doc.origin.sha256]).fetchone()


def load_document(con: duckdb.DuckDBPyConnection, doc: Document, ex: Extraction) -> str:
    """Loads a document in one transaction and returns the outcome: the same bytes again are a
    recorded no-op, so is a twin (the same content in another file or format), a newer extractor
    replaces the rows, a re-sent document (same number, date and
    sender, other bytes) becomes a new version that supersedes the old one."""
    did = doc.origin.sha256
    con.execute("BEGIN")
    try:
        existing = con.execute("SELECT extractor_version, load_seq FROM documents WHERE doc_id = ?", [did]).fetchone()
        twin = None if existing else twin_of(con, doc)
        if existing and existing[0] == ex.extractor_version:
            outcome = "duplicate"
        elif twin:
            outcome = "twin"
        else:
            outcome = "reloaded" if existing else "loaded"
            seq = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
            if existing:   # a new document has no rows to delete; an old one's lie together under its load_seq
                for table in CHILD_TABLES + (municipality_rows.TABLE, "documents"):
                    con.execute(f"DELETE FROM {table} WHERE load_seq = ? AND doc_id = ?", [existing[1], did])
            m = ex.document
            if not existing and m.reg_number and m.reg_date:
                older = con.execute("SELECT doc_id FROM documents WHERE reg_number = ? AND reg_date = ? AND "
                                    "sender_name IS NOT DISTINCT FROM ? AND superseded_by IS NULL AND doc_id <> ?",
                                    [m.reg_number, m.reg_date, m.sender.name, did]).fetchall()
                if older:
                    outcome = "new_version"
            rows = rows_of(doc, ex)
            rows["documents"][0]["changed_seq"] = seq
            for table in ("documents",) + tuple(reversed(CHILD_TABLES)):
                _insert(con, table, rows[table], seq)
            municipality_rows.write(con, did, seq)
            if outcome == "new_version":
                con.execute("UPDATE documents SET superseded_by = ?, changed_seq = ? WHERE reg_number = ? AND reg_date = ? AND "
                            "sender_name IS NOT DISTINCT FROM ? AND superseded_by IS NULL AND doc_id <> ?",
                            [did, seq, m.reg_number, m.reg_date, m.sender.name, did])
        log_attempt(con, doc.origin.name, did, outcome, f"same content as {twin[1]} ({twin[0]})" if twin else None)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return outcome


def renumber_task(con: duckdb.DuckDBPyConnection, key: str) -> None:
    """A person named another body for a task: each current document holding it takes a new load
    number for all its rows, as a reload would, and its municipality rows are written again, so the
    task moves to its new place and publishing carries the document to analysts. Inside the
    correction's transaction."""
    docs = con.execute("SELECT DISTINCT d.doc_id, d.load_seq FROM obligations o JOIN documents d USING (doc_id) "
                       "WHERE o.task_key = ? AND d.superseded_by IS NULL", [key]).fetchall()
    for did, old in docs:
        seq = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
        con.execute(f"DELETE FROM {municipality_rows.TABLE} WHERE load_seq = ? AND doc_id = ?", [old, did])
        for table in CHILD_TABLES:
            con.execute(f"UPDATE {table} SET load_seq = ? WHERE load_seq = ? AND doc_id = ?", [seq, old, did])
        con.execute("UPDATE documents SET load_seq = ?, changed_seq = ? WHERE doc_id = ?", [seq, seq, did])
        municipality_rows.write(con, did, seq)


def backfill_identity(con: duckdb.DuckDBPyConnection) -> None:
    """Task keys and body names for rows loaded before migration 005, and the rows a load now keeps
    once (a task twice in a document, a body twice in a task) removed. Their texts were not kept, so
    such a document has no content fingerprint (it is no one's twin) until it is loaded again."""
    docs = con.execute("SELECT doc_id, reg_number, reg_date, sender_name FROM documents").fetchall()
    anchors = {d: document_anchor(n, day, s, None, d) for d, n, day, s in docs}
    keys = [{"doc_id": d, "ob_no": n, "task_key": task_key(anchors[d], item, text)}
            for d, n, item, text in con.execute("SELECT doc_id, ob_no, number, text FROM obligations").fetchall()]
    bodies = [{"name": name, "body": body_name(name), "body_key": body_key(name)}
              for (name,) in con.execute("SELECT DISTINCT name FROM obligation_responsible").fetchall()]
    for rows, sql in (
            ([{"doc_id": d, "anchor": a} for d, a in anchors.items()],
             "UPDATE documents SET anchor = b.anchor FROM _batch b WHERE documents.doc_id = b.doc_id"),
            (keys, "UPDATE obligations SET task_key = b.task_key FROM _batch b "
                   "WHERE obligations.doc_id = b.doc_id AND obligations.ob_no = b.ob_no"),
            (bodies, "UPDATE obligation_responsible SET body = b.body, body_key = b.body_key "
                     "FROM _batch b WHERE obligation_responsible.name = b.name")):
        if rows:
            con.register("_batch", pa.Table.from_pylist(rows))
            try:
                con.execute(sql)
            finally:
                con.unregister("_batch")
    con.execute("""DELETE FROM obligations WHERE (doc_id, ob_no) IN (
                       SELECT (doc_id, ob_no) FROM obligations
                       QUALIFY row_number() OVER (PARTITION BY doc_id, task_key ORDER BY ob_no) > 1)""")
    con.execute("""DELETE FROM obligation_responsible WHERE (doc_id, ob_no) NOT IN (SELECT (doc_id, ob_no) FROM obligations)
                   OR (doc_id, ob_no, body_no) IN (
                       SELECT (doc_id, ob_no, body_no) FROM obligation_responsible
                       QUALIFY row_number() OVER (PARTITION BY doc_id, ob_no, body_key ORDER BY body_no) > 1)""")
