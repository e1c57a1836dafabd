"""The inbox watcher as a real subprocess on a temporary inbox: good files, a duplicate, a
half-written file, lock and temporary files, a corrupt file, a burst, and kill -9 mid-burst; then
what used to stop it (issue 14): links and folders, undecodable and overlong names, a writer that
pauses, a busy database, an archive it cannot write, a full disk, a second watcher, orphans."""
from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from extractors.readers.processes import descendants, running
from flows.safe_names import bounded_name, shown_name
from flows.watcher import Watcher, ignored
from warehouse.db import connect

SETTLE = 0.3


def letter(i: int) -> str:
    return (f"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № {1000 + i}\n\n"
            f"Образовательным учреждениям необходимо представить отчёт № {i} до 25.11.2020.\n")


def start(root: Path, env: dict | None = None, db: Path | None = None, readers: int | None = 1) -> subprocess.Popen:
    """The watcher as its own process. One reader worker unless ``readers`` says otherwise (None: the
    configured default, one per core): each worker loads the models when the watcher starts, and only the
    tests whose point is files read side by side need a second (the end-to-end run, the burst killed
    mid-way and the names staged apart keep theirs; so does the full disk under the database, run once with
    one reader when a failed commit's rollback hid the full disk — warehouse.transaction now lets the
    commit's own error through)."""
    env = {**({"SROK_READERS": str(readers)} if readers else {}), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "watch", "--inbox", str(root / "inbox"),
                             "--archive", str(root / "archive"), "--quarantine", str(root / "quarantine"),
                             "--db", str(db or root / "srok.duckdb"), "--settle", str(SETTLE), "--poll"],
                            stdout=subprocess.DEVNULL, stderr=open(root / "watch.log", "ab"), cwd=Path(__file__).parents[1],
                            env={**os.environ, **(env or {})})


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


@pytest.mark.slow
def test_watcher_subprocess_end_to_end(tmp_path):
    root = tmp_path
    (root / "inbox").mkdir()
    shutil.copy(FIXTURES / "000_f78c96f4c1c9048e.docx", root / "inbox" / "Письмо № 1237 от 09.11.2020.docx")
    proc = start(root, readers=None)
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
    assert "PDF повреждён" in reason and "подробности: corrupt PDF" in reason
    c = db_counts(root)
    assert (c["documents"], c["loaded"], c["duplicate"], c["failed"]) == (3, 3, 1, 1)
    with connect(root / "srok.duckdb", read_only=True) as con:
        assert con.execute("SELECT text FROM obligations WHERE text LIKE '%отчёт № 900 %'").fetchone()


@pytest.mark.slow
def test_burst_then_kill_9_and_restart_loses_nothing_and_loads_nothing_twice(tmp_path):
    root = tmp_path
    (root / "inbox").mkdir()
    proc = start(root, readers=None)
    try:
        for i in range(200):                     # a burst: written elsewhere, renamed in (as a copy tool does)
            tmp = root / f"letter-{i}.txt"
            tmp.write_text(letter(i), encoding="utf-8")
            os.replace(tmp, root / "inbox" / f"письмо {i}.txt")
        wait_until(lambda: len(archived(root)) >= 40)
        proc.send_signal(signal.SIGKILL)         # mid-burst, possibly between a commit and its move
        proc.wait(timeout=30)
        assert 40 <= len(archived(root)) < 200
        proc = start(root, readers=None)
        wait_until(lambda: not inbox_files(root), timeout=300)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert len(archived(root)) == 200
    assert not list((root / "quarantine").iterdir())
    c = db_counts(root)
    assert c["documents"] == 200 and c["obligations"] == 200
    assert c["loaded"] == 200 and c.get("duplicate", 0) <= 1     # at most the file caught between commit and move


# --- issue 14: nothing a file, a name or the surroundings do stops the watcher ---------------------

def log_of(root: Path) -> str:
    return (root / "watch.log").read_text(encoding="utf-8", errors="replace")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def drop(root: Path, name: str | bytes, text: str) -> Path:
    """Written beside the inbox, renamed in whole (as a copy tool does)."""
    tmp = root / "drop.tmp"
    tmp.write_text(text, encoding="utf-8")
    target = os.path.join(os.fsencode(root / "inbox"), name if isinstance(name, bytes) else os.fsencode(name))
    os.replace(tmp, target)
    return Path(os.fsdecode(target))


