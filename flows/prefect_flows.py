"""Prefect flows: thin wrappers that give the plain functions retries, names and a place in the UI.

One document is one flow run with three tasks (read, extract, load); a backfill runs read+extract
with bounded parallelism and loads one document at a time, since DuckDB takes one writer."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.futures import wait
from prefect.task_runners import ThreadPoolTaskRunner

from extractors.pipeline import EXTRACTOR_VERSION, extract
from extractors.readers import ReadError
from extractors.readers.isolated import read_bounded
from extractors.readers.limits import LIMITS
from flows.ingest import Result, files_in, record_failure
from schemas.document import Document
from schemas.extraction import Extraction
from warehouse.db import writing
from warehouse.load import load_document


def _extraction_key(_ctx, params: dict) -> str:
    """The same bytes read by the same extractor give the same records."""
    return f"extract-{params['doc'].origin.sha256}-{EXTRACTOR_VERSION}"


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE,
      retry_condition_fn=lambda task, run, state: not isinstance(state.result(raise_on_failure=False), ReadError))
def read_task(path: Path) -> Document:
    return read_bounded(path)   # a retry helps a file still locked by its writer, not a corrupt one


@task(cache_key_fn=_extraction_key, cache_expiration=timedelta(days=7), persist_result=True)
def extract_task(doc: Document) -> Extraction:
    return extract(doc)


@task(retries=3, retry_delay_seconds=[1, 2, 4], cache_policy=NO_CACHE)
def load_task(doc: Document, ex: Extraction, db: Path | None) -> str:
    with writing(db) as con:   # retried while another writer holds the file
        return load_document(con, doc, ex)


@flow(name="ingest-file", flow_run_name="ingest {path.name}", log_prints=True)
def ingest_file_flow(path: Path, db: Path | None = None) -> Result:
    try:
        doc = read_task(path)
    except ReadError as e:
        return record_failure(path, str(e), db)
    ex = extract_task(doc)
    outcome = load_task(doc, ex, db)
    return Result(path.name, outcome, obligations=len(ex.obligations))


@flow(name="ingest-batch", flow_run_name="backfill {label}", task_runner=ThreadPoolTaskRunner(max_workers=2))
def ingest_batch_flow(paths: list[Path], db: Path | None = None, label: str = "files") -> list[Result]:
    """A backfill: documents read and extracted in parallel (bounded), loaded one at a time."""
    files = files_in(paths)
    reads = {f: read_task.submit(f) for f in files}
    extracts = {f: extract_task.submit(reads[f]) for f in files}
    wait(list(extracts.values()))
    results = []
    for i, f in enumerate(files, 1):
        failed = next((fut.state for fut in (reads[f], extracts[f]) if fut.state.is_failed()), None)
        if failed is not None:
            results.append(record_failure(f, str(failed.result(raise_on_failure=False)), db))
        else:
            doc, ex = reads[f].result(), extracts[f].result()
            results.append(Result(f.name, load_task(doc, ex, db), obligations=len(ex.obligations)))
        print(f"{i}/{len(files)} {f.name}: {results[-1].outcome}")
    return results


def backfill(paths: list[Path], db: Path | None = None, workers: int | None = None,
             dask_address: str | None = None, label: str = "files") -> list[Result]:
    """A backfill on a Dask cluster: a LocalCluster of ``workers`` processes here, or the cluster at
    ``dask_address``; without either, two threads in this process."""
    if not (workers or dask_address):
        return ingest_batch_flow(paths, db, label)
    from prefect_dask import DaskTaskRunner
    runner = DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner(
        cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None,
                        "memory_limit": LIMITS.max_memory_bytes})
    return ingest_batch_flow.with_options(task_runner=runner)(paths, db, label)
