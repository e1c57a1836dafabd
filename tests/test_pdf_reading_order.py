"""The reading order of a PDF page's lines: a letterhead beside an addressee block is read column by
column, a justified paragraph is not (the words are synthetic, placed as a text layer places them)."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.readers import read_document
from extractors.readers.pdf_reader import group_lines, reading_order

WIDTH = 595


def _line(top: float, *runs: tuple[float, str], space: float = 3.5, size: float = 12) -> list[dict]:
    """Words of one line; each run starts at its x, its words ``space`` apart (7 pt per letter)."""
    words = []
    for x, text in runs:
        for w in text.split():
            words.append({"text": w, "x0": x, "x1": x + 7 * len(w), "top": top, "bottom": top + size, "size": size})
            x += 7 * len(w) + space
    return words


def _order(words: list[dict]) -> list[str]:
    return [ln.text for ln in reading_order(group_lines(words), WIDTH)]


def test_a_justified_paragraph_stays_whole_however_wide_its_spaces():
    words = (_line(100, (85, "1. Обеспечить проведение обработок территорий лагерей."))
             + _line(115, (85, "Исполнители: органы местного самоуправления"), space=36)
             + _line(130, (85, "муниципальных образований Оренбургской области (по"), space=34)
             + _line(145, (85, "согласованию), руководители организаций отдыха.")))
    assert _order(words) == ["1. Обеспечить проведение обработок территорий лагерей.",
                             "Исполнители: органы местного самоуправления",
                             "муниципальных образований Оренбургской области (по",
                             "согласованию), руководители организаций отдыха."]


def test_a_justified_line_of_three_words_stays_whole():
    # a letterhead's right column starts where the justified line's second word happens to
    words = (_line(40, (85, "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"), (275, "Руководителям школ"))
             + _line(55, (85, "ул. Гагарина, д. 37"), (275, "Вельского района"))
             + _line(100, (85, "Руководителям школ необходимо:"))
             + _line(115, (85, "обеспечить проведение тестирования"), space=120)
             + _line(130, (85, "обучающихся в период с 14 по 31 октября.")))
    assert "обеспечить проведение тестирования" in _order(words)


def test_a_letterhead_beside_the_addressee_is_read_column_by_column_from_its_first_line():
    # the first two lines' columns come closer than a gutter's usual gap; the third line shows the gutter
    words = (_line(56, (139, "МИНИСТЕРСТВО"))
             + _line(84, (180, "И НАУКИ КРАЯ ЦЕНТРА"), (330, "Руководителям органов"))
             + _line(98, (190, "(Минобрнауки края)"), (330, "местного самоуправления,"))
             + _line(112, (181, "края)"), (330, "осуществляющих"))
             + _line(133, (330, "управление в сфере"))
             + _line(149, (152, "educ@edu.ru"), (330, "образования"))
             + _line(222, (85, "Об учёте детей, подлежащих обучению по программам общего образования")))
    assert _order(words) == ["МИНИСТЕРСТВО", "И НАУКИ КРАЯ ЦЕНТРА", "(Минобрнауки края)", "края)", "educ@edu.ru",
                             "Руководителям органов", "местного самоуправления,", "осуществляющих",
                             "управление в сфере", "образования",
                             "Об учёте детей, подлежащих обучению по программам общего образования"]


@pytest.mark.slow
def test_a_scanned_letterhead_beside_its_addressee_is_read_by_columns(tmp_path):
    """Tesseract takes the two columns of a letterhead for one block; their lines are read column by column."""
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)
    img = Image.new("L", (1654, 1200), 255)
    d = ImageDraw.Draw(img)
    left = ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ", "СТАВРОПОЛЬСКОГО КРАЯ", "ул. Ломоносова, д. 3", "15.01.2025 № 01-23/284"]
    right = ["Руководителям органов", "местного самоуправления", "муниципальных округов", "Ставропольского края"]
    for i, (a, b) in enumerate(zip(left, right)):
        d.text((150, 150 + 48 * i), a, font=font, fill=0)
        d.text((930, 150 + 48 * i), b, font=font, fill=0)
    d.text((150, 500), "О проведении всероссийских проверочных работ", font=font, fill=0)
    path = tmp_path / "scan.pdf"
    img.save(path, resolution=200)
    text = read_document(path).text
    assert "Руководителям органов местного самоуправления муниципальных округов Ставропольского края" in text
    assert "СТАВРОПОЛЬСКОГО КРАЯ Руководителям" not in text
