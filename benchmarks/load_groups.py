"""The writer alone, one transaction per document against groups of documents already read
(flows.ingest.load_group), in turns over the same documents, each run into a new register: what
grouping saves when the writer is behind its readers (a burst on busy cores). The documents are the
benchmark's distinct DOCX (benchmarks/corpus.py), read and extracted once in this process.

    python benchmarks/load_groups.py [N] [ROUNDS]    # default 200 documents, 3 rounds; groups of 1, 4 and 16

Prints the CPU and wall time a document of each group size, the median of the rounds."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

SIZES = (1, 4, 16)


def load(items: list, size: int) -> tuple[float, float]:
    """(CPU, wall) seconds a document of loading ``items`` into a new register, ``size`` to a transaction."""
    from flows.ingest import load_group
    from warehouse.db import batch
    with tempfile.TemporaryDirectory(prefix="srok-load-groups-") as tmp:
        db = Path(tmp) / "srok.duckdb"
        with batch(db) as writer:
            writer.connection()   # the register made and migrated before the clock starts
            cpu, wall = time.process_time(), time.perf_counter()
            for start in range(0, len(items), size):
                for _, got in load_group(items[start:start + size], db):
                    assert not isinstance(got, Exception), got
            writer.publish()
            return (time.process_time() - cpu) / len(items), (time.perf_counter() - wall) / len(items)


def main() -> None:
    from extractors.pipeline import extract
    from extractors.readers import read_document
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory(prefix="srok-load-groups-docs-") as tmp:
        items = [(f.name, f, (doc, extract(doc))) for f in corpus.make("docx", n, Path(tmp))
                 for doc in [read_document(f)]]
    got: dict[int, list[tuple[float, float]]] = {s: [] for s in SIZES}
    for r in range(rounds):
        for size in SIZES if r % 2 == 0 else reversed(SIZES):
            got[size].append(load(items, size))
    for size, runs in got.items():
        print(f"groups of {size:2d}: {1000 * statistics.median(c for c, _ in runs):.1f} ms CPU, "
              f"{1000 * statistics.median(w for _, w in runs):.1f} ms wall a document "
              f"(rounds: {', '.join(f'{1000 * c:.1f}' for c, _ in runs)} ms CPU)")


if __name__ == "__main__":
    main()
