"""The task grammar (extractors/patterns/*.jsonl) pattern by pattern: real Russian wordings of the genre,
each with the task(s), the addressee and the term words the clause analysis must find."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.clauses import PATTERNS, analyse

# pattern id, sentence, the opening words of each task, the addressee (or None), the term pattern of the first task
TASKS = [
    ("task.infinitive",
     "Муниципальному казенному учреждению «Центр обеспечения деятельности образовательных организаций Верхнекамского "
     "района» (Суслова О.В.) подготовить сводный отчет о проведении олимпиады до 15 декабря 2023 г.",
     ["подготовить сводный отчет"], "Муниципальному казенному учреждению «Центр обеспечения деятельности "
     "образовательных организаций Верхнекамского района»", "term.by"),
    ("task.infinitive",
     "Отдел образования, в целях исполнения мероприятий, предусмотренных региональным планом, просит в срок до "
     "1 марта 2024 г. направить сведения о численности педагогических работников.",
     ["направить сведения"], None, "term.by"),
    ("task.infinitive",
     "Начальнику управления образования Петровой Н.С. в течение 10 рабочих дней обеспечить размещение плана на "
     "официальном сайте.",
     ["обеспечить размещение плана"], "Начальнику управления образования Петровой Н.С.", "term.within"),
    ("task.conj_also",
     "МБОУ «Лицей № 2», МАОУ «Гимназия № 5» и МБОУ «СОШ № 12» провести родительские собрания до 20 мая 2024 г., "
     "а также представить протоколы собраний в управление образования до 25 мая 2024 г.",
     ["провести родительские собрания", "представить протоколы"], "МБОУ «Лицей № 2», МАОУ «Гимназия № 5» и МБОУ "
     "«СОШ № 12»", "term.by"),
    ("task.conj_also",
     "Руководителям общеобразовательных организаций организовать работу по профилактике травматизма, а также "
     "ежемесячно информировать отдел образования о принятых мерах.",
     ["организовать работу", "ежемесячно информировать"], "Руководителям общеобразовательных организаций", None),
    ("task.passive_present",
     "Сводная информация по форме согласно приложению 2 к настоящему Порядку представляется в министерство "
     "ежеквартально не позднее 5 числа месяца, следующего за отчетным кварталом.",
     ["Сводная информация по форме"], None, "term.recurring"),
    ("task.indicative_present",
     "Районный методический кабинет еженедельно по пятницам направляет в отдел образования сведения о "
     "проведенных консультациях.",
     ["Районный методический кабинет"], None, "term.recurring"),
    ("task.obliged",
     "Образовательная организация обязана незамедлительно сообщать в управление образования о каждом несчастном "
     "случае с обучающимся.",
     ["сообщать в управление"], None, "term.urgent"),
]


@pytest.mark.parametrize("pattern_id, sentence, tasks, addressee, term", TASKS)
def test_task_patterns(pattern_id, sentence, tasks, addressee, term):
    a = analyse(sentence)
    found = [sentence[c.span[0]:c.span[1]] for c in a.clauses]
    assert len(found) == len(tasks), found
    for text, words in zip(found, tasks):
        assert words in text
    ids = {c.pattern_id for c in a.clauses}
    if pattern_id not in ("task.conj_also", "task.obliged"):
        assert pattern_id in ids
    got = sentence[a.addressee[0]:a.addressee[1]] if a.addressee else None
    assert got == addressee
    if term:
        assert term in a.clauses[0].terms
    else:
        assert not a.clauses[0].terms


ADDRESSEES = [
    ("addressee.dative_opening",
     "Государственному бюджетному учреждению дополнительного профессионального образования «Региональный институт "
     "развития образования» (Кравец А.П.) разработать методические рекомендации для учителей.",
     "Государственному бюджетному учреждению дополнительного профессионального образования «Региональный институт "
     "развития образования»"),
    ("addressee.dative_opening",
     "Директорам общеобразовательных организаций рекомендуется обеспечить участие обучающихся в олимпиаде.",
     "Директорам общеобразовательных организаций"),
    ("addressee.named_subject",
     "МКУ «Информационно-методический центр» и МБУ ДО «Дом детского творчества» организовать курсы для "
     "педагогов до 1 октября.",
     "МКУ «Информационно-методический центр» и МБУ ДО «Дом детского творчества»"),
]


@pytest.mark.parametrize("pattern_id, sentence, addressee", ADDRESSEES)
def test_addressee_patterns(pattern_id, sentence, addressee):
    a = analyse(sentence)
    assert a.addressee_pattern == pattern_id
    assert sentence[a.addressee[0]:a.addressee[1]] == addressee


NOT_TASKS = [
    ("not_task.takes_effect", "Настоящее распоряжение вступает в силу со дня его официального опубликования."),
    ("not_task.take_note", "Информацию начальника отдела общего образования Сорокиной Е.А. о ходе аттестации принять к "
                           "сведению."),
    ("not_task.take_note", "Принять к сведению информацию о результатах мониторинга."),
    ("not_task.take_note_inverted", "К сведению принять доклад заместителя начальника управления Орловой В.П."),
    ("not_task.norm", "Заявление на получение оборудования должно быть подано не позднее 1 августа текущего года."),
    ("not_task.norm", "Участниками конкурса могут выступать педагогические работники образовательных организаций."),
    ("not_task.lost_force", "Признать утратившим силу приказ управления образования от 12.03.2019 № 145."),
]


@pytest.mark.parametrize("pattern_id, sentence", NOT_TASKS)
def test_not_task_patterns(pattern_id, sentence):
    assert pattern_id in analyse(sentence).not_task


def test_every_pattern_has_an_id_a_note_and_a_table_here():
    tested = {row[0] for row in TASKS + ADDRESSEES + NOT_TASKS}
    ids = []
    for path in PATTERNS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            assert p["id"].startswith(path.stem.rstrip("s").split("_")[0]) and p["note"] and p["pattern"]
            ids.append(p["id"])
    assert len(ids) == len(set(ids))
    assert {i for i in ids if not i.startswith("term.")} <= tested


def test_a_quoted_name_is_one_token_and_a_cycle_is_cut():
    from extractors.syntax import parse
    doc = parse("ГБУ «Центр оценки качества образования» провести мониторинг.")
    assert [t.text for t in doc][:2] == ["ГБУ", "Имя"]
    assert doc[1]._.start == 4 and doc[1]._.end == len("ГБУ «Центр оценки качества образования»")
    for token in doc:   # every chain of heads ends at a root
        seen = set()
        while token.head.i != token.i:
            assert token.i not in seen
            seen.add(token.i)
            token = token.head


@pytest.mark.parametrize("sentence, task", [
    ("Сведения о численности обучающихся представляются в управление образования ежемесячно до 5 числа.", True),
    ("Отчеты о проведении мероприятий направляются в министерство не позднее 10 декабря 2023 г.", True),
    ("Олимпиада проводится в рамках регионального проекта «Успех каждого ребенка».", False),
    ("Мониторинг проводился в 2022 году во всех школах района.", False),
    ("Управление образования просит в срок до 1 марта 2024 г., с учетом сведений, полученных от "
     "образовательных организаций, подведомственных учреждений и методических объединений, представить отчет.", True),
])
def test_prose_sentences_that_carry_a_task(sentence, task):
    from extractors.obligations import is_prose_obligation
    assert is_prose_obligation(sentence) is task
