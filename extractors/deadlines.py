"""Deadline grammar: dates, ranges, months, quarters, half-years, years, school years, relative,
recurring and 'no deadline' terms, each turned into a typed interval {raw, start, end, kind, recurrence}.

``find_deadlines`` lists every term in a text with its span; ``parse_deadline`` reads a value that is
meant to be a deadline (a table cell, a "Срок – …" line), where a bare month or year also counts.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors import deadline_rules as R
from extractors.nlp import tags
from extractors.workdays import add_working_days
from schemas.extraction import Deadline
from schemas.document import Span

FOLD = str.maketrans({"ё": "е", "Ё": "е", "–": "-", "—": "-", "−": "-", "‑": "-", "\n": " ", "\t": " ",
                      "\u00a0": " ", "\r": " "})


def fold(text: str) -> str:
    """Lower case with dashes and spaces unified; every character keeps its offset."""
    out = text.translate(FOLD).lower()
    return out if len(out) == len(text) else "".join(c.translate(FOLD).lower()[:1] or " " for c in text)


TERM_UNREAD = "term unread"    # a row's reason: a term stated for it ("Срок: …", a term cell) that srok could not date


@dataclass(frozen=True)
class Context:
    doc_date: dt.date | None = None
    period: tuple[dt.date, dt.date] | None = None   # the period the document plans for
    event: dt.date | None = None    # the one dated event the document's title is about ("… сочинения 4 декабря 2024 года")
    next_meeting: dt.date | None = None   # the date a protocol gives its body's next meeting (next_meeting_date)
    meeting: dt.date | None = None        # the day of the meeting a protocol records (its own date)
    plan_from: dt.date | None = None      # the first day of the period a plan is for (its recurring duties start then)


# ------------------------------------------------------------------ calendar helpers
def month_number(token: str) -> int | None:
    token = token.strip(".")
    for stem in sorted(R.MONTHS, key=len, reverse=True):
        if token.startswith(stem):
            return R.MONTHS[stem]
    return None


def number_word(word: str) -> int:
    """"трех" -> 3, "десяти" -> 10 (the longest stem wins: "пятнадцати" is not "пяти")."""
    w = word.lower().replace("ё", "е")
    return next(v for k, v in sorted(R.NUMBER_WORDS.items(), key=lambda kv: -len(kv[0])) if w.startswith(k))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def full_year(y: str) -> int:
    """"21" is 2021; "95" (a law of 24.11.95) is 1995."""
    n = int(y)
    if n >= 100:
        return n
    return n + 2000 if n <= 50 else n + 1900


def infer_year(month: int, ctx: Context) -> int | None:
    """A month written without its year falls in the document's period, else in the year ahead of the
    document's date: in its year, or the next where the month is two or more before the document's
    ("до 1 марта" in a November letter is next March)."""
    if ctx.period:
        start, end = ctx.period
        for year in range(start.year, end.year + 1):
            if start <= dt.date(year, month, 1) <= end:
                return year
    if not ctx.doc_date:
        return None
    return ctx.doc_date.year + (month < ctx.doc_date.month - 1)


def _period_year(first: int, last: int, ctx: Context) -> int | None:
    """The year of a quarter or half-year (months ``first`` to ``last``) named without one: where the document's
    period holds its start, else the one still running at the document's date ("по итогам I квартала" in a March
    letter is this March's quarter)."""
    return infer_year(first if ctx.period else last, ctx)


def safe_date(y: int | None, m: int | None, d: int | None) -> dt.date | None:
    try:
        return dt.date(y, m, d) if y and m and d else None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> dt.date | None:
    import dateparser
    got = dateparser.parse(text, languages=["ru"], settings={"PREFER_DAY_OF_MONTH": "first",
                                                              "REQUIRE_PARTS": ["day", "month", "year"]})
    return got.date() if got else None


def _date_from(m: re.Match, p: str, ctx: Context, year_hint: int | None = None) -> dt.date | None:
    g = m.groupdict()
    if g.get(p + "d"):
        return safe_date(full_year(g[p + "y"]), int(g[p + "m"]), int(g[p + "d"]))
    if g.get(p + "td"):
        month = month_number(g[p + "tmn"])
        day = day_number(g[p + "td"])
        year = int(g[p + "ty"]) if g.get(p + "ty") else (year_hint or (infer_year(month, ctx) if month else None))
        if g.get(p + "ty"):   # a fully written date: dateparser reads it, our month table is the fallback
            parsed = _dateparser(f"{day} {g[p + 'tmn']} {g[p + 'ty']}")
            if parsed:
                return parsed
        return safe_date(year, month, day)
    return None


def day_number(token: str) -> int:
    """"22" or "двадцать второго" -> 22."""
    if token.isdigit():
        return int(token)
    words = token.split()
    tens = {"двадцать": 20, "тридцать": 30}.get(words[0], 0) if len(words) > 1 else 0
    last = words[-1]
    return tens + next(v for k, v in sorted(R.ORDINAL_DAYS.items(), key=lambda kv: -len(kv[0])) if last.startswith(k))


def _year_of(m: re.Match, name: str) -> int | None:
    v = m.groupdict().get(name)
    return int(v) if v else None


