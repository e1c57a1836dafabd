"""Whether a change to the reading or the writer's path leaves srok's output as it was: every DOCX and
text-layer PDF of the benchmark's sources (benchmarks/corpus.py FOLDERS) and a benchmark variant of each
PDF (made once, kept beside the folder), read and extracted in this process as `srok extract FILE --json` does (read_document, extract,
contract), its document model and its contract written as JSON to a folder; a second run compares with
a first, byte for byte.

    python benchmarks/same_output.py write BASELINE_DIR
    python benchmarks/same_output.py compare BASELINE_DIR     # exit 1 if any file differs"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import FOLDERS, _text_layer, pdf_variant  # noqa: E402


def files(variants: Path) -> list[Path]:
    found = sorted({p.resolve() for folder in FOLDERS if folder.is_dir() for p in folder.rglob("*")
                    if p.suffix.lower() in (".docx", ".pdf") and p.is_file()})
    out = [p for p in found if p.suffix.lower() == ".docx" or _text_layer(p)]
    variants.mkdir(exist_ok=True)   # made once: pdfium's save is not byte for byte the same twice
    for k, p in enumerate([p for p in out if p.suffix.lower() == ".pdf"]):
        variant = variants / f"variant{k:03d}_{p.name}"
        if not variant.exists():
            pdf_variant(p, 7, variant)
        out.append(variant)
    return out


def outputs(path: Path) -> str:
    from extractors.pipeline import contract, extract
    from extractors.readers import ReadError, read_document
    try:
        doc = read_document(path)
    except ReadError as e:
        return json.dumps({"read_error": str(e)}, ensure_ascii=False)
    data = {"document": doc.model_dump(mode="json"), "contract": contract(doc, extract(doc))}
    data["document"]["origin"].pop("path", None)
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def key(path: Path) -> str:
    return f"{path.parent.name}__{path.name}.json"


def main() -> int:
    mode, folder = sys.argv[1], Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    paths = files(folder.parent / (folder.name + ".variants"))
    differing = []
    for p in paths:
        out = outputs(p)
        target = folder / key(p)
        if mode == "write":
            target.write_text(out, encoding="utf-8")
        elif not target.exists() or target.read_text(encoding="utf-8") != out:
            differing.append(p.name)
            (folder.parent / (folder.name + ".now")).mkdir(exist_ok=True)
            (folder.parent / (folder.name + ".now") / key(p)).write_text(out, encoding="utf-8")
            print(f"DIFFERS: {p}")
    print(f"{len(paths)} files, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
