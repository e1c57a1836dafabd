"""srok.toml with environment overrides; a wrong setting stops the service at start-up."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_example_file_and_environment_overrides(monkeypatch):
    monkeypatch.setenv("SROK_DB", "/tmp/other.duckdb")
    monkeypatch.setenv("SROK_DIGEST_DAYS", "3")
    s = load_settings(ROOT / "srok.example.toml")
    assert s.db == Path("/tmp/other.duckdb") and s.digest_days == 3
    assert s.timezone == "Europe/Moscow" and [r.address for r in s.recipients][-1] == "office@example.org"
    assert s.recipients[-1].catch_all is True


def test_archive_and_quarantine_default_beside_the_inbox(tmp_path):
    cfg = tmp_path / "srok.toml"
    cfg.write_text('inbox = "/srv/srok/inbox"\n', encoding="utf-8")
    s = load_settings(cfg)
    assert (s.archive_dir, s.quarantine_dir) == (Path("/srv/srok/archive"), Path("/srv/srok/quarantine"))
    cfg.write_text('inbox = "/srv/srok/inbox"\narchive = "/mnt/archive"\n', encoding="utf-8")
    assert load_settings(cfg).archive_dir == Path("/mnt/archive")


@pytest.mark.parametrize("text, message", [
    ('smtp_security = "tls"', "smtp_security: Input should be 'none', 'starttls' or 'ssl'"),
    ('timezone = "Mars/Olympus"', "unknown timezone"),
    ('digest_cron = "7 * *"', "five fields"),
    ('digest_cron = "0 25 * * *"', r"'0 25 \* \* \*' is not a valid cron expression: Bad hour"),
    ('digest_days = "many"', "digest_days: Input should be a valid integer"),
    ('digest_days = -1', "digest_days: Input should be greater than or equal to 0"),
    ('settle_seconds = nan', "settle_seconds: Input should be a finite number"),
    ('smtp_port = 70000', "smtp_port: Input should be less than or equal to 65535"),
    ('inbx = "data/inbox"', "inbx: unknown setting; known: inbox"),
    ('[[recipients]]\nregions = ["Томская область"]', "recipients.0.address: Field required"),
    ('[[recipients]]\naddress = "a@b.ru\\r\\nBcc: x@y.ru"\ncatch_all = true', "is not a single e-mail address"),
    ('[[recipients]]\naddress = "a@b.ru"\ncatch_all = "no"', "recipients.0.catch_all: Input should be a valid boolean"),
    ('[[recipients]]\naddress = "a@b.ru"\nregions = "Томская область"', "recipients.0.regions: Input should be a valid list"),
    ('[[recipients]]\naddress = "a@b.ru"', "give regions, municipalities, bodies or catch_all"),
    ('[[recipients]]\naddress = "a@b.ru"\nmunicipalities = ["Козелский район"]',
     r"recipients\[0\] \(a@b.ru\): нет муниципалитета 'Козелский район'; может быть: Козельский район"),
    ('[[recipients]]\naddress = "a@b.ru"\nregions = ["Тамская область"]', "может быть: Томская область"),
    ('db = ', "not valid TOML"),
])
def test_wrong_settings_are_clear_errors(tmp_path, text, message):
    cfg = tmp_path / "srok.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg)


def test_serve_watch_and_digest_refuse_to_start_with_a_wrong_setting(tmp_path):
    cfg = tmp_path / "srok.toml"
    cfg.write_text('[[recipients]]\naddress = "kaluga@x.ru"\nmunicipalities = ["Козелский район"]\n', encoding="utf-8")
    for command in ("serve", "watch", "digest"):
        res = CliRunner().invoke(app, [command, "--config", str(cfg)])
        assert res.exit_code == 2, res.output
        assert res.stderr.startswith("srok: настройки: ") and "может быть: Козельский район" in res.stderr
        assert len(res.stderr.splitlines()) == 1
    for command in ("serve", "watch", "digest"):
        res = CliRunner().invoke(app, [command, "--config", str(tmp_path / "missing.toml")])
        assert res.exit_code == 2 and "missing.toml: такого файла нет" in res.stderr
    res = CliRunner().invoke(app, ["serve"], env={"SROK_CONFIG": str(tmp_path / "missing.toml")})
    assert res.exit_code == 2 and "такого файла нет" in res.stderr


def test_what_srok_writes_under_data_is_git_ignored():
    """The analysts' copy, its deltas and the default folders of the inbox are no one's source."""
    import subprocess
    paths = ["data/srok.duckdb", "data/srok.read.duckdb", "data/srok.read.d/123/4/obligations.parquet",
             "data/srok.digest.lock", "data/inbox/письмо.docx", "data/archive/2026/12/письмо.docx",
             "data/quarantine/письмо.docx.error.txt"]
    res = subprocess.run(["git", "-c", "core.quotePath=false", "check-ignore", "--no-index", *paths], cwd=ROOT, capture_output=True, text=True)
    assert res.stdout.splitlines() == paths, res.stderr
