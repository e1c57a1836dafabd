"""The classes of reading the blind corpus showed, each as a mechanism of the genre, in several wordings
(the documents are made here; none is a corpus document)."""
from __future__ import annotations

import datetime as dt

import docx
import pytest

from extractors.deadlines import Context, choose_deadline
from extractors.pipeline import contract, extract
from extractors.readers import read_document


def _read(tmp_path, lines: list[str], name: str = "doc.txt") -> dict:
    path = tmp_path / name
    path.write_text("\n\n".join(lines), encoding="utf-8")
    doc = read_document(path)
    return contract(doc, extract(doc, with_entities=False))


def _table(d, rows: list[list[str]]) -> None:
    """A Word table of these rows, added to ``d``."""
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            table.cell(r, c).text = v


def _read_docx(tmp_path, d) -> dict:
    """What srok extracts from the Word document ``d``, saved and read back."""
    path = tmp_path / "doc.docx"
    d.save(path)
    doc = read_document(path)
    return contract(doc, extract(doc, with_entities=False))


def _term(text: str, doc_date: dt.date, period: tuple[dt.date, dt.date] | None = None):
    """The term srok reads in one task's text, counted from the document's date (and a plan's period)."""
    return choose_deadline(text, Context(doc_date=doc_date, period=period), 0)[0]


def _dates(deadline) -> tuple[str | None, str]:
    return (deadline.start.isoformat() if deadline.start else None, deadline.end.isoformat())


@pytest.mark.parametrize("line, number, date", [
    ("05.02.2024 г. Липецк № 01-03/214", "01-03/214", "2024-02-05"),
    ("17.01.2024\tг. Псков\t№ 41", "41", "2024-01-17"),
    ("18 июля 2024 г. № 03-1129", "03-1129", "2024-07-18"),
    ("E-mail: obr@orenburg.ru\n26.03.2024 № 01-23/2871", "01-23/2871", "2024-03-26"),
    ("« 05 » марта 2024 г. № 06-2874/01-18/24", "06-2874/01-18/24", "2024-03-05"),    # the day in spaced quotes
])
def test_the_documents_own_number_and_date(tmp_path, line, number, date):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ ОБЛАСТИ", "П Р И К А З", line, "О проведении олимпиады",
                            "ПРИКАЗЫВАЮ:", "1. Отделу общего образования обеспечить проведение олимпиады до 1 марта 2024 г."])
    assert (data["document"]["reg_number"], data["document"]["reg_date"]) == (number, date)
    assert data["document"]["doc_type"] == "order"


@pytest.mark.parametrize("text, end", [
    ("в I полугодии 2023 года провести выездные семинары в школах, показавших по итогам ВПР 2022 года низкие результаты",
     "2023-06-30"),
    ("проанализировать результаты ГИА 2022 года до 15 марта 2023 г.", "2023-03-15"),
    ("провести в 2023 году конкурс методических разработок", "2023-12-31"),
    ("проводить не реже одного раза в квартал совещания с руководителями", "2023-03-31"),
    ("устранить нарушения до начала учебного года", "2023-08-31"),       # the school year the document lives in
])
def test_a_bare_year_after_a_noun_is_the_subject_not_the_term(text, end):
    deadline = _term(text, dt.date(2023, 1, 20))
    assert deadline.end.isoformat() == end


@pytest.mark.parametrize("head", ["Классным руководителям 1 – 11 классов:", "Руководителям общеобразовательных организаций:",
                                  "Главным специалистам отдела:"])
def test_items_under_a_dative_head_are_its_tasks(tmp_path, head):
    data = _read(tmp_path, ["ПРИКАЗ", "от 02.09.2024 № 15", "ПРИКАЗЫВАЮ:", f"1. {head}",
                            "1.1. провести инструктажи обучающихся до 10.09.2024;",
                            "1.2. оформить схемы безопасного маршрута до 20.09.2024."])
    obs = data["obligations"]
    assert [o["number"] for o in obs] == ["1.1", "1.2"]
    assert all(o["responsible"][0]["source"] == "group_head" for o in obs)


def test_sub_items_without_labels_belong_to_their_head(tmp_path):
    data = _read(tmp_path, ["РАСПОРЯЖЕНИЕ", "от 18.03.2024 № 131-р",
                            "1. Министерству образования и науки области:",
                            "обеспечить обследование объектов образовательных организаций до 1 июня 2024 г.;",
                            "организовать в апреле – мае 2024 г. обучение руководителей организаций.",
                            "2. Министерству финансов области предусмотреть средства на охрану объектов."])
    obs = data["obligations"]
    assert [o["deadline"]["end"] for o in obs[:2]] == ["2024-06-01", "2024-05-31"]
    assert all(o["responsible"][0]["name"].startswith("Министерство образования") for o in obs[:2])


@pytest.mark.parametrize("report, status", [
    ("По пункту 2.1 протокола (обеспечить размещение информации на сайтах, срок – до 10.05.2024) – исполнено.", "done"),
    ("По пункту 2.3 (завершить приёмку лагерей, срок – до 27.05.2024) – в работе, приёмка проведена в 18 из 21.",
     "pending"),
    ("Мероприятие «оборудовать уголок безопасности» (срок – до 20.12.2024) не исполнено в связи с отсутствием средств.",
     "pending"),
    ("Родительские собрания по профилактике травматизма (срок – до 15.11.2024) проведены во всех классах – исполнено.",
     "done"),
])
def test_a_reply_reports_on_each_task(tmp_path, report, status):
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛИПЕЦКА", "22.05.2024 № 01-10/912",
                            "на № 45-12/33 от 06.05.2024", "Министерство образования Липецкой области",
                            "Управление образования сообщает об исполнении поручений.", report])
    (ob,) = data["obligations"]
    assert ob["status"] == status and ob["deadline"]["end"].startswith("2024-")
    assert ob["responsible"][0]["source"] == "replying_body"


@pytest.mark.parametrize("mark, done", [("Исполнено. База данных актуализирована 29.11.2024", True),
                                        ("Разработана программа «Повышение качества»", True),
                                        ("Не исполнено. Кандидатуры на согласовании", False),
                                        ("В работе. Курсы прошли 37 из 52 педагогов", False),
                                        ("Мероприятие реализуется", False), ("—", False), ("", False)])
def test_a_done_mark_in_a_report_column(mark, done):
    from extractors.tables import is_done
    assert is_done(mark) is done


def test_who_and_when_in_one_cell(tmp_path):
    d = docx.Document()
    d.add_paragraph("ПРОТОКОЛ совещания")
    d.add_paragraph("РЕШИЛИ:")
    _table(d, [("№ п/п", "Решение", "Ответственный, срок"),
                                   ("1.", "Обеспечить подключение школ к ФГИС", "Управление образования, до 15.04.2024"),
                                   ("2.", "Провести курсы для педагогов", "ИРО (Мартынов Д.С.), II квартал 2024 г.")])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [(o["responsible"][0]["name"], o["deadline"]["end"]) for o in obs] == [
        ("Управление образования", "2024-04-15"), ("ИРО (Мартынов Д.С.)", "2024-06-30")]


def test_a_regional_document_to_a_class_of_institutions_binds_every_municipality(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ ТВЕРСКОЙ ОБЛАСТИ", "ПРОТОКОЛ № 2", "от 10.02.2022",
                            "РЕШИЛИ:", "1. Рекомендовать руководителям общеобразовательных организаций провести "
                                       "родительские собрания до 25.02.2022."])
    (ob,) = data["obligations"]
    assert (ob["responsible"][0]["scope"], ob["responsible"][0]["region"]) == ("all_municipalities", "Тверская область")


def test_a_row_shifted_against_its_header_is_read_by_the_places_of_its_cells():
    """A legacy .doc converted to DOCX: the header's cells span other grid columns than the rows' (the task
    cell spans two, the header's responsible cell starts one column earlier); with as many cells to a row
    as to the header, each cell plays its header's part."""
    from extractors.deadlines import Context
    from extractors.readers.builder import DocumentBuilder
    from extractors.tables import table_obligations
    from schemas.document import Locator
    from schemas.extraction import DocumentMeta

    def cell(text, col, span=1):
        return {"text": text, "col": col, "col_span": span, "locator": Locator(table=0, cell=col)}
    b = DocumentBuilder()
    block = b.table([[cell("№ п/п", 0), cell("Содержание мероприятия", 1), cell("Ответственный", 2, 2),
                      cell("Сроки", 4, 2)],
                     [cell("1", 0), cell("Составление графика дежурства", 1, 2), cell("Зам. директора по УВР", 3, 2),
                      cell("до 15.09.2019", 5)]], Locator(table=0))
    (ob,) = table_obligations(block, DocumentMeta(), Context())
    assert (ob.text, ob.responsible[0].name, ob.deadline.end.isoformat()) == (
        "Составление графика дежурства", "Зам. директора по УВР", "2019-09-15")


@pytest.mark.parametrize("day", [dt.date(2024, 3, 5), dt.date(2023, 10, 1)])
def test_the_start_of_the_school_year_is_the_next_one_after_the_document(day):
    deadline = _term("завершить комплектование групп к началу учебного года", day)
    assert deadline.end == dt.date(2024, 8, 31)


@pytest.mark.parametrize("sentence, task", [
    ("Копии приказов о назначении ответственных представить в комитет по образованию в срок до 13 сентября 2024 года.",
     True),
    ("Рейтинговые таблицы результатов разместить на сайтах школ не позднее 1 октября 2024 года.", True),
    ("Руководителю МОУ СОШ № 5 Лебедевой Т.М., на базе которой работает ресурсный центр, подготовить сводный отчёт "
     "до 1 ноября 2024 года.", True),
    ("Портал позволяет оперативно использовать информацию мониторинга до 1 ноября 2024 года.", False),
    ("В целях обеспечить своевременное информирование до 1 ноября 2024 года создан сайт.", False),
    ("Комитет в срок до 8 ноября 2024 года утвердит списки участников.", False),
])
def test_an_infinitive_of_order_with_its_term_is_a_task(sentence, task):
    from extractors.obligations import is_prose_obligation
    assert is_prose_obligation(sentence) is task


@pytest.mark.parametrize("text, end", [("внести не позднее двадцать второго марта 2024 года", "2024-03-22"),
                                       ("в срок до пятнадцатого апреля 2024 года", "2024-04-15"),
                                       ("до тридцать первого мая 2024 года", "2024-05-31"),
                                       ("к первому сентября", None), ("до первого июня", "2024-06-01")])
def test_a_day_written_in_words(text, end):
    deadline = _term(text, dt.date(2024, 3, 1))
    assert (deadline.end.isoformat() if deadline and deadline.end and end else None) == end


GROUP_PROTOCOL = ["ПРОТОКОL № 4".replace("L", "Л"), "заседания рабочей группы", "12.02.2025", "РЕШИЛИ:",
                  "1. Руководителям общеобразовательных организаций:",
                  "1.1. провести инструктажи с обучающимися;", "1.2. обновить паспорта дорожной безопасности;",
                  "1.3. представить в отдел образования планы работы отрядов ЮИД.",
                  "{first}",
                  "2. Отделу образования подготовить сводный отчёт.", "3. Методическому кабинету провести семинар.",
                  "{second}",
                  "4. Секретарю подготовить материалы к заседанию.", "Срок – до 14 июня 2025 г."]


@pytest.mark.parametrize("first, second", [
    ("Срок по подпунктам 1.1 - 1.3 - до 25 марта 2025 г.", "По пунктам 2, 3 срок – май – август 2025 г."),
    ("Срок исполнения по пунктам 1.1–1.3 – до 25.03.2025.", "Срок: по пунктам 2 и 3 — в мае – августе 2025 года."),
    ("По подпунктам 1.1–1.3 срок исполнения: до 25 марта 2025 года", "Сроки по пунктам 2–3: май – август 2025 г."),
])
def test_a_term_given_once_for_a_group_of_items(tmp_path, first, second):
    lines = [line.format(first=first, second=second) for line in GROUP_PROTOCOL]
    obs = {o["number"]: o["deadline"] for o in _read(tmp_path, lines)["obligations"]}
    assert {n: (d["start"], d["end"]) for n, d in obs.items()} == {
        "1.1": (None, "2025-03-25"), "1.2": (None, "2025-03-25"), "1.3": (None, "2025-03-25"),
        "2": ("2025-05-01", "2025-08-31"), "3": ("2025-05-01", "2025-08-31"), "4": (None, "2025-06-14")}


def test_one_line_gives_terms_to_several_groups(tmp_path):
    lines = ["ПЕРЕЧЕНЬ ПОРУЧЕНИЙ", "от 10.03.2025 № Пр-12", "1. Управлению образования провести проверку школ.",
             "2. Школам устранить замечания.", "3. Школам оснастить кабинеты.", "4. Школам обновить сайты.",
             "5. Школам представить сведения о питании.",
             "Срок: по пункту 1 — до 01.04.2025; по пунктам 2–4 — до 01.09.2025; по пункту 5 — ежемесячно до 10 числа."]
    obs = {o["number"]: o["deadline"]["end"] for o in _read(tmp_path, lines)["obligations"]}
    assert obs == {"1": "2025-04-01", "2": "2025-09-01", "3": "2025-09-01", "4": "2025-09-01", "5": "2025-04-10"}


@pytest.mark.parametrize("line", ["Доклад – до 15 апреля 2025 г.", "Доклад: до 15.04.2025", "Срок доклада – 15 апреля 2025 г.",
                                  "Доклад в Правительство края – до 15 апреля 2025 года."])
def test_a_report_line_is_the_items_term(tmp_path, line):
    lines = ["ПЕРЕЧЕНЬ ПОРУЧЕНИЙ", "от 18.03.2025 № Пр-47",
             "1. Рассмотреть вопрос о выделении дополнительных ассигнований на оснащение пищеблоков.", line,
             "Ответственный: Министерство финансов края.",
             "2. Организовать мониторинг хода строительства школ.", "Срок – ежемесячно, до 5 числа.",
             "Ответственный: Министерство строительства края."]
    obs = _read(tmp_path, lines)["obligations"]
    assert [o["deadline"]["end"] for o in obs] == ["2025-04-15", "2025-04-05"]


@pytest.mark.parametrize("label", [
    "Выдано: муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная школа № 3» "
    "города Амурска (ИНН 2706012345)",
    "Контролируемое лицо: муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
    "школа № 3» города Амурска, адрес: ул. Мира, д. 5",
    "Кому: муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная школа № 3» "
    "города Амурска",
])
def test_a_prescription_binds_the_body_it_is_issued_to(tmp_path, label):
    lines = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ХАБАРОВСКОГО КРАЯ", "ПРЕДПИСАНИЕ № 18-П",
             "об устранении выявленных нарушений обязательных требований", "г. Хабаровск «14» марта 2024 г.", label,
             "По результатам плановой выездной проверки выявлены нарушения.", "ПРЕДПИСЫВАЮ:",
             "1. Привести учебный план в соответствие с федеральной образовательной программой в срок до 1 июня 2024 г.",
             "2. Представить отчёт об исполнении предписания в срок до 14 июня 2024 г."]
    data = _read(tmp_path, lines)
    assert (data["document"]["doc_type"], data["document"]["reg_number"], data["document"]["reg_date"]) == (
        "other", "18-П", "2024-03-14")
    obs = data["obligations"]
    assert len(obs) == 2
    for o in obs:
        (who,) = o["responsible"]
        assert "школа № 3" in who["name"] and who["name"].lower().startswith("муниципальное бюджетное")


