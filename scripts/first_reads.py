"""A corpus batch as srok first read it: the extraction of every document of the batch by the srok of the
commit that added the batch, before any rule was written from it (corpus/first_reads/batch-N.jsonl.gz).

The rows srok gets wrong on documents it was never tuned to are the rows the confidence model must doubt;
the sets srok was tuned on hold only the errors that were left, so a model fitted on them alone trusts a
new document's errors (issue 23). scripts/fit_confidence.py fits on these first reads too, with the checks
of today's extractors/confidence.py computed on the old rows.

    python scripts/first_reads.py record --batch 7 --commit 9eb435a
    python scripts/first_reads.py record --batch 3 --commit 71f6c1c --prefixes wl,wm,rd

The old commit runs in a temporary git worktree with this project's interpreter; it shares the eval cache
(keyed by the readers' hash, so an old reading is reused when the cache holds it)."""
from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval import BATCHES, CORPUS, ROOT, corpus_batch  # noqa: E402

from schemas.extraction import DocumentMeta, Obligation  # noqa: E402

FOLDER = CORPUS / "first_reads"

# run inside the old worktree: its own eval cache reader and extractor, one JSON line per document
CHILD = """
import json, sys
from pathlib import Path
root = sys.argv[1]
sys.path[:0] = [root, root + "/scripts"]
from eval import read_cached
from extractors.pipeline import contract, extract
for path in map(Path, sys.argv[2:]):
    try:
        doc = read_cached(path, True)
        ex = extract(doc, with_entities=False)
    except Exception as e:     # the old srok failed the document: recorded, no rows
        print(json.dumps({"name": path.stem, "error": repr(e)}), flush=True)
        continue
    print(json.dumps({"name": path.stem, "extraction": json.loads(ex.model_dump_json()),
                      "contract": contract(doc, ex)}, ensure_ascii=False, default=str), flush=True)
"""


def batch_documents(batch: int, prefixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in (CORPUS / "docs").iterdir()
                  if p.is_file() and corpus_batch(p.stem) == batch and p.stem.startswith(prefixes))


def record(batch: int, commit: str, prefixes: tuple[str, ...]) -> Path:
    """A batch that came in two commits is recorded in two parts, each by the commit that added it."""
    docs = batch_documents(batch, prefixes)
    out = FOLDER / f"batch-{batch}-{commit[:7]}.jsonl.gz"
    FOLDER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True,
                       capture_output=True)
        try:
            (tree / ".cache").symlink_to(ROOT / ".cache")
            full = subprocess.run(["git", "-C", str(ROOT), "rev-parse", commit], check=True, capture_output=True,
                                  text=True).stdout.strip()
            lines = subprocess.run([sys.executable, "-c", CHILD, str(tree), *map(str, docs)], cwd=tree, check=True,
                                   stdout=subprocess.PIPE, text=True,
                                   env={**os.environ, "OMP_THREAD_LIMIT": "1"}).stdout.splitlines()
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)
    with gzip.open(out, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"batch": batch, "commit": full, "prefixes": prefixes, "documents": len(lines)}) + "\n")
        f.writelines(line + "\n" for line in lines)
    return out


def documents() -> list[tuple[int, dict]]:
    """(batch, {"name", "extraction", "contract"}) of every recorded first read a document that did not fail."""
    out = []
    for path in sorted(FOLDER.glob("batch-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            head = json.loads(f.readline())
            out += [(head["batch"], r) for r in map(json.loads, f) if "error" not in r]
    return out


def with_todays_checks(record: dict) -> dict:
    """The old prediction with each row's checks as today's extractors/confidence.py computes them."""
    from extractors.confidence import checks
    ex = record["extraction"]
    meta = DocumentMeta.model_validate(ex["document"])
    kinds = {d["kind"] for d in ex.get("doubts") or []}
    pred = copy.deepcopy(record["contract"])
    for row, ob in zip(pred["obligations"], ex["obligations"]):
        row["checks"] = checks(Obligation.model_validate(ob), meta, partly_unread="extractor_failed" in kinds,
                               tasks_missing="tasks_may_be_missing" in kinds)
    return pred


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="record a batch's first read by the commit that added it")
    rec.add_argument("--batch", type=int, required=True, choices=sorted(BATCHES))
    rec.add_argument("--commit", required=True)
    rec.add_argument("--prefixes", help="the part of the batch this commit added (comma-separated; default all)")
    args = ap.parse_args()
    prefixes = tuple(args.prefixes.split(",")) if args.prefixes else BATCHES[args.batch]
    print(record(args.batch, args.commit, prefixes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
