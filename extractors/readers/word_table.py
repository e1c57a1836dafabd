"""Tables without ruling lines: a PDF exported without borders, or the words Tesseract read off a scanned
plan. Found only under a header line whose column titles name a task and a term or a responsible
(table_header); the columns are the header's clusters of words, split where the body's words leave a gap;
a row starts at an item number (or, without a number column, after a wide vertical gap); a line
spanning several columns is a section row; a line of prose across the table ends it.

Words are dicts with x0, x1, top, bottom, size and text (pdfplumber's, or OCR's in page points)."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from extractors import obligation_rules as O
from extractors.readers.ocr import unsure_share
from extractors.readers.table_header import ATTRIBUTE, Columns, header_columns
from schemas.document import Locator

HEADER_MAX_LINES = 3
ITEM_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*\.?$")
WORDY = re.compile(r"[^\W_]|№")   # a header word, not a dash or a speck the scan left
HEADER_STOP = re.compile(r"[,;)]$")
HEADER_MAX_WORDS = 4   # per column title: more is the text of a row right under the header
PAGE_NUMBER = re.compile(r"^[-–]?\d{1,3}[-–]?$")
CROSS = 3.0           # points a section title reaches past a column boundary on each side
ROW_GAP_SHARE = 0.6   # white of this share of a line's height over the usual spacing parts two rows
PROSE_SHARE = 0.6       # a flush-left spanning line wider than this share of the table is prose after it
SECTION_LOOKAHEAD = 4   # ... unless a numbered row follows within this many lines: then it heads a section


@dataclass
class PageTable:
    bbox: tuple[float, float, float, float]
    rows: list[list[dict]]
    lines: set[int] = field(default_factory=set)   # indices of the page lines a borderless table took
    layout: "Layout | None" = None                 # its columns, for a page that goes on without a header


def _gap(words: list[dict]) -> float:
    return max(6.0, 0.9 * statistics.median(w["size"] for w in words))


def _clusters(words: list[dict], gap: float) -> list[list[dict]]:
    """Words grouped by horizontal overlap or closeness: a column title over one or more lines."""
    out: list[list[dict]] = []
    for w in sorted(words, key=lambda w: w["x0"]):
        if out and w["x0"] - max(o["x1"] for o in out[-1]) <= gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _text(words: list[dict]) -> str:
    ordered = sorted(words, key=lambda w: (round(w["top"] / max(w["size"], 1) / 0.6), w["x0"]))
    return " ".join(w["text"] for w in ordered)


def _span(ws: list[dict]) -> tuple[float, float]:
    return min(w["x0"] for w in ws), max(w["x1"] for w in ws)


def find_header(lines: list[list[dict]], i: int) -> tuple[int, list[list[dict]], Columns] | None:
    """A header starting at line i: (lines it takes, its column clusters, their roles), or None."""
    first = [w for w in lines[i] if WORDY.search(w["text"])]
    if len(first) < 3:
        return None
    gap = _gap(first)
    clusters = _clusters(first, gap)
    if len(clusters) < 3:
        return None
    n = 1
    while n < HEADER_MAX_LINES and i + n < len(lines):
        nxt, prev = [w for w in lines[i + n] if WORDY.search(w["text"])], lines[i + n - 1]
        if not nxt:
            break
        if min(w["top"] for w in nxt) - max(w["bottom"] for w in prev) > gap:
            break
        segs = _clusters(nxt, gap)
        if any(ITEM_NUMBER.match(w["text"]) for w in nxt) or any(
                len(sg) > 3 or HEADER_STOP.search(sg[-1]["text"]) for sg in segs):
            break   # the first row, or a row the page cut, right under the header
        if _number_title(segs[0]) and _span(segs[0])[1] < _span(clusters[0])[0] and not _number_title(clusters[0]):
            clusters.insert(0, segs.pop(0))   # "п/п" under a "№" OCR lost: the number column's title
            if not segs:
                n += 1
                continue
        owners = []
        for s in segs:
            x0, x1 = _span(s)
            hit = [k for k, c in enumerate(clusters) if x0 < _span(c)[1] + gap and x1 > _span(c)[0] - gap]
            if len(hit) != 1 or len(clusters[hit[0]]) + len(s) > HEADER_MAX_WORDS:
                break
            owners.append(hit[0])
        else:
            for s, k in zip(segs, owners):
                clusters[k].extend(s)
            n += 1
            continue
        break
    cols = header_columns([(k, _text(c)) for k, c in enumerate(clusters)])
    if cols is None:
        return None
    if cols.number is None and _number_title(clusters[0]) and 0 not in (
            cols.task, cols.deadline, cols.responsible, cols.status, *cols.attributes):
        cols.number = 0    # a short title left of the others, misread: "n/a", "пт Я"
    return n, clusters, cols


def _number_title(words: list[dict]) -> bool:
    """Words short enough to be the title of an item-number column ("№", "№ п/п"), and no item number."""
    text = "".join(w["text"] for w in words)
    return len(text) <= 5 and not ITEM_NUMBER.match(text)


def _boundaries(clusters: list[list[dict]], body: list[list[dict]]) -> list[float]:
    """Between each two neighbouring header clusters, the middle of the widest stretch of x that the
    body's words cross least."""
    words = [w for ln in body for w in ln]
    out = []
    for a, b in zip(clusters, clusters[1:]):
        lo, hi = int(sum(_span(a)) / 2), int(sum(_span(b)) / 2)
        xs = list(range(lo, max(hi, lo + 1)))
        counts = [sum(1 for w in words if w["x0"] < x < w["x1"]) for x in xs]
        least = min(counts)
        best, run = (0, 0), None
        for k, n in enumerate(counts + [least + 1]):
            if n == least and run is None:
                run = k
            elif n != least and run is not None:
                if k - run > best[1] - best[0]:
                    best = (run, k)
                run = None
        out.append(xs[0] + (best[0] + best[1]) / 2)
    return out


