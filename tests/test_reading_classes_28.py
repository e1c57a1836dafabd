"""Reading classes met on batch 8's tune half (stop 28), each written as a small document of its own: a monthly
day named before "ежемесячно", persons in charge in brackets at an item's end, a term an amendment replaces, what a
letter says need not be done, a stamp's scraps before an addressee, a request to extend one's own term, a body
acting in the instrumental before a passive, a semester as a term, a term line srok cannot date; and classes seen
again on batch 7's held half (seen since stop 27): a subject line's term over a whole year, "ежедневное" as no term,
an event dated with "проводит", the dates of the period a plan is for."""
from __future__ import annotations

from conftest import contract_of, table_docx
from extractors.metadata import _from_dative_head


def _text(tmp_path, text: str):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return contract_of(path)


PROTOCOL = """ПРОТОКОЛ № 4
совещания заместителей руководителей общеобразовательных организаций

г. Тверь                                                          02.12.2026

Председатель: Белова Н.А.
Присутствовали:
Смирнова Т.Е. – начальник отдела дошкольного образования Управления образования Администрации города Твери
Громов П.А. – директор МБУ «Городской методический центр» города Твери

РЕШИЛИ:
1. Представлять в Управление образования сведения о посещаемости занятий. Срок: до 20 числа ежемесячно.
2. Подготовить сводный отчёт об укомплектованности групп кадрами (Смирнова Т.Е., Громов П.А.). Срок — до 18.12.2026.

Председатель                                                       Н.А. Белова
"""


def test_a_monthly_day_named_before_the_word_monthly_is_the_next_such_day(tmp_path):
    tasks = _text(tmp_path, PROTOCOL)["obligations"]
    monthly = next(o for o in tasks if "посещаемости" in o["text"])
    assert monthly["deadline"]["kind"] == "recurring" and monthly["deadline"]["recurrence"] == "monthly"
    assert monthly["deadline"]["end"] == "2026-12-20"


def test_persons_in_brackets_at_an_items_end_are_its_responsible(tmp_path):
    tasks = _text(tmp_path, PROTOCOL)["obligations"]
    report = next(o for o in tasks if "сводный отчёт" in o["text"])
    names = [r["name"] for r in report["responsible"]]
    assert len(names) == 2 and names[0].startswith("Смирнова") and names[1].startswith("Громов")
    assert all(r["municipality"] == "город Тверь" for r in report["responsible"])   # placed by the attendance list
    assert report["deadline"]["end"] == "2026-12-18"


AMENDING = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ МУРМАНСКОЙ ОБЛАСТИ

10.03.2027 № 17-02/880

Руководителям органов местного самоуправления, осуществляющих управление в сфере образования

О переносе сроков

В изменение письма от 01.03.2027 № 17-02/702 просим:
1) провести пробный экзамен по информатике в период с 10 по 14 мая 2027 года (вместо 20–24 апреля 2027 года);
2) представить протоколы пробного экзамена не позднее 21 мая 2027 года.
Образовательным организациям, уже направившим заявки, повторно направлять их не требуется.

Министр                                                            О.В. Кравец
"""


def test_a_term_an_amendment_replaces_is_not_the_term(tmp_path):
    tasks = _text(tmp_path, AMENDING)["obligations"]
    exam = next(o for o in tasks if "пробный экзамен по информатике" in o["text"])
    assert (exam["deadline"]["start"], exam["deadline"]["end"]) == ("2027-05-10", "2027-05-14")


def test_what_a_letter_says_need_not_be_done_is_no_task(tmp_path):
    tasks = _text(tmp_path, AMENDING)["obligations"]
    assert len(tasks) == 2 and not any("не требуется" in o["text"] for o in tasks)


def test_a_stamps_date_and_letters_before_an_addressee_are_left_out():
    line = "20.26r. Руководителям органов местного самоуправления"
    assert _from_dative_head(line) == "Руководителям органов местного самоуправления"
    assert _from_dative_head("Руководителям школ") == "Руководителям школ"


EXTENSION = """АДМИНИСТРАЦИЯ КОВДОРСКОГО МУНИЦИПАЛЬНОГО ОКРУГА
ОТДЕЛ ОБРАЗОВАНИЯ

