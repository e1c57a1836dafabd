"""The anchors srok's figures are measured against, each a command over the same files srok reads:
the floor of getting the text out (python-docx, pypdfium2, plain Tesseract on the same scanned page),
the NLP glue a naive pipeline would run over the same texts (natasha's Segmenter, MorphTagger and NER,
models loaded in the command as srok loads its own), and docling or unstructured where installed.
Each prints nothing but a count, so its own output costs nothing."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

from paired import Run, command

DOCX_TEXT = """import sys
from docx import Document
n = 0
for f in sys.argv[1:]:
    d = Document(f)
    n += len("\\n".join(p.text for p in d.paragraphs))
    n += len("\\n".join(c.text for t in d.tables for r in t.rows for c in r.cells))
print(n)
"""
PDF_TEXT = """import sys
import pypdfium2 as pdfium
n = 0
for f in sys.argv[1:]:
    pdf = pdfium.PdfDocument(f)
    n += sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    pdf.close()
print(n)
"""
NATASHA = """import json, sys
from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
emb = NewsEmbedding()
segmenter, morph, ner = Segmenter(), NewsMorphTagger(emb), NewsNERTagger(emb)
n = 0
for text in json.load(open(sys.argv[1], encoding="utf-8")):
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.tag_ner(ner)
    n += len(doc.spans)
print(n)
"""
ALTERNATIVE = {   # defines part(filename); run by the Python that has it
    "docling": "from docling.document_converter import DocumentConverter\nconv = DocumentConverter()\n"
               "part = lambda filename: conv.convert(filename)\n",
    "unstructured": "from unstructured.partition.auto import partition as part\n",
}
ALTERNATIVE_LOOP = "import sys\nfor f in sys.argv[1:]:\n    part(filename=f)\nprint(len(sys.argv) - 1)\n"


def docx_text(files: list[Path]) -> Run:
    return command([sys.executable, "-c", DOCX_TEXT, *files])


def pdf_text(files: list[Path]) -> Run:
    return command([sys.executable, "-c", PDF_TEXT, *files])


def natasha(texts: Path) -> Run:
    """natasha's glue over the texts in a JSON list (texts_of writes it), its models loaded cold."""
    return command([sys.executable, "-c", NATASHA, texts])


def texts_of(files: list[Path], out: Path) -> Path:
    """The texts python-docx reads from DOCX files, as a JSON list for natasha(): the same texts srok reads."""
    from docx import Document
    texts = []
    for f in files:
        d = Document(f)
        texts.append("\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]))
    out.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return out


def tesseract(image: Path) -> Run | None:
    """Plain `tesseract` on a page image with srok's languages and its own default threads (srok's
    processes set OMP_THREAD_LIMIT=1 for themselves); None where it is not installed."""
    exe = shutil.which("tesseract")
    if not exe:
        return None
    from extractors.readers.ocr import LANGUAGES
    return command([exe, image, "stdout", "-l", LANGUAGES], env={"OMP_THREAD_LIMIT": None})


def alternative_python(name: str) -> str | None:
    """A Python that has the library: SROK_BENCH_<NAME>_PYTHON, or this one if it is installed here."""
    if os.environ.get(f"SROK_BENCH_{name.upper()}_PYTHON"):
        return os.environ[f"SROK_BENCH_{name.upper()}_PYTHON"]
    return sys.executable if importlib.util.find_spec(name) else None


def alternative(name: str, files: list[Path]) -> Run | None:
    """docling's or unstructured's parse of the files; None where it is not installed. Offline: at first
    use they try to download models, which this machine may not reach."""
    python = alternative_python(name)
    if not python:
        return None
    return command([python, "-c", ALTERNATIVE[name] + ALTERNATIVE_LOOP, *files], timeout=900,
                   env={"HF_HUB_OFFLINE": "1"})
