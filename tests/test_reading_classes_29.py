"""Reading classes of stop 29, each written as a small document of its own: a plan's term cell listing months of
two years one after another; a monthly report inside a period still ahead; a plan typed with tabs by eye; an
inspection's remarks school by school and a violations table; a town named with its district; "Пункты 2 – 4
исполнить …"; a weekday alone as a term; a key of abbreviations; a council's protocol in a plan's approval block; a
telephone message's form and hours; an additional task of one addressee; a school year's half; a term line srok
cannot date; a city named bare in an address; a school year's plan's monthly duties; an abbreviation
in full; a region's districts named with its city; OCR's "no" and "ь" for "по" and "ы"; and, from batch 9's held
half once scored: measures named by their items, a reply's violations and measures taken."""
from __future__ import annotations

import pytest

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


TAB_PLAN = ("\t\tПЛАН\n"
            "мероприятий по подготовке к государственной итоговой аттестации в Лужском муниципальном районе\n\n"
            "N п/п\tМероприятие\t\t\t\tСрок\t\tОтветственные\n"
            + "-" * 60 + "\n"
            "1.\tАнализ результатов ГИА-2025 на совещании\t\tоктябрь 2025\t\tКО, ИМЦ\n"
            "\tруководителей ОО\n"
            "2.\tПрием заявлений на участие в ГИА-11\t\t\tдо 01.02.2026\t\tруководители ОО\n"
            "3.\tТренировочные экзамены по русскому языку и\t\tянварь - март\t\tИМЦ, руководители ОО\n"
            "\tматематике в 9 и 11 классах\t\t\t2026\n"
            "4.\tПриемка готовности ППЭ к проведению экзаменов\tдо 15.05.2026\t\tКО\n"
            "5.\tОбучение организаторов и технических\t\t\tмарт - апрель\t\tИМЦ (муниципальный\n"
            "\tспециалистов, привлекаемых к проведению ГИА\t2026\t\t\tкоординатор ГИА)\n"
            + "-" * 60 + "\n\n"
            "Председатель комитета образования\t\t\t\t\tС.А. Михайлова\n")


