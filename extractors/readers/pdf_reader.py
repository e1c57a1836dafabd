"""PDF reader (text-layer pages read by pdfium for pdfplumber's table finder, pdf_page.py; pdfplumber's
own parse for a page pdfium's reading cannot be sure of; Tesseract for scans): ruled and borderless
tables as table blocks, the remaining words grouped into lines, columns and paragraphs in reading order;
page numbers set apart as footers."""
from __future__ import annotations

import logging
import os
import re
import statistics
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2.raw as raw

from extractors.readers.base import ReadError
from extractors.readers.builder import DocumentBuilder
from extractors.readers.limits import LIMITS, count_over
from extractors.readers.pdf_encryption import REASON as ENCRYPTED, is_encryption_error
from extractors.readers.pdf_page import pdfium_page, pdfminer_page
from extractors.readers.pdf_words import LoadedPages, open_pdfium, widthless
from extractors.readers.table_merge import merge_continued
from extractors.readers.ocr import (fill_in, is_garbage, median_conf, ocr_lines, ocr_words, page_image, quarter_turn,
                                    sideways, straighten, tesseract_missing, turned, unsure_share)
from extractors.readers.scan_grid import erase_lines, grid_tables, ruling
from extractors.readers.word_table import PageTable, has_header, physical_lines, sparse_columns, word_tables
from schemas.document import Document, Locator

# pdfminer reports every damaged object as a warning; the reader turns what matters into a ReadError
logging.getLogger("pdfminer").setLevel(logging.ERROR)

LIST_START = re.compile(r"^(\d{1,2}(\.\d{1,2})*[.)]?\s|\d{1,2}(\.\d{1,2})*[.)](?=[А-ЯЁA-Z«\"])|[а-яa-z]\)\s|[-–•]\s)")
PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,4}\s*[-–]?$")
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class Line:
    words: list[dict]
    x0: float = 0
    x1: float = 0
    top: float = 0
    bottom: float = 0
    size: float = 10

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w["x0"])
        self.x0 = min(w["x0"] for w in self.words)
        self.x1 = max(w["x1"] for w in self.words)
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)
        self.size = statistics.median(w.get("size", 10) for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    def segments(self, gap: float) -> list["Line"]:
        """Split where words are further apart than ``gap`` (columns, tab stops) and than twice the line's
        usual space: a justified line stretches every space alike, a column's gutter stands out."""
        spaces = [b["x0"] - a["x1"] for a, b in zip(self.words, self.words[1:])]
        if len(spaces) >= 2 and max(spaces) <= 1.5 * max(min(spaces), 1):
            return [self]      # every space alike: a justified line ("обеспечить    проведение    тестирования")
        if len(spaces) >= 3:
            gap = max(gap, 2 * statistics.median(spaces))
        out, cur = [], [self.words[0]]
        for w in self.words[1:]:
            if w["x0"] - cur[-1]["x1"] > gap:
                out.append(Line(cur))
                cur = []
            cur.append(w)
        out.append(Line(cur))
        return out


@dataclass
class Zone:
    top: float
    lines: list[Line] = field(default_factory=list)


def group_lines(words: list[dict]) -> list[Line]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) < max(2.0, w.get("size", 10) * 0.3):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [Line(ws) for ws in lines]


def _gap(line: Line, ocr: bool = False) -> float:
    """The widest space inside a line of one column: a text layer's gutters may be two ems narrow (a
    letterhead's table cells); a scan's word boxes, less regular, need a wider one."""
    return max(24.0, line.size * 2.5) if ocr else max(20.0, line.size * 2.0)


def _column_edge(lines: list[Line], page_width: float, ocr: bool = False) -> float | None:
    """Where a right-hand column starts (an addressee block beside a letterhead): the x at which the most
    segments (two at least) begin, right of a third of the page: second segments of lines, or lines of
    their own (the two columns' lines need not share a baseline)."""
    if not any(len(ln.segments(_gap(ln, ocr))) >= 2 for ln in lines):
        return None
    starts = sorted(s.x0 for ln in lines for s in ln.segments(_gap(ln, ocr)) if s.x0 > page_width * 0.35)
    # the x most segments start at (a column's lines share it; two wide spaces of a scan's line may not)
    best, count = None, 1
    for k, x in enumerate(starts):
        n = sum(1 for y in starts[k:] if y - x <= 2)
        if n > count:
            best, count = x, n
    return best


