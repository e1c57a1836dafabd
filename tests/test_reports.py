"""Reports as Excel and programs open them: the XLSX read back with openpyxl, the CSV's bytes, Parquet
read back with pyarrow; formula-looking texts stay text (issue 14); bad destinations are clear errors."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import copy_register
from flows.cli import app
from flows.ingest import ingest_file
from warehouse.vocabulary import STATUS_RU, STATUSES

runner = CliRunner()
HOSTILE = "=HYPERLINK(\"evil.example\",\"x\").txt"


@pytest.fixture(scope="module")
def db(seed_register, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reports")
    path = copy_register(seed_register, folder)
    hostile = folder / HOSTILE       # a file name that a spreadsheet would take for a formula
    hostile.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № 1300\n\n"
                       "Руководителям образовательных учреждений представить отчёты до 25.11.2020.\n", encoding="utf-8")
    assert ingest_file(hostile, path).outcome == "loaded"
    return path


def srok(*args: str):
    return runner.invoke(app, list(args))


def test_xlsx_for_excel(db, tmp_path):
    out = tmp_path / "Лесосибирск.xlsx"          # the format comes from the extension
    res = srok("deadlines", "--municipality", "Лесосибирск", "--out", str(out), "--as-of", "01.12.2020", "--db", str(db))
    assert res.exit_code == 0, res.stderr
    wb = load_workbook(out)
    ws = wb["Сроки"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Муниципалитет", "Регион", "Ответственный"]
    assert {"Срок", "Статус", "По чьему поручению", "Через регион", "Файл"} <= set(header)
    col = {h: i for i, h in enumerate(header)}
    data = list(ws.iter_rows(min_row=2))
    deadline_cells = [r[col["Срок"]] for r in data if r[col["Срок"]].value is not None]
    assert deadline_cells and all(c.is_date and c.number_format == "DD.MM.YYYY" for c in deadline_cells)
    assert {r[col["Статус"]].value for r in data} <= {"в работе", "просрочено", "выполнено", "отменено"}
    assert {r[col["По чьему поручению"]].value for r in data} >= {"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА"}
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.column_dimensions["G"].width == 70                      # the task column
    hostile = [r[col["Файл"]] for r in data if r[col["Файл"]].value == HOSTILE]
    assert hostile and all(c.data_type == "s" for c in hostile)     # text, not a formula
    summary = wb["Сводка"]
    assert [c.value for c in summary[1]] == ["Муниципалитет", "в работе", "просрочено", "ответ получен", "выполнено",
                                             "отменено", "Всего"]
    row = next(r for r in summary.iter_rows(min_row=2, values_only=True) if r[0] == "город Лесосибирск")
    assert row[-1] == len({r[col["Ключ задачи"]].value for r in data}) and sum(row[1:-1]) == row[-1]


def test_csv_for_excel_and_plain_csv(db, tmp_path):
    out = tmp_path / "k.csv"
    res = srok("deadlines", "--region", "Калужская область", "--out", str(out), "--db", str(db))
    assert res.exit_code == 0, res.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][:3] == ["Муниципалитет", "Регион", "Ответственный"] and len(table) > 5
    assert all(len(r) == len(table[0]) for r in table)
    deadline = table[0].index("Срок")
    assert all(dt.datetime.strptime(r[deadline], "%d.%m.%Y") for r in table[1:] if r[deadline])
    res = srok("deadlines", "--municipality", "Лесосибирск", "--format", "CSV", "--db", str(db))
    rows = list(csv.reader(io.StringIO(res.stdout), delimiter=";"))
    assert any(r[rows[0].index("Файл")] == "'" + HOSTILE for r in rows[1:])   # a formula made plain text
    plain = tmp_path / "plain.csv"
    res = srok("deadlines", "--region", "Калужская", "--out", str(plain), "--plain-csv", "--db", str(db))
    assert res.exit_code == 0 and plain.read_text(encoding="utf-8").startswith("task_key,region,municipality,body")


def test_bad_destinations_and_empty_results_say_so(db, tmp_path):
    res = srok("deadlines", "--out", str(tmp_path / "missing" / "x.xlsx"), "--db", str(db))
    assert res.exit_code == 2 and "нет" in res.stderr and "Traceback" not in res.stderr
    res = srok("deadlines", "--out", str(tmp_path), "--db", str(db))
    assert res.exit_code == 2 and "это папка" in res.stderr
    res = srok("deadlines", "--out", str(tmp_path / "x.pdf"), "--db", str(db))
    assert res.exit_code == 2 and "формат не понять" in res.stderr
    res = srok("deadlines", "--format", "xlsx", "--db", str(db))
    assert res.exit_code == 2 and "укажите файл, --out" in res.stderr
    empty = tmp_path / "none.xlsx"
    res = srok("deadlines", "--municipality", "Алейский район", "--out", str(empty), "--db", str(db))
    assert res.exit_code == 0 and "нет сроков, отвечающих" in res.stderr
    assert load_workbook(empty)["Сроки"]["A2"].value == "Нет сроков, отвечающих условиям запроса"
    res = srok("deadlines", "--municipality", "Алейский район", "--db", str(db))
    assert res.exit_code == 0 and res.stdout == "" and "нет сроков, отвечающих" in res.stderr


def test_parquet_export_reads_back(db, tmp_path):
    import pyarrow.parquet as pq
    res = srok("export", "--parquet", str(tmp_path / "pq"), "--db", str(db))
    assert res.exit_code == 0, res.stderr
    obligations = pq.read_table(tmp_path / "pq" / "v_obligations.parquet")
    assert obligations.num_rows > 20 and {"task_key", "body", "status", "deadline_end"} <= set(obligations.column_names)
    assert f"v_obligations.parquet — {obligations.num_rows} строк" in res.stdout
    res = srok("export", "--parquet", str(tmp_path / "no" / "such" / "dir"), "--db", str(db))
    assert res.exit_code == 2 and "нет" in res.stderr and "папки" in res.stderr
    shutil.rmtree(tmp_path / "pq")


def test_xlsx_prints_landscape_fitted_to_the_width_with_the_header_on_every_page(db, tmp_path):
    """Issue 26: the report as LibreOffice Calc prints it (rendered to PDF). Before: ten portrait pages,
    columns split across them, wrapped tasks overlapping, the summary's headers run together."""
    import subprocess

    from pypdf import PdfReader

    from warehouse.db import connect
    from warehouse.queries import deadlines
    from warehouse.reports import COLUMNS, LINE_POINTS, write_xlsx
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (scripts/system-deps.sh installs it)")
    with connect(db, read_only=True) as con:
        rows = deadlines(con, as_of=dt.date(2020, 12, 1))
    out = tmp_path / "сроки.xlsx"
    write_xlsx(rows * 4, out)                           # long enough for more than one page
    res = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                          "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "сроки.pdf"
    assert pdf.exists(), f"Calc did not render the XLSX (libreoffice-calc-nogui missing?): {res.stderr[-500:]}"
    pages = PdfReader(pdf).pages
    texts = [p.extract_text() for p in pages]
    summary = [i for i, t in enumerate(texts) if t.lstrip().startswith("Муниципалитет в работе")]
    main = [p for i, p in enumerate(pages) if i < summary[0]]
    assert 1 < len(main) <= len(rows) * 4 // 20                         # many rows a page, more than one page
    assert all(p.mediabox.width > p.mediabox.height for p in main)       # landscape
    for text in texts[:len(main)]:                                       # every column on every page, header repeated
        assert text.lstrip().startswith("Муниципалитет Регион Ответственный") and "Ключ задачи" in text
    assert "Итого" in texts[summary[0]] and len(summary) == 1            # the summary on one page, with totals
    ws = load_workbook(out)["Сроки"]
    quote = [c for c, (key, _, _) in enumerate(COLUMNS, start=1) if key == "quote"][0]
    longest = max(range(2, ws.max_row + 1), key=lambda r: len(ws.cell(row=r, column=quote).value or ""))
    assert ws.row_dimensions[longest].height >= 3 * LINE_POINTS         # a long task gets the lines it wraps to
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0


def test_the_summary_has_totals_and_headers_that_fit(db, tmp_path):
    out = tmp_path / "все.xlsx"
    assert srok("deadlines", "--out", str(out), "--as-of", "01.12.2020", "--db", str(db)).exit_code == 0
    summary = load_workbook(out)["Сводка"]
    values = list(summary.iter_rows(values_only=True))
    rows = json.loads(srok("deadlines", "--format", "json", "--as-of", "01.12.2020", "--db", str(db)).stdout)
    by_status = {s: len({r["task_key"] for r in rows if r["status"] == s}) for s in STATUSES}   # "answered" too
    assert values[0][1:-1] == tuple(STATUS_RU[s] for s in STATUSES)
    assert values[-1] == ("Итого", *by_status.values(), len({r["task_key"] for r in rows}))   # tasks, each once
    assert all(summary.column_dimensions[c].width >= len("просрочено") + 2 for c in "BCDEFG")
