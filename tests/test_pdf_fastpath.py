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


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of the given objects (1 the catalog), its cross-reference table computed."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def test_a_table_drawn_in_a_form_xobject(tmp_path):
    """Ruling lines and a cell's text inside a form XObject placed by its own matrix and the page's: the
    same table as pdfplumber's, read by pdfium."""
    grid = b"0.5 w " + b" ".join(b"%d 600 m %d 700 l S" % (x, x) for x in (100, 250, 400)) + b" " + \
        b" ".join(b"100 %d m 400 %d l S" % (y, y) for y in (600, 650, 700)) + b" 100 560 300 20 re f"
    form = grid + b" BT /F2 10 Tf 110 670 Td (Deadline) Tj ET"
    page = (b"q 1 0 0 1 0 50 cm /X1 Do Q BT /F1 12 Tf 260 620 Td (Responsible) Tj ET "
            b"BT /F1 12 Tf 110 570 Td (Row two) Tj ET")
    path = tmp_path / "form.pdf"
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
        _stream(page),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        _stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Matrix [1 0 0 1 0 -100] "
                      b"/Resources << /Font << /F2 7 0 R >> >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"]))
    doc = pdfium.PdfDocument(path)
    with pdfplumber.open(path) as pdf:
        fast = pdfium_page(doc, 0, pdf.pages[0])
        assert fast is not None and fast.rects and fast.lines
        assert _tables(fast) == _tables(pdf.pages[0])
        assert _tables(fast)[0][2] == [["Deadline", "Responsible"], ["Row two", ""]]
    doc.close()


SHARED = ROOT.parent / "shared"
# Word's PDFs: spaces written as text objects of their own that pdfium cannot map (issue 27: every page
# of theirs went to pdfminer); pdfium reads them now, with each such space where pdfminer has it
WORD_PDFS = [SHARED / "realdocs" / "1letterminprosvet.pdf", SHARED / "realdocs2" / "bryansk_4.pdf",
             SHARED / "realdocs2" / "АБ-1969_07 от 03.05.2023.pdf"]


@pytest.mark.parametrize("path", WORD_PDFS, ids=lambda p: p.name)
def test_word_pdfs_with_spaces_pdfium_cannot_map_are_read_by_pdfium_as_by_pdfplumber(path):
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    doc = pdfium.PdfDocument(path)
    with pdfplumber.open(path) as pdf:
        assert all(pdfium_page(doc, i, page) is not None for i, page in enumerate(pdf.pages))
    doc.close()
    fast, reference = read_pdf(path), read_pdf(path, pdfium=False)
    assert differences(reference.model_dump(mode="json"), fast.model_dump(mode="json")) == []
