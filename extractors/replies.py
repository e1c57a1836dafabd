"""A reply that reports on the tasks of a request, item by item, in prose: "По пункту 2.1 (обеспечить …, срок –
до 10.05.2024) – исполнено", "Мероприятие «…» (срок – ноябрь 2024 года) не исполнено …". Each such sentence is
the task as the reply restates it, its term, and its status, with the replying body responsible for it."""
from __future__ import annotations

import re

from extractors import obligation_rules as O
from extractors.bodies import responsible_from
from extractors.deadlines import Context, choose_deadline, parse_deadline
from extractors.metadata import Layout
from extractors.nlp import sentences, tags, to_nominative
from extractors.tables import is_done, task_header
from schemas.document import Block, Document, Span
from schemas.extraction import DocumentMeta, Obligation, Responsible

# a letter that reports on what it was asked: a reply, or one that says it reports on fulfilment
REPORTING = re.compile(r"\b(?:сообща\w+|информиру\w+|направля\w+\s+информаци\w+)\s+(?:о\s+|об\s+)"
                       r"(?:исполнени|выполнени|ходе\s+исполнени|реализаци)\w*|"
                       r"\bво\s+исполнение\s+(?:предписани|представлени)\w*", re.I)   # a report on a supervisory act
# the task's term as the reply restates it: "(срок – до 10.05.2024)", "Срок по предписанию – до 28.02.2025."
TERM = re.compile(r"\(?\s*срок\w*(?:\s+исполнения)?\s*[-–—:]\s*(?P<term>[^)]{3,80}?)\s*\)|"
                  r"\bсрок\w*(?:\s+(?:исполнения|по\s+\w+))?\s*[-–—:]\s*(?P<bare>[^;()]{3,60}?)\s*(?:[.;]\s|[.;]?$)", re.I)
ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]\s*)?(?:по\s+пункту|пункт)\s+(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s*"
                  r"(?:(?:протокола|предписания|представления|письма|поручения|перечня)\s*)?[:(]?", re.I)
# an item that quotes the task it reports on: "1. Поручение: «Довести до сведения … до 26.01.2026»"
RESTATED = re.compile(r"^\s*(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)]\s*(?:поручение|задача|мероприятие|требование)\s*"
                      r"(?:№\s*\d+\s*)?[:–—-]\s*[«\"]?", re.I)
# the paragraph after an item that says what was done: "Принятые меры: … Нарушение устранено 23.01.2025."
OUTCOME = re.compile(r"^\s*(?:принятые\s+меры|информация\s+об\s+исполнении|исполнение|результат\w*|статус|"
                     r"отметка\s+о\s+выполнении)\s*[:\-–—]", re.I)


REPORTED_ITEM = "reported item"      # the mark confidence.py reads (check task.reported)
# a reported item's own verb: "будет/будут …" promises it by the term the sentence gives ("будет исполнено до
# 28.02.2025"), "продолжается", "в работе" say it is under way; a short passive participle says it was done
# ("утвержден", "проведена", "заключен договор", "– исполнено")
PROMISE = re.compile(r"\bбуд(?:ет|ут)\b", re.I)
WORD = re.compile(r"[А-Яа-яЁё]+")


def _future(tag: str) -> bool:
    """A perfective verb's future, which promises: "завершат монтаж … до 23 декабря", "представит не позднее …"."""
    return "VERB" in tag and "perf" in tag and "futr" in tag and "3per" in tag


def _reported_status(sentence: str) -> str | None:
    """"pending" for a promise or work under way, "done" for a thing done, None where the sentence reports neither."""
    if PROMISE.search(sentence) or O.NOT_DONE_MARK.search(sentence) or re.search(
            r"\bне\s+(?:исполнено|выполнено|представляется\s+возможным)|\bневозможно\b", sentence, re.I) \
            or any(_future(t) for w in WORD.findall(sentence) for t in tags(w)[:1]):
        return "pending"
    if any("PRTS" in t and "pssv" in t for w in WORD.findall(sentence) for t in tags(w)[:1]):
        return "done"
    return None


