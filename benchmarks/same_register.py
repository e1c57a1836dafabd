"""Whether a change to the writer's path (warehouse/load.py and what it calls) leaves the register as
it was: the benchmark's distinct DOCX and text-layer PDFs (benchmarks/corpus.py, variants of every
source: new documents, new versions of one another, near twins) read and extracted in this process,
loaded one transaction each as `srok ingest` loads them (flows.ingest.loaded inside one writer batch),
the first ten loaded a second time (duplicates), then every row of every table written out in a fixed
order, timestamps left out (they are the clock's), and compared byte for byte with a first run.
Publishing runs as in a burst, so the analysts' copy is built too (not compared: its files hold times).

    python benchmarks/same_register.py write OUT.json [DOCX PDF]   # default 120 DOCX, 60 PDF, kept in OUT.files/
    python benchmarks/same_register.py compare OUT.json            # exit 1 if anything differs"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402


def variants(folder: Path, n_docx: int, n_pdf: int) -> list[Path]:
    """The files, made once and kept beside the output (pdfium's save is not byte for byte the same
    twice, and a document's id is its bytes' hash)."""
    if not folder.is_dir():
        corpus.make("docx", n_docx, folder / "docx")
        corpus.make("pdf", n_pdf, folder / "pdf")
    # DOCX and PDF variants interleaved
    return sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: (p.name, p.suffix))


def register(files: list[Path]) -> dict[str, list]:
    from extractors.pipeline import extract
    from extractors.readers import read_document
    from flows.ingest import loaded, with_origin
    from warehouse.db import batch, writing
    with tempfile.TemporaryDirectory(prefix="srok-same-register-") as tmp:
        db = Path(tmp) / "srok.duckdb"
        outcomes = []
        with batch(db):
            for f in files + files[:10]:
                doc = read_document(f)
                ex = extract(doc)
                with writing(db) as con:
                    outcomes.append([f.name, loaded(con, with_origin(doc, f), ex).outcome])
        with writing(db) as con:
            out: dict[str, list] = {"outcomes": outcomes}
            tables = [t for (t,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1").fetchall()]
            for table in tables:
                cols = [c for c, kind in con.execute(
                    "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() "
                    "AND table_name = ? ORDER BY column_index", [table]).fetchall() if "TIMESTAMP" not in kind]
                quoted = ", ".join('"' + c + '"' for c in cols)
                rows = con.execute(f"SELECT {quoted} "
                                   f"FROM {table} ORDER BY ALL").fetchall()
                out[table] = [cols] + [[repr(v) for v in row] for row in rows]
    return out


def main() -> int:
    mode, target = sys.argv[1], Path(sys.argv[2])
    if mode == "write":
        n_docx, n_pdf = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (120, 60)
        data = {"n": [n_docx, n_pdf], **register(variants(target.with_suffix(".files"), n_docx, n_pdf))}
        target.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{sum(len(v) for v in data.values())} rows written")
        return 0
    before = json.loads(target.read_text(encoding="utf-8"))
    now = {"n": before["n"], **register(variants(target.with_suffix(".files"), *before["n"]))}
    differing = [k for k in sorted(before.keys() | now.keys()) if before.get(k) != now.get(k)]
    for k in differing:
        a, b = before.get(k) or [], now.get(k) or []
        print(f"{k}: {len(a)} rows before, {len(b)} now; first difference: "
              f"{next(((x, y) for x, y in zip(a, b) if x != y), None)}")
    print(f"{len(now)} tables, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
