"""What staff read, in Russian: the register's English codes and the readers' reasons mapped at display
time (warehouse/vocabulary.py), cut texts marked, numbers in words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from warehouse.vocabulary import REASON_RU, cut, locator_ru, plural, read_error_ru, reasons_ru

SOURCES = Path(__file__).resolve().parents[1] / "extractors"


def test_every_reason_the_extraction_gives_has_its_russian():
    """Every reason literal the extractors write."""
    written = {m for f in SOURCES.glob("*.py") for m in re.findall(
        r'"((?:responsible|no responsible|deadline)[a-z :]+|ocr)"', f.read_text(encoding="utf-8"))}
    written -= {"responsible implied", "no responsible", "responsible_line"}   # prefixes the code tests, not reasons
    assert len(written) >= 7 and written <= set(REASON_RU)
    assert reasons_ru("responsible implied by the addressee; deadline ambiguous") == (
        "ответственный не назван в пункте, взят адресат письма; в пункте несколько сроков")


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
