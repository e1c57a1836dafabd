"""Publishing to analysts without a copy per document: deltas as Parquet beside a base copy, on real
DuckDB files, with real processes for an open analyst session and for a kill -9."""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import FIXTURES
from flows.ingest import ingest_file
from warehouse import deltas, publish as publishing
from warehouse.db import batch, connect, snapshot_path, writing
from warehouse.publish import deltas_root

SEED_DOCX = sorted(FIXTURES.glob("0*.docx"))
COMPARED = ("documents", "obligations", "obligation_responsible", "doc_references", "ingest_log", "v_obligations",
            "v_municipality_obligations", "v_deadline_changes")


def rows(con, table: str) -> list:
    cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]
    return con.execute(f"SELECT * EXCLUDE (load_seq) FROM {table} ORDER BY ALL" if "load_seq" in cols
                       else f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def same_as_writer(db: Path) -> None:
    """What analysts read equals what the writer committed, table by table and view by view."""
    with connect(db) as w:
        truth = {t: rows(w, t) for t in COMPARED}
    with connect(db, read_only=True) as r:
        for t in COMPARED:
            assert rows(r, t) == truth[t], t
            assert truth[t] or t == "v_deadline_changes", t


def test_a_commit_is_published_as_a_delta_and_the_base_is_not_copied_again(tmp_path):
    db = tmp_path / "srok.duckdb"
    assert ingest_file(SEED_DOCX[0], db).outcome == "loaded"          # the first publish makes the base
    base = os.stat(snapshot_path(db)).st_ino
    for f in SEED_DOCX[1:]:
        assert ingest_file(f, db).outcome == "loaded"
    assert os.stat(snapshot_path(db)).st_ino == base                   # no copy per document
    live = deltas.live(deltas_root(db) / str(base))
    # the empty register's base folder, the first document's, then a delta each (fewer than a merge takes)
    assert len(deltas.folders(live.parent)) == len(SEED_DOCX) + 1 < deltas.MERGE_AFTER
    same_as_writer(db)


def test_reloads_and_new_versions_replace_rows_for_analysts(tmp_path, request):
    db = tmp_path / "srok.duckdb"
    for f in SEED_DOCX:
        ingest_file(f, db)
    request.getfixturevalue("newer_extractor")                         # a newer extractor: rows replaced
    assert ingest_file(SEED_DOCX[0], db).outcome == "reloaded"
    twin = tmp_path / "resent.docx"                                        # the same content in other bytes
    twin.write_bytes(SEED_DOCX[1].read_bytes() + b"\0")
    assert ingest_file(twin, db).outcome == "twin"
    letter = "ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.11.2020 № 1240\n\nШколам представить отчёты до {}.\n"
    for name, day in (("a.txt", "25.11.2020"), ("b.txt", "30.11.2020")):   # a letter re-sent with a new term
        (tmp_path / name).write_text(letter.format(day), encoding="utf-8")
        ingest_file(tmp_path / name, db)
    same_as_writer(db)
    with connect(db, read_only=True) as r:
        assert r.execute("SELECT count(*) FROM documents WHERE extractor_version = '9.9.9'").fetchone()[0] == 3
        assert r.execute("SELECT count(*) FROM documents WHERE superseded_by IS NOT NULL").fetchone()[0] == 1


def test_after_enough_deltas_a_new_base_and_analysts_see_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(publishing, "BASE_AFTER_DELTAS", 3)
    monkeypatch.setattr(publishing, "KEEP_OLD_GENERATIONS_S", 0.0)   # sessions on an old base: none here
    db = tmp_path / "srok.duckdb"
    inodes = set()
    for f in SEED_DOCX:
        ingest_file(f, db)
        inodes.add(os.stat(snapshot_path(db)).st_ino)
    assert len(inodes) >= 2
    assert [p.name for p in deltas_root(db).iterdir()] == [str(os.stat(snapshot_path(db)).st_ino)]   # old generation gone
    same_as_writer(db)


def test_a_burst_shares_one_connection_and_is_published_when_it_ends(tmp_path, monkeypatch):
    monkeypatch.setattr("warehouse.db.HOLD_S", 3600.0)   # a slow machine must not make it let go mid-test
    db = tmp_path / "srok.duckdb"
    ingest_file(SEED_DOCX[0], db)
    with batch(db) as w:
        for f in SEED_DOCX[1:]:
            ingest_file(f, db)
            assert w.con is not None
        held = w.con
        with writing(db) as con:
            assert con is held
    same_as_writer(db)


@contextmanager
def analyst_session(db: Path, table: str) -> Iterator[Callable[[], str]]:
    """An analyst's read-only session in its own process, kept open: each call asks it for the rows of
    ``table`` now and returns its answer."""
    analyst = subprocess.Popen([sys.executable, "-c", (
        "import sys; from warehouse.db import connect\n"
        f"con = connect({str(db)!r}, read_only=True)\n"
        "for line in sys.stdin:\n"
        f"    print(con.execute('SELECT count(*) FROM {table}').fetchone()[0], flush=True)\n")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def count() -> str:
        analyst.stdin.write("?\n")
        analyst.stdin.flush()
        return analyst.stdout.readline().strip()
    try:
        yield count
    finally:
        analyst.kill()
        analyst.wait()


def test_an_open_session_sees_new_documents_and_never_blocks_the_writer(tmp_path):
    db = tmp_path / "srok.duckdb"
    ingest_file(SEED_DOCX[0], db)
    with analyst_session(db, "documents") as count:
        assert count() == "1"
        for f in SEED_DOCX[1:]:
            assert ingest_file(f, db).outcome == "loaded"
        assert count() == str(len(SEED_DOCX))   # the same open session


def test_a_commit_left_unpublished_by_kill_9_is_published_by_the_next_writer(tmp_path):
    db = tmp_path / "srok.duckdb"
    ingest_file(SEED_DOCX[0], db)
    dead = subprocess.run([sys.executable, "-c", (
        "import os; from pathlib import Path\n"
        "from extractors.pipeline import extract; from extractors.readers import read_document\n"
        "from warehouse.db import connect; from warehouse.load import load_document\n"
        f"doc = read_document(Path({str(SEED_DOCX[1])!r}))\n"
        f"con = connect({str(db)!r})\n"
        "print(load_document(con, doc, extract(doc)), flush=True)\n"
        "os.kill(os.getpid(), 9)\n")], capture_output=True, text=True)
    assert dead.returncode == -9 and dead.stdout.strip() == "loaded"
    with connect(db, read_only=True) as r:
        assert r.execute("SELECT count(*) FROM documents").fetchone()[0] == 1   # committed, not yet published
    restarted = subprocess.run([sys.executable, "-c", (                       # a writer starting up publishes it
        f"from warehouse.db import connect\ncon = connect({str(db)!r})\n")])
    assert restarted.returncode == 0
    with connect(db, read_only=True) as r:
        assert r.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert ingest_file(SEED_DOCX[2], db).outcome == "loaded"
    same_as_writer(db)


@pytest.mark.parametrize("existing", [False, True])
def test_a_database_from_before_publishing_is_published_whole(tmp_path, existing):
    """A register written before the deltas existed (no snapshot, or an old full copy) gets a base."""
    db = tmp_path / "srok.duckdb"
    import shutil
    with connect(db):
        pass
    shutil.rmtree(deltas_root(db))
    snapshot_path(db).unlink()
    if existing:
        shutil.copyfile(db, snapshot_path(db))   # the old design's plain copy: no generation folder
    ingest_file(SEED_DOCX[0], db)
    same_as_writer(db)


def test_a_register_in_a_folder_whose_name_has_a_quote_is_written_and_published(tmp_path):
    db = tmp_path / "отдел 'А'" / "srok.duckdb"
    assert ingest_file(FIXTURES / "000_f78c96f4c1c9048e.docx", db).outcome == "loaded"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_the_writer_keeps_row_groups_short(tmp_path):
    """A query for one municipality decompresses whole row groups: the writer's are 16,384 rows."""
    from warehouse.db import ROW_GROUP_ROWS
    db = tmp_path / "srok.duckdb"
    with writing(db) as con:
        con.execute("CREATE TABLE wide AS SELECT range AS i FROM range(100000)")
        con.execute("CHECKPOINT")
        (last,) = con.execute("SELECT max(row_group_id) FROM pragma_storage_info('wide')").fetchone()
    assert last == 100000 // ROW_GROUP_ROWS          # 7 groups of at most 16,384 rows, not one of 122,880
