"""pdfium's reading of text-layer PDF pages (extractors/readers/pdf_page.py) against pdfplumber's: the
same ruled tables from pdfplumber's table finder on pdfium's lines and chars, the same documents; a page
pdfium's reading refuses is read by pdfplumber."""
from __future__ import annotations

import sys

import pdfplumber
import pypdfium2 as pdfium
import pytest

from extractors.readers.pdf_page import pdfium_page
from extractors.readers.pdf_reader import TABLE_SETTINGS, read_pdf

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.pdf_fastpath_check import differences  # noqa: E402  (texts exact, bboxes within 0.5 pt)

# fixtures with ruled tables: a table going on over a page break, merged cells, merges over the break
RULED = ["plan_continued_tables.pdf", "plan_merged_cells.pdf", "plan_merged_over_break.pdf",
         "001_5eb3587b8a7ef8fb.pdf", "002_1e8ecce5fb1f09b6.pdf"]


def _tables(page) -> list[tuple]:
    return [(tuple(round(v, 2) for v in t.bbox), [[c and tuple(round(v, 2) for v in c) for c in row.cells]
                                                   for row in t.rows], t.extract())
            for t in page.find_tables(TABLE_SETTINGS)]


@pytest.mark.parametrize("name", RULED)
def test_pdfium_pages_give_pdfplumbers_ruled_tables(name):
    doc = pdfium.PdfDocument(FIXTURES / name)
    found = 0
    with pdfplumber.open(FIXTURES / name) as pdf:
        for i, page in enumerate(pdf.pages):
            fast = pdfium_page(doc, i, page)
            assert fast is not None, f"page {i + 1} left to pdfplumber"
            expected = _tables(page)
            assert _tables(fast) == expected
            found += len(expected)
    doc.close()
    assert found, "a fixture with ruled tables"


@pytest.mark.parametrize("name", RULED + ["000_f78c96f4c1c9048e.pdf", "plan_borderless.pdf"])
def test_documents_read_by_pdfium_as_by_pdfplumber(name):
    fast, reference = read_pdf(FIXTURES / name), read_pdf(FIXTURES / name, pdfium=False)
    assert fast.text == reference.text
    assert differences(reference.model_dump(mode="json"), fast.model_dump(mode="json")) == []


def _turned(src, out) -> None:
    doc = pdfium.PdfDocument(src)
    doc[0].set_rotation(90)
    doc.save(out)
    doc.close()


def test_a_page_pdfium_refuses_is_read_by_pdfplumber(tmp_path):
    turned = tmp_path / "turned.pdf"
    _turned(FIXTURES / "plan_merged_cells.pdf", turned)
    doc = pdfium.PdfDocument(turned)
    with pdfplumber.open(turned) as pdf:
        assert pdfium_page(doc, 0, pdf.pages[0]) is None
    doc.close()
    read = read_pdf(turned)
    assert read.model_dump() == read_pdf(turned, pdfium=False).model_dump()
    assert any(b.kind == "table" for b in read.blocks)
    assert "Нормативное правовое обеспечение" in read.text
