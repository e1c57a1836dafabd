"""Genres beyond the seeds, written as plain text (tests/texts): an order, a federal letter, a list of
instructions. They check that rules work by genre, not by the seeds' wording."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.pipeline import contract, extract
from extractors.readers import read_document

TEXTS = Path(__file__).parent / "texts"


def run(name: str) -> dict:
    doc = read_document(TEXTS / name)
    return contract(doc, extract(doc, with_entities=False))


def test_order_with_group_heads_and_issuer_fallback():
    data = run("order_city.txt")
    d = data["document"]
    assert (d["doc_type"], d["reg_number"], d["reg_date"]) == ("order", "145", "2021-02-12")
    assert (d["sender"]["region"], d["sender"]["municipality"]) == ("Оренбургская область", "город Оренбург")
    obs = {o["number"]: o for o in data["obligations"]}
    assert set(obs) == {"1", "2.1", "2.2", "3", "4"}                  # "2. Руководителям …:" is a head, no task
    assert (obs["1"]["deadline"]["start"], obs["1"]["deadline"]["end"]) == ("2021-03-01", "2021-03-15")
    assert obs["2.2"]["responsible"][0]["name"].startswith("Руководители общеобразовательных организаций")
    assert obs["2.2"]["deadline"]["end"] == "2021-02-25"
    assert obs["3"]["responsible"][0]["name"].startswith("МАУ «Центр развития образования»")
    assert obs["3"]["deadline"] is None        # "после завершения конкурса": an event the order does not date
    assert "responsible.issuer" in obs["1"]["checks"] and "ответственным считается издавший документ" in obs["1"]["reasons"]
    assert obs["4"]["responsible"][0]["name"].startswith("заместитель начальника управления Сидоров В.В")
    assert data["references"] == []            # the order's own number is no reference


def test_federal_letter_binds_every_region():
    data = run("federal_letter.txt")
    assert data["document"]["sender"]["region"] is None
    obs = data["obligations"]
    assert len(obs) == 2
    assert all(r["scope"] == "all_regions" for o in obs for r in o["responsible"])
    assert obs[0]["deadline"]["end"] == "2021-10-01"
    assert obs[1]["deadline"]["recurrence"] == "quarterly"


def test_instructions_table_with_other_column_order():
    data = run("instructions_table.txt")
    assert data["document"]["doc_type"] == "instructions"
    first, second = data["obligations"]
    assert [r["scope"] for r in first["responsible"]] == ["body", "all_municipalities"]
    assert first["deadline"]["end"] == "2022-08-15"
    assert second["deadline"]["recurrence"] == "monthly" and second["deadline"]["end"] == "2022-05-05"


def test_protocol_with_responsible_and_deadline_lines():
    data = run("protocol_lines.txt")
    d = data["document"]
    assert (d["doc_type"], d["reg_number"], d["reg_date"]) == ("protocol", "4", "2021-04-14")
    first, second = data["obligations"]
    assert first["responsible"][0]["name"].startswith("руководители общеобразовательных учреждений")
    assert first["deadline"]["end"] == "2021-05-20"
    assert second["responsible"][0]["name"] == "МБУ ГИМЦ РО"
    assert (second["deadline"]["start"], second["deadline"]["end"]) == ("2021-05-01", "2021-06-30")
    assert all(r["municipality"] == "город Мурманск" for o in data["obligations"] for r in o["responsible"])


def test_abbreviation_defined_in_the_letter_is_expanded():
    data = run("abbreviation_letter.txt")
    first, second = data["obligations"]
    assert first["responsible"][0]["name"] == "Органы местного самоуправления, осуществляющие управление в сфере образования"
    # named in full with the abbreviation in brackets (the full name in the nominative)
    assert second["responsible"][0]["name"] == f"{second['responsible'][0]['full_name']} (МОУО)"
    assert second["responsible"][0]["full_name"].startswith("Органы местного самоуправления")
    assert all(r["scope"] == "all_municipalities" and r["region"] == "Тульская область"
               for o in data["obligations"] for r in o["responsible"])


def test_city_hall_department_and_a_named_municipal_institution():
    data = run("city_hall_order.txt")
    sender = data["document"]["sender"]
    assert sender["name"].startswith("МЭРИЯ ГОРОДА НОВОСИБИРСКА") and sender["municipality"] == "город Новосибирск"
    obs = {o["number"]: o for o in data["obligations"]}
    r = obs["1.1"]["responsible"][0]
    assert r["name"].startswith("Муниципальное автономное учреждение дополнительного профессионального образования")
    assert (r["scope"], r["municipality"]) == ("body", "город Новосибирск")   # one named institution, not all
    assert (obs["1.1"]["deadline"]["start"], obs["1.1"]["deadline"]["end"]) == ("2022-03-25", "2022-04-15")
    assert obs["2"]["responsible"][0]["name"].startswith("заместитель начальника департамента")


def test_bulleted_tasks_after_a_request():
    obs = run("district_letter_bullets.txt")["obligations"]
    assert [o["deadline"] and o["deadline"]["end"] for o in obs] == ["2021-02-10", "2021-02-15", None]
    # the district became a municipal okrug (OKTMO 2024); the letter still calls it "район"
    assert all(r["municipality"] == "Красноселькупский муниципальный округ"
               and r["region"] == "Ямало-Ненецкий автономный округ" for o in obs for r in o["responsible"])


def test_protocol_with_a_decision_table():
    data = run("protocol_decision_table.txt")
    assert (data["document"]["doc_type"], data["document"]["reg_number"], data["document"]["reg_date"]) == (
        "protocol", "7", "2022-03-15")
    first, second = data["obligations"]
    assert first["responsible"][0]["scope"] == "all_municipalities"
    assert (first["deadline"]["start"], first["deadline"]["end"]) == ("2022-04-01", "2022-04-30")
    assert second["responsible"][0]["scope"] == "body" and second["deadline"]["end"] == "2022-05-30"


def test_instructions_with_addressees_inside_items():
    first, second = run("instructions_inline_heads.txt")["obligations"]
    assert first["responsible"][0]["name"].startswith("Министерство образования Калужской области")
    assert first["deadline"]["end"] == "2022-03-01"
    assert second["responsible"][0]["scope"] == "all_municipalities"
    assert second["deadline"]["recurrence"] == "monthly" and second["deadline"]["end"] == "2022-02-05"


def test_protocol_noted_items_and_a_recommending_head():
    data = run("protocol_heard_decided.txt")
    obs = data["obligations"]
    assert [o["number"] for o in obs] == ["1.2.1", "1.2.2"]     # "принять к сведению" and the head are no tasks
    assert all(r["scope"] == "all_municipalities" and "Татарстан" in r["region"] for o in obs for r in o["responsible"])
    assert obs[0]["deadline"]["end"] == "2022-03-01"
    assert (obs[1]["deadline"]["start"], obs[1]["deadline"]["end"]) == ("2022-04-01", "2022-04-30")


def test_the_one_who_asks_is_not_the_one_who_acts():
    first, second = run("regional_request_letter.txt")["obligations"]
    assert first["responsible"][0]["name"] == "руководители муниципальных органов управления образованием"
    assert first["responsible"][0]["scope"] == "all_municipalities" and first["deadline"]["end"] == "2021-12-20"
    assert second["responsible"][0]["name"] == "образовательные организации"


def test_responsible_named_inside_the_item():
    first, second = run("order_inline_responsible.txt")["obligations"]
    assert first["responsible"][0]["name"].startswith("директор МБУ ГИМЦ РО Иванова")
    assert (first["deadline"]["start"], first["deadline"]["end"]) == ("2021-11-01", "2021-11-30")
    assert second["responsible"][0]["name"] == "руководители общеобразовательных учреждений"
    assert second["deadline"]["end"] == "2021-11-10"


@pytest.mark.parametrize("text, short_name, kind", [
    ("Администрация Пермского муниципального округа", "Пермский муниципальный округ", "муниципальный округ"),
    ("администрации Пермского городского округа", "Пермский городской округ", "городской округ"),
    ("департамент образования администрации города Перми", "Пермский городской округ", "городской округ"),
    ("управление образования Чебоксарского муниципального округа", "Чебоксарский муниципальный округ",
     "муниципальный округ"),
    ("отдел образования администрации Козельского района", "Козельский район", "муниципальный район"),
    ("департамент образования мэрии города Новосибирска", "город Новосибирск", "городской округ"),
    ("комитет образования администрации города Калуги", "город Калуга", "городской округ"),
    ("управление образования администрации города Орла", "город Орёл", "городской округ"),   # by its lemma
    ("администрация города Нижнего Новгорода", "город Нижний Новгород", "городской округ"),   # two words inflected
    ("комитет образования администрации города Великие Луки", "город Великие Луки", "городской округ"),
    # an adjective names the okrug called so, not the urban okrug of a city of that stem (Сосновоборск)
    ("управление образования администрации Сосновоборского городского округа", "Сосновоборский городской округ",
     "городской округ"),
    # a district that became an okrug after the gazetteer's date
    ("управление образования Исетского муниципального округа", "Исетский район", "муниципальный район"),
])
def test_the_type_word_tells_municipalities_apart(text, short_name, kind):
    from extractors.gazetteer import gazetteer
    found = gazetteer().municipalities_in(text)
    assert [(m.municipality.short_name, m.municipality.type) for m in found] == [(short_name, kind)]


def test_protocol_number_on_its_date_line_and_conjoined_tasks():
    data = run("okrug_protocol_number_on_date_line.txt")
    doc = data["document"]
    assert (doc["doc_type"], doc["reg_number"], doc["reg_date"]) == ("protocol", "2", "2024-02-14")
    assert (doc["sender"]["region"], doc["sender"]["municipality"]) == ("Кировская область",
                                                                      "Верхнекамский муниципальный округ")
    obs = data["obligations"]
    assert not any("принять к сведению" in o["text"] for o in obs)
    texts = [o["text"] for o in obs]
    # two tasks joined by ", а также", each with its own term
    first = next(o for o in obs if o["text"].startswith("Руководителям") or "обеспечить участие" in o["text"])
    second = next(o for o in obs if "представить в отдел" in o["text"])
    assert first is not second and "представить" not in first["text"]
    assert (first["deadline"]["end"], second["deadline"]["end"]) == ("2024-02-20", "2024-02-16")
    assert second["responsible"][0]["name"] == "Руководители общеобразовательных организаций"
    seminar = next(o for o in obs if "провести семинар" in o["text"])
    assert [r["name"] for r in seminar["responsible"]] == ["МКУ «Информационно-методический центр»",
                                                           "МБОУ «Лесной лицей»"]
    assert (seminar["deadline"]["start"], seminar["deadline"]["end"]) == ("2023-09-01", "2023-12-31")
    monthly = next(o for o in obs if "ежемесячно" in o["text"])
    assert monthly["deadline"]["end"] == "2024-03-05" and monthly["deadline"]["recurrence"] == "monthly"
    assert len(texts) == 4


def test_order_sub_items_inherit_their_head_and_the_regulation_is_no_task_list():
    obs = run("order_with_regulation.txt")["obligations"]
    by_text = {o["text"][:30]: o for o in obs}
    heads = [o for o in obs if o["text"].startswith(("обеспечить проведение", "представлять в министерство",
                                                      "назначить ответственных"))]
    assert len(heads) == 3
    assert all(r["scope"] == "all_municipalities" and r["region"] == "Свердловская область"
               for o in heads for r in o["responsible"])
    assert [o["deadline"]["end"] for o in heads] == ["2023-10-20", "2023-10-10", "2023-09-19"]
    institute = next(o for o in obs if "разработать методические" in o["text"])
    assert institute["responsible"][0]["name"].startswith("Государственное автономное нетиповое образовательное")
    assert institute["deadline"]["end"] == "2023-09-25"        # its term went on after a line break
    assert not any("вступает в силу" in o["text"] for o in obs)
    assert not any("утратившими силу" in o["text"] or o["text"].startswith("Приказ") for o in obs)
    regulation = [o for o in obs if o["part"] == 2]   # its norms ("могут", "должны", "определяет") are no tasks
    assert [o["text"][:25] for o in regulation] == ["Мониторинг проводится орг", "Сводная информация по фор"], by_text
    assert regulation[0]["responsible"][0]["scope"] == "all_municipalities"     # the agent of the passive
    assert regulation[1]["deadline"]["end"] == "2023-10-25"


def test_responsible_and_term_in_a_parenthesis_and_a_district_sender_of_an_ambiguous_name():
    data = run("district_order_parenthesis.txt")
    sender = data["document"]["sender"]
    assert (sender["region"], sender["municipality"]) == ("Оренбургская область", "Октябрьский район")
    obs = {o["number"]: o for o in data["obligations"]}
    assert obs["1"]["responsible"][0]["name"] == "Захарова Л.Н., методист МКУ «Информационно-методический центр»"
    assert (obs["1"]["deadline"]["start"], obs["1"]["deadline"]["end"]) == ("2022-10-10", "2022-10-28")
    assert [r["name"] for r in obs["2"]["responsible"]] == ["Кравцова Е.Р"]
    assert obs["2"]["deadline"]["end"] == "2022-11-02"
    # a district's own education body: that district, not every municipality of the region
    assert (obs["3"]["responsible"][0]["scope"], obs["3"]["responsible"][0]["municipality"]) == ("body",
                                                                                              "Октябрьский район")


def test_bodies_managing_education_of_a_region_bind_all_its_municipalities():
    from extractors.bodies import locate
    from schemas.extraction import DocumentMeta, Sender
    meta = DocumentMeta(doc_type="letter", sender=Sender(name="Министерство образования Тверской области",
                                                         region="Тверская область"))
    for name in ("органы, осуществляющие управление в сфере образования",
                 "органы местного самоуправления, осуществляющие управление в сфере образования"):
        r = locate(name, meta, "addressee")
        assert (r.scope, r.region) == ("all_municipalities", "Тверская область")
    federal = locate("органы исполнительной власти субъектов Российской Федерации, осуществляющие государственное "
                     "управление в сфере образования", meta, "addressee")
    assert federal.scope == "all_regions"


def test_a_term_closing_a_sentence_of_two_tasks_binds_both(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ВЕРХНЕКАМСКОГО МУНИЦИПАЛЬНОГО ОКРУГА\n\n"
                    "от 02.05.2024 № 215\n\nРуководителям общеобразовательных организаций\n\n"
                    "Уважаемые руководители!\n\nПрошу провести родительские собрания по вопросам летнего отдыха "
                    "детей, а также представить протоколы собраний в отдел образования до 25 мая 2024 г.\n",
                    encoding="utf-8")
    doc = read_document(path)
    obs = contract(doc, extract(doc, with_entities=False))["obligations"]
    assert [o["text"].split()[0] for o in obs] == ["Прошу", "представить"]
    assert [o["deadline"]["end"] for o in obs] == ["2024-05-25", "2024-05-25"]
    assert all(r["name"] == "Руководители общеобразовательных организаций" for o in obs for r in o["responsible"])


def test_agenda_questions_are_headings_and_joined_tasks_keep_their_own_terms():
    data = run("protocol_agenda_questions.txt")
    obs = data["obligations"]
    assert [o["number"] for o in obs] == ["1.2", "1.2", "1.3", "2.1", "2.2"]   # "2. О проведении …" is no task
    first, second = obs[0], obs[1]
    assert first["text"].endswith("утвердить графики консультаций") and first["deadline"]["end"] == "2024-03-01"
    assert second["text"].startswith("в срок до 15 марта") and second["deadline"]["end"] == "2024-03-15"
    assert [r["name"] for r in first["responsible"]] == ["Руководители общеобразовательных организаций"]
    assert obs[2]["deadline"]["end"] == "2024-04-01"                             # "Срок исполнения – …" line
    assert obs[4]["deadline"]["end"] == "2024-03-03" and obs[4]["deadline"]["recurrence"] == "monthly"


def test_letterhead_cell_with_two_addressees_and_a_plan_dated_under_its_stamp(tmp_path):
    from docx import Document as Docx
    letter = Docx()
    head = letter.add_table(rows=1, cols=2)
    head.cell(0, 0).text = ("АДМИНИСТРАЦИЯ ГОРОДА КАЛУГИ\nУПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nул. Московская, 188, г. Калуга\n\n"
                            "12.10.2023 № 07/4512-23")
    head.cell(0, 1).text = ("Руководителям муниципальных\nобщеобразовательных организаций\n\n"
                            "Директору МБУ «Центр развития образования» Ковалевой О.И.")
    letter.add_paragraph("О представлении информации")
    letter.add_paragraph("Просим в срок до 20 октября 2023 года представить информацию об охвате обучающихся "
                         "горячим питанием по прилагаемой форме.")
    letter.save(tmp_path / "letter.docx")
    doc = read_document(tmp_path / "letter.docx")
    data = contract(doc, extract(doc, with_entities=False))
    assert data["document"]["addressees"] == ["Руководители муниципальных общеобразовательных организаций",
                                              "Директор МБУ «Центр развития образования» Ковалева О.И."]
    (ob,) = data["obligations"]                     # a request naming no one binds the letter's addressees
    assert len(ob["responsible"]) == 2 and ob["deadline"]["end"] == "2023-10-20"

    plan = Docx()
    for line in ("УТВЕРЖДАЮ", "Начальник отдела образования администрации Ачинского района", "_________ И.П. Громова",
                 "«15» августа 2023 г.", "ПЛАН", "мероприятий по подготовке к ГИА на 2023-2024 учебный год"):
        plan.add_paragraph(line)
    rows = [("№ п/п", "Мероприятие", "Срок исполнения", "Ответственный"),
            ("1.", "Подготовка отчета о результатах пробных экзаменов", "по итогам каждой четверти", "методист РМК")]
    table = plan.add_table(rows=len(rows), cols=4)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    plan.save(tmp_path / "plan.docx")
    doc = read_document(tmp_path / "plan.docx")
    data = contract(doc, extract(doc, with_entities=False))
    assert data["document"]["reg_date"] == "2023-08-15"
    assert data["obligations"][0]["deadline"]["end"] == "2023-10-31"     # the first school quarter's end


@pytest.mark.parametrize("item, names, end", [
    ("Провести проверку антитеррористической защищенности школ (отв. – Иванова И.И., до 10.10.2023).",
     ["Иванова И.И"], "2023-10-10"),
    ("Организовать обучение ответственных за безопасность. Исполнитель – МКУ «Методический центр», срок – до 1 "
     "ноября 2023 г.", ["МКУ «Методический центр»"], "2023-11-01"),
    ("Разместить памятки на сайтах школ (ответственные: руководители ОО, срок: в течение 5 рабочих дней со дня "
     "подписания приказа).", ["руководители ОО"], "2023-09-19"),
    ("Провести родительские собрания (исполнители – классные руководители; срок исполнения – до 20.10.2023).",
     ["классные руководители"], "2023-10-20"),
])
def test_the_responsible_and_the_term_named_inside_an_item(item, names, end, tmp_path):
    path = tmp_path / "order.txt"
    path.write_text(f"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КОЗЕЛЬСКОГО РАЙОНА\n\nПРИКАЗ\n\nот 12.09.2023 № 201\n\n"
                    f"ПРИКАЗЫВАЮ:\n\n1. {item}\n", encoding="utf-8")
    doc = read_document(path)
    (ob,) = contract(doc, extract(doc, with_entities=False))["obligations"]
    assert [r["name"] for r in ob["responsible"]] == names
    assert ob["deadline"]["end"] == end


@pytest.mark.parametrize("line, end", [
    ("Срок представления отчетов – до 20 октября 2023 г.", "2023-10-20"),
    ("Сроки проведения мониторинга: ноябрь 2023 г.", "2023-11-30"),
    ("Срок исполнения: до 01.11.2023", "2023-11-01"),
])
def test_a_term_line_with_its_subject_words_closes_the_item_before_it(line, end, tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КОЗЕЛЬСКОГО РАЙОНА\n\nПРИКАЗ\n\nот 12.09.2023 № 201\n\nПРИКАЗЫВАЮ:\n\n"
                    f"1. Руководителям школ представить отчеты о проведении учений.\n\n{line}\n", encoding="utf-8")
    doc = read_document(path)
    (ob,) = contract(doc, extract(doc, with_entities=False))["obligations"]
    assert ob["deadline"]["end"] == end


def test_an_orders_title_going_on_in_the_dative_is_no_addressee(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ И НАУКИ ГОРОДА МОСКВЫ\n\nПРИКАЗ\n\nот 25.09.2017 № 836\n\n"
                    "О порядке информирования о чрезвычайных ситуациях в учреждениях, подведомственных\n\n"
                    "Департаменту образования и науки города Москвы\n\nПРИКАЗЫВАЮ:\n\n"
                    "1. Утвердить Порядок информирования (приложение).\n\n"
                    "2. Руководителям учреждений обеспечить исполнение Порядка до 1 октября 2017 г.\n", encoding="utf-8")
    doc = read_document(path)
    data = contract(doc, extract(doc, with_entities=False))
    assert data["document"]["addressees"] == []
    first, second = data["obligations"]
    assert first["responsible"][0]["name"].startswith("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ")      # the issuer's own act
    assert second["responsible"][0]["name"] == "Руководители учреждений"


def test_a_group_head_passes_its_term_to_sub_items_without_their_own(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КОЗЕЛЬСКОГО РАЙОНА\n\nПРИКАЗ\n\nот 12.09.2023 № 201\n\nПРИКАЗЫВАЮ:\n\n"
                    "1. Руководителям общеобразовательных организаций в срок до 1 октября 2023 г.:\n\n"
                    "1.1. провести инструктажи с педагогами;\n\n1.2. обновить паспорта безопасности.\n\n"
                    "2. Методисту РМК в течение сентября 2023 года:\n\n- обобщить отчеты школ;\n\n"
                    "- подготовить справку к 5 октября 2023 г.\n", encoding="utf-8")
    doc = read_document(path)
    obs = contract(doc, extract(doc, with_entities=False))["obligations"]
    assert [o["deadline"]["end"] for o in obs] == ["2023-10-01", "2023-10-01", "2023-09-30", "2023-10-05"]
    assert [o["responsible"][0]["name"] for o in obs] == ["Руководители общеобразовательных организаций"] * 2 + [
        "Методист РМК"] * 2


@pytest.mark.parametrize("item, names", [
    # the directive verb's object is the one who acts
    ("Обязать руководителей общеобразовательных организаций обеспечить охват детей горячим питанием.",
     ["руководители общеобразовательных организаций"]),
    ("Поручить отделу общего образования подготовить аналитическую справку до 15 октября 2023 г.",
     ["отдел общего образования"]),
    ("Предложить руководителям ОО рассмотреть итоги мониторинга на педагогических советах.", ["руководители ОО"]),
    ("Возложить на руководителей ОО персональную ответственность за организацию питания.", ["руководители ОО"]),
    # a dative opened by an adjective that alone reads as instrumental; a term before the verb
    ("Главным бухгалтерам учреждений в срок до 25 числа каждого месяца представлять сведения о расходах.",
     ["Главные бухгалтеры учреждений"]),
    ("Заведующим дошкольными образовательными организациями обеспечить безопасность детей.",
     ["Заведующие дошкольными образовательными организациями"]),
])
def test_who_an_item_names(item, names, tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ КОЗЕЛЬСКОГО РАЙОНА\n\nПРИКАЗ\n\nот 12.09.2023 № 201\n\nПРИКАЗЫВАЮ:\n\n"
                    f"1. {item}\n", encoding="utf-8")
    doc = read_document(path)
    (ob,) = contract(doc, extract(doc, with_entities=False))["obligations"]
    assert [r["name"] for r in ob["responsible"]] == names


def test_a_plan_for_several_years_dates_its_recurring_rows_when_the_order_has_no_readable_date(tmp_path):
    path = tmp_path / "order.txt"
    path.write_text("ГУБЕРНАТОР САМАРСКОЙ ОБЛАСТИ\n\nРАСПОРЯЖЕНИЕ\n\nот ________ № ____\n\n"
                    "Об утверждении комплексного плана мероприятий по развитию инклюзивного образования на 2015 – "
                    "2020 годы\n\n1. Министерству образования и науки Самарской области ежегодно представлять "
                    "отчет о ходе реализации плана.\n", encoding="utf-8")
    doc = read_document(path)
    data = contract(doc, extract(doc, with_entities=False))
    (ob,) = data["obligations"]
    assert (ob["deadline"]["end"], ob["deadline"]["recurrence"]) == ("2015-12-31", "yearly")
