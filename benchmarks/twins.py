"""Near-duplicate twins: how similar twins and non-twins are, and what finding a twin costs at a
register of N documents. Prints figures; asserts nothing. Usage:
    python benchmarks/twins.py [--scans] [--realdocs] [N ...]    (default sizes 1000 10000 50000 200000)

Similarity (warehouse.twins.similarity, the MinHash estimate of the Jaccard similarity of 5-letter
shingles), for
- twins: the DOCX and PDF of each fixture; fixtures/plan_scanned.pdf against plan_merged_cells; with
  --scans, one-page fixtures scanned again here (scripts/make_fixtures.scanned: other angles and
  noise; OCR, so slow);
- non-twins: every pair of different fixture documents (three of them plans of one school); with
  --realdocs, every pair of the real documents in ../shared/realdocs (orders of one ministry; OCR, so
  slow); and the
  re-sent letter fixture with a moved deadline and with a changed term (near-identical words: kept
  apart by their dates and numbers, see contents_compatible).

Lookup cost: a register of N synthetic documents, each with its 16 band keys in doc_bands, plus the
real plan_merged_cells.docx; then twin_of for its scan (the newcomer's signature, the exact-fingerprint
query, the band lookups, the verification of the candidates), its parts, the band lookups written as
one IN list over a parameter (which DuckDB answers by scanning doc_bands, not by its index; twin_of
writes the keys into the statement, which the index answers), and the time to write one
document's bands."""
from __future__ import annotations

import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from extractors.pipeline import extract  # noqa: E402
from extractors.readers import read_document  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.identity import content_fingerprints  # noqa: E402
from warehouse.load import load_document, twin_of  # noqa: E402
from warehouse.twins import TWIN_SIMILARITY, bands, contents_compatible, signature, similarity  # noqa: E402

FIXTURES = ROOT / "fixtures"
ONE_PAGE = (("000_f78c96f4c1c9048e", 1.5, 3), ("letter_lettered_items", -1.0, 5), ("plan_merged_cells", -2.0, 17))


def most_similar(texts: dict[str, str], top: int = 8) -> None:
    sig = {name: s for name, text in texts.items() if (s := signature(text)) is not None}
    pairs = sorted(((similarity(sig[a], sig[b]), a, b) for a, b in itertools.combinations(sorted(sig), 2)), reverse=True)
    for score, a, b in pairs[:top]:
        print(f"  {score:.3f}  {a} / {b}")


def similarities(scans: bool, realdocs: bool) -> None:
    texts = {p.name: read_document(p).text for p in sorted(FIXTURES.iterdir()) if p.suffix in (".docx", ".pdf")}
    sig = {name: signature(text) for name, text in texts.items()}
    print(f"threshold TWIN_SIMILARITY = {TWIN_SIMILARITY}")
    print("twins:")
    for name in sorted(n for n in texts if n.endswith(".docx")):
        pdf = name[:-5] + ".pdf"
        print(f"  {similarity(sig[name], sig[pdf]):.3f}  {name} / {pdf}")
    pair = ("plan_merged_cells.pdf", "plan_scanned.pdf")
    print(f"  {similarity(sig[pair[0]], sig[pair[1]]):.3f}  {pair[0]} / {pair[1]} "
          f"(dates compatible: {contents_compatible(texts[pair[0]], texts[pair[1]], True)})")
    if scans:
        from make_fixtures import scanned
        with tempfile.TemporaryDirectory() as tmp:
            for stem, angle, seed in ONE_PAGE:
                out = Path(tmp) / f"{stem}.scan.pdf"
                scanned(FIXTURES / f"{stem}.pdf", out, angle, seed)
                text = read_document(out).text
                print(f"  {similarity(sig[stem + '.pdf'], signature(text)):.3f}  {stem}.pdf / its scan at {angle}° "
                      f"(dates compatible: {contents_compatible(texts[stem + '.pdf'], text, True)})")
    print("non-twins (the 8 most similar pairs of different documents):")
    most_similar({n: t for n, t in texts.items() if n.endswith(".docx")})
    if realdocs:
        print("non-twins among the real documents (the 8 most similar pairs):")
        real = ROOT.parent / "shared" / "realdocs"
        most_similar({p.name: read_document(p).text for p in sorted(real.iterdir()) if p.suffix != ".md"})
    letter = texts["letter_lettered_items.docx"]
    for old, new in (("до 19 марта 2021", "до 26 марта 2021"), ("в течение 10 рабочих", "в течение 5 рабочих")):
        resent = letter.replace(old, new)
        print(f"  {similarity(sig['letter_lettered_items.docx'], signature(resent)):.3f}  the letter re-sent with "
              f"'{old}' -> '{new}' (compatible: {contents_compatible(letter, resent, False)})")


