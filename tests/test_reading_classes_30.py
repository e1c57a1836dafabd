"""Reading classes of stop 30, each written as a small document of its own: terms offices write that srok read
as nothing or as the wrong year (a day and month without a year after "до" in running text, "в течение недели",
"в течение 3-х рабочих дней", a quarter or half-year still running when the letter is written); a body whose
abbreviation is two joined by "и"; an order with no date whose urgency ("сообщать незамедлительно") is its term; a
protocol without a letterhead, whose sender is the body its chair heads."""
from __future__ import annotations

from conftest import contract_of

LETTER = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛУЖСКОЙ ОБЛАСТИ
12.03.2027 № 05-11/804

Руководителям органов местного самоуправления, осуществляющих управление в сфере образования

О мониторинге готовности к летней оздоровительной кампании

Министерство образования Калужской области просит:
1. Представить перечень лагерей с дневным пребыванием детей в срок до 20.03.
2. Направить сведения об укомплектованности лагерей кадрами в течение недели.
3. Информировать министерство о выявленных нарушениях в течение 3-х рабочих дней со дня получения настоящего письма.
4. Представить отчет об исполнении плана мероприятий по итогам I квартала.
5. Обеспечить проведение ремонтных работ в I полугодии.

Заместитель министра                                                   А.В. Сорокин
"""


def test_terms_written_short_are_read_against_the_letters_date(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    terms = {o["text"].split()[0] + o["text"].split()[1]: o["deadline"] for o in contract_of(path)["obligations"]}
    assert terms["Представитьперечень"]["end"] == "2027-03-20"          # "до 20.03": the year of the letter
    assert terms["Направитьсведения"]["end"] == "2027-03-19"            # a week from the letter's date
    assert terms["Информироватьминистерство"]["end"] == "2027-03-17"     # three working days from it
    # the quarter and the half-year the letter is written in, not next year's
    assert (terms["Представитьотчет"]["start"], terms["Представитьотчет"]["end"]) == ("2027-01-01", "2027-03-31")
    assert (terms["Обеспечитьпроведение"]["start"], terms["Обеспечитьпроведение"]["end"]) == ("2027-01-01", "2027-06-30")


def test_a_week_or_a_month_that_names_something_else_is_no_term():
    import datetime as dt

    from extractors.deadlines import Context, choose_deadline
    ctx = Context(doc_date=dt.date(2027, 3, 12))
    # "в течение недели безопасности" names the week's event; a plan's "в течение месяца" is the month it plans
    for text in ("провести беседы в течение недели безопасности дорожного движения",
                 "прием заявок на курсы в течение месяца", "ежедневно до 10.00"):
        deadline, _ = choose_deadline(text, ctx, 0)
        assert deadline is None or deadline.kind == "recurring", text


def test_a_body_abbreviated_in_two_parts_joined_by_and_is_one_body():
    from extractors.bodies import split_bodies
    names = [n for n, _ in split_bodies("Комитет по образованию, КДН и ЗП, ОПДН (по согласованию)")]
    assert names == ["Комитет по образованию", "КДН и ЗП", "ОПДН (по согласованию)"]
    names = [n for n, _ in split_bodies("ТКДН и ЗП (по согласованию), КЧС и ОПБ района и Управление образования")]
    assert names == ["ТКДН и ЗП (по согласованию)", "КЧС и ОПБ района", "Управление образования"]
    assert [n for n, _ in split_bodies("МЧС и МВД")] == ["МЧС", "МВД"]    # two bodies' abbreviations stay two


URGENT = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ ТВЕРСКОЙ ОБЛАСТИ
15.01.2027 № 02-14/331

Руководителям муниципальных органов управления образованием

О мониторинге доступности дошкольного образования

Информацию по прилагаемой форме направить в срок до 1 февраля 2027 года.

О случаях отказа в зачислении детей сообщать незамедлительно.

Контактное лицо: Смирнова Анна Петровна, тел. 8(4822)32-11-45.

Министр                                             Н.Н. Ковалева
"""


def test_an_order_whose_urgency_stands_for_its_term_is_a_task(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(URGENT, encoding="utf-8")
    tasks = contract_of(path)["obligations"]
    urgent = [o for o in tasks if o["text"].startswith("О случаях отказа")]
    assert len(tasks) == 2 and len(urgent) == 1
    assert urgent[0]["deadline"] is None
    assert urgent[0]["responsible"][0]["scope"] == "all_municipalities"


PROTOCOL = """ПРОТОКОЛ
совещания руководителей образовательных организаций Кимовского района

от 21.10.2026                                                              № 7

Председательствовал: начальник комитета по образованию Н.В. Волков
Присутствовали: 24 человека (список прилагается)

РЕШИЛИ:
1. Руководителям общеобразовательных организаций обеспечить ознакомление выпускников с правилами проведения итогового сочинения.
Срок: до 10 ноября 2026 г.

Председатель                                   Н.В. Волков
"""


def test_a_protocol_without_a_letterhead_is_its_chairs_body(tmp_path):
    path = tmp_path / "protocol.txt"
    path.write_text(PROTOCOL, encoding="utf-8")
    sender = contract_of(path)["document"]["sender"]
    assert sender["name"] == "Комитет по образованию"
    assert (sender["region"], sender["municipality"]) == ("Тульская область", "Кимовский район")


def test_the_chairs_body_is_read_from_either_order_of_name_and_position():
    from extractors.metadata import _chair_body
    assert _chair_body([("Председатель – Волков Н.В., начальник управления образования администрации Кимовского района",
                         0)])[0] == "Управление образования администрации Кимовского района"
    assert _chair_body([("ПРЕДСЕДАТЕЛЬСТВОВАЛ: Начальник Управления образования Петров П.П.", 0)])[0] == \
        "Управление образования"
    assert _chair_body([("Председатель: Петров П.П.", 0)]) == (None, None)


def test_a_protocols_item_sending_to_its_own_body_is_the_task_befores_doers(tmp_path):
    path = tmp_path / "protocol.txt"
    path.write_text(PROTOCOL.replace("Срок: до 10 ноября 2026 г.\n", "Срок: до 10 ноября 2026 г.\n"
                                     "2. Информацию о выпускниках с ОВЗ представить в комитет по образованию.\n"
                                     "Срок: до 30.10.2026.\n"), encoding="utf-8")
    second = contract_of(path)["obligations"][1]
    # not the committee (it is sent to it): the heads of schools the item before named, a carried doer doubted
    assert [r["name"] for r in second["responsible"]] == ["Руководители общеобразовательных организаций"]
    assert "responsible.carried" in second["checks"]
