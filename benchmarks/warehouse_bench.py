"""Warehouse figures: bulk load rate of obligations and a municipality query over N synthetic
obligations (default 1,000,000). Prints numbers; asserts nothing. Usage:
    python benchmarks/warehouse_bench.py [N]"""
from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from warehouse.db import connect
from warehouse.queries import deadlines


def synthetic(n: int, con) -> tuple[pa.Table, pa.Table, pa.Table]:
    munis = con.execute("SELECT region, short_name FROM municipalities").fetchall()
    regions = sorted({r for r, _ in munis})
    rng = random.Random(7)
    docs_n = max(1, n // 20)
    docs = pa.table({"doc_id": [f"d{i:08d}" for i in range(docs_n)], "file_name": [f"f{i}.docx" for i in range(docs_n)],
                     "format": ["docx"] * docs_n, "doc_type": ["letter"] * docs_n,
                     "extractor_version": ["bench"] * docs_n})
    base = dt.date(2021, 1, 1)
    ob = {"doc_id": [], "ob_no": [], "text": [], "deadline_end": [], "status": [], "confidence": [],
          "span_start": [], "span_end": []}
    resp = {"doc_id": [], "ob_no": [], "body_no": [], "name": [], "scope": [], "region": [], "municipality": []}
    for i in range(n):
        did, no = f"d{i // 20:08d}", i % 20
        ob["doc_id"].append(did); ob["ob_no"].append(no); ob["text"].append(f"задача {i}")
        ob["deadline_end"].append(base + dt.timedelta(days=rng.randrange(1500))); ob["status"].append("pending")
        ob["confidence"].append(1.0); ob["span_start"].append(0); ob["span_end"].append(10)
        if rng.random() < 0.1:
            scope, region, muni = "all_municipalities", rng.choice(regions), None
        else:
            scope, (region, muni) = "body", rng.choice(munis)
        resp["doc_id"].append(did); resp["ob_no"].append(no); resp["body_no"].append(0)
        resp["name"].append("Отдел образования"); resp["scope"].append(scope); resp["region"].append(region)
        resp["municipality"].append(muni)
    return docs, pa.table(ob), pa.table(resp)


def measure(n: int = 1_000_000) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "bench.duckdb")
        t0 = time.perf_counter()
        docs, ob, resp = synthetic(n, con)
        t1 = time.perf_counter()
        con.execute("BEGIN")
        for name, table in (("documents", docs), ("obligations", ob), ("obligation_responsible", resp)):
            con.register("_b", table)
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _b")
            con.unregister("_b")
        con.execute("COMMIT")
        t2 = time.perf_counter()
        timings = []
        for _ in range(5):
            q0 = time.perf_counter()
            rows = deadlines(con, municipality="Козельский район", as_of=dt.date(2022, 6, 1))
            timings.append(time.perf_counter() - q0)
        con.close()
    return {"n": n, "generate_s": t1 - t0, "load_s": t2 - t1, "rate": n / (t2 - t1), "query_best_ms": min(timings) * 1000,
            "query_median_ms": sorted(timings)[2] * 1000, "rows": len(rows)}


def main() -> None:
    m = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
    print(f"obligations           {m['n']:>12,}")
    print(f"bulk load (Arrow)     {m['load_s']:>11.2f} s   {m['rate']:>12,.0f} obligations/s")
    print(f"municipality query    {m['query_best_ms']:>11.1f} ms  best of 5 ({m['rows']} rows, median "
          f"{m['query_median_ms']:.1f} ms)")


if __name__ == "__main__":
    main()
