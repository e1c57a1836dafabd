"""One configuration file (srok.toml) with environment overrides; a missing or wrong setting is a
clear start-up error, never a surprise at 7 a.m."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_FILE = Path("srok.toml")


class ConfigError(ValueError):
    pass


@dataclass
class Recipient:
    address: str
    regions: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    catch_all: bool = False


@dataclass
class Settings:
    inbox: Path = Path("data/inbox")
    archive: Path = Path("data/archive")
    quarantine: Path = Path("data/quarantine")
    db: Path = Path("data/srok.duckdb")
    settle_seconds: float = 1.0           # a file must keep its size and mtime this long before it is read
    digest_cron: str = "0 7 * * *"
    timezone: str = "Europe/Moscow"
    digest_days: int = 14
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_security: str = "none"           # none | starttls | ssl
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_from: str = "srok@localhost"
    recipients: list[Recipient] = field(default_factory=list)


ENV = {  # SROK_<NAME> overrides the file
    "inbox": Path, "archive": Path, "quarantine": Path, "db": Path, "settle_seconds": float,
    "digest_cron": str, "timezone": str, "digest_days": int, "smtp_host": str, "smtp_port": int,
    "smtp_security": str, "smtp_user": str, "smtp_password": str, "mail_from": str,
}


def load_settings(path: Path | None = None, env: dict[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    path = path or Path(env.get("SROK_CONFIG", DEFAULT_FILE))
    data: dict = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{path}: not valid TOML: {e}") from None
    elif "SROK_CONFIG" in env:
        raise ConfigError(f"SROK_CONFIG names {path}, which does not exist")
    s = Settings()
    known = set(ENV) | {"recipients"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    for name, kind in ENV.items():
        raw = env.get(f"SROK_{name.upper()}", data.get(name))
        if raw is None:
            continue
        try:
            setattr(s, name, kind(raw))
        except (TypeError, ValueError):
            raise ConfigError(f"setting {name}: {raw!r} is not a valid {kind.__name__}") from None
    for i, r in enumerate(data.get("recipients", [])):
        if not isinstance(r, dict) or "address" not in r:
            raise ConfigError(f"{path}: recipients[{i}] needs an address")
        extra = set(r) - {"address", "regions", "municipalities", "bodies", "catch_all"}
        if extra:
            raise ConfigError(f"{path}: recipients[{i}] has unknown key(s) {', '.join(sorted(extra))}")
        s.recipients.append(Recipient(**r))
    validate(s)
    return s


def validate(s: Settings) -> None:
    if s.smtp_security not in ("none", "starttls", "ssl"):
        raise ConfigError(f"smtp_security must be none, starttls or ssl, got {s.smtp_security!r}")
    try:
        ZoneInfo(s.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"unknown timezone {s.timezone!r}") from None
    if len(s.digest_cron.split()) != 5:
        raise ConfigError(f"digest_cron must have five fields (minute hour day month weekday), got {s.digest_cron!r}")
    if s.settle_seconds < 0 or s.digest_days < 0:
        raise ConfigError("settle_seconds and digest_days must not be negative")
    for r in s.recipients:
        if "@" not in r.address or any(c in r.address for c in "\r\n,;<>"):
            raise ConfigError(f"recipient address {r.address!r} is not a single e-mail address")
