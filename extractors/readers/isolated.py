"""Reading and extraction under a time and memory limit, in warm worker processes, so no file can
stall or exhaust the service: a zip bomb, a PDF page of a million vector lines, a runaway OCR or a
4 MB text through the extractors costs a refusal, not the process.

Each worker is started once, warmed (the NLP models and the gazetteer load while the caller is still
starting up: once, in a fork server the workers are forked from, see PRELOAD) and reused; it is
replaced only after a timeout or a crash, and each runs one document at
a time, so a document's time limit is its own and a crash costs that document alone. Up to
``LIMITS.readers`` workers read side by side (``read_and_extract_many``) while the caller loads what
they made. A worker exits by itself when the process that started it dies (a kill -9 of the service
leaves no orphan), killing its LibreOffice conversions with it."""
from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Iterator, TypeVar

from extractors.readers.base import ReadError, read_document
from extractors.readers.convert import kill_orphaned_conversions
from extractors.readers.limits import LIMITS, count_over

if TYPE_CHECKING:   # the schemas (pydantic) load in the worker: the caller spawns it sooner
    from schemas.document import Document

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


class ExtractionFailed(ReadError):
    """The extractors failed on this document (a bug a file can trigger): refused like an unreadable file."""


def _memory_reason() -> str:
    return f"reading needed more than {LIMITS.max_memory_bytes / 2 ** 30:.1f} GiB of memory"


WARM_UP = ("Руководителям органов местного самоуправления Калужской области.\n\n"
           "1. Представить в министерство отчёт до 1 декабря 2025 года.\n")


def _warm(parser: bool) -> None:
    """Loads what every extraction needs (morphology, gazetteer, patterns) before the first file
    arrives, and with ``parser`` the dependency parser too (spaCy and natasha's models: 1.4 s, which the
    watcher pays when it starts; a command pays it only when a sentence needs the parse)."""
    import tempfile

    from extractors.pipeline import extract
    try:
        with tempfile.TemporaryDirectory(prefix="srok-warm-") as tmp:
            (Path(tmp) / "warm-up.txt").write_text(WARM_UP, encoding="utf-8")
            extract(read_document(Path(tmp) / "warm-up.txt"))
        if parser:
            from extractors.syntax import parse
            parse(WARM_UP.split("\n")[-2])
    except Exception:   # a failed warm-up must not break the worker: the first file pays for the loading
        pass


def _worker_init(max_bytes: int, parent: int, parser: bool, env: dict[str, str] | None = None) -> None:
    import resource
    if env is not None and env != dict(os.environ):   # the caller's environment, not the fork server's
        os.environ.clear()
        os.environ.update(env)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    server = os.getppid()   # the fork server, which exits when the caller does

    def watch_parent() -> None:   # the caller was killed: take our LibreOffice groups along and go
        from extractors.readers.processes import running
        while os.getppid() == server and running({parent}):
            time.sleep(0.5)
        kill_orphaned_conversions(all_of_pid=os.getpid())
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True, name="watch-parent").start()
    _warm(parser)


# Workers are forked from a fork server that imported and warmed the readers and extractors once (with
# the dependency parser when the first caller asked for it: the watcher, a burst), instead of each
# spawned afresh: a second worker, or one replacing a worker killed for its time limit, then costs a
# fork rather than ~2 CPU seconds of imports and models (and their memory, shared until written). The
# server is started clean (not forked from the caller, which may run threads), and exits when the
# caller does. A variable read when a module is imported (extractors.readers.limits) is therefore the
# caller's when its first worker started; the rest of the environment is the caller's when each starts.
PRELOAD = {False: "extractors.readers.warm", True: "extractors.readers.warm_parser"}
_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


def _worker_context(parser: bool) -> multiprocessing.context.BaseContext:
    global _context
    with _context_lock:
        if _context is None:
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload([PRELOAD[parser]])
        return _context


def checked_read(path: str | Path) -> Document:
    """read_document, with the text-size bound that keeps extraction's time and memory in reach."""
    doc = read_document(path)
    if len(doc.text) > LIMITS.max_text_chars:
        raise ReadError(count_over("в тексте", len(doc.text), LIMITS.max_text_chars, ("знак", "знака", "знаков")))
    return doc