def test_a_plan_typed_with_as_many_tabs_as_each_row_looked_to_need_keeps_its_columns(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(TAB_PLAN, encoding="cp1251")
    rows = {o["text"].split()[0]: o for o in contract_of(path)["obligations"]}
    assert [r["name"] for r in rows["Анализ"]["responsible"]] == ["КО", "ИМЦ"]
    assert rows["Анализ"]["deadline"]["start"] == "2025-10-01"
    assert rows["Прием"]["deadline"]["end"] == "2026-02-01"
    assert (rows["Тренировочные"]["deadline"]["start"], rows["Тренировочные"]["deadline"]["end"]) == ("2026-01-01", "2026-03-31")
    assert [r["name"] for r in rows["Обучение"]["responsible"]] == ["ИМЦ (муниципальный координатор ГИА)"]
    assert rows["Обучение"]["deadline"]["end"] == "2026-04-30"


def test_an_inspections_remarks_table_school_by_school_gives_each_school_its_remarks(tmp_path):
    path = table_docx(tmp_path / "act.docx", [
        ["№", "Выявленные замечания", "Срок устранения"],
        ["МБОУ «Средняя общеобразовательная школа № 2 г. Холмска»", "", ""],
        ["1.1", "Не завершена замена оконных блоков в учебных кабинетах", "25.08.2026"],
        ["1.2", "Отсутствует акт проверки исправности наружного освещения", "20.08.2026"],
        ["МАОУ «Средняя общеобразовательная школа № 6 г. Холмска»", "", ""],
        ["2.1", "Не восстановлен участок ограждения территории", "28.08.2026"]],
        before=["АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ «ХОЛМСКИЙ ГОРОДСКОЙ ОКРУГ»", "АКТ № 3",
                "проверки готовности муниципальных общеобразовательных организаций к 2026/2027 учебному году",
                "06 августа 2026 г.", "По результатам проверки выявлены замечания, подлежащие устранению:"],
        merges=[((1, 0), (1, 2)), ((4, 0), (4, 2))])
    out = contract_of(path)
    assert (out["document"]["doc_type"], out["document"]["reg_number"]) == ("other", "3")
    rows = {o["text"].split()[1]: o for o in out["obligations"]}
    assert [r["name"] for r in rows["завершена"]["responsible"]] == ["МБОУ «Средняя общеобразовательная школа № 2 г. Холмска»"]
    assert rows["завершена"]["deadline"]["end"] == "2026-08-25"
    assert [r["name"] for r in rows["восстановлен"]["responsible"]] == ["МАОУ «Средняя общеобразовательная школа № 6 г. Холмска»"]


def test_a_violations_table_with_no_column_of_what_to_do_binds_the_body_it_was_issued_to(tmp_path):
    path = table_docx(tmp_path / "order.docx", [
        ["№ п/п", "Нарушение", "Пункт нормы", "Срок устранения"],
        ["1", "Не обеспечено проведение проверки работоспособности систем противопожарной защиты", "п. 54 ППР", "01.12.2025"],
        ["2", "Эвакуационные пути загромождены мебелью", "п. 27 ППР", "20.11.2025"]],
        before=["ОТДЕЛ НАДЗОРНОЙ ДЕЯТЕЛЬНОСТИ И ПРОФИЛАКТИЧЕСКОЙ РАБОТЫ ПО АНГАРСКОМУ ГОРОДСКОМУ ОКРУГУ",
                "ПРЕДПИСАНИЕ № 47/1/1", "об устранении выявленных нарушений обязательных требований пожарной безопасности",
                "г. Ангарск, «17» октября 2025 г.",
                "Кому выдано: муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная "
                "школа № 29» Ангарского городского округа (МБОУ «СОШ № 29»), ИНН 3801047712"])
    rows = contract_of(path)["obligations"]
    assert [o["deadline"]["end"] for o in rows] == ["2025-12-01", "2025-11-20"]
    assert all(o["responsible"][0]["name"].startswith("муниципальное бюджетное общеобразовательное учреждение") for o in rows)


def test_a_town_and_its_district_named_together_are_found_by_the_towns_name():
    from extractors.gazetteer import gazetteer
    found = gazetteer().municipalities_in("в г. Краснокаменске Забайкальского края", "Забайкальский край")
    assert [m.municipality.short_name for m in found] == ["Город Краснокаменск и Краснокаменский район"]


LETTER_GROUP = """МИНИСТЕРСТВО ОБЩЕГО И ПРОФЕССИОНАЛЬНОГО ОБРАЗОВАНИЯ РОСТОВСКОЙ ОБЛАСТИ

12.03.2026 № 24/3.1-2214

Руководителям муниципальных органов управления образованием

Министерство просит:
1. Направить списки лагерей с дневным пребыванием детей в срок до 1 апреля 2026 года.
2. Организовать обучение начальников лагерей и вожатых.
3. Провести проверку готовности пищеблоков.
4. Представить сведения о планируемом охвате детей отдыхом.
Пункты 2 – 4 исполнить в срок до 15 мая 2026 года.

Министр                                                              А.Е. Фатеев
"""


def test_a_line_saying_items_two_to_four_be_done_by_a_day_gives_them_that_term(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER_GROUP, encoding="utf-8")
    tasks = contract_of(path)["obligations"]
    assert [o["deadline"]["end"] for o in tasks] == ["2026-04-01", "2026-05-15", "2026-05-15", "2026-05-15"]


def test_a_weekday_alone_after_a_term_label_is_the_next_such_day(tmp_path):
    path = tmp_path / "protocol.txt"
    path.write_text("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ПЕРМИ\n\nПРОТОКОЛ\nоперативного совещания\n\n"
                    "04.02.2026                                        № 059-08-04/5\n\n"
                    "Рассмотренные вопросы: о проведении проверочных работ; о комплектовании МДОУ на 2026/2027 учебный год.\n\n"
                    "РЕШЕНИЯ:\n1. Отделу общего образования обобщить полученные графики.\nСрок: понедельник.\n"
                    "2. Центру развития системы образования провести инструктивное совещание.\nСрок: четверг, 12 февраля.\n",
                    encoding="utf-8")
    # (the school year a topic of the agenda names is not the period the protocol's terms fall in)
    assert [o["deadline"]["end"] for o in contract_of(path)["obligations"]] == ["2026-02-09", "2026-02-12"]


def test_a_key_of_abbreviations_spells_out_the_bodies_a_plan_names_by_them():
    from extractors.bodies import definitions
    key = ("Используемые сокращения: УО – Управление образования администрации Вельского муниципального района; "
           "ОГИБДД – отделение Госавтоинспекции ОМВД России «Вельский».\nПлан")
    assert definitions(key) == {"УО": "Управление образования администрации Вельского муниципального района",
                                "ОГИБДД": "отделение Госавтоинспекции ОМВД России «Вельский»"}


def test_a_plan_considered_by_a_council_takes_its_approvals_date_not_the_councils_protocol(tmp_path):
    path = table_docx(tmp_path / "plan.docx", [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["1", "Анонимное анкетирование обучающихся на выявление случаев травли", "октябрь", "педагог-психолог"]],
        before=["ПЛАН", "мероприятий по профилактике буллинга МБОУ «Средняя общеобразовательная школа № 10» г. Коврова",
                "на 2026/2027 учебный год"])
    import docx
    d = docx.Document(path)
    stamp = d.add_table(rows=1, cols=2)
    stamp.cell(0, 0).text = "РАССМОТРЕН\nна заседании педагогического совета\nпротокол от 28.08.2026 № 1"
    stamp.cell(0, 1).text = "УТВЕРЖДАЮ\nДиректор МБОУ СОШ № 10 г. Коврова\n__________ И.С. Луковникова\n«29» августа 2026 г."
    d.element.body.insert(0, stamp._tbl)
    d.save(path)
    doc = contract_of(path)["document"]
    assert (doc["doc_type"], doc["reg_number"], doc["reg_date"]) == ("plan", None, "2026-08-29")


def test_a_telephone_message_dates_itself_in_its_form_and_counts_hours_from_its_sending(tmp_path):
    path = table_docx(tmp_path / "phone.docx", [
        ["Номер", "№ 06"], ["Дата и время передачи", "14.01.2026, 10 ч 40 мин"],
        ["Кому", "Руководителям муниципальных общеобразовательных учреждений города Комсомольска-на-Амуре"],
        ["От кого", "Управление образования администрации города Комсомольска-на-Амуре"]],
        before=["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА КОМСОМОЛЬСКА-НА-АМУРЕ", "ТЕЛЕФОНОГРАММА"],
        after=["По данным центра по гидрометеорологии 15 и 16 января 2026 г. в городе ожидается понижение температуры "
               "наружного воздуха до минус 38 °С. В соответствии с постановлением администрации города от 28.11.2025 "
               "№ 2314-па занятия в эти дни актируются.",
               "Руководителям муниципальных общеобразовательных учреждений:",
               "1. Довести информацию об актированных днях до родителей обучающихся до 15.01.2026.",
               "Получение телефонограммы подтвердить ответным письмом в течение одного часа с момента передачи."])
    out = contract_of(path)
    assert (out["document"]["reg_number"], out["document"]["reg_date"], out["document"]["title"]) == ("06", "2026-01-14", None)
    confirm = next(o for o in out["obligations"] if "подтвердить" in o["text"])
    assert confirm["deadline"]["end"] == "2026-01-14"


LETTER_THREE = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ, НАУКИ И МОЛОДЕЖИ РЕСПУБЛИКИ КРЫМ", "09.04.2025 № 01-14/1187",
                "Начальнику управления образования", "администрации Джанкойского района", "Т.А. Коваль",
                "Начальнику отдела образования", "администрации Красноперекопского района", "О.С. Бондарь",
                "О результатах мониторинга объективности ВПР",
                "Просим провести анализ причин выявленных признаков необъективности и представить в министерство "
                "пояснительные записки в срок до 25 апреля 2025 года.",
                "Управлению образования администрации Джанкойского района дополнительно в срок до 30.04.2025 рассмотреть "
                "вопрос о соответствии занимаемой должности заместителей директоров.",
                "Первый заместитель министра                                    С.В. Рудницкая"]


