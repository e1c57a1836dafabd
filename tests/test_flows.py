"""The Prefect flows against a real Prefect server (the session's `prefect server start`, tests/conftest.py)."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import FIXTURES
from warehouse.db import connect

pytestmark = pytest.mark.usefixtures("prefect_harness")


def flow_run_names() -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import FlowRunSort

    async def names():
        async with get_client() as client:
            return [r.name for r in await client.read_flow_runs(limit=200, sort=FlowRunSort.START_TIME_DESC)]
    return asyncio.run(names())


def flow_runs(name: str):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    async def read():
        async with get_client() as client:
            runs = await client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name])))
            return [(r, await client.read_artifacts()) for r in runs]
    return asyncio.run(read())


def test_ingest_outcomes_are_states_with_a_table_artifact(tmp_path):
    from flows.prefect_flows import ingest_file_flow, ingest_in_prefect
    db = tmp_path / "f.duckdb"
    first = ingest_file_flow(FIXTURES / "000_f78c96f4c1c9048e.docx", db, return_state=True)
    again = ingest_file_flow(FIXTURES / "000_f78c96f4c1c9048e.docx", db, return_state=True)
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    broken = ingest_file_flow(bad, db, return_state=True)
    assert (first.type.value, first.name) == ("COMPLETED", "Loaded") and first.result().obligations == 4
    assert (again.type.value, again.name) == ("COMPLETED", "Duplicate")
    assert again.result().obligations == 0                              # nothing loaded from a duplicate
    assert again.message.endswith("те же байты, что 000_f78c96f4c1c9048e.docx")   # and the file it repeats
    assert broken.is_failed() and broken.message.startswith("в карантине: файл повреждён")
    assert broken.result(raise_on_failure=False).reason in broken.message
    # the watcher's view of the same runs: a Result whatever the state
    assert ingest_in_prefect(bad, db).outcome == "failed"
    [(run, artifacts)] = flow_runs("ingest broken.docx")[:1]
    assert run.state.type.value == "FAILED" and "повреждён" in run.state.message
    table = [a for a in artifacts if a.flow_run_id == run.id and a.type == "table"]
    [row] = json.loads(table[0].data)
    assert row["файл"] == "broken.docx" and "повреждён" in row["причина"] and row["задач загружено"] == 0
    assert "ingest 000_f78c96f4c1c9048e.docx" in flow_run_names()
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM obligations").fetchone()[0] == 4


def service_folders(tmp_path: Path, monkeypatch, db: Path) -> tuple[Path, Path]:
    """An inbox and a quarantine, and the settings `srok serve` would run the deployment with."""
    inbox, quarantine = tmp_path / "inbox", tmp_path / "quarantine"
    inbox.mkdir(), quarantine.mkdir()
    config = tmp_path / "srok.toml"
    config.write_text(f'inbox = "{inbox}"\ndb = "{db}"\n', encoding="utf-8")
    monkeypatch.setenv("SROK_CONFIG", str(config))
    return inbox, quarantine


def test_a_file_fixed_in_quarantine_and_loaded_from_there_moves_to_the_archive(tmp_path, monkeypatch):
    """The ingest-file deployment (with the settings srok serve runs with, its archive among them): loaded
    from quarantine, the file and its .error.txt do not stay there."""
    import shutil
    from flows.prefect_flows import ingest_requested_flow
    inbox, quarantine = service_folders(tmp_path, monkeypatch, tmp_path / "q.duckdb")
    archive = tmp_path / "archive"
    fixed = quarantine / "письмо.docx"
    shutil.copy(FIXTURES / "004_7f11e5ae3cc0a8e0.docx", fixed)
    (quarantine / "письмо.docx.error.txt").write_text("письмо.docx: файл повреждён\n", encoding="utf-8")
    state = ingest_requested_flow(str(fixed), return_state=True)
    assert state.name == "Loaded" and list(quarantine.iterdir()) == []
    assert [p.name for p in archive.rglob("*.docx")] == ["письмо.docx"]


def test_batch_flow_loads_every_fixture(tmp_path, capsys):
    from flows.prefect_flows import ingest_batch_flow
    db = tmp_path / "b.duckdb"
    results = ingest_batch_flow([FIXTURES], db, label="fixtures")
    progress = [line for line in capsys.readouterr().out.splitlines() if line[:1].isdigit()]
    assert [line.split()[0] for line in progress] == [f"{i}/{len(results)}" for i in range(1, len(results) + 1)]
    outcomes = sorted(r.outcome for r in results)   # a fixture there as DOCX and as PDF: one is a twin
    docs = {p.stem for p in FIXTURES.glob("*.docx")}   # and plan_scanned.pdf is the scan of one of them
    files = [p for p in FIXTURES.glob("*.*") if p.suffix in (".docx", ".pdf")]
    # a scan loaded before its text layer is replaced by it: one more "loaded", one "twin" fewer
    assert outcomes in (["loaded"] * n + ["twin"] * (len(files) - n) for n in (len(docs), len(docs) + 1))
    assert "backfill fixtures" in flow_run_names()
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NULL").fetchone()[0] == len(docs)


def test_digest_flow_reaches_the_good_recipients_and_fails_naming_the_refused_one(tmp_path):
    from test_digest import refusing_smtp
    from flows.prefect_flows import digest_flow
    from flows.ingest import ingest_file
    db = tmp_path / "d.duckdb"
    for name in ("003_d7222e60e6a354a6.docx", "004_7f11e5ae3cc0a8e0.docx"):
        ingest_file(FIXTURES / name, db)
    with refusing_smtp({"tula@test.local"}) as (port, inbox):
        config = tmp_path / "srok.toml"
        config.write_text(f'db = "{db}"\nsmtp_port = {port}\nalert_to = ["ops@test.local"]\n'
                          f'[[recipients]]\naddress = "tula@test.local"\nregions = ["Тульская область"]\n'
                          f'[[recipients]]\naddress = "tomsk@test.local"\nmunicipalities = ["Томский район"]\n',
                          encoding="utf-8")
        state = digest_flow(str(config), dt.date(2020, 6, 10), return_state=True)
        first_run = list(inbox.messages)
        digest_flow(str(config), return_state=True)                    # as scheduled: no day given
    assert [m["To"] for m in first_run] == ["tomsk@test.local", "ops@test.local"]
    assert state.is_failed() and state.message == "отправлено 1, не отправлено 1: tula@test.local"
    assert state.message in first_run[1].get_content()                  # the failure hook's alert
    again = digest_flow(str(config), dt.date(2020, 6, 10), return_state=True)   # the same night again
    assert again.message.startswith("отправлено 0, не отправлено 1: tula@test.local; уже отправлено за 10.06.2020 "
                                    "ранее: tomsk@test.local (")
    from flows.config import load_settings
    from flows.digest import digest_day
    tonight = digest_day(load_settings(config, check_gazetteer=False))   # the settings' day (Moscow), not the server's
    assert "digest 2020-06-10" in flow_run_names() and f"digest {tonight}" in flow_run_names()
    with connect(db) as con:
        assert con.execute("SELECT recipient FROM notifications WHERE for_date = DATE '2020-06-10'").fetchall() == [
            ("tomsk@test.local",)] * 2


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_smtp_password_comes_from_a_prefect_secret_block(tmp_path, monkeypatch):
    from prefect.blocks.system import Secret
    from test_digest import refusing_smtp
    from flows.prefect_flows import digest_flow
    from flows.ingest import ingest_file
    db = tmp_path / "s.duckdb"
    ingest_file(FIXTURES / "004_7f11e5ae3cc0a8e0.docx", db)
    Secret(value="s3cret").save("srok-smtp-test", overwrite=True)
    monkeypatch.delenv("SROK_SMTP_PASSWORD", raising=False)              # the block is the only source
    with refusing_smtp(password="s3cret") as (port, inbox):
        config = tmp_path / "srok.toml"
        config.write_text(f'db = "{db}"\nsmtp_port = {port}\nsmtp_user = "srok"\nsmtp_password_block = "srok-smtp-test"\n'
                          f'[[recipients]]\naddress = "tula@test.local"\nregions = ["Тульская область"]\n', encoding="utf-8")
        state = digest_flow(str(config), dt.date(2020, 6, 10), return_state=True)
    assert state.is_completed() and [m["To"] for m in inbox.messages] == ["tula@test.local"]   # logged in


@pytest.mark.slow
def test_backfill_on_a_dask_local_cluster_is_quiet(tmp_path):
    """`srok backfill --workers 2` as a person runs it: each file's line and a summary; none of Dask's INFO
    lines, no CommClosedError traceback on a normal run, no dashboard."""
    import os
    import shutil
    import subprocess
    import sys
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("000_f78c96f4c1c9048e.docx", "003_d7222e60e6a354a6.pdf", "004_7f11e5ae3cc0a8e0.docx"):
        shutil.copy(FIXTURES / name, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}   # local mode, as a person has it
    res = subprocess.run([sys.executable, "-c", "from flows.launch import main; main()", "backfill", str(folder),
                          "--workers", "2", "--db", str(tmp_path / "dask.duckdb")], capture_output=True, text=True,
                         env=dict(env, PREFECT_HOME=str(tmp_path / "home")), timeout=600)
    assert res.returncode == 1, res.stderr[-3000:]                       # one file could not be read
    lines = res.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:5]] == ["1/4", "2/4", "3/4", "4/4"]
    assert lines[5] == "4 файла: 3 загружено, 0 дубликатов, 1 не прочитано"
    assert "srok: не прочитан broken.pdf: PDF повреждён и не читается" in res.stderr
    for noise in ("Traceback", "CommClosedError", "distributed", "| INFO    | prefect", "8787", "dashboard"):
        assert noise not in res.stderr, res.stderr[-3000:]
    with connect(tmp_path / "dask.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_the_ingest_file_deployment_takes_only_files_of_the_inbox_or_the_quarantine(tmp_path, monkeypatch):
    """Issue 25: the deployment read any path it was given (and loaded into any database), following
    links, so a file outside the inbox became readable through `srok sql`. Now it takes a file of the
    inbox or the quarantine, named without a link, into the service's own database."""
    from flows.prefect_flows import ingest_requested_flow
    db = tmp_path / "service.duckdb"
    inbox, quarantine = service_folders(tmp_path, monkeypatch, db)
    outside = tmp_path / "secret.txt"
    outside.write_text("Руководителям школ представить секретный отчёт до 1 июня 2020 г.\n", encoding="utf-8")
    (quarantine / "link.txt").symlink_to(outside)
    (inbox / "folder").symlink_to(tmp_path)
    refused = {str(outside): "вне их", str(inbox / ".." / "secret.txt"): "вне их", "/etc/passwd": "вне их",
               str(quarantine / "link.txt"): "символическую ссылку",
               str(inbox / "folder" / "secret.txt"): "символическую ссылку",
               str(quarantine / "missing.docx"): "такого файла нет"}
    for path, why in refused.items():
        state = ingest_requested_flow(path, return_state=True)
        assert state.is_failed() and why in state.message, (path, state.message)
    assert "db" not in ingest_requested_flow.parameters.properties      # the database is the service's own
    fixed = quarantine / "Письмо.docx"
    fixed.write_bytes((FIXTURES / "000_f78c96f4c1c9048e.docx").read_bytes())
    loaded = ingest_requested_flow(str(fixed), return_state=True)
    assert (loaded.type.value, loaded.name) == ("COMPLETED", "Loaded")
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT list(file) FROM ingest_log").fetchone()[0] == ["Письмо.docx"]
        assert "секретный" not in con.execute("SELECT string_agg(text, ' ') FROM document_texts").fetchone()[0]
