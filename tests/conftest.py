from __future__ import annotations

import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
GOLD = Path(__file__).parent / "gold"          # the seed annotations, copied from ../shared/eval/gold
SEEDS = sorted(p.stem for p in FIXTURES.glob("0*.docx"))
FORMATS = ["docx", "pdf"]


@lru_cache(maxsize=None)
def read(name: str):
    from extractors.readers import read_document
    return read_document(FIXTURES / name)


@lru_cache(maxsize=None)
def extracted(name: str):
    from extractors.pipeline import contract, extract
    doc = read(name)
    return contract(doc, extract(doc, with_entities=False))


def contract_of(path: Path) -> dict:
    """`srok extract PATH --json` of any file, read by the real readers (a test's own document)."""
    from extractors.pipeline import contract, extract
    from extractors.readers import read_document
    doc = read_document(path)
    return contract(doc, extract(doc, with_entities=False))


def table_docx(path: Path, rows: list[list[str]], before=(), after=(), merges=()) -> Path:
    """A DOCX of paragraphs, one table of ``rows`` and paragraphs after it; ``merges`` are ((row, col), (row, col))
    pairs of cells merged as Word merges them (a header over two columns, a cell down two rows)."""
    import docx
    d = docx.Document()
    for p in before:
        d.add_paragraph(p)
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    for a, b in merges:
        table.cell(*a).merge(table.cell(*b))
    for p in after:
        d.add_paragraph(p)
    d.save(path)
    return path


def tasks_of(path: Path) -> list[tuple]:
    """(text, deadline end, responsible names) of each task srok reads in ``path``."""
    return [(o["text"], o["deadline"] and o["deadline"]["end"], [r["name"] for r in o["responsible"]])
            for o in contract_of(path)["obligations"]]


def gold(seed: str) -> dict:
    return json.loads((GOLD / f"{seed}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=FORMATS)
def fmt(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def seed_register(tmp_path_factory) -> Path:
    """The five seed letters (DOCX) loaded once for the session; a module or test that wants them takes a
    copy (copy_register) instead of reading and extracting them all again."""
    from flows.ingest import ingest_file
    db = tmp_path_factory.mktemp("seeds") / "srok.duckdb"
    for f in sorted(FIXTURES.glob("0*.docx")):
        assert ingest_file(f, db).outcome == "loaded"
    return db


def copy_register(source: Path, folder: Path) -> Path:
    """The register's file alone in FOLDER: its first writer makes the analysts' copy there (that copy
    names its deltas' folder by absolute path, so it is not copied along)."""
    from warehouse.db import writing
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / source.name
    shutil.copy(source, db)
    with writing(db):
        pass
    return db


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc) -> None:
    """SIGTERM to the process group (a server and its workers), SIGKILL after 30 s."""
    import signal
    import subprocess
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """One real `prefect server start` for the session, as an operator runs it (on a free port, with its
    own PREFECT_HOME; it takes 10-40 s to start): tests/test_server.py runs `srok serve` and the Prefect
    CLI against it, tests/test_flows.py the flows in this process (prefect_harness). Yields the API's
    URL, the environment its clients run with, and the server's log."""
    import subprocess
    import sys
    import time

    import httpx
    home = tmp_path_factory.mktemp("prefect-home")
    url = f"http://127.0.0.1:{free_port()}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=url, PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5")
    log = home / "server.log"
    port = url.split(":")[2].split("/")[0]
    proc = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1",
                             "--port", port], env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        end = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                assert proc.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < end, "timed out waiting for the Prefect server"
            time.sleep(0.5)
        yield url, env, log
    finally:
        stop_group(proc)


@pytest.fixture(scope="session")
def prefect_harness(prefect_server):
    """This process's flows run against the session's Prefect server (what prefect_test_harness does with
    a server of its own, which cost a second server start)."""
    import inspect

    import prefect.context
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.utilities.asyncutils import run_coro_as_sync
    url, _, _ = prefect_server
    with temporary_settings(updates={PREFECT_API_URL: url}), \
            prefect.context._temporary_global_settings_context(prefect.context.get_settings_context()):
        yield

        async def drain() -> None:                   # logs and events reach the server before it stops
            try:
                done = APILogWorker.instance().drain()
                if inspect.isawaitable(done):
                    await done
            except RuntimeError:                     # the worker never started
                pass
            done = EventsWorker.drain_all()
            if inspect.isawaitable(done):
                await done
        run_coro_as_sync(drain())


@pytest.fixture
def newer_extractor(monkeypatch):
    """A newer extractor release: its version in this process, and extraction run here too (the path a
    Dask worker takes), since a version patched here would not reach the spawned bounded worker."""
    import extractors.pipeline as pipeline
    from extractors.readers import isolated
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "9.9.9")
    monkeypatch.setattr(isolated, "in_process", lambda: True)
    return "9.9.9"