# ------------------------------------------------------------------ the productions
D1, D2 = R.date_rx("a"), R.date_rx("b")
Y = R.YEAR
PRODUCTIONS: list[tuple[str, re.Pattern]] = [(name, re.compile(rx)) for name, rx in [
    ("school_year", r"(?:в\s+течение\s+|на\s+)?" + R.SCHOOL_YEAR),
    ("summer", R.SUMMER),
    ("school_part", R.SCHOOL_PART),          # before "half": a school year's half wins a tie
    ("school_edge", R.SCHOOL_EDGE),
    ("until_end", r"до\s+(?:конца|окончания)\s+(?P<what>(?:текущего\s+|20\d\d\s*[-/]\s*20\d\d\s+)?учебного\s+года|"
                  r"(?:текущего\s+)?года|(?P<ey>" + Y + r")\s+года|" + r"(?P<emn>" + R.MONTH + r")(?:\s+(?P<emy>" + Y + r"))?)"),
    ("during_year", r"в\s+течение\s+(?:всего\s+)?(?:(?P<dy>" + Y + r")\s+)?(?P<school>учебного\s+|уч(?:ебн)?\.\s*)?года"),
    ("day_range", R.DAY_RANGE + R.YEAR_WORD),
    ("date_range", r"(?:с\s+)?" + D1 + R.YEAR_WORD + R.DASH + D2 + R.YEAR_WORD),
    ("short_range", r"(?:с\s+)?" + R.SHORT_DATE + R.DASH + D2 + R.YEAR_WORD),
    ("month_part_range", R.MONTH_PART_RANGE),
    ("month_part", r"(?:в\s+(?:течение\s+)?)?" + R.MONTH_PART),
    ("month_range", r"(?:с\s+)?(?P<m1>" + R.MONTH + r")(?:\s*,?\s+(?P<y1>" + Y + r")" + R.YEAR_WORD + r")?" + R.DASH
                    + r"(?P<m2>" + R.MONTH + r")(?:\s*,?\s+(?P<y2>" + Y + r"))?" + R.YEAR_WORD),
    ("month_list", r"(?:в\s+)?" + R.MONTH_LIST + R.YEAR_WORD),
    ("year_range", r"(?:в\s+|на\s+|с\s+)?(?P<y1>" + Y + r")\s*(?:г\.?|года)?" + r"\s*(?:-|по)\s*(?P<y2>" + Y + r")"
                   + R.YEAR_WORD),
    ("quarter_range", r"(?:в\s+)?" + R.QUARTER_RANGE + R.YEAR_WORD),
    ("quarter", r"(?:(?P<by>" + R.BY_WORDS + r")\s+(?:конца\s+)?)?(?:в\s+)?" + R.QUARTER + R.YEAR_WORD),
    ("half", r"(?:(?P<by>" + R.BY_WORDS + r")\s+(?:конца\s+)?)?(?:в\s+)?" + R.HALF + R.YEAR_WORD),
    ("after_period", R.AFTER_PERIOD),
    ("after_reporting_year", R.AFTER_REPORTING_YEAR),
    ("last_month_of_quarter", R.LAST_MONTH_OF_QUARTER),
    ("weekday", R.WEEKDAY),
    ("by_weekday", R.BY_WEEKDAY),
    ("week_end", R.WEEK_END),
    ("today", R.TODAY),
    ("once", R.ONCE),
    ("times_a_year", R.TIMES),
    ("each_month_day", R.EACH_MONTH_DAY),
    ("each_period", R.EACH_PERIOD),
    # the adverb only: "ежедневное меню", "обеспечить ежедневное проведение осмотров" name what is done, not when
    ("recurring", r"(?P<rw>" + "|".join(R.RECURRING) + r")(?![а-яё])(?:\s*,?\s*(?:не\s+позднее|до|к)\s+(?P<yd>\d{1,2})\s+"
                  r"(?P<ym>" + R.MONTH + r")(?!\s+" + Y + r")|\s*,?\s*" + R.RECUR_DAY
                  + r"(?:\s+месяца)?(?:\s*,?\s*следующего\s+за\s+отч[её]тным(?:\s+\w+)?)?)?"),
    ("event_day", R.EVENT_DAY),
    ("next_meeting", R.NEXT_MEETING),
    ("relative", R.RELATIVE),
    ("relative", R.TERM_ADJECTIVE),
    ("relative", R.RELATIVE_HOURS),
    ("by_date", r"(?P<by>" + R.BY_WORDS + r")\s+" + D1 + R.YEAR_WORD),
    # "в срок до 20.03" in running text: a day and month after "до" (bare, "20.03" may be anything)
    ("short_date", r"(?P<by>" + R.BY_WORDS + r")\s+(?P<sd>\d{1,2})\.(?P<sm>\d{1,2})(?!\d|\.\d)(?!\s*(?:час|ч\.|мин))"),
    # or with the year in words after it: "– 23.04 т.г.", "к 01.09 текущего года"
    ("short_date", r"(?<![\d.])(?P<sd>\d{1,2})\.(?P<sm>\d{1,2})\s*(?:т\.\s?г\.|с\.\s?г\.|текущего\s+года)"),
    ("by_month", r"(?P<by>" + R.BY_WORDS + r")\s+(?P<mn>" + R.MONTH + r")(?:\s+(?P<my>" + Y + r"))?" + R.YEAR_WORD),
    ("date", D1 + R.YEAR_WORD),
    ("month", r"(?:в\s+(?:течение\s+)?)?(?P<mn>" + R.MONTH + r")\s*,?\s+(?P<my>" + Y + r")" + R.YEAR_WORD),
    ("month_no_year", R.MONTH_NO_YEAR),
    ("year", r"(?:в\s+(?:течение\s+)?)?(?P<yy>" + Y + r")\s*(?:г\.?|года|году|год)(?![а-я])"),
    ("none", r"(?:" + "|".join(R.NO_DEADLINE) + r")"),
]]
REFERENCE_DATE = re.compile(D1 + R.YEAR_WORD)
# only where the value is known to be a deadline (a cell, a "Срок" line): a bare month or year
LOOSE_PRODUCTIONS: list[tuple[str, re.Pattern]] = [
    ("month", re.compile(r"(?<![а-я])(?P<mn>" + R.MONTH + r")(?![а-я])")),
    # "Срок: понедельник.": the next such day, as "до понедельника" (not "вторник, 15.04": the date is read)
    ("by_weekday", re.compile(r"^\s*(?P<wd>понедельник|вторник|сред|четверг|пятниц|суббот)[а-я]{0,2}(?![а-я])"
                              r"(?!\s*,?\s*\d{1,2}(?:\s*[./]\s*\d|\s+[а-я]))")),
    ("month_list", re.compile(r"(?<![а-я])" + R.MONTH_LIST_BARE + r"(?![а-я])")),
    # "26.01–30.01", "с 01.04 по 15.04": days of a month without their year
    ("short_day_range", re.compile(r"(?:^|(?<=\s))(?:с\s+)?(?P<sd>\d{1,2})\.(?P<sm>\d{1,2})\s*(?:[-–—]|по)\s*"
                                   r"(?P<ed>\d{1,2})\.(?P<em>\d{1,2})(?![\d.])")),
    # (at the value's start, after "до", or after a comma in a list of days: not "п. 2.3")
    ("short_date", re.compile(r"(?:(?P<by>" + R.BY_WORDS + r")\s+|^\s*|(?<=,)\s*(?=\d\d\.\d\d(?![\d.])))(?<![\d.])" + R.SHORT_DATE)),
    # not a year that ends a name ("по итогам ГИА-2025", "конкурс «Учитель года – 2025»")
    ("year", re.compile(r"(?<!\d)(?<![А-ЯЁA-Zа-яё][-–])(?<![А-ЯЁA-Zа-яё]\s[-–]\s)(?P<yy>" + Y + r")(?!\d)")),
]


