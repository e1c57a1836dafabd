"""The command line as a person uses it: exit codes, messages, the JSON contract."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import FIXTURES
from flows.cli import app

runner = CliRunner()


def test_extract_json_contract():
    res = runner.invoke(app, ["extract", str(FIXTURES / "003_d7222e60e6a354a6.pdf"), "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert set(data) >= {"document", "obligations", "references", "entities"}
    assert data["document"]["reg_number"] == "54-2627"
    assert data["entities"] == []                               # NER only when asked for
    res = runner.invoke(app, ["extract", str(FIXTURES / "003_d7222e60e6a354a6.pdf"), "--json", "--entities"])
    assert any(e["type"] == "LOC" for e in json.loads(res.stdout)["entities"])


def test_unreadable_file_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nnothing else")
    res = runner.invoke(app, ["extract", str(bad), "--json"])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"srok: cannot read {bad}: ") and "Traceback" not in res.stderr
    assert res.stdout == ""


def test_parse_shows_blocks():
    res = runner.invoke(app, ["parse", str(FIXTURES / "plan_merged_cells.docx")])
    assert res.exit_code == 0 and "Нормативное" in res.stdout and "2×1" in res.stdout
