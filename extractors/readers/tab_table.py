"""Tables typed with tabs (a plan or schedule in a plain text, an RTF or a Word letter): lines whose columns
are separated by tab characters, a task's words going on in a line that starts with a tab, a rule of
dashes or a "п/п" under the header. Each reader hands its lines here and builds a table of what comes back.

The column of a field is its count of tabs after the table's common indent where the rows agree on it (a row
with as many fields as the table has columns; a header typed to the tab stops has its filled fields taken in
order). Where rows were typed with as many tabs as each looked to need, the count says little: a row filling
every column takes its fields in order, and a field of any other line (a row with an empty cell, a task's
words going on under it) goes to the column whose fields start nearest to it on the line, tab stops set
every eight characters as plain text editors set them."""
from __future__ import annotations

import re
import statistics
from collections import Counter

from schemas.document import Locator

SEPARATOR = re.compile(r"^[\s\t]*[-_=—–]{5,}[\s\t]*$")
SHORT = 12          # a line under a row no longer than this ("п/п") is that row's, not prose
PROSE = 40          # a field this long alone on a line at the table's own indent is a paragraph's
NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})*[.)]?\t")
TAB_STOP = 8        # characters between tab stops, as plain text editors set them
MIN_ROWS = 3        # rows with two filled fields a run amid prose needs to be a table, not a signature line or two


def _filled(line: str) -> list[str]:
    return [f.strip() for f in line.split("\t") if f.strip()]


def _is_row(line: str) -> bool:
    return "\t" in line and len(_filled(line)) >= 2


def _tabs(line: str) -> int:
    return len(line) - len(line.lstrip("\t"))


def _goes_on(line: str, indent: int = 0) -> bool:
    """A line that continues the row above: it starts with a tab and fills some column. Where the table itself
    is indented, a line at that indent with one long field is a paragraph of the letter, indented as all of its
    paragraphs are ("\tПросим Вас: …" after "\tДата\tПредмет …" rows)."""
    if not (line.startswith("\t") and _filled(line)):
        return False
    return not (indent and _tabs(line) <= indent and len(_filled(line)) == 1 and len(line.strip()) > PROSE)


def runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) of each stretch of ``lines`` that is a tab table; blank lines and rules inside it are
    its own."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not _is_row(lines[i]):
            i += 1
            continue
        start = last = j = i
        numbered = 0
        indent = _tabs(lines[i])
        while j < len(lines):
            line = lines[j]
            if _is_row(line) and not _goes_on(line, indent) and numbered >= 2 and not NUMBER.match(line.lstrip("\t")):
                break     # after numbered rows, a row with no number ("Начальник отдела\tП.П. Петров") is past it
            if _is_row(line) or _goes_on(line, indent):
                numbered += bool(NUMBER.match(line.lstrip("\t")))
                last = j
            elif line.strip() and not SEPARATOR.match(line) and not (len(line.strip()) <= SHORT and last == j - 1):
                break
            j += 1
        found = sum(_is_row(ln) for ln in lines[start:last + 1])
        alone = (start == 0 or not lines[start - 1].strip()) and (last + 1 == len(lines) or not lines[last + 1].strip())
        if found >= MIN_ROWS or found >= 2 and alone:   # two tab lines set apart by blank lines are a table too
            out.append((start, last + 1))
        i = last + 1
    return out


def _placed(line: str) -> list[tuple[int, str]]:
    """(where it starts on the line, text) of each filled field of ``line``."""
    out, pos = [], 0
    for k, field in enumerate(line.split("\t")):
        if k:
            pos = (pos // TAB_STOP + 1) * TAB_STOP
        if field.strip():
            out.append((pos + len(field) - len(field.lstrip()), field.strip()))
        pos += len(field)
    return out


def rows(lines: list[str]) -> list[list[str]]:
    """The cells of a run's rows, continuation lines folded into the row above."""
    body = [ln for ln in lines if ln.strip() and not SEPARATOR.match(ln)]
    indent = min(_tabs(ln) for ln in body if _is_row(ln))
    fields = [ln.split("\t")[indent:] if ln.startswith("\t" * indent) else ln.lstrip("\t").split("\t") for ln in body]
    mains = [f for f in fields if f[0].strip() and sum(bool(x.strip()) for x in f) >= 2]
    # rows typed with as many tabs agree on them, the header apart; a paragraph whose cells go on in lines of
    # their own (a legacy .doc's) keeps its tabs
    if len({len(f) for f in mains[1:]}) > 1 and "\n" not in "".join(body):
        return _by_place(body, indent)
    width = Counter(len(f) for f in mains).most_common(1)[0][0]
    out: list[list[str]] = []
    for f in fields:
        filled = [x.strip() for x in f if x.strip()]
        if not out or f[0].strip() and len(filled) >= 2:    # a run may open with a continuation line ("п/п")
            cells = [x.strip() for x in f] if len(f) == width else filled
            cells = (cells + [""] * width)[:width - 1] + [" ".join(cells[width - 1:]).strip()]
            out.append(cells)
            continue
        row = out[-1]
        for k, x in enumerate(f):     # a line without tabs ("п/п") goes to the first column
            if x.strip():
                col = min(k, width - 1)
                row[col] = f"{row[col]} {x.strip()}".strip()
    return out


def _by_place(body: list[str], indent: int) -> list[list[str]]:
    """Rows typed with as many tabs as each looked to need: a row filling every column takes its fields in
    order, a field of any other line goes to the column whose fields start nearest to it."""
    begins = [_tabs(ln) <= indent and len(_filled(ln)) >= 2 for ln in body]
    placed = [_placed(ln) for ln in body]
    width = Counter(len(p) for p, b in zip(placed, begins) if b).most_common(1)[0][0]
    full = [p for p, b in zip(placed, begins) if b and len(p) == width]
    starts = [statistics.median(p[k][0] for p in full) for k in range(width)]
    out: list[list[str]] = []
    for line, fields, begin in zip(body, placed, begins):
        if begin or not out:
            out.append([""] * width)
        row = out[-1]
        if begin and len(fields) == width:
            columns = list(range(width))
        elif "\t" not in line:
            columns = [0]
        else:
            columns, least = [], 0
            for pos, _ in fields:
                least = min(range(least, width), key=lambda k: abs(starts[k] - pos))
                columns.append(least)
        for col, (_, text) in zip(columns, fields):
            row[col] = f"{row[col]} {text}".strip()
    return out


def table(lines: list[str], index: int) -> list[list[dict]]:
    """A run's rows as the builder's cell dicts."""
    return [[{"text": c, "col": i, "col_span": 1, "row_span": 1, "locator": Locator(table=index, row=r, cell=i)}
             for i, c in enumerate(row)] for r, row in enumerate(rows(lines))]
