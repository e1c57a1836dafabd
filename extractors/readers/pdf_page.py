"""A text-layer PDF page read by pdfium for what pdfplumber's reading of it gives the PDF reader: chars
and the lines, rects and curves it draws, so that pdfplumber's own word extraction and table finder (TableFinder with
the reader's settings: merged edges, intersections, cells, tables, cell text from the chars) finds the
same ruled tables without pdfminer's parse of the page, several times slower. A page whose pdfium page
space is not pdfplumber's (rotated, a media or crop box off the origin) or whose chars pdfium cannot give
as pdfminer has them (pdf_words.page_chars) is left to pdfplumber."""
from __future__ import annotations

from pdfplumber.container import Container
from pdfplumber.table import Table, TableFinder, TableSettings
from pdfplumber.utils import extract_words

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
        return [Table(TableChars(_inside(self.chars, t.bbox)), t.cells)
                for t in TableFinder(self, TableSettings.resolve(table_settings)).tables]


class TableChars:
    """What Table.extract reads of its page."""

    def __init__(self, chars: list[dict]):
        self.chars = chars


def _inside(chars: list[dict], bbox: tuple) -> list[dict]:
    """The chars whose middle lies in ``bbox``, edges included (Table.extract's test, a little wider)."""
    x0, top, x1, bottom = bbox
    return [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def pdfium_page(doc, index: int, plumber_page, fonts: dict | None = None) -> PdfiumPage | None:
    """Page ``index`` of a pdfium document, or None where pdfplumber must read it (``plumber_page``, the
    same page opened by pdfplumber, gives its fonts' descents from their descriptors; ``fonts`` keeps
    them for the document's next pages: pdf_fonts.font_descents)."""
    page = doc[index]
    box = page.get_mediabox()
    if page.get_rotation() or box[0] or box[1] or page.get_cropbox() != box:
        return None
    width, height = page.get_size()
    chars = page_chars(page, height, font_descents(plumber_page, fonts))
    if chars is None:
        return None
    return PdfiumPage(width, height, {"char": chars, **drawn_objects(page, height)})
