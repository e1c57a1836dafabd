"""Loading one document's extraction: one transaction, bulk inserts from Arrow, idempotent by sha256."""
from __future__ import annotations

import pyarrow as pa
import duckdb

from schemas.document import Document
from schemas.extraction import Extraction
from warehouse import municipality_rows, replies
from warehouse.identity import body_key, body_name, content_fingerprints, document_anchor, same_registration, task_key
from warehouse.publish import literal
from warehouse.transaction import transaction
from warehouse.twins import Contents, Twin, bands, compatible, contents_compatible, near_score, scanned, signature

OUTCOMES = ("loaded", "duplicate", "twin", "reloaded", "new_version", "failed")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], seq: int) -> None:
    if not rows:
        return
    # DuckDB finds the Arrow table by its variable's name (a replacement scan): registering and
    # unregistering it as a view cost ~0.5 ms more a statement, 3 ms a document
    batch = pa.Table.from_pylist(rows).append_column("load_seq", pa.array([seq] * len(rows), pa.int64()))  # noqa: F841
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")


def log_attempt(con: duckdb.DuckDBPyConnection, file: str, sha256: str | None, outcome: str, reason: str | None = None) -> None:
    con.execute("INSERT INTO ingest_log (file, sha256, outcome, reason) VALUES (?, ?, ?, ?)",
                [file, sha256, outcome, reason])


def rows_of(doc: Document, ex: Extraction, anchor: str | None = None) -> dict[str, list[dict]]:
    """The rows of one document; ``anchor``, the series it continues (a replaced scan's), else its own."""
    did = doc.origin.sha256
    m = ex.document
    text_fp, words_fp = content_fingerprints(doc.text)
    anchor = anchor or document_anchor(m.reg_number, m.reg_date, m.sender.name, text_fp, did)
    sig = signature(doc.text)
    dates_named, digit_runs = Contents.of(doc.text).to_store()
    out: dict[str, list[dict]] = {
        "documents": [{"doc_id": did, "file_name": doc.origin.name, "path": doc.origin.path, "format": doc.origin.format,
                       "doc_type": m.doc_type, "title": m.title, "reg_number": m.reg_number, "reg_date": m.reg_date,
                       "sender_name": m.sender.name, "region": m.sender.region, "municipality": m.sender.municipality,
                       "parts": m.parts, "extractor_version": ex.extractor_version, "text_fp": text_fp,
                       "words_fp": words_fp, "anchor": anchor, "minhash": sig, "scanned": scanned(doc),
                       "dates_named": dates_named, "digit_runs": digit_runs}],
        "doc_bands": [{"doc_id": did, "band": b} for b in (bands(sig) if sig else [])],
        "obligations": [], "obligation_responsible": [], "doc_references": [], "entities": [],
        "document_texts": [{"doc_id": did, "text": doc.text}],
        "answers": []}   # written by replies.link once the document's rows are in
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


CHILD_TABLES = ("obligation_responsible", "obligations", "doc_references", "entities", "document_texts", "doc_bands",
                "answers")


def twin_of(con: duckdb.DuckDBPyConnection, doc: Document, ex: Extraction) -> Twin | None:
    """A loaded document with the same content in another file: the DOCX of this PDF (the same
    normalised text), or the text layer of this scan (near-duplicate, see warehouse/twins.py); None."""
    did = doc.origin.sha256
    text_fp, words_fp = content_fingerprints(doc.text)
    if text_fp is None:
        return None
    # two index look-ups (an OR of the two, or any other filter beside, makes DuckDB scan the table)
    exact = [r for r in con.execute(
        "SELECT doc_id, file_name, coalesce(scanned, false), ingested_at FROM documents WHERE text_fp = ? UNION ALL "
        "SELECT doc_id, file_name, coalesce(scanned, false), ingested_at FROM documents WHERE words_fp = ?",
        [text_fp, words_fp]).fetchall() if r[0] != did]
    if exact:
        first = min(exact, key=lambda r: r[3])
        return Twin(first[0], first[1], 1.0, first[2])
    sig = signature(doc.text)
    if sig is None:
        return None
    # index look-ups need the values written out: an IN list of literals is answered by the index,
    # where a join, a parameter list or a second filter beside it makes DuckDB scan the table
    hits = ", ".join(str(int(k)) for k in bands(sig))
    ids = sorted({d for (d,) in con.execute(f"SELECT doc_id FROM doc_bands WHERE band IN ({hits})").fetchall()} - {did})
    candidates = con.execute(
        "SELECT doc_id, file_name, coalesce(scanned, false), minhash, reg_number, reg_date, dates_named, digit_runs, "
        f"ingested_at FROM documents WHERE doc_id IN ({', '.join(literal(d) for d in ids)})").fetchall() if ids else []
    candidates.sort(key=lambda c: c[8])
    m, mine, own = ex.document, scanned(doc), Contents.of(doc.text)
    best = None
    for doc_id, file_name, theirs, minhash, reg_number, reg_date, dates_named, digit_runs, _ in candidates:
        score = near_score(sig, minhash, same_registration(m.reg_number, m.reg_date, reg_number, reg_date))
        if score is None or (best and score <= best.similarity) or digit_runs is None:
            continue
        if compatible(own, Contents.stored(dates_named, digit_runs), mine or theirs):
            best = Twin(doc_id, file_name, score, theirs)
    return best


