"""Tables wherever they are: continued over several tables and page breaks, without ruling lines, with
cells merged over a page break, and in a scanned page, read through the real readers (and Tesseract)."""
from __future__ import annotations

import re

import pdfplumber
import pytest

from conftest import FIXTURES, extracted, read
from extractors.readers import read_document
from extractors.readers.ocr import tesseract_missing
from extractors.readers.table_merge import merge_continued
from schemas.document import Locator

needs_ocr = pytest.mark.skipif(tesseract_missing() is not None, reason=str(tesseract_missing()))


def tables(doc):
    return [b for b in doc.blocks if b.kind == "table"]


def row_texts(block) -> list[list[str]]:
    return [[re.sub(r"\s+", " ", c.text).strip() for c in r.cells] for r in block.rows]


CONTINUED_TASKS = ["Проведение инструктажа с педагогами", "Обновление схемы безопасного маршрута",
                   "Проведение «Недели безопасности»", "Организация конкурса рисунков",
                   "Проведение бесед по правилам поведения на дороге в период зимних каникул",
                   "Подготовка отчёта о проведённых мероприятиях"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_a_plan_continued_over_three_tables_is_one_table(fmt):
    doc = read(f"plan_continued_tables.{fmt}")
    [table] = tables(doc)
    rows = row_texts(table)
    assert rows[0][1].replace(" ", "").startswith("Наименование")   # one header, at the top
    numbers = [r[0] for r in rows if re.fullmatch(r"\d\.", r[0])]
    assert numbers == ["1.", "2.", "3.", "4.", "5.", "6."]
    section = next(r for r in table.rows if r.cells[0].text == "Работа с обучающимися")
    assert len(section.cells) == 1 and section.cells[0].col_span == 5


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_continued_rows_are_tasks_and_the_audience_column_is_no_task(fmt):
    obligations = extracted(f"plan_continued_tables.{fmt}")["obligations"]
    texts = [o["text"] for o in obligations]
    assert len(texts) == len(CONTINUED_TASKS)
    for text, task in zip(texts, CONTINUED_TASKS):
        assert text.startswith(task), (text, task)
    assert not any(t.startswith(("педагоги", "обучающиеся")) for t in texts)
    assert obligations[2]["attributes"] == {"Целевая аудитория": "обучающиеся 1-11 классов"}
    assert [r["name"] for r in obligations[5]["responsible"]] == ["Заместитель директора по ВР"]
    assert obligations[5]["deadline"]["end"] == "2023-05-25"


def test_a_pdf_plan_without_ruling_lines_reads_as_a_table_over_its_page_break():
    with pdfplumber.open(FIXTURES / "plan_borderless.pdf") as pdf:
        assert not any(page.lines or page.rects for page in pdf.pages)   # columns aligned by position only
    doc = read("plan_borderless.pdf")
    [table] = tables(doc)
    assert {c.locator.page for r in table.rows for c in r.cells} == {1, 2}   # no header on page 2
    rows = row_texts(table)
    assert rows[0] == ["№", "Мероприятие", "Срок исполнения", "Ответственный"]
    assert rows[1] == ["Организационная работа"] and table.rows[1].cells[0].col_span == 4   # a section row
    assert rows[2] == ["1.", "Формирование базы данных участников итогового сочинения", "до 15.11.2022",
                       "Заместитель директора по УВР"]
    assert all(c.locator.bbox and not c.locator.ocr for r in table.rows for c in r.cells)
    assert "Анализ результатов итогового сочинения" not in " ".join(b.text for b in doc.blocks if b.kind != "table")
    obligations = extracted("plan_borderless.pdf")["obligations"]
    assert [o["number"] for o in obligations] == ["1", "2", "3", "4", "5"]
    assert obligations[4]["deadline"]["end"] == "2023-01-20"
    assert [r["name"] for r in obligations[4]["responsible"]] == ["Руководитель методического объединения"]


def test_a_cell_merged_over_a_page_break_keeps_its_value_for_every_row():
    doc = read("plan_merged_over_break.pdf")
    [table] = tables(doc)
    assert {c.locator.page for r in table.rows for c in r.cells} == {1, 2}   # one table over the break
    obligations = extracted("plan_merged_over_break.pdf")["obligations"]
    assert [o["number"] for o in obligations] == [str(i) for i in range(1, 11)]
    for o in obligations[:8]:
        assert o["deadline"]["end"] == "2023-05-25", o["text"]
        assert [r["name"] for r in o["responsible"]] == ["Начальник лагеря Петрова И.А"], o["text"]
    assert obligations[8]["deadline"]["end"] == "2023-06-01"
    assert obligations[2]["text"] == "Проведение медицинского осмотра сотрудников лагеря"   # the row the break cut


@needs_ocr
def test_a_scanned_ruled_table_is_read_cell_by_cell():
    with pdfplumber.open(FIXTURES / "plan_scanned.pdf") as pdf:
        assert not pdf.pages[0].extract_words()           # an image, no text layer
    doc = read("plan_scanned.pdf")
    [table] = tables(doc)
    cells = [c for r in table.rows for c in r.cells]
    assert all(c.locator.ocr and c.locator.page == 1 and c.locator.bbox for c in cells)
    assert len(table.rows) == 7
    sections = [r for r in table.rows if len(r.cells) == 1]
    assert [r.cells[0].col_span for r in sections] == [5, 5]
    merged = [c for c in cells if c.row_span == 2]
    assert [c.text for c in merged] == ["Комитет образования", "МКУ «Информационнометодический центр»"] or \
        len(merged) == 2   # the responsible merged over two rows, whatever OCR makes of the hyphen
    obligations = extracted("plan_scanned.pdf")["obligations"]
    texts = " | ".join(o["text"] for o in obligations)
    for task in ("Подготовка распорядительных документов", "Формирование муниципальной базы данных",
                 "Проведение семинаров", "Организация курсов повышения квалификации"):
        assert task in texts
    by_task = {o["text"].split()[0]: o for o in obligations}
    assert by_task["Формирование"]["deadline"]["end"] == "2021-12-01"
    assert [r["name"] for r in by_task["Формирование"]["responsible"]] == ["Комитет образования"]


@needs_ocr
def test_a_scanned_page_without_a_grid_keeps_its_paragraphs(tmp_path):
    import pypdfium2 as pdfium
    page = pdfium.PdfDocument(str(FIXTURES / "letter_lettered_items.pdf"))[0]
    scan = tmp_path / "letter_scan.pdf"
    page.render(scale=200 / 72).to_pil().convert("L").rotate(-0.8, fillcolor=255).save(scan, resolution=200)
    doc = read_document(scan)
    assert not tables(doc)
    assert all(b.locator.ocr for b in doc.blocks)
    assert any("мониторинге функциональной грамотности" in b.text for b in doc.blocks)


def _rows(*texts: list[str]) -> list[list[dict]]:
    return [[{"text": t, "col": i, "col_span": 1, "row_span": 1, "locator": Locator()} for i, t in enumerate(r)]
            for r in texts]


HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]


