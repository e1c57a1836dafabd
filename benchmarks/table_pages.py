"""Figures for table reading: a scanned ruled table page (grid found, cells OCR'd), scanned pages of a
borderless plan (columns from word alignment), a scanned form lying on its side, and the text-layer
table fixtures. Prints seconds per page; asserts nothing.   OMP_THREAD_LIMIT=1 python benchmarks/table_pages.py"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from corpus import SHARED  # noqa: E402
from extractors.readers.pdf_reader import read_pdf  # noqa: E402

SCANNED_PLAN = SHARED / "realdocs" / "644r 05.11.2015.pdf"   # pages 3-17: a borderless plan table
SIDEWAYS_FORMS = SHARED / "realdocs" / "Приказ №836 от 20.09.2017.pdf"   # pages 6-10, 13: ruled forms on their side


def _page_range(src: Path, pages: list[int], out: Path) -> Path:
    import pypdfium2 as pdfium
    dst = pdfium.PdfDocument.new()
    dst.import_pages(pdfium.PdfDocument(str(src)), pages)
    dst.save(str(out))
    return out


def _seconds(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        read_pdf(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(runs: int = 3) -> dict[str, str]:
    import tempfile
    out = {"scanned ruled table page (fixtures/plan_scanned.pdf), read": f"{_seconds(ROOT / 'fixtures' / 'plan_scanned.pdf', runs):.1f} s"}
    if SCANNED_PLAN.exists():
        with tempfile.TemporaryDirectory() as tmp:
            two = _page_range(SCANNED_PLAN, [2, 3], Path(tmp) / "plan_pages.pdf")
            out["scanned borderless plan (644r, pp. 3-4), read"] = f"{_seconds(two, runs) / 2:.1f} s per page"
    if SIDEWAYS_FORMS.exists():
        with tempfile.TemporaryDirectory() as tmp:
            one = _page_range(SIDEWAYS_FORMS, [6], Path(tmp) / "form_page.pdf")
            out["scanned ruled form on its side (836, p. 7), turned and read"] = f"{_seconds(one, runs):.1f} s"
    text = [ROOT / "fixtures" / f"{n}.pdf" for n in ("plan_borderless", "plan_continued_tables", "plan_merged_over_break")]
    _seconds(text[0], 1)   # warm
    out["text-layer table fixtures (3 PDFs), read"] = f"{sum(_seconds(p, 5) for p in text) * 1000:.0f} ms in all"
    return out


if __name__ == "__main__":
    for name, value in measure().items():
        print(f"{name:<58} {value}")
