"""Language models loaded once per process: pymorphy3 morphology, natasha segmenter and NER."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def morph():
    """pymorphy3's analyser, its parse of a word remembered (the rules and the register's names ask for the
    same words of document after document; a parse of a word outside the dictionary costs ~0.1 ms). The
    parses come as a tuple, so that no caller can change what the next one is given."""
    import pymorphy3
    analyzer = pymorphy3.MorphAnalyzer()
    analyzer.parse = lru_cache(maxsize=PARSES_KEPT)(lambda word, parse=analyzer.parse: tuple(parse(word)))
    return analyzer


PARSES_KEPT = 10000   # words, ~2 KB each


@lru_cache(maxsize=50000)
def tags(word: str) -> tuple[str, ...]:
    """Grammemes of the likeliest parses of a word (first three), as strings."""
    parses = morph().parse(word.lower())
    return tuple(str(p.tag) for p in parses[:3])


# a word that may be a piece of one broken before its end: a table cell's "общеобразовательн ых", an OCR's
# "Руково дителям"
PIECE = re.compile(r"(?<![\w-])[А-ЯЁа-яё]{2,}(?![\w-])|(?<![\w-])[а-яё](?![\w-])")


def rejoined(text: str, keep_length: bool = False) -> str:
    """``text`` with each word broken before its end joined again, where the first piece alone is no word and the
    two together are one; with ``keep_length`` the gap moves after the word, so every later offset stays."""
    known = morph().word_is_known
    pieces = list(PIECE.finditer(text))
    out, pos, k = [], 0, 0
    while k < len(pieces) - 1:
        a, b = pieces[k], pieces[k + 1]
        gap = text[a.end():b.start()]
        whole = a.group(0) + b.group(0)
        if (len(a.group(0)) > 1 and gap in (" ", "  ") and b.group(0)[0].islower()
                and not known(a.group(0).lower()) and known(whole.lower())):
            out += [text[pos:a.start()], whole + (gap if keep_length else "")]
            pos, k = b.end(), k + 2
        else:
            k += 1
    return "".join(out) + text[pos:]


def is_infinitive(word: str) -> bool:
    ts = tags(word)
    return bool(ts) and ("INFN" in ts[0] or ("INFN" in "".join(ts) and word.lower().endswith(("ть", "ться", "ти"))))


def is_dative(word: str) -> bool:
    ts = tags(word)
    return any("datv" in t and ("NOUN" in t or "ADJF" in t or "PRTF" in t) for t in ts[:2])


def is_adjective(word: str) -> bool:
    return any(t.startswith(("ADJF", "PRTF")) for t in tags(word)[:1])


def is_participle(word: str) -> bool:
    return any("PRTF" in t for t in tags(word)[:2])


@lru_cache(maxsize=1)
def embedding():
    from natasha import NewsEmbedding
    return NewsEmbedding()


@lru_cache(maxsize=1)
def morph_tagger():
    from natasha import NewsMorphTagger
    return NewsMorphTagger(embedding())


@lru_cache(maxsize=1)
def natasha():
    """Segmenter, morphology tagger, NER tagger, vocabulary: for named entities only (the NER model
    costs ~0.7 s to load, so the dependency parse takes its tagger from morph_tagger())."""
    from natasha import MorphVocab, NewsNERTagger, Segmenter
    return Segmenter(), morph_tagger(), NewsNERTagger(embedding()), MorphVocab()


@lru_cache(maxsize=1)
def syntax_parser():
    from natasha import NewsSyntaxParser
    return NewsSyntaxParser(embedding())


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (razdel, as natasha segments)."""
    from razdel import sentenize
    return [(s.start, s.stop) for s in sentenize(text)]


def to_nominative(phrase: str, case: str = "datv") -> str:
    """"Руководителям органов …" -> "руководители органов …": the leading words of a phrase in
    ``case`` (dative for addressees, accusative after "возложить на") put in the nominative, the
    adjectives agreeing with their head noun ("Муниципальному автономному учреждению" ->
    "Муниципальное автономное учреждение"); so is each further body of a list ("…, заведующим
    детскими садами и директорам …"), a participle phrase agreeing with its body and a person beside it."""
    words = phrase.split(" ")
    starts = [0] + [j for j in range(1, len(words))
                    if (words[j - 1].endswith(",") or words[j - 1].lower() == "и") and _opens_body(words, j, case)]
    changes = []
    for k, start in enumerate(starts):
        changes += _chunk(words, start, starts[k + 1] if k + 1 < len(starts) else len(words), case)
    for i, core, p, head in changes:
        if sum(ch.isupper() for ch in core) > 1:
            continue        # an abbreviation ("ХакИРОиПК", "МБОУ") keeps its letters
        number = head.tag.number
        grams = {"nomn"} | ({number} if number else set())
        if "Surn" in p.tag:   # a surname pymorphy gives no gender keeps its own
            grams = {"nomn", "sing"} | ({p.tag.gender} if p.tag.gender else set())
        elif p.tag.POS != "NOUN" and number == "sing" and head.tag.gender:
            grams.add(head.tag.gender)
        form = p.inflect(grams) or p.inflect({"nomn"})
        new = form.word if form else core
        if "ё" not in core.lower():     # pymorphy writes ё where the text did not ("Ковалёва")
            new = new.replace("ё", "е")
        words[i] = words[i].replace(core, new[:1].upper() + new[1:] if core[:1].isupper() else new)
    return " ".join(words)