def _month_part(g: dict, p: str, ctx: Context, default: tuple | None = None) -> tuple[dt.date, dt.date] | None:
    """The days of the decade or week that groups ``p``nth/unit/mn/y name; ``default`` gives (unit, year, month)
    where the first part of a range names neither ("1-я – 2-я неделя декабря")."""
    unit, month = g.get(p + "unit"), month_number(g[p + "mn"]) if g.get(p + "mn") else None
    year = int(g[p + "y"]) if g.get(p + "y") else (infer_year(month, ctx) if month else None)
    if default:
        unit, year, month = unit or default[0], year if month else default[1], month or default[2]
    if not (unit and year and month):
        return None
    nth, length = g[p + "nth"].lower(), 10 if unit.startswith("декад") else 7
    last = 3 if length == 10 else 4
    n = (last if nth.startswith("последн") else int(nth) if nth.isdigit() else R.ROMAN.get(nth)
         or next((v for k, v in R.ORDINAL_WORDS.items() if nth.startswith(k)), None))
    if not n or n > last:
        return None
    if nth.startswith("последн"):
        end = month_end(year, month)
        return (end - dt.timedelta(days=length - 1) if length == 7 else dt.date(year, month, 21)), end
    start = dt.date(year, month, 1 + length * (n - 1))
    return start, month_end(year, month) if length == 10 and n == 3 else start + dt.timedelta(days=length - 1)


