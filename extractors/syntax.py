"""Dependency parse of one sentence: natasha's NewsSyntaxParser and morphology tagger (offline, in their
wheels) put into a spaCy ``Doc`` (``spacy.blank("ru")``), so the task grammar can be written as spaCy
patterns (extractors/patterns/, applied in extractors/clauses.py).

Quoted names («…») are masked as one token and bracketed persons ("(Петров А.А.)") left out: a long quoted
name otherwise breaks the tree. Every token keeps its character span in the sentence (``token._.start``
/ ``token._.end``, ``token.idx`` is in the masked text). natasha's trees are not always trees: cycles and
self-loops are cut (the token is hung on the sentence root) and the Doc is marked ``broken``.

spaCy's vocabulary (its StringStore) is shared by every Doc and matcher and is not safe to grow from
several threads; the Prefect batch runs extractions in threads. So the models load once under ``LOCK``,
and a Doc is built and matched under it (``parse`` here, ``analyse`` in clauses.py).
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from extractors.nlp import morph, morph_tagger as natasha_morph_tagger, syntax_parser

QUOTED = re.compile(r"«[^«»]{1,300}»|\"[^\"\n]{1,300}\"|“[^”]{1,300}”")
PERSON = re.compile(r"\(\s*(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?|[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?\s*"
                    r"[А-ЯЁ][а-яё]+)(?:\s*,\s*[^()]{0,80})?\s*\)")
MASK_WORD = "Имя"       # a quoted name parses as one proper noun
MAX_TOKENS = 160        # longer "sentences" are lists glued by OCR: not parsed
LOCK = threading.RLock()
ABBREVIATIONS = {"г", "гг", "т", "д", "ул", "обл", "им", "ст", "п", "пп", "ч", "руб", "тыс", "млн", "отв", "см", "р"}


def _models():
    """The blank spaCy pipeline (its vocab), natasha's morphology tagger and parser: one set per process."""
    with LOCK:
        return _load_models()


@lru_cache(maxsize=1)
def _load_models():
    import spacy
    from spacy.tokens import Doc, Token
    morph_tagger = natasha_morph_tagger()   # not natasha(): that loads the NER model too
    parser = syntax_parser()
    for name in ("start", "end"):
        if not Token.has_extension(name):
            Token.set_extension(name, default=-1)
    if not Doc.has_extension("broken"):
        Doc.set_extension("broken", default=False)
    return spacy.blank("ru"), morph_tagger, parser


def tokens(sentence: str) -> list[tuple[str, int, int]]:
    """Words of a sentence as (text given to the parser, start, end); masks applied."""
    from razdel import tokenize
    hidden = [(m.start(), m.end(), MASK_WORD) for m in QUOTED.finditer(sentence)]
    hidden += [(m.start(), m.end(), None) for m in PERSON.finditer(sentence)
               if not any(a <= m.start() < b for a, b, _ in hidden)]
    hidden.sort()
    out: list[tuple[str, int, int]] = []
    pos = 0
    for a, b, word in hidden + [(len(sentence), len(sentence), None)]:
        if a < pos:
            continue
        out.extend(_abbreviations([(t.text, pos + t.start, pos + t.stop) for t in tokenize(sentence[pos:a])]))
        if word and b > a:
            out.append((word, a, b))
        pos = b
    return out


def _abbreviations(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """"г." as one word: a lone period after "2024 г" otherwise reads as a sentence end and the words
    after it hang anywhere."""
    out: list[tuple[str, int, int]] = []
    for t in toks:
        if t[0] == "." and out and out[-1][2] == t[1] and out[-1][0].lower() in ABBREVIATIONS:
            out[-1] = (out[-1][0] + ".", out[-1][1], t[2])
        else:
            out.append(t)
    return out


def _untangle(heads: list[int]) -> tuple[list[int], bool]:
    """Cut cycles: a token whose chain of heads loops is hung on the first root (or made one)."""
    roots = [i for i, h in enumerate(heads) if h == i]
    broken = False
    for i in range(len(heads)):
        seen, j = set(), i
        while heads[j] != j and j not in seen:
            seen.add(j)
            j = heads[j]
        if heads[j] != j:                       # a loop through j
            broken = True
            root = roots[0] if roots else j
            heads[j] = root
            if not roots:
                roots.append(j)
    return heads, broken


@lru_cache(maxsize=4096)
def parse(sentence: str):
    """spaCy Doc of one sentence (words, heads, deps, POS, morphology from natasha), or None when the
    sentence is empty or too long to be one."""
    toks = tokens(sentence)
    if not toks or len(toks) > MAX_TOKENS:
        return None
    with LOCK:
        return _build(toks)


def _build(toks: list[tuple[str, int, int]]):
    from spacy.tokens import Doc
    nlp, morph_tagger, parser = _models()
    words = [t for t, _, _ in toks]
    morph = next(iter(morph_tagger.map([words])))
    syntax = next(iter(parser.map([words])))
    index = {tok.id: i for i, tok in enumerate(syntax.tokens)}
    heads = [index.get(tok.head_id, i) for i, tok in enumerate(syntax.tokens)]
    heads, broken = _untangle(heads)
    deps = ["ROOT" if heads[i] == i else (tok.rel or "dep") for i, tok in enumerate(syntax.tokens)]
    spaces = [toks[i][2] < toks[i + 1][1] for i in range(len(toks) - 1)] + [False]
    pos = [m.pos if m.pos else "X" for m in morph.tokens]
    morphs = ["|".join(f"{k}={v}" for k, v in sorted(m.feats.items())) for m in morph.tokens]
    lemmas = [_lemma(w, p) for w, p in zip(words, pos)]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, morphs=morphs, lemmas=lemmas)
    for token, (_, a, b) in zip(doc, toks):
        token._.start, token._.end = a, b
    doc._.broken = broken
    return doc


def _lemma(word: str, pos: str) -> str:
    if not word[:1].isalpha():
        return word
    parses = morph().parse(word.lower())
    want = {"VERB": ("INFN", "VERB"), "NOUN": ("NOUN",), "ADJ": ("ADJF",), "PROPN": ("NOUN",)}.get(pos, ())
    best = next((p for p in parses if p.tag.POS in want), parses[0])
    return best.normal_form