def _current_versions(con: duckdb.DuckDBPyConnection, number: str, day, sender: str | None, did: str) -> list[str]:
    """The current documents of a registration (number, date, sender) other than ``did``: found by the
    number's index, the rest compared here (a filter beside it would make DuckDB scan the table)."""
    rows = con.execute("SELECT doc_id, reg_date, sender_name, superseded_by FROM documents WHERE reg_number = ?",
                       [number]).fetchall()
    return [d for d, date, name, superseded in rows if date == day and name == sender and superseded is None and d != did]


def load_document(con: duckdb.DuckDBPyConnection, doc: Document, ex: Extraction) -> str:
    """Loads a document in one transaction and returns the outcome: the same bytes again are a
    recorded no-op, so is a twin (the same content in another file or format), a newer extractor
    replaces the rows, a re-sent document (same number, date and
    sender, other bytes) becomes a new version that supersedes the old one."""
    did = doc.origin.sha256
    with transaction(con):
        existing = con.execute("SELECT extractor_version, load_seq, superseded_by FROM documents WHERE doc_id = ?",
                               [did]).fetchone()
        twin = None if existing else twin_of(con, doc, ex)
        # a text layer replaces its scan: its words and dates are read, not guessed
        replaces = twin if twin and twin.scanned and not scanned(doc) else None
        if existing and existing[0] == ex.extractor_version:
            outcome = "duplicate"
        elif twin and not replaces:
            outcome = "twin"
        else:
            outcome = "reloaded" if existing else "loaded"
            seq = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
            if existing:   # a new document has no rows to delete; an old one's lie together under its load_seq
                for table in CHILD_TABLES + (municipality_rows.TABLE, "documents"):
                    con.execute(f"DELETE FROM {table} WHERE load_seq = ? AND doc_id = ?", [existing[1], did])
            m = ex.document
            older = _current_versions(con, m.reg_number, m.reg_date, m.sender.name, did) \
                if not existing and m.reg_number and m.reg_date else []
            if older:
                outcome = "new_version"
            # a text layer continues its scan's series, so the tasks it reads alike keep their keys (and corrections)
            inherited = con.execute("SELECT anchor FROM documents WHERE doc_id = ?", [replaces.doc_id]).fetchall()[0][0] \
                if replaces else None
            rows = rows_of(doc, ex, inherited)
            rows["documents"][0]["changed_seq"] = seq
            if existing:   # a newer extractor re-reads an old version or a replaced scan: it stays superseded
                rows["documents"][0]["superseded_by"] = existing[2]
            for table in ("documents",) + tuple(reversed(CHILD_TABLES)):
                _insert(con, table, rows[table], seq)
            for superseded in older + ([replaces.doc_id] if replaces else []):
                con.execute("UPDATE documents SET superseded_by = ?, changed_seq = ? WHERE doc_id = ?", [did, seq, superseded])
            # a reply answers its request, a request takes the replies before it
            replies.link(con, did, seq, in_reply=any(r["in_reply"] for r in rows["doc_references"]),
                         loaded=(m.reg_number, m.reg_date, rows["documents"][0].get("superseded_by")))
        log_attempt(con, doc.origin.name, did, outcome,
                    (f"replaces its scan: {twin.reason()}" if replaces else twin.reason()) if twin else None)
    return outcome