def _interpret(name: str, m: re.Match, ctx: Context) -> Deadline | None:
    """One production's match as an interval."""
    g = m.groupdict()
    if name == "summer":
        year = int(g["sy"]) if g.get("sy") else (ctx.doc_date.year + (ctx.doc_date.month > 8) if ctx.doc_date else None)
        if year is None:
            return Deadline(raw="", kind="relative")
        if g.get("edge"):
            return Deadline(raw="", end=dt.date(year, 5, 31) if "начал" in g["edge"] else dt.date(year, 8, 31), kind="by")
        return Deadline(raw="", start=dt.date(year, 6, 1), end=dt.date(year, 8, 31), kind="period")
    if name == "school_year":
        y1 = int(g["sy1"])
        return Deadline(raw="", start=dt.date(y1, 9, 1), end=dt.date(y1 + 1, 8, 31), kind="period")
    if name == "until_end":
        what = g["what"]
        if "учебн" in what:
            yr = re.search(r"(20\d\d)\s*[-/]\s*(20\d\d)", what)
            end_year = int(yr.group(2)) if yr else (ctx.period[1].year if ctx.period else
                                                    (ctx.doc_date.year + (ctx.doc_date.month >= 9) if ctx.doc_date else None))
            return Deadline(raw="", end=dt.date(end_year, 8, 31), kind="by") if end_year else None
        if g.get("emn"):
            month = month_number(g["emn"])
            year = _year_of(m, "emy") or infer_year(month, ctx)
            return Deadline(raw="", end=month_end(year, month), kind="by") if year else None
        year = _year_of(m, "ey") or (ctx.doc_date.year if ctx.doc_date else None)
        return Deadline(raw="", end=dt.date(year, 12, 31), kind="by") if year else None
    if name == "during_year":
        if g.get("dy"):
            y = int(g["dy"])
            return Deadline(raw="", start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), kind="period")
        if ctx.period:
            return Deadline(raw="", start=ctx.period[0], end=ctx.period[1], kind="period")
        if ctx.doc_date and g.get("school"):
            # the school year the document lives in; from July on, the one it prepares (an August council's)
            y = ctx.doc_date.year - (ctx.doc_date.month < 7)
            return Deadline(raw="", start=dt.date(y, 9, 1), end=dt.date(y + 1, 8, 31), kind="period")
        if ctx.doc_date:
            y = ctx.doc_date.year
            return Deadline(raw="", start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), kind="period")
        return None
    if name == "date_range":
        end = _date_from(m, "b", ctx)
        start = _date_from(m, "a", ctx, year_hint=end.year if end else None)
        if start and end and start <= end:
            return Deadline(raw="", start=start, end=end, kind="range")
        return None
    if name == "short_range":
        end = _date_from(m, "b", ctx)
        start = safe_date(end.year, int(g["sm"]), int(g["sd"])) if end else None
        if start and start > end:
            start = safe_date(end.year - 1, int(g["sm"]), int(g["sd"]))
        return Deadline(raw="", start=start, end=end, kind="range") if start and end else None
    if name == "short_day_range":
        year = infer_year(int(g["sm"]), ctx) if 1 <= int(g["sm"]) <= 12 else None
        start = safe_date(year, int(g["sm"]), int(g["sd"])) if year else None
        end = safe_date(year + (int(g["em"]) < int(g["sm"])), int(g["em"]), int(g["ed"])) if year else None
        return Deadline(raw="", start=start, end=end, kind="range") if start and end and start <= end else None
    if name == "short_date":
        month, day = int(g["sm"]), int(g["sd"])
        year = infer_year(month, ctx) if 1 <= month <= 12 else None
        d = safe_date(year, month, day) if year else None
        return Deadline(raw="", end=d, kind="by" if g.get("by") else "on") if d else None
    if name == "month_part":
        part = _month_part(g, "p", ctx)
        return Deadline(raw="", start=part[0], end=part[1], kind="period") if part else None
    if name == "month_part_range":
        last = _month_part(g, "q", ctx)
        first = _month_part(g, "a", ctx, default=last and (g["qunit"], last[0].year, last[0].month))
        if not (first and last) or first[0] > last[1]:
            return None
        return Deadline(raw="", start=first[0], end=last[1], kind="range")
    if name == "day_range":
        month = month_number(g["dmn"])
        year = _year_of(m, "dy") or (infer_year(month, ctx) if month else None)
        start, end = safe_date(year, month, int(g["d1"])), safe_date(year, month, int(g["d2"]))
        return Deadline(raw="", start=start, end=end, kind="range") if start and end and start <= end else None
    if name == "month_range":
        m1, m2 = month_number(g["m1"]), month_number(g["m2"])
        y1, y2 = _year_of(m, "y1"), _year_of(m, "y2")
        if y1 or y2:   # "сентябрь 2020 – апрель 2021", "июль - август 2020 года", "ноябрь 2021 - январь"
            y2 = y2 or (y1 if m1 <= m2 else y1 + 1)
            y1 = y1 or (y2 if m1 <= m2 else y2 - 1)
        else:
            y1, y2 = infer_year(m1, ctx), infer_year(m2, ctx)
            if y1 and y2 and (y1, m1) > (y2, m2):
                # the range runs forward from its first month: "август – сентябрь" in a plan for September
                # to August is the August before it, not the one at the period's end
                y1 = y2 if m1 <= m2 else y2 - 1
        if not (y1 and y2 and m1 and m2):
            return None
        start, end = dt.date(y1, m1, 1), month_end(y2, m2)
        return Deadline(raw="", start=start, end=end, kind="range") if start <= end else None
    if name == "month_list":
        return _month_list(g, ctx)
    if name == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y1 < y2 <= y1 + 20:
            return Deadline(raw="", start=dt.date(y1, 1, 1), end=dt.date(y2, 12, 31), kind="range")
        return None
    if name == "quarter_range":
        q1, q2 = (R.ROMAN.get(g[k]) or int(g[k]) for k in ("q1", "q2"))
        year = _year_of(m, "qy") or _period_year(3 * q1 - 2, 3 * q2, ctx)
        if not year or q1 >= q2:
            return None
        return Deadline(raw="", start=dt.date(year, 3 * q1 - 2, 1), end=month_end(year, 3 * q2), kind="range")
    if name in ("quarter", "half"):
        if name == "quarter":
            q = R.ROMAN.get(g["q"]) or int(g["q"])
            first, last = 3 * q - 2, 3 * q
            year = _year_of(m, "qy")
        else:
            h = g["h"]
            n = R.ROMAN.get(h) or (int(h) if h.isdigit() else next((v for k, v in R.ORDINAL_WORDS.items()
                                                                    if h.startswith(k)), 1))
            first, last = (1, 6) if n == 1 else (7, 12)
            year = _year_of(m, "hy")
        year = year or _period_year(first, last, ctx)
        if not year:
            return None
        if g.get("by"):
            return Deadline(raw="", end=month_end(year, last), kind="by")
        return Deadline(raw="", start=dt.date(year, first, 1), end=month_end(year, last), kind="period")
    if name in ("after_period", "last_month_of_quarter", "weekday", "by_weekday", "week_end", "today", "once", "school_part", "school_edge", "each_period",
                "each_month_day", "times_a_year", "after_reporting_year"):
        return _interpret_cycle(name, m, ctx)
    if name == "recurring":
        rule = R.RECURRING[re.sub(r"\s+", " ", g["rw"])]
        if g.get("yd") and ctx.doc_date:   # "ежегодно до 1 сентября": the next 1 September after the document
            month, day = month_number(g["ym"]), int(g["yd"])
            due = safe_date(ctx.doc_date.year, month, day)
            if due and due <= ctx.doc_date:
                due = safe_date(ctx.doc_date.year + 1, month, day)
            return Deadline(raw="", end=due, kind="recurring", recurrence=rule)
        day = day_number(g["rd"]) if g.get("rd") else None
        after_period = "следующего" in m.group(0)
        return Deadline(raw="", end=next_due(rule, day, after_period, ctx), kind="recurring", recurrence=rule)
    if name == "next_meeting":   # "к следующему заседанию": by the day the protocol sets for it, if it does
        return Deadline(raw="", end=ctx.next_meeting, kind="by") if ctx.next_meeting else Deadline(raw="", kind="relative")
    if name == "event_day":   # "в день проведения": the day the title dates, if it does
        return Deadline(raw="", end=ctx.event, kind="on") if ctx.event else Deadline(raw="", kind="relative")
    if name == "relative":
        n = int(g["n"]) if g.get("n") else number_word(g["nw"]) if g.get("nw") else 1   # "в месячный срок": one
        unit = g["unit"]
        anchor = g.get("anchor")
        start = ctx.doc_date
        if anchor and not re.search(R.DOCUMENT_ANCHOR, anchor):
            # counted from the meeting a protocol records, the event the title dates ("за 3 рабочих дня до начала
            # проведения …"), or from one this document cannot date
            start = ctx.meeting if ctx.meeting and re.search(R.MEETING_ANCHOR, anchor) else \
                ctx.event if re.search(R.EVENT_ANCHOR, anchor) else None
            if start and anchor.startswith("до"):
                n = -n
        if not start or n == 0:
            return Deadline(raw="", kind="relative")
        if unit.startswith(("дн", "день")):
            end = add_working_days(start, n) if g.get("wd", "") and g["wd"].startswith("рабоч") \
                else start + dt.timedelta(days=n)
        elif unit.startswith("недел"):
            end = start + dt.timedelta(weeks=n)
        elif unit.startswith("час"):
            end = start + dt.timedelta(days=n // 24)
        else:
            month = start.month - 1 + n
            year = start.year + month // 12
            end = safe_date(year, month % 12 + 1, min(start.day, calendar.monthrange(year, month % 12 + 1)[1]))
        return Deadline(raw="", end=end, kind="relative")
    if name in ("by_date", "date"):
        d = _date_from(m, "a", ctx)
        return Deadline(raw="", end=d, kind="by" if name == "by_date" else "on") if d else None
    if name in ("by_month", "month"):
        month = month_number(g["mn"])
        year = _year_of(m, "my") or (infer_year(month, ctx) if month else None)
        if not (month and year):
            return None
        if name == "by_month":   # "до сентября 2021" is before it begins, "к маю" likewise
            first = dt.date(year, month, 1)
            return Deadline(raw="", end=first - dt.timedelta(days=1), kind="by")
        return Deadline(raw="", start=dt.date(year, month, 1), end=month_end(year, month), kind="period")
    if name == "month_no_year":
        month = month_number(g["mg"] or g["mp"])
        rel = g.get("rel") or ""
        if rel and ctx.doc_date:    # "текущего года" is the document's year, "следующего года" the one after
            year = ctx.doc_date.year + rel.startswith(("следующ", "будущ"))
        else:
            year = infer_year(month, ctx)
        if not (month and year):
            return None
        return Deadline(raw="", start=dt.date(year, month, 1), end=month_end(year, month), kind="period")
    if name == "year":
        y = int(g["yy"])
        return Deadline(raw="", start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), kind="period")
    if name == "none":
        return Deadline(raw="", kind="none")
    return None


def _month_list(g: dict, ctx: Context) -> Deadline | None:
    """From the first listed month to the last. Under a school year ("2022-2023") September to December
    fall in its first calendar year; under one year the year is the last month's and a month later in
    the calendar than the one after it belongs to the year before ("ноябрь, март 2022")."""
    months = [month_number(t) for t in re.findall(R.MONTH, g["ml"])]
    if not all(months):
        return None
    if not (g.get("ly1") or g.get("ly")):     # a cell with no year: the last month's year as the document sets it
        last = infer_year(months[-1], ctx)
        if not last:
            return None
        g = {**g, "ly": str(last)}
    if g.get("ly1") and full_year(g["ly2"]) == int(g["ly1"]) + 1:
        y1 = int(g["ly1"])
        years = [y1 if mo >= 9 else y1 + 1 for mo in months]
    else:
        year = full_year(g["ly2"]) if g.get("ly1") else int(g["ly"])
        years = []
        for k in range(len(months) - 1, -1, -1):
            if k < len(months) - 1 and months[k] > months[k + 1]:
                year -= 1
            years.insert(0, year)
    start, end = dt.date(years[0], months[0], 1), month_end(years[-1], months[-1])
    return Deadline(raw="", start=start, end=end, kind="range") if start <= end else None


