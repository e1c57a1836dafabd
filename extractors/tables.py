"""Plan and decision tables: which column holds the task, number, deadline, responsible and status,
the table as a grid with merged cells repeated over the rows they cover, and its rows as obligations."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

from extractors import obligation_rules as O
from extractors.bodies import names_a_doer, responsible_from
from extractors.deadlines import (TERM_UNREAD, Context, choose_deadline, find_deadlines, infer_year, month_end, month_number,
                                  parse_deadline)
from extractors.gazetteer import gazetteer
from extractors.readers.table_header import Columns, header_columns
from schemas.document import Block, Cell, Document, Span
from schemas.extraction import Deadline, DocumentMeta, Obligation, Responsible


def classify_header(cells: list[Cell]) -> Columns | None:
    return header_columns([(c.col, c.text) for c in cells]) or _schedule_columns(cells)


def _schedule_columns(cells: list[Cell]) -> Columns | None:
    """A schedule with no task column, its rows the events of the municipality each names ("№ | Муниципальное
    образование | Дата проведения | Ответственный"): the municipality's cell stands for the row's task."""
    muni = next((c.col for c in cells if MUNICIPALITY_HEADER.search(c.text)), None)
    if muni is None:
        return None
    cols = header_columns([(c.col, "Мероприятие" if c.col == muni else c.text) for c in cells])
    if cols is None:
        return None
    if cols.responsible is None:   # "Муниципальный координатор (Ф.И.О., должность)": who acts for it
        cols.responsible = next((c.col for c in cells if PERSON_HEADER.search(c.text) and c.col != muni), None)
    # with no one named to act, it is a timetable the letter's own items refer to ("Даты | Направление |
    # Муниципальные образования"), not tasks of its rows
    return cols if cols.responsible is not None else None


def grid(block: Block) -> list[dict[int, Cell]]:
    """Each row as column -> cell, with a vertically merged cell repeated on the rows it covers."""
    rows: list[dict[int, Cell]] = []
    carry: dict[int, tuple[Cell, int]] = {}
    for r, row in enumerate(block.rows):
        cur: dict[int, Cell] = {}
        for col, (cell, until) in list(carry.items()):
            if r <= until:
                cur[col] = cell
        for cell in row.cells:
            for col in range(cell.col, cell.col + cell.col_span):
                cur[col] = cell
                if cell.row_span > 1:
                    carry[col] = (cell, r + cell.row_span - 1)
        rows.append(cur)
    return rows


HEADER_ROWS = 12   # a sheet printed whole (Calc, Excel) puts an approval block and the title above the header


def task_header(block: Block) -> tuple[int, Columns] | None:
    """The header row (among the first rows) of a table of tasks, or None for any other table."""
    for i, row in enumerate(block.rows[:HEADER_ROWS]):
        cols = classify_header(row.cells)
        if cols:
            return i, cols
    return None


TAKE_NOTE = re.compile(r"\bпринять\s+к\s+сведению\b", re.I)
# a row that says there is nothing to do: "Замечаний нет. Организация принята", "Нарушений не выявлено"
NOTHING_TO_DO = re.compile(r"^\s*(?:замечаний\s+нет|нарушений\s+не\s+выявлено|замечаний\s+не\s+выявлено|нет)\b", re.I)
NAME_ONLY = re.compile(r"^\s*[«\"][^«»\"]{1,60}[»\"]\s*$")   # a list's name cell («Радуга»), not an action
# a signature typed as the table's last row ("Председательствующий | | Д.Л. Пономарёв", "Секретарь | | Н.С. Абдина")
SIGNATURE_ROW = re.compile(r"^\s*(?:председатель(?:ствующий)?|секретарь|члены?\s+комиссии|протокол\s+вел[аи]?)\s*:?\s*$", re.I)
# a roadmap's term in two columns: "Срок начала" | "Срок окончания" ("Дата начала" | "Дата завершения")
START_HEADER = re.compile(r"(?:срок|дата)\w*\s+начала|^\s*начало\b", re.I)
END_HEADER = re.compile(r"(?:срок|дата)\w*\s+(?:окончания|завершения)|^\s*(?:окончание|завершение)\b", re.I)
# a table's rows each for one municipality ("Муниципальное образование" | "Мероприятие" | "Срок") or for one
# organisation or body ("Образовательная организация" | "Замечания, подлежащие устранению" | "Срок устранения";
# "Принимающий орган управления образованием" | "Тема семинара" | "Дата проведения"): with no
# responsible column, the municipality or the organisation a row names is whose the row is
MUNICIPALITY_HEADER = re.compile(r"^\s*(?:муниципальн\w+\s+(?:образовани|район|округ)\w*|территори\w*|"
                                 r"наименование\s+муниципальн\w+|город\w*\s*\(?район\w*|мо|омсу)\b", re.I)
PERSON_HEADER = re.compile(r"координатор|куратор|ф\.\s*и\.\s*о|\bфио\b|контактн\w+\s+лиц", re.I)
# a row across a table naming one institution ("МБОУ «СОШ № 2 г. Холмска»", "Школа № 5"): the rows under it are
# its own where no column names who acts (an inspection's remarks school by school)
INSTITUTION_ROW = re.compile(r"^\s*(?:[А-ЯЁ]{2,7}(?:\s+(?:ДО|ДПО|СПО|ДОД))?\s*[«\"]|(?:школа|лицей|гимназия|детский\s+сад)\s*"
                             r"(?:№|[«\"]))[^\n]{0,150}$")
ORGANISATION_HEADER = re.compile(r"^\s*(?:[а-яё]+\s+){0,2}(?:организаци|учреждени|орган)\w*(?:\s+[а-яё]+){0,3}\s*$", re.I)


def _column_reader(by_column: dict[int, Cell], cells: list[Cell], header: list[Cell]):
    """A row's cell under a header column: by the grid, or, where the row has as many cells as the header,
    by its place among them (a converted legacy table may shift a row's grid against its header's)."""
    if header and len(cells) == len(header) and [c.col for c in cells] != [h.col for h in header]:
        place = {h.col: k for k, h in enumerate(header)}
        return lambda col: cells[place[col]] if col in place else by_column.get(col)
    return by_column.get


def is_done(mark: str) -> bool:
    """A report's filled mark says the task was carried out ("Исполнено. …", "Разработана программа …"),
    unless it says it is not, or not yet ("Не исполнено", "в работе", "частично")."""
    return bool(mark.strip()) and not O.NOT_DONE_MARK.search(mark)


def _who_and_when(cell: Cell, ctx: Context) -> tuple[Cell | None, Cell | None]:
    """A cell that holds who and when ("Управление образования, до 15.04.2024"): split at its first term,
    each part a cell of its own (spans kept in the document's text)."""
    terms = [d for d in find_deadlines(cell.text, ctx, cell.span.start, loose=True) if d.span is not None]
    if not terms:
        return cell, None
    at = terms[0].span.start - cell.span.start
    who = cell.text[:at].rstrip(" ,;.–—-\n")
    when = cell.model_copy(update={"text": cell.text[at:], "span": Span(start=cell.span.start + at, end=cell.span.end)})
    return (cell.model_copy(update={"text": who, "span": Span(start=cell.span.start, end=cell.span.start + len(who))})
            if who.strip() else None), when


def _carry_on(ob: Obligation, task: Cell, when: Cell | None, ctx: Context) -> None:
    """A row's rest cut off by a page break: its task text goes on, and a term in its rest is the row's
    where the row had none."""
    ob.text = re.sub(r"\s+", " ", f"{ob.text} {task.text}").strip()
    if ob.deadline is None and when is not None and when.text.strip():
        found = parse_deadline(when.text, ctx, when.span.start)
        ob.deadline = found if found and found.kind != "none" else None


def width(block: Block) -> int:
    return max(sum(c.col_span for c in r.cells) for r in block.rows)


def _shape(block: Block) -> tuple[int, ...]:
    """Where the cells of the table's usual row start (its most common row of more than one cell)."""
    shapes = Counter(tuple(c.col for c in r.cells) for r in block.rows if len(r.cells) > 1)
    return shapes.most_common(1)[0][0] if shapes else ()


def continued_header(block: Block, previous: tuple[Block, Columns] | None) -> Columns | None:
    """A table with no header of its own that continues the task table before it (a plan split in two
    tables, the second without its header row): with as many cells to a row, its columns play the same
    parts, matched cell by cell (a merge may shift their grid positions)."""
    if previous is None or task_header(block) is not None:
        return None
    before, cols = previous
    was, now = _shape(before), _shape(block)
    if not now or len(was) != len(now):
        return None
    at = dict(zip(was, now))
    return replace(cols, **{k: at.get(getattr(cols, k)) for k in ("task", "number", "deadline", "responsible", "status")},
                   attributes={at[c]: h for c, h in cols.attributes.items() if c in at})


def _term_columns(header_cells: list[Cell], cols: Columns) -> tuple[int | None, int | None]:
    """The columns of a term's start and end where the header gives both, else (None, the deadline column)."""
    start = next((c.col for c in header_cells if START_HEADER.search(c.text)), None)
    end = next((c.col for c in header_cells if END_HEADER.search(c.text)), None)
    return (start, end) if start is not None and end is not None else (None, cols.deadline)


# a plan-schedule's month columns ("IX | X | … | VI", "сентябрь | октябрь | …") marked "+" in the months a row runs in,
# or a roadmap's dated quarter or half-year columns ("I кв. 2025 | II кв. 2025 | …") marked "X"
ROMAN_MONTHS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
                "xii": 12}
