"""Language models loaded once per process: pymorphy3 morphology, natasha segmenter and NER."""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def morph():
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50000)
def tags(word: str) -> tuple[str, ...]:
    """Grammemes of the likeliest parses of a word (first three), as strings."""
    parses = morph().parse(word.lower())
    return tuple(str(p.tag) for p in parses[:3])


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
def natasha():
    from natasha import MorphVocab, NewsMorphTagger, NewsNERTagger, Segmenter
    emb = embedding()
    return Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb), MorphVocab()


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
    "Муниципальное автономное учреждение")."""
    words = phrase.split(" ")
    run: list[tuple[int, str, object]] = []          # (index, core, parse) of the agreeing run
    for i, w in enumerate(words):
        core = w.strip(",:;«»\"")
        parses = [p for p in morph().parse(core) if case in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        if not core or not parses or core.isupper():
            break
        p = parses[0]
        run.append((i, core, p))
        if w.endswith((",", ":", ";")) or p.tag.POS == "NOUN":   # the head noun ends the agreeing run
            break
    if not run:
        return phrase
    head = run[-1][2]
    number = head.tag.number
    run += _participles(words, run[-1][0] + 1, case, head)
    run += _surnames(words, {i for i, _, _ in run}, case)
    for i, core, p in run:
        grams = {"nomn"} | ({number} if number else set())
        if "Surn" in p.tag:
            grams = {"nomn", "sing", p.tag.gender}
        elif p.tag.POS != "NOUN" and number == "sing" and head.tag.gender:
            grams.add(head.tag.gender)
        form = p.inflect(grams) or p.inflect({"nomn"})
        new = form.word if form else core
        if "ё" not in core.lower():     # pymorphy writes ё where the text did not ("Ковалёва")
            new = new.replace("ё", "е")
        words[i] = words[i].replace(core, new[:1].upper() + new[1:] if core[:1].isupper() else new)
    return " ".join(words)


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
