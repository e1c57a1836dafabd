"""`make bench`: one table of srok's figures beside the obvious alternatives, printed and written to
docs/benchmarks.md with the machine it ran on. Figures only; nothing here asserts a speed.

    python benchmarks/run_all.py [--docs N] [--scale 0,100000,1000000,10000000] [--quick]

What users run is measured as they run it, over distinct documents (benchmarks/corpus.py):
`srok ingest` of a folder, the watcher draining a burst, `srok extract` as a command (commands.py);
and the register at 0 … 10M obligations (register_scale.py). The full run took 7 minutes on 2 idle cores, 28 minutes on
2 busy cores (the 10M register alone about 5, and 8 GiB of disk); --quick about 5.

Alternatives run in their own Python environments when these point at one (they pull in hundreds
of MB and, at first use, try to download models): SROK_BENCH_UNSTRUCTURED_PYTHON (with
`unstructured[docx]`), SROK_BENCH_DOCLING_PYTHON (with `docling`)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = int(next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")))
    return f"{os.cpu_count()} cores ({cpu}), {mem / 2 ** 20:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def _stages(paths: list[str]) -> dict:
    """Per-stage seconds over paths, in this process, models already loaded."""
    from extractors.entities import extract_entities
    from extractors.metadata import extract_metadata
    from extractors.obligations import extract_obligations
    from extractors.pipeline import extract
    from extractors.readers import read_document
    from extractors.references import find_references
    from warehouse.db import connect
    from warehouse.load import load_document
    t = {"read": 0.0, "nlp": 0.0, "rules": 0.0, "load": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "s.duckdb")
        for p in paths:
            t0 = time.perf_counter()
            doc = read_document(p)
            t1 = time.perf_counter()
            meta, lay = extract_metadata(doc)
            extract_obligations(doc, meta, lay)
            find_references(doc)
            t2 = time.perf_counter()
            extract_entities(doc)            # measured, though ingestion no longer runs it
            t3 = time.perf_counter()
            ex = extract(doc)
            t4 = time.perf_counter()
            load_document(con, doc, ex)      # the transaction; publishing is in the figures above
            t5 = time.perf_counter()
            for k, v in zip(t, (t1 - t0, t3 - t2, t2 - t1, t5 - t4)):
                t[k] += v
        con.close()
    return t


def _warm() -> None:
    # one BLAS thread per worker process: two processes with two threads each only fight for two cores
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    _stages([str(FIXTURES / "000_f78c96f4c1c9048e.docx")])


def _end_to_end(path: str) -> None:
    from extractors.pipeline import extract
    from extractors.readers import read_document
    extract(read_document(path))


def throughput(paths: list[Path], workers: int) -> float:
    """Documents per second, read + NLP + rules, over ``workers`` processes (models loaded once each)."""
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_warm) as pool:
        list(pool.map(_end_to_end, [str(paths[0])] * workers))   # let every worker load its models
        t0 = time.perf_counter()
        list(pool.map(_end_to_end, map(str, paths), chunksize=4))
        return len(paths) / (time.perf_counter() - t0)


def dask_backfill(n: int, worker_counts: tuple[int, ...] = (1, 2)) -> dict[int, float]:
    """Documents per second of the backfill flow on a Dask LocalCluster of 1 and 2 workers, over n
    distinct DOCX documents; the workers read and extract, the flow's own process is the one writer.
    Prefect's local server is started once before timing, the cluster each time."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")   # 20 s is short on a busy machine
    from flows.prefect_flows import backfill
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        corpus.make("docx", n, folder)
        backfill([FIXTURES / "000_f78c96f4c1c9048e.docx"], Path(tmp) / "warm.duckdb")   # starts the local server
        for w in worker_counts:
            t0 = time.perf_counter()
            backfill([folder], Path(tmp) / f"b{w}.duckdb", workers=w)
            out[w] = n / (time.perf_counter() - t0)
    return out


ALT_SCRIPT = {  # defines part(filename) for the format in sys.argv[1]
    "unstructured": ("import sys\nif sys.argv[1] == 'docx':\n    from unstructured.partition.docx import partition_docx as part\n"
                     "else:\n    from unstructured.partition.pdf import partition_pdf\n"
                     "    part = lambda filename: partition_pdf(filename=filename, strategy='fast')\n"),
    "docling": ("from docling.document_converter import DocumentConverter\nconv = DocumentConverter()\n"
                "part = lambda filename: conv.convert(filename)\n"),
}
ALT_TIMER = ("import sys, time\nfiles = sys.argv[2:]\npart(filename=files[0])\n"
             "t = time.perf_counter()\nfor f in files: part(filename=f)\n"
             "print(len(files) / (time.perf_counter() - t))\n")


