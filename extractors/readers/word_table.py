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

from extractors.readers.table_header import Columns, header_columns
from schemas.document import Locator

HEADER_MAX_LINES = 3
ITEM_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*\.?$")
WORDY = re.compile(r"[^\W_]|№")   # a header word, not a dash or a speck the scan left
HEADER_STOP = re.compile(r"[,;)]$")
CROSS = 3.0           # points a section title reaches past a column boundary on each side
GAP_SHARE = 1.2       # a vertical gap of this share of the line pitch separates rows
PROSE_SHARE = 0.6     # a spanning line wider than this share of the table is prose after it, not a section


@dataclass
class PageTable:
    bbox: tuple[float, float, float, float]
    rows: list[list[dict]]
    lines: set[int] = field(default_factory=set)   # indices of the page lines a borderless table took


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
        owners = []
        for s in segs:
            x0, x1 = _span(s)
            hit = [k for k, c in enumerate(clusters) if x0 < _span(c)[1] + gap and x1 > _span(c)[0] - gap]
            if len(hit) != 1:
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
    return n, clusters, cols


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
    boxes of one line differ in top by a letter's ascender, and a small "2." sits lower than capitals."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        mid = (w["top"] + w["bottom"]) / 2
        if lines and mid <= max(o["bottom"] for o in lines[-1]) and mid >= min(o["top"] for o in lines[-1]):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def cell_text(words: list[dict]) -> str:
    """Words of one cell as its text: lines top to bottom, a word hyphenated at a line end joined."""
    return _join([" ".join(w["text"] for w in ln) for ln in physical_lines(words)])


def _cell(words: list[dict], col: int, span: int, page: int, ocr: bool) -> dict:
    bbox = (min(w["x0"] for w in words), min(w["top"] for w in words), max(w["x1"] for w in words),
            max(w["bottom"] for w in words))
    return {"text": cell_text(words), "col": col, "col_span": span, "row_span": 1,
            "locator": Locator(page=page, bbox=tuple(round(v, 1) for v in bbox), cell=col, ocr=ocr)}


def read_table(lines: list[list[dict]], start: int, page: int, ocr: bool) -> PageTable | None:
    found = find_header(lines, start)
    if found is None:
        return None
    n_head, clusters, cols = found
    body_from = start + n_head
    bounds = _boundaries(clusters, lines[body_from:body_from + 60])
    ncols = len(clusters)
    x_lo = min(_span(c)[0] for c in clusters)
    x_hi = max(_span(c)[1] for c in clusters)
    gap = _gap(lines[start])
    pitch = statistics.median([b[0]["top"] - a[0]["top"] for a, b in zip(lines[body_from:], lines[body_from + 1:])
                               if b[0]["top"] > a[0]["top"]] or [gap * 2])
    header = [_cell(c, k, 1, page, ocr) for k, c in enumerate(clusters)]
    rows: list[list[dict]] = [header]
    current: dict[int, list[dict]] | None = None
    taken = set(range(start, body_from))
    last_bottom = max(w["bottom"] for ln in lines[start:body_from] for w in ln)

    def close() -> None:
        if current:
            rows.append([_cell(ws, k, 1, page, ocr) for k, ws in sorted(current.items())])

    for i in range(body_from, len(lines)):
        ln = lines[i]
        segs = _clusters(ln, gap)
        spanning = [s for s in segs if any(_span(s)[0] + CROSS < b < _span(s)[1] - CROSS for b in bounds)]
        if spanning:
            x0, x1 = _span(ln)
            if len(segs) > 1 or x1 - x0 > PROSE_SHARE * (x_hi - x_lo) or x1 < x_lo or x0 > x_hi:
                break      # prose across the table: the table has ended
            close()
            current = None
            rows.append([_cell(ln, 0, ncols, page, ocr)])
        else:
            by_col: dict[int, list[dict]] = {}
            for w in ln:
                by_col.setdefault(_column((w["x0"] + w["x1"]) / 2, bounds), []).append(w)
            number = by_col.get(cols.number) if cols.number is not None else None
            top = min(w["top"] for w in ln)
            task = by_col.get(cols.task)
            numbered = number is not None and ITEM_NUMBER.match(number[0]["text"].strip())
            # without a number (none in the table, or one OCR missed) a row starts after a wide gap
            # with a capital in the task column
            gapped = top - last_bottom > GAP_SHARE * pitch and (cols.number is None or (
                task is not None and task[0]["text"][:1].isupper()))
            new_row = current is None or bool(numbered) or gapped
            if new_row:
                close()
                current = {}
            for k, ws in by_col.items():
                current.setdefault(k, []).extend(ws)
        taken.add(i)
        last_bottom = max(w["bottom"] for w in ln)
    close()
    if len(rows) < 2:
        return None
    words = [w for i in taken for w in lines[i]]
    bbox = (min(w["x0"] for w in words), min(w["top"] for w in words), max(w["x1"] for w in words),
            max(w["bottom"] for w in words))
    return PageTable(bbox=tuple(round(v, 1) for v in bbox), rows=rows, lines=taken)


def has_header(lines: list[list[dict]]) -> bool:
    return any(find_header(lines, i) for i in range(len(lines)))


def word_tables(lines: list[list[dict]], page: int, ocr: bool) -> list[PageTable]:
    """Every borderless task table among a page's lines (words grouped by baseline, top to bottom)."""
    out: list[PageTable] = []
    i = 0
    while i < len(lines):
        table = read_table(lines, i, page, ocr)
        if table is None:
            i += 1
            continue
        out.append(table)
        i = max(table.lines) + 1
    return out