def _head_noun(p) -> bool:
    """A noun, or a participle used as one ("заведующим")."""
    return p.tag.POS == "NOUN" or (p.tag.POS == "PRTF" and "Subx" in p.tag)


def _opens_body(words: list[str], j: int, case: str) -> bool:
    """Words from ``j`` name another body in ``case``: a head noun, maybe after its adjectives (a bare
    participle opens a phrase about the body before)."""
    for w in words[j:j + 4]:
        parses = [p for p in morph().parse(w.strip(",:;«»\"")) if case in p.tag]
        if any(_head_noun(p) for p in parses):
            return True
        if not any(p.tag.POS == "ADJF" for p in parses):
            return False
    return False


def _in_case(word: str, case: str) -> bool:
    return any(case in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in morph().parse(word.strip(",:;«»\"")))


def _chunk(words: list[str], start: int, end: int, case: str) -> list[tuple[int, str, object, object]]:
    """The words of one body to put in the nominative, each with the head it agrees with."""
    run: list[tuple[int, str, object]] = []          # (index, core, parse) of the agreeing run
    for i in range(start, end):
        w = words[i]
        core = w.strip(",:;«»\"")
        parses = [p for p in morph().parse(core) if case in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        if not core or not parses or core.isupper():
            break
        modifiers = [p for p in parses if p.tag.POS in ("ADJF", "PRTF") and not _head_noun(p)]
        if modifiers and not w.endswith((",", ":", ";")) and i + 1 < end and _in_case(words[i + 1], case):
            p = modifiers[0]          # "главному специалисту": an adjective before its noun
        else:
            p = next((p for p in parses if _head_noun(p)), parses[0])
        run.append((i, core, p))
        if w.endswith((",", ":", ";")) or _head_noun(p):   # the head noun ends the agreeing run
            break
    if not run:
        return []
    head = run[-1][2]
    run += _participles(words[:end], run[-1][0] + 1, case, head)
    run += _surnames(words[:end], {i for i, _, _ in run} | set(range(start)), case)
    return [(i, core, p, head) for i, core, p in run]


INITIALS = re.compile(r"^[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.?)?,?$")


def _surnames(words: list[str], taken: set[int], case: str) -> list[tuple[int, str, object]]:
    """A person beside the body ("… Петровой Н.С.", "… Н.А. Васильеву") is in the body's case too: its
    surname goes into the nominative; its gender is the one the case allows ("Васильеву" accusative is
    Васильева, dative Васильев)."""
    out = []
    for j, w in enumerate(words):
        near = [words[k] for k in (j - 1, j + 1) if 0 <= k < len(words)]
        core = w.strip(",:;()")
        if j in taken or not core[:1].isupper() or not any(INITIALS.match(n.strip("()")) for n in near):
            continue
        if j and words[j - 1].lower() in ("с", "со", "у", "от", "для", "при"):
            continue
        p = next((p for p in morph().parse(core) if "Surn" in p.tag and case in p.tag), None)
        if p is not None:
            out.append((j, core, p))
    return out


def _participles(words: list[str], start: int, case: str, head) -> list[tuple[int, str, object]]:
    """Participles opening a phrase after a comma ("Школам, (не) показавшим …") in the head's case and
    number agree with the head and go into the nominative with it; their objects stay as they are."""
    out = []
    for j in range(max(start, 1), len(words)):
        if not words[j - 1].endswith(","):
            continue
        k = j + 1 if words[j].lower() == "не" and j + 1 < len(words) else j
        core = words[k].strip(",:;«»\"")
        parses = [p for p in morph().parse(core) if p.tag.POS == "PRTF" and p.tag.number == head.tag.number]
        p = next((p for p in parses if case in p.tag), None)
        # a form that is also genitive ("руководителей органов, осуществляющих …") may agree with the
        # genitive noun between: left as it is
        if p is not None and not any("gent" in q.tag for q in parses):
            out.append((k, core, p))
    return out
