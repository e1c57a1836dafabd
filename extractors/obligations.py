"""Obligations: rows of plan and decision tables, numbered items after a directive ("РЕШИЛИ:",
"необходимо:"), and imperative sentences in prose, each with its responsible bodies, deadline and status."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from extractors import deadline_rules as DR
from extractors import obligation_rules as O
from extractors.attendance import entry_of, roster
from extractors import outline
from extractors.clauses import MODAL_TASKS, analyse
from extractors.bodies import DEFINITION, PLACE_WORDS, definitions, locate, responsible_from
from extractors.deadlines import (TERM_UNREAD, Context, choose_deadline, find_deadlines, fold, has_term, next_meeting_date,
                                  parse_deadline, whole_year)
from extractors.degrade import Cursor, Failures
from extractors.gazetteer import gazetteer
from extractors.group_terms import apply_group_terms, covers, item_refs, read_group_line
from extractors.keyed_terms import apply_keyed_terms
from extractors.metadata import Layout, is_trigger
from extractors.tables import continued_header, table_obligations, task_header, term_below
from extractors.replies import is_report, reported_tasks
from extractors.nlp import is_adjective, is_dative, is_infinitive, sentences, tags, to_nominative
from schemas.document import Block, Document, Span
from schemas.extraction import Deadline, DocumentMeta, Obligation, Responsible

WORD = re.compile(r"[«\"]?[\wЁё][\w\-ЁёА-Яа-я.]*[»\"]?")
PREPOSITIONS = {"в", "во", "на", "по", "с", "со", "для", "при", "о", "об", "от", "к", "из", "за", "до", "согласно"}
# a present passive ("представляется", "проводятся") and a term that binds it: a duty even without a modal
PRESENT_PASSIVE = re.compile(r"\b\w{4,}(?:ется|ются|ится|ятся)\b", re.I)
PRESENT_PLURAL = re.compile(r"\b\w{3,}(?:ют|ят)\b", re.I)
DUTY_TERM = re.compile(r"\bне\s+позднее\b|\bдо\s+\d|\bежедневн|\bеженедельн|\bежемесячн|\bежекварталь|"
                       r"\bпо\s+(?:понедельник|вторник|сред|четверг|пятниц)ам\b", re.I)
# only where these words stand does the parse look for conjoined tasks or for marks of a non-task
JOINT = re.compile(r",\s*а\s|\bа\s+также\b", re.I)
AND_WORDS = re.compile(r"(?=\sи\s+((?:[^\s,;]+\s+){0,8}))")   # "и (в срок до 15 марта 2024 г.) направить" (each "и")
# "обеспечить участие … и до 5 апреля провести …": a term opening the second verb's part is that task's alone
AND_TERM = re.compile(r"\sи\s+(?:в\s+срок\s+)?(?:до|не\s+позднее|к)\s+\d{1,2}[\s.]", re.I)
GAPPED = re.compile(r",\s*а\s+(?=(?:в\s+срок\s+)?(?:до|не\s+позднее|к)\s+[^–—;]{3,40}?\s[–—-]\s)", re.I)
TERM_OPENING = re.compile(r"(?:\s+(?:в\s+срок|в\s+течение|не\s+позднее|не\s+позже|до|к))+\s*$", re.I)
JOINT_TAIL = re.compile(r"(?:[\s,;]|(?<![а-яё])(?:и|а|также)(?![а-яё]))*$", re.I)
QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"")
NOT_TASK_WORDS = re.compile(r"\bвступа\w*\s+в\s+силу|\bк\s+сведени|\bутративш|\bза\s+собой|\bнагра[дж]|\bпремир|"
                            r"\bпоощр|\bблагодарност|\bкниг\w*\s+поч[её]та|\bследующие\s+изменени|\bредакции\b|"
                            r"\bследующего\s+содержания|\bзамен\w+\s+(?:слов|цифр|дат)|\bс\s+контроля\b|"
                            r"\bсчитать\s+(?:исполненн|выполненн)|\bпризна\w*\s+работу\b|\bне\s+(?:требуется|нужно|надо)\b", re.I)
# "… предлагает вам издать …; обеспечить …; не допускать …": tasks of one sentence split by semicolons
SEMICOLON = re.compile(r";\s+")
TRAILING_CLAUSE = re.compile(r",\s*(?:согласно|в\s+соответствии|при|по|в\s+рамках|в\s+целях|с\s+учетом)\b", re.I)
# a task said to be in addition to the common ones ("… района дополнительно …", "также"): not the body's only one
ADDITIONAL_WORDS = r"дополнительно|(?<!\sа\s)также|кроме\s+того"
ADDITIONAL = re.compile(r"(?<![а-яё])(?:" + ADDITIONAL_WORDS + r")(?![а-яё])", re.I)
# an adverb between a body and its verb is the task's ("Управлению образования … дополнительно в срок до … рассмотреть")
TRAILING_ADVERB = re.compile(r"\s+(?:" + ADDITIONAL_WORDS + r"|незамедлительно|срочно|повторно)(?![а-яё]).*$", re.I | re.S)


# ------------------------------------------------------------------ sentence analysis
def _words(text: str) -> list[re.Match]:
    return list(WORD.finditer(text))


def first_infinitive(text: str, limit: int = 14) -> re.Match | None:
    """The first infinitive of the text's first ``limit`` words, not one of a future tense ("где будут проводиться")."""
    words = _words(text)[:limit]
    for k, w in enumerate(words):
        token = w.group(0).strip("«»\"")
        if (token[:1].islower() or token.istitle()) and is_infinitive(token) and not (
                k and words[k - 1].group(0).lower() in ("будет", "будут")):
            return w
    return None


def named_elsewhere(text: str, meta: DocumentMeta, offset: int) -> list[Responsible]:
    """The body a sentence puts in charge other than as its subject: "ответственный – …", the object
    of a request ("просит руководителей МОУО направить"), "… возложить на управление …", or the persons
    named in brackets at its end."""
    inline = O.RESPONSIBLE_INLINE.search(text)
    if inline:     # "(отв. – Иванова И.И., до 10.10.2023)": the term is not part of the name
        who = _before_term(inline.group("who")).rstrip(" ,")
        close = text.find(")", inline.end())
        if (text[inline.end() - 1] == ";" and "(" in text[inline.start():inline.start("who")] and close > 0
                and not has_term(text[inline.end():close]) and not re.search(r"срок", text[inline.end():close], re.I)):
            who = text[inline.start("who"):close]     # "(отв. Осипенко Т.В., директор …; Ромащенко Л.А., …)": each
        return responsible_from(who, meta, "sentence", offset + inline.start("who"))
    delegated = _delegated_to(text)
    if delegated:
        start, end = delegated
        return responsible_from(to_nominative(text[start:end]), meta, "sentence", offset + start)
    obj = object_phrase(text)
    if obj:
        start, end, case = obj
        return responsible_from(to_nominative(text[start:end], case=case), meta, "sentence", offset + start)
    m = O.ASSIGNED_TO.search(text)
    if m:
        return responsible_from(to_nominative(m.group("who"), case="accs"), meta, "sentence", offset + m.start("who"))
    people = O.PERSONS_AT_END.search(text)    # "… (Волкова С.П., Лаптева О.Н.). Срок — …"
    if people:
        return responsible_from(people.group("who"), meta, "sentence", offset + people.start("who"))
    return []


def _delegated_to(text: str) -> tuple[int, int] | None:
    """"… комитету образования администрации района «Читинский район» поручено представить …": the body in the
    dative just before the passive of an instruction is the one to act."""
    m = O.DELEGATED.search(text)
    if not m:
        return None
    words = _words(text[:m.start()])[-12:]
    for w in reversed(words):
        if O.BODY_HEADS.match(w.group(0)) and is_dative(w.group(0)):
            return w.start(), len(text[:m.start()].rstrip(" ,"))
    return None


