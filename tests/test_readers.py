"""Readers on the real fixture files: order, tables, numbering, merged cells, locators, errors."""
from __future__ import annotations

import re
import zipfile

import pytest

from conftest import SEEDS, gold, read
from extractors.readers import ReadError, UnsupportedFormat, read_document


def norm(t: str) -> str:
    return re.sub(r"\s+", " ", t.replace("ё", "е").replace("–", "-").replace("—", "-")).lower()


@pytest.mark.parametrize("seed", SEEDS)
def test_every_task_appears_in_order(seed, fmt):
    doc = read(f"{seed}.{fmt}")
    text = norm(doc.text)
    pos = 0
    for ob in gold(seed)["obligations"]:
        anchor = norm(ob["anchor"])
        found = text.find(anchor)
        assert found >= 0, f"{anchor!r} missing from {seed}.{fmt}"
        if seed.startswith("003") and ob["anchor"].startswith("Организовать подготовительную"):
            pos = 0   # the letter's second list starts again after its own preamble
        assert text.find(anchor, pos) >= 0, f"{anchor!r} out of order in {seed}.{fmt}"
        pos = text.find(anchor, pos)


def test_block_and_cell_spans_point_into_text(fmt):
    for seed in SEEDS:
        doc = read(f"{seed}.{fmt}")
        for b in doc.blocks:
            assert doc.text[b.span.start:b.span.end] == b.text
            for row in b.rows:
                for cell in row.cells:
                    assert doc.text[cell.span.start:cell.span.end] == cell.text


def test_roadmap_rows_and_cells(fmt):
    doc = read(f"001_5eb3587b8a7ef8fb.{fmt}")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].rows
    assert len(rows) == 15 and all(len(r.cells) == 6 for r in rows)
    assert norm(rows[0].cells[2].text) == "сроки исполнения"
    assert norm(rows[1].cells[2].text) == "июль - август 2020 года"
    assert norm(rows[9].cells[2].text) == "сентябрь - октябрь 2020 года"
    assert "мбу «мимц»" in norm(rows[1].cells[3].text)
    assert rows[10].cells[5].text == ""          # an empty "Информация об исполнении" cell


def test_attachment_table_continues_over_pages(fmt):
    doc = read(f"002_1e8ecce5fb1f09b6.{fmt}")
    table = next(b for b in doc.blocks if b.kind == "table" and "Мероприятие" in b.text)
    numbers = [r.cells[0].text.rstrip(".") for r in table.rows[1:]]
    assert numbers == [str(i) for i in range(1, 17)]
    assert norm(table.rows[11].cells[3].text) == "муниципальные общеобразовательные организации"


def test_word_numbering_resolved_with_restart():
    doc = read("003_d7222e60e6a354a6.docx")
    labels = [b.list_label for b in doc.blocks if b.list_label]
    assert labels == ["1.", "2."] + [f"{i}." for i in range(1, 15)]
    item = next(b for b in doc.blocks if b.list_label == "12.")
    assert item.text.startswith("12. Поручить муниципальным методическим службам")
    assert item.locator.paragraph is not None


def test_multilevel_numbering_with_russian_letters():
    doc = read("letter_lettered_items.docx")
    assert [(b.list_label, b.list_level) for b in doc.blocks if b.list_label] == [
        ("1.", 0), ("а)", 1), ("б)", 1), ("2.", 0)]


def test_merged_cells_carry_spans(fmt):
    doc = read(f"plan_merged_cells.{fmt}")
    table = next(b for b in doc.blocks if b.kind == "table")
    section = table.rows[1].cells
    assert len(section) == 1 and section[0].col_span == 5
    assert section[0].text.startswith("1. Нормативное правовое обеспечение")
    responsible = next(c for c in table.rows[2].cells if c.col == 3)
    assert responsible.row_span == 2 and norm(responsible.text) == "комитет образования"
    assert all(c.col != 3 for c in table.rows[3].cells)   # covered by the merge above


def test_two_column_letterhead_is_read_column_by_column(fmt):
    doc = read(f"002_1e8ecce5fb1f09b6.{fmt}")
    text = norm(doc.text)
    sender, addressee = text.find("администрация"), text.find("министерство")
    assert 0 <= sender < text.find("калужской области") < addressee


def test_locators(fmt):
    doc = read(f"003_d7222e60e6a354a6.{fmt}")
    at = norm(doc.text).find("утвердить муниципальные программы помощи")
    loc = doc.locate(at)
    if fmt == "pdf":
        assert loc.page == 2 and loc.bbox is not None
    else:
        assert loc.paragraph is not None and loc.page is None
    doc = read(f"001_5eb3587b8a7ef8fb.{fmt}")
    cell = doc.locate(doc.text.find("Методический практикум"))
    assert (cell.table, cell.row, cell.cell) == (0, 10, 1)


def test_text_reader_utf8_and_cp1251(tmp_path):
    body = "ПРИКАЗЫВАЮ:\n\n1. Утвердить план.\n\n№\tМероприятие\tСрок\n1\tСовещание\tмай 2021 года\n"
    for enc in ("utf-8", "cp1251"):
        p = tmp_path / f"letter-{enc}.txt"
        p.write_bytes(body.encode(enc))
        doc = read_document(p)
        assert doc.origin.format == "text"
        assert doc.blocks[1].text == "1. Утвердить план."
        assert [c.text for c in doc.blocks[2].rows[1].cells] == ["1", "Совещание", "май 2021 года"]


