"""Prefect flows: thin wrappers that give the plain functions retries, names and a place in the UI.

One document is one flow run with three tasks (read, extract, load); a backfill runs read+extract
with bounded parallelism and loads one document at a time, since DuckDB takes one writer."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from extractors.pipeline import EXTRACTOR_VERSION
from extractors.readers import ReadError
from extractors.readers.isolated import extract_bounded, read_and_extract_bounded, read_bounded
from extractors.readers.limits import LIMITS
from flows.ingest import Result, files_in, record_failure
from schemas.document import Document
from schemas.extraction import Extraction
from warehouse.db import writing
from warehouse.load import load_document, log_attempt


def _extraction_key(_ctx, params: dict) -> str:
    """The same bytes read by the same extractor give the same records."""
    return f"extract-{params['doc'].origin.sha256}-{EXTRACTOR_VERSION}"


@task(retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE,
      retry_condition_fn=lambda task, run, state: not isinstance(state.result(raise_on_failure=False), ReadError))
def read_task(path: Path) -> Document:
    return read_bounded(path)   # a retry helps a file still locked by its writer, not a corrupt one


@task(cache_key_fn=_extraction_key, cache_expiration=timedelta(days=7), persist_result=True)
def extract_task(doc: Document) -> Extraction:
    return extract_bounded(doc)   # in the bounded worker, like reading


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


CHUNK = 8   # documents per backfill task: a Prefect task on Dask costs ~0.1-0.2 s, a DOCX ~0.07 s


@task(cache_policy=NO_CACHE)
def prepare_task(paths: list[Path]) -> list[tuple[Document, Extraction] | str]:
    """Read and extract a chunk of documents; a document that cannot be read gives its reason."""
    out: list[tuple[Document, Extraction] | str] = []
    for path in paths:
        try:
            out.append(read_and_extract_bounded(path))
        except ReadError as e:
            out.append(str(e))
    return out


@flow(name="ingest-batch", flow_run_name="backfill {label}", task_runner=ThreadPoolTaskRunner(max_workers=2))
def ingest_batch_flow(paths: list[Path], db: Path | None = None, label: str = "files") -> list[Result]:
    """A backfill: chunks of documents read and extracted in parallel (bounded by the task runner),
    then loaded through one write connection, a transaction per document, published once."""
    files = files_in(paths)
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    futures = [prepare_task.submit(chunk) for chunk in chunks]
    results = []
    with writing(db) as con:
        for chunk, fut in zip(chunks, futures):
            for f, got in zip(chunk, fut.result()):
                if isinstance(got, str):
                    log_attempt(con, f.name, None, "failed", got)
                    results.append(Result(f.name, "failed", got))
                else:
                    results.append(Result(f.name, load_document(con, *got), obligations=len(got[1].obligations)))
            print(f"{len(results)}/{len(files)} {chunk[-1].name}: {results[-1].outcome}")
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
