"""The municipality rows kept at load time (migration 025) against the view's old definition, which
joined every current task × body to the gazetteer at query time: the same rows over the fixtures, after
a reload and a new version, after every kind of correction, after the tail is sorted, for analysts
too, and for a register that existed before the migration."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, copy_register
from flows.cli import app
from flows.ingest import ingest_file
from warehouse import municipality_rows
from warehouse.db import MIGRATIONS, connect
from warehouse.publish import publish_base
from warehouse.queries import deadlines

runner = CliRunner()
# The old definition of v_municipality_obligations (migration 007), the specification of the new one.
OLD_DEFINITION = """
SELECT v.* REPLACE (m.region AS region, m.short_name AS municipality), v.scope = 'all_municipalities' AS via_region
FROM v_obligations v
JOIN municipalities m
  ON (v.scope = 'all_municipalities' AND m.region = v.region)
  OR (v.scope = 'body' AND m.short_name = v.municipality AND m.region = v.region)"""
LETTER = ("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.11.2020 № 1240\n\n"
          "1. Руководителям образовательных учреждений представить отчёты до {}.\n\n"
          "2. Руководителям образовательных учреждений провести родительские собрания до 15.12.2020.\n")


def same_as_old_definition(db: Path) -> int:
    """The view equals its old definition on the writer's file and on the analysts' copy; returns rows."""
    for read_only in (False, True):
        with connect(db, read_only=read_only) as con:
            cur = con.execute("SELECT * EXCLUDE (oktmo, region_oktmo) FROM v_municipality_obligations ORDER BY ALL")
            got, names = cur.fetchall(), [c[0] for c in cur.description]
            cur = con.execute(f"SELECT * FROM ({OLD_DEFINITION}) ORDER BY ALL")
            assert names == [c[0] for c in cur.description]
            assert got == cur.fetchall(), "analysts" if read_only else "writer"
    return len(got)


@pytest.fixture(scope="module")
def register(seed_register, tmp_path_factory) -> Path:
    """The DOCX fixtures (the seeds' loaded once a session) and a letter in two versions (the second
    supersedes the first)."""
    folder = tmp_path_factory.mktemp("mr")
    db = copy_register(seed_register, folder)
    for f in sorted(set(FIXTURES.glob("*.docx")) - set(FIXTURES.glob("0*.docx"))):
        assert ingest_file(f, db).outcome in ("loaded", "new_version")
    for name, day in (("v1.txt", "25.11.2020"), ("v2.txt", "30.11.2020")):
        (folder / name).write_text(LETTER.format(day), encoding="utf-8")
        ingest_file(folder / name, db)
    return db


@pytest.fixture
def copy(register, tmp_path) -> Path:
    """The register's file alone in a new folder: its first writer makes the analysts' base there."""
    db = tmp_path / "srok.duckdb"
    shutil.copy(register, db)
    with connect(db):
        pass
    return db


def test_the_same_rows_as_the_old_definition(register):
    assert same_as_old_definition(register) > 100
    with connect(register, read_only=True) as con:
        versions = con.execute("SELECT DISTINCT file_name FROM v_municipality_obligations "
                               "WHERE file_name LIKE 'v_.txt'").fetchall()
        stored = con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0]
        region_wide = con.execute("SELECT count(*) FROM municipality_obligations WHERE municipality IS NULL").fetchone()[0]
    assert versions == [("v2.txt",)]                       # the superseded version's rows are not shown
    assert 0 < region_wide < stored                        # a region-wide assignment is stored once, not per municipality


def test_a_reload_replaces_its_rows(copy, request):
    with connect(copy) as con:
        before = con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0]
    request.getfixturevalue("newer_extractor")
    assert ingest_file(FIXTURES / "003_d7222e60e6a354a6.docx", copy).outcome == "reloaded"
    with connect(copy) as con:
        assert con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0] == before
    same_as_old_definition(copy)


def correct(db: Path, key: str, *args: str) -> None:
    res = runner.invoke(app, ["correct", key, *args, "--who", "Иванова", "--db", str(db)])
    assert res.exit_code == 0, res.stderr


def test_corrections_apply_as_before(copy):
    with connect(copy, read_only=True) as con:
        tomsk = [r["task_key"] for r in deadlines(con, municipality="Томский район")]          # region-wide
        lesosibirsk = sorted({r["task_key"] for r in deadlines(con, municipality="город Лесосибирск")
                              if not r["via_region"]})
    region_wide = sorted(set(tomsk))
    correct(copy, region_wide[0], "--status", "done")
    correct(copy, region_wide[1], "--status", "extended", "--deadline", "2030-01-20")
    correct(copy, region_wide[2], "--responsible", "Иванову И. И.")         # no place: the sender's
    correct(copy, region_wide[3], "--status", "not_task")
    correct(copy, lesosibirsk[0], "--responsible", "Управление образования Томского района")
    correct(copy, lesosibirsk[1], "--status", "cancelled")
    correct(copy, lesosibirsk[2], "--deadline", "2030-05-01")
    correct(copy, lesosibirsk[3], "--accept")
    same_as_old_definition(copy)
    with connect(copy, read_only=True) as con:
        tomsk = {r["task_key"]: r for r in deadlines(con, municipality="Томский район")}
        moved = [r for r in deadlines(con, municipality="город Лесосибирск") if r["task_key"] == lesosibirsk[0]]
    assert region_wide[3] not in tomsk and tomsk[region_wide[0]]["status"] == "done"
    assert str(tomsk[region_wide[1]]["deadline_end"]) == "2030-01-20"
    assert (tomsk[lesosibirsk[0]]["body"], tomsk[lesosibirsk[0]]["via_region"]) == (
        "Управление образования Томского района", False)
    assert moved == []


def test_sorting_the_tail_keeps_the_rows(copy):
    with connect(copy) as con:
        before = con.execute("SELECT * FROM v_municipality_obligations ORDER BY ALL").fetchall()
        upto = con.execute("SELECT upto FROM _clustered").fetchone()[0]
        sorted_rows = municipality_rows.cluster(con, at_least=1)
        assert sorted_rows == con.execute("SELECT count(*) FROM municipality_obligations WHERE load_seq > ?",
                                          [upto]).fetchone()[0] > 0
        assert municipality_rows.cluster(con, at_least=1) == 0                      # nothing new to sort
        places = [(r, m is not None, m or 0) for r, m in con.execute(
            "SELECT region_oktmo, oktmo FROM municipality_obligations WHERE load_seq > ? ORDER BY rowid", [upto]).fetchall()]
        assert places == sorted(places)                 # the run: by region, its region-wide rows first
        assert con.execute("SELECT * FROM v_municipality_obligations ORDER BY ALL").fetchall() == before
        publish_base(con, copy)
    same_as_old_definition(copy)


def test_a_register_from_before_the_migration_gets_its_rows(copy, monkeypatch):
    import warehouse.db as wdb
    with connect(copy) as con:                 # back to the schema before migration 025 (later ones kept)
        for sql in ("DROP VIEW v_municipality_obligations", "DROP TABLE municipality_obligations",
                    "DROP TABLE _clustered", "DROP VIEW _municipality_rows", "DROP VIEW _municipality_places",
                    "DELETE FROM schema_migrations WHERE version = 25"):
            con.execute(sql)
        for (name,) in con.execute("SELECT DISTINCT function_name FROM duckdb_functions() "
                                   "WHERE function_name LIKE 'task\\_%' ESCAPE '\\' AND NOT internal").fetchall():
            con.execute(f"DROP MACRO {name}")
        con.execute((MIGRATIONS / "007_current_views.sql").read_text(encoding="utf-8"))
    monkeypatch.setattr(wdb, "_migrated", set())         # as a new process: it migrates, then makes a new base
    assert same_as_old_definition(copy) > 100
    with connect(copy) as con:
        assert con.execute("SELECT version FROM schema_migrations WHERE version = 25").fetchall() == [(25,)]


def test_loads_get_their_rows_once_by_publishing(copy, tmp_path):
    """Migration 037: a load writes no municipality rows; the next publish writes those of every load
    since the last at once, and a publish with nothing new writes none."""
    from extractors.pipeline import extract
    from extractors.readers import read_document
    from warehouse.load import load_document
    from warehouse.publish import publish
    with connect(copy) as con:
        before = con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0]
        for day in ("01.12.2020", "02.12.2020"):
            path = tmp_path / f"{day}.txt"
            path.write_text(LETTER.format(day).replace("№ 1240", f"№ 12{day[:2]}"), encoding="utf-8")
            doc = read_document(path)
            assert load_document(con, doc, extract(doc)) == "loaded"
        assert con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0] == before   # pending
        assert municipality_rows.write_pending(con) == 2
        after = con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0]
        assert after > before
        assert municipality_rows.write_pending(con) == 0
        publish(con, copy)
        assert con.execute("SELECT count(*) FROM municipality_obligations").fetchone()[0] == after
    same_as_old_definition(copy)
