"""Distinct documents for benchmarks, made from every genre and source srok is scored on: byte-identical
copies would be recorded as duplicates after the first and measure nothing.

Sources: the fixtures, the shared eval sets (`../shared/eval/*/docs`), the real documents
(`../shared/realdocs*`) and the project's corpus (`corpus/docs`): letters, protocols, orders, plans
and roadmaps, lists of instructions, replies, written and real. A source that srok cannot read, or
that reads to no text, is left out (it would measure a refusal).

DOCX variant i: the source with its registration number changed in the text (``№ 1237`` ->
``№ 1237-i``), so it is a different document with its own rows; a source whose number is not written
in one run, or that has none, gets a last paragraph naming the variant instead (a new version of it).
PDF variant i: the source with the number i written at the foot of its last page (pdfium): other
content, the same registration number, so each is read, extracted and loaded in full as a new version
(identical content would be recognised as a twin and not loaded).

The variants of one source are near-duplicates of each other, so every load also compares the
newcomer with its siblings' texts (warehouse/load.py twin_of): a cost real registers meet only in
families of template letters, which grows with the corpus here."""
from __future__ import annotations

import re
import zipfile
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
# ../shared beside the main checkout; a worktree under /work/wt finds it one level further up
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "eval").is_dir()), ROOT.parent / "shared")
FOLDERS = [FIXTURES, *sorted(SHARED.glob("eval/*/docs")), *sorted(SHARED.glob("realdocs*")), ROOT / "corpus" / "docs"]
TEXT_RUN = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def _text_layer(pdf: Path) -> bool:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(pdf)
    try:
        return all(doc[i].get_textpage().count_chars() for i in range(len(doc)))
    finally:
        doc.close()


@lru_cache(maxsize=None)
def sources(fmt: str) -> list[Path]:
    """The sources of a format, every folder's; for PDF those with a text layer on every page that srok
    reads as such: a scan's OCR costs seconds a page and is measured on its own (commands.scanned_page),
    where it would drown every other figure here. So is a text layer srok finds unusable and OCRs again
    (a copier's shredded OCR layer: batch 5's rf03_stavropol_prikaz_plan.pdf, 9 of its 12 pages, ~40 s
    of a run of 80 PDFs that otherwise takes ~15)."""
    found = sorted({p.resolve() for folder in FOLDERS if folder.is_dir() for p in folder.iterdir()
                    if p.suffix.lower() == f".{fmt}" and (fmt != "pdf" or _text_layer(p))})
    return [p for p in found if _reads(p)]


@lru_cache(maxsize=None)
def _reads(path: Path) -> bool:
    from extractors.readers import ReadError, read_document
    try:
        doc = read_document(path)
    except ReadError:
        return False
    return bool(doc.text.strip()) and not any(b.locator and b.locator.ocr for b in doc.blocks)


@lru_cache(maxsize=None)
def _reg_number(src: Path) -> str | None:
    from extractors.metadata import extract_metadata
    from extractors.readers import read_document
    return extract_metadata(read_document(src))[0].reg_number


def docx_variant(src: Path, i: int, out: Path) -> None:
    reg = _reg_number(src)

    def renumber(m: re.Match) -> str:
        return m.group(1) + m.group(2).replace(reg, f"{reg}-{i}") + m.group(3)

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = TEXT_RUN.sub(renumber, xml) if reg else xml
                # a numberless document still differs: its last paragraph names the variant
                xml = xml.replace("</w:body>", f"<w:p><w:r><w:t>Вариант {i}</w:t></w:r></w:p></w:body>", 1) \
                    if not reg or reg not in xml else xml
                data = xml.encode("utf-8")
            zout.writestr(item, data)


def pdf_variant(src: Path, i: int, out: Path) -> None:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    pdf = pdfium.PdfDocument(src)
    page = pdf[len(pdf) - 1]
    mark = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(8))
    utf16 = f"{i:05d}\0".encode("utf-16-le")
    raw.FPDFText_SetText(mark, (ctypes.c_ushort * (len(utf16) // 2)).from_buffer_copy(utf16))
    raw.FPDFPageObj_Transform(mark, 1, 0, 0, 1, 20, 20)
    raw.FPDFPage_InsertObject(page.raw, mark)
    raw.FPDFPage_GenerateContent(page.raw)
    pdf.save(out)
    pdf.close()


def make(fmt: str, n: int, folder: Path, start: int = 0) -> list[Path]:
    """n distinct files of the format in folder, cycling over the sources."""
    folder.mkdir(parents=True, exist_ok=True)
    srcs = sources(fmt)
    out = []
    for i in range(start, start + n):
        src = srcs[i % len(srcs)]
        path = folder / f"{i:05d}-{src.name}"
        (docx_variant if fmt == "docx" else pdf_variant)(src, i, path)
        out.append(path)
    return out
