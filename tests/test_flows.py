"""The Prefect flows under Prefect's own test harness (a real temporary server)."""
from __future__ import annotations

import asyncio
import datetime as dt

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


def test_ingest_file_flow_loads_once_and_names_its_run(tmp_path):
    from flows.prefect_flows import ingest_file_flow
    db = tmp_path / "f.duckdb"
    first = ingest_file_flow(FIXTURES / "000_f78c96f4c1c9048e.docx", db)
    again = ingest_file_flow(FIXTURES / "000_f78c96f4c1c9048e.docx", db)
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    broken = ingest_file_flow(bad, db)
    assert (first.outcome, first.obligations, again.outcome) == ("loaded", 4, "duplicate")
    assert broken.outcome == "failed" and "corrupt" in broken.reason
    assert "ingest 000_f78c96f4c1c9048e.docx" in flow_run_names()
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM obligations").fetchone()[0] == 4


def test_batch_flow_loads_every_fixture(tmp_path):
    from flows.prefect_flows import ingest_batch_flow
    db = tmp_path / "b.duckdb"
    results = ingest_batch_flow([FIXTURES], db, label="fixtures")
    assert len(results) == 14 and all(r.outcome in ("loaded", "twin") for r in results)   # PDF twins of DOCX
    assert "backfill fixtures" in flow_run_names()
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 7


def test_digest_flow_runs_from_a_config_file(tmp_path):
    from flows.digest import digest_flow
    from flows.prefect_flows import ingest_file_flow
    db = tmp_path / "d.duckdb"
    ingest_file_flow(FIXTURES / "004_7f11e5ae3cc0a8e0.docx", db)
    config = tmp_path / "srok.toml"
    config.write_text(f'db = "{db}"\nsmtp_port = 1\n[[recipients]]\naddress = "tula@test.local"\n'
                      f'regions = ["Тульская область"]\n', encoding="utf-8")
    from flows.digest import DigestError
    with pytest.raises(DigestError, match="did not accept"):      # nothing listens on port 1
        digest_flow(str(config), dt.date(2020, 6, 10))
    with connect(db) as con:
        assert con.execute("SELECT count(*) FROM notifications").fetchone()[0] == 0


def test_serve_runs_the_watcher_and_registers_the_digest_deployment(tmp_path):
    """`srok serve` as a real subprocess against the harness's Prefect server."""
    import os
    import shutil
    import subprocess
    import sys
    import time

    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL
    root = tmp_path
    config = root / "srok.toml"
    config.write_text(f'inbox = "{root / "inbox"}"\narchive = "{root / "archive"}"\nquarantine = "{root / "q"}"\n'
                      f'db = "{root / "s.duckdb"}"\nsettle_seconds = 0.3\ndigest_cron = "30 6 * * 1-5"\n',
                      encoding="utf-8")
    (root / "inbox").mkdir()
    shutil.copy(FIXTURES / "003_d7222e60e6a354a6.docx", root / "inbox" / "Письмо № 54-2627.docx")
    env = dict(os.environ, PREFECT_API_URL=PREFECT_API_URL.value())
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--config", str(config)], env=env,
                            stdout=subprocess.DEVNULL, stderr=open(root / "serve.log", "wb"))
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not list((root / "archive").rglob("*.docx")):
            time.sleep(0.5)
        assert list((root / "archive").rglob("Письмо № 54-2627.docx")), (root / "serve.log").read_text()[-2000:]

        async def deployment():
            async with get_client() as client:
                return await client.read_deployment_by_name("nightly-digest/nightly-digest")
        for _ in range(60):
            try:
                dep = asyncio.run(deployment())
                break
            except Exception:
                time.sleep(0.5)
        schedule = dep.schedules[0].schedule
        assert (schedule.cron, schedule.timezone) == ("30 6 * * 1-5", "Europe/Moscow")
        assert "ingest Письмо № 54-2627.docx" in flow_run_names()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_backfill_on_a_dask_local_cluster(tmp_path):
    import shutil
    from flows.prefect_flows import backfill
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("000_f78c96f4c1c9048e.docx", "003_d7222e60e6a354a6.pdf", "004_7f11e5ae3cc0a8e0.docx"):
        shutil.copy(FIXTURES / name, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    results = backfill([folder], tmp_path / "dask.duckdb", workers=2, label="dask")
    assert sorted(r.outcome for r in results) == ["failed", "loaded", "loaded", "loaded"]
    with connect(tmp_path / "dask.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
