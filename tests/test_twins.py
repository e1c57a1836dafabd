"""Near-duplicate twins on real fixtures: a scan is one document with its text layer; different
documents of one genre, and re-sent versions of a letter, stay apart."""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from extractors.readers import read_document
from flows.ingest import ingest_file
from warehouse.corrections import changes, record
from warehouse.db import connect, writing
from warehouse.twins import TWIN_SIMILARITY, Contents, contents_compatible, signature, similarity

LETTER = FIXTURES / "letter_lettered_items.docx"


def log_of(db: Path) -> dict[str, tuple[str, str | None]]:
    with connect(db, read_only=True) as con:
        return {f: (o, r) for f, o, r in con.execute("SELECT file, outcome, reason FROM ingest_log").fetchall()}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    names = ["plan_merged_cells.docx", "plan_merged_cells.pdf", "plan_scanned.pdf", "plan_borderless.docx",
             "plan_continued_tables.docx", "plan_merged_over_break.docx", "letter_lettered_items.docx"]
    return {n: read_document(FIXTURES / n).text for n in names}


def test_the_scan_scores_as_a_twin_and_plans_of_one_school_do_not(texts):
    scan = signature(texts["plan_scanned.pdf"])
    assert similarity(signature(texts["plan_merged_cells.docx"]), scan) >= 0.9
    assert contents_compatible(texts["plan_merged_cells.pdf"], texts["plan_scanned.pdf"], either_scanned=True)
    plans = ["plan_borderless.docx", "plan_continued_tables.docx", "plan_merged_over_break.docx"]   # one school's
    for a, b in itertools.combinations(plans, 2):
        assert similarity(signature(texts[a]), signature(texts[b])) < TWIN_SIMILARITY - 0.3, (a, b)


def test_a_scan_after_its_text_layer_is_a_twin(tmp_path):
    db = tmp_path / "t.duckdb"
    assert ingest_file(FIXTURES / "plan_merged_cells.docx", db).outcome == "loaded"
    assert ingest_file(FIXTURES / "plan_scanned.pdf", db).outcome == "twin"
    outcome, reason = log_of(db)["plan_scanned.pdf"]
    assert reason.startswith("same content read with noise") and "plan_merged_cells.docx" in reason
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


@pytest.mark.slow
def test_a_text_layer_after_its_scan_replaces_it(tmp_path, request):
    """The scan lost "IV квартал" to OCR ("Т\\ квартал"): the text layer, read rather than guessed, is
    kept; the scan stays in the history, superseded."""
    db = tmp_path / "t.duckdb"
    assert ingest_file(FIXTURES / "plan_scanned.pdf", db).outcome == "loaded"
    with connect(db) as con:      # a person closed a task of the scan: it stays closed in the text layer
        key = con.execute("SELECT task_key FROM obligations WHERE number = '2.1'").fetchone()[0]
        record(con, key, changes(status="done"), "Иванова", "сделано")
    assert ingest_file(FIXTURES / "plan_merged_cells.pdf", db).outcome == "loaded"
    assert ingest_file(FIXTURES / "plan_merged_cells.docx", db).outcome == "twin"
    assert log_of(db)["plan_merged_cells.pdf"][1].startswith("replaces its scan: same content read with noise")
    with connect(db, read_only=True) as con:
        kept = con.execute("SELECT file_name FROM documents WHERE superseded_by IS NULL").fetchall()
        rows, distinct = con.execute("SELECT count(*), count(DISTINCT (task_key, body_key)) FROM v_municipality_obligations "
                                     "WHERE municipality LIKE 'Лужск%'").fetchone()
        files = con.execute("SELECT DISTINCT file_name FROM v_obligations").fetchall()
        history = con.execute("SELECT DISTINCT file_name FROM v_obligations_history ORDER BY 1").fetchall()
        quarter = con.execute("SELECT deadline_raw FROM v_obligations WHERE item = '1.1'").fetchall()
        closed = con.execute("SELECT DISTINCT status, file_name FROM v_obligations WHERE item = '2.1'").fetchall()
    assert kept == [("plan_merged_cells.pdf",)] and files == kept
    assert rows == distinct > 0
    assert history == [("plan_merged_cells.pdf",), ("plan_scanned.pdf",)]
    assert quarter and all("IV квартал" in raw for (raw,) in quarter)
    assert closed == [("done", "plan_merged_cells.pdf")]
    request.getfixturevalue("newer_extractor")      # the scan read again by a newer extractor stays replaced
    assert ingest_file(FIXTURES / "plan_scanned.pdf", db).outcome == "reloaded"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT file_name FROM documents WHERE superseded_by IS NULL").fetchall() == kept