def _column(x: float, bounds: list[float]) -> int:
    return sum(1 for b in bounds if x >= b)


def _join(texts: list[str]) -> str:
    out = ""
    for t in texts:
        if not out:
            out = t
        elif re.search(r"[а-яё]-$", out) and t[:1].islower():
            out = out[:-1] + t          # a word hyphenated at the line end
        else:
            out += " " + t
    return out


def physical_lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines by their vertical centres, top to bottom, each line left to right: OCR's
    boxes of one line differ in top by a letter's ascender, and a small "2." sits lower than capitals.
    A flat mark (a dash, a comma) is too low to tell its line by overlap, so it joins the line whose
    middle is nearest to its own."""
    heights = sorted(w["bottom"] - w["top"] for w in words)
    flat = 0.5 * heights[len(heights) // 2] if heights else 0.0
    lines: list[list[dict]] = []
    marks = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        mid = (w["top"] + w["bottom"]) / 2
        if w["bottom"] - w["top"] < flat and not w["text"][:1].isalnum():
            marks.append(w)
        elif lines and mid <= max(o["bottom"] for o in lines[-1]) and mid >= min(o["top"] for o in lines[-1]):
            lines[-1].append(w)
        else:
            lines.append([w])
    for w in marks:
        mid = (w["top"] + w["bottom"]) / 2
        near = min(lines, key=lambda ln: abs(_middle(ln) - mid), default=None)
        if near is not None and min(o["top"] for o in near) <= mid <= max(o["bottom"] for o in near):
            near.append(w)
        else:
            lines.append([w])
    lines.sort(key=_middle)
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def _middle(line: list[dict]) -> float:
    return statistics.median((w["top"] + w["bottom"]) / 2 for w in line)


def cell_text(words: list[dict]) -> str:
    """Words of one cell as its text: lines top to bottom, a word hyphenated at a line end joined."""
    return _join([" ".join(w["text"] for w in ln) for ln in physical_lines(words)])


def _cell(words: list[dict], col: int, span: int, page: int, ocr: bool) -> dict:
    bbox = (min(w["x0"] for w in words), min(w["top"] for w in words), max(w["x1"] for w in words),
            max(w["bottom"] for w in words))
    return {"text": cell_text(words), "col": col, "col_span": span, "row_span": 1,
            "locator": Locator(page=page, bbox=tuple(round(v, 1) for v in bbox), cell=col, ocr=ocr,
                               ocr_unsure=unsure_share(words) if ocr else None)}


@dataclass
class Layout:
    """Where a borderless table's columns lie, kept to read a page that goes on without a header."""
    cols: Columns
    bounds: list[float]
    ncols: int
    x_lo: float
    x_hi: float
    gap: float


