"""Merging the analysts' delta folders (warehouse/deltas.py) on real DuckDB files: the rows analysts
read are the same before and after, an analyst's session left open reads on across it, and a kill -9
at any step of a merge loses nothing."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import FIXTURES, copy_register
from flows.ingest import ingest_file
from test_publish import SEED_DOCX, analyst_session, same_as_writer
from warehouse import deltas
from warehouse.db import clean_snapshot_temps, connect, snapshot_path
from warehouse.publish import deltas_root

LETTER = "ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.11.2020 № 124{}\n\nШколам представить отчёты до {}.\n"


def generation(db):
    return deltas_root(db) / str(os.stat(snapshot_path(db)).st_ino)


@pytest.fixture
def unmerged(tmp_path, monkeypatch, seed_register):
    """The seed letters in a base, then short letters and one re-sent with a new term (a new version
    superseding the first), each its own delta folder, none merged yet."""
    monkeypatch.setattr(deltas, "MERGE_AFTER", 1000)
    db = copy_register(seed_register, tmp_path / "register")
    days = ["20.11.2020", "21.11.2020", "22.11.2020", "25.11.2020", "30.11.2020"]
    outcomes = []
    for k, day in enumerate(days):   # the last two share a number: the second is a new version
        (tmp_path / f"{k}.txt").write_text(LETTER.format(min(k, 3), day), encoding="utf-8")
        outcomes.append(ingest_file(tmp_path / f"{k}.txt", db).outcome)
    assert outcomes == ["loaded"] * 4 + ["new_version"]
    assert len(deltas.folders(generation(db))) == len(days) + 1
    return db


def analysts_rows(db) -> dict:
    from test_publish import COMPARED, rows
    with connect(db, read_only=True) as r:
        return {t: rows(r, t) for t in COMPARED}


def test_a_merge_leaves_one_folder_and_the_analysts_rows_as_they_were(unmerged, request):
    db = unmerged
    before = analysts_rows(db)
    with analyst_session(db, "v_municipality_obligations") as count:   # a session opened before the merge
        counted = count()
        with connect(db) as con:
            assert deltas.merge(con, generation(db), at_least=2)
        # one folder, named by the newest load and the folders it took (the base's among them)
        assert list(deltas.folders(generation(db)).values()) == [(deltas.watermark(generation(db))[0], 6)]
        assert analysts_rows(db) == before
        assert count() == counted == str(len(before["v_municipality_obligations"]))
    request.getfixturevalue("newer_extractor")                 # a reload after the merge replaces merged rows
    assert ingest_file(SEED_DOCX[0], db).outcome == "reloaded"
    same_as_writer(db)


@pytest.mark.parametrize("step", ["rename", "replace", "_remove_old_versions"])
def test_a_kill_during_a_merge_loses_nothing(unmerged, step):
    """kill -9 of a real writer process as the merge renames its new version into place, as it swaps the
    live link, and right after: analysts read what the writer committed, and the next writer goes on."""
    db = unmerged
    before = analysts_rows(db)
    where = "deltas" if step.startswith("_") else "os"
    dead = subprocess.run([sys.executable, "-c", (
        "import os, sys; from pathlib import Path\n"
        "from warehouse import deltas\nfrom warehouse.db import connect\n"
        f"con = connect({str(db)!r})\n"
        f"setattr({where}, {step!r}, lambda *a, **k: os.kill(os.getpid(), 9))\n"
        f"deltas.merge(con, Path({str(generation(db))!r}), at_least=2)\n")], capture_output=True, text=True)
    assert dead.returncode == -9, dead.stderr
    assert analysts_rows(db) == before
    clean_snapshot_temps(db)
    assert not list(deltas_root(db).glob(".*.tmp"))
    assert ingest_file(FIXTURES / "plan_merged_cells.docx", db).outcome == "loaded"
    with connect(db) as con:                                   # the next merge, whole
        assert deltas.merge(con, generation(db), at_least=2)
    same_as_writer(db)


def test_a_publish_writes_only_the_tables_it_has_rows_of_and_a_merge_keeps_every_table(unmerged):
    """A burst of loads writes no corrections, notifications or entities: its delta folder holds no file
    of them (a COPY less for the writer, a file less for each query of them); the base's first folder
    holds every table, so each view's files match, and a merge keeps every table."""
    from warehouse.corrections import changes, record
    from warehouse.db import writing
    db = unmerged
    gen = generation(db)
    base_folder, *loads = sorted(deltas.folders(gen), key=lambda p: deltas.folders(gen)[p])
    every = {f.name for f in base_folder.glob("*.parquet")}
    assert {"corrections.parquet", "notifications.parquet", "entities.parquet", "documents.parquet"} <= every
    for folder in loads:
        names = {f.name for f in folder.glob("*.parquet")}
        assert {"documents.parquet", "document_texts.parquet", "ingest_log.parquet"} <= names < every
        assert not names & {"corrections.parquet", "notifications.parquet", "entities.parquet"}
    with writing(db) as con:                                   # a correction alone: its own folder, its table
        key = con.execute("SELECT task_key FROM obligations ORDER BY ALL LIMIT 1").fetchone()[0]
        record(con, key, changes(status="done"), "Иванова", "исполнено")
    newest = max(deltas.folders(gen), key=lambda p: deltas.folders(gen)[p])
    assert "corrections.parquet" in {f.name for f in newest.glob("*.parquet")}
    with connect(db) as w:
        corrections = w.execute("SELECT * EXCLUDE (load_seq) FROM corrections ORDER BY ALL").fetchall()
    before = analysts_rows(db)
    with connect(db) as con:
        assert deltas.merge(con, gen, at_least=2)
    (merged,) = deltas.folders(gen)
    assert {f.name for f in merged.glob("*.parquet")} == every
    assert analysts_rows(db) == before
    with connect(db, read_only=True) as r:
        assert r.execute("SELECT * EXCLUDE (load_seq) FROM corrections ORDER BY ALL").fetchall() == corrections != []
    same_as_writer(db)