@pytest.mark.parametrize("item, who", [
    ("3. Рекомендовать ОГИБДД МО МВД России «Вяземский» (по согласованию) провести обследование подходов к школам.",
     "ОГИБДД"),
    ("3. Поручить МКУ «Центр бухгалтерского обслуживания» обеспечить оплату работ до 1 июля 2024 г.", "МКУ"),
    ("3. Предложить ГИБДД (по согласованию) провести рейды «Внимание, дети!» до 1 сентября 2024 г.", "ГИБДД"),
])
def test_a_body_after_a_directive_verb_is_the_responsible(tmp_path, item, who):
    lines = ["АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ «ВЯЗЕМСКИЙ РАЙОН» СМОЛЕНСКОЙ ОБЛАСТИ", "ПРОТОКОЛ № 3",
             "заседания рабочей группы", "10.06.2024", "РЕШИЛИ:", "1. Информацию принять к сведению.",
             "2. Комитету образования подготовить график приёмки школ до 28 июня 2024 г.", item]
    data = _read(tmp_path, lines)
    assert data["document"]["sender"]["municipality"] == "Вяземский район"   # the region decides which one
    (who_found,) = data["obligations"][-1]["responsible"]
    assert who_found["name"].startswith(who) and who_found["municipality"] == "Вяземский район"


@pytest.mark.parametrize("doc_date, start, end", [
    (dt.date(2024, 8, 29), "2024-09-01", "2025-08-31"),     # an August council: the year it prepares
    (dt.date(2024, 11, 5), "2024-09-01", "2025-08-31"),
    (dt.date(2025, 3, 12), "2024-09-01", "2025-08-31"),
])
@pytest.mark.parametrize("text", ["обеспечить выполнение рабочих программ в течение учебного года",
                                  "в течение уч. года проводить профилактическую работу с обучающимися"])
def test_during_the_school_year_is_the_school_year_of_the_document(text, doc_date, start, end):
    deadline = _term(text, doc_date)
    assert _dates(deadline) == (start, end)


@pytest.mark.parametrize("text", ["обеспечить обработку территорий не позднее чем за 14 дней до открытия каждой смены",
                                  "представить списки отдыхающих за 10 дней до начала смены",
                                  "за 3 рабочих дня до проведения экзамена направить уведомления"])
def test_days_before_an_event_are_not_counted_from_the_document(text):
    deadline = _term(text, dt.date(2024, 3, 28))
    assert deadline is None


@pytest.mark.parametrize("text, start, end", [
    ("организовать подвоз команд к месту проведения игры 16 и 17 мая 2024 года", "2024-05-16", "2024-05-17"),
    ("провести семинары 5, 12 и 19 апреля 2024 г.", "2024-04-05", "2024-04-19"),
    ("провести пробные экзамены 3, 4 марта 2025 года", "2025-03-03", "2025-03-04"),
])
def test_days_listed_in_one_month_run_from_the_first_to_the_last(text, start, end):
    deadline = _term(text, dt.date(2024, 3, 20))
    assert _dates(deadline) == (start, end)


@pytest.mark.parametrize("text", ["предусмотреть меры стимулирования наставников. Срок – при формировании бюджетов на 2025 год",
                                  "учесть потребность при подготовке проекта бюджета на 2025-2027 годы",
                                  "при необходимости провести дополнительные консультации"])
def test_an_event_is_no_date(text):
    deadline = _term(text, dt.date(2024, 3, 20))
    assert deadline is None


@pytest.mark.parametrize("text, end", [
    ("разместить информацию в десятидневный срок со дня выдачи настоящего предписания", "2024-03-24"),
    ("в течение 30 календарных дней со дня получения настоящего предписания разработать план", "2024-04-13"),
    ("о результатах сообщить в месячный срок со дня вручения представления", "2024-04-14"),
])
def test_a_term_counted_from_the_issue_of_a_supervisory_act(text, end):
    deadline = _term(text, dt.date(2024, 3, 14))
    assert deadline.end.isoformat() == end


@pytest.mark.parametrize("header", [("№", "Выявленное нарушение", "Требование", "Срок устранения"),
                                    ("№ п/п", "Характер нарушения", "Мероприятия по устранению", "Срок исполнения"),
                                    ("№", "Содержание нарушения", "Предписываемые меры", "Срок")])
def test_a_prescriptions_table_gives_the_requirements_to_the_inspected_body(tmp_path, header):
    d = docx.Document()
    for line in ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ ПЕНЗЕНСКОЙ ОБЛАСТИ", "ПРЕДПИСАНИЕ", "об устранении выявленных нарушений",
                 "г. Пенза 19 февраля 2025 г.", "№ 14-П",
                 "Кому: муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная школа "
                 "№ 12» г. Кузнецка", "ПРЕДПИСЫВАЮ:", "устранить выявленные нарушения в сроки, указанные в таблице:"):
        d.add_paragraph(line)
    _table(d, [header,
                                   ("1", "Положение о текущем контроле не устанавливает форм аттестации",
                                    "Внести изменения в Положение о текущем контроле успеваемости", "до 31.03.2025"),
                                   ("2", "На сайте не размещён отчёт о самообследовании",
                                    "Разместить на официальном сайте отчёт о самообследовании", "до 07.03.2025")])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [(o["text"].split()[0], o["deadline"]["end"]) for o in obs] == [("Внести", "2025-03-31"),
                                                                           ("Разместить", "2025-03-07")]
    assert all("школа № 12" in o["responsible"][0]["name"] and o["responsible"][0]["municipality"] == "город Кузнецк"
               for o in obs)


@pytest.mark.parametrize("item, outcome, status", [
    ("1. Пункт 1 предписания: привести Правила приёма в соответствие с Порядком приёма. Срок по предписанию – до 28.02.2025.",
     "Принятые меры: Правила приёма утверждены в новой редакции. Нарушение устранено 23.01.2025.", "done"),
    ("1. По пункту 1 предписания: привести Правила приёма в соответствие с Порядком приёма. Срок исполнения – 28.02.2025.",
     "Информация об исполнении: выполнено, приказ от 23.01.2025 № 14-о.", "done"),
    ("1. Пункт 1: привести Правила приёма в соответствие с Порядком приёма (срок – до 28.02.2025).",
     "Принятые меры: заключён договор. Статус: в работе.", "pending"),
])
def test_a_report_on_a_prescription_restates_each_item_and_what_was_done(tmp_path, item, outcome, status):
    lines = ["МБОУ «Средняя общеобразовательная школа № 7» города Чайковского", "24.02.2025 № 31",
             "Министерство образования и науки Пермского края", "Об исполнении предписания",
             "Во исполнение предписания Министерства образования и науки Пермского края от 11.12.2024 № 47 "
             "представляем отчёт о принятых мерах.", item, outcome,
             "2. Пункт 2 предписания: разместить на сайте отчёт о самообследовании. Срок по предписанию – до 31.01.2025.",
             "Принятые меры: Отчёт размещён. Нарушение устранено 20.12.2024."]
    obs = _read(tmp_path, lines)["obligations"]
    assert [(o["number"], o["text"].split()[0], o["deadline"]["end"], o["status"]) for o in obs] == [
        ("1", "привести", "2025-02-28", status), ("2", "разместить", "2025-01-31", "done")]
    assert all(o["responsible"][0]["source"] == "replying_body" for o in obs)


@pytest.mark.parametrize("text, end", [
    ("ежеполугодно, до 10 числа месяца, следующего за отчетным периодом", "2025-07-10"),
    ("представлять отчёт раз в полгода", "2025-06-30"),
    ("ежеполугодно информировать министерство", "2025-06-30"),
])
def test_a_half_yearly_term_is_due_after_the_current_half(text, end):
    deadline = _term(text, dt.date(2025, 4, 25))
    assert (deadline.kind, deadline.end.isoformat()) == ("recurring", end)


def test_a_row_a_page_break_cut_goes_on_with_its_term(tmp_path):
    d = docx.Document()
    for line in ("ПРОТОКОЛ № 2", "заседания коллегии министерства образования", "25 апреля 2025 г.", "РЕШИЛА:"):
        d.add_paragraph(line)
    _table(d, [("Решение", "Ответственный, срок"),
                                   ("1. Разработать региональную программу наставничества, предусмотрев",
                                    "Институт развития образования"),
                                   ("механизм поощрения наставников.", "(Семенова А.Г.); до 1 сентября 2025 г."),
                                   ("2. Провести стажировки студентов.", "Педагогический университет; 2025 год")])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [(o["text"][:14], o["deadline"]["end"]) for o in obs] == [("1. Разработать", "2025-09-01"),
                                                                      ("2. Провести ст", "2025-12-31")]
    assert obs[0]["text"].endswith("механизм поощрения наставников.")


@pytest.mark.parametrize("blank", ["Ответственный: ________________ тел. ______________",
                                   "Ответственный исполнитель (Ф.И.О.) ______________________",
                                   "Ответственный за мониторинг: __________ / __________"])
def test_a_forms_blank_for_the_responsible_names_no_one(tmp_path, blank):
    lines = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ СТАВРОПОЛЬСКОГО КРАЯ", "17.04.2025 № 01-23/3718",
             "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования",
             "Уважаемые руководители!", "Прошу назначить специалиста, ответственного за мониторинг, в срок до 25 апреля 2025 г.",
             "Приложение к письму", "Форма", blank]
    (ob,) = _read(tmp_path, lines)["obligations"]
    assert ob["responsible"][0]["source"] == "addressee"


def test_an_addressee_split_into_lines_is_one(tmp_path):
    lines = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ СМОЛЕНСКОЙ ОБЛАСТИ", "Председателю Комитета по образованию",
             "Администрации муниципального образования «Вяземский район»", "Смоленской области", "С.Ю. Макаровой",
             "05.06.2024 № 07-П", "ПРЕДПИСАНИЕ", "об устранении выявленных нарушений", "ПРЕДПИСЫВАЮ:",
             "1. Организовать учёт детей, подлежащих обучению, в срок до 1 октября 2024 г."]
    data = _read(tmp_path, lines)
    (who,) = data["obligations"][0]["responsible"]
    assert "Вяземский район" in who["name"] and who["municipality"] == "Вяземский район"


def test_a_prescriptions_addressee_is_placed_by_its_address(tmp_path):
    lines = ["ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ ОБРАЗОВАНИЯ И НАУКИ",
             "Управление надзора и контроля за организациями, осуществляющими образовательную деятельность",
             "ПРЕДПИСАНИЕ", "об устранении выявленных нарушений", "Москва", "22.04.2024 № 07-П/415",
             "Контролируемое лицо: федеральное государственное бюджетное общеобразовательное учреждение «Школа-интернат "
             "с углублённым изучением физики» (ФГБОУ «ШИ»), 630090, г. Новосибирск, ул. Пирогова, д. 11",
             "ФГБОУ «ШИ» предписывается:", "1) устранить указанные нарушения в срок до 21 октября 2024 г.;"]
    (ob,) = _read(tmp_path, lines)["obligations"]
    (who,) = ob["responsible"]
    assert who["name"].startswith("федеральное государственное") and who["municipality"] == "город Новосибирск"


@pytest.mark.parametrize("title, number", [("Приказ №1О", "1О"), ("ПРИКАЗ № 57-од", "57-од"), ("Распоряжение № 12-р", "12-р"),
                                           ("ПРИКАЗ г. Абакан № 100-41", "100-41")])
def test_an_orders_number_in_its_title_and_its_date_on_a_line_of_its_own(tmp_path, title, number):
    lines = ["Учебно-производственный центр «Призвание»", "20 мая 2025 г.", "г. Новосибирск", title,
             "об утверждении Правил внутреннего распорядка", "ПРИКАЗЫВАЮ:", "1. Утвердить Правила.",
             "2. Ответственному лицу:", "2.1. Организовать ознакомление обучающихся с Правилами;",
             "2.2. Обеспечить контроль за соблюдением Правил."]
    data = _read(tmp_path, lines)
    assert (data["document"]["doc_type"], data["document"]["reg_number"], data["document"]["reg_date"]) == (
        "order", number, "2025-05-20")
    obs = {o["number"]: o for o in data["obligations"]}
    assert "2" not in obs                                     # "Ответственному лицу:" heads its items
    assert obs["2.1"]["responsible"][0]["name"] == "Ответственное лицо"


@pytest.mark.parametrize("stamp", ["«УТВЕРЖДАЮ»", "УТВЕРЖДАЮ"])
def test_a_plan_approved_by_an_order_is_a_plan_of_its_training_year(tmp_path, stamp):
    lines = [stamp, "Директор МУ «Спортивная школа района»", "_____________ М.В. Григорьев",
             "Приказ № 01.04/81   «27» августа 2019 г.", "ПЛАН РАБОТЫ", "МУ «Спортивная школа района»",
             "на 2019-2020 тренировочный год.", "1. Провести тематическую проверку по видам спорта.", "Срок – ноябрь.",
             "2. Организовать работу летнего оздоровительного лагеря в июле – августе."]
    data = _read(tmp_path, lines)
    assert (data["document"]["doc_type"], data["document"]["reg_number"], data["document"]["reg_date"]) == (
        "plan", None, "2019-08-27")
    obs = {o["number"]: o["deadline"] for o in data["obligations"]}
    assert (obs["1"]["end"], obs["2"]["start"], obs["2"]["end"]) == ("2019-11-30", "2020-07-01", "2020-08-31")


@pytest.mark.parametrize("text, start, end", [("август – сентябрь", "2019-08-01", "2019-09-30"),
                                              ("июль – август", "2020-07-01", "2020-08-31"),
                                              ("ноябрь – март", "2019-11-01", "2020-03-31")])
def test_a_months_range_in_a_plan_for_a_school_year_runs_forward_from_its_first_month(text, start, end):
    deadline = _term(text, dt.date(2019, 8, 27), period=(dt.date(2019, 9, 1), dt.date(2020, 8, 31)))
    assert _dates(deadline) == (start, end)


@pytest.mark.parametrize("record", ["СЛУШАЛИ: Петрову А.А., начальника отдела общего образования, - о ходе подготовки к ГИА.",
                                    "Заслушали: Сидорова В.В. – об итогах олимпиады",
                                    "ВЫСТУПИЛИ: Орлова Н.Н., директор МБОУ СОШ № 3."])
def test_a_numbered_record_of_who_spoke_is_no_task(tmp_path, record):
    data = _read(tmp_path, ["ПРОТОКОЛ", "совещания руководителей образовательных организаций", "11.02.2025 № 2",
                            "1. СЛУШАЛИ: Кудрявцеву О.П. - об итогах олимпиады.", "РЕШИЛИ:",
                            "1.1. Информацию принять к сведению.",
                            "1.2. Руководителям общеобразовательных организаций обеспечить ознакомление выпускников "
                            "с порядком проведения ГИА в срок до 28 февраля 2025 г.",
                            f"2. {record}", "РЕШИЛИ:", "2.1. Руководителям общеобразовательных организаций провести "
                            "тренировки по эвакуации до 7 марта 2025 г."])
    assert [o["number"] for o in data["obligations"]] == ["1.2", "2.1"]


@pytest.mark.parametrize("text, end", [
    ("представлять информацию ежемесячно, до пятнадцатого числа каждого месяца", "2025-02-15"),
    ("направлять сведения до двадцать пятого числа каждого месяца", "2025-01-25"),
    ("отчёт представлять ежемесячно, не позднее десятого числа", "2025-02-10"),
])
def test_a_recurring_terms_day_in_words(text, end):
    assert _term(text, dt.date(2025, 1, 22)).end.isoformat() == end


@pytest.mark.parametrize("text, dates", [
    ("обеспечить участие выпускников в тренировочном экзамене в течение марта текущего года", ("2025-03-01", "2025-03-31")),
    ("провести родительские собрания в апреле", ("2025-04-01", "2025-04-30")),
    ("организовать курсы в феврале следующего года", ("2026-02-01", "2026-02-28")),
    ("провести семинар в течение мая", ("2025-05-01", "2025-05-31")),
])
def test_a_month_named_without_its_year_is_the_documents(text, dates):
    assert _dates(_term(text, dt.date(2025, 1, 22))) == dates