def variant(tmp_path: Path, name: str, text: str, old: str, new: str) -> Path:
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def resent_docx(path: Path, old: str, new: str) -> Path:
    """The letter fixture re-sent with one change, as its author would save it again."""
    import docx
    d = docx.Document(str(LETTER))
    changed = [p for p in d.paragraphs if old in p.text]
    assert changed
    for p in changed:
        p.text = p.text.replace(old, new)
    d.save(str(path))
    return path


@pytest.mark.parametrize("old, new", [("до 19 марта 2021", "до 26 марта 2021"),     # a moved deadline
                                      ("в течение 10 рабочих", "в течение 5 рабочих")])   # a changed term
def test_a_resent_letter_that_changes_a_date_or_number_is_a_new_version(tmp_path, texts, old, new):
    """Same number, date and sender, nearly the same words: a new version, never a twin."""
    db = tmp_path / "t.duckdb"
    assert ingest_file(LETTER, db).outcome == "loaded"
    resent = resent_docx(tmp_path / "resent.docx", old, new)
    assert similarity(signature(texts[LETTER.name]), signature(read_document(resent).text)) >= TWIN_SIMILARITY
    assert ingest_file(resent, db).outcome == "new_version"
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT file_name FROM documents WHERE superseded_by IS NULL").fetchall() == [("resent.docx",)]


def test_a_date_written_in_words_is_one_of_the_documents_dates(tmp_path, texts):
    """"не позднее двадцать второго марта 2024 года": a term the deadline grammar reads, so the twin check
    keeps it as the 22nd (it stopped the document's load with a ValueError)."""
    assert Contents.of("не позднее двадцать второго марта 2024 года и пятнадцатого мая").dates == \
        {(22, 3, 2024), (15, 5, None)}
    db = tmp_path / "t.duckdb"
    words = variant(tmp_path, "words.txt", texts[LETTER.name], "до 19 марта 2021", "до девятнадцатого марта 2021")
    assert ingest_file(words, db).outcome == "loaded"


def test_a_plan_without_number_that_moves_a_date_is_another_document(tmp_path, texts):
    db = tmp_path / "t.duckdb"
    text = texts["plan_merged_cells.docx"].replace("от 14.09.2021 № 312", "")   # a plan with no number or date
    first = tmp_path / "plan.txt"
    first.write_text(text, encoding="utf-8")
    assert ingest_file(first, db).outcome == "loaded"
    assert ingest_file(variant(tmp_path, "plan2.txt", text, "до 01.12.2021", "до 15.12.2021"), db).outcome == "loaded"
    retyped = variant(tmp_path, "plan3.txt", text, "Информационно-методический", "Информационнометодический")
    assert ingest_file(retyped, db).outcome == "twin"


def test_documents_with_other_registration_numbers_are_not_twins(tmp_path, texts):
    db = tmp_path / "t.duckdb"
    assert ingest_file(LETTER, db).outcome == "loaded"
    other = variant(tmp_path, "other.txt", texts["letter_lettered_items.docx"], "№ ОБ-04/1187", "№ ОБ-04/1190")
    assert ingest_file(other, db).outcome == "loaded"


