"""The watched inbox: every file dropped there is read, loaded and moved — to archive/YYYY/MM/ once
its transaction committed, or to quarantine/ with a same-named .error.txt holding the reason.

Nothing is lost: a file leaves the inbox only after its outcome is in the database. Nothing is
loaded twice: a file that was loaded but not yet moved when the process died is a recorded
duplicate when it is seen again after restart. Nothing stops the loop: a file is read from a stable
private copy (flows.staging); a busy or full database, a full disk or an archive that cannot be
written leave the file where it is, logged, and retried with backoff; a file that always breaks
ingestion goes to quarantine; one watcher works on an inbox at a time (a lock file), the others wait."""
from __future__ import annotations

import datetime as dt
import errno
import fcntl
import fnmatch
import logging
import os
import shutil
import threading
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from extractors.readers import ReadError
from extractors.readers.convert import kill_orphaned_conversions
from extractors.readers.isolated import start
from extractors.readers.limits import LIMITS
from flows.ingest import Ingest, Result, ingest_copies, record_failure
from flows.safe_names import shown_name, unique_target
from flows.staging import Staged, Unstable, stage
from warehouse.db import batch, clean_snapshot_temps

log = logging.getLogger("srok.watch")
logging.getLogger("watchfiles").setLevel(logging.WARNING)   # "N changes detected" on every change
IGNORED = ["~$*", ".~lock.*#", "*.tmp", "*.part", "*.crdownload", "*.swp", ".*", "*~", "*.error.txt"]
STATE = ".srok"              # inside the inbox: the watcher's lock file and staging folder (hidden)
MAX_BACKOFF_S = 60.0
POISON_ATTEMPTS = 3          # an unexpected error this often on the same file: it goes to quarantine


def ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED)


def disk_full(e: BaseException) -> bool:
    """No room on a disk srok writes to: the database's (its WAL, a checkpoint, the analysts' copy) or
    the staging folder's. DuckDB reports it in its own exceptions, with the system's words."""
    return (isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT)) or any(
        words in str(e) for words in ("No space left on device", "Disk quota exceeded"))


def transient(e: BaseException) -> bool:
    """An error of the surroundings (database busy, disk full, folder not writable), not of the file."""
    return isinstance(e, (OSError, duckdb.IOException)) or disk_full(e) or "lock" in str(e).lower()


@dataclass
class Retry:
    attempts: int = 0
    next_try: float = 0.0

    def later(self, now: float) -> float:
        self.attempts += 1
        delay = min(MAX_BACKOFF_S, 0.5 * 2 ** self.attempts)
        self.next_try = now + delay
        return delay


@dataclass
class Outcome:
    """An outcome in the database whose file still has to leave the inbox."""
    source: Path
    result: Result
    staged: Staged | None
    target: Path | None = None
    retry: Retry = field(default_factory=Retry)


