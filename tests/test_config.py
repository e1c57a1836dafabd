"""srok.toml with environment overrides; a wrong setting stops the service at start-up."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_example_file_and_environment_overrides():
    s = load_settings(ROOT / "srok.example.toml", env={"SROK_DB": "/tmp/other.duckdb", "SROK_DIGEST_DAYS": "3"})
    assert s.db == Path("/tmp/other.duckdb") and s.digest_days == 3
    assert s.timezone == "Europe/Moscow" and [r.address for r in s.recipients][-1] == "office@example.org"
    assert s.recipients[-1].catch_all


@pytest.mark.parametrize("text, message", [
    ('smtp_security = "tls"', "smtp_security must be"),
    ('timezone = "Mars/Olympus"', "unknown timezone"),
    ('digest_cron = "7 * *"', "five fields"),
    ('digest_days = "many"', "not a valid int"),
    ('inbx = "data/inbox"', "unknown setting"),
    ('[[recipients]]\nregions = ["Томская область"]', "needs an address"),
    ('[[recipients]]\naddress = "a@b.ru\\r\\nBcc: x@y.ru"', "not a single e-mail address"),
    ('db = ', "not valid TOML"),
])
def test_wrong_settings_are_clear_errors(tmp_path, text, message):
    cfg = tmp_path / "srok.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg, env={})


def test_serve_and_watch_refuse_to_start_with_a_wrong_setting(tmp_path):
    cfg = tmp_path / "srok.toml"
    cfg.write_text('timezone = "Nowhere"', encoding="utf-8")
    for command in ("serve", "watch", "digest"):
        res = CliRunner().invoke(app, [command, "--config", str(cfg)])
        assert res.exit_code == 2 and "srok: configuration: unknown timezone" in res.stderr
    res = CliRunner().invoke(app, ["serve"], env={"SROK_CONFIG": str(tmp_path / "missing.toml")})
    assert res.exit_code == 2 and "does not exist" in res.stderr