def _guarded(fn: Callable[..., T], *args) -> T:
    """Runs in the worker: every failure becomes a ReadError with a one-line reason."""
    try:
        return fn(*args)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(_memory_reason()) from None
    except RecursionError:
        raise ReadError("the document is nested too deeply to read") from None
    except Exception as e:   # a reader or extractor bug on this file: refuse the file, keep the service
        what = "extraction" if fn is not checked_read else "reading"
        raise ExtractionFailed(f"{what} failed: {type(e).__name__}: {str(e)[:200]}".replace("\n", " ")) from None


def _read_and_extract(path: str, with_entities: bool | None):
    from extractors.pipeline import extract
    doc = checked_read(path)
    return doc, extract(doc, with_entities=with_entities)


def _extract(doc: Document, with_entities: bool | None):
    from extractors.pipeline import extract
    return extract(doc, with_entities=with_entities)


class _Worker:
    """One worker process (a pool of one), started on first use and kept warm between documents."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.ready_at: float | None = None   # when its process had started and warmed up
        self.taken = False
        self.parser = False   # whether it loads the dependency parser when it starts (a replacement too)
        self.lock = threading.RLock()   # start() may run in a warming thread (see start below) and in the caller

    def start(self, parser: bool | None = None) -> ProcessPoolExecutor:
        with self.lock:
            self.parser = self.parser if parser is None else parser
            if self.pool is None:   # forked from the fork server: a clean, warm worker (see PRELOAD)
                kill_orphaned_conversions()   # left by workers of an earlier run that were killed
                self.pool = ProcessPoolExecutor(max_workers=1, mp_context=_worker_context(self.parser),
                                                initializer=_worker_init,
                                                initargs=(LIMITS.max_memory_bytes, os.getpid(), self.parser,
                                                          dict(os.environ)))
                self.ready_at = None    # starts the process now (once the fork server has warmed up)
                self.pool.submit(int).add_done_callback(lambda _: setattr(self, "ready_at", time.monotonic()))
            return self.pool

    def submit(self, fn: Callable, *args) -> Future:
        try:
            return self.start().submit(fn, *args)
        except BrokenProcessPool:   # died while idle (killed from outside): a fresh one takes the job
            self.discard()
            return self.start().submit(fn, *args)

    def pid(self) -> int | None:
        procs = list((getattr(self.pool, "_processes", None) or {}).keys())
        return procs[0] if procs else None

    def discard(self) -> None:
        with self.lock:
            self._discard()

    def _discard(self) -> None:
        if self.pool is not None:
            procs = list((getattr(self.pool, "_processes", None) or {}).values())
            for proc in procs:
                proc.kill()
            for proc in procs:
                proc.join(5)
                kill_orphaned_conversions(all_of_pid=proc.pid)
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


_workers = [_Worker() for _ in range(max(1, LIMITS.readers))]
_free = threading.Condition()


def _take(n: int) -> list[_Worker]:
    """At least one worker, waiting for it, and up to n if they are free (so two callers never deadlock)."""
    with _free:
        while all(w.taken for w in _workers):
            _free.wait()
        got = [w for w in _workers if not w.taken][:max(1, n)]
        for w in got:
            w.taken = True
    return got


def _give(workers: list[_Worker]) -> None:
    with _free:
        for w in workers:
            w.taken = False
        _free.notify_all()


def _discard_all() -> None:
    for w in _workers:
        w.discard()


atexit.register(_discard_all)


def start(n: int = 1, parser: bool = False) -> None:
    """Starts (and warms, see _warm) the first n workers now, so that they are ready by the time a file
    is. In a thread: the first waits for the fork server to warm up, which the caller need not. The
    first call of a process says whether the fork server warms the dependency parser up (``parser``)."""
    _worker_context(parser)

    def starting() -> None:
        for w in _workers[:n]:
            try:
                w.start(parser)
            except Exception:   # the first document's submit starts it again, and says why
                return
    threading.Thread(target=starting, daemon=True, name="start-readers").start()


def in_process() -> bool:
    """A daemon process (a Dask worker) may not start processes; its nanny bounds memory and restarts it."""
    return multiprocessing.current_process().daemon


STARTUP_S = 120    # a worker process that has not started in this long is stuck: its job's time runs from then


@dataclass
class _Job:
    key: Any
    worker: _Worker | None = None
    future: Future | None = None
    submitted: float = 0.0
    outcome: Any = None
    done: bool = False

    def deadline(self, timeout_s: float) -> float:
        """A document's time limit runs from when its worker was ready: a worker's start-up (its models
        loading on a busy machine) is not the document's."""
        ready = self.worker.ready_at if self.worker is not None else None
        start = max(self.submitted, ready) if ready is not None else self.submitted + STARTUP_S
        return start + timeout_s


