"""Corrections a person makes, on a real DuckDB file: applied in every view, in `srok deadlines` and the
digest's query, and kept across a newer extractor and a re-sent version of the document."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import ingest_file
from warehouse.db import connect
from warehouse.queries import digest_rows, review_rows

runner = CliRunner()
LETTER = ("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.11.2020 № 1240\n\n"
          "1. Руководителям образовательных учреждений представить отчёты до {}.\n\n"
          "2. Руководителям образовательных учреждений провести родительские собрания до 15.12.2020.\n\n"
          "3. Обеспечить участие в семинаре до 20.12.2020.\n")


def srok(*args: str):
    return runner.invoke(app, list(args))


def rows(db: Path, *filters: str) -> list[dict]:
    res = srok("deadlines", *filters, "--format", "json", "--db", str(db))
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "c.duckdb"
    (tmp_path / "letter.txt").write_text(LETTER.format("25.11.2020"), encoding="utf-8")
    assert ingest_file(tmp_path / "letter.txt", path).outcome == "loaded"
    return path


def key_of(db: Path, words: str) -> str:
    return next(r["task_key"] for r in rows(db) if words in r["quote"])


def test_a_deadline_fix_outlives_a_newer_extractor_and_a_new_version(db, tmp_path, request):
    key = key_of(db, "отчёты")
    res = srok("correct", key[:8], "--deadline", "31.12.2020", "--why", "письмо № 12 продлило срок",
               "--who", "Иванова", "--db", str(db))
    assert res.exit_code == 0, res.stderr
    assert "срок 25.11.2020 → 31.12.2020" in res.stdout
    assert res.stdout.startswith(f"Реестр {db.absolute()} (--db); ")      # the register it went to, said first

    def report() -> dict:
        return next(r for r in rows(db, "--as-of", "2020-12-01") if "отчёты" in r["quote"])
    assert report()["deadline_end"] == "2020-12-31" and report()["status"] == "pending" and report()["corrected"]

    request.getfixturevalue("newer_extractor")
    assert ingest_file(tmp_path / "letter.txt", db).outcome == "reloaded"
    assert report()["deadline_end"] == "2020-12-31"

    resent = tmp_path / "letter-v2.txt"        # the same letter re-sent with the item's date moved
    resent.write_text(LETTER.format("27.11.2020"), encoding="utf-8")
    assert ingest_file(resent, db).outcome == "new_version"
    assert report()["deadline_end"] == "2020-12-31" and report()["file_name"] == "letter-v2.txt"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT who, field, old_value, new_value, why FROM v_corrections").fetchall() == [
            ("Иванова", "deadline", "2020-11-25", "2020-12-31", "письмо № 12 продлило срок")]


def test_statuses_a_person_sets(db):
    report, meetings = key_of(db, "отчёты"), key_of(db, "собрания")
    as_of = dt.date(2020, 12, 1)
    with connect(db, read_only=True) as con:
        assert len({(r["doc_id"], r["ob_no"]) for r in digest_rows(con, as_of, 30)}) == 3
    assert srok("correct", report, "--status", "Выполнено", "--who", "Иванова", "--db", str(db)).exit_code == 0
    assert srok("correct", meetings, "--status", "продлено", "--deadline", "2021-01-20", "--who", "Петров",
                "--db", str(db)).exit_code == 0
    by_key = {r["task_key"]: r for r in rows(db, "--as-of", "2020-12-20")}
    assert by_key[report]["status"] == "done" and by_key[report]["days_left"] is None
    assert by_key[meetings]["status"] == "pending" and by_key[meetings]["deadline_end"] == "2021-01-20"
    with connect(db, read_only=True) as con:        # the digest's query leaves out what a person closed
        assert [r["quote"][:37] for r in digest_rows(con, as_of, 60)] == [
            "Обеспечить участие в семинаре до 20.1", "Руководителям образовательных учрежде"]
    assert srok("correct", meetings, "--status", "cancelled", "--who", "Петров", "--db", str(db)).exit_code == 0
    assert [r["status"] for r in rows(db, "--status", "отменено")] == ["cancelled"]
    with connect(db, read_only=True) as con:
        assert [r["quote"][:11] for r in digest_rows(con, as_of, 60)] == ["Обеспечить "]
    assert srok("correct", report, "--status", "не задача", "--who", "Иванова", "--db", str(db)).exit_code == 0
    assert report not in {r["task_key"] for r in rows(db)}
    assert srok("correct", report, "--status", "в работе", "--who", "Иванова", "--db", str(db)).exit_code == 0
    assert report in {r["task_key"] for r in rows(db)}       # a person can undo it


def test_a_responsible_fix_replaces_the_bodies_and_finds_their_place(db):
    key = key_of(db, "отчёты")
    res = srok("correct", key, "--responsible", "МБУ «МИМЦ» г. Лесосибирска", "--why", "см. приложение",
               "--who", "Иванова", "--db", str(db))
    assert res.exit_code == 0, res.stderr
    fixed = [r for r in rows(db, "--municipality", "Лесосибирск") if r["task_key"] == key]
    assert [(r["body"], r["municipality"]) for r in fixed] == [("МБУ «МИМЦ» г. Лесосибирска", "город Лесосибирск")]


def test_accepted_tasks_leave_the_review_queue(db):
    """The queue is ordered by risk, the least sure first, with its reasons; an accepted task leaves it."""
    with connect(db, read_only=True) as con:
        queue = review_rows(con, 1.0)
    first = queue[0]
    assert first["quote"].startswith("Обеспечить участие") and "ответственный не найден" in first["reasons"]
    assert [r["confidence"] for r in queue] == sorted(r["confidence"] for r in queue)
    assert srok("correct", first["task_key"], "--accept", "--who", "Иванова", "--db", str(db)).exit_code == 0
    with connect(db, read_only=True) as con:
        assert first["task_key"] not in {r["task_key"] for r in review_rows(con, 1.0)}


@pytest.mark.parametrize("args, message", [
    (["0000000000", "--status", "done"], "нет действующей задачи с ключом"),
    (["abc", "--status", "done"], "слишком короткий"),
    ([], "исправлять нечего"),
    (["--status", "extended"], "укажите новый срок"),
    (["--status", "done", "--deadline", "01.01.2021"], "не бывает нового срока"),
    (["--status", "finished"], "неизвестный статус 'finished'"),
    (["--deadline", "31.02.2021"], "дд.мм.гггг"),
    (["--accept", "--status", "done"], "вместе с исправлением так нельзя"),
    (["--deadline", "01.01.0001"], "не похож на настоящий"),           # implausible for the document's date
    (["--status", "extended", "--deadline", "9999-12-31"], "не похож на настоящий"),
    (["--accept", "--why", "x" * 2001], "причина длиннее 2000 знаков"),
])
def test_a_correction_that_makes_no_sense_is_refused(db, args, message):
    key = key_of(db, "отчёты")
    argv = args if args and args[0] in ("0000000000", "abc") else [key, *args]
    res = srok("correct", *argv, "--who", "Иванова", "--db", str(db))
    assert res.exit_code == 2 and message in res.stderr, res.stderr
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
