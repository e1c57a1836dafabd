"""The deadline grammar as natasha tests its grammars: real strings -> expected interval."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.deadlines import Context, choose_deadline, find_deadlines, parse_deadline
from extractors.workdays import add_working_days, is_working_day

D = dt.date
LETTER = Context(doc_date=D(2020, 6, 8))
ROADMAP = Context(doc_date=D(2021, 3, 12), period=(D(2020, 9, 1), D(2021, 8, 31)))

CELLS = [  # (cell text, context, start, end, kind)
    ("июль - август 2020 года", LETTER, D(2020, 7, 1), D(2020, 8, 31), "range"),
    ("сентябрь\n2020 года", LETTER, D(2020, 9, 1), D(2020, 9, 30), "period"),
    ("Ноябрь  2020 года", LETTER, D(2020, 11, 1), D(2020, 11, 30), "period"),
    ("Декабрь 2020", LETTER, D(2020, 12, 1), D(2020, 12, 31), "period"),
    ("сентябрь – октябрь\n2020 года", LETTER, D(2020, 9, 1), D(2020, 10, 31), "range"),
    ("январь – май 2021\nгода", LETTER, D(2021, 1, 1), D(2021, 5, 31), "range"),
    ("январь-февраль 2021 года", LETTER, D(2021, 1, 1), D(2021, 2, 28), "range"),
    ("сентябрь 2020 – апрель 2021", LETTER, D(2020, 9, 1), D(2021, 4, 30), "range"),
    ("декабрь – февраль", ROADMAP, D(2020, 12, 1), D(2021, 2, 28), "range"),
    (" 2021 год", LETTER, D(2021, 1, 1), D(2021, 12, 31), "period"),
    ("2021", LETTER, D(2021, 1, 1), D(2021, 12, 31), "period"),
    ("2021-2024 гг.", LETTER, D(2021, 1, 1), D(2024, 12, 31), "range"),
    ("В течение 2021 года", LETTER, D(2021, 1, 1), D(2021, 12, 31), "period"),
    ("в течение года", ROADMAP, D(2020, 9, 1), D(2021, 8, 31), "period"),
    ("в течение 2020/2021 учебного года", LETTER, D(2020, 9, 1), D(2021, 8, 31), "period"),
    ("до конца учебного года", ROADMAP, None, D(2021, 8, 31), "by"),
    ("IV квартал 2021 г.", LETTER, D(2021, 10, 1), D(2021, 12, 31), "period"),
    ("до конца III квартала 2021 года", LETTER, None, D(2021, 9, 30), "by"),
    ("1 полугодие 2022 года", LETTER, D(2022, 1, 1), D(2022, 6, 30), "period"),
    ("II полугодие 2021 г.", LETTER, D(2021, 7, 1), D(2021, 12, 31), "period"),
    ("до 25.11.2020", LETTER, None, D(2020, 11, 25), "by"),
    ("до 01.09.21", LETTER, None, D(2021, 9, 1), "by"),
    ("не позднее 1 сентября 2021 г.", LETTER, None, D(2021, 9, 1), "by"),
    ("Срок – 03 июня 2020 года.", LETTER, None, D(2020, 6, 3), "on"),
    ("30.11.2020 года", LETTER, None, D(2020, 11, 30), "on"),
    ("15.01. 2021", LETTER, None, D(2021, 1, 15), "on"),
    ("с 17.06.2020 по 23.06.2020", LETTER, D(2020, 6, 17), D(2020, 6, 23), "range"),
    ("17.06.2020 - 23.06.2020", LETTER, D(2020, 6, 17), D(2020, 6, 23), "range"),
    ("в течение 10 рабочих дней со дня подписания", Context(doc_date=D(2021, 4, 28)), None, D(2021, 5, 20), "relative"),
    ("в течение 5 календарных дней", LETTER, None, D(2020, 6, 13), "relative"),
    # numbers as words, and the adjective forms of a term
    ("в течение трех рабочих дней", Context(doc_date=D(2023, 11, 20)), None, D(2023, 11, 23), "relative"),
    ("в течение пятнадцати дней", Context(doc_date=D(2023, 11, 20)), None, D(2023, 12, 5), "relative"),
    ("в 3-дневный срок", Context(doc_date=D(2023, 11, 20)), None, D(2023, 11, 23), "relative"),
    ("в десятидневный срок со дня получения письма", Context(doc_date=D(2023, 11, 20)), None, D(2023, 11, 30),
     "relative"),
    ("в двухнедельный срок", Context(doc_date=D(2023, 11, 20)), None, D(2023, 12, 4), "relative"),
    ("в месячный срок", Context(doc_date=D(2023, 11, 20)), None, D(2023, 12, 20), "relative"),
    ("в течение 5 дней со дня получения настоящего письма", LETTER, None, D(2020, 6, 13), "relative"),
    ("в течение 30 дней после его подписания", LETTER, None, D(2020, 7, 8), "relative"),
    ("в течение 10 дней со дня подписания приказа представить план", LETTER, None, D(2020, 6, 18), "relative"),
    # counted from an event the document cannot date: no date
    ("в течение 10 рабочих дней после получения результатов мониторинга", LETTER, None, None, None),
    ("в течение 2 недель с даты проведения олимпиады", LETTER, None, None, None),
    ("в течение месяца", LETTER, None, None, None),
    ("ежеквартально, до 5 числа месяца, следующего за отчётным", ROADMAP, None, D(2021, 4, 5), "recurring"),
    ("ежемесячно", ROADMAP, None, D(2021, 3, 31), "recurring"),
    ("ежемесячно до 10 числа", ROADMAP, None, D(2021, 4, 10), "recurring"),
    ("Ежемесячно, в срок до 25 числа", Context(doc_date=D(2024, 2, 6)), None, D(2024, 2, 25), "recurring"),
    ("ежегодно до 1 сентября", Context(doc_date=D(2021, 10, 5)), None, D(2022, 9, 1), "recurring"),
    ("ежегодно, не позднее 15 января", Context(doc_date=D(2021, 10, 5)), None, D(2022, 1, 15), "recurring"),
    # plan cells as people type them
    ("октябрь, 2021", LETTER, D(2021, 10, 1), D(2021, 10, 31), "period"),
    ("ноябрь 2020 – январь", LETTER, D(2020, 11, 1), D(2021, 1, 31), "range"),
    ("ноябрь, 2020 - февраль, 2021", LETTER, D(2020, 11, 1), D(2021, 2, 28), "range"),
    ("Январь, апрель 2022", LETTER, D(2022, 1, 1), D(2022, 4, 30), "range"),
    ("сентябрь, декабрь, март 2021 г.", LETTER, D(2020, 9, 1), D(2021, 3, 31), "range"),
    ("в сентябре и мае 2020-2021 учебного года", LETTER, D(2020, 9, 1), D(2021, 5, 31), "range"),
    ("сентябрь, июнь 2022-2023", LETTER, D(2022, 9, 1), D(2023, 6, 30), "range"),
    ("до 1 марта", Context(doc_date=D(2023, 11, 20)), None, D(2024, 3, 1), "by"),
    ("до 15 ноября", Context(doc_date=D(2023, 11, 20)), None, D(2023, 11, 15), "by"),
    ("в течение сентября 2020 года", LETTER, D(2020, 9, 1), D(2020, 9, 30), "period"),
    # a cell listing months with no year: from the first to the last, the years as the plan's period sets them
    ("Август, январь", ROADMAP, D(2020, 8, 1), D(2021, 1, 31), "range"),
    ("сентябрь, январь, май", ROADMAP, D(2020, 9, 1), D(2021, 5, 31), "range"),
    ("в течение уч. года", ROADMAP, D(2020, 9, 1), D(2021, 8, 31), "period"),
    ("начало учебного года", ROADMAP, D(2020, 9, 1), D(2020, 9, 30), "period"),
    ("IV кв. 2021", LETTER, D(2021, 10, 1), D(2021, 12, 31), "period"),
    ("1-я декада сентября 2020 г.", LETTER, D(2020, 9, 1), D(2020, 9, 10), "period"),
    ("3 декада февраля", ROADMAP, D(2021, 2, 21), D(2021, 2, 28), "period"),
    ("первая неделя октября 2020 года", LETTER, D(2020, 10, 1), D(2020, 10, 7), "period"),
    # a day spelt out again in brackets, as legal letters write it
    ("в срок до 30 (тридцатого) апреля 2025 года", LETTER, None, D(2025, 4, 30), "by"),
    ("не позднее 15 (пятнадцатого) августа 2025 года", LETTER, None, D(2025, 8, 15), "by"),
    ("в период с 1 (первого) июля по 8 (восьмое) августа 2025 года", LETTER, D(2025, 7, 1), D(2025, 8, 8), "range"),
    ("До 1 (первого) июня 2025 года", LETTER, None, D(2025, 6, 1), "by"),
    ("ежемесячно, до 20 (двадцатого) числа", Context(doc_date=D(2025, 4, 11)), None, D(2025, 4, 20), "recurring"),
    # decades and weeks as plans write them: Roman numerals, the last one, and a range of two of them
    ("II декада октября", ROADMAP, D(2020, 10, 11), D(2020, 10, 20), "period"),
    ("III декада ноября 2020 г.", LETTER, D(2020, 11, 21), D(2020, 11, 30), "period"),
    ("в течение второй декады марта", ROADMAP, D(2021, 3, 11), D(2021, 3, 20), "period"),
    ("последняя неделя октября", ROADMAP, D(2020, 10, 25), D(2020, 10, 31), "period"),
    ("в последнюю декаду мая", ROADMAP, D(2021, 5, 21), D(2021, 5, 31), "period"),
    ("с III декады сентября по II декаду октября", ROADMAP, D(2020, 9, 21), D(2020, 10, 20), "range"),
    ("1-я – 2-я неделя декабря", ROADMAP, D(2020, 12, 1), D(2020, 12, 14), "range"),
    ("II–IV кварталы 2025 г.", LETTER, D(2025, 4, 1), D(2025, 12, 31), "range"),
    # a cell listing the terms of a series of reports: the next one due
    ("до 20 января 2026 г.,\nдо 20 января 2027 г.", Context(doc_date=D(2025, 3, 14)), None, D(2026, 1, 20), "by"),
    ("до 01.07.2025; до 30.12.2025", Context(doc_date=D(2025, 3, 14)), None, D(2025, 7, 1), "by"),
    ("II - III кварталы", ROADMAP, D(2021, 4, 1), D(2021, 9, 30), "range"),
    ("в I–II кв. 2026 г.", LETTER, D(2026, 1, 1), D(2026, 6, 30), "range"),
    ("до 25.05", ROADMAP, None, D(2021, 5, 25), "by"),
    ("с 15.12 по 15.01.2021", LETTER, D(2020, 12, 15), D(2021, 1, 15), "range"),
    ("согласно п. 2.3", LETTER, None, None, None),
    ("до 14.00", LETTER, None, None, None),
    # a school year's halves, quarters and edges
    ("I полугодие", ROADMAP, D(2020, 9, 1), D(2020, 12, 31), "period"),
    ("2 полугодие 2020-2021 учебного года", LETTER, D(2021, 1, 1), D(2021, 5, 31), "period"),
    ("3 четверть", ROADMAP, D(2021, 1, 1), D(2021, 3, 31), "period"),
    ("в начале учебного года", ROADMAP, D(2020, 9, 1), D(2020, 9, 30), "period"),
    ("до начала 2021-2022 учебного года", LETTER, None, D(2021, 8, 31), "by"),
    ("в конце учебного года", ROADMAP, D(2021, 5, 1), D(2021, 5, 31), "period"),
    # recurring forms: the next due date after the document
    ("по пятницам", Context(doc_date=D(2023, 3, 13)), None, D(2023, 3, 17), "recurring"),
    ("еженедельно, по понедельникам до 12:00", Context(doc_date=D(2023, 3, 13)), None, D(2023, 3, 20), "recurring"),
    ("один раз в полугодие", ROADMAP, None, D(2021, 6, 30), "recurring"),
    ("не позднее 3 рабочего дня, следующего за отчетным месяцем", Context(doc_date=D(2023, 4, 20)), None,
     D(2023, 5, 4), "recurring"),
    ("ежеквартально не позднее первого рабочего дня, следующего за отчетным периодом",
     Context(doc_date=D(2023, 5, 10)), None, D(2023, 7, 3), "recurring"),
    ("ежемесячно не позднее 3 числа месяца, следующего за отчетным", Context(doc_date=D(2024, 1, 18)), None,
     D(2024, 2, 3), "recurring"),
    ("не позднее 10 числа месяца, следующего за отчетным кварталом", Context(doc_date=D(2024, 1, 18)), None,
     D(2024, 4, 10), "recurring"),
    ("по итогам каждой четверти", ROADMAP, None, D(2021, 3, 31), "recurring"),
    ("в конце каждого квартала", Context(doc_date=D(2023, 11, 15)), None, D(2023, 12, 31), "recurring"),
    ("по окончании каждого полугодия", ROADMAP, None, D(2021, 5, 31), "recurring"),
    ("до 1 апреля года, следующего за отчетным периодом", Context(doc_date=D(2023, 11, 20)), None, D(2024, 4, 1),
     "recurring"),
    ("до 20 числа каждого месяца", Context(doc_date=D(2023, 8, 20)), None, D(2023, 9, 20), "recurring"),
    ("1 раз в четверть", ROADMAP, None, D(2021, 3, 31), "recurring"),
    ("2 раза в год", ROADMAP, None, D(2021, 6, 30), "recurring"),
    ("до 20 числа последнего месяца квартала", Context(doc_date=D(2023, 5, 10)), None, D(2023, 6, 20), "recurring"),
]


@pytest.mark.parametrize("text, ctx, start, end, kind", CELLS)
def test_cell_values(text, ctx, start, end, kind):
    d = parse_deadline(text, ctx)
    if kind is None:
        assert d is None or (d.start, d.end) == (start, end)
        return
    assert (d.start, d.end, d.kind) == (start, end, kind)

@pytest.mark.parametrize("text, end", [
    ("будет выполнено до 20.11.2025, договор с подрядной организацией заключен 10.10.2025, материалы закуплены",
     D(2025, 11, 20)),
    ("срок продлен до 1 декабря 2025 года, приказ о назначении ответственного издан 14.10.2025", D(2025, 12, 1)),
    ("провести повторную проверку 24.02.2025", D(2025, 2, 24)),
    # a whole year later in the sentence says what the task is about, the dated term is the task's
    ("Обеспечить до 25 августа 2025 года поставку оборудования в организации, на базе которых в 2025 году "
     "создаются центры «Точка роста»", D(2025, 8, 25)),
])
def test_a_date_of_what_already_happened_is_no_term_beside_one(text, end):
    assert choose_deadline(text, LETTER, 0)[0].end == end



def test_first_term_then_recurrence():
    d = parse_deadline("2021 год, далее – ежегодно", ROADMAP)
    assert (d.start, d.end, d.recurrence) == (D(2021, 1, 1), D(2021, 12, 31), "yearly")


@pytest.mark.parametrize("text", ["по мере готовности", "постоянно", "по отдельному графику", "по мере необходимости"])
def test_no_deadline(text):
    d = parse_deadline(text, LETTER)
    assert d.kind == "none" and d.start is None and d.end is None


@pytest.mark.parametrize("text, end", [
    ("3. Провести собеседование с руководителями школ (до 16.06.2020).", D(2020, 6, 16)),
    ("7. Утвердить муниципальные программы помощи (до 20 августа 2020).", D(2020, 8, 20)),
    ("5. Принять участие в собеседовании (17.06.2020 - 23.06.2020) (письмо Департамента от 08.06.2020 № 57-2623).",
     D(2020, 6, 23)),
])
def test_terms_in_running_text(text, end):
    found = [d for d in find_deadlines(text, LETTER) if d.end]
    assert found[-1].end == end
    assert text[found[-1].span.start:found[-1].span.end] == found[-1].raw


@pytest.mark.parametrize("text", [
    "утвержденной приказом ОО №87 от 24.07. 2020 года",
    "распоряжения Департамента от 10.03.2020 № 187-р",
    "мероприятий поддержки на 2020/21 учебный год",
    "программы развития образования на 2016-2020 гг.",
])
def test_references_and_subject_periods_are_no_deadlines(text):
    assert [d for d in find_deadlines(text, LETTER) if d.end] == []


def test_production_calendar():
    assert not is_working_day(D(2021, 5, 4))       # May holidays moved by decree
    assert is_working_day(D(2021, 2, 20))          # a working Saturday
    assert not is_working_day(D(2030, 1, 3))       # fixed holidays beyond the table
    assert add_working_days(D(2021, 4, 28), 3) == D(2021, 5, 11)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.-–/ () №абвгдеиклмнопрстуфяАВДСгодвтечение\n")), max_size=80))
def test_any_text_gives_spans_inside_it(text):
    for d in find_deadlines(text, ROADMAP, offset=7, loose=True):
        assert 7 <= d.span.start <= d.span.end <= 7 + len(text)
        assert d.start is None or d.end is None or d.start <= d.end


@pytest.mark.parametrize("text, end", [
    ("до 1 апреля 2024 г. представить отчет об исполнении плана за I квартал 2024 года", D(2024, 4, 1)),
    ("разработать план мероприятий на II полугодие 2024 года в срок до 15 июня 2024 г.", D(2024, 6, 15)),
    ("в срок до 20 мая подготовить план работы на 2024-2025 учебный год", D(2024, 5, 20)),
    ("провести мониторинг в течение II квартала 2024 года", D(2024, 6, 30)),
])
def test_an_items_own_term_wins_over_the_period_of_its_subject(text, end):
    deadline, _ = choose_deadline(text, Context(doc_date=D(2024, 3, 1)), 0)
    assert deadline.end == end


@pytest.mark.parametrize("text, end, recurrence", [
    ("Обеспечить создание центров. Доклад – до 1 марта 2024 г., далее – ежеквартально.", D(2024, 3, 1), "quarterly"),
    ("Обеспечить участие школ в проекте. Срок – 1 июля 2024 г., далее – один раз в полугодие.", D(2024, 7, 1),
     "half-yearly"),
])
def test_an_items_first_term_then_its_recurrence(text, end, recurrence):
    d, _ = choose_deadline(text, Context(doc_date=D(2023, 9, 12)), 0)
    assert (d.end, d.recurrence) == (end, recurrence)


@pytest.mark.parametrize("text, end", [
    ("Срок – до конца рабочего дня пятницы.", "2026-04-10"),
    ("представить графики до среды", "2026-04-15"),
    ("направить заявку к понедельнику", "2026-04-13"),
    ("подключиться к вебинару в среду, 15.04.2026, в 10:00", "2026-04-15"),
])
def test_a_weekday_is_the_next_such_day_after_the_document(text, end):
    deadline, _ = choose_deadline(text, Context(doc_date=dt.date(2026, 4, 9)), 0)    # a Thursday
    assert deadline.end.isoformat() == end


def test_a_month_something_was_done_in_is_no_term_beside_one():
    text = "Срок – до конца рабочего дня пятницы. Кто уже заполнял форму в марте, заполняет повторно."
    deadline, _ = choose_deadline(text, Context(doc_date=dt.date(2026, 4, 9)), 0)
    assert deadline.end.isoformat() == "2026-04-10"


def test_the_day_something_begins_is_no_term_beside_one():
    text = ("просит в течение 5 рабочих дней с даты получения настоящего письма представить сведения об организациях, "
            "планирующих открытие классов с 1 сентября 2024 года")
    deadline, _ = choose_deadline(text, Context(doc_date=dt.date(2024, 4, 15)), 0)
    assert deadline.end.isoformat() == "2024-04-22"


def test_a_weekday_beside_a_date_is_not_the_term():
    text = "обеспечить подключение к вебинару в среду, 15.04.2026, в 10:00 (ссылку пришлю во вторник)"
    deadline, _ = choose_deadline(text, Context(doc_date=dt.date(2026, 4, 9)), 0)
    assert deadline.end.isoformat() == "2026-04-15"


@pytest.mark.parametrize("cell, start, end", [("11.02, 25.02, 11.03, 25.03, 13.05", "2025-02-11", "2025-05-13"),
                                              ("12.03, 14.03", "2025-03-12", "2025-03-14")])
def test_days_listed_in_a_term_cell_run_from_the_first_to_the_last(cell, start, end):
    d = parse_deadline(cell, Context(doc_date=dt.date(2025, 2, 3)))
    assert (d.start.isoformat(), d.end.isoformat()) == (start, end)


def test_a_paragraph_list_is_no_list_of_days():
    assert parse_deadline("п. 2.3, 4.5", Context(doc_date=dt.date(2025, 2, 3))) is None


@pytest.mark.parametrize("text, start, end", [("в период летних каникул 2026 г.", "2026-06-01", "2026-08-31"),
                                              ("провести ремонт до начала летних каникул", None, "2026-05-31"),
                                              ("во время летних каникул", "2026-06-01", "2026-08-31")])
def test_the_summer_holidays_are_june_to_august_of_the_coming_summer(text, start, end):
    d = parse_deadline(text, Context(doc_date=dt.date(2026, 3, 3)))
    assert (d.start and d.start.isoformat(), d.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text, doc_date, start, end", [
    ("в период с 1 июня по 31 августа 2024 года ежедневно вносить сведения", dt.date(2024, 2, 12),
     "2024-06-01", "2024-06-01"),
    ("еженедельно по пятницам в период работы лагерей (с 1 июня по 24 июля 2026 года) представлять сведения",
     dt.date(2026, 4, 10), "2026-06-01", "2026-06-05"),
])
def test_a_daily_or_weekly_duty_inside_a_period_ahead_is_first_due_in_it(text, doc_date, start, end):
    deadline, _ = choose_deadline(text, Context(doc_date=doc_date), 0)
    assert (deadline.start.isoformat(), deadline.end.isoformat(), deadline.kind) == (start, end, "recurring")


@pytest.mark.parametrize("text, end", [
    ("представлять сводную информацию Министру – по понедельникам, начиная с 2 июня 2025 г.", "2025-06-02"),
    ("еженедельно по понедельникам, начиная с 12.05.2025, направлять сведения", "2025-05-12"),
    ("ежемесячно до 5 числа, начиная с 1 сентября 2025 года, представлять отчет", "2025-09-05"),
])
def test_a_recurring_duty_beginning_on_a_day_ahead_is_first_due_from_it(text, end):
    deadline, _ = choose_deadline(text, Context(doc_date=dt.date(2025, 4, 2)), 0)
    assert (deadline.end.isoformat(), deadline.kind) == (end, "recurring")


@pytest.mark.parametrize("cell", ["по итогам ГИА-2025", "по итогам конкурса «Учитель года – 2025»"])
def test_a_year_that_ends_a_name_is_no_term(cell):
    assert parse_deadline(cell, Context(doc_date=dt.date(2025, 3, 1))) is None


def test_working_days_count_back_as_well_as_on():
    # 4 December 2024 is a Wednesday: three working days before it is Friday 29 November
    assert add_working_days(dt.date(2024, 12, 4), -3) == dt.date(2024, 11, 29)
    assert add_working_days(dt.date(2024, 12, 4), 2) == dt.date(2024, 12, 6)


@pytest.mark.parametrize("text, end", [
    ("организовать видеонаблюдение на олимпиаде по химии 10 декабря 2024 г. и передать записи в центр в течение "
     "3 рабочих дней после окончания олимпиады", "2024-12-13"),
    ("провести конкурс 5 марта 2025 г., итоги направить не позднее 2 календарных дней после проведения конкурса",
     "2025-03-07"),
])
def test_a_term_counted_from_an_event_the_same_text_dates(text, end):
    deadline, _ = choose_deadline(text, Context(doc_date=dt.date(2024, 11, 20)), 0)
    assert deadline.end.isoformat() == end


def test_a_term_counted_from_an_event_no_text_dates_has_no_day():
    deadline, _ = choose_deadline("итоги направить в течение 3 рабочих дней после окончания олимпиады",
                                  Context(doc_date=dt.date(2024, 11, 20)), 0)
    assert deadline is None or deadline.end is None
