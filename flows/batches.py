"""A backfill's reading: documents read and extracted in batches, by the workers of a Dask cluster or by
srok's own reader processes, and handed to the one writer in the files' order.

The Dask side is plain functions of this module, which imports neither Prefect nor the register: a
worker unpickling a batch's task loads the readers and extractors only. A Prefect task run per batch
cost each worker a Prefect client (in local mode a temporary server of its own) and made the backfill
three times slower than `srok ingest` (issue 27)."""
from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Iterator

from extractors.readers import ReadError
from extractors.readers.isolated import read_and_extract_bounded, read_and_extract_many

BATCH = 8   # documents a Dask task reads and extracts: the writer gets them in batches, a task's overhead is shared
AHEAD = 2   # batches per Dask worker submitted ahead of the one the writer waits for (memory stays bounded)


def prepare(paths: list[str]) -> list[tuple | str]:
    """(Document, Extraction) of each file of a batch, or the reason it cannot be read: on a Dask worker,
    a daemon process, so in the worker itself (its nanny bounds its memory and restarts it)."""
    out: list[tuple | str] = []
    for path in paths:
        try:
            out.append(read_and_extract_bounded(path))
        except ReadError as e:
            out.append(str(e))
    return out


def read_on_dask(client, files: list[Path]) -> Iterator[tuple[Path, tuple | str]]:
    """(file, (Document, Extraction) or its reason) in the files' order, read by the cluster's workers a
    batch at a time, AHEAD batches a worker submitted ahead, so the writer starts on the first batch."""
    batches = deque(files[i:i + BATCH] for i in range(0, len(files), BATCH))
    ahead = AHEAD * max(1, len(client.scheduler_info()["workers"]))
    running: deque = deque()
    while batches or running:
        while batches and len(running) < ahead:
            chunk = batches.popleft()
            running.append((chunk, client.submit(prepare, [str(f) for f in chunk], pure=False)))
        chunk, future = running.popleft()
        yield from zip(chunk, future.result())
        future.release()


def read_here(files: list[Path]) -> Iterator[tuple[Path, tuple | str]]:
    """The same, read by srok's reader processes beside this one, as `srok ingest` reads."""
    for f, got in read_and_extract_many((f, f) for f in files):
        yield f, str(got) if isinstance(got, ReadError) else got
