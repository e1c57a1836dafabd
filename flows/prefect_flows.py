"""Prefect flows: thin wrappers that give the plain functions retries, names, states and a place in
the UI.

One document is one flow run with three tasks (read, extract, load); its outcome is its state — a
quarantined file a Failed run with the reason, a duplicate a Completed run named "Duplicate" — and a
table artifact (document, obligations, reason). A backfill runs read+extract with bounded
parallelism and loads one document at a time, since DuckDB takes one writer. The nightly digest is
one flow run that logs whom it mailed and ends Failed, naming the recipients, when any message did
not go out."""
from __future__ import annotations

import datetime as dt
import logging
import os
from datetime import timedelta
from pathlib import Path

from prefect import flow, runtime, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.states import Completed, Failed, State
from prefect.task_runners import ThreadPoolTaskRunner

from extractors.pipeline import EXTRACTOR_VERSION
from extractors.readers import ReadError
from extractors.readers.isolated import extract_bounded, read_and_extract_bounded, read_bounded
from extractors.readers.limits import LIMITS
from flows.config import Settings
from flows.ingest import Result, files_in, ingest_copy, record_failure, with_origin
from flows.staging import NotRegular, Unstable, private_folder, stage
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
    return extract_bounded(doc)   # in the bounded worker (time, memory), like the watcher's own extraction


@task(retries=3, retry_delay_seconds=[1, 2, 4], cache_policy=NO_CACHE)
def load_task(doc: Document, ex: Extraction, db: Path | None) -> str:
    with writing(db) as con:   # retried while another writer holds the file
        return load_document(con, doc, ex)


log = logging.getLogger("srok.flows")   # srok.* loggers reach the run logs (PREFECT_LOGGING_EXTRA_LOGGERS=srok),
logging.getLogger("srok").setLevel(logging.INFO)   # at INFO: Prefect gives extra loggers handlers, not a level


def as_state(r: Result) -> State:
    """The outcome the UI should show: red for a file that went to quarantine, a named state for a duplicate."""
    create_table_artifact(table=[{"document": r.file, "outcome": r.outcome, "obligations": r.obligations,
                                  "reason": r.reason or ""}], description=f"{r.file}: {r.outcome}")
    if r.outcome == "failed":
        log.error("%s quarantined: %s", r.file, r.reason)
        return Failed(message=f"quarantined: {r.reason}", data=r)
    log.info("%s: %s, %d obligations", r.file, r.outcome, r.obligations)
    if r.outcome == "duplicate":
        return Completed(name="Duplicate", message=f"{r.file}: the same bytes are already loaded", data=r)
    if r.outcome == "twin":
        return Completed(name="Duplicate", message=f"{r.file}: the same content is already loaded from another file",
                         data=r)
    return Completed(name="Loaded", message=f"{r.file}: {r.outcome}, {r.obligations} obligations", data=r)


def _ingest(path: Path, db: Path | None, origin: Path | None = None) -> State:
    """Read, extract and load ``path`` (a private copy of ``origin``, when given) as tasks of this run."""
    shown = origin or path
    try:
        doc = read_task(path)
    except ReadError as e:
        return as_state(record_failure(shown, str(e), db))
    doc = with_origin(doc, origin) if origin else doc
    ex = extract_task(doc)
    outcome = load_task(doc, ex, db)
    return as_state(Result(shown.name, outcome, obligations=len(ex.obligations)))


@flow(name="ingest-file", flow_run_name="ingest {path.name}", log_prints=True)
def ingest_file_flow(path: Path, db: Path | None = None) -> State:
    """The watcher's run for a file it staged itself (no deployment: nobody else names its path)."""
    return _ingest(path, db)


class NotAllowed(ValueError):
    """A file the ingest-file deployment will not take; the message, in Russian, says why."""


def requested_file(path: str | Path, s: Settings) -> Path:
    """The file an operator named in the UI, if srok may read it: a regular file inside the inbox or
    the quarantine, named without a symbolic link anywhere below them (issue 25: `/etc/passwd` or a
    link in the quarantine was loaded and read back through `srok sql`). Returns its real path."""
    named = Path(os.path.abspath(path))
    real = Path(os.path.realpath(named))
    under = [(base, Path(os.path.realpath(root))) for root in (s.inbox, s.quarantine_dir)
             for base in (Path(os.path.abspath(root)), Path(os.path.realpath(root))) if named.is_relative_to(base)]
    if not under:
        raise NotAllowed(f"ingest-file берёт файлы только из входящей папки ({s.inbox}) и карантина "
                         f"({s.quarantine_dir}); {path} лежит вне их")
    # a link anywhere below the root makes the real path differ from the path as named
    if named.is_symlink() or not any(real == real_root / named.relative_to(base) for base, real_root in under):
        raise NotAllowed(f"{path}: путь идёт через символическую ссылку; ingest-file читает только сами файлы")
    if not real.exists():
        raise NotAllowed(f"{path}: такого файла нет")
    if not real.is_file():
        raise NotAllowed(f"{path}: не файл (папка, устройство или канал)")
    return real


