"""The review page's accounts: a name, a role and an argon2 hash of the password, in a small SQLite file
beside the register (`data/srok.users.sqlite`), and the page's signing secret beside it (`data/srok.secret`),
both readable by their owner only.

Why not a table in the register: the register is copied whole into the analysts' snapshot, so every
`srok sql` user could read the password hashes; and the register has one writer at a time (the watcher
holds it during a burst), while a login has to be answered at once and `srok user add` should not wait
for an ingest. SQLite (in the standard library) lets the page and the command line use the file at once."""
from __future__ import annotations

import functools
import getpass
import hashlib
import os
import secrets
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from warehouse.db import db_path

# What each role may do, as data: the page asks `may(role, what)`.
ROLES = {"reader": {"read"}, "reviewer": {"read", "correct"}, "administrator": {"read", "correct", "manage_users"}}
ROLE_RU = {"reader": "читатель", "reviewer": "проверяющий", "administrator": "администратор"}
NAME_MAX_CHARS = 64
PASSWORD_MIN_CHARS = 8
PASSWORD_MAX_CHARS = 1024    # argon2 takes any length; this bounds the work one login asks for

_hasher = PasswordHasher()
_SCHEMA = """CREATE TABLE IF NOT EXISTS users (
    login         TEXT PRIMARY KEY,     -- the name in lower case: logging in is not case-sensitive
    name          TEXT NOT NULL,        -- as written, what corrections record
    role          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL DEFAULT (datetime('now'))
)"""


class AccountError(ValueError):
    """A name, role or password that cannot be, or a user who is not there; the message is for a person."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    stamp: str = ""   # changes with the password, so a new password ends the old sessions

    def may(self, what: str) -> bool:
        return what in ROLES[self.role]


def local_name() -> str:
    """Who works at this machine when no one logged in: SROK_USER, or the login name."""
    return os.environ.get("SROK_USER") or getpass.getuser()


def users_path(db: str | Path | None = None) -> Path:
    p = db_path(db)
    return p.with_name(p.stem + ".users.sqlite")


def secret_path(db: str | Path | None = None) -> Path:
    p = db_path(db)
    return p.with_name(p.stem + ".secret")


def _private_file(path: Path) -> None:
    """Creates PATH empty with mode 0600 unless it exists (SQLite gives its journal the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def server_secret(db: str | Path | None = None) -> bytes:
    """The key that signs the page's session cookies; made on first use. A secret others can read is
    refused rather than used: anyone who read it could sign a session of their choosing."""
    path = secret_path(db)
    _private_file(path)
    if path.stat().st_mode & 0o077:
        raise AccountError(f"{path} могут читать другие пользователи: выполните chmod 600 {path}")
    if path.stat().st_size == 0:
        path.write_text(secrets.token_hex(32), encoding="ascii")
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def _stamp(password_hash: str) -> str:
    """New with every password; a digest, so the cookie that carries it shows nothing of the hash."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _login(name: str) -> str:
    return " ".join(name.split()).lower()


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise AccountError("имя пользователя пустое")
    if len(name) > NAME_MAX_CHARS or not name.isprintable():
        raise AccountError(f"имя пользователя — до {NAME_MAX_CHARS} печатных знаков")
    return name


def _check_password(password: str) -> str:
    if not PASSWORD_MIN_CHARS <= len(password) <= PASSWORD_MAX_CHARS:
        raise AccountError(f"пароль должен быть не короче {PASSWORD_MIN_CHARS} знаков "
                           f"(и не длиннее {PASSWORD_MAX_CHARS})")
    return password


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"роль {role!r} неизвестна: {', '.join(ROLES)}")
    return role


class Accounts:
    """The users of one register. Every call opens the file for that call alone, so `srok user …`
    in another process is seen at the page's next request."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.path = users_path(db)

    def _connect(self) -> sqlite3.Connection:
        _private_file(self.path)
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        con.execute(_SCHEMA)
        return con

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with closing(self._connect()) as con:
            return con.execute("SELECT count(*) FROM users").fetchone()[0]

    def users(self) -> list[User]:
        with closing(self._connect()) as con:
            return [User(n, r) for n, r in con.execute("SELECT name, role FROM users ORDER BY login")]

    def _row(self, name: str) -> tuple[str, str, str] | None:
        with closing(self._connect()) as con:
            return con.execute("SELECT name, role, password_hash FROM users WHERE login = ?", [_login(name)]).fetchone()

    def get(self, name: str) -> User | None:
        row = self._row(name)
        return User(row[0], row[1], _stamp(row[2])) if row else None

    def add(self, name: str, role: str, password: str) -> User:
        name, role = _check_name(name), _check_role(role)
        hashed = _hasher.hash(_check_password(password))
        with closing(self._connect()) as con:
            try:
                con.execute("INSERT INTO users (login, name, role, password_hash) VALUES (?, ?, ?, ?)",
                            [_login(name), name, role, hashed])
            except sqlite3.IntegrityError:
                raise AccountError(f"пользователь {name!r} уже есть") from None
        return User(name, role, _stamp(hashed))

    def remove(self, name: str) -> None:
        with closing(self._connect()) as con:
            if not con.execute("DELETE FROM users WHERE login = ?", [_login(name)]).rowcount:
                raise AccountError(f"пользователя {name!r} нет")

    def set_password(self, name: str, password: str) -> None:
        hashed = _hasher.hash(_check_password(password))
        with closing(self._connect()) as con:
            if not con.execute("UPDATE users SET password_hash = ? WHERE login = ?",
                               [hashed, _login(name)]).rowcount:
                raise AccountError(f"пользователя {name!r} нет")

    def verify(self, name: str, password: str) -> User | None:
        """The user NAME if PASSWORD is theirs. An unknown name costs the same hash as a known one,
        so the time of the answer does not tell which names exist."""
        row = self._row(name)
        try:
            _hasher.verify(row[2] if row else _dummy_hash(), password[:PASSWORD_MAX_CHARS])
        except (VerificationError, InvalidHashError):
            return None
        return User(row[0], row[1], _stamp(row[2])) if row else None


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_hex(16))
