"""Several warm workers read side by side while the caller loads (issue 15): results come back in
the order the files were given, a document that overruns its time limit or kills its worker costs
that document alone, and files of one name from two folders are not mixed up."""
from __future__ import annotations

import os
import signal
import time

import pytest

from conftest import FIXTURES
from extractors.readers import ReadError, isolated
from extractors.readers.limits import LIMITS
from flows.ingest import ingest_files
from warehouse.db import batch, connect


def test_jobs_come_back_in_order_and_a_late_one_is_stopped_alone():
    jobs = [("quick", (0.2,)), ("stuck", (60,)), ("after", (0.2,)), ("last", (0.1,))]
    t0 = time.monotonic()
    got = list(isolated._run(time.sleep, jobs, readers=2, timeout_s=3))
    assert [k for k, _ in got] == ["quick", "stuck", "after", "last"]
    assert got[0][1] is None and got[2][1] is None and got[3][1] is None
    assert isinstance(got[1][1], ReadError) and "took longer than 3 s" in str(got[1][1])
    assert time.monotonic() - t0 < 30                       # the stuck one was killed, not waited for


def test_a_worker_that_dies_costs_its_document_only():
    """SIGKILL kills the worker that raises it; SIGCONT is harmless."""
    got = list(isolated._run(signal.raise_signal, [("dies", (signal.SIGKILL,)), ("lives", (signal.SIGCONT,))],
                             readers=1))
    assert [k for k, _ in got] == ["dies", "lives"]
    assert isinstance(got[0][1], ReadError) and "reader process died" in str(got[0][1])
    assert got[1][1] is None                                  # read by a fresh worker
    doc, ex = isolated.read_and_extract_bounded(FIXTURES / "000_f78c96f4c1c9048e.docx")
    assert ex.obligations


@pytest.mark.skipif(LIMITS.readers < 2, reason="one reader process on this machine (SROK_READERS or one core)")
def test_two_workers_really_run_side_by_side():
    pids = [pid for _, pid in isolated._run(os.getpid, [(i, ()) for i in range(6)], readers=2)]
    assert len(set(pids)) == 2 and os.getpid() not in pids


def test_files_of_one_name_in_two_folders_are_both_loaded(tmp_path):
    for folder, number in (("a", 41), ("b", 42)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "письмо.txt").write_text(
            f"ОТДЕЛ ОБРАЗОВАНИЯ\n\nот 10.11.2020 № {number}\n\n"
            f"Образовательным учреждениям необходимо представить отчёт № {number} до 25.11.2020.\n", encoding="utf-8")
    (tmp_path / "b" / "пусто.txt").write_bytes(b"")
    files = [tmp_path / "a" / "письмо.txt", tmp_path / "b" / "пусто.txt", tmp_path / "b" / "письмо.txt"]
    db = tmp_path / "s.duckdb"
    with batch(db):
        got = list(ingest_files(files, db, readers=2))
    assert [p for p, _ in got] == files
    assert [r.outcome for _, r in got] == ["loaded", "failed", "loaded"]
    with connect(db) as con:
        assert sorted(n for (n,) in con.execute("SELECT reg_number FROM documents").fetchall()) == ["41", "42"]


@pytest.mark.parametrize("readers", [1, 2])
def test_the_same_rows_whatever_the_number_of_workers(tmp_path, readers):
    files = sorted(FIXTURES.glob("*.docx"))
    db = tmp_path / f"{readers}.duckdb"
    with batch(db):
        outcomes = [r.outcome for _, r in ingest_files(files, db, readers=readers)]
    assert outcomes == ["loaded"] * len(files)
    with connect(db) as con:
        rows = con.execute("SELECT file_name, count(*) FROM documents JOIN obligations USING (doc_id) "
                           "GROUP BY 1 ORDER BY 1").fetchall()
    assert len(rows) == len(files) and all(n > 0 for _, n in rows)


