"""Evidence and confidence: the checks each obligation passes or fails (data/checks.json names them, per
field), and the confidence that follows from them by a logistic model fitted on the annotated sets
(data/confidence_model.json, refitted by scripts/fit_confidence.py). A row's ``reasons`` are the checks that
count against it, strongest first, in the words a reviewer reads."""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from functools import lru_cache
from pathlib import Path

from extractors import bodies
from extractors import obligation_rules as O
from extractors.deadlines import TERM_UNREAD
from extractors.doubts import several_tasks
from extractors.group_terms import GROUP_REASON
from extractors.nlp import tags
from extractors.obligations import CARRIED
from extractors.replies import REPORTED_ITEM
from schemas.extraction import DocumentMeta, Obligation

DATA = Path(__file__).parent / "data"
YEAR_IN = re.compile(r"(?:19|20)\d\d")
INFINITIVE = re.compile(r"\b[а-яё]{3,}(?:ть|ться|ти|чь)\b", re.I)
DESCRIPTIVE = re.compile(r"\b(?:будет|будут|проводится|проводятся|осуществляется|является|являются|состоится|"
                         r"обращаем|сообщаем|информируем|напоминаем)\b", re.I)
TASK_NOUN = re.compile(r"^[«\"]?[А-ЯЁа-яё]+(?:ние|ение|ание|ция|тие|ка|ота)\b")
# a Latin letter beside Cyrillic ones, or a short all-Latin word, in a Russian body's name: an OCR misreading
# ("yO" for "УО", "Ha" for "На"); a brand in quotes ("«IT-куб»") is not one
MISREAD_LETTERS = re.compile(r"(?<![«\"\w-])(?:[A-Za-z]{1,3}(?![\w-])|\w*(?:[А-Яа-яЁё][A-Za-z]|[A-Za-z][А-Яа-яЁё])\w*)")
SOURCES = {"addressee": "responsible.addressee", "issuer": "responsible.issuer", "group_head": "responsible.group_head",
           "responsible_line": "responsible.line", "table": "responsible.table",
           "sentence": "responsible.sentence", "replying_body": "responsible.replying_body"}


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    return {k: v for k, v in json.loads((DATA / "checks.json").read_text(encoding="utf-8")).items() if k != "_"}


@lru_cache(maxsize=1)
def model() -> dict:
    return json.loads((DATA / "confidence_model.json").read_text(encoding="utf-8"))


UNSURE_SHARE = 0.2      # a block or cell this share of whose words OCR was unsure of may be misread


def checks(ob: Obligation, meta: DocumentMeta, partly_unread: bool, tasks_missing: bool) -> list[str]:
    """The checks that hold for one obligation (codes of data/checks.json)."""
    out: list[str] = []
    text = ob.text.strip()
    add = out.append
    if ob.locator and ob.locator.ocr:
        add("task.ocr")
        if (ob.locator.ocr_unsure or 0) >= UNSURE_SHARE:
            add("task.ocr_unsure")
    in_table = bool(ob.locator and ob.locator.table is not None)
    add("task.table" if in_table else "task.item" if ob.number else "task.prose")
    if len(text) < 25:
        add("task.short")
    if len(text) > 450:
        add("task.long")
    if not in_table and not (INFINITIVE.search(text[:200]) or O.MODAL.search(text)):
        add("task.no_verb")
    if text.endswith(":"):
        add("task.head")
    if DESCRIPTIVE.search(text[:160]):
        add("task.descriptive")
    if ob.part > 1:
        add("task.attachment")
    if several_tasks(ob):
        add("task.several_verbs")
    _deadline(ob, meta, add)
    _responsible(ob, add)
    _place(ob, meta, add)
    if meta.reg_number is None:
        add("document.no_number")
    if meta.reg_date is None:
        add("document.no_date")
    if partly_unread:
        add("document.partly_unread")
    if tasks_missing:
        add("document.tasks_may_be_missing")
    if ob.status == "done":
        add("status.done")
    if REPORTED_ITEM in ob.reasons:
        add("task.reported")
    return out


def _deadline(ob: Obligation, meta: DocumentMeta, add) -> None:
    d = ob.deadline
    reasons = set(ob.reasons)
    if d is None:
        add("deadline.none")
        if TERM_UNREAD in reasons:
            add("deadline.unread")
        return
    counted = d.kind in ("recurring", "relative") or not YEAR_IN.search(d.raw)
    if d.kind == "recurring":
        add("deadline.recurring")
    elif d.kind == "relative":
        add("deadline.relative")
    elif not YEAR_IN.search(d.raw):
        add("deadline.year_inferred")
    if counted and meta.reg_date is None:
        add("deadline.needs_missing_date")
    if d.start and d.end and (d.end - d.start).days > 40:
        add("deadline.period")
    if d.start and d.end and d.start.month == 1 and d.start.day == 1 and (d.end - d.start).days >= 364:
        add("deadline.whole_year")
    if re.search(r"учебн|уч\.\s*г", d.raw, re.I):
        add("deadline.school_year")
    when = d.end or d.start
    if meta.reg_date and when:
        if when < meta.reg_date - dt.timedelta(days=1):
            add("deadline.before_document")
        elif when > meta.reg_date + dt.timedelta(days=730):
            add("deadline.far_after_document")
    if _cut_short(ob.text, d.raw):
        add("deadline.cut_short")
    if "deadline line" in reasons:
        add("deadline.from_line")
    if GROUP_REASON in reasons:
        add("deadline.group_line")
    if "deadline from the group head" in reasons or "deadline from the title" in reasons:   # a term stated above
        add("deadline.from_head")
    if "deadline ambiguous" in reasons:
        add("deadline.ambiguous")


