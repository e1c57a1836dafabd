"""The digest against a real SMTP server on 127.0.0.1 (aiosmtpd), over a real DuckDB file."""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from conftest import FIXTURES, copy_register
from flows.config import Recipient, Settings
from flows.digest import describe_deadline, run_digest
from flows.ingest import ingest_file
from warehouse.db import connect

D = dt.date
AS_OF = D(2020, 6, 10)
ROOT = Path(__file__).resolve().parents[1]


class Inbox:
    """An aiosmtpd handler that keeps what it accepted and fails on purpose when asked: `refuse`d
    addresses get 550 at RCPT, `trickle` seconds of a reply to RCPT sent a line a second, `data_reply`
    answers DATA instead of 250, `hang` seconds of silence after DATA, `on_data` runs when a message's
    data has arrived."""

    def __init__(self, refuse=(), data_reply=None, hang=0.0, on_data=None, trickle=0):
        self.refuse, self.data_reply, self.hang, self.on_data = set(refuse), data_reply, hang, on_data
        self.trickle = trickle
        self.messages: list[email.message.EmailMessage] = []
        self.rcpt_calls: list[str] = []
        self.data_calls = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_calls.append(address)
        for _ in range(self.trickle):
            await server.push("250-still checking the mailbox")
            await asyncio.sleep(1)
        if address in self.refuse:
            return "550 5.1.1 <%s>: no such mailbox" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_calls += 1
        if self.data_reply:
            return self.data_reply
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if self.on_data:
            self.on_data()
        await asyncio.sleep(self.hang)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def refusing_smtp(refuse=(), password: str | None = None, smtputf8: bool = False, **how):
    """A real SMTP server on 127.0.0.1; with ``password`` it wants AUTH (user srok) before MAIL; with
    ``smtputf8`` it offers SMTPUTF8."""
    handler = Inbox(refuse, **how)
    auth = {} if password is None else {
        "auth_required": True, "auth_require_tls": False,
        "authenticator": lambda server, session, envelope, mechanism, data: AuthResult(
            success=isinstance(data, LoginPassword) and (data.login, data.password) == (b"srok", password.encode()))}
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ready_timeout=30,
                            enable_SMTPUTF8=smtputf8, **auth)
    controller.start()
    try:
        yield controller.port, handler
    finally:
        controller.stop()


@pytest.fixture
def smtp():
    with refusing_smtp() as (port, handler):
        yield port, handler


@pytest.fixture
def db(seed_register, tmp_path) -> Path:
    """The seed letters: Tomsk's and Tula's are due on AS_OF, Kaluga's plan later, Lesosibirsk's in November."""
    return copy_register(seed_register, tmp_path)


def settings(db: Path, port: int, **more) -> Settings:
    return Settings(db=db, smtp_host="127.0.0.1", smtp_port=port, mail_from="srok@test.local", recipients=[
        Recipient(address="tomsk@test.local", municipalities=["Томский район"]),
        Recipient(address="tula@test.local", regions=["Тульская область"]),
        Recipient(address="office@test.local", catch_all=True)], **more)


def text_of(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def test_messages_arrive_with_the_right_obligations_and_a_rerun_sends_nothing(db, smtp):
    port, inbox = smtp
    s = settings(db, port)
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
    s = settings(db, free_port(), smtp_attempts=2)                         # nobody listens there
    report = run_digest(s, AS_OF, backoff=0.01)
    assert set(report.failed) == {"tomsk@test.local", "tula@test.local"}
    assert "did not answer: ConnectionRefusedError" in report.failed["tula@test.local"]
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


def test_document_text_cannot_inject_html_or_headers(tmp_path, smtp):
    port, inbox = smtp
    db = tmp_path / "evil.duckdb"
    evil = tmp_path / "evil.txt"
    evil.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.06.2020 № 7\n\n"
                    "Образовательным учреждениям необходимо <script>alert(1)</script> представить отчёт до 12.06.2020.\n",
                    encoding="utf-8")
    ingest_file(evil, db)
    with connect(db) as con:   # a body name with CR/LF, as a broken document could give
        con.execute("UPDATE obligation_responsible SET municipality = 'город Лесосибирск\r\nBcc: victim@x.test'")
    s = Settings(db=db, smtp_host="127.0.0.1", smtp_port=port,
                 recipients=[Recipient(address="all@test.local", catch_all=True)])
    run_digest(s, AS_OF)
    (msg,) = inbox.messages
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert msg["Bcc"] is None and "\n" not in msg["Subject"] and "\r" not in msg["Subject"]


