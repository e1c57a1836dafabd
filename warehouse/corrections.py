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

# How far from its document's date a deadline a person gives may lie: a year before (a reply to a late
# letter) to ten years after (a programme's end). 0001-01-01 or 9999-12-31 is a slip of the keyboard.
YEARS_BEFORE_DOCUMENT, YEARS_AFTER_DOCUMENT = 1, 10
WHY_MAX_CHARS = 2000


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
               coalesce(d.reg_date, o.deadline_end, o.deadline_start, d.ingested_at::DATE) AS doc_date,
               CASE WHEN d.reg_date IS NOT NULL THEN 'документ от'
                    WHEN coalesce(o.deadline_end, o.deadline_start) IS NOT NULL THEN 'срок, прочитанный в документе, —'
                    ELSE 'документ загружен' END AS doc_date_is,
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


def _years_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:   # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def check_deadline(deadline: dt.date, doc_date: dt.date, doc_date_is: str = "документ от") -> None:
    """A deadline too far before or after the document's date (its registration date; for a document
    without one, the term read in it, else the day it was loaded: an old plan may be loaded today)."""
    earliest, latest = _years_from(doc_date, -YEARS_BEFORE_DOCUMENT), _years_from(doc_date, YEARS_AFTER_DOCUMENT)
    if not earliest <= deadline <= latest:
        raise CorrectionError(f"срок {deadline:%d.%m.%Y} не похож на настоящий: {doc_date_is} {doc_date:%d.%m.%Y}, "
                              f"срок по нему — с {earliest:%d.%m.%Y} по {latest:%d.%m.%Y}")


def record(con: duckdb.DuckDBPyConnection, key: str, wanted: list[Change], who: str, why: str | None) -> list[dict]:
    """Writes the corrections of one task in one transaction; returns them with their old values."""
    if not who.strip():
        raise CorrectionError("укажите, кто исправляет")
    if why and len(why) > WHY_MAX_CHARS:
        raise CorrectionError(f"причина длиннее {WHY_MAX_CHARS} знаков ({len(why)}): сократите её или "
                              f"сошлитесь на документ")
    task = find_task(con, key)
    for c in wanted:
        if c.field == "deadline":
            check_deadline(dt.date.fromisoformat(c.new_value), task["doc_date"], task["doc_date_is"])
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
