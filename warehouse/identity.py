"""What makes a document, a task and a body the same one across files, formats, versions and extractor runs.

- A document's content fingerprints: the DOCX and the PDF of one letter differ in bytes, line breaks,
  hyphenation and (for letterheads in two columns) reading order, but not in their words. Two
  fingerprints of the normalised text catch both: the letters and digits in reading order (immune to
  line breaks and hyphenation) and the sorted words (immune to reading order).
- A task key that survives re-extraction and new versions: the document's series (registration
  number, date and sender; for documents without them the content fingerprint), the item number and
  the task's letters (digits left out, so a re-sent letter that moves a date keeps the key).
- A body's name as a person reads it: shouting capitals and sentence-case variants of one name become
  one name; abbreviations and quoted proper names stay as written."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache

WORD = re.compile(r"[0-9a-zа-я]+")
LETTERS = re.compile(r"[^a-zа-я]+")
QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"")


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("ё", "е"))


def _hash(text: str, n: int = 64) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


@lru_cache(maxsize=8)   # a load asks twice (the twin look-up, then the rows)
def content_fingerprints(text: str) -> tuple[str | None, str | None]:
    """(text_fp, words_fp) of a document's linear text; None for a text without words."""
    words = _words(text)
    if not words:
        return None, None
    return _hash("".join(words)), _hash(" ".join(sorted(words)))


def document_anchor(reg_number: str | None, reg_date: dt.date | None, sender: str | None, text_fp: str | None,
                    doc_id: str) -> str:
    """The series a document belongs to: what stays the same when it is re-sent with other bytes."""
    if reg_number and reg_date:
        return f"reg|{''.join(_words(reg_number))}|{reg_date.isoformat()}|{''.join(_words(sender or ''))}"
    return f"fp|{text_fp or doc_id}"


def same_registration(number_a: str | None, date_a: dt.date | None, number_b: str | None,
                      date_b: dt.date | None) -> bool:
    """Whether two documents' registration numbers and dates agree where both have them."""
    return (not (number_a and number_b) or _words(number_a) == _words(number_b)) and \
        (not (date_a and date_b) or date_a == date_b)


def task_key(anchor: str, item: str | None, text: str) -> str:
    """16 hex digits naming a task across re-extraction and versions of its document."""
    letters = LETTERS.sub("", text.lower().replace("ё", "е"))
    return _hash(f"{anchor}|{''.join(_words(item or ''))}|{letters}", 16)


# Capitalised in official names whatever morphology says of them ("Российской Федерации", "Республики Коми")
PROPER_STEMS = ("российск", "федераци", "республик")
PROPER_TAGS = {"Geox", "Surn", "Name", "Patr"}   # pymorphy's places, surnames, first names, patronymics


@lru_cache(maxsize=1)
def _place_stems() -> frozenset[str]:
    """The stems of the gazetteer's regions and municipalities ("калужск", "козельск", "лесосибирск")."""
    from extractors.gazetteer import gazetteer
    g = gazetteer()
    stems = {s for r in g.regions for s in r.stems} | {m.stem for m in g.municipalities}
    return frozenset(s.lower().replace("ё", "е") for s in stems if len(s) >= 4 and " " not in s)


@lru_cache(maxsize=8192)   # bounded: names come from documents
def is_proper(word: str) -> bool:
    """A word kept capitalised in a body's name: a place ("Калужской", "Томска"), a person ("Петрова")."""
    low = word.lower().replace("ё", "е")
    # a short stem ("коми") names a place only as the whole word: "комиссия" is no place
    if low.startswith(PROPER_STEMS) or low in _place_stems() or \
            any(low[:k] in _place_stems() for k in range(5, len(low) + 1)):
        return True
    from extractors.nlp import morph
    return any(PROPER_TAGS & p.tag.grammemes for p in morph().parse(low)[:2])


def warm() -> None:
    """Loads what body_name needs (the gazetteer's place stems, pymorphy's dictionaries: ~0.5 CPU s in a
    process that has not loaded them), as a writer about to load documents does before its first."""
    _place_stems()
    from extractors.nlp import morph
    morph()


def _word_case(word: str, shouting: bool) -> str:
    """In a name written in sentence case a capitalised word is an abbreviation or a proper name; in a
    name written all in capitals only short or vowel-less words are abbreviations ("ОТДЕЛ ОБРАЗОВАНИЯ"
    vs "ГМС ОО"). Other words are lower case, but places and persons keep their capital."""
    core = word.strip(",.;:()")
    is_abbreviation = core.isupper() and (not shouting or len(core) <= 3 or not re.search(r"[АЕЁИОУЫЭЮЯ]", core))
    if is_abbreviation:
        return word
    low = word.lower()
    if core[:1].isupper() and core.isalpha() and is_proper(core):
        i = low.index(core[:1].lower())
        return low[:i] + low[i].upper() + low[i + 1:]
    return low


def body_name(name: str) -> str:
    """"ОТДЕЛ ОБРАЗОВАНИЯ" and "отдел образования" -> "Отдел образования"; "МБУ «МИМЦ»" unchanged."""
    name = " ".join(name.split())
    kept = {m.start(): m.group() for m in QUOTED.finditer(name)}
    shouting = QUOTED.sub("", name).isupper()
    out, i = [], 0
    for start, quoted in sorted(kept.items()):
        out.append(" ".join(_word_case(w, shouting) for w in name[i:start].split(" ")))
        out.append(quoted)
        i = start + len(quoted)
    out.append(" ".join(_word_case(w, shouting) for w in name[i:].split(" ")))
    text = "".join(out)
    return text[:1].upper() + text[1:]


def body_key(name: str) -> str:
    """What two spellings of one body have in common: its words, lower case."""
    return " ".join(_words(name))
