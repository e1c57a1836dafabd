"""`srok serve`: the inbox watcher (a flow run per file) beside the served deployments.

Why `serve` and not `prefect deploy` onto a process work pool: the watcher has to live on the
machine that holds the inbox and the one DuckDB writer, so the service is one long-running process
there anyway; `serve` makes that process the runner of its own deployments (no work pool, no worker,
no code storage to keep in step), and the schedule still lives on the Prefect server, whose
scheduler creates the runs and whose UI shows, retries and cancels them."""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from flows.config import Settings

# srok's own loggers (srok.watch, srok.flows, …) go to the run logs; lines logged outside a run
# (the watcher between files) stay on the console without a warning per line.
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "srok")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


def describe_schedule(cron: str, timezone: str) -> str:
    """The deployment's description: Prefect's UI shows the schedule in its zone but the upcoming runs in
    the browser's, so the zone is named in words the operator reads."""
    return (f"Сводка сроков каждому получателю srok.toml по расписанию «{cron}» в часовом поясе {timezone} "
            f"(время запусков в списке Upcoming интерфейс Prefect показывает в поясе браузера)")


def serve(s: Settings, config: Path | None, poll: bool = False) -> None:
    import asyncio

    from prefect.runner import Runner
    from prefect.schedules import Cron

    from flows.ingest import one_by_one
    from flows.prefect_flows import digest_flow, ingest_in_prefect, ingest_requested_flow
    from flows.watcher import Watcher

    class QuietRunner(Runner):
        def handle_sigterm(self, *args, **kwargs) -> None:
            """SIGTERM as Ctrl-C: the same orderly stop (deployments paused). Prefect's own handler calls
            its async stop() from inside the running loop, which only printed "coroutine 'Runner.astop'
            was never awaited"."""
            raise KeyboardInterrupt

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    watcher = Watcher(s.inbox, s.archive_dir, s.quarantine_dir, s.db, s.settle_seconds, ingest=one_by_one(ingest_in_prefect))
    threading.Thread(target=watcher.run, kwargs={"poll": poll}, daemon=True, name="inbox").start()
    digest = digest_flow.to_deployment(
        name="nightly-digest", schedules=[Cron(s.digest_cron, timezone=s.timezone)],
        parameters={"config": str(config) if config else None}, description=describe_schedule(s.digest_cron, s.timezone))
    # a file can be (re)loaded from the UI: Run → ingest-file with its path (e.g. one fixed in quarantine,
    # which then moves to the archive); its runs start in subprocesses of this one and read these settings
    # from the environment, not from parameters a person could change in the UI
    if config:
        os.environ["SROK_CONFIG"] = str(config)
    ingest = ingest_requested_flow.to_deployment(
        name="ingest-file", description="Загрузить один файл входящей папки или карантина в реестр (исправленный "
                                        "в карантине после загрузки переносится в архив)")
    runner = QuietRunner(pause_on_shutdown=True)
    for deployment in (digest, ingest):
        runner.add_deployment(deployment)
    logging.getLogger("srok.service").info("развёрнуты nightly-digest и ingest-file; Ctrl+C или SIGTERM — остановить")
    try:
        asyncio.run(runner.start())
    except KeyboardInterrupt:
        logging.getLogger("srok.service").info("остановлен; расписание приостановлено до следующего запуска")