def renumber_task(con: duckdb.DuckDBPyConnection, key: str) -> None:
    """A person named another body for a task: each current document holding it is renumbered
    (renumber_document), so the task moves to its new place. Inside the correction's transaction."""
    docs = con.execute("SELECT DISTINCT d.doc_id FROM obligations o JOIN documents d USING (doc_id) "
                       "WHERE o.task_key = ? AND d.superseded_by IS NULL", [key]).fetchall()
    for (did,) in docs:
        renumber_document(con, did)


def renumber_document(con: duckdb.DuckDBPyConnection, did: str) -> int:
    """A document's rows changed after its load (a body a person named, the answers replies gave): it
    takes a new load number for all its rows, as a reload would, and its municipality rows are deleted,
    to be written again by publishing (municipality_rows.write_pending); publishing then carries the
    document to analysts. Returns the new number. Inside the caller's transaction."""
    old = con.execute("SELECT load_seq FROM documents WHERE doc_id = ?", [did]).fetchone()[0]
    seq = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
    con.execute(f"DELETE FROM {municipality_rows.TABLE} WHERE load_seq = ? AND doc_id = ?", [old, did])
    for table in CHILD_TABLES:
        con.execute(f"UPDATE {table} SET load_seq = ? WHERE load_seq = ? AND doc_id = ?", [seq, old, did])
    con.execute("UPDATE documents SET load_seq = ?, changed_seq = ? WHERE doc_id = ?", [seq, seq, did])
    return seq


def backfill_identity(con: duckdb.DuckDBPyConnection) -> None:
    """Task keys and body names for rows loaded before migration 005, and the rows a load now keeps
    once (a task twice in a document, a body twice in a task) removed. Their texts were not kept, so
    such a document has no content fingerprint (it is no one's twin) until it is loaded again."""
    docs = con.execute("SELECT doc_id, reg_number, reg_date, sender_name FROM documents").fetchall()
    anchors = {d: document_anchor(n, day, s, None, d) for d, n, day, s in docs}
    keys = [{"doc_id": d, "ob_no": n, "task_key": task_key(anchors[d], item, text)}
            for d, n, item, text in con.execute("SELECT doc_id, ob_no, number, text FROM obligations").fetchall()]
    for rows, sql in (
            ([{"doc_id": d, "anchor": a} for d, a in anchors.items()],
             "UPDATE documents SET anchor = b.anchor FROM _batch b WHERE documents.doc_id = b.doc_id"),
            (keys, "UPDATE obligations SET task_key = b.task_key FROM _batch b "
                   "WHERE obligations.doc_id = b.doc_id AND obligations.ob_no = b.ob_no")):
        if rows:
            con.register("_batch", pa.Table.from_pylist(rows))
            try:
                con.execute(sql)
            finally:
                con.unregister("_batch")
    name_bodies(con)
    con.execute("""DELETE FROM obligations WHERE (doc_id, ob_no) IN (
                       SELECT (doc_id, ob_no) FROM obligations
                       QUALIFY row_number() OVER (PARTITION BY doc_id, task_key ORDER BY ob_no) > 1)""")
    con.execute("""DELETE FROM obligation_responsible WHERE (doc_id, ob_no) NOT IN (SELECT (doc_id, ob_no) FROM obligations)
                   OR (doc_id, ob_no, body_no) IN (
                       SELECT (doc_id, ob_no, body_no) FROM obligation_responsible
                       QUALIFY row_number() OVER (PARTITION BY doc_id, ob_no, body_key ORDER BY body_no) > 1)""")


