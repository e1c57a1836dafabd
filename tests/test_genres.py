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
    assert "responsible implied: the issuing body" in obs["1"]["reasons"]
    assert obs["4"]["responsible"][0]["name"].startswith("заместитель начальника управления Сидорова В.В")
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
    assert first["responsible"][0]["name"] == "Органы местного самоуправления, осуществляющим управление в сфере образования"
    assert second["responsible"][0]["name"] == "МОУО"
    assert second["responsible"][0]["full_name"].startswith("Органам местного самоуправления")
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
    assert obs["1"]["responsible"][0]["name"] == "Захарова Л.Н"
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
