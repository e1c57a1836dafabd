"""The watched inbox: every file dropped there is read, loaded and moved — to archive/YYYY/MM/ once
its transaction committed, or to quarantine/ with a same-named .error.txt holding the reason.

Nothing is lost: a file leaves the inbox only after its outcome is in the database. Nothing is
loaded twice: a file that was loaded but not yet moved when the process died is a recorded
duplicate when it is seen again after restart."""
from __future__ import annotations

import datetime as dt
import fnmatch
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from flows.ingest import Result, ingest_file
from warehouse.db import batch

log = logging.getLogger("srok.watch")
IGNORED = ["~$*", ".~lock.*#", "*.tmp", "*.part", "*.crdownload", "*.swp", ".*", "*~", "*.error.txt"]


def ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED)


def unique_target(folder: Path, name: str) -> Path:
    """folder/name, or folder/'stem (2).ext' when a file of that name is already there."""
    target = folder / name
    n = 2
    while target.exists():
        stem, suffix = os.path.splitext(name)
        target = folder / f"{stem} ({n}){suffix}"
        n += 1
    return target


@dataclass
class Watcher:
    inbox: Path
    archive: Path
    quarantine: Path
    db: Path | None = None
    settle_seconds: float = 1.0
    ingest: Callable[[Path, Path | None], Result] = ingest_file

    def __post_init__(self) -> None:
        self._seen: dict[Path, tuple[int, float, float]] = {}   # path -> (size, mtime, first seen so)
        for d in (self.inbox, self.archive, self.quarantine):
            d.mkdir(parents=True, exist_ok=True)

    def ready_files(self, now: float | None = None) -> list[Path]:
        """Files whose size and mtime have not changed for settle_seconds (no longer being written)."""
        now = time.monotonic() if now is None else now
        ready, current = [], {}
        for entry in sorted(os.scandir(self.inbox), key=lambda e: e.name):
            if not entry.is_file(follow_symlinks=False) or ignored(entry.name):
                continue
            path = Path(entry.path)
            try:
                st = entry.stat()
            except FileNotFoundError:   # renamed or removed while we looked
                continue
            prev = self._seen.get(path)
            since = prev[2] if prev and prev[:2] == (st.st_size, st.st_mtime) else now
            current[path] = (st.st_size, st.st_mtime, since)
            if now - since >= self.settle_seconds:
                ready.append(path)
        self._seen = current
        return ready

    def handle(self, path: Path) -> Result:
        try:
            result = self.ingest(path, self.db)
        except Exception as e:  # a bug must not stop the service: the file goes to quarantine with it
            log.exception("ingesting %s failed", path.name)
            result = Result(path.name, "failed", f"internal error: {type(e).__name__}: {e}")
        if result.outcome == "failed":
            target = unique_target(self.quarantine, path.name)
            target.with_name(target.name + ".error.txt").write_text(
                f"{path.name}: {result.reason}\n", encoding="utf-8")
        else:
            today = dt.date.today()
            folder = self.archive / f"{today:%Y}" / f"{today:%m}"
            folder.mkdir(parents=True, exist_ok=True)
            target = unique_target(folder, path.name)
        shutil.move(str(path), target)
        self._seen.pop(path, None)
        log.info("%s: %s%s", path.name, result.outcome, f" ({result.reason})" if result.reason else "")
        return result

    def process_ready(self) -> list[Result]:
        with batch(self.db):   # a burst shares one write connection: a transaction per file, publishing debounced
            return [self.handle(p) for p in self.ready_files() if p.exists()]

    def run(self, poll: bool = False, stop: threading.Event | None = None) -> None:
        """Processes what is in the inbox now, then whatever arrives, until ``stop`` is set."""
        import watchfiles
        stop = stop or threading.Event()
        log.info("watching %s", self.inbox)
        self.process_ready()
        step = max(100, int(self.settle_seconds * 500))
        for _ in watchfiles.watch(self.inbox, force_polling=poll, poll_delay_ms=step, rust_timeout=step,
                                  yield_on_timeout=True, stop_event=stop, recursive=False, debounce=50):
            self.process_ready()
            if stop.is_set():
                break
