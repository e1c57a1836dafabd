"""Assembles blocks into a Document, keeping every block's and cell's span in the linear text."""
from __future__ import annotations

import hashlib
from pathlib import Path

from schemas.document import Block, Cell, Document, Locator, Origin, Row, Span

CELL_SEP = "\t"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class DocumentBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []

    def _emit(self, s: str) -> Span:
        start = self._pos
        self._parts.append(s)
        self._pos += len(s)
        return Span(start=start, end=self._pos)

    def paragraph(self, text: str, locator: Locator, *, kind: str = "paragraph", list_label: str | None = None,
                  list_level: int | None = None, style: str | None = None, bold: bool = False,
                  align: str | None = None) -> Block | None:
        text = text.replace("\r", "")
        if not text.strip():
            return None
        span = self._emit(text)
        self._emit("\n\n")
        block = Block(index=len(self.blocks), kind=kind, text=text, span=span, locator=locator,
                      list_label=list_label, list_level=list_level, style=style, bold=bold, align=align)
        self.blocks.append(block)
        return block

    def table(self, rows: list[list[dict]], locator: Locator) -> Block | None:
        """rows: lists of {"text", "col", "row_span", "col_span", "locator"} dicts."""
        rows = [r for r in rows if r]
        if not rows:
            return None
        start = self._pos
        out_rows = []
        for cells in rows:
            row_start = self._pos
            out_cells = []
            for i, c in enumerate(cells):
                if i:
                    self._emit(CELL_SEP)
                text = c["text"].replace("\r", "").replace("\t", " ")
                span = self._emit(text)
                out_cells.append(Cell(text=text, col=c["col"], row_span=c.get("row_span", 1),
                                      col_span=c.get("col_span", 1), span=span, locator=c["locator"]))
            out_rows.append(Row(cells=out_cells, span=Span(start=row_start, end=self._pos)))
            self._emit("\n")
        span = Span(start=start, end=self._pos)
        self._emit("\n")
        text = "".join(self._parts)[start:span.end]
        block = Block(index=len(self.blocks), kind="table", text=text, span=span, locator=locator, rows=out_rows)
        self.blocks.append(block)
        return block

    def build(self, path: Path, fmt: str, pages: int | None = None) -> Document:
        origin = Origin(path=str(path), name=path.name, sha256=file_sha256(path), format=fmt,
                        size=path.stat().st_size, pages=pages)
        return Document(origin=origin, text="".join(self._parts), blocks=self.blocks)

    def document(self, name: str, fmt: str) -> Document:
        """A document made in memory (tests, generated corpora): its sha256 is that of its text."""
        text = "".join(self._parts)
        origin = Origin(path=name, name=name, sha256=hashlib.sha256(text.encode()).hexdigest(), format=fmt,
                        size=len(text.encode()))
        return Document(origin=origin, text=text, blocks=self.blocks)
