"""Prefect flows: thin wrappers that give the plain functions retries, names, states and a place in
the UI.

One document is one flow run with three tasks (read, extract, load); its outcome is its state — a
quarantined file a Failed run with the reason, a duplicate a Completed run named "Duplicate" — and a
table artifact (document, obligations, reason). A backfill reads and extracts in batches on a Dask
cluster (or srok's reader processes) and streams them to its own process, the one writer DuckDB takes,
which loads one document at a time. The nightly digest is
one flow run that logs whom it mailed and ends Failed, naming the recipients, when any message did
not go out."""
from __future__ import annotations

import datetime as dt
import logging
import os
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from prefect import flow, runtime, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.states import Completed, Failed, State

from extractors.pipeline import EXTRACTOR_VERSION
from extractors.readers import ReadError
from extractors.readers.isolated import extract_bounded, read_bounded
from extractors.readers.limits import LIMITS
from flows.batches import read_here, read_on_dask
from flows.config import Settings
from flows.ingest import Result, files_in, ingest_copy, loaded, record_failure, summary, with_origin
from flows.staging import NotRegular, Unstable, private_folder, stage
from schemas.document import Document
from schemas.extraction import Extraction
from warehouse.db import batch, writing
from warehouse.vocabulary import OUTCOME_RU


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
def load_task(doc: Document, ex: Extraction, db: Path | None) -> Result:
    with writing(db) as con:   # retried while another writer holds the file
        return loaded(con, doc, ex)


log = logging.getLogger("srok.flows")   # srok.* loggers reach the run logs (PREFECT_LOGGING_EXTRA_LOGGERS=srok),
logging.getLogger("srok").setLevel(logging.INFO)   # at INFO: Prefect gives extra loggers handlers, not a level


def _artifact(results: list[Result], description: str) -> None:
    create_table_artifact(table=[{"файл": r.file, "итог": OUTCOME_RU.get(r.outcome, r.outcome),
                                  "задач загружено": r.obligations, "причина": r.reason or ""} for r in results],
                          description=description)


def as_state(r: Result) -> State:
    """The outcome the UI should show: red for a file that went to quarantine, a named state for a duplicate
    (nothing loaded; its reason names the file it repeats)."""
    _artifact([r], f"{r.file}: {OUTCOME_RU.get(r.outcome, r.outcome)}")
    if r.outcome == "failed":
        log.error("%s в карантине: %s", r.file, r.reason)
        return Failed(message=f"в карантине: {r.reason}", data=r)
    log.info("%s: %s", r.file, r.says())
    if r.outcome in ("duplicate", "twin"):
        return Completed(name="Duplicate", message=f"{r.file}: {r.says()}", data=r)
    return Completed(name="Loaded", message=f"{r.file}: {r.says()}", data=r)


def out_of_quarantine(path: Path, archive: Path) -> Path | None:
    """A file loaded from quarantine (it lies beside its NAME.error.txt) goes to the archive, as the
    watcher would have moved it, and its note goes; returns where it went."""
    from flows.safe_names import unique_target
    from flows.watcher import _move_entry
    note = path.with_name(path.name + ".error.txt")
    if not note.is_file():
        return None
    today = dt.date.today()
    folder = archive / f"{today:%Y}" / f"{today:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    target = unique_target(folder, path.name)
    _move_entry(path, target)
    note.unlink(missing_ok=True)
    log.info("%s: из карантина в архив, %s", path.name, target)
    return target


def _ingest(path: Path, db: Path | None, origin: Path | None = None) -> Result:
    """Read, extract and load ``path`` (a private copy of ``origin``, when given) as tasks of this run."""
    shown = origin or path
    try:
        doc = read_task(path)
    except ReadError as e:
        return record_failure(shown, str(e), db)
    doc = with_origin(doc, origin) if origin else doc
    return load_task(doc, extract_task(doc), db)


@flow(name="ingest-file", flow_run_name="ingest {path.name}", log_prints=True)
def ingest_file_flow(path: Path, db: Path | None = None) -> State:
    """The watcher's run for a file it staged itself (no deployment: nobody else names its path)."""
    return as_state(_ingest(path, db))


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
    into the service's own database; a file fixed in quarantine and loaded from there then moves to
    the archive. The settings (inbox, quarantine, archive, database) are those `srok serve` runs with
    (its environment, SROK_CONFIG included), never a run's parameters."""
    from flows.config import load_settings
    s = load_settings(check_gazetteer=False)
    try:
        file = requested_file(path, s)
        with private_folder() as tmp:
            staged = stage(file, Path(tmp))   # opened without following links, as the watcher does
            if Path(os.path.realpath(file)) != file:   # a folder swapped for a link meanwhile
                raise NotAllowed(f"{path}: путь изменился при чтении и идёт через символическую ссылку")
            result = _ingest(staged.copy, s.db, origin=file)
    except (NotAllowed, NotRegular, Unstable) as e:
        log.error("ingest-file не загрузил %s: %s", path, e)
        return Failed(message=f"не загружен: {e}")
    if result.outcome != "failed":
        out_of_quarantine(file, Path(s.archive_dir))
    return as_state(result)