def lookup_cost(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "twins.duckdb"
        con = connect(db)
        t0 = time.perf_counter()
        con.execute(f"INSERT INTO documents (doc_id, file_name, format, doc_type, extractor_version, load_seq) "
                    f"SELECT printf('syn%09d', i), printf('f%d.docx', i), 'docx', 'letter', 'synthetic', i FROM range({n}) t(i)")
        con.execute(f"INSERT INTO doc_bands SELECT printf('syn%09d', i // 16), (hash(i) >> 1)::BIGINT, i // 16 "
                    f"FROM range({n * 16}) t(i)")
        con.execute("CHECKPOINT")
        built = time.perf_counter() - t0
        plan = read_document(FIXTURES / "plan_merged_cells.docx")
        load_document(con, plan, extract(plan))
        scan = read_document(FIXTURES / "plan_scanned.pdf")
        ex = extract(scan)
        fp = content_fingerprints(scan.text)
        times, sig_times, band_times, exact_times, index_times, scan_times = [], [], [], [], [], []
        probe = bands(signature(scan.text))
        by_index = " UNION ALL ".join(["SELECT doc_id FROM doc_bands WHERE band = ?"] * len(probe))
        for _ in range(15):
            t = time.perf_counter()
            twin = twin_of(con, scan, ex)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            con.execute("SELECT doc_id FROM documents WHERE (text_fp = ? OR words_fp = ?) AND doc_id <> ?",
                        [*fp, "x"]).fetchall()
            exact_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            con.execute(by_index, probe).fetchall()
            index_times.append(time.perf_counter() - t)
            t = time.perf_counter()   # the same lookup as an IN list over a parameter, which DuckDB scans for
            con.execute("SELECT doc_id FROM doc_bands WHERE band IN (SELECT unnest(?::BIGINT[]))", [probe]).fetchall()
            scan_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            keys = bands(signature(scan.text))
            sig_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            con.execute("BEGIN")
            con.execute("INSERT INTO doc_bands SELECT 'probe', unnest(?::BIGINT[]), 0", [keys])
            con.execute("ROLLBACK")
            band_times.append(time.perf_counter() - t)
        size = db.stat().st_size / 2**20
        con.close()
    ms = lambda xs: f"{statistics.median(xs) * 1000:.1f} ms"   # noqa: E731
    print(f"  {n:>9,} documents ({n * 16:>10,} band rows, built in {built:.1f} s, {size:.0f} MiB): twin_of {ms(times)} "
          f"(of which signature + bands {ms(sig_times)}, exact-fingerprint query {ms(exact_times)}, "
          f"16 band lookups {ms(index_times)}; as an IN list instead {ms(scan_times)}), writing 16 bands {ms(band_times)}; found: "
          f"{twin.file_name if twin else None} at {twin.similarity if twin else 0:.2f}")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    similarities("--scans" in sys.argv, "--realdocs" in sys.argv)
    print("lookup cost (p50 of 15):")
    for n in map(int, args or [1000, 10000, 50000, 200000]):
        lookup_cost(n)


if __name__ == "__main__":
    main()
