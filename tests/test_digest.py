"""The digest against a real SMTP server on 127.0.0.1 (aiosmtpd), over a real DuckDB file."""
from __future__ import annotations

import datetime as dt
import email
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from conftest import FIXTURES
from flows.config import Recipient, Settings
from flows.digest import describe_deadline, run_digest
from flows.ingest import ingest_file
from warehouse.db import connect

D = dt.date
AS_OF = D(2020, 6, 10)


class Inbox(Message):
    def __init__(self):
        super().__init__(message_class=email.message.EmailMessage)
        self.messages: list[email.message.EmailMessage] = []

    def handle_message(self, message):
        self.messages.append(email.message_from_bytes(bytes(message), policy=policy.default))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "srok.duckdb"
    for name in ("003_d7222e60e6a354a6.docx", "004_7f11e5ae3cc0a8e0.docx", "002_1e8ecce5fb1f09b6.docx"):
        ingest_file(FIXTURES / name, path)
    return path


def settings(db: Path, port: int) -> Settings:
    return Settings(db=db, smtp_host="127.0.0.1", smtp_port=port, mail_from="srok@test.local", recipients=[
        Recipient("tomsk@test.local", municipalities=["Томский район"]),
        Recipient("tula@test.local", regions=["Тульская область"]),
        Recipient("office@test.local", catch_all=True)])


def text_of(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def test_messages_arrive_with_the_right_obligations_and_a_rerun_sends_nothing(db, smtp):
    controller, inbox = smtp
    s = settings(db, controller.port)
    report = run_digest(s, AS_OF)
    by_to = {m["To"]: m for m in inbox.messages}
    assert set(by_to) == {"tomsk@test.local", "tula@test.local"}          # Kaluga's plan is not due yet
    tomsk = text_of(by_to["tomsk@test.local"])
    assert "Провести собеседование с руководителями школ" in tomsk and "до 16 июня 2020 г." in tomsk
    assert "осталось 6 дн." in tomsk and "Письмо № 54-2627 от 08.06.2020" in tomsk
    assert "Тульск" not in tomsk
    tula = text_of(by_to["tula@test.local"])
    assert "просрочено на 7 дн." in tula and "п. 1.1" in tula
    assert by_to["tula@test.local"]["Subject"].startswith("Сроки на 10.06.2020")
    assert by_to["tula@test.local"].get_body(("html",)) is not None
    assert report.sent == {"tomsk@test.local": 2, "tula@test.local": 2}
    inbox.messages.clear()
    assert run_digest(s, AS_OF).sent == {} and inbox.messages == []        # the same night: nothing twice
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 4


def test_smtp_down_is_a_clear_failure_and_nothing_is_marked_sent(db):
    s = settings(db, free_port())                                           # nobody listens there
    report = run_digest(s, AS_OF, attempts=2, backoff=0.01)
    assert set(report.failed) == {"tomsk@test.local", "tula@test.local"}
    assert "did not accept the digest" in report.failed["tula@test.local"]
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


def test_document_text_cannot_inject_html_or_headers(tmp_path, smtp):
    controller, inbox = smtp
    db = tmp_path / "evil.duckdb"
    evil = tmp_path / "evil.txt"
    evil.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.06.2020 № 7\n\n"
                    "Образовательным учреждениям необходимо <script>alert(1)</script> представить отчёт до 12.06.2020.\n",
                    encoding="utf-8")
    ingest_file(evil, db)
    with connect(db) as con:   # a body name with CR/LF, as a broken document could give
        con.execute("UPDATE obligation_responsible SET municipality = 'город Лесосибирск\r\nBcc: victim@x.test'")
    s = Settings(db=db, smtp_host="127.0.0.1", smtp_port=controller.port,
                 recipients=[Recipient("all@test.local", catch_all=True)])
    run_digest(s, AS_OF)
    (msg,) = inbox.messages
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert msg["Bcc"] is None and "\n" not in msg["Subject"] and "\r" not in msg["Subject"]


def test_dry_run_writes_eml_and_marks_nothing(db, tmp_path):
    report = run_digest(settings(db, free_port()), AS_OF, dry_run=tmp_path / "out")
    assert len(report.written) == 2 and all(p.suffix == ".eml" for p in report.written)
    msg = email.message_from_bytes(report.written[0].read_bytes(), policy=policy.default)
    assert msg.get_body(("html",)) is not None
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


@pytest.mark.parametrize("start, end, rec, text", [
    (None, D(2020, 6, 30), None, "до 30 июня 2020 г."),
    (D(2020, 7, 1), D(2020, 8, 31), None, "июль – август 2020 г."),
    (D(2020, 9, 1), D(2021, 4, 30), None, "сентябрь 2020 г. – апрель 2021 г."),
    (D(2021, 1, 1), D(2021, 12, 31), None, "2021 г."),
    (D(2020, 6, 17), D(2020, 6, 23), None, "с 17 июня 2020 г. по 23 июня 2020 г."),
    (None, D(2021, 4, 5), "quarterly", "ежеквартально, до 5-го числа (ближайший срок 5 апреля 2021 г.)"),
])
def test_deadlines_in_russian(start, end, rec, text):
    assert describe_deadline(start, end, rec) == text
