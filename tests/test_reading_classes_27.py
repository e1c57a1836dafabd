"""Reading classes met on batch 7's tune half and batch 6's held half (stop 27), each written as a small
document of its own: who a protocol's "Ответственные:" line means, terms counted from the next meeting, terms
inside a quoted title, closed instructions, OCR's stop after a dative head, a plan's section rows, month
columns under a two-row header, a sheet printed whole, columns named by what is to be sent, places."""
from __future__ import annotations

import datetime as dt

import docx

from conftest import contract_of, table_docx
from extractors.deadlines import Context, choose_deadline, next_meeting_date
from extractors.gazetteer import gazetteer


def _text(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return contract_of(path)


def _table_docx(tmp_path, before: list[str], rows: list[list[str]], after: list[str] = ()):
    return contract_of(table_docx(tmp_path / "doc.docx", rows, before, after))


PROTOCOL = """ПРОТОКОЛ № 12
совещания руководителей муниципальных органов управления образованием Томской области

г. Томск                                                          18.11.2026

Председатель: Шапкина О.Г. – председатель комитета общего образования
ПРИСУТСТВОВАЛИ:
Ситников А.Е. – начальник отдела образования Администрации
Колпашевского района
Лямкин П.Н. – начальник управления образования Администрации ЗАТО Северск

1. О подготовке к итоговому собеседованию (Шапкина О.Г.)
РЕШИЛИ:
1.1. Представить информацию о завершении поставки оборудования до 25.12.2026.
Ответственные: Ситников А.Е., начальник отдела.
1.2. Снять с контроля пункт 3 протокола совещания от 14.10.2026 № 11.
1.3. Обеспечить проверку сведений о работниках ППЭ на соответствие приказу комитета от 04.09.2026 № 1985
«Об организации подготовки к проведению государственной итоговой аттестации в 2027 году» и доложить о
результатах к следующему заседанию.
Ответственные: Лямкин П.Н.
2. Следующее заседание состоится 17 декабря 2026 года в 15.00.

Председатель                                                      О.Г. Шапкина
"""


def test_a_person_the_attendance_list_places_and_a_closed_instruction(tmp_path):
    data = _text(tmp_path, PROTOCOL)
    obs = {o["number"]: o for o in data["obligations"]}
    assert "1.2" not in obs                                   # "Снять с контроля …" closes an earlier item
    who = obs["1.1"]["responsible"][0]
    assert who["municipality"] == "Колпашевский район"       # from "ПРИСУТСТВОВАЛИ: Ситников А.Е. – … Колпашевского района"


def test_the_next_meetings_date_and_a_year_inside_a_quoted_title(tmp_path):
    data = _text(tmp_path, PROTOCOL)
    item = next(o for o in data["obligations"] if o["text"].startswith("Обеспечить проверку"))
    assert item["deadline"]["end"] == "2026-12-17"     # "к следующему заседанию": the one the protocol dates
    assert sum(o["text"].startswith(("Обеспечить проверку", "доложить")) for o in data["obligations"]) == 1


def test_next_meeting_date_and_its_term():
    assert next_meeting_date("4. Очередное заседание рабочей группы провести 17 ноября 2026 года в 15.00",
                             dt.date(2026, 10, 20)) == dt.date(2026, 11, 17)
    assert next_meeting_date("Заседание провести 17 ноября 2026 года.", None) is None
    found, _ = choose_deadline("Доложить к очередному заседанию комиссии.",
                               Context(doc_date=dt.date(2026, 10, 20), next_meeting=dt.date(2026, 11, 17)), 0)
    assert found.end == dt.date(2026, 11, 17)
    unknown, _ = choose_deadline("Доложить к очередному заседанию комиссии.", Context(doc_date=dt.date(2026, 10, 20)), 0)
    assert unknown is None or unknown.end is None


def test_a_dative_head_whose_colon_ocr_read_as_a_stop_heads_its_items(tmp_path):
    data = _text(tmp_path, "ПРИКАЗ\n\n05.10.2026 № 512\n\nПРИКАЗЫВАЮ:\n\n"
                           "1. Государственному автономному учреждению «Институт развития образования» (Тымкина С.Ю.).\n"
                           "1.1. обеспечить методическое сопровождение участников в срок до 20 ноября 2026 года;\n"
                           "1.2. обеспечить исполнение мероприятий Плана в установленные сроки.\n")
    obs = {o["number"]: o for o in data["obligations"]}
    assert obs["1.1"]["responsible"][0]["name"].startswith("Государственное автономное учреждение")


def test_a_plans_numbered_section_rows_are_no_tasks(tmp_path):
    data = _table_docx(tmp_path, ["ПЛАН мероприятий на 2026/2027 учебный год"], [
        ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные"],
        ["1.", "Организационное обеспечение", "", ""],
        ["1.1.", "Нормативное сопровождение", "", ""],
        ["1.1.1.", "Разработка муниципальных планов", "октябрь 2026 г.", "ОМСУ (по согласованию)"],
        ["1.1.2.", "Формирование перечня школ", "до 30.10.2026", "ЦОКО"],
        ["2.", "Проведение совещания с руководителями", "", "ИРО"]])
    assert [o["text"] for o in data["obligations"]] == [
        "Разработка муниципальных планов", "Формирование перечня школ", "Проведение совещания с руководителями"]


def test_month_columns_under_a_two_row_header(tmp_path):
    d = docx.Document()
    d.add_paragraph("УТВЕРЖДАЮ 28 августа 2026 г.")
    d.add_paragraph("ГРАФИК работы на 2026/2027 учебный год")
    months = ["сентябрь", "октябрь", "ноябрь", "декабрь"]
    table = d.add_table(rows=3, cols=3 + len(months))
    for c, head in enumerate(["№ п/п", "Содержание работы", "Ответственный"]):
        table.cell(0, c).merge(table.cell(1, c)).text = head
    table.cell(0, 3).merge(table.cell(0, 3 + len(months) - 1)).text = "2026/2027 учебный год"
    for k, m in enumerate(months):
        table.cell(1, 3 + k).text = m
    for c, text in enumerate(["1.", "Актуализация базы данных педагогов", "отдел кадров", "", "+", "+", ""]):
        table.cell(2, c).text = text
    path = tmp_path / "graph.docx"
    d.save(path)
    (ob,) = contract_of(path)["obligations"]
    assert (ob["deadline"]["start"], ob["deadline"]["end"]) == ("2026-10-01", "2026-11-30")


def test_a_sheet_printed_whole_has_its_header_below_the_title(tmp_path):
    rows = [["", "", "УТВЕРЖДАЮ", ""], ["", "", "Заместитель министра", ""], ["", "", "«02» октября 2026 г.", ""],
            ["ПЛАН МЕРОПРИЯТИЙ", "", "", ""], ["", "", "", ""], ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
            ["1.1", "Издание муниципальных распорядительных актов", "до 06.11.2026", "МОУО"]]
    data = _table_docx(tmp_path, [], rows)
    assert [(o["text"], o["deadline"]["end"]) for o in data["obligations"]] == [
        ("Издание муниципальных распорядительных актов", "2026-11-06")]


def test_columns_named_by_what_is_to_be_sent(tmp_path):
    data = _table_docx(tmp_path, ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ БЕЛГОРОДСКОЙ ОБЛАСТИ", "10.11.2026 № 17-09/4418",
                                  "Главам администраций муниципальных округов", "Уважаемые коллеги!",
                                  "Просим представить документы согласно таблице:"], [
        ["Муниципальное образование", "Что представить", "Срок"],
        ["Алексеевский муниципальный округ", "Скорректированное двухнедельное меню", "до 20.11.2026"],
        ["Губкинский городской округ", "План-график замены оборудования пищеблоков", "до 01.12.2026"]])
    rows = [(o["text"], o["responsible"][0]["municipality"], o["deadline"]["end"]) for o in data["obligations"]]
    assert rows == [("Скорректированное двухнедельное меню", "Алексеевский городской округ", "2026-11-20"),
                    ("План-график замены оборудования пищеблоков", "Губкинский городской округ", "2026-12-01")]


