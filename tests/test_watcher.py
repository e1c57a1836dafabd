"""The inbox watcher as a real subprocess on a temporary inbox: good files, a duplicate, a
half-written file, lock and temporary files, a corrupt file, a burst, and kill -9 mid-burst."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from flows.watcher import Watcher, ignored
from warehouse.db import connect

SETTLE = 0.3


def letter(i: int) -> str:
    return (f"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № {1000 + i}\n\n"
            f"Образовательным учреждениям необходимо представить отчёт № {i} до 25.11.2020.\n")


def start(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "watch", "--inbox", str(root / "inbox"),
                             "--archive", str(root / "archive"), "--quarantine", str(root / "quarantine"),
                             "--db", str(root / "srok.duckdb"), "--settle", str(SETTLE), "--poll"],
                            stdout=subprocess.DEVNULL, stderr=open(root / "watch.log", "ab"), cwd=Path(__file__).parents[1])


def wait_until(cond, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the watcher")


def inbox_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "inbox").iterdir() if p.name != ".srok")


def archived(root: Path) -> list[Path]:
    return sorted(p for p in (root / "archive").rglob("*") if p.is_file())


def db_counts(root: Path) -> dict:
    with connect(root / "srok.duckdb", read_only=True) as con:
        return dict(con.execute("SELECT outcome, count(*) FROM ingest_log GROUP BY 1").fetchall()) | {
            "documents": con.execute("SELECT count(*) FROM documents").fetchone()[0],
            "obligations": con.execute("SELECT count(*) FROM obligations").fetchone()[0]}


@pytest.mark.parametrize("name, skip", [("~$письмо.docx", True), (".~lock.план.docx#", True), ("x.tmp", True),
                                        (".hidden.pdf", True), ("Письмо № 5 от 01.02.docx", False)])
def test_temporary_and_lock_files_are_ignored(name, skip):
    assert ignored(name) is skip


def test_a_file_still_being_written_waits(tmp_path):
    w = Watcher(tmp_path / "in", tmp_path / "ar", tmp_path / "q", tmp_path / "db.duckdb", settle_seconds=1.0)
    f = tmp_path / "in" / "growing.txt"
    f.write_text("начало")
    assert w.ready_files(now=100.0) == []
    f.write_text("начало и продолжение")
    os.utime(f, (time.time() + 5, time.time() + 5))
    assert w.ready_files(now=100.8) == []              # changed: the clock starts again
    assert w.ready_files(now=101.5) == []
    assert w.ready_files(now=101.9) == [f]             # unchanged for a second


def test_watcher_subprocess_end_to_end(tmp_path):
    root = tmp_path
    (root / "inbox").mkdir()
    shutil.copy(FIXTURES / "000_f78c96f4c1c9048e.docx", root / "inbox" / "Письмо № 1237 от 09.11.2020.docx")
    proc = start(root)
    try:
        wait_until(lambda: not inbox_files(root))                          # what was there at start-up
        shutil.copy(FIXTURES / "000_f78c96f4c1c9048e.docx", root / "inbox" / "копия.docx")   # a duplicate
        shutil.copy(FIXTURES / "003_d7222e60e6a354a6.pdf", root / "inbox" / "томск.pdf")
        (root / "inbox" / "сломанный.pdf").write_bytes(b"%PDF-1.4 broken")
        (root / "inbox" / "~$черновик.docx").write_bytes(b"lock")
        half = root / "inbox" / "половина.txt"
        with half.open("w", encoding="utf-8") as f:                       # written slowly, in pieces
            for part in letter(900).split(" "):
                f.write(part + " ")
                f.flush()
                time.sleep(0.05)
        wait_until(lambda: inbox_files(root) == ["~$черновик.docx"])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    names = sorted(p.name for p in archived(root))
    assert names == sorted(["Письмо № 1237 от 09.11.2020.docx", "копия.docx", "томск.pdf", "половина.txt"])
    assert (root / "quarantine" / "сломанный.pdf").exists()
    reason = (root / "quarantine" / "сломанный.pdf.error.txt").read_text(encoding="utf-8")
    assert "corrupt PDF" in reason
    c = db_counts(root)
    assert (c["documents"], c["loaded"], c["duplicate"], c["failed"]) == (3, 3, 1, 1)
    with connect(root / "srok.duckdb", read_only=True) as con:
        assert con.execute("SELECT text FROM obligations WHERE text LIKE '%отчёт № 900 %'").fetchone()


def test_burst_then_kill_9_and_restart_loses_nothing_and_loads_nothing_twice(tmp_path):
    root = tmp_path
    (root / "inbox").mkdir()
    proc = start(root)
    try:
        for i in range(200):                     # a burst: written elsewhere, renamed in (as a copy tool does)
            tmp = root / f"letter-{i}.txt"
            tmp.write_text(letter(i), encoding="utf-8")
            os.replace(tmp, root / "inbox" / f"письмо {i}.txt")
        wait_until(lambda: len(archived(root)) >= 40)
        proc.send_signal(signal.SIGKILL)         # mid-burst, possibly between a commit and its move
        proc.wait(timeout=30)
        assert 40 <= len(archived(root)) < 200
        proc = start(root)
        wait_until(lambda: not inbox_files(root), timeout=300)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert len(archived(root)) == 200
    assert not list((root / "quarantine").iterdir())
    c = db_counts(root)
    assert c["documents"] == 200 and c["obligations"] == 200
    assert c["loaded"] == 200 and c.get("duplicate", 0) <= 1     # at most the file caught between commit and move