LOOSE_EDGE = 16   # pt right of a column's edge a scan's first word may start (its first letters lost: "моуправления")


def _split_at(line: Line, edge: float, loose: bool = False) -> list[Line]:
    """A line beside a column split where a word starts at the column's edge after more than a space
    (the left column's text came close to the right one, so the gap alone does not show it). ``loose``:
    for the lines above a stretch of columns (a letterhead's top beside the addressee's first lines), the
    first word starting right of the edge, up to LOOSE_EDGE, after one ending left of it."""
    for k in range(1, len(line.words)):
        w, prev = line.words[k], line.words[k - 1]
        at_edge = abs(w["x0"] - edge) <= 2 or loose and prev["x1"] < edge - 2 <= w["x0"] <= edge + LOOSE_EDGE
        if at_edge and w["x0"] - prev["x1"] > line.size * (0.3 if loose else 0.6):
            return [Line(line.words[:k]), Line(line.words[k:])]
    return [line]


def reading_order(lines: list[Line], page_width: float, ocr: bool = False) -> list[Line]:
    """Two-column stretches (a letterhead beside an addressee block) are read column by column: they
    start at a line split across the column's edge, or one lying right of it, and end at a line that
    crosses the edge."""
    edge = _column_edge(lines, page_width, ocr)
    mid = edge if edge is not None else page_width / 2
    out: list[Line] = []
    i = 0

    def segments(k: int) -> list[Line]:
        segs = lines[k].segments(_gap(lines[k], ocr))
        if edge is not None and len(segs) == 1 and any(
                len(lines[j].segments(_gap(lines[j], ocr))) >= 2 for j in (k - 1, k + 1) if 0 <= j < len(lines)):
            segs = _split_at(lines[k], edge)    # next to a split line: maybe split too, closer than the gap
        return segs

    def beside(segs: list[Line]) -> bool:
        split = len(segs) >= 2 and any(s.x1 < mid <= t.x0 + 2 for s, t in zip(segs, segs[1:]))
        return split or (edge is not None and segs[0].x0 >= edge - 2)

    while i < len(lines):
        if not beside(segments(i)):
            out.append(lines[i])
            i += 1
            continue
        left: list[Line] = []
        right: list[Line] = []
        start = i
        while edge is not None and out and i - len(left) > 0 and out[-1] is lines[i - len(left) - 1] \
                and len(_split_at(out[-1], edge, loose=True)) == 2:
            left.insert(0, out.pop())       # the columns began above, closer than the gap ("КРАЯ  Руководителям")
        pulled, left = left, []
        for ln in pulled:
            a, b = _split_at(ln, edge, loose=True)
            left.append(a)
            right.append(b)
        while i < len(lines):
            segs = segments(i)
            if edge is not None and len(segs) == 1 and i > start:
                segs = _split_at(lines[i], edge)      # inside the columns a word at the edge starts the right one
            if i > start and any(s.x0 < mid - 2 < s.x1 for s in segs):   # a full-width line ends the columns
                break      # (never the line that began them: a stretch always moves on)
            for s in segs:
                (left if s.x1 < mid else right).append(s)
            i += 1
        out.extend(left + right)
    return out


def paragraphs(lines: list[Line], right_edge: float) -> list[list[Line]]:
    paras: list[list[Line]] = []
    if not lines:
        return paras
    spacing = statistics.median([b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 40] or [14])
    for ln in lines:
        if paras:
            prev = paras[-1][-1]
            gap = ln.top - prev.top
            same_para = (0 < gap <= spacing * 1.35
                         and not LIST_START.match(ln.text)
                         and prev.x1 > right_edge - 60              # the previous line ran to the margin
                         and (ln.x0 <= _text_x0(paras[-1]) + 12     # left-aligned, hanging or first-line indent
                              or (abs(ln.x1 - prev.x1) < 6 and ln.x1 > right_edge - 10)))  # right-aligned
            if same_para:
                paras[-1].append(ln)
                continue
        paras.append([ln])
    return paras


def _text_x0(para: list[Line]) -> float:
    """Where a paragraph's text starts: after the label of a list item's first line."""
    first = para[-1]
    if len(para) == 1 and LIST_START.match(first.text) and len(first.words) > 1:
        return first.words[1]["x0"]
    return first.x0


