"""References to other documents: kind, issuer, number and date ("приказом ОО №87 от 24.07. 2020 года")."""
from __future__ import annotations

import re

from extractors import deadline_rules as R
from extractors.deadlines import fold, parse_date
from schemas.document import Document, Span
from schemas.extraction import Reference

NUM = r"(?P<num>[0-9a-zа-я][0-9a-zа-я/\-.]*[0-9a-zа-я]|\d)"
DATE = r"(?P<date>" + R.date_rx("a") + r")" + R.YEAR_WORD
# "от 12.03.2020 № 45", "№ 45 от 12.03.2020", "№ «1/22» от …", and a kind word with a bare number
# ("протокол 3/21 от 27.09.2021": a number with a slash or dash, so no count of things is taken)
NUMBER_DATE = re.compile(r"(?:\bот\s*" + DATE + r"\s*(?:№|n)\s*" + NUM + r"|(?:№|n)\s*[«\"]?" + NUM.replace("num", "num2")
                         + r"[»\"]?\s*от\s*" + DATE.replace("date", "date2").replace("(?P<a", "(?P<c")
                         + r"|(?:протокол\w*|приказ\w*|распоряжени\w*|постановлени\w*|решени\w*)\s+(?P<num3>\d[\w.]*[/\-][\w/\-.]*\w)"
                           r"\s+от\s*" + DATE.replace("date", "date3").replace("(?P<a", "(?P<e") + r")")
KINDS = [("приказ", "приказ"), ("распоряжени", "распоряжение"), ("постановлени", "постановление"),
         ("письм", "письмо"), ("протокол", "протокол"), ("решени", "решение"), ("указ", "указ"),
         ("закон", "закон"), ("поручени", "поручение")]
KIND_RX = re.compile(r"\b(" + "|".join(k for k, _ in KINDS) + r")\w*", re.I)
URL = re.compile(r"(https?://|www\.)\S+")
IN_REPLY = re.compile(r"\bна\s*(?:№|n)?\s*" + NUM + r"\s*от\s*" + DATE)


def _masked(text: str) -> str:
    """Folded text with web addresses blanked out (their encoded words are no references)."""
    folded = fold(text)
    return URL.sub(lambda m: " " * len(m.group(0)), folded)


def group_text(text: str, m: re.Match, *groups: str) -> tuple[str, int] | None:
    """The original text of the first of ``groups`` that matched (patterns run on folded text)."""
    for g in groups:
        if m.group(g):
            return text[m.start(g):m.end(g)], m.start(g)
    return None


def number_in(text: str, m: re.Match, *groups: str) -> str | None:
    """A document number as written; one with no digit ("на № отг", "№ ____") is none."""
    found = group_text(text, m, *groups)
    num = found[0].rstrip(".-/") if found else ""
    return num if re.search(r"\d", num) else None


def date_in(text: str, m: re.Match, *groups: str):
    found = group_text(text, m, *groups)
    return parse_date(found[0]) if found else None


def _replies(doc: Document, masked: str) -> list[Reference]:
    out = []
    for m in IN_REPLY.finditer(masked):
        num = number_in(doc.text, m, "num")
        if num:
            out.append(Reference(kind="письмо", number=num, date=date_in(doc.text, m, "date"),
                                 span=Span(start=m.start(), end=m.end())))
    return out


def find_references(doc: Document) -> list[Reference]:
    text = _masked(doc.text)
    out: list[Reference] = []
    for m in NUMBER_DATE.finditer(text):
        num = number_in(doc.text, m, "num", "num2", "num3")
        if not num:
            continue
        before = text[max(0, m.start() - 160):m.start()]
        kinds = list(KIND_RX.finditer(before))
        kind = issuer = None
        if kinds:
            last = kinds[-1]
            kind = next(name for stem, name in KINDS if last.group(1).lower().startswith(stem))
            issuer = doc.text[m.start() - len(before) + last.end():m.start()].strip(" ,") or None
        if re.search(r"\bна\s*$", text[max(0, m.start() - 6):m.start()]):   # what this document answers
            kind = kind or "письмо"
        out.append(Reference(kind=kind, issuer=issuer, number=num, date=date_in(doc.text, m, "date", "date2", "date3"),
                             span=Span(start=m.start(), end=m.end())))
    out += [r for r in _replies(doc, text) if not any(r.span.start < o.span.end and o.span.start < r.span.end for o in out)]
    return sorted(out, key=lambda r: r.span.start)


def in_reply_to(doc: Document, header_end: int) -> list[Reference]:
    """The "на № … от …" line of the letterhead; a blank one ("на № ____ от ____") gives nothing."""
    return _replies(doc, _masked(doc.text[:header_end]))
