"""A term given once for a group of items: "Срок по подпунктам 1.1 – 1.3 – до 25 июля 2024 г.", "По пунктам 3, 4
срок – …", "Срок: по пункту 1 — до …; по пунктам 2–4 — …", "Срок исполнения пунктов 1.1 – 1.3: до …", "Пункты 2 – 4
исполнить в срок до …", "Материалы по пунктам 1 и 3 направляются … не позднее …", "Срок исполнения по первому
вопросу – до …" (a protocol's items 1.1, 1.2, … on its first question). The line names its items by
number, wherever it stands; the term goes to exactly those items (and their sub-items)."""
from __future__ import annotations

import re

from extractors import deadline_rules as R
from extractors import obligation_rules as O
from extractors.deadlines import Context, parse_deadline
from schemas.extraction import Deadline, Obligation

Number = tuple[int, ...]
GROUP_REASON = "deadline from a line for a group of items"


def _number(s: str) -> Number:
    return tuple(int(p) for p in s.strip(" .").split("."))


def item_refs(items: str) -> list[tuple[Number, Number]]:
    """"1.1 - 1.3" → [((1, 1), (1, 3))]; "2, 3 и 5" → three single items."""
    out = []
    for part in re.split(r"\s*(?:,|\bи\b)\s*", items.strip()):
        ends = [e for e in re.split(r"\s*[-–—]\s*", part) if e.strip(" .")]
        if ends:
            out.append((_number(ends[0]), _number(ends[-1])))
    return out


def covers(refs: list[tuple[Number, Number]], number: str | None) -> bool:
    """Whether an item's number falls in the refs; "пункт 3" covers its sub-items 3.1, 3.2 too."""
    if not number or not re.fullmatch(r"\d+(?:\.\d+)*", number):
        return False
    n = _number(number)
    for lo, hi in refs:
        k = len(lo)
        if len(n) >= k and len(hi) == k and lo <= n[:k] <= hi:
            return True
    return False


def read_group_line(text: str, start: int, ctx: Context) -> list[tuple[list, Deadline | None]] | None:
    """The (items, term) pairs of a group's term line, or None where the line is no such line."""
    if len(text) > 400:
        return None
    question = O.GROUP_TERM_QUESTION.match(text)
    if question:
        q = question.group("question").lower().replace("ё", "е")
        n = int(q) if q.isdigit() else next(v for k, v in R.ORDINAL_WORDS.items() if q.startswith(k))
        dl = parse_deadline(text[question.end():], ctx, start + question.end())
        return [([((n,), (n,))], None if dl.kind == "none" else dl)] if dl else None
    if not O.GROUP_TERM_LINE.match(text):
        return _group_sentence(text, start, ctx)
    cuts = sorted({0, *(m.end() for m in O.GROUP_TERM_NEXT.finditer(text)), len(text)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        m = O.GROUP_TERM.match(text, a) or O.GROUP_TERM_EXECUTE.match(text, a)
        if not m or m.end() > b:
            continue
        term = text[m.end():b]
        dl = parse_deadline(term, ctx, start + m.end())
        if dl is not None:
            out.append((item_refs(m.group("items")), None if dl.kind == "none" else dl))
    return out or None


def _group_sentence(text: str, start: int, ctx: Context) -> list[tuple[list, Deadline | None]] | None:
    """"Материалы по пунктам 1 и 3 направляются … не позднее 26.02.2024; сведения по пункту 2 — ежемесячно, …": each
    ;-part's items take the term it names."""
    found = list(O.GROUP_TERM_SENT.finditer(text))
    if not found or found[0].start() > 0:
        return None
    out = []
    for m in found:
        end = text.find(";", m.end())
        end = len(text) if end < 0 else end
        dl = parse_deadline(text[m.end():end], ctx, start + m.end())
        if dl is not None and dl.kind != "none":
            out.append((item_refs(m.group("items")), dl))
    return out or None


def apply_group_terms(obs: list[Obligation], groups: list[tuple[list, Deadline | None]]) -> None:
    """The items a group line names take its term: the line names them, which no other term does."""
    for refs, dl in groups:
        for ob in obs:
            if covers(refs, ob.number):
                ob.deadline = dl
                ob.reasons = [r for r in ob.reasons if r not in ("deadline ambiguous", "deadline line",
                                                                 "deadline from the group head")] + [GROUP_REASON]