def subject_phrase(text: str) -> tuple[int, int] | None:
    """Who a sentence or item addresses: a dative phrase at its start ("Школам, показавшим …,
    рекомендуется …"), or a named body before the infinitive ("МБУ «МИМЦ» составить …"), also after a
    directive verb ("Рекомендовать ОГИБДД МО МВД России «Вяземский» провести …")."""
    lead = O.HEAD_VERB.match(text)
    if lead:   # only a body named by its abbreviation: a declined name after the verb is read by the parse
        rest = text[lead.end():]
        first = rest.split(maxsplit=1)[0].strip("«»\"") if rest.strip() else ""
        found = subject_phrase(rest) if O.ABBREVIATION.match(first) else None
        return (lead.end() + found[0], lead.end() + found[1]) if found else None
    words = _words(text)
    if not words:
        return None
    named = O.ABBREVIATION.match(words[0].group(0).strip("«»\"")) or O.BODY_HEADS.match(words[0].group(0))
    # a named body may have a long term before its verb ("ОМВД … (Гусев А.И.) в период с 1 декабря … усилить")
    inf = first_infinitive(text) or (first_infinitive(text, limit=26) if named else None)
    stop = inf.start() if inf else len(text)
    modal = O.MODAL.search(text[:stop])
    if modal:
        stop = min(stop, modal.start())
    first = words[0].group(0).strip("«»\"")
    if first.lower() in PREPOSITIONS or not inf:
        return None
    if modal and O.REQUEST.fullmatch(modal.group(0)) and not is_dative(first):
        return None   # "Департамент просит …": the one who asks is not the one who acts
    phrase = text[:stop]
    for cut in (TRAILING_CLAUSE.search(phrase), O.DELEGATED.search(phrase)):   # "Директору НРЦРО поручено с …"
        if cut:
            phrase = phrase[:cut.start()]
    phrase = TRAILING_ADVERB.sub("", _before_term(phrase)).rstrip(" ,–-")
    if not phrase or len(phrase) > 250:
        return None
    if _opens_in_dative(phrase) and (O.BODY_HEADS.search(phrase) or NAMED_PERSON.search(phrase)):
        return 0, len(phrase)      # a body, or anyone named with initials ("Делопроизводителю Загаевой А.")
    if O.BODY_HEADS.match(first) or O.ABBREVIATION.match(first):
        if not any(is_dative(w.group(0)) for w in _words(phrase)[:1]):
            return 0, len(phrase)
    return None


INLINE_LABEL = re.compile(r"\s*(?:(?:\d{1,2}\.){1,3}\d{0,2}|\d{1,2}\))\s+(?=[А-ЯЁ])")
NAMED_PERSON = re.compile(r"[А-ЯЁ][а-яё]+\s+" + O.INITIALS + r"(?![а-яё])")


# a reminder of a duty: "напоминаем о необходимости …", "обращаем внимание на необходимость …" directs, not explains
REMINDED = re.compile(r"\b(?:напомина\w*|обраща\w*\s+(?:ваше\s+)?внимание)\s+(?:на|о)\s+необходимост", re.I)
RELATIVE_CLAUSE = re.compile(r",\s*(?:где|когда|если|(?:в|на|с|для|из)?\s*котор\w+)\b[^,]*,", re.I)
PURPOSE = re.compile(r"\b(?:чтобы|для\s+того|в\s+целях|с\s+целью|позволит|возможност\w*|необходимост\w*)\b", re.I)


def _ordered_with_a_term(s: str) -> bool:
    """An infinitive of order with its own term, the object or the addressee first: "Копии приказов …
    представить в комитет в срок до 13 сентября", "О случаях отказа … сообщать незамедлительно", "Руководителю МОУ СОШ № 5 …, на базе которой …,
    подготовить отчёт до 1 ноября", the term first: "Кроме того, ежемесячно, до 5 числа, направлять …" (not
    an infinitive of purpose: "в целях обеспечить …")."""
    inf = first_infinitive(s, limit=40)
    before = s[:inf.start()] if inf else ""
    purpose = PURPOSE.search(before) and not REMINDED.search(before)   # "напоминаем о необходимости … представить"
    if not inf or purpose or not (has_term(s[inf.start():]) or has_term(before) or O.URGENT.search(s)):
        return False
    # a finite verb before it governs it ("Портал позволяет использовать …", "планирует провести"): no order, unless
    # it stands in a clause of its own ("Проверку … в помещениях, где будут проводиться утренники, провести …"); a
    # reminder's verb governs the duty it names
    main = RELATIVE_CLAUSE.sub(",", before)
    return bool(REMINDED.search(before)) or not any(
        t.startswith("VERB") for w in _words(main) for t in tags(w.group(0).strip("«»\"")))


def _opens_in_dative(phrase: str) -> bool:
    """The phrase's first noun, after its adjectives, is dative ("Главным бухгалтерам …": "главным" alone
    reads as instrumental; "Местной администрации … района": a body's name read first as genitive may be dative)."""
    for w in _words(phrase)[:6]:
        word = w.group(0).strip("«»\"")
        if is_dative(word) or O.BODY_HEADS.match(word) and any("datv" in t and "NOUN" in t for t in tags(word)):
            return True
        if not is_adjective(word):
            return False
    return False


def _before_term(phrase: str) -> str:
    """A term between the addressee and its verb is no part of the name ("Школам до 1 марта утвердить")."""
    quoted = [m.span() for m in QUOTED.finditer(phrase)]
    for d in find_deadlines(phrase, Context()):
        if d.kind != "none" and d.span.start > 0 and not any(a <= d.span.start < b for a, b in quoted):
            return TERM_OPENING.sub("", phrase[:d.span.start])
    return phrase


def object_phrase(text: str) -> tuple[int, int, str] | None:
    """Whom a request names: "просит руководителей МОУО … направить", "рекомендуем органам … обеспечить",
    "Поручить отделу … подготовить", "Обязать руководителей … обеспечить"; the span and its case."""
    directive = O.HEAD_VERB.match(text)
    if directive:
        inf = first_infinitive(text[directive.end():], limit=30)
        verb_at, asked_end = (directive.end() + inf.start(), directive.end()) if inf else (None, None)
    else:
        inf = first_infinitive(text, limit=30)
        modal = O.REQUEST.search(text[:inf.start()]) if inf else None
        verb_at, asked_end = (inf.start(), modal.end()) if modal else (None, None)
    if verb_at is None:
        return None
    words = _words(text[asked_end:verb_at])
    for k, w in enumerate(words):
        token = w.group(0).strip("«»\"")
        if O.BODY_HEADS.match(token):
            while k > 0 and is_adjective(words[k - 1].group(0)):   # "образовательным организациям"
                k -= 1
            start = asked_end + words[k].start()
            cut = re.search(r",|\s(?:в\s+срок|до|не\s+позднее|в\s+течение|также)\s", text[start:verb_at])
            end = start + cut.start() if cut else verb_at
            case = "datv" if is_dative(token) else "accs"
            return start, len(text[:end].rstrip(" ,")), case
    return None


def head_name(text: str) -> str:
    """The addressee of a group head, without a leading directive verb, its closing modal and
    abbreviation definition."""
    t = O.HEAD_NOUN.sub("", O.HEAD_VERB.sub("", text.rstrip().rstrip(":")))
    for_whom = FOR_HEAD.match(text.strip())
    if for_whom:
        return to_nominative(for_whom.group("who").strip(" ,"), case="gent")
    modal = O.MODAL.search(t)
    t = t[:modal.start()] if modal else t
    words = t.split()
    case = "accs" if words and not is_dative(words[0]) and _accusative_person(words[0]) else "datv"
    return to_nominative(_before_term(DEFINITION.sub("", t)).strip(" ,"), case=case)


# an institution named by its form's abbreviation and its name in quotes, a person in brackets after it:
# "ГБУ «Информационно-образовательный центр» (Цыденов А.Д.):", "ГАУ ДПО РБ «Институт …»:", "МКУ «ЦБ»:", "ХакИРОиПК (…):",
# "БУ «Центр …» Минобразования Чувашии (Кузьмина Е.С.):" (its founder after the name)
ABBREVIATED_BODY = re.compile(r"^(?:[А-ЯЁ]{2,}\s+){1,3}[«\"][^»\"]{3,}[»\"](?:\s+[А-ЯЁа-яё-]+){0,3}(?:\s*\([^()]{2,60}\))?\s*:$|"
                              # an abbreviation in mixed case with its head in brackets: "ХакИРОиПК (Жукова С.Г.):"
                              r"^[А-ЯЁ][А-ЯЁа-яё-]*[А-ЯЁ][А-ЯЁа-яё-]*\s*\([^()]{2,60}\)\s*:$")
