from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
GOLD = Path(__file__).parent / "gold"          # the seed annotations, copied from ../shared/eval/gold
SEEDS = sorted(p.stem for p in FIXTURES.glob("0*.docx"))
FORMATS = ["docx", "pdf"]


@lru_cache(maxsize=None)
def read(name: str):
    from extractors.readers import read_document
    return read_document(FIXTURES / name)


@lru_cache(maxsize=None)
def extracted(name: str):
    from extractors.pipeline import contract, extract
    doc = read(name)
    return contract(doc, extract(doc, with_entities=False))


def gold(seed: str) -> dict:
    return json.loads((GOLD / f"{seed}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=FORMATS)
def fmt(request) -> str:
    return request.param
