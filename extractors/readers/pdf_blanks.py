"""Spaces pdfium could not map, as pdfminer has them (pdf_words.page_chars).

Word writes a space between runs as a text object of its own whose glyph pdfium maps to no Unicode:
pdfium reads the object as blank and leaves it out of the page's text (generating a space of its own
only where the gap looks like one), while pdfminer has a space char at the object's origin, its font's
size tall. pdfplumber's words and cell texts break at that char; set after a tab it even lands among
the letters of the next word, and a cell reads "Р азработка" (a plan of realdocs2). So that pdfium's
reading gives pdfminer's words and cells, each blank object becomes that char, in content order."""
from __future__ import annotations

import bisect
import ctypes

import pypdfium2.raw as raw

from extractors.readers.pdf_fonts import pdfium_font_key

SPACE_EM = 0.25   # its width, a space of Times: only where its middle falls matters (which table cell it is in)


class BlankSpaces:
    """The page's blank text objects, handed out in content order as the page's chars go by."""

    def __init__(self, page, tp, height: float, descents: dict[str, float | None]):
        self.height, self.descents = height, descents
        self.order: dict[int, int] = {}   # text object's address -> its place in content order
        self.blank: list[tuple[int, object]] = []   # (place, object) of each blank one
        for n, obj in enumerate(page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT])):
            self.order[ctypes.cast(obj.raw, ctypes.c_void_p).value] = n
            if _blank(obj, tp):
                self.blank.append((n, obj))
        self.places = [n for n, _ in self.blank]
        self.done = 0   # blank objects already put in

    def before(self, address: int | None, chars: list[dict]) -> bool:
        """Puts in ``chars`` the blank objects that come before the text object at ``address`` (all the
        rest for None); False where one cannot be boxed as pdfminer boxes it."""
        if self.done == len(self.blank):
            return True
        upto = len(self.blank) if address is None else bisect.bisect_left(self.places, self.order.get(address, -1))
        while self.done < upto:
            char = self._char(self.blank[self.done][1])
            if char is None:
                return False
            chars.append(char)
            self.done += 1
        return True

    def _char(self, obj) -> dict | None:
        a, b, c, d, _, _ = obj.get_matrix().get()
        descent = self.descents.get(pdfium_font_key(raw.FPDFTextObj_GetFont(obj.raw)))
        size = ctypes.c_float()
        if b or c or a != d or d <= 0 or descent is None or not raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size)):
            return None   # turned or scaled text, or a font whose descent is not known for sure
        size = size.value * d
        left, baseline, _, _ = obj.get_bounds()
        bottom = self.height - baseline - descent * size
        return {"text": " ", "x0": left, "x1": left + SPACE_EM * size, "top": bottom - size, "doctop": bottom - size,
                "bottom": bottom, "size": size, "upright": True}


def _blank(obj, tp) -> bool:
    n = raw.FPDFTextObj_GetText(obj.raw, tp.raw, None, 0)
    buf = ctypes.create_string_buffer(n)
    raw.FPDFTextObj_GetText(obj.raw, tp.raw, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), n)
    return not buf.raw.decode("utf-16-le", "replace").strip("\x00 \t\r\n")
