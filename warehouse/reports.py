"""Reports people open in Excel, and a Parquet export any analysts' tool reads.

XLSX: Russian headers, dates as real date cells shown dd.mm.yyyy, column widths, a frozen header, an
autofilter, statuses in Russian, and a summary sheet (municipality × status, with totals). It prints:
A4 landscape, fitted to the page's width, the header repeated on every page, rows as tall as their
wrapped texts (LibreOffice does not grow a row for wrapped text it did not lay out itself). CSV for Excel: UTF-8
with a BOM and ";" (what Russian Excel expects), dates dd.mm.yyyy; plain CSV (UTF-8, ",", ISO dates,
the register's column names) for programs. A text that starts like a formula (= + - @, tab, CR) is
never a formula: in XLSX it is a string cell, in CSV it gets a leading apostrophe. A cell cannot hold
control characters (a task typed with U+0001 made openpyxl refuse the whole workbook): the XLSX drops
them and its last column, "Примечание", names the columns of that row they were dropped from."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from warehouse.vocabulary import DOC_TYPE_RU, FORMAT_BY_SUFFIX, FORMATS, STATUS_RU, STATUSES, locator_ru

# (key in a deadlines row, Russian header, width in characters); the texts wrap within their width
COLUMNS = [
    ("municipality", "Муниципалитет", 18), ("region", "Регион", 16), ("body", "Ответственный", 28),
    ("body_full", "Расшифровка", 22), ("via_region", "Через регион", 8), ("item", "Пункт", 6),
    ("quote", "Задача", 70), ("deadline_raw", "Срок (как в документе)", 18), ("deadline_start", "Начало", 11),
    ("deadline_end", "Срок", 11), ("status", "Статус", 11), ("days_left", "Дней до срока", 7),
    ("sender_name", "По чьему поручению", 26), ("doc_type", "Документ", 10), ("reg_number", "Номер", 10),
    ("reg_date", "Дата документа", 11), ("file_name", "Файл", 20), ("locator", "Место в файле", 14),
    ("correction_note", "Исправлено (почему)", 18), ("task_key", "Ключ задачи", 17),
]
LINE_POINTS = 15          # the height of one line of 11-point text, in points
CHARS_PER_WIDTH = 1.1     # Cyrillic letters are wider than the '0' a column's width counts
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOTE = ("Примечание", 40)   # the XLSX's own last column: what a cell could not hold
EMPTY = "Нет сроков, отвечающих условиям запроса"


class ReportError(ValueError):
    """A report that cannot be written where asked; the message says why."""


def format_for(out: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one --out's extension names, else a table on the terminal; a
    destination that cannot be written is an error before any work is done."""
    if fmt:
        fmt = fmt.strip().lower()
        if fmt not in FORMATS:
            raise ReportError(f"--format: возможны {', '.join(FORMATS)}, а не {fmt!r}")
        if fmt == "xlsx" and not out:
            raise ReportError("--format xlsx: укажите файл, --out ФАЙЛ.xlsx")
        if out:
            check_destination(out)
        return fmt
    if out is None:
        return "table"
    check_destination(out)
    by_suffix = FORMAT_BY_SUFFIX.get(out.suffix.lower())
    if not by_suffix:
        raise ReportError(f"по имени {out.name!r} формат не понять: назовите файл .xlsx, .csv, .json или .txt "
                          f"или укажите --format")
    return by_suffix


def check_destination(out: Path) -> None:
    if out.is_dir():
        raise ReportError(f"--out {out} — это папка: укажите имя файла в ней")
    if not out.parent.is_dir():
        raise ReportError(f"--out {out}: папки {out.parent} нет")


def neutral(value: str) -> str:
    """A text a spreadsheet would read as a formula, made plain text for CSV."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _display(key: str, value):
    if value is None:
        return None
    if key == "status":
        return STATUS_RU.get(value, value)
    if key == "doc_type":
        return DOC_TYPE_RU.get(value, value)
    if key == "via_region":
        return "да" if value else "нет"
    if key == "locator":
        return locator_ru(value)
    return value


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped cell of ``width`` takes for ``text`` (words are not split)."""
    lines = 0
    for para in str(text).split("\n"):
        used, lines = 0, lines + 1
        for word in para.split():
            need = len(word) * CHARS_PER_WIDTH + (1 if used else 0)
            if used and used + need > width:
                used, lines = len(word) * CHARS_PER_WIDTH, lines + 1
            else:
                used += need
    return lines


