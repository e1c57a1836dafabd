"""Document-level doubt: directive wording that stands outside every extracted task, or a table of tasks that
gave none, is told as "tasks may be missing" with its place, so a reviewer opens the document, not only
its rows. The words that direct are kept as data beside the other task rules (obligation_rules.py)."""
from __future__ import annotations

import re

from extractors import outline
from extractors.metadata import Layout
from extractors.nlp import is_infinitive, sentences
from extractors.tables import task_header
from schemas.document import Block, Document, Span
from schemas.extraction import Doubt, Obligation

# a verb of a task or a request, as orders, letters and protocols word them
DIRECTIVE = re.compile(r"\b(?:обеспечить|представить|предоставить|направить|провести|организовать|подготовить|"
                       r"разработать|утвердить|назначить|осуществить|принять\s+меры|устранить|разместить|"
                       r"просим|прошу|просит|поручаю|поручить|надлежит|предписыва\w*|необходимо|обязать|"
                       r"рекомендуем|рекомендовать|рекомендуется|обеспечивать|представлять|направлять)\b", re.I)
TERM = re.compile(r"\bсрок\w*\b|\bдо\s+\d{1,2}[.\s]|\bне\s+позднее\b|\bежемесячн|\bежекварталь|\bежегодн", re.I)
NOT_A_TASK = re.compile(r"контроль\s+(?:за\s+)?(?:исполнени|выполнени)\w*[^.]{0,80}(?:оставляю|возложить|"
                        r"возлагаю)|принять\s+к\s+сведению|вступает\s+в\s+силу", re.I)
MIN_LENGTH = 30
WORD = re.compile(r"[а-яёА-ЯЁ]+")


def _covered(span: Span, obligations: list[Obligation]) -> bool:
    return any(o.span.start < span.end and span.start < o.span.end for o in obligations)


def _unread_tables(doc: Document, lay: Layout, obligations: list[Obligation]) -> list[Doubt]:
    out = []
    for b in doc.blocks[lay.body_start_block:]:
        if b.kind != "table" or _covered(b.span, obligations):
            continue
        headed = task_header(b) is not None
        if headed or (len(b.rows) >= 3 and TERM.search(b.text) and DIRECTIVE.search(b.text)):
            out.append(Doubt(kind="tasks_may_be_missing", block=b.index, span=b.span, locator=b.locator,
                             reason="таблица с мероприятиями и сроками, из которой не прочитано ни одной задачи"))
    return out


def _directive_sentences(block: Block, obligations: list[Obligation]) -> Span | None:
    """The first sentence of a paragraph that directs someone with a term, outside every task."""
    for s, e in sentences(block.text):
        sentence = block.text[s:e]
        span = Span(start=block.span.start + s, end=block.span.start + e)
        if len(sentence) < MIN_LENGTH or _covered(span, obligations) or NOT_A_TASK.search(sentence):
            continue
        if DIRECTIVE.search(sentence) and TERM.search(sentence):
            return span
    return None


def several_tasks(ob: Obligation) -> bool:
    """A row whose text holds two task verbs apart from each other ("… обеспечить проведение …, а
    результаты внести …"): one of the two tasks may be missing from the register."""
    verbs = [m for m in WORD.finditer(ob.text) if m.group(0)[:1].islower() and is_infinitive(m.group(0))]
    return any(len(WORD.findall(ob.text[a.end():b.start()])) >= 4 for a, b in zip(verbs, verbs[1:]))


def _scanned(doc: Document) -> list[Doubt]:
    first = next((b for b in doc.blocks if b.locator.ocr), None)
    if first is None:
        return []
    return [Doubt(kind="tasks_may_be_missing", block=first.index, span=first.span, locator=first.locator,
                  reason="документ распознан со скана: сверьте число задач с самим документом")]


def missing_tasks(doc: Document, lay: Layout, obligations: list[Obligation]) -> list[Doubt]:
    doubts = _unread_tables(doc, lay, obligations) + _scanned(doc)
    for ob in obligations:
        if several_tasks(ob):
            doubts.append(Doubt(kind="tasks_may_be_missing", span=ob.span, locator=ob.locator,
                                block=(doc.block_at(ob.span.start) or doc.blocks[0]).index,
                                reason=f"в задаче может быть несколько поручений: «{ob.text[:120]}»"))
    doc_parts = outline.parts(doc, lay.body_start_block)
    for b in doc.blocks[lay.body_start_block:]:
        if b.kind not in ("paragraph", "textbox") or outline.part_of(doc_parts, b.index)[1].kind == "regulation":
            continue      # a regulation's rules direct in general, not a task of this document
        span = _directive_sentences(b, obligations)
        if span is not None:
            quote = re.sub(r"\s+", " ", doc.text[span.start:span.end]).strip()
            doubts.append(Doubt(kind="tasks_may_be_missing", block=b.index, span=span, locator=b.locator,
                                reason=f"поручение со сроком вне найденных задач: «{quote[:120]}»"))
    return doubts
