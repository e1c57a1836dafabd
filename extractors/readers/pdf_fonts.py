"""The descent pdfminer gives each font of a PDF page, by the font's name: pdfminer (and so pdfplumber)
hangs a char's box from the descent its font descriptor declares (0 where it declares none, as
LibreOffice writes), pdfium from the font program, so pdfium's chars take pdfminer's. Only the page's
resource dictionaries are read (form XObjects' included), not its content. pdfium names a font without
its subset tag and style suffix ('ABCDEE+Times New Roman,Bold' is 'Times New Roman'): fonts are matched
by that name, and a name two fonts of different descents share matches none, nor does a Type3 or a
vertical font."""
from __future__ import annotations

import re

from pdfminer.pdffont import PDFType3Font
from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, resolve1
from pdfminer.psparser import literal_name

UNSURE = None   # two fonts of one name with different descents, a Type3 or vertical font: pdfplumber reads
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def font_key(name: str) -> str:
    """A font's name as pdfium and pdfminer both give it: no subset tag, no style after a comma."""
    return SUBSET_TAG.sub("", name).split(",")[0]


def font_descents(page) -> dict[str, float | None]:
    """font_key of a BaseFont -> its descent per unit of font size (negative), for a pdfplumber page."""
    out: dict[str, float | None] = {}
    _collect(page.pdf.rsrcmgr, page.page_obj.resources, out, set())
    return out


def _collect(rsrcmgr, resources, out: dict, seen: set) -> None:
    resources = dict_value(resources) if resources else {}
    for spec in dict_value(resources.get("Font", {})).values():
        spec = dict_value(spec)
        name = font_key(literal_name(resolve1(spec.get("BaseFont", ""))))
        # pdfminer's font without its ToUnicode map, which costs most of making it and is no part of the descent
        font = rsrcmgr.get_font(None, {k: v for k, v in spec.items() if k != "ToUnicode"})
        # a Type3 font's size and a vertical font's boxes are pdfminer's own: not matched from pdfium's
        descent = UNSURE if font.is_vertical() or isinstance(font, PDFType3Font) else font.get_descent()
        out[name] = descent if out.get(name, descent) == descent else UNSURE
    for ref in dict_value(resources.get("XObject", {})).values():
        key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
        xobj = resolve1(ref)
        if key in seen or not isinstance(xobj, PDFStream) or literal_name(xobj.get("Subtype")) != "Form":
            continue
        seen.add(key)
        _collect(rsrcmgr, resolve1(xobj.get("Resources")), out, seen)
