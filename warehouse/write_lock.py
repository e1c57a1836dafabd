"""One writer at a time, by design: srok's own lock beside the register, taken before DuckDB opens it.

DuckDB's lock on its file is a POSIX record lock (fcntl), and the kernel drops such a lock when its
process closes *any* descriptor of the file. Publishing once copied the database with a descriptor of
its own; closing it let a second writer in, and committed documents were lost (issue 25). An flock
belongs to the descriptor that took it, so nothing else the process opens or closes can drop it.

Turns are fair: a writer first queues (the flock of ``*.queue.lock``), then waits for the write lock;
the writer letting go must queue again before its next write, so the one already waiting comes first,
and ``waited_on`` tells the holder that someone waits, to let go after its commit."""
from __future__ import annotations

import fcntl
import logging
import os
import sys
import time
from pathlib import Path

import duckdb

log = logging.getLogger("srok.db")
POLL_S = (0.01, 0.2)        # the first and the longest pause between two tries
FIRST_NOTE_S = 3.0          # a writer waiting this long says so (a turn lasts about a second); then at every doubling
MAX_NOTE_S = 60.0           # … and at least this often


class WriterBusy(TimeoutError):
    """Another process kept the register longer than this writer would wait."""


def lock_paths(db: Path) -> tuple[Path, Path]:
    """The write lock and the queue lock of the register ``db``."""
    return db.with_suffix(".write.lock"), db.with_suffix(".queue.lock")


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)


def _try(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class WriteLock:
    """srok's write lock on one register, held from before DuckDB opens the file until after it closed it."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path, self.queue = lock_paths(db)
        self.fd: int | None = None

    def acquire(self, wait_s: float) -> None:
        """Takes the lock, waiting up to ``wait_s`` while other writers have or want it (WriterBusy then)."""
        self.db.parent.mkdir(parents=True, exist_ok=True)
        fd, queue = _open(self.path), _open(self.queue)
        try:
            waiting = _Waiting(self, fd, wait_s)
            waiting.until(queue)     # first in the queue, even when the register is free: no one jumps it …
            waiting.until(fd)        # … then next to write
            fcntl.flock(queue, fcntl.LOCK_UN)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {' '.join(sys.argv[1:2])}".strip().encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        finally:
            os.close(queue)
        self.fd = fd

    def waited_on(self) -> bool:
        """Whether another writer is queued for the register (so the holder should let go soon)."""
        queue = _open(self.queue)
        try:
            return not _try(queue)
        finally:
            os.close(queue)     # closing the descriptor lets go of the flock just taken

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class _Waiting:
    """The wait of one writer: pauses that grow to POLL_S[1], a line in the log at every doubling of the
    time waited (not at every try), WriterBusy past the deadline."""

    def __init__(self, lock: WriteLock, fd: int, wait_s: float) -> None:
        self.lock, self.fd = lock, fd
        self.started = time.monotonic()
        self.deadline = self.started + wait_s
        self.pause, self.note_at = POLL_S[0], self.started + FIRST_NOTE_S

    def until(self, fd: int) -> None:
        while not _try(fd):
            now = time.monotonic()
            waited = now - self.started
            if now >= self.deadline:
                raise WriterBusy(f"база данных {self.lock.db} занята другим процессом ({self.holder()}) "
                                 f"дольше {waited:.0f} с")
            if now >= self.note_at:
                log.warning("база данных %s занята: в неё пишет другой процесс (%s); ждём своей очереди, уже %.0f с",
                            self.lock.db, self.holder(), waited)
                self.note_at = now + min(max(waited, FIRST_NOTE_S), MAX_NOTE_S)
            time.sleep(min(self.pause, max(0.0, self.deadline - now)))
            self.pause = min(self.pause * 2, POLL_S[1])

    def holder(self) -> str:
        """What the holder wrote into the lock file: its pid and command."""
        text = os.pread(self.fd, 200, 0).decode(errors="replace").strip()
        pid, _, command = text.partition(" ")
        return f"pid {pid}, srok {command}" if command else f"pid {pid or '?'}"


class WriteConnection:
    """The writer's DuckDB connection with what must live exactly as long: srok's write lock, and a
    descriptor of the database file kept open, through which publishing copies the file (opening and
    closing a descriptor of its own would drop DuckDB's lock). Behaves as the DuckDB connection;
    closing it closes the connection, then the descriptor, then lets the lock go."""

    def __init__(self, con: duckdb.DuckDBPyConnection, lock: WriteLock, db: Path) -> None:
        self._con, self._lock = con, lock
        self.database_fd = os.open(db, os.O_RDONLY | os.O_CLOEXEC)
        self.seq_tables: dict[str, bool] | None = None   # warehouse.publish.seq_tables, once migrated

    def __getattr__(self, name: str):
        return getattr(self._con, name)

    def waited_on(self) -> bool:
        return self._lock.waited_on()

    def close(self) -> None:
        try:
            self._con.close()
        finally:
            if self.database_fd >= 0:
                os.close(self.database_fd)
                self.database_fd = -1
            self._lock.release()

    def __enter__(self) -> "WriteConnection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def copy_database(con: WriteConnection, target: Path) -> None:
    """The database file, checkpointed, into ``target``: read through the descriptor the connection keeps."""
    fd = con.database_fd
    size = os.fstat(fd).st_size
    with open(target, "wb") as out:
        offset = 0
        while offset < size:
            sent = os.sendfile(out.fileno(), fd, offset, size - offset)
            if not sent:
                raise OSError(f"the database file ended at {offset} of {size} bytes while it was copied")
            offset += sent