# an abbreviation alone ("ИРО:", "ГАОУ ДПО СО:"), not a record's verb in capitals ("РЕШИЛИ:", "ПРИКАЗЫВАЮ:")
ABBREVIATION_ALONE = re.compile(r"^[А-ЯЁ]{2,6}(?:\s+[А-ЯЁ]{2,6}){0,3}\s*:$")


# the bodies the items that follow are for: "Только для общеобразовательных организаций:", "Для ДОО:"
FOR_HEAD = re.compile(r"^(?:только\s+)?для\s+(?P<who>[^:]{2,120}):$", re.I)


# a person in the dative heading the items that follow: "Лавровой Н.И.:", "Заместителю директора Н.И. Лавровой:",
# "Гончаренко И.В.:"
PERSON_HEAD = re.compile(r"^(?:[А-ЯЁа-яё]+\s+){0,5}?" + O.DATIVE_PERSON + r"\s*:$")
# a person whose surname does not decline, with the position in the dative after it: "Напцок Б.Ю., начальнику отдела …:"
PERSON_POSITION_HEAD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+" + O.INITIALS + r"\s*,\s*(?:[а-яё]+(?:ому|ему)\s+)?"
                                  r"(?:" + O.POSITION_WORDS + r")\w*?(?:у|ю|ему)\b[^:]{0,250}:$")


# who is bound, in the nominative, and the duties listed after: "Руководитель ППЭ обязан:", "Члены комиссии должны:"
DUTY_HEAD = re.compile(r"^(?P<who>.{3,150}?)\s+(?:обязан[аы]?|должн[аы]|должен)\s*:$", re.I)
DUTY_PERSONS = re.compile(r"(?:\w+\s+)?(?:" + O.ROLE_WORDS + r")", re.I)


def _place_head(text: str, meta: DocumentMeta) -> str | None:
    """A line naming a municipality alone ("Урюпинский муниципальный район", "Городской округ - город Волжский",
    "Волгоград (Департамент по образованию администрации Волгограда)"): the body in its brackets, else the place."""
    t = text.strip()
    if len(t) > 120 or t.endswith((".", ";", ",")) or first_infinitive(t) or has_term(t):
        return None
    bracket = re.search(r"\(([^()]{5,100})\)\s*$", t)
    bare = t[:bracket.start()].strip() if bracket else t
    found = gazetteer().municipalities_in(bare, meta.sender.region) or (   # a city by its name alone: "Волгоград"
        len(_words(bare)) == 1 and gazetteer().municipalities_in("город " + bare, meta.sender.region))
    if not found or len(_words(bare)) > 6 or any(not (PLACE_WORDS.search(w.group(0)) or w.group(0)[:1].isupper())
                                                  for w in _words(bare)):
        return None
    return bracket.group(1) if bracket and O.BODY_HEADS.search(bracket.group(1)) else bare.rstrip(":")


def is_group_head(text: str) -> bool:
    """"Руководителям органов местного самоуправления …:" opens items addressed to them."""
    t = O.HEAD_NOUN.sub("", O.HEAD_VERB.sub("", text.strip()))
    words = _words(t)
    if ABBREVIATED_BODY.match(t) or PERSON_HEAD.match(t) or PERSON_POSITION_HEAD.match(t):
        return True
    duty = DUTY_HEAD.match(t)
    if duty:
        who = duty.group("who")
        return bool(O.BODY_HEADS.match(who) or DUTY_PERSONS.match(who)) and not first_infinitive(who, limit=40)
    if ABBREVIATION_ALONE.match(t):
        return not is_trigger(t) and not any("VERB" in (tags(w)[:1] or [""])[0] for w in t.rstrip(": ").split())
    for_whom = FOR_HEAD.match(t)
    if for_whom and not O.MODAL.search(for_whom.group("who")):
        # bodies, not a purpose ("Для организации диагностики просим вас:"): an adjective, an abbreviation or a
        # body noun in the plural opens them
        first = for_whom.group("who").split()[0].strip("«»\"")
        return bool(is_adjective(first) and O.BODY_HEADS.search(for_whom.group("who")) or O.ABBREVIATION.match(first)
                    or O.BODY_HEADS.match(first) and any("plur" in t for t in tags(first)[:1]))
    # a head closing with ":" and no verb is dative even where the word reads as genitive first ("Администрации
    # городского округа город Елец:")
    first = words[0].group(0) if words else ""
    dative = is_dative(first) or _opens_in_dative(t) or (O.BODY_HEADS.match(first) and any("datv" in g for g in tags(first)))
    # a scan's OCR may read the colon as a stop: a dative body's name alone, no verb in it, still heads its items
    closed = t.endswith(":") or t.endswith(".") and dative and t == text.strip() and not has_term(t) and not any(
        "VERB" in g or "INFN" in g for w in words for g in tags(w.group(0))[:1])
    return bool(closed and words and (dative or _accusative_person(first)) and O.BODY_HEADS.search(t)
                and not first_infinitive(t, limit=40))


ADJECTIVE_ENDING = re.compile(r"(?:ая|яя|ое|ее|ый|ий|ой|ые|ого|его|ому|ему|ых|их)$", re.I)


def _headed_by_body(phrase: str) -> bool:
    """A phrase whose head, its first noun, names a body ("Муниципальные органы …", "МБУ «ИМЦ»"), not a thing
    that merely mentions one ("Отчет о … школьных театров представляется …")."""
    for w in _words(phrase):
        word = w.group(0).strip("«»\"")
        if O.ABBREVIATION.match(word) or O.BODY_HEADS.match(word):
            return True
        # (an adjective's ending, whatever the parse: "Дежурно-диспетчерская служба", pymorphy's noun)
        if any("NOUN" in t for t in tags(word)[:1]) and not ADJECTIVE_ENDING.search(word):
            return False
    return False



def _accusative_person(word: str) -> bool:
    """A person by position in the accusative, as "прошу:" heads its items ("1. Руководителей органов …:",
    "2. Директора ГУ «РЦОИ» (Терентьева Н.Г.):")."""
    return bool(re.match(O.POSITION_WORDS + r"|глав", word, re.I)) and any("accs" in g for g in tags(word))


def is_prose_obligation(sentence: str, regulation: bool = False) -> bool:
    s = sentence.strip()
    if s.endswith(":") or len(s) < 15:
        return False
    inf = first_infinitive(s, limit=20)
    if inf:
        modal = O.MODAL.search(s[:inf.start()])
        if modal or subject_phrase(s):
            return True
    if not regulation and _ordered_with_a_term(s):
        return True
    passive_duty = bool(PRESENT_PASSIVE.search(s) and DUTY_TERM.search(s))
    plural_duty = bool(PRESENT_PLURAL.search(s) and DUTY_TERM.search(s))
    if not (O.MODAL.search(s) or regulation or passive_duty or plural_duty):
        return False
    # the parse: a request verb far from its infinitive; in a regulation, a duty with its term; anywhere,
    # "Сведения представляются … не позднее …" (a plan's or order's present passive with a term)
    analysis = analyse(s) if len(s) < 1500 else None
    if not analysis or not analysis.clauses:
        return False
    if regulation:
        return any(c.terms for c in analysis.clauses) or bool(re.search(r"\bобязан[аоы]?\b", s, re.I))
    first = analysis.clauses[0]
    if passive_duty and first.pattern_id == "task.passive_present" and {"term.by", "term.recurring"} & set(first.terms):
        return True
    # "Образовательные организации представляют … ежемесячно до 5 числа": bodies (plural, so not the issuer
    # telling what it does itself) acting by a present verb with a binding term
    if (plural_duty and first.pattern_id == "task.indicative_present" and first.subject
            and first.plural and {"term.by", "term.recurring"} & set(first.terms)
            and O.BODY_HEADS.search(s[first.subject[0]:first.subject[1]])):
        return True
    return bool(O.MODAL.search(s[:first.verb[0]])) and first.pattern_id == "task.infinitive"


# ------------------------------------------------------------------ numbered items and prose
# what an act approves or sets ("Утвердить: 1.1. Состав …; 1.2. План … на 2025 год"): its parts are no tasks of their own
APPROVES = re.compile(r"^\s*(?:утвердить|одобрить|согласовать|внести|признать|установить|определить)\b", re.I)
CARRIED = "responsible carried from the task before"   # a row's reason: its doer is the task before's (confidence.py)


