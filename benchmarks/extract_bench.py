"""Seconds per document for each stage over the fixtures (models loaded once, before timing).
Prints numbers; asserts nothing. Usage: python benchmarks/extract_bench.py [ROUNDS]"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from extractors.entities import extract_entities
from extractors.metadata import extract_metadata
from extractors.obligations import extract_obligations
from extractors.readers import read_document
from extractors.references import find_references

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    files = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".docx", ".pdf"))
    warm = read_document(files[0])
    extract_entities(warm)                      # loads natasha's models
    extract_obligations(warm, *extract_metadata(warm))
    for fmt in ("docx", "pdf"):
        stage = {"read": 0.0, "rules": 0.0, "nlp (NER)": 0.0}
        docs = [f for f in files if f.suffix == f".{fmt}"]
        for _ in range(rounds):
            for f in docs:
                t0 = time.perf_counter()
                doc = read_document(f)
                t1 = time.perf_counter()
                meta, lay = extract_metadata(doc)
                extract_obligations(doc, meta, lay)
                find_references(doc)
                t2 = time.perf_counter()
                extract_entities(doc)
                t3 = time.perf_counter()
                stage["read"] += t1 - t0
                stage["rules"] += t2 - t1
                stage["nlp (NER)"] += t3 - t2
        n = rounds * len(docs)
        total = sum(stage.values())
        print(f"{fmt}: {len(docs)} files x {rounds} rounds; " + ", ".join(f"{k} {v / n:.3f} s/doc" for k, v in stage.items())
              + f"; total {total / n:.3f} s/doc = {n / total:.1f} docs/s (one process)")


if __name__ == "__main__":
    main()
