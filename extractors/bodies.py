"""Responsible bodies: split a list of bodies into names, and locate each (scope, region, municipality)."""
from __future__ import annotations

import re

from extractors import obligation_rules as O
from extractors.gazetteer import gazetteer
from extractors.nlp import is_adjective, is_participle, rejoined, tags, to_nominative
from schemas.document import Span
from schemas.extraction import DocumentMeta, Responsible

# "Департамент государственной политики и управления в сфере …" (a federal ministry's department) is one name
SPLIT = re.compile(r"[,;\n]|(?<!политики)\s+и\s+(?=[А-ЯЁA-Z«\"]|муниципальн|образовательн|общеобразовательн|"
                   r"руководител|отдел|управлени|школ|учрежд|организац)")
NAMED = re.compile(r"[«\"][^»\"]{2,}[»\"]")   # a proper name in quotes: one institution, not a class of bodies
# unless places in the plural follow it: one such body in each ("учреждений «Управление образования» районов")
NAMED_PER_PLACE = re.compile(r"[»\"]\s+(?:[а-яё]+\s+){0,2}(?:районов|округов|образований|поселений)\b", re.I)
CIRCUMSTANCE = {"при", "в", "во", "для", "с", "со", "согласно", "по", "на"}   # a chunk opening so is no body name
# "Петрова А.С., главный специалист отдела": a person and the position after it name one responsible
# (or named in full: "Тарасова Елена Викторовна, заведующий кафедрой")
PERSON = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+(?:[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?|"
                    r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична|ич))$")
POSITION = re.compile(r"(?:главн|ведущ|старш|перв)?\w*\s*(?:" + O.POSITION_WORDS + r")", re.I)
# what a responsible's name may be besides a body or a position (names_a_doer): a person ("Иванова И.И.", "И.И.
# Иванова"), a place ("Ахтубинский район"), an abbreviation ("ИРО", "МОУО"), people by role ("члены комиссии",
# "классные руководители") (looser than a signature's O.SIGNED_NAME: a table's cell drops the last stop or one
# initial, "Руденко О.В")
PERSON_NAME = re.compile(r"[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]?\.?|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+")
PLACE_WORDS = re.compile(r"район|округ|город|област|кра[йя]|республик|поселени|\bг\.|муниципальн", re.I)
ROLE_WORDS = re.compile(O.ROLE_WORDS, re.I)
TOGETHER = re.compile(r"\s+совместно\s+со?\s+", re.I)
REGIONAL_CLASS = re.compile(r"\bрегиональн\w+\s+(?!\w+\s+(?:российской|рф)\b)", re.I)
DEFINITION = re.compile(r"\(\s*далее\s*[-–—]?\s*(?P<abbr>[^)]{1,40})\)", re.I)
# a key of the abbreviations a plan uses: "Используемые сокращения: УО – Управление образования …; ОО – …"
ABBREVIATION_KEY = re.compile(r"(?:^|\n)\s*(?:список\s+|перечень\s+)?(?:(?:используем|принят|условн)\w*\s+)?(?:сокращени|обозначени)\w*"
                              r"\s*:?[ \t]*", re.I)
KEY_ENTRY = re.compile(r"^\s*(?P<abbr>[А-ЯЁA-Z][А-ЯЁA-Zа-яё]*[А-ЯЁA-Z][А-ЯЁA-Zа-яё]*(?:\s*[«\"][^»\"]{1,30}[»\"])?)\s*[-–—]\s*"
                       r"(?P<full>[^;\n]{3,200}?)\s*[.;]?\s*$")


