"""Fit the confidence model (extractors/data/confidence_model.json) on the annotated sets, and draw each
set's calibration (docs/calibration/<set>.png).

Each row srok extracts is labelled as the shared scorer labels it (../shared/eval/score.py): *right* when it
found a required task with the right deadline, responsible and scope; *wrong* when one of those is wrong or
it is no task at all; a row that found an optional task is left out. Its features are the checks
extractors/confidence.py computes. A logistic regression with an L2 penalty maps them to P(right), a wrong
row weighing more than a right one (a silent error costs more than a row checked in vain): the least weight
that meets issue 23's goal on the fitted rows, so the confidence errs on the side of doubt. It is fitted twice: first
on each row's own checks (the row-level model, kept in the file as ``base``), whose strong doubts about a document's
other rows become two more checks of each row (a document's rows go wrong together); then on all of them.

The sets srok was tuned on hold only the errors left after tuning; a new document's errors are of the kinds
srok made before it was tuned. So the fit also takes ``first-reads``: each corpus batch as the srok of the
commit that added it read it, before any rule came from it (corpus/first_reads/), with today's checks.

    python scripts/fit_confidence.py              # fit on the tune sets, write the model, print figures
    python scripts/fit_confidence.py --plot-only --sets dev2,dev_real2,corpus-held-2   # pictures, no fit

A batch's held half is fitted on only after it was scored unseen (batch 1's since stop 22, … batch 8's since stop
29, batch 9's since stop 30); the newest batch's held half never is, and its first read is recorded only after it was scored
(corpus/README.md)."""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval import CORPUS, EVAL, ROOT, _sets, read_cached  # noqa: E402
import first_reads  # noqa: E402

from extractors.pipeline import contract, extract  # noqa: E402

FIRST_READS = "first-reads"      # the corpus batches as srok first read them (scripts/first_reads.py)
FIT_SETS = ("seeds-docx,seeds-pdf,dev,dev2,dev_real,dev_real2,corpus-tune,corpus-held-1,corpus-held-2,corpus-held-3,"
            f"corpus-held-4,corpus-held-5,corpus-held-6,corpus-held-7,corpus-held-8,corpus-held-9,{FIRST_READS}")
MODEL = ROOT / "extractors" / "data" / "confidence_model.json"
PICTURES = ROOT / "docs" / "calibration"
L2 = 1.0
THRESHOLD = 0.7     # the review queue's line, as the scorer draws it
SILENT_GOAL, FLAGGED_LIMIT = 0.10, 0.30     # issue 23: at most a tenth of wrong rows unflagged, a third flagged
WEIGHTS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _scorer():
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def labelled_rows(gold: dict, pred: dict, S) -> list[tuple[dict, bool]]:
    """(predicted obligation, right?) as score.py's score_document matches and judges them."""
    preds = list(pred.get("obligations") or [])
    used: set[int] = set()
    out = []
    for g in gold.get("obligations", []):
        anchor = S.norm(g["anchor"])
        hit = next((i for i, ob in enumerate(preds) if i not in used and anchor in S.pred_text(ob)), None)
        if hit is None:
            continue
        used.add(hit)
        if g.get("optional"):
            continue
        ob = preds[hit]
        names = S.pred_responsible_names(ob)
        groups = g.get("responsible") or []
        resp_ok = all(any(S.any_match(grp, n) for n in names) for grp in groups) and \
            all(any(S.any_match(grp, n) for grp in groups) for n in names)
        ok = S.deadline_ok(g.get("deadline"), ob.get("deadline")) and resp_ok and S.scope_ok(g.get("scope"), ob)
        out.append((ob, ok))
    out += [(ob, False) for i, ob in enumerate(preds) if i not in used]
    return out


Document = tuple[list[dict], list[tuple[dict, bool]]]   # one document's rows, and those the gold labels


def _labelled(gold: dict, pred: dict, S) -> Document:
    """A document's predicted rows with their row-level checks only (the document-level ones are recomputed
    with the model being fitted), and the labelled ones among them."""
    from extractors.confidence import NEIGHBOUR_CHECKS
    for ob in pred.get("obligations") or []:
        ob["checks"] = [c for c in ob.get("checks") or [] if c not in NEIGHBOUR_CHECKS]
    return list(pred.get("obligations") or []), labelled_rows(gold, pred, S)


