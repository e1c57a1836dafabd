"""`make eval`: the shared scorer (../shared/eval/score.py) over the seed fixtures (DOCX and PDF), the dev
sets, the real documents (dev_real, dev_real2) and the tune half of the project's corpus (corpus/), one
table per set and one line per document. The corpus's held half (`make eval-held`) is scored once, at the
end of a session's work: corpus/README.md says why and how the halves are split.

Reading is the slow part (OCR of scans takes minutes), so a read document is cached under
``.cache/eval/`` by the file's sha256 and a hash of the readers' source (with the header words they find
tables by): change a reader and its documents are read again; change only an extractor and the run takes
seconds.

    python scripts/eval.py [--set seeds-docx,dev2,corpus-tune,...] [--verbose] [--no-cache]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from extractors.pipeline import contract, extract
from extractors.readers import ReadError, read_document
from schemas.document import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
CACHE = ROOT / ".cache" / "eval"


CORPUS = ROOT / "corpus"
DEFAULT_SETS = "seeds-docx,seeds-pdf,dev,dev2,dev_real,dev_real2,corpus-tune"


# The corpus grows in batches; a batch's held half is scored once, at the end of the session that added it,
# and is seen from then on (corpus/README.md). Batches 2 (stop 22), 3 (stop 23), 4 (stop 24), 5 (stop 25) and 6 (stop 26) are these writers'
# and real sources' prefixes; batch 1 is the rest.
BATCHES = {2: ("we", "wf", "wg", "rb"), 3: ("wh", "wi", "wj", "wk", "wl", "wm", "rc", "rd"),
           4: ("wn", "wo", "wp", "wq", "wr", "ws", "wt", "re"),
           5: ("wu", "wv", "ww", "wx", "wy", "wz", "xa", "rf"),
           6: ("xb", "xc", "xd", "xe", "xf", "xg", "xh", "rg"),
           7: ("xi", "xj", "xk", "xl", "xm", "xn", "rh"),
           8: ("xo", "xp", "xq", "xr", "xs", "xt", "ri"),
           9: ("xu", "xv", "xw", "xx", "xy", "xz", "rj"),
           10: ("ya", "yb", "yc", "yd", "ye", "yf", "yg", "yh", "yi", "yj", "yk", "rk")}


def corpus_batch(name: str) -> int:
    return next((batch for batch, prefixes in BATCHES.items() if name.startswith(prefixes)), 1)


def corpus_half(name: str) -> str:
    """The corpus's split, fixed before any of its documents was read (corpus/README.md)."""
    return "held" if int(hashlib.sha256(name.encode("utf-8")).hexdigest()[0], 16) % 2 else "tune"


def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.is_file() and p.suffix.lower() != ".md")


def _sets() -> dict[str, tuple[Path, list[Path]]]:
    """Set name -> (gold folder, documents)."""
    corpus = _documents(CORPUS / "docs")
    return {
        "seeds-docx": (EVAL / "gold", sorted(ROOT.glob("fixtures/0*.docx"))),
        "seeds-pdf": (EVAL / "gold", sorted(ROOT.glob("fixtures/0*.pdf"))),
        "dev": (EVAL / "dev" / "gold", _documents(EVAL / "dev" / "docs")),
        "dev2": (EVAL / "dev2" / "gold", _documents(EVAL / "dev2" / "docs")),
        "dev_real": (EVAL / "dev_real", _documents(SHARED / "realdocs")),
        "dev_real2": (EVAL / "dev_real2", _documents(SHARED / "realdocs2")),
        "corpus-tune": (CORPUS / "gold", [p for p in corpus if corpus_half(p.stem) == "tune"]),
        "corpus-held": (CORPUS / "gold", [p for p in corpus if corpus_half(p.stem) == "held"]),
        **{f"corpus-{half}-{batch}": (CORPUS / "gold", [p for p in corpus if corpus_half(p.stem) == half
                                                       and corpus_batch(p.stem) == batch])
           for half in ("tune", "held") for batch in (1, *BATCHES)},
    }


# how readers run (worker processes, their limits), not what they read: no reason to read again
NOT_READING = {"isolated.py", "processes.py", "limits.py", "warm.py", "warm_parser.py"}


def _readers_hash() -> str:
    from extractors import obligation_rules as O   # the readers find tables by these header words
    h = hashlib.sha256()
    for path in sorted((ROOT / "extractors" / "readers").rglob("*.py")):
        if path.name not in NOT_READING:
            h.update(path.read_bytes())
    h.update(repr(sorted((k, rx.pattern) for k, rx in O.COLUMNS.items())).encode())
    return h.hexdigest()[:16]


def _remembered_ocr() -> None:
    """Tesseract's word table of a page image kept on disk by the image's bytes and the call: a change to how
    pages are laid out reads every scan again, but need not run Tesseract again on the same image."""
    from extractors.readers import ocr
    if getattr(ocr.tesseract_data, "remembered", False):
        return
    read = ocr.tesseract_data

    def tesseract_data(image, config: str = "") -> dict:
        h = hashlib.sha256(f"{image.mode} {image.size} {config} {ocr.LANGUAGES}".encode())
        h.update(image.tobytes())
        kept = CACHE.parent / "ocr" / f"{h.hexdigest()[:32]}.json"
        if kept.exists():
            return json.loads(kept.read_text(encoding="utf-8"))
        data = read(image, config)
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return data
    tesseract_data.remembered = True
    ocr.tesseract_data = tesseract_data


