"""The review page: its routes through Starlette's test client, and the whole loop in a real browser
(Debian's Chromium driven by Selenium against `srok web` in its own process): log in, fix a deadline on
the page, see it under the user's name, in `srok deadlines`, the XLSX and the digest, and keep it across
a newer extractor. What the page refuses: a forged form of another site, a Host not its own, a form not
in UTF-8 or too large, an implausible deadline, a reader's correction."""
from __future__ import annotations

import base64
import email
import http.server
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook
import warnings

with warnings.catch_warnings():     # starlette 1.10 prefers httpx2 for its test client; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient
from typer.testing import CliRunner

from conftest import FIXTURES, copy_register
from flows.accounts import Accounts
from flows.cli import app as cli
from flows.ingest import ingest_file
from flows.web import create_app
from flows.web_guard import FORM_MAX_BYTES
from warehouse.db import connect, writing

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
QUEUE_BELOW = 0.9   # the seeds' least sure tasks (responsible implied or carried) are 0.7-0.85
PASSWORD = "пароль проверки"
LOCAL = "http://127.0.0.1"   # the test client's requests name a Host the page answers to


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
def register(folder, tmp_path) -> Path:
    """A copy of the register, so what one test corrects no other test sees (the analysts' copy names
    its delta folder by absolute path, so the copy publishes its own), with a reviewer, a reader and an
    administrator."""
    shutil.copy(folder / "srok.duckdb", tmp_path)
    with writing(tmp_path / "srok.duckdb"):
        pass
    accounts = Accounts(tmp_path / "srok.duckdb")
    for name, role in (("Иванова", "reviewer"), ("Чтецова", "reader"), ("Админова", "administrator")):
        accounts.add(name, role, PASSWORD)
    return tmp_path / "srok.duckdb"


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def log_in(client: TestClient, name: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf": token}, follow_redirects=False)


def correct(client: TestClient, key: str, **form):
    """A correction posted from the task's card, with the card's CSRF token."""
    token = csrf_of(client.get(f"/task/{key}").text)
    return client.post(f"/task/{key}/correct", data={"csrf": token, **form}, follow_redirects=False)


def corrections(db: Path) -> list[tuple]:
    with connect(db, read_only=True) as con:
        return con.execute("SELECT who, field, new_value, why FROM corrections ORDER BY id").fetchall()


@pytest.fixture
def client(register) -> TestClient:
    """The page as the reviewer Иванова sees it after logging in."""
    client = TestClient(create_app(register, below=QUEUE_BELOW), base_url=LOCAL)
    assert log_in(client, "Иванова").status_code == 303
    return client


def first_key(client: TestClient) -> str:
    return client.get("/review").text.split('data-key="', 1)[1].split('"', 1)[0]


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


def test_every_page_asks_for_a_login_once_an_account_exists(register):
    client = TestClient(create_app(register, below=QUEUE_BELOW), base_url=LOCAL)
    for path in ("/review", "/register", "/register.xlsx", "/document/nope", "/users"):
        res = client.get(path, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"].startswith("/login?next="), path
    token = csrf_of(client.get("/login").text)
    assert client.post("/task/abcdef12/correct", data={"action": "done", "csrf": token}).status_code == 403
    wrong = log_in(client, "Иванова", "не тот пароль")
    assert wrong.status_code == 401 and "Неверное имя или пароль" in wrong.text
    assert log_in(client, "никто").status_code == 401
    cookie = client.cookies["srok_session"]
    res = client.post("/login", data={"name": "иванова", "password": PASSWORD, "csrf": token, "next": "/register"},
                      follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/register"
    assert client.cookies["srok_session"] != cookie                     # a new session at login
    set_cookie = res.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie and "max-age=43200" in set_cookie
    assert 'id="user">Иванова (проверяющий)' in client.get("/review").text
    Accounts(register).set_password("Иванова", "новый пароль проверки")   # a new password ends the old sessions
    assert client.get("/review", follow_redirects=False).status_code == 303
    assert log_in(client, "Иванова", "новый пароль проверки").status_code == 303
    client.post("/logout", data={"csrf": csrf_of(client.get("/review").text)})
    assert client.get("/review", follow_redirects=False).status_code == 303


def test_a_forged_or_tampered_session_is_no_session(register):
    app = create_app(register, below=QUEUE_BELOW)
    reader = TestClient(app, base_url=LOCAL)
    log_in(reader, "Чтецова")
    genuine = reader.cookies["srok_session"]
    data, signature = genuine.split(".")
    session = json.loads(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps(dict(session, user="Иванова")).encode()).decode().rstrip("=")
    stranger = TestClient(app, base_url=LOCAL)
    assert stranger.get("/review", headers={"cookie": f"srok_session={genuine}"}).status_code == 200
    for cookie in (f"{forged}.{signature}", forged, "garbage", f"{data}.{signature[:-2]}"):
        res = stranger.get("/review", headers={"cookie": f"srok_session={cookie}"}, follow_redirects=False)
        assert res.status_code == 303, cookie


def test_a_correction_form_that_makes_no_sense_is_shown_back(client, register):
    key = first_key(client)
    res = correct(client, key, action="deadline", deadline="31.02.2021")
    assert res.status_code == 400 and "дд.мм.гггг" in res.text
    res = client.post(f"/task/{key}/correct", data={"action": "done", "csrf": csrf_of(client.get("/review").text)},
                      headers={"Origin": "http://evil.example"})
    assert res.status_code == 403                     # another site's page cannot post corrections here
    assert client.post(f"/task/{key}/correct", data={"action": "done"}).status_code == 403    # no CSRF token
    other = TestClient(create_app(register), base_url=LOCAL)
    res = client.post(f"/task/{key}/correct", data={"action": "done", "csrf": csrf_of(other.get("/login").text)})
    assert res.status_code == 403 and "Форма устарела" in res.text             # another session's token
    assert corrections(register) == []


def test_accept_records_the_logged_in_user_and_leaves_the_queue(client, register):
    keys = [part.split('"', 1)[0] for part in client.get("/review").text.split('data-key="')[1:]]
    res = correct(client, keys[-1], action="accept", who="Кто-то другой", why="проверено")
    assert res.status_code == 303 and res.headers["location"] == f"/review?done={keys[-1]}"
    queue = client.get(res.headers["location"]).text
    assert f'data-key="{keys[-1]}"' not in queue and "сохранено" in queue
    assert corrections(register) == [("Иванова", "review", "accepted", "проверено")]   # not the form's "who"


def test_a_reader_reads_but_does_not_correct(register):
    client = TestClient(create_app(register, below=QUEUE_BELOW), base_url=LOCAL)
    log_in(client, "Чтецова")
    key = first_key(client)
    card = client.get(f"/task/{key}")
    assert card.status_code == 200 and 'id="read-only"' in card.text and 'id="correct"' not in card.text
    res = client.post(f"/task/{key}/correct", data={"action": "done", "csrf": csrf_of(card.text)})
    assert res.status_code == 403 and "читатель" in res.text
    assert client.get("/users").status_code == 403
    assert corrections(register) == []


def test_an_administrator_manages_users_on_the_page(register):
    client = TestClient(create_app(register), base_url=LOCAL)
    log_in(client, "Админова")
    token = csrf_of(client.get("/users").text)
    res = client.post("/users", data={"action": "add", "name": "Петров", "role": "reader", "password": "пароль петрова",
                                      "password2": "пароль петрова", "csrf": token}, follow_redirects=False)
    assert res.status_code == 303 and Accounts(register).get("петров").role == "reader"
    res = client.post("/users", data={"action": "add", "name": "Сидоров", "role": "reviewer", "password": "один пароль",
                                      "password2": "другой пароль", "csrf": token})
    assert res.status_code == 400 and "пароли не совпадают" in res.text
    res = client.post("/users", data={"action": "remove", "name": "Админова", "csrf": token})
    assert res.status_code == 400 and "себя удалить нельзя" in res.text
    assert client.post("/users", data={"action": "remove", "name": "Петров", "csrf": token}).status_code == 200
    assert [u.name for u in Accounts(register).users()] == ["Админова", "Иванова", "Чтецова"]


def test_a_host_not_its_own_is_refused(register):
    """DNS rebinding: the attacker's name re-pointed at 127.0.0.1 reaches the page with Host: that name."""
    app = create_app(register)
    for host in ("rebind.test", "rebind.test:8765", "127.0.0.1.rebind.test", ""):
        res = TestClient(app, base_url="http://127.0.0.1").get("/register", headers={"Host": host})
        assert res.status_code == 400 and "Неизвестное имя сервера" in res.text, host
    assert TestClient(app, base_url="http://localhost:8765").get("/login").status_code == 200
    named = TestClient(create_app(register, hosts=["127.0.0.1", "srok.school.local"]), base_url="http://srok.school.local")
    assert named.get("/login").status_code == 200


def test_a_form_not_in_utf8_is_refused(client, register):
    key = first_key(client)
    token = csrf_of(client.get(f"/task/{key}").text)
    form = {"content-type": "application/x-www-form-urlencoded"}
    for body in (b"action=accept&why=\xff\xfe", b"action=accept&why=%FF%FE"):   # raw bytes, escaped bytes
        res = client.post(f"/task/{key}/correct", content=body + b"&csrf=" + token.encode(), headers=form)
        assert res.status_code == 400 and "UTF-8" in res.text, body
    res = client.post(f"/task/{key}/correct", content=b"action=accept", headers={"content-type": "text/plain"})
    assert res.status_code == 415
    assert corrections(register) == []


def test_an_oversize_form_or_reason_is_refused(client, register):
    key = first_key(client)
    token = csrf_of(client.get(f"/task/{key}").text)
    big = f"action=cancelled&csrf={token}&why=".encode() + b"x" * (2 * 1024 * 1024)
    form = {"content-type": "application/x-www-form-urlencoded"}
    res = client.post(f"/task/{key}/correct", content=big, headers=form)
    assert res.status_code == 413
    chunks = (big[i:i + 8192] for i in range(0, len(big), 8192))          # no Content-Length: counted as it comes
    assert client.post(f"/task/{key}/correct", content=chunks, headers=form).status_code == 413
    res = correct(client, key, action="cancelled", why="я" * 2001)
    assert res.status_code == 400 and "причина длиннее 2000 знаков" in res.text
    assert len(urlencode({"why": "я" * 2000})) < FORM_MAX_BYTES                  # the longest reason fits
    assert correct(client, key, action="cancelled", why="я" * 2000).status_code == 303
    assert [c[:3] for c in corrections(register)] == [("Иванова", "status", "cancelled")]


@pytest.mark.parametrize("deadline", ["01.01.0001", "9999-12-31", "01.01.2010", "01.01.2040"])
def test_an_implausible_deadline_is_refused(client, register, deadline):
    queue = client.get("/review").text
    keys = [part.split('"', 1)[0] for part in queue.split('data-key="')[1:]]
    key = next(k for k in keys if re.search(r"\b\d\d\.\d\d\.2020\b", client.get(f"/task/{k}").text))   # a document of 2020
    res = correct(client, key, action="deadline", deadline=deadline)
    assert res.status_code == 400 and "не похож на настоящий" in res.text
    assert correct(client, key, action="extended", deadline="31.12.2021").status_code == 303
    assert [c[:3] for c in corrections(register)] == [("Иванова", "status", "extended"),
                                                      ("Иванова", "deadline", "2021-12-31")]


def test_a_control_character_in_a_task_leaves_the_xlsx_whole_and_says_so(tmp_path):
    """A task typed with control characters (U+0001, ESC) cannot go into an Excel cell as it is: the
    register's XLSX drops them from that cell and its "Примечание" names the column, instead of a 500."""
    letter = tmp_path / "letter.txt"
    letter.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № 1300\n\n"
                      "Руководителям образовательных учреждений представить\x01 отчёты\x1b до 25.11.2020.\n",
                      encoding="utf-8")
    db = tmp_path / "srok.duckdb"
    assert ingest_file(letter, db).outcome == "loaded"
    xlsx = TestClient(create_app(db), base_url=LOCAL).get("/register.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content))["Сроки"]
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[2])}
    assert row["Задача"] == "Руководителям образовательных учреждений представить отчёты до 25.11.2020."
    assert "Задача" in row["Примечание"] and "Excel" in row["Примечание"]


def test_the_page_speaks_russian_and_an_empty_queue_says_why(client, register):
    """Issue 26: the reasons were the extraction's English codes, the history's field and dates ISO, the
    place "table 2, row 2, col 2"; an empty queue said only "Проверять нечего" while a task sat at exactly
    the threshold (the queue is "below"). The reasons are the checks' Russian sentences (checks.json)."""
    checks = json.loads((Path(__file__).resolve().parents[1] / "extractors" / "data" / "checks.json").read_text(
        encoding="utf-8"))
    sentences = [v["ru"] for k, v in checks.items() if not k.startswith("_")]
    keys = [part.split('"', 1)[0] for part in client.get("/review").text.split('data-key="')[1:]]
    card = client.get(f"/task/{keys[0]}").text
    assert any(sentence in card for sentence in sentences)
    assert not re.search(r"responsible implied|no responsible|deadline ambiguous|\b(table|row|col|para) \d", card)
    assert re.search(r"\((с\. \d+, )?(табл\. \d+, стр\. \d+, кол\. \d+|абз\. \d+)\)", card)
    assert correct(client, keys[0], action="deadline", deadline="31.12.2021").status_code == 303
    history = client.get(f"/task/{keys[0]}").text.split("История исправлений", 1)[1]
    assert "<td>срок</td>" in history and "<td>31.12.2021</td>" in history and "2021-12-31" not in history
    with connect(register, read_only=True) as con:
        lowest = con.execute("SELECT min(confidence) FROM v_tasks WHERE NOT corrected").fetchone()[0]
    reviewer = TestClient(create_app(register, below=lowest), base_url=LOCAL)
    assert log_in(reviewer, "Иванова").status_code == 303
    page = reviewer.get("/review").text
    note = page.split('<p id="note">', 1)[1].split("</p>", 1)[0]
    threshold = f"{lowest:g}".replace(".", ",")
    assert note.startswith(f"Проверять нечего: в очередь попадают задачи с уверенностью ниже {threshold}, а у всех ")
    assert f"ровно {threshold} — у " in note and 'data-key="' not in page


def test_a_correction_waits_for_another_writer(tmp_path, monkeypatch):
    """The watcher holds the database: the page's write waits its turn (the ingest's retry), then lands.
    No account exists, so on this machine the page serves its own user (SROK_USER) without a login."""
    monkeypatch.setenv("SROK_USER", "Петров")
    db = tmp_path / "srok.duckdb"
    assert ingest_file(FIXTURES / "000_f78c96f4c1c9048e.docx", db).outcome == "loaded"
    client = TestClient(create_app(db), base_url=LOCAL)
    page = client.get("/register")
    assert 'id="no-accounts"' in page.text and "«Петров»" in page.text          # the banner says who writes
    key = page.text.split('data-key="', 1)[1].split('"', 1)[0]
    token = csrf_of(client.get(f"/task/{key}").text)
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from warehouse.db import connect\n"
        f"con = connect({str(db)!r})\n"
        "print('holding', flush=True); time.sleep(2); con.close()\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "holding"
        started = time.monotonic()
        res = client.post(f"/task/{key}/correct", data={"action": "done", "csrf": token}, follow_redirects=False)
        waited = time.monotonic() - started
    finally:
        writer.wait(timeout=30)
    assert res.status_code == 303 and waited > 0.5
    assert "выполнено ✎" in client.get("/register").text
    assert corrections(db) == [("Петров", "status", "done", None)]
    assert client.post(f"/task/{key}/correct", data={"action": "cancelled"}).status_code == 403   # CSRF all the same


def test_on_the_network_no_account_serves_nothing(register, tmp_path):
    for user in Accounts(register).users():
        Accounts(register).remove(user.name)
    client = TestClient(create_app(register, open_without_accounts=False), base_url=LOCAL)
    for path in ("/review", "/login", "/register.xlsx"):
        res = client.get(path)
        assert res.status_code == 503 and "srok user add" in res.text, path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(folder):
    """`srok web` in its own process over the seeds' register, with the reviewer Иванова added by `srok user add`."""
    db = folder / "srok.duckdb"
    added = subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", "user", "add", "Иванова",
                            "--role", "reviewer", "--password-stdin", "--db", str(db)],
                           input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from flows.cli import main; main()", "web", "--port", str(port),
                             "--below", str(QUEUE_BELOW), "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def start_browser(profile: Path, *extra: str):
    """Debian's Chromium, headless, with a fresh profile and nothing of its own on the network."""
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver; "
                    "scripts/system-deps.sh does it as root)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", *extra):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    return driver