def collect(set_names: list[str]) -> dict[str, list[Document]]:
    S = _scorer()
    sets = _sets()
    docs: dict[str, list[Document]] = {}
    for name in set_names:
        if name == FIRST_READS:
            docs[name] = first_read_documents(S)
            continue
        gold_dir, paths = sets[name]
        docs[name] = []
        for path in paths:
            gold_file = gold_dir / f"{path.stem}.json"
            if not gold_file.exists():
                continue
            doc = read_cached(path, True)
            pred = contract(doc, extract(doc, with_entities=False))
            docs[name].append(_labelled(json.loads(gold_file.read_text(encoding="utf-8")), pred, S))
    return docs


def first_read_documents(S) -> list[Document]:
    """Every recorded first read, labelled by the gold, with today's checks."""
    docs = []
    for _, record in first_reads.documents():
        gold = json.loads((CORPUS / "gold" / f"{record['name']}.json").read_text(encoding="utf-8"))
        docs.append(_labelled(gold, first_reads.with_todays_checks(record), S))
    return docs


def rows_of(docs: list[Document]) -> list[tuple[dict, bool]]:
    return [row for _, labelled in docs for row in labelled]


def with_neighbours(docs: list[Document], base: dict | None = None) -> None:
    """Each row's document-level checks from its document's other rows, by the row-level model ``base`` (else
    the fitted one's)."""
    from extractors import confidence
    for obs, _ in docs:
        for ob, found in zip(obs, confidence.with_neighbours([ob["checks"] for ob in obs], base)):
            ob["checks"] = found


def fit(rows: list[tuple[dict, bool]], error_weight: float = 1.0) -> dict:
    """Logistic regression of right/wrong on the checks; a wrong row weighs ``error_weight`` right ones."""
    names = sorted({c for ob, _ in rows for c in ob.get("checks") or []})
    X = np.array([[1.0] + [float(c in (ob.get("checks") or [])) for c in names] for ob, _ in rows])
    y = np.array([float(ok) for _, ok in rows])
    weight = np.where(y > 0, 1.0, error_weight)
    w = np.zeros(X.shape[1])
    penalty = np.full(X.shape[1], L2)
    penalty[0] = 0.0                      # the bias is not shrunk
    for _ in range(50):                   # Newton's method on the penalised, weighted log-likelihood
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (weight * (p - y)) + penalty * w
        hess = X.T @ (X * (weight * p * (1 - p))[:, None]) + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"bias": round(float(w[0]), 4), "weights": {c: round(float(v), 4) for c, v in zip(names, w[1:])},
            "error_weight": error_weight}


def review_figures(rows: list[tuple[dict, bool]], model: dict) -> tuple[float, float]:
    """(silent error rate, share flagged) of a model at the review line."""
    def conf(checks):
        z = model["bias"] + sum(model["weights"].get(c, 0.0) for c in checks)
        return 1 / (1 + np.exp(-z))
    flagged = [conf(ob.get("checks") or []) < THRESHOLD for ob, _ in rows]
    wrong = [not ok for _, ok in rows]
    n_wrong = sum(wrong) or 1
    return sum(w and not f for w, f in zip(wrong, flagged)) / n_wrong, sum(flagged) / len(rows)


def choose_weight(rows: list[tuple[dict, bool]]) -> dict:
    """A silent error costs more than a row checked in vain: the least weight of a wrong row that brings
    the silent error rate to SILENT_GOAL while at most FLAGGED_LIMIT of the rows are flagged; else the
    weight with the fewest silent errors within that limit."""
    best = None
    for weight in WEIGHTS:
        model = fit(rows, weight)
        silent, flagged = review_figures(rows, model)
        if flagged > FLAGGED_LIMIT:
            break
        if best is None or silent < best[0]:
            best = (silent, model)
        if silent <= SILENT_GOAL:
            break
    return best[1] if best else fit(rows)