MARK = re.compile(r"^\s*[+×хxХX✓✔•*]\s*$")
# where a table marks with "+" and crosses too, the cross is its "not held" ("«х» – в квартале мероприятие не проводится")
PLUS = re.compile(r"^\s*\+\s*$")
CROSS = re.compile(r"^\s*[×хxХX]\s*$")


def _mark_of(block: Block, columns: set[int]) -> re.Pattern:
    """The mark a schedule's columns use for "held": "+" where the table has both pluses and crosses, else any."""
    texts = [c.text for row in block.rows for c in row.cells if c.col in columns]
    return PLUS if any(PLUS.match(t) for t in texts) and any(CROSS.match(t) for t in texts) else MARK


def _month_columns(header_cells: list[Cell]) -> dict[int, int]:
    """Column -> month where the header has at least three month columns."""
    out = {}
    for c in header_cells:
        t = c.text.strip().lower().rstrip(".")
        month = ROMAN_MONTHS.get(t) or (month_number(t) if re.fullmatch(r"[а-яё]{3,9}", t) else None)
        if month:
            out[c.col] = month
    return out if len(out) >= 3 else {}


def _period_columns(header_cells: list[Cell], ctx: Context) -> dict[int, Deadline]:
    """Column -> the dated period its header names ("I кв. 2025", "2 квартал 2025", "I полугодие 2026"), or names
    in the year the plan is for ("I кв." in a plan "на 2027 год"), where the header has at least three such columns."""
    out = {}
    for c in header_cells:
        t = c.text.strip()
        dated = re.search(r"\d{4}", t) or ctx.period
        dl = parse_deadline(t, ctx, c.span.start) if 0 < len(t) <= 24 and dated else None
        if dl and dl.start and dl.end and dl.kind in ("period", "range"):
            out[c.col] = dl
    return out if len(out) >= 3 else {}


