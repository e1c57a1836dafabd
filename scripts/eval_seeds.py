"""Runs `srok extract --json` over the seed fixtures (DOCX and PDF) and scores them with the shared scorer."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from extractors.pipeline import contract, extract
from extractors.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def main() -> int:
    if not (SHARED / "score.py").exists():
        print(f"no shared scorer at {SHARED}: nothing to evaluate")
        return 0
    for ext in ("docx", "pdf"):
        with tempfile.TemporaryDirectory() as tmp:
            for path in sorted(ROOT.glob(f"fixtures/0*.{ext}")):
                doc = read_document(path)
                (Path(tmp) / f"{path.stem}.json").write_text(
                    json.dumps(contract(doc, extract(doc, with_entities=False)), ensure_ascii=False, default=str))
            print(f"== {ext}")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(SHARED / "score.py"), "--gold", str(SHARED / "gold"), "--pred", tmp]
                           + sys.argv[1:], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