от 11.12.2026 № 05-11/640
на № 17-02/3100 от 20.11.2026

Министру образования Мурманской области

О продлении срока

В связи с отключением электроэнергии в зданиях двух школ просим продлить срок представления отчета о паспортизации учебных кабинетов до 25 января 2027 года.
Отделом образования запланировано провести повторный осмотр кабинетов в период с 14 по 18 декабря 2026 года.

Начальник отдела                                                   В.С. Липин
"""


def test_a_request_to_extend_a_term_is_the_askers_own_task(tmp_path):
    read = _text(tmp_path, EXTENSION)
    report = next(o for o in read["obligations"] if "паспортизации" in o["text"])
    assert report["deadline"]["end"] == "2027-01-25"
    sender = read["document"]["sender"]["name"]
    assert "ОТДЕЛ ОБРАЗОВАНИЯ" in sender and [r["name"] for r in report["responsible"]] == [sender]


def test_a_body_in_the_instrumental_before_a_passive_is_who_acts(tmp_path):
    tasks = _text(tmp_path, EXTENSION)["obligations"]
    visit = next(o for o in tasks if "повторный осмотр" in o["text"])
    assert [r["name"] for r in visit["responsible"]] == ["Отдел образования"]
    assert visit["deadline"]["end"] == "2026-12-18"


def test_an_academic_years_semesters_are_terms():
    import datetime as dt
    from extractors.deadlines import Context, parse_deadline
    ctx = Context(doc_date=dt.date(2026, 11, 16))
    second = parse_deadline("2 семестр 2026/2027 уч. г.", ctx)
    assert (second.start, second.end) == (dt.date(2027, 2, 1), dt.date(2027, 6, 30))
    first = parse_deadline("в первом семестре 2027/2028 учебного года", ctx)
    assert (first.start, first.end) == (dt.date(2027, 9, 1), dt.date(2027, 12, 31))


ORDER = """АДМИНИСТРАЦИЯ ГОРОДА ВЕЛИКИЕ ЛУКИ
УПРАВЛЕНИЕ ОБРАЗОВАНИЯ

П Р И К А З
14.01.2027                                                         № 12

Об учёте детей, подлежащих обучению

ПРИКАЗЫВАЮ:
1. Директорам муниципальных общеобразовательных учреждений:
1.1. Уточнить списки детей микрорайона школы.
Срок: согласно плану работы
1.2. Представить в управление образования сведения о детях, не приступивших к обучению.
Срок: до 01.02.2027
2. Контроль за исполнением приказа оставляю за собой.

Начальник управления                                               А.А. Петров
"""


def test_a_term_line_srok_cannot_date_keeps_the_items_under_their_head(tmp_path):
    tasks = _text(tmp_path, ORDER)["obligations"]
    lists, report = (next(o for o in tasks if word in o["text"]) for word in ("Уточнить", "не приступивших"))
    for task in (lists, report):
        assert [r["name"] for r in task["responsible"]] == ["Директора муниципальных общеобразовательных учреждений"]
    assert lists["deadline"] is None and report["deadline"]["end"] == "2027-02-01"


LETTER = """ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ГОРОДА СЕВАСТОПОЛЯ

05.10.2026 № 4410/01-12

Руководителям государственных общеобразовательных учреждений

О представлении сведений
в срок до 16.10.2026

Департамент в целях распределения квот на курсы повышения квалификации в 2027 году просит представить сведения о педагогах по форме согласно приложению.
В связи с проверками руководителям учреждений необходимо в срок до 20 октября 2026 г. разместить на официальном сайте ежедневное меню.
Кроме того, 22 октября 2026 г. в 15.00 Центр развития образования проводит вебинар по вопросам питания. Прошу обеспечить участие в вебинаре ответственных за питание.
Директорам учреждений составить план досуговых мероприятий на период зимних каникул (с 31.12.2026 по 11.01.2027) и направить его в Департамент в срок до 18.12.2026.

