"""The service as an operator runs it: a real `prefect server start` (the session's, on a free port, with
its own PREFECT_HOME; tests/conftest.py), `srok serve` against it as a subprocess, the Prefect CLI."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import FIXTURES, free_port, stop_group
from test_digest import refusing_smtp

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow   # a real Prefect server and `srok serve`: minutes


def wait_for(what, timeout: float = 120, every: float = 0.5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = what()
        if got:
            return got
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {getattr(what, '__name__', what)}")


@pytest.fixture(scope="module")
def server(prefect_server):
    """The session's `prefect server start` (tests/conftest.py; tests/test_flows.py's flows ran on it too,
    so a run is looked up among the ones since this module's service started)."""
    return prefect_server


def api(url: str, path: str, body: dict | None = None):
    r = httpx.post(f"{url}{path}", json=body or {}, timeout=30)
    r.raise_for_status()
    return r.json()


SINCE: list[str] = []   # when the module's `srok serve` started (ISO, UTC)


def runs_named(url: str, name: str) -> list[dict]:
    return api(url, "/flow_runs/filter", {"flow_runs": {"name": {"any_": [name]},
                                                        "start_time": {"after_": SINCE[0]}}})


@pytest.fixture(scope="module")
def service(server, tmp_path_factory):
    """`srok serve` with an inbox holding a letter, the same letter again and a broken file."""
    url, env, _ = server
    root = tmp_path_factory.mktemp("service")
    (root / "inbox").mkdir()
    config = root / "srok.toml"
    config.write_text(f'inbox = "{root / "inbox"}"\ndb = "{root / "s.duckdb"}"\nsettle_seconds = 0.3\n'
                      f'digest_cron = "30 6 * * 1-5"\nsmtp_port = 1\n'
                      f'[[recipients]]\naddress = "tomsk@test.local"\nmunicipalities = ["Томский район"]\n',
                      encoding="utf-8")
    shutil.copy(FIXTURES / "003_d7222e60e6a354a6.docx", root / "inbox" / "Письмо № 54-2627.docx")
    SINCE[:] = [dt.datetime.now(dt.timezone.utc).isoformat()]
    proc = subprocess.Popen([str(BIN / "srok"), "serve", "--config", str(config)], env=env, cwd=root,
                            stdout=subprocess.DEVNULL, stderr=open(root / "serve.log", "wb"), start_new_session=True)
    try:
        wait_for(lambda: list((root / "archive").rglob("*.docx")), timeout=180)
        shutil.copy(FIXTURES / "003_d7222e60e6a354a6.docx", root / "inbox" / "copy.docx")
        (root / "inbox" / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
        wait_for(lambda: len(list((root / "archive").rglob("*.docx"))) == 2
                 and list((root / "quarantine").glob("broken.docx")), timeout=180)
        yield root, proc
    finally:
        stop_group(proc)


def test_the_scheduler_creates_the_digest_runs_and_the_cli_lists_the_deployment(server, service):
    url, env, log = server
    root, _ = service
    dep = wait_for(lambda: httpx.get(f"{url}/deployments/name/nightly-digest/nightly-digest", timeout=10).json()
                   if httpx.get(f"{url}/deployments/name/nightly-digest/nightly-digest", timeout=10).status_code == 200
                   else None)
    schedule = dep["schedules"][0]["schedule"]
    assert (schedule["cron"], schedule["timezone"]) == ("30 6 * * 1-5", "Europe/Moscow")
    assert dep["parameters"]["config"] == str(root / "srok.toml")
    assert "«30 6 * * 1-5» в часовом поясе Europe/Moscow" in dep["description"]   # the UI lists runs in the
    assert "поясе браузера" in dep["description"]                             # browser's zone: said so
    ingest = httpx.get(f"{url}/deployments/name/ingest-file/ingest-file", timeout=10).json()
    # the service's own settings (SROK_CONFIG in serve's environment), never a run's parameters: a file of
    # the inbox or the quarantine goes into the service's register, and a fixed one leaves the quarantine
    # for the archive (tests/test_flows.py runs the deployment's flow)
    assert set(ingest["parameter_openapi_schema"]["properties"]) == {"path"} and not ingest["parameters"]
    assert "переносится в архив" in ingest["description"]

    def scheduled():
        return api(url, "/flow_runs/filter", {"deployments": {"id": {"any_": [dep["id"]]}},
                                              "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}})
    runs = wait_for(scheduled, timeout=120, every=2)
    assert all(r["auto_scheduled"] and r["state"]["name"] == "Scheduled" for r in runs)
    assert "Can't evaluate bulk DML" not in log.read_text()
    listed = subprocess.run([str(BIN / "prefect"), "deployment", "ls"], env=dict(env, COLUMNS="250"),   # rich cuts
                            capture_output=True, text=True, timeout=120)                           # at COLUMNS
    assert listed.returncode == 0 and "nightly-digest/nightly-digest" in listed.stdout, listed.stderr[-2000:]
    assert "ingest-file/ingest-file" in listed.stdout


def test_ingest_outcomes_are_states_in_the_ui_with_srok_logs(server, service):
    url, _, _ = server
    root, _ = service
    [broken] = runs_named(url, "ingest broken.docx")
    assert broken["state"]["type"] == "FAILED" and broken["state"]["message"].startswith("в карантине: файл повреждён")
    note = (root / "quarantine" / "broken.docx.error.txt").read_text(encoding="utf-8")
    assert note.startswith("broken.docx: файл повреждён") and "подробности: corrupt zip container" in note
    [dup] = runs_named(url, "ingest copy.docx")
    assert (dup["state"]["type"], dup["state"]["name"]) == ("COMPLETED", "Duplicate")
    assert dup["state"]["message"] == "copy.docx: уже загружен: те же байты, что Письмо № 54-2627.docx"
    [loaded] = runs_named(url, "ingest Письмо № 54-2627.docx")
    assert loaded["state"]["name"] == "Loaded"
    wait_for(lambda: any(line["name"] == "srok.flows" and "broken.docx в карантине: файл повреждён" in line["message"]
                         for line in api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [broken["id"]]}}})))
    artifacts = api(url, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [broken["id"]]}}})
    assert any(a["type"] == "table" and "повреждён" in json.loads(a["data"])[0]["причина"] for a in artifacts)


