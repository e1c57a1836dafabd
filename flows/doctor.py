"""`srok doctor`: what the service needs, checked one line each, before an operator finds out at night."""
from __future__ import annotations

import os
import shutil
import smtplib
import subprocess
from pathlib import Path
from typing import Callable

from flows.config import ConfigError, Settings, load_settings


def prefect_api_problem() -> str | None:
    """None when PREFECT_API_URL names a Prefect server that answers; else one line saying what to do."""
    import httpx
    url = os.environ.get("PREFECT_API_URL")
    if not url:
        return ("PREFECT_API_URL is not set: start `prefect server start` and "
                "export PREFECT_API_URL=http://127.0.0.1:4200/api")
    try:
        httpx.get(url.rstrip("/") + "/health", timeout=5).raise_for_status()
    except httpx.HTTPError as e:
        return f"no Prefect API at {url}: {type(e).__name__}: {e or 'no answer'}"
    return None


def _program(name: str, *args: str) -> Callable[[Settings], str | None]:
    def check(_s: Settings) -> str | None:
        path = shutil.which(name)
        if not path:
            return f"{name} not found on PATH (scripts/system-deps.sh installs it)"
        try:
            subprocess.run([path, *args], capture_output=True, timeout=60, check=True)
        except (subprocess.SubprocessError, OSError) as e:
            return f"{path} does not run: {e}"
        return None
    return check


def _database(s: Settings) -> str | None:
    import duckdb

    from warehouse.db import connect
    if not Path(s.db).exists():   # a fresh install: the first loaded file creates it, if it can
        folder = next(p for p in Path(s.db).absolute().parents if p.exists())
        return None if os.access(folder, os.W_OK) else f"{s.db} cannot be created: {folder} is not writable"
    try:
        with connect(s.db, read_only=True) as con:
            con.execute("SELECT count(*) FROM documents").fetchone()
    except (duckdb.Error, OSError) as e:
        return f"{s.db}: {e}"
    return None


def _smtp(s: Settings) -> str | None:
    try:
        cls = smtplib.SMTP_SSL if s.smtp_security == "ssl" else smtplib.SMTP
        with cls(s.smtp_host, s.smtp_port, timeout=min(s.smtp_timeout, 10)) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as e:
        return f"{s.smtp_host}:{s.smtp_port}: {type(e).__name__}: {e}"
    return None


CHECKS: list[tuple[str, Callable[[Settings], str | None]]] = [
    ("tesseract", _program("tesseract", "--version")),
    ("libreoffice", _program("soffice", "--version")),
    ("database", _database),
    ("prefect api", lambda _s: prefect_api_problem()),
    ("smtp", _smtp),
]


def run_checks(config: Path | None) -> list[tuple[str, str | None]]:
    try:
        s = load_settings(config)
    except ConfigError as e:
        return [("settings", " ".join(str(e).split()))]
    return [("settings", None)] + [(name, check(s)) for name, check in CHECKS]