@dataclass
class _State:
    directive: bool = False
    heads: dict[int, list[Responsible]] = field(default_factory=dict)
    last: Obligation | None = None
    last_block: int = -1
    last_open: bool = False                 # the last item ended with ':' and gathers its sub-items
    since_deadline_line: list[Obligation] = field(default_factory=list)
    carried: list[Responsible] = field(default_factory=list)
    subjects: dict[int, list[Responsible]] = field(default_factory=dict)   # items' own subjects, by depth
    last_depth: int = 0
    item_open: bool = False                 # the last numbered item (task or head) ended with ':'
    item_depth: int = 0
    item_text: str = ""
    closed_depth: int | None = None         # depth of an item that is no task, whose sub-items are none either
    head_terms: dict[int, Deadline] = field(default_factory=dict)   # a head's own term ("Школам до 1 марта:")
    group_terms: list = field(default_factory=list)   # "По пунктам 2–4 срок – …" lines of the current part
    # an item that opens with its term and doer lines, its task in the paragraph after them ("1.2. Срок исполнения: …" /
    # "Ответственные исполнители: …" / "Организовать …"): the item's label and the lines, waiting for the task
    preface: tuple[str | None, int, list[tuple[str, int]]] | None = None     # (number, depth, lines)
    by_place: bool = False                  # the items go by places, each named on a line above its own
    parts_apart: int | None = None          # the depth of the open item whose parts are tasks of their own


RUNNING_MAX = 200


def running_heads(doc: Document, meta: DocumentMeta) -> set[int]:
    """Paragraphs that are a page's running head or foot, not the text: the first or last line of a PDF
    page that repeats on several pages, or only names the document itself ("Постановление администрации …
    от 15.03.2024 № 604")."""
    pages: dict[int, list[Block]] = {}
    for b in doc.blocks:
        if b.locator.page is not None:
            pages.setdefault(b.locator.page, []).append(b)
    edges = {x.index for on_page in pages.values() for x in (on_page[0], on_page[-1])}
    short = [b for b in doc.blocks if b.index in edges and b.kind == "paragraph" and len(b.text) < RUNNING_MAX]
    seen: dict[str, int] = {}
    for b in short:
        key = re.sub(r"\d+", "#", b.text.strip().lower())
        seen[key] = seen.get(key, 0) + 1
    own = meta.reg_number and meta.reg_date and re.compile(
        r"№\s*" + re.escape(meta.reg_number) + r"(?![\w/-])")
    out = set()
    for b in short:
        if first_infinitive(b.text):
            continue
        repeated = seen[re.sub(r"\d+", "#", b.text.strip().lower())] >= 3
        names_itself = own and own.search(b.text) and meta.reg_date.strftime("%d.%m.%Y") in b.text
        if repeated or names_itself:
            out.add(b.index)
    return out


def _extend(ob: Obligation, doc: Document, end: int, ctx: Context) -> None:
    ob.text = re.sub(r"\s+", " ", doc.text[ob.span.start:end]).strip()
    ob.span = Span(start=ob.span.start, end=end)
    if "deadline line" not in ob.reasons:
        dl, _ = choose_deadline(doc.text[ob.span.start:end], ctx, ob.span.start)
        ob.deadline = dl or ob.deadline


def _new(doc: Document, block: Block, start: int, end: int, number: str | None, resp: list[Responsible],
         resp_reason: str | None, ctx: Context) -> Obligation:
    text = doc.text[start:end]
    deadline, n = choose_deadline(text, ctx, start)
    reasons = [r for r in (resp_reason, "deadline ambiguous" if n > 1 else None) if r]
    return Obligation(number=number, text=re.sub(r"\s+", " ", text).strip(), responsible=resp, deadline=deadline,
                      span=Span(start=start, end=end), locator=block.locator, reasons=reasons)


def _default_responsible(state: _State, depth: int, addressed: list[Responsible],
                         issuer: list[Responsible], text: str = "") -> tuple[list[Responsible], str | None]:
    heads = [state.heads[d] for d in sorted(state.heads) if d < depth]
    if heads:
        return heads[-1], None
    subjects = [state.subjects[d] for d in sorted(state.subjects) if d < depth]
    if subjects:   # "4. Служба … представляет: 4.1. Сводка … представляется …"
        return subjects[-1], None
    if addressed:
        return addressed, "responsible implied by the addressee"
    if issuer:
        # an order's or protocol's item naming no one: the doers its sibling before named ("1.2. Руководителям ОО
        # обеспечить …" / "1.3. Провести инструктаж …"; on the seen sets right 12 times where the issuer was right 3),
        # doubted; else the issuing body itself, unless the item reports to it ("… представить в комитет")
        before = state.last.responsible if state.last and state.last_depth == depth else []
        if before and not any(r.source in ("issuer", "addressee") for r in before):
            return before, CARRIED
        if _sent_to(text, issuer):
            return [], "no responsible body"
        return issuer, "responsible implied: the issuing body"
    return [], "no responsible body"


def _sent_to(text: str, bodies: list[Responsible]) -> bool:
    """The task sends something to one of ``bodies`` ("представить в комитет", "направить в адрес управления")."""
    for r in bodies:
        head = r.name.split()[0].lower() if r.name else ""
        if len(head) > 4 and re.search(r"\b(?:в|во|в\s+адрес)\s+" + re.escape(head[:len(head) - 2]), text, re.I):
            return True
    return False


def _head_term(state: _State, depth: int, text: str, start: int, ctx: Context) -> None:
    dl, _ = choose_deadline(text, ctx, start)
    state.head_terms.pop(depth, None)
    if dl is not None:
        state.head_terms[depth] = dl


def _inherit_term(obs: list[Obligation], state: _State, depth: int) -> None:
    """Sub-items without a term of their own take their head's ("Руководителям ОО в срок до 1 октября: …")."""
    terms = [state.head_terms[d] for d in sorted(state.heads) if d < depth and d in state.head_terms]
    for ob in obs:
        if ob.deadline is None and terms:
            ob.deadline = terms[-1]
            ob.reasons.append("deadline from the group head")


def _term_or_doer_line(text: str) -> bool:
    """A "Срок исполнения: …" or "Ответственные исполнители: …" line."""
    return len(text) < 300 and bool(O.DEADLINE_LINE.match(text) or O.RESPONSIBLE_LINE.match(text))


def _deadline_line(text: str, start: int, state: _State, ctx: Context) -> bool:
    """"Срок – 30 июня 2020 года." closes the item (or the group of items) before it."""
    m = O.DEADLINE_LINE.match(text)
    if not (m and len(text) < 160 and state.last is not None):
        return False
    value = text[m.end():]
    said = re.search(r"[.!]\s+[А-ЯЁ]", value)     # "Срок – до пятницы. Кто уже заполнял форму в марте, …": the term's
    dl = parse_deadline(value[:said.start()] if said else value, ctx, start + m.end())     # sentence alone
    if dl is None:   # "Срок: согласно плану работы": a term srok cannot date still closes the items, no list
        for ob in state.since_deadline_line:
            if ob.deadline is None:
                ob.reasons.append(TERM_UNREAD)
        state.since_deadline_line = []
        return True
    for ob in state.since_deadline_line:
        if ob is state.last or ob.deadline is None:
            ob.deadline = None if dl.kind == "none" else dl
            ob.reasons = [r for r in ob.reasons if r != "deadline ambiguous"] + ["deadline line"]
    state.since_deadline_line = []
    return True


