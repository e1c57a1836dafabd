"""Closing the loop (issue 24) through the real watcher and a real DuckDB file: a regional request to
every municipality of the Kaluga region (two tasks with terms, one quarterly), replies from three
municipalities — Козельский район on time, Людиновский район late, город Калуга on time reporting one
task "Не исполнено" — the first of them dropped before its request. Then what people read: the digest,
the control card, the discipline report, the calendar feed, and undoing a wrong link."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import warnings
from email import policy
from email.parser import BytesParser
from pathlib import Path

import icalendar
import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from test_watcher import inbox_files, start, stop, wait_until
from warehouse.db import connect, writing

with warnings.catch_warnings():     # starlette prefers httpx2 for its test client; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
REQUEST = "№ 03-15/412 от 10.02.2026"
AS_OF = "20.04.2026"            # after both terms and the quarterly report's first occurrence (5 April)
TASKS = [("1", "Представить информацию о численности обучающихся, охваченных дополнительным образованием",
          "до 1 марта 2026 года"),
         ("2", "Провести мониторинг оснащения общеобразовательных организаций оборудованием центров «Точка роста»",
          "до 15 марта 2026 года"),
         ("3", "Направлять отчёт о реализации плана мероприятий по профилактике детского дорожно-транспортного "
               "травматизма", "ежеквартально, до 5 числа месяца, следующего за отчётным")]
# file -> (letterhead, sender as the text names it, number, date, the status column)
REPLIES = {
    "reply_kozelsk.docx": (["АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА «КОЗЕЛЬСКИЙ РАЙОН»", "ОТДЕЛ ОБРАЗОВАНИЯ"],
                           "Отдел образования администрации муниципального района «Козельский район»", "211",
                           "25.02.2026", ["Исполнено"] * 3),
    "reply_lyudinovo.docx": (["АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА «ЛЮДИНОВСКИЙ РАЙОН»", "ОТДЕЛ ОБРАЗОВАНИЯ"],
                             "Отдел образования администрации муниципального района «Людиновский район»", "1-12/88",
                             "20.03.2026", ["Исполнено"] * 3),
    "reply_kaluga.docx": (["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ГОРОДА КАЛУГИ"], "Управление образования города Калуги", "07/315",
                          "27.02.2026", ["Исполнено", "Не исполнено", "Исполнено"]),
}


def request_docx(path: Path) -> Path:
    d = Document()
    for t in ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ И НАУКИ КАЛУЖСКОЙ ОБЛАСТИ", "ул. Врубовая, д. 8, г. Калуга, 248000",
              "от 10.02.2026 № 03-15/412", "", "Руководителям органов местного самоуправления муниципальных районов и "
              "городских округов Калужской области, осуществляющих управление в сфере образования", "",
              "О представлении информации", "", "Министерство образования и науки Калужской области просит:"]:
        d.add_paragraph(t)
    for n, text, term in TASKS:
        d.add_paragraph(f"{n}. {term[0].upper() + term[1:]} {text[0].lower() + text[1:]}.")
    d.add_paragraph("")
    d.add_paragraph("Министр                                            А.С. Аникеев")
    d.save(path)
    return path


def reply_docx(path: Path) -> Path:
    """A reply in the common official form: letterhead, its number, "на № … от …", a table reporting each item."""
    head, sender, number, day, statuses = REPLIES[path.name]
    d = Document()
    for t in head + [f"от {day} № {number}", "на № 03-15/412 от 10.02.2026", "",
                     "Министерство образования и науки Калужской области", "",
                     f"{sender} во исполнение письма министерства от 10.02.2026 № 03-15/412 сообщает о ходе исполнения:"]:
        d.add_paragraph(t)
    table = d.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for c, h in zip(table.rows[0].cells, ["№ п/п", "Мероприятие", "Срок исполнения", "Отметка об исполнении"]):
        c.text = h
    for (n, text, term), status in zip(TASKS, statuses):
        for c, v in zip(table.add_row().cells, [n, text, term, status]):
            c.text = v
    d.add_paragraph("")
    d.add_paragraph("Руководитель                                       И.И. Петров")
    d.save(path)
    return path


def srok(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The command line's own code (`flows.cli.app`, which `srok` runs) in this process: the commands'
    output, files and exit codes are what this module checks, and a process for each cost a Python start-up
    and the imports again (the watcher, which the module runs as its own process, is the process here)."""
    res = CliRunner().invoke(app, [str(a) for a in args])
    done = subprocess.CompletedProcess(["srok", *map(str, args)], res.exit_code, res.stdout, res.stderr)
    if check:
        assert done.returncode == 0, done.stderr or repr(res.exception)
    return done


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """The documents as srok reads them (checked first with `srok extract --json`), then through a real
    watcher: Козельский район's reply before the request, the request, the two other replies."""
    root = tmp_path_factory.mktemp("loop")
    docs = root / "docs"
    docs.mkdir()
    (root / "inbox").mkdir()
    request = request_docx(docs / "request.docx")
    replies = [reply_docx(docs / name) for name in REPLIES]
    read = json.loads(srok("extract", request, "--json").stdout)
    assert (read["document"]["reg_number"], read["document"]["reg_date"]) == ("03-15/412", "2026-02-10")
    tasks = read["obligations"]
    assert [o["deadline"]["end"] for o in tasks] == ["2026-03-01", "2026-03-15", "2026-04-05"]
    assert tasks[2]["deadline"]["recurrence"] == "quarterly"
    assert all(r["scope"] == "all_municipalities" and r["region"] == "Калужская область"
               for o in tasks for r in o["responsible"])
    for path, municipality in zip(replies, ["Козельский район", "Людиновский район", "город Калуга"]):
        read = json.loads(srok("extract", path, "--json").stdout)
        meta = read["document"]
        assert meta["in_reply_to"] == [{"number": "03-15/412", "date": "2026-02-10"}]
        assert (meta["sender"]["region"], meta["sender"]["municipality"]) == ("Калужская область", municipality)
        assert [o["status"] for o in read["obligations"]] == \
            ["done" if s == "Исполнено" else "pending" for s in REPLIES[path.name][4]]
    proc = start(root)
    try:
        shutil.copy(replies[0], root / "inbox")                    # the reply arrives before its request
        wait_until(lambda: not inbox_files(root))
        shutil.copy(request, root / "inbox")
        wait_until(lambda: not inbox_files(root))
        for path in replies[1:]:
            shutil.copy(path, root / "inbox")
        wait_until(lambda: not inbox_files(root))
    finally:
        stop(proc)
    with connect(root / "srok.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    return root


def key_of(db: Path, item: str) -> str:
    with connect(db, read_only=True) as con:
        return con.execute("SELECT DISTINCT task_key FROM v_obligations WHERE file_name = 'request.docx' AND item = ?",
                           [item]).fetchone()[0]


def municipalities_of_kaluga(db: Path) -> int:
    with connect(db, read_only=True) as con:
        return con.execute("SELECT count(*) FROM municipalities WHERE region = 'Калужская область'").fetchone()[0]


def test_replies_answer_the_request_municipality_by_municipality(loaded):
    with connect(loaded / "srok.duckdb", read_only=True) as con:
        answers = con.execute("SELECT municipality, reply_file, reply_date, outcome, reply_item, occurrence "
                              "FROM answers ORDER BY municipality, reply_item").fetchall()
    D = dt.date
    assert answers == [
        ("Козельский район", "reply_kozelsk.docx", D(2026, 2, 25), "done", "1", None),
        ("Козельский район", "reply_kozelsk.docx", D(2026, 2, 25), "done", "2", None),
        ("Козельский район", "reply_kozelsk.docx", D(2026, 2, 25), "done", "3", D(2026, 4, 5)),
        ("Людиновский район", "reply_lyudinovo.docx", D(2026, 3, 20), "done", "1", None),
        ("Людиновский район", "reply_lyudinovo.docx", D(2026, 3, 20), "done", "2", None),
        ("Людиновский район", "reply_lyudinovo.docx", D(2026, 3, 20), "done", "3", D(2026, 4, 5)),
        ("город Калуга", "reply_kaluga.docx", D(2026, 2, 27), "done", "1", None),
        ("город Калуга", "reply_kaluga.docx", D(2026, 2, 27), "pending", "2", None),   # "Не исполнено"
        ("город Калуга", "reply_kaluga.docx", D(2026, 2, 27), "done", "3", D(2026, 4, 5))]


def test_the_digest_lists_only_open_occurrences(loaded, tmp_path):
    config = tmp_path / "srok.toml"
    places = {"kozelsk": "Козельский район", "lyudinovo": "Людиновский район", "kaluga": "Калуга",
              "mosalsk": "Мосальский район"}
    config.write_text(f'db = "{loaded / "srok.duckdb"}"\ndigest_days = 90\ndigest_long_overdue_days = 60\n' + "".join(
        f'[[recipients]]\naddress = "{a}@test.local"\nmunicipalities = ["{m}"]\n' for a, m in places.items()),
        encoding="utf-8")
    srok("digest", "--as-of", "2026-04-20", "--dry-run", tmp_path / "eml", "--config", config)
    mails = {p.name.split("-")[-1].split("_")[0]: BytesParser(policy=policy.default).parsebytes(p.read_bytes())
             for p in (tmp_path / "eml").glob("*.eml")}
    text = {k: m.get_body(("plain",)).get_content() for k, m in mails.items()}
    first, second, third = ("информацию о численности обучающихся", "мониторинг оснащения общеобразовательных",
                            "отчёт о реализации плана мероприятий")
    next_report = "ежеквартально, до 5-го числа (срок 5 июля 2026 г.)"
    late_report = "ежеквартально, до 5-го числа (срок 5 апреля 2026 г.)"
    # answered in time or late: only the quarterly report's next occurrence is left
    for who in ("kozelsk", "lyudinovo"):
        assert first not in text[who] and second not in text[who] and late_report not in text[who], who
        assert next_report in text[who] and third in text[who], who
    # "Не исполнено" stays, overdue since 15 March; what it reported done is gone
    assert second in text["kaluga"] and "просрочено на 36 дн." in text["kaluga"] and first not in text["kaluga"]
    assert next_report in text["kaluga"] and late_report not in text["kaluga"]
    # no answer: every term, and the report's first occurrence overdue beside its next one
    for phrase in (first, second, late_report, next_report, "просрочено на 50 дн."):
        assert phrase in text["mosalsk"]
    assert "не ответили:" in text["mosalsk"] and "(23 из " in text["mosalsk"]


def test_the_control_card(loaded):
    card = json.loads(srok("deadlines", "--request", REQUEST, "--as-of", AS_OF, "--format", "json",
                           "--db", loaded / "srok.duckdb").stdout)[0]
    n = municipalities_of_kaluga(loaded / "srok.duckdb")
    assert card["counts"] == {"must": n, "on_time": 2, "late": 1, "none": n - 3, "not_done": 1}
    by_place = {p["place"]: p for p in card["places"]}
    assert by_place["Козельский район"]["answered"] == "on_time"
    assert by_place["Людиновский район"]["answered"] == "late"
    assert by_place["город Калуга"]["answered"] == "on_time"
    assert by_place["Мосальский район"]["answered"] is None
    kaluga = {(t["item"], t["deadline_end"]): (t["status"], t["answer"]) for t in by_place["город Калуга"]["tasks"]}
    assert kaluga == {("1", "2026-03-01"): ("done", "done"), ("2", "2026-03-15"): ("overdue", "pending"),
                      ("3", "2026-07-05"): ("pending", None)}
    table = srok("deadlines", "--request", "от 10.02.2026 № 03-15/412", "--as-of", AS_OF,
                 "--db", loaded / "srok.duckdb").stdout
    assert f"Должны ответить: {n}; ответили в срок: 2; с опозданием: 1; не ответили: {n - 3}" in table
    missing = srok("deadlines", "--request", "№ 1 от 01.01.2026", "--db", loaded / "srok.duckdb", check=False)
    assert missing.returncode == 2 and "no loaded document № 1 от 01.01.2026" in missing.stderr


def test_the_discipline_report(loaded, tmp_path):
    out = tmp_path / "discipline.xlsx"
    srok("discipline", "--from", "01.02.2026", "--to", "30.04.2026", "--as-of", AS_OF, "--xlsx", out,
         "--db", loaded / "srok.duckdb")
    wb = load_workbook(out)
    ws = wb["По муниципалитетам"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$2:$2" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert [c.value for c in ws[2]][:7] == ["Муниципалитет", "Регион", "Поручено", "Исполнено в срок",
                                            "Исполнено с опозданием", "Просрочено", "В работе (срок не наступил)"]
    rows = {r[0]: r[2:7] for r in ws.iter_rows(min_row=3, values_only=True)}
    n = municipalities_of_kaluga(loaded / "srok.duckdb")
    assert rows["Козельский район"] == (3, 3, 0, 0, 0)
    assert rows["Людиновский район"] == (3, 1, 2, 0, 0)      # the terms of 1 and 15 March late, the report on time
    assert rows["город Калуга"] == (3, 2, 0, 1, 0)
    assert rows["Мосальский район"] == (3, 0, 0, 3, 0)
    assert rows["Итого"] == (3 * n, 6, 2, 3 * (n - 3) + 1, 0)
    assert ws.cell(row=ws.max_row, column=1).font.bold
    assert {"По исполнителям"} < set(wb.sheetnames)


def test_the_calendar_feed(loaded, tmp_path):
    def events(municipality: str) -> list[tuple]:
        out = tmp_path / f"{municipality}.ics"
        srok("ics", "--municipality", municipality, "--as-of", AS_OF, "--out", out, "--db", loaded / "srok.duckdb")
        cal = icalendar.Calendar.from_ical(out.read_bytes())
        return sorted((e.decoded("dtstart"), str(e["summary"])[:11], str(e["url"]).rsplit("/", 1)[1][:8])
                      for e in cal.walk("VEVENT"))
    key = {n: key_of(loaded / "srok.duckdb", n)[:8] for n in "123"}
    D = dt.date
    assert events("Козельский район") == [(D(2026, 7, 5), "Срок: Ежекв", key["3"])]
    assert events("Мосальский район") == [(D(2026, 3, 1), "Просрочено:", key["1"]),
                                          (D(2026, 3, 15), "Просрочено:", key["2"]),
                                          (D(2026, 4, 5), "Просрочено:", key["3"]),
                                          (D(2026, 7, 5), "Срок: Ежекв", key["3"])]


@pytest.fixture
def copy(loaded, tmp_path) -> Path:
    """A copy of the register a test may write to (it publishes its own analysts' copy)."""
    shutil.copy(loaded / "srok.duckdb", tmp_path)
    with writing(tmp_path / "srok.duckdb"):
        pass
    return tmp_path / "srok.duckdb"


def status_in(db: Path, municipality: str, item: str) -> list[str]:
    rows = json.loads(srok("deadlines", "--municipality", municipality, "--as-of", AS_OF, "--format", "json", "--db", db, check=False).stdout or "[]")
    return [r["status"] for r in rows if r["item"] == item and r["file_name"] == "request.docx"]


def test_undoing_a_wrong_link_from_the_command_line_and_the_task_card(copy):
    from flows.web import create_app
    key = key_of(copy, "1")
    assert status_in(copy, "Козельский район", "1") == ["done"]
    done = srok("unlink", key[:8], "reply_kozelsk.docx", "--who", "Иванова", "--why", "ответ о другом", "--db", copy)
    assert "reply_kozelsk.docx no longer answers it" in done.stdout
    assert status_in(copy, "Козельский район", "1") == ["overdue"]
    assert status_in(copy, "Людиновский район", "1") == ["done"]       # the other replies stay linked
    client = TestClient(create_app(copy), base_url="http://127.0.0.1")   # a Host the page answers to
    card = client.get(f"/task/{key}")
    reply = card.text.split("reply_lyudinovo.docx", 1)[1].split('value="unlink:', 1)[1].split('"', 1)[0]
    assert "Это не ответ на задачу" in card.text
    token = card.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    posted = client.post(f"/task/{key}/correct", data={"action": f"unlink:{reply}", "csrf": token},
                         follow_redirects=False)
    assert posted.status_code == 303
    assert status_in(copy, "Людиновский район", "1") == ["overdue"]
    with connect(copy, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM corrections WHERE field = 'reply' AND new_value = 'unlinked'"
                           ).fetchone()[0] == 2
    again = srok("unlink", key[:8], "reply_kozelsk.docx", "--who", "Иванова", "--db", copy, check=False)
    assert again.returncode == 2 and "names no reply linked" in again.stderr


def test_the_pages_control_card_discipline_and_calendar(copy):
    from flows.web import create_app
    client = TestClient(create_app(copy), base_url="http://127.0.0.1")   # a Host the page answers to
    with connect(copy, read_only=True) as con:
        doc_id = con.execute("SELECT doc_id FROM documents WHERE file_name = 'request.docx'").fetchone()[0]
    assert 'href="/request/' in client.get(f"/document/{doc_id}").text
    page = client.get(f"/request/{doc_id}", params={"as_of": AS_OF})
    assert page.status_code == 200 and "ответили в срок: <b class=\"ok\">2</b>" in page.text
    assert "нет ответа" in page.text and "не исполнено" in page.text
    report = client.get("/discipline", params={"from": "01.02.2026", "to": "30.04.2026", "as_of": AS_OF})
    assert report.status_code == 200 and "<svg" in report.text and "<script" not in report.text
    assert "Людиновский район" in report.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    xlsx = client.get("/discipline.xlsx", params={"from": "01.02.2026", "to": "30.04.2026", "as_of": AS_OF})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    feed = client.get("/calendar.ics", params={"municipality": "Мосальский район", "as_of": AS_OF})
    assert feed.headers["content-type"].startswith("text/calendar")
    assert len(icalendar.Calendar.from_ical(feed.content).walk("VEVENT")) == 4


@pytest.mark.parametrize("request_first", [True, False])
def test_a_load_links_replies_as_a_full_relink_would(tmp_path, request, request_first):
    """A load tells replies.link what it knows (whether the document names a request it replies to, and
    its own row, with no answers yet) instead of looking them up: the answers it writes are those a
    relink from the register alone computes, in either order and after a request and a reply are
    loaded again by a newer extractor."""
    from flows.ingest import ingest_file
    from warehouse import replies
    from warehouse.transaction import transaction
    db = tmp_path / "srok.duckdb"
    docs = [request_docx(tmp_path / "request.docx"), *(reply_docx(tmp_path / name) for name in REPLIES)]
    order = docs if request_first else docs[1:2] + docs[:1] + docs[2:]

    def answers():
        with connect(db) as con:
            return con.execute("SELECT * FROM answers ORDER BY ALL").fetchall()

    def relinked():   # every document relinked from the register alone: nothing changes
        before = answers()
        with connect(db) as con, transaction(con):
            for (doc_id,) in con.execute("SELECT doc_id FROM documents").fetchall():
                replies.relink(con, doc_id)
        assert answers() == before
        return before

    for path in order:
        assert ingest_file(path, db).outcome == "loaded"
    first = relinked()
    assert len({(r[1], r[4]) for r in first}) == 9          # 3 tasks × 3 municipalities answered
    request.getfixturevalue("newer_extractor")
    for path in (docs[0], docs[3]):                          # the request, then Калуга's reply, loaded again
        assert ingest_file(path, db).outcome == "reloaded"
    again = relinked()
    columns = [c[0] for c in connect_columns(db)]
    seq = columns.index("load_seq")
    assert [r[:seq] + r[seq + 1:] for r in again] == [r[:seq] + r[seq + 1:] for r in first]


def connect_columns(db: Path) -> list:
    with connect(db) as con:
        return con.execute("DESCRIBE answers").fetchall()
