"""Plan and decision tables: which column holds the task, number, deadline, responsible and status,
and the table as a grid with merged cells repeated over the rows they cover."""
from __future__ import annotations

from dataclasses import dataclass

from extractors import obligation_rules as O
from schemas.document import Block, Cell


@dataclass
class Columns:
    task: int | None = None
    number: int | None = None
    deadline: int | None = None
    responsible: int | None = None
    status: int | None = None


def classify_header(cells: list[Cell]) -> Columns | None:
    cols = Columns()
    for c in cells:
        t = c.text.strip()
        if not t:
            continue
        for name in ("number", "deadline", "responsible", "status", "task"):
            if getattr(cols, name) is None and O.COLUMNS[name].search(t):
                setattr(cols, name, c.col)
                break
    if cols.task is None or (cols.deadline is None and cols.responsible is None):
        return None
    return cols


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


def task_header(block: Block) -> tuple[int, Columns] | None:
    """The header row (among the first three) of a table of tasks, or None for any other table."""
    for i, row in enumerate(block.rows[:3]):
        cols = classify_header(row.cells)
        if cols:
            return i, cols
    return None