def join_lines(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        t = ln.text
        if not text:
            text = t
        elif text.endswith("-") and t[:1].islower():
            text += t
        else:
            text += " " + t
    return text


def unwrap(text: str) -> str:
    """Lines wrapped inside a PDF cell are one text: a break after a hyphen joins the word."""
    return re.sub(r"\s*\n\s*", " ", re.sub(r"-\n(?=[а-яёa-z])", "-", text.strip()))


def table_rows(table, page_no: int, t_index: int) -> list[list[dict]]:
    data = table.extract()
    col_x0: dict[int, float] = {}
    for row in table.rows:
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                col_x0[c] = min(col_x0.get(c, bbox[0]), bbox[0])
    rows = []
    for r, (row, cells) in enumerate(zip(table.rows, data)):
        out = []
        for c, (bbox, text) in enumerate(zip(row.cells, cells)):
            if bbox is None:   # covered by a merged cell: the one to the left if it reaches here, else the one above
                left = out[-1] if out else None
                if left and left["col"] + left["col_span"] == c and left["locator"].bbox[2] > col_x0.get(c, 1e9) + 1:
                    out[-1]["col_span"] += 1
                else:
                    for prev in reversed(rows):
                        hit = next((p for p in prev if p["col"] <= c < p["col"] + p["col_span"]), None)
                        if hit:
                            hit["row_span"] += 1
                            break
                continue
            out.append({"text": unwrap(text or ""), "col": c, "col_span": 1, "row_span": 1,
                        "locator": Locator(page=page_no, bbox=tuple(round(v, 1) for v in bbox), table=t_index,
                                           row=r, cell=c)})
        rows.append(out)
    return rows


def join_broken_paragraphs(items: list[tuple]) -> list[tuple]:
    """A line that starts in lower case after one that ended mid-sentence goes on the same paragraph."""
    out: list[tuple] = []
    for item in items:
        prev = out[-1] if out else None
        if (prev and item[0] == prev[0] == "paragraph" and item[2].page == prev[2].page
                and (prev[2].bbox[2] - prev[2].bbox[0] > 300       # the line before ran across the page
                     or abs(prev[2].bbox[0] - item[2].bbox[0]) < 3)  # or both sit in one column
                and item[1][:1].islower() and not re.search(r"[.!?;:]$", prev[1])):
            pb, ib = prev[2].bbox, item[2].bbox
            bbox = (min(pb[0], ib[0]), pb[1], max(pb[2], ib[2]), ib[3])
            out[-1] = ("paragraph", f"{prev[1]} {item[1]}", Locator(page=prev[2].page, bbox=bbox, ocr=prev[2].ocr))
            continue
        out.append(item)
    return out


def _open(path: Path):
    import pdfplumber
    try:
        pdf = pdfplumber.open(str(path))
        _ = pdf.pages
    except Exception as e:
        name = type(e).__name__
        if is_encryption_error(e):
            raise ReadError(ENCRYPTED) from None
        raise ReadError(f"corrupt PDF: {name}: {e}".rstrip(": ")) from None
    return pdf


def read_pdf(path: Path, pdfium: bool = True) -> Document:
    """The document of a PDF. ``pdfium=False`` has pdfplumber read every text-layer page: the reference
    pdfium's reading of them is checked against (benchmarks/pdf_fastpath_check.py, the tests)."""
    pdf = _open(path)
    items: list[tuple] = []   # ("paragraph" | "footer", text, locator) or ("table", rows, locator)
    skipped: list[str] = []   # why a page without a usable text layer could not be OCR'd
    with pdf:
        n_pages = len(pdf.pages)
        if n_pages > LIMITS.max_pages:
            raise ReadError(count_over("в PDF", n_pages, LIMITS.max_pages, ("страница", "страницы", "страниц")))
        ocr_pages = 0
        carried = None
        fast = open_pdfium(path)
        fast = LoadedPages(fast) if fast is not None else None
        fonts: dict = {}   # what pdfium's pages learnt of the document's fonts
        blank = blank_pages(fast)
        scans = _scans_ahead(pdf, blank)
        for page_no, page in enumerate(pdf.pages, start=1):
            read = _pdfium_text_layer(fast, page, page_no, carried, fonts) if pdfium and fast is not None else None
            try:
                mined = None if read else pdfminer_page(page) if pdfium else page
                if mined is not None and fast is not None and widthless(mined.chars):
                    read = _pdfium_text_layer(fast, page, page_no, carried, fonts, own_metrics=True)
                words, ocr, candidates, tables = read or _text_layer(mined, page_no, carried)
            except Exception as e:
                raise ReadError(f"unreadable page {page_no}: {type(e).__name__}: {e}") from None
            if ocr:
                why_not = tesseract_missing()
                if why_not:
                    skipped.append(why_not)
                    continue
                ocr_pages += 1
                if ocr_pages > LIMITS.max_ocr_pages:
                    raise ReadError(f"more than {LIMITS.max_ocr_pages} pages need OCR")
                try:
                    ahead = scans.pop(page_no - 1, None)
                    image, grids, words = ahead.result() if ahead else read_scan(page, banded=len(blank) < 2)
                except Exception as e:   # a page that cannot even be rendered for OCR
                    raise ReadError(f"page {page_no} cannot be rendered for OCR: {type(e).__name__}: {e}") from None
                tables = grid_tables(grids, image, words, page_no)
            if candidates:
                words = [w for w in words if not _inside_any(w, tables)]
                borderless = word_tables(physical_lines(words), page_no, ocr, carried)
                missed = fill_in(image, words, [b for t in borderless for b in sparse_columns(t)]) if ocr else []
                if missed:   # lone item numbers and terms the page's OCR dropped: the rows again with them
                    words += missed
                    borderless = word_tables(physical_lines(words), page_no, ocr, carried)
                tables += borderless
                words = [w for w in words if not _inside_any(w, tables)]
                # a borderless table that is the last thing on its page may go on without a header
                last = borderless[-1] if borderless else None
                carried = last.layout if last and not any(
                    w["top"] > last.bbox[3] and not PAGE_NUMBER.match(w["text"]) for w in words) else None
            else:
                carried = None
            if fast is not None:
                fast.done(page_no - 1)
            if ocr:   # Tesseract's lines, in its order; a letterhead beside an addressee it took for one block
                lines = reading_order([Line(ws) for ws in ocr_lines(words)], page.width, ocr=True)   # is read by columns
            else:
                lines = reading_order(group_lines(words), page.width)
            right_edge = max((ln.x1 for ln in lines), default=page.width)
            # tables go in by position; the text keeps its column order around them
            pending = sorted(tables, key=lambda t: t.bbox[1])
            for para in paragraphs(lines, right_edge):
                while pending and pending[0].bbox[1] < para[0].top:
                    t = pending.pop(0)
                    items.append(("table", t.rows, Locator(page=page_no, bbox=t.bbox, ocr=ocr)))
                text = join_lines(para)
                bbox = (min(l.x0 for l in para), para[0].top, max(l.x1 for l in para), para[-1].bottom)
                is_page_no = PAGE_NUMBER.match(text) and (para[0].top < 60 or para[0].bottom > page.height - 60)
                items.append(("footer" if is_page_no else "paragraph", text,
                              Locator(page=page_no, bbox=tuple(round(v, 1) for v in bbox), ocr=ocr,
                                      ocr_unsure=unsure_share([w for ln in para for w in ln.words]) if ocr else None)))
            for t in pending:
                items.append(("table", t.rows, Locator(page=page_no, bbox=t.bbox, ocr=ocr)))
        if fast is not None:
            fast.close()
    for late in scans.values():   # left by a page that stopped the reading: not started, not waited for
        late.cancel()
    if not any(kind != "footer" for kind, _, _ in items):
        reason = skipped[0] if skipped else "no text found, not even by OCR"
        raise ReadError(f"no usable text layer on any of {n_pages} page(s) (a scan?): {reason}")
    b = DocumentBuilder()
    n_table = 0
    for kind, content, locator in join_broken_paragraphs(merge_continued(items)):
        if kind == "table":   # tables numbered in the document; each cell keeps its own page and bbox
            for r, row in enumerate(content):
                for cell in row:
                    cell["locator"] = cell["locator"].model_copy(update={"table": n_table, "row": r})
            b.table(content, locator.model_copy(update={"table": n_table}))
            n_table += 1
        else:
            b.paragraph(content, locator, kind=kind)
    return b.build(path, "pdf", pages=n_pages)


def read_scan(page, banded: bool = True) -> tuple:
    """A scanned page's image (its ruling lines erased where they draw a grid), the grids and the words
    OCR read; a page lying on its side (a landscape form) is turned until it reads. Locators of a turned
    page are in the points of the upright image. ``banded``: the page read as two bands side by side
    (ocr.ocr_words), for a page that has the cores to itself."""
    return read_image(page_image(page), banded)


def read_image(gray, banded: bool = True) -> tuple:
    """read_scan of a rendered page: no pdfium here, so pages can be read on several threads at once."""
    base = straighten(gray)
    image, grids, words = _ocr_image(base, banded)
    if sideways(words):
        candidate = _ocr_image(turned(base, quarter_turn(base)), banded)
        if not sideways(candidate[2]) or median_conf(candidate[2]) > median_conf(words):
            image, grids, words = candidate
    return image, grids, words


def blank_pages(fast) -> list[int]:
    """Indexes of the pages that draw no text at all, not even inside a form (a scan's), up to the OCR
    limit: asking for text objects spares building each page's text (a third of the time)."""
    if fast is None:
        return []
    try:
        return [i for i in range(len(fast)) if not any(
            True for _ in fast[i].get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=2))][:LIMITS.max_ocr_pages]
    except Exception:   # pdfium cannot take a page apart: the page loop reads every page itself
        return []


