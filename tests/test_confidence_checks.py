"""The checks that make a row doubtful where srok's reading of it may be wrong: each one here stands for a way rows
of unseen documents were found wrong with high confidence (the addressee split among several bodies, a person named
in the task who is not the responsible, letters an OCR misread into a name, a municipal body placed in no
municipality)."""
import datetime as dt

import pytest

from extractors.bodies import locate
from extractors.confidence import checks
from schemas.document import Span
from schemas.extraction import DocumentMeta, Obligation, Responsible, Sender

REGIONAL = DocumentMeta(doc_type="letter", reg_number="1", reg_date=dt.date(2025, 4, 1),
                        sender=Sender(name="Министерство образования Забайкальского края", region="Забайкальский край"))


def _row(text: str, *bodies: tuple[str, str], municipality: str | None = None) -> Obligation:
    return Obligation(text=text, span=Span(start=0, end=len(text)), responsible=[
        Responsible(name=name, source=source, region="Забайкальский край", municipality=municipality)
        for name, source in bodies])


def test_a_task_laid_on_every_addressee_of_several_is_doubted():
    text = "представить в министерство акты готовности пунктов проведения экзаменов до 12 мая 2025 года"
    several = _row(text, ("Руководители органов местного самоуправления", "addressee"),
                   ("Директор регионального центра обработки информации", "addressee"))
    one = _row(text, ("Руководители органов местного самоуправления", "addressee"))
    assert "responsible.several_addressees" in checks(several, REGIONAL, False, False)
    assert "responsible.several_addressees" not in checks(one, REGIONAL, False, False)


@pytest.mark.parametrize("text, responsible, doubted", [
    ("3.2. Дорофеевой С.В. провести повторную проверку 24.02.2025.", "Учителя, допустившие нарушения", True),
    ("Учителю физической культуры Сидорову В.М. организовать школьный этап игры", "Педагог-организатор Зуева А.В.",
     True),
    ("Поручить А.П. Кравченко подготовить справку до 1 марта", "Заместитель директора Кравченко А.П.", False),
    ("Петровой И.И. подготовить справку до 1 марта", "Петрова И.И.", False),
    ("Провести педагогический совет до 1 марта", "Директор школы", False),
])
def test_a_person_the_task_names_who_is_not_its_responsible_makes_it_doubtful(text, responsible, doubted):
    found = checks(_row(text, (responsible, "sentence")), REGIONAL, False, False)
    assert ("responsible.names_another_person" in found) is doubted


@pytest.mark.parametrize("name, doubted", [("yO", True), ("ЦИТ", False), ("Ha МБОУ СОШ № 3", True),
                                           ("Центр «IT-куб»", False), ("Управление образования", False)])
def test_latin_letters_an_ocr_put_into_a_name_make_it_doubtful(name, doubted):
    found = checks(_row("Провести конкурс рисунков до 1 марта", (name, "table")), REGIONAL, False, False)
    assert ("responsible.misread_letters" in found) is doubted


def test_a_municipal_body_placed_in_no_municipality_is_doubted():
    text = "Представить уточненный реестр организаций отдыха детей до 25 апреля 2025 года"
    unplaced = _row(text, ("Председатель комитета образования администрации муниципального района", "addressee"))
    placed = _row(text, ("Комитет образования администрации муниципального района", "addressee"),
                  municipality="Читинский район")
    assert "scope.municipal_body_unplaced" in checks(unplaced, REGIONAL, False, False)
    assert "scope.municipal_body_unplaced" not in checks(placed, REGIONAL, False, False)


@pytest.mark.parametrize("name, scope", [
    ("Председатель комитета образования администрации муниципального района", "body"),
    ("Начальнику управления образования муниципального округа", "body"),
    ("Руководитель муниципального органа управления образованием", "body"),
    ("Руководители муниципальных органов управления образованием", "all_municipalities"),
    ("Органы местного самоуправления, осуществляющие управление в сфере образования", "all_municipalities"),
    ("Председатели комитетов образования муниципальных районов", "all_municipalities"),
])
def test_one_head_of_a_municipal_body_is_one_body_not_every_municipality(name, scope):
    assert locate(name, REGIONAL, "addressee").scope == scope