@pytest.fixture
def browser(tmp_path):
    driver = start_browser(tmp_path / "chromium")
    try:
        yield driver
    finally:
        driver.quit()


def log_in_browser(browser, server: str, name: str = "Иванова") -> None:
    from selenium.webdriver.common.by import By
    browser.get(server + "/review")
    assert "/login" in browser.current_url                           # the page asks for a login first
    browser.find_element(By.ID, "name").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "enter").click()
    assert browser.find_element(By.ID, "user").text.startswith(name)


class _OtherSite(http.server.BaseHTTPRequestHandler):
    """Another origin on 127.0.0.1: a page whose form posts a cancellation to the review page as soon as it loads."""
    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def other_site():
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OtherSite)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()


def test_a_forged_cross_site_form_is_refused(folder, server, browser, other_site):
    """The browser holds a reviewer's session; a page of another origin posts a cancellation with it. The
    session cookie goes along (another port of 127.0.0.1 is the same site), the token cannot."""
    from selenium.webdriver.common.by import By
    log_in_browser(browser, server)
    key = browser.find_element(By.CSS_SELECTOR, "#queue tbody tr[data-key]").get_attribute("data-key")
    _OtherSite.page = (f'<html><body onload="document.forms[0].submit()"><form method="post" '
                       f'action="{server}/task/{key}/correct"><input name="action" value="cancelled">'
                       f'<input name="csrf" value="guessed"></form></body></html>').encode()
    browser.get(f"http://127.0.0.1:{other_site.server_address[1]}/")
    assert "отклонён" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.current_url == f"{server}/task/{key}/correct"
    assert browser.find_element(By.ID, "problem").text
    with connect(folder / "srok.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM corrections WHERE task_key = ?", [key]).fetchone()[0] == 0


