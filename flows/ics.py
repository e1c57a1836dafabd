"""A calendar feed (iCalendar, RFC 5545): one all-day event per open occurrence of a task — overdue or
to come — for a municipality, a body or a region, with the task, its source and a link to its card on
the review page. Written by hand: a few properties, escaped and folded as the RFC says."""
from __future__ import annotations

import datetime as dt
import hashlib

from flows.digest import describe_deadline, describe_source

LINE_OCTETS = 75


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character."""
    out, part = [], ""
    for ch in line:
        if len((part + ch).encode("utf-8")) > (LINE_OCTETS if not out else LINE_OCTETS - 1):
            out.append(part)
            part = ""
        part += ch
    out.append(part)
    return "\r\n ".join(out)


def calendar(rows: list[dict], name: str, base_url: str | None, now: dt.datetime | None = None) -> str:
    """The feed of ``rows`` (srok deadlines' rows): open ones with a date become events."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//srok//obligations//RU", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}", "X-WR-TIMEZONE:Europe/Moscow"]
    for r in rows:
        if r["status"] not in ("overdue", "pending") or r["deadline_end"] is None:
            continue
        due: dt.date = r["deadline_end"]
        place = r.get("municipality") or r.get("region") or ""
        uid = hashlib.sha256(f"{r['task_key']}|{due}|{place}|{r.get('body')}".encode()).hexdigest()[:24]
        link = f"{base_url.rstrip('/')}/task/{r['task_key']}" if base_url else None
        who = r.get("body") or "ответственный не указан"
        details = [r["quote"], f"Срок: {describe_deadline(r.get('deadline_start'), due, r.get('recurrence'))}",
                   f"Ответственный: {who}{' — ' + place if place else ''}", f"Источник: {describe_source(r)}"]
        if link:
            details.append(link)
        lines += ["BEGIN:VEVENT", f"UID:{uid}@srok", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{due:%Y%m%d}", f"DTEND;VALUE=DATE:{due + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{escape(('Просрочено: ' if r['status'] == 'overdue' else 'Срок: ') + r['quote'][:150])}",
                  f"DESCRIPTION:{escape(chr(10).join(details))}", "TRANSP:TRANSPARENT"]
        if link:
            lines.append(f"URL:{link}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
