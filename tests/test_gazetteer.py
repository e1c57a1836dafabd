"""Regions and municipalities found in text. Each call compiles only the patterns of the stems that begin some
word of its text (StemIndex); these tests show that finds exactly what trying every stem everywhere finds."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from extractors.gazetteer import StemIndex, _compile, gazetteer

TEXTS = Path(__file__).parent / "texts"

LETTER = ("Министерству образования Томской области и администрации Козельского района Калужской области; "
          "г. Лесосибирск, администрация города Нижнего Новгорода, управление образования города Орла, "
          "Ханты-Мансийского автономного округа – Югры, Республики Марий Эл, в Санкт-Петербурге, "
          "Пермского муниципального округа и Пермского городского округа, городского округа «город Клинцы», "
          "г.о. Подольск, Великих Лук, томские школы")


def found(mentions) -> list[tuple]:
    return [(m.start, m.end, m.region.name if m.region else None, m.municipality.short_name if m.municipality else None)
            for m in mentions]


def test_mentions_of_a_letter():
    g = gazetteer()
    assert found(g.regions_in(LETTER)) == [
        (25, 40, "Томская область", None),
        (76, 93, "Калужская область", None),
        (187, 223, "Ханты-Мансийский автономный округ - Югра", None),
        (243, 251, "Республика Марий Эл", None),
        (255, 271, "Санкт-Петербург", None),
    ]
    assert found(g.municipalities_in(LETTER)) == [
        (57, 75, "Калужская область", "Козельский район"),
        (95, 109, "Красноярский край", "город Лесосибирск"),
        (125, 149, "Нижегородская область", "город Нижний Новгород"),     # both words inflected
        (174, 185, "Орловская область", "город Орёл"),                    # by its lemma
        (273, 304, "Пермский край", "Пермский муниципальный округ"),
        (307, 334, "Пермский край", "Пермский городской округ"),
        (336, 367, "Брянская область", "город Клинцы"),
        (370, 383, "Московская область", "городской округ Подольск"),
    ]   # a stem without its type word ("Великих Лук", "томские") is no mention
    assert g.regions_in("Приказ № 5 от 01.02.2024") == g.municipalities_in("Приказ № 5 от 01.02.2024") == []


def test_a_region_keeps_its_namesakes_elsewhere_out():
    g = gazetteer()
    assert len(g.municipalities_in("администрации Октябрьского района")) == 0     # dozens of regions have one
    assert found(g.municipalities_in("администрации Октябрьского района", "Челябинская область")) == [
        (14, 33, "Челябинская область", "Октябрьский район")]


def varied_texts() -> list:
    """The genre texts, and every unit and region named as documents name them."""
    g = gazetteer()
    names = []
    for m in g.municipalities:
        names += [m.name, m.short_name, f"администрации {m.name}а района", f"{m.name}ого муниципального округа"]
        if m.admin_center:
            names += [f"г. {m.admin_center}", f"города {m.admin_center}а", f"городского округа «город {m.admin_center}»"]
    for r in g.regions:
        names += [r.name, r.name.upper(), f"{r.stems[0]}ой области", f"{r.stems[-1]}ого края"]
    return ([pytest.param(p.read_text(encoding="utf-8"), id=p.stem) for p in sorted(TEXTS.glob("*.txt"))]
            + [pytest.param("; ".join(names), id="every unit and region")])


@pytest.fixture(scope="module")
def every_stem():
    """The patterns trying every stem at every word, as the gazetteer compiled them before."""
    g = gazetteer()
    return g._patterns(g._muni_by_stem), [(_compile(rx), region) for _, rx, region in g._region_rx]


@pytest.mark.parametrize("text", varied_texts())
def test_a_texts_own_stems_find_what_every_stem_finds(text, every_stem):
    g = gazetteer()
    patterns, regions = every_stem
    own = g._patterns(g._stems.found_in(text))
    for rx, own_rx in zip(patterns, own, strict=True):
        assert ([(m.span(), m.groupdict()) for m in own_rx.finditer(text)]
                == [(m.span(), m.groupdict()) for m in rx.finditer(text)])
    assert [(m.start, m.end, m.region) for m in g.regions_in(text)] == sorted(
        ((m.start(), m.end(), region) for rx, region in regions for m in rx.finditer(text)), key=lambda x: x[0])


def test_stems_are_found_by_their_first_word_in_any_case():
    index = StemIndex(["нижн новгород", "нижнеудинск", "томск", "усть-кут"])
    assert index.found_in("НИЖНЕУДИНСКОГО района, Томска и Усть-Кута") == {"нижн новгород", "нижнеудинск", "томск",
                                                                          "усть-кут"}
    assert index.found_in("Новгород, подтомский, кут") == set()   # inside a word or after a hyphen: no stem begins


def test_what_ignorecase_matches_to_a_stems_letter_casefolds_to_it():
    """StemIndex compares casefolded words with the stems re.I reads: no character re.I takes for a stem's letter
    may casefold to anything else (ᲀ, an old form of в, casefolds to в), or a stem would be missed."""
    g = gazetteer()
    stems = [*g._muni_by_stem, *(s for r in g.regions for s in r.stems)]
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    for letter in {c for s in stems for c in s.split(" ")[0]}:
        assert {c.casefold() for c in re.findall(re.escape(letter), every_character, re.I)} == {letter}


@pytest.mark.parametrize("text, unit", [("Представление в ОГЗ Администрации Северодвинска отчётов", "городской округ Северодвинск"),
                                        ("по согласованию с мэрией Новосибирска", "город Новосибирск"),
                                        ("Администрация Пермского муниципального округа", "Пермский муниципальный округ")])
def test_a_city_named_after_its_administration(text, unit):
    assert [m.municipality.short_name for m in gazetteer().municipalities_in(text)] == [unit]


@pytest.mark.parametrize("text, unit", [
    ("АДМИНИСТРАЦИЯ ГОРОДА КОМСОМОЛЬСКА-НА-АМУРЕ ХАБАРОВСКОГО КРАЯ", "город Комсомольск-на-Амуре"),
    ("администрации города Петропавловска-Камчатского", "городской округ Петропавловск-Камчатский"),
    ("школы города Нарьян-Мара", "город Нарьян-Мар"),
    ("Гусь-Хрустального района", "Гусь-Хрустальный район"),
    ("администрации Усть-Кутского муниципального района", "Усть-Кутский район")])
def test_a_hyphened_name_inflected_in_its_first_part(text, unit):
    assert [m.municipality.short_name for m in gazetteer().municipalities_in(text)] == [unit]


@pytest.mark.parametrize("text, unit", [("АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА «ПЕЧОРА»", "район Печора"),
                                        ("в управление образования МР «Печора»", "район Печора")])
def test_a_district_named_after_its_type_word(text, unit):
    assert [m.municipality.short_name for m in gazetteer().municipalities_in(text)] == [unit]


@pytest.mark.parametrize("text, region", [("МИНИСТЕРСТВО ОБРАЗОВАНИЯ ОМСКОЙ ОБЛАСТИ", "Омская область"),
                                          ("в Омской области", "Омская область"),
                                          ("Министерство образования Республики Коми", "Республика Коми")])
def test_a_regions_short_stem_before_its_type_word(text, region):
    assert [m.region.name for m in gazetteer().regions_in(text)] == [region]


def test_a_short_stem_without_its_type_word_is_no_region():
    assert gazetteer().regions_in("комитет по делам коммунального хозяйства, Омский район") == []


def test_a_city_council_is_no_city_named_council():
    found = gazetteer().municipalities_in("ЕЛЕЦКИЙ ГОРОДСКОЙ СОВЕТ ДЕПУТАТОВ ЛИПЕЦКОЙ ОБЛАСТИ")
    assert "Советский городской округ" not in [m.municipality.short_name for m in found]


@pytest.mark.parametrize("text, district", [("МКУ «Управление образования Вилюйского улуса»", "Вилюйский район"),
                                            ("Намский улус", "Намский район"),
                                            ("администрации Мегино-Кангаласского улуса", "Мегино-Кангаласский район"),
                                            ("администрации Городовиковского РМО", "Городовиковский район"),
                                            ("АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ ТИМАШЕВСКИЙ РАИОН",
                                             "Тимашевский район")])
def test_a_yakut_ulus_and_an_ocrs_raion_are_the_district(text, district):
    assert [m.municipality.short_name for m in gazetteer().municipalities_in(text)] == [district]


@pytest.mark.parametrize("text, unit", [("г. Тихорецк", "Тихорецкий район"), ("город Амурск", "Амурский район"),
                                        ("ЗАТО Северск", "ЗАТО Северск"), ("г. Кинешма", "городской округ Кинешма")])
def test_a_town_that_is_no_okrug_lies_in_the_district_named_after_it(text, unit):
    assert [m.municipality.short_name for m in gazetteer().municipalities_in(text)] == [unit]
