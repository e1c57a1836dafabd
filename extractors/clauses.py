"""Clauses of a sentence from its dependency parse: the task verbs (each task its own clause, conjoined
tasks split where the text sets them apart), the addressee that opens the sentence, the term words of
each clause, and the marks of a sentence that is no task. The grammar is data in extractors/patterns/
(one JSON line per pattern, with a stable ``id`` kept on every record so a person can see which rule
fired); this module only applies it."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.deadline_rules import MONTH
from extractors.syntax import LOCK, parse

PATTERNS = Path(__file__).parent / "patterns"
MODAL_WORDS = {"необходимо", "нужно", "надлежит", "следует", "рекомендуется", "предлагается", "поручается"}
MODAL_TASKS = {"task.passive_present", "task.indicative_present"}   # tasks only with a term beside them
TERM_WORD = re.compile(r"(?:срок|г\.?$|гг?\.$|год|числ|" + MONTH + ")")   # the words of "в срок до 15 мая 2024 г."
JOINTS = {"task.conj_sibling", "task.conj_and"}       # a second task verb joined to the first by "и"


@dataclass(frozen=True)
class Clause:
    pattern_id: str                  # the task pattern that found the verb
    verb: tuple[int, int]            # character span of the task verb in the sentence
    span: tuple[int, int]            # the task's words: its verb up to the next task
    terms: tuple[str, ...]           # ids of the term patterns inside the span
    subject: tuple[int, int, str] | None  # who acts by a finite verb (span and case), if the text says
    joint: str | None = None         # how it is set apart from the task before: "also" (", а также"), "and" ("и")
    plural: bool = False             # the task verb is plural ("представляют"): bodies, not the issuer itself


@dataclass(frozen=True)
class Analysis:
    clauses: tuple[Clause, ...]
    addressee: tuple[int, int] | None       # the phrase opening the sentence that the tasks address
    addressee_pattern: str | None
    not_task: tuple[str, ...]               # ids of the not-task patterns found
    broken: bool                            # the parse held a cycle


def load(fact: str) -> list[dict]:
    with (PATTERNS / f"{fact}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@lru_cache(maxsize=1)
def _matchers():        # called under LOCK
    from spacy.matcher import DependencyMatcher, Matcher

    from extractors.syntax import _models
    nlp = _models()[0]
    out = {}
    for fact in ("tasks", "addressees", "not_tasks", "terms"):
        token, dep = Matcher(nlp.vocab), DependencyMatcher(nlp.vocab)
        for p in load(fact):
            (dep if p["matcher"] == "dependency" else token).add(p["id"], [p["pattern"]])
        out[fact] = (token, dep if len(dep) else None)
    return out


def _matches(doc, fact: str) -> list[tuple[str, int, int]]:
    """(pattern id, first token, end token) of every match; a dependency match is the token named "task"
    (or its first token)."""
    token, dep = _matchers()[fact]
    vocab = doc.vocab.strings
    out = [(vocab[m], s, e) for m, s, e in token(doc)]
    for m, ids in (dep(doc) if dep is not None else []):
        pid = vocab[m]
        names = [n["RIGHT_ID"] for n in next(p for p in load(fact) if p["id"] == pid)["pattern"]]
        i = ids[names.index("task")] if "task" in names else ids[0]
        out.append((pid, i, i + 1))
    return out


def _subject(doc, v: int) -> tuple[int, int, str] | None:
    """Who acts by a finite verb: its nominative subject before it ("Служба … представляет"), or the agent
    of a passive ("проводится органами местного самоуправления"); character span and case."""
    passive = doc[v].lower_.endswith(("ся", "сь")) or "Pass" in doc[v].morph.get("Voice")
    for child in doc[v].children if passive else ():
        if child.dep_ in ("obl:agent", "obl") and "Ins" in child.morph.get("Case") and child.pos_ == "NOUN" and not any(
                c.dep_ == "case" for c in child.children):
            words = [t for t in child.subtree if t.i >= child.i and not t.is_punct]
            return words[0]._.start, words[-1]._.end, "ablt"
    for child in doc[v].children:
        if child.dep_ in ("nsubj", "nsubj:pass") and child.i < v and "Nom" in child.morph.get("Case"):
            left = min(t.i for t in child.subtree)
            right = max(t.i for t in child.subtree if t.i < v)
            return doc[left]._.start, doc[right]._.end, "nomn"
    return None


def _joint(doc, before: int, v: int) -> str | None:
    """What sets the task verb ``v`` apart from the task verb ``before`` it: ", а (также)" ("also"), or an
    "и" right before it ("and", a task of its own only where each has its own term), else nothing."""
    between = doc[before + 1:v]
    if any(t.lower_ == "также" or t.lower_ == "а" and t.i > 0 and doc[t.i - 1].text == "," for t in between):
        return "also"
    i = v - 1
    while i > before and _filler(doc[i]):      # "и ежемесячно информировать", "и в срок до 15 мая направить"
        i -= 1
    return "and" if i > before + 1 and doc[i].lower_ == "и" else None


def _filler(token) -> bool:
    """A word that may stand between a joint and its task verb: an adverb, or a word of a term."""
    return token.pos_ in ("ADV", "PART", "ADP", "NUM", "PUNCT") or token.like_num or bool(TERM_WORD.match(token.lower_))


def _finite_or_infinitive(token) -> bool:
    """A verb form that ends a name phrase (participles go on with it; "и.о." is no verb)."""
    return len(token.text) > 2 and bool(set(token.morph.get("VerbForm")) & {"Fin", "Inf"})


def _char(doc, i: int) -> int:
    return doc[i]._.start if i < len(doc) else doc[-1]._.end


@lru_cache(maxsize=4096)
def analyse(sentence: str) -> Analysis | None:
    with LOCK:          # matching interns strings in the shared vocab (see extractors/syntax.py)
        doc = parse(sentence)
        return None if doc is None else _analyse(doc)


def _analyse(doc) -> Analysis:
    tasks = _matches(doc, "tasks")
    terms = _matches(doc, "terms")
    not_task = tuple(sorted({pid for pid, _, _ in _matches(doc, "not_tasks")}))
    starts = {}                         # verb token -> pattern id
    joined = {}                         # verb token -> the joint pattern that may set it apart
    for pid, s, e in sorted(tasks, key=lambda m: m[1]):
        if pid in JOINTS:
            joined.setdefault(e - 1, pid)
            continue
        v = e - 1
        starts.setdefault(v, pid)
    infinitives = [v for v, pid in starts.items() if pid not in MODAL_TASKS]
    if infinitives:
        verbs = sorted(v for v in infinitives)
    else:   # a plan's or regulation's present tense is a task only where a term stands beside it
        verbs = sorted(v for v in starts if terms)[:1]
    # verb token -> "also" / "and": it opens a task of its own. ", а (также)" before an infinitive sets it
    # apart whatever relation the parse gives it (its trees of long requests are often wrong there); "и"
    # only where the tree joins the two verbs (and, later, each has its own term)
    splits = {}
    for k, v in enumerate(verbs[1:], 1):
        joint = _joint(doc, verbs[k - 1], v)
        if joint == "also" and not any(t.lower_ == "чтобы" for t in doc[verbs[k - 1] + 1:v]):
            splits[v] = joint
        elif joint == "and" and v in joined:
            splits[v] = joint
    heads = [v for k, v in enumerate(verbs) if k == 0 or v in splits]
    firsts = []      # first token of each task: "…, а также ежемесячно информировать" — the words after the joint
    for k, v in enumerate(heads):
        first = v
        stops = ("а", "также", "и") if splits.get(v) == "and" else ("а", "также")
        while k > 0 and first - 1 > heads[k - 1] and not (doc[first - 1].is_punct or doc[first - 1].lower_ in stops):
            first -= 1
        firsts.append(0 if k == 0 else first)
    clauses = []
    for k, v in enumerate(heads):
        end_tok = firsts[k + 1] if k + 1 < len(heads) else len(doc)
        while end_tok - 1 > v and (doc[end_tok - 1].is_punct or doc[end_tok - 1].lower_ in ("а", "также", "и")):
            end_tok -= 1
        # "Сводка … представляется": the subject is part of the task; otherwise the task starts at its verb
        start = 0 if starts[v] in MODAL_TASKS else _char(doc, v if k == 0 else firsts[k])
        end = doc[end_tok - 1]._.end
        inside = tuple(sorted({pid for pid, s, _ in terms if firsts[k] <= s < end_tok}))
        clauses.append(Clause(starts[v], (doc[v]._.start, doc[v]._.end), (start, end), inside, _subject(doc, v),
                              splits.get(v), "Plur" in doc[v].morph.get("Number")))
    addressee = pattern = None
    if heads:
        lead = next((i for i, t in enumerate(doc) if not t.is_punct), 0)   # "— Исполнителям …": a label's dash
        for pid, s, e in sorted(_matches(doc, "addressees"), key=lambda m: (m[1], -m[2])):
            if s == lead and e <= heads[0]:
                term_starts = {ts for _, ts, _ in terms}
                stop = next((i for i in range(e, heads[0]) if _finite_or_infinitive(doc[i])
                             or doc[i].lower_ in MODAL_WORDS or i in term_starts
                             or doc[i].lower_ in ("в", "до", "не") and i + 1 in term_starts), heads[0])
                while stop > e and doc[stop - 1].is_punct and doc[stop - 1].text not in ")»" and not (
                        doc[stop - 1].text == "." and len(doc[stop - 2].text) == 1):   # "Петровой Н.С."
                    stop -= 1
                addressee, pattern = (doc[lead]._.start, doc[stop - 1]._.end), pid
                break
    return Analysis(tuple(clauses), addressee, pattern, not_task, bool(doc._.broken))
