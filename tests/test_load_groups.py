"""Documents already read when the writer is free are loaded several to a transaction (issue 27): the
same register as one by one, results in order, a failing document costs only itself, a busy register
gives every document its error and commits nothing, and a group never waits for a document still
being read."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from conftest import FIXTURES
from extractors.pipeline import extract
from extractors.readers import ReadError, read_document
from flows.ingest import Result, ingest_files, load_group
from flows.ready_groups import ready_groups
from warehouse.db import batch, connect, for_analysts
from warehouse.write_lock import WriterBusy


def letter(path: Path, i: int, day: int = 25) -> Path:
    path.write_text(f"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № {1000 + i}\n\n"
                    f"Образовательным учреждениям необходимо представить отчёт № {i} до {day}.11.2020.\n",
                    encoding="utf-8")
    return path


def read(path: Path):
    doc = read_document(path)
    return doc, extract(doc)


def rows(db: Path) -> dict[str, list]:
    """Every table of the register but its clocks' columns, as one-by-one and grouped loads must agree on."""
    with duckdb.connect(str(db), read_only=True) as con:
        out = {}
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall():
            cols = [c for c, kind in con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                                                 "WHERE table_name = ? ORDER BY column_index", [table]).fetchall()
                    if "TIMESTAMP" not in kind]
            out[table] = con.execute(f"SELECT {', '.join(chr(34) + c + chr(34) for c in cols)} FROM {table} "
                                     "ORDER BY ALL").fetchall()
    return out


@pytest.fixture
def files(tmp_path) -> list[Path]:
    """Three letters, the second twice (identical bytes under another name), and a file not read."""
    folder = tmp_path / "in"
    folder.mkdir()
    one, two, three = (letter(folder / f"{n}.txt", i) for n, i in (("a", 1), ("b", 2), ("d", 3)))
    again = folder / "c.txt"
    shutil.copy(two, again)
    return [one, two, again, three]


def group_of(files: list[Path]) -> list:
    return [(f.name, f, read(f)) for f in files] + [("e.txt", files[0].with_name("e.txt"), ReadError("broken"))]


def test_a_group_loads_what_one_by_one_loads_duplicates_twins_and_new_versions_alike(tmp_path, files):
    """The second of two identical files is a duplicate, a letter's PDF after its DOCX a twin, a re-sent
    letter that moves its date a new version, within one group as when loaded one by one."""
    grouped, alone = tmp_path / "g.duckdb", tmp_path / "o.duckdb"
    pair = [FIXTURES / "000_f78c96f4c1c9048e.docx", FIXTURES / "000_f78c96f4c1c9048e.pdf"]
    resent = letter(tmp_path / "f.txt", 1, day=30)
    items = group_of(files) + [(f.name, f, read(f)) for f in [*pair, resent]]
    with batch(grouped):
        together = list(load_group(items, grouped))
    with batch(alone):
        apart = [r for item in items for r in load_group([item], alone)]
    assert [(k, r.outcome) for k, r in together] == [(k, r.outcome) for k, r in apart] == [
        ("a.txt", "loaded"), ("b.txt", "loaded"), ("c.txt", "duplicate"), ("d.txt", "loaded"), ("e.txt", "failed"),
        (pair[0].name, "loaded"), (pair[1].name, "twin"), ("f.txt", "new_version")]
    assert together[2][1].reason == "те же байты, что b.txt"
    assert [r.reason for _, r in together] == [r.reason for _, r in apart]
    assert rows(grouped) == rows(alone)
    with for_analysts(grouped) as con:   # published as a burst is
        assert con.execute("SELECT count(*) FROM documents").fetchall() == [(5,)]


def test_a_document_whose_load_fails_costs_only_itself(tmp_path, files):
    db = tmp_path / "srok.duckdb"
    items = group_of(files)
    items.insert(1, ("bad", files[0].with_name("bad.txt"), ("not a document", None)))
    with batch(db):
        got = list(load_group(items, db))
    assert [k for k, _ in got] == ["a.txt", "bad", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert isinstance(got[1][1], AttributeError) and all(isinstance(r, Result) for k, r in got if k != "bad")
    assert [r.outcome for k, r in got if k != "bad"] == ["loaded", "loaded", "duplicate", "loaded", "failed"]
    with duckdb.connect(str(db), read_only=True) as con:   # the group's first try left nothing behind
        assert con.execute("SELECT file, outcome FROM ingest_log ORDER BY id").fetchall() == [
            ("a.txt", "loaded"), ("b.txt", "loaded"), ("c.txt", "duplicate"), ("d.txt", "loaded"), ("e.txt", "failed")]
        assert con.execute("SELECT count(*) FROM documents").fetchall() == [(3,)]


def test_a_busy_register_gives_each_document_its_error_and_commits_nothing(tmp_path, files, monkeypatch):
    db = tmp_path / "srok.duckdb"
    with batch(db):
        list(load_group(group_of(files)[:1], db))
    monkeypatch.setenv("SROK_DB_LOCK_WAIT", "0.2")
    holder = connect(db)   # another writer has the register
    try:
        with batch(db):
            got = list(load_group(group_of(files)[1:], db))
    finally:
        holder.close()
    assert [k for k, _ in got] == ["b.txt", "c.txt", "d.txt", "e.txt"]
    assert all(isinstance(r, WriterBusy) for _, r in got)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT file FROM ingest_log").fetchall() == [("a.txt",)]


def test_srok_ingest_of_a_folder_loads_each_file_once_in_order(tmp_path, files):
    db = tmp_path / "srok.duckdb"
    got = [(p.name, r.outcome) for p, r in ingest_files(files, db)]
    assert got == [("a.txt", "loaded"), ("b.txt", "loaded"), ("c.txt", "duplicate"), ("d.txt", "loaded")]
    with for_analysts(db) as con:
        assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchall() == [(3, 3)]


def test_a_group_never_waits_for_a_result_not_yet_out_and_items_are_drawn_in_the_caller_s_thread():
    more, drawn_in = threading.Event(), set()

    def items():
        for i in range(4):
            drawn_in.add(threading.current_thread())
            yield i

    def run(asked):
        for i in asked:
            if i == 2:
                assert more.wait(30)   # the third is still being read
            yield i

    groups = ready_groups(run, items(), most=16)
    first = next(groups)
    time.sleep(0.2)
    seen = list(first)
    while seen != [0, 1]:   # the second may come in a group of its own
        seen += next(groups)
    more.set()
    seen += [r for g in groups for r in g]
    assert seen == [0, 1, 2, 3] and drawn_in == {threading.current_thread()}


def test_groups_are_bounded_an_error_comes_after_the_results_before_it_and_closing_closes_the_pipeline():
    closed = threading.Event()

    def run(asked):
        try:
            for i in asked:
                if i == 5:
                    raise ValueError("five")
                yield i
        finally:
            closed.set()

    seen = []
    with pytest.raises(ValueError, match="five"):
        for group in ready_groups(run, range(10), most=2):
            assert 1 <= len(group) <= 2
            seen += group
    assert seen == [0, 1, 2, 3, 4]

    closed.clear()
    groups = ready_groups(run, range(3), most=1)
    assert next(groups) == [0]
    groups.close()
    assert closed.wait(5)