def _printable(ws, landscape: bool) -> None:
    """A4, fitted to one page's width (as many pages down as needed), the header row on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def write_xlsx(rows: list[dict], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Сроки"
    ws.append([h for _, h, _ in COLUMNS] + [NOTE[0]])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_no, r in enumerate(rows, start=2):
        lines, stripped = 1, []
        for col, (key, header, width) in enumerate(COLUMNS, start=1):
            value = _display(key, r.get(key))
            cell = ws.cell(row=row_no, column=col)
            if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                stripped.append(header)
            cell.value = value
            cell.alignment = wrap
            if isinstance(value, dt.date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, str):
                cell.data_type = "s"          # "=HYPERLINK(…)" stays text, never a formula
                lines = max(lines, _lines(value, width))
        if stripped:
            note = ws.cell(row=row_no, column=len(COLUMNS) + 1)
            note.value = f"убраны управляющие символы, которых не хранит Excel: {', '.join(stripped)}"
            note.alignment = wrap
            lines = max(lines, _lines(note.value, NOTE[1]))
        ws.row_dimensions[row_no].height = lines * LINE_POINTS
    if not rows:
        ws.append([EMPTY])
    for col, (_, header, width) in enumerate(COLUMNS + [("note", *NOTE)], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        ws.cell(row=1, column=col).font = Font(bold=True)
        ws.cell(row=1, column=col).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[1].height = max(_lines(h, w) for _, h, w in COLUMNS + [("note", *NOTE)]) * LINE_POINTS
    _printable(ws, landscape=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS) + 1)}{max(ws.max_row, 2)}"
    _summary(wb.create_sheet("Сводка"), rows)
    wb.save(out)


def _summary(ws, rows: list[dict]) -> None:
    """Tasks per municipality and status (a task with several bodies counts once), and the totals: the
    report's distinct tasks per status (a task of two places counts once there too)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    counts: dict[str, dict[str, set]] = {}
    for r in rows:
        place = r.get("municipality") or (f"{r['region']} (весь регион)" if r.get("region") else "Место не указано")
        counts.setdefault(place, {}).setdefault(r["status"], set()).add(r.get("task_key") or r["quote"])
    ws.append(["Муниципалитет"] + [STATUS_RU[s] for s in STATUSES] + ["Всего"])
    for place in sorted(counts):
        per = [len(counts[place].get(s, ())) for s in STATUSES]
        ws.append([place] + per + [len(set().union(*counts[place].values()))])
    if rows:
        task = [(r["status"], r.get("task_key") or r["quote"]) for r in rows]
        ws.append(["Итого"] + [len({k for st, k in task if st == s}) for s in STATUSES] + [len({k for _, k in task})])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    else:
        ws.append([EMPTY])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="top")
    ws.column_dimensions["A"].width = 40
    for c in range(2, len(STATUSES) + 3):   # as wide as the longest status, so headers do not run together
        ws.column_dimensions[get_column_letter(c)].width = 13
    ws.freeze_panes = "B2"
    _printable(ws, landscape=False)


def csv_text(rows: list[dict], excel: bool = True) -> str:
    """CSV for Excel (Russian headers, ";", dd.mm.yyyy; the BOM is the writer's) or plain CSV."""
    buf = io.StringIO()
    if excel:
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow([h for _, h, _ in COLUMNS])
        for r in rows:
            w.writerow([_csv_cell(_display(k, r.get(k))) for k, _, _ in COLUMNS])
    else:
        keys = list(rows[0]) if rows else [k for k, _, _ in COLUMNS]
        w = csv.writer(buf)
        w.writerow(keys)
        for r in rows:
            w.writerow([_csv_cell(r.get(k), iso=True) for k in keys])
    return buf.getvalue()


def _csv_cell(value, iso: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat() if iso else f"{value:%d.%m.%Y}"
    if isinstance(value, float):
        return f"{value:.2f}" if iso else f"{value:.2f}".replace(".", ",")
    if isinstance(value, (int, bool)):
        return str(value)
    return neutral(str(value))


def write_report(rows: list[dict], fmt: str, out: Path | None, plain_csv: bool = False) -> str | None:
    """Writes rows to ``out`` in ``fmt``; without ``out`` returns the text for the terminal."""
    if out:
        check_destination(out)
    if fmt == "xlsx":
        write_xlsx(rows, out)
        return None
    if fmt == "csv":
        text = csv_text(rows, excel=not plain_csv)
        if out:
            out.write_text(text, encoding="utf-8" if plain_csv else "utf-8-sig", newline="")
            return None
        return text
    text = json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n"
    if out:
        out.write_text(text, encoding="utf-8")
        return None
    return text


PARQUET_SOURCES = ("documents", "obligations", "obligation_responsible", "doc_references", "entities", "corrections",
                   "regions", "municipalities", "ingest_log", "v_obligations", "v_municipality_obligations",
                   "v_bodies", "v_reference_links", "v_deadline_changes", "v_obligations_history", "v_corrections")


def export_parquet(con, folder: Path) -> list[tuple[Path, int]]:
    """Every table and the main views as NAME.parquet in ``folder`` (created); returns files and rows."""
    import pyarrow.parquet as pq
    if folder.exists() and not folder.is_dir():
        raise ReportError(f"--parquet {folder} — это файл: укажите папку")
    if not folder.parent.is_dir():
        raise ReportError(f"--parquet {folder}: папки {folder.parent} нет")
    folder.mkdir(exist_ok=True)
    written = []
    for name in PARQUET_SOURCES:
        table = con.sql(f"SELECT * FROM {name}").to_arrow_table()
        path = folder / f"{name}.parquet"
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(table, tmp)
        tmp.replace(path)
        written.append((path, table.num_rows))
    return written