def name_bodies(con: duckdb.DuckDBPyConnection) -> None:
    """Every extracted body's display name and key again from its name as written (migrations 005 and
    036), in the municipality rows' copy too once that table exists."""
    bodies = [{"name": name, "body": body_name(name), "body_key": body_key(name)}
              for (name,) in con.execute("SELECT DISTINCT name FROM obligation_responsible").fetchall()]
    if not bodies:
        return
    con.register("_bodies", pa.Table.from_pylist(bodies))
    try:
        con.execute("UPDATE obligation_responsible SET body = b.body, body_key = b.body_key "
                    "FROM _bodies b WHERE obligation_responsible.name = b.name")
        if con.execute(f"SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                       f"AND table_name = '{municipality_rows.TABLE}'").fetchall()[0][0]:
            con.execute(f"UPDATE {municipality_rows.TABLE} SET body = b.body FROM _bodies b "
                        f"WHERE {municipality_rows.TABLE}.body_as_written = b.name")
    finally:
        con.unregister("_bodies")


def backfill_contents(con: duckdb.DuckDBPyConnection, chunk: int = 500) -> None:
    """Dates named and digit runs (migration 035) for documents loaded before it, from their kept
    texts, a chunk at a time; a document without a kept text has no signature either, so it is no
    one's twin and needs none."""
    docs = [d for (d,) in con.execute("SELECT doc_id FROM documents WHERE digit_runs IS NULL").fetchall()]
    for start in range(0, len(docs), chunk):
        texts = con.execute("SELECT doc_id, text FROM document_texts WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                            [docs[start:start + chunk]]).fetchall()
        rows = [dict(zip(("doc_id", "dates_named", "digit_runs"), (d, *Contents.of(text).to_store())))
                for d, text in texts]
        if rows:
            con.register("_contents", pa.Table.from_pylist(rows))
            try:
                con.execute("UPDATE documents SET dates_named = b.dates_named, digit_runs = b.digit_runs "
                            "FROM _contents b WHERE documents.doc_id = b.doc_id")
            finally:
                con.unregister("_contents")


def backfill_signatures(con: duckdb.DuckDBPyConnection, chunk: int = 500) -> None:
    """MinHash signatures and band keys for documents loaded before migration 030, from their kept
    texts, a chunk at a time (a register's texts need not fit in memory). Whether such a document was
    a scan is not known (scanned stays NULL): it is kept when its text layer arrives."""
    docs = con.execute("SELECT doc_id, load_seq FROM documents WHERE minhash IS NULL").fetchall()
    for start in range(0, len(docs), chunk):
        seqs = dict(docs[start:start + chunk])
        texts = con.execute("SELECT doc_id, text FROM document_texts WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                            [list(seqs)]).fetchall()
        sigs = [(doc_id, sig) for doc_id, text in texts if (sig := signature(text)) is not None]
        if not sigs:
            continue
        for table, rows, sql in (
                ("_sigs", [{"doc_id": d, "minhash": s} for d, s in sigs],
                 "UPDATE documents SET minhash = b.minhash FROM _sigs b WHERE documents.doc_id = b.doc_id"),
                ("_bands", [{"doc_id": d, "band": b, "load_seq": seqs[d]} for d, s in sigs for b in bands(s)],
                 "INSERT INTO doc_bands BY NAME SELECT * FROM _bands")):
            con.register(table, pa.Table.from_pylist(rows))
            try:
                con.execute(sql)
            finally:
                con.unregister(table)


def merge_loaded_twins(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Near twins loaded as separate documents before migration 030 (a scan beside its text layer):
    the later one is superseded by the earlier, logged as a twin. Candidate pairs come from one join
    of doc_bands on itself; returns (later, earlier) file names."""
    pairs = con.execute(
        "SELECT DISTINCT l.doc_id, e.doc_id FROM doc_bands x JOIN doc_bands y USING (band) "
        "JOIN documents l ON l.doc_id = x.doc_id JOIN documents e ON e.doc_id = y.doc_id "
        "WHERE (e.ingested_at, e.doc_id) < (l.ingested_at, l.doc_id) ORDER BY ALL").fetchall()
    docs = {d: row for d, *row in con.execute(
        "SELECT doc_id, file_name, minhash, reg_number, reg_date, superseded_by, t.text, coalesce(scanned, false) "
        "FROM documents LEFT JOIN document_texts t USING (doc_id) "
        "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [sorted({d for p in pairs for d in p})]).fetchall()}
    merged = []
    for later, earlier in pairs:
        (l_file, l_sig, l_num, l_date, l_sup, l_text, l_scan), (e_file, e_sig, e_num, e_date, e_sup, e_text, e_scan) = \
            docs[later], docs[earlier]
        if l_sup or e_sup or not (l_text and e_text):
            continue
        score = near_score(l_sig, e_sig, same_registration(l_num, l_date, e_num, e_date))
        if score is None or not contents_compatible(l_text, e_text, l_scan or e_scan):
            continue
        seq = con.execute("SELECT nextval('load_seq')").fetchall()[0][0]
        con.execute("UPDATE documents SET superseded_by = ?, changed_seq = ? WHERE doc_id = ?", [earlier, seq, later])
        log_attempt(con, l_file, later, "twin", f"merged by migration 030: {Twin(earlier, e_file, score, e_scan).reason()}")
        docs[later][4] = earlier
        merged.append((l_file, e_file))
    return merged