def _school_year_start(m: re.Match, key: str, ctx: Context) -> int | None:
    """The first calendar year of the school year a term speaks of: written, the document's period, or
    the school year the document's date falls in."""
    if m.groupdict().get(key):
        return int(m.group(key))
    if ctx.period and ctx.period[0].month == 9:
        return ctx.period[0].year
    if ctx.doc_date:
        return ctx.doc_date.year - (ctx.doc_date.month < 9)
    return None


def _interpret_cycle(name: str, m: re.Match, ctx: Context) -> Deadline | None:
    """Terms of the school year and recurring terms other than "ежемесячно до N числа"."""
    g = m.groupdict()
    if name == "school_part":
        school = g.get("school") or g.get("sy1") or g["what"].startswith(("четверт", "триместр", "семестр")) or (
            ctx.period and ctx.period[0].month == 9)
        if not school:
            return None      # a calendar half-year: the "half" production reads it
        n = R.ROMAN.get(g["n"]) or (int(g["n"]) if g["n"].isdigit() else next(
            (v for k, v in R.ORDINAL_WORDS.items() if g["n"].startswith(k)), None))
        y = _school_year_start(m, "sy1", ctx)
        table = next(v for k, v in SCHOOL_PARTS.items() if g["what"].startswith(k))
        if not (y and n and n <= len(table)):
            return None
        first, last = table[n - 1]
        start = dt.date(y + (first < 9), first, 1)
        return Deadline(raw="", start=start, end=month_end(y + (last < 9), last), kind="period")
    if name == "school_edge":
        y = _school_year_start(m, "ey1", ctx)
        if not y:
            return None
        if g["edge"].startswith("начал"):      # "(в) начале учебного года"
            if g["pre"] in ("до", "к"):   # the start still ahead: a document of March speaks of September's
                if not g.get("ey1") and ctx.doc_date and dt.date(y, 8, 31) < ctx.doc_date:
                    y += 1
                return Deadline(raw="", end=dt.date(y, 8, 31), kind="by")
            return Deadline(raw="", start=dt.date(y, 9, 1), end=dt.date(y, 9, 30), kind="period")
        if g["pre"] in ("до", "к"):
            return None      # "до конца учебного года": the "until_end" production reads it
        return Deadline(raw="", start=dt.date(y + 1, 5, 1), end=dt.date(y + 1, 5, 31), kind="period")
    base = ctx.doc_date
    if not base:
        return Deadline(raw="", kind="recurring")
    if name == "by_weekday":       # once, the next such day after the document ("к следующему понедельнику" too)
        wd = next(v for k, v in R.WEEKDAYS.items() if g["wd"].startswith(k))
        return Deadline(raw="", end=base + dt.timedelta(days=(wd - base.weekday()) % 7 or 7), kind="by")
    if name == "today":
        return Deadline(raw="", end=base + dt.timedelta(days=1 if g.get("tomorrow") else 0), kind="by")
    if name == "week_end":         # that week's Friday (a letter of the weekend speaks of the week ahead)
        friday = base + dt.timedelta(days=4 - base.weekday() if base.weekday() <= 4 else 11 - base.weekday())
        following = "следующ" in (g.get("which") or g.get("which2") or "")
        return Deadline(raw="", end=friday + dt.timedelta(days=7 if following else 0), kind="by")
    if name == "weekday":
        wd = next(v for k, v in R.WEEKDAYS.items() if g["wd"].startswith(k))
        ahead = (wd - base.weekday()) % 7 or 7
        return Deadline(raw="", end=base + dt.timedelta(days=ahead), kind="recurring", recurrence="weekly")
    if name == "each_period":
        return _each_period(g["per"], ctx)
    if name == "after_reporting_year":     # the year the document (or its plan) reports on is its own
        due = safe_date(base.year + 1, month_number(g["rmn"]), int(g["rd"]))
        return Deadline(raw="", end=due, kind="recurring", recurrence="yearly") if due else None
    if name == "each_month_day":
        return Deadline(raw="", end=next_due("monthly", day_number(g["rd"]), False, ctx), kind="recurring", recurrence="monthly")
    if name == "times_a_year":
        times = int(g["times"]) if g["times"].isdigit() else {"два": 2, "две": 2, "четыре": 4}[g["times"]]
        rule = R.TIMES_A_YEAR[times]
        return Deadline(raw="", end=next_due(rule, None, False, ctx), kind="recurring", recurrence=rule)
    if name == "once":
        if g["per"] in ("четверть", "триместр"):
            return _each_period(g["per"], ctx)
        rule = R.ONCE_PER[g["per"]]
        return Deadline(raw="", end=next_due(rule, None, False, ctx), kind="recurring", recurrence=rule)
    if name == "last_month_of_quarter":
        day = int(g["rd"])
        for k in range(5):
            q_end = ((base.month - 1) // 3 + 1) * 3 + 3 * k
            year, month = base.year + (q_end - 1) // 12, (q_end - 1) % 12 + 1
            due = safe_date(year, month, min(day, calendar.monthrange(year, month)[1]))
            if due and due > base:
                return Deadline(raw="", end=due, kind="recurring", recurrence="quarterly")
        return None
    # after_period: the Nth (working) day after each reporting month / quarter / half / year
    per = g["per"] or "период"     # "… следующего за отчетным": the period the text names before it
    context = m.string[max(0, m.start() - 200):m.start()]
    rule = ("quarterly" if per.startswith("квартал") else "half-yearly" if per.startswith("полугоди") else
            "yearly" if per.startswith("год") else "monthly")
    if per.startswith("период"):   # "отчетным периодом": the period the text names before it
        rule = next((r for w, r in R.RECURRING.items() if w in context and " " not in w), None) or \
            next((r for w, r in (("квартал", "quarterly"), ("полугод", "half-yearly"), ("годов", "yearly"))
                  if re.search(w, context)), "monthly")
    nth = g.get("nth") or "1"
    n = int(nth) if nth.isdigit() else next((v for k, v in R.ORDINAL_WORDS.items() if nth.startswith(k)), 5)
    step = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}[rule]
    period_end = ((base.month - 1) // step + 1) * step
    for k in range(3):
        month_after = period_end + step * k       # the month after the period ends (0-based offset)
        year, month = base.year + month_after // 12, month_after % 12 + 1
        if g.get("wdays"):
            due = add_working_days(dt.date(year, month, 1) - dt.timedelta(days=1), n)
        else:
            due = safe_date(year, month, n)
        if due and due > base:
            return Deadline(raw="", end=due, kind="recurring", recurrence=rule)
    return None


SCHOOL_PARTS = {"полугоди": [(9, 12), (1, 5)], "четверт": [(9, 10), (11, 12), (1, 3), (4, 5)],
                "триместр": [(9, 11), (12, 2), (3, 5)], "семестр": [(9, 12), (2, 6)]}


def _each_period(per: str, ctx: Context) -> Deadline | None:
    """The end of the next period of the kind named after the document's date: a school year's quarters
    and trimesters (and halves, where the document plans a school year), else calendar periods."""
    base = ctx.doc_date
    school = per.startswith(("четверт", "триместр")) or (per.startswith("полугоди") and ctx.period
                                                         and ctx.period[0].month == 9)
    if school:
        table = next(v for k, v in SCHOOL_PARTS.items() if per.startswith(k))
        y = base.year - (base.month < 9)
        ends = sorted(month_end(y + yy + (last < 9), last) for yy in (0, 1) for _, last in table)
        due = next((e for e in ends if e > base), None)
        return Deadline(raw="", end=due, kind="recurring", recurrence="quarterly" if per.startswith("четверт") else
                        "half-yearly" if per.startswith("полугоди") else None)
    rule = ("quarterly" if per.startswith("квартал") else "half-yearly" if per.startswith("полугоди") else
            "monthly" if per.startswith("месяц") else "yearly")
    if "учебн" in per:     # the school year's lessons end in May
        return Deadline(raw="", end=dt.date(base.year + (base.month >= 6), 5, 31), kind="recurring",
                        recurrence="yearly")
    return Deadline(raw="", end=next_due(rule, None, False, ctx), kind="recurring", recurrence=rule)


def next_due(rule: str, day: int | None, after_period: bool, ctx: Context) -> dt.date | None:
    """The first due date of a recurring term after the document's date, or within the period a plan is for where
    that begins later (a school year's plan approved in August: its monthly duties from September)."""
    base = ctx.doc_date
    if not base:
        return None
    if ctx.plan_from and ctx.plan_from > base:
        base = ctx.plan_from - dt.timedelta(days=1)
    if rule == "daily":
        return base + dt.timedelta(days=1)
    if rule == "weekly":
        return base + dt.timedelta(days=7)
    step = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}[rule]
    # the period the document falls in ends at the end of its month / quarter / half / year
    period_end_month = ((base.month - 1) // step + 1) * step
    year, month = base.year, period_end_month
    if day is not None and (after_period or step > 1) and not ctx.plan_from:
        # a report on a period is due after it: the one just ended may still be ahead ("до 20 числа месяца, следующего
        # за отчетным кварталом" in a letter of 5 October: 20 October, for the third quarter); not in a plan's or a
        # campaign's period, whose reports are on its own months
        month -= step
        if month < 1:
            year, month = year - 1, month + 12
    for _ in range(3):
        if day is not None:
            due_year, due_month = (year + (month // 12), month % 12 + 1) if after_period or step > 1 else (year, month)
            due = safe_date(due_year, due_month, min(day, calendar.monthrange(due_year, due_month)[1]))
        else:
            due = month_end(year, month)
        if due and due > base:
            return due
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return None


def _is_reference_date(folded: str, start: int, end: int) -> bool:
    before = folded[max(0, start - 25):start]
    return bool(R.REFERENCE_CONTEXT_BEFORE.search(before) or R.REFERENCE_CONTEXT_AFTER.match(folded[end:end + 6]))


def _candidates(text: str, ctx: Context, loose: bool) -> list[tuple[int, int, Deadline]]:
    folded = fold(text)
    # dates of cited documents ("приказ от 24.07.2020 № 87") are no deadlines, nor is any part of them
    blocked = [m.span() for m in REFERENCE_DATE.finditer(folded) if _is_reference_date(folded, *m.span())]
    found = []
    for name, rx in PRODUCTIONS + (LOOSE_PRODUCTIONS if loose else []):
        for m in rx.finditer(folded):
            start, end = m.span()
            while end > start and folded[end - 1] in " ,;":
                end -= 1
            if end <= start or (start and folded[start - 1].isalnum() and folded[start].isalnum()):
                continue
            if any(start < be and end > bs for bs, be in blocked):
                continue
            if not loose and name in ("school_year", "year_range") and folded.startswith("на", start):
                continue   # "программа на 2020-2021 учебный год" names the subject's period, not a deadline
            d = _interpret(name, m, ctx)
            if d is None:
                continue
            found.append((start, end, d))
    # longest first, then the earliest; a shorter term inside a longer one is part of it
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, Deadline]] = []
    for s, e, d in found:
        if all(e <= cs or s >= ce for cs, ce, _ in chosen):
            chosen.append((s, e, d))
    chosen.sort(key=lambda c: c[0])
    return _from_until(folded, chosen)


def _from_until(folded: str, chosen: list[tuple[int, int, Deadline]]) -> list[tuple[int, int, Deadline]]:
    """"до конца II четверти" is by the period's end; "с 14.11.2026 до конца II четверти" one term from the day to
    the period's end."""
    out: list[tuple[int, int, Deadline]] = []
    for s, e, d in chosen:
        if d.kind == "period" and d.end and re.search(R.UNTIL_END, folded[max(0, s - 30):s]):
            d = d.model_copy(update={"start": None, "kind": "by"})
        if out:
            ps, pe, prev = out[-1]
            if (prev.kind == "on" and prev.end and d.end and prev.end < d.end and re.search(R.FROM_DAY, folded[max(0, ps - 3):ps])
                    and re.match(R.UNTIL, folded[pe:s])):
                out[-1] = (ps, e, Deadline(raw="", start=prev.end, end=d.end, kind="range"))
                continue
        out.append((s, e, d))
    return out


def next_meeting_date(text: str, doc_date: dt.date | None) -> dt.date | None:
    """The one date a protocol sets for its body's next meeting, None where it sets none or several."""
    found = {d.end for m in re.finditer(R.NEXT_MEETING_DATE, fold(text))
             for d in [parse_deadline(text[m.start("date"):m.end("date")], Context(doc_date=doc_date))]
             if d and d.end and d.kind in ("on", "by")}
    return found.pop() if len(found) == 1 else None


def find_deadlines(text: str, ctx: Context, offset: int = 0, loose: bool = False) -> list[Deadline]:
    """Every deadline term in ``text``; spans are shifted by ``offset`` into the document."""
    return [d.model_copy(update={"raw": text[s:e].strip(), "span": Span(start=offset + s, end=offset + e)})
            for s, e, d in _candidates(text, ctx, loose)]


def parse_deadline(text: str, ctx: Context, offset: int = 0) -> Deadline | None:
    """A value meant as a deadline: the whole of it, or its last term; None where it has none."""
    found = [d for d in find_deadlines(text, ctx, offset, loose=True)]
    if not found:
        return None
    dated = [d for d in found if d.end or d.start]
    best = dated[-1] if dated else found[-1]
    if len(dated) >= 2 and all(d.kind == "by" for d in dated):   # "до 20 января 2026 г., до 20 января 2027 г.":
        due = [d for d in dated if not ctx.doc_date or d.end >= ctx.doc_date]   # a series' next term
        best = min(due or dated, key=lambda d: d.end)
    if len(dated) >= 2 and all(d.kind == "on" for d in dated):   # "11.02, 25.02, 11.03, …, 13.05": the days a thing
        days = sorted(d.end for d in dated)                         # is held, from the first to the last
        return Deadline(raw=text.strip(), start=days[0], end=days[-1], kind="range",
                        span=Span(start=dated[0].span.start, end=dated[-1].span.end))
    listed = _listed_months(text, dated, offset)
    if listed:
        return listed
    first = next((d for d in dated if d.kind != "recurring"), None)
    if best.kind == "recurring" and first is not None:   # "2021 год, далее – ежегодно": the first term, then yearly
        best = first.model_copy(update={"recurrence": best.recurrence})
    if best.kind == "none" or not (best.end or best.start):
        return best.model_copy(update={"raw": text.strip()})
    return best


def parse_date(text: str) -> dt.date | None:
    """The first single date written in ``text`` ("15.01. 2021", "1 июня 2020 года")."""
    m = REFERENCE_DATE.search(fold(text))
    return _date_from(m, "a", Context()) if m else None


def first_own_date(text: str) -> dt.date | None:
    """The first date in ``text`` that is no cited law's ("Федерального закона от 25 декабря 2008 года № 273-ФЗ");
    a meeting's ("по итогам совещания … от 05.04.2022") or an approving order's is the document's own."""
    folded = fold(text)
    m = next((m for m in REFERENCE_DATE.finditer(folded) if not (
        re.search(R.LAW_FROM, folded[max(0, m.start() - 80):m.start()])
        or R.REFERENCE_CONTEXT_AFTER.match(folded[m.end():m.end() + 6]) and re.search(R.LAW_NUMBER, folded[m.end():m.end() + 20]))),
             None)
    return _date_from(m, "a", Context()) if m else None


def choose_deadline(text: str, ctx: Context, offset: int) -> tuple[Deadline | None, int]:
    """The deadline an item's own text gives: a trailing term (often in parentheses) wins."""
    found = [d for d in find_deadlines(text, ctx, offset) if d.kind != "none" and not _quoted(text, d, offset)]
    dated = [d for d in found if d.end or d.start]
    starting = _recurring_from(text, dated, ctx, offset)
    if starting:
        return starting, len(dated) - 1
    after_event = _after_the_days_event(found, dated, ctx)
    if after_event:
        return after_event, len(dated)
    # beside a term that is due, no term: the date of what was done ("…, договор заключен 10.10.2025"), a whole
    # year the task is about ("до 25 августа … организации, в которых в 2025 году создаются …"), the day
    # something begins ("… открытие классов с 1 сентября"), a weekday named beside a date and a term replaced
    for not_due in (lambda d: _event_date(text, d, offset), whole_year, lambda d: _opening_date(text, d, offset),
                    _weekday, lambda d: _replaced(text, d, offset)):
        due = [d for d in dated if not not_due(d)]
        dated = due or dated
    terms = [d for d in dated if not _subject_period(text, d, offset)]
    if len(terms) < len(dated):   # "до 1 апреля представить отчет за I квартал": the period is the subject's
        # and where every period is the subject's ("направить отчёт за апрель"), the text sets no term
        return (terms[-1] if terms else None), len(terms)
    within = _recurring_within(dated, ctx)
    if within:
        return within, len(dated)
    listed = _listed_months(text, dated, offset)
    if listed:
        return listed, len(dated)
    if len(dated) > 1 and dated[-1].kind == "recurring" and dated[-2].kind != "recurring" and THEN.search(
            text[dated[-2].span.end - offset:dated[-1].span.start - offset]):
        # "до 1 марта 2024 г., далее – ежеквартально": the first term, then the recurrence
        return dated[-2].model_copy(update={"recurrence": dated[-1].recurrence}), len(dated) - 1
    return (dated[-1] if dated else None), len(dated)


def _after_the_days_event(found: list[Deadline], dated: list[Deadline], ctx: Context) -> Deadline | None:
    """"… олимпиады по химии 10 декабря 2024 г. и передать записи в течение 3 рабочих дней после окончания
    олимпиады": a term counted from an event the same text dates, the one day it names before the term."""
    counted = next((d for d in found if d.kind == "relative" and not d.end and d.span), None)
    days = [d for d in dated if d.kind == "on" and d.span and counted and d.span.end <= counted.span.start]
    if not (counted and len(days) == 1):
        return None
    again = parse_deadline(counted.raw, replace(ctx, event=days[0].end))
    return counted.model_copy(update={"end": again.end}) if again and again.end else None


def _recurring_from(text: str, dated: list[Deadline], ctx: Context, offset: int) -> Deadline | None:
    """"по понедельникам, начиная с 2 июня 2025 г.": a recurring duty that begins on a day still ahead is first
    due on its first occurrence from that day."""
    cycles = [d for d in dated if d.kind == "recurring" and d.end]
    cycle = next((d for d in cycles if re.search(R.WEEKDAY, fold(d.raw))), cycles[0] if cycles else None)
    begins = next((d for d in dated if _opening_date(text, d, offset) and d.end), None)
    if not (cycle and begins and ctx.doc_date and begins.end > ctx.doc_date and cycle.end < begins.end):
        return None
    again = parse_deadline(cycle.raw, Context(doc_date=begins.end - dt.timedelta(days=1), period=ctx.period))
    if not (again and again.kind == "recurring" and again.end):
        return None
    return cycle.model_copy(update={"end": again.end})


CYCLE_DAYS = {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92}


def _recurring_within(dated: list[Deadline], ctx: Context) -> Deadline | None:
    """"ежедневно в период с 1 июня по 31 августа", "по пятницам в период работы лагерей (с 1 июня по 24 июля)",
    "ежемесячно, до 5 числа месяца, следующего за отчетным, в период с июня по август": a recurring duty inside a
    period still ahead runs from the period's start and is first due on its first such day in it (a monthly or
    quarterly report, on its first term counted from the period's start)."""
    cycles = [d for d in dated if d.kind == "recurring" and d.end]
    cycle = next((d for d in cycles if re.search(R.WEEKDAY, fold(d.raw))), cycles[0] if cycles else None)
    period = next((d for d in dated if d.kind in ("range", "period") and d.start and d.end), None)
    if not (cycle and period and ctx.doc_date and period.start > ctx.doc_date):
        return None
    if cycle.recurrence in ("daily", "weekly") and cycle.end >= period.start:
        return None
    if (period.end - period.start).days < CYCLE_DAYS.get(cycle.recurrence, 366):
        return None   # "ежегодно в апреле": the period is one occurrence, not a span the duty recurs in
    if cycle.recurrence in ("daily", "weekly"):
        first = period.start + dt.timedelta(days=(cycle.end.weekday() - period.start.weekday()) % 7
                                            if cycle.recurrence == "weekly" else 0)
        if first > period.end:
            return None
    else:   # a report's term counted from the period's start (on its first month, it may fall due after it)
        again = parse_deadline(cycle.raw, Context(doc_date=period.start, period=ctx.period, plan_from=period.start))
        first = again.end if again and again.kind == "recurring" else None
        if first is None:
            return None
    return cycle.model_copy(update={"start": period.start, "end": first})


def _listed_months(text: str, dated: list[Deadline], offset: int) -> Deadline | None:
    """"октябрь, декабрь 2026 г., март, май 2027 г.", "ноябрь 2026 г., март 2027 г.": months a plan row lists one
    after another, each with its year, are one term from the first to the last, as a list under one year is."""
    if len(dated) < 2 or not all(d.kind in ("period", "range") and d.start and d.end and d.span for d in dated):
        return None
    if any(not re.fullmatch(r"[\s,;]*(?:и\s*)?", text[a.span.end - offset:b.span.start - offset])
           for a, b in zip(dated, dated[1:])):
        return None
    first, last = dated[0], dated[-1]
    return Deadline(raw=text[first.span.start - offset:last.span.end - offset], start=first.start, end=last.end,
                    kind="range", span=Span(start=first.span.start, end=last.span.end))


def _opening_date(text: str, d: Deadline, offset: int) -> bool:
    """A date after "с" with no end ("… планирующих открытие классов с 1 сентября 2024 года"): when something
    begins, not when the task is due."""
    return d.kind == "on" and d.span is not None and bool(
        re.search(r"(?<![а-яё])с\s*$", text[max(0, d.span.start - offset - 4):d.span.start - offset], re.I))


def _weekday(d: Deadline) -> bool:
    """"во вторник" beside a dated term: when something else happens ("ссылку пришлю во вторник")."""
    return bool(re.fullmatch(R.BY_WEEKDAY, fold(d.raw).strip()))


def whole_year(d: Deadline) -> bool:
    """A calendar year named as a whole ("в 2025 году"): what a task is about beside a dated term of its own."""
    return bool(d.start and d.end and d.start.month == 1 and d.start.day == 1 and d.end.month == 12
                and d.end.day == 31 and d.start.year == d.end.year)


def _replaced(text: str, d: Deadline, offset: int) -> bool:
    """"… в период с 1 по 5 марта 2027 года (вместо 15–19 февраля 2027 года)": the term an amendment replaces."""
    return d.span is not None and bool(re.search(r"(?<![а-яё])вместо\s*$", text[max(0, d.span.start - offset - 8):
                                                                                   d.span.start - offset], re.I))


def _event_date(text: str, d: Deadline, offset: int) -> bool:
    """A bare date right after a verb in the past or a short participle ("заключен 10.10.2025", "издан …"), or a
    month a few words after one ("кто уже заполнял форму в марте"): when something happened."""
    if d.kind not in ("on", "period") or d.span is None:
        return False
    before = re.findall(r"[А-Яа-яЁё]+", text[max(0, d.span.start - offset - 40):d.span.start - offset])
    reach = before[-1:] if d.kind == "on" else before[-3:]
    return any("PRTS" in t or ("VERB" in t and "past" in t) for w in reach for t in tags(w)[:1])


def _quoted(text: str, d: Deadline, offset: int) -> bool:
    """The term stands inside «…»: an act's or an event's title ("приказа … «Об организации … в 2027 году»"),
    no term to meet."""
    before = text[:d.span.start - offset] if d.span else ""
    open_at: list[int] = []   # where each quote still open at the term began
    for k, ch in enumerate(before):
        if ch == "«":
            open_at.append(k)
        elif ch == "»" and open_at:
            open_at.pop()
    # a quote the text opens with is a wording it quotes whole («3. … до 31 марта»), not a title; one no quote
    # after the term closes is a name whose closing quote was lost («ЦНППМ «Педагог 13.ру» … в течение 2027 года)
    return bool(open_at) and _closed_after(text[d.span.end - offset:] if d.span else "") and \
        bool(before[:open_at[-1]].strip(" \n\t\"'(:;.,–—-0123456789"))


def _closed_after(after: str) -> bool:
    """Whether a closing quote after a term closes one opened before it."""
    depth = 0
    for ch in after:
        if ch == "«":
            depth += 1
        elif ch == "»":
            if depth == 0:
                return True
            depth -= 1
    return False


THEN = re.compile(r"\bдалее\b|\bв\s+дальнейшем\b|\bи\s+далее\b", re.I)


def has_term(text: str) -> bool:
    """Whether ``text`` names a term of its own (a period its subject speaks of is none)."""
    return any(d.kind != "none" and not _subject_period(text, d, 0) and not _quoted(text, d, 0)
               for d in find_deadlines(text, Context()))


SUBJECT_PERIOD = re.compile(r"(?:\bза|\bна|\bо|\bоб)\s*$", re.I)
# the dates of a period named just before, in brackets: "план … на период зимних каникул (с 31.12.2026 по 11.01.2027)"
NAMED_PERIOD = re.compile(r"\b(?:на|за)\s+(?:период|время)\b[^().;]{0,40}\(\s*$", re.I)


def _subject_period(text: str, d: Deadline, offset: int) -> bool:
    """A period the task speaks about ("отчет за I квартал", "план на 2024 год"), not a term to meet."""
    if d.kind not in ("period", "range") or d.span is None:
        return False
    before = text[max(0, d.span.start - offset - 40):d.span.start - offset]
    if R.YEAR_ONLY.match(d.raw) and not R.YEAR_AS_TERM_BEFORE.search(before):
        return True
    return bool(SUBJECT_PERIOD.search(before[-6:]) or NAMED_PERIOD.search(before))
