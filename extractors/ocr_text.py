"""OCR text folded to what the page says before any rule reads it: the number sign read as "Ne"/"No"/"N°",
"от" read as "or", Latin look-alike initials beside a Russian surname ("Пасынковой B.B."), "б)" read as "6)"
after an "а)" item, "по" read as "no", "ы" read as "ь" ("повьшения"). Every
replacement keeps the text's length, so spans stay valid; only blocks read by OCR are touched."""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.nlp import rejoined
from schemas.document import Cell, Document

LOOKALIKES = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")
# "Ne 289", "No123", "N° 5", "Nє 12": the number sign (padded with spaces to the same length)
NUMBER_SIGN = re.compile(r"(?<![\w])(?:N[eoо°є2º]|№[eо°])(?=\s*[\w\d])|(?<=\d\sг\.\s)[МM](?=\s\d)|(?<=\d{4}\s)[МM](?=\s\d)")
# "or 12.03.2016", "oт 5 марта": the preposition before a date
FROM = re.compile(r"(?<![\w])(?:or|oт|оr|o[tт]|0т)(?=\s+\d)")
# a short word of Latin look-alikes mixing cases, or after a Cyrillic word, in Russian text: "yO" for "уО", "Ha" for "На"
# (not an all-capital abbreviation alone, "OK", nor a word with a letter Cyrillic lacks)
LOOKALIKE_WORD = re.compile(r"(?<![\w.@/:-])(?=[ABCEHKMOPTXYaceopxy]{2,3}(?![\w.@/-]))"
                            r"(?=\w*[aceopxy]|(?<=[А-ЯЁа-яё]\s))[ABCEHKMOPTXYaceopxy]{2,3}")
# initials in Latin look-alikes beside a Cyrillic word: "Куликовой H.B." / "C.B. Светкин"
INITIALS = re.compile(r"(?<=[А-ЯЁа-яё]\s)[ABCEHKMOPTXY]\.\s?[ABCEHKMOPTXY]\.(?!\w)|"
                      r"(?<![\w.])[ABCEHKMOPTXY]\.\s?[ABCEHKMOPTXY]\.(?=\s?[А-ЯЁ][а-яё])")


# "об" read as "06" before its noun ("Информация 06 исполнении"): not a day before a month ("06 апреля")
OB_AS_DIGITS = re.compile(r"(?<![\w.,:/-])06(?=\s+(?!(?:апрел|август|октябр|июн|июл|январ))[аеиоуыэюяё][а-яё]{3,})")
# a zero inside a short abbreviation in capitals: "0O", "М0У" (ОО, МОУ)
ZERO_IN_CAPS = re.compile(r"(?<![\w])(?=[А-ЯЁA-Z0]{2,5}(?![\w]))(?=[А-ЯЁA-Z]*0)(?=0*[А-ЯЁA-Z])[А-ЯЁA-Z0]{2,5}")


# a speck read as a full stop between two words of one phrase: "оснащение. школьных автобусов", "в срок. до 27
# октября", "комитета .образования" (a sentence goes on in lower case; an abbreviation's stop stays: "ул. ", "т.д.")
SPECK_STOP = re.compile(r"(?<=[а-яё]{3})\.(?=\s+[а-яё])|(?<=\s)\.(?=[а-яё]{2})")
# a speck read as a quote mark or a comma stuck to a word inside a phrase: "Министерство ‘образования", "‚’ обучающихся"
SPECK_QUOTE = re.compile(r"(?<![^\s(])[‘’‚`]+(?=[а-яё])|(?<=[а-яё])[‘’‚`]+(?=\s)|(?<=\s)[‘’‚`]+(?=\s)")


# a word OCR misread by one letter where the one letter read right makes a verb of order: "Обеслечить",
# "обеспечнть", "провестн" (a task's verb lost is a task lost); only where exactly one such verb is near
ALPHABET = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
VERB_LIKE = re.compile(r"(?<![\w-])[А-ЯЁа-яё]{6,}(?![\w-])")


@lru_cache(maxsize=8192)   # a page repeats its words; each unknown one costs some 300 dictionary look-ups
def _repaired_verb(word: str) -> str | None:
    from extractors.nlp import morph
    low = word.lower()
    if morph().word_is_known(low):
        return None
    found = {low[:i] + ch + low[i + 1:] for i in range(len(low)) for ch in ALPHABET if ch != low[i]}
    verbs = [c for c in found if c.endswith(("ть", "ти", "чь")) and morph().word_is_known(c)
             and any(p.tag.POS == "INFN" for p in morph().parse(c)[:2])]
    if len(verbs) != 1:
        return None
    return verbs[0].capitalize() if word[:1].isupper() else verbs[0]


def fold_verbs(text: str) -> str:
    return VERB_LIKE.sub(lambda m: _repaired_verb(m.group(0)) or m.group(0), text)


