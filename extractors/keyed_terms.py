"""A letter's list of terms after its tasks, each line keyed by what it is for rather than by an item's number:

    Сроки представления информации:
    по форме приложения 1 – ежеквартально, до 20 числа месяца, следующего за отчетным кварталом;
    по форме приложения 2 – до 12.10.2026;
    об актуализации паспортов маршрутов – до 30 ноября 2026 г.

Each line's term goes to the one task above the list that its key names: by the appendix both name, else by the
words they share. A key that names no task, or two equally, gives its term to none."""
from __future__ import annotations

import re

from extractors.deadlines import Context, parse_deadline
from schemas.document import Document
from schemas.extraction import Obligation

KEYED_REASON = "deadline from a list of terms"
HEADER = re.compile(r"^\s*срок\w*\s+(?:представления|направления|исполнения|предоставления)(?:\s+[а-яё]+){0,2}\s*:\s*$", re.I)
LINE = re.compile(r"^\s*[-–—•]?\s*(?P<key>(?:по|об?|для)\s+[^–—]{3,160}?)\s+[–—-]\s+(?P<term>.+?)[;.]?\s*$", re.I)
APPENDIX = re.compile(r"приложени\w*\s*(?:№\s*)?(\d{1,2})", re.I)
MAX_LINES = 8


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[а-яё]{5,}", text.lower())} - {"форме", "прило", "соотв", "согла", "инфор", "сведе"}


def _which(key: str, candidates: list[Obligation]) -> Obligation | None:
    appendix = APPENDIX.search(key)
    if appendix:
        named = [o for o in candidates if any(m.group(1) == appendix.group(1) for m in APPENDIX.finditer(o.text))]
        return named[0] if len(named) == 1 else None
    scored = sorted(((len(_stems(key) & _stems(o.text)), k) for k, o in enumerate(candidates)), reverse=True)
    if not scored or scored[0][0] < 2 or len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return candidates[scored[0][1]]


def apply_keyed_terms(doc: Document, obligations: list[Obligation], ctx: Context) -> None:
    """Give the tasks above each list of terms the terms its lines key to them."""
    paragraphs = [b for b in doc.blocks if b.kind == "paragraph"]
    for k, block in enumerate(paragraphs):
        if not HEADER.match(block.text):
            continue
        above = [o for o in obligations if o.span.end <= block.span.start and o.deadline is None]
        for line in paragraphs[k + 1:k + 1 + MAX_LINES]:
            m = LINE.match(line.text)
            if not m:
                break
            ob = _which(m.group("key"), above)
            # (a remark in brackets is not the term: "… кварталом (первый отчет – за III квартал 2026 года)")
            said = re.sub(r"\([^()]*\)", lambda b: " " * len(b.group(0)), m.group("term"))
            term = parse_deadline(said, ctx, line.span.start + m.start("term"))
            if ob is not None and term is not None and term.kind != "none":
                ob.deadline = term
                ob.reasons.append(KEYED_REASON)
                above.remove(ob)
