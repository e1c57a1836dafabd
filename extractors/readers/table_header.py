"""What a table's header row says about its columns: which holds the task, number, deadline, responsible
and status, and which only describe a row (audience, participants, notes). Readers use it to recognise a
task table that has no ruling lines or that continues without a header; the extractors to read its rows."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors import obligation_rules as O

# columns that describe a row and are never its task, whatever other column words they contain
ATTRIBUTE = re.compile(r"(целев\w*\s+(аудитори|групп)|^\s*участник|^\s*примечани|^\s*форм\w*\s+(проведения|"
                       r"участия|отч[её]тност)|^\s*категори\w*\s+(участник|обучающ|слушател)|^\s*место\s+проведения|"
                       r"^\s*охват|^\s*для\s+кого|^\s*ожидаем\w*\s+результат|^\s*источник\w*\s+финансир|"
                       # what a report says was done is no task ("Принятые меры", "Выполненные мероприятия")
                       r"^\s*(?:принят|выполненн|проведенн|реализованн)\w*\s+(?:мер|мероприят|работ)|"
                       # a предписание's violations are what was found, not what is to be done
                       r"^\s*(?:выявленн\w*\s+|содержание\s+|характер\s+|описание\s+|вид\s+)?(?:нарушени|замечани|недостатк)|"
                       r"^\s*нарушенн)", re.I)
VIOLATION = re.compile(r"нарушени|нарушенн|замечани|недостатк", re.I)
DEMAND = re.compile(r"требовани|предписыва|устранени|^\s*меры", re.I)
ROLES = ("number", "deadline", "responsible", "status", "task")
ITEM_NUMBER = re.compile(r"^\s*\d{1,3}(\.\d{1,3})*\.?\s*$")
# a column title, not a row's task that happens to say "ответственный" (the longest in use: a fire-safety предписание's
# "Вид нарушения обязательных требований с указанием конкретного места выявленного нарушения", 89)
HEADER_MAX_CHARS = 100


@dataclass
class Columns:
    task: int | None = None
    number: int | None = None
    deadline: int | None = None
    responsible: int | None = None
    status: int | None = None
    attributes: dict[int, str] = field(default_factory=dict)   # column -> its header text


MARK = re.compile(r"отметк\w*\s+(?:об?\s+)?(?:исполнен|выполнен)", re.I)


def header_columns(cells: list[tuple[int, str]]) -> Columns | None:
    """(column, header text) pairs -> the roles of a task table's columns, or None for any other row."""
    cols = Columns()
    texts = [(col, re.sub(r"\s+", " ", text).strip()) for col, text in cells]
    if any(ITEM_NUMBER.match(t) for _, t in texts if t):
        return None   # a numbered row of the table, not its header
    for col, t in texts:
        if not t or len(t) > HEADER_MAX_CHARS:
            continue
        if ATTRIBUTE.search(t):
            cols.attributes[col] = t
            continue
        joined = re.sub(r"\s+", "", t)   # a title broken inside a word in a narrow column ("Ответстве нный")
        for name in ROLES:
            if getattr(cols, name) is None and (O.COLUMNS[name].search(t) or O.COLUMNS[name].search(joined)):
                setattr(cols, name, col)
                if name == "deadline" and cols.responsible is None and O.COLUMNS["responsible"].search(t):
                    cols.responsible = col     # "Ответственный, срок": who and when in one cell
                break
    roles = (cols.number, cols.deadline, cols.responsible, cols.status)
    if cols.task is None and all(col in roles or O.TASK_COLUMN_FALLBACK.search(t) for col, t in texts if t):
        # (beside a column of no role, "Муниципальные образования", it is a timetable's subject, not a task)
        cols.task = next((col for col, t in texts if t and O.TASK_COLUMN_FALLBACK.search(t) and col not in roles), None)
    # a report's mark column ("Отметка о выполнении": "исп.", a tick, "на контроле") says whether it is done, beside
    # one telling the work's course ("Ход исполнения", "Информация об исполнении"): the mark decides
    mark = next((col for col, t in texts if col != cols.status and t and MARK.search(t)), None)
    if mark is not None and cols.status is not None and not MARK.search(dict(texts)[cols.status]):
        cols.attributes[cols.status] = dict(texts)[cols.status]
        cols.status = mark
    if cols.task is None and cols.deadline is not None:
        # "Нарушение | Пункт нормы | Срок устранения" with no column of what to do: each violation (a remark of an
        # inspection) is to be removed by its row's term
        found = next((col for col, head in cols.attributes.items() if VIOLATION.search(head)), None)
        if found is not None:
            cols.task = found
            del cols.attributes[found]
    # a предписание's table pairs each violation with what is demanded; its term stands once, below the table
    violations = (cols.number is not None and cols.task is not None and DEMAND.search(dict(texts)[cols.task])
                  and any(VIOLATION.search(t) for t in cols.attributes.values()))
    # a report's table ("Содержание поручения | Информация об исполнении") restates tasks with what was done
    if cols.task is None or (cols.deadline is None and cols.responsible is None and cols.status is None
                             and not violations):
        return None
    return cols