# another organisation named as the doer of a passive report ("Институтом развития образования … проведено
# обучение …"): an adjective or two and the head noun, all in the instrumental, and the name in quotes after it
AGENT = re.compile(r"(?:[А-ЯЁа-яё-]+(?:ым|им|ой|ей)\s+){0,4}(?:учреждением|организацией|институтом|центром|"
                   r"управлением|комитетом|министерством|департаментом|отделом|службой|администрацией)"
                   r"(?:\s+[а-яё-]+(?:ого|его|ой|ей|ых|их|ия|ии|ов)){0,4}(?:\s*[«\"][^»\"]{2,120}[»\"])?", re.I)


def _agent(sentence: str, replying: list[Responsible]) -> list[Responsible]:
    """The organisation a report's passive sentence names as having done the thing, placed as the replying body."""
    verb = next((w for w in re.finditer(r"[а-яё]+", sentence) if any("PRTS" in t for t in tags(w.group(0))[:1])), None)
    m = AGENT.search(sentence[:verb.start()]) if verb else None
    if not m:
        return replying
    name = to_nominative(m.group(0), case="ablt")
    place = replying[0] if replying else None
    return [Responsible(name=name, source="sentence", region=place and place.region,
                        municipality=place and place.municipality)]


def _reported(block: Block, sentence: str, start: int, status: str, deadline, replying: list[Responsible]) -> Obligation:
    """A sentence of a report as the task of the replying body (or of the organisation it says did it), done or
    pending."""
    return Obligation(number=None, text=re.sub(r"\s+", " ", sentence.strip(" .;")), responsible=_agent(sentence, replying),
                      deadline=deadline, status=status, span=Span(start=start, end=start + len(sentence.rstrip(" .;"))),
                      locator=block.locator, reasons=[REPORTED_ITEM])


def _reported_item(block: Block, body: int, ctx: Context, replying: list[Responsible]) -> list[Obligation]:
    """An item of a report that says what became of a task without restating its term ("По пункту 2.
    Назначение ответственных … выполнено", "3. Обучение … – будет исполнено до 28.02.2025", "– 29.05.2024
    проведена калибровка тахографа"): its first sentence that reports, and each further one that promises a
    thing by a date, each a task of the replying body."""
    out = []
    for a, b in sentences(block.text[body:]):
        sentence = block.text[body + a:body + b]
        status = _reported_status(sentence)
        if status is None or (out and status == "done"):
            continue
        start = block.span.start + body + a
        deadline = choose_deadline(sentence, ctx, start)[0] if status == "pending" else None
        if out and not (deadline and deadline.end):
            continue
        if out and out[0].status == "pending" and out[0].deadline is None:
            out[0].deadline = deadline       # "Обучение … продолжается. Обучение будет завершено до 25 апреля."
            continue
        if len(sentence.strip(" .;")) < 10:
            continue
        out.append(_reported(block, sentence, start, status, deadline, replying))
    return out


# what a reply says it did with the request itself, not a task of the request: "письмо рассмотрено", "получено"
INTAKE = re.compile(r"\b(?:рассмотрен|получен|изучен|принят\w*\s+к\s+сведению|доведен\w*\s+до\s+сведения)", re.I)


def _past(day, ctx: Context) -> bool:
    return bool(ctx.doc_date and day < ctx.doc_date)


def _reported_prose(block: Block, ctx: Context, replying: list[Responsible]) -> list[Obligation]:
    """A report's paragraph in prose ("…сообщаем, что в период с 6 по 16 февраля проведены инструктажи …",
    "Инструктажи … будут проведены … до 25 октября 2024 года"): each sentence that says a thing was done, or
    promises one by a date, is a task of the replying body; what the reply did with the request itself
    ("письмо рассмотрено") is none."""
    out = []
    for a, b in sentences(block.text):
        sentence = block.text[a:b]
        status = _reported_status(sentence)
        if status is None or len(sentence) < 40 or sentence.rstrip().endswith(":") or O.DELEGATED.search(sentence) \
                or (status == "done" and INTAKE.search(sentence)):
            continue      # no report, a heading of the list that reports ("приняты следующие меры:"), or intake
        start = block.span.start + a
        deadline = choose_deadline(sentence, ctx, start)[0] if status == "pending" else None
        if status == "pending" and not (deadline and deadline.end and not _past(deadline.end, ctx)):
            continue      # a promise has a term ahead; a date gone by dates what happened ("поступивших 24.11")
        out.append(_reported(block, sentence, start, status, deadline, replying))
    return out


