"""A reply that reports on the tasks of a request, item by item, in prose: "По пункту 2.1 (обеспечить …, срок –
до 10.05.2024) – исполнено", "Мероприятие «…» (срок – ноябрь 2024 года) не исполнено …". Each such sentence is
the task as the reply restates it, its term, and its status, with the replying body responsible for it."""
from __future__ import annotations

import re

from extractors import obligation_rules as O
from extractors.bodies import responsible_from
from extractors.deadlines import Context, parse_deadline
from extractors.metadata import Layout
from extractors.tables import is_done
from schemas.document import Document, Span
from schemas.extraction import DocumentMeta, Obligation

# a letter that reports on what it was asked: a reply, or one that says it reports on fulfilment
REPORTING = re.compile(r"\b(?:сообща\w+|информиру\w+|направля\w+\s+информаци\w+)\s+(?:о\s+|об\s+)"
                       r"(?:исполнени|выполнени|ходе\s+исполнени|реализаци)\w*|"
                       r"\bво\s+исполнение\s+(?:предписани|представлени)\w*", re.I)   # a report on a supervisory act
# the task's term as the reply restates it: "(срок – до 10.05.2024)", "Срок по предписанию – до 28.02.2025."
TERM = re.compile(r"\(?\s*срок\w*(?:\s+исполнения)?\s*[-–—:]\s*(?P<term>[^)]{3,80}?)\s*\)|"
                  r"\bсрок\w*(?:\s+(?:исполнения|по\s+\w+))?\s*[-–—:]\s*(?P<bare>[^;()]{3,60}?)\s*(?:[.;]\s|[.;]?$)", re.I)
ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?(?:по\s+пункту|пункт)\s+(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*"
                  r"(?:(?:протокола|предписания|представления|письма|поручения|перечня)\s*)?[:(]?", re.I)
# the paragraph after an item that says what was done: "Принятые меры: … Нарушение устранено 23.01.2025."
OUTCOME = re.compile(r"^\s*(?:принятые\s+меры|информация\s+об\s+исполнении|исполнение|результат\w*|статус|"
                     r"отметка\s+о\s+выполнении)\s*[:\-–—]", re.I)


def is_report(doc: Document, meta: DocumentMeta) -> bool:
    return bool(meta.in_reply_to) or bool(REPORTING.search(doc.text[:4000]))


def reported_tasks(doc: Document, meta: DocumentMeta, lay: Layout, ctx: Context) -> list[Obligation]:
    if meta.doc_type != "letter" or not is_report(doc, meta):
        return []
    replying = responsible_from(meta.sender.name, meta, "replying_body") if meta.sender.name else []
    out = []
    paragraphs = [b for b in doc.blocks[lay.body_start_block:] if b.kind == "paragraph"]
    for block, after in zip(paragraphs, paragraphs[1:] + [None]):
        if OUTCOME.match(block.text):
            continue                                  # what was done about the item before: no task of its own
        mark = O.REPORTED.search(block.text)
        term = TERM.search(block.text)
        item = ITEM.match(block.text)
        outcome = None
        if item and term and after is not None and OUTCOME.match(after.text):
            outcome = O.REPORTED.search(after.text)          # the item, then what was done about it
        if not (term and (mark or outcome)):
            continue
        start = item.end() if item else 0
        end = term.start() if item or outcome or term.start() > mark.start() else mark.start()
        text = block.text[start:end].strip(" (–—-:,.")
        if len(text) < 10:
            continue
        mark = outcome or mark
        group = "term" if term.group("term") else "bare"
        deadline = parse_deadline(term.group(group), ctx, block.span.start + term.start(group))
        out.append(Obligation(number=item.group("num") if item else None, text=re.sub(r"\s+", " ", text),
                              responsible=replying, deadline=None if deadline and deadline.kind == "none" else deadline,
                              status="done" if is_done(mark.group("mark")) else "pending",
                              span=Span(start=block.span.start + start, end=block.span.start + end),
                              locator=block.locator))
    return out
