"""Whether a process still runs: leftovers (temp files, LibreOffice groups) of dead processes are
cleaned up, those of live ones left alone."""
from __future__ import annotations

import os


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:   # someone else's process: alive
        return True
    return True