def loaded_files(root: Path) -> list[tuple[str, str]]:
    with connect(root / "srok.duckdb", read_only=True) as con:
        return con.execute("SELECT file, outcome FROM ingest_log ORDER BY attempted_at").fetchall()


def quarantined(root: Path) -> dict[str, str]:
    return {p.name[:-len(".error.txt")]: p.read_text(encoding="utf-8")
            for p in (root / "quarantine").glob("*.error.txt")}


LONG = "Поручение" * 20                                              # Cyrillic only: 2 bytes a letter


def test_links_folders_and_hostile_names_never_stop_the_queue(tmp_path):
    root = tmp_path
    (root / "inbox").mkdir()
    outside = root / "outside.txt"
    outside.write_text(letter(77).replace("отчёт", "секретный отчёт"), encoding="utf-8")
    long_name = LONG[:123] + ".txt"                              # 123 Cyrillic letters: 250 bytes
    assert len(long_name.encode()) >= 247
    proc = start(root)
    try:
        os.symlink(outside, root / "inbox" / "ссылка.txt")            # a link to a file outside the inbox
        (root / "inbox" / "папка").mkdir()
        (root / "inbox" / "папка" / "вложенное.txt").write_text(letter(78), encoding="utf-8")
        drop(root, b"\xff\xfe \xd0 bad utf8.txt", letter(1))          # not UTF-8 at all
        drop(root, long_name, letter(2))
        drop(root, "сломанный " + LONG[:115] + ".pdf", "%PDF-1.4 broken")  # quarantined beside its .error.txt
        drop(root, "escape \x1b[31m name.txt", letter(3))
        wait_until(lambda: not inbox_files(root))
        with (root / "inbox" / "пишется.txt").open("w", encoding="utf-8") as f:   # a writer that pauses
            f.write(letter(4)[:60])                                   # longer than settle_seconds mid-copy
            f.flush()
            wait_until(lambda: "пишется.txt: still open for writing" in log_of(root))
            f.write(letter(4)[60:])
        wait_until(lambda: not inbox_files(root))
        drop(root, long_name, letter(2))                              # the same long name again
        drop(root, "последний.txt", letter(5))                        # the queue goes on
        wait_until(lambda: not inbox_files(root))
        assert proc.poll() is None                                    # still running
    finally:
        stop(proc)
    q = quarantined(root)
    assert "это ссылка, а не файл" in q["ссылка.txt"] and "это папка, а не файл" in q["папка"]
    assert (root / "quarantine" / "ссылка.txt").is_symlink() and (root / "quarantine" / "папка" / "вложенное.txt").exists()
    broken = next(k for k in q if k.startswith("сломанный"))
    assert "PDF повреждён" in q[broken] and all(len(p.name.encode()) <= 255 for p in (root / "quarantine").iterdir())
    names = sorted(p.name for p in archived(root))
    long_ones = [n for n in names if n.startswith("Поручение")]
    assert sorted(set(names) - set(long_ones)) == sorted([r"\xff\xfe \xd0 bad utf8.txt", r"escape \x1b[31m name.txt",
                                                          "пишется.txt", "последний.txt"])
    first, second = sorted(long_ones, key=len)                        # cut to leave room for " (2)"
    assert second == first[:-4] + " (2).txt" and long_name.startswith(first[:-4])
    assert all(len(n.encode()) <= 255 for n in names)
    log = loaded_files(root)
    assert (r"\xff\xfe \xd0 bad utf8.txt", "loaded") in log and (long_name, "duplicate") in log
    assert ("пишется.txt", "loaded") in log and ("пишется.txt", "failed") not in log
    with connect(root / "srok.duckdb", read_only=True) as con:
        texts = [t for (t,) in con.execute("SELECT text FROM obligations").fetchall()]
    assert not any("секретный" in t for t in texts)                  # nothing read through the link
    assert any("отчёт № 4 до 25.11.2020" in t for t in texts)          # the paused file, whole
    assert "Traceback" not in log_of(root)


