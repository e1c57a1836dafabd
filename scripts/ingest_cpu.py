"""CPU per extra document of `srok ingest` (and of `srok backfill`) beside its anchors, for profiling
issue 27's goals on a busy machine: wall time there depends on what else runs, CPU time and ratios
measured side by side do not.

Distinct documents are made from every DOCX or text-layer PDF of fixtures/, corpus/docs and the shared
eval sets and real documents (benchmarks/corpus.py's variants: another registration number, or a mark
on the last page). Each round runs, in turn: the anchor (python-docx's paragraph and cell text, or
pypdfium2's page text, of the same files) and `srok ingest` into a fresh register, each over N and
over 2N files (the first N and N more variants of the same sources). CPU of a command is its children's
user+system time (reader processes included); the cost of an extra document is (CPU(2N) - CPU(N)) / N,
so what every run pays once (starting, loading the models, migrating the register) drops out. Rounds
interleave, and the medians are printed with the ratio to the anchor.

    python scripts/ingest_cpu.py docx|pdf [-n N] [--rounds 3] [--backfill]

N is twice the number of sources by default, so each set cycles over every source alike.

``--backfill`` also runs `srok backfill --workers 1` and `--workers 2` on the same files: their CPU, and
their rate once started (N more documents over the wall time they add, so the Dask cluster's and
Prefect's start-up drop out; printed apart), the ratio from 1 to 2 workers and against `srok ingest`."""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import _text_layer, docx_variant, pdf_variant  # noqa: E402

SHARED = Path(os.environ.get("SROK_SHARED", ROOT.parent / "shared"))   # a worktree elsewhere names it
SROK = str(ROOT / ".venv" / "bin" / "srok")
PY = sys.executable

ANCHOR = {
    "docx": """
import sys, docx
for f in sys.argv[1:]:
    d = docx.Document(f)
    text = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
""",
    "pdf": """
import sys, pypdfium2 as pdfium
for f in sys.argv[1:]:
    pdf = pdfium.PdfDocument(f)
    text = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
"""}


def sources(fmt: str) -> list[Path]:
    found = [p for base in (ROOT / "fixtures", ROOT / "corpus" / "docs", SHARED / "realdocs", SHARED / "realdocs2",
                            *sorted((SHARED / "eval").glob("*/docs")))
             for p in sorted(base.glob(f"*.{fmt}"))]
    return [p for p in found if fmt != "pdf" or _text_layer(p)]


def make(fmt: str, n: int, folder: Path) -> list[Path]:
    srcs = sources(fmt)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = srcs[i % len(srcs)]
        path = folder / f"{i:05d}.{fmt}"
        (docx_variant if fmt == "docx" else pdf_variant)(src, 1000 + i, path)
        out.append(path)
    return out


def cpu(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(children's CPU seconds, wall seconds) of a command run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(["nice", *cmd], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode not in (0, 1):   # 1: some file was not read, which the figures still cover
        raise SystemExit(f"{cmd[:2]} failed: {done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("fmt", choices=["docx", "pdf"])
    ap.add_argument("-n", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--backfill", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="srok-cpu-") as tmp:
        tmp = Path(tmp)
        n = args.n or 2 * len(sources(args.fmt))
        files = make(args.fmt, 2 * n, tmp / "all")
        half = tmp / "half"
        half.mkdir()
        for f in files[:n]:
            (half / f.name).write_bytes(f.read_bytes())
        folders = {n: half, 2 * n: tmp / "all"}
        rows: dict[str, list[tuple[float, float]]] = {}

        def run(label: str, cmd: list[str]) -> None:
            rows.setdefault(label, []).append(cpu(cmd, tmp))

        for r in range(args.rounds):
            for size, folder in folders.items():
                run(f"anchor {size}", [PY, "-c", ANCHOR[args.fmt], *map(str, sorted(folder.iterdir()))])
                run(f"ingest {size}", [SROK, "ingest", str(folder), "--db", str(tmp / f"i{size}-{r}.duckdb")])
                for w in (1, 2) if args.backfill else ():
                    run(f"backfill{w} {size}", [SROK, "backfill", str(folder), "--db", str(tmp / f"b{w}-{size}-{r}.duckdb"),
                                                "--workers", str(w)])
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} CPU s / {v[-1][1]:.2f} s" for k, v in rows.items()),
                  flush=True)
        med = {k: (statistics.median(c for c, _ in v), statistics.median(w for _, w in v)) for k, v in rows.items()}
        def extra(what: str) -> float:
            return (med[f"{what} {2 * n}"][0] - med[f"{what} {n}"][0]) / n

        anchor = extra("anchor")
        print(f"{n} and {2 * n} distinct {args.fmt.upper()} from {len(sources(args.fmt))} sources, medians of "
              f"{args.rounds} rounds, load {open('/proc/loadavg').read().split()[0]}")
        print(f"anchor: {1000 * anchor:.1f} ms CPU an extra document")
        print(f"srok ingest: {1000 * extra('ingest'):.1f} ms CPU an extra document, {extra('ingest') / anchor:.1f}× the "
              f"anchor; {2 * n / med[f'ingest {2 * n}'][1]:.1f} documents/s wall over {2 * n}")
        def rate(what: str) -> float:   # documents a second once started: N more documents over the time they add
            return n / (med[f"{what} {2 * n}"][1] - med[f"{what} {n}"][1])

        if args.backfill:
            print(f"srok ingest once started: {rate('ingest'):.1f} documents/s wall")
            for w in (1, 2):
                what = f"backfill{w}"
                print(f"srok backfill --workers {w}: {1000 * extra(what):.1f} ms CPU an extra document, once started "
                      f"{rate(what):.1f} documents/s wall; {2 * n / med[f'{what} {2 * n}'][1]:.1f} documents/s over {2 * n} "
                      f"with its start-up ({med[f'{what} {2 * n}'][1]:.1f} s)")
            print(f"backfill 1 → 2 workers: ×{rate('backfill2') / rate('backfill1'):.2f} once started; "
                  f"backfill on 2 workers against srok ingest (2 readers): ×{rate('backfill2') / rate('ingest'):.2f} once started, "
                  f"×{med[f'ingest {2 * n}'][1] / med[f'backfill2 {2 * n}'][1]:.2f} with start-ups")


if __name__ == "__main__":
    main()
