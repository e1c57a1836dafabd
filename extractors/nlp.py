"""Language models loaded once per process: pymorphy3 morphology, natasha segmenter and NER."""
from __future__ import annotations

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
    for i, core, p in run:
        grams = {"nomn"} | ({number} if number else set())
        if p.tag.POS != "NOUN" and number == "sing" and head.tag.gender:
            grams.add(head.tag.gender)
        form = p.inflect(grams) or p.inflect({"nomn"})
        new = form.word if form else core
        words[i] = words[i].replace(core, new[:1].upper() + new[1:] if core[:1].isupper() else new)
    return " ".join(words)
