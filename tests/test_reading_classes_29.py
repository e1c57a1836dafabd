"""Reading classes of stop 29, each written as a small document of its own: a plan's term cell listing months of
two years one after another."""
from __future__ import annotations

from conftest import contract_of, table_docx

PLAN_BEFORE = ["УТВЕРЖДАЮ", "Начальник управления образования", "администрации города Ельца", "15.09.2026",
               "ПЛАН", "мероприятий по профилактике травли в общеобразовательных организациях на 2026/2027 учебный год"]


def test_months_of_two_years_listed_in_a_term_cell_are_one_term_from_the_first_to_the_last(tmp_path):
    path = table_docx(tmp_path / "plan.docx", [
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1", "Анкетирование обучающихся 7–9 классов по выявлению случаев травли",
         "октябрь 2026 г., март 2027 г.", "педагоги-психологи"],
        ["2", "Родительские собрания по вопросам безопасности детей", "ноябрь, декабрь 2026 г.,\nфевраль, апрель 2027 г.",
         "классные руководители"],
        ["3", "Семинар для заместителей директоров по воспитательной работе", "январь 2027 г.",
         "управление образования"]], before=PLAN_BEFORE)
    terms = {o["text"].split()[0]: o["deadline"] for o in contract_of(path)["obligations"]}
    assert (terms["Анкетирование"]["start"], terms["Анкетирование"]["end"]) == ("2026-10-01", "2027-03-31")
    assert (terms["Родительские"]["start"], terms["Родительские"]["end"]) == ("2026-11-01", "2027-04-30")
    assert (terms["Семинар"]["start"], terms["Семинар"]["end"]) == ("2027-01-01", "2027-01-31")
