"""Tables drawn with characters in a plain text (a plan typed in a fixed-width font, or printed so by an
old program): cells between vertical bars ("|", "│", "║"), rows between rules of "+---+", "═══" or the
box-drawing lines ("├───┼───┤"). A task's words wrapped over several lines of a row are that cell's.
Where only the header is ruled off, a line whose first cell is filled starts a row, as a number would.
Each reader of plain text hands its lines here and builds a table of what comes back."""
from __future__ import annotations

import re

from schemas.document import Locator

BAR = re.compile(r"[|│║┃]")
RULE = re.compile(r"^\s*[+|│║┃┌┬┐├┼┤└┴┘╔╦╗╠╬╣╚╩╝╒╤╕╘╧╛╞╪╡╟╫╢╓╥╖╙╨╜]?[-=─━═+┌┬┐├┼┤└┴┘╔╦╗╠╬╣╚╩╝╒╤╕╘╧╛╞╪╡╟╫╢╓╥╖╙╨╜|│║ ]{4,}\s*$")
HORIZONTAL = re.compile(r"[-=─━═]{3,}")
MIN_ROWS = 2   # lines with cells a table needs, so that a line quoting "a | b" is no table


def _is_rule(line: str) -> bool:
    return bool(RULE.match(line) and HORIZONTAL.search(line))


def _fields(line: str) -> list[str] | None:
    """The cells of a line between its bars, or None for a line that is no row of a drawn table."""
    s = line.strip()
    if not s or not BAR.match(s) or len(BAR.findall(s)) < 3:
        return None
    parts = BAR.split(s)
    return [p.strip() for p in parts[1:-1 if not parts[-1].strip() else None]]


def runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each stretch of ``lines`` that is a drawn table, its rules included."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _fields(lines[i]) is None and not _is_rule(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and (_fields(lines[j]) is not None or _is_rule(lines[j])):
            j += 1
        if sum(_fields(ln) is not None for ln in lines[i:j]) >= MIN_ROWS:
            out.append((i, j))
        i = j
    return out


def rows(lines: list[str]) -> list[list[str]]:
    """The cells of a run's rows. Rules part the rows; where the body has none, a line whose first cell is
    filled begins a row. A line of fewer cells than the table's (a section heading across it) is a row of
    its own, its text in the first cell."""
    groups: list[list[list[str]]] = [[]]
    for line in lines:
        if _is_rule(line):
            if groups[-1]:
                groups.append([])
            continue
        groups[-1].append(_fields(line) or [])
    groups = [g for g in groups if g]
    width = max(len(f) for g in groups for f in g)
    out: list[list[str]] = []
    for group in groups:
        ruled = len(group) == 1 or len(groups) > 2   # the body's rows are ruled off each from the next
        row: list[str] | None = None
        for fields in group:
            if len(fields) < width:   # a heading across the table
                out.append([" ".join(f for f in fields if f)] + [""] * (width - 1))
                row = None
                continue
            if row is None or (not ruled and fields[0]):
                row = [""] * width
                out.append(row)
            for k, text in enumerate(fields):
                if text:
                    row[k] = f"{row[k]} {text}".strip()
    return [r for r in out if any(r)]


def table(lines: list[str], index: int) -> list[list[dict]]:
    """A run's rows as the builder's cell dicts."""
    return [[{"text": c, "col": i, "col_span": 1, "row_span": 1, "locator": Locator(table=index, row=r, cell=i)}
             for i, c in enumerate(row)] for r, row in enumerate(rows(lines))]