FEDERAL_SENDER = DocumentMeta(doc_type="letter", sender=Sender(name="Федеральная служба по надзору в сфере образования и "
                                                                   "науки"))


@pytest.mark.parametrize("name, scope", [
    ("региональные институты развития образования", "all_regions"),
    ("региональные центры обработки информации", "all_regions"),
    ("Управление оценки качества образования", "federal"),
])
def test_regional_bodies_a_federal_letter_names_are_every_regions(name, scope):
    assert locate(name, FEDERAL_SENDER, "sentence").scope == scope


@pytest.mark.parametrize("name", ["Руководители школ – участниц проекта", "руководители школ с низкими результатами"])
def test_a_regional_document_to_a_class_of_schools_reaches_every_municipality(name):
    assert locate(name, REGIONAL, "sentence").scope == "all_municipalities"


def test_local_bodies_a_scan_cut_short_are_still_every_municipalitys():
    assert locate("Руководители органов местного", REGIONAL, "addressee").scope == "all_municipalities"


@pytest.mark.parametrize("text, raw, cut", [
    ("утвердить составы комиссий в срок до 30 (тридцатого) апреля 2025 года;", "апреля 2025 года", True),
    ("представить отчет до 15 мая 2025 года", "до 15 мая 2025 года", False),
    ("провести семинар 12-13 марта 2025 года", "марта 2025 года", True),
    ("провести мониторинг в апреле 2025 года", "в апреле 2025 года", False),
])
def test_a_term_read_from_part_of_its_words_is_doubted(text, raw, cut):
    from schemas.extraction import Deadline
    ob = _row(text, ("Руководители органов местного самоуправления", "addressee"))
    ob.deadline = Deadline(raw=raw, start=dt.date(2025, 4, 1), end=dt.date(2025, 4, 30), kind="period")
    assert ("deadline.cut_short" in checks(ob, REGIONAL, False, False)) is cut


@pytest.mark.parametrize("name, doubted", [("Обязательный учет", True), ("планы профилактической работы", True),
                                           ("Руководители общеобразовательных организаций", False),
                                           ("Иванова И.И.", False), ("ИРО", False), ("Члены комиссии", False)])
def test_a_responsible_that_names_nobody_who_can_act_is_doubted(name, doubted):
    row = _row("Провести проверку ведения электронных журналов до 1 марта 2025 года", (name, "table"))
    assert ("responsible.not_a_body" in checks(row, REGIONAL, False, False)) is doubted


@pytest.mark.parametrize("name, municipality, doubted", [
    ("Начальники муниципальных учреждений «Управление образования» районов", None, True),
    ("Начальники муниципальных учреждений «Управление образования» районов", "город Чита", False),
    ("Управление образования администрации города Читы", None, False),
])
def test_many_bodies_placed_in_no_municipality_are_doubted(name, municipality, doubted):
    row = _row("обеспечить оснащение ППЭ средствами видеонаблюдения до 15 февраля 2025 года", (name, "group_head"),
               municipality=municipality)
    assert ("scope.class_unplaced" in checks(row, REGIONAL, False, False)) is doubted


def test_a_row_beside_one_the_row_level_model_strongly_doubts_is_doubted_too():
    from extractors.confidence import NEIGHBOUR_CHECKS, with_neighbours
    base = {"bias": 2.0, "weights": {"responsible.none": -4.0}}   # a row without a responsible: P(right) 0.12
    found = with_neighbours([["responsible.none"], ["task.item"], ["responsible.none"], ["task.item"]], base)
    assert found[1] == ["task.item", *NEIGHBOUR_CHECKS]              # two other rows are very doubtful
    assert found[0] == ["responsible.none", NEIGHBOUR_CHECKS[0]]      # one other row is
    assert with_neighbours([["task.item"], ["task.item"]], base) == [["task.item"], ["task.item"]]