def figures(rows: list[tuple[dict, bool]], predict) -> str:
    conf = [predict(ob.get("checks") or []) for ob, _ in rows]
    wrong = [not ok for _, ok in rows]
    flagged = [c < THRESHOLD for c in conf]
    n_wrong = sum(wrong)
    silent = sum(w and not f for w, f in zip(wrong, flagged))
    return (f"rows {len(rows)}, wrong {n_wrong}, silent {silent} ({silent / n_wrong if n_wrong else 0:.2f}), "
            f"flagged {sum(flagged)} ({sum(flagged) / len(rows) if rows else 0:.2f})")


def draw(name: str, rows: list[tuple[dict, bool]], predict, path: Path) -> None:
    """A reliability picture: per confidence bin, the share of rows that are right (bars) against the
    diagonal, with each bin's count."""
    from PIL import Image, ImageDraw, ImageFont
    try:   # a font with Cyrillic (Debian's fonts-dejavu-core, which LibreOffice brings); else PIL's own
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 11)
    except OSError:
        font = ImageFont.load_default()
    bins = [[] for _ in range(10)]
    for ob, ok in rows:
        bins[min(9, int(predict(ob.get("checks") or []) * 10))].append(ok)
    W, H, M = 640, 420, 50
    img = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(img)
    d.font = font
    x0, y0, x1, y1 = M, H - M, W - 20, 30
    d.rectangle([x0, y1, x1, y0], outline="black")
    d.line([x0, y0, x1, y1], fill=(170, 170, 170), width=1)
    bw = (x1 - x0) / 10
    for k, b in enumerate(bins):
        if not b:
            continue
        share = sum(b) / len(b)
        top = y0 - share * (y0 - y1)
        d.rectangle([x0 + k * bw + 3, top, x0 + (k + 1) * bw - 3, y0], fill=(70, 120, 180))
        d.text((x0 + k * bw + 6, top - 14), str(len(b)), fill="black")
    tx = x0 + THRESHOLD * (x1 - x0)
    d.line([tx, y0, tx, y1], fill=(200, 60, 60), width=2)
    for k in range(0, 11, 2):
        d.text((x0 + k * bw - 8, y0 + 6), f"{k / 10:.1f}", fill="black")
        d.text((8, y0 - k / 10 * (y0 - y1) - 6), f"{k / 10:.1f}", fill="black")
    d.text((8, 8), f"{name}: доля верных строк по уверенности; {figures(rows, predict)}", fill="black")
    d.text((x0 + 120, H - 22), "уверенность srok (красная линия: очередь проверки 0,7)", fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=FIT_SETS, help="sets to fit on (and draw)")
    ap.add_argument("--plot-only", action="store_true", help="draw the sets with the model as it is")
    args = ap.parse_args()
    names = args.sets.split(",")
    if "corpus-held" in names and not args.plot_only:
        raise SystemExit("the held half is never fitted on: draw it with --plot-only")
    docs = collect(names)
    everything = [d for name in names for d in docs[name]]
    if not args.plot_only:
        # first the row-level model, whose doubts about a document's other rows are checks of the model proper
        base = choose_weight(rows_of(everything))
        with_neighbours(everything, base)
        model = choose_weight(rows_of(everything))
        model.update(base={k: base[k] for k in ("bias", "weights", "error_weight")}, fitted=dt.date.today().isoformat(),
                     sets=names, l2=L2, rows=len(rows_of(everything)), wrong=sum(not ok for _, ok in rows_of(everything)))
        MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"model: {MODEL.relative_to(ROOT)}  bias {model['bias']}  a wrong row weighs {model['error_weight']}")
        for c, v in sorted(model["weights"].items(), key=lambda kv: kv[1]):
            print(f"  {v:+.2f}  {c}")
    from extractors import confidence
    confidence.model.cache_clear()
    if args.plot_only:
        with_neighbours(everything)
    rows = {name: rows_of(docs[name]) for name in names}
    for name in names:
        print(f"{name:12} {figures(rows[name], confidence.confidence)}")
        if args.plot_only or not name.startswith("corpus-held-"):   # a held half's picture is the one drawn
            draw(name, rows[name], confidence.confidence, PICTURES / f"{name}.png")   # when it was scored unseen
    return 0


if __name__ == "__main__":
    sys.exit(main())