def _scans_ahead(pdf, blank: list[int]) -> dict[int, Future]:
    """The blank pages (a scan), rendered here one after another and read by Tesseract on every core at
    once (each run has one thread, each page read whole: the pages fill the cores), so that a scanned
    letter takes about its pages' time divided by the cores; index -> Future of read_scan's result,
    taken by the page loop in order. Empty for a document of fewer than two such pages."""
    if len(blank) < 2 or tesseract_missing():
        return {}
    pool = ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, len(blank)), thread_name_prefix="ocr")
    ahead: dict[int, Future] = {}
    for i in blank:
        try:
            image = page_image(pdf.pages[i])
        except Exception:   # a page that cannot be rendered: the page loop says which, in order
            break
        ahead[i] = pool.submit(read_image, image, False)
    pool.shutdown(wait=False)
    return ahead


def _ocr_image(image, banded: bool) -> tuple:
    grids, h_lines, v_lines = ruling(image)
    if grids:
        image = erase_lines(image, h_lines, v_lines)
    return image, grids, ocr_words(image, banded=banded and not grids)


def _text_layer(page, page_no: int, carried) -> tuple:
    """(words, whether the page needs OCR, whether it may hold a table, its ruled tables) of a page read
    by pdfplumber, or by pdfium (a PdfiumPage: the same chars, lines, rects and curves)."""
    words = page.extract_words(extra_attrs=["size"], use_text_flow=False)
    ocr = not words or is_garbage(words)   # a scan, or a text layer of Latin look-alikes
    candidates = ocr or carried is not None or table_candidates(page, words)
    return words, ocr, candidates, ruled_tables(page, page_no) if candidates and not ocr else []


