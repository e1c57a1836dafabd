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


def serve(s: Settings, config: Path | None, poll: bool = False) -> None:
    from prefect import serve as prefect_serve
    from prefect.schedules import Cron

    from flows.ingest import one_by_one
    from flows.prefect_flows import digest_flow, ingest_in_prefect, ingest_requested_flow
    from flows.watcher import Watcher
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    watcher = Watcher(s.inbox, s.archive_dir, s.quarantine_dir, s.db, s.settle_seconds, ingest=one_by_one(ingest_in_prefect))
    threading.Thread(target=watcher.run, kwargs={"poll": poll}, daemon=True, name="inbox").start()
    digest = digest_flow.to_deployment(
        name="nightly-digest", schedules=[Cron(s.digest_cron, timezone=s.timezone)],
        parameters={"config": str(config) if config else None},
        description="Overdue and upcoming obligations mailed to each recipient of srok.toml")
    # a file can be (re)loaded from the UI: Run → ingest-file with its path (e.g. one fixed in quarantine);
    # its runs start in subprocesses of this one and read these settings from the environment, not from
    # parameters a person could change in the UI
    if config:
        os.environ["SROK_CONFIG"] = str(config)
    ingest = ingest_requested_flow.to_deployment(
        name="ingest-file", description="Load one file of the inbox or the quarantine into the register")
    prefect_serve(digest, ingest)