def test_a_text_typed_a_paragraph_a_line_reads_as_with_blank_lines(tmp_path):
    """Items and sentences begun on a line of their own are paragraphs; a line wrapped by hand is not."""
    from extractors.pipeline import extract
    lines = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "ТУЛЬСКОЙ ОБЛАСТИ", "от 01.03.2021 № 12-34",
             "Руководителям органов местного самоуправления, осуществляющих управление в сфере",
             "образования, необходимо:",
             "1. Направить сведения в министерство до 10.03.2021.",
             "2. Обеспечить участие школ в мониторинге в срок до 01.04.2021.",
             "Министр                                  А.А. Петров"]
    dense, spaced = tmp_path / "dense.txt", tmp_path / "spaced.txt"
    dense.write_text("\n".join(lines), encoding="utf-8")
    spaced.write_text("\n\n".join([" ".join(lines[:2])] + lines[2:3] + [" ".join(lines[3:5])] + lines[5:]),
                      encoding="utf-8")
    blocks = [b.text for b in read_document(dense).blocks]
    assert blocks[2:5] == ["от 01.03.2021 № 12-34",
                           "Руководителям органов местного самоуправления, осуществляющих управление в сфере\n"
                           "образования, необходимо:",
                           "1. Направить сведения в министерство до 10.03.2021."]
    assert [b.locator.paragraph for b in read_document(dense).blocks] == [0, 1, 2, 3, 5, 6, 7]
    got, want = (extract(read_document(p)) for p in (dense, spaced))
    assert [(o.number, o.text, o.deadline.end) for o in got.obligations] == \
        [(o.number, o.text, o.deadline.end) for o in want.obligations]
    assert len(got.obligations) == 2


@pytest.mark.parametrize("content, suffix, message", [
    (b"", ".docx", "empty"),
    (b"PK\x03\x04garbage", ".docx", "corrupt"),
    (b"%PDF-1.4\n%garbage without objects", ".pdf", "corrupt PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc", "LibreOffice"),
    (b"\x89PNG\r\n\x1a\n", ".png", "unsupported"),
])
def test_bad_files_raise_clear_errors(tmp_path, content, suffix, message):
    p = tmp_path / f"bad{suffix}"
    p.write_bytes(content)
    with pytest.raises(ReadError, match=message):
        read_document(p)


def test_format_is_detected_by_content_not_extension(tmp_path):
    src = read("000_f78c96f4c1c9048e.pdf").origin.path
    p = tmp_path / "actually-a-pdf.docx"
    p.write_bytes(open(src, "rb").read())
    assert read_document(p).origin.format == "pdf"


def test_zip_that_is_not_docx(tmp_path):
    p = tmp_path / "archive.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        read_document(p)


def test_docx_zip_bomb_refused_before_parsing(tmp_path, monkeypatch):
    from extractors.readers import docx_reader, limits
    monkeypatch.setattr(docx_reader, "LIMITS", limits.Limits(max_uncompressed_bytes=1_000_000))
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>" + " " * 5_000_000)
    with pytest.raises(ReadError, match="^DOCX распаковывается в 4,8 МиБ — больше предела в 1 МиБ$"):
        read_document(p)


def test_reading_order_always_moves_on():
    """A line whose left part ends just short of the column edge both begins a two-column stretch and
    crosses the edge: the reading order once looped on it for ever (found by the corpus's held half)."""
    from extractors.readers.pdf_reader import Line, reading_order

    def word(text, x0, x1, top):
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 10, "size": 10}
    lines = [Line([word("Министерство", 72, 200, 10), word("Руководителям", 320, 420, 10)]),
             Line([word("образования", 72, 150, 30), word("органов", 321, 400, 30)]),
             Line([word("области,", 72, 319, 50), word("управления", 346, 420, 50)]),
             Line([word("Уважаемые", 72, 500, 80)])]
    ordered = reading_order(lines, 595)
    assert [ln.text for ln in ordered][-1] == "Уважаемые" and len(ordered) >= 3


def test_a_template_s_styles_are_read_once_and_read_the_same(tmp_path, monkeypatch):
    """docx_styles: the styles part is parsed only when something asks for its element, and the style
    table and the styles' numbering are kept by the part's bytes. Every DOCX fixture reads the same with
    the cache cold, warm (a second document of the same template), and with python-docx's own eager
    StylesPart; a document python-docx writes with the lazy part keeps its styles."""
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.part import PartFactory
    from docx.parts.styles import StylesPart

    from conftest import FIXTURES
    from extractors.readers import docx_styles
    from extractors.readers.docx_reader import read_docx

    files = sorted(FIXTURES.glob("*.docx"))
    assert len(files) >= 10

    def dumps():
        return [read_docx(f).model_dump(exclude={"origin"}) for f in files]

    docx_styles._tables_of_bytes.cache_clear()
    cold = dumps()
    assert docx_styles._tables_of_bytes.cache_info().hits > 0   # the fixtures share templates
    warm = dumps()
    assert docx_styles._tables_of_bytes.cache_info().misses == len({zipfile.ZipFile(f).read("word/styles.xml")
                                                                     for f in files})
    monkeypatch.setitem(PartFactory.part_type_for, CT.WML_STYLES, StylesPart)   # python-docx as it comes
    eager = dumps()
    assert cold == warm == eager
    monkeypatch.undo()

    d = docx.Document(str(files[0]))
    part = d.part._styles_part
    assert isinstance(part, docx_styles.LazyStylesPart) and part.unparsed is not None
    table = d.add_table(rows=1, cols=1)
    table.style = "Table Grid"                 # asks for the styles: parsed now, as python-docx would
    assert part.unparsed is None
    d.save(tmp_path / "written.docx")
    again = docx.Document(str(tmp_path / "written.docx"))
    assert again.tables[-1].style.name == "Table Grid"
    assert [s.name for s in again.styles] == [s.name for s in docx.Document(str(files[0])).styles]