def _restated(block: Block, item: re.Match, after: Block, ctx: Context, replying: list[Responsible]) -> Obligation:
    """A quoted task ("1. Поручение: «… до 26.01.2026»") and the paragraph saying what became of it ("Информация об
    исполнении: Исполнено. …" / "Не исполнено …" / "Исполнено частично …"): the replying body's task, with the term
    the quote gives, done only where the outcome says so without a but."""
    text = block.text[item.end():].rstrip(" »\".")
    start = block.span.start + item.end()
    outcome = after.text[OUTCOME.match(after.text).end():]
    return Obligation(number=item.group("num"), text=re.sub(r"\s+", " ", text), responsible=replying,
                      deadline=choose_deadline(text, ctx, start)[0], status="done" if is_done(outcome) else "pending",
                      span=Span(start=start, end=start + len(text)), locator=block.locator, reasons=[REPORTED_ITEM])


def is_report(doc: Document, meta: DocumentMeta) -> bool:
    return bool(meta.in_reply_to) or bool(REPORTING.search(doc.text[:4000]))


def reported_tasks(doc: Document, meta: DocumentMeta, lay: Layout, ctx: Context,
                   found_elsewhere: bool = False) -> list[Obligation]:
    from extractors.obligations import first_infinitive   # (obligations imports this module)
    if meta.doc_type != "letter" or not is_report(doc, meta):
        return []
    replying = responsible_from(meta.sender.name, meta, "replying_body") if meta.sender.name else []
    out: list[Obligation] = []
    prose: list[Obligation] = []
    paragraphs = [b for b in doc.blocks[lay.body_start_block:] if b.kind == "paragraph"]
    for block, after in zip(paragraphs, paragraphs[1:] + [None]):
        if OUTCOME.match(block.text):
            continue                                  # what was done about the item before: no task of its own
        restated = RESTATED.match(block.text)
        if restated and after is not None and OUTCOME.match(after.text):
            out.append(_restated(block, restated, after, ctx, replying))
            continue
        mark = O.REPORTED.search(block.text)
        term = TERM.search(block.text)
        item = ITEM.match(block.text)
        outcome = None
        if item and term and after is not None and OUTCOME.match(after.text):
            outcome = O.REPORTED.search(after.text)          # the item, then what was done about it
        told = _reported_status(block.text[term.end():]) if item and term and not (mark or outcome) else None
        if not (term and (mark or outcome or told)):
            label = item or O.ITEM_LABEL.match(block.text)
            if label and not first_infinitive(block.text[label.end():]):
                found = _reported_item(block, label.end(), ctx, replying)
                if found and label.groupdict().get("num"):
                    found[0].number = label.group("num")
                out.extend(found)
            elif not label:
                prose.extend(_reported_prose(block, ctx, replying))
            continue
        start = item.end() if item else 0
        end = term.start() if item or outcome or told or term.start() > mark.start() else mark.start()
        text = block.text[start:end].strip(" (–—-:,.")
        if len(text) < 10:
            continue
        mark = outcome or mark
        # "По пункту 3 (…, срок – до 20.11.2025). Паспорта … актуализированы …": the sentences after say what became of it
        status = told or ("done" if is_done(mark.group("mark")) else "pending")
        group = "term" if term.group("term") else "bare"
        deadline = parse_deadline(term.group(group), ctx, block.span.start + term.start(group))
        out.append(Obligation(number=item.group("num") if item else None, text=re.sub(r"\s+", " ", text),
                              responsible=replying, deadline=None if deadline and deadline.kind == "none" else deadline,
                              status=status, span=Span(start=block.span.start + start, end=block.span.start + end),
                              locator=block.locator))
    # a promise by a date is a task wherever it stands; what the prose says was done is the report's tasks only in a
    # report in prose alone: beside tasks found otherwise (a table, items, the body's own requests) it is their
    # context ("На основании анализа разработан план …", then the plan's rows)
    tables = any(b.kind == "table" and task_header(b) for b in doc.blocks)
    alone = not (out or tables or found_elsewhere)
    return out + [o for o in prose if alone or o.status == "pending"]
