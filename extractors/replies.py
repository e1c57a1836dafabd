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
                       r"(?:исполнени|выполнени|ходе\s+исполнени|реализаци)\w*", re.I)
TERM = re.compile(r"\(?\s*срок\w*(?:\s+исполнения)?\s*[-–—:]\s*(?P<term>[^)]{3,80}?)\s*\)", re.I)
ITEM = re.compile(r"^\s*(?:по\s+пункту|пункт)\s+(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*(?:протокола\s*)?\(?", re.I)


def is_report(doc: Document, meta: DocumentMeta) -> bool:
    return bool(meta.in_reply_to) or bool(REPORTING.search(doc.text[:4000]))


def reported_tasks(doc: Document, meta: DocumentMeta, lay: Layout, ctx: Context) -> list[Obligation]:
    if meta.doc_type != "letter" or not is_report(doc, meta):
        return []
    replying = responsible_from(meta.sender.name, meta, "replying_body") if meta.sender.name else []
    out = []
    for block in doc.blocks[lay.body_start_block:]:
        if block.kind != "paragraph":
            continue
        mark = O.REPORTED.search(block.text)
        term = TERM.search(block.text)
        if not (mark and term):
            continue
        item = ITEM.match(block.text)
        start = item.end() if item else 0
        end = term.start() if item or term.start() > mark.start() else mark.start()
        text = block.text[start:end].strip(" (–—-:,")
        if len(text) < 10:
            continue
        deadline = parse_deadline(term.group("term"), ctx, block.span.start + term.start("term"))
        out.append(Obligation(number=item.group("num") if item else None, text=re.sub(r"\s+", " ", text),
                              responsible=replying, deadline=None if deadline and deadline.kind == "none" else deadline,
                              status="done" if is_done(mark.group("mark")) else "pending",
                              span=Span(start=block.span.start + start, end=block.span.start + end),
                              locator=block.locator))
    return out
