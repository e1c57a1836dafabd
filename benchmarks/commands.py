"""What users run, timed end to end as processes: `srok ingest` of a folder of distinct documents,
the watcher draining a burst of distinct files until analysts see the last one, `srok extract` as a
command, and OCR of one scanned page. Loading, publishing, start-up and the reader process are all
inside the figures. Prints figures; asserts nothing. Usage:
    python benchmarks/commands.py [N]        (N distinct documents per run, default 1000)"""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SROK = str(Path(sys.executable).with_name("srok"))


def children_cpu() -> float:
    """CPU seconds of the finished child processes so far: a figure less bent by other load than wall
    time. A command's reader process is killed at exit, not waited for, so its share is not in it."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def ingest_rate(fmt: str, n: int) -> dict:
    """`srok ingest FOLDER` over n distinct documents into an empty register: documents per second,
    and CPU seconds per document of the command and its reader process."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        corpus.make(fmt, n, folder)
        t0, c0 = time.perf_counter(), children_cpu()
        run = subprocess.run([SROK, "ingest", str(folder), "--db", str(Path(tmp) / "srok.duckdb")], cwd=ROOT,
                             capture_output=True, text=True)
        elapsed, cpu = time.perf_counter() - t0, children_cpu() - c0
        if run.returncode != 0 or not run.stdout.startswith(f"{n} loaded"):
            raise RuntimeError(f"srok ingest: {run.stdout.strip()} {run.stderr.strip()[-300:]}")
        return {"rate": n / elapsed, "cpu_per_doc": cpu / n}


def analysts_count(db: Path) -> int:
    from warehouse.db import for_analysts
    try:
        with for_analysts(db, wait_s=0) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except Exception:   # not published yet
        return 0


def watcher_drain(n: int, settle: float = 1.0) -> dict:
    """A running `srok watch`, warmed by one file; then n distinct DOCX moved into the inbox at once:
    seconds until an analyst's new session counts all of them."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db, inbox, staging = root / "srok.duckdb", root / "inbox", root / "staging"
        files = corpus.make("docx", n + 1, staging)
        c0 = children_cpu()
        proc = subprocess.Popen([SROK, "watch", "--inbox", str(inbox), "--archive", str(root / "archive"),
                                 "--quarantine", str(root / "quarantine"), "--db", str(db), "--settle", str(settle)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not inbox.exists():
                time.sleep(0.05)
            os.replace(files[0], inbox / files[0].name)
            while analysts_count(db) < 1:
                time.sleep(0.1)
            t0 = time.perf_counter()
            for f in files[1:]:
                os.replace(f, inbox / f.name)
            while analysts_count(db) < n + 1:
                if proc.poll() is not None:
                    raise RuntimeError("srok watch exited")
                time.sleep(0.1)
            elapsed = time.perf_counter() - t0
        finally:
            proc.terminate()
            proc.wait()
        return {"n": n, "s": elapsed, "rate": n / elapsed, "cpu_per_doc": (children_cpu() - c0) / (n + 1)}


def extract_command(runs: int = 5) -> dict:
    """`srok extract FILE` (a DOCX), a fresh process each time: median wall seconds, mean CPU seconds."""
    times, c0 = [], children_cpu()
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([SROK, "extract", str(corpus.FIXTURES / "000_f78c96f4c1c9048e.docx")], cwd=ROOT, check=True,
                       capture_output=True)
        times.append(time.perf_counter() - t0)
    return {"s": statistics.median(times), "cpu": (children_cpu() - c0) / runs}


def _scan_of(src: Path, out: Path, pages: int) -> Path:
    """A scan of the first pages of a text-layer PDF: each page a 200 dpi greyscale image, no text layer."""
    import pdfplumber
    with pdfplumber.open(src) as pdf:
        images = [p.to_image(resolution=200).original.convert("L") for p in pdf.pages[:pages]]
    images[0].save(out, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return out


def scanned_page() -> dict | None:
    """Seconds to read one scanned page (a 200 dpi image of the Tomsk letter's first page) by OCR: its
    two bands side by side, one Tesseract thread each; CPU seconds of this process and Tesseract's;
    None without Tesseract."""
    if not shutil.which("tesseract"):
        return None
    from extractors.readers import read_document
    with tempfile.TemporaryDirectory() as tmp:
        scan = _scan_of(corpus.FIXTURES / "003_d7222e60e6a354a6.pdf", Path(tmp) / "scan.pdf", 1)
        times, c0 = [], children_cpu() + time.process_time()
        for _ in range(3):
            t0 = time.perf_counter()
            doc = read_document(scan)
            times.append(time.perf_counter() - t0)
        assert all(b.locator.ocr for b in doc.blocks)
    return {"s": statistics.median(times), "cpu": (children_cpu() + time.process_time() - c0) / 3}


def scanned_document() -> dict | None:
    """Seconds to read a scanned 4-page letter (the images of fixture 001), its pages read by Tesseract
    on every core at once; None without Tesseract."""
    if not shutil.which("tesseract"):
        return None
    from extractors.readers import read_document
    with tempfile.TemporaryDirectory() as tmp:
        scan = _scan_of(corpus.FIXTURES / "001_5eb3587b8a7ef8fb.pdf", Path(tmp) / "scan.pdf", 4)
        t0 = time.perf_counter()
        doc = read_document(scan)
        return {"s": time.perf_counter() - t0, "pages": doc.origin.pages}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    e = extract_command()
    print(f"srok extract as a command: {e['s']:.2f} s, {e['cpu']:.2f} CPU s")
    page = scanned_page()
    print(f"a scanned page: {page['s']:.2f} s, {page['cpu']:.2f} CPU s" if page else "a scanned page: no Tesseract here")
    scan = scanned_document()
    print(f"a scanned letter of {scan['pages']} pages: {scan['s']:.2f} s" if scan else "")
    for fmt in ("docx", "pdf"):
        r = ingest_rate(fmt, n)
        print(f"srok ingest of {n} distinct {fmt.upper()}: {r['rate']:.1f} docs/s, {r['cpu_per_doc']:.3f} CPU s/doc",
              flush=True)
    d = watcher_drain(n)
    print(f"watcher drain of {n} distinct DOCX: {d['s']:.1f} s, {d['rate']:.1f} files/s, {d['cpu_per_doc']:.3f} CPU s/doc "
          "(start-up included)")


if __name__ == "__main__":
    main()
