"""OCR for PDF pages without a usable text layer: Tesseract (Russian) through pytesseract, giving
words with boxes in PDF points, so OCR'd pages go through the same line and paragraph grouping."""
from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

RESOLUTION = 250          # dpi: Cyrillic in 12 pt body text reads well from about 200 dpi
LANGUAGES = "rus+eng"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Latin letters Tesseract puts into Russian words for their Cyrillic twins
LOOKALIKES = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")
LATIN_LOOKALIKE_WORD = re.compile(r"^[ABCEHKMOPTXY]{2,4}$")
LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def tesseract_missing() -> str | None:
    """Why OCR cannot run here, or None when Tesseract with Russian is installed."""
    exe = shutil.which("tesseract")
    if not exe:
        return "Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-rus)"
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    if "rus" not in langs:
        return "Tesseract has no Russian language data (apt-get install tesseract-ocr-rus)"
    return None


def is_garbage(words: list[dict]) -> bool:
    """A text layer that cannot be Russian prose: fonts mapped to Latin look-alikes or to (cid:…)
    codes, or private-use characters, where an education authority writes Cyrillic."""
    text = "".join(w["text"] for w in words)
    letters = LETTER.findall(text)
    if len(letters) < 40:
        return False
    odd = sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff") + text.count("(cid:") * 5
    cyr = len(CYRILLIC.findall(text))
    return cyr / len(letters) < 0.3 or odd / len(text) > 0.05


def cyrillic_twins(word: str) -> str:
    """"ГАПОУ CO" -> "ГАПОУ СО", "Мoсква" -> "Москва": look-alike Latin letters inside Russian text."""
    if CYRILLIC.search(word) or LATIN_LOOKALIKE_WORD.match(word):
        return word.translate(LOOKALIKES)
    return word


def ocr_words(page) -> list[dict]:
    """Words of a pdfplumber page read by Tesseract, in the page's coordinates."""
    import pytesseract
    image = page.to_image(resolution=RESOLUTION).original
    data = pytesseract.image_to_data(image, lang=LANGUAGES, output_type=pytesseract.Output.DICT)
    scale = 72 / RESOLUTION
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text.strip() or conf < 0 or (conf < 60 and not any(ch.isalnum() for ch in text)):
            continue   # stray marks of the scan (dashes, bars, specks) that Tesseract is unsure of
        left, top, width, height = (data[k][i] for k in ("left", "top", "width", "height"))
        words.append({"text": cyrillic_twins(text.strip()), "x0": left * scale, "x1": (left + width) * scale, "top": top * scale,
                      "bottom": (top + height) * scale, "size": max(height * scale, 6.0),
                      "line": (data["block_num"][i], data["par_num"][i], data["line_num"][i])})
    return words


def ocr_lines(words: list[dict]) -> list[list[dict]]:
    """Tesseract's own lines, in its reading order (it has already split columns into blocks)."""
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault(w["line"], []).append(w)
    return list(lines.values())