def test_a_table_with_its_own_header_or_another_width_is_not_a_continuation():
    plan = ("table", _rows(HEADER, ["1.", "Провести семинар", "май", "Отдел"]), Locator(table=0))
    other_header = ("table", _rows(["№", "Наименование работ", "Исполнитель", "Примечание"], ["1.", "а", "б", "в"]),
                    Locator(table=1))
    narrow = ("table", _rows(["2.", "Провести совещание", "июнь"]), Locator(table=2))
    assert len(merge_continued([plan, other_header])) == 2
    assert len(merge_continued([plan, narrow])) == 2


def test_prose_between_two_tables_stops_the_continuation():
    plan = ("table", _rows(HEADER, ["1.", "Провести семинар", "май", "Отдел"]), Locator(table=0))
    prose = ("paragraph", "Контроль за исполнением настоящего плана возложить на заместителя начальника.", Locator())
    more = ("table", _rows(["2.", "Провести совещание", "июнь", "Отдел"]), Locator(table=1))
    heading = ("paragraph", "Работа с родителями", Locator())
    assert [i[0] for i in merge_continued([plan, prose, more])] == ["table", "paragraph", "table"]
    [merged] = merge_continued([plan, heading, more])
    assert [r[0]["text"] for r in merged[1]] == ["№", "1.", "Работа с родителями", "2."]


@pytest.mark.slow
@needs_ocr
@pytest.mark.parametrize("side", [90, -90])
def test_a_landscape_plan_scanned_on_its_side_is_turned_and_read_as_a_table(tmp_path, side):
    import pypdfium2 as pdfium
    page = pdfium.PdfDocument(str(FIXTURES / "plan_borderless.pdf"))[0]
    scan = tmp_path / "plan_sideways.pdf"
    page.render(scale=200 / 72).to_pil().convert("L").rotate(side, expand=True, fillcolor=255).save(scan, resolution=200)
    doc = read_document(scan)
    [table] = tables(doc)
    assert all(c.locator.ocr for r in table.rows for c in r.cells)
    texts = [" ".join(row) for row in row_texts(table)]
    assert any("Формирование базы данных участников итогового сочинения" in t for t in texts)
    assert any(t.startswith("2.") for t in texts)


def _line(top: float, *cells: tuple[float, str], size: float = 10.0) -> list[dict]:
    """Words of one line as OCR gives them: (x0, text) each, 6 points a letter."""
    return [{"text": t, "x0": x, "x1": x + 6 * len(t), "top": top, "bottom": top + size, "size": size, "conf": 90}
            for x, t in cells]