@pytest.mark.parametrize("text", ["просим направить отчёт за апрель 2025 года одновременно с запрошенными сведениями",
                                  "представить информацию о работе за I квартал 2025 года",
                                  "направить итоговый отчёт за 2024 год"])
def test_a_period_reported_on_is_no_term(text):
    assert _term(text, dt.date(2025, 5, 12)) is None


def test_a_line_opening_with_a_date_or_a_figure_goes_on_with_the_sentence_before(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ", "14.03.2025 № ДГ-418/03",
                            "Руководителям органов исполнительной власти субъектов Российской Федерации, "
                            "осуществляющих государственное управление в сфере образования",
                            "Министерство просит:",
                            "– организовать присутствие независимых наблюдателей не менее чем в",
                            "10 процентах общеобразовательных организаций;",
                            "– направить в Рособрнадзор сведения о региональных координаторах в срок до",
                            "28 марта 2025 г.;"])
    obs = data["obligations"]
    assert [o["text"].split()[0] for o in obs] == ["организовать", "направить"]
    assert obs[0]["text"].endswith("10 процентах общеобразовательных организаций;")
    assert obs[1]["deadline"]["end"] == "2025-03-28"


@pytest.mark.parametrize("item", [
    "2. Департаменту государственной политики и управления в сфере общего образования (Семченко А.А.) обобщить "
    "информацию регионов до 15 октября 2025 г.",
    "2. Отделу мониторинга (Петров П.П.) подготовить аналитическую справку до 15 октября 2025 г."])
def test_a_unit_of_a_federal_sender_is_federal_and_one_body(tmp_path, item):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ", "ПЕРЕЧЕНЬ ПОРУЧЕНИЙ",
                            "по итогам Всероссийского селекторного совещания", "28.08.2025 № СК-41/01пр",
                            "1. Органам исполнительной власти субъектов Российской Федерации, осуществляющим "
                            "государственное управление в сфере образования, обеспечить мониторинг до 10 сентября 2025 г.",
                            item])
    first, second = data["obligations"]
    assert [r["scope"] for r in first["responsible"]] == ["all_regions"]
    assert [r["scope"] for r in second["responsible"]] == ["federal"]


REPLY_HEAD = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ТАМБОВА", "28.03.2025 № 01-09/734",
              "на № 04-11/2174 от 14.03.2025", "Министерство образования и науки Тамбовской области",
              "О ходе выполнения мероприятий", "Управление образования сообщает о ходе исполнения письма."]


@pytest.mark.parametrize("items, expected", [
    (["По пункту 1. Муниципальный план мероприятий утвержден приказом управления от 20.03.2025 № 87.",
      "По пункту 2. Обучение организаторов ППЭ продолжается; по состоянию на 27.03.2025 обучение прошли 112 из 126 "
      "человек. Обучение будет завершено до 25 апреля 2025 года.",
      "По пункту 3. Аккредитация общественных наблюдателей будет организована в срок до 5 мая 2025 года. Сведения о "
      "количестве наблюдателей будут представлены до 12 мая 2025 года."],
     [("1", "done", None), ("2", "pending", "2025-04-25"), ("3", "pending", "2025-05-05"), (None, "pending", "2025-05-12")]),
    (["1. Приказ о назначении ответственного за антитеррористическую защищенность издан – исполнено.",
      "2. Проведение тренировки по эвакуации обучающихся – будет исполнено до 20.04.2025.",
      "3. Замена ограждения территории школы – не исполнено."],
     [("1", "done", None), ("2", "pending", "2025-04-20"), ("3", "pending", None)]),
    (["Приняты следующие меры:", "– МБОУ «СОШ № 15» заключен договор на проведение медицинских осмотров водителей;",
      "– 29.03.2025 проведена калибровка тахографа школьного автобуса."],
     [(None, "done", None), (None, "done", None)]),
])
def test_a_reports_items_say_what_became_of_each_task(tmp_path, items, expected):
    data = _read(tmp_path, REPLY_HEAD + items)
    got = [(o["number"], o["status"], o["deadline"] and o["deadline"]["end"]) for o in data["obligations"]]
    assert got == expected
    assert all(r["name"].lower().startswith("управление образования") for o in data["obligations"]
               for r in o["responsible"])


def test_a_bilingual_letterheads_other_language_is_not_the_sender(tmp_path):
    data = _read(tmp_path, ["МАРИЙ ЭЛ РЕСПУБЛИКЫСЕ", "МЕДВЕДЕВО МУНИЦИПАЛЬНЫЙ РАЙОНЫН", "АДМИНИСТРАЦИЙЖЕ",
                            "ОТДЕЛ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ МЕДВЕДЕВСКОГО", "МУНИЦИПАЛЬНОГО РАЙОНА",
                            "28.03.2025 № 01-09/734", "Руководителям общеобразовательных организаций",
                            "Прошу обеспечить участие педагогов в семинаре 10 апреля 2025 г."])
    assert data["document"]["sender"]["name"].startswith("ОТДЕЛ ОБРАЗОВАНИЯ")
    assert data["document"]["sender"]["municipality"] == "Медведевский район"


def test_decisions_numbered_anew_after_the_record_and_heads_named_by_abbreviation(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ БУРЯТИЯ", "БУРЯАД РЕСПУБЛИКЫН ЗАСАГАЙ",
                            "ПРОТОКОЛ", "совещания с руководителями органов местного самоуправления", "16.01.2025 № 02-ВС",
                            "1. СЛУШАЛИ:", "Бадмаеву Н.Б. о порядке проведения собеседования.",
                            "2. СЛУШАЛИ:", "Цыденова А.Д. о сроках внесения сведений.", "РЕШИЛИ:",
                            "1. Органам местного самоуправления, осуществляющим управление в сфере образования:",
                            "1.1. обеспечить проведение собеседования 12 февраля 2025 года;",
                            "2. ГБУ «Республиканский информационно-образовательный центр» (Цыденов А.Д.):",
                            "2.1. довести до сведения координаторов результаты не позднее 24 февраля 2025 года.",
                            "3. МКУ «Центр бухгалтерского обслуживания»:",
                            "обеспечить оплату услуг до 1 марта 2025 года."])
    assert data["document"]["sender"]["name"] == "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ БУРЯТИЯ"
    who = [(o["text"].split()[0], o["responsible"][0]["name"].split()[0], o["responsible"][0]["scope"])
           for o in data["obligations"]]
    assert who == [("обеспечить", "Органы", "all_municipalities"), ("довести", "ГБУ", "body"),
                   ("обеспечить", "МКУ", "body")]


@pytest.mark.parametrize("start_head, end_head", [("Срок начала", "Срок окончания"),
                                                  ("Дата начала", "Дата завершения")])
def test_a_roadmaps_term_in_a_start_and_an_end_column(tmp_path, start_head, end_head):
    d = docx.Document()
    d.add_paragraph("МИНИСТЕРСТВО ОБРАЗОВАНИЯ ПЕНЗЕНСКОЙ ОБЛАСТИ")
    d.add_paragraph("ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА») по созданию центров на 2025 год")
    rows = [["№", "Мероприятие", start_head, end_head, "Ответственный исполнитель"],
            ["1", "Формирование перечня общеобразовательных организаций", "20.01.2025", "14.02.2025",
             "Министерство образования Пензенской области"],
            ["2", "Повышение квалификации педагогических работников", "март 2025 г.", "сентябрь 2025 г.",
             "Институт регионального развития"]]
    _table(d, rows)
    data = _read_docx(tmp_path, d)
    assert [(o["deadline"]["start"], o["deadline"]["end"]) for o in data["obligations"]] == [
        ("2025-01-20", "2025-02-14"), ("2025-03-01", "2025-09-30")]


@pytest.mark.parametrize("head", ["Муниципальное образование", "Муниципальный район (округ)", "Территория"])
def test_a_schedules_row_for_a_municipality_is_that_municipalitys(tmp_path, head):
    d = docx.Document()
    for line in ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛИНИНГРАДСКОЙ ОБЛАСТИ", "от 10.02.2025 № 1183/01-20",
                 "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования",
                 "Просим обеспечить участие управленческих команд школ в собеседованиях по графику (приложение).",
                 "График собеседований"]:
        d.add_paragraph(line)
    rows = [["№ п/п", head, "Мероприятие", "Срок"],
            ["1", "Гвардейский муниципальный округ", "Отчет о реализации антирисковой программы", "до 21.02.2025"],
            ["2", "Неманский муниципальный округ", "Собеседование с управленческой командой школы", "04.03.2025"]]
    _table(d, rows)
    data = _read_docx(tmp_path, d)
    rows_ = [o for o in data["obligations"] if o["number"]]
    assert [[(r["municipality"], r["scope"]) for r in o["responsible"]] for o in rows_] == [
        [("Гвардейский муниципальный округ", "body")], [("Неманский муниципальный округ", "body")]]


def test_a_scanned_two_column_letterhead_read_across_its_columns(tmp_path):
    """OCR reads the sender's and the addressee's columns line by line: the addressee's lines come between the
    sender's address lines, with scraps of the other column and specks stuck to its words."""
    from extractors.ocr_text import fold_ocr
    assert fold_ocr("Министерство ‘образования просит в срок. до 27 октября") == \
        "Министерство  образования просит в срок  до 27 октября"
    assert fold_ocr("комитета .образования") == "комитета  образования"
    path = tmp_path / "scan.txt"
    path.write_text("\n\n".join([
        "МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "НОВГОРОДСКОЙ ОБЛАСТИ", "р ой, Председателю комитета", "Великий Новгород, 173005",
        "‘образования", "тел. (8162) 50-10-31", "Администрации Боровичского муниципального района",
        "16.10.2023 № 5236/02-01", "Уважаемая Татьяна Анатольевна!",
        "Министерство просит в срок. до 27 октября 2023 года рассмотреть возможность корректировки маршрута "
        "школьного автобуса."]), encoding="utf-8")
    doc = read_document(path)
    doc = doc.model_copy(update={"blocks": [b.model_copy(update={"locator": b.locator.model_copy(update={"ocr": True})})
                                            for b in doc.blocks]})
    data = contract(doc, extract(doc, with_entities=False))
    assert data["document"]["sender"]["name"] == "МИНИСТЕРСТВО ОБРАЗОВАНИЯ НОВГОРОДСКОЙ ОБЛАСТИ"
    (ob,) = data["obligations"]
    (who,) = ob["responsible"]
    assert " ".join(who["name"].split()).startswith("Председатель комитета образования Администрации Боровичского")
    assert who["municipality"] == "Боровичский район"


@pytest.mark.parametrize("number_line, number", [("№171 –од", "171–од"), ("№ 28-од", "28-од"), ("№ 45", "45")])
def test_a_school_orders_letterhead_column_date_line_and_number_line(tmp_path, number_line, number):
    d = docx.Document()
    _table(d, [["Муниципальное казенное общеобразовательное учреждение"],
               ["«Филипповская средняя общеобразовательная школа»"], ["Киржачского района Владимирской области"]])
    for line in ["ПРИКАЗ", "от 01.09.2021 г", "О создании наркологического поста", number_line,
                 "В соответствии с планом работы школы на 2021-2022 учебный год и в целях профилактики",
                 "ПРИКАЗЫВАЮ:", "1. Создать наркологический пост по профилактике наркомании в школе.",
                 "2. Классным руководителям принять меры по вовлечению подростков в кружки до 1 октября 2021 г."]:
        d.add_paragraph(line)
    data = _read_docx(tmp_path, d)
    assert (data["document"]["reg_number"], data["document"]["reg_date"]) == (number, "2021-09-01")
    assert data["document"]["sender"]["name"].startswith("Муниципальное казенное общеобразовательное учреждение")
    assert data["document"]["sender"]["municipality"] == "Киржачский район"
    assert data["obligations"][0]["responsible"][0]["name"].startswith("Муниципальное казенное")


@pytest.mark.parametrize("title, head", [("АКТ ПРОВЕРКИ № 14", "Рекомендации директору МБОУ «СОШ № 9» Семеновой Т.В.:"),
                                         ("Акт выездной проверки № 14", "Предложения руководителю МБОУ «СОШ № 9»:")])
def test_an_acts_recommendations_are_for_whom_their_head_names(tmp_path, title, head):
    data = _read(tmp_path, ["АДМИНИСТРАЦИЯ ГОРОДА ВЕЛИКИЕ ЛУКИ", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", title,
                            "муниципального бюджетного общеобразовательного учреждения «Средняя школа № 9»",
                            "г. Великие Луки 18 марта 2025 г.", "В ходе проверки установлено:",
                            "1. Рабочие программы не приведены в соответствие с федеральной программой.", head,
                            "1. Привести рабочие программы в соответствие с федеральной программой до 15 апреля 2025 г.",
                            "2. Представить в Управление образования отчет об устранении недостатков до 30 апреля 2025 г."])
    assert (data["document"]["reg_number"], data["document"]["reg_date"]) == ("14", "2025-03-18")
    tasks = [o for o in data["obligations"] if o["deadline"]]
    assert len(tasks) == 2
    assert all("МБОУ «СОШ № 9»" in o["responsible"][0]["name"] for o in tasks)
    assert all(r["municipality"] == "город Великие Луки" for o in tasks for r in o["responsible"])


def test_a_line_after_an_open_bracket_goes_on_with_it(tmp_path):
    data = _read(tmp_path, ["ЕЛЕЦКИЙ ГОРОДСКОЙ СОВЕТ ДЕПУТАТОВ", "Р Е Ш Е Н И Е", "от 26.11.2024", "№ 212 г. Елец",
                            "Р Е Ш И Л:",
                            "1. Администрации городского округа город Елец:",
                            "1.1. представить в Совет депутатов отчет о выполнении решения до 1 июня 2025 года.",
                            "2. Контроль за исполнением настоящего решения возложить на постоянную комиссию (председатель",
                            "– Гончаров Ю.В.)."])
    assert data["document"]["doc_type"] == "order"
    assert [o["number"] for o in data["obligations"]] == ["1.1", "2"]
    assert data["obligations"][0]["responsible"][0]["name"].startswith("Администрация городского округа город Елец")
    assert data["obligations"][1]["text"].endswith("Гончаров Ю.В.).")


def test_a_schedules_rows_named_by_municipality_with_no_task_column(tmp_path):
    d = docx.Document()
    for line in ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ХАБАРОВСКОГО КРАЯ", "21.01.2025 № 02.1-15-4518",
                 "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования",
                 "Направляем график проведения выездных методических семинаров.", "ГРАФИК",
                 "проведения выездных методических семинаров"]:
        d.add_paragraph(line)
    rows = [["№ п/п", "Муниципальное образование", "Дата проведения", "Ответственный (ХК ИРО)"],
            ["1", "Амурский муниципальный район", "11.02.2025", "Тарасова Елена Викторовна, заведующий кафедрой"],
            ["2", "Ванинский муниципальный район", "13.02.2025", "Ким Ольга Леонидовна, старший методист"]]
    _table(d, rows)
    data = _read_docx(tmp_path, d)
    rows_ = [(o["text"], o["deadline"]["end"], [r["name"] for r in o["responsible"]]) for o in data["obligations"]
             if o["number"]]
    assert rows_ == [("Амурский муниципальный район", "2025-02-11", ["Тарасова Елена Викторовна, заведующий кафедрой"]),
                     ("Ванинский муниципальный район", "2025-02-13", ["Ким Ольга Леонидовна, старший методист"])]


def test_a_sanitary_rules_number_is_no_date():
    assert _term("обеспечить соблюдение в лагерях требований санитарных правил СП 2.4.3648-20", dt.date(2025, 4, 1)) is None


