"""Plain text (UTF-8 or cp1251): paragraphs are separated by blank lines; tab-separated lines are table rows."""
from __future__ import annotations

import re
from pathlib import Path

from extractors.readers.base import ReadError
from extractors.readers.builder import DocumentBuilder
from schemas.document import Document, Locator


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ReadError("text is neither UTF-8 nor cp1251")


def read_text(path: Path) -> Document:
    text = decode(path.read_bytes()).replace("\r\n", "\n")
    b = DocumentBuilder()
    line_no = 0
    table: list[list[dict]] = []
    table_index = 0

    def flush_table() -> None:
        nonlocal table, table_index
        if table:
            b.table(table, Locator(table=table_index))
            table_index += 1
            table = []

    for chunk in re.split(r"\n\s*\n", text):
        lines = chunk.split("\n")
        if len(lines) and all("\t" in ln.strip(" ") for ln in lines if ln.strip()) and any(
                len([c for c in ln.split("\t") if c.strip()]) >= 2 for ln in lines):
            for ln in lines:
                if not ln.strip():
                    continue
                table.append([{"text": c.strip(), "col": i, "locator": Locator(table=table_index, row=len(table), cell=i)}
                              for i, c in enumerate(ln.split("\t"))])
            line_no += len(lines)
            continue
        flush_table()
        b.paragraph(chunk.strip(), Locator(paragraph=line_no))
        line_no += len(lines)
    flush_table()
    return b.build(path, "text")