# a figure or a bracket just before a term read as a month or a period: the day or the range it opened was
# not part of what was read ("до 30 (тридцатого) апреля" read as "апреля", "12-13 марта" as "марта")
BEFORE_CUT = re.compile(r"(?:\d|\d\s*\([а-яё ]+\)|\d\s*[-–])\s*$", re.I)


def _cut_short(text: str, raw: str) -> bool:
    at = text.find(raw.strip()) if raw.strip() else -1
    return at > 0 and bool(BEFORE_CUT.search(text[max(0, at - 25):at]))


def _responsible(ob: Obligation, add) -> None:
    if not ob.responsible:
        add("responsible.none")
        return
    for source in dict.fromkeys(r.source for r in ob.responsible):
        if source in SOURCES:
            add(SOURCES[source])
    if CARRIED in ob.reasons:
        add("responsible.carried")
    if any(len(r.name) > 110 for r in ob.responsible):
        add("responsible.long_name")
    if any(TASK_NOUN.match(r.name) and not O.BODY_HEADS.match(r.name) for r in ob.responsible):
        add("responsible.looks_like_task")
    if len(ob.responsible) > 3:
        add("responsible.many")
    if sum(r.source == "addressee" for r in ob.responsible) > 1:
        add("responsible.several_addressees")
    if any(MISREAD_LETTERS.search(r.name) for r in ob.responsible):
        add("responsible.misread_letters")
    if any(not bodies.names_a_doer(r.name) for r in ob.responsible):
        add("responsible.not_a_body")
    if any(r.scope == "body" and not r.municipality and _a_class(r.name) for r in ob.responsible):
        add("scope.class_unplaced")
    if _names_another_person(ob):
        add("responsible.names_another_person")
    scopes = {r.scope for r in ob.responsible}
    if "all_municipalities" in scopes:
        add("scope.all_municipalities")
    if "all_regions" in scopes:
        add("scope.all_regions")
    if all(r.region is None and r.scope == "body" for r in ob.responsible):
        add("scope.no_place")
    if any(r.municipality for r in ob.responsible):
        add("scope.municipal_document")
    if any(r.scope == "body" and not r.municipality and O.MUNICIPAL.search(r.name) for r in ob.responsible):
        add("scope.municipal_body_unplaced")


def _a_class(name: str) -> bool:
    """A name opening with a body noun in the plural ("Начальники муниципальных учреждений …", "Органы …"): many
    bodies, which a row placed nowhere reads as one."""
    words = name.split()
    first = words[0].strip("«»\"(),") if words else ""
    return first[:1].isupper() and O.BODY_HEADS.match(first) is not None and any(
        "plur" in t and "nomn" in t and "NOUN" in t for t in tags(first)[:1])


def _names_another_person(ob: Obligation) -> bool:
    """The task's opening words name a person ("Дорофеевой С.В. провести …") whose surname no responsible has."""
    named = O.surnames(ob.text[:120])
    return bool(named) and not any(stem[:4] in r.name.lower() for stem in named for r in ob.responsible)


def _place(ob: Obligation, meta: DocumentMeta, add) -> None:
    """Where the document and the row are: a sender srok did not name, or placed nowhere; a municipal sender's
    row placed in no municipality (its place lost on the way, or a body elsewhere); a row placed in another
    region than the sender's."""
    if not meta.sender.name:
        add("document.no_sender")
    elif not meta.sender.region:
        add("document.sender_unplaced")
    if meta.sender.municipality and ob.responsible and not any(
            r.municipality or r.scope in ("all_municipalities", "all_regions", "federal") for r in ob.responsible):
        add("scope.not_in_senders_municipality")
    if meta.sender.region and any(r.region and r.region != meta.sender.region for r in ob.responsible):
        add("scope.other_region")   # a body of another region in a regional document: a name misplaced, or a partner


def _logistic(m: dict, found: list[str]) -> float:
    z = m["bias"] + sum(m["weights"].get(c, 0.0) for c in found)
    return 1 / (1 + math.exp(-z))


def confidence(found: list[str]) -> float:
    """P(the row is right) by the fitted logistic model; a check the model has not seen adds nothing."""
    return _logistic(model(), found)


# a document's rows go wrong together (a table misread, a letter's addressee lost): where the row-level model
# strongly doubts another row of the same document, this row is doubted more. The row-level model ("base" in
# the model file) gives those doubts; the model proper weighs these checks with the others.
VERY_DOUBTFUL = 0.3
NEIGHBOUR_CHECKS = ("document.another_row_very_doubtful", "document.rows_very_doubtful")


def with_neighbours(found: list[list[str]], base: dict | None = None) -> list[list[str]]:
    """Each row's checks (of one document) with the checks its other rows give: another row the row-level model
    (``base``, else the fitted one's) holds very doubtful, or two such rows."""
    base = base or model().get("base")
    if not base:
        return [list(f) for f in found]
    doubtful = [_logistic(base, f) < VERY_DOUBTFUL for f in found]
    total = sum(doubtful)
    return [list(f) + [c for c, n in zip(NEIGHBOUR_CHECKS, (1, 2)) if total - d >= n] for f, d in zip(found, doubtful)]


def assess(obligations: list[Obligation], meta: DocumentMeta, partly_unread: bool, tasks_missing: bool) -> None:
    """Sets each obligation's checks, confidence and reasons (the checks against it, strongest first)."""
    weights = model()["weights"]
    words = catalogue()
    found = with_neighbours([checks(ob, meta, partly_unread, tasks_missing) for ob in obligations])
    for ob, own in zip(obligations, found):
        ob.checks = own
        ob.confidence = round(confidence(own), 2)
        against = sorted((c for c in own if weights.get(c, 0.0) < 0), key=lambda c: weights[c])
        ob.reasons = [words[c]["ru"] for c in against if c in words]
