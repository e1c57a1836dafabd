"""Whether a process still runs: leftovers (temp files, LibreOffice groups) of dead processes are
cleaned up, those of live ones left alone."""
from __future__ import annotations

import os
from pathlib import Path


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's process: alive
        return True
    return True


def _stat_fields(pid: int | str) -> list[str]:
    """/proc/PID/stat after the command name (which may hold spaces and brackets): state, ppid, …"""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def descendants(pid: int) -> set[int]:
    """Every process below PID (children, their children, …), from /proc."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                children.setdefault(int(_stat_fields(d.name)[1]), []).append(int(d.name))
            except (OSError, IndexError, ValueError):
                continue
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def running(pids: set[int]) -> set[int]:
    """Those of PIDS still running (zombies are not)."""
    out = set()
    for p in pids:
        try:
            if _stat_fields(p)[0] != "Z":
                out.add(p)
        except OSError:
            pass
    return out
