"""Text-layer PDF read time per document, this tree against an earlier commit, runs alternated so both
see the same machine load. Prints seconds per document (median of the runs); asserts nothing.

    python benchmarks/pdf_read.py [--against COMMIT] [--runs 5]

The documents: the text-layer PDFs of fixtures/ and of ../shared/realdocs. Each side is timed in a
fresh process importing its own extractors/ and schemas/ (the earlier commit's taken by git archive)."""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "realdocs"

TIMER = """
import json, sys, time
from pathlib import Path
from extractors.readers.pdf_reader import read_pdf
out = {}
for p in sys.argv[1:]:
    read_pdf(Path(p)) if not out else None   # imports and the first page cache warmed once
    t = time.perf_counter()
    read_pdf(Path(p))
    out[p] = time.perf_counter() - t
print(json.dumps(out))
"""


def text_layer_pdfs() -> list[Path]:
    import pdfplumber
    out = []
    for p in sorted(ROOT.glob("fixtures/*.pdf")) + sorted(REALDOCS.glob("*.pdf")):
        with pdfplumber.open(str(p)) as pdf:
            if pdf.pages[0].extract_words():
                out.append(p)
    return out


def _time(tree: Path, docs: list[Path]) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", TIMER, *map(str, docs)], cwd=tree, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(tree), "OMP_THREAD_LIMIT": "1",
                                                     "OPENBLAS_NUM_THREADS": "1", "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--against", default=None, help="an earlier commit to compare with")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    docs = text_layer_pdfs()
    trees = {"this tree": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        if args.against:
            old = Path(tmp) / "old"
            old.mkdir()
            archive = subprocess.run(["git", "archive", args.against, "extractors", "schemas"], cwd=ROOT,
                                     capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            trees = {args.against: old, **trees}
        times: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
        for _ in range(args.runs):
            for name, tree in trees.items():
                for doc, s in _time(tree, docs).items():
                    times[name].setdefault(doc, []).append(s)
    print(f"{'document':<48}" + "".join(f"{name[:12]:>14}" for name in trees))
    for doc in map(str, docs):
        print(f"{Path(doc).name[:47]:<48}" + "".join(f"{statistics.median(times[n][doc]):>13.3f}s" for n in trees))
    print(f"{'mean per document':<48}" + "".join(
        f"{statistics.mean(statistics.median(v) for v in times[n].values()):>13.3f}s" for n in trees))


if __name__ == "__main__":
    main()