def test_one_addressees_task_said_to_be_additional_leaves_it_among_the_others_of_the_common_tasks(tmp_path):
    import docx
    d = docx.Document()
    for line in LETTER_THREE:
        d.add_paragraph(line)
    d.save(tmp_path / "letter.docx")
    common, extra = contract_of(tmp_path / "letter.docx")["obligations"]
    assert [r["name"] for r in common["responsible"]] == [
        "Начальник управления образования администрации Джанкойского района",
        "Начальник отдела образования администрации Красноперекопского района"]   # (not "… района О")
    assert [r["name"] for r in extra["responsible"]] == ["Управление образования администрации Джанкойского района"]


def test_the_first_half_of_the_current_school_year_ends_in_december():
    import datetime as dt

    from extractors.deadlines import Context, choose_deadline
    found, _ = choose_deadline("до окончания первого полугодия текущего учебного года провести конкурс",
                               Context(doc_date=dt.date(2025, 10, 14)), 0)
    assert found.end == dt.date(2025, 12, 31)


ORDER_SEMICOLON = """ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ЛЕБЕДЯНСКОГО МУНИЦИПАЛЬНОГО РАЙОНА

ПРИКАЗ

20.10.2025                                                               № 318

ПРИКАЗЫВАЮ:
1. Руководителям общеобразовательных организаций в срок до 5 ноября 2025 года представить в отдел образования заявки на участие обучающихся; обеспечить сопровождение участников к месту проведения олимпиады и обратно.
2. Методисту отдела провести инструктаж организаторов.
Срок: к началу муниципального этапа.

Начальник отдела                                                  Н.В. Селиванова
"""


