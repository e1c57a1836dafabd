"""Settings: srok.toml (or SROK_CONFIG, or --config) read by pydantic-settings, SROK_<NAME> in the
environment overriding the file. Everything is checked once, at start-up — types (a boolean is a
boolean, numbers finite and in range, lists are lists), the cron expression by a cron parser, every
recipient's regions and municipalities against the gazetteer — so nothing surprises at 7 a.m."""
from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

DEFAULT_FILE = Path("srok.toml")


class ConfigError(ValueError):
    pass


def single_address(v: str) -> str:
    local, at, domain = v.partition("@")
    if not (local and at and "." in domain) or any(c in v for c in " \t\r\n,;<>\"'"):
        raise ValueError(f"{v!r} is not a single e-mail address")
    return v


class Recipient(BaseModel):
    """Recipients come only from the file, so they are strict: `catch_all = "no"` is an error, not true."""
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    address: StrictStr
    regions: list[StrictStr] = []
    municipalities: list[StrictStr] = []
    bodies: list[StrictStr] = []
    catch_all: StrictBool = False

    _address = field_validator("address")(single_address)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SROK_", extra="forbid", validate_assignment=True)

    inbox: Path = Path("data/inbox")
    archive: Path | None = None              # default: beside the inbox, INBOX/../archive
    quarantine: Path | None = None           # default: INBOX/../quarantine
    db: Path = Path("data/srok.duckdb")
    settle_seconds: float = Field(1.0, ge=0, le=3600, allow_inf_nan=False)
    digest_cron: str = "0 7 * * *"
    timezone: str = "Europe/Moscow"
    digest_days: int = Field(14, ge=0, le=366)
    digest_long_overdue_days: int = Field(30, ge=1, le=3660)   # overdue longer: a count per body, not listed
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_user: str | None = None
    smtp_password: str | None = None         # better SROK_SMTP_PASSWORD in the environment than in the file
    smtp_password_block: str | None = None   # or the name of a Prefect Secret block holding it (runs under Prefect)
    smtp_timeout: float = Field(20.0, gt=0, le=600, allow_inf_nan=False)   # connect and each read
    smtp_deadline: float = Field(60.0, gt=0, le=3600, allow_inf_nan=False)  # one message's whole conversation
    smtp_attempts: int = Field(3, ge=1, le=10)
    mail_from: str = "srok@localhost"
    alert_to: list[str] = []                 # operators mailed when a digest run fails
    recipients: list[Recipient] = []
    web_hosts: list[StrictStr] = ["127.0.0.1", "localhost"]   # the names the review page answers to (Host header)
    web_session_hours: float = Field(12.0, gt=0, le=24 * 30, allow_inf_nan=False)   # a login lasts this long
    sql_timeout: float = Field(300.0, gt=0, le=86400, allow_inf_nan=False)   # `srok sql`: a query is stopped after this
    sql_memory_mib: int = Field(2048, ge=64, le=1048576)                     # and may use this much (DuckDB's memory_limit)

    _alert_to = field_validator("alert_to")(lambda v: [single_address(a) for a in v])

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource):
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls)

    @property
    def archive_dir(self) -> Path:
        return self.archive or self.inbox.parent / "archive"

    @property
    def quarantine_dir(self) -> Path:
        return self.quarantine or self.inbox.parent / "quarantine"


def _describe(e: ValidationError) -> str:
    parts = []
    for err in e.errors(include_url=False):
        where = ".".join(str(x) for x in err["loc"]) or "settings"
        got = err.get("input")
        if err["type"] == "extra_forbidden":
            known = Recipient.model_fields if len(err["loc"]) > 1 else Settings.model_fields
            parts.append(f"{where}: unknown setting; known: {', '.join(known)}")
            continue
        parts.append(f"{where}: {err['msg']}" + ("" if isinstance(got, dict) else f" (got {got!r})"))
    return "; ".join(parts)