def test_names_shown_alike_are_staged_apart_and_each_document_loaded(tmp_path):
    """Issue 25: staging named the copy by the shown name, so a cp1251 name from a Windows share and a
    name written as its escapes, or two long names cut to one 255-byte prefix, shared one staged
    file: the second overwrote the first mid-read, and one document was lost."""
    root = tmp_path
    (root / "inbox").mkdir()
    cp1251 = "Письмо".encode("cp1251")
    alike = [cp1251 + b".txt", (r"\x" + r"\x".join(f"{b:x}" for b in cp1251) + ".txt").encode(),
             cp1251 * 40 + b" 1.txt", cp1251 * 40 + b" 2.txt"]     # the last two: 966 bytes shown, cut to 255
    assert len({shown_name(os.fsdecode(n)) for n in alike[:2]}) == 1
    assert len({bounded_name(os.fsdecode(n), reserve=0) for n in alike[2:]}) == 1
    for i, name in enumerate(alike):                       # all at once: staged while the others are read
        drop(root, name, letter(40 + i))
    proc = start(root, env={"SROK_READERS": "2"})
    try:
        wait_until(lambda: not inbox_files(root))
    finally:
        stop(proc)
    with connect(root / "srok.duckdb", read_only=True) as con:
        numbers = sorted(n for (n,) in con.execute("SELECT reg_number FROM documents").fetchall())
        outcomes = [o for (o,) in con.execute("SELECT outcome FROM ingest_log").fetchall()]
    assert numbers == ["1040", "1041", "1042", "1043"] and outcomes == ["loaded"] * 4
    assert len(archived(root)) == 4 and not list((root / "inbox" / ".srok" / "staging").iterdir())


@pytest.mark.slow
def test_a_busy_database_keeps_the_file_waiting_never_quarantined(tmp_path):
    """An analyst session holding the main file: the writer cannot lock it; the file waits and is
    loaded once the session ends (it went to quarantine as 'internal error: IOException')."""
    import duckdb
    root = tmp_path
    (root / "inbox").mkdir()
    proc = start(root, env={"SROK_DB_LOCK_WAIT": "0.5"})
    try:
        drop(root, "первое.txt", letter(10))
        wait_until(lambda: len(archived(root)) == 1)
        analyst = None

        def analyst_in() -> bool:   # once the watcher let the file go after its burst
            nonlocal analyst
            try:
                analyst = duckdb.connect(str(root / "srok.duckdb"), read_only=True)   # holds the main file
            except duckdb.IOException:
                return False
            return True
        wait_until(analyst_in)
        try:
            drop(root, "второе.txt", letter(11))
            wait_until(lambda: "второе.txt: not loaded yet" in log_of(root))
            assert inbox_files(root) == ["второе.txt"] and not list((root / "quarantine").iterdir())
        finally:
            analyst.close()
        wait_until(lambda: not inbox_files(root), timeout=90)
    finally:
        stop(proc)
    assert ("второе.txt", "loaded") in loaded_files(root) and not list((root / "quarantine").iterdir())
    assert "stays in the inbox, next try in" in log_of(root)


def test_an_archive_it_cannot_write_is_retried_after_commit(tmp_path):
    root = tmp_path
    (root / "inbox").mkdir()
    today = dt.date.today()
    blocker = root / "archive" / f"{today:%Y}"
    blocker.parent.mkdir()
    blocker.write_text("a file where the year's folder should be")     # mkdir and move fail (even for root)
    proc = start(root)
    try:
        drop(root, "письмо.txt", letter(20))
        wait_until(lambda: "moving it to" in log_of(root))
        assert inbox_files(root) == ["письмо.txt"] and proc.poll() is None
        blocker.unlink()                                               # the operator fixes the folder
        wait_until(lambda: not inbox_files(root), timeout=90)
    finally:
        stop(proc)
    assert [p.name for p in archived(root)] == ["письмо.txt"]
    assert loaded_files(root) == [("письмо.txt", "loaded")]            # committed once, moved later


