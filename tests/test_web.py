"""The review page: its routes through Starlette's test client, and the whole loop in a real browser
(Debian's Chromium driven by Selenium against `srok web` in its own process): fix a deadline on the
page, see it in `srok deadlines`, the XLSX and the digest, and keep it across a newer extractor."""
from __future__ import annotations

import email
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook
import warnings

with warnings.catch_warnings():     # starlette 1.10 prefers httpx2 for its test client; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
from typer.testing import CliRunner

from conftest import FIXTURES, copy_register
from flows.cli import app as cli
from flows.ingest import ingest_file
from flows.web import create_app
from warehouse.db import connect, writing

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
QUEUE_BELOW = 0.9   # the seeds' least sure tasks (responsible implied or carried) are 0.7-0.85


@pytest.fixture(scope="module")
def folder(seed_register, tmp_path_factory) -> Path:
    """The seed letters in an inbox-like folder and a register loaded from them."""
    root = tmp_path_factory.mktemp("web")
    (root / "docs").mkdir()
    for f in sorted(FIXTURES.glob("0*.docx")):
        shutil.copy(f, root / "docs")
    copy_register(seed_register, root)
    return root


@pytest.fixture
def client(folder, tmp_path) -> TestClient:
    """The app over a copy of the register, so what one test corrects no other test sees. The analysts'
    copy names its delta folder by absolute path, so the copy publishes its own."""
    shutil.copy(folder / "srok.duckdb", tmp_path)
    with writing(tmp_path / "srok.duckdb"):
        pass
    return TestClient(create_app(tmp_path / "srok.duckdb", below=QUEUE_BELOW))


def srok(*args: str) -> subprocess.CompletedProcess:
    """The command line as its own process, as a person runs it."""
    return subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