def test_a_register_from_before_030_gets_signatures_and_its_twins_merged(tmp_path, monkeypatch, texts):
    """A register made before migration 030, holding the text layer and the scan of one plan as two
    documents: migrating fills their signatures and bands from their kept texts and supersedes the
    later by the earlier; a scan arriving afterwards is a twin."""
    import duckdb

    import warehouse.db as wdb
    old = tmp_path / "old_migrations"
    old.mkdir()
    for f in wdb.MIGRATIONS.glob("*.sql"):
        if int(f.name[:3]) < 30:
            shutil.copy(f, old)
    db = tmp_path / "old.duckdb"
    monkeypatch.setattr(wdb, "MIGRATIONS", old)
    with duckdb.connect(str(db)) as con:
        wdb.migrate(con)
        for doc_id, name, seq in (("d1", "plan_merged_cells.docx", 7), ("d2", "plan_scanned.pdf", 8)):
            con.execute("INSERT INTO documents (doc_id, file_name, format, doc_type, extractor_version, load_seq) "
                        "VALUES (?, ?, 'docx', 'plan', '0.1', ?)", [doc_id, name, seq])
            con.execute("INSERT INTO document_texts VALUES (?, ?, ?)", [doc_id, texts[name], seq])
    monkeypatch.setattr(wdb, "MIGRATIONS", wdb.Path(wdb.__file__).parent / "migrations")
    with connect(db) as con:
        assert con.execute("SELECT doc_id, count(*), min(load_seq) FROM doc_bands GROUP BY 1 ORDER BY 1"
                           ).fetchall() == [("d1", 16, 7), ("d2", 16, 8)]
        assert con.execute("SELECT minhash FROM documents WHERE doc_id = 'd1'").fetchone()[0] == \
            signature(texts["plan_merged_cells.docx"])
        assert con.execute("SELECT doc_id, superseded_by FROM documents ORDER BY 1").fetchall() == \
            [("d1", None), ("d2", "d1")]
        assert con.execute("SELECT outcome, reason LIKE 'merged by migration 030: same content read with noise%' "
                           "FROM ingest_log").fetchall() == [("twin", True)]
        assert con.execute("SELECT dates_named, digit_runs FROM documents WHERE doc_id = 'd1'").fetchone() == \
            Contents.of(texts["plan_merged_cells.docx"]).to_store()          # migration 035, from the kept text
    assert ingest_file(FIXTURES / "plan_scanned.pdf", db).outcome == "twin"
    with connect(db, read_only=True) as con:   # the analysts' base was published with doc_bands in it
        assert con.execute("SELECT count(*) FROM doc_bands").fetchone()[0] == 32


def test_a_family_of_template_letters_is_told_apart_by_their_kept_dates_and_digits(tmp_path, texts):
    """Twelve plans without a number that differ in one quantity (a monthly template) score alike; each
    is a document of its own, and a re-typed copy of the tenth is its twin, found from the dates and
    digit runs kept beside each document: the siblings' texts are not read (here they are gone)."""
    db = tmp_path / "t.duckdb"
    text = texts["plan_merged_cells.docx"].replace("от 14.09.2021 № 312", "")
    family = [variant(tmp_path, f"plan{k}.txt", text, "до 01.12.2021", f"до 01.12.2021 (отчёт № {100 + k})")
              for k in range(12)]
    assert [ingest_file(p, db).outcome for p in family] == ["loaded"] * 12
    with writing(db) as con:
        con.execute("DELETE FROM document_texts")
    copy = variant(tmp_path, "copy.txt", family[9].read_text(encoding="utf-8"), "Информационно-методический",
                   "Информационнометодический")
    assert ingest_file(copy, db).outcome == "twin"
    assert log_of(db)["copy.txt"][1].endswith(f"as plan9.txt ({read_document(family[9]).origin.sha256})")
