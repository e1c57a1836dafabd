"""Accounts of the review page from the command line: `srok user add/list/passwd/remove` (passwords from
stdin or asked twice on a real terminal), the files they live in (owner-only, argon2 hashes), and
`srok web` refusing to listen on the network without an account."""
from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.accounts import AccountError, Accounts, secret_path, server_secret, users_path
from flows.cli import app as cli

SROK = [sys.executable, "-c", "from flows.cli import main; main()"]


def user(db: Path, *args: str, password: str | None = None):
    return CliRunner().invoke(cli, ["user", *args, "--db", str(db)], input=password)


def test_user_commands(tmp_path):
    db = tmp_path / "srok.duckdb"
    res = user(db, "add", "Иванова", "--role", "reviewer", "--password-stdin", password="пароль ивановой\n")
    assert res.exit_code == 0 and "добавлен пользователь Иванова (проверяющий)" in res.stdout, res.output
    assert user(db, "add", "Админова", "--role", "administrator", "--password-stdin",
                password="пароль админовой\n").exit_code == 0
    assert user(db, "list").stdout.splitlines() == ["Админова\tadministrator\tадминистратор",
                                                    "Иванова\treviewer\tпроверяющий"]
    for args, password, message in [
            (["add", "иванова", "--password-stdin"], "другой пароль\n", "уже есть"),        # names ignore case
            (["add", "Петров", "--role", "boss", "--password-stdin"], "пароль петрова\n", "роль 'boss' неизвестна"),
            (["add", "Петров", "--password-stdin"], "короткий\n"[:6] + "\n", "не короче 8 знаков"),
            (["add", "Петров"], "пароль петрова\n", "--password-stdin"),                    # no terminal to ask on
            (["add", "   ", "--password-stdin"], "пароль петрова\n", "имя пользователя пустое"),
            (["remove", "Петров"], None, "пользователя 'Петров' нет"),
            (["passwd", "Петров", "--password-stdin"], "пароль петрова\n", "пользователя 'Петров' нет")]:
        res = user(db, *args, password=password)
        assert res.exit_code == 2 and message in res.stderr, (args, res.output)
    accounts = Accounts(db)
    assert accounts.verify("ИВАНОВА", "пароль ивановой").name == "Иванова"
    assert user(db, "passwd", "Иванова", "--password-stdin", password="новый пароль\n").exit_code == 0
    assert accounts.verify("Иванова", "пароль ивановой") is None and accounts.verify("Иванова", "новый пароль")
    assert user(db, "remove", "Иванова").exit_code == 0
    assert [u.name for u in accounts.users()] == ["Админова"] and accounts.verify("Иванова", "новый пароль") is None
    assert users_path(db) == tmp_path / "srok.users.sqlite" and (users_path(db).stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(users_path(db)) as con:
        (hashed,) = con.execute("SELECT password_hash FROM users").fetchone()
    assert hashed.startswith("$argon2id$") and "админовой" not in hashed


def test_the_password_is_asked_twice_on_a_terminal(tmp_path):
    """`srok user add` on a real terminal (a pseudo-terminal as its stdin, no controlling terminal of its
    own, so getpass reads there): the two entries must agree."""
    db = tmp_path / "srok.duckdb"

    def add(name: str, first: str, second: str) -> tuple[int, str]:
        leader, follower = pty.openpty()
        proc = subprocess.Popen([*SROK, "user", "add", name, "--db", str(db)], stdin=follower,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        os.close(follower)
        shown = b""
        for prompt, answer in (("Пароль: ", first), ("Пароль ещё раз: ", second)):
            while not shown.endswith(prompt.encode()):    # getpass flushes what was typed before it asks
                chunk = os.read(proc.stderr.fileno(), 1024)
                assert chunk, shown.decode()
                shown += chunk
            os.write(leader, f"{answer}\n".encode())
        out, err = proc.communicate(timeout=60)
        os.close(leader)
        return proc.returncode, shown.decode() + out.decode() + err.decode()

    code, output = add("Петров", "пароль петрова", "другой пароль")
    assert code == 2 and "пароли не совпадают" in output and Accounts(db).count() == 0
    code, output = add("Петров", "пароль петрова", "пароль петрова")
    assert code == 0 and "Пароль ещё раз" in output, output
    assert Accounts(db).verify("Петров", "пароль петрова")


def test_the_signing_secret_is_the_owners_alone(tmp_path):
    db = tmp_path / "srok.duckdb"
    secret = server_secret(db)
    assert len(secret) == 32 and server_secret(db) == secret                     # made once, then kept
    assert (secret_path(db).stat().st_mode & 0o777) == 0o600
    secret_path(db).chmod(0o644)
    with pytest.raises(AccountError, match="chmod 600"):
        server_secret(db)


def test_web_on_the_network_needs_an_account(tmp_path):
    db = tmp_path / "srok.duckdb"
    res = subprocess.run([*SROK, "web", "--host", "0.0.0.0", "--port", "1", "--db", str(db)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "учётных записей нет" in res.stderr and "srok user add" in res.stderr, res.stderr
    assert not res.stdout                                                        # it never started