def read_cached(path: Path, use_cache: bool) -> Document:
    key = f"{hashlib.sha256(path.read_bytes()).hexdigest()[:24]}-{_readers_hash()}.json"
    cached = CACHE / key
    if use_cache and cached.exists():
        doc = Document.model_validate_json(cached.read_text(encoding="utf-8"))
        doc.origin.path, doc.origin.name = str(path), path.name
        return doc
    if use_cache:
        _remembered_ocr()
    doc = read_document(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(doc.model_dump_json(), encoding="utf-8")
    return doc


def _score(gold: Path, pred: Path, verbose: bool) -> dict:
    cmd = [sys.executable, str(EVAL / "score.py"), "--gold", str(gold), "--pred", str(pred), "--json"]
    if verbose:
        cmd.append("--verbose")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    if verbose and out.stderr:
        sys.stderr.write(out.stderr)
    return json.loads(out.stdout)


def _figures(summary: dict) -> str:
    def f(key: str) -> str:
        value = summary.get(key)
        if isinstance(value, dict):
            value = value.get("f1", value.get("acc"))
        return "  -  " if value is None else f"{value:5.2f}"
    o = summary.get("obligations", {})
    found = f"{o.get('tp', '?')}/{o.get('gold', '?')}"
    return (f"oblig F1 {f('obligations')} ({found:>6})  deadline {f('deadline')}  resp F1 {f('responsible')}  "
            f"scope {f('scope')}  refs F1 {f('references')}  e2e {f('end_to_end')}")


def _review(summary: dict) -> str:
    rv = summary.get("review") or {}
    if not rv:
        return ""
    return (f"review: silent errors {rv['silent_errors']}/{rv['wrong']} ({rv['silent_error_rate']}), "
            f"flagged {rv['flagged']}/{rv['rows']} ({rv['review_load']}), "
            f"unflagged rows right {rv.get('unflagged_precision')}")


def run_set(name: str, gold: Path, docs: list[Path], use_cache: bool, verbose: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as set_gold:
        pred = Path(tmp)
        per_doc = []
        for path in docs:
            if not (gold / f"{path.stem}.json").exists():
                continue
            # the scorer reads every gold file of its folder: only this set's, so a half never sees the other
            (Path(set_gold) / f"{path.stem}.json").write_bytes((gold / f"{path.stem}.json").read_bytes())
            try:
                doc = read_cached(path, use_cache)
                data = contract(doc, extract(doc, with_entities=False))
            except Exception as exc:   # a document lost whole is the worst result: say so, score it empty
                why = "cannot read" if isinstance(exc, ReadError) else f"FAILED WHOLE ({type(exc).__name__})"
                print(f"  {path.name}: {why}: {exc}")
                data = {"document": {}, "obligations": [], "references": []}
            (pred / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
            per_doc.append(path)
        print(f"== {name} ({len(per_doc)} documents)")
        missed, told, doubted = 0, 0, 0     # documents with a missed task; of them, told "tasks may be missing"
        for path in per_doc:   # one line per document: the scorer over that document alone
            with tempfile.TemporaryDirectory() as one:
                one_gold, one_pred = Path(one) / "gold", Path(one) / "pred"
                for folder, source in ((one_gold, gold), (one_pred, pred)):
                    folder.mkdir()
                    (folder / f"{path.stem}.json").write_bytes((source / f"{path.stem}.json").read_bytes())
                figures = _score(one_gold, one_pred, False)
                print(f"  {path.stem[:44]:44} {_figures(figures)}")
            data = json.loads((pred / f"{path.stem}.json").read_text(encoding="utf-8"))
            flagged = any(d.get("kind") == "tasks_may_be_missing" for d in data.get("doubts") or [])
            doubted += flagged
            if figures["obligations"]["tp"] < figures["obligations"]["gold"]:
                missed += 1
                told += flagged
        summary = _score(Path(set_gold), pred, verbose)
        print(f"  {'ALL':44} {_figures(summary)}")
        print(f"  {_review(summary)}")
        print(f"  tasks may be missing: told for {told} of {missed} documents with a missed task; "
              f"{doubted} of {len(per_doc)} documents told in all")
        doc_fields = summary.get("document_fields", {})
        if doc_fields:
            print("  document fields: " + "  ".join(
                f"{k} {v.get('acc') if isinstance(v, dict) else v}" for k, v in doc_fields.items()))
        return summary


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", default=DEFAULT_SETS, help=f"comma-separated sets (default {DEFAULT_SETS}; "
                    "corpus-held only when asked)")
    ap.add_argument("--verbose", action="store_true", help="every miss and extra (stderr)")
    ap.add_argument("--no-cache", action="store_true", help="read every document again")
    args = ap.parse_args()
    if not (EVAL / "score.py").exists():
        print(f"no shared scorer at {EVAL}: nothing to evaluate")
        return 0
    sets = _sets()
    for name in args.set.split(","):
        gold, docs = sets[name]
        run_set(name, gold, docs, not args.no_cache, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
