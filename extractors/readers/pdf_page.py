"""A text-layer PDF page read by pdfium for what pdfplumber's reading of it gives the PDF reader: chars
and the lines, rects and curves it draws, so that pdfplumber's own word extraction and table finder (TableFinder with
the reader's settings: merged edges, intersections, cells, tables, cell text from the chars) finds the
same ruled tables without pdfminer's parse of the page, several times slower. A page whose pdfium page
space is not pdfplumber's (rotated, a media or crop box off the origin) or whose chars pdfium cannot give
as pdfminer has them (pdf_words.page_chars) is left to pdfminer's parse, whose objects are taken as
the same kind of page (pdfminer_page) without pdfplumber's conversion of every attribute of them."""
from __future__ import annotations

import re
from bisect import bisect_left

from pdfplumber.container import Container
from pdfplumber.table import Table, TableFinder, TableSettings
from pdfplumber.utils import extract_text, extract_words

from extractors.readers.pdf_fonts import font_descents
from extractors.readers.pdf_paths import drawn_objects
from extractors.readers.pdf_words import page_chars


class PdfiumPage(Container):
    """Duck-types the parts of pdfplumber's Page the reader and TableFinder use."""

    def __init__(self, width: float, height: float, objects: dict[str, list[dict]]):
        self.width, self.height = width, height
        self.bbox = (0, 0, width, height)
        self._objects = objects

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._objects

    def extract_words(self, **kwargs) -> list[dict]:
        return extract_words(self.chars, **kwargs)

    def find_tables(self, table_settings: dict) -> list[Table]:
        # each table takes its cells' text from the chars inside it, not the page's: the same text (a cell
        # lies in its table), without testing every char of the page against every row and cell
        return [CellTexts(TableChars(_inside(self.chars, t.bbox)), t.cells)
                for t in TableFinder(self, TableSettings.resolve(table_settings)).tables]


class CellTexts(Table):
    """pdfplumber's Table whose extract() finds each row's chars by their middles' height, sorted once,
    rather than testing every char of the table against every row: the same chars, in the same order,
    for each row and cell (Table.extract's test: the middle inside the box, its left and top edges in,
    its right and bottom edges out), so the same texts."""

    def extract(self, **kwargs) -> list[list[str | None]]:
        if kwargs:
            return super().extract(**kwargs)
        chars = self.page.chars
        v = [(c["top"] + c["bottom"]) / 2 for c in chars]
        h = [(c["x0"] + c["x1"]) / 2 for c in chars]
        order = sorted(range(len(chars)), key=v.__getitem__)
        heights = [v[i] for i in order]
        out = []
        for row in self.rows:
            x0, top, x1, bottom = row.bbox
            found = order[bisect_left(heights, top):bisect_left(heights, bottom)]
            in_row = sorted(i for i in found if x0 <= h[i] < x1)
            texts = []
            for cell in row.cells:
                if cell is None:
                    texts.append(None)
                    continue
                cx0, ctop, cx1, cbottom = cell
                cell_chars = [chars[i] for i in in_row if cx0 <= h[i] < cx1 and ctop <= v[i] < cbottom]
                texts.append(extract_text(cell_chars) if cell_chars else "")
            out.append(texts)
        return out


class TableChars:
    """What Table.extract reads of its page."""

    def __init__(self, chars: list[dict]):
        self.chars = chars


def _inside(chars: list[dict], bbox: tuple) -> list[dict]:
    """The chars whose middle lies in ``bbox``, edges included (Table.extract's test, a little wider)."""
    x0, top, x1, bottom = bbox
    return [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


LT = re.compile(r"^LT")   # pdfplumber's object_type is pdfminer's class name without it, in lower case
KINDS = ("char", "line", "rect", "curve")   # what the reader and the table finder read of a page


def pdfminer_page(page) -> Container:
    """A page pdfium does not read (pdfium_page), pdfplumber's Page ``page``, as a PdfiumPage of the
    objects pdfminer's parse of it gives pdfplumber (page.layout, as Page.objects walks it), with the
    fields the reader and the table finder read of them (those of pdf_words.page_chars and
    pdf_paths.drawn_objects), each computed as pdfplumber's Page.process_object does: it resolves every
    attribute of every object besides (colours, fonts, the graphic state), a third of such a page's time.
    The page itself where pdfplumber runs a layout analysis (it never does here: no LAParams)."""
    if page.pdf.laparams is not None:
        return page
    from pdfminer.layout import LTChar, LTContainer
    from unicodedata import normalize as normalize_unicode
    height, (mb_x0, mb_top), doctop = page.height, page.mediabox[:2], page.initial_doctop
    norm = page.pdf.unicode_norm
    objects: dict[str, list[dict]] = {kind: [] for kind in KINDS}

    def walk(items) -> None:
        for obj in items:
            if isinstance(obj, LTContainer):   # a form XObject: its objects, as pdfplumber walks them
                walk(obj._objs)
                continue
            kind = LT.sub("", obj.__class__.__name__).lower()
            if kind not in objects:
                continue
            top, bottom = (height - obj.y1) + mb_top, (height - obj.y0) + mb_top
            x0, x1 = (obj.x0 + mb_x0, obj.x1 + mb_x0) if mb_x0 != 0 else (obj.x0, obj.x1)
            if isinstance(obj, LTChar):
                text = obj.get_text()
                objects[kind].append({"text": normalize_unicode(norm, text) if norm is not None else text,
                                      "x0": x0, "x1": x1, "top": top, "doctop": doctop + top, "bottom": bottom,
                                      "size": obj.size, "upright": obj.upright})
            else:   # LTLine, LTRect and LTCurve are all LTCurves
                objects[kind].append({"object_type": kind, "x0": x0, "x1": x1, "y0": obj.y0, "y1": obj.y1,
                                      "width": obj.width, "height": obj.height, "top": top, "bottom": bottom,
                                      "doctop": doctop + top, "pts": list(map(page.point2coord, obj.pts))})

    walk(page.layout._objs)
    out = PdfiumPage(page.width, page.height, objects)
    out.bbox = page.bbox
    return out


def pdfium_page(doc, index: int, plumber_page, fonts: dict | None = None,
                own_metrics: bool = False) -> PdfiumPage | None:
    """Page ``index`` of a pdfium document, or None where pdfplumber must read it (``plumber_page``, the
    same page opened by pdfplumber, gives its fonts' descents from their descriptors; ``fonts`` keeps
    them for the document's next pages: pdf_fonts.font_descents; ``own_metrics``: pdf_words.page_chars)."""
    page = doc[index]
    box = page.get_mediabox()
    if page.get_rotation() or box[0] or box[1] or page.get_cropbox() != box:
        return None
    width, height = page.get_size()
    chars = page_chars(page, height, font_descents(plumber_page, fonts), own_metrics)
    if chars is None:
        return None
    return PdfiumPage(width, height, {"char": chars, **drawn_objects(page, height)})