def test_a_head_written_across_a_narrow_column():
    from extractors.readers.table_header import header_columns
    cols = header_columns([(0, "Наименование мероприятия"), (1, "Сроки прове дения"), (2, "Ответстве нный")])
    assert (cols.task, cols.deadline, cols.responsible) == (0, 1, 2)


def test_a_krai_adjective_is_not_the_republics_noun():
    g = gazetteer()
    assert [m.region.name for m in g.regions_in("КГБУ ДПО «Алтайский институт развития образования»")] == []
    assert [m.region.name for m in g.regions_in("министерство образования Республики Алтай")] == ["Республика Алтай"]
    assert [m.region.name for m in g.regions_in("Алтайского края")] == ["Алтайский край"]


def test_the_regions_admitted_in_2022():
    g = gazetteer()
    assert [m.region.name for m in g.regions_in("Министерство образования и науки Донецкой Народной Республики")] == [
        "Донецкая Народная Республика"]
    assert [m.region.name for m in g.regions_in("г. Донецк Ростовской области")] == ["Ростовская область"]
    assert [m.region.name for m in g.regions_in("Департамент образования Херсонской области")] == ["Херсонская область"]


def test_a_federal_letters_first_task_is_no_addressee(tmp_path):
    data = _text(tmp_path, "ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ ОБРАЗОВАНИЯ И НАУКИ\n\n14.10.2026 № 04-389\n\n"
                           "Органы исполнительной власти субъектов Российской Федерации, осуществляющие государственное "
                           "управление в сфере образования\n\nО подготовке к ГИА-11\n\n"
                           "Органам исполнительной власти субъектов Российской Федерации необходимо в срок до 23 октября "
                           "2026 г. определить должностное лицо, ответственное за взаимодействие с Рособрнадзором.\n")
    assert data["document"]["addressees"] == [
        "Органы исполнительной власти субъектов Российской Федерации, осуществляющие государственное управление в "
        "сфере образования"]


