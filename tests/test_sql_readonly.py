"""`srok sql` and the analysts' read paths on a real register: one SELECT on the snapshot, no way to
write the register, touch files or load extensions; document text printed literally (no markup, no
terminal control)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import ingest_file
from warehouse.db import connect, snapshot_path

runner = CliRunner()
HOSTILE_TASK = "представить отчёт [/b] [bold]жирно и \x1b[31mкрасный\x1b]0;title\x07 текст"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("sql")
    letter = root / "письмо.txt"
    letter.write_text("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № 1001\n\n"
                      "Образовательным учреждениям необходимо представить сведения до 20.11.2020.\n\n"
                      f"Необходимо {HOSTILE_TASK} до 25.11.2020.\n", encoding="utf-8")   # carried: below 1.0, for review
    assert ingest_file(letter, root / "srok.duckdb").outcome == "loaded"
    return root / "srok.duckdb"


def sql(db, query: str, *more: str):
    return runner.invoke(app, ["sql", query, "--db", str(db), *more])


def test_a_select_runs(db):
    res = sql(db, "SELECT count(*) AS n FROM documents", "--format", "json")
    assert res.exit_code == 0 and '"n": 1' in res.stdout


@pytest.mark.parametrize("query, words", [
    ("ATTACH '{main}' AS w (READ_WRITE)", "not ATTACH"),
    ("ATTACH '{main}' AS w (READ_WRITE); INSERT INTO w.documents (doc_id) VALUES ('x')", "one SELECT statement at a time"),
    ("INSERT INTO documents (doc_id) VALUES ('x')", "not INSERT"),
    ("COPY (SELECT 'x') TO '{target}'", "not COPY"),
    ("INSTALL httpfs", "not LOAD"),
    ("LOAD httpfs", "not LOAD"),
    ("PRAGMA enable_profiling", "not PRAGMA"),
    ("SET enable_external_access = true", "not SET"),
    ("SELECT * FROM read_csv('/etc/passwd')", "files and extensions are out of reach"),
    ("SELECT * FROM read_text('/etc/passwd')", "files and extensions are out of reach"),
    ("SELECT * FROM read_blob('/etc/passwd')", "files and extensions are out of reach"),
    ("SELECT * FROM glob('/root/*')", "files and extensions are out of reach"),
    ("SELECT * FROM '{main}'", "files and extensions are out of reach"),
])
def test_every_escape_is_refused(db, tmp_path, query, words):
    target = tmp_path / "written.csv"
    before = db.read_bytes()
    res = sql(db, query.format(main=db, target=target))
    assert res.exit_code == 2, res.stdout
    assert res.stderr.startswith("srok: sql refused: ") and words in res.stderr, res.stderr
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert not target.exists() and db.read_bytes() == before
    with duckdb.connect(str(db), read_only=True) as con:   # the register is as it was
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_the_connection_itself_is_locked(db):
    """Even a caller that skips the statement check cannot widen the analyst connection."""
    with connect(db, read_only=True) as con:
        with pytest.raises(duckdb.Error, match="locked"):
            con.execute("SET enable_external_access = true")
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"ATTACH '{db}' AS w")
        assert con.execute("SELECT current_setting('enable_external_access')").fetchone() == (False,)


def test_analysts_read_the_snapshot_not_the_register(db):
    with connect(db, read_only=True) as con:
        (path,) = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    assert path == str(snapshot_path(db))


def test_an_sql_error_is_one_line(db):
    res = sql(db, "SELECT nope FROM documents")
    assert res.exit_code == 2 and res.stderr.startswith("srok: sql: Binder Error") and res.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [["sql", "SELECT text, file_name AS \"[/b]\" FROM obligations JOIN documents USING (doc_id)"],
                                  ["deadlines"], ["review", "--below", "1"]])
def test_markup_and_escape_sequences_in_task_texts_print_literally(db, args):
    res = runner.invoke(app, [*args, "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "[/b]" in res.stdout and "\\x1b[31m" in res.stdout


def test_extract_prints_markup_literally(tmp_path):
    f = tmp_path / "[bold]письмо.txt"
    f.write_text(f"ОТДЕЛ ОБРАЗОВАНИЯ\n\nот 10.11.2020 № 7\n\nШколам необходимо {HOSTILE_TASK} до 25.11.2020.\n",
                 encoding="utf-8")
    for command in ("extract", "parse"):
        res = runner.invoke(app, [command, str(f)])
        assert res.exit_code == 0, res.output
        assert "[/b]" in res.stdout and "[bold]письмо.txt" in res.stdout and "\x1b" not in res.stdout


LONG_QUERY = "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b"   # 10^12 rows, little memory


def srok_sql(db, query: str, **env) -> subprocess.Popen:
    """`srok sql` as its own process, as a person runs it, with settings given in the environment."""
    return subprocess.Popen([str(Path(sys.executable).parent / "srok"), "sql", query, "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **{f"SROK_{k.upper()}": str(v) for k, v in env.items()}})


def stderr_of(proc: subprocess.Popen, timeout: float = 120) -> str:
    """What the process wrote to stderr once it ended; killed if it does not end (a test that failed)."""
    try:
        return proc.communicate(timeout=timeout)[1]
    finally:
        proc.kill()
        proc.wait()


def test_a_query_past_the_time_limit_is_stopped_with_a_message(db):
    proc = srok_sql(db, LONG_QUERY, sql_timeout=1)
    err = stderr_of(proc)   # without the limit it runs for an hour
    assert proc.returncode == 2 and err == "srok: sql: запрос остановлен: он шёл дольше 1 с (предел sql_timeout в srok.toml)\n"


def test_a_query_past_the_memory_limit_is_stopped_with_a_message(db):
    proc = srok_sql(db, "SELECT list(range) FROM range(100000000)", sql_memory_mib=64)
    err = stderr_of(proc)
    assert proc.returncode == 2 and err == "srok: sql: запросу не хватило памяти: предел 64 МиБ (sql_memory_mib в srok.toml)\n"


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime + stime


def open_files(pid: int) -> set[str]:
    """The paths the process holds open; a descriptor closed while they are listed is skipped (it races)."""
    paths = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            paths.add(os.readlink(fd))
        except FileNotFoundError:
            continue
    return paths


def wait_until(what, timeout: float = 60):
    end = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < end, f"timed out waiting for {what.__name__}"
        time.sleep(0.1)


def test_ctrl_c_stops_a_running_query_with_a_message_and_no_traceback(db):
    proc = srok_sql(db, LONG_QUERY, sql_timeout=3600)
    snapshot = str(snapshot_path(db))

    def register_open():
        return snapshot in open_files(proc.pid)

    try:
        wait_until(register_open)
        opened = cpu_ticks(proc.pid)

        def query_running():   # a second of CPU since the register was opened: the join is being computed
            return cpu_ticks(proc.pid) - opened > os.sysconf("SC_CLK_TCK")
        wait_until(query_running)
        proc.send_signal(signal.SIGINT)
    finally:
        err = stderr_of(proc, timeout=60)
    assert proc.returncode == 130 and err == "srok: sql: запрос прерван (Ctrl-C)\n"