def _protected(text: str) -> list[tuple[int, int]]:
    """Quoted names, parentheses and the abbreviations of one body joined by "и" ("КДН и ЗП") are never split."""
    spans, depth, start = [(m.start(), m.end()) for m in O.JOINED_ABBREVIATION.finditer(text)], 0, 0
    for i, ch in enumerate(text):
        if ch in "«(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "»)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def split_bodies(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """"Отдел образования, МБУ «МИМЦ», ОУ" -> three names; a participial clause ("…, осуществляющих
    управление в сфере образования") stays with the name before it; a co-executor ("… совместно с
    органами местного самоуправления") is a body of its own, put in the nominative."""
    joint = TOGETHER.search(text)
    if joint and not any(a < joint.start() < b for a, b in _protected(text)):
        rest = text[joint.end():]
        return split_bodies(text[:joint.start()], offset) + [
            (to_nominative(name, case="ablt"), span) for name, span in split_bodies(rest, offset + joint.end())]
    protected = _protected(text)
    parts: list[tuple[int, int]] = []
    pos = 0
    for m in SPLIT.finditer(text):
        if any(a < m.start() < b for a, b in protected):
            continue
        before = text[pos:m.start()].split()
        if m.group(0).strip() == "и" and before and is_adjective(before[-1]) and not O.BODY_HEADS.search(before[-1]):
            continue     # "государственных и муниципальных организаций": two adjectives of one body
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, len(text)))
    merged: list[list[int]] = []
    for a, b in parts:
        chunk = text[a:b].strip()
        if not chunk:
            continue
        first = chunk.split()[0].strip("«\"(")
        participle = is_participle(first) and not O.BODY_HEADS.match(first)      # "заведующие …" is a body
        position = merged and PERSON.match(text[merged[-1][0]:merged[-1][1]].strip()) and POSITION.match(chunk)
        # "МБДОУ № 3, 7, 15": the numbers after the first go on its list (one body per number is the list's reading)
        numbered = merged and re.match(r"^№?\s*\d", chunk) and re.search(r"№\s*\d", text[merged[-1][0]:merged[-1][1]])
        listed = merged and PLACE_NAMED.match(chunk) and PLACE_NAMED.match(text[merged[-1][0]:merged[-1][1]].strip())
        # a part opening in lower case with no noun or adjective ("о твляющих …": OCR's "осуществляющих") goes on too
        stray = first[:1].islower() and not is_adjective(first) and not any("NOUN" in t for t in tags(first)[:1])
        continues = merged and not listed and (position or numbered or stray or first[:1].islower() and (participle or first in ("в", "том", "включая",
                                                                                             "по", "а", "также"))
                                or not O.BODY_HEADS.search(chunk) and not O.ABBREVIATION.match(chunk)
                                and not O.ABBREVIATION.match(first)    # "…, ЦПО Самарской области, …"
                                and not PERSON.match(chunk.rstrip(".")))  # "Иванова И.И., Петров П.П."
        if continues:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    out = []
    for a, b in merged:
        raw = text[a:b]
        lead = len(raw) - len(raw.lstrip())
        name = raw.strip().strip(" .:;")
        name = re.sub(r"\s+", " ", name)
        if len(name) < 2 or name.split(" ", 1)[0] in CIRCUMSTANCE:   # "при организации …": not a body
            continue
        out.extend(_per_place(name, Span(start=offset + a + lead, end=offset + a + lead + len(raw.strip()))))
    return out


# places named in the nominative one after another are bodies of their own ("Знаменский район, Шаблыкинский район,
# город Ливны"), not the genitive tail of a name ("органы … Асиновского района, Верхнекетского района") nor the town
# an institution is in ("… школа № 7», г. Березники")
PLACE_NAMED = re.compile(r"^(?:[А-ЯЁ][а-яё-]+(?:ий|ый|ой)\s+(?:муниципальн\w+\s+|городск\w+\s+)?(?:район|округ)\b|"
                         r"город\s+[А-ЯЁ]|г\.\s*[А-ЯЁ]|ЗАТО\s)")
PLACE_LIST_JOINT = re.compile(r"^\s*(?:,|и|,\s*и)\s*$")


def _per_place(name: str, span: Span) -> list[tuple[str, Span]]:
    """"органы управления образованием Асиновского района, Верхнекетского района и Зырянского района": one body of
    that kind in each place listed."""
    places = gazetteer().municipalities_in(name)
    if len(places) < 2 or not all(PLACE_LIST_JOINT.match(name[a.end:b.start]) for a, b in zip(places, places[1:])):
        return [(name, span)]
    head = name[:places[0].start].rstrip()
    tail = name[places[-1].end:]
    return [(f"{head} {name[p.start:p.end]}{tail}".strip(), span) for p in places]


CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def definitions(text: str) -> dict[str, str]:
    """Abbreviations a document defines: "органы … (далее – МОУО)" -> {"МОУО": "органы …"}, or lists in a key
    ("Используемые сокращения: УО – Управление образования …; ОО – …"); where the name stands
    inside a phrase ("проверки исполнения управлением образования … (далее – Управление)"), the body's words from
    its first adjective, in the nominative."""
    out = {}
    for m in DEFINITION.finditer(text):
        abbr = m.group("abbr").strip().strip("«»\"")
        before = text[max(0, m.start() - 150):m.start()]
        head = re.split(r"[.;:!?]\s|\n", before)[-1].strip(" ,")
        body = O.BODY_HEADS.search(head)
        if body and body.start():
            words = head[:body.start()].split()
            kept = len(words)
            while kept and is_adjective(words[kept - 1].strip("«»\"")):
                kept -= 1
            head = " ".join(words[kept:] + [head[body.start():]])
        case = next((c for t in tags(head.split()[0])[:1] for c in CASES if c in t), "nomn") if head else "nomn"
        if case != "nomn":
            head = to_nominative(head, case=case)
        if abbr and head:
            out[abbr] = head
    for m in ABBREVIATION_KEY.finditer(text):
        for entry in re.split(r"[;\n]", text[m.end():m.end() + 2000].lstrip("\n")):
            e = KEY_ENTRY.match(entry)
            if not e:
                break   # the key ends where its entries do
            out.setdefault(e.group("abbr"), e.group("full").strip())
    return out


def locate(name: str, meta: DocumentMeta, source: str, span: Span | None = None) -> Responsible:
    """Scope and place of one body, from its own words first, then from the sending body."""
    name = rejoined(name)
    g = gazetteer()
    region, muni = meta.sender.region, meta.sender.municipality
    if O.FEDERAL.search(name):
        return Responsible(name=name, scope="federal", source=source, span=span)
    if O.ALL_REGIONS.search(name):
        return Responsible(name=name, scope="all_regions", source=source, span=span)
    munis = g.municipalities_in(name, region)
    if munis and not muni and O.DISTRICTS_AND_CITY.search(name):
        # "… муниципальных районов и городского округа Саранск": the districts and the region's one city, every
        # municipality
        return Responsible(name=name, scope="all_municipalities", region=munis[0].municipality.region, source=source,
                           span=span)
    if munis:
        m = munis[0].municipality
        return Responsible(name=name, scope="body", region=m.region, municipality=m.short_name, source=source, span=span)
    regions = g.regions_in(name)
    if regions:
        region = regions[0].region.name
    if O.MUNICIPAL.search(name) and not muni and not (NAMED.search(name) and not NAMED_PER_PLACE.search(name)) \
            and not O.SINGLE_HEAD.match(name):
        # a regional or federal document to "органы местного самоуправления" binds every municipality
        return Responsible(name=name, scope="all_municipalities", region=region, source=source, span=span)
    if region and not muni and O.INSTITUTIONS_EVERYWHERE.search(name) and not (NAMED.search(name) or "№" in name):
        # a regional document to a class of institutions (not one named) reaches them in every municipality
        return Responsible(name=name, scope="all_municipalities", region=region, source=source, span=span)
    federal_sender = bool(meta.sender.name and O.FEDERAL.search(meta.sender.name))
    if not region and not muni and federal_sender and REGIONAL_CLASS.search(name):
        # a federal letter's "региональным институтам развития образования": such a body of every region
        return Responsible(name=name, scope="all_regions", source=source, span=span)
    if not region and not muni and federal_sender:
        # a unit of the federal sender, or a body under it, named without a place ("Департаменту … (Иванов И.И.)")
        return Responsible(name=name, scope="federal", source=source, span=span)
    return Responsible(name=name, scope="body", region=region, municipality=muni, source=source, span=span)


def responsible_from(text: str, meta: DocumentMeta, source: str, offset: int = 0) -> list[Responsible]:
    return [locate(name, meta, source, span) for name, span in split_bodies(text, offset)]


def names_a_doer(name: str) -> bool:
    """The name reads as someone who can act: a body, a position, a person, a place's bodies, an abbreviation or
    people by their role; not a phrase of the task or a heading read as one ("Обязательный учет", "планы …")."""
    n = name.strip(" «»\"()")
    return bool(O.BODY_HEADS.search(n) or POSITION.search(n) or PERSON_NAME.search(n)
                or PLACE_WORDS.search(n) or ROLE_WORDS.search(n) or re.match(r"[А-ЯЁA-Z]{2,}", n))