def test_dry_run_writes_eml_and_marks_nothing(db, tmp_path):
    report = run_digest(settings(db, free_port()), AS_OF, dry_run=tmp_path / "out")
    assert len(report.written) == 2 and all(p.suffix == ".eml" for p in report.written)
    assert sorted(report.written.values()) == [2, 2]                   # obligations in each file
    msg = email.message_from_bytes(next(iter(report.written)).read_bytes(), policy=policy.default)
    assert msg.get_body(("html",)) is not None
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


def test_the_subject_keeps_its_spaces_in_a_mail_program():
    """Issue 26: the email package folds a long Cyrillic subject between encoded words and puts the space
    there, which RFC 2047 readers drop ("Томскаяобласть: все муниципалитеты —просрочено 41"). Sent as
    the outbox sends it (policy.SMTP) and read as a mail program reads it."""
    from email.header import decode_header, make_header

    from flows.digest import build_message
    row = {"doc_id": "d", "ob_no": 1, "region": "Томская область", "municipality": None, "scope": "all_municipalities",
           "body": "Органы местного самоуправления", "deadline_start": None, "deadline_end": D(2020, 6, 1),
           "recurrence": None, "days_left": -9, "quote": "Представить отчёт", "doc_type": "letter",
           "reg_number": "1", "reg_date": D(2020, 5, 1), "file_name": "a.docx", "item": "1"}
    rows = [dict(row, ob_no=i, municipality=m, scope="municipality" if m else "all_municipalities")
            for i, m in enumerate([None, "Томский район", "город Томск", "Асиновский район"] * 11)]
    msg = build_message("a@test.local", rows, AS_OF, 14, "srok@test.local", "<x@test.local>")
    wanted = ("Сроки на 10.06.2020: Асиновский район, Томская область: все муниципалитеты и др. — просрочено 44 "
              "(новых 0), скоро 0")
    sent = msg.as_bytes(policy=policy.SMTP)
    assert all(len(line) <= 78 for line in sent.split(b"\r\n"))             # folded, as mail wants it
    assert email.message_from_bytes(sent, policy=policy.default)["Subject"] == wanted
    raw = email.message_from_bytes(sent, policy=policy.compat32)["Subject"]   # the header as it travels
    assert str(make_header(decode_header(raw))) == wanted
    assert email.message_from_bytes(bytes(msg), policy=policy.default)["Subject"] == wanted   # a dry run's .eml


def test_a_second_digest_the_same_night_says_what_was_sent_and_preview_shows_it(db, smtp, tmp_path):
    """`srok digest` as an operator runs it twice a night, then looks at what went out."""
    from typer.testing import CliRunner

    from flows.cli import app
    port, inbox = smtp
    config = tmp_path / "srok.toml"
    config.write_text(f'db = "{db}"\nsmtp_port = {port}\nmail_from = "srok@test.local"\n'
                      f'[[recipients]]\naddress = "tomsk@test.local"\nmunicipalities = ["Томский район"]\n'
                      f'[[recipients]]\naddress = "tula@test.local"\nregions = ["Тульская область"]\n', encoding="utf-8")

    def digest(*args):
        res = CliRunner().invoke(app, ["digest", "--config", str(config), "--as-of", "10.06.2020", *args])
        assert res.exit_code == 0, res.output
        return res.stdout.splitlines()
    first = digest()
    assert first[0] == f"Реестр {db} ({config}); настройки {config}"
    assert first[1:] == ["Отправлено tomsk@test.local: 2 задачи", "Отправлено tula@test.local: 2 задачи"]
    second = digest()
    assert second[1:] == ["Уже отправлено 2 получателям за 10.06.2020: tomsk@test.local (2 задачи), "
                          "tula@test.local (2 задачи); нового с тех пор нет, письма целиком: srok digest --preview"]
    preview = "\n".join(digest("--preview"))
    assert preview.count("Кому: ") == 2 and "Тема: Сроки на 10.06.2020: Томская область: все муниципалитеты — просрочено 0 (новых 0), скоро 2" in preview
    assert "Провести собеседование с руководителями школ" in preview and "просрочено на 7 дн." in preview
    assert len(inbox.messages) == 2                                        # the preview sent nothing
    out = tmp_path / "eml"
    written = digest("--preview", "--dry-run", str(out))
    assert sorted(line for line in written if line.startswith("Записано: ")) == [
        f"Записано: {out / 'digest-2020-06-10-tomsk_test.local.eml'} — 2 задачи",
        f"Записано: {out / 'digest-2020-06-10-tula_test.local.eml'} — 2 задачи"]


