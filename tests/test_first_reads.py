"""The corpus batches as srok first read them (corpus/first_reads/), which the confidence model is fitted on:
each recorded file names the commit that read it and holds every document of its part of the batch; the old
rows load into today's schema and get today's checks, every one of them a check the catalogue explains."""
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from first_reads import FOLDER, batch_documents, documents, with_todays_checks  # noqa: E402

from extractors.confidence import catalogue  # noqa: E402


def _heads() -> list[dict]:
    heads = []
    for path in sorted(FOLDER.glob("batch-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            heads.append({**json.loads(f.readline()), "lines": sum(1 for _ in f), "file": path.name})
    return heads


def test_each_record_holds_every_document_of_its_part_of_the_batch_read_by_a_named_commit():
    heads = _heads()
    assert {h["batch"] for h in heads} >= {2, 3, 4, 5, 6, 7}
    for h in heads:
        assert len(h["commit"]) == 40 and h["file"] == f"batch-{h['batch']}-{h['commit'][:7]}.jsonl.gz"
        assert h["lines"] == h["documents"] == len(batch_documents(h["batch"], tuple(h["prefixes"])))


def test_old_rows_get_todays_checks_from_the_catalogue():
    known = set(catalogue())
    records = documents()
    assert len(records) > 300
    rows = 0
    for _, record in records[::20]:
        pred = with_todays_checks(record)
        assert len(pred["obligations"]) == len(record["extraction"]["obligations"])
        for ob in pred["obligations"]:
            rows += 1
            assert ob["checks"], ob["text"][:80]      # every row is at least a table row, an item or prose
            assert set(ob["checks"]) <= known
    assert rows > 50