def test_a_digest_run_from_the_deployment_names_its_day_and_its_recipients(server, service):
    url, env, _ = server
    root, _ = service
    with refusing_smtp() as (port, inbox):
        cfg = root / "srok.toml"
        cfg.write_text(cfg.read_text(encoding="utf-8").replace("smtp_port = 1", f"smtp_port = {port}"), encoding="utf-8")
        run = subprocess.run([str(BIN / "prefect"), "deployment", "run", "nightly-digest/nightly-digest",
                              "--param", "as_of=2020-06-10", "--watch"], env=env, capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    [digest] = runs_named(url, "digest 2020-06-10")
    assert digest["state"]["type"] == "COMPLETED" and digest["state"]["message"] == "отправлено 1, не отправлено 0"
    assert [m["To"] for m in inbox.messages] == ["tomsk@test.local"]
    wait_for(lambda: any("digest sent to tomsk@test.local: 2 obligations" in line["message"] for line in
                         api(url, "/logs/filter", {"logs": {"flow_run_id": {"any_": [digest["id"]]}}})), timeout=60)


def test_doctor_checks_each_part_on_its_own_line(server, service):
    url, env, _ = server
    root, _ = service
    with refusing_smtp() as (port, _):
        cfg = root / "srok.toml"
        text = cfg.read_text(encoding="utf-8")
        cfg.write_text("\n".join(f"smtp_port = {port}" if line.startswith("smtp_port") else line
                                 for line in text.splitlines()), encoding="utf-8")
        res = subprocess.run([str(BIN / "srok"), "doctor", "--config", str(cfg)], env=env, capture_output=True,
                             text=True, timeout=120)
    lines = res.stdout.splitlines()
    assert [line.split()[1] for line in lines] == ["настройки:", "tesseract:", "libreoffice:", "реестр:", "входящие:",
                                                   "архив:", "карантин:", "prefect:", "smtp:"]
    assert res.returncode == 0 and all(line.startswith("ok") for line in lines), res.stdout
    checked = dict(line.split(None, 1)[1].split(": ", 1) for line in lines)   # each line names what it checked
    assert checked["настройки"] == str(cfg) and checked["реестр"].startswith(f"{root / 's.duckdb'} (документов: ")
    assert checked["входящие"] == str(root / "inbox") and checked["карантин"] == str(root / "quarantine")
    assert checked["prefect"] == url and checked["smtp"] == f"127.0.0.1:{port} (none)"


def test_sigterm_stops_serve_cleanly_and_pauses_its_schedule(server, service):
    """Issue 26: SIGTERM printed "coroutine 'Runner.astop' was never awaited". Runs last of the tests that
    share the service."""
    url, _, _ = server
    root, proc = service
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=120) == 0
    log = (root / "serve.log").read_text(encoding="utf-8")
    assert "never awaited" not in log and "Traceback" not in log, log[-3000:]
    assert "остановлен; расписание приостановлено" in log
    dep = httpx.get(f"{url}/deployments/name/nightly-digest/nightly-digest", timeout=10).json()
    assert dep["paused"] is True


def test_serve_without_a_prefect_api_is_a_one_line_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    cfg = tmp_path / "srok.toml"
    cfg.write_text(f'inbox = "{tmp_path / "inbox"}"\n', encoding="utf-8")
    unset = subprocess.run([str(BIN / "srok"), "serve", "--config", str(cfg)], env=env, capture_output=True,
                           text=True, timeout=120)
    assert unset.returncode == 2 and unset.stderr.startswith("srok: настройки: PREFECT_API_URL не задан")
    down = subprocess.run([str(BIN / "srok"), "serve", "--config", str(cfg)], capture_output=True, text=True,
                          env=dict(env, PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api"), timeout=120)
    assert down.returncode == 2 and down.stderr.startswith("srok: настройки: Prefect API по адресу http://127.0.0.1:")
    assert len(unset.stderr.splitlines()) == len(down.stderr.splitlines()) == 1
    assert not (tmp_path / "inbox").exists()                              # nothing started


def test_files_are_still_loaded_while_the_prefect_server_is_away(tmp_path):
    """The watcher under `serve` when the server has gone: the file is loaded, not quarantined."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api", PREFECT_HOME=str(tmp_path / "home"))
    code = ("import sys; from pathlib import Path; from flows.prefect_flows import ingest_in_prefect; "
            "r = ingest_in_prefect(Path(sys.argv[1]), Path(sys.argv[2])); print(r.outcome, r.obligations)")
    res = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "000_f78c96f4c1c9048e.docx"),
                          str(tmp_path / "s.duckdb")], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.stdout.strip() == "loaded 5", res.stderr[-2000:]
    assert "000_f78c96f4c1c9048e.docx загружен без Prefect: Prefect API по адресу" in res.stderr
    assert "Traceback" not in res.stderr, res.stderr                       # one line, no traceback