def test_a_full_disk_under_the_archive_is_retried(tmp_path):
    root = tmp_path
    (root / "inbox").mkdir()
    today = dt.date.today()
    month = root / "archive" / f"{today:%Y}" / f"{today:%m}"
    month.mkdir(parents=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(month)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        proc = start(root)
        try:
            big = root / "inbox" / "большое.txt"
            tmp = root / "big.tmp"
            tmp.write_text(letter(30) + "\n" * 200_000, encoding="utf-8")
            os.replace(tmp, big)                                       # ~200 KB: does not fit in 64 KB
            wait_until(lambda: "No space left on device" in log_of(root))
            assert inbox_files(root) == ["большое.txt"] and not list(month.iterdir())   # no partial copy
        finally:
            subprocess.run(["umount", "-l", str(month)], check=True)   # space again
        wait_until(lambda: not inbox_files(root), timeout=90)
    finally:
        stop(proc)
    assert loaded_files(root) == [("большое.txt", "loaded")] and (month / "большое.txt").exists()


def fill(folder: Path) -> Path:
    """Writes a file into ``folder`` until its file system has no room left."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as f:     # unbuffered: closing has nothing left to write
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError as e:
            assert e.errno == errno.ENOSPC
    return filler


def test_a_full_disk_under_the_database_is_a_wait_and_the_files_load_when_space_returns(tmp_path):
    """Issue 25: "No space left on device" from DuckDB's commit sent good files to quarantine after
    three tries, and writing their failure hit the full disk again, 25,587 log lines ending in a
    RecursionError. Now the files wait in the inbox, one log line a backoff step, and load later."""
    root = tmp_path
    (root / "inbox").mkdir()
    data = root / "data"
    data.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(data)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    db = data / "srok.duckdb"
    try:
        proc = start(root, db=db, readers=None)
        try:
            drop(root, "первое.txt", letter(60))
            wait_until(lambda: len(archived(root)) == 1)
            filler = fill(data)
            for i in (61, 62, 63):
                drop(root, f"письмо {i}.txt", letter(i))
            wait_until(lambda: log_of(root).count("нет места на диске") >= 2)   # two steps of the backoff
            assert inbox_files(root) == ["письмо 61.txt", "письмо 62.txt", "письмо 63.txt"]
            assert not list((root / "quarantine").iterdir())
            filler.unlink()                                                     # space again
            wait_until(lambda: not inbox_files(root), timeout=120)
        finally:
            stop(proc)
        with connect(db, read_only=True) as con:
            log = con.execute("SELECT file, outcome FROM ingest_log ORDER BY id").fetchall()
    finally:
        subprocess.run(["umount", "-l", str(data)], check=True)
    assert sorted(log) == [("первое.txt", "loaded")] + [(f"письмо {i}.txt", "loaded") for i in (61, 62, 63)]
    assert not list((root / "quarantine").iterdir()) and len(archived(root)) == 4
    text = log_of(root)
    assert "Traceback" not in text and "RecursionError" not in text
    assert text.count("нет места на диске") <= 8 and len(text.splitlines()) < 100   # a line a step, not a flood


def rtf_letter(i: int) -> str:
    body = letter(i).replace("\n", "\\par ")
    return "{\\rtf1\\ansi\\deff0 " + "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in body) + "}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_second_watcher_waits_and_a_kill_leaves_no_orphans_or_temp_files(tmp_path):
    """kill -9 of the watcher during a LibreOffice conversion: the reader worker and soffice go with
    it; the second watcher on the inbox takes over, cleans the leftovers and loads the file."""
    root = tmp_path
    (root / "inbox" / ".srok" / "staging").mkdir(parents=True)
    (root / "inbox" / ".srok" / "staging" / "копия от убитого.docx").write_bytes(b"left over")
    (root / ".srok.read.duckdb.999999999.tmp").write_bytes(b"half a snapshot")
    first = start(root)
    try:
        wait_until(lambda: "watching" in log_of(root))
        second = start(root)
        try:
            wait_until(lambda: "another srok watcher is working on" in log_of(root))
            assert not (root / ".srok.read.duckdb.999999999.tmp").exists()
            assert not list((root / "inbox" / ".srok" / "staging").iterdir())
            (root / "inbox" / "старое.rtf").write_text(rtf_letter(40), encoding="ascii")
            soffice: set[int] = set()

            def command(pid: int) -> str:
                try:
                    return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
                except FileNotFoundError:       # a process of the tree that ended meanwhile
                    return ""

            def converting() -> bool:
                soffice.update(p for p in descendants(first.pid) if "soffice" in command(p))
                return bool(soffice)
            wait_until(converting, timeout=60)
            tree = descendants(first.pid)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
            wait_until(lambda: not running(tree), timeout=30)             # worker and soffice are gone
            wait_until(lambda: not inbox_files(root), timeout=120)    # the second watcher took over
        finally:
            stop(second)
    finally:
        stop(first)
    assert loaded_files(root) == [("старое.rtf", "loaded")]
    assert not list((root / "inbox" / ".srok" / "staging").iterdir())


def test_a_file_replaced_or_removed_after_reading_keeps_hash_and_content_together(tmp_path):
    """The bytes read are the bytes hashed: a file renamed over (or removed) between reading and
    moving keeps its loaded version in the archive, and the new file is read as what it is."""
    from flows.ingest import ingest_copy, one_by_one
    db = tmp_path / "s.duckdb"
    inbox = tmp_path / "in"
    actions = {"заменённый.txt": lambda p: (tmp_path / "new.txt").replace(p), "удалённый.txt": lambda p: p.unlink()}

    def racing_ingest(copy, db_):
        result = ingest_copy(copy, db_)
        actions.pop(copy.name, lambda p: None)(inbox / copy.name)    # the writer strikes after the read
        return result

    w = Watcher(inbox, tmp_path / "ar", tmp_path / "q", db, settle_seconds=0, ingest=one_by_one(racing_ingest))
    (inbox / "заменённый.txt").write_text(letter(50), encoding="utf-8")
    (inbox / "удалённый.txt").write_text(letter(51), encoding="utf-8")
    (tmp_path / "new.txt").write_text(letter(52), encoding="utf-8")
    w.ready_files()
    assert [r.outcome for r in w.process_ready()] == ["loaded", "loaded"]
    w.ready_files()
    assert [r.outcome for r in w.process_ready()] == ["loaded"]     # the replacement, read afresh
    assert not [p for p in inbox.iterdir() if p.name != ".srok"]
    with connect(db, read_only=True) as con:
        rows = con.execute("SELECT d.doc_id, o.text FROM documents d JOIN obligations o USING (doc_id)").fetchall()
    import hashlib
    archived_files = {p.read_bytes() for p in (tmp_path / "ar").rglob("*.txt")}
    assert {hashlib.sha256(b).hexdigest() for b in archived_files} == {doc_id for doc_id, _ in rows}
    assert sorted(t.split("№ ")[1][:2] for _, t in rows) == ["50", "51", "52"]


def test_a_writer_holding_the_file_open_makes_it_wait(tmp_path):
    from flows.staging import Unstable, stage
    f = tmp_path / "пишется.txt"
    f.write_text("начало", encoding="utf-8")
    staging = tmp_path / "staging"
    staging.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", f"import time; f = open({str(f)!r}, 'a'); time.sleep(30)"])
    try:
        wait_until(lambda: len(descendants(os.getpid())) and Path(f"/proc/{writer.pid}/fd").exists()
                   and any(os.path.realpath(p) == str(f) for p in Path(f"/proc/{writer.pid}/fd").iterdir()), timeout=10)
        with pytest.raises(Unstable, match="still open for writing"):
            stage(f, staging)
    finally:
        writer.kill()
        writer.wait()
    assert stage(f, staging).copy.read_text(encoding="utf-8") == "начало"


def test_srok_ingest_reports_hostile_names_and_goes_on(tmp_path):
    folder = tmp_path / "папка"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(letter(60), encoding="utf-8")
    os.symlink(tmp_path / "outside.txt", folder / "ссылка.txt")
    os.mkfifo(folder / "канал.txt")
    (Path(os.fsdecode(os.path.join(os.fsencode(folder), b"\xff\xfe bad.txt")))).write_text(letter(61), encoding="utf-8")
    (folder / (LONG[:123] + ".txt")).write_text(letter(62), encoding="utf-8")
    (folder / "обычное.txt").write_text(letter(63), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(tmp_path / "i.duckdb")],
                         capture_output=True, cwd=Path(__file__).parents[1], timeout=300)
    out, err = res.stdout.decode(), res.stderr.decode()
    assert res.returncode == 1 and out.splitlines()[-1] == "5 файлов: 3 загружено, 0 дубликатов, 2 не прочитано", (out, err)
    assert "ссылка.txt: это ссылка, а не файл" in err and "канал.txt: это не обычный файл" in err
    assert "Traceback" not in err and len([ln for ln in err.splitlines() if ln.strip()]) == 2


def test_a_poison_file_goes_to_quarantine_after_three_tries_and_the_queue_goes_on(tmp_path):
    """A file that makes ingestion fail with an unexpected error (a bug it triggers) is retried with
    backoff, then quarantined with the error; the files after it are loaded meanwhile."""
    from flows.ingest import ingest_copy, one_by_one
    tries = []

    def buggy_for_one(copy, db):
        if copy.name == "ядовитый.txt":
            tries.append(copy.name)
            raise ValueError("a bug this file triggers")
        return ingest_copy(copy, db)

    w = Watcher(tmp_path / "in", tmp_path / "ar", tmp_path / "q", tmp_path / "s.duckdb", settle_seconds=0,
                ingest=one_by_one(buggy_for_one))
    (tmp_path / "in" / "ядовитый.txt").write_text(letter(70), encoding="utf-8")
    (tmp_path / "in" / "хороший.txt").write_text(letter(71), encoding="utf-8")
    later = time.monotonic()
    outcomes = []
    for _ in range(3):
        later += 100                                   # past every backoff, without sleeping
        outcomes += [(r.file, r.outcome) for r in w.process_ready(now=later)]
    assert tries == ["ядовитый.txt"] * 3
    assert outcomes == [("хороший.txt", "loaded"), ("ядовитый.txt", "failed")]
    note = (tmp_path / "q" / "ядовитый.txt.error.txt").read_text(encoding="utf-8")
    assert note == ("ядовитый.txt: внутренняя ошибка srok на этом файле (подробности в журнале)\n"
                    "подробности: internal error: ValueError: a bug this file triggers\n")
    assert not [p for p in (tmp_path / "in").iterdir() if p.name != ".srok"]


def test_srok_ingest_with_the_database_busy_reports_each_file_and_goes_on(tmp_path):
    import duckdb
    db = tmp_path / "b.duckdb"
    first = tmp_path / "первое.txt"
    first.write_text(letter(80), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(first), "--db", str(db)], check=True,
                   capture_output=True, cwd=Path(__file__).parents[1], timeout=300)
    folder = tmp_path / "новые"
    folder.mkdir()
    for i in (81, 82):
        (folder / f"письмо {i}.txt").write_text(letter(i), encoding="utf-8")
    with duckdb.connect(str(db), read_only=True):                       # an analyst on the main file
        res = subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(folder), "--db", str(db)],
                             capture_output=True, text=True, cwd=Path(__file__).parents[1], timeout=300,
                             env={**os.environ, "SROK_DB_LOCK_WAIT": "0.3"})
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.returncode == 1 and res.stdout.splitlines()[-1] == "2 файла: 0 загружено, 0 дубликатов, 2 не прочитано"
    assert len(lines) == 2 and all("не загружен" in ln and "реестр занят" in ln for ln in lines), res.stderr


def test_a_file_removed_before_reading_is_not_blamed_on_the_file(tmp_path):
    from flows.staging import Unstable, stage
    (tmp_path / "staging").mkdir()
    with pytest.raises(Unstable, match="removed before it could be read"):
        stage(tmp_path / "исчезнувший.txt", tmp_path / "staging")


def test_srok_ingest_removes_staging_folders_of_killed_runs(tmp_path):
    import tempfile
    from flows.ingest import ingest_file
    stale = Path(tempfile.gettempdir()) / "srok-stage-999999999-killed"
    stale.mkdir(exist_ok=True)
    (stale / "копия.docx").write_bytes(b"left by a kill -9")
    (tmp_path / "письмо.txt").write_text(letter(90), encoding="utf-8")
    assert ingest_file(tmp_path / "письмо.txt", tmp_path / "s.duckdb").outcome == "loaded"
    assert not stale.exists()
