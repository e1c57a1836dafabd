"""OCR for PDF pages without a usable text layer: Tesseract (Russian) through pytesseract, giving
words with boxes in PDF points, so OCR'd pages go through the same line and paragraph grouping."""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

RESOLUTION = 250          # dpi: Cyrillic in 12 pt body text reads well from about 200 dpi
LANGUAGES = "rus+eng"
# Sauvola's local threshold instead of Tesseract's one for the whole page: where a copy of a copy, a shadow down
# the fold or a stain leaves Tesseract unsure of many words, the page (band) is read again so, and the reading with
# more words Russian knows is kept (a grey photocopy: 107 -> 167 known words; on the eval sets' scans, read so
# throughout, tables' cells and clean pages read worse, hence only as a second reading)
SAUVOLA = "-c thresholding_method=2"
UNSURE_AGAIN = 0.15
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Latin letters Tesseract puts into Russian words for their Cyrillic twins
LOOKALIKES = str.maketrans("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху")
LATIN_LOOKALIKE_WORD = re.compile(r"^[ABCEHKMOPTXY]{2,4}$")
LETTER = re.compile(r"[^\W\d_]")
STRAY_MARK = re.compile(r"^\s*[|_‚'`~¦]+\s*$")
GLUED_MARKS = "|_¦"
SKEW_MAX_TENTHS = 30      # scans are fed straight to within 3 degrees
SIDEWAYS_MIN_WORDS = 20
SIDEWAYS_CONF = 40
TURN_TRIAL_PARTS = 6      # a sixth of the page read both ways tells the turn: ten lines or so
FILL_IN_CONF = 60         # a word read again in a region is taken only when Tesseract is this sure of it
# A page read alone is read as two bands side by side, cut along a blank run of rows (at least
# BAND_GAP_PT high) in the middle of its print: one page's OCR on two cores (a one-page scan waits for
# half its Tesseract time). Whether to cut is the document's, never the machine's (pdf_reader: a
# multi-page scan's pages are read whole), so a document reads the same everywhere.
BAND_WINDOW = (0.35, 0.65)   # where the cut may fall, as parts of the print's height
BAND_GAP_PT = 2.3            # 8 px at 250 dpi: between lines of 12 pt print, never through a letter
BAND_MARGIN = 0.05           # columns left out of the blank-row test at each side: a scan's dark edges
# Tesseract runs at once (each with one thread: OMP_THREAD_LIMIT=1), shared by pages and bands read on threads
_TESSERACT_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 1)


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
    # a copier's own OCR of a page scanned sideways: letters and signs in ones and twos, hardly a word among them
    tokens = [w["text"] for w in words if LETTER.search(w["text"])]
    worded = sum(len(CYRILLIC.findall(t)) >= 4 for t in tokens)
    shredded = len(tokens) >= 40 and worded < 0.1 * len(tokens)
    return cyr / len(letters) < 0.3 or odd / len(text) > 0.05 or shredded


def cyrillic_twins(word: str) -> str:
    """"ГАПОУ CO" -> "ГАПОУ СО", "Мoсква" -> "Москва": look-alike Latin letters inside Russian text."""
    if CYRILLIC.search(word) or LATIN_LOOKALIKE_WORD.match(word):
        return word.translate(LOOKALIKES)
    return word