@dataclass
class Watcher:
    inbox: Path
    archive: Path
    quarantine: Path
    db: Path | None = None
    settle_seconds: float = 1.0
    ingest: Ingest = ingest_copies   # (key, copy, file) … -> (key, Result | Exception) …, in order

    def __post_init__(self) -> None:
        self._seen: dict[Path, tuple] = {}        # path -> (identity, since) while it settles
        self._moves: dict[Path, Outcome] = {}     # committed, not yet moved
        self._retries: dict[Path, Retry] = {}     # not committed: why it waits, until when
        self._no_space: Retry | None = None       # a disk is full: every file waits until then
        self.staging = self.inbox / STATE / "staging"
        for d in (self.inbox, self.archive, self.quarantine, self.staging):
            d.mkdir(parents=True, exist_ok=True)
        self._lock_fd: int | None = None
        self._stop = threading.Event()

    # --- what is ready -------------------------------------------------------------------------
    def ready_files(self, now: float | None = None) -> list[Path]:
        """Entries whose size and mtime have not changed for settle_seconds (no longer being written),
        and whose retry time, if any, has come."""
        now = time.monotonic() if now is None else now
        ready, current = [], {}
        try:
            entries = sorted(os.scandir(self.inbox), key=lambda e: os.fsencode(e.name))
        except OSError as e:
            log.warning("cannot list the inbox %s: %s", self.inbox, e)
            return []
        for entry in entries:
            if ignored(entry.name):
                continue
            path = Path(entry.path)
            try:
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:   # renamed or removed while we looked
                continue
            ident = (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino)
            prev = self._seen.get(path)
            since = prev[1] if prev and prev[0] == ident else now
            current[path] = (ident, since)
            waiting = self._moves.get(path, None)
            retry = waiting.retry if waiting else self._retries.get(path)
            if now - since >= self.settle_seconds and (retry is None or now >= retry.next_try):
                ready.append(path)
        self._seen = current
        self._retries = {p: r for p, r in self._retries.items() if p in current}
        return ready

    # --- one file ---------------------------------------------------------------------------
    def _stage(self, path: Path) -> Staged | Result | None:
        """The stable private copy of an entry, to be ingested; or the Result of an entry that can
        never be read (recorded and moved to quarantine); or None when it stays in the inbox for now."""
        name = shown_name(path.name)
        try:
            try:
                return stage(path, self.staging)
            except Unstable as e:
                log.info("%s: %s; waiting until it is complete", name, e)
                self._seen.pop(path, None)
                return None
            except PermissionError as e:
                raise ReadError(f"cannot open the file: {e.strerror}") from None
        except ReadError as e:   # never readable (a link, a folder, too big): recorded, quarantined
            try:
                result = record_failure(path, str(e), self.db)
            except Exception as err:
                return self._later(path, name, err, None)
        except Exception as e:
            return self._later(path, name, e, None)
        self._retries.pop(path, None)
        return self._move(Outcome(path, result, None))

    def _finish(self, path: Path, staged: Staged, got: Result | Exception) -> Result | None:
        """An ingested entry moved out of the inbox; one that was not committed stays, retried later."""
        if isinstance(got, Exception):
            return self._later(path, shown_name(path.name), got, staged)
        got.file = shown_name(path.name)
        self._retries.pop(path, None)
        if self._no_space is not None:
            log.info("место на диске снова есть: файлы загружаются")
            self._no_space = None
        return self._move(Outcome(path, got, staged))

    def _later(self, path: Path, name: str, e: Exception, staged: Staged | None) -> Result | None:
        """Not committed: the file stays; retried with backoff, or quarantined if it keeps breaking."""
        if staged:
            staged.discard()
        if disk_full(e):
            self._wait_for_space(e)
            return None
        retry = self._retries.setdefault(path, Retry())
        what = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        if not transient(e) and retry.attempts + 1 >= POISON_ATTEMPTS:
            log.error("%s: failed %d times (%s); quarantined", name, retry.attempts + 1, what)
            try:
                result = record_failure(path, f"internal error: {what}", self.db)
            except Exception as err:   # not recorded either: the file waits (no new try of the record now)
                if disk_full(err):
                    self._wait_for_space(err)
                else:
                    log.warning("%s: its failure could not be recorded (%s); it stays in the inbox", name, err)
                    retry.later(time.monotonic())
                return None
            self._retries.pop(path, None)
            return self._move(Outcome(path, result, None))
        if not transient(e):
            log.exception("%s: %s", name, what)
        delay = retry.later(time.monotonic())
        log.warning("%s: not loaded yet (%s); it stays in the inbox, next try in %.0f s", name, what, delay)
        return None

    def _wait_for_space(self, e: Exception) -> None:
        """A full disk is a wait, not the file's failure: every file stays in the inbox until the next
        step of the backoff, and the log gets one line a step, not one a file."""
        now = time.monotonic()
        self._no_space = self._no_space or Retry()
        if now < self._no_space.next_try:   # this step was announced already
            return
        delay = self._no_space.later(now)
        log.warning("нет места на диске (%s): файлы ждут во входящих, следующая попытка через %.0f с",
                    str(e).splitlines()[0], delay)

    def _waiting_for_space(self, now: float | None = None) -> bool:
        return self._no_space is not None and (time.monotonic() if now is None else now) < self._no_space.next_try

    def _move(self, out: Outcome) -> Result | None:
        """Moves the entry that was read (or, if the file changed since, the copy that was loaded) out of
        the inbox; a failed move is retried later, the outcome being safe in the database already."""
        name = shown_name(out.source.name)
        failed = out.result.outcome == "failed"
        try:
            if out.target is None:
                if failed:
                    folder = self.quarantine
                else:
                    today = dt.date.today()
                    folder = self.archive / f"{today:%Y}" / f"{today:%m}"
                folder.mkdir(parents=True, exist_ok=True)
                out.target = unique_target(folder, out.source.name)
            if failed:
                note = out.target.with_name(out.target.name + ".error.txt")
                tmp = note.with_name("." + note.name + ".tmp")
                detail = f"подробности: {out.result.detail}\n" if out.result.detail else ""
                tmp.write_text(f"{name}: {out.result.reason}\n{detail}", encoding="utf-8")
                os.replace(tmp, note)
            if out.staged is None or out.staged.source_unchanged():
                _move_entry(out.source, out.target)
                if out.staged:
                    out.staged.discard()
            else:   # appended to, replaced or removed after reading: keep what was loaded, the rest waits
                _move_entry(out.staged.copy, out.target)
                out.staged.discard()
                log.warning("%s changed after it was read: the bytes %s are in %s; the file now in the inbox "
                            "is read again", name, "loaded" if not failed else "refused", out.target)
        except OSError as e:
            delay = out.retry.later(time.monotonic())
            self._moves[out.source] = out
            log.error("%s: %s, but moving it to %s failed: %s; retrying in %.0f s", name, out.result.outcome,
                      out.target or "its folder", e, delay)
            return None
        self._moves.pop(out.source, None)
        self._seen.pop(out.source, None)
        log.info("%s: %s%s", name, out.result.outcome, f" ({out.result.reason})" if out.result.reason else "")
        return out.result

    def process_ready(self, now: float | None = None) -> list[Result]:
        """Ingests the entries that are ready, in name order: each is staged when a reader is free for
        it, several are read side by side, and each is loaded (its own transaction) and moved in turn."""
        now = time.monotonic() if now is None else now
        if self._waiting_for_space(now):
            return []
        ready = self.ready_files(now)
        # committed, but the file left the inbox meanwhile: the copy that was loaded still has to go
        ready += [p for p, o in self._moves.items() if p not in ready and now >= o.retry.next_try]
        done: list[Result] = []
        staged: dict[Path, Staged] = {}

        def to_ingest():
            for path in ready:
                if self._stop.is_set() or self._waiting_for_space():   # SIGTERM, a full disk: the rest waits
                    return
                got = self._move(self._moves[path]) if path in self._moves else self._stage(path)
                if isinstance(got, Staged):
                    staged[path] = got
                    yield path, got.copy, path
                elif got is not None:
                    done.append(got)

        # a burst shares one write connection: a transaction per file, publishing debounced
        with batch(self.db), closing(self.ingest(to_ingest(), self.db)) as ingested:
            for path, got in ingested:
                if (r := self._finish(path, staged.pop(path), got)) is not None:
                    done.append(r)
                if self._stop.is_set() or self._waiting_for_space():   # the documents still being read are
                    break                                                # dropped; their files stay
        for leftover in staged.values():
            leftover.discard()
        return done

    # --- the service ---------------------------------------------------------------------------
    def acquire(self, stop: threading.Event, wait_s: float = 2.0) -> bool:
        """Takes the inbox's lock (one watcher per inbox), waiting while another watcher holds it."""
        fd = os.open(self.inbox / STATE / "watch.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        said = False
        while not stop.is_set():
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not said:
                    log.warning("another srok watcher is working on %s (pid %s); waiting for it", self.inbox,
                                os.pread(fd, 32, 0).decode(errors="replace").strip() or "?")
                    said = True
                stop.wait(wait_s)
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            self._lock_fd = fd
            return True
        os.close(fd)
        return False

    def clean(self) -> None:
        """Leftovers of a run that was killed: staged copies, snapshot temp files, LibreOffice groups."""
        for leftover in self.staging.iterdir():
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
        for tmp in clean_snapshot_temps(self.db):
            log.info("removed a leftover snapshot copy %s", tmp.name)
        kill_orphaned_conversions()

    def run(self, poll: bool = False, stop: threading.Event | None = None) -> None:
        """Processes what is in the inbox now, then whatever arrives, until ``stop`` is set."""
        stop = self._stop = stop or threading.Event()
        if not self.acquire(stop):
            return
        try:
            self.clean()
            start(LIMITS.readers, parser=True)   # the readers warm up now, not when the first file has come
            log.info("watching %s", self.inbox)
            for _ in self._wakeups(poll, stop, step_s=max(0.1, self.settle_seconds / 2)):
                try:
                    self.process_ready()
                except Exception:   # a bug must not stop the service; what it was doing is retried
                    log.exception("processing the inbox failed; retrying")
                if stop.is_set():
                    break
        finally:
            self.clean()
            os.close(self._lock_fd)

    def _wakeups(self, poll: bool, stop: threading.Event, step_s: float):
        """Yields now, then whenever the inbox may have changed: on file events, and every step_s."""
        import watchfiles
        yield
        step = int(step_s * 1000)
        try:
            for _ in watchfiles.watch(self.inbox, force_polling=poll, poll_delay_ms=step, rust_timeout=step,
                                      yield_on_timeout=True, stop_event=stop, recursive=False, debounce=50):
                yield
        except Exception as e:   # watchfiles gives up on a name that is not UTF-8: scan on a timer instead
            if stop.is_set():
                return
            log.warning("file events stopped (%s); scanning the inbox every %.1f s instead",
                        shown_name(str(e)), step_s)
        while not stop.wait(step_s):
            yield


def _move_entry(src: Path, target: Path) -> None:
    """rename, or copy and delete across file systems (a partial copy is removed, never left)."""
    try:
        os.rename(src, target)
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise
        try:
            shutil.move(str(src), str(target))
        except BaseException:
            if os.path.lexists(src) and target.is_file():
                target.unlink(missing_ok=True)
            raise