@pytest.mark.parametrize("lines", [["Муниципальное общеобразовательное", "учреждение", "«Кондопожская средняя",
                                    "общеобразовательная школа № 3»", "ул. Пролетарская, д. 24, г. Кондопога"]])
def test_a_letterheads_name_from_its_adjectives_to_its_closing_quote(tmp_path, lines):
    d = docx.Document()
    _table(d, [["\n".join(lines), "Начальнику управления образования"]])
    for line in ["05.02.2025 № 41", "Сообщаем о выполнении мероприятий.",
                 "1. Проведение тренировки по эвакуации обучающихся – будет исполнено до 20.02.2025."]:
        d.add_paragraph(line)
    data = _read_docx(tmp_path, d)
    assert data["document"]["sender"]["name"] == ("Муниципальное общеобразовательное учреждение «Кондопожская средняя "
                                                  "общеобразовательная школа № 3»")


@pytest.mark.parametrize("head", ["2. Лавровой Н.И.:", "2. Заместителю директора по УВР Н.И. Лавровой:",
                                  "2. Гончаренко Н.И.:"])
def test_a_person_heads_the_items_after_her_and_a_dashed_term_line_ends_an_item(tmp_path, head):
    data = _read(tmp_path, ["МБОУ «СРЕДНЯЯ ШКОЛА № 7» ГОРОДА СМОЛЕНСКА", "ПРИКАЗ", "09.01.2025 № 3-од", "ПРИКАЗЫВАЮ:",
                            "1. Назначить ответственным за организацию ГИА заместителя директора Лаврову Н.И.", head,
                            "2.1. сформировать сведения об участниках ГИА – 31.01.2025;",
                            "2.2. оформить информационный стенд – 20.01.2025.",
                            "3. Педагогу-психологу Кравченко М.С. провести тренинг для обучающихся 9-х классов",
                            "– 25.03.2025."])
    obs = {o["number"]: o for o in data["obligations"]}
    surname = "Гончаренко" if "Гончаренко" in head else "Лаврова"
    assert all(surname in obs[n]["responsible"][0]["name"] for n in ("2.1", "2.2"))
    assert obs["3"]["deadline"]["end"] == "2025-03-25"
    assert None not in obs


def test_what_a_speaker_proposed_is_no_decision(tmp_path):
    data = _read(tmp_path, ["ПРОТОКОЛ", "общего родительского собрания", "19.11.2024 № 2",
                            "ВЫСТУПИЛИ: Мальцев Д.О. (родитель 6 «Б» класса) предложил установить дополнительный "
                            "пешеходный переход у школы.", "РЕШИЛИ:",
                            "1. Администрации школы направить обращение в администрацию города до 1 декабря 2024 г."])
    assert [o["number"] for o in data["obligations"]] == ["1"]


def test_a_list_of_names_is_no_plan_and_stages_are_tasks(tmp_path):
    d = docx.Document()
    for line in ["АДМИНИСТРАЦИЯ ГОРОДА КУРСКА", "РАСПОРЯЖЕНИЕ", "от 11.04.2025 № 214-ра",
                 "1. Комитету образования обеспечить выполнение этапов в сроки, установленные приложением № 2.",
                 "Приложение № 1", "Перечень лагерей с дневным пребыванием детей"]:
        d.add_paragraph(line)
    camps = [["№", "Общеобразовательное учреждение", "Наименование лагеря", "Сроки смены"],
             ["1", "МБОУ «Гимназия № 25»", "«Эрудит»", "02.06–27.06.2025"],
             ["2", "МБОУ «Лицей № 21»", "«Звёздный»", "02.06–27.06.2025"]]
    stages = [["№", "Этап", "Срок", "Ответственный"],
              ["1", "Приемка лагерей межведомственной комиссией", "20.05.2025 – 23.05.2025", "Комитет образования"],
              ["2", "Открытие лагерей", "02.06.2025", "Комитет образования"]]
    for heading, rows in (([], camps), (["Приложение № 2", "Этапы подготовки и работы лагерей"], stages)):
        for line in heading:
            d.add_paragraph(line)
        _table(d, rows)
    data = _read_docx(tmp_path, d)
    assert [o["text"] for o in data["obligations"]][1:] == ["Приемка лагерей межведомственной комиссией",
                                                          "Открытие лагерей"]


def test_an_award_is_no_task_nor_are_its_names(tmp_path):
    data = _read(tmp_path, ["МЭРИЯ ГОРОДА ЧЕРЕПОВЦА", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ПРИКАЗ", "02.10.2024 № 1145-к",
                            "О поощрении педагогических работников", "ПРИКАЗЫВАЮ:",
                            "1. Наградить Почетной грамотой управления образования:",
                            "– Абрамову Светлану Николаевну, учителя математики МАОУ «Средняя школа № 1»;",
                            "– Белозерова Алексея Игоревича, учителя физической культуры.",
                            "2. Объявить Благодарность управления образования:",
                            "– Лебедевой Наталье Сергеевне, учителю русского языка.",
                            "3. Занести имена Абрамовой С.Н. и Громовой Е.В. в Книгу почета работников образования.",
                            "4. Отделу кадров внести записи о поощрении в трудовые книжки до 15 октября 2024 г."])
    assert [o["number"] for o in data["obligations"]] == ["4"]


def test_a_body_in_the_nominative_and_the_person_it_is_for(tmp_path):
    data = _read(tmp_path, ["ПРОКУРАТУРА КИРЖАЧСКОГО РАЙОНА", "ул. Морозовская, д. 91, г. Киржач, 601010",
                            "ПРЕДСТАВЛЕНИЕ об устранении нарушений требований законодательства об образовании",
                            "МКОУ «Филипповская средняя общеобразовательная школа»", "Марфиной Н.Н.",
                            "Прокуратурой района проведена проверка исполнения законодательства об образовании.",
                            "ТРЕБУЮ:", "1. Привлечь к дисциплинарной ответственности работников учреждения.",
                            "2. Сообщить в прокуратуру района о времени и месте рассмотрения настоящего представления."])
    assert data["document"]["sender"]["name"].startswith("ПРОКУРАТУРА")
    assert [[r["name"] for r in o["responsible"]] for o in data["obligations"]] == [
        ["МКОУ «Филипповская средняя общеобразовательная школа» (Марфиной Н.Н.)"]] * 2


@pytest.mark.parametrize("misread, verb", [("Обеслечить", "Обеспечить"), ("Организовагь", "Организовать"),
                                           ("провестн", "провести"), ("представигь", "представить")])
def test_a_verb_of_order_misread_by_one_letter_is_read_right(misread, verb):
    from extractors.ocr_text import fold_ocr
    assert fold_ocr(f"1.1. {misread} охват горячим питанием") == f"1.1. {verb} охват горячим питанием"


def test_a_word_that_is_no_misread_verb_stays():
    from extractors.ocr_text import fold_ocr
    assert fold_ocr("Председательствовал: Хаткев А.Р., заместитель министра") == \
        "Председательствовал: Хаткев А.Р., заместитель министра"


@pytest.mark.parametrize("line, folded", [("I, Рассмотреть настоящее представление", "1. Рассмотреть настоящее представление"),
                                          ("1.1;. Обеспечить охват", "1.1.  Обеспечить охват")])
def test_an_items_label_with_a_speck(line, folded):
    from extractors.ocr_text import fold_ocr
    assert fold_ocr(line) == folded


def test_an_acceptance_commissions_remarks_are_each_organisations_tasks(tmp_path):
    d = docx.Document()
    for line in ["АДМИНИСТРАЦИЯ ГОРОДСКОГО ОКРУГА КИНЕШМА", "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ПРОТОКОЛ № 2",
                 "заседания комиссии по проверке готовности образовательных организаций", "18 июля 2025 г.",
                 "РЕШИЛИ:", "1. Утвердить результаты проверки готовности согласно таблице."]:
        d.add_paragraph(line)
    rows = [["№", "Образовательная организация", "Замечания, подлежащие устранению", "Срок устранения",
             "Дата повторной приемки"],
            ["1", "МБОУ «Средняя школа № 1»", "Заменить неисправные светильники в спортивном зале", "до 01.08.2025",
             "05.08.2025"],
            ["2", "МБОУ «Средняя школа № 2»", "Замечаний нет. Организация принята", "—", "—"],
            ["3", "МБОУ «Лицей № 7»", "Перезарядить огнетушители – устранено в ходе проверки 16.07.2025", "—", "—"]]
    _table(d, rows)
    data = _read_docx(tmp_path, d)
    rows_ = [(o["responsible"][0]["name"], o["deadline"] and o["deadline"]["end"], o["status"])
             for o in data["obligations"] if o["number"] in ("1", "3") and o["text"][0] in "ЗП"]
    assert rows_ == [("МБОУ «Средняя школа № 1»", "2025-08-01", "pending"), ("МБОУ «Лицей № 7»", "2025-07-16", "done")]
    assert not any(o["text"].startswith("Замечаний нет") for o in data["obligations"])


def test_a_unified_forms_number_and_date_boxes_and_items_labelled_with_p(tmp_path):
    data = _read(tmp_path, ["Унифицированная форма № Т-5", "краевое государственное казенное учреждение «Центр содействия»",
                            "Номер\nдокумента\nДата\n57-од 08 . 06.2020", "ПРИКАЗ", "ПРИКАЗЫВАЮ:",
                            "П.1 .Разработать план по профилактике самовольных уходов до 1 июля 2020 г.",
                            "П.2. Старшему воспитателю провести семинар до 25 июня 2020 г."])
    assert (data["document"]["reg_number"], data["document"]["reg_date"]) == ("57-од", "2020-06-08")
    assert [o["number"] for o in data["obligations"]] == ["1", "2"]


def test_a_reply_in_prose_reports_each_thing_done_or_promised(tmp_path):
    data = _read(tmp_path, ["Муниципальное бюджетное общеобразовательное учреждение",
                            "«Средняя общеобразовательная школа № 12»", "180016, г. Псков, ул. Юбилейная, д. 34",
                            "Исх. № 47 от 19.02.2024", "На № 01-17/1184 от 05.02.2024",
                            "Начальнику Управления образования Администрации города Пскова", "Уважаемая Юлия Владимировна!",
                            "Ваше письмо рассмотрено на совещании при директоре 7 февраля 2024 года. Сообщаем, что в "
                            "период с 6 по 16 февраля 2024 года проведены инструктажи обучающихся 1–11 классов о правилах "
                            "поведения на льду.",
                            "Приняты следующие меры:", "Классными руководителями 5–9 классов проведены классные часы "
                            "«Тонкий лёд – опасно для жизни».",
                            "Общешкольное родительское собрание по вопросам безопасности детей будет проведено до 1 марта "
                            "2024 года."])
    got = [(o["text"].split()[0], o["status"], o["deadline"] and o["deadline"]["end"]) for o in data["obligations"]]
    assert got == [("Сообщаем,", "done", None), ("Классными", "done", None), ("Общешкольное", "pending", "2024-03-01")]


def test_a_replys_prose_beside_tasks_it_passes_on_is_their_context(tmp_path):
    data = _read(tmp_path, ["АДМИНИСТРАЦИЯ СУРГУТСКОГО РАЙОНА", "22.10.2021 № 15-03-1878/21",
                            "на № 10-Исх-4511 от 11.10.2021", "Директору Департамента образования и науки",
                            "Уважаемая Елена Сергеевна!",
                            "Приказом департамента от 30.09.2021 № 612 утвержден муниципальный план мероприятий по "
                            "повышению объективности оценки.",
                            "Руководителям общеобразовательных организаций района поручено:",
                            "- в срок до 15 ноября 2021 года провести самообследование;",
                            "Муниципальному казенному учреждению «Информационно-методический центр» поручено "
                            "организовать методическое сопровождение педагогов в 2021/2022 учебном году."])
    texts = [o["text"] for o in data["obligations"]]
    assert not any(t.startswith("Приказом департамента") for t in texts)
    (imc,) = [o for o in data["obligations"] if "Информационно-методический" in o["text"]]
    assert imc["status"] == "pending" and "Информационно-методический" in imc["responsible"][0]["name"]


def test_addressees_in_the_nominative_by_a_mailing_list(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ", "Исх. № 03-1742 от 19.08.2025",
                            "Об обеспеченности учебниками", "Органы исполнительной власти субъектов Российской",
                            "Федерации, осуществляющие государственное управление в сфере образования",
                            "(по списку рассылки)",
                            "1. В срок до 15 сентября 2025 г. провести мониторинг обеспеченности обучающихся учебниками."])
    (ob,) = data["obligations"]
    assert [r["scope"] for r in ob["responsible"]] == ["all_regions"]
    assert ob["responsible"][0]["name"].startswith("Органы исполнительной власти субъектов Российской Федерации")


def test_a_plan_schedules_month_columns_marked_with_plus(tmp_path):
    d = docx.Document()
    for line in ["ПЛАН-ГРАФИК", "мероприятий по сопровождению школ на 2024/2025 учебный год"]:
        d.add_paragraph(line)
    rows = [["№", "Мероприятие", "Ответственный", "IX", "X", "XI", "XII", "I", "II"],
            ["1", "Формирование муниципального перечня школ", "Отдел мониторинга", "+", "", "", "", "", ""],
            ["2", "Выездные консультации специалистов", "Отдел общего образования", "", "", "+", "+", "+", ""]]
    _table(d, rows)
    data = _read_docx(tmp_path, d)
    assert [(o["deadline"]["start"], o["deadline"]["end"]) for o in data["obligations"]] == [
        ("2024-09-01", "2024-09-30"), ("2024-11-01", "2025-01-31")]


@pytest.mark.parametrize("item, who", [("2. Делопроизводителю Загаевой А. подготовить дополнительное соглашение.",
                                        "Делопроизводитель Загаева А"),
                                       ("2. Лаборанту Иванову И.И. подготовить кабинет химии к 1 сентября.",
                                        "Лаборант Иванов И.И")])
def test_a_person_of_any_position_named_with_initials_is_responsible(tmp_path, item, who):
    data = _read(tmp_path, ["МБОУ «СОШ № 1 г. УРУС-МАРТАН»", "ПРИКАЗ", "от 30.12.2021 № 112-од", "ПРИКАЗЫВАЮ:",
                            "1. Внести с 01.10.2021 изменения в штатное расписание.", item])
    (second,) = [o for o in data["obligations"] if o["number"] == "2"]
    assert [r["name"] for r in second["responsible"]] == [who]


@pytest.mark.parametrize("second, who", [
    ("3.2. Дорофеевой С.В. провести повторную проверку журналов 24.02.2025.", "дорофеева"),
    ("2) Учителю физической культуры Сидорову В.М. организовать школьный этап игры до 20.02.2025.", "сидоров"),
    ("1.3. Заведующему библиотекой Орловой Н.П. обновить фонд учебников до 1 марта 2025 г.", "орлов"),
])
def test_an_item_number_inside_a_paragraph_does_not_hide_whom_the_item_names(tmp_path, second, who):
    data = _read(tmp_path, ["МБОУ «СОШ № 8» г. Бийска", "ПРОТОКОЛ № 6", "совещания при директоре", "от 10.02.2025",
                            "Решение: 1.1. Классным руководителям провести родительские собрания до 14.02.2025. "
                            + second])
    last = data["obligations"][-1]
    assert [who in r["name"].lower() for r in last["responsible"]] == [True]


