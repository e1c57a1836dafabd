"""One logical table split into several: over a page break, after a section heading set between two
tables, or as the next table of the same appendix without its own header row. Readers hand in their
items in document order — ("table", rows, locator) or (kind, text, locator, ...) — and get the
continuations folded into the table they continue.

Rows are lists of cell dicts {"text", "col", "col_span", "row_span", "locator"} as readers build them."""
from __future__ import annotations

import re

from extractors.readers.table_header import header_columns

SECTION_MAX_CHARS = 120      # a heading between two parts of a table, not a paragraph of prose
SECTION_MAX_BETWEEN = 2
SENTENCE_END = re.compile(r"[.;:]\s*$")
LIST_ITEM = re.compile(r"^\s*(\d{1,2}(\.\d{1,2})*[.)]|[а-яa-z]\))\s")


def width(rows: list[list[dict]]) -> int:
    return max((sum(c["col_span"] for c in r) for r in rows), default=0)


def header_at(rows: list[list[dict]]) -> int | None:
    """Index of a task-table header row among the first three rows, or None."""
    for i, row in enumerate(rows[:3]):
        if header_columns([(c["col"], c["text"]) for c in row]):
            return i
    return None


def _roles(row: list[dict]):
    """A header row's column roles: the same header read twice by OCR differs in letters, not in roles."""
    cols = header_columns([(c["col"], c["text"]) for c in row])
    return cols and (cols.task, cols.deadline, cols.responsible)


def _texts(row: list[dict]) -> list[str]:
    return [re.sub(r"\s+", " ", c["text"]).strip() for c in row]


def _is_section(item: tuple) -> bool:
    text = item[1].strip()
    return (item[0] == "paragraph" and 0 < len(text) <= SECTION_MAX_CHARS and not SENTENCE_END.search(text)
            and not LIST_ITEM.match(text))


def _continues(prev: tuple, between: list[tuple], item: tuple, task_tables: set[int]) -> bool:
    prev_rows, rows = prev[1], item[1]
    if not rows or not prev_rows or width(rows) != width(prev_rows):
        return False
    own_header = header_at(rows)
    if own_header is not None and _roles(rows[own_header]) != _roles(prev_rows[header_at(prev_rows) or 0]):
        return False   # a table of its own, with a different header
    new_page = prev[2].page is not None and item[2].page is not None and prev[2].page != item[2].page
    if new_page and not between:
        return True    # the same grid going on over a page break
    return id(prev_rows) in task_tables and all(_is_section(b) for b in between)


def _join(prev_rows: list[list[dict]], rows: list[list[dict]], cut: bool) -> list[list[dict]]:
    """A repeated header row is dropped. Where nothing stands between the parts (``cut``), a first row with
    an empty number cell is the rest of the row the break cut, and a cell merged down over the break, left
    empty below it, is the merged cell going on."""
    ph = header_at(prev_rows)
    if rows and ph is not None and _roles(rows[0]) == _roles(prev_rows[ph]):
        rows = rows[1:]
    while rows and all(re.fullmatch(r"\d{1,2}\.?", t) for t in _texts(rows[0]) if t) and \
            _texts(rows[0]) == [str(i + 1) for i in range(len(rows[0]))]:
        rows = rows[1:]   # column numbers repeated under the header
    if not rows or not prev_rows or not cut:
        return rows
    first, last = rows[0], prev_rows[-1]
    covering = _covering(prev_rows)
    number_col = last[0]["col"]
    if len(last) > 1 and not any(c["text"].strip() for c in first if c["col"] == number_col):
        for b in first:   # the rest of the row the break cut, column by column
            a = next((c for c in last if c["col"] == b["col"]), covering.get(b["col"]))
            if a is None:
                last.append(b)
                continue
            a["text"] = f"{a['text']} {b['text']}".strip()
            a["row_span"] += b["row_span"] - 1     # the cut row is one row, counted on both pages
        last.sort(key=lambda c: c["col"])
        return rows[1:]
    for cell in list(first):
        above = covering.get(cell["col"])
        if (above is not None and not cell["text"].strip() and above["text"].strip()
                and above["col_span"] == cell["col_span"] and (above["row_span"] > 1 or cell["row_span"] > 1)):
            above["row_span"] += cell["row_span"]
            first.remove(cell)
    return rows


def _covering(rows: list[list[dict]]) -> dict[int, dict]:
    """Column -> the cell that covers it on the last row (a cell merged down from above included)."""
    out: dict[int, dict] = {}
    last = len(rows) - 1
    for r, row in enumerate(rows):
        for c in row:
            if r + c["row_span"] - 1 >= last:
                out[c["col"]] = c
    return out


def _section_row(item: tuple, ncols: int) -> list[dict]:
    return [{"text": item[1].strip(), "col": 0, "col_span": ncols, "row_span": 1, "locator": item[2]}]


def merge_continued(items: list[tuple]) -> list[tuple]:
    out: list[tuple] = []
    task_tables: set[int] = set()   # id() of the row lists of tables with a task header
    for item in items:
        if item[0] != "table":
            out.append(item)
            continue
        j, between = len(out) - 1, []
        while j >= 0 and out[j][0] != "table" and len(between) <= SECTION_MAX_BETWEEN:
            if out[j][0] not in ("footer", "header"):
                between.insert(0, out[j])
            j -= 1
        prev = out[j] if j >= 0 and out[j][0] == "table" else None
        if prev is not None and len(between) <= SECTION_MAX_BETWEEN and _continues(prev, between, item, task_tables):
            prev_rows = prev[1]
            for b in between:
                prev_rows.append(_section_row(b, width(prev_rows)))
            prev_rows.extend(_join(prev_rows, item[1], cut=not between))
            out[j + 1:] = [o for o in out[j + 1:] if o[0] in ("footer", "header")]
            continue
        if header_at(item[1]) is not None:
            task_tables.add(id(item[1]))
        out.append(item)
    return out