def notified(db: Path) -> list[tuple]:
    with connect(db) as con:
        return con.execute("SELECT recipient, count(*) FROM notifications GROUP BY 1 ORDER BY 1").fetchall()


def test_a_refused_address_does_not_stop_the_others(db):
    with refusing_smtp({"tula@test.local"}) as (port, inbox):
        report = run_digest(settings(db, port), AS_OF, backoff=0.01)
    assert [m["To"] for m in inbox.messages] == ["tomsk@test.local"]
    assert report.sent == {"tomsk@test.local": 2}
    assert "refused the message for tula@test.local: 550 5.1.1" in report.failed["tula@test.local"]
    assert inbox.rcpt_calls.count("tula@test.local") == 1                 # a 5xx is final: not retried
    assert notified(db) == [("tomsk@test.local", 2)]


def test_a_recipient_naming_an_unknown_place_is_reported_and_the_others_are_mailed(db, smtp):
    port, inbox = smtp
    s = settings(db, port)
    s.recipients.append(Recipient(address="kozelsk@test.local", municipalities=["Козелский район"]))
    report = run_digest(s, AS_OF)
    assert {m["To"] for m in inbox.messages} == {"tomsk@test.local", "tula@test.local"}
    assert "нет муниципалитета 'Козелский район'; может быть: Козельский район" in report.failed["kozelsk@test.local"]


def test_a_554_after_data_is_not_retried(db):
    with refusing_smtp(data_reply="554 5.7.1 rejected as spam") as (port, inbox):
        report = run_digest(settings(db, port), AS_OF, backoff=0.01)
    assert inbox.data_calls == 2 and inbox.messages == []                 # once per recipient
    assert "554 5.7.1 rejected as spam" in report.failed["tula@test.local"]
    assert notified(db) == []


def test_a_server_silent_after_data_gets_one_copy_and_a_rerun_does_not_resend(db):
    with refusing_smtp(hang=3) as (port, inbox):
        report = run_digest(settings(db, port, smtp_timeout=0.5), AS_OF, backoff=0.01)
    assert inbox.data_calls == 2 and len(inbox.messages) == 2             # one copy each, never four
    assert set(report.uncertain) == {"tomsk@test.local", "tula@test.local"}
    assert "broke while tula@test.local's message <digest.20200610." in report.uncertain["tula@test.local"]
    with refusing_smtp() as (port, inbox):
        again = run_digest(settings(db, port), AS_OF)
        assert inbox.messages == [] and "not resent" in again.uncertain["tula@test.local"]
        resent = run_digest(settings(db, port), AS_OF, resend_uncertain=True)
    assert resent.sent == {"tomsk@test.local": 2, "tula@test.local": 2}
    # the same Message-ID as the first attempt: a mailbox that got both can tell they are one message
    assert inbox.messages[0]["Message-ID"].startswith("<digest.20200610.")


def test_a_server_without_a_banner_is_given_up_on_once_per_run(db):
    silent = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def accept():
        with contextlib.suppress(OSError):
            while True:
                accepted.append(silent.accept()[0])
    threading.Thread(target=accept, daemon=True).start()
    try:
        report = run_digest(settings(db, silent.getsockname()[1], smtp_timeout=0.3, smtp_attempts=2), AS_OF,
                            backoff=0.01)
    finally:
        silent.close()
        for c in accepted:
            c.close()
    assert len(accepted) == 2                                                 # 2 attempts for the run, not per recipient
    assert set(report.failed) == {"tomsk@test.local", "tula@test.local"}
    assert "did not answer: SMTPServerDisconnected: Connection unexpectedly closed: timed out" in report.failed["tula@test.local"]


def idn_settings(db: Path, port: int) -> Settings:
    return Settings(db=db, smtp_host="127.0.0.1", smtp_port=port, mail_from="srok@test.local", recipients=[
        Recipient(address="директор@школа.рф", municipalities=["Томский район"]),
        Recipient(address="tula@школа.рф", regions=["Тульская область"]),
        Recipient(address="office@test.local", catch_all=True)])


