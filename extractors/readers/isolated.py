"""Reading under a time and memory limit, in a worker process, so no file can stall the service:
a zip bomb, a PDF page of a million vector lines or a runaway OCR costs a refusal, not the process."""
from __future__ import annotations

import atexit
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from extractors.readers.base import ReadError, read_document
from extractors.readers.limits import LIMITS
from schemas.document import Document

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _limit_memory(max_bytes: int) -> None:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def _read(path: str) -> Document:
    try:
        return read_document(path)
    except MemoryError:
        raise ReadError(f"reading needed more than {LIMITS.max_memory_bytes / 2 ** 30:.1f} GiB of memory") from None


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:   # spawn: a clean worker even when the caller runs threads (the watcher, Prefect)
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_limit_memory, initargs=(LIMITS.max_memory_bytes,))
    return _pool


def _discard_pool() -> None:
    global _pool
    if _pool is not None:
        for proc in list(getattr(_pool, "_processes", {}).values()):
            proc.kill()
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


atexit.register(_discard_pool)


def read_bounded(path: str | Path, timeout_s: float | None = None) -> Document:
    """read_document in the worker; ReadError when it fails, runs too long or takes too much memory."""
    timeout_s = LIMITS.timeout_s if timeout_s is None else timeout_s
    if multiprocessing.current_process().daemon:
        # a Dask worker may not start processes; its nanny bounds memory and restarts it instead
        return _read(str(path))
    with _lock:   # one document at a time per worker; the worker is reused between documents
        future = _get_pool().submit(_read, str(path))
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout:
            _discard_pool()
            raise ReadError(f"reading took longer than {timeout_s:.0f} s and was stopped") from None
        except BrokenProcessPool:
            _discard_pool()
            raise ReadError("the reader process died (out of memory?)") from None
        except MemoryError:
            raise ReadError(f"reading needed more than {LIMITS.max_memory_bytes / 2 ** 30:.1f} GiB of memory") from None