def _pdfium_text_layer(doc, plumber_page, page_no: int, carried, fonts: dict,
                       own_metrics: bool = False) -> tuple | None:
    """_text_layer of the page read by pdfium, or None: then pdfplumber reads it (a page pdfium cannot
    take apart or whose page space is not pdfplumber's, and a page for OCR, whose reading pdfplumber's
    page object drives). ``own_metrics``: pdf_words.page_chars."""
    try:
        page = pdfium_page(doc, page_no - 1, plumber_page, fonts, own_metrics)
        read = _text_layer(page, page_no, carried) if page is not None else None
    except Exception:   # pdfplumber says what is wrong with the page
        return None
    return None if read is None or read[1] else read


def table_candidates(page, words: list[dict]) -> bool:
    """Whether a text-layer page may hold a table: it draws lines (a ruled table), or a line of its words
    reads as a task table's header (a borderless one). A page with neither is plain text, read as such."""
    return bool(page.lines or page.rects or page.curves) or has_header(physical_lines(words))


def ruled_tables(page, page_no: int) -> list[PageTable]:
    """The page's tables drawn with ruling lines."""
    return [PageTable(tuple(round(v, 1) for v in t.bbox), table_rows(t, page_no, 0))
            for t in page.find_tables(TABLE_SETTINGS)]


def _inside_any(w: dict, tables: list[PageTable]) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3] for t in tables)