REPLY = """УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ БЕЛОЯРСКОГО ГОРОДСКОГО ОКРУГА

18.11.2025 № 01-10/1843
На № 02-01-82/14217 от 28.10.2025

Заместителю Министра образования и молодежной политики Свердловской области

Об исполнении письма

Управление образования, рассмотрев письмо Министерства от 28.10.2025 № 02-01-82/14217, сообщает следующее.

1. По пункту 1 письма (провести с обучающимися внеплановые инструктажи по правилам поведения на водных объектах, срок – до 14.11.2025). Инструктажи проведены во всех 18 общеобразовательных организациях округа.

2. По пункту 2 (установить на остановочных пунктах школьных маршрутов утепленные павильоны ожидания, срок – до 01.12.2025). Исполнить указанный пункт в установленный срок не представляется возможным.

Начальник Управления образования                                  Е.А. Кондрашова
"""


def test_a_reply_restating_each_task_in_parentheses_reports_its_status(tmp_path):
    data = _text(tmp_path, REPLY)
    rows = [(o["number"], o["text"][:30], o["deadline"]["end"], o["status"], o["responsible"][0]["source"])
            for o in data["obligations"]]
    assert rows == [("1", "провести с обучающимися внепла", "2025-11-14", "done", "replying_body"),
                    ("2", "установить на остановочных пун", "2025-12-01", "pending", "replying_body")]


