"""Reading classes of stop 30, each written as a small document of its own: terms offices write that srok read
as nothing or as the wrong year (a day and month without a year after "до" in running text, "в течение недели",
"в течение 3-х рабочих дней", a quarter or half-year still running when the letter is written, "до конца этой недели",
"к следующему понедельнику", "– 23.04 т.г."); a body whose abbreviation is two joined by "и"; an order with no date
whose urgency ("сообщать незамедлительно") is its term; a protocol without a letterhead, whose sender is the body its
chair heads; and, from batch 10's tune half: another body's act retold; a doer before a dash; term and doer lines
before the task; a nominal item with its own doer and term; "требуется:" and a sentence giving items their terms;
people before a colon; items under the places they are for; a term for one question of an agenda; a school's
letterhead under its founder's; a body's month plan with no doer column; a fire-safety предписание's official
violations column; a list of terms keyed by appendix or subject, and a report on the period just ended; a telephone
message's tabbed form and terms of today; "ПРЕДПИСЫВАЮ:" and "не позднее указанного срока"; a signature typed as a
table's last row; the parts of a task with terms of their own; an item naming no one; what is sent where with the verb
left out; an order past a clause of its own ("…, где будут проводиться утренники, провести …"); a body's name read
first as genitive as a doer; an act's date and number on a line under its title; a spaced-out title's number and the
date on the line below."""
from __future__ import annotations

from conftest import contract_of, table_docx


def _read(tmp_path, text: str) -> dict:
    """`srok extract --json` of a plain-text document."""
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return contract_of(path)


def _protocol_with(tmp_path, item: str) -> list[dict]:
    """The tasks of PROTOCOL with ``item`` (lines) after its first decision."""
    return _letter(tmp_path, PROTOCOL.replace("Срок: до 10 ноября 2026 г.\n", "Срок: до 10 ноября 2026 г.\n" + item))


def _letter(tmp_path, text: str) -> list[dict]:
    return _read(tmp_path, text)["obligations"]

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
    terms = {o["text"].split()[0] + o["text"].split()[1]: o["deadline"] for o in _read(tmp_path, LETTER)["obligations"]}
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
    tasks = _read(tmp_path, URGENT)["obligations"]
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
    sender = _read(tmp_path, PROTOCOL)["document"]["sender"]
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
    second = _protocol_with(tmp_path, "2. Информацию о выпускниках с ОВЗ представить в комитет по образованию.\n"
                                      "Срок: до 30.10.2026.\n")[1]
    # not the committee (it is sent to it): the heads of schools the item before named, a carried doer doubted
    assert [r["name"] for r in second["responsible"]] == ["Руководители общеобразовательных организаций"]
    assert "responsible.carried" in second["checks"]


RETOLD = """ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ЯРОСЛАВСКОЙ ОБЛАСТИ
02.10.2026 № ИХ.24-5512/26

Руководителям органов местного самоуправления, осуществляющих управление в сфере образования

О направлении рекомендаций

Департамент направляет для использования в работе письмо Минпросвещения России от 20.09.2026 № 07-4410.
В письме Минпросвещения России органам исполнительной власти субъектов Российской Федерации рекомендовано обеспечить участие педагогов в курсах повышения квалификации.
Представление информации не требуется.

Директор департамента                                  И.В. Лобода
"""


def test_what_another_bodys_act_asked_of_others_retold_is_no_task(tmp_path):
    assert _letter(tmp_path, RETOLD) == []
    # the same act asking the sender itself, by name, binds it
    own = RETOLD.replace("органам исполнительной власти субъектов Российской Федерации", "департаменту образования")
    assert [o["text"][:9] for o in _letter(tmp_path, own)] == ["В письме "]


NOTICE = """Управление образования администрации Гдовского района
09.11.2026 № 401

Руководителям образовательных организаций

О сроках на неделю

Детские сады (в том числе дошкольные группы) — обновить сведения об очереди в АИС до конца этой недели.
Всем общеобразовательным организациям — выслать отчеты о питании к следующему понедельнику.

Начальник управления                                   Т.С. Рогова
"""


def test_a_doer_before_a_dash_and_the_weeks_terms(tmp_path):
    got = {o["text"].split()[0]: o for o in _letter(tmp_path, NOTICE)}
    assert [r["name"] for r in got["Детские"]["responsible"]] == ["Детские сады"]
    assert got["Детские"]["deadline"]["end"] == "2026-11-13"            # that week's Friday (the letter is of a Monday)
    assert got["Всем"]["responsible"][0]["name"] == "Все общеобразовательные организации"   # the dative put right
    assert got["Всем"]["deadline"]["end"] == "2026-11-16"               # the next Monday