def _marked_periods(cells: dict[int, Cell], periods: dict[int, Deadline], mark: re.Pattern) -> Deadline | None:
    """A row's term from the first to the last dated period column it marks."""
    marked = [dl for col, dl in periods.items() if col in cells and mark.match(cells[col].text)]
    if not marked:
        return None
    return Deadline(raw=f"отмечено в графике: {', '.join(d.raw for d in marked)}", start=marked[0].start,
                    end=marked[-1].end, kind="range" if len(marked) > 1 else "period")


def _marked_months(cells: dict[int, Cell], months: dict[int, int], ctx: Context, mark: re.Pattern) -> Deadline | None:
    """A row's period from the first to the last month column it marks, in the plan's year order."""
    marked = [m for col, m in months.items() if col in cells and mark.match(cells[col].text)]
    if not marked:
        return None
    first, last = marked[0], marked[-1]
    y1, y2 = infer_year(first, ctx), infer_year(last, ctx)
    if not (y1 and y2):
        return None
    if (y2, last) < (y1, first):
        y2 = y1 + 1
    return Deadline(raw=f"отмечено в графике: {len(marked)} мес.", start=dt.date(y1, first, 1), end=month_end(y2, last),
                    kind="range" if len(marked) > 1 else "period")


def _owner_column(header_cells: list[Cell], cols: Columns) -> tuple[int | None, bool]:
    """The column naming whose each row is, where the table has no responsible column, and whether it names
    municipalities (else organisations)."""
    if cols.responsible is not None:
        return None, False
    for c in header_cells:
        if MUNICIPALITY_HEADER.search(c.text) or ORGANISATION_HEADER.search(c.text):
            return c.col, bool(MUNICIPALITY_HEADER.search(c.text))
    return None, False


def _place_in(responsible: list[Responsible], place: str, meta: DocumentMeta) -> None:
    """A schedule's row is its municipality's: whoever the row names for it, placed nowhere else, is there."""
    found = gazetteer().municipalities_in(place, meta.sender.region)
    if not found:
        return
    m = found[0].municipality
    for r in responsible:
        if r.scope == "body" and not r.municipality:
            r.municipality, r.region = m.short_name, m.region


