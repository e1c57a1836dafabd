"""Words of a PDF page's text layer read by pdfium (pypdfium2), for the pages that draw nothing (so hold
no ruled table): pdfminer's parse of a page (pdfplumber) costs several times more, and only pages with
ruling lines need what it gives beyond words (its table finder). The word dicts are pdfplumber's (text, x0, x1, top, bottom, size), split the way its
extract_words splits them: chars clustered into lines by their top, a word ending at white space or at a
gap wider than X_TOLERANCE; a char's box is its font size tall, over the font's descent below its
baseline, as in pdfminer."""
from __future__ import annotations

import ctypes

X_TOLERANCE = 3.0     # pdfplumber's defaults
Y_TOLERANCE = 3.0
# pdfium's codes for a hyphen that breaks a word at a line end, and the ligatures pdfplumber expands
CHARS = {"\x02": "-", "\u00ad": "-", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def open_pdfium(path):
    """The document for pdfium, or None where pdfium cannot open it (pdfplumber then reads every page)."""
    import pypdfium2 as pdfium
    try:
        return pdfium.PdfDocument(str(path))
    except Exception:   # damaged or encrypted: pdfplumber's reading says why
        return None


def text_only_words(doc, index: int) -> list[dict] | None:
    """The words of a page that draws nothing (no lines, boxes or curves: no ruled table), or None for a
    page that draws, or whose pdfium page space is not pdfplumber's (rotated, a media or crop box off the
    origin)."""
    import pypdfium2.raw as raw
    page = doc[index]
    box = page.get_mediabox()
    if page.get_rotation() or box[0] or box[1] or page.get_cropbox() != box:
        return None
    if any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH])):
        return None
    height = page.get_height()
    tp = page.get_textpage()
    chars = []
    x, y, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    for i in range(tp.count_chars()):
        code = raw.FPDFText_GetUnicode(tp.raw, i)
        if raw.FPDFText_IsGenerated(tp.raw, i) or not code:
            continue
        text = chr(code)
        size = raw.FPDFText_GetFontSize(tp.raw, i)
        left, _, right, _ = tp.get_charbox(i, loose=True)
        raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
        descent.value = 0.0
        raw.FPDFFont_GetDescent(raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(tp.raw, i)), size, descent)
        bottom = height - y.value - descent.value      # pdfminer's box: from the font's descent, size tall
        chars.append({"text": CHARS.get(text, text), "x0": left, "x1": right, "top": bottom - size,
                      "bottom": bottom, "size": size, "space": text.isspace()})
    return _words(chars)


def _words(chars: list[dict]) -> list[dict]:
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: c["top"]):
        if lines and c["top"] - lines[-1][-1]["top"] <= Y_TOLERANCE:
            lines[-1].append(c)
        else:
            lines.append([c])
    words = []
    for line in lines:
        current: list[dict] = []
        for c in sorted(line, key=lambda c: c["x0"]):
            if current and (c["space"] or c["x0"] - current[-1]["x1"] > X_TOLERANCE):
                words.append(_word(current))
                current = []
            if not c["space"]:
                current.append(c)
        if current:
            words.append(_word(current))
    return words


def _word(chars: list[dict]) -> dict:
    return {"text": "".join(c["text"] for c in chars), "x0": chars[0]["x0"], "x1": max(c["x1"] for c in chars),
            "top": min(c["top"] for c in chars), "bottom": max(c["bottom"] for c in chars),
            "size": chars[0]["size"]}