Директор Департамента                                              И.П. Орлов
"""


def test_terms_of_a_letter_read_as_their_words_mean(tmp_path):
    tasks = {o["text"][:30]: o["deadline"] for o in _text(tmp_path, LETTER)["obligations"]}
    ends = {k[:12]: v and v["end"] for k, v in tasks.items()}
    # a whole year the request is about yields to the subject line's term
    assert ends["Департамент "] == "2026-10-16"
    # "ежедневное меню" is no daily term
    assert next(v for k, v in tasks.items() if "проверками" in k)["end"] == "2026-10-20"
    # taking part in an event the paragraph dates with "проводит"
    assert ends["Прошу обеспе"] == "2026-10-22"
    # the dates of the period a plan is for are not its term
    assert ends["Директорам у"] == "2026-12-18"


def test_a_term_column_split_into_start_and_end_under_one_header(tmp_path):
    rows = [["№ п/п", "Мероприятие", "Срок исполнения", "", "Ответственные исполнители"],
            ["", "", "начало", "окончание", ""],
            ["1", "Разработка муниципальных планов мероприятий", "01.02.2027", "28.02.2027", "Органы местного самоуправления"],
            ["2", "Проведение областного конкурса педагогов", "15.04.2027", "17.05.2027", "Калужский институт развития образования"]]
    merges = [((0, 2), (0, 3))] + [((0, c), (1, c)) for c in (0, 1, 4)]
    path = table_docx(tmp_path / "plan.docx", rows, ["ПЛАН мероприятий министерства образования Калужской области на 2027 год"],
                      merges=merges)
    tasks = contract_of(path)["obligations"]
    assert [(o["deadline"]["start"], o["deadline"]["end"]) for o in tasks] == [
        ("2027-02-01", "2027-02-28"), ("2027-04-15", "2027-05-17")]


def test_a_term_counted_from_the_day_the_task_before_it_names(tmp_path):
    letter = AMENDING.replace(
        "2) представить протоколы пробного экзамена не позднее 21 мая 2027 года.",
        "2) провести контрольную работу 12 мая 2027 г. и передать работы в центр оценки в течение 3 рабочих дней "
        "после проведения работы.")
    tasks = _text(tmp_path, letter)["obligations"]
    passed = next(o for o in tasks if o["text"].startswith("передать работы"))
    assert passed["deadline"]["end"] == "2027-05-17"      # Wednesday 12 May + three working days


def test_a_term_counted_from_the_meeting_a_protocol_records(tmp_path):
    protocol = PROTOCOL.replace(
        "Срок — до 18.12.2026.",
        "Срок — до 18.12.2026.\n3. Разместить протокол на официальном сайте в течение пяти рабочих дней со дня "
        "проведения совещания (Громов П.А.).")
    tasks = _text(tmp_path, protocol)["obligations"]
    site = next(o for o in tasks if "Разместить протокол" in o["text"])
    assert site["deadline"]["end"] == "2026-12-09"        # Wednesday 2 December + five working days


def test_attached_standards_are_norms_not_tasks(tmp_path):
    order = """МБУ ДО «СПОРТИВНАЯ ШКОЛА «ОЛИМП»

П Р И К А З
24.03.2027                                                         № 14-О

О внедрении антикоррупционных стандартов

ПРИКАЗЫВАЮ:
1. Утвердить прилагаемые Антикоррупционные стандарты учреждения.
2. Специалисту по кадрам ознакомить работников со стандартами под подпись в срок до 01.04.2027.

Директор                                                           С.С. Орлов