def test_a_regulation_after_a_bare_appendix_heading_holds_no_tasks(tmp_path):
    data = _text(tmp_path, "ПРИКАЗ\n\n24.03.2025 № 23-О\n\nО противодействии коррупции\n\nПРИКАЗЫВАЮ:\n\n"
                           "1. Утвердить Положение о комиссии по противодействию коррупции (приложение № 2).\n"
                           "2. Заместителю директора Сухову С.А. разместить Положение на сайте в срок до 31.03.2025.\n\n"
                           "Директор                                    И.Г. Гречишникова\n\n"
                           "Приложение № 2 УТВЕРЖДЕНО приказом №23-О от 24.03.2025г\n\nПОЛОЖЕНИЕ\n"
                           "о комиссии по противодействию коррупции\n\n"
                           "1. Рассматривать вопросы, связанные с оценкой коррупционных рисков.\n"
                           "2. Приглашать на заседания комиссии работников организации.\n")
    assert [o["deadline"]["end"] for o in data["obligations"] if not o["text"].startswith("Утвердить")] == ["2025-03-31"]


def test_a_garbled_participle_after_a_comma_is_no_body_of_its_own():
    from extractors.bodies import split_bodies
    assert len(split_bodies("Руководителям органов местного моуправления, о твляющих о и es управление B сфере образования")) == 1
    assert [n for n, _ in split_bodies("Управление образования, муниципальные органы управления образованием")] == [
        "Управление образования", "муниципальные органы управления образованием"]


def test_a_cited_laws_number_and_date_are_not_the_documents(tmp_path):
    data = _table_docx(tmp_path, ["Муниципальное бюджетное учреждение дополнительного образования «Спортивная школа»",
                                  "ПРИКАЗ", "мое No %S-O", "г. Кашира", "Об утверждении Плана мероприятий",
                                  "В соответствии с положениями Федерального закона от 25 декабря 2008 года № 273-ФЗ "
                                  "«О противодействии коррупции»", "ПРИКАЗЫВАЮ:", "1. Утвердить План мероприятий."], [
        ["№ п/п", "Мероприятия", "Ответственные исполнители", "Срок выполнения"],
        ["1.", "Меры по развитию правовой основы", "", ""],
        ["1.1", "Проведение анализа проектов актов на коррупционность", "Заместитель директора", "Ежеквартально"]])
    d = data["document"]
    assert (d["reg_number"], d["reg_date"]) == (None, None)
    row = next(o for o in data["obligations"] if o["text"].startswith("Проведение анализа"))
    assert row["deadline"] is None or row["deadline"]["end"] is None   # counted from nothing: no guessed year
    assert not any(o["text"].startswith("Меры по развитию") for o in data["obligations"])


def test_a_month_ocr_misread_by_one_letter_after_a_day():
    from extractors.ocr_text import fold_ocr
    assert fold_ocr("направить до 7 оевраля 2025 года") == "направить до 7 февраля 2025 года"
    assert fold_ocr("до 5 июия") == "до 5 июия"          # one letter from both июня and июля: left alone
    assert fold_ocr("в течение 10 дней") == "в течение 10 дней"


def test_an_electronic_registration_stamp_gives_the_number_and_date(tmp_path):
    data = _text(tmp_path, "МИНИСТЕРСТВО НАУКИ И ВЫСШЕГО ОБРАЗОВАНИЯ РОССИЙСКОЙ ФЕДЕРАЦИИ\n\n"
                           "Руководителям образовательных организаций высшего образования\n\n"
                           "О проведении вступительных испытаний\n\n"
                           "Минобрнауки России просит обеспечить проведение вступительных испытаний в установленные сроки.\n\n"
                           "Заместитель Министра                                         А.Ю. Жуковский\n\n"
                           "Документ зарегистрирован № МН-5/177105 от 02.06.2023 Жуковский А.Ю. (Минобр)\n")
    assert (data["document"]["reg_number"], data["document"]["reg_date"]) == ("МН-5/177105", "2023-06-02")


