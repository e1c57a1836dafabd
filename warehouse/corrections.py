"""Corrections a person makes: a status (done, extended to a date, cancelled, not a task), a deadline, a
responsible body, or "checked, correct as extracted". Each is one row of `corrections` keyed by the
task key, so it outlives re-extraction and new versions; the views apply the latest per field."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from extractors.gazetteer import gazetteer
from warehouse.load import renumber_task
from warehouse.transaction import transaction
from warehouse.vocabulary import PERSON_STATUSES, STATUS_RU


class CorrectionError(ValueError):
    """A correction that names no task, or one that says nothing or contradicts itself."""


@dataclass
class Change:
    field: str                   # status | deadline | responsible | review
    new_value: str | None
    region: str | None = None
    municipality: str | None = None


def find_task(con: duckdb.DuckDBPyConnection, key: str) -> dict:
    """The current task a key (or its first 6+ hex digits) names, with its values as the views show them."""
    key = key.strip().lower()
    if len(key) < 6:
        raise CorrectionError(f"ключ задачи {key!r} слишком короткий: нужно хотя бы 6 знаков (их показывает srok deadlines)")
    found = con.execute("""
        SELECT DISTINCT o.task_key FROM obligations o JOIN documents d USING (doc_id)
        WHERE d.superseded_by IS NULL AND starts_with(o.task_key, ?)""", [key]).fetchall()
    if not found:
        raise CorrectionError(f"нет действующей задачи с ключом {key!r}")
    if len(found) > 1:
        raise CorrectionError(f"ключу {key!r} отвечают {len(found)} задачи: укажите больше знаков ключа")
    full = found[0][0]
    cur = con.execute("""
        SELECT o.task_key, o.doc_id, o.ob_no, o.text AS quote, d.file_name, o.number AS item,
               coalesce(t.deadline_end, o.deadline_end) AS deadline_end,
               CASE WHEN t.task_key IS NULL THEN 'not_task' ELSE coalesce(t.person_status, o.status) END AS status,
               (SELECT string_agg(DISTINCT body, '; ' ORDER BY body) FROM v_obligations v
                WHERE v.task_key = o.task_key) AS responsible
        FROM obligations o JOIN documents d USING (doc_id)
        LEFT JOIN v_tasks t ON t.doc_id = o.doc_id AND t.ob_no = o.ob_no
        WHERE d.superseded_by IS NULL AND o.task_key = ? ORDER BY o.ob_no LIMIT 1""", [full])
    return dict(zip([c[0] for c in cur.description], cur.fetchone()))


def changes(status: str | None = None, deadline: dt.date | None = None, responsible: str | None = None,
            accept: bool = False) -> list[Change]:
    """What a person asked for, checked for sense: "extended" needs the new date, a date alone is a fix."""
    if status is not None and status not in PERSON_STATUSES:
        raise CorrectionError(f"неизвестный статус {status!r}: возможны {', '.join(PERSON_STATUSES)}")
    if status == "extended" and deadline is None:
        raise CorrectionError("«продлено» — укажите новый срок (--deadline ДАТА)")
    if status in ("done", "cancelled", "not_task") and deadline is not None:
        raise CorrectionError(f"у задачи со статусом «{STATUS_RU.get(status, status)}» не бывает нового срока")
    out: list[Change] = []
    if status:
        out.append(Change("status", status))
    if deadline:
        out.append(Change("deadline", deadline.isoformat()))
    if responsible is not None:
        name = " ".join(responsible.split())
        if not name:
            raise CorrectionError("не указано, кто ответственный")
        g = gazetteer()
        muni = next((m.municipality for m in g.municipalities_in(name)), None)
        region = muni.region if muni else next((m.region.name for m in g.regions_in(name)), None)
        out.append(Change("responsible", name, region, muni.short_name if muni else None))
    if accept:
        if out:
            raise CorrectionError("«верно» оставляет задачу как есть: вместе с исправлением так нельзя")
        out.append(Change("review", "accepted"))
    if not out:
        raise CorrectionError("исправлять нечего: укажите статус, срок, ответственного или --accept")
    return out


def record(con: duckdb.DuckDBPyConnection, key: str, wanted: list[Change], who: str, why: str | None) -> list[dict]:
    """Writes the corrections of one task in one transaction; returns them with their old values."""
    if not who.strip():
        raise CorrectionError("укажите, кто исправляет")
    task = find_task(con, key)
    old = {"status": task["status"], "deadline": str(task["deadline_end"]) if task["deadline_end"] else None,
           "responsible": task["responsible"], "review": None}
    rows = [{"task_key": task["task_key"], "doc_id": task["doc_id"], "ob_no": task["ob_no"], "field": c.field,
             "old_value": old[c.field], "new_value": c.new_value, "region": c.region,
             "municipality": c.municipality, "why": why, "who": who.strip()} for c in wanted]
    with transaction(con):
        con.executemany("INSERT INTO corrections (task_key, doc_id, ob_no, field, old_value, new_value, region, "
                        "municipality, why, who) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [list(r.values()) for r in rows])
        if any(c.field == "responsible" for c in wanted):   # the task's municipality rows move with its body
            renumber_task(con, task["task_key"])
    return [dict(r, quote=task["quote"], file_name=task["file_name"], item=task["item"]) for r in rows]
