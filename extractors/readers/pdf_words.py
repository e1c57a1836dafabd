"""The characters of a PDF page's text layer read by pdfium (pypdfium2), as pdfminer makes them for
pdfplumber (whose parse of a page costs several times more): pdfplumber's char dicts (text, x0, x1, top,
bottom, doctop, size, upright) in content order, a box its font size tall over the descent pdfminer
reads from the font's descriptor (pdf_fonts.py); spaces pdfium generates between words are left out, as
pdfminer has none. pdfplumber's own extract_words and table finder run on them (pdf_page.py)."""
from __future__ import annotations

import ctypes

import pypdfium2.raw as raw
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE as X_TOLERANCE, DEFAULT_Y_TOLERANCE as Y_TOLERANCE

from extractors.readers.pdf_fonts import font_key

# FPDFText_GetTextObject giving the object's address as an int (a dict key without a cast per char)
TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, raw.FPDF_TEXTPAGE, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value)
WHITE = {32, 10, 13}   # what pdfium generates: spaces between words, line ends
# pdfium's codes for a hyphen that breaks a word at a line end, and the ligatures pdfplumber expands
CHARS = {"\x02": "-", "\u00ad": "-", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def open_pdfium(path):
    """The document for pdfium, or None where pdfium cannot open it (pdfplumber then reads every page)."""
    import pypdfium2 as pdfium
    try:
        return pdfium.PdfDocument(str(path))
    except Exception:   # damaged or encrypted: pdfplumber's reading says why
        return None


def page_chars(page, height: float, descents: dict[str, float | None]) -> list[dict] | None:
    """The page's characters in content order, y from the page's top (``height`` its height), each box
    hung from its font's descent as pdfminer has it (``descents``: pdf_fonts.font_descents); None when a
    char is turned (pdfplumber lays out text that is not upright its own way), its font's descent is not
    known for sure, or pdfium generated a space where the gap alone would not break the word on a page
    with text pdfium reads as blank (the space may be a real one pdfium dropped)."""
    tp = page.get_textpage()
    text_page = tp.raw
    chars = []
    x, y, box = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
    fonts: dict[int | None, float | None] = {}     # pdfium's font handle -> pdfminer's descent
    objects: dict[int | None, tuple | None] = {}   # text object -> (descent, size), None: not for pdfium
    after_space = None   # the char before a space pdfium generated
    blank = None         # whether the page shows text pdfium reads as nothing (looked at when it matters)
    for i in range(tp.count_chars()):
        code = raw.FPDFText_GetUnicode(text_page, i)
        if not code or (code in WHITE and raw.FPDFText_IsGenerated(text_page, i)):
            if code == 32 and chars and not chars[-1]["text"].isspace():
                after_space = chars[-1]
            continue
        key = TEXT_OBJECT_ADDRESS(text_page, i)
        if key not in objects:   # a text object's chars share its font, size and turn
            objects[key] = _object_metrics(text_page, i, key, fonts, descents) if key else None
        metrics = objects[key]
        if metrics is None or not raw.FPDFText_GetLooseCharBox(text_page, i, box):
            return None
        descent, size = metrics
        text = chr(code)
        raw.FPDFText_GetCharOrigin(text_page, i, x, y)
        bottom = height - y.value - descent * size      # pdfminer's box: from the font's descent, size tall
        if (after_space and not text.isspace() and abs(bottom - size - after_space["top"]) <= Y_TOLERANCE
                and box.left - after_space["x1"] <= X_TOLERANCE):
            if blank is None:
                blank = _has_blank_text(page, tp)
            if blank:
                return None   # the space may be one pdfium could not map: a word break only pdfminer sees
        after_space = None
        chars.append({"text": CHARS.get(text, text), "x0": box.left, "x1": box.right, "top": bottom - size,
                      "doctop": bottom - size, "bottom": bottom, "size": size, "upright": True})
    return chars


def _object_metrics(text_page, i: int, address: int, fonts: dict, descents: dict) -> tuple | None:
    """(pdfminer's descent of its font, its size) for the text object of char i, or None where the chars
    are turned or the font's descent is not known for sure."""
    if raw.FPDFText_GetCharAngle(text_page, i):
        return None
    font = raw.FPDFTextObj_GetFont(ctypes.cast(address, raw.FPDF_PAGEOBJECT))
    handle = ctypes.cast(font, ctypes.c_void_p).value
    if handle not in fonts:
        fonts[handle] = descents.get(font_key(_font_name(font))) if handle else None
    return None if fonts[handle] is None else (fonts[handle], raw.FPDFText_GetFontSize(text_page, i))


def _has_blank_text(page, tp) -> bool:
    """Whether a text object of the page reads as blank: a space pdfium cannot map to Unicode, which it
    leaves out, generating a space of its own in its place (pdfminer has the space: its word break)."""
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
        n = raw.FPDFTextObj_GetText(obj.raw, tp.raw, None, 0)
        buf = ctypes.create_string_buffer(n)
        raw.FPDFTextObj_GetText(obj.raw, tp.raw, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), n)
        if not buf.raw.decode("utf-16-le", "replace").strip("\x00 \t\r\n"):
            return True
    return False


def _font_name(font) -> str:
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buf, size)
    return buf.value.decode("utf-8", "replace")
