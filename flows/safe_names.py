"""Names srok gives files it moves or writes (archive, quarantine, error notes, staging copies): valid
UTF-8 whatever bytes the dropped name had, no control characters, and short enough for the file
system with room for " (2)" and ".error.txt" (a 247-byte Cyrillic name crashed the watcher with
ENAMETOOLONG after its transaction had committed)."""
from __future__ import annotations

import os
from pathlib import Path

from flows.console import line

NAME_MAX = 255                   # bytes in one path component (ext4, xfs, btrfs, tmpfs)
RESERVE = len(" (99999)") + len(".error.txt")
MAX_SUFFIX = 16


def shown_name(name: str) -> str:
    """A file name as text: undecodable bytes as \\xNN, control characters visible (for the database,
    logs and messages)."""
    return line(name)


def bounded_name(name: str, reserve: int = RESERVE) -> str:
    """``name`` as valid UTF-8, cut on a character boundary so that it plus ``reserve`` bytes fits."""
    text = shown_name(name).replace("/", "_") or "file"
    stem, suffix = os.path.splitext(text)
    if len(suffix.encode()) > MAX_SUFFIX:
        stem, suffix = text, ""
    budget = NAME_MAX - reserve - len(suffix.encode())
    stem = stem.encode()[:budget].decode("utf-8", "ignore")
    return stem + suffix


def unique_target(folder: Path, name: str) -> Path:
    """folder/name (bounded, with room left for " (n)" and ".error.txt"), or folder/'stem (n).ext'
    when that name is taken. A note (.error.txt) whose file is missing was left by a move that was
    interrupted, and is written over."""
    base = bounded_name(name)
    stem, suffix = os.path.splitext(base)
    target, n = folder / base, 2
    while os.path.lexists(target):
        target = folder / f"{stem} ({n}){suffix}"
        n += 1
    return target
