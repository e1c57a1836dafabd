"""The report on executive discipline (отчёт об исполнительской дисциплине): for a period, per
municipality and per executor, the occurrences of tasks due in it — assigned, done on time, done late,
overdue, still open — as of a day. Done means a reply answered or reported it done, or a person or the
document closed it; on time means by its term (a person's closing by the day it was recorded)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.queries import QueryError

OUTCOMES = ("on_time", "late", "overdue", "open")
HEADERS = {"assigned": "Поручено", "on_time": "Исполнено в срок", "late": "Исполнено с опозданием",
           "overdue": "Просрочено", "open": "В работе (срок не наступил)", "share": "В срок, %"}
TITLE = "Отчёт об исполнительской дисциплине"


@dataclass
class Line:
    """One municipality's or executor's counts."""
    name: str
    region: str | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def share(self) -> int | None:
        """Done on time, of what was due by the report's day, in percent."""
        due = self.assigned - self.counts["open"]
        return round(100 * self.counts["on_time"] / due) if due else None


@dataclass
class Report:
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    municipalities: list[Line]
    executors: list[Line]

    @property
    def title(self) -> str:
        return f"{TITLE} за период с {self.date_from:%d.%m.%Y} по {self.date_to:%d.%m.%Y} (на {self.as_of:%d.%m.%Y})"


def outcome(row: dict) -> str | None:
    """What became of one occurrence by the report's day; None: cancelled, not counted."""
    closed, due = row["closed_status"], row["occurrence"]
    if closed == "cancelled":
        return None
    if closed == "done":    # a person's closing is dated by its record; the document's own "done" is on time
        by_person = row["person_status"] == "done" and row["corrected_at"] is not None
        return "late" if by_person and row["corrected_at"].date() > due else "on_time"
    if row["answer"] in ("answered", "done"):
        return "late" if row["reply_date"] > due else "on_time"
    return "overdue" if due < row["as_of"] else "open"


def report(con: duckdb.DuckDBPyConnection, date_from: dt.date, date_to: dt.date, as_of: dt.date,
           region: str | None = None) -> Report:
    if date_from > date_to:
        raise QueryError(f"--from {date_from:%d.%m.%Y} is after --to {date_to:%d.%m.%Y}")
    cur = con.execute("""
        SELECT region, municipality, place, body, task_key, occurrence, closed_status, person_status, corrected_at,
               answer, reply_date, as_of
        FROM occurrences_between(?::DATE, ?::DATE, ?::DATE) WHERE ? IS NULL OR region = ?""",
                      [date_from, date_to, as_of, region, region])
    cols = [c[0] for c in cur.description]
    munis: dict[tuple, dict] = {}
    executors: dict[tuple, dict] = {}
    for values in cur.fetchall():
        row = dict(zip(cols, values))
        got = outcome(row)
        if got is None:
            continue
        unit = (row["task_key"], row["occurrence"])   # a task with two bodies in one place counts once there
        if row["municipality"]:
            munis.setdefault((row["region"], row["municipality"]), {})[unit] = got
        executors.setdefault((row["region"], row["body"] or "—", row["place"]), {})[unit] = got
    return Report(date_from, date_to, as_of,
                  [_line(name, reg, units) for (reg, name), units in sorted(munis.items(), key=_order)],
                  [_line(f"{body} ({place})" if place != body else body, reg, units)
                   for (reg, body, place), units in sorted(executors.items(), key=_order)])


def _order(item) -> tuple:
    return tuple(x or "" for x in item[0])


def _line(name: str, region: str | None, units: dict) -> Line:
    line = Line(name, region)
    for got in units.values():
        line.counts[got] += 1
    return line


def total(lines: list[Line]) -> Line:
    out = Line("Итого", None)
    for line in lines:
        for k, v in line.counts.items():
            out.counts[k] += v
    return out


def write_xlsx(rep: Report, out: Path) -> None:
    """Two sheets that print well: landscape, fit to the page's width, the header row repeated on every
    page, wrapped names with row heights, borders, a bold totals row."""
    from openpyxl import Workbook
    wb = Workbook()
    _sheet(wb.active, "По муниципалитетам", "Муниципалитет", rep, rep.municipalities)
    _sheet(wb.create_sheet(), "По исполнителям", "Исполнитель", rep, rep.executors)
    wb.save(out)


def _sheet(ws, title: str, first: str, rep: Report, lines: list[Line]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    ws.title = title
    heads = [first, "Регион", *(HEADERS[k] for k in ("assigned", *OUTCOMES, "share"))]
    widths = [46, 22, 11, 12, 14, 12, 15, 9]
    ws.append([f"{rep.title}: {title.lower()}"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heads))
    ws["A1"].font = Font(bold=True, size=13)
    ws.row_dimensions[1].height = 24
    ws.append(heads)
    rows = [*lines, total(lines)] if lines else []
    for line in rows:
        ws.append([line.name, line.region, line.assigned, *(line.counts[k] for k in OUTCOMES), line.share])
    if not lines:
        ws.append(["Нет сроков в этом периоде"])
    thin = Side(style="thin", color="999999")
    for r, cells in enumerate(ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=len(heads)), start=2):
        head, last = r == 2, lines and r == ws.max_row
        ws.row_dimensions[r].height = 32 if head else 15 * max(1, -(-len(str(cells[0].value or "")) // 44))
        for c in cells:
            c.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            c.alignment = Alignment(wrap_text=True, vertical="center" if head else "top",
                                    horizontal="center" if head or c.column > 2 else "left")
            if head or last:
                c.font = Font(bold=True)
            if head:
                c.fill = PatternFill("solid", fgColor="E8E8E8")
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "Страница &P из &N"