def _responsible_line(text: str, start: int, state: _State, meta: DocumentMeta, ctx: Context) -> bool:
    """"Ответственные: руководители ОО. Срок: до 20 мая" names who carries out the items before it,
    in place of a responsible only implied; so does a reminder's "Не исполнили: …" (those still to do it)."""
    m = O.RESPONSIBLE_LINE.match(text) or O.LATE_LINE.match(text)
    targets = {id(o): o for o in state.since_deadline_line + [state.last] if o}
    if not (m and len(text) < 300 and targets):
        return False
    names = re.split(r"[.;]\s*срок", text[m.end():], maxsplit=1, flags=re.I)[0]
    if not re.search(r"[А-ЯЁа-яё]{3,}", re.sub(r"\bтел\w*|\bф\.?\s*и\.?\s*о\.?", "", names, flags=re.I)):
        return False   # a form's blank to fill in ("Ответственный: ________ тел. ______"), no one named
    resp = responsible_from(names, meta, "responsible_line", start + m.end())
    if m.groupdict().get("items"):    # the items the line names, of those it may reach
        refs = item_refs(m.group("items"))
        targets = {k: o for k, o in targets.items() if covers(refs, o.number)}
    for ob in targets.values():
        if not ob.responsible or CARRIED in ob.reasons or \
                any(r.source in ("addressee", "issuer", "group_head") for r in ob.responsible):
            ob.responsible = resp
            ob.reasons = [r for r in ob.reasons if not r.startswith(("responsible implied", "no responsible", CARRIED))]
    dm = O.TERM_IN_LINE.search(text, m.end())
    if dm:   # the line's term is the items' own, as a "Срок – …" line's is
        _deadline_line(text[dm.start():], start + dm.start(), state, ctx)
    return True


def _own_responsible(text: str, offset: int, meta: DocumentMeta) -> list[Responsible]:
    """Who an item or sentence names itself: its opening phrase (surface rules, then the parse's dative
    or named subject before the task verb), "ответственный – …", the object of a request. An item number a
    sentence starts with inside its paragraph ("… 3.2. Дорофеевой С.В. провести …") is not part of the phrase."""
    label = INLINE_LABEL.match(text)
    if label:
        text, offset = text[label.end():], offset + label.end()
    persons = O.PERSONS_COLON.match(text)
    if persons:
        return responsible_from(persons.group("who"), meta, "sentence", offset)
    dash = O.DASH_DOER.match(text)
    if dash and _headed_by_body(re.sub(r"^(?:всем|каждому|каждой)\s+", "", dash.group("who"), flags=re.I)):
        who = re.sub(r"\s*\([^)]*\)\s*$", "", dash.group("who")).strip(" ,")
        first = _words(who)[:1]
        return responsible_from(to_nominative(who) if first and is_dative(first[0].group(0)) else who, meta, "sentence",
                                offset)
    agent = _agent_before_passive(text)
    if agent:
        return responsible_from(to_nominative(text[:agent].strip(), case="ablt"), meta, "sentence", offset)
    own = subject_phrase(text)
    if own:
        return responsible_from(to_nominative(text[own[0]:own[1]]), meta, "sentence", offset + own[0])
    named = named_elsewhere(text, meta, offset)
    if named:
        return named
    first = _words(text)[:1]
    if not first or is_infinitive(first[0].group(0)) or len(text) >= 1500 or not _may_open_with_a_body(text):
        return []      # an item that opens with its task verb, or with what is to be done, names no one before it
    analysis = analyse(text)
    subject = analysis.clauses[0].subject if analysis and analysis.clauses else None
    if subject and _headed_by_body(text[subject[0]:subject[1]]):   # "Служба … представляет …"
        a, b, case = subject
        name = text[a:b] if case == "nomn" else to_nominative(text[a:b], case=case)
        return responsible_from(name, meta, "sentence", offset + a)
    if analysis and analysis.addressee:
        a, b = analysis.addressee
        case = "datv" if analysis.addressee_pattern == "addressee.dative_opening" else "nomn"
        phrase = DEFINITION.sub("", text[a:b]).strip(" ,")
        return responsible_from(to_nominative(phrase, case=case) if case == "datv" else phrase, meta, "sentence",
                                offset + a)
    return []


def _agent_before_passive(text: str) -> int | None:
    """"Управлением запланировано провести …", "Комитетом организовано …": a body opening the sentence in the
    instrumental before a short passive participle is who acts; where its name ends."""
    words = _words(text)[:8]
    if not words or not O.BODY_HEADS.match(words[0].group(0)) or not any(
            "ablt" in t and "NOUN" in t for t in tags(words[0].group(0))[:1]):
        return None
    return next((w.start() for w in words[1:] if any(t.startswith("PRTS") for t in tags(w.group(0))[:1])), None)


def _may_open_with_a_body(text: str) -> bool:
    """Only an item opening with a body (a body noun, a dative, an adjective, an abbreviation, a quoted
    name) can name its addressee or subject before the verb, and only a present
    passive its agent after it ("… проводится органами …"): elsewhere the parse is not asked."""
    first = _words(text)[0].group(0)
    w = first.strip("«»\"").split("-")[-1]           # "Дежурно-диспетчерская служба …"
    return bool(O.BODY_HEADS.match(w) or is_dative(w) or any(t.startswith(("ADJF", "PRTF")) for t in tags(w))
                or re.fullmatch(r"[А-ЯЁA-Z]{2,}", w) or first.startswith("«") or PRESENT_PASSIVE.search(text))


def _clause_spans(text: str) -> list[tuple[int, int]]:
    """The tasks of one item or sentence: one span each where the parse sets conjoined tasks apart
    (", а также обеспечить …"; "провести … до 20 мая и представить … до 25 мая" where each has its own
    term), else the whole text."""
    # "и" sets a task apart only where each side has its own term: with fewer than two terms, no parse
    joined = (JOINT.search(text) or _and_infinitive(text) and (len(find_deadlines(text, Context())) > 1
                                                                or AND_TERM.search(text))) and \
        len(text) < 1500 and first_infinitive(text, limit=200)
    analysis = analyse(text) if joined else None
    comma = _comma_task(text) if not joined and len(text) < 1500 else None
    if comma:
        return [(0, len(text[:comma].rstrip(" ,"))), (comma, len(text))]
    if not analysis or len(analysis.clauses) < 2:
        # "направить сведения до 15 мая, а в срок до 1 июня – план мероприятий": the verb is left out
        gaps = [m.end() for m in GAPPED.finditer(text)] if joined else []
        bounds = [0] + gaps + [len(text)]
        return _before_joints(text, [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)])
    cuts = [c.span[0] for c in analysis.clauses[1:]]
    bounds = [0] + cuts + [len(text)]
    spans = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    merged = spans[:1]
    for (a, b), clause in zip(spans[1:], analysis.clauses[1:]):
        own_term = has_term(text[a:b]) and (has_term(text[merged[-1][0]:a]) or AND_TERM.match(text, max(a - 3, 0)))
        if clause.joint == "and" and not own_term:
            merged[-1] = (merged[-1][0], b)     # "разработать и утвердить план до 1 марта": one task
        else:
            merged.append((a, b))
    return _before_joints(text, merged)


SUBORDINATE = re.compile(r"котор|\bдля\b|\bесли\b|\bкак\b", re.I)   # a clause of the task before the comma


def _comma_task(text: str) -> int | None:
    """A second task after a comma, its object first and its own term, the first one having its own: "предоставить
    класс для олимпиады 3 декабря 2024 г., проверку оборудования провести не позднее 29.11.2024" (not a clause
    of the first: "…, на котором рассмотреть …", "…, чтобы обеспечить …")."""
    for m in re.finditer(r",\s+", text):
        before, after = text[:m.start()], text[m.end():]
        inf = first_infinitive(after, limit=6)
        if inf and not (PURPOSE.search(after[:inf.start()]) or SUBORDINATE.search(after[:inf.start()])) \
                and has_term(after) and has_term(before) and first_infinitive(before, limit=200):
            return m.end()
    return None