@pytest.mark.parametrize("left, right, date", [
    ("Управление образования\nадминистрации Копейского городского округа",
     "УТВЕРЖДАЮ\nНачальник Управления образования\n_____________ М.С. Дегтярёва\n«01» сентября 2023 г.", "2023-09-01"),
    ("СОГЛАСОВАНО\nНачальник ОГИБДД ОМВД России\n__________ С.Н. Пахомов\n«28» августа 2025 г.",
     "УТВЕРЖДАЮ\nНачальник отдела образования\n__________ Л.Н. Гусева\n«29» августа 2025 г.", "2025-08-29"),
    ("", "Утверждаю:\nПредседатель департамента образования\n___________ Е.Н. Мещерякова\n27.12.2024", "2024-12-27"),
])
def test_a_plans_date_is_its_approval_in_a_letterhead_table(tmp_path, left, right, date):
    import docx
    d = docx.Document()
    _table(d, [[left, right]])
    d.add_paragraph("ПЛАН")
    d.add_paragraph("мероприятий по профилактике детского дорожно-транспортного травматизма")
    _table(d, [["№", "Мероприятие", "Срок", "Ответственные"],
               ["1", "Обновление паспортов дорожной безопасности", "до 15.09.2025", "Руководители ОО"]])
    assert _read_docx(tmp_path, d)["document"]["reg_date"] == date


@pytest.mark.parametrize("title, number", [("СПРАВКА № 56", "56"), ("Справка № 12-од", "12-од"),
                                           ("АНАЛИТИЧЕСКАЯ СПРАВКА № 3", "3")])
def test_a_reference_note_has_its_number_in_its_title(tmp_path, title, number):
    data = _read(tmp_path, ["Отдел образования администрации Медведевского муниципального района", title,
                            "по итогам тематического контроля организации внеурочной деятельности",
                            "24 октября 2024 г.",
                            "Контроль проведен в соответствии с планом работы методического кабинета.",
                            "Предложения: 1. Руководителю МОУ обеспечить ведение журналов до 1 декабря 2024 г."])
    assert (data["document"]["reg_number"], data["document"]["reg_date"]) == (number, "2024-10-24")


@pytest.mark.parametrize("heading", ["2. По второму вопросу", "2. По второму вопросу повестки дня:",
                                     "2. По вопросу № 2"])
def test_a_numbered_question_heading_of_a_protocol_is_no_task(tmp_path, heading):
    data = _read(tmp_path, ["МОУ «Средняя школа № 58» г. Ярославля", "ПРОТОКОЛ № 2", "заседания Управляющего совета",
                            "от 28.10.2024", "1. По первому вопросу", "СЛУШАЛИ: Сомову Т.В.", "РЕШИЛИ:",
                            "1.1. Директору школы Сомовой Т.В. разместить Положение на сайте школы до 08.11.2024.",
                            heading, "СЛУШАЛИ: Лаптеву М.Г.", "РЕШИЛИ:",
                            "2.1. Классным руководителям провести родительские собрания до 29.11.2024."])
    assert [o["text"][:12] for o in data["obligations"]] == ["Директору шк", "Классным рук"]


@pytest.mark.parametrize("item, who", [
    ("2.1. Комиссии по контролю за организацией питания (председатель – Лаптева М.Г.) провести проверку качества "
     "готовых блюд до 29 ноября 2024 года.", "комисси"),
    ("2.1. Аттестационной комиссии подготовить график заседаний до 29 ноября 2024 года.", "комисси"),
    ("2.1. Жюри муниципального этапа подвести итоги конкурса до 29 ноября 2024 года.", "жюри"),
    ("2.1. Рабочей группе по введению ФГОС подготовить дорожную карту до 29 ноября 2024 года.", "рабоч"),
])
def test_a_commission_or_a_jury_is_a_body_that_items_address(tmp_path, item, who):
    data = _read(tmp_path, ["МОУ «Средняя школа № 58» г. Ярославля", "ПРОТОКОЛ № 2", "заседания Управляющего совета",
                            "от 28.10.2024", "РЕШИЛИ:", item])
    assert [who in r["name"].lower() for r in data["obligations"][0]["responsible"]] == [True]


@pytest.mark.parametrize("violation, demand", [("Выявленное нарушение (нормативный правовой акт)", "Требование об устранении"),
                                               ("Нарушение", "Меры по устранению нарушения"),
                                               ("Содержание нарушения", "Предписывается")])
def test_a_prescriptions_table_of_violations_and_demands_is_a_task_table_with_its_common_term(tmp_path, violation,
                                                                                              demand):
    import docx
    d = docx.Document()
    for line in ["ГОСУДАРСТВЕННАЯ ИНСПЕКЦИЯ ПО НАДЗОРУ И КОНТРОЛЮ В СФЕРЕ ОБРАЗОВАНИЯ ПЕРМСКОГО КРАЯ",
                 "ПРЕДПИСАНИЕ № 59-12/147", "об устранении выявленных нарушений", "18 апреля 2024 г.",
                 "Кому: муниципальному автономному общеобразовательному учреждению «Средняя общеобразовательная школа "
                 "№ 7», г. Березники", "По результатам плановой выездной проверки выявлены нарушения."]:
        d.add_paragraph(line)
    _table(d, [["№", violation, demand],
               ["1", "Не определены формы текущего контроля успеваемости", "Разработать и принять локальный акт о формах "
                                                                          "текущего контроля"],
               ["2", "Структура сайта не соответствует требованиям", "Привести структуру официального сайта в "
                                                                   "соответствие с требованиями"]])
    d.add_paragraph("Срок исполнения предписания – до 18 октября 2024 года.")
    obs = _read_docx(tmp_path, d)["obligations"]
    rows = [o for o in obs if o["text"].startswith(("Разработать", "Привести"))]
    assert len(rows) == 2
    assert {o["deadline"]["end"] for o in rows} == {"2024-10-18"}
    assert all("школа" in r["name"].lower() for o in rows for r in o["responsible"])


@pytest.mark.parametrize("labels", [("а)", "б)", "в)"), ("-", "-", "-"), ("•", "•", "•")])
def test_sub_items_with_their_own_verbs_and_terms_are_tasks_of_their_own(tmp_path, labels):
    a, b, c = labels
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ КРАСНОЯРСКОГО КРАЯ", "11.04.2025 № 75-4812",
                            "Руководителям органов местного самоуправления муниципальных районов",
                            "Министерство просит:",
                            "1. Обеспечить проведение приемки образовательных организаций к новому учебному году, для чего:",
                            f"{a} утвердить составы муниципальных комиссий по приемке в срок до 30 апреля 2025 года;",
                            f"{b} завершить работу комиссий в период с 1 июля по 8 августа 2025 года;",
                            f"{c} направить в министерство сводные акты приемки не позднее 15 августа 2025 года.",
                            "2. Обеспечить в подведомственных организациях:",
                            f"{a} проведение инструктажей по пожарной безопасности;",
                            f"{b} проверку систем оповещения до 1 июня 2025 года."])
    ends = {o["text"].split()[0].lower(): o["deadline"] and o["deadline"]["end"] for o in data["obligations"]}
    assert ends["утвердить"] == "2025-04-30" and ends["завершить"] == "2025-08-08" and ends["направить"] == "2025-08-15"
    assert sum("инструктажей" in o["text"] for o in data["obligations"]) == 1
    assert not any(o["text"].lower().startswith(("проведение", "проверку")) for o in data["obligations"])


@pytest.mark.parametrize("host, topic, date", [("Принимающий орган управления образованием", "Тема семинара",
                                                "Дата проведения"),
                                               ("Орган местного самоуправления", "Тема", "Дата"),
                                               ("Организация", "Тема мероприятия", "Срок проведения")])
def test_a_schedule_of_topics_hosted_by_named_bodies_gives_each_host_its_row(tmp_path, host, topic, date):
    import docx
    d = docx.Document()
    for line in ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ САХА (ЯКУТИЯ)", "27.01.2025 № 01-09/654",
                 "Руководителям муниципальных органов управления образованием",
                 "Просим обеспечить проведение семинаров в сроки согласно графику (приложение).", "Приложение",
                 "График проведения зональных семинаров-совещаний"]:
        d.add_paragraph(line)
    _table(d, [["№ п/п", host, topic, "Место проведения", date],
               ["1", "МКУ «Управление образования Вилюйского улуса»", "Информационная безопасность при доставке "
                "экзаменационных материалов", "МБОУ «Вилюйская СОШ № 1»", "03.04.2025"],
               ["2", "МКУ «Управление образования Намского улуса»", "Психолого-педагогическое сопровождение выпускников",
                "МБОУ «Намская СОШ»", "17.04.2025"]])
    obs = {o["text"][:12]: o for o in _read_docx(tmp_path, d)["obligations"]}
    row = obs["Информационн"]
    assert row["deadline"]["end"] == "2025-04-03"
    assert ["вилюйск" in r["name"].lower() for r in row["responsible"]] == [True]
    assert obs["Психолого-пе"]["deadline"]["end"] == "2025-04-17"


@pytest.mark.parametrize("places", [["- города Когалыма;", "- города Лангепаса;", "- Кондинского района"],
                                    ["1) Боровичского муниципального района;", "2) Валдайского муниципального района."]])
def test_a_list_of_the_addressees_places_is_no_task(tmp_path, places):
    data = _read(tmp_path, ["Кому: uo@admkogalym.ru; obrazovanie@admlangepas.ru",
                            "АУ «Институт развития образования» Ханты-Мансийского автономного округа – Югры",
                            "24.09.2024 № 12/01-19-1187",
                            "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования:",
                            *places, "О проведении региональной диагностики", "Уважаемые коллеги!",
                            "Для организации диагностики просим вас:",
                            "1. Сформировать списки участников по форме в срок до 2 октября 2024 года.",
                            "2. Представить в Институт аналитическую справку не позднее 31 октября 2024 года."])
    obs = data["obligations"]
    assert [o["text"][:11] for o in obs] == ["Сформироват", "Представить"]
    assert all("@" not in r["name"] for o in obs for r in o["responsible"])


def test_unnumbered_clauses_after_a_request_are_each_a_task(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ СТАВРОПОЛЬСКОГО КРАЯ", "14 октября 2024 г. № 02-21/9716",
                            "Руководителям органов управления образованием муниципальных округов",
                            "Уважаемые коллеги!",
                            "В целях контроля за качеством питания министерство просит:",
                            "в срок до 25 октября 2024 года довести до сведения руководителей образовательных "
                            "организаций методические рекомендации по формированию меню;",
                            "довести настоящее письмо до руководителей общеобразовательных организаций и обеспечить "
                            "внесение ими сведений в систему «Мониторинг питания» до 5 ноября 2024 года;",
                            "ежемесячно до 5-го числа представлять в министерство сводную информацию о стоимости "
                            "питания;",
                            "о выявленных фактах нарушения санитарных требований информировать министерство "
                            "незамедлительно.",
                            "Дополнительно сообщаем, что итоги мониторинга будут рассмотрены на совещании в декабре."])
    texts = [o["text"][:14] for o in data["obligations"]]
    assert texts == ["в срок до 25 о", "довести настоя", "ежемесячно до ", "о выявленных ф"]
    assert all(o["responsible"][0]["scope"] == "all_municipalities" for o in data["obligations"])


@pytest.mark.parametrize("term_line, who_line", [
    ("Срок исполнения пунктов 1.1 – 1.3: до 6 марта 2026 года.",
     "Ответственный за исполнение пунктов 2.1 – 2.2: ОГАУ «Институт развития образования». Срок: до 30 апреля 2026 года."),
    ("Срок выполнения пунктов 1.1–1.3 – до 6 марта 2026 года.",
     "Ответственные за исполнение пунктов 2.1, 2.2: ОГАУ «Институт развития образования». Срок: до 30 апреля 2026 года."),
])
def test_a_line_naming_its_items_gives_them_its_term_and_responsible(tmp_path, term_line, who_line):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ И ВОСПИТАНИЯ УЛЬЯНОВСКОЙ ОБЛАСТИ", "ПРОТОКОЛ № 1",
                            "заседания региональной рабочей группы", "12.02.2026", "Решили:",
                            "1.1. Муниципальным координаторам провести анализ исполнения программ антирисковых мер.",
                            "1.2. Руководителям школ актуализировать программы антирисковых мер.",
                            "1.3. Руководителям школ разместить программы в информационной системе.",
                            term_line,
                            "1.4. Институту развития образования организовать консультационные встречи кураторов.",
                            "Срок: март – апрель 2026 года.",
                            "2. О кураторском сопровождении школ", "Решили:",
                            "2.1. Провести выездные консультации в закрепленных организациях.",
                            "2.2. Обобщить отчеты кураторов и внести предложения в рабочую группу.",
                            who_line])
    obs = {o["number"]: o for o in data["obligations"]}
    assert [obs[n]["deadline"]["end"] for n in ("1.1", "1.2", "1.3", "1.4")] == ["2026-03-06"] * 3 + ["2026-04-30"]
    for n in ("2.1", "2.2"):
        assert obs[n]["deadline"]["end"] == "2026-04-30"
        assert ["институт" in r["name"].lower() for r in obs[n]["responsible"]] == [True]


@pytest.mark.parametrize("heads", [["I кв. 2025", "II кв. 2025", "III кв. 2025", "IV кв. 2025", "I кв. 2026"],
                                   ["1 квартал 2025", "2 квартал 2025", "3 квартал 2025", "4 квартал 2025",
                                    "1 квартал 2026"],
                                   ["I полугодие 2025", "II полугодие 2025", "I полугодие 2026", "II полугодие 2026",
                                    "I полугодие 2027"]])
def test_a_roadmaps_dated_period_columns_marked_x_give_a_rows_term(tmp_path, heads):
    import docx
    d = docx.Document()
    d.add_paragraph("УТВЕРЖДЕНА распоряжением Министерства образования Республики Карелия от 17.01.2025 № 41-р")
    d.add_paragraph("ДОРОЖНАЯ КАРТА внедрения системы наставничества")
    _table(d, [["№ п/п", "Наименование мероприятия", "Ответственные исполнители", *heads],
               ["1", "Разработка региональной модели наставничества", "МОиС РК", "X", "", "", "", ""],
               ["2", "Формирование реестра наставников", "КИРО", "", "X", "X", "", ""]])
    obs = {o["text"][:12]: o["deadline"] for o in _read_docx(tmp_path, d)["obligations"]}
    from extractors.deadlines import Context, parse_deadline
    first, second, third = (parse_deadline(h, Context()) for h in heads[:3])
    assert (obs["Разработка р"]["start"], obs["Разработка р"]["end"]) == (first.start.isoformat(), first.end.isoformat())
    assert (obs["Формирование"]["start"], obs["Формирование"]["end"]) == (second.start.isoformat(), third.end.isoformat())


def test_a_schedule_by_municipality_places_each_rows_coordinator_in_its_municipality(tmp_path):
    import docx
    d = docx.Document()
    for line in ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ АРХАНГЕЛЬСКОЙ ОБЛАСТИ", "ПРИКАЗ", "от 02.03.2026 № 214",
                 "1. Провести мониторинг в сроки согласно приложению 2.", "Приложение 2",
                 "График проведения мониторинга"]:
        d.add_paragraph(line)
    _table(d, [["№ п/п", "Муниципальное образование", "Муниципальный координатор (Ф.И.О., должность)",
                "Срок проведения"],
               ["1.", "Няндомский муниципальный округ", "Трофимова Ольга Ивановна, методист управления образования",
                "16 – 17 марта 2026 г."],
               ["2.", "Мезенский муниципальный округ", "Лешукова Анна Петровна, главный специалист",
                "18 – 20 марта 2026 г."]])
    obs = {o["text"][:8]: o for o in _read_docx(tmp_path, d)["obligations"]}
    assert [r["municipality"] for r in obs["Няндомск"]["responsible"]] == ["Няндомский муниципальный округ"]
    assert obs["Мезенски"]["deadline"]["start"] == "2026-03-18"
    assert ["лешуков" in r["name"].lower() for r in obs["Мезенски"]["responsible"]] == [True]


