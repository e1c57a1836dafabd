"""What staff read, in Russian: the register's English codes and the readers' reasons mapped at display
time (warehouse/vocabulary.py), cut texts marked, numbers in words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse.vocabulary import REASON_RU, cut, locator_ru, plural, read_error_ru, reasons_ru

SOURCES = Path(__file__).resolve().parents[1] / "extractors"


def test_every_reason_the_extraction_gives_reads_in_russian(seed_register):
    """A row's reasons are the checks against it in the words of extractors/data/checks.json (Russian
    sentences already): every check has one, they pass through the vocabulary unchanged, and the seeds'
    register holds no other. A register loaded before them keeps English codes: those read in Russian."""
    import json

    import duckdb
    checks = json.loads((SOURCES / "data" / "checks.json").read_text(encoding="utf-8"))
    sentences = {v["ru"] for k, v in checks.items() if not k.startswith("_")}
    assert len(sentences) >= 20 and all(re.search("[а-яё]{3}", s) for s in sentences)   # sentences, in Russian
    assert all(reasons_ru([s]) == s for s in sentences)
    assert reasons_ru("; ".join(sorted(sentences))) == "; ".join(sorted(sentences))
    with duckdb.connect(str(seed_register), read_only=True) as con:
        stored = {r for (r,) in con.execute("SELECT DISTINCT unnest(reasons) FROM obligations").fetchall()}
    assert stored and stored <= sentences
    assert not set(REASON_RU) & sentences                                # no Russian sentence is remapped
    assert reasons_ru("responsible implied by the addressee; deadline ambiguous") == (
        "ответственный не назван в пункте, взят адресат письма; в пункте несколько сроков")
    assert reasons_ru(["ocr", "срок не найден"]) == "текст распознан со скана; срок не найден"


@pytest.mark.parametrize("where, russian", [
    ("p.2, table 2, row 2, col 2", "с. 2, табл. 2, стр. 2, кол. 2"),
    ("table 1, row 15, col 3", "табл. 1, стр. 15, кол. 3"),
    ("para 37", "абз. 37"),
    ("p.3, para 4", "с. 3, абз. 4"),
])
def test_places_in_a_file(where, russian):
    assert locator_ru(where) == russian


@pytest.mark.parametrize("reason, russian", [
    ("corrupt zip container: File is not a zip file", "файл повреждён: это не DOCX, архив внутри не читается"),
    ("unsupported file type .pdf", "файл назван .pdf, но внутри не PDF: он повреждён или сохранён в другом формате"),
    ("unsupported file type .xls", "файлы «.xls» не читаются: принимаются DOCX, PDF, DOC, RTF, ODT и TXT"),
    ("the file is 200 MiB, over the limit of 100 MiB", "файл слишком большой: 200 МиБ при пределе 100 МиБ"),
    ("encrypted PDF (password protected): it cannot be read without its password",
     "PDF защищён паролем: пришлите файл без пароля"),
    ("reading took longer than 300 s and was stopped", "чтение заняло больше 300 с и было остановлено"),
    # the readers' limits, in Russian already since they said them so (extractors/readers/limits.py)
    ("в PDF 3 000 страниц — больше предела в 500 страниц", "в PDF 3 000 страниц — больше предела в 500 страниц"),
    ("corrupt DOCX: DOCX распаковывается в 120,5 МиБ — больше предела в 100 МиБ",
     "DOCX распаковывается в 120,5 МиБ — больше предела в 100 МиБ"),
])
def test_why_a_file_was_not_read(reason, russian):
    assert read_error_ru(reason) == russian


def test_a_cut_text_ends_at_a_word_with_an_ellipsis():
    name = "Муниципальные общеобразовательные организации Козельского района"
    assert cut(name, 34) == "Муниципальные общеобразовательные…"
    assert cut(name, 200) == name and cut(None, 5) == ""
    assert all(len(cut(name, n)) <= n for n in range(2, 70))


@pytest.mark.parametrize("n, words", [(1, "1 задача"), (3, "3 задачи"), (11, "11 задач"), (16, "16 задач"),
                                      (21, "21 задача"), (104, "104 задачи")])
def test_numbers_in_words(n, words):
    assert plural(n, "задача", "задачи", "задач") == words