def _semicolon_items(text: str) -> list[tuple[int, int]]:
    """The tasks of a sentence that lists them after one request, split by semicolons, each opening with its
    verb (a term or an adverb may stand before it: "до 23 января провести …", "ежедневно вносить …");
    the whole text where no part after a semicolon opens so."""
    cuts = [m.end() for m in SEMICOLON.finditer(text) if first_infinitive(text[m.end():], limit=8)]
    if not cuts or not first_infinitive(text[:cuts[0]], limit=200):
        return [(0, len(text))]
    bounds = [0] + cuts + [len(text)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _before_joints(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each task's text ends before the joint to the next ("… графики консультаций | и в срок до …")."""
    return [(a, a + len(JOINT_TAIL.sub("", text[a:b])) if k + 1 < len(spans) else b) for k, (a, b) in enumerate(spans)]


def _and_infinitive(text: str) -> bool:
    """An infinitive a few words after "и" (an adverb or a term may stand between): maybe a second task."""
    return any(is_infinitive(w.strip("«»\"")) for m in AND_WORDS.finditer(text + " ") for w in m.group(1).split())


def _share_term(obs: list[Obligation], ctx: Context) -> list[Obligation]:
    """Tasks split from one sentence where only the last names a term ("провести собрания, а также
    представить протоколы до 25 мая"): the term closes the whole sentence, so each task has it. A term
    counted from an event ("… олимпиады 10 декабря и передать записи в течение 3 рабочих дней после окончания
    олимпиады") counts from the one day the task before it names."""
    for before, o in zip(obs, obs[1:]):
        day = before.deadline
        if o.deadline is not None or not (day and day.kind == "on" and day.end):
            continue
        counted = next((d for d in find_deadlines(o.text, ctx, o.span.start) if d.kind == "relative" and not d.end),
                       None)
        again = parse_deadline(counted.raw, replace(ctx, event=day.end)) if counted else None
        if again and again.end:
            o.deadline = counted.model_copy(update={"end": again.end})
    dated = [o for o in obs if o.deadline is not None]
    last = obs[-1].deadline
    opens = last is not None and last.span is not None and last.span.start - obs[-1].span.start < 3
    if len(obs) > 1 and dated == obs[-1:] and not opens:   # ("… и до 5 апреля провести …": the term is the last's)
        for o in obs[:-1]:
            o.deadline = obs[-1].deadline
    return obs


def _retold(text: str, meta: DocumentMeta) -> bool:
    """What another body's act asked of others, retold ("В письме Минпросвещения России органам … рекомендовано …"):
    no task of this document; an act of its sender, or one asking its sender by name ("Письмом министерства …
    комитету образования … поручено представить …" in the комитет's reply), still binds it."""
    m = O.RETOLD.match(text)
    if not m:
        return False
    named = m.group("issuer").lower()      # the act's author and whom it asked
    return not any(h.group(0).lower() in named for h in O.BODY_HEADS.finditer(meta.sender.name or ""))


def _not_a_task(text: str, regulation: bool) -> bool:
    """Records and norms, not tasks: "принять к сведению", "вступает в силу"; in an attached regulation,
    its rules ("следует", "должны", "может быть") and any sentence with no term and no duty."""
    if O.NOT_A_TASK.match(text):
        return True
    if not (regulation or NOT_TASK_WORDS.search(text)) or len(text) >= 1500:
        return False
    analysis = analyse(text)
    if analysis is None:
        return False
    marks = set(analysis.not_task)
    if marks - {"not_task.norm"}:     # every not_task pattern but a regulation's norm marks a record
        return True
    if regulation:
        if "not_task.norm" in marks:
            return True
        duty = re.search(r"\bобязан[аоы]?\b", text, re.I)
        return not duty and not any(c.terms for c in analysis.clauses)
    return False


def _reread_responsible(ob: Obligation, doc: Document, meta: DocumentMeta) -> None:
    """An item cut by a page break before its verb: who it names is read again from its whole text."""
    if not any(r.startswith(("responsible implied", "no responsible")) for r in ob.reasons):
        return
    own = _own_responsible(doc.text[ob.span.start:ob.span.end], ob.span.start, meta)
    if own:
        ob.responsible = own
        ob.reasons = [r for r in ob.reasons if not r.startswith(("responsible implied", "no responsible"))]


PLACE_NAME = re.compile(r"(?:город\w*|г\.)\s+[А-ЯЁ][\w-]+|[А-ЯЁ][а-яё-]+(?:ого|его|ий|ый|ой)\s+(?:городск\w+\s+|"
                        r"муниципальн\w+\s+)?(?:район|округ)\w*")


def _only_places(text: str, region: str | None) -> bool:
    """An item that is only the name of a municipality or two ("города Когалыма;", "Кондинского района")."""
    t = text.strip(" .,;:\n")
    if not t or len(t) > 120 or first_infinitive(t) or O.BODY_HEADS.search(t):
        return False
    if PLACE_NAME.fullmatch(t):
        return True
    return sum(m.end - m.start for m in gazetteer().municipalities_in(t, region)) >= 0.6 * len(t)


def _is_task_text(text: str) -> bool:
    """An item's words carry a task: an infinitive or modal near its start, or a task verb the parse finds
    further on (a long name before it, a request verb far from its infinitive)."""
    if first_infinitive(text) or O.MODAL.search(text) or _ordered_with_a_term(text) or O.DOER_AND_TERM.search(text) \
            or O.SENT_THERE.match(text) and has_term(text):
        return True     # ("2. Отчет об исполнении … представить … не позднее 14 мая 2025 года"; "… Ответственные: …; срок: …")
    analysis = analyse(text) if len(text) < 1500 else None
    if not analysis or not analysis.clauses:
        return False
    first = analysis.clauses[0]
    # an infinitive deep in a sentence ("… возможность получить …") is a task only after the one who does it
    return bool(analysis.addressee) or first.pattern_id in MODAL_TASKS


def paragraph_obligations(doc: Document, meta: DocumentMeta, lay: Layout, ctx: Context,
                          skip: set[int] = frozenset(), cursor: Cursor | None = None) -> list[Obligation]:
    addressed = [r for a in meta.addressees for r in responsible_from(a, meta, "addressee")]
    issuer = responsible_from(meta.sender.name, meta, "issuer") if meta.sender.name and meta.doc_type in (
        "order", "protocol", "instructions") else []
    doc_parts = outline.parts(doc, lay.body_start_block)
    state = _State()
    nesting = outline.Nesting()
    out: list[Obligation] = []
    prev: Block | None = None
    pending: tuple[int, str | None, int] | None = None      # an item not yet a task whose sentence goes on
    cursor = cursor or Cursor()
    running = running_heads(doc, meta)
    part_first = 0                                           # where the current part's obligations begin in ``out``
    for block in doc.blocks[lay.body_start_block:]:
        cursor.block = block.index
        if block.index in skip:
            prev, pending = None, None
            continue
        if block.index in running:
            continue     # a page's running head between an item and its sub-items breaks nothing
        if block.kind == "table":
            state.last_open = False
            prev, pending = None, None
            continue
        if block.kind not in ("paragraph", "textbox"):
            continue
        _, part = outline.part_of(doc_parts, block.index)
        regulation = part.kind == "regulation"
        if part.block == block.index and part.kind != "main":
            state.heads, state.subjects, state.directive, state.last, state.closed_depth = {}, {}, False, None, None
            state.by_place = False
            apply_group_terms(out[part_first:], state.group_terms)
            state.group_terms, part_first = [], len(out)
        text = block.text
        start = block.span.start
        groups = read_group_line(text, start, ctx)
        if groups:
            state.group_terms += groups
            state.since_deadline_line = []     # the items before it have their term, or are not of the group
            prev = block
            continue
        lab = outline.label(block, max(state.heads, default=0))
        if state.preface and _term_or_doer_line(text) and not lab:
            state.preface[2].append((text, start))
            prev = block
            continue
        if lab and lab.kind == "number" and _term_or_doer_line(text[lab.body:]):
            m = O.ITEM_LABEL.match(text)
            number = m.group("num") if m else None
            depth = nesting.place(lab, number, text[lab.body:], state.item_open, state.item_depth, state.item_text)
            state.item_open, state.item_depth, state.item_text = False, depth, text[lab.body:]
            state.preface = (number, depth, [(text[lab.body:], start + lab.body)])
            prev = block
            continue
        if state.preface and not lab and _is_task_text(text):
            number, depth, lines = state.preface
            state.preface = None
            out.extend(_item(doc, meta, block, start, depth, number, state, addressed, issuer, ctx, regulation))
            for line, at in lines:      # the lines stood before the task: they are its own
                _deadline_line(line, at, state, ctx) or _responsible_line(line, at, state, meta, ctx)
            prev = block
            continue
        state.preface = None
        if _deadline_line(text, start, state, ctx) or _responsible_line(text, start, state, meta, ctx):
            prev = block
            continue
        goes_on = outline.continues(prev, block)
        prev = block
        if goes_on and state.last is not None and state.last_block == block.index - 1:
            _extend(state.last, doc, block.span.end, ctx)          # the item's text went on in a new paragraph
            _reread_responsible(state.last, doc, meta)
            state.last_block = block.index
            continue
        if goes_on and pending is not None:                        # an item cut before its verb by a page break
            depth, number, body_start = pending
            pending = None
            ob = _item(doc, meta, block, body_start, depth, number, state, addressed, issuer, ctx, regulation)
            out.extend(ob)
            continue
        pending = None
        m = O.ITEM_LABEL.match(text)
        if (lab and lab.kind in ("letter", "bullet") and state.last_open and state.last is not None
                and not first_infinitive(doc.text[start + lab.body:block.span.end], limit=8)):
            # a sub-item naming a part of its parent's task ("а) проведение …;") belongs to it; one with a verb of its
            # own ("а) утвердить … в срок до …") is a task of its own, read below as an item
            _extend(state.last, doc, block.span.end, ctx)
            state.last_block = block.index
            continue
        if lab and (lab.kind != "bullet" or state.directive):   # bullets are tasks too after "прошу:"
            body_start = start + lab.body
            body = doc.text[body_start:block.span.end]
            number = (m.group("num") or m.group("letter")) if m else None
            if block.list_level is None or block.list_level == 0:
                depth = nesting.place(lab, m.group("num") if m else None, body, state.item_open,
                                      state.item_depth, state.item_text)
            else:
                depth = lab.depth
            if _only_places(body, meta.sender.region):
                continue      # "- города Когалыма;": a list of the places the addressees are, no task
            state.item_open, state.item_depth, state.item_text = body.rstrip().endswith(":"), depth, body
            for d in [d for d in state.heads if d >= depth]:
                del state.heads[d]
            for d in [d for d in state.subjects if d >= depth]:
                del state.subjects[d]
            if O.BY_PLACES.match(body):
                state.directive = state.by_place = True
                continue
            if is_group_head(body):
                state.heads[depth] = responsible_from(head_name(body), meta, "group_head", body_start)
                _head_term(state, depth, body, body_start, ctx)
                state.directive = True
                continue
            if state.closed_depth is not None and (depth > state.closed_depth or lab.kind in ("bullet", "letter")):
                continue                                           # a part of an item that is no task
            state.closed_depth = None
            if (state.last_open and state.last is not None and depth > state.last_depth
                    and not _is_task_text(body)):
                if not APPROVES.match(state.last.text) and (state.parts_apart == state.last_depth or has_term(body)
                                                             and state.last.span.end < block.span.start):
                    # "3.3. обеспечить: 3.3.1. информирование … не позднее чем за 10 дней …; 3.3.2. сбор заявлений …":
                    # parts with terms of their own are tasks of their own, their parent's verb and doers understood
                    ob = _new(doc, block, body_start, block.span.end, number, state.last.responsible, None, ctx)
                    if state.last in out and len(state.last.text) < 60 and state.last.text.endswith(":"):
                        out.remove(state.last)    # "обеспечить:" alone is no task beside its parts
                    out.append(ob)
                    state.since_deadline_line.append(ob)
                    state.parts_apart = state.last_depth
                    continue
                _extend(state.last, doc, block.span.end, ctx)      # "2. Обеспечить: 2.1. проведение …; 2.2. …"
                state.last_block = block.index
                continue
            if not state.directive and not body.rstrip().endswith((".", ":", ";")) and not _is_task_text(body):
                pending = (depth, number, body_start)
                continue
            out.extend(_item(doc, meta, block, body_start, depth, number, state, addressed, issuer, ctx, regulation))
            continue
        if state.heads and state.item_open and text[:1].islower() and first_infinitive(text, limit=1):
            # "1. Министерству …:" then "обеспечить …" with no label of its own: a sub-item of that head
            out.extend(_item(doc, meta, block, start, max(state.heads) + 1, None, state, addressed, issuer, ctx,
                             regulation))
            prev = block
            continue
        if state.directive and text[:1].islower() and text.rstrip().endswith((";", ".")) and \
                first_infinitive(text, limit=15) and not _not_a_task(text, regulation):
            # "… просит:" then clauses with no label, each ending with ";": the items of that request
            out.extend(_item(doc, meta, block, start, max(state.heads, default=0) + 1, None, state, addressed, issuer,
                             ctx, regulation))
            prev = block
            continue
        # a paragraph of prose: a directive opening a list, or sentences that are obligations themselves; a list
        # restarting at "1." after it is no sub-list of the item before it ("3. СЛУШАЛИ: …" / "РЕШИЛИ:" / "1. …")
        state.last_open, state.closed_depth, state.item_open = False, None, False
        if is_group_head(text):
            state.heads = {0: responsible_from(head_name(text), meta, "group_head", start)}
            _head_term(state, 0, text, start, ctx)
            state.directive = True
            continue
        place = _place_head(text, meta) if state.directive or state.by_place else None   # (the gazetteer only there)
        if place:
            # "3. По муниципальным образованиям:" / "Камышинский муниципальный район" / "- принять меры …": the
            # place's bodies do the items under its name (its body named in brackets, where it is)
            state.heads = {0: responsible_from(place, meta, "group_head", start)}
            state.directive = state.by_place = True
            continue
        if is_trigger(text):
            state.directive = True
            state.heads = {d: r for d, r in state.heads.items() if d == 0}
            continue
        state.directive = False
        state.heads = {}
        if O.SPOKE.match(text):
            continue
        for s, e in sentences(text):
            sentence = text[s:e]
            items = _semicolon_items(sentence)
            head = sentence[:items[0][1]]
            if not is_prose_obligation(head, regulation) or _not_a_task(head, regulation) or _retold(head, meta):
                continue
            resp, why = _own_responsible(sentence, start + s, meta), None
            if not resp and O.EXTENSION.search(sentence) and meta.sender.name:
                # "просим продлить срок представления отчёта до …": the task and the new term are the asker's own
                resp, why = responsible_from(meta.sender.name, meta, "replying_body"), "responsible: the body asking"
            if not resp and state.carried:
                resp, why = state.carried, CARRIED
            elif not resp:
                resp, why = _default_responsible(state, max(state.subjects, default=0) + 1, addressed, issuer, sentence)
            # a term closing one semicolon item is that item's, not the sentence's
            obs = [o for i, j in items if not (i and _not_a_task(sentence[i:j], regulation))
                   for o in _share_term([_new(doc, block, start + s + i + a, start + s + i + b, None, resp, why, ctx)
                                         for a, b in _clause_spans(sentence[i:j])], ctx)]
            out.extend(obs)
            state.last, state.last_block = obs[-1], block.index
            state.carried = resp
            state.since_deadline_line = [out[-1]] if out else []
    apply_group_terms(out[part_first:], state.group_terms)
    return out


def _item(doc: Document, meta: DocumentMeta, block: Block, body_start: int, depth: int, number: str | None,
          state: _State, addressed: list[Responsible], issuer: list[Responsible], ctx: Context,
          regulation: bool) -> list[Obligation]:
    """The obligations of one numbered item (its text from ``body_start`` to the end of ``block``)."""
    body = doc.text[body_start:block.span.end]
    if _not_a_task(body, regulation):
        state.last_open = False
        state.closed_depth = depth if body.rstrip().endswith(":") else None   # "2. Признать утратившими силу: 2.1. …"
        return []
    if O.TOPIC.match(body) and not _is_task_text(body):
        state.last_open, state.directive = False, False      # the decisions on it follow their own "Решили:"
        return []
    if not (state.directive or _is_task_text(body)):
        state.last_open = False
        own = _own_responsible(body, body_start, meta)
        if own:   # "4. Служба … представляет: …" — its sub-items are its tasks
            state.subjects[depth] = own
        return []
    resp, why = _own_responsible(body, body_start, meta), None
    if resp:
        state.subjects[depth] = resp
    else:
        resp, why = _default_responsible(state, depth, addressed, issuer, body)
    obs = _share_term([_new(doc, block, body_start + a, body_start + b, number, resp, why, ctx)
                       for a, b in _clause_spans(body)], ctx)
    _inherit_term(obs, state, depth)
    state.last, state.last_block, state.last_open = obs[-1], block.index, body.rstrip().endswith(":")
    state.last_depth, state.parts_apart = depth, None
    state.since_deadline_line.extend(obs)
    return obs


def _paragraphs_degrading(doc: Document, meta: DocumentMeta, lay: Layout, ctx: Context,
                          failures: Failures) -> list[Obligation]:
    """The items and prose, read again without a block whose reading raised (the rules are stateful across
    blocks, so the rest is read anew rather than resumed)."""
    skip: set[int] = set()
    while True:
        cursor = Cursor()
        try:
            return paragraph_obligations(doc, meta, lay, ctx, skip, cursor)
        except Exception as exc:   # noqa: BLE001 — one unreadable block must not cost the document
            if cursor.block is None or cursor.block in skip:
                failures.record("пункты и абзацы", exc)
                return []
            failures.record("абзац", exc, cursor.block)
            skip.add(cursor.block)


def _table_owner(doc: Document, meta: DocumentMeta) -> list[Responsible]:
    """Whose a task table without a responsible column is: a reply's rows are the replying body's, a letter's
    or a предписание's rows its addressees', a plan's or an order's the issuing body's own."""
    if meta.sender.name and is_report(doc, meta):
        return responsible_from(meta.sender.name, meta, "replying_body")
    if meta.doc_type in ("letter", "other") and meta.addressees:
        return [r for a in meta.addressees for r in responsible_from(a, meta, "addressee")]
    return responsible_from(meta.sender.name, meta, "issuer") if meta.sender.name else []


def _same_body(a: str, b: str) -> bool:
    """Two mentions of one body or person: a surname in common ("Кузнецовой Е.В." / "(Кузнецова Е.В.)"), or
    four words of the name in a row, whatever their case ("отдела общего образования Управления")."""
    def words(t: str) -> list[str]:
        return [w[:5].lower() for w in re.findall(r"[А-ЯЁа-яё]{3,}", t)]
    if O.surnames(a) & O.surnames(b):
        return True
    wa, wb = words(a), words(b)
    return any(wa[i:i + 4] == wb[j:j + 4] for i in range(len(wa) - 3) for j in range(len(wb) - 3))


def _spare_addressees_with_own_tasks(obligations: list[Obligation]) -> None:
    """A letter to several addressees that gives one of them a task by name ("отделу общего образования …
    обобщить …") means its other tasks are for the others: that one is dropped where it is only implied (not
    where its own task is one more: "Управлению образования … района дополнительно …")."""
    more = {r.name for ob in obligations for verb in [first_infinitive(ob.text)]
            if verb and ADDITIONAL.search(ob.text[:verb.start()]) for r in ob.responsible}
    named = [r.name for ob in obligations for r in ob.responsible
             if r.source not in ("addressee", "issuer") and r.name not in more]
    for ob in obligations:
        implied = [r for r in ob.responsible if r.source == "addressee"]
        if len(implied) < 2:
            continue
        rest = [r for r in implied if not any(_same_body(r.name, n) for n in named)]
        if rest and len(rest) < len(implied):
            ob.responsible = [r for r in ob.responsible if r.source != "addressee" or r in rest]


def _same_term_as_before(obligations: list[Obligation]) -> None:
    """"В тот же срок просим представить …": a task with no term of its own but this takes the one before it."""
    for before, ob in zip(obligations, obligations[1:]):
        if ob.deadline is None and before.deadline is not None and DR.SAME_TERM.search(ob.text):
            ob.deadline = before.deadline.model_copy()


def _the_day_it_takes_part_in(obligations: list[Obligation], doc: Document, ctx: Context) -> None:
    """"… 22 января 2027 года в 10.00 состоится вебинар …. Просим обеспечить участие в вебинаре …": a task of taking
    part with no term of its own is due the one day its paragraph says the event takes place."""
    for ob in obligations:
        part = re.search(DR.TAKING_PART, fold(ob.text)) if ob.deadline is None else None
        if not part:
            continue
        block = doc.block_at(ob.span.start)
        stem = part.group("event")[:5]
        days = {d.end for a, b in sentences(block.text) for sentence in [block.text[a:b]]
                if re.search(DR.TAKES_PLACE, fold(sentence)) and re.search(rf"\b{stem}", fold(sentence))
                for d in find_deadlines(sentence, ctx) if d.kind == "on" and d.end and not d.start}
        if len(days) == 1:
            ob.deadline = Deadline(raw="", end=days.pop(), kind="on")


def _the_title_term(obligations: list[Obligation], meta: DocumentMeta, ctx: Context) -> None:
    """"О представлении сведений в срок до 14.01.2027": a letter's subject line giving one term gives it to the
    requests in prose that name none of their own, or only the whole year they are about ("квоты … в 2027 году")."""
    if meta.doc_type != "letter":
        return
    terms = [d for d in find_deadlines(meta.title or "", ctx) if d.kind == "by" and d.end]
    if len(terms) != 1:
        return
    for ob in obligations:
        if (ob.deadline is None or whole_year(ob.deadline)) and ob.locator.table is None:
            ob.deadline = terms[0].model_copy(update={"span": None})
            ob.reasons.append("deadline from the title")


def _event_in_title(meta: DocumentMeta) -> dt.date | None:
    """The one day the title dates ("Об организации проведения итогового сочинения 4 декабря 2024 года"),
    which terms "за 3 дня до начала проведения" count from."""
    days = [d.end for d in find_deadlines(meta.title or "", Context(doc_date=meta.reg_date))
            if d.kind in ("on", "by") and d.end and not d.start]
    return days[0] if len(days) == 1 else None


def extract_obligations(doc: Document, meta: DocumentMeta, lay: Layout,
                        failures: Failures | None = None) -> list[Obligation]:
    failures = failures or Failures(doc)
    doc_date = meta.reg_date or meta.date_in_title or (meta.period[0] if meta.period else None)
    ctx = Context(doc_date=doc_date, period=meta.period, event=_event_in_title(meta),
                  next_meeting=next_meeting_date(doc.text, doc_date),
                  meeting=doc_date if meta.doc_type == "protocol" else None,
                  plan_from=meta.period[0] if meta.doc_type == "plan" and meta.period else None)
    obligations = _paragraphs_degrading(doc, meta, lay, ctx, failures)
    reported = failures.attempt("отчёт об исполнении", lambda: reported_tasks(doc, meta, lay, ctx, bool(obligations)), [])
    if reported:   # a reply's restated tasks replace what the prose rules made of the same paragraphs
        theirs = {id(doc.block_at(r.span.start)) for r in reported}
        obligations = [o for o in obligations if id(doc.block_at(o.span.start)) not in theirs] + reported
    previous = None      # the last task table and its columns, which a headerless table may continue
    own = _table_owner(doc, meta)
    for block in doc.blocks:
        if block.kind == "table":
            inherited = continued_header(block, previous)
            rows = failures.attempt("таблица", lambda: table_obligations(block, meta, ctx, inherited, own), [],
                                    block.index)
            term_below(doc, block, rows, ctx)
            obligations.extend(rows)
            found = task_header(block)
            previous = (block, found[1]) if found else (block, inherited) if inherited else None
    _spare_addressees_with_own_tasks(obligations)
    _same_term_as_before(sorted(obligations, key=lambda o: o.span.start))
    _the_day_it_takes_part_in(obligations, doc, ctx)
    _the_title_term(obligations, meta, ctx)
    apply_keyed_terms(doc, obligations, ctx)
    starts = [doc.blocks[p.block].span.start for p in outline.parts(doc, lay.body_start_block)[1:]]
    defined = definitions(doc.text)
    people = roster(doc) if meta.doc_type == "protocol" else {}
    for ob in obligations:
        ob.part = 1 + sum(ob.span.start >= s for s in starts)   # the order itself, then each attached part
        for r in ob.responsible:
            # an abbreviation ("МОУО") the document defines is named in full with it in brackets; a short name in
            # words ("Управление") is replaced by what it stands for; either is placed by the full name
            key = r.name.strip("«»\" ")
            r.full_name = defined.get(key)
            spelt_out = r.full_name is not None and not O.ABBREVIATION.match(key)
            if r.full_name is None and r.scope == "body" and people and not gazetteer().municipalities_in(r.name):
                r.full_name = entry_of(r.name, people)   # a person the protocol's attendance list places
            if r.full_name:
                placed = locate(r.full_name, meta, r.source, r.span)
                r.scope, r.region, r.municipality = placed.scope, placed.region, placed.municipality
                if spelt_out:
                    r.name = r.full_name
                elif key in defined and key not in r.full_name:
                    # "УО" means one body in this document and another in the next: the register names it in full
                    r.name = f"{r.full_name} ({key})"
    return sorted(obligations, key=lambda o: o.span.start)