def test_a_monitoring_summary_gives_each_municipality_its_violations_to_remove_by_its_term(tmp_path):
    import docx
    d = docx.Document()
    for line in ["МИНИСТЕРСТВО ПРОСВЕЩЕНИЯ РЕСПУБЛИКИ БАШКОРТОСТАН", "СВОДНЫЙ ОТЧЕТ",
                 "о результатах мониторинга организации горячего питания", "12 августа 2024 г.",
                 "Результаты мониторинга и сроки устранения нарушений приведены в таблице."]:
        d.add_paragraph(line)
    _table(d, [["№ п/п", "Муниципальное образование", "Выявленные нарушения (недостатки)", "Срок устранения"],
               ["1", "Муниципальный район Белебеевский район", "Фактический рацион не соответствует утвержденному меню",
                "до 30.08.2024"],
               ["2", "Городской округ город Стерлитамак", "Нарушений не выявлено", "–"]])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [o["text"][:10] for o in obs] == ["Фактически"]
    assert obs[0]["deadline"]["end"] == "2024-08-30"
    assert obs[0]["responsible"][0]["municipality"] == "Белебеевский район"


@pytest.mark.parametrize("title", ["СЛУЖЕБНАЯ ЗАПИСКА", "Служебная записка"])
def test_a_memos_form_of_labelled_fields_gives_its_addressee_number_and_date_but_not_its_copy(tmp_path, title):
    import docx
    d = docx.Document()
    d.add_paragraph("МИНИСТЕРСТВО ОБРАЗОВАНИЯ САМАРСКОЙ ОБЛАСТИ")
    d.add_paragraph(title)
    _table(d, [["Кому:", "Руководителю управления общего образования\nС.В. Панкратовой"],
               ["От кого:", "Первого заместителя министра\nА.Ю. Беляева"],
               ["Дата:", "22.01.2026"], ["№", "МО/16-вн-87"],
               ["Копия:", "Руководителю управления правового обеспечения\nИ.П. Гордеевой"]])
    d.add_paragraph("О подготовке материалов по вопросу кадрового обеспечения")
    d.add_paragraph("В связи с этим прошу Вас организовать следующую работу.")
    d.add_paragraph("1. В срок до 28.01.2026 направить в территориальные управления министерства запрос о вакансиях.")
    data = _read_docx(tmp_path, d)
    doc = data["document"]
    assert (doc["doc_type"], doc["reg_number"], doc["reg_date"]) == ("letter", "МО/16-вн-87", "2026-01-22")
    task = next(o for o in data["obligations"] if o["text"].startswith("В срок до 28.01"))
    assert ["общего образования" in r["name"] for r in task["responsible"]] == [True]


def test_an_addressee_given_its_own_task_is_not_implied_in_the_others(tmp_path):
    import docx
    d = docx.Document()
    _table(d, [["АДМИНИСТРАЦИЯ ГОРОДА ИЖЕВСКА\nУПРАВЛЕНИЕ ОБРАЗОВАНИЯ\n03.04.2025 № 01-14/2718",
                "Руководителям муниципальных общеобразовательных учреждений города Ижевска\n\n"
                "Начальнику отдела общего образования Управления образования\nКузнецовой Е.В."]])
    for line in ["Уважаемые руководители!", "Просим:",
                 "– в срок до 18 апреля 2025 года представить в Управление образования сведения о сменах лагерей;",
                 "– обеспечить до 15 мая 2025 года получение санитарно-эпидемиологических заключений;",
                 "– отделу общего образования Управления образования (Кузнецова Е.В.) обобщить сведения и направить "
                 "сводную информацию в Министерство до 25 апреля 2025 года."]:
        d.add_paragraph(line)
    obs = _read_docx(tmp_path, d)["obligations"]
    first = next(o for o in obs if "сменах лагерей" in o["text"])
    assert ["общеобразовательных" in r["name"] for r in first["responsible"]] == [True]
    last = next(o for o in obs if "обобщить" in o["text"])
    assert ["отдел общего образования" in r["name"] for r in last["responsible"]] == [True]


@pytest.mark.parametrize("dash", ["—", "–", "-", "•"])
def test_a_dash_an_ocr_put_before_a_stamps_line_does_not_open_the_body(tmp_path, dash):
    data = _read(tmp_path, ["УТВЕРЖДАЮ", f"{dash} Министр образования", "Республики Мордовия", "А.В. Ларькина",
                            "«28» августа 2024 г.", "ПЕРЕЧЕНЬ ПОРУЧЕНИЙ",
                            "по итогам республиканского августовского совещания педагогических работников",
                            "1. Обеспечить охват обучающихся горячим питанием до 2 сентября 2024 г."])
    assert (data["document"]["doc_type"], data["document"]["reg_date"]) == ("instructions", "2024-08-28")


@pytest.mark.parametrize("name_line", ["«Читинский район»", "«Читинский рай он»"])
def test_an_addressees_unit_named_in_quotes_on_the_next_line_places_it(tmp_path, name_line):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ЗАБАЙКАЛЬСКОГО КРАЯ", "от 18.04.2025 № 04/2117",
                            "Председателю комитета образования администрации муниципального района", name_line,
                            "Е.А. Бобровой", "Уважаемая Елена Александровна!",
                            "1. Представить в Министерство реестр организаций отдыха детей до 25 апреля 2025 года."])
    who = data["obligations"][0]["responsible"]
    assert [r["municipality"] for r in who] == ["Читинский район"]


def test_a_letter_forwarded_by_e_mail_is_read_below_its_envelope(tmp_path):
    data = _read(tmp_path, ["От: Центр оценки качества АУ «Институт развития образования» <coko@iro86.ru>\n"
                            "Отправлено: вторник, 24 сентября 2024 г. 15:42",
                            "Кому: uo@admkogalym.ru; obrazovanie@admlangepas.ru",
                            "Тема: Диагностика функциональной грамотности",
                            "Добрый день, уважаемые коллеги!", "Направляем письмо Института. Оригинал в СЭД «Дело».",
                            "-" * 40,
                            "АУ «Институт развития образования» Ханты-Мансийского автономного округа – Югры",
                            "24.09.2024 № 12/01-19-1187",
                            "Руководителям органов местного самоуправления, осуществляющих управление в сфере "
                            "образования:", "- города Когалыма;", "- Кондинского района",
                            "О проведении региональной диагностики", "Уважаемые коллеги!",
                            "Для организации диагностики просим вас:",
                            "1. Сформировать списки участников по форме в срок до 2 октября 2024 года.",
                            "2. Представить в Институт аналитическую справку не позднее 31 октября 2024 года."])
    obs = data["obligations"]
    assert [o["text"][:11] for o in obs] == ["Сформироват", "Представить"]
    assert all([r["scope"] for r in o["responsible"]] == ["all_municipalities"] for o in obs)
    assert data["document"]["reg_number"] == "12/01-19-1187"


@pytest.mark.parametrize("addressee, scope", [
    ("Органы исполнительной власти субъектов Российской Федерации, осуществляющие государственное управление в "
     "сфере образования", "all_regions"),
    ("Органы местного самоуправления муниципальных районов и городских округов", "all_municipalities"),
])
def test_addressees_named_in_the_nominative_in_a_letterhead(tmp_path, addressee, scope):
    sender = ("ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ ОБРАЗОВАНИЯ И НАУКИ" if scope == "all_regions"
              else "МИНИСТЕРСТВО ОБРАЗОВАНИЯ ТУЛЬСКОЙ ОБЛАСТИ")
    data = _read(tmp_path, [sender, "20.11.2025 № 04-312", "На № _______ от _______", addressee,
                            "О подготовке экспертов предметных комиссий",
                            "В целях обеспечения объективности проверки просим:",
                            "1. В срок до 15 декабря 2025 г. направить сведения о составе предметных комиссий."])
    assert [r["scope"] for r in data["obligations"][0]["responsible"]] == [scope]


@pytest.mark.parametrize("sentence, who", [
    ("3. Государственным автономным учреждением «Институт развития образования Республики Татарстан» в октябре 2025 "
     "года проведено обучение 340 педагогических работников.", "институт развития образования"),
    ("3. Центром психолого-педагогической помощи проведены консультации для 120 родителей.", "центр"),
])
def test_a_report_says_which_other_body_did_a_thing(tmp_path, sentence, who):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ ТАТАРСТАН", "12.12.2025 № 8812/25",
                            "На № 07-1545 от 14.11.2025", "Министерству просвещения Российской Федерации",
                            "Министерство сообщает об исполнении поручений:",
                            "1. В 2025 году разработана региональная модель инклюзивного образования.", sentence])
    last = data["obligations"][-1]
    assert last["status"] == "done" and [who in r["name"].lower() for r in last["responsible"]] == [True]


@pytest.mark.parametrize("label", ["отв.", "Ответственный:", "отв. –"])
def test_a_responsible_label_ending_a_line_goes_on_with_the_name_below(tmp_path, label):
    data = _read(tmp_path, ["МКУ «Отдел образования администрации Цивильского муниципального округа»", "ПРОТОКОЛ № 2",
                            "совещания руководителей общеобразовательных организаций", "от 12.02.2025", "РЕШИЛИ:",
                            f"3.2. Подготовить программу конкурсных испытаний. Срок – до 21.02.2025, {label}",
                            "Николаева Т.А.",
                            "3.3. Руководителям ОО обеспечить участие педагогов в конкурсе до 28.02.2025."])
    obs = data["obligations"]
    assert [o["number"] for o in obs] == ["3.2", "3.3"]
    assert ["николаев" in r["name"].lower() for r in obs[0]["responsible"]] == [True]


@pytest.mark.parametrize("item", [
    "4. Рекомендовать ОМВД России по Корочанскому району (Гусев А.И.) в период с 1 декабря 2024 года по 28 февраля "
    "2025 года усилить контроль за техническим состоянием школьных автобусов.",
    "4. МКУ «Центр бухгалтерского обслуживания» (Петрова О.Н.) в срок до 1 декабря 2024 года и далее ежеквартально "
    "до 10 числа месяца, следующего за отчетным, представлять сведения о расходах.",
])
def test_a_body_with_a_long_term_before_its_verb_is_the_items_responsible(tmp_path, item):
    data = _read(tmp_path, ["АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА «КОРОЧАНСКИЙ РАЙОН»", "ПОСТАНОВЛЕНИЕ",
                            "от 18 ноября 2024 г. № 1012", "О подвозе обучающихся", "постановляет:",
                            "1. Утвердить порядок подвоза обучающихся.", item])
    who = data["obligations"][-1]["responsible"]
    assert len(who) == 1 and who[0]["name"].split()[0] in ("ОМВД", "МКУ")


@pytest.mark.parametrize("request_words", ["предлагает вам", "просит вас", "Вам необходимо"])
def test_tasks_in_one_sentence_split_by_semicolons_are_each_a_task(tmp_path, request_words):
    sentence = (f"В целях профилактики травматизма обучающихся, на основании письма Министерства от 12.01.2026 № 15, "
                f"Управление образования {request_words} в течение 3 рабочих дней издать приказы о назначении "
                "ответственных лиц; обеспечить ежедневный контроль состояния спортивных площадок; "
                "не допускать проведения занятий на неосвещённых площадках; до 23 января 2026 года провести "
                "инструктажи педагогов физической культуры; в срок до 30 января 2026 года представить в отдел общего "
                "образования отчёт о принятых мерах.")
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ПЕНЗЫ", "19.01.2026 № 01-15/327",
                            "Руководителям общеобразовательных организаций", sentence])
    obs = data["obligations"]
    assert [o["text"].split()[0] for o in obs][-4:] == ["обеспечить", "не", "до", "в"]
    assert len(obs) == 5
    ends = [o["deadline"] and o["deadline"]["end"] for o in obs]
    assert ends[1:3] == [None, None] and ends[3:] == ["2026-01-23", "2026-01-30"]


@pytest.mark.parametrize("label", ["Проверяемый орган:", "Проверяемая организация:"])
def test_a_short_name_the_document_defines_is_the_body_it_stands_for(tmp_path, label):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ХАБАРОВСКОГО КРАЯ", "АКТ № 7", "проверки", "18 апреля 2024 г.",
                            f"{label} управление образования администрации Ванинского муниципального района "
                            "Хабаровского края (далее – Управление), руководитель – Сидоров П.П.",
                            "2. Предложения", "По результатам проверки комиссия предлагает:",
                            "2.1. Управлению привести положение об Управлении в соответствие с законодательством. "
                            "Срок – до 31.05.2024.",
                            "2.2. Отчет об устранении нарушений представить в министерство не позднее 16.09.2024."])
    obs = data["obligations"]
    assert [o["number"] for o in obs] == ["2.1", "2.2"]
    for o in obs:
        assert [r["name"].lower().startswith("управление образования") for r in o["responsible"]] == [True]
        assert o["responsible"][0]["municipality"] and "Ванин" in o["responsible"][0]["municipality"]


@pytest.mark.parametrize("header", [("№ п/п", "Содержание поручения", "Информация об исполнении"),
                                    ("№", "Поручение", "Отметка об исполнении")])
def test_a_reports_table_of_tasks_and_what_was_done_needs_no_term_column(tmp_path, header):
    d = docx.Document()
    for line in ["АДМИНИСТРАЦИЯ ГОРОДЕЦКОГО МУНИЦИПАЛЬНОГО ОКРУГА", "10.03.2025 № 01-17/842",
                 "Заместителю министра образования Нижегородской области",
                 "Управление образования направляет информацию об исполнении поручений:"]:
        d.add_paragraph(line)
    _table(d, [list(header),
               ["1", "Провести анализ укомплектованности школ педагогическими кадрами (срок – до 25.02.2025)",
                "Исполнено. Анализ проведен."],
               ["2", "Обеспечить обучение 30 педагогов по программе наставничества (срок – до 30.04.2025)",
                "В работе: обучено 12 педагогов."]])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [(o["deadline"]["end"], o["status"]) for o in obs] == [("2025-02-25", "done"), ("2025-04-30", "pending")]


@pytest.mark.parametrize("subject", ["Предмет контроля", "Предмет проверки"])
def test_a_control_plans_subject_column_is_its_task(tmp_path, subject):
    d = docx.Document()
    for line in ["УТВЕРЖДАЮ", "Председатель комитета образования администрации города Тамбова", "«22» декабря 2025 г.",
                 "ПЛАН", "контрольных мероприятий на I квартал 2026 года"]:
        d.add_paragraph(line)
    _table(d, [["№ п/п", subject, "Объект контроля", "Форма контроля", "Сроки проведения", "Ответственный"],
               ["1", "Организация горячего питания обучающихся 1-4 классов", "МБОУ СОШ № 22", "выездная проверка",
                "19.01.2026 – 30.01.2026", "Карпов Д.С., главный специалист"],
               ["2", "Соблюдение порядка комплектования групп", "МБДОУ № 5", "документарная проверка",
                "в течение марта", "Семенова О.В., начальник отдела"]])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [(o["deadline"]["start"], o["deadline"]["end"]) for o in obs] == [("2026-01-19", "2026-01-30"),
                                                                             ("2026-03-01", "2026-03-31")]
    assert ["Карпов" in obs[0]["responsible"][0]["name"], "Семенова" in obs[1]["responsible"][0]["name"]] == [True, True]


