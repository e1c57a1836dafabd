"""`make bench`: srok's figures beside their anchors measured in the same run, printed and written to
docs/benchmarks.md with the machine it ran on. Figures only; nothing here asserts a speed.

    python benchmarks/run_all.py [--docs N] [--pdf-docs N] [--rounds R] [--scale 0,1000000] [--quick]

Every throughput figure is a pair (paired.py): srok's command and its anchors (anchors.py) run in
turns over the same distinct documents of every genre and source (corpus.py), the order turning each
round, each figure printed with srok's ratio to its anchors and the 1-minute load average while it
ran. The anchors: python-docx's text for DOCX, pypdfium2's text for PDF, natasha's glue (Segmenter,
MorphTagger, NER) over the same texts, plain Tesseract on the same real scanned page, a cold natasha
command beside `srok extract`, `srok ingest` beside the watcher and `srok backfill`, and docling or
unstructured where they are installed (here, or at SROK_BENCH_DOCLING_PYTHON /
SROK_BENCH_UNSTRUCTURED_PYTHON). Then the register at each size (register_scale.py): one more document
queryable, the municipality query over a whole delta cycle at 1M obligations (best, median, worst;
merged and unmerged deltas), then per-stage times, a naive baseline's quality, the watcher's latency
and the table pages. About 35 minutes on 2 busy cores; --quick is a smoke run of a few minutes."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import anchors  # noqa: E402
import commands  # noqa: E402
import corpus  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from paired import paired  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
LETTER = FIXTURES / "000_f78c96f4c1c9048e.docx"


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
        con.execute("SET threads = 1")   # as the writer runs it (warehouse.db.Writer): on every core, +40 % CPU
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


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def times(slower: float) -> str:
    """A ratio of times as words: srok ×2.4 the anchor's time, or ×0.5."""
    return f"×{slower:.2f}" if slower < 10 else f"×{slower:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=300, help="distinct DOCX for the ingest and watcher runs")
    ap.add_argument("--pdf-docs", type=int, default=150, help="distinct PDF with a text layer for the ingest runs")
    ap.add_argument("--backfill-docs", type=int, default=200, help="distinct DOCX for srok backfill")
    ap.add_argument("--rounds", type=int, default=3, help="paired rounds of each figure")
    ap.add_argument("--scale", default="0,1000000", help="register sizes in obligations (10000000 takes 8 GiB)")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = ap.parse_args()
    quick = args.quick
    n, n_pdf, n_back = (30, 20, 20) if quick else (args.docs, args.pdf_docs, args.backfill_docs)
    rounds = 1 if quick else args.rounds
    said = f"{rounds} round{'s' if rounds > 1 else ''}"
    scale = [0, 100_000] if quick else [int(x) for x in args.scale.split(",") if x]
    cycle_at = max((x for x in scale if x <= 1_000_000), default=None)
    rows: list[tuple[str, str, str, str]] = []
    started, load_before = time.perf_counter(), load()

    def add(name: str, value: str, anchor: str = "", at: str | None = None) -> None:
        rows.append((name, value, anchor, at or f"{os.getloadavg()[0]:.1f}"))
        print(f"{name:<60} {value} | {anchor} | load {rows[-1][3]}", flush=True)

    work = Path(tempfile.mkdtemp(prefix="srok-bench-"))
    dbs = iter(range(10 ** 6))

    def fresh(name: str) -> Path:
        return work / f"{name}-{next(dbs)}.duckdb"

    # DOCX: `srok ingest`, the watcher, and the floor of their reading, the same files in turns
    docx = work / "docx"
    corpus.make("docx", n, docx)
    one = work / "one-docx"
    corpus.make("docx", 1, one, start=n)
    texts = anchors.texts_of(sorted(docx.iterdir())[:min(n, 60)], work / "texts.json")
    contenders = {
        "ingest": lambda: commands.ingest(docx, fresh("docx")),
        "ingest 1": lambda: commands.ingest(one, fresh("one")),
        "watcher": lambda: commands.watcher_drain(sorted(docx.iterdir()), work / "watch"),
        "python-docx": lambda: anchors.docx_text(sorted(docx.iterdir())),
        "natasha": lambda: anchors.natasha(texts),
    }
    for alt in ("docling", "unstructured"):
        if anchors.alternative_python(alt):
            contenders[alt] = lambda alt=alt: anchors.alternative(alt, sorted(docx.iterdir()))
    pair = paired(rounds, contenders)
    n_texts = len(json.loads(texts.read_text(encoding="utf-8")))
    # natasha reads fewer texts than srok files (a minute for 60): compared a document each
    per_doc = statistics.median((a.wall / n) / (b.wall / n_texts) for a, b in zip(pair.runs["ingest"], pair.runs["natasha"]))
    extra = statistics.median((a.cpu - b.cpu) / (n - 1) for a, b in zip(pair.runs["ingest"], pair.runs["ingest 1"]))
    floor = statistics.median(r.cpu / n for r in pair.runs["python-docx"])
    alts = "".join(f"; {alt}: {n / pair.wall(alt):.1f} docs/s, srok {times(pair.ratio('ingest', alt))} its time"
                   for alt in ("docling", "unstructured") if alt in pair.runs)
    add(f"`srok ingest` of {n} distinct DOCX (all {len(corpus.sources('docx'))} sources), {said}",
        f"{n / pair.wall('ingest'):.1f} docs/s; {extra * 1000:.0f} ms CPU per extra document (goal ≤ 40)",
        f"python-docx text: {n / pair.wall('python-docx'):.1f} docs/s ({floor * 1000:.0f} ms CPU a document), srok "
        f"{times(pair.ratio('ingest', 'python-docx'))} its time (goal ≤ ×3); natasha glue over {n_texts} of the texts: "
        f"{n_texts / pair.wall('natasha'):.1f} docs/s, srok {times(per_doc)} its time a document" + alts,
        pair.load("ingest", "python-docx", "natasha"))
    add(f"watcher drain of the same {n} DOCX dropped at once, settle 1 s", f"{n / pair.wall('watcher'):.1f} files/s; "
        f"{statistics.median(r.cpu / n for r in pair.runs['watcher']) * 1000:.0f} ms CPU a document",
        f"`srok ingest` of the same files: watcher {times(pair.ratio('watcher', 'ingest'))} its time; python-docx: "
        f"{times(pair.ratio('watcher', 'python-docx'))}", pair.load("watcher"))
    shutil.rmtree(docx)

    # PDF with a text layer
    pdf = work / "pdf"
    corpus.make("pdf", n_pdf, pdf)
    one_pdf = work / "one-pdf"
    corpus.make("pdf", 1, one_pdf, start=n_pdf)
    contenders = {"ingest": lambda: commands.ingest(pdf, fresh("pdf")),
                  "ingest 1": lambda: commands.ingest(one_pdf, fresh("one")),
                  "pypdfium2": lambda: anchors.pdf_text(sorted(pdf.iterdir()))}
    for alt in ("docling", "unstructured"):
        if anchors.alternative_python(alt):
            contenders[alt] = lambda alt=alt: anchors.alternative(alt, sorted(pdf.iterdir()))
    pair = paired(rounds, contenders)
    pages = sum(len(pdfium.PdfDocument(p)) for p in pdf.iterdir())
    extra = statistics.median((a.cpu - b.cpu) / (n_pdf - 1) for a, b in zip(pair.runs["ingest"], pair.runs["ingest 1"]))
    alts = "".join(f"; {alt}: {n_pdf / pair.wall(alt):.1f} docs/s, srok {times(pair.ratio('ingest', alt))} its time"
                   for alt in ("docling", "unstructured") if alt in pair.runs)
    add(f"`srok ingest` of {n_pdf} distinct PDF with a text layer ({pages} pages; all {len(corpus.sources('pdf'))} "
        f"sources), {said}", f"{n_pdf / pair.wall('ingest'):.1f} docs/s; {extra * 1000:.0f} ms CPU per extra document",
        f"pypdfium2 text: {n_pdf / pair.wall('pypdfium2'):.1f} docs/s, srok {times(pair.ratio('ingest', 'pypdfium2'))} "
        f"its time (goal ≤ ×5)" + alts, pair.load("ingest", "pypdfium2"))
    shutil.rmtree(pdf)

    # commands: `srok extract` of a letter beside a cold natasha command over its text; a real scanned
    # page beside plain Tesseract on the same image
    letter_text = anchors.texts_of([LETTER], work / "letter.json")
    pair = paired(2 if quick else 5, {"extract": lambda: commands.extract(LETTER),
                                      "natasha": lambda: anchors.natasha(letter_text)})
    add("`srok extract FILE` (a DOCX letter) as a command", f"{pair.wall('extract'):.2f} s median; "
        f"{pair.cpu('extract'):.2f} CPU s", f"a cold natasha command over its text: {pair.wall('natasha'):.2f} s, srok "
        f"{times(pair.ratio('extract', 'natasha'))} its time", pair.load())
    page_pdf, page_png = commands.scanned_page(work)
    if anchors.tesseract(page_png) is None:
        add("a real scanned page", "no Tesseract here")
    else:
        pair = paired(1 if quick else 3, {"extract": lambda: commands.extract(page_pdf),
                                          "tesseract": lambda: anchors.tesseract(page_png)})
        add(f"`srok extract` of a real 300 dpi scanned page ({commands.REAL_SCAN.name}, p. 1) as a command",
            f"{pair.wall('extract'):.2f} s median; {pair.cpu('extract'):.2f} CPU s",
            f"plain `tesseract` on its image: {pair.wall('tesseract'):.2f} s ({pair.cpu('tesseract'):.2f} CPU s), srok "
            f"{times(pair.ratio('extract', 'tesseract'))} its time", pair.load())

    # the scale-out path beside one process, the same files
    back = work / "backfill"
    corpus.make("docx", n_back, back, start=n + 1)
    try:
        pair = paired(1, {"ingest": lambda: commands.ingest(back, fresh("b")),
                          "backfill 1": lambda: commands.backfill(back, fresh("b"), 1),
                          "backfill 2": lambda: commands.backfill(back, fresh("b"), 2)})
        add(f"`srok backfill --workers 1 / 2` of {n_back} distinct DOCX (Prefect's local server and the cluster "
            f"started by the command)", f"{n_back / pair.wall('backfill 1'):.1f} / {n_back / pair.wall('backfill 2'):.1f} "
            f"docs/s; 2 workers {pair.wall('backfill 1') / pair.wall('backfill 2'):.2f}× as fast as 1",
            f"`srok ingest` of the same files: {n_back / pair.wall('ingest'):.1f} docs/s; backfill 1 / 2 "
            f"{times(pair.ratio('backfill 1', 'ingest'))} / {times(pair.ratio('backfill 2', 'ingest'))} its time", pair.load())
    except RuntimeError as e:   # Prefect's local server may not start on a busy machine: say so, go on
        add(f"`srok backfill` of {n_back} distinct DOCX", f"failed here: {str(e)[:160]}")
    shutil.rmtree(back)

    import register_scale
    for size in scale:
        m = register_scale.measure(size, work=work, with_cycle=size == cycle_at)
        add(f"register of {size:,} obligations", register_scale.row(m))
        if size == cycle_at:
            add(f"municipality query over a delta cycle at {size:,} obligations (a load and publish at a time, "
                f"from a new base to the next), merged deltas", register_scale.cycle_row(m["cycle_merged_ms"]),
                f"unmerged (as before issue 27): {register_scale.cycle_row(m['cycle_unmerged_ms'])}")

    _warm()
    stages_n = 20 if quick else 60
    for fmt in ("docx", "pdf"):
        paths = corpus.make(fmt, stages_n, work / f"stages-{fmt}")
        t = _stages([str(p) for p in paths])
        add(f"{fmt.upper()}: read / NER (not run by ingest) / rules / load, s per document, in one process",
            " / ".join(f"{t[k] / stages_n:.4f}" for k in ("read", "nlp", "rules", "load")))

    import naive_baseline
    for name, s in naive_baseline.run("docx").items():
        add(f"seed quality (DOCX), {name}", f"obligations F1 {s['obligations']['f1']:.3f}, deadline "
            f"{s['deadline']['acc']}, responsible F1 {s['responsible']['f1']:.3f}, end to end {s['end_to_end']}")

    import watch_latency
    lat = watch_latency.measure(10 if quick else 30, 1.0)
    q = statistics.quantiles(lat, n=20)
    add(f"watcher drop-to-queryable, {len(lat)} drops one by one, settle 1 s", f"p50 {statistics.median(lat):.2f} s, "
        f"p95 {q[18]:.2f} s")

    import table_pages
    for name, value in table_pages.measure(1 if quick else 3).items():
        add(name, value)

    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    add("peak memory (this process / largest child)", f"{self_kb / 1024:.0f} MiB / {child_kb / 1024:.0f} MiB")
    shutil.rmtree(work, ignore_errors=True)
    write_report(rows, f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}, in {(time.perf_counter() - started) / 60:.0f} "
                       f"min; load average (1/5/15 min) {load_before} at the start, {load()} at the end. Each srok "
                       f"figure beside its anchors, run in turns over the same files; ×N is srok's time over the "
                       f"anchor's in the same round (median of the rounds). `make bench` regenerates this table.")


MARKER = "<!-- end of the table `make bench` writes; sections below are kept -->"


def write_report(rows: list[tuple[str, str, str, str]], header: str) -> None:
    """The table at the top of docs/benchmarks.md; whatever follows the marker (notes, other
    sections) is kept."""
    out = ROOT / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    kept = old.split(MARKER, 1)[1] if MARKER in old else "\n"
    lines = ["# srok benchmarks\n", header + "\n", "| figure | srok | anchors in the same run | load (1 min) |",
             "|---|---|---|---|"] + [f"| {' | '.join(c.replace('|', '/') for c in row)} |" for row in rows] + ["", MARKER]
    out.write_text("\n".join(lines) + kept, encoding="utf-8")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
