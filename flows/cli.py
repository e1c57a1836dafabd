"""The `srok` command line."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from extractors.readers import ReadError
from flows.console import cell, error, line, markup_safe

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="srok: obligations and deadlines from official letters")


def _read(path: Path, how=None):
    """The document model of PATH (or what ``how`` makes of it) from the bounded worker; exit 2 if unreadable."""
    from extractors.readers.isolated import read_bounded
    try:
        return (how or read_bounded)(path)
    except ReadError as e:
        error(f"cannot read {path}: {e}")
        raise typer.Exit(2)


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


@app.command()
def parse(file: Path, as_json: bool = typer.Option(False, "--json", help="print the whole document model")) -> None:
    """Show the document model a reader makes of FILE (for debugging readers)."""
    doc = _read(file)
    if as_json:
        _print_json(doc.model_dump(mode="json"))
        return
    out = Console()
    out.print(f"[bold]{markup_safe(doc.origin.name)}[/] {doc.origin.format}, {len(doc.blocks)} blocks, pages={doc.origin.pages}")
    for b in doc.blocks:
        where = b.locator.describe()
        if b.kind == "table":
            t = Table(title=f"table · {where}", show_header=False, show_lines=True)
            for row in b.rows:
                t.add_row(*[cell(c.text + (f" ⟨{c.row_span}×{c.col_span}⟩" if c.row_span > 1 or c.col_span > 1 else ""))
                            for c in row.cells])
            out.print(t)
        else:
            out.print(f"[dim]{b.index:>3} {b.kind:<9} {markup_safe(where):<16}[/] {markup_safe(b.text)}", highlight=False)


@app.command()
def extract(file: Path, as_json: bool = typer.Option(False, "--json", help="print the output contract as JSON"),
            entities: bool = typer.Option(True, help="run named-entity recognition")) -> None:
    """Extract document metadata, obligations, deadlines, responsible bodies and references from FILE."""
    from extractors.pipeline import contract
    from extractors.readers.isolated import read_and_extract_bounded
    data = contract(*_read(file, lambda f: read_and_extract_bounded(f, with_entities=entities)))
    if as_json:
        _print_json(data)
        return
    out = Console()
    d = data["document"]
    out.print(f"[bold]{markup_safe(data['file'])}[/]: " + markup_safe(
        f"{d['doc_type']} № {d['reg_number']} от {d['reg_date']} — "
        f"{d['sender']['name']} ({d['sender']['region']}, {d['sender']['municipality']})"), highlight=False)
    t = Table("№", "task", "responsible", "deadline", "status", show_lines=True)
    for o in data["obligations"]:
        dl = o["deadline"]
        t.add_row(cell(o["number"] or ""), cell(o["text"][:160]), cell("; ".join(r["name"] for r in o["responsible"])),
                  cell(f"{dl['start'] or ''} … {dl['end'] or ''}\n({dl['raw']})" if dl else "—"), cell(o["status"]))
    out.print(t)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        sys.stderr.write(f"srok: {option} wants a date as YYYY-MM-DD, got {value!r}\n")
        raise typer.Exit(2)


@app.command()
def ingest(paths: list[Path], db: Path = typer.Option(None, help="DuckDB file (default data/srok.duckdb or SROK_DB)")) -> None:
    """Read, extract and load files and folders; one summary line; exit 1 if any file failed."""
    from rich.progress import Progress

    from flows.ingest import Result, files_in, ingest_file
    files = files_in(paths)
    counts = {"loaded": 0, "duplicate": 0, "failed": 0}
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("ingesting", total=len(files))
        for f in files:
            try:
                r = ingest_file(f, db)
            except Exception as e:   # being written, database busy, disk full: say so and go on
                r = Result(f.name, "failed", f"not loaded: {type(e).__name__}: {e}")
            key = "loaded" if r.outcome in ("loaded", "reloaded", "new_version") else r.outcome
            counts[key] += 1
            if r.outcome == "failed":
                error(f"cannot read {f}: {r.reason}")
            progress.advance(task)
    print(f"{counts['loaded']} loaded, {counts['duplicate']} duplicates, {counts['failed']} failed")
    if counts["failed"]:
        raise typer.Exit(1)


@app.command()
def backfill(paths: list[Path], db: Path = typer.Option(None), workers: int = typer.Option(None, help="Dask LocalCluster processes"),
             dask_address: str = typer.Option(None, help="a Dask scheduler, e.g. tcp://10.0.0.5:8786")) -> None:
    """A large backfill as a Prefect flow: read and extract in parallel (threads, or a Dask cluster),
    load one document at a time."""
    from flows.prefect_flows import backfill as run
    results = run(paths, db, workers, dask_address, label=", ".join(p.name for p in paths)[:60])
    failed = [r for r in results if r.outcome == "failed"]
    loaded = sum(r.outcome in ("loaded", "reloaded", "new_version") for r in results)
    print(f"{loaded} loaded, {sum(r.outcome == 'duplicate' for r in results)} duplicates, {len(failed)} failed")
    for r in failed:
        sys.stderr.write(f"srok: cannot read {r.file}: {r.reason}\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def deadlines(municipality: str = typer.Option(None), region: str = typer.Option(None), body: str = typer.Option(None),
              status: str = typer.Option(None, help="pending | done | overdue"),
              date_from: str = typer.Option(None, "--from"), date_to: str = typer.Option(None, "--to"),
              as_of: str = typer.Option(None, "--as-of", help="the day 'overdue' and 'days left' count from"),
              fmt: str = typer.Option("table", "--format", help="table | csv | json | xlsx"),
              out: Path = typer.Option(None, "--out"), db: Path = typer.Option(None)) -> None:
    """Every deadline, filtered; a municipality also gets the region-wide assignments that bind it."""
    from warehouse.db import connect
    from warehouse.queries import QueryError, deadlines as query
    if fmt not in ("table", "csv", "json", "xlsx"):
        sys.stderr.write(f"srok: --format must be table, csv, json or xlsx, got {fmt!r}\n")
        raise typer.Exit(2)
    if fmt == "xlsx" and not out:
        sys.stderr.write("srok: --format xlsx needs --out FILE.xlsx\n")
        raise typer.Exit(2)
    try:
        with connect(db, read_only=True) as con:
            rows = query(con, municipality=municipality, region=region, body=body, status=status,
                         date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
                         as_of=_date(as_of, "--as-of"))
    except (QueryError, FileNotFoundError) as e:
        error(str(e))
        raise typer.Exit(2)
    _write_rows(rows, fmt, out)


def _write_rows(rows: list[dict], fmt: str, out: Path | None) -> None:
    import csv
    import io
    if fmt == "xlsx":
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.title = "deadlines"
        header = list(rows[0]) if rows else ["quote"]
        ws.append(header)
        for r in rows:
            ws.append([v if isinstance(v, (int, float, dt.date)) or v is None else str(v) for v in r.values()])
        wb.save(out)
        return
    if fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=1, default=str) + "\n"
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["quote"])
        w.writeheader()
        w.writerows(rows)
        text = buf.getvalue()
    else:
        t = Table("municipality", "body", "deadline", "status", "days", "task", "source", show_lines=True)
        for r in rows:
            t.add_row(*map(cell, (r["municipality"] or r["region"] or "", r["body"] or "",
                      f"{r['deadline_start'] or ''} … {r['deadline_end'] or ''}", r["status"],
                      "" if r["days_left"] is None else str(r["days_left"]), r["quote"][:120],
                      f"{r['file_name']} п.{r['item'] or '—'}")))
        Console(file=open(out, "w", encoding="utf-8") if out else None, width=200).print(t)
        return
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@app.command()
def review(below: float = typer.Option(0.7, help="list obligations whose confidence is under this"),
           fmt: str = typer.Option("table", "--format", help="table | json"), db: Path = typer.Option(None)) -> None:
    """What a person should check: low-confidence obligations with the reasons, the quote and its place."""
    from warehouse.db import connect
    from warehouse.queries import review_rows
    if not 0 <= below <= 1:
        sys.stderr.write(f"srok: --below must lie between 0 and 1, got {below}\n")
        raise typer.Exit(2)
    try:
        with connect(db, read_only=True) as con:
            rows = review_rows(con, below)
    except FileNotFoundError as e:
        sys.stderr.write(f"srok: {e}\n")
        raise typer.Exit(2)
    if fmt == "json":
        _write_rows(rows, "json", None)
        return
    t = Table("conf.", "why", "task", "where", show_lines=True)
    for r in rows:
        t.add_row(*map(cell, (f"{r['confidence']:.2f}", r["reasons"] or "", r["quote"][:160],
                  f"{r['file_name']} п.{r['item'] or '—'} ({r['locator'] or ''})")))
    Console(width=200).print(t)
    print(f"{len(rows)} obligations under {below}")


@app.command()
def sql(query: str, db: Path = typer.Option(None), fmt: str = typer.Option("table", "--format")) -> None:
    """Run one read-only SELECT against the analysts' snapshot (no files, no extensions, no writes)."""
    import duckdb

    from warehouse.analyst_sql import RefusedQuery, first_line, run_select
    from warehouse.db import connect
    try:
        with connect(db, read_only=True) as con:
            cols, values = run_select(con, query)
    except RefusedQuery as e:
        error(f"sql refused: {e}")
        raise typer.Exit(2)
    except duckdb.Error as e:
        error(f"sql: {first_line(e)}")
        raise typer.Exit(2)
    except FileNotFoundError as e:
        error(str(e))
        raise typer.Exit(2)
    rows = [dict(zip(cols, r)) for r in values]
    if fmt == "json":
        _write_rows(rows, "json", None)
        return
    t = Table()
    for c in cols:
        t.add_column(cell(c))
    for r in rows:
        t.add_row(*map(cell, r.values()))
    Console(width=200).print(t)