def test_a_text_letterhead_typed_in_two_columns_gives_its_addressees_each_in_their_place(tmp_path):
    lines = ["ДЕПАРТАМЕНТ ОБЩЕГО ОБРАЗОВАНИЯ ТОМСКОЙ ОБЛАСТИ", "",
             "30.10.2023  N 57-5016                      Руководителям органов управления",
             "На N _______ от _______                    образованием Асиновского района,",
             "                                           Верхнекетского района и",
             "                                           ЗАТО Северск", "",
             "В связи с изложенным повторно просим представить сведения о вакансиях в срок до 3 ноября 2023 года.",
             "", "В тот же срок просим представить пояснения о причинах несвоевременного представления информации."]
    path = tmp_path / "letter.txt"
    path.write_text("\n".join(lines), encoding="cp1251")
    doc = read_document(path)
    data = contract(doc, extract(doc, with_entities=False))
    assert data["document"]["reg_number"] == "57-5016"
    obs = data["obligations"]
    assert [o["deadline"]["end"] for o in obs] == ["2023-11-03", "2023-11-03"]     # "в тот же срок"
    assert sorted(r["municipality"] for r in obs[0]["responsible"]) == ["Асиновский район", "Верхнекетский район",
                                                                        "ЗАТО Северск"]


@pytest.mark.parametrize("head, who", [
    ("1. Напцок Б.Ю., начальнику отдела общего образования:", "Напцок"),
    ("2. Тлехас З.А., ректору ГБУ ДПО РА «Адыгейский республиканский институт повышения квалификации»:", "Тлехас"),
])
def test_a_person_whose_surname_does_not_decline_heads_the_items_after_it(tmp_path, head, who):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ АДЫГЕЯ", "ПРОТОКОЛ",
                            "совещания по вопросам питания", "28 января 2026 г. № 2", head,
                            "провести повторный мониторинг охвата горячим питанием до 20 февраля 2026 г."])
    obs = data["obligations"]
    assert len(obs) == 1 and [who in r["name"] for r in obs[0]["responsible"]] == [True]


@pytest.mark.parametrize("verb", ["поручено", "предложено", "рекомендовано"])
def test_the_body_an_instruction_was_given_to_is_responsible(tmp_path, verb):
    data = _read(tmp_path, ["АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА «ЧИТИНСКИЙ РАЙОН»", "КОМИТЕТ ОБРАЗОВАНИЯ",
                            "«17» февраля 2026 г. № 01-09/318", "На № 01-18/742 от 28.01.2026",
                            "Министру образования и науки Забайкальского края",
                            f"Письмом Министерства от 28.01.2026 № 01-18/742 комитету образования администрации "
                            f"муниципального района «Читинский район» {verb} представить паспорта зданий школ в срок "
                            "до 20.02.2026."])
    obs = data["obligations"]
    assert len(obs) == 1 and [r["municipality"] for r in obs[0]["responsible"]] == ["Читинский район"]


def test_an_e_mail_says_whom_and_when_in_its_headers(tmp_path):
    data = _read(tmp_path, ["From: Бадмаева С.О. <badmaeva@uo-elista.ru>\nTo: Руководители ОУ г. Элисты "
                            "<ou@uo-elista.ru>\nDate: Thu, 9 Apr 2026 15:42:10 +0300\nSubject: ВПР-2026",
                            "Уважаемые руководители!", "Прошу:",
                            "1) заполнить гугл-форму по ответственным за проведение ВПР;",
                            "Срок – до конца рабочего дня пятницы."])
    assert data["document"]["reg_date"] == "2026-04-09"
    assert data["document"]["addressees"] == ["Руководители ОУ г. Элисты"]
    ob = data["obligations"][0]
    assert ob["deadline"]["end"] == "2026-04-10" and ob["responsible"][0]["municipality"] == "город Элиста"


def test_a_regional_bodys_address_beside_its_name_places_it_in_no_municipality(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ИВАНОВСКОЙ ОБЛАСТИ ул. Батурина, д. 13, г. Иваново, 153000",
                            "ПРОТОКОЛ № 7", "рабочего совещания", "12 марта 2026 г.", "РЕШИЛИ:",
                            "1. ОМСУ представить в Министерство дислокацию лагерей до 01.04.2026."])
    assert data["document"]["sender"]["name"] == "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ИВАНОВСКОЙ ОБЛАСТИ"
    assert data["document"]["sender"]["municipality"] is None
    assert data["obligations"][0]["responsible"][0]["scope"] == "all_municipalities"


def test_an_inspection_acts_recommendations_table_binds_the_inspected_school(tmp_path):
    d = docx.Document()
    for line in ["АДМИНИСТРАЦИЯ ГОРОДА ПЕРМИ", "ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ", "АКТ", "проверки", "14 ноября 2025 г. № 38-вк",
                 "Объект проверки: муниципальное автономное общеобразовательное учреждение «Средняя "
                 "общеобразовательная школа № 77» г. Перми (далее – МАОУ «СОШ № 77»).", "4. Рекомендации"]:
        d.add_paragraph(line)
    _table(d, [["Рекомендация", "Срок"],
               ["4.1. Внести изменения в положение об организации обучения на дому", "до 15.12.2025"],
               ["4.2. Устранить расхождения между бумажными журналами и электронным журналом", "до 28.11.2025"]])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [o["deadline"]["end"] for o in obs] == ["2025-12-15", "2025-11-28"]
    assert all("школа № 77" in o["responsible"][0]["name"] for o in obs)


def test_a_schedule_by_month_approved_under_a_signature_and_date_on_one_line(tmp_path):
    d = docx.Document()
    for line in ["УТВЕРЖДАЮ", "Начальник управления образования мэрии города Череповца",
                 "_____________ Е.Н. Кутузова «22» декабря 2025 г.", "ГРАФИК", "проверок на 2026 год"]:
        d.add_paragraph(line)
    _table(d, [["№ п/п", "Месяц", "Объект проверки", "Предмет проверки", "Ответственные"],
               ["1", "январь", "МАОУ «СОШ № 3»", "Соблюдение порядка приема в первые классы", "Отдел общего образования"],
               ["2", "октябрь", "МАДОУ «Детский сад № 41»", "Организация питания воспитанников", "Отдел дошкольного образования"]])
    data = _read_docx(tmp_path, d)
    assert data["document"]["reg_date"] == "2025-12-22"
    assert [(o["deadline"]["start"], o["deadline"]["end"]) for o in data["obligations"]] == [
        ("2026-01-01", "2026-01-31"), ("2026-10-01", "2026-10-31")]


def test_an_abbreviation_in_mixed_case_with_its_head_in_brackets_heads_the_items_after_it(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ ХАКАСИЯ", "ПРИКАЗ", "14.01.2025 № 100-41",
                            "ПРИКАЗЫВАЮ:", "2. ХакИРОиПК (Жукова С.Г.):",
                            "2.1. сформировать состав жюри Конкурса до 01.02.2025;",
                            "2.2. подготовить аналитическую справку о его итогах до 15.04.2025."])
    obs = data["obligations"]
    assert [o["number"] for o in obs] == ["2.1", "2.2"]
    assert all(o["responsible"][0]["name"].startswith("ХакИРОиПК") for o in obs)


@pytest.mark.parametrize("signed", ["АЛЛА LL Н.А. Шевелева «20» ноября 2024 г.", "_________ Н.А. Шевелева «20» ноября 2024 г."])
def test_a_list_of_instructions_number_on_its_own_line_and_its_approval_after_a_signature(tmp_path, signed):
    d = docx.Document()
    for line in ["УТВЕРЖДАЮ", "Министр образования и науки", "Республики Коми", signed, "ПЕРЕЧЕНЬ ПОРУЧЕНИЙ",
                 "по итогам совещания с руководителями органов местного самоуправления, осуществляющих управление в "
                 "сфере образования, «О повышении качества подготовки обучающихся к государственной итоговой "
                 "аттестации в 2025 году»", "(14 ноября 2024 года, г. Сыктывкар)", "№ ПР-27"]:
        d.add_paragraph(line)
    _table(d, [["№ п/п", "Содержание поручения", "Ответственные исполнители", "Срок исполнения"],
               ["1.", "Провести разъяснительную работу с родителями выпускников", "ОМСУ", "до 20.01.2025"]])
    document = _read_docx(tmp_path, d)["document"]
    assert (document["reg_number"], document["reg_date"]) == ("ПР-27", "2024-11-20")


@pytest.mark.parametrize("head, who", [("Только для общеобразовательных организаций:", "общеобразовательные организации"),
                                       ("Для дошкольных образовательных организаций:", "дошкольные образовательные")])
def test_items_under_a_head_saying_whom_they_are_for_are_theirs(tmp_path, head, who):
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ВОЛОГДЫ", "14.10.2025 № 01-13/2874",
                            "Руководителям муниципальных образовательных организаций",
                            "В связи с наступлением периода ледостава прошу организовать работу по профилактике "
                            "детского травматизма.", head,
                            "– до 15 ноября 2025 года провести классные часы о правилах поведения на льду;",
                            "– ежедневно очищать участки и дорожки от наледи."])
    obs = data["obligations"][1:]       # the first is the request of the opening sentence
    assert len(obs) == 2 and all(o["responsible"][0]["name"].startswith(who) for o in obs)


def test_a_deputy_governors_letter_to_the_heads_of_municipalities(tmp_path):
    data = _read(tmp_path, ["ЗАМЕСТИТЕЛЬ ГУБЕРНАТОРА", "ЧЕЛЯБИНСКОЙ ОБЛАСТИ", "пл. Революции, д. 4, г. Челябинск,",
                            "14.10.2025 № 01/6673", "Главам муниципальных районов, муниципальных и городских округов",
                            "Челябинской области", "Уважаемые коллеги!",
                            "Рекомендую органам местного самоуправления, осуществляющим управление в сфере образования, "
                            "в течение ноября провести инструктажи водителей школьных автобусов."])
    sender = data["document"]["sender"]
    assert (sender["region"], sender["municipality"]) == ("Челябинская область", None)
    ob = data["obligations"][0]
    assert ob["deadline"]["end"] == "2025-11-30" and ob["responsible"][0]["scope"] == "all_municipalities"


def test_a_term_opening_the_second_verbs_part_makes_it_a_task_of_its_own(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ ДАГЕСТАН", "05.03.2024 № 06-2874",
                            "Начальникам муниципальных органов управления образованием",
                            "Необходимо также обеспечить участие педагогов в выездных консультациях и вебинарах ДИРО и до "
                            "5 апреля 2024 года провести муниципальные пробные экзамены по математике."])
    obs = data["obligations"]
    assert [(o["text"].split()[2], o["deadline"] and o["deadline"]["end"]) for o in obs] == [
        ("обеспечить", None), ("апреля", "2024-04-05")]


def test_several_responsibles_in_one_bracket_split_by_semicolons(tmp_path):
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ ЕЙСКИЙ РАЙОН", "ПРИКАЗ",
                            "от 02.03.2026 № 215", "ПРИКАЗЫВАЮ:",
                            "5. Предоставить помещения для проведения открытых уроков конкурсантов 13–17 апреля 2026 года "
                            "(отв. Осипенко Т.В., директор МБОУ СОШ № 2; Ромащенко Л.А., директор МБОУ гимназии № 14)."])
    names = [r["name"] for r in data["obligations"][0]["responsible"]]
    assert [n.split()[0] for n in names] == ["Осипенко", "Ромащенко"]


def test_an_item_naming_what_to_submit_before_its_verb_and_term_is_a_task(tmp_path):
    data = _read(tmp_path, ["РЕГИОНАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ И КОНТРОЛЮ В СФЕРЕ ОБРАЗОВАНИЯ РОСТОВСКОЙ ОБЛАСТИ",
                            "ПРЕДПИСАНИЕ", "14.11.2024", "№ 1187-П",
                            "Выдано: муниципальному бюджетному общеобразовательному учреждению «Средняя "
                            "общеобразовательная школа № 12» г. Таганрога", "ПРЕДПИСЫВАЕТ:",
                            "1. Разработать локальный акт о текущем контроле успеваемости до 20.12.2024.",
                            "Таблица нарушений прилагается.",
                            "2. Отчет об исполнении настоящего предписания с приложением заверенных копий документов, "
                            "подтверждающих устранение каждого нарушения, представить в Ростобрнадзор не позднее "
                            "14 мая 2025 года."])
    obs = data["obligations"]
    assert [(o["number"], o["deadline"]["end"]) for o in obs] == [("1", "2024-12-20"), ("2", "2025-05-14")]


@pytest.mark.parametrize("outcome, status", [("Исполнено. График доведён письмом от 20.01.2026 № 01-11/512.", "done"),
                                             ("Не исполнено. Обучение пройдёт до 20.02.2026.", "pending"),
                                             ("Исполнено частично: информация размещена на 31 из 34 сайтов.", "pending")])
def test_a_reply_quoting_each_task_reports_it_as_the_replying_bodys(tmp_path, outcome, status):
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ СТАРООСКОЛЬСКОГО ГОРОДСКОГО ОКРУГА", "29.01.2026 № 01-11/604",
                            "На № 17-09/14/126 от 14.01.2026", "Заместителю министра образования Белгородской области",
                            "Управление образования в ответ на письмо министерства сообщает следующее.",
                            "1. Поручение: «Определить муниципального координатора проведения ВПР и представить сведения о "
                            "нём в министерство до 26.01.2026.»", f"Информация об исполнении: {outcome}"])
    ob, = data["obligations"]
    assert (ob["number"], ob["deadline"]["end"], ob["status"]) == ("1", "2026-01-26", status)
    assert ob["responsible"][0]["name"].startswith("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ")


def test_a_reminder_gives_each_item_to_those_it_names_as_late(tmp_path):
    data = _read(tmp_path, ["ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ОРЛОВСКОЙ ОБЛАСТИ", "02.02.2026 № 3-1/412",
                            "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования",
                            "НАПОМИНАНИЕ", "Департамент напоминает, что приказом от 14.11.2025 № 1580 органам местного "
                            "самоуправления поручено:",
                            "1) пункт 2.1 - представить в Департамент муниципальные планы мероприятий (срок - до 15.12.2025);",
                            "Не исполнили: Болховский район, Колпнянский район.",
                            "2) пункт 3.2 - представить отчет об итогах тестирования (срок - до 20.01.2026);",
                            "Не исполнили: Мценский район, город Ливны."])
    places = [[r["municipality"] for r in o["responsible"]] for o in data["obligations"] if o["number"]]
    assert places == [["Болховский район", "Колпнянский район"], ["Мценский район", "город Ливны"]]


@pytest.mark.parametrize("head, doer", [("5.2. ИРО:", "ИРО"), ("5.2. ГАОУ ДПО СО:", "ГАОУ ДПО СО")])
def test_an_abbreviation_alone_heads_the_items_after_it_but_a_records_verb_does_not(tmp_path, head, doer):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И МОЛОДЕЖНОЙ ПОЛИТИКИ СВЕРДЛОВСКОЙ ОБЛАСТИ", "ПРИКАЗ",
                            "02.09.2024 № 1032-Д", "ПРИКАЗЫВАЮ:", head,
                            "организовать обучение кураторов служб медиации до 1 декабря 2024 года;",
                            "подготовить сводный аналитический отчет до 1 июля 2025 года."])
    obs = data["obligations"]
    assert len(obs) == 2 and all(o["responsible"][0]["name"] == doer for o in obs)