def test_queue_card_and_register(client):
    queue = client.get("/review")
    assert queue.status_code == 200 and "Задачи для проверки" in queue.text
    key = queue.text.split('data-key="', 1)[1].split('"', 1)[0]
    card = client.get(f"/task/{key}")
    assert card.status_code == 200 and '<mark id="span">' in card.text
    register = client.get("/register", params={"municipality": "Козельский", "status": "просрочено",
                                               "as_of": "01.03.2021"})
    assert register.status_code == 200 and "Козельский район" in register.text and "просрочено" in register.text
    bad = client.get("/register", params={"municipality": "Томская область"})
    assert bad.status_code == 400 and "укажите --region" in bad.text
    xlsx = client.get("/register.xlsx", params={"region": "Томская область"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    doc_id = card.text.split('href="/document/', 1)[1].split('"', 1)[0]
    document = client.get(f"/document/{doc_id}")
    assert document.status_code == 200 and 'id="tasks"' in document.text and key in document.text
    assert client.get("/document/nope").status_code == 404 and client.get("/task/nope").status_code == 404


def test_a_correction_form_that_makes_no_sense_is_shown_back(client):
    key = client.get("/review").text.split('data-key="', 1)[1].split('"', 1)[0]
    res = client.post(f"/task/{key}/correct", data={"action": "deadline", "deadline": "31.02.2021", "who": "Иванова"})
    assert res.status_code == 400 and "дд.мм.гггг" in res.text
    res = client.post(f"/task/{key}/correct", data={"action": "accept", "who": ""})
    assert res.status_code == 400 and "укажите, кто исправляет" in res.text
    res = client.post(f"/task/{key}/correct", data={"action": "done", "who": "x"},
                      headers={"Origin": "http://evil.example"})
    assert res.status_code == 403                     # another site's page cannot post corrections here


def test_accept_remembers_who_and_leaves_the_queue(client):
    keys = [part.split('"', 1)[0] for part in client.get("/review").text.split('data-key="')[1:]]
    res = client.post(f"/task/{keys[-1]}/correct", data={"action": "accept", "who": "Иванова", "why": "проверено"},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == f"/review?done={keys[-1]}"
    queue = client.get(res.headers["location"]).text
    assert f'data-key="{keys[-1]}"' not in queue and "сохранено" in queue
    assert 'value="Иванова"' in client.get(f"/task/{keys[0]}").text      # the name is remembered


def test_the_page_speaks_russian_and_an_empty_queue_says_why(client, tmp_path):
    """Issue 26: the reasons were the extraction's English codes, the history's field and dates ISO, the
    place "table 2, row 2, col 2"; an empty queue said only "Проверять нечего" while a task sat at exactly
    the threshold (the queue is "below")."""
    keys = [part.split('"', 1)[0] for part in client.get("/review").text.split('data-key="')[1:]]
    card = client.get(f"/task/{keys[0]}").text
    assert "ответственный не назван" in card or "взят" in card
    assert not re.search(r"responsible implied|no responsible|deadline ambiguous|\b(table|row|col|para) \d", card)
    assert re.search(r"\((с\. \d+, )?(табл\. \d+, стр\. \d+, кол\. \d+|абз\. \d+)\)", card)
    client.post(f"/task/{keys[0]}/correct", data={"action": "deadline", "deadline": "31.12.2021", "who": "Иванова"})
    history = client.get(f"/task/{keys[0]}").text.split("История исправлений", 1)[1]
    assert "<td>срок</td>" in history and "<td>31.12.2021</td>" in history and "2021-12-31" not in history
    with connect(tmp_path / "srok.duckdb", read_only=True) as con:
        lowest = con.execute("SELECT min(confidence) FROM v_tasks WHERE NOT corrected").fetchone()[0]
    page = TestClient(create_app(tmp_path / "srok.duckdb", below=lowest)).get("/review").text
    note = page.split('<p id="note">', 1)[1].split("</p>", 1)[0]
    threshold = f"{lowest:g}".replace(".", ",")
    assert note.startswith(f"Проверять нечего: в очередь попадают задачи с уверенностью ниже {threshold}, а у всех ")
    assert f"ровно {threshold} — у " in note and 'data-key="' not in page


def test_a_correction_waits_for_another_writer(tmp_path):
    """The watcher holds the database: the page's write waits its turn (the ingest's retry), then lands."""
    db = tmp_path / "srok.duckdb"
    assert ingest_file(FIXTURES / "000_f78c96f4c1c9048e.docx", db).outcome == "loaded"
    client = TestClient(create_app(db))
    key = client.get("/register").text.split('data-key="', 1)[1].split('"', 1)[0]
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from warehouse.db import connect\n"
        f"con = connect({str(db)!r})\n"
        "print('holding', flush=True); time.sleep(2); con.close()\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        started = time.monotonic()
        res = client.post(f"/task/{key}/correct", data={"action": "done", "who": "Петров"}, follow_redirects=False)
        waited = time.monotonic() - started
    finally:
        writer.wait(timeout=30)
    assert res.status_code == 303 and waited > 0.5
    assert "выполнено ✎" in client.get("/register").text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(folder):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from flows.cli import main; main()", "web", "--port", str(port),
                             "--below", str(QUEUE_BELOW), "--db", str(folder / "srok.duckdb")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/review", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver; "
                    "scripts/system-deps.sh does it as root)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def test_fix_a_deadline_in_the_browser(folder, server, browser, tmp_path, request):
    from selenium.webdriver.common.by import By
    db = folder / "srok.duckdb"
    browser.get(server + "/review")
    first = browser.find_element(By.CSS_SELECTOR, "#queue tbody tr[data-key]")
    key = first.get_attribute("data-key")
    first.find_element(By.CSS_SELECTOR, "a.task").click()
    assert browser.find_element(By.ID, "span").text.strip()                  # the task highlighted in its text
    browser.find_element(By.ID, "who").send_keys("Иванова")
    browser.find_element(By.ID, "why").send_keys("письмо № 12 от 01.03.2021 продлило срок")
    browser.find_element(By.ID, "deadline-input").send_keys("31.12.2021")
    browser.find_element(By.ID, "fix_deadline").click()
    assert not browser.find_elements(By.ID, "error"), browser.find_element(By.ID, "error").text
    assert "сохранено" in browser.find_element(By.ID, "notice").text
    assert key not in [tr.get_attribute("data-key") for tr in browser.find_elements(By.CSS_SELECTOR, "#queue tr")]

    def deadline_in_cli() -> set:
        res = srok("deadlines", "--format", "json", "--db", str(db))
        assert res.returncode == 0, res.stderr
        return {r["deadline_end"] for r in json.loads(res.stdout) if r["task_key"] == key}
    assert deadline_in_cli() == {"2021-12-31"}

    xlsx = tmp_path / "report.xlsx"
    assert srok("deadlines", "--out", str(xlsx), "--db", str(db)).returncode == 0
    sheet = load_workbook(xlsx)["Сроки"]
    header = [c.value for c in sheet[1]]
    mine = [r for r in sheet.iter_rows(min_row=2) if r[header.index("Ключ задачи")].value == key]
    assert mine and all(r[header.index("Срок")].value.date().isoformat() == "2021-12-31" for r in mine)

    config = tmp_path / "srok.toml"
    config.write_text('[[recipients]]\naddress = "office@test.local"\ncatch_all = true\n', encoding="utf-8")
    res = srok("digest", "--as-of", "2021-12-20", "--dry-run", str(tmp_path / "mail"), "--db", str(db),
               "--config", str(config))
    assert res.returncode == 0, res.stderr
    message = email.message_from_bytes(next((tmp_path / "mail").glob("*.eml")).read_bytes())
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "до 31 декабря 2021 г." in text

    request.getfixturevalue("newer_extractor")                  # a newer extractor reloads every document
    res = CliRunner().invoke(cli, ["ingest", str(folder / "docs"), "--db", str(db)])
    assert res.exit_code == 0 and res.stdout.strip().endswith("5 файлов: 5 загружено, 0 дубликатов, 0 не прочитано")
    assert deadline_in_cli() == {"2021-12-31"}
    browser.get(f"{server}/task/{key}")
    assert "31.12.2021" in browser.find_element(By.ID, "deadline").text