def _with_start(deadline: Deadline | None, start_cell: Cell | None, ctx: Context) -> Deadline | None:
    """A row's term from its end column, begun on its start column's date."""
    begun = parse_deadline(start_cell.text, ctx, start_cell.span.start) if start_cell and start_cell.text.strip() else None
    first = begun and (begun.start or begun.end)
    if deadline is None or deadline.end is None or first is None or first > deadline.end:
        return deadline
    return deadline.model_copy(update={"start": first, "kind": "range", "raw": f"{begun.raw} – {deadline.raw}"})


def table_obligations(block: Block, meta: DocumentMeta, ctx: Context, inherited: Columns | None = None,
                      own: list[Responsible] | None = None) -> list[Obligation]:
    """The table's task rows; with no responsible column, the rows are ``own``'s (the issuing or replying
    body: a plan of an organisation's own work, a reply's table of what it did)."""
    found = task_header(block) or (inherited and (-1, inherited))
    if not found:
        return []
    header_at, cols = found
    header_cells = block.rows[header_at].cells if header_at >= 0 else []
    below = block.rows[header_at + 1].cells if 0 <= header_at < len(block.rows) - 1 else []
    if _month_columns(below) or _period_columns(below, ctx) or _term_columns(below, cols)[0] is not None:
        # the header's second row: the months under "2026/2027 год", "начало | окончание" under "Срок исполнения"
        header_cells, header_at = header_cells + below, header_at + 1
    start_col, end_col = _term_columns(header_cells, cols)
    owner_col, by_municipality = _owner_column(header_cells, cols)
    months, periods = _month_columns(header_cells), _period_columns(header_cells, ctx)
    mark = _mark_of(block, set(months) | set(periods))
    task_is_place = any(c.col == cols.task and MUNICIPALITY_HEADER.search(c.text) for c in header_cells)
    out = []
    width_ = width(block)
    numbers = [_row_number(row.cells, cols) for row in block.rows]
    section_owner: list[Responsible] = []
    for r, cells in enumerate(grid(block)):
        row = block.rows[r]
        if r <= header_at:
            continue
        texts = [c.text.strip() for c in row.cells]
        if all(re.fullmatch(r"[\dlI|]{1,2}\.?", t) for t in texts if t) or not any(texts):   # "l": OCR's 1
            continue   # the column numbers under a header, or an empty row
        if classify_header(row.cells):
            continue   # a header repeated on a new page
        distinct = {t for t in texts if t}
        spans_all = len(row.cells) == 1 and row.cells[0].col_span >= width_ - 1
        at = _column_reader(cells, row.cells, header_cells)
        task = at(cols.task)
        num_cell = at(cols.number) if cols.number is not None else None
        dl_cell = at(end_col) if end_col is not None else None
        resp_cell = at(cols.responsible) if cols.responsible is not None else None
        owned = lambda c: c is not None and c in row.cells   # noqa: E731  (not carried from a row above)
        if (out and not spans_all and distinct == {task.text.strip() if owned(task) else None}
                and num_cell is not None and not num_cell.text.strip() and task.text.strip()[:1].islower()):
            _carry_on(out[-1], task, None, ctx)
            continue   # the rest of the task a page or table break cut off
        if (out and owned(task) and task.text.strip()[:1].islower() and not (num_cell and num_cell.text.strip())
                and not out[-1].text.rstrip().endswith((".", ";", ":", "!"))):
            _carry_on(out[-1], task, dl_cell or resp_cell, ctx)
            continue   # the same, its other cells cut too ("(Семенова А.Г.); до 1 сентября 2025 г.")
        if spans_all or (len(distinct) == 1 and not (owned(dl_cell) and dl_cell.text.strip())
                         and not (owned(resp_cell) and resp_cell.text.strip()) and not (num_cell and num_cell.text.strip()
                                                                                        and owned(task))):
            heading = next(iter(distinct), "")
            section_owner = responsible_from(heading, meta, "table", row.cells[0].span.start) if \
                cols.responsible is None and owner_col is None and INSTITUTION_ROW.match(heading) else []
            continue   # a section heading across the table
        if _parent_row(num_cell, [c for c in (dl_cell, resp_cell) if c is not task], owned, numbers[r + 1:]):
            continue   # "1.1. | Нормативное сопровождение | | " above "1.1.1. …": a section of the numbered rows below
        if task is None or not task.text.strip() or TAKE_NOTE.search(task.text) or NAME_ONLY.match(task.text) \
                or NOTHING_TO_DO.match(task.text) or SIGNATURE_ROW.match(task.text):
            continue   # no task, a decision that records ("Информацию … принять к сведению"), a name («Радуга»), a signature
        reasons = []
        who_cell = resp_cell if owner_col is None else at(owner_col)
        if cols.responsible is not None and cols.responsible == cols.deadline and resp_cell is not None:
            who_cell, dl_cell = _who_and_when(resp_cell, ctx)
        elif cols.responsible is None and owner_col is None and owned(dl_cell):
            who_cell, dl_cell = _who_and_when(dl_cell, ctx)   # "Директор, 2014 год" under "Сроки реализации"
            named = responsible_from(who_cell.text, meta, "table", who_cell.span.start) if who_cell else []
            if not (named and all(names_a_doer(r.name) for r in named)):
                who_cell = None   # words before a term that name no one ("ежеквартальн о", "по мере поступления")
        deadline = parse_deadline(dl_cell.text, ctx, dl_cell.span.start) if dl_cell and dl_cell.text.strip() else None
        if deadline is None and dl_cell and dl_cell.text.strip() and owned(dl_cell):
            reasons.append(TERM_UNREAD)   # a term cell srok could not date ("по отдельному графику" is read as none)
        if deadline is None:
            deadline, n = choose_deadline(task.text, ctx, task.span.start)
        if deadline and deadline.kind == "none":
            deadline = None
        if start_col is not None:
            deadline = _with_start(deadline, at(start_col), ctx)
        if deadline is None and months:
            deadline = _marked_months(cells, months, ctx, mark)
        if deadline is None and periods:
            deadline = _marked_periods(cells, periods, mark)
        responsible = responsible_from(who_cell.text, meta, "table", who_cell.span.start) if who_cell and \
            who_cell.text.strip() else [] if cols.responsible is not None else list(section_owner or own or [])
        if by_municipality and not any(r.municipality for r in responsible):
            responsible = list(own or [])       # the column named no municipality the gazetteer knows
        if task_is_place:
            _place_in(responsible, task.text, meta)
        if not responsible:
            reasons.append("no responsible body")
        status_cell = cells.get(cols.status) if cols.status is not None else None
        status = "done" if status_cell is not None and is_done(status_cell.text) else "pending"
        reported = O.REPORTED.search(task.text) if status_cell is None else None
        if reported and is_done(reported.group("mark")):
            status = "done"     # "Перезарядить огнетушители … – устранено в ходе проверки 16.07.2025"
        number = num_cell.text.strip().rstrip(".") if num_cell is not None and num_cell.text.strip() else None
        attributes = {head: cells[col].text.strip() for col, head in cols.attributes.items()
                      if col in cells and cells[col].text.strip()}
        out.append(Obligation(number=number, attributes=attributes, text=re.sub(r"\s+", " ", task.text).strip(), responsible=responsible,
                              deadline=deadline, status=status, span=task.span, locator=task.locator,
                              reasons=reasons))
    return out