Приложение № 1
УТВЕРЖДЕНЫ приказом от 24.03.2027 № 14-О
АНТИКОРРУПЦИОННЫЕ СТАНДАРТЫ
1. Работники учреждения должны неукоснительно соблюдать требования законодательства о противодействии коррупции.
2. Руководитель обеспечивает реализацию работниками обязанностей по предотвращению конфликта интересов.
"""
    tasks = _text(tmp_path, order)["obligations"]
    assert not any("неукоснительно" in o["text"] for o in tasks)
    assert any(o["text"].startswith("Специалисту по кадрам") and o["deadline"]["end"] == "2027-04-01" for o in tasks)


def test_a_reminder_of_a_duty_is_a_task(tmp_path):
    letter = AMENDING.replace(
        "Образовательным организациям, уже направившим заявки, повторно направлять их не требуется.",
        "Одновременно напоминаем о необходимости ежеквартально, не позднее 10 числа месяца, следующего за отчетным "
        "кварталом, актуализировать сведения о вакансиях на региональном портале.")
    tasks = _text(tmp_path, letter)["obligations"]
    vacancies = next(o for o in tasks if "вакансиях" in o["text"])
    assert vacancies["deadline"]["kind"] == "recurring" and vacancies["deadline"]["end"] == "2027-04-10"
    assert vacancies["responsible"][0]["scope"] == "all_municipalities"


def test_a_word_a_cell_broke_before_its_ending_is_joined_in_a_name():
    from extractors.nlp import rejoined
    assert rejoined("Руководители общеобразовательн ых организаций") == "Руководители общеобразовательных организаций"
    assert rejoined("Отдел образования и науки") == "Отдел образования и науки"     # whole words stay apart


def test_quarter_columns_of_a_years_plan_marked_with_pluses_and_crosses(tmp_path):
    rows = [["№", "Мероприятие", "Срок проведения", "", "", "", "Ответственные"],
            ["", "", "I кв.", "II кв.", "III кв.", "IV кв.", ""],
            ["1", "Проведение городского месячника правовых знаний", "х", "х", "х", "+", "ИМЦ"],
            ["2", "Семинар для социальных педагогов", "х", "+", "+", "х", "ИМЦ"]]
    merges = [((0, 2), (0, 5))] + [((0, c), (1, c)) for c in (0, 1, 6)]
    path = table_docx(tmp_path / "plan.docx", rows,
                      ["ПЛАН мероприятий управления образования администрации г. Хабаровска на 2027 год"],
                      ["Примечание: «+» – квартал проведения мероприятия; «х» – мероприятие не проводится."], merges)
    tasks = contract_of(path)["obligations"]
    assert [(o["deadline"]["start"], o["deadline"]["end"]) for o in tasks] == [
        ("2027-10-01", "2027-12-31"), ("2027-04-01", "2027-09-30")]


def test_every_district_and_the_regions_city_and_a_name_whose_closing_quote_was_lost(tmp_path):
    letter = """МИНИСТЕРСТВО ОБРАЗОВАНИЯ РЕСПУБЛИКИ МОРДОВИЯ

30.10.2026 № 5163/01-13

Руководителям органов управления образованием администраций муниципальных районов и городского округа Саранск

О службах медиации

Просим обеспечить обучение кураторов служб медиации на базе ГБУ ДПО РМ «ЦНППМ «Педагог 13.ру» в течение первого полугодия 2027 года.

Министр                                                            А.И. Учаев
"""
    (task,) = _text(tmp_path, letter)["obligations"]
    assert task["responsible"][0]["scope"] == "all_municipalities"
    assert (task["deadline"]["start"], task["deadline"]["end"]) == ("2027-01-01", "2027-06-30")


def test_a_word_ocr_broke_in_two_is_joined_in_place():
    from extractors.ocr_text import fold_ocr
    line = "Руково. дителям муниципальных общеобразовательных учреждений"
    folded = fold_ocr(line)
    assert folded.split()[:2] == ["Руководителям", "муниципальных"] and len(folded) == len(line)
    assert fold_ocr("по вопросам на уки") == "по вопросам на уки"      # a piece that is a word stays apart
