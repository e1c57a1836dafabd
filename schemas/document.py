"""Document model produced by every reader and consumed by every extractor.

The document's linear ``text`` is the concatenation of its blocks; each block (and each table
cell) records the character span it occupies there, so an extracted value found in ``text`` can
be traced back to a paragraph, a cell or a page region.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Format = Literal["docx", "pdf", "text", "doc", "rtf", "odt"]
BlockKind = Literal["paragraph", "table", "header", "footer", "textbox"]


class Span(BaseModel):
    start: int
    end: int


class Locator(BaseModel):
    """Where a block or cell sits in the source file."""
    page: int | None = None                    # PDF: 1-based page
    bbox: tuple[float, float, float, float] | None = None  # PDF: x0, top, x1, bottom in points
    paragraph: int | None = None               # DOCX: index of the body paragraph
    table: int | None = None                   # DOCX/PDF: index of the table in the document
    row: int | None = None
    cell: int | None = None                    # column index in the table grid
    ocr: bool = False
    ocr_unsure: float | None = None            # OCR: the share of its words Tesseract was unsure of (conf < 60)

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.table is not None:
            parts.append(f"table {self.table + 1}")
            if self.row is not None:
                parts.append(f"row {self.row + 1}")
            if self.cell is not None:
                parts.append(f"col {self.cell + 1}")
        elif self.paragraph is not None:
            parts.append(f"para {self.paragraph + 1}")
        return ", ".join(parts)


class Cell(BaseModel):
    text: str
    col: int
    row_span: int = 1
    col_span: int = 1
    span: Span
    locator: Locator


class Row(BaseModel):
    cells: list[Cell]
    span: Span


class Block(BaseModel):
    index: int
    kind: BlockKind
    text: str                                  # as a reader sees it, list label included
    span: Span
    locator: Locator
    list_label: str | None = None              # resolved automatic numbering ("1.", "2.1.", "а)")
    list_level: int | None = None
    style: str | None = None
    bold: bool = False
    align: str | None = None                   # left | center | right | both
    rows: list[Row] = Field(default_factory=list)  # tables only


class Origin(BaseModel):
    path: str
    name: str
    sha256: str
    format: Format
    size: int
    pages: int | None = None


class Document(BaseModel):
    origin: Origin
    text: str
    blocks: list[Block]

    def block_at(self, offset: int) -> Block | None:
        for b in self.blocks:
            if b.span.start <= offset < b.span.end or (b.span.start == offset == b.span.end):
                return b
        return None

    def locate(self, offset: int) -> Locator | None:
        """The most precise locator (table cell where there is one) for a text offset."""
        block = self.block_at(offset)
        if block is None:
            return None
        for row in block.rows:
            for cell in row.cells:
                if cell.span.start <= offset <= cell.span.end:
                    return cell.locator
        return block.locator