def test_a_wrong_host_is_refused_in_the_browser(server, tmp_path):
    """DNS rebinding: a name the attacker controls, re-pointed at 127.0.0.1 (here by Chromium's resolver
    rules). Its pages are same-origin with that name, so before the allow-list they could read the register."""
    from selenium.webdriver.common.by import By
    port = server.rsplit(":", 1)[1]
    browser = start_browser(tmp_path / "chromium", "--host-resolver-rules=MAP rebind.test 127.0.0.1")
    try:
        browser.get(f"http://rebind.test:{port}/register")
        body = browser.find_element(By.TAG_NAME, "body").text
        assert "Неизвестное имя сервера" in body and "rebind.test" in body and 'id="register"' not in browser.page_source
        browser.get(f"http://127.0.0.1:{port}/login")                   # the page's own name still works
        assert browser.find_element(By.ID, "login")
    finally:
        browser.quit()


def test_fix_a_deadline_in_the_browser(folder, server, browser, tmp_path, request):
    from selenium.webdriver.common.by import By
    db = folder / "srok.duckdb"
    log_in_browser(browser, server)
    first = next(row for row in browser.find_elements(By.CSS_SELECTOR, "#queue tbody tr[data-key]")
                 if re.search(r"\b00\d_[0-9a-f]{16}\.", row.text))   # a seed letter's task: dated 2020-2021
    key = first.get_attribute("data-key")
    first.find_element(By.CSS_SELECTOR, "a.task").click()
    assert browser.find_element(By.ID, "span").text.strip()                  # the task highlighted in its text
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
    history = browser.find_element(By.ID, "history").text
    assert "Иванова" in history and "письмо № 12 от 01.03.2021 продлило срок" in history   # under the user's name
