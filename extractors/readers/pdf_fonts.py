"""The descent pdfminer gives each font of a PDF page, by the font's name: pdfminer (and so pdfplumber)
hangs a char's box from the descent its font descriptor declares (0 where it declares none, as
LibreOffice writes), pdfium from the font program, so pdfium's chars take pdfminer's. Only the page's
resource dictionaries are read (form XObjects' included), not its content. pdfium names a font without
its subset tag and style suffix ('ABCDEE+Times New Roman,Bold' is 'Times New Roman'): fonts are matched
by that name; a name two fonts of different descents share matches none, nor does a font of a kind
whose char boxes pdfium is not known to give as pdfminer does (_matched_kind), nor a vertical font."""
from __future__ import annotations

import ctypes
import re

import pypdfium2.raw as raw
from pdfminer.pdftypes import PDFObjRef, PDFStream, dict_value, resolve1
from pdfminer.psparser import literal_name

UNSURE = None   # a font whose chars pdfium's reading cannot be sure of: pdfplumber reads its pages
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def font_key(name: str) -> str:
    """A font's name as pdfium and pdfminer both give it: no subset tag, no style after a comma."""
    return SUBSET_TAG.sub("", name).split(",")[0]


def pdfium_font_key(font) -> str:
    """font_key of a font pdfium gives (an FPDF_FONT)."""
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buf = ctypes.create_string_buffer(size)
    raw.FPDFFont_GetBaseFontName(font, buf, size)
    return font_key(buf.value.decode("utf-8", "replace"))


def font_descents(page, known: dict | None = None) -> dict[str, float | None]:
    """font_key of a BaseFont -> its descent per unit of font size (negative), for a pdfplumber page.
    ``known`` (font object id -> its key and descent) keeps what one page found for the next pages of
    the document, whose fonts are mostly the same objects."""
    out: dict[str, float | None] = {}
    _collect(page.pdf.rsrcmgr, page.page_obj.resources, out, set(), {} if known is None else known)
    return out


def _matched_kind(spec: dict) -> bool:
    """Whether pdfium's char boxes are known to be pdfminer's for fonts of this kind: TrueType, CID fonts
    with TrueType glyphs (Word's and LibreOffice's), the standard 14 Type1 fonts without a font program.
    Not an embedded Type1 or CFF program (pdfium took other advance widths than the Widths array for a
    TeX font), not a Type3 font (its size is its own)."""
    kind = literal_name(resolve1(spec.get("Subtype")))
    if kind == "Type0":
        descendants = resolve1(spec.get("DescendantFonts")) or [{}]
        return literal_name(resolve1(dict_value(resolve1(descendants[0])).get("Subtype"))) == "CIDFontType2"
    if kind == "Type1":
        descriptor = dict_value(resolve1(spec.get("FontDescriptor"))) if spec.get("FontDescriptor") else {}
        return not any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
    return kind == "TrueType"


def _collect(rsrcmgr, resources, out: dict, seen: set, known: dict) -> None:
    resources = dict_value(resources) if resources else {}
    for ref in dict_value(resources.get("Font", {})).values():
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        name, descent = known[objid] if objid in known else _descent(rsrcmgr, dict_value(ref))
        if objid is not None:
            known[objid] = name, descent
        out[name] = descent if out.get(name, descent) == descent else UNSURE
    for ref in dict_value(resources.get("XObject", {})).values():
        key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
        xobj = resolve1(ref)
        if key in seen or not isinstance(xobj, PDFStream) or literal_name(xobj.get("Subtype")) != "Form":
            continue
        seen.add(key)
        _collect(rsrcmgr, resolve1(xobj.get("Resources")), out, seen, known)


def _descent(rsrcmgr, spec: dict) -> tuple[str, float | None]:
    name = font_key(literal_name(resolve1(spec.get("BaseFont", ""))))
    # pdfminer's font without its ToUnicode map, which costs most of making it and is no part of the descent
    font = rsrcmgr.get_font(None, {k: v for k, v in spec.items() if k != "ToUnicode"})
    return name, font.get_descent() if _matched_kind(spec) and not font.is_vertical() else UNSURE
