"""Tables typed with tabs: a plan in a plain text or a Word/RTF letter whose columns are tab-separated, a
task's words going on in a line that starts with a tab, a header aligned to the tab stops."""
from __future__ import annotations

import docx

from conftest import tasks_of
from extractors.readers import read_document

HEADER_BY_TAB_STOPS = "№\tМероприятие\t\t\t\tСрок\t\tОтветственный"
PLAN = [
    "1.\tПроведение совещания с руководителями школ\tдо 15.02.2024\tОтдел образования",
    "\tпо итогам полугодия\t\t(Иванова И.И.)",
    "",
    "2.\tМониторинг сайтов общеобразовательных организаций\tмарт – апрель 2024 г.\tМКУ «ИМЦ»",
    "",
    "3.\tНаправление отчёта в министерство\tдо 01.06.2024\tОтдел образования",
]



def test_a_plain_text_plan_typed_with_tabs(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("\r\n".join(["ПЛАН МЕРОПРИЯТИЙ", "", HEADER_BY_TAB_STOPS, "п/п", "-" * 60, *PLAN, "-" * 60,
                                  "", "Начальник отдела\t\tП.П. Петров"]).encode("cp1251"))
    table = next(b for b in read_document(path).blocks if b.kind == "table")
    assert [c.text for c in table.rows[0].cells] == ["№ п/п", "Мероприятие", "Срок", "Ответственный"]
    assert [c.text for c in table.rows[1].cells] == [
        "1.", "Проведение совещания с руководителями школ по итогам полугодия", "до 15.02.2024",
        "Отдел образования (Иванова И.И.)"]
    tasks = tasks_of(path)
    assert [t[1] for t in tasks] == ["2024-02-15", "2024-04-30", "2024-06-01"]
    assert tasks[1][2] == ["МКУ «ИМЦ»"]


def test_a_word_letter_with_an_indented_tab_schedule(tmp_path):
    d = docx.Document()
    for line in ["Руководителям общеобразовательных организаций", "График мероприятий:",
                 "\t\t№\tМероприятие\tСрок\tОтветственные", "\t\t" + "_" * 50,
                 *["\t\t" + ln for ln in PLAN if ln], "Начальник управления\tА.А. Сидорова"]:
        d.add_paragraph(line)
    path = tmp_path / "letter.docx"
    d.save(path)
    tasks = tasks_of(path)
    assert [t[1] for t in tasks] == ["2024-02-15", "2024-04-30", "2024-06-01"]
    assert "по итогам полугодия" in tasks[0][0]


def test_two_tab_lines_amid_prose_are_no_table(tmp_path):
    """A signature with tabs right after the text stays paragraphs: amid prose a table needs three rows."""
    path = tmp_path / "letter.txt"
    path.write_text("05.03.2024\t№ 12-07/318\n\nПросим представить сведения до 1 апреля 2024 года.\n"
                    "Начальник\t\tИ.И. Иванов\nИсполнитель\tП.П. Петров\n", encoding="utf-8")
    assert all(b.kind == "paragraph" for b in read_document(path).blocks)


def test_a_plan_table_without_a_header_continues_the_one_before(tmp_path):
    """A plan split in two tables, the second without its header row and its task cell spanning two grid
    columns (a legacy .doc's way): its rows are tasks by the first table's columns."""
    d = docx.Document()
    d.add_paragraph("ПЛАН РАБОТЫ на 2023-2024 учебный год")
    first = d.add_table(rows=2, cols=3)
    for cell, text in zip(first.rows[0].cells, ["Мероприятия", "Срок", "Ответственный"]):
        cell.text = text
    for cell, text in zip(first.rows[1].cells, ["Проведение педагогического совета", "август 2023 г.", "Директор"]):
        cell.text = text
    d.add_paragraph("2. Работа с родителями")
    second = d.add_table(rows=2, cols=4)
    for row, (task, term, who) in zip(second.rows, [("Родительские собрания в классах", "сентябрь 2023 г.",
                                                     "Классные руководители"),
                                                    ("Посещение семей обучающихся", "октябрь 2023 г.",
                                                     "Социальный педагог")]):
        row.cells[0].merge(row.cells[1]).text = task
        row.cells[2].text, row.cells[3].text = term, who
    path = tmp_path / "plan.docx"
    d.save(path)
    tasks = tasks_of(path)
    assert [(t[0], t[1], t[2]) for t in tasks[1:]] == [
        ("Родительские собрания в классах", "2023-09-30", ["Классные руководители"]),
        ("Посещение семей обучающихся", "2023-10-31", ["Социальный педагог"])]


def test_a_tab_schedule_right_after_a_word_table_is_read(tmp_path):
    """The tab table's cells are whole builder cells (spans too): the join of tables a page break split
    compares them with the Word table before it (a held-out RTF letter failed whole on a missing span)."""
    d = docx.Document()
    d.add_paragraph("Руководителям общеобразовательных организаций")
    t = d.add_table(rows=2, cols=3)
    for row, cells in zip(t.rows, [("№", "Мероприятие", "Срок"), ("1.", "Совещание директоров", "до 01.02.2024")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    for line in [HEADER_BY_TAB_STOPS, *[ln for ln in PLAN if ln]]:
        d.add_paragraph(line)
    path = tmp_path / "letter.docx"
    d.save(path)
    assert [t[1] for t in tasks_of(path)][-3:] == ["2024-02-15", "2024-04-30", "2024-06-01"]


def test_a_letter_indented_as_its_schedule_goes_on_after_it(tmp_path):
    """Every paragraph of a plain-text letter starts with a tab, as its schedule's rows do: a paragraph at that
    indent with one long field is the letter's, and the items after the schedule are read as items."""
    lines = ["ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ СОКОЛЬСКОГО МУНИЦИПАЛЬНОГО ОКРУГА", "03.02.2025 № 01-12/418",
             "Руководителям общеобразовательных организаций", "",
             "\tГрафик проведения:", "",
             "\tДата\t\tПредмет\t\t\tНачало\tМесто проведения",
             "\t18.02.2025\tРусский язык\t\t10:00\tв ОО",
             "\t20.02.2025\tМатематика\t\t10:00\tв ОО",
             "\t25.02.2025\tПредметы по выбору\t10:00\tМБОУ «Сокольская СОШ № 1»", "",
             "\tПродолжительность работ: русский язык – 3 ч 55 мин, математика – 3 ч 55 мин.", "",
             "\tПросим Вас:",
             "\t1) обеспечить участие обучающихся 9-х классов в диагностических работах в соответствии с графиком;",
             "\t2) в срок до 14.02.2025 направить в отдел образования копию приказа о назначении организаторов;",
             "\t3) провести анализ результатов до 07.03.2025."]
    path = tmp_path / "letter.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    tasks = tasks_of(path)
    assert [t[1] for t in tasks if t[0].startswith(("обеспечить", "в срок", "провести"))] == [
        None, "2025-02-14", "2025-03-07"]


def test_a_tab_run_opening_with_a_continuation_line_is_still_a_table():
    from extractors.readers.tab_table import rows
    got = rows(["\tп/п", "№\tМероприятие\tСрок", "1\tПровести педсовет\tдо 1 октября", "\tи совещание", "2\tСдать отчёт\tмай"])
    assert got[0] == ["п/п", "", ""] and got[-1][1] == "Сдать отчёт" and "совещание" in got[-2][1]