def test_idn_addresses_go_as_the_server_can_take_them_and_one_that_cannot_fails_alone(db):
    """Issue 25: one address with Cyrillic letters ended the whole run in RCPT (UnicodeEncodeError).
    Without SMTPUTF8 a Cyrillic domain goes in punycode and a Cyrillic mailbox name is refused alone."""
    with refusing_smtp() as (port, inbox):
        report = run_digest(idn_settings(db, port), AS_OF, backoff=0.01)
    assert [m["To"] for m in inbox.messages] == ["tula@xn--80atdl2c.xn--p1ai"]
    assert inbox.rcpt_calls == ["tula@xn--80atdl2c.xn--p1ai"]
    assert report.sent == {"tula@школа.рф": 2}
    assert "в имени ящика" in report.failed["директор@школа.рф"] and "SMTPUTF8" in report.failed["директор@школа.рф"]
    with connect(db) as con:
        assert con.execute("SELECT recipient, state FROM digest_messages ORDER BY 1").fetchall() == [
            ("tula@школа.рф", "sent"), ("директор@школа.рф", "failed")]


def test_idn_addresses_go_as_they_are_where_the_server_offers_smtputf8(db):
    with refusing_smtp(smtputf8=True) as (port, inbox):
        report = run_digest(idn_settings(db, port), AS_OF, backoff=0.01)
    assert sorted(inbox.rcpt_calls) == ["tula@школа.рф", "директор@школа.рф"]
    assert sorted(m["To"] for m in inbox.messages) == ["tula@школа.рф", "директор@школа.рф"]
    assert report.sent == {"директор@школа.рф": 2, "tula@школа.рф": 2} and report.failed == {}


def test_a_server_trickling_its_reply_is_cut_off_and_the_failure_recorded(db):
    """smtplib's timeout bounds each read; a server sending a line a second never trips it. The
    conversation's own deadline does (the reply trickles for 30 s, the deadline is 3 s)."""
    with refusing_smtp(trickle=30) as (port, inbox):
        report = run_digest(settings(db, port, smtp_timeout=2, smtp_deadline=3, smtp_attempts=1), AS_OF, backoff=0.01)
    assert inbox.messages == []
    assert set(report.failed) == {"tomsk@test.local", "tula@test.local"}
    assert all("не уложился в 3 с" in why for why in report.failed.values())
    with connect(db) as con:
        assert con.execute("SELECT DISTINCT state FROM digest_messages").fetchall() == [("failed",)]


def config_file(root: Path, db: Path, port: int) -> Path:
    cfg = root / "srok.toml"
    cfg.write_text(f'db = "{db}"\nsmtp_port = {port}\nmail_from = "srok@test.local"\n'
                   f'[[recipients]]\naddress = "tomsk@test.local"\nmunicipalities = ["Томский район"]\n'
                   f'[[recipients]]\naddress = "tula@test.local"\nregions = ["Тульская область"]\n', encoding="utf-8")
    return cfg


