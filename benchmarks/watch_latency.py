"""Drop-to-queryable latency of the inbox watcher: drop N documents one by one into a watched inbox
(a real `srok watch` subprocess) and time until each is visible to an analyst's read-only query.
Prints p50/p95; asserts nothing. Usage: python benchmarks/watch_latency.py [N] [SETTLE_SECONDS]"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from warehouse.db import for_analysts

ROOT = Path(__file__).resolve().parents[1]


def letter(i: int) -> str:
    return (f"ОТДЕЛ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ГОРОДА ЛЕСОСИБИРСКА\n\nот 10.11.2020 № {5000 + i}\n\n"
            f"Образовательным учреждениям необходимо представить отчёт № {i} до 25.11.2020.\n")


def visible(db: Path, name: str) -> bool:
    try:
        with for_analysts(db, wait_s=0) as con:
            return con.execute("SELECT count(*) FROM documents WHERE file_name = ?", [name]).fetchone()[0] == 1
    except (duckdb.Error, FileNotFoundError):   # nothing published yet
        return False


def measure(n: int = 50, settle: float = 1.0) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "srok.duckdb"
        proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "watch", "--inbox", str(root / "inbox"),
                                 "--archive", str(root / "archive"), "--quarantine", str(root / "q"), "--db", str(db),
                                 "--settle", str(settle)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not (root / "inbox").exists():
                time.sleep(0.05)
            time.sleep(2)   # models loaded on the first document are part of start-up, not latency
            latencies = []
            for i in range(n):
                name = f"письмо {i}.txt"
                staging = root / name
                staging.write_text(letter(i), encoding="utf-8")
                t0 = time.perf_counter()
                os.replace(staging, root / "inbox" / name)
                while not visible(db, name):
                    time.sleep(0.02)
                latencies.append(time.perf_counter() - t0)
        finally:
            proc.terminate()
            proc.wait()
    return latencies


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    settle = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
    latencies = measure(n, settle)
    q = statistics.quantiles(latencies, n=20)
    print(f"drops {n}, settle {settle:.1f} s: p50 {statistics.median(latencies):.2f} s, p95 {q[18]:.2f} s, "
          f"max {max(latencies):.2f} s (the first drop includes the reader process starting)")


if __name__ == "__main__":
    main()
