"""Results of a lazy, ordered pipeline taken in groups of those that are ready, so the one writer can
load a burst's documents several to a transaction without waiting for any that are still being read.

The pipeline (extractors.readers.isolated.read_and_extract_many) runs in a helper thread, which is
the only way to see whether its next result is out without waiting for it. Its items are still drawn
in the caller's thread, when it asks for one: drawing an item may stage a file or record a refusal in
the register, which only the caller's thread (its write connection, warehouse.db.batch) may do."""
from __future__ import annotations

import queue
import threading
from contextlib import closing
from typing import Callable, Generator, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_ASK, _OUT, _END = "ask", "out", "end"
_NO_MORE = object()


def ready_groups(run: Callable[[Iterable[T]], Generator[R, None, None]], items: Iterable[T],
                 most: int) -> Iterator[list[R]]:
    """run(items)'s results in order, as lists: each the first result not yet given, waited for, then
    up to ``most`` - 1 more already out. An error of run is raised after the results before it, one of
    drawing an item at once (as run itself would raise it). Closed early, run is closed in its thread
    once it next yields (documents still being read are then dropped, as run drops them)."""
    events: queue.SimpleQueue = queue.SimpleQueue()   # (_ASK | _OUT | _END, value), from the helper
    handed: queue.SimpleQueue = queue.SimpleQueue()   # the items it asked for, then _NO_MORE
    stopping = threading.Event()

    def asked() -> Iterator[T]:
        while True:
            events.put((_ASK, None))
            item = handed.get()
            if item is _NO_MORE:
                return
            yield item

    def drive() -> None:
        error = None
        try:
            with closing(run(asked())) as results:
                for result in results:
                    if stopping.is_set():
                        break
                    events.put((_OUT, result))
        except BaseException as e:
            error = e
        events.put((_END, error))

    threading.Thread(target=drive, daemon=True, name="ready-groups").start()
    source = iter(items)
    try:
        while True:
            group, end = [], None
            kind, value = events.get()
            while True:
                if kind == _ASK:
                    handed.put(next(source, _NO_MORE))
                elif kind == _OUT:
                    group.append(value)
                else:
                    end = (value,)
                if end or len(group) >= most:
                    break
                try:
                    kind, value = events.get_nowait()
                except queue.Empty:
                    break
            if group:
                yield group
            if end:
                if end[0] is not None:
                    raise end[0]
                return
    finally:
        stopping.set()
        handed.put(_NO_MORE)   # a helper waiting for an item stops asking
