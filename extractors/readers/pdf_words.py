"""The characters of a PDF page's text layer read by pdfium (pypdfium2), as pdfminer makes them for
pdfplumber (whose parse of a page costs several times more): pdfplumber's char dicts (text, x0, x1, top,
bottom, doctop, size, upright) in content order, a box its font size tall over the descent pdfminer
reads from the font's descriptor (pdf_fonts.py); spaces pdfium generates between words are left out, as
pdfminer has none, and those it could not map put in, as pdfminer has them (pdf_blanks.py).
pdfplumber's own extract_words and table finder run on them (pdf_page.py)."""
from __future__ import annotations

import ctypes

import pypdfium2.raw as raw
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE as X_TOLERANCE, DEFAULT_Y_TOLERANCE as Y_TOLERANCE

from extractors.readers.pdf_blanks import BlankSpaces
from extractors.readers.pdf_fonts import pdfium_font_key

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


class LoadedPages:
    """A pdfium document's pages, each loaded (its content parsed) once for both blank_pages and the page
    loop, which loaded every page twice; the first KEEP kept in between, the rest loaded again."""
    KEEP = 64

    def __init__(self, doc):
        self.doc, self.pages = doc, {}

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, index: int):
        page = self.pages.get(index)
        if page is None:
            page = self.doc[index]
            if index < self.KEEP:
                self.pages[index] = page
        return page

    def done(self, index: int) -> None:
        """The page loop is through with the page: it need not be kept."""
        self.pages.pop(index, None)

    def close(self) -> None:
        self.pages.clear()
        self.doc.close()


def page_chars(page, height: float, descents: dict[str, float | None], own_metrics: bool = False) -> list[dict] | None:
    """The page's characters in content order, y from the page's top (``height`` its height), each box
    hung from its font's descent as pdfminer has it (``descents``: pdf_fonts.font_descents); None when a
    char is turned (pdfplumber lays out text that is not upright its own way) or its font's descent is
    not known for sure.

    A text object pdfium reads as blank is a space it could not map (Word writes spaces so, hundreds on a
    page of a plan): pdfium leaves it out, generating a space of its own where the gap looks like one;
    pdfminer has it, a char at the object's origin. Where pdfium generated a space between chars too
    close for the gap to break the word, on a page holding blank objects, the page is read again with
    each blank object put in where pdfminer has it (pdf_blanks.py), so words and cells break as pdfminer's
    do. Elsewhere they stay out, as they were before they were put in anywhere: the gaps break the same
    words, and a page's reading stays as it was (a blank object set after a tab among a cell's letters,
    pdfminer's "Р азработка", is not worth changing a reading for).

    ``own_metrics``: each char takes pdfium's own box, its font's ascent to its descent, for a page whose
    chars pdfminer cannot place (widthless): there is no pdfminer reading to match."""
    tp = page.get_textpage()
    chars, missed = _chars(page, tp, height, descents, None, own_metrics)
    if missed and not own_metrics:   # there is no pdfminer reading to match
        blanks = BlankSpaces(page, tp, height, descents)
        if blanks.blank:
            chars, _ = _chars(page, tp, height, descents, blanks)
    return chars


def widthless(chars: list[dict]) -> bool:
    """Whether pdfminer gave most of a page's letters no width: a font not embedded whose Widths array
    does not cover its codes (an old Word's custom-encoded Cyrillic TrueType). Its words, sorted by x,
    come out as anagrams ("НИУЦМИПЛАНЬОЕ"), while pdfium takes the widths of the font it substitutes."""
    letters = [c for c in chars if not c["text"].isspace()]
    return len(letters) >= 20 and sum(c["x1"] - c["x0"] < 0.01 for c in letters) > 0.3 * len(letters)


def _chars(page, tp, height: float, descents: dict, blanks: BlankSpaces | None,
           own_metrics: bool = False) -> tuple[list[dict] | None, bool]:
    """page_chars, with ``blanks`` put in or without them; and whether a space pdfium generated lies
    where the gap alone would not break the word."""
    text_page = tp.raw
    chars = []
    x, y, box = ctypes.c_double(), ctypes.c_double(), raw.FS_RECTF()
    fonts: dict[int | None, float | None] = {}     # pdfium's font handle -> pdfminer's descent
    objects: dict[int | None, tuple | None] = {}   # text object -> (descent, size), None: not for pdfium
    after_space = None   # the char before a space pdfium generated
    missed = False
    for i in range(tp.count_chars()):
        code = raw.FPDFText_GetUnicode(text_page, i)
        if not code or (code in WHITE and raw.FPDFText_IsGenerated(text_page, i)):
            if code == 32 and chars and not chars[-1]["text"].isspace():
                after_space = chars[-1]
            continue
        key = TEXT_OBJECT_ADDRESS(text_page, i)
        if key not in objects:   # a text object's chars share its font, size and turn
            objects[key] = _object_metrics(text_page, i, key, fonts, descents, own_metrics) if key else None
        metrics = objects[key]
        if metrics is None or not raw.FPDFText_GetLooseCharBox(text_page, i, box) or (
                blanks and not blanks.before(key, chars)):
            return None, False
        descent, size = metrics
        text = chr(code)
        if descent is None:   # pdfium's own box, the font's ascent to its descent (own_metrics)
            bottom, size = height - box.bottom, box.top - box.bottom
        else:
            raw.FPDFText_GetCharOrigin(text_page, i, x, y)
            bottom = height - y.value - descent * size      # pdfminer's box: from the font's descent, size tall
        missed = missed or bool(after_space and not text.isspace() and abs(bottom - size - after_space["top"]) <= Y_TOLERANCE
                                and box.left - after_space["x1"] <= X_TOLERANCE)
        after_space = None
        chars.append({"text": CHARS.get(text, text), "x0": box.left, "x1": box.right, "top": bottom - size,
                      "doctop": bottom - size, "bottom": bottom, "size": size, "upright": True})
    if blanks and not blanks.before(None, chars):
        return None, False
    return chars, missed


def _object_metrics(text_page, i: int, address: int, fonts: dict, descents: dict,
                    own_metrics: bool = False) -> tuple | None:
    """(pdfminer's descent of its font, its size) for the text object of char i, or None where the chars
    are turned or the font's descent is not known for sure; (None, None) for ``own_metrics``: the char
    takes pdfium's own box."""
    if raw.FPDFText_GetCharAngle(text_page, i):
        return None
    font = raw.FPDFTextObj_GetFont(ctypes.cast(address, raw.FPDF_PAGEOBJECT))
    handle = ctypes.cast(font, ctypes.c_void_p).value
    if handle not in fonts:
        fonts[handle] = descents.get(pdfium_font_key(font)) if handle else None
    if own_metrics:
        return (None, None) if handle else None
    if fonts[handle] is None or _scaled(address):
        return None
    return fonts[handle], raw.FPDFText_GetFontSize(text_page, i)


def _scaled(address: int) -> bool:
    """Whether a text object's matrix scales its text: pdfium's font size is then the object's own
    ("100 Tf" drawn at 0.12), not the size pdfminer gives its chars."""
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(ctypes.cast(address, raw.FPDF_PAGEOBJECT), m):
        return True
    return abs(abs(m.a) - 1) > 1e-3 or abs(abs(m.d) - 1) > 1e-3