def _layout(lines: list[list[dict]], start: int) -> tuple[int, list[list[dict]], Layout] | None:
    found = find_header(lines, start)
    if found is None:
        return None
    n_head, clusters, cols = found
    body = lines[start + n_head:start + n_head + 60]
    header = list(clusters)          # the title words of each column, for the header row
    if cols.number is None:
        # a number column whose title OCR lost: item numbers standing left of the first title
        left = _span(clusters[0])[0]
        numbers = [w for ln in body for w in ln[:1] if ITEM_NUMBER.match(w["text"]) and w["x1"] < left]
        if numbers:
            cols = header_columns([(0, "№")] + [(k + 1, _text(c)) for k, c in enumerate(clusters)]) or cols
            clusters, header = [numbers] + clusters, [[]] + header
    bounds = _boundaries(clusters, body)
    spans = [_span(c) for c in clusters]
    layout = Layout(cols=cols, bounds=bounds, ncols=len(clusters), x_lo=min(a for a, _ in spans),
                    x_hi=max(b for _, b in spans), gap=_gap(lines[start]))
    return n_head, header, layout


def _read_rows(lines: list[list[dict]], body_from: int, lay: Layout, page: int, ocr: bool
               ) -> tuple[list[list[dict]], set[int]]:
    cols, bounds, gap = lay.cols, lay.bounds, lay.gap
    row_gap = _row_gap(lines[body_from:], gap)
    rows: list[list[dict]] = []
    current: dict[int, list[dict]] | None = None
    section: list[dict] | None = None     # the words of a section row just read, while its title goes on
    taken: set[int] = set()
    last_bottom = min(w["top"] for w in lines[body_from]) if body_from < len(lines) else 0

    def close() -> None:
        if current:
            rows.append([_cell(ws, k, 1, page, ocr) for k, ws in sorted(current.items())])

    for i in range(body_from, len(lines)):
        ln = lines[i]
        segs = _clusters(ln, gap)
        spanning = [s for s in segs if any(_span(s)[0] + CROSS < b < _span(s)[1] - CROSS for b in bounds)]
        if spanning:
            x0, x1 = _span(ln)
            flush_left = x0 - lay.x_lo < 2 * gap
            wide = flush_left and x1 - x0 > PROSE_SHARE * (lay.x_hi - lay.x_lo)
            if len(segs) > 1 or (wide and not _numbered_soon(lines, i + 1, lay)) or x1 < lay.x_lo or x0 > lay.x_hi:
                break      # prose across the table: the table has ended
            close()
            current = None
            if section is not None and min(w["top"] for w in ln) - last_bottom <= row_gap:
                rows.pop()       # the title's next line
            else:
                section = []
            section.extend(ln)
            rows.append([_cell(section, 0, lay.ncols, page, ocr)])
        else:
            by_col: dict[int, list[dict]] = {}
            for w in ln:
                by_col.setdefault(_column((w["x0"] + w["x1"]) / 2, bounds), []).append(w)
            number = by_col.get(cols.number) if cols.number is not None else None
            top = min(w["top"] for w in ln)
            task = by_col.get(cols.task)
            if section is not None and not number and not task and top - last_bottom <= row_gap:
                section.extend(ln)   # a centred section title's short last line, within one column
                rows[-1] = [_cell(section, 0, lay.ncols, page, ocr)]
                taken.add(i)
                last_bottom = max(w["bottom"] for w in ln)
                continue
            section = None
            numbered = number is not None and ITEM_NUMBER.match(number[0]["text"].strip())
            # without a number (none in the table, or one OCR missed) a row starts after a wide gap
            # with a capital in the task column
            gapped = top - last_bottom > row_gap and (cols.number is None or (
                task is not None and task[0]["text"][:1].isupper()))
            if current is None or numbered or gapped:
                close()
                current = {}
            for k, ws in by_col.items():
                current.setdefault(k, []).extend(ws)
        taken.add(i)
        last_bottom = max(w["bottom"] for w in ln)
    close()
    return rows, taken