@app.command()
def demo(folder: Path = typer.Argument(Path("fixtures")), db: Path = typer.Option(None)) -> None:
    """The main job on the embedded default: a backfill flow in Prefect's local mode ingests FOLDER
    into data/srok.duckdb, then the deadlines of every municipality that has any are listed."""
    import os
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.prefect_flows import ingest_batch_flow
    from warehouse.db import connect
    from warehouse.queries import deadlines as query
    out = Console(width=160)
    for r in ingest_batch_flow([folder], db, label=folder.name):
        out.print(line(f"{r.outcome:<11} {r.file} ({r.obligations} obligations){' — ' + r.reason if r.reason else ''}"),
                  highlight=False, markup=False)
    with connect(db, read_only=True) as con:
        munis = con.execute("SELECT DISTINCT region, municipality FROM v_municipality_obligations "
                            "WHERE NOT via_region ORDER BY 1, 2").fetchall()
        for region, muni in munis:
            rows = query(con, municipality=f"{muni}")
            out.rule(f"{muni} ({region}): {len(rows)} deadlines")
            for r in rows:
                out.print(line(f"  {str(r['deadline_end'] or '—'):<10} {r['status']:<8} {r['quote'][:90]}  "
                               f"[{r['file_name']} п.{r['item'] or '—'}]"), highlight=False, markup=False)
        regional = con.execute("SELECT region, count(DISTINCT quote) FROM v_obligations "
                               "WHERE scope = 'all_municipalities' GROUP BY 1").fetchall()
        for region, n in regional:
            out.print(f"{region}: {n} tasks bind every municipality of the region "
                      f"(e.g. srok deadlines --municipality \"<a municipality of {region}>\")", highlight=False)