@pytest.mark.parametrize("body_rows", [1, 2])
def test_a_letter_laid_out_in_one_borderless_table_is_read_as_its_paragraphs(tmp_path, body_rows):
    """Legacy letters put the letterhead, the body and the signature in the cells of one table; the body's cell
    (one across the width, several paragraphs) is read as paragraphs, the rest stays tables."""
    d = docx.Document()
    table = d.add_table(rows=2 + body_rows, cols=2)
    table.cell(0, 0).text = "МИНИСТЕРСТВО ОБРАЗОВАНИЯ\nТУЛЬСКОЙ ОБЛАСТИ\n\n12.10.2023 № 16-01-16/11872"
    table.cell(0, 1).text = "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования"
    paragraphs = ["Уважаемые коллеги!",
                  "Во исполнение приказа министерства от 29.08.2023 № 1540 «О профилактике детского дорожно-транспортного "
                  "травматизма» министерство образования Тульской области просит:",
                  "1. обеспечить проведение в общеобразовательных организациях «Недели безопасности» до 20 октября 2023 г.;",
                  "2. информацию о проведенных мероприятиях направить в министерство до 3 ноября 2023 г."]
    for k in range(body_rows):
        body = table.cell(1 + k, 0).merge(table.cell(1 + k, 1))
        body.text = paragraphs[0]
        for p in paragraphs[1:]:
            body.add_paragraph(p)
        paragraphs = ["Кроме того, просим обеспечить участие педагогов в вебинаре 24 октября 2023 года.",
                      "Контактное лицо в министерстве: Клочкова Ирина Валерьевна, консультант отдела воспитания, "
                      "тел. (4872) 24-98-37.", "Приложение: на 1 л. в 1 экз."]
    table.cell(1 + body_rows, 0).text = "Заместитель министра"
    table.cell(1 + body_rows, 1).text = "Е.Н. Подкорытова"
    data = _read_docx(tmp_path, d)
    assert (data["document"]["reg_number"], data["document"]["reg_date"]) == ("16-01-16/11872", "2023-10-12")
    ends = [o["deadline"]["end"] for o in data["obligations"]]
    assert ends[:2] == ["2023-10-20", "2023-11-03"] and len(ends) == 1 + body_rows
    assert all(r["scope"] == "all_municipalities" for o in data["obligations"] for r in o["responsible"])


@pytest.mark.parametrize("sentence, end", [
    ("Кроме того, ежемесячно, до 5 числа месяца, следующего за отчетным, направлять в министерство сведения о случаях "
     "дорожно-транспортных происшествий с участием обучающихся.", "2023-11-05"),
    ("Дополнительно в срок до 20 ноября 2023 года представить в министерство копии приказов об организации работы.",
     "2023-11-20"),
])
def test_a_task_whose_term_comes_before_its_verb(tmp_path, sentence, end):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ ТУЛЬСКОЙ ОБЛАСТИ", "12.10.2023 № 16-01-16/11872",
                            "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования",
                            "Министерство образования Тульской области информирует о проведении «Недели безопасности».",
                            sentence])
    ob, = data["obligations"]
    assert ob["deadline"]["end"] == end


@pytest.mark.parametrize("title, ends", [
    ("Об организации проведения итогового сочинения (изложения) 4 декабря 2024 года",
     ["2024-11-29", "2024-12-04", "2024-12-06", "2024-12-16"]),
    # an event the document does not date: the terms stay counted from it, with no day
    ("Об организации проведения итогового сочинения (изложения)", [None, None, None, None]),
])
def test_terms_counted_from_the_event_the_title_dates(tmp_path, title, ends):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ЗАБАЙКАЛЬСКОГО КРАЯ", "20.11.2024 № 11-9843",
                            "Руководителям органов местного самоуправления, осуществляющих управление в сфере образования",
                            title, "В целях организованного проведения итогового сочинения прошу:",
                            "1. Обеспечить ознакомление участников с памяткой под подпись не позднее чем за 3 рабочих дня до "
                            "начала проведения итогового сочинения.",
                            "2. В день проведения итогового сочинения обеспечить присутствие в каждом месте проведения "
                            "технического специалиста.",
                            "3. Организовать доставку оригиналов бланков в РЦОИ не позднее чем через 2 календарных дня после "
                            "проведения.",
                            "4. Завершить проверку работ не позднее 12 календарных дней со дня проведения."])
    assert [o["deadline"] and o["deadline"]["end"] for o in data["obligations"]] == ends


@pytest.mark.parametrize("head, who", [
    ("1. Руководителей органов местного самоуправления, осуществляющих управление в сфере образования:",
     "Руководители органов местного самоуправления"),
    ("1. Директора ГУ «Региональный центр обработки информации» (Терентьева Н.Г.):", "Директор ГУ"),
])
def test_a_person_in_the_accusative_after_prosim_heads_the_items(tmp_path, head, who):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ЗАБАЙКАЛЬСКОГО КРАЯ", "20.11.2024 № 11-9843",
                            "О подготовке к итоговому сочинению", "В целях организованного проведения итогового сочинения "
                            "прошу:", head, "1.1. Сформировать списки участников до 27 ноября 2024 года.",
                            "1.2. Направить в министерство сведения о местах проведения до 28 ноября 2024 года."])
    obs = data["obligations"]
    assert [o["number"] for o in obs] == ["1.1", "1.2"]
    assert all(o["responsible"][0]["name"].startswith(who) for o in obs)


@pytest.mark.parametrize("head, who", [("Руководитель ППЭ обязан:", "Руководитель ППЭ"),
                                       ("Члены комиссии обязаны:", "Члены комиссии"),
                                       ("Классный руководитель должен:", "Классный руководитель")])
def test_a_body_bound_in_the_nominative_heads_its_duties(tmp_path, head, who):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ЧЕЧЕНСКОЙ РЕСПУБЛИКИ", "ПРИКАЗ", "04.12.2026 № 1947-п",
                            "ПРИКАЗЫВАЮ:", "1. Утвердить функциональные обязанности согласно приложению.",
                            "2. Контроль за исполнением приказа оставляю за собой.", "Министр Х.С. Дааев",
                            "Приложение к приказу от 04.12.2026 № 1947-п", "Функциональные обязанности", head,
                            "1) пройти обучение на учебной платформе и представить копию сертификата не позднее 1 февраля "
                            "2027 года;", "2) обеспечить хранение документации до 1 марта 2028 года."])
    obs = [o for o in data["obligations"] if o["deadline"]]
    assert [o["deadline"]["end"] for o in obs] == ["2027-02-01", "2028-03-01"]
    assert all([r["name"] for r in o["responsible"]] == [who] for o in obs)


def test_a_reply_promising_by_a_future_verb_reports_pending_tasks_and_a_past_date_promises_nothing(tmp_path):
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КОПЕЙСКОГО ГОРОДСКОГО ОКРУГА", "02.12.2022 № 3218/01-14",
                            "на № 1604/12907 от 16.11.2022", "Министерство образования и науки Челябинской области",
                            "Управление образования на письмо Министерства от 16.11.2022 № 1604/12907 направляет "
                            "промежуточную информацию о ходе оснащения школ системами контроля доступа.",
                            "В пяти организациях работы продолжаются; задержка связана с поставкой турникетов, "
                            "поступивших от поставщика только 24.11.2022.",
                            "Подрядная организация и руководители указанных школ завершат монтаж оборудования в срок до "
                            "23 декабря 2022 года.",
                            "Итоговую информацию Управление образования представит в Министерство не позднее 26.12.2022."])
    assert [(o["deadline"]["end"], o["status"]) for o in data["obligations"]] == [("2022-12-23", "pending"),
                                                                                  ("2022-12-26", "pending")]


def test_lines_amending_an_act_are_no_tasks_but_the_wording_they_quote_is(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ ПСКОВСКОЙ ОБЛАСТИ", "ПРИКАЗ", "03.03.2025 № 241",
                            "О внесении изменений в приказ от 20.01.2025 № 58", "ПРИКАЗЫВАЮ:",
                            "1. Внести в приказ Министерства от 20.01.2025 № 58 следующие изменения:",
                            "1.1. пункт 3 приказа изложить в следующей редакции:",
                            "«3. Государственному бюджетному учреждению «Центр оценки качества образования» обеспечить "
                            "тиражирование материалов не позднее 31 марта 2025 года.»;",
                            "1.2. пункт 5 приказа дополнить абзацем вторым следующего содержания:",
                            "«Органам местного самоуправления представить уточненные списки участников до 14 марта 2025 года.»;",
                            "1.3. в пункте 6 приказа слова «до 10 апреля 2025 года» заменить словами «до 25 апреля 2025 года».",
                            "2. Отделу общего образования довести настоящий приказ до сведения органов местного "
                            "самоуправления в течение двух рабочих дней со дня его подписания."])
    assert [o["deadline"]["end"] for o in data["obligations"]] == ["2025-03-31", "2025-03-14", "2025-03-05"]


@pytest.mark.parametrize("founder", [["Департамент образования", "Администрации города Тюмени"],
                                     ["КОМИТЕТ ПО ОБРАЗОВАНИЮ АДМИНИСТРАЦИИ ГОРОДА ТЮМЕНИ"]])
def test_a_schools_letterhead_names_its_founder_above_it_and_the_school_is_the_sender(tmp_path, founder):
    d = docx.Document()
    for line in founder + ["муниципальное автономное", "общеобразовательное учреждение",
                           "средняя общеобразовательная школа № 70", "города Тюмени", "(МАОУ СОШ № 70 города Тюмени)",
                           "20.02.2025 № 112", "Об исполнении письма",
                           "МАОУ СОШ № 70 города Тюмени направляет информацию о выполнении пунктов письма."]:
        d.add_paragraph(line)
    sender = _read_docx(tmp_path, d)["document"]["sender"]
    assert "школа № 70" in sender["name"] and sender["municipality"] == "город Тюмень"


@pytest.mark.parametrize("column", ["Пункт письма", "Пункт протокола"])
def test_a_replys_table_of_the_items_it_answers_with_their_marks(tmp_path, column):
    d = docx.Document()
    d.add_paragraph("МАОУ СОШ № 70 ГОРОДА ТЮМЕНИ")
    d.add_paragraph("20.02.2025 № 112")
    d.add_paragraph("на № 44-08-1035/5 от 07.02.2025")
    d.add_paragraph("Школа направляет информацию о выполнении пунктов письма Департамента от 07.02.2025 № 44-08-1035/5.")
    _table(d, [["№ п/п", column, "Срок", "Отметка об исполнении"],
               ["1", "Провести родительские собрания для родителей выпускников", "до 28.02.2025", "Исполнено 18.02.2025"],
               ["2", "Организовать пробный экзамен по математике", "05.03.2025", "Не наступил срок"]])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [(o["deadline"]["end"], o["status"]) for o in obs] == [("2025-02-28", "done"), ("2025-03-05", "pending")]


@pytest.mark.parametrize("head", ["4. Начальникам муниципальных учреждений «Управление образования» районов:",
                                  "4. Руководителям муниципальных казенных учреждений «Отдел образования» городских округов:"])
def test_a_named_body_of_every_district_binds_every_municipality(tmp_path, head):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ ЧЕЧЕНСКОЙ РЕСПУБЛИКИ", "ПРИКАЗ", "04.12.2026 № 1947-п",
                            "ПРИКАЗЫВАЮ:", head, "4.1. обеспечить оснащение ППЭ средствами видеонаблюдения до 15 февраля "
                            "2027 года."])
    ob, = data["obligations"]
    assert ob["responsible"][0]["scope"] == "all_municipalities"


def test_an_institution_named_with_its_founder_after_heads_the_items(tmp_path):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ ЧУВАШСКОЙ РЕСПУБЛИКИ", "РЕШЕНИЕ коллегии", "20.03.2024 № 2",
                            "2. БУ ЧР «Центр образования и комплексного сопровождения детей» Минобразования Чувашии "
                            "(Кузьмина Е.С.):",
                            "2.1. обеспечить проведение социально-психологического тестирования до 1 ноября 2024 г.;",
                            "2.2. представить аналитическую справку о деятельности служб медиации до 20 декабря 2024 г."])
    obs = data["obligations"]
    assert len(obs) == 2 and all(o["responsible"][0]["name"].startswith("БУ ЧР «Центр образования") for o in obs)


@pytest.mark.parametrize("approver", ["Глава Республики Калмыкия В. Дорджиев «14» февраля 2025 г.",
                                      "Глава Республики Калмыкия в Дорджиев «14» февраля 2025 г."])   # as a scan reads it
def test_an_approval_on_one_line_with_its_date_opens_no_body(tmp_path, approver):
    data = _read(tmp_path, ["УТВЕРЖДАЮ", approver, "№ Пр-12", "ПЕРЕЧЕНЬ ПОРУЧЕНИЙ",
                            "по итогам совещания по вопросам развития общего образования",
                            "1. Министерству образования и науки Республики Калмыкия провести инвентаризацию школьных "
                            "автобусов.", "Срок — до 1 апреля 2025 г."])
    d = data["document"]
    assert (d["doc_type"], d["reg_number"], d["reg_date"]) == ("instructions", "Пр-12", "2025-02-14")
    assert data["obligations"][0]["deadline"]["end"] == "2025-04-01"


def test_a_reports_mark_column_decides_what_is_done_beside_the_course_of_work(tmp_path):
    d = docx.Document()
    d.add_paragraph("АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ «ГОРОД МАЙКОП»")
    d.add_paragraph("21.10.2024 № 01-15/2301")
    d.add_paragraph("на № 01-09/4471 от 01.10.2024")
    d.add_paragraph("Направляем информацию о ходе исполнения «дорожной карты».")
    _table(d, [["№ п/п", "Мероприятие", "Срок", "Ход исполнения", "Отметка о выполнении"],
               ["1.", "Мониторинг обеспеченности учебниками", "до 15 сентября 2024 г.", "Мониторинг проведён", "исп. 17.10"],
               ["2.", "Организация курсов повышения квалификации", "октябрь – ноябрь 2024 г.",
                "42 педагога зачислены на курсы", "на контр."],
               ["3.", "Проведение муниципального этапа олимпиады", "11 ноября – 14 декабря 2024 г.",
                "Утверждён график проведения", ""]])
    obs = _read_docx(tmp_path, d)["obligations"]
    assert [o["status"] for o in obs] == ["done", "pending", "pending"]


@pytest.mark.parametrize("title", ["РЕШЕНИЕ КОЛЛЕГИИ", "Решение коллегии министерства образования"])
def test_a_collegiums_decision_is_the_record_of_its_meeting(tmp_path, title):
    data = _read(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ РЕСПУБЛИКИ ТАТАРСТАН", title, "27.11.2026 г. Казань № 4/2",
                            "О ходе реализации проекта", "Коллегия РЕШИЛА:",
                            "1. Отделу общего образования разработать адресные рекомендации до 1 февраля 2027 г."])
    assert (data["document"]["doc_type"], data["document"]["reg_number"]) == ("protocol", "4/2")


@pytest.mark.parametrize("second, end", [
    ("проверку работоспособности оборудования провести не позднее 29.11.2024.", "2024-11-29"),
    ("информацию об участии направить до 5 декабря 2024 г.", "2024-12-05"),
])
def test_a_second_task_after_a_comma_with_its_own_term_is_a_task_of_its_own(tmp_path, second, end):
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА КЕМЕРОВО", "20.11.2024 № 3154",
                            "Руководителям общеобразовательных организаций",
                            "О проведении муниципального этапа олимпиады",
                            "4. Директору МБОУ «СОШ № 41» (Любимова Т.Г.) предоставить компьютерный класс для проведения "
                            f"олимпиады по информатике 3 декабря 2024 г., {second}"])
    obs = data["obligations"]
    assert [o["deadline"]["end"] for o in obs] == ["2024-12-03", end]
    assert all(o["responsible"][0]["name"].startswith("Директор МБОУ «СОШ № 41»") for o in obs)


def test_a_clause_of_the_first_task_after_a_comma_is_no_task_of_its_own(tmp_path):
    data = _read(tmp_path, ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА КЕМЕРОВО", "20.11.2024 № 3154",
                            "Руководителям общеобразовательных организаций", "О совещании",
                            "1. Провести совещание 10 декабря 2024 г., на котором рассмотреть итоги олимпиады до "
                            "20 декабря 2024 г."])
    assert len(data["obligations"]) == 1
