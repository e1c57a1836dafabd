"""Reading classes of stop 29, each written as a small document of its own: a plan's term cell listing months of
two years one after another; a monthly report inside a period still ahead."""
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


ORDER = """УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА КИРОВА
ПРИКАЗ
14.04.2027                                                                  № 211

Об организации отдыха детей в летний период 2027 года

ПРИКАЗЫВАЮ:
1. Руководителям общеобразовательных организаций:
1.1. представлять в управление образования сведения о численности детей в лагерях по форме приложения ежемесячно, до 5 числа месяца, следующего за отчетным, в период с июня по август 2027 года;
1.2. направлять сведения о несчастных случаях с детьми ежемесячно до 10 числа в период с июня по август 2027 года.

Начальник управления                                                   О.В. Лыскова
"""


def test_a_monthly_report_inside_a_period_ahead_is_first_due_on_its_first_term_in_it(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text(ORDER, encoding="utf-8")
    terms = {o["text"].split()[0]: o["deadline"] for o in contract_of(path)["obligations"]}
    # June's figures are due on 5 July; the first report in the period itself on 10 June
    assert (terms["представлять"]["kind"], terms["представлять"]["end"]) == ("recurring", "2027-07-05")
    assert (terms["направлять"]["kind"], terms["направлять"]["end"]) == ("recurring", "2027-06-10")