def alternative(name: str, fmt: str, files: list[Path]) -> str:
    python = os.environ.get(f"SROK_BENCH_{name.upper()}_PYTHON")
    if not python:
        return f"not measured: set SROK_BENCH_{name.upper()}_PYTHON to a Python that has {name}"
    try:
        run = subprocess.run([python, "-c", ALT_SCRIPT[name] + ALT_TIMER, fmt, *map(str, files)], capture_output=True,
                             text=True, timeout=900, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    except subprocess.TimeoutExpired:
        return "did not finish within 15 min"
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return f"fails here: {last[:160]}"
    return f"{float(run.stdout.strip()):.1f} docs/s (parsing only)"


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000, help="distinct DOCX for the ingest and watcher runs")
    ap.add_argument("--pdf-docs", type=int, default=300, help="distinct PDF for the ingest run (reading is the slow part)")
    ap.add_argument("--scale", default="0,100000,1000000,10000000", help="register sizes in obligations")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = ap.parse_args()
    n = 100 if args.quick else args.docs
    n_pdf = min(n, args.pdf_docs)
    stages_n = 40 if args.quick else 100
    scale = [0, 100_000] if args.quick else [int(x) for x in args.scale.split(",") if x]
    rows: list[tuple[str, str]] = []
    started, load_before = time.perf_counter(), load()

    def add(name: str, value: str) -> None:
        rows.append((name, value))
        print(f"{name:<62} {value}", flush=True)

    import commands
    import register_scale
    _warm()
    e = commands.extract_command()
    add("`srok extract FILE` as a command (goal ≤ 1 s)", f"{e['s']:.2f} s median of 5; {e['cpu']:.2f} CPU s "
        "in the command's own process")
    page = commands.scanned_page()
    add(f"a scanned page, OCR: two bands on {os.cpu_count()} cores, one Tesseract thread each (goal ≤ 1.5 s)",
        f"{page['s']:.2f} s; {page['cpu']:.2f} CPU s" if page else "no Tesseract here")
    scan = commands.scanned_document()
    add(f"a scanned letter of {scan['pages'] if scan else 4} pages, its pages OCR'd whole on {os.cpu_count()} cores at once",
        f"{scan['s']:.2f} s" if scan else "no Tesseract here")
    from extractors.readers.limits import LIMITS
    for fmt, goal, count in (("docx", 30, n), ("pdf", 15, n_pdf)):
        r = commands.ingest_rate(fmt, count)
        what = "DOCX" if fmt == "docx" else "PDF with a text layer"
        add(f"`srok ingest` of {count} distinct {what}, {LIMITS.readers} reader processes (goal ≥ {goal}/s)",
            f"{r['rate']:.1f} docs/s; "
            f"{r['cpu_per_doc']:.3f} CPU s per document in the command's own process")
    d = commands.watcher_drain(n)
    add(f"watcher drain of {n} distinct DOCX, settle 1 s (goal ≥ 10/s)", f"{d['s']:.1f} s, {d['rate']:.1f} files/s; "
        f"{d['cpu_per_doc']:.3f} CPU s per document in the watcher's own process, start-up included")
    for size in scale:
        m = register_scale.measure(size)
        add(f"register of {size:,} obligations", register_scale.row(m))

    for fmt in ("docx", "pdf"):
        paths = corpus.make(fmt, stages_n, Path(tempfile.mkdtemp(prefix="srok-bench-")))
        t = _stages([str(p) for p in paths])
        add(f"{fmt.upper()}: read / NER (not run by ingest) / rules / load, s per document",
            " / ".join(f"{t[k] / stages_n:.4f}" for k in ("read", "nlp", "rules", "load")))
        add(f"{fmt.upper()}: read + rules, {os.cpu_count()} processes", f"{throughput(paths, os.cpu_count() or 2):.1f} docs/s")
        sample = [p for p in corpus.sources(fmt)]
        for alt in ("unstructured", "docling"):
            add(f"{fmt.upper()}: {alt}", alternative(alt, fmt, sample * max(1, 20 // len(sample))))
        shutil.rmtree(paths[0].parent, ignore_errors=True)

    b = 40 if args.quick else 200
    try:
        dk = dask_backfill(b)
        add(f"backfill flow on Dask, {b} distinct DOCX, 1 / 2 workers", f"{dk[1]:.1f} / {dk[2]:.1f} docs/s, ratio "
            f"{dk[2] / dk[1]:.2f} (cluster start-up included)")
    except Exception as e:   # Prefect's temporary server may not start on a busy machine: say so, go on
        add(f"backfill flow on Dask, {b} distinct DOCX", f"failed here: {type(e).__name__}: {str(e)[:120]}")

    import naive_baseline
    for name, s in naive_baseline.run("docx").items():
        add(f"seed quality (DOCX), {name}", f"obligations F1 {s['obligations']['f1']:.3f}, deadline "
            f"{s['deadline']['acc']}, responsible F1 {s['responsible']['f1']:.3f}, end to end {s['end_to_end']}")

    import watch_latency
    lat = watch_latency.measure(10 if args.quick else 30, 1.0)
    q = statistics.quantiles(lat, n=20)
    add(f"watcher drop-to-queryable, {len(lat)} drops one by one, settle 1 s", f"p50 {statistics.median(lat):.2f} s, "
        f"p95 {q[18]:.2f} s")

    import table_pages
    for name, value in table_pages.measure(1 if args.quick else 3).items():
        add(name, value)

    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    add("peak memory (this process / largest child)", f"{self_kb / 1024:.0f} MiB / {child_kb / 1024:.0f} MiB")
    write_report(rows, f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}, in {(time.perf_counter() - started) / 60:.0f} "
                       f"min; load average (1/5/15 min) {load_before} at the start, {load()} at the end (other "
                       f"work on the machine slows every figure). `make bench` regenerates this table.")


MARKER = "<!-- end of the table `make bench` writes; sections below are kept -->"


def write_report(rows: list[tuple[str, str]], header: str) -> None:
    """The table at the top of docs/benchmarks.md; whatever follows the marker (notes, other
    sections) is kept."""
    out = ROOT / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    kept = old.split(MARKER, 1)[1] if MARKER in old else "\n"
    lines = ["# srok benchmarks\n", header + "\n", "| figure | value |", "|---|---|"] + \
        [f"| {a} | {b.replace('|', '/')} |" for a, b in rows] + ["", MARKER]
    out.write_text("\n".join(lines) + kept, encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
