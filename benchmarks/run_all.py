"""`make bench`: one table of srok's figures beside the obvious alternatives, printed and written to
docs/benchmarks.md with the machine it ran on. Figures only; nothing here asserts a speed.

    python benchmarks/run_all.py [--docs N] [--quick]

Alternatives run in their own Python environments when these point at one (they pull in hundreds
of MB and, at first use, try to download models): SROK_BENCH_UNSTRUCTURED_PYTHON (with
`unstructured[docx]`), SROK_BENCH_DOCLING_PYTHON (with `docling`)."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = int(next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")))
    return f"{os.cpu_count()} cores ({cpu}), {mem / 2 ** 20:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def corpus(fmt: str, n: int) -> list[Path]:
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix == f".{fmt}")
    return [files[i % len(files)] for i in range(n)]


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
            extract_entities(doc)
            t3 = time.perf_counter()
            con.execute("DELETE FROM ingest_log")
            load_document(con, doc, extract(doc, with_entities=False))
            t4 = time.perf_counter()
            for k, v in zip(t, (t1 - t0, t3 - t2, t2 - t1, t4 - t3)):
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
    DOCX documents; Prefect's local server is started once before timing, the cluster each time."""
    import shutil
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.prefect_flows import backfill
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        for i, p in enumerate(corpus("docx", n)):
            shutil.copy(p, folder / f"{i:04d}-{p.name}")
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=500, help="documents per format in the generated corpus")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = ap.parse_args()
    n = 40 if args.quick else args.docs
    rows: list[tuple[str, str]] = []

    def add(name: str, value: str) -> None:
        rows.append((name, value))
        print(f"{name:<58} {value}", flush=True)

    _warm()
    for fmt in ("docx", "pdf"):
        paths = corpus(fmt, n)
        t = _stages([str(p) for p in paths])
        total = sum(v for k, v in t.items() if k != "load")
        add(f"{fmt.upper()}: read / NLP / rules / load, s per document",
            " / ".join(f"{t[k] / n:.4f}" for k in ("read", "nlp", "rules", "load")))
        add(f"{fmt.upper()}: end to end, 1 process", f"{n / total:.1f} docs/s")
        add(f"{fmt.upper()}: end to end, {os.cpu_count()} processes", f"{throughput(paths, os.cpu_count() or 2):.1f} docs/s")
        sample = sorted(set(paths))
        for alt in ("unstructured", "docling"):
            add(f"{fmt.upper()}: {alt}", alternative(alt, fmt, sample * max(1, 20 // len(sample))))

    d = dask_backfill(n // 2)
    add(f"backfill flow on Dask, {n // 2} DOCX, 1 / 2 workers", f"{d[1]:.1f} / {d[2]:.1f} docs/s, ratio "
        f"{d[2] / d[1]:.2f} (cluster start-up included)")

    import naive_baseline
    for name, s in naive_baseline.run("docx").items():
        add(f"seed quality (DOCX), {name}", f"obligations F1 {s['obligations']['f1']:.3f}, deadline "
            f"{s['deadline']['acc']}, responsible F1 {s['responsible']['f1']:.3f}, end to end {s['end_to_end']}")

    import watch_latency
    lat = watch_latency.measure(10 if args.quick else 50, 1.0)
    q = statistics.quantiles(lat, n=20)
    add(f"watcher drop-to-queryable, {len(lat)} drops, settle 1 s", f"p50 {statistics.median(lat):.2f} s, p95 {q[18]:.2f} s")

    import table_pages
    for name, value in table_pages.measure(1 if args.quick else 3).items():
        add(name, value)

    import warehouse_bench
    m = warehouse_bench.measure(100_000 if args.quick else 1_000_000)
    add(f"DuckDB bulk load, {m['n']:,} obligations", f"{m['rate']:,.0f} obligations/s")
    add(f"municipality query over {m['n']:,} obligations", f"{m['query_best_ms']:.0f} ms best of 5, "
        f"{m['query_median_ms']:.0f} ms median")

    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    add("peak memory (this process / largest child)", f"{self_kb / 1024:.0f} MiB / {child_kb / 1024:.0f} MiB")

    out = ROOT / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    lines = ["# srok benchmarks\n", f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}; corpus of {n} documents "
             f"per format cycled from `fixtures/`. `make bench` regenerates this file.\n", "| figure | value |",
             "|---|---|"] + [f"| {a} | {b.replace('|', '/')} |" for a, b in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
