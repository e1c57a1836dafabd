"""One writer at a time (issue 25): the watcher and two `srok ingest` as real subprocesses on one DuckDB
file, new bases every two publishes (each a copy of the database file), and every document counted
exactly once. Publishing used to copy the file with a descriptor of its own, whose close dropped
DuckDB's write lock: a second writer got in and committed documents were lost."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from test_watcher import letter, wait_until
from warehouse.db import connect
from warehouse.publish import publish_base

ROOT = Path(__file__).parents[1]
PER_WRITER = 100


def srok(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)


def test_two_ingests_and_the_watcher_together_lose_nothing_and_load_nothing_twice(tmp_path):
    db = tmp_path / "srok.duckdb"
    env = {**os.environ, "SROK_BASE_AFTER_DELTAS": "2", "SROK_READERS": "1", "SROK_DB_LOCK_WAIT": "600"}
    shas = {}
    folders = [tmp_path / "a", tmp_path / "b", tmp_path / "made"]
    for k, folder in enumerate(folders):
        folder.mkdir()
        for i in range(k * PER_WRITER, (k + 1) * PER_WRITER):
            f = folder / f"письмо {i:03d}.txt"
            f.write_text(letter(i), encoding="utf-8")
            shas[hashlib.sha256(f.read_bytes()).hexdigest()] = f.name
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watcher = subprocess.Popen([sys.executable, "-m", "flows.cli", "watch", "--inbox", str(inbox), "--archive",
                                str(tmp_path / "archive"), "--quarantine", str(tmp_path / "quarantine"), "--db",
                                str(db), "--settle", "0.2", "--poll"], stdout=subprocess.DEVNULL,
                               stderr=open(tmp_path / "watch.log", "ab"), cwd=ROOT, env=env)
    try:
        ingests = [srok("ingest", str(folder), "--db", str(db), env=env) for folder in folders[:2]]
        for f in sorted(folders[2].iterdir()):          # the watcher's share, dropped while the ingests run
            os.replace(f, inbox / f.name)
        outputs = [p.communicate(timeout=900) for p in ingests]
        wait_until(lambda: not [p for p in inbox.iterdir() if p.name != ".srok"], timeout=900)
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(timeout=60)
    for (out, err), p in zip(outputs, ingests):
        assert p.returncode == 0 and out.splitlines()[0].startswith(f"Реестр {db} (--db)"), err   # the register named
        assert out.splitlines()[-1] == f"{PER_WRITER} файлов: {PER_WRITER} загружено, 0 дубликатов, 0 не прочитано", err
    assert not list((tmp_path / "quarantine").iterdir())
    with duckdb.connect(str(db), read_only=True) as con:
        loads = dict(con.execute("SELECT sha256, count(*) FROM ingest_log GROUP BY 1").fetchall())
        docs = [d for (d,) in con.execute("SELECT doc_id FROM documents").fetchall()]
        obligations = con.execute("SELECT count(*) FROM obligations").fetchone()[0]
    assert sorted(docs) == sorted(shas), f"{len(set(shas) - set(docs))} committed documents missing"
    assert all(loads.get(sha) == 1 for sha in shas) and obligations == len(shas)
    with duckdb.connect(str(db.with_name("srok.read.duckdb")), read_only=True) as con:   # what analysts see
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(shas)


def test_publishing_a_new_base_keeps_duckdbs_own_lock(tmp_path):
    """The base used to be copied with a descriptor of its own, whose close dropped DuckDB's lock."""
    db = tmp_path / "s.duckdb"
    with connect(db) as con:
        publish_base(con, db)
        probe = subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r})"],
                               capture_output=True, text=True, timeout=60)
    assert probe.returncode != 0 and "Could not set lock" in probe.stderr


def test_a_second_writer_waits_its_turn_and_says_so_in_russian(tmp_path):
    db = tmp_path / "s.duckdb"
    letter_file = tmp_path / "письмо.txt"
    letter_file.write_text(letter(7), encoding="utf-8")
    errors = tmp_path / "ingest.err"
    with connect(db) as con:                                    # this process writes, as the watcher would
        con.execute("SELECT 1")
        ingest = subprocess.Popen([sys.executable, "-m", "flows.cli", "ingest", str(letter_file), "--db", str(db)],
                                  stdout=subprocess.PIPE, stderr=errors.open("w"), text=True, cwd=ROOT)
        wait_until(lambda: "ждём своей очереди" in errors.read_text(encoding="utf-8"))
        assert ingest.poll() is None
    out, _ = ingest.communicate(timeout=300)                    # its turn came
    assert out.splitlines()[-1] == "1 файл: 1 загружено, 0 дубликатов, 0 не прочитано"
    assert f"занята: в неё пишет другой процесс (pid {os.getpid()}" in errors.read_text(encoding="utf-8")