def test_a_file_refused_at_staging_comes_out_in_its_place(tmp_path):
    """Staging runs ahead of the results (a link is refused before the file before it is loaded): the
    refusal still comes out between the files around it, as `srok ingest` prints them."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["1.docx", "2.docx", "3.docx", "4.docx"]
    (folder / names[0]).write_bytes((FIXTURES / "000_f78c96f4c1c9048e.docx").read_bytes())
    (folder / names[1]).symlink_to(FIXTURES / "001_5eb3587b8a7ef8fb.docx")
    (folder / names[2]).write_bytes((FIXTURES / "003_d7222e60e6a354a6.docx").read_bytes())
    (folder / names[3]).symlink_to(FIXTURES / "004_7f11e5ae3cc0a8e0.docx")
    db = tmp_path / "s.duckdb"
    with batch(db):
        got = list(ingest_files([folder / n for n in names], db, readers=2))
    assert [p.name for p, _ in got] == names
    assert [r.outcome for _, r in got] == ["loaded", "failed", "loaded", "failed"]
    assert "ссылка" in got[1][1].reason and "link" in got[1][1].detail


def _parent_pid() -> int:
    return os.getppid()


@pytest.mark.skipif(LIMITS.readers < 2, reason="one reader process on this machine (SROK_READERS or one core)")
def test_workers_are_forked_warm_from_one_fork_server_and_see_the_caller_s_environment(monkeypatch):
    """Workers come from one fork server, not from the caller (which paid ~2 CPU s of imports and models
    per worker it spawned): a worker replacing one killed for its time limit is forked from the same
    server, and sees the caller's environment as it is when it starts."""
    parents = {pid for _, pid in isolated._run(_parent_pid, [(i, ()) for i in range(4)], readers=2)}
    assert len(parents) == 1 and os.getpid() not in parents          # the fork server, once
    first = isolated._workers[0].pid()
    assert list(isolated._run(time.sleep, [("stuck", (60,))], readers=1, timeout_s=0.5))[0][1] is not None
    monkeypatch.setenv("SROK_TEST_FORKED", "seen")
    ((_, value),) = isolated._run(os.getenv, [("env", ("SROK_TEST_FORKED",))], readers=1)
    assert value == "seen" and isolated._workers[0].pid() != first   # a new worker, the caller's variable
    assert list(isolated._run(_parent_pid, [(0, ())], readers=1))[0][1] in parents


def test_a_pile_of_documents_warms_the_parser_up_once_a_single_one_does_not(tmp_path):
    from flows.launch import many
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.docx").write_bytes(b"")
    (tmp_path / "one" / "notes.md").write_bytes(b"")
    (tmp_path / "two" / "sub").mkdir(parents=True)
    (tmp_path / "two" / "a.pdf").write_bytes(b"")
    (tmp_path / "two" / "sub" / "b.DOCX").write_bytes(b"")
    db = tmp_path / "srok.duckdb"
    db.write_bytes(b"")
    assert not many([str(tmp_path / "one"), "--db", str(db)])
    assert not many([str(tmp_path / "one" / "a.docx"), "--db", str(db)])
    assert many([str(tmp_path / "two")])
    assert many([str(tmp_path / "one" / "a.docx"), str(tmp_path / "two" / "a.pdf")])


def test_a_caller_killed_takes_its_fork_server_and_workers_with_it(tmp_path):
    """kill -9 of a process reading with two workers: the fork server exits with it, the workers follow."""
    import subprocess
    import sys

    from extractors.readers.processes import descendants, running
    script = ("import sys, time\n"
              "from extractors.readers import isolated\n"
              "if __name__ == '__main__':\n"
              "    got = list(isolated._run(time.sleep, [(i, (0.1,)) for i in range(4)], readers=2))\n"
              "    print('ready', flush=True)\n"
              "    time.sleep(600)\n")
    (tmp_path / "reader.py").write_text(script)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(FIXTURES.parent), *sys.path])}
    proc = subprocess.Popen([sys.executable, str(tmp_path / "reader.py")], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout.readline().strip() == "ready"
        tree = descendants(proc.pid)
        assert len(tree) >= 3                                         # the fork server and two workers (and a tracker)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while running(tree) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(tree)