PREFACED = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ ОРЕНБУРГСКОЙ ОБЛАСТИ
ПРОТОКОЛ
совещания с руководителями муниципальных органов управления образованием
14.11.2026                                                             № 12

РЕШИЛИ:
1.1. Срок исполнения: до 27 ноября 2026 г.
Ответственные исполнители: органы управления образованием муниципальных округов.
Организовать ознакомление выпускников с порядком проведения итогового сочинения.
1.2. Актуализация планов подготовки к ГИА. Ответственные: руководители общеобразовательных организаций; срок: до 04.12.2026.
1.3. Подготовить методические рекомендации. Ответственный: отдел общего образования министерства (Гусева О.П.); срок: до 11.12.2026.

Министр                                                          А.А. Пахомов
"""


def test_term_and_doer_lines_before_the_task_and_a_nominal_item_with_its_own(tmp_path):
    got = {o["number"]: o for o in _letter(tmp_path, PREFACED)}
    assert got["1.1"]["deadline"]["end"] == "2026-11-27"
    assert "органы управления образованием" in got["1.1"]["responsible"][0]["name"]
    assert got["1.2"]["deadline"]["end"] == "2026-12-04"                # no verb: the doer and term say it is a task
    assert got["1.2"]["responsible"][0]["name"] == "руководители общеобразовательных организаций"
    assert got["1.3"]["responsible"][0]["name"] == "отдел общего образования министерства"   # not the person in brackets


REQUIRED = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ ТУЛЬСКОЙ ОБЛАСТИ
05.02.2027 № 16-01-14/933

Руководителям органов местного самоуправления, осуществляющих управление в сфере образования

О подвозе обучающихся

В связи с понижением температуры от органов местного самоуправления в ближайшее время требуется:
1) проверка готовности школьных автобусов к работе в зимних условиях;
2) представление сведений об отмене рейсов;
3) сверка списков подвозимых обучающихся.
Материалы по пунктам 1 и 3 направляются в отдел безопасности министерства не позднее 19.02.2027; сведения по пункту 2 — ежемесячно, до 5 числа месяца, следующего за отчетным.

Заместитель министра                                          Е.Е. Клишина
"""


def test_a_list_of_what_is_required_and_a_sentence_giving_its_items_terms(tmp_path):
    got = {o["number"]: o for o in _letter(tmp_path, REQUIRED)}
    assert sorted(got) == ["1", "2", "3"]
    assert got["1"]["deadline"]["end"] == got["3"]["deadline"]["end"] == "2027-02-19"
    assert (got["2"]["deadline"]["kind"], got["2"]["deadline"]["end"]) == ("recurring", "2027-03-05")


BY_PLACE = """КОМИТЕТ ОБРАЗОВАНИЯ И НАУКИ КУРСКОЙ ОБЛАСТИ
ПРОТОКОЛ
селекторного совещания
19.01.2027                                                             № 2

РЕШИЛИ:
1. Тарасов И.В., Белова Н.Г.: обеспечить контроль температурного режима в школах. Срок – 23.01 т.г.
2. По муниципальным образованиям:
Рыльский район
- восстановить теплоснабжение здания школы в с. Капыстичи в срок до 22.01.2027;
Курск (Комитет образования города Курска)
- представить график ремонта кровли гимназии № 4 до 29.01.2027.
3. Срок исполнения по второму вопросу – до 30 января 2027 года.

Председатель комитета                                            А.А. Ушаков
"""


def test_people_before_a_colon_places_heading_their_items_and_a_date_of_this_year(tmp_path):
    got = _letter(tmp_path, BY_PLACE)
    first = next(o for o in got if o["text"].startswith("Тарасов"))
    assert [r["name"].rstrip(".") for r in first["responsible"]] == ["Тарасов И.В", "Белова Н.Г"]
    assert first["deadline"]["end"] == "2027-01-23"
    heat = next(o for o in got if "теплоснабжение" in o["text"])
    roof = next(o for o in got if "кровли" in o["text"])
    assert heat["responsible"][0]["municipality"] == "Рыльский район"
    assert roof["responsible"][0]["name"] == "Комитет образования города Курска"
    assert not any(o["text"].startswith("По муниципальным") for o in got)


def test_a_term_for_the_decisions_on_one_question_of_the_agenda():
    import datetime as dt

    from extractors.deadlines import Context
    from extractors.group_terms import read_group_line
    groups = read_group_line("Срок исполнения по первому вопросу – до 23 января 2027 года.", 0,
                             Context(doc_date=dt.date(2026, 12, 3)))
    assert groups and groups[0][0] == [((1,), (1,))] and groups[0][1].end == dt.date(2027, 1, 23)


