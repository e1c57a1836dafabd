"""The warehouse on a real DuckDB file: schema, idempotent loading, versions, views, forgiving names."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, copy_register
from flows.cli import app
from flows.ingest import ingest_file
from warehouse.db import MIGRATIONS, connect, migrate
from warehouse.queries import QueryError, deadlines, resolve_municipality

runner = CliRunner()
SEED_DOCX = sorted(FIXTURES.glob("0*.docx"))


@pytest.fixture(scope="module")
def loaded(seed_register, tmp_path_factory) -> Path:
    return copy_register(seed_register, tmp_path_factory.mktemp("wh"))


def counts(db: Path) -> tuple:
    with connect(db, read_only=True) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("documents", "obligations", "obligation_responsible", "doc_references"))


def test_migrations_are_recorded_and_forward_only(loaded):
    with connect(loaded) as con:
        versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert versions == sorted(int(p.name.split("_", 1)[0]) for p in MIGRATIONS.glob("*.sql"))
        assert migrate(con) == []
        assert con.execute("SELECT count(*) FROM municipalities").fetchone()[0] > 2000


def test_schema_matches_the_pydantic_models(loaded):
    from schemas.extraction import Deadline, Obligation, Responsible
    with connect(loaded, read_only=True) as con:
        ob_cols = {r[0] for r in con.execute("DESCRIBE obligations").fetchall()}
        resp_cols = {r[0] for r in con.execute("DESCRIBE obligation_responsible").fetchall()}
    assert {"number", "text", "status", "confidence", "reasons", "part"} <= set(Obligation.model_fields) & ob_cols
    assert {f"deadline_{k}" for k in ("raw", "start", "end", "kind")} <= ob_cols and "recurrence" in ob_cols
    assert set(Deadline.model_fields) - {"span"} <= {"raw", "start", "end", "kind", "recurrence"}
    assert set(Responsible.model_fields) - {"span"} <= resp_cols


def test_same_bytes_again_change_nothing(loaded):
    before = counts(loaded)
    for f in SEED_DOCX:
        assert ingest_file(f, loaded).outcome == "duplicate"
    assert counts(loaded) == before
    with connect(loaded, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM ingest_log WHERE outcome = 'duplicate'").fetchone()[0] >= 5


def test_municipality_deadlines_include_region_wide_letters(loaded):
    with connect(loaded, read_only=True) as con:
        kozelsk = deadlines(con, municipality="МР «Козельский район»")
        tomsk = deadlines(con, municipality="Томский район")
        lesosibirsk = deadlines(con, municipality="г. Лесосибирск")
        tula_any = deadlines(con, municipality="Алексинский район")
    assert len({r["quote"] for r in kozelsk}) == 16
    assert {r["file_name"] for r in tomsk} == {"003_d7222e60e6a354a6.docx"}
    assert len({r["quote"] for r in tomsk}) == 16 and all(r["scope"] == "all_municipalities" for r in tomsk)
    assert {r["file_name"] for r in lesosibirsk} == {"000_f78c96f4c1c9048e.docx", "001_5eb3587b8a7ef8fb.docx"}
    assert len({r["quote"] for r in tula_any}) == 8          # the Tula protocol binds every municipality


def test_status_and_days_left_as_of_a_date(loaded):
    with connect(loaded, read_only=True) as con:
        rows = deadlines(con, municipality="Томский район", as_of=dt.date(2020, 6, 20))
        overdue = deadlines(con, municipality="Томский район", as_of=dt.date(2020, 6, 20), status="overdue")
        window = deadlines(con, region="Томская область", date_from=dt.date(2020, 8, 1), date_to=dt.date(2020, 8, 31))
    by_quote = {r["quote"][:40]: r for r in rows}
    assert by_quote["Провести собеседование с руководителями "]["status"] == "overdue"
    assert by_quote["Утвердить муниципальные программы помощи"]["days_left"] == 61
    assert {r["quote"] for r in overdue} == {"Провести собеседование с руководителями школ с низкими образовательными "
                                             "результатами о формировании дорожной карты комплекса мероприятий "
                                             "поддержки этих образовательных организаций (до 16.06.2020)."}
    assert window and all(r["deadline_end"] >= dt.date(2020, 8, 1) for r in window)


@pytest.mark.parametrize("name, region, expected", [
    ("Козельский район", None, "Козельский район"), ("Козельский", None, "Козельский район"),
    ("МР «Козельский район»", None, "Козельский район"), ("Лесосибирск", None, "город Лесосибирск"),
    ("г. Лесосибирск", None, "город Лесосибирск"), ("Томский район", None, "Томский район"),
    ("г. Томск", None, "город Томск"), ("г.Томск", None, "город Томск"),
    ("Великие Луки", None, "город Великие Луки"), ("город Великие Луки", None, "город Великие Луки"),
    ("город Кировск", "Мурманская область", "город Кировск"),
    ("Городищенский район", "Волгоградская область", "Городищенский район"),
    ("Гордеевский", None, "Гордеевский район")])
def test_forgiving_names(name, region, expected):
    assert resolve_municipality(name, region).short_name == expected


@pytest.mark.slow
def test_every_unit_is_found_by_its_own_name():
    """Each unit of the gazetteer by its name and region; namesakes in other regions are the only ambiguity."""
    from extractors.gazetteer import gazetteer
    for m in gazetteer().municipalities:
        assert resolve_municipality(m.short_name, m.region) == m
        try:
            assert resolve_municipality(m.short_name) == m
        except QueryError as e:   # the error names each namesake as a query that finds it
            assert "неоднозначно" in str(e) and "--region" in str(e)
            assert resolve_municipality(f"{m.short_name} ({m.region})") == m


def test_unknown_name_is_an_error_with_close_matches(loaded):
    with pytest.raises(QueryError, match="может быть"):
        resolve_municipality("Козельсий рйон")
    res = runner.invoke(app, ["deadlines", "--municipality", "Нетакого", "--db", str(loaded)])
    assert res.exit_code == 2 and "нет муниципалитета" in res.stderr
    res = runner.invoke(app, ["deadlines", "--status", "someday", "--db", str(loaded)])
    assert res.exit_code == 2 and "неизвестный статус" in res.stderr
    res = runner.invoke(app, ["deadlines", "--as-of", "yesterday", "--db", str(loaded)])
    assert res.exit_code == 2 and "дд.мм.гггг или гггг-мм-дд" in res.stderr


def test_cli_json_and_csv(loaded, tmp_path):
    res = runner.invoke(app, ["deadlines", "--municipality", "Козельский район", "--format", "json", "--db", str(loaded)])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    assert {r["file_name"] for r in rows} == {"002_1e8ecce5fb1f09b6.docx"} and all(r["deadline_raw"] is not None
                                                                                 or r["status"] for r in rows)
    out = tmp_path / "k.csv"
    res = runner.invoke(app, ["deadlines", "--region", "Калужская", "--format", "csv", "--out", str(out), "--db", str(loaded)])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8-sig").startswith("Муниципалитет;Регион;Ответственный")
    xlsx = tmp_path / "k.xlsx"
    res = runner.invoke(app, ["deadlines", "--municipality", "Лесосибирск", "--format", "xlsx", "--out", str(xlsx),
                              "--db", str(loaded)])
    from openpyxl import load_workbook
    sheet = load_workbook(xlsx).active
    assert res.exit_code == 0 and sheet.cell(1, 1).value == "Муниципалитет" and sheet.max_row > 10
    res = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM v_overdue", "--format", "json", "--db", str(loaded)])
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["n"] > 0
    res = runner.invoke(app, ["sql", "DELETE FROM documents", "--db", str(loaded)])
    # refused: the analysts' register is read-only, and its row tables are views over base + deltas
    assert res.exit_code == 2 and ("read-only" in res.stderr.lower() or "base table" in res.stderr.lower())


def test_ingest_cli_summary_and_failures(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "000_f78c96f4c1c9048e.docx", inbox)
    (inbox / "empty.pdf").write_bytes(b"")
    db = tmp_path / "x.duckdb"
    res = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert res.exit_code == 1
    assert res.stdout.strip().splitlines()[-1] == "2 файла: 1 загружено, 0 дубликатов, 1 не прочитано"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT outcome, reason FROM ingest_log WHERE file = 'empty.pdf'").fetchone() == (
            "failed", "файл пустой (0 байт)")


def test_new_version_and_extractor_upgrade(tmp_path, request):
    letter = ("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.11.2020 № 1240\n\n"
              "Образовательным учреждениям необходимо представить отчёты до {}.\n")
    db = tmp_path / "v.duckdb"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(letter.format("25.11.2020"), encoding="utf-8")
    second.write_text(letter.format("30.11.2020"), encoding="utf-8")
    assert ingest_file(first, db).outcome == "loaded"
    assert ingest_file(second, db).outcome == "new_version"
    with connect(db, read_only=True) as con:
        change = con.execute("SELECT old_end, new_end FROM v_deadline_changes").fetchall()
        current = con.execute("SELECT count(*) FROM v_obligations").fetchone()[0]
    assert change == [(dt.date(2020, 11, 25), dt.date(2020, 11, 30))] and current == 1
    request.getfixturevalue("newer_extractor")
    assert ingest_file(second, db).outcome == "reloaded"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT extractor_version, count(*) FROM documents JOIN obligations USING (doc_id) "
                           "WHERE superseded_by IS NULL GROUP BY 1").fetchall() == [("9.9.9", 1)]


def test_an_open_analyst_session_does_not_stall_ingestion(tmp_path):
    """Two real processes: an analyst holds a read-only session open while files are ingested."""
    import subprocess
    import sys
    db = tmp_path / "busy.duckdb"
    assert ingest_file(SEED_DOCX[0], db).outcome == "loaded"
    analyst = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from warehouse.db import connect\n"
        f"con = connect({str(db)!r}, read_only=True)\n"
        "print(con.execute('SELECT count(*) FROM documents').fetchone()[0], flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "1"        # the session is open now
        for f in SEED_DOCX[1:]:
            assert ingest_file(f, db).outcome == "loaded"
        assert analyst.poll() is None                           # ingestion finished while it was still open
        with connect(db, read_only=True) as con:                # a new session sees the last commit
            assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(SEED_DOCX)
    finally:
        analyst.kill()
        analyst.wait()


def test_references_chain_documents(tmp_path):
    db = tmp_path / "chain.duckdb"
    ingest_file(FIXTURES / "000_f78c96f4c1c9048e.docx", db)
    reply = tmp_path / "reply.txt"
    reply.write_text("МБУ «МИМЦ»\n\nот 20.11.2020 № 55\n\nна № 1237 от 09.11.2020\n\n"
                     "Во исполнение письма отдела образования от 09.11.2020 № 1237 направляем план взаимодействия.\n",
                     encoding="utf-8")
    ingest_file(reply, db)
    with connect(db, read_only=True) as con:
        links = con.execute("SELECT DISTINCT citing_file, cited_file FROM v_reference_links "
                            "WHERE cited_doc_id IS NOT NULL").fetchall()
    assert links == [("reply.txt", "000_f78c96f4c1c9048e.docx")]


@pytest.fixture(scope="module")
def every_fixture(tmp_path_factory) -> Path:
    """Every fixture in both formats, as staff would drop them: DOCX and PDF twins of each document."""
    db = tmp_path_factory.mktemp("all") / "srok.duckdb"
    for f in sorted(FIXTURES.glob("*.docx")) + sorted(FIXTURES.glob("*.pdf")):
        ingest_file(f, db)
    return db


def test_twins_are_one_document(every_fixture):
    """The PDF of each DOCX is its twin (the same text); the scan of plan_merged_cells is too, read with
    OCR noise, so every document is loaded once."""
    with connect(every_fixture, read_only=True) as con:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        twins = dict(con.execute("SELECT file, reason FROM ingest_log WHERE outcome = 'twin' ORDER BY file").fetchall())
    docx = {p.stem for p in FIXTURES.glob("*.docx")}
    assert docs == len(docx)
    assert sorted(twins) == sorted(p.name for p in FIXTURES.glob("*.pdf"))
    assert all(twins[f"{stem}.pdf"].startswith(f"same content as {stem}.docx") for stem in docx)
    assert twins["plan_scanned.pdf"].startswith("same content read with noise (0.9")
    assert "as plan_merged_cells.docx" in twins["plan_scanned.pdf"]
    with connect(every_fixture, read_only=True) as con:   # Лужский район's plan once, not once per spelling
        assert con.execute("SELECT DISTINCT file_name FROM v_municipality_obligations WHERE municipality LIKE 'Лужск%'"
                           ).fetchall() == [("plan_merged_cells.docx",)]


def test_one_row_per_task_and_body_in_every_view(every_fixture):
    with connect(every_fixture, read_only=True) as con:
        for view, key in (("v_obligations", "task_key, body_key"),
                          ("v_municipality_obligations", "task_key, body_key, region, municipality")):
            rows, distinct = con.execute(f"SELECT count(*), count(DISTINCT ({key})) FROM {view}").fetchone()
            assert rows == distinct and rows > 0, view
        lesosibirsk = con.execute("SELECT count(*), count(DISTINCT task_key) FROM v_municipality_obligations "
                                  "WHERE municipality = 'город Лесосибирск'").fetchone()
        places = con.execute("SELECT body, scope, region, municipality FROM v_bodies").fetchall()
    bodies = [b for b, *_ in places]
    assert lesosibirsk == (29, 19)     # the seed letter's "изучить …; при необходимости внести …" is two tasks
    assert len(places) == len({(b.lower(), *place) for b, *place in places})   # no body split by capitals
    assert "Муниципальные общеобразовательные организации" in bodies and "МБУ «МИМЦ»" in bodies


def test_views_count_current_versions_only(tmp_path):
    letter = ("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 09.11.2020 № 1240\n\n"
              "на № 77 от 01.11.2020\n\nРуководителям образовательных учреждений представить отчёты до {}.\n")
    db = tmp_path / "v.duckdb"
    for name, day in (("a.txt", "25.11.2020"), ("b.txt", "30.11.2020")):
        (tmp_path / name).write_text(letter.format(day), encoding="utf-8")
        ingest_file(tmp_path / name, db)
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT sum(obligations) FROM v_bodies").fetchone()[0] == 1
        assert con.execute("SELECT sum(obligations) FROM v_bodies_history").fetchone()[0] == 2
        assert con.execute("SELECT citing_file FROM v_reference_links").fetchall() == [("b.txt",)]
        assert con.execute("SELECT count(*) FROM v_reference_links_history").fetchone()[0] == 2
        assert con.execute("SELECT count(DISTINCT task_key), count(*) FROM v_obligations_history").fetchone() == (1, 2)


def test_body_names_are_normalised():
    from warehouse.identity import body_key, body_name
    assert body_name("ОТДЕЛ ОБРАЗОВАНИЯ") == body_name("отдел  образования") == "Отдел образования"
    assert body_name("МБУ «МИМЦ»") == "МБУ «МИМЦ»"
    assert body_name("МКУ «Информационно-методический центр»") == "МКУ «Информационно-методический центр»"
    assert body_key("Муниципальные общеобразовательные организации") == body_key("муниципальные общеобразовательные "
                                                                                 "организации")


@pytest.mark.parametrize("written, shown", [
    ("Министерство образования Калужской области", "Министерство образования Калужской области"),
    ("ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА", "Отдел образования администрации города Лесосибирска"),
    ("Начальник лагеря Петрова И.А.", "Начальник лагеря Петрова И.А."),
    ("Управление образования администрации г. Томска", "Управление образования администрации г. Томска"),
    ("Министерство просвещения Российской Федерации", "Министерство просвещения Российской Федерации"),
    ("Отдел Образования Администрации Козельского Района", "Отдел образования администрации Козельского района"),
    ("Комиссия по делам несовершеннолетних", "Комиссия по делам несовершеннолетних"),   # "коми" is no place here
])
def test_body_names_keep_the_capitals_of_places_and_persons(written, shown):
    from warehouse.identity import body_name
    assert body_name(written) == shown


def test_stored_body_names_are_made_again_by_migration_036(tmp_path):
    import warehouse.db as wdb
    db = tmp_path / "s.duckdb"
    assert ingest_file(FIXTURES / "plan_merged_over_break.docx", db).outcome == "loaded"
    with connect(db) as con:   # as the names were stored before 036
        con.execute("UPDATE obligation_responsible SET body = lower(body)")
        con.execute("UPDATE municipality_obligations SET body = lower(body) WHERE body_as_written IS NOT NULL")
        con.execute("DELETE FROM schema_migrations WHERE version = 36")
    wdb._migrated.clear()
    with connect(db) as con:
        assert con.execute("SELECT DISTINCT body FROM obligation_responsible ORDER BY 1").fetchall() == \
            [("Директор школы",), ("Начальник лагеря Петрова И.А",)]
    with connect(db, read_only=True) as con:   # the analysts' copy too (a migration publishes a new base)
        assert ("Начальник лагеря Петрова И.А",) in con.execute("SELECT DISTINCT body FROM v_obligations").fetchall()


def test_a_register_from_before_identity_gets_keys_and_one_row_per_body(tmp_path, monkeypatch):
    """A database made by migrations 1-4 with rows in the old shape: migrating it fills the task keys and
    body names and keeps one row per body of a task."""
    import duckdb

    import warehouse.db as wdb
    old = tmp_path / "old_migrations"
    old.mkdir()
    for f in sorted(wdb.MIGRATIONS.glob("00[1-4]_*.sql")):
        shutil.copy(f, old)
    db = tmp_path / "old.duckdb"
    monkeypatch.setattr(wdb, "MIGRATIONS", old)
    with duckdb.connect(str(db)) as con:
        wdb.migrate(con)
        con.execute("INSERT INTO documents (doc_id, file_name, format, doc_type, reg_number, reg_date, sender_name, "
                    "extractor_version) VALUES ('d1', 'a.docx', 'docx', 'letter', '12', DATE '2021-03-01', 'Отдел', '0.1')")
        con.execute("INSERT INTO obligations (doc_id, ob_no, number, text, status, confidence, span_start, span_end) "
                    "VALUES ('d1', 0, '1', 'Представить отчёт до 01.04.2021', 'pending', 1, 0, 10)")
        con.execute("INSERT INTO obligation_responsible (doc_id, ob_no, body_no, name, scope) VALUES "
                    "('d1', 0, 0, 'ОТДЕЛ ОБРАЗОВАНИЯ', 'body'), ('d1', 0, 1, 'отдел образования', 'body')")
    monkeypatch.setattr(wdb, "MIGRATIONS", wdb.Path(wdb.__file__).parent / "migrations")
    with connect(db) as con:
        rows = con.execute("SELECT task_key, body, body_key FROM v_obligations").fetchall()
    assert len(rows) == 1 and rows[0][0] and rows[0][1:] == ("Отдел образования", "отдел образования")


def test_a_failed_commit_raises_its_own_error_not_the_rollbacks(tmp_path):
    """A commit that fails ends the transaction itself (DuckDB does so on a full disk); the caller sees
    why it failed, not "cannot rollback - no transaction is active", so a full disk is taken for one."""
    import duckdb
    from warehouse.transaction import transaction
    con = duckdb.connect(str(tmp_path / "t.duckdb"))
    with pytest.raises(RuntimeError, match="No space left on device"):
        with transaction(con):
            con.execute("COMMIT")        # the transaction is over, as after a commit the disk refused
            raise RuntimeError("IO Error: No space left on device")
    assert con.execute("SELECT 1").fetchone() == (1,)