def test_ocr_reads_the_number_sign_after_a_date_as_m():
    from extractors.ocr_text import fold_ocr
    assert fold_ocr("приказом от 5 апреля 2017 г. М 301") == "приказом от 5 апреля 2017 г. № 301"
    assert fold_ocr("М 301") == "М 301"


def test_a_subjects_head_noun_decides_whether_it_is_a_body():
    from extractors.obligations import _headed_by_body
    assert _headed_by_body("Дежурно-диспетчерская служба ГКУ Дирекции ДОГМ")
    assert _headed_by_body("Муниципальные органы управления образованием")
    assert not _headed_by_body("Отчет о проведенных постановках школьных театров")


def test_taking_part_in_an_event_the_paragraph_dates(tmp_path):
    data = _text(tmp_path, "МИНИСТЕРСТВО ОБРАЗОВАНИЯ САХАЛИНСКОЙ ОБЛАСТИ\n\n11.01.2027 № 3.12-118/27\n\n"
                           "Начальнику департамента образования администрации города Южно-Сахалинска\n\n"
                           "О мониторинге кадрового обеспечения\n\n"
                           "Дополнительно сообщаю, что 22 января 2027 года в 10.00 состоится вебинар по вопросам заполнения "
                           "формы мониторинга. Просим обеспечить участие в вебинаре специалистов, ответственных за кадровую "
                           "работу.\n")
    (ob,) = data["obligations"]
    assert ob["deadline"]["end"] == "2027-01-22"


FORWARDED = """From: Управление образования Кунгурского МО <uo-kungur@example.perm.ru>
To: ergach-school@example.ru; zarubino-school@example.ru

Date: Thu, 27 Mar 2025 09:42:15 +0500

Subject: ПОВТОРНО! Охват летним отдыхом 2025

Добрый день, уважаемые руководители!

------------------------------------------------------------
АДМИНИСТРАЦИЯ КУНГУРСКОГО МУНИЦИПАЛЬНОГО ОКРУГА ПЕРМСКОГО КРАЯ
УПРАВЛЕНИЕ ОБРАЗОВАНИЯ

Исх. № 267-01-10/498 от 27.03.2025

Руководителям

МАОУ «Ергачинская СОШ»,
МБОУ «Зарубинская ООШ»

О повторном напоминании

Сведения по форме приложения 2 необходимо направить не позднее 31.03.2025.
"""


def test_a_letter_forwarded_below_a_line_of_dashes_and_its_addressees_listed_under_a_bare_head(tmp_path):
    data = _text(tmp_path, FORWARDED)
    d = data["document"]
    assert (d["reg_number"], d["reg_date"]) == ("267-01-10/498", "2025-03-27")
    (ob,) = data["obligations"]
    assert len(ob["responsible"]) == 2 and "Ергачинская" in ob["responsible"][0]["name"]


def test_a_short_region_stem_declines():
    g = gazetteer()
    for text, region in [("Министерство образования Республики Тыва", "Республика Тыва"), ("в Тыве", "Республика Тыва"),
                         ("школы Крыма", "Республика Крым"), ("Якутии", "Республика Саха (Якутия)")]:
        assert [m.region.name for m in g.regions_in(text)] == [region]
    assert g.regions_in("комиссия по делам несовершеннолетних") == []


def test_a_term_in_the_subject_line_is_the_requests(tmp_path):
    data = _text(tmp_path, "МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ КУРСКОЙ ОБЛАСТИ\n\n21.12.2026 № 02.1-01-20/9647\n\n"
                           "Руководителям органов управления образованием муниципальных районов\n\n"
                           "О представлении сведений\nв срок до 14.01.2027\n\n"
                           "Министерство просит представить сведения о потребности в курсах повышения квалификации "
                           "по прилагаемой форме.\n")
    assert data["document"]["title"] == "О представлении сведений в срок до 14.01.2027"
    (ob,) = data["obligations"]
    assert ob["deadline"]["end"] == "2027-01-14" and "deadline.from_head" in ob["checks"]