def test_a_schools_letterhead_under_its_founders_with_its_form_on_a_line_of_its_own(tmp_path):
    got = _read(tmp_path, "Управление образования\nадминистрации Валуйского\nмуниципального округа\n\n"
                    "Муниципальное бюджетное общеобразовательное\nучреждение «Средняя общеобразовательная школа № 3»\n"
                    "г. Валуйки, ул. Ленина, д. 5\n\n«12» ноября 2026 г. № 88\n\n"
                    "Начальнику управления образования\n\nИнформируем, что мероприятия проведены.\n\nДиректор   А.А. Котова\n")
    assert got["document"]["sender"]["name"].startswith("Муниципальное бюджетное общеобразовательное")


def test_a_bodys_month_plan_with_no_doer_column_is_that_bodys_own(tmp_path):
    path = table_docx(tmp_path / "plan.docx", [
        ["Дата, время", "Мероприятие", "Место проведения", "Участники"],
        ["09.02\n10.00", "Совещание руководителей общеобразовательных учреждений", "каб. 5", "руководители ОУ"],
        ["15.02–19.02", "Выездная проверка организации питания в школах", "по месту нахождения ОУ", "специалисты"],
        ["до 20.02", "Сведения о численности обучающихся в семейной форме", "—", "заместители директоров"]],
        before=["УТВЕРЖДАЮ", "Начальник управления образования", "администрации Сегежского муниципального района",
                "ПЛАН РАБОТЫ", "управления образования администрации Сегежского муниципального района",
                "на февраль 2027 года"])
    got = contract_of(path)
    assert got["document"]["sender"]["name"] == "Управление образования администрации Сегежского муниципального района"
    terms = {o["text"].split()[0]: o["deadline"] for o in got["obligations"]}
    assert terms["Совещание"]["end"] == "2027-02-09"                   # a day and its hour
    assert (terms["Выездная"]["start"], terms["Выездная"]["end"]) == ("2027-02-15", "2027-02-19")
    assert terms["Сведения"]["end"] == "2027-02-20"
    assert {r["name"] for o in got["obligations"] for r in o["responsible"]} == {
        "Управление образования администрации Сегежского муниципального района"}   # not the participants


def test_a_fire_safety_orders_violations_column_under_its_long_official_title(tmp_path):
    path = table_docx(tmp_path / "order.docx", [
        ["№ п/п", "Вид нарушения обязательных требований с указанием конкретного места выявленного нарушения",
         "Нормативный правовой акт и пункт, требования которого нарушены", "Срок устранения", "Отметка о выполнении"],
        ["1", "Огнетушители в кабинете химии не прошли перезарядку", "ППР, п. 60", "15.12.2026", ""],
        ["2", "Дверь запасного выхода из столовой заперта на навесной замок", "ППР, п. 26", "—",
         "устранено в ходе проверки"]],
        before=["ПРЕДПИСАНИЕ № 12/1/1", "об устранении нарушений требований пожарной безопасности",
                "«20» ноября 2026 г.", "Выдано: МБОУ «СОШ № 7»"])
    got = {o["text"].split()[0]: o for o in contract_of(path)["obligations"]}
    assert got["Огнетушители"]["deadline"]["end"] == "2026-12-15" and got["Огнетушители"]["status"] != "done"
    assert got["Дверь"]["status"] == "done"


KEYED = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛИНИНГРАДСКОЙ ОБЛАСТИ
05.10.2026 № 4410

Руководителям органов местного самоуправления, осуществляющих управление в сфере образования

О мониторинге школьных перевозок

Органам местного самоуправления необходимо:

организовать сбор сведений о маршрутах школьных автобусов по форме согласно приложению 1 к настоящему письму;

назначить специалиста, ответственного за мониторинг, и сообщить его контакты по форме согласно приложению 2;

актуализировать паспорта маршрутов подвоза обучающихся и согласовать их с Госавтоинспекцией.

Сроки представления информации:

по форме приложения 1 – ежеквартально, в срок до 20 числа месяца, следующего за отчетным кварталом (первый отчет – за III квартал 2026 года);

по форме приложения 2 – до 16.10.2026;

об актуализации паспортов маршрутов – до 30 ноября 2026 г.

