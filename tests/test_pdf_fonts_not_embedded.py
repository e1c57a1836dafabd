"""A PDF whose fonts are not embedded and whose Widths arrays do not cover its Cyrillic codes (an old Word's
"TimesNewRoman" in a custom encoding, drawn "100 Tf" at a scale of 0.12): pdfminer gives its letters no
width, and words sorted by x came out as anagrams ("НИУЦМИПЛАНЬОЕ"). The page is read with pdfium's own
char boxes. The fixture is page 70 of a real programme of a children's art school (corpus/sources/rg.md,
rg01), the plan table "Направления | Сроки реализации" whose term cells also name who ("Директор, 2014 год")."""
from __future__ import annotations

from pathlib import Path

import pdfplumber

from extractors.pipeline import contract, extract
from extractors.readers import read_document
from extractors.readers.pdf_page import pdfminer_page
from extractors.readers.pdf_words import widthless

PDF = Path(__file__).parent / "pdfs" / "plan_fonts_not_embedded.pdf"


def test_pdfminer_gives_the_letters_no_width():
    with pdfplumber.open(PDF) as pdf:
        assert widthless(pdfminer_page(pdf.pages[0]).chars)


def test_the_words_read_in_order():
    doc = read_document(PDF)
    assert "Внесение дополнений и изменений в лицензию" in doc.text
    assert "Утверждение внесенных изменений в Устав" in doc.text


def test_a_term_cell_that_names_who_gives_the_responsible_and_the_term():
    doc = read_document(PDF)
    rows = {o["text"]: o for o in contract(doc, extract(doc, with_entities=False))["obligations"]}
    licence = rows["Внесение дополнений и изменений в лицензию"]
    assert [r["name"] for r in licence["responsible"]] == ["Директор"]
    assert (licence["deadline"]["start"], licence["deadline"]["end"]) == ("2014-01-01", "2014-12-31")
    assert "Подготовка нормативно-правовой основы" not in rows   # a section row of the plan
