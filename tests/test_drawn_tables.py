"""Tables drawn with characters in a plain text: a plan typed in a fixed-width font with "+---+" rules and
"|" bars (cp1251), or with box-drawing lines; a task's words wrapped over the lines of its row."""
from __future__ import annotations

from conftest import tasks_of
from extractors.readers import read_document

ASCII_PLAN = """                                        ПЛАН РАБОТЫ
                 отдела образования администрации Мичуринского района на март 2025 года

+======+======================================+================+======================+
| №    | Мероприятие                          | Срок           | Ответственный        |
+======+======================================+================+======================+
| 1.   | Совещание руководителей              | 05.03.2025     | Отдел образования    |
|      | общеобразовательных организаций      |                |                      |
+------+--------------------------------------+----------------+----------------------+
| 2.   | Представление сведений о             | до 20.03.2025  | Руководители ОО      |
|      | пропусках занятий за февраль         |                |                      |
+------+--------------------------------------+----------------+----------------------+
| 3.   | Мониторинг сайтов школ               | еженедельно,   | Отдел образования    |
|      |                                      | по пятницам    |                      |
+------+--------------------------------------+----------------+----------------------+

Начальник отдела образования                         И.И. Петрова
"""

BOX_PLAN = """ПЛАН МЕРОПРИЯТИЙ на апрель 2025 года
┌────┬───────────────────────────────────┬──────────────┬───────────────────┐
│ №  │ Мероприятие                       │ Срок         │ Ответственный     │
├────┼───────────────────────────────────┼──────────────┼───────────────────┤
│ 1. │ Проведение родительских собраний  │ до 15.04.2025│ Руководители ОО   │
│    │ по вопросам летнего отдыха        │              │                   │
│ 2. │ Сбор заявок на курсы              │ до 25.04.2025│ МКУ «ИМЦ»         │
└────┴───────────────────────────────────┴──────────────┴───────────────────┘
"""



def test_a_plan_ruled_with_plus_and_bars_in_cp1251(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(ASCII_PLAN.replace("\n", "\r\n").encode("cp1251"))
    table = next(b for b in read_document(path).blocks if b.kind == "table")
    assert [c.text for c in table.rows[0].cells] == ["№", "Мероприятие", "Срок", "Ответственный"]
    assert [c.text for c in table.rows[1].cells] == [
        "1.", "Совещание руководителей общеобразовательных организаций", "05.03.2025", "Отдел образования"]
    assert len(table.rows) == 4
    tasks = tasks_of(path)
    assert [t[0] for t in tasks] == ["Совещание руководителей общеобразовательных организаций",
                                     "Представление сведений о пропусках занятий за февраль",
                                     "Мониторинг сайтов школ"]
    assert [t[1] for t in tasks[:2]] == ["2025-03-05", "2025-03-20"]
    assert tasks[1][2] == ["Руководители ОО"]


def test_a_box_drawn_plan_whose_rows_are_not_ruled_apart(tmp_path):
    """Only the header is ruled off: a line whose number cell is filled begins a row."""
    path = tmp_path / "plan.txt"
    path.write_text(BOX_PLAN, encoding="utf-8")
    table = next(b for b in read_document(path).blocks if b.kind == "table")
    assert [[c.text for c in r.cells][1] for r in table.rows] == [
        "Мероприятие", "Проведение родительских собраний по вопросам летнего отдыха", "Сбор заявок на курсы"]
    assert [(t[1], t[2]) for t in tasks_of(path)] == [("2025-04-15", ["Руководители ОО"]), ("2025-04-25", ["МКУ «ИМЦ»"])]


def test_a_line_with_bars_in_prose_is_no_table(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("Просим заполнить форму | ФИО | должность | телефон | и направить до 01.04.2025.\n",
                    encoding="utf-8")
    assert all(b.kind == "paragraph" for b in read_document(path).blocks)