Заместитель министра                                             О.С. Ветрова
"""


def test_a_list_of_terms_keyed_by_appendix_or_subject_gives_each_task_its_own(tmp_path):
    got = {o["text"].split()[0]: o["deadline"] for o in _letter(tmp_path, KEYED)}
    # the third quarter's report is the first due after the letter of 5 October
    assert (got["организовать"]["kind"], got["организовать"]["end"]) == ("recurring", "2026-10-20")
    assert got["назначить"]["end"] == "2026-10-16"
    assert got["актуализировать"]["end"] == "2026-11-30"


PHONE = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ ПЕНЗЕНСКОЙ ОБЛАСТИ
ТЕЛЕФОНОГРАММА № 23

Дата\t16.02.27
Время передачи\t10 ч 15 мин
Кому\tРуководителям органов местного самоуправления, осуществляющих управление в сфере образования
От кого\tЗаместитель министра Л.В. Орлова

ТЕКСТ:

В связи с ростом заболеваемости гриппом прошу:

сегодня же довести до руководителей общеобразовательных организаций требования об усилении фильтра;

при отсутствии более 20 % обучающихся класса приостанавливать учебный процесс на срок не менее 7 календарных дней.

Сведения о приостановленных классах подать до 15.00 сегодняшнего дня.

Отчет о проведенной дезинфекции направить завтра до 12.00.

Передал\tКонсультант Т.Ю. Кислицына
"""


def test_a_telephone_messages_form_typed_with_tabs_and_its_terms_of_today(tmp_path):
    got = _read(tmp_path, PHONE)
    assert (got["document"]["reg_number"], got["document"]["reg_date"]) == ("23", "2027-02-16")
    terms = {o["text"].split()[0]: o["deadline"] for o in got["obligations"]}
    assert terms["сегодня"]["end"] == terms["Сведения"]["end"] == "2027-02-16"
    assert terms["Отчет"]["end"] == "2027-02-17"
    assert terms["при"] is None            # "на срок не менее 7 календарных дней" is how long, not by when


def test_a_difference_of_days_is_no_term():
    import datetime as dt

    from extractors.deadlines import Context, choose_deadline
    deadline, _ = choose_deadline("представить в срок до 25.03.2027 (в управление), т.е. на 3 дня раньше регионального срока",
                                  Context(doc_date=dt.date(2027, 3, 11)), 0)
    assert deadline.end == dt.date(2027, 3, 25)


PRESCRIBED = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ ЧУВАШСКОЙ РЕСПУБЛИКИ
ПРЕДПИСАНИЕ № 31
об устранении выявленных нарушений
«20» января 2027 г.

Кому: МБОУ «СОШ № 5» г. Шумерля

По результатам плановой выездной проверки выявлены нарушения, указанные в акте проверки. На основании изложенного ПРЕДПИСЫВАЮ:

устранить нарушения, указанные в акте проверки, и принять меры по устранению их причин.

Срок исполнения предписания: до 20 апреля 2027 г.

Отчёт об исполнении предписания надлежит представить в Министерство не позднее указанного срока.

Консультант отдела надзора                                   С.Н. Ильина
"""


def test_an_order_of_a_supervisor_and_a_report_due_by_the_term_just_stated(tmp_path):
    got = {o["text"].split()[0]: o for o in _letter(tmp_path, PRESCRIBED)}
    assert got["устранить"]["deadline"]["end"] == "2027-04-20"
    assert got["Отчёт"]["deadline"]["end"] == "2027-04-20"


def test_a_signature_typed_as_a_tables_last_row_is_no_task(tmp_path):
    path = table_docx(tmp_path / "protocol.docx", [
        ["Решение", "Ответственный", "Срок"],
        ["1.1. Завершить приёмку лагерей с дневным пребыванием", "МОУО", "до 20.05.2027"],
        ["Председательствующий", "", "Д.Л. Пономарёв"],
        ["Секретарь", "", "Н.С. Абдина"]],
        before=["ПРОТОКОЛ № 4", "совещания с руководителями МОУО", "14.05.2027", "РЕШИЛИ:"])
    assert [o["text"] for o in contract_of(path)["obligations"]] == ["1.1. Завершить приёмку лагерей с дневным пребыванием"]


PARTS = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ РЕСПУБЛИКИ ХАКАСИЯ
ПРИКАЗ
от 02.09.2026                                                         № 640

О школьном этапе олимпиады

1. Утвердить:

1.1. Состав оргкомитета (приложение № 1).

1.2. План мероприятий по подготовке олимпиады на 2026 год (приложение № 2).

2. Руководителям органов местного самоуправления, осуществляющих управление в сфере образования:

2.1. обеспечить:

2.1.1. информирование обучающихся о сроках проведения школьного этапа до 15.09.2026;

2.1.2. сбор согласий родителей на публикацию работ – до начала школьного этапа;

2.1.3. размещение протоколов на сайтах в течение 7 календарных дней после проведения этапа.

Министр                                                           Т.Н. Пономарёва
"""