def _item_number(cell: Cell | None) -> str | None:
    """A number cell's item number without its last stop ("1.1." -> "1.1")."""
    m = re.fullmatch(r"\s*(\d{1,3}(?:\.\d{1,3})*)\.?\s*", cell.text) if cell is not None else None
    return m.group(1) if m else None


def _row_number(cells: list[Cell], cols: Columns) -> str | None:
    return _item_number(next((c for c in cells if c.col == cols.number), None)) if cols.number is not None else None


def _parent_row(num_cell: Cell | None, others: list[Cell | None], owned, below: list) -> bool:
    """A numbered row with no term and no one named (``others``: its term and responsible cells, not the task's
    own cell spanning them) whose number the next numbered row extends ("1.1" over "1.1.1", "1." over "1.1"):
    the heading of its sub-items, not a task."""
    number = _item_number(num_cell)
    if number is None or any(owned(c) and c.text.strip() for c in others):
        return False
    following = next((n for n in below if n), None)
    return bool(following and following.startswith(number + "."))


def term_below(doc: Document, block: Block, rows: list[Obligation], ctx: Context) -> None:
    """A term stated once under a table for all its rows ("Срок исполнения предписания – до 18 октября 2024
    года."): the rows that name no term of their own take it."""
    if not rows or any(ob.deadline for ob in rows):
        return
    for after in doc.blocks[block.index + 1:block.index + 3]:
        m = O.DEADLINE_LINE.match(after.text) if after.kind == "paragraph" and len(after.text) < 200 else None
        dl = parse_deadline(after.text[m.end():], ctx, after.span.start + m.end()) if m else None
        if dl is not None and dl.kind != "none":
            for ob in rows:
                ob.deadline = dl
                ob.reasons = ob.reasons + ["deadline line"]
            return
