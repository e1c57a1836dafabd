"""What users run, timed end to end as processes: `srok ingest` of a folder of distinct documents, the
watcher draining a burst of distinct files until analysts see the last one, `srok extract` as a
command (of a DOCX, and of a real scanned page), `srok backfill`. Loading, publishing, start-up and
the reader processes are all inside the figures. run_all.py runs each beside its anchors
(anchors.py); alone, this prints srok's side only:
    python benchmarks/commands.py [N]        (N distinct documents per run, default 300)"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402
from paired import ROOT, Run, Tree, command  # noqa: E402

SROK = str(Path(sys.executable).with_name("srok"))
REAL_SCAN = corpus.SHARED / "realdocs" / "289ty 24.08.2016.pdf"   # a real 300 dpi scan, no text layer


def ingest(folder: Path, db: Path) -> Run:
    """`srok ingest FOLDER` into the register ``db`` (a new one each time): every file must load."""
    n = len(list(folder.iterdir()))
    return command([SROK, "ingest", folder, "--db", db], check=lambda out: bool(re.search(rf": {n} загружено", out)))


def backfill(folder: Path, db: Path, workers: int) -> Run:
    """`srok backfill FOLDER --workers N`: a Dask LocalCluster and Prefect's local server, as users start it."""
    n = len(list(folder.iterdir()))
    return command([SROK, "backfill", folder, "--db", db, "--workers", workers],
                   env={"PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"},   # 20 s is short on a busy machine
                   check=lambda out: bool(re.search(rf"\b{n} загружено", out)))


def extract(path: Path) -> Run:
    """`srok extract FILE`, a fresh process."""
    return command([SROK, "extract", path])


def analysts_count(db: Path) -> int:
    from warehouse.db import for_analysts
    try:
        with for_analysts(db, wait_s=0) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except Exception:   # not published yet
        return 0


def watcher_drain(files: list[Path], root: Path, settle: float = 1.0) -> Run:
    """A running `srok watch`, warmed by one more file; then ``files`` moved into its inbox at once:
    seconds until an analyst's new session counts all of them, and the CPU of the watcher and its
    reader processes meanwhile (start-up included). The files are moved back when it is done."""
    db, inbox = root / "srok.duckdb", root / "inbox"
    root.mkdir(parents=True, exist_ok=True)
    warm = root / "warm.docx"
    shutil.copy(corpus.FIXTURES / "000_f78c96f4c1c9048e.docx", warm)
    proc = subprocess.Popen([SROK, "watch", "--inbox", inbox, "--archive", root / "archive", "--quarantine",
                             root / "quarantine", "--db", db, "--settle", str(settle)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree = Tree(proc.pid)
    try:
        while not inbox.exists():
            time.sleep(0.05)
        os.replace(warm, inbox / warm.name)
        while analysts_count(db) < 1:
            tree.sample()
            time.sleep(0.1)
        t0 = time.perf_counter()
        for f in files:
            os.replace(f, inbox / f.name)
        while analysts_count(db) < len(files) + 1:
            if proc.poll() is not None or any((root / "quarantine").glob("*.error.txt")):
                raise RuntimeError("srok watch exited or put a file in quarantine")
            tree.sample()
            time.sleep(0.1)
        elapsed = time.perf_counter() - t0
        tree.sample()
    finally:
        proc.terminate()
        proc.wait()
    for f in files:   # back where they were, for the next round
        archived = next((root / "archive").rglob(f.name))
        os.replace(archived, f)
    shutil.rmtree(root)
    return Run(elapsed, tree.cpu(), os.getloadavg()[0])


def scanned_page(out: Path) -> tuple[Path, Path]:
    """The first page of a real scan as a one-page PDF (its image as scanned, not rendered again), and
    that image as a PNG for plain Tesseract."""
    import pypdfium2 as pdfium
    src = pdfium.PdfDocument(str(REAL_SCAN))
    page = pdfium.PdfDocument.new()
    page.import_pages(src, [0])
    page.save(str(out / "page.pdf"))
    image = next(o for o in src[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
    image.get_bitmap(render=False).to_pil().save(out / "page.png")
    return out / "page.pdf", out / "page.png"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"srok extract as a command: {extract(corpus.FIXTURES / '000_f78c96f4c1c9048e.docx').wall:.2f} s")
        page, _ = scanned_page(tmp)
        print(f"srok extract of a real scanned page: {extract(page).wall:.2f} s")
        for fmt in ("docx", "pdf"):
            folder = tmp / fmt
            corpus.make(fmt, n, folder)
            r = ingest(folder, tmp / f"{fmt}.duckdb")
            print(f"srok ingest of {n} distinct {fmt.upper()}: {n / r.wall:.1f} docs/s, {r.cpu / n:.3f} CPU s/doc", flush=True)
        d = watcher_drain(sorted((tmp / "docx").iterdir()), tmp / "watch")
        print(f"watcher drain of {n} distinct DOCX: {d.wall:.1f} s, {n / d.wall:.1f} files/s")


if __name__ == "__main__":
    main()