def test_the_parts_of_a_task_with_terms_of_their_own_are_tasks_of_their_own(tmp_path):
    got = _letter(tmp_path, PARTS)
    texts = [o["text"] for o in got]
    # one task per part, the bare "обеспечить:" none; what "Утвердить:" lists stays its parts, whatever years they name
    assert [t.split()[0] for t in texts if t.startswith(("информирование", "сбор", "размещение"))] == [
        "информирование", "сбор", "размещение"]
    assert not any(t.strip() == "обеспечить:" for t in texts)
    assert not any(t.startswith("План мероприятий") for t in texts)
    first = next(o for o in got if o["text"].startswith("информирование"))
    assert first["deadline"]["end"] == "2026-09-15"
    assert "органов местного самоуправления" in first["responsible"][0]["name"]


def test_an_item_naming_no_one_is_its_sibling_befores_doers_doubted(tmp_path):
    second = _protocol_with(tmp_path, "2. Провести инструктаж организаторов итогового сочинения.\n"
                                      "Срок: до 1 декабря 2026 г.\n")[1]
    assert [r["name"] for r in second["responsible"]] == ["Руководители общеобразовательных организаций"]
    assert "responsible.carried" in second["checks"]


SAFETY = """Управление образования администрации города Ульяновска
01.12.2026 № 73-ИОМ-01/1502

Заведующим муниципальными бюджетными дошкольными образовательными учреждениями

О мерах безопасности при проведении новогодних мероприятий

Управление образования сообщает следующее.

1. Графики проведения утренников (дата, время, группа) - в отдел дошкольного образования Управления, к 05.12.26.

2. Проверку пожарной сигнализации в помещениях, где будут проводиться утренники, провести до 15.12.2026.

Начальник Управления                                    Н.С. Тюрина
"""


def test_what_is_sent_where_by_a_term_with_the_verb_left_out_and_an_order_past_a_clause_of_its_own(tmp_path):
    got = {o["text"].split()[0]: o["deadline"]["end"] for o in _letter(tmp_path, SAFETY)}
    assert got == {"Графики": "2026-12-05", "Проверку": "2026-12-15"}


def test_a_bodys_name_read_first_as_genitive_opens_its_task_as_its_doer(tmp_path):
    second = _protocol_with(tmp_path, "2. Местной администрации Епифанского сельского поселения принять меры к "
                                      "ремонту кровли школы.\n")[1]
    assert second["responsible"][0]["name"].startswith("Местная администрация Епифанского")


def test_an_acts_date_and_number_on_a_line_under_its_title(tmp_path):
    path = table_docx(tmp_path / "act.docx", [["г. Йошкар-Ола", "21 апреля 2027 г. № 14"]],
                      before=["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДСКОГО ОКРУГА «ГОРОД ЙОШКАР-ОЛА»", "АКТ",
                              "проверки муниципального бюджетного общеобразовательного учреждения «СОШ № 18»"],
                      after=["Основание проверки: приказ Управления образования от 07.04.2027 № 312.",
                             "Сроки проведения: с 14 по 18 апреля 2027 года.",
                             "Директору школы в течение 3 рабочих дней разместить на сайте ежедневное меню."])
    got = contract_of(path)
    assert (got["document"]["reg_number"], got["document"]["reg_date"]) == ("14", "2027-04-21")
    assert got["obligations"][0]["deadline"]["end"] == "2027-04-26"      # three working days from the act's date


def test_a_spaced_out_title_with_its_number_and_its_date_on_the_line_below(tmp_path):
    got = _read(tmp_path, "КОМИССИЯ ПО ДЕЛАМ НЕСОВЕРШЕННОЛЕТНИХ И ЗАЩИТЕ ИХ ПРАВ\n\nП О С Т А Н О В Л Е Н И Е  № 44\n\n"
                    "19 ноября 2026 г.                                        г. Вязьма\n\n"
                    "Об организации работы по предупреждению пропусков занятий\n\nКомиссия ПОСТАНОВИЛА:\n\n"
                    "1. Руководителям общеобразовательных организаций ежемесячно, до 5 числа, направлять в комиссию "
                    "сведения о пропусках занятий.\n\nПредседательствующий                         С.В. Ракитина\n")
    assert (got["document"]["reg_number"], got["document"]["reg_date"]) == ("44", "2026-11-19")
    assert got["obligations"][0]["deadline"]["end"] == "2026-12-05"
