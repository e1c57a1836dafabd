"""The command line as a person uses it: exit codes, messages, the JSON contract."""
from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from flows.cli import app
from warehouse.vocabulary import plural

runner = CliRunner()


def test_extract_json_contract():
    res = runner.invoke(app, ["extract", str(FIXTURES / "003_d7222e60e6a354a6.pdf"), "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert set(data) >= {"document", "obligations", "references", "entities"}
    assert data["document"]["reg_number"] == "54-2627"
    assert data["entities"] == []                               # NER only when asked for
    res = runner.invoke(app, ["extract", str(FIXTURES / "003_d7222e60e6a354a6.pdf"), "--json", "--entities"])
    assert any(e["type"] == "LOC" for e in json.loads(res.stdout)["entities"])


def test_unreadable_file_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nnothing else")
    res = runner.invoke(app, ["extract", str(bad), "--json"])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"srok: не прочитан {bad}: ") and "Traceback" not in res.stderr
    assert res.stdout == ""


def test_parse_shows_blocks():
    res = runner.invoke(app, ["parse", str(FIXTURES / "plan_merged_cells.docx")])
    assert res.exit_code == 0 and "Нормативное" in res.stdout and "2×1" in res.stdout


def test_forgiving_filters(tmp_path):
    """Russian and ISO input, case-insensitive words, a region named as a municipality, contradictions."""
    from flows.ingest import ingest_file
    db = tmp_path / "f.duckdb"
    ingest_file(FIXTURES / "003_d7222e60e6a354a6.docx", db)

    def deadlines(*args):
        return runner.invoke(app, ["deadlines", *args, "--format", "json", "--db", str(db)])
    russian = deadlines("--region", "Томская область", "--status", "Просрочено", "--from", "01.06.2020",
                        "--as-of", "20.06.2020")
    iso = deadlines("--region", "томская", "--status", "OVERDUE", "--from", "2020-06-01", "--as-of", "2020-06-20")
    assert russian.exit_code == 0 and json.loads(russian.stdout) and russian.stdout == iso.stdout
    assert {r["status"] for r in json.loads(russian.stdout)} == {"overdue"}
    res = deadlines("--municipality", "Томская область")
    assert res.exit_code == 2 and "— регион, а не муниципалитет: укажите --region 'Томская область'" in res.stderr
    res = deadlines("--municipality", "Москва")
    assert res.exit_code == 2 and "укажите --region 'Москва'" in res.stderr
    res = deadlines("--region", "Калуга")
    assert res.exit_code == 2 and "укажите --municipality 'город Калуга'" in res.stderr
    res = deadlines("--municipality", "Калуга")                  # a city by its plain name
    assert res.exit_code == 0 and "нет сроков, отвечающих" in res.stderr
    res = deadlines("--municipality", "Калуга", "--region", "Томская область")
    assert res.exit_code == 2 and "это Калужская область, а не --region 'Томская область'" in res.stderr
    res = deadlines("--from", "01.07.2020", "--to", "01.06.2020")
    assert res.exit_code == 2 and "--from 01.07.2020 позже --to 01.06.2020" in res.stderr
    res = deadlines("--status", "сделать")
    assert res.exit_code == 2 and "просрочено" in res.stderr


@pytest.mark.slow
def test_demo_lists_distinct_rows_with_their_bodies(tmp_path):
    """`srok demo` in its own process, as `make demo` runs it (Prefect's local mode)."""
    import os
    import shutil
    import subprocess
    import sys
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("000_f78c96f4c1c9048e", "001_5eb3587b8a7ef8fb"):       # Лесосибирск's letter and plan, both formats
        for suffix in (".docx", ".pdf"):
            shutil.copy(FIXTURES / (name + suffix), folder)
    res = subprocess.run([sys.executable, "-c", "from flows.cli import main; main()", "demo", str(folder),
                          "--db", str(tmp_path / "d.duckdb")], capture_output=True, text=True, timeout=600,
                         env=dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", COLUMNS="200"))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith(f"Реестр {tmp_path / 'd.duckdb'} (--db); ")         # which register, said first
    assert res.stdout.count(": дубликат: то же содержание, что 00") == 2          # each PDF names its DOCX
    assert "4 файла: 2 загружено, 2 дубликата, 0 не прочитано" in lines
    listing = [line for line in lines if re.match(r"  \d\d\.\d\d\.\d{4} ", line)]       # dates as dd.mm.yyyy
    assert listing and len(listing) == len(set(listing))
    assert {"МБУ «МИМЦ»", "Отдел образования"} <= {line[24:58].strip() for line in listing}
    assert not re.search(r"\b(overdue|pending|done|tasks|rows)\b", res.stdout)     # Russian for staff
    cut = [w for line in listing for w in line[24:58].split() if w.endswith("…")]
    assert all(len(w) > 1 for w in cut)                                          # a name cut shows it was
    assert lines[-1].startswith("Очередь проверки (srok review, srok web): ") and "0,7" in lines[-1]


def test_every_command_uses_the_register_of_srok_toml_and_names_it(tmp_path, monkeypatch):
    """Issue 26: `srok serve` and `srok digest` took db from srok.toml, `srok correct`, `deadlines`, `sql`,
    `review` and `web` run in the same folder used data/srok.duckdb: a correction "succeeded" into a
    register the service never reads."""
    import shutil
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SROK_DB", raising=False)
    (tmp_path / "srok.toml").write_text('db = "реестр/srok.duckdb"\n', encoding="utf-8")
    shutil.copy(FIXTURES / "004_7f11e5ae3cc0a8e0.docx", tmp_path)
    register = tmp_path / "реестр" / "srok.duckdb"
    named = f"Реестр {register} (srok.toml); настройки {tmp_path / 'srok.toml'}"
    res = runner.invoke(app, ["ingest", "004_7f11e5ae3cc0a8e0.docx"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0] == named, res.output
    res = runner.invoke(app, ["deadlines", "--format", "json", "--verbose"])
    rows = json.loads(res.stdout)                                        # stdout stays data; the name goes to stderr
    assert rows and res.stderr.splitlines()[0] == named
    res = runner.invoke(app, ["correct", rows[0]["task_key"][:8], "--status", "выполнено", "--who", "Иванова"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0] == named
    assert "статус в работе → выполнено" in res.stdout
    for command in (["sql", "SELECT count(*) AS n FROM corrections", "--format", "json", "-v"], ["review", "-v"]):
        res = runner.invoke(app, command)
        assert res.exit_code == 0 and res.stderr.splitlines()[0] == named, res.output
    assert json.loads(runner.invoke(app, ["sql", "SELECT count(*) AS n FROM corrections", "--format", "json"]).stdout) \
        == [{"n": 1}]
    assert not (tmp_path / "data").exists()                              # no second register anywhere
    res = runner.invoke(app, ["deadlines", "--db", str(tmp_path / "other.duckdb"), "-v"])   # an option still wins
    assert res.exit_code == 2 and res.stderr.startswith(f"Реестр {tmp_path / 'other.duckdb'} (--db); ")


def test_deadlines_table_in_russian_and_the_file_written_is_named(tmp_path):
    from flows.ingest import ingest_file
    db = tmp_path / "t.duckdb"
    ingest_file(FIXTURES / "001_5eb3587b8a7ef8fb.docx", db)
    res = runner.invoke(app, ["deadlines", "--as-of", "01.12.2020", "--db", str(db)], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert all(h in res.stdout for h in ("Муниципалитет", "Ответственный", "Срок", "Статус", "Задача", "Источник"))
    assert re.search(r"\b31\.08\.2020\b", res.stdout) and "выполнено" in res.stdout and "2020-08-31" not in res.stdout
    assert not re.search(r"\b(overdue|pending|done|municipality|deadline)\b", res.stdout)
    assert re.search(r"^\d+ задач[аи]?, \d+ строк[аи]? \(задача × ответственный\)$", res.stdout, re.M)
    out = tmp_path / "сроки.csv"
    res = runner.invoke(app, ["deadlines", "--out", str(out), "--db", str(db)])
    import csv
    n = len(list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))) - 1
    assert res.exit_code == 0 and res.stdout == f"Записано: {out} — {plural(n, 'строка', 'строки', 'строк')}\n"


def test_doctor_says_what_it_checked_and_fails_a_missing_inbox(tmp_path):
    cfg = tmp_path / "srok.toml"
    cfg.write_text(f'inbox = "{tmp_path / "нет"}"\ndb = "{tmp_path / "s.duckdb"}"\nsmtp_port = 1\n', encoding="utf-8")
    res = runner.invoke(app, ["doctor", "--config", str(cfg)], env={"PREFECT_API_URL": ""})
    lines = {line.split()[1]: line for line in res.stdout.splitlines()}
    assert res.exit_code == 1
    assert lines["настройки:"] == f"ok     настройки: {cfg}"
    assert lines["входящие:"].startswith(f"ОШИБКА входящие: {tmp_path / 'нет'} — папки нет")
    assert lines["архив:"] == f"ok     архив: {tmp_path / 'archive'} (ещё нет, будет создана)"
    assert lines["smtp:"].startswith("ОШИБКА smtp: 127.0.0.1:1 (none) — ")
    assert lines["реестр:"].startswith(f"ok     реестр: {tmp_path / 's.duckdb'}")
