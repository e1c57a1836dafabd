"""The nightly digest: for each recipient the obligations that concern them, overdue or due soon,
grouped by municipality and body, as HTML and plain text. Handed to SMTP through the outbox
(flows/outbox.py): one digest at a time, each message at most once, each recipient on its own."""
from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from flows.config import Recipient, Settings
from flows.outbox import Outbox, Refused, Uncertain, digest_lock, mark, message_id, unfinished
from warehouse.db import connect
from warehouse.queries import (QueryError, already_notified, digest_rows, last_digests, resolve_municipality,
                               resolve_region)
from warehouse.vocabulary import DOC_TYPE_RU as DOC_TYPES

MONTHS_NOM = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
              "ноябрь", "декабрь"]
MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
              "ноября", "декабря"]
RECURRENCE = {"daily": "ежедневно", "weekly": "еженедельно", "monthly": "ежемесячно", "quarterly": "ежеквартально",
              "half-yearly": "раз в полугодие", "yearly": "ежегодно"}
TEMPLATES = Path(__file__).parent / "templates"
log = logging.getLogger("srok.digest")


def one_line(text: str) -> str:
    """No CR/LF (or other control characters) can reach a mail header."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def _day(d: dt.date) -> str:
    return f"{d.day} {MONTHS_GEN[d.month - 1]} {d.year} г."


def describe_deadline(start: dt.date | None, end: dt.date | None, recurrence: str | None) -> str:
    """A deadline in Russian: "до 30 июня 2020 г.", "июль – август 2020 г.", "ежеквартально, до 5-го числа"."""
    if recurrence:
        word = RECURRENCE.get(recurrence, recurrence)
        if end is None:
            return word
        day = "" if recurrence in ("daily", "weekly") else f", до {end.day}-го числа"
        return f"{word}{day} (срок {_day(end)})"
    if end is None:
        return "без срока"
    if start is None:
        return f"до {_day(end)}"
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if whole_months and (start.month, end.month) == (1, 12):
        return f"{start.year} г." if start.year == end.year else f"{start.year}–{end.year} гг."
    if whole_months:
        first, last = MONTHS_NOM[start.month - 1], MONTHS_NOM[end.month - 1]
        if (start.year, start.month) == (end.year, end.month):
            return f"{first} {end.year} г."
        if start.year == end.year:
            return f"{first} – {last} {end.year} г."
        return f"{first} {start.year} г. – {last} {end.year} г."
    return f"с {_day(start)} по {_day(end)}"


def describe_days(days_left: int) -> str:
    if days_left < 0:
        return f"просрочено на {-days_left} дн."
    return "срок сегодня" if days_left == 0 else f"осталось {days_left} дн."


def describe_source(row: dict) -> str:
    parts = [DOC_TYPES.get(row["doc_type"], "Документ")]
    if row["reg_number"]:
        parts.append(f"№ {row['reg_number']}")
    if row["reg_date"]:
        parts.append(f"от {row['reg_date']:%d.%m.%Y}")
    item = f", п. {row['item']}" if row["item"] else ""
    return f"{' '.join(parts)} ({row['file_name']}{item})"


@dataclass
class Audience:
    """What one recipient asked for, resolved against the gazetteer once."""
    recipient: Recipient
    municipalities: set[tuple[str, str]] = field(default_factory=set)   # (region, municipality)
    regions: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, r: Recipient) -> "Audience":
        munis = {(m.region, m.short_name) for m in map(resolve_municipality, r.municipalities)}
        return cls(r, munis, {resolve_region(x).name for x in r.regions})

    def wants(self, row: dict) -> bool:
        if row["region"] in self.regions:
            return True
        if (row["region"], row["municipality"]) in self.municipalities:
            return True
        if row["scope"] == "all_municipalities" and any((row["region"], m) in self.municipalities
                                                        for m in row["open_in"] or ()):
            return True     # a region-wide task, still open in one of the recipient's municipalities
        body = (row["body"] or "").lower()
        return any(b.lower() in body for b in self.recipient.bodies)


def assign(rows: list[dict], audiences: list[Audience]) -> dict[str, list[dict]]:
    """Rows per recipient address; rows nobody asked for go to the catch-all recipients."""
    out: dict[str, list[dict]] = {a.recipient.address: [] for a in audiences}
    for row in rows:
        takers = [a for a in audiences if not a.recipient.catch_all and a.wants(row)]
        if not takers:
            takers = [a for a in audiences if a.recipient.catch_all]
        for a in takers:
            out[a.recipient.address].append(row)
    return out


_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                   trim_blocks=True, lstrip_blocks=True)
_text_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True, lstrip_blocks=True)


def describe_open_in(row: dict) -> str | None:
    """Who has not yet answered a region-wide task: "не ответили: Бабынинский район, … (23 из 26)"."""
    if not row.get("open_in"):
        return None
    names = row["open_in"]
    shown = ", ".join(names[:5]) + (f" и ещё {len(names) - 5}" if len(names) > 5 else "")
    return f"не ответили: {shown} ({len(names)} из {row['of']})"


def _groups(rows: list[dict]) -> list[tuple[str, list]]:
    """Rows by place, then body, as the mail lists them."""
    groups: dict[str, dict[str, list[dict]]] = {}
    for r in rows:
        groups.setdefault(_place(r), {}).setdefault(r["body"] or "Ответственный не указан", []).append({
            "deadline": describe_deadline(r["deadline_start"], r["deadline_end"], r["recurrence"]),
            "days": describe_days(r["days_left"]), "days_left": r["days_left"], "quote": r["quote"],
            "source": describe_source(r), "open_in": describe_open_in(r)})
    return [(p, sorted(groups[p].items())) for p in sorted(groups)]


def _place(r: dict) -> str:
    return r["municipality"] or (f"{r['region']}: все муниципалитеты" if r["scope"] == "all_municipalities"
                                 else r["region"]) or "Без места"


def build_message(address: str, rows: list[dict], as_of: dt.date, days: int, mail_from: str,
                  msg_id: str, since: dt.date | None = None, long_days: int = 30) -> EmailMessage:
    """What became overdue since ``since`` (the recipient's last digest; yesterday when there was none)
    first, then what is still overdue and what is due soon; what is overdue longer than ``long_days`` is
    a count per body, not listed again every night."""
    since = since or as_of - dt.timedelta(days=1)
    long = [r for r in rows if r["days_left"] < -long_days]
    overdue = [r for r in rows if -long_days <= r["days_left"] < 0]
    new = [r for r in overdue if r["deadline_end"] >= since]
    older = [r for r in overdue if r["deadline_end"] < since]
    upcoming = [r for r in rows if r["days_left"] >= 0]
    sections = [(title, _groups(part)) for title, part in (
        (f"Стало просрочено с {since:%d.%m.%Y}", new), ("Просрочено", older),
        (f"Срок в ближайшие {days} дн.", upcoming)) if part]
    counts: dict[tuple[str, str], set] = {}
    for r in long:
        counts.setdefault((_place(r), r["body"] or "Ответственный не указан"), set()).add((r["doc_id"], r["ob_no"]))
    summary = [(place, body, len(keys)) for (place, body), keys in sorted(counts.items())]
    places = sorted({_place(r) for r in rows})
    tasks = lambda part: len({(r["doc_id"], r["ob_no"]) for r in part})   # noqa: E731
    title = one_line(f"Сроки на {as_of:%d.%m.%Y}: {', '.join(places[:2])}{' и др.' if len(places) > 2 else ''}")
    ctx = {"title": title, "sections": sections, "summary": summary, "long_days": long_days,
           "overdue": tasks(overdue), "new": tasks(new), "upcoming": tasks(upcoming), "long": tasks(long),
           "days": days, "as_of": f"{as_of:%d.%m.%Y}"}
    msg = EmailMessage()
    # Encoded here, spaces inside the encoded words: the email package's own folding puts a space between two
    # encoded words as the fold, which RFC 2047 readers drop ("Томскаяобласть"). Stored as is (set_raw), its lines
    # under 78 characters, it is never refolded.
    msg.set_raw("Subject", Header(one_line(f"{title} — просрочено {tasks(overdue)} (новых {tasks(new)}), "
                                           f"скоро {tasks(upcoming)}"), "utf-8", header_name="Subject").encode())
    msg["From"] = one_line(mail_from)
    msg["To"] = one_line(address)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = msg_id
    msg.set_content(_text_env.get_template("digest.txt.j2").render(ctx))
    msg.add_alternative(_env.get_template("digest.html.j2").render(ctx), subtype="html")
    return msg


def digest_day(s: Settings) -> dt.date:
    """Today where the recipients are (the `timezone` setting), not on the server's clock."""
    return dt.datetime.now(ZoneInfo(s.timezone)).date()


@dataclass
class DigestReport:
    sent: dict[str, int] = field(default_factory=dict)        # address -> obligations in its message
    written: dict[Path, int] = field(default_factory=dict)     # .eml file of a dry run -> obligations in it
    failed: dict[str, str] = field(default_factory=dict)       # address -> why nothing was delivered
    uncertain: dict[str, str] = field(default_factory=dict)    # address -> why it may or may not have arrived
    already: dict[str, int] = field(default_factory=dict)      # address -> obligations mailed to it earlier that night
    messages: list[EmailMessage] = field(default_factory=list)   # a preview's messages

    @property
    def problems(self) -> dict[str, str]:
        return {**self.failed, **self.uncertain}

    def summary(self, as_of: dt.date) -> str:
        """One line for the run: what went out, what did not (naming whom), what had gone out earlier that night."""
        line = f"отправлено {len(self.sent)}, не отправлено {len(self.problems)}"
        if self.problems:
            line += ": " + ", ".join(self.problems)
        if self.already:
            line += (f"; уже отправлено за {as_of:%d.%m.%Y} ранее: "
                     + ", ".join(f"{a} ({n})" for a, n in self.already.items()))
        return line


def audiences(recipients: list[Recipient], report: DigestReport) -> list[Audience]:
    """Each recipient resolved on its own: one that names an unknown place is reported, not fatal."""
    out = []
    for r in recipients:
        try:
            out.append(Audience.of(r))
        except QueryError as e:
            report.failed[r.address] = f"{r.address}: {e}"
    return out


def _write(folder: Path, msg: EmailMessage, as_of: dt.date, address: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"digest-{as_of:%Y-%m-%d}-{re.sub(r'[^A-Za-z0-9._-]', '_', address)}.eml"
    path.write_bytes(bytes(msg))
    return path


def text_of(msg: EmailMessage) -> str:
    """The plain-text part of a digest message, as a person reads it."""
    return msg.get_body(preferencelist=("plain",)).get_content()


def preview_digest(s: Settings, as_of: dt.date | None = None, folder: Path | None = None) -> DigestReport:
    """Tonight's messages as they are (or were) mailed, whatever was sent already; nothing is sent or
    recorded. ``folder``: also written there as .eml files."""
    as_of = as_of or digest_day(s)
    report = DigestReport()
    with connect(s.db, read_only=True) as con:
        rows = digest_rows(con, as_of, s.digest_days)
        done = already_notified(con, as_of)
        last = last_digests(con, as_of)
    for address, mine in assign(rows, audiences(s.recipients, report)).items():
        listed = [r for r in mine if r["days_left"] >= -s.digest_long_overdue_days]
        if not listed:     # long-overdue counts ride along with a listed task, never alone (as in _send)
            continue
        keys = {(r["doc_id"], r["ob_no"]) for r in listed}
        msg = build_message(address, mine, as_of, s.digest_days, s.mail_from, message_id(address, as_of, keys, s.mail_from),
                            last.get(address), s.digest_long_overdue_days)
        report.messages.append(msg)
        sent = {k for k in keys if (address, *k) in done}
        if sent:
            report.already[address] = len(sent)
        if folder:
            report.written[_write(folder, msg, as_of, address)] = len(keys)
    return report


def run_digest(s: Settings, as_of: dt.date | None = None, dry_run: Path | None = None, backoff: float = 1.0,
               resend_uncertain: bool = False) -> DigestReport:
    """Each recipient's message succeeds or fails on its own; the report says which."""
    as_of = as_of or digest_day(s)
    report = DigestReport()
    with digest_lock(s.db):
        with connect(s.db, read_only=True) as con:
            rows = digest_rows(con, as_of, s.digest_days)
        with connect(s.db) as con:   # the main file, not the snapshot: what this night's runs recorded
            done = already_notified(con, as_of)
            last = last_digests(con, as_of)
            stuck = {} if dry_run or resend_uncertain else unfinished(con, as_of)
        with Outbox(s, backoff) as outbox:
            for address, mine in assign(rows, audiences(s.recipients, report)).items():
                fresh = [r for r in mine if (address, r["doc_id"], r["ob_no"]) not in done]
                if len(fresh) < len(mine):   # a second run the same night says so, instead of "nothing"
                    report.already[address] = len({(r["doc_id"], r["ob_no"]) for r in mine} - {
                        (r["doc_id"], r["ob_no"]) for r in fresh})
                try:
                    _send(s, outbox, report, address, fresh, as_of, dry_run, stuck, last.get(address))
                except Exception as e:   # whatever it is, it is this recipient's alone: the others are still sent
                    log.exception("digest for %s", address)
                    report.failed[address] = f"{address}: не отправлено: {type(e).__name__}: {e}"
    return report


def _send(s: Settings, outbox: Outbox, report: DigestReport, address: str, fresh: list[dict], as_of: dt.date,
          dry_run: Path | None, stuck: dict[str, str], last: dt.date | None) -> None:
    """One recipient's message: written (a dry run), reported as stuck, or handed over and recorded."""
    listed = [r for r in fresh if r["days_left"] >= -s.digest_long_overdue_days]
    if not listed:     # long-overdue counts ride along with a listed task, never alone
        return
    keys = {(r["doc_id"], r["ob_no"]) for r in listed}
    msg = build_message(address, fresh, as_of, s.digest_days, s.mail_from, message_id(address, as_of, keys, s.mail_from),
                        last, s.digest_long_overdue_days)
    if dry_run:
        report.written[_write(dry_run, msg, as_of, address)] = len(keys)
        return
    if address in stuck:
        report.uncertain[address] = (
            f"{address}: not resent: an earlier run was interrupted while handing over {stuck[address]}; "
            f"check the mail server's log for it, then `srok digest --resend-uncertain` if it never arrived")
        return
    msg_id = msg["Message-ID"]
    try:
        outbox.deliver(msg, on_sending=lambda: mark(s.db, msg_id, address, as_of, "sending", len(keys)))
    except Uncertain as e:
        report.uncertain[address] = str(e)
        return
    except Refused as e:
        report.failed[address] = str(e)
        mark(s.db, msg_id, address, as_of, "failed", len(keys), str(e))
        return
    mark(s.db, msg_id, address, as_of, "sent", len(keys), keys=keys)   # only now is it true
    report.sent[address] = len(keys)