def _words_of(*cells: tuple[float, str], top: float) -> list[dict]:
    words, x = [], None
    for x0, text in cells:
        x = x0
        for w in text.split():
            words += _line(top, (x, w))
            x += 6 * len(w) + 4
    return words


def test_a_scanned_borderless_plan_keeps_rows_whose_numbers_ocr_lost():
    from extractors.readers.word_table import physical_lines, word_tables
    words = (_words_of((130, "Наименование мероприятия"), (330, "Срок"), (430, "Ответственные"), top=50)
             + _words_of((80, "п/п"), (330, "реализации"), (430, "исполнители"), top=64)       # "№" lost above
             + _words_of((80, "1."), (130, "Мониторинг наличия"), (330, "2016 год"), (430, "Министерство"), top=90)
             + _words_of((130, "рабочих мест"), (430, "образования"), top=104)
             + _words_of((130, "Ведение учета"), (330, "Сентябрь"), (430, "Министерство"), top=140)  # no "2."
             + _words_of((130, "обучающихся"), (430, "здравоохранения"), top=154)
             + _words_of((200, "Организационно-нормативное обеспечение"), top=190)               # a section title
             + _words_of((260, "деятельности"), top=204)                                            # ... its last line
             + _words_of((80, "3."), (130, "Содействие адаптации"), (330, "Постоянно"), (430, "Министерство"), top=230)
             + _words_of((130, "инвалидов"), top=244) + _words_of((130, "выпускников"), top=258))
    words.append({"text": "—", "x0": 188, "x1": 194, "top": 250, "bottom": 251, "size": 6.0, "conf": 90})
    [table] = word_tables(physical_lines(words), page=1, ocr=True)
    rows = [[(c["col"], c["text"]) for c in r] for r in table.rows]
    assert rows[0][0] == (0, "п/п") and table.layout.cols.number == 0     # the number column is known
    assert rows[1] == [(0, "1."), (1, "Мониторинг наличия рабочих мест"), (2, "2016 год"),
                       (3, "Министерство образования")]
    assert rows[2] == [(1, "Ведение учета обучающихся"), (2, "Сентябрь"), (3, "Министерство здравоохранения")]
    assert rows[3] == [(0, "Организационно-нормативное обеспечение деятельности")]           # one section row
    assert rows[4][1] == (1, "Содействие адаптации инвалидов — выпускников")                  # the dash on its line


@pytest.mark.slow
@needs_ocr
def test_the_pages_of_a_scan_read_side_by_side_read_as_one_after_another(tmp_path, monkeypatch):
    """Issue 15: a scan's pages go to Tesseract on every core at once; the document is the same."""
    from extractors.readers import pdf_reader
    with pdfplumber.open(FIXTURES / "003_d7222e60e6a354a6.pdf") as pdf:
        images = [p.to_image(resolution=200).original.convert("L") for p in pdf.pages[:2]]
    scan = tmp_path / "scan.pdf"
    images[0].save(scan, "PDF", resolution=200, save_all=True, append_images=images[1:])
    ahead = []
    real = pdf_reader._scans_ahead

    def recorded(pdf, blank):
        futures = real(pdf, blank)
        ahead.append(sorted(futures))
        return futures
    monkeypatch.setattr(pdf_reader, "_scans_ahead", recorded)
    side_by_side = read_document(scan)
    assert ahead == [[0, 1]]                                   # both pages were read ahead, in threads
    monkeypatch.setattr(pdf_reader, "_scans_ahead", lambda pdf, blank: {})
    assert read_document(scan).model_dump() == side_by_side.model_dump()
    assert "Томск" in side_by_side.text


@pytest.mark.slow
@needs_ocr
def test_a_page_read_in_two_bands_reads_as_the_page_read_whole():
    """Issue 15: one page's OCR on two cores, cut at a blank run of rows in the middle of the print. The
    lines are the same; a word's punctuation may differ (Tesseract adapts to what it has read of a page)."""
    import numpy as np
    from extractors.readers.ocr import band_cut, ocr_lines, ocr_words, page_image, straighten
    with pdfplumber.open(FIXTURES / "003_d7222e60e6a354a6.pdf") as pdf:
        image = straighten(page_image(pdf.pages[0]))
    cut = band_cut(image)
    assert cut is not None and 0.3 * image.height < cut < 0.7 * image.height
    assert (np.asarray(image)[cut - 3:cut + 4, 100:-100] < 128).sum() == 0   # through white, not through print
    whole, banded = ocr_words(image, banded=False), ocr_words(image)
    assert [len(line) for line in ocr_lines(banded)] == [len(line) for line in ocr_lines(whole)]
    assert sum(a["text"] != b["text"] for a, b in zip(banded, whole)) <= 2
    assert {w["line"][0] for w in banded} == {0, 1}
    assert all(abs(a["top"] - b["top"]) < 1 for a, b in zip(banded, whole))
