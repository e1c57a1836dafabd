"""Reading and extraction under a time and memory limit, in one warm worker process, so no file can
stall or exhaust the service: a zip bomb, a PDF page of a million vector lines, a runaway OCR or a
4 MB text through the extractors costs a refusal, not the process.

The worker is started once and reused (the NLP models load once per worker, not per file); it is
replaced only after a timeout or a crash. It exits by itself when the process that started it dies
(a kill -9 of the service leaves no orphan), killing its LibreOffice conversions with it."""
from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, TypeVar

from extractors.readers.base import ReadError, read_document
from extractors.readers.convert import kill_orphaned_conversions
from extractors.readers.limits import LIMITS
from schemas.document import Document

T = TypeVar("T")
_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


class ExtractionFailed(ReadError):
    """The extractors failed on this document (a bug a file can trigger): refused like an unreadable file."""


def _memory_reason() -> str:
    return f"reading needed more than {LIMITS.max_memory_bytes / 2 ** 30:.1f} GiB of memory"


def _worker_init(max_bytes: int, parent: int) -> None:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))

    def watch_parent() -> None:   # the parent was killed: take our LibreOffice groups along and go
        while os.getppid() == parent:
            time.sleep(0.5)
        kill_orphaned_conversions(all_of_pid=os.getpid())
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True, name="watch-parent").start()


def checked_read(path: str | Path) -> Document:
    """read_document, with the text-size bound that keeps extraction's time and memory in reach."""
    doc = read_document(path)
    if len(doc.text) > LIMITS.max_text_chars:
        raise ReadError(f"the text has {len(doc.text):,} characters, over the limit of {LIMITS.max_text_chars:,}"
                        .replace(",", " "))
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


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:   # spawn: a clean worker even when the caller runs threads (the watcher, Prefect)
        kill_orphaned_conversions()   # left by workers of an earlier run that were killed
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=_worker_init, initargs=(LIMITS.max_memory_bytes, os.getpid()))
    return _pool


def _discard_pool() -> None:
    global _pool
    if _pool is not None:
        procs = list((getattr(_pool, "_processes", None) or {}).values())
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(5)
            kill_orphaned_conversions(all_of_pid=proc.pid)
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


atexit.register(_discard_pool)


def _bounded(fn: Callable[..., T], *args, timeout_s: float | None = None) -> T:
    timeout_s = LIMITS.timeout_s if timeout_s is None else timeout_s
    if multiprocessing.current_process().daemon:
        # a Dask worker may not start processes; its nanny bounds memory and restarts it instead
        return _guarded(fn, *args)
    with _lock:   # one document at a time per worker; the worker is reused between documents
        future = _get_pool().submit(_guarded, fn, *args)
        try:
            return future.result(timeout=timeout_s)
        except FutureTimeout:
            _discard_pool()
            raise ReadError(f"reading took longer than {timeout_s:.0f} s and was stopped") from None
        except BrokenProcessPool:
            _discard_pool()
            raise ReadError("the reader process died (out of memory?)") from None
        except MemoryError:
            raise ReadError(_memory_reason()) from None


def read_bounded(path: str | Path, timeout_s: float | None = None) -> Document:
    """read_document in the worker; ReadError when it fails, runs too long or takes too much memory."""
    return _bounded(checked_read, str(path), timeout_s=timeout_s)


def read_and_extract_bounded(path: str | Path, with_entities: bool | None = None, timeout_s: float | None = None):
    """(Document, Extraction) of a file, both made in the worker under one time limit."""
    return _bounded(_read_and_extract, str(path), with_entities, timeout_s=timeout_s)


def extract_bounded(doc: Document, with_entities: bool | None = None):
    """The extraction of an already read document, in the worker."""
    return _bounded(_extract, doc, with_entities)