def _settle(job: _Job, timeout_s: float) -> None:
    """The job's outcome once its future finished or its time ran out; a dead or late worker is replaced."""
    fut, worker = job.future, job.worker
    if fut.done():
        try:
            job.outcome = fut.result()
        except ReadError as e:
            job.outcome = e
        except BrokenProcessPool:
            worker.discard()
            job.outcome = ReadError("the reader process died (out of memory?)")
        except MemoryError:
            job.outcome = ReadError(_memory_reason())
    elif time.monotonic() >= job.deadline(timeout_s):
        worker.discard()
        job.outcome = ReadError(f"reading took longer than {timeout_s:.0f} s and was stopped")
    else:
        return
    job.done, job.worker = True, None


def _run(fn: Callable[..., T], jobs: Iterable[tuple[K, tuple]], readers: int = 1,
         timeout_s: float | None = None) -> Iterator[tuple[K, T | ReadError]]:
    """fn(*args) of each job in a worker, up to ``readers`` at a time, each under the time limit;
    yields (key, result or ReadError) in the jobs' order. Jobs are drawn only as workers free up."""
    timeout_s = LIMITS.timeout_s if timeout_s is None else timeout_s
    if in_process():
        for key, args in jobs:
            try:
                yield key, _guarded(fn, *args)
            except ReadError as e:
                yield key, e
        return
    workers = _take(readers)
    window = 2 * len(workers)   # finished documents may wait behind a slow one, up to this many in all
    queue: deque[_Job] = deque()
    source, more = iter(jobs), True
    try:
        while True:
            while more and len(queue) < window:
                idle = next((w for w in workers if not any(j.worker is w for j in queue)), None)
                if idle is None:
                    break
                try:
                    key, args = next(source)
                except StopIteration:
                    more = False
                    break
                job = _Job(key, idle, idle.submit(_guarded, fn, *args), time.monotonic())
                queue.append(job)
            if not queue:
                return
            if queue[0].done:
                job = queue.popleft()
                yield job.key, job.outcome
                continue
            running = [j for j in queue if not j.done]
            first = min(j.deadline(timeout_s) for j in running)
            wait([j.future for j in running], timeout=min(max(0.0, first - time.monotonic()), 0.5),
                 return_when=FIRST_COMPLETED)   # (a worker still starting has no deadline yet: looked at again)
            for j in running:
                _settle(j, timeout_s)
    finally:   # left early (the caller stopped): documents still being read are dropped with their worker
        for j in queue:
            if not j.done:
                j.worker.discard()
        _give(workers)


def _bounded(fn: Callable[..., T], *args, timeout_s: float | None = None) -> T:
    (_, got), = _run(fn, [(None, args)], 1, timeout_s)
    if isinstance(got, ReadError):
        raise got
    return got


def read_bounded(path: str | Path, timeout_s: float | None = None) -> Document:
    """read_document in a worker; ReadError when it fails, runs too long or takes too much memory."""
    return _bounded(checked_read, str(path), timeout_s=timeout_s)


def read_and_extract_bounded(path: str | Path, with_entities: bool | None = None, timeout_s: float | None = None):
    """(Document, Extraction) of a file, both made in a worker under one time limit."""
    return _bounded(_read_and_extract, str(path), with_entities, timeout_s=timeout_s)


def read_and_extract_many(items: Iterable[tuple[K, str | Path]], readers: int | None = None,
                          with_entities: bool | None = None) -> Iterator[tuple[K, tuple | ReadError]]:
    """(key, (Document, Extraction) or ReadError) for each (key, path), in order: up to ``readers``
    workers (LIMITS.readers) read side by side, each document under its own time limit."""
    jobs = ((key, (str(path), with_entities)) for key, path in items)
    return _run(_read_and_extract, jobs, readers or LIMITS.readers)


def extract_bounded(doc: Document, with_entities: bool | None = None):
    """The extraction of an already read document, in a worker."""
    return _bounded(_extract, doc, with_entities)