def test_an_undated_term_line_is_told_as_a_term_srok_could_not_read(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text(ORDER_SEMICOLON, encoding="utf-8")
    tasks = contract_of(path)["obligations"]
    assert tasks[0]["deadline"]["end"] == "2025-11-05" and "deadline.unread" not in tasks[0]["checks"]
    assert tasks[-1]["deadline"] is None and "deadline.unread" in tasks[-1]["checks"]


def test_a_city_named_bare_in_a_postal_address_places_a_sender_that_names_no_place():
    from extractors.gazetteer import gazetteer
    found = gazetteer().cities_in_addresses("Уфимский филиал\nАхметова ул., 275, Уфа, 450017\nУфа – столица")
    assert [(m.municipality.short_name, m.municipality.region) for m in found] == [("город Уфа", "Республика Башкортостан")]


def _one_row_plan(tmp_path, row: list[str], before: list[str]) -> dict:
    """The one task of a plan's table "№ | Мероприятие | Срок | Ответственные" holding ``row``."""
    path = table_docx(tmp_path / "plan.docx", [["№", "Мероприятие", "Срок", "Ответственные"], ["1", *row]], before=before)
    (task,) = contract_of(path)["obligations"]
    return task


def test_a_school_years_plan_approved_in_august_has_its_monthly_duties_from_september(tmp_path):
    row = _one_row_plan(tmp_path, ["Контроль технического состояния школьных автобусов", "ежемесячно", "руководители ОО"],
                        ["УТВЕРЖДАЮ", "Начальник Управления образования", "________ Н.В. Шестакова",
                         "«28» августа 2025 г.", "ПЛАН", "мероприятий по профилактике детского дорожно-транспортного "
                         "травматизма", "на 2025/2026 учебный год"])
    assert (row["deadline"]["kind"], row["deadline"]["end"]) == ("recurring", "2025-09-30")


def test_an_abbreviation_the_document_defines_is_named_in_full_with_it_in_brackets(tmp_path):
    row = _one_row_plan(tmp_path, ["Подготовка информации о выполнении плана", "до 20.12.2025", "УО"],
                        ["ПЛАН", "мероприятий по профилактике детского дорожно-транспортного травматизма на 2025/2026 "
                         "учебный год", "Используемые сокращения: УО – Управление образования администрации Вельского "
                         "муниципального района."])
    assert row["responsible"][0]["name"] == "Управление образования администрации Вельского муниципального района (УО)"
    assert row["responsible"][0]["municipality"] == "Вельский район"


@pytest.mark.parametrize("name", [
    "органы местного самоуправления муниципальных районов Омской области и городского округа город Омск, "
    "осуществляющие управление в сфере образования",
    "органы местного самоуправления муниципальных районов Омской области"])
def test_the_districts_of_a_region_named_with_its_city_are_every_municipality(name):
    from extractors.bodies import locate
    from schemas.extraction import DocumentMeta, Sender
    meta = DocumentMeta(doc_type="letter", sender=Sender(name="МИНИСТЕРСТВО ОБРАЗОВАНИЯ ОМСКОЙ ОБЛАСТИ",
                                                          region="Омская область"))
    placed = locate(name, meta, "table")
    assert (placed.scope, placed.region, placed.municipality) == ("all_municipalities", "Омская область", None)


@pytest.mark.parametrize("read, meant", [
    ("Анализ результатов ВПР no математике 2025 года", "Анализ результатов ВПР по математике 2025 года"),
    ("Организация курсов повьшения квалификации", "Организация курсов повышения квалификации"),
    ("объявления в подъезде", "объявления в подъезде"),     # a soft sign the word has stays
    ("no data", "no data")])
def test_ocr_reading_po_as_no_and_yery_as_a_soft_sign_is_folded(read, meant):
    from extractors.ocr_text import fold_ocr
    assert fold_ocr(read) == meant


# seen on batch 9's held half after it was scored (stop 29)

def test_measures_named_by_the_items_that_hold_them_take_the_line_s_term(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("АДМИНИСТРАЦИЯ ЩИГРОВСКОГО РАЙОНА КУРСКОЙ ОБЛАСТИ\n\nРАСПОРЯЖЕНИЕ\n\n01.06.2026                 № 214-р\n\n"
                    "1. Управлению образования составить график приемки образовательных организаций.\n"
                    "2. Руководителям образовательных организаций завершить текущие ремонты зданий.\n"
                    "3. Мероприятия, указанные в пунктах 1 – 2 настоящего распоряжения, выполнить в срок до 10 августа 2026 года.\n",
                    encoding="utf-8")
    tasks = contract_of(path)["obligations"]
    assert [o["deadline"]["end"] for o in tasks] == ["2026-08-10", "2026-08-10"]


def test_a_reply_table_of_violations_and_measures_taken_restates_the_violations_and_reads_promises_as_pending(tmp_path):
    path = table_docx(tmp_path / "reply.docx", [
        ["№ п/п", "Нарушение (пункт предписания)", "Срок по предписанию", "Принятые меры", "Отметка об исполнении"],
        ["1", "На официальном сайте не размещен отчет о результатах самообследования", "10.02.2026",
         "Отчет размещен 18.12.2025", "Исполнено"],
        ["2", "Библиотечный фонд не укомплектован учебниками", "10.02.2026", "Заключен контракт на поставку учебников",
         "Будет исполнено до 30.04.2026"]],
        before=["МБОУ «Кызыл-Озёкская СОШ» Майминского района", "10.02.2026 № 58", "Об исполнении предписания",
                "Сообщаем об исполнении предписания от 14.11.2025 № 47-пр:"])
    rows = contract_of(path)["obligations"]
    assert [(o["text"].split()[0], o["status"]) for o in rows] == [("На", "done"), ("Библиотечный", "pending")]