def config_path(path: Path | None = None) -> Path | None:
    """The file to read: --config, else SROK_CONFIG, else ./srok.toml if present. A file that was
    named but is not there is an error, never silently ignored."""
    named = path or (Path(os.environ["SROK_CONFIG"]) if os.environ.get("SROK_CONFIG") else None)
    if named is not None:
        if not named.is_file():
            raise ConfigError(f"{named}: такого файла нет")
        return named
    return DEFAULT_FILE if DEFAULT_FILE.is_file() else None


def origin(name: str, file: Path | None, flags: set[str] = frozenset()) -> str:
    """Where a setting's value came from: a command-line option, SROK_<NAME>, the settings file, or the default."""
    if name in flags:
        return f"--{name}"
    if os.environ.get(f"SROK_{name.upper()}"):
        return f"SROK_{name.upper()}"
    if file is not None and name in tomllib.loads(file.read_text(encoding="utf-8")):
        return str(file)
    return "по умолчанию"


def where(s: Settings, file: Path | None, flags: set[str] = frozenset(), inbox: bool = False) -> str:
    """One line naming the register (and the inbox) a command uses and the settings file it read, so
    that two registers in one folder cannot go unnoticed."""
    parts = [f"Реестр {Path(s.db).absolute()} ({origin('db', file, flags)})"]
    if inbox:
        parts.append(f"входящие {Path(s.inbox).absolute()} ({origin('inbox', file, flags)})")
    parts.append(f"настройки {file.absolute()}" if file else
                 f"файла настроек нет ({DEFAULT_FILE} в {Path.cwd()}): значения по умолчанию и SROK_*")
    return "; ".join(parts)


def load_settings(path: Path | None = None, check_gazetteer: bool = True) -> Settings:
    file = config_path(path)

    class FromFile(Settings):
        model_config = SettingsConfigDict(toml_file=file)
    try:
        s = FromFile()
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{file}: not valid TOML: {e}") from None
    except ValidationError as e:
        raise ConfigError(f"{file or 'environment'}: {_describe(e)}") from None
    validate(s, check_gazetteer)
    return s


def validate(s: Settings, check_gazetteer: bool = True) -> None:
    """What types cannot say: a real time zone, a cron expression the scheduler will accept, places
    that exist. Each error names the setting and, for places, what was probably meant."""
    from cronsim import CronSim, CronSimError
    try:
        ZoneInfo(s.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"timezone: unknown timezone {s.timezone!r}") from None
    if len(s.digest_cron.split()) != 5:
        raise ConfigError(f"digest_cron: five fields wanted (minute hour day month weekday), got {s.digest_cron!r}")
    try:
        CronSim(s.digest_cron, dt.datetime(2020, 1, 1))
    except CronSimError as e:
        raise ConfigError(f"digest_cron: {s.digest_cron!r} is not a valid cron expression: {e}") from None
    seen = set()
    for i, r in enumerate(s.recipients):
        if r.address in seen:
            raise ConfigError(f"recipients[{i}]: {r.address} is listed twice")
        seen.add(r.address)
        if not (r.regions or r.municipalities or r.bodies or r.catch_all):
            raise ConfigError(f"recipients[{i}] ({r.address}): give regions, municipalities, bodies or catch_all = true")
        if any(not b.strip() for b in r.bodies):
            raise ConfigError(f"recipients[{i}] ({r.address}): an empty body name would match every body")
        if check_gazetteer:
            _resolve_places(i, r)


def _resolve_places(i: int, r: Recipient) -> None:
    from warehouse.queries import QueryError, resolve_municipality, resolve_region
    for name in r.regions:
        try:
            resolve_region(name)
        except QueryError as e:
            raise ConfigError(f"recipients[{i}] ({r.address}): {e}") from None
    for name in r.municipalities:
        try:
            resolve_municipality(name)
        except QueryError as e:
            raise ConfigError(f"recipients[{i}] ({r.address}): {e}") from None