def _settings(config: Path | None):
    from flows.config import ConfigError, load_settings
    try:
        return load_settings(config)
    except ConfigError as e:
        sys.stderr.write(f"srok: configuration: {e}\n")
        raise typer.Exit(2)


@app.command()
def watch(inbox: Path = typer.Option(None), archive: Path = typer.Option(None), quarantine: Path = typer.Option(None),
          db: Path = typer.Option(None), poll: bool = typer.Option(False, help="poll instead of OS events (network shares)"),
          settle: float = typer.Option(None, help="seconds a file must stay unchanged before it is read"),
          config: Path = typer.Option(None, help="srok.toml (default ./srok.toml or SROK_CONFIG)")) -> None:
    """Watch the inbox: load every file dropped there, archive it, or quarantine it with the reason."""
    import logging
    import signal
    import threading

    from flows.watcher import Watcher
    s = _settings(config)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    w = Watcher(inbox or s.inbox, archive or s.archive, quarantine or s.quarantine, db or s.db,
                s.settle_seconds if settle is None else settle)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        w.run(poll=poll, stop=stop)
    except KeyboardInterrupt:
        pass


@app.command()
def digest(as_of: str = typer.Option(None, "--as-of", help="the day the digest is for (YYYY-MM-DD), default today"),
           dry_run: Path = typer.Option(None, "--dry-run", help="write .eml files into this folder instead of sending"),
           db: Path = typer.Option(None), config: Path = typer.Option(None)) -> None:
    """Send (or with --dry-run write) the digest of overdue and upcoming obligations to each recipient."""
    from flows.digest import run_digest
    s = _settings(config)
    if db:
        s.db = db
    if not s.recipients:
        sys.stderr.write("srok: configuration: no recipients; add [[recipients]] to srok.toml\n")
        raise typer.Exit(2)
    try:
        report = run_digest(s, _date(as_of, "--as-of"), dry_run)
    except FileNotFoundError as e:
        sys.stderr.write(f"srok: {e}\n")
        raise typer.Exit(2)
    for path in report.written:
        print(f"wrote {path}")
    for address, n in report.sent.items():
        print(f"sent {n} obligations to {address}")
    for address, reason in report.failed.items():
        sys.stderr.write(f"srok: {reason}\n")
    if not (report.written or report.sent or report.failed):
        print("nothing to send: no new overdue or upcoming obligations for any recipient")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def serve(config: Path = typer.Option(None, help="srok.toml (default ./srok.toml or SROK_CONFIG)"),
          poll: bool = typer.Option(False)) -> None:
    """Run beside a Prefect server (PREFECT_API_URL): the inbox watcher, each file a flow run, and
    the nightly digest deployment on its cron schedule."""
    import logging
    import threading

    s = _settings(config)   # a wrong setting stops here, before anything starts
    from flows.digest import digest_flow
    from flows.prefect_flows import ingest_file_flow
    from flows.watcher import Watcher
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    watcher = Watcher(s.inbox, s.archive, s.quarantine, s.db, s.settle_seconds, ingest=ingest_file_flow)
    threading.Thread(target=watcher.run, kwargs={"poll": poll}, daemon=True, name="inbox").start()
    from prefect import serve as prefect_serve
    from prefect.schedules import Cron
    digest = digest_flow.to_deployment(name="nightly-digest", schedules=[Cron(s.digest_cron, timezone=s.timezone)],
                                       parameters={"config": str(config) if config else None})
    prefect_serve(digest)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
