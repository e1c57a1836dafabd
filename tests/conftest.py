from __future__ import annotations

import json
import os
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

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


@pytest.fixture(scope="session")
def seed_register(tmp_path_factory) -> Path:
    """The five seed letters (DOCX) loaded once for the session; a module or test that wants them takes a
    copy (copy_register) instead of reading and extracting them all again."""
    from flows.ingest import ingest_file
    db = tmp_path_factory.mktemp("seeds") / "srok.duckdb"
    for f in sorted(FIXTURES.glob("0*.docx")):
        assert ingest_file(f, db).outcome == "loaded"
    return db


def copy_register(source: Path, folder: Path) -> Path:
    """The register's file alone in FOLDER: its first writer makes the analysts' copy there (that copy
    names its deltas' folder by absolute path, so it is not copied along)."""
    from warehouse.db import writing
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / source.name
    shutil.copy(source, db)
    with writing(db):
        pass
    return db


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (it takes 10-20 s to start)."""
    from prefect.testing.utilities import prefect_test_harness
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def newer_extractor(monkeypatch):
    """A newer extractor release: its version in this process, and extraction run here too (the path a
    Dask worker takes), since a version patched here would not reach the spawned bounded worker."""
    import extractors.pipeline as pipeline
    from extractors.readers import isolated
    monkeypatch.setattr(pipeline, "EXTRACTOR_VERSION", "9.9.9")
    monkeypatch.setattr(isolated, "in_process", lambda: True)
    return "9.9.9"
