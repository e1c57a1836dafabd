"""`srok doctor`: what the service needs, checked one line each, before an operator finds out at night;
each line names what it looked at (the settings file, the register, the folders, the servers)."""
from __future__ import annotations

import os
import shutil
import smtplib
import subprocess
from pathlib import Path
from typing import Callable

from flows.config import DEFAULT_FILE, ConfigError, Settings, config_path, load_settings


def prefect_api_problem() -> str | None:
    """None when PREFECT_API_URL (the environment's, or the Prefect profile's) names a Prefect server that
    answers; else one line saying what to do."""
    import httpx
    url = os.environ.get("PREFECT_API_URL")
    if not url:   # a profile's, or a test harness's (Prefect is imported by then)
        from prefect.settings import PREFECT_API_URL
        url = PREFECT_API_URL.value()
    if not url:
        return ("PREFECT_API_URL не задан: запустите `prefect server start` и "
                "export PREFECT_API_URL=http://127.0.0.1:4200/api")
    try:
        httpx.get(url.rstrip("/") + "/health", timeout=5).raise_for_status()
    except httpx.HTTPError as e:
        return f"Prefect API по адресу {url} не отвечает: {type(e).__name__}: {e or 'нет ответа'}"
    return None


# A check: what it looked at (shown either way) and the problem, or None.
Check = Callable[[Settings], tuple[str, str | None]]


def _program(name: str, *args: str) -> Check:
    def check(_s: Settings) -> tuple[str, str | None]:
        path = shutil.which(name)
        if not path:
            return name, "не найден в PATH (его ставит scripts/system-deps.sh)"
        try:
            subprocess.run([path, *args], capture_output=True, timeout=60, check=True)
        except (subprocess.SubprocessError, OSError) as e:
            return path, f"не запускается: {e}"
        return path, None
    return check


def _database(s: Settings) -> tuple[str, str | None]:
    import duckdb

    from warehouse.db import connect
    where = str(Path(s.db).absolute())
    if not Path(s.db).exists():   # a fresh install: the first loaded file creates it, if it can
        folder = next(p for p in Path(s.db).absolute().parents if p.exists())
        return (f"{where} (ещё нет, первый загруженный файл создаст его)",
                None if os.access(folder, os.W_OK) else f"создать нельзя: нет права записи в {folder}")
    try:
        with connect(s.db, read_only=True) as con:
            (n,) = con.execute("SELECT count(*) FROM documents").fetchone()
    except (duckdb.Error, OSError) as e:
        return where, str(e)
    return f"{where} (документов: {n})", None


def _folder(name: str, must_exist: bool) -> Check:
    """The inbox must be there (staff drop files into it; a missing one is a typo in the settings);
    the archive and quarantine are made when first needed, so their nearest existing folder must be writable."""
    def check(s: Settings) -> tuple[str, str | None]:
        path = {"inbox": s.inbox, "archive": s.archive_dir, "quarantine": s.quarantine_dir}[name].absolute()
        if path.exists():
            if not path.is_dir():
                return str(path), "это не папка"
            return str(path), None if os.access(path, os.W_OK | os.X_OK) else "нет права записи"
        if must_exist:
            return str(path), f"папки нет: создайте её (mkdir -p {path}) или поправьте {name} в настройках"
        parent = next(p for p in path.parents if p.exists())
        return (f"{path} (ещё нет, будет создана)",
                None if os.access(parent, os.W_OK | os.X_OK) else f"создать нельзя: нет права записи в {parent}")
    return check


def _prefect(_s: Settings) -> tuple[str, str | None]:
    from prefect.settings import PREFECT_API_URL
    return PREFECT_API_URL.value() or "адрес не задан", prefect_api_problem()


def _smtp(s: Settings) -> tuple[str, str | None]:
    where = f"{s.smtp_host}:{s.smtp_port} ({s.smtp_security})"
    try:
        cls = smtplib.SMTP_SSL if s.smtp_security == "ssl" else smtplib.SMTP
        with cls(s.smtp_host, s.smtp_port, timeout=min(s.smtp_timeout, 10)) as smtp:
            smtp.noop()
    except (OSError, smtplib.SMTPException) as e:
        return where, f"{type(e).__name__}: {e}"
    return where, None


CHECKS: list[tuple[str, Check]] = [
    ("tesseract", _program("tesseract", "--version")),
    ("libreoffice", _program("soffice", "--version")),
    ("реестр", _database),
    ("входящие", _folder("inbox", must_exist=True)),
    ("архив", _folder("archive", must_exist=False)),
    ("карантин", _folder("quarantine", must_exist=False)),
    ("prefect", _prefect),
    ("smtp", _smtp),
]


def run_checks(config: Path | None) -> list[tuple[str, str, str | None]]:
    """(part, what was checked, the problem or None) for each part the service needs, settings first."""
    try:
        file = config_path(config)
        s = load_settings(config)
    except ConfigError as e:
        return [("настройки", str(config or os.environ.get("SROK_CONFIG") or DEFAULT_FILE), " ".join(str(e).split()))]
    read = str(file.absolute()) if file else f"файла нет ({DEFAULT_FILE.absolute()}): значения по умолчанию и SROK_*"
    return [("настройки", read, None)] + [(name, *check(s)) for name, check in CHECKS]
