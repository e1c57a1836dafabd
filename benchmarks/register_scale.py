"""The register at scale: synthetic registers of N obligations (bulk-loaded, 20 per document, a tenth
of them region-wide), then real distinct documents written one at a time as `srok ingest` does.
Per size: time to make one more document queryable (its write transaction + publishing, until a new
analyst session sees it; p50/p95), `srok ingest` of one file as a command, a new base copy, the
municipality query on the analysts' connection, and the sizes of the database, the base copy and the
deltas. With ``cycle``, the municipality query after each load of a whole delta cycle (from one new base
to the next), with and without merging the deltas: its best, median and worst. Prints figures; asserts
nothing. Usage:
    python benchmarks/register_scale.py [N ...]      (default 0 100000 1000000)"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))

import corpus  # noqa: E402
from warehouse import deltas, municipality_rows, publish as publishing  # noqa: E402
from warehouse.db import connect, db_path, for_analysts, writing  # noqa: E402
from warehouse.load import load_document  # noqa: E402
from warehouse.publish import deltas_root, publish_base, snapshot_path  # noqa: E402
from warehouse.queries import deadlines  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MUNICIPALITY = "Козельский район"


def build(db: Path, n: int) -> float:
    """Bulk-loads n synthetic obligations, a run of the municipality rows (CLUSTER_ROWS, as loads and the
    writer's sorting leave them) a transaction, so that memory stays bounded; returns seconds."""
    t0 = time.perf_counter()
    con = connect(db)
    docs = max(1, n // 20)
    run_docs = max(1, municipality_rows.CLUSTER_ROWS // 20)
    con.execute("CREATE TEMP TABLE m AS SELECT row_number() OVER (ORDER BY region, short_name) - 1 AS k, region, "
                "short_name FROM municipalities")
    con.execute("CREATE TEMP TABLE r AS SELECT row_number() OVER (ORDER BY region) - 1 AS k, region "
                "FROM (SELECT DISTINCT region FROM municipalities)")
    mc, rc = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("m", "r"))
    for lo in range(0, docs, run_docs):
        hi = min(docs, lo + run_docs)
        rows = f"range({lo * 20}, {min(n, hi * 20)}) t(i)"
        con.execute("BEGIN")
        con.execute(f"INSERT INTO documents (doc_id, file_name, format, doc_type, reg_number, reg_date, extractor_version) "
                    f"SELECT printf('syn%09d', i), printf('f%d.docx', i), 'docx', 'letter', printf('%d', i), "
                    f"DATE '2021-01-01' + CAST(i % 1500 AS INTEGER), 'synthetic' FROM range({lo}, {hi}) t(i)")
        if n:
            con.execute(f"INSERT INTO obligations (doc_id, ob_no, task_key, text, deadline_end, status, confidence, "
                        f"span_start, span_end) "
                        f"SELECT printf('syn%09d', i // 20), CAST(i % 20 AS INTEGER), printf('%016x', hash(i)), "
                        f"'Представить отчёт № ' || i, "
                        f"DATE '2021-01-01' + CAST(hash(i) % 1500 AS INTEGER), 'pending', 1.0, 0, 10 FROM {rows}")
            con.execute(f"INSERT INTO obligation_responsible (doc_id, ob_no, body_no, name, scope, region, municipality) "
                        f"SELECT printf('syn%09d', i // 20), CAST(i % 20 AS INTEGER), 0, 'Отдел образования', "
                        f"CASE WHEN hash(i + 1) % 10 = 0 THEN 'all_municipalities' ELSE 'body' END, "
                        f"CASE WHEN hash(i + 1) % 10 = 0 THEN r.region ELSE m.region END, "
                        f"CASE WHEN hash(i + 1) % 10 = 0 THEN NULL ELSE m.short_name END "
                        f"FROM {rows} JOIN m ON m.k = hash(i + 2) % {mc} JOIN r ON r.k = hash(i + 3) % {rc}")
            con.execute("INSERT INTO municipality_obligations SELECT * FROM _municipality_rows "
                        f"WHERE doc_id >= printf('syn%09d', {lo}) AND doc_id < printf('syn%09d', {hi}) "
                        f"ORDER BY {municipality_rows.ORDER}")
        con.execute("COMMIT")
    publish_base(con, db_path(db))
    con.close()
    return time.perf_counter() - t0


def mib(path: Path) -> float:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2 ** 20
    return path.stat().st_size / 2 ** 20 if path.exists() else 0.0


def visible(db: Path, doc_id: str) -> bool:
    with for_analysts(db) as con:
        return con.execute("SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0] == 1


def query_ms(connect_to, runs: int = 3) -> float:
    """The municipality query as `srok deadlines --municipality` runs it, on a new connection
    (``connect_to()``): best of runs."""
    with connect_to() as con:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            deadlines(con, municipality=MUNICIPALITY, as_of=dt.date(2022, 6, 1))
            times.append(time.perf_counter() - t0)
    return min(times) * 1000


def frozen_base(db: Path, out: Path) -> Path:
    """A copy of the analysts' base as it is now, its views pointed at a copy of its deltas that no load
    changes: the same query on it, measured beside each point of a cycle, is what a fresh base costs at
    that moment of a busy machine."""
    snap = snapshot_path(db)
    live = deltas.live(deltas_root(db) / str(os.stat(snap).st_ino))
    shutil.copytree(live, out / "deltas")
    shutil.copy(snap, out / "base.duckdb")
    with duckdb.connect(str(out / "base.duckdb")) as con:
        for (sql,) in con.execute("SELECT sql FROM duckdb_views() WHERE NOT internal AND sql LIKE '%read_parquet%'").fetchall():
            con.execute(sql.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1).replace(str(live), str(out / "deltas")))
    return out / "base.duckdb"


def cycle(db: Path, extracted: list, merging: bool) -> list[tuple[float, float]]:
    """The municipality query after each load of one delta cycle: from a new base, a document at a time
    as `srok ingest FILE` writes it, until publishing makes the next base (BASE_AFTER_DELTAS publishes);
    ``merging`` off leaves every delta folder unmerged, as before issue 27. At each point (ms) beside
    it, in turns, the same query on the cycle's first base, frozen (ms)."""
    saved = deltas.MERGE_AFTER
    deltas.MERGE_AFTER = saved if merging else 10 ** 9
    try:
        with connect(db) as con:
            publish_base(con, db)
        base = os.stat(snapshot_path(db)).st_ino
        with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
            frozen = frozen_base(db, Path(tmp))

            def point() -> tuple[float, float]:
                return (query_ms(lambda: for_analysts(db)),
                        query_ms(lambda: duckdb.connect(str(frozen), read_only=True)))
            times = [point()]
            for doc, ex in extracted:
                with writing(db) as con:
                    assert load_document(con, doc, ex) in ("loaded", "new_version")
                if os.stat(snapshot_path(db)).st_ino != base:
                    return times
                times.append(point())
        raise RuntimeError(f"{len(extracted)} documents did not fill a cycle of {publishing.BASE_AFTER_DELTAS}")
    finally:
        deltas.MERGE_AFTER = saved


def cycle_row(times: list[tuple[float, float]]) -> str:
    ms = [t for t, _ in times]
    beside = [t / f for t, f in times]
    return (f"{min(ms):.0f} / {statistics.median(ms):.0f} / {max(ms):.0f} ms best / median / worst over {len(ms)} "
            f"points (worst {max(ms) / min(ms):.2f}× best); beside the frozen fresh base at each point: median "
            f"×{statistics.median(beside):.2f}, worst ×{max(beside):.2f}")


def measure(n: int, docs: int = 20, work: Path | None = None, with_cycle: bool = False) -> dict:
    from extractors.pipeline import extract
    from extractors.readers import read_document
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        tmp = Path(tmp)
        db = tmp / "srok.duckdb"
        out = {"n": n, "build_s": build(db, n)}
        files = corpus.make("docx", docs + 3, tmp / "docs", start=n % 9973)
        extracted = [(d, extract(d)) for d in map(read_document, files[:docs])]
        times, cpu = [], []
        for doc, ex in extracted:
            t0, c0 = time.perf_counter(), time.process_time()
            with writing(db) as con:           # what one `srok ingest` file costs after extraction
                assert load_document(con, doc, ex) in ("loaded", "new_version")
            cpu.append(time.process_time() - c0)
            while not visible(db, doc.origin.sha256):
                time.sleep(0.005)
            times.append(time.perf_counter() - t0)
        out["queryable_cpu_s"] = statistics.median(cpu)
        out["queryable_p50_s"] = statistics.median(times)
        out["queryable_p95_s"] = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
        commands = []
        for f in files[docs:]:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "flows.cli", "ingest", str(f), "--db", str(db)], cwd=ROOT,
                           check=True, capture_output=True)
            commands.append(time.perf_counter() - t0)
        out["ingest_command_s"] = statistics.median(commands)
        with connect(db) as con:
            t0 = time.perf_counter()
            publish_base(con, db)
            out["base_s"] = time.perf_counter() - t0
        with for_analysts(db) as con:
            q, arrow = [], []
            for _ in range(7):
                t0 = time.perf_counter()
                rows = deadlines(con, municipality=MUNICIPALITY, as_of=dt.date(2022, 6, 1))
                q.append(time.perf_counter() - t0)
            codes = con.execute("SELECT CAST(m.oktmo AS INTEGER), CAST(g.oktmo AS INTEGER) FROM municipalities m JOIN "
                                "regions g ON g.name = m.region WHERE m.short_name = ?", [MUNICIPALITY]).fetchall()[0]
            for _ in range(7):   # the view in DuckDB, as an analyst's query gets it (Arrow, no Python objects)
                t0 = time.perf_counter()
                con.sql(f"SELECT * FROM v_municipality_obligations WHERE oktmo = {codes[0]:d} "
                        f"AND region_oktmo = {codes[1]:d}").to_arrow_table()
                arrow.append(time.perf_counter() - t0)
        if with_cycle:   # merging off first: both cycles start from a base of the same register
            more = corpus.make("docx", 2 * publishing.BASE_AFTER_DELTAS + 2, tmp / "cycle", start=n % 9973 + docs + 3)
            extracted = [(d, extract(d)) for d in map(read_document, more)]
            half = len(extracted) // 2
            out["cycle_unmerged_ms"] = cycle(db, extracted[:half], merging=False)
            out["cycle_merged_ms"] = cycle(db, extracted[half:], merging=True)
        out |= {"query_best_ms": min(q) * 1000, "query_median_ms": statistics.median(q) * 1000, "query_rows": len(rows),
                "view_best_ms": min(arrow) * 1000, "view_median_ms": statistics.median(arrow) * 1000,
                "db_mib": mib(db), "base_mib": mib(snapshot_path(db)), "deltas_mib": mib(deltas_root(db))}
    return out


def row(m: dict) -> str:
    return (f"queryable p50 {m['queryable_p50_s']:.3f} s / p95 {m['queryable_p95_s']:.3f} s (write + publish "
            f"{m['queryable_cpu_s']:.3f} CPU s); `srok ingest` of 1 file "
            f"{m['ingest_command_s']:.2f} s; municipality query {m['query_best_ms']:.0f} ms best, "
            f"{m['query_median_ms']:.0f} ms median ({m['query_rows']} rows as Python dicts; the view alone, to "
            f"Arrow: {m['view_best_ms']:.0f} / {m['view_median_ms']:.0f} ms); new base {m['base_s']:.2f} s; "
            f"database {m['db_mib']:.0f} MiB, base copy {m['base_mib']:.0f} MiB, deltas {m['deltas_mib']:.1f} MiB; "
            f"bulk build {m['build_s']:.0f} s")


def main() -> None:
    for n in [int(a) for a in sys.argv[1:]] or [0, 100_000, 1_000_000]:
        print(f"{n:>12,} obligations: {row(measure(n))}", flush=True)


if __name__ == "__main__":
    main()