def ingest_in_prefect(path: Path, db: Path | None = None) -> Result:
    """The watcher's ingest under `srok serve`: a flow run per file, its Result back for the file's move.
    A bug inside the run is raised, so the watcher quarantines the file with it; a Prefect server that
    is away does not send files to quarantine: they are loaded all the same, without a run in the UI,
    and the log says so in one line (asked first, so that Prefect's own tracebacks never start)."""
    from flows.doctor import prefect_api_problem
    problem = prefect_api_problem()
    if problem is None:
        try:
            state = ingest_file_flow(path, db, return_state=True)
        except Exception:
            problem = prefect_api_problem()   # gone during the run: the file is loaded all the same
            if problem is None:
                raise
    if problem is not None:
        log.warning("%s загружен без Prefect: %s", path.name, problem)
        return ingest_copy(path, db)   # the watcher hands over its stable private copy
    result = state.result(raise_on_failure=False)
    if isinstance(result, BaseException):
        raise result
    return result


# Dask's own lines on a normal run (workers starting and closing, a comm closed while shutting down, a
# worker killed after 4 s) are no news: only its errors are shown
DASK_LOGGERS = ("distributed",)


@flow(name="ingest-batch", flow_run_name="backfill {label}")
def ingest_batch_flow(paths: list[Path], db: Path | None = None, label: str = "files", workers: int | None = None,
                      dask_address: str | None = None) -> list[Result]:
    """A backfill: documents read and extracted in batches on a Dask cluster (a LocalCluster of ``workers``
    processes, or the cluster at ``dask_address``; else by srok's reader processes here), streamed in the
    files' order to this process, the one writer, which loads each in its own transaction and publishes
    as `srok ingest` does."""
    files = files_in(paths)
    with ExitStack() as stack:
        client = _dask_client(stack, workers, dask_address) if workers or dask_address else None
        results = []
        with batch(db):
            for f, got in (read_on_dask(client, files) if client else read_here(files)):
                if isinstance(got, str):
                    r = record_failure(f, got, db)
                else:
                    with writing(db) as con:
                        r = loaded(con, *got)
                results.append(r)
                print(f"{len(results)}/{len(files)} {r.file}: {r.says()}", flush=True)   # each file as it is loaded
    _artifact(results, summary(results))
    return results


def _dask_client(stack: ExitStack, workers: int | None, address: str | None):
    """A client of the cluster at ``address``, or of a LocalCluster of ``workers`` processes started here;
    closed with ``stack``. Made inside the flow run, whose start sets up Prefect's logging: Dask's loggers
    are quietened after it."""
    from distributed import Client, LocalCluster
    for name in DASK_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    if not address:   # no dashboard: the scheduler's HTTP server (it always starts one) on a free local port
        address = stack.enter_context(LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
            scheduler_kwargs={"dashboard": False}, memory_limit=LIMITS.max_memory_bytes,
            # its processes' own lines, errors too: at the end a worker's heartbeat may race the scheduler's close
            # ("Failed to communicate with scheduler during heartbeat"); a task that fails reaches this process
            # as its file's failure, and a worker killed as a KilledWorker
            silence_logs=logging.CRITICAL)).scheduler_address
    return stack.enter_context(Client(address))


def backfill(paths: list[Path], db: Path | None = None, workers: int | None = None,
             dask_address: str | None = None, label: str = "files") -> list[Result]:
    """A backfill on a Dask cluster: a LocalCluster of ``workers`` processes here, or the cluster at
    ``dask_address``; without either, srok's own reader processes (LIMITS.readers) read."""
    return ingest_batch_flow(paths, db, label, workers, dask_address)


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
    as_of = as_of or dt.date.today()
    report = run_digest(with_secrets(load_settings(Path(config) if config else None)), as_of)
    def row(address: str, n: int, outcome: str, why: str = "") -> dict:
        return {"получатель": address, "задач": n, "итог": outcome, "причина": why}
    rows = [row(a, n, "отправлено") for a, n in report.sent.items()]
    rows += [row(a, n, "отправлено ранее этой ночью") for a, n in report.already.items() if a not in report.sent]
    rows += [row(a, 0, "не отправлено", why) for a, why in report.failed.items()]
    rows += [row(a, 0, "неизвестно, дошло ли", why) for a, why in report.uncertain.items()]
    create_table_artifact(table=rows or [row("", 0, "нового нет")], key="digest",
                          description=f"кому ушла сводка за {as_of:%d.%m.%Y}")
    for a, n in report.sent.items():
        log.info("digest sent to %s: %d obligations", a, n)
    for a, why in report.problems.items():
        log.error("digest NOT sent to %s: %s", a, why)
    if report.problems:
        return Failed(message=report.summary(as_of), data=report.sent)
    return Completed(message=report.summary(as_of), data=report.sent)
