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
STRAY_MARK = re.compile(r"^\s*[|_‚'`~¦]+\s*$")
SKEW_MAX_TENTHS = 30      # scans are fed straight to within 3 degrees
FILL_IN_CONF = 60         # a word read again in a region is taken only when Tesseract is this sure of it


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


def skew_angle(gray) -> float:
    """The page's skew in degrees: the rotation under which the rows of ink are sharpest (their
    projection profile varies most), searched on a small copy."""
    import numpy as np
    from PIL import Image
    small = gray.resize((max(gray.width // 4, 1), max(gray.height // 4, 1)))
    best, best_angle = -1.0, 0.0
    for angle in [a / 10 for a in range(-SKEW_MAX_TENTHS, SKEW_MAX_TENTHS + 1, 2)]:
        ink = np.asarray(small.rotate(angle, resample=Image.BILINEAR, fillcolor=255)) < 128
        score = float(np.var(ink.sum(axis=1)))
        if score > best:
            best, best_angle = score, angle
    return best_angle


def scan_image(page):
    """A page rendered for OCR: greyscale, turned straight."""
    from PIL import Image
    gray = page.to_image(resolution=RESOLUTION).original.convert("L")
    angle = skew_angle(gray)
    return gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255) if angle else gray


def ocr_words(page, image=None) -> list[dict]:
    """Words of a pdfplumber page read by Tesseract, in the page's coordinates (of its straightened image)."""
    import pytesseract
    image = scan_image(page) if image is None else image
    data = pytesseract.image_to_data(image, lang=LANGUAGES, output_type=pytesseract.Output.DICT)
    return _words(data)


def ocr_cell(image) -> list[dict]:
    """Words of one cell's image (where the page's OCR found none), read at twice the size as one block of
    text: a short number alone in a narrow cell is what page segmentation tends to miss."""
    import pytesseract
    from PIL import Image
    big = image.resize((image.width * 2, image.height * 2), Image.BICUBIC)
    data = pytesseract.image_to_data(big, lang=LANGUAGES, config="--psm 6", output_type=pytesseract.Output.DICT)
    words = _words(data)
    for w in words:
        for k in ("x0", "x1", "top", "bottom", "size"):
            w[k] /= 2
    return words


def read_region(image, box: tuple[int, int, int, int]) -> list[dict]:
    """Words of a region of the page image (pixels: left, top, right, bottom) read on its own, in page points."""
    scale = 72 / RESOLUTION
    words = ocr_cell(image.crop(box))
    for w in words:   # from the crop's pixels to page points
        for k, off in (("x0", box[0]), ("x1", box[0]), ("top", box[1]), ("bottom", box[1])):
            w[k] += off * scale
    return words


def fill_in(image, words: list[dict], boxes: list[tuple[float, float, float, float]]) -> list[dict]:
    """Words found by reading each box (page points) of the image again on its own that the page's OCR
    missed: its page segmentation drops a lone "6." or "2016 год" in a narrow column. A word cut by the
    box's edge, or lying over a word the page already has, is left out."""
    px = RESOLUTION / 72
    found = []
    for n, (x0, top, x1, bottom) in enumerate(boxes):
        box = (max(int(x0 * px), 0), max(int(top * px), 0), min(int(x1 * px), image.width), min(int(bottom * px), image.height))
        if box[2] - box[0] < 8 or box[3] - box[1] < 8:
            continue
        edge = 2 / px
        new = [w for w in read_region(image, box) if w["conf"] >= FILL_IN_CONF
               and w["x0"] > x0 + edge and w["x1"] < x1 - edge and not any(_overlap(w, o) for o in words + found)]
        for w in new:
            w["line"] = ("box", n) + w["line"]   # lines of their own, not the page's of the same number
        found += new
    return found


def _overlap(a: dict, b: dict) -> bool:
    w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return w > 0 and h > 0 and w * h > 0.3 * min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                                                   (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))


def _words(data: dict) -> list[dict]:
    scale = 72 / RESOLUTION
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text.strip() or conf < 0 or (conf < 60 and not any(ch.isalnum() for ch in text)) \
                or STRAY_MARK.match(text):
            continue   # stray marks of the scan (dashes, bars, specks, rests of ruling lines)
        left, top, width, height = (data[k][i] for k in ("left", "top", "width", "height"))
        words.append({"text": cyrillic_twins(text.strip()), "x0": left * scale, "x1": (left + width) * scale, "top": top * scale,
                      "bottom": (top + height) * scale, "size": max(height * scale, 6.0),
                      "line": (data["block_num"][i], data["par_num"][i], data["line_num"][i]), "conf": conf})
    return words


def ocr_lines(words: list[dict]) -> list[list[dict]]:
    """Tesseract's own lines, in its reading order (it has already split columns into blocks)."""
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault(w["line"], []).append(w)
    return list(lines.values())
