"""A protocol's attendance list ("ПРИСУТСТВОВАЛИ:", "Приглашены:"): each person there with the post and the
body they came for. A responsible named by surname and post alone ("Ответственные: Ситников А.Е., начальник
отдела") is placed by the entry of the list that names the same person ("Ситников А.Е. – начальник отдела
образования Администрации Колпашевского района")."""
from __future__ import annotations

import re

from extractors import obligation_rules as O
from schemas.document import Document

OPENS = re.compile(r"^\s*(?:присутствовали|присутствовал[аи]?|приглашен\w*|участвовали|в\s+режиме\s+видеоконференц\w*)"
                   r"\b", re.I)
# where the list ends: the agenda, the first question or decision, a numbered item
CLOSES = re.compile(r"^\s*(?:повестка|слушали|решили|постановили|выступили|по\s+\w+\s+вопросу|[IVX]+\.|\d{1,2}\.\s)", re.I)
MAX_BLOCKS = 60


def roster(doc: Document) -> dict[str, str]:
    """Surname stem (O.surnames) -> the one entry of the attendance lists naming that person; a surname two
    entries share is left out."""
    entries: list[str] = []
    inside = False
    for block in doc.blocks[:MAX_BLOCKS * 3]:
        if block.kind == "table":
            if inside:
                entries.extend("\t".join(c.text for c in row.cells) for row in block.rows)
            continue
        lines = block.text.split("\n")
        for k, line in enumerate(lines):
            if OPENS.match(line):
                inside = True
                rest = "\n".join([OPENS.sub("", line).strip(" :")] + lines[k + 1:]).strip()
                entries.extend(_entries(rest))
                break
            if inside and CLOSES.match(line):
                return _by_surname(entries)
        else:
            if inside:
                entries.extend(_entries(block.text))
    return _by_surname(entries)


def _by_surname(entries: list[str]) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for entry in entries:
        for stem in O.surnames(entry):
            found.setdefault(stem, []).append(re.sub(r"\s+", " ", entry).strip())
    return {stem: texts[0] for stem, texts in found.items() if len(texts) == 1}


def _entries(text: str) -> list[str]:
    """A paragraph's entries: one a line, a line wrapped by hand going on where it does not open with a name."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and line.strip() and not O.SURNAME_WITH_INITIALS.match(line.strip()):
            out[-1] = f"{out[-1]} {line.strip()}"
        elif line.strip():
            out.append(line.strip())
    return out


def entry_of(name: str, people: dict[str, str]) -> str | None:
    """The attendance entry of the one person ``name`` names, where the name itself places no body."""
    stems = O.surnames(name)
    return people.get(next(iter(stems))) if len(stems) == 1 else None