def _row_gap(lines: list[list[dict]], gap: float) -> float:
    """The white between two lines that parts rows: the usual spacing of a cell's lines and a share of a
    line's height more (a blank line between rows of a scan; its line pitch varies too much to go by)."""
    tops = [min(w["top"] for w in ln) for ln in lines]
    bottoms = [max(w["bottom"] for w in ln) for ln in lines]
    spacing = statistics.median([t - b for b, t in zip(bottoms, tops[1:]) if t > b] or [gap])
    height = statistics.median([b - t for t, b in zip(tops, bottoms)] or [gap])
    return spacing + ROW_GAP_SHARE * height


def sparse_columns(table: PageTable) -> list[tuple[float, float, float, float]]:
    """Boxes (page points) of a borderless table's item-number and term columns: the
    columns of short lone words ("6.", "2016 год") that OCR's page segmentation tends to drop."""
    lay = table.layout
    if lay is None:
        return []
    edges = [lay.x_lo] + lay.bounds + [lay.x_hi]
    pad = 2 * lay.gap    # a column boundary lies in the white between columns, often close to one of them
    return [(edges[k] - pad, table.bbox[1], edges[k + 1] + pad, table.bbox[3]) for k in (lay.cols.number, lay.cols.deadline)
            if k is not None]


def _numbered_soon(lines: list[list[dict]], i: int, lay: Layout) -> bool:
    """Whether a numbered row follows within a few lines: a long heading of a section, not prose."""
    if lay.cols.number is None:
        return False
    for ln in lines[i:i + SECTION_LOOKAHEAD]:
        first = ln[0]
        if _column((first["x0"] + first["x1"]) / 2, lay.bounds) == lay.cols.number and ITEM_NUMBER.match(first["text"]):
            return True
    return False


def _table(rows: list[list[dict]], taken: set[int], lines: list[list[dict]], lay: Layout) -> PageTable:
    words = [w for i in taken for w in lines[i]]
    bbox = (min(w["x0"] for w in words), min(w["top"] for w in words), max(w["x1"] for w in words),
            max(w["bottom"] for w in words))
    return PageTable(bbox=tuple(round(v, 1) for v in bbox), rows=rows, lines=taken, layout=lay)


def read_table(lines: list[list[dict]], start: int, page: int, ocr: bool) -> PageTable | None:
    found = _layout(lines, start)
    if found is None:
        return None
    n_head, header, lay = found
    rows, taken = _read_rows(lines, start + n_head, lay, page, ocr)
    if not rows:
        return None
    head = [_cell(c, k, 1, page, ocr) if c else {"text": "", "col": k, "col_span": 1, "row_span": 1,
                                                  "locator": Locator(page=page, cell=k, ocr=ocr)}
            for k, c in enumerate(header)]
    return _table([head] + rows, taken | set(range(start, start + n_head)), lines, lay)


def _header_remnant(line: list[dict], gap: float) -> bool:
    """A line with two column titles or more: the header repeated on a page, read too badly to be one."""
    titles = [c for c in _clusters(line, gap) if len(c) <= HEADER_MAX_WORDS and (
        ATTRIBUTE.search(_text(c)) or any(O.COLUMNS[k].search(_text(c)) for k in ("task", "deadline", "responsible")))]
    return len(titles) >= 2


def has_header(lines: list[list[dict]]) -> bool:
    return any(find_header(lines, i) for i in range(len(lines)))


def word_tables(lines: list[list[dict]], page: int, ocr: bool, carried: Layout | None = None) -> list[PageTable]:
    """Every borderless task table among a page's lines (words grouped by baseline, top to bottom).
    ``carried``: the layout of a table that ran to the foot of the page before; a page that starts
    without a header goes on with those columns."""
    out: list[PageTable] = []
    i = 0
    if carried is not None:
        while i < len(lines) and find_header(lines, i) is None and (
                len(lines[i]) == 1 and PAGE_NUMBER.match(lines[i][0]["text"]) or _header_remnant(lines[i], carried.gap)):
            i += 1       # the page number over the continuation, a repeated header OCR misread
        if i < len(lines) and find_header(lines, i) is None:
            rows, taken = _read_rows(lines, i, carried, page, ocr)
            if rows:
                out.append(_table(rows, taken, lines, carried))
                i = max(taken) + 1
    while i < len(lines):
        table = read_table(lines, i, page, ocr)
        if table is None:
            i += 1
            continue
        out.append(table)
        i = max(table.lines) + 1
    return out