# a month after a day misread by one letter ("7 оевраля": ф read as о) loses a term: the one word of the deadline
# grammar's month names (deadline_rules.MONTH) it is one letter from
MONTH_AFTER_DAY = re.compile(r"(?<=\d\s)[а-яё]{3,8}(?![\w-])")


@lru_cache(maxsize=4096)
def _repaired_month(word: str) -> str:
    from extractors.deadline_rules import MONTH
    if re.fullmatch(MONTH, word):
        return word
    near = {c for i in range(len(word)) for ch in ALPHABET if ch != word[i]
            for c in [word[:i] + ch + word[i + 1:]] if re.fullmatch(MONTH, c)}
    return near.pop() if len(near) == 1 else word


# "по" read as Latin "no" between Russian words ("анализ ВПР no математике")
NO_AS_PO = re.compile(r"(?<=[А-ЯЁа-яё]\s)no(?=\s+[а-яё])")
# "ы" read as "ь" inside a word ("повьшения"): where only the "ы" makes a word the dictionary knows
SOFT_INSIDE = re.compile(r"(?<![\w-])[а-яё]*ь[а-яё]+(?![\w-])", re.I)


@lru_cache(maxsize=4096)
def _repaired_yery(word: str) -> str:
    from extractors.nlp import morph
    if morph().word_is_known(word.lower()):
        return word
    fixed = re.sub(r"ь(?=[а-яё])", "ы", word)
    return fixed if morph().word_is_known(fixed.lower()) else word


# an item's label with a speck: "I, Рассмотреть" (1.), "1.1;. обеспечить" (1.1.)
LABEL_ONE = re.compile(r"^(\s*)[Il|][.,](?=\s)", re.M)
LABEL_SPECK = re.compile(r"^(\s*\d{1,2}(?:\.\d{1,2})*)[;,:]\.", re.M)


def fold_ocr(text: str) -> str:
    text = LABEL_ONE.sub(lambda m: m.group(1) + "1.", text)
    text = LABEL_SPECK.sub(lambda m: m.group(1) + ". ", text)
    text = fold_verbs(text)
    text = NO_AS_PO.sub("по", text)
    text = SOFT_INSIDE.sub(lambda m: _repaired_yery(m.group(0)), text)
    text = MONTH_AFTER_DAY.sub(lambda m: _repaired_month(m.group(0)), text)
    text = SPECK_STOP.sub(" ", text)
    text = SPECK_QUOTE.sub(lambda m: " " * len(m.group(0)), text)
    text = rejoined(text, keep_length=True)   # "Руково. дителям", its speck folded above
    text = OB_AS_DIGITS.sub("об", text)
    text = ZERO_IN_CAPS.sub(lambda m: m.group(0).replace("0", "О").translate(LOOKALIKES), text)
    text = NUMBER_SIGN.sub(lambda m: "№" + " " * (len(m.group(0)) - 1), text)
    text = FROM.sub(lambda m: "от" + " " * (len(m.group(0)) - 2), text)
    text = LOOKALIKE_WORD.sub(lambda m: m.group(0).translate(LOOKALIKES), text)
    return INITIALS.sub(lambda m: m.group(0).translate(LOOKALIKES), text)


# "б)" read as "6)": only right after an "а)" item, where the list is lettered
LETTER_B = re.compile(r"^(\s*)6(?=\)\s)")
LETTER_A = re.compile(r"^\s*[аa]\)\s")


def _folded_cell(cell: Cell, text: list[str]) -> Cell:
    folded = fold_ocr(cell.text)
    if folded == cell.text or len(folded) != len(cell.text):
        return cell
    if "".join(text[cell.span.start:cell.span.end]) == cell.text:
        text[cell.span.start:cell.span.end] = folded
    return cell.model_copy(update={"text": folded})


def normalise(doc: Document) -> Document:
    """The document with its OCR blocks folded; the same document when nothing was read by OCR."""
    if not any(b.locator.ocr for b in doc.blocks):
        return doc
    text = list(doc.text)
    blocks = []
    after_a = False
    for b in doc.blocks:
        if not b.locator.ocr:
            blocks.append(b)
            continue
        folded = fold_ocr(b.text)
        if after_a:
            folded = LETTER_B.sub(r"\1б", folded)
        after_a = bool(LETTER_A.match(b.text)) or (after_a and not b.text.strip())
        if folded != b.text and len(folded) == len(b.text):
            if doc.text[b.span.start:b.span.end] == b.text:
                text[b.span.start:b.span.end] = folded
            b = b.model_copy(update={"text": folded})
        if b.kind == "table":    # the rows are read from the cells: each cell folded in its own place
            b = b.model_copy(update={"rows": [r.model_copy(update={"cells": [_folded_cell(c, text) for c in r.cells]})
                                              for r in b.rows]})
        blocks.append(b)
    return doc.model_copy(update={"text": "".join(text), "blocks": blocks})
