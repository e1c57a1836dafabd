"""A scan with a dark shadow down the fold (a book copier's, a copy of a copy): Tesseract's one threshold for the
whole page turns the shadowed half black; srok asks for Sauvola's local threshold, so the words under the shadow
are read (the page is drawn here as such a copy leaves it)."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractors.pipeline import contract, extract
from extractors.readers import read_document

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LINES = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ВОЛГОГРАДА", "18.11.2024 № 1037",
         "Руководителям общеобразовательных организаций обеспечить",
         "проведение родительских собраний по вопросам безопасности",
         "дорожного движения до 20 ноября 2024 года.",
         "Информацию о проведенных мероприятиях направить в",
         "управление образования не позднее 25 ноября 2024 года."]


def _shadowed_page(path, shadow: int = 150, ink: int = 100) -> None:
    """An A4 page at 250 dpi, grey print, a shadow ``shadow`` levels deep at the fold, saved as an image-only PDF."""
    img = Image.new("L", (2067, 2923), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    for i, line in enumerate(LINES):
        d.text((180, 260 + i * 95), line, fill=ink, font=font)
    a = np.asarray(img).astype(float)
    x = np.arange(a.shape[1])
    a -= (shadow * np.exp(-((x - 1030) / 300.0) ** 2))[None, :]
    Image.fromarray(np.clip(a, 0, 255).astype("uint8")).save(path, resolution=250)


def test_words_under_a_shadow_down_the_fold_are_read(tmp_path):
    path = tmp_path / "copy.pdf"
    _shadowed_page(path)
    doc = read_document(path)
    data = contract(doc, extract(doc, with_entities=False))
    assert "родительских собраний" in doc.text and "мероприятиях" in doc.text
    assert [o["deadline"]["end"] for o in data["obligations"]] == ["2024-11-20", "2024-11-25"]
