"""References to other documents: kind, issuer, number and date ("приказом ОО №87 от 24.07. 2020 года")."""
from __future__ import annotations

import re

from extractors import deadline_rules as R
from extractors.deadlines import fold, parse_date
from schemas.document import Document, Span
from schemas.extraction import Reference

NUM = r"(?P<num>[0-9a-zа-я][0-9a-zа-я/\-.]*[0-9a-zа-я]|\d)"
DATE = r"(?P<date>" + R.date_rx("a") + r")" + R.YEAR_WORD
NUMBER_DATE = re.compile(r"(?:\bот\s*" + DATE + r"\s*(?:№|n)\s*" + NUM + r"|(?:№|n)\s*" + NUM.replace("num", "num2")
                         + r"\s*от\s*" + DATE.replace("date", "date2").replace("(?P<a", "(?P<c") + r")")
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


def _valid_number(num: str) -> str | None:
    num = num.strip(".-/")
    return num if re.search(r"\d", num) else None


def find_references(doc: Document) -> list[Reference]:
    text = _masked(doc.text)
    out: list[Reference] = []
    for m in NUMBER_DATE.finditer(text):
        num = _valid_number(m.group("num") or m.group("num2"))
        date = parse_date(doc.text[m.start("date"):m.end("date")] if m.group("date")
                          else doc.text[m.start("date2"):m.end("date2")])
        if not num:
            continue
        before = text[max(0, m.start() - 160):m.start()]
        kinds = list(KIND_RX.finditer(before))
        kind = issuer = None
        if kinds:
            last = kinds[-1]
            kind = next(name for stem, name in KINDS if last.group(1).lower().startswith(stem))
            issuer_text = doc.text[m.start() - len(before) + last.end():m.start()].strip(" ,")
            issuer = issuer_text or None
        prefix = text[max(0, m.start() - 6):m.start()]
        if re.search(r"\bна\s*$", prefix):   # "на № … от …" is what this document answers
            kind = kind or "письмо"
        out.append(Reference(kind=kind, issuer=issuer, number=doc.text[m.start("num") if m.group("num") else
                                                                       m.start("num2"):][:len(num)],
                             date=date, span=Span(start=m.start(), end=m.end())))
    for m in IN_REPLY.finditer(text):
        num = _valid_number(m.group("num"))
        if num and not any(r.span.start <= m.start("num") < r.span.end for r in out):
            out.append(Reference(kind="письмо", number=doc.text[m.start("num"):m.start("num") + len(num)],
                                 date=parse_date(doc.text[m.start("date"):m.end("date")]),
                                 span=Span(start=m.start(), end=m.end())))
    return sorted(out, key=lambda r: r.span.start)


def in_reply_to(doc: Document, header_end: int) -> list[Reference]:
    """The "на № … от …" line of the letterhead; a blank one ("на № ____ от ____") gives nothing."""
    text = _masked(doc.text[:header_end])
    out = []
    for m in IN_REPLY.finditer(text):
        num = _valid_number(m.group("num"))
        if num:
            out.append(Reference(kind="письмо", number=doc.text[m.start("num"):m.start("num") + len(num)],
                                 date=parse_date(doc.text[m.start("date"):m.end("date")]),
                                 span=Span(start=m.start(), end=m.end())))
    return out
