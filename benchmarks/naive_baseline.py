"""The obvious alternative to srok's rules: every sentence with a date dateparser can find is an
obligation, its responsible bodies are natasha's ORG spans, its deadline the last date found.
Writes the contract JSON for the seed fixtures and scores it with ../shared/eval/score.py beside
srok's own output. Usage: python benchmarks/naive_baseline.py [docx|pdf]"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import SHARED  # noqa: E402
from extractors.nlp import natasha, sentences
from extractors.pipeline import contract, extract
from extractors.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
SCORER = SHARED / "eval"


def naive(doc) -> dict:
    from dateparser.search import search_dates
    from natasha import Doc
    segmenter, _, ner, _ = natasha()
    obligations = []
    for s, e in sentences(doc.text):
        sent = doc.text[s:e]
        found = search_dates(sent, languages=["ru"]) or []
        if not found:
            continue
        nd = Doc(sent)
        nd.segment(segmenter)
        nd.tag_ner(ner)
        orgs = [span.text for span in nd.spans if span.type == "ORG"]
        obligations.append({"text": sent, "deadline": {"start": None, "end": found[-1][1].date().isoformat()},
                            "responsible": [{"name": o, "region": None, "municipality": None, "scope": "body"}
                                            for o in orgs], "status": "pending"})
    return {"document": {"doc_type": "letter", "reg_number": None, "reg_date": None, "in_reply_to": [],
                         "sender": {}}, "obligations": obligations, "references": []}


def score(pred_dir: Path) -> dict:
    out = subprocess.run([sys.executable, str(SCORER / "score.py"), "--gold", str(SCORER / "gold"), "--pred",
                          str(pred_dir), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run(fmt: str = "docx") -> dict[str, dict]:
    files = sorted(ROOT.glob(f"fixtures/0*.{fmt}"))
    results = {}
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        t_naive = t_srok = 0.0
        for f in files:
            doc = read_document(f)
            t0 = time.perf_counter()
            (Path(a) / f"{f.stem}.json").write_text(json.dumps(naive(doc), ensure_ascii=False))
            t1 = time.perf_counter()
            (Path(b) / f"{f.stem}.json").write_text(json.dumps(contract(doc, extract(doc)), ensure_ascii=False,
                                                               default=str))
            t2 = time.perf_counter()
            t_naive, t_srok = t_naive + t1 - t0, t_srok + t2 - t1
        results["naive (natasha ORG + dateparser)"] = score(Path(a)) | {"s_per_doc": t_naive / len(files)}
        results["srok"] = score(Path(b)) | {"s_per_doc": t_srok / len(files)}
    return results


def main() -> None:
    if not (SCORER / "score.py").exists():
        print("no ../shared/eval/score.py: nothing to score")
        return
    for name, s in run(sys.argv[1] if len(sys.argv) > 1 else "docx").items():
        print(f"{name:<34} obligations F1 {s['obligations']['f1']:.3f}  deadline {s['deadline']['acc']}  "
              f"responsible F1 {s['responsible']['f1']:.3f}  end_to_end {s['end_to_end']}  "
              f"{s['s_per_doc']:.3f} s/doc")


if __name__ == "__main__":
    main()