@flow(name="ingest-file", flow_run_name="ingest {path}", log_prints=True)
def ingest_requested_flow(path: str) -> State:
    """The ingest-file deployment: one file named in the UI (e.g. one fixed in quarantine), loaded
    into the service's own database. The settings (inbox, quarantine, database) are those `srok
    serve` runs with (its environment, SROK_CONFIG included), never a run's parameters."""
    from flows.config import load_settings
    s = load_settings(check_gazetteer=False)
    try:
        file = requested_file(path, s)
        with private_folder() as tmp:
            staged = stage(file, Path(tmp))   # opened without following links, as the watcher does
            if Path(os.path.realpath(file)) != file:   # a folder swapped for a link meanwhile
                raise NotAllowed(f"{path}: путь изменился при чтении и идёт через символическую ссылку")
            return _ingest(staged.copy, s.db, origin=file)
    except (NotAllowed, NotRegular, Unstable) as e:
        log.error("ingest-file refused %s: %s", path, e)
        return Failed(message=f"не загружен: {e}")


def ingest_in_prefect(path: Path, db: Path | None = None) -> Result:
    """The watcher's ingest under `srok serve`: a flow run per file, its Result back for the file's move.
    A bug inside the run is raised, so the watcher quarantines the file with it; a Prefect server that
    is away does not send files to quarantine: they are loaded all the same, without a run in the UI."""
    from flows.doctor import prefect_api_problem
    try:
        state = ingest_file_flow(path, db, return_state=True)
    except Exception:
        problem = prefect_api_problem()
        if problem is None:
            raise
        log.warning("%s loaded outside Prefect: %s", path.name, problem)
        return ingest_copy(path, db)   # the watcher hands over its stable private copy
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


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


def with_secrets(s: Settings) -> Settings:
    """The SMTP password from the Prefect Secret block named in smtp_password_block, unless the
    environment (SROK_SMTP_PASSWORD) already gave one."""
    if s.smtp_password_block and not s.smtp_password:
        from prefect.blocks.system import Secret
        s.smtp_password = Secret.load(s.smtp_password_block).get()
    return s


def _digest_run_name() -> str:
    """"digest <day>", the day in the settings' timezone (the digest's own day), not the server's."""
    from flows.config import ConfigError, load_settings
    from flows.digest import digest_day
    as_of, config = runtime.flow_run.parameters.get("as_of"), runtime.flow_run.parameters.get("config")
    try:
        day = as_of or digest_day(load_settings(Path(config) if config else None, check_gazetteer=False))
    except ConfigError:
        day = dt.date.today()    # the run itself fails on the settings and says why
    return f"digest {day}"


def _digest_failed(flow, flow_run, state) -> None:
    """The run is red in the UI; the operators in alert_to get a mail saying which recipients missed out."""
    from flows.config import ConfigError, load_settings
    from flows.outbox import alert
    log.error("the digest %s failed: %s", flow_run.name, state.message)
    config = flow_run.parameters.get("config")
    try:
        s = load_settings(Path(config) if config else None, check_gazetteer=False)
    except ConfigError as e:
        log.error("no alert mailed: %s", e)
        return
    for problem in alert(with_secrets(s), f"srok: {flow_run.name} failed", f"{flow_run.name}: {state.message}\n"):
        log.error("alert not mailed: %s", problem)


@flow(name="nightly-digest", flow_run_name=_digest_run_name, on_failure=[_digest_failed], on_crashed=[_digest_failed])
def digest_flow(config: str | None = None, as_of: dt.date | None = None) -> State:
    """The scheduled run: settings from srok.toml, today's digest; Failed, naming them, when any
    recipient's message did not go out (the others are sent all the same)."""
    from flows.config import load_settings
    from flows.digest import run_digest
    report = run_digest(with_secrets(load_settings(Path(config) if config else None)), as_of)
    rows = [{"recipient": a, "obligations": n, "outcome": "sent", "reason": ""} for a, n in report.sent.items()]
    rows += [{"recipient": a, "obligations": 0, "outcome": "failed", "reason": why} for a, why in report.failed.items()]
    rows += [{"recipient": a, "obligations": 0, "outcome": "uncertain", "reason": why}
             for a, why in report.uncertain.items()]
    create_table_artifact(table=rows or [{"recipient": "", "obligations": 0, "outcome": "nothing new", "reason": ""}],
                          key="digest", description="whom tonight's digest reached")
    for a, n in report.sent.items():
        log.info("digest sent to %s: %d obligations", a, n)
    for a, why in report.problems.items():
        log.error("digest NOT sent to %s: %s", a, why)
    summary = f"{len(report.sent)} sent, {len(report.problems)} not sent"
    if report.problems:
        return Failed(message=f"{summary}: {', '.join(report.problems)}", data=report.sent)
    return Completed(message=summary, data=report.sent)