def srok_digest(cfg: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "digest", "--config", str(cfg), "--as-of", "2020-06-10"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def test_two_digests_started_together_send_each_message_once(db, smtp, tmp_path):
    port, inbox = smtp
    cfg = config_file(tmp_path, db, port)
    procs = [srok_digest(cfg) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted(m["To"] for m in inbox.messages) == ["tomsk@test.local", "tula@test.local"]
    assert sum("Уже отправлено 2 получателям за " in out for out, _ in outs) == 1   # the second says so


def test_a_digest_killed_after_the_server_accepted_does_not_send_twice(db, tmp_path):
    victim: list[subprocess.Popen] = []
    with refusing_smtp(on_data=lambda: os.kill(victim[0].pid, signal.SIGKILL), hang=0.5) as (port, inbox):
        cfg = config_file(tmp_path, db, port)
        victim.append(srok_digest(cfg))
        victim[0].wait(timeout=300)
        assert victim[0].returncode == -signal.SIGKILL and len(inbox.messages) == 1
        rerun = subprocess.run([sys.executable, "-m", "flows.cli", "digest", "--config", str(cfg), "--as-of",
                                "2020-06-10"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    first = inbox.messages[0]["To"]
    assert [m["To"] for m in inbox.messages].count(first) == 1               # never a second copy
    assert rerun.returncode == 1 and f"{first}: not resent" in rerun.stderr
    assert len(inbox.messages) == 2                                           # the other recipient was mailed


@pytest.mark.parametrize("start, end, rec, text", [
    (None, D(2020, 6, 30), None, "до 30 июня 2020 г."),
    (D(2020, 7, 1), D(2020, 8, 31), None, "июль – август 2020 г."),
    (D(2020, 9, 1), D(2021, 4, 30), None, "сентябрь 2020 г. – апрель 2021 г."),
    (D(2021, 1, 1), D(2021, 12, 31), None, "2021 г."),
    (D(2020, 6, 17), D(2020, 6, 23), None, "с 17 июня 2020 г. по 23 июня 2020 г."),
    (None, D(2021, 4, 5), "quarterly", "ежеквартально, до 5-го числа (срок 5 апреля 2021 г.)"),
    (None, D(2026, 12, 8), "weekly", "еженедельно (срок 8 декабря 2026 г.)"),
])
def test_deadlines_in_russian(start, end, rec, text):
    assert describe_deadline(start, end, rec) == text


@pytest.fixture(scope="module")
def every_fixture(tmp_path_factory) -> Path:
    """Every fixture letter and plan (DOCX) in one register, as an operator loads them."""
    path = tmp_path_factory.mktemp("fixtures") / "srok.duckdb"
    for f in sorted(FIXTURES.glob("*.docx")):
        assert ingest_file(f, path).outcome == "loaded"
    return path


def test_the_fixtures_digest_of_06_12_2026_lists_no_occurrence_older_than_the_long_overdue_summary(every_fixture, tmp_path):
    """Issue 24: the Kozelsk manager's mail listed 14 tasks of 2021, "просрочено на 2135 дн.", and a quarterly
    report five years overdue. Now recurring terms roll forward and what is long overdue is counted per body."""
    s = Settings(db=every_fixture, mail_from="srok@test.local", digest_days=30, recipients=[
        Recipient(address="kozelsk@test.local", municipalities=["Козельский район"]),
        Recipient(address="office@test.local", catch_all=True)])
    report = run_digest(s, D(2026, 12, 6), dry_run=tmp_path)
    texts = [text_of(email.message_from_bytes(p.read_bytes(), policy=policy.default)) for p in report.written]
    assert texts
    for text in texts:
        listed, _, summary = text.partition("Давно просрочено (более 30 дн.)")
        overdue = [int(n) for n in re.findall(r"просрочено на (\d+) дн\.", listed)]
        assert all(n <= 30 for n in overdue), overdue
        assert "2021 г." not in listed and "2022 г." not in listed
    office = next(t for p, t in zip(report.written, texts) if "office" in p.name)
    # the Pskov quarterly report (first due 5 April 2021) is due 5 January 2027; its October one is long overdue
    assert "ежеквартально, до 5-го числа (срок 5 января 2027 г.) (осталось 30 дн.)" in office
    assert "Руководители органов местного самоуправления муниципальных районов и городских округов Псковской " \
           "области, осуществляющих управление в сфере образования: " in office.partition("Давно просрочено")[2]


def test_a_quarterly_term_rolls_forward_in_every_query(every_fixture):
    from warehouse.queries import deadlines
    with connect(every_fixture, read_only=True) as con:
        for as_of, due in ((D(2026, 12, 6), [D(2026, 10, 5), D(2027, 1, 5)]), (D(2021, 4, 1), [D(2021, 4, 5)]),
                           (D(2021, 4, 6), [D(2021, 4, 5), D(2021, 7, 5)])):
            rows = deadlines(con, region="Псковская область", as_of=as_of)
            got = sorted(r["deadline_end"] for r in rows if r["recurrence"] == "quarterly")
            assert got == due, as_of


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])   # UTC+14 and UTC-12: never the same day
def test_the_day_of_a_digest_is_the_day_in_its_timezone(db, tmp_path, zone):
    from zoneinfo import ZoneInfo
    s = Settings(db=db, mail_from="srok@test.local", timezone=zone, digest_long_overdue_days=3660,
                 recipients=[Recipient(address="office@test.local", catch_all=True)])
    before = dt.datetime.now(ZoneInfo(zone)).date()
    report = run_digest(s, dry_run=tmp_path)
    after = dt.datetime.now(ZoneInfo(zone)).date()
    days = {p.name.split("-office")[0].removeprefix("digest-") for p in report.written}
    assert days and days <= {f"{before:%Y-%m-%d}", f"{after:%Y-%m-%d}"}