def skew_angle(gray) -> float:
    """The page's skew in degrees: the rotation under which the rows of ink are sharpest (their
    projection profile varies most), searched on a small copy by whole degrees, then by fifths around
    the best (on the real scans, the angle a search by fifths over the whole range finds, in half the time)."""
    small = gray.resize((max(gray.width // 4, 1), max(gray.height // 4, 1)))
    coarse = max(range(-SKEW_MAX_TENTHS, SKEW_MAX_TENTHS + 1, 10), key=lambda t: (_sharpness(small, t), -abs(t)))
    fine = [t for t in range(coarse - 8, coarse + 9, 2) if abs(t) <= SKEW_MAX_TENTHS]
    return max(fine, key=lambda t: _sharpness(small, t)) / 10


def _sharpness(small, tenths: int) -> float:
    import numpy as np
    from PIL import Image
    ink = np.asarray(small.rotate(tenths / 10, resample=Image.BILINEAR, fillcolor=255)) < 128
    return float(np.var(ink.sum(axis=1)))


def page_image(page):
    """A page rendered for OCR, greyscale (pdfium renders it: one thread at a time)."""
    return page.to_image(resolution=RESOLUTION).original.convert("L")


def straighten(gray):
    from PIL import Image
    angle = skew_angle(gray)
    return gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255) if angle else gray


def sideways(words: list[dict]) -> bool:
    """Whether OCR read a page that lies on its side (a landscape form scanned upright): many words, all
    of them doubtful (upright print reads with a median confidence over 90, text on its side under 25), or
    words read down the page, their boxes taller than wide (Tesseract reads text turned one way so)."""
    if len(words) < SIDEWAYS_MIN_WORDS:
        return False
    long = [w for w in words if len(w["text"]) >= 4]
    tall = sum(1 for w in long if w["bottom"] - w["top"] > w["x1"] - w["x0"])
    return median_conf(words) < SIDEWAYS_CONF or tall > len(long) / 2


def quarter_turn(image) -> int:
    """Which clockwise quarter turn (90 or 270) makes a page read sideways upright: the one under which the
    band (a sixth of the page) with the most ink reads with more confidence (cheaper than reading the page twice;
    Tesseract's own orientation guess is often wrong on a form of few words)."""
    import numpy as np
    ink = (np.asarray(image) < 128).sum(axis=0)          # per column of the sideways page
    part = image.width // TURN_TRIAL_PARTS
    k = max(range(TURN_TRIAL_PARTS), key=lambda i: ink[i * part:(i + 1) * part].sum())
    band = image.crop((k * part, 0, (k + 1) * part, image.height))
    best, best_conf = 90, -1.0
    for degrees in (90, 270):
        conf = median_conf(ocr_words(band.rotate(-degrees, expand=True, fillcolor=255), again=False))
        if conf > best_conf:
            best, best_conf = degrees, conf
    return best


UNSURE_CONF = 60           # a word Tesseract reads with less confidence than this may be misread


def unsure_share(words: list[dict]) -> float | None:
    """The share of OCR'd words Tesseract was unsure of; None for words of a text layer (no confidence)."""
    confs = [w["conf"] for w in words if "conf" in w]
    return round(sum(c < UNSURE_CONF for c in confs) / len(confs), 2) if confs else None


def median_conf(words: list[dict]) -> float:
    return statistics.median(w["conf"] for w in words) if words else 0.0


def turned(image, degrees: int):
    """The image turned clockwise by ``degrees``, then straightened."""
    return straighten(image.rotate(-degrees, expand=True, fillcolor=255))


def tesseract_data(image, config: str = "") -> dict:
    """pytesseract's word table of an image, handed over uncompressed (PGM): compressing a page as PNG,
    pytesseract's default, took a tenth of a second, for the same words."""
    import pytesseract
    image.format = "PPM"
    with _TESSERACT_SLOTS:
        return pytesseract.image_to_data(image, lang=LANGUAGES, config=config, output_type=pytesseract.Output.DICT)


def _known_words(data: dict) -> int:
    from extractors.nlp import morph
    return sum(morph().word_is_known(w) for w in CYRILLIC_WORD.findall(" ".join(data["text"]).lower()))


CYRILLIC_WORD = re.compile(r"[а-яё]{3,}")


def page_data(image) -> dict:
    """Tesseract's word table of a page or band; read again with Sauvola's threshold where the light is uneven
    (a shadow, a stain: the words there are lost, not misread) or Tesseract was unsure of many words, the reading
    with more known words kept."""
    data = tesseract_data(image)
    confs = [float(c) for c, t in zip(data["conf"], data["text"]) if t.strip() and float(c) >= 0]
    unsure = sum(c < UNSURE_CONF for c in confs) / len(confs) if confs else 1.0
    if unsure < UNSURE_AGAIN and not uneven_light(image):
        return data
    again = tesseract_data(image, SAUVOLA)
    return again if _known_words(again) > _known_words(data) else data


UNEVEN_PAPER = 60      # grey levels between the lightest and the darkest paper of a page's blocks


def uneven_light(image) -> bool:
    """The paper's own grey (the lightest tenth of each block of the page) differs across the page by more than
    UNEVEN_PAPER: a shadow down the fold, a stain, a copy's dark patch."""
    import numpy as np
    a = np.asarray(image.reduce(4))
    rows, cols = a.shape[0] // 40, a.shape[1] // 40
    if rows < 2 or cols < 2:
        return False
    blocks = a[:rows * 40, :cols * 40].reshape(rows, 40, cols, 40).transpose(0, 2, 1, 3).reshape(rows, cols, -1)
    paper = np.percentile(blocks, 90, axis=2)
    return float(paper.max() - paper.min()) > UNEVEN_PAPER


def ocr_words(image, banded: bool = True, again: bool = True) -> list[dict]:
    """Words of a page image (page_image, straightened) read by Tesseract, in page points: its bands
    (band_cut) read side by side, each band's lines after the one above; ``banded`` False for a ruled
    table's page (with its lines erased, a band reads a cell's lone number worse: "1.1" as "Е] К")."""
    cut = band_cut(image) if banded else None
    boxes = [(0, 0, image.width, image.height)] if cut is None else \
        [(0, 0, image.width, cut), (0, cut, image.width, image.height)]
    with ThreadPoolExecutor(len(boxes), thread_name_prefix="band") as pool:
        read = page_data if again else tesseract_data     # (turning a page to find its top: one reading)
        tables = list(pool.map(lambda box: read(image.crop(box)), boxes))
    words = []
    for n, (box, data) in enumerate(zip(boxes, tables)):
        for w in _words(data):
            w["top"] += box[1] * 72 / RESOLUTION
            w["bottom"] += box[1] * 72 / RESOLUTION
            w["line"] = (n,) + w["line"]
            words.append(w)
    return words


def band_cut(image) -> int | None:
    """The pixel row where a page image is cut in two bands: the middle of the tallest blank run of rows in
    the middle of its print (the one nearest the middle among equals), or None where no run is blank
    (a page of one block, a table whose lines run through)."""
    import numpy as np
    margin = int(image.width * BAND_MARGIN)
    ink = (np.asarray(image)[:, margin:image.width - margin] < 128).sum(axis=1)
    blank = ink <= max(3, image.width // 400)
    printed = np.nonzero(~blank)[0]
    if len(printed) == 0:
        return None
    top, bottom = int(printed[0]), int(printed[-1])
    lo, hi = (int(top + (bottom - top) * part) for part in BAND_WINDOW)
    min_gap = round(BAND_GAP_PT * RESOLUTION / 72)
    best, best_key, y = None, None, lo
    while y < hi:
        if not blank[y]:
            y += 1
            continue
        start = y
        while y < bottom and blank[y]:
            y += 1
        mid = (start + y) // 2
        key = (y - start, -abs(mid - (top + bottom) / 2))
        if y - start >= min_gap and (best_key is None or key > best_key):
            best, best_key = mid, key
    return best


def ocr_cell(image) -> list[dict]:
    """Words of one cell's image (where the page's OCR found none), read at twice the size as one block of
    text: a short number alone in a narrow cell is what page segmentation tends to miss."""
    from PIL import Image
    big = image.resize((image.width * 2, image.height * 2), Image.BICUBIC)
    words = _words(tesseract_data(big, "--psm 6"))
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
        words.append({"text": cyrillic_twins(_unglued(text)), "x0": left * scale, "x1": (left + width) * scale, "top": top * scale,
                      "bottom": (top + height) * scale, "size": max(height * scale, 6.0),
                      "line": (data["block_num"][i], data["par_num"][i], data["line_num"][i]), "conf": conf})
    return words


def _unglued(text: str) -> str:
    """A word without the rest of a ruling line or an underline OCR glued to it ("социопсихо-_", "|области")."""
    word = text.strip()
    bare = word.strip(GLUED_MARKS)
    return bare if bare else word


def ocr_lines(words: list[dict]) -> list[list[dict]]:
    """Tesseract's own lines, in its reading order (it has already split columns into blocks)."""
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault(w["line"], []).append(w)
    return list(lines.values())
