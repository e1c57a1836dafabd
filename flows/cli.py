"""The `srok` command line."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from flows.console import cell, error, line, markup_safe

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="srok: obligations and deadlines from official letters")


def _read(path: Path, how=None):
    """The document model of PATH (or what ``how`` makes of it) from the bounded worker; exit 2 if unreadable."""
    from extractors.readers import ReadError
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
            entities: bool = typer.Option(False, help="also run named-entity recognition (loads natasha's models)")) -> None:
    """Extract document metadata, obligations, deadlines, responsible bodies and references from FILE."""
    from extractors.readers.isolated import read_and_extract_bounded, start
    start()   # the worker warms up while this process imports the rest (already started by flows.launch)
    from extractors.pipeline import contract
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
    from warehouse.vocabulary import parse_date
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as e:
        sys.stderr.write(f"srok: {option} {e}\n")
        raise typer.Exit(2)


def _fail(message: object) -> None:
    error(str(message))
    raise typer.Exit(2)


def _cells(*values) -> list:
    """Table cells shown literally: a task's "[/b]" is text, not console markup."""
    return [cell(v) for v in values]


@app.command()
def ingest(paths: list[Path], db: Path = typer.Option(None, help="DuckDB file (default data/srok.duckdb or SROK_DB)")) -> None:
    """Read, extract and load files and folders; one summary line; exit 1 if any file failed."""
    from rich.progress import Progress

    from extractors.readers.isolated import start
    start()   # the first worker warms up while the files are listed
    from flows.ingest import Result, files_in, ingest_files
    from warehouse.db import batch
    files = files_in(paths)
    counts = {"loaded": 0, "duplicate": 0, "failed": 0}
    with Progress(console=Console(stderr=True), transient=True) as progress, batch(db):   # one connection for the run
        task = progress.add_task("ingesting", total=len(files))
        for f, r in ingest_files(files, db):
            if isinstance(r, Exception):   # being written, database busy, disk full: say so and go on
                r = Result(f.name, "failed", f"not loaded: {type(r).__name__}: {r}")
            key = {"reloaded": "loaded", "new_version": "loaded", "twin": "duplicate"}.get(r.outcome, r.outcome)
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
    print(f"{loaded} loaded, {sum(r.outcome in ('duplicate', 'twin') for r in results)} duplicates, {len(failed)} failed")
    for r in failed:
        sys.stderr.write(f"srok: cannot read {r.file}: {r.reason}\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def deadlines(municipality: str = typer.Option(None), region: str = typer.Option(None), body: str = typer.Option(None),
              status: str = typer.Option(None, help="pending | overdue | done | cancelled, or в работе, просрочено, "
                                                    "выполнено, отменено"),
              date_from: str = typer.Option(None, "--from", help="dd.mm.yyyy or yyyy-mm-dd"),
              date_to: str = typer.Option(None, "--to"),
              as_of: str = typer.Option(None, "--as-of", help="the day 'overdue' and 'days left' count from"),
              fmt: str = typer.Option(None, "--format", help="table | csv | json | xlsx (default: from --out's extension)"),
              out: Path = typer.Option(None, "--out"),
              plain_csv: bool = typer.Option(False, "--plain-csv", help="CSV for programs: UTF-8, ',', ISO dates"),
              request: str = typer.Option(None, help="a request's control card: \"№ 03-15/412 от 10.02.2026\""),
              db: Path = typer.Option(None)) -> None:
    """Every deadline, filtered; a municipality also gets the region-wide assignments that bind it."""
    if request:
        return _control_cards(request, _date(as_of, "--as-of"), fmt, db)
    from warehouse.db import connect
    from warehouse.queries import QueryError, deadlines as query
    from warehouse.reports import ReportError, format_for, write_report
    from warehouse.vocabulary import STATUSES, parse_status
    try:
        kind = format_for(out, fmt)
        wanted = parse_status(status, STATUSES) if status else None
        dates = _date(date_from, "--from"), _date(date_to, "--to"), _date(as_of, "--as-of")
        with connect(db, read_only=True) as con:
            rows = query(con, municipality=municipality, region=region, body=body, status=wanted,
                         date_from=dates[0], date_to=dates[1], as_of=dates[2])
    except (QueryError, ReportError, ValueError, FileNotFoundError) as e:
        _fail(e)
    if not rows:
        sys.stderr.write("srok: no deadlines match these filters\n")
        if kind == "table":
            return
    if kind == "table":
        _deadline_table(rows, out)
        return
    text = write_report(rows, kind, out, plain_csv)
    if text is not None:
        sys.stdout.write(text)


def _control_cards(request: str, as_of: dt.date | None, fmt: str | None, db: Path | None) -> None:
    """Who must answer a request, who answered (on time, late), who has not, and what each reported."""
    from warehouse.control_card import control_cards, parse_request
    from warehouse.db import connect
    from warehouse.queries import QueryError
    from warehouse.vocabulary import STATUS_RU
    try:
        number, day = parse_request(request)
        with connect(db, read_only=True) as con:
            cards = control_cards(con, number, day, as_of or dt.date.today())
    except (QueryError, FileNotFoundError) as e:
        _fail(e)
    if (fmt or "").lower() == "json":
        _print_json(cards)
        return
    answered = {"on_time": "в срок", "late": "с опозданием", None: "нет ответа"}
    for card in cards:
        c = card["counts"]
        print(line(f"Контрольная карточка: № {card['reg_number']} от {card['reg_date']:%d.%m.%Y} ({card['file_name']}), "
                   f"на {card['as_of']:%d.%m.%Y}"))
        print(f"Должны ответить: {c['must']}; ответили в срок: {c['on_time']}; с опозданием: {c['late']}; "
              f"не ответили: {c['none']}; сообщили о неисполнении: {c['not_done']}")
        t = Table("кто", "ответ", "по задачам", show_lines=True)
        for p in card["places"]:
            tasks = "; ".join(f"п.{r['item'] or '—'} {r['deadline_end'] or ''}: "
                              f"{'не исполнено' if r['answer'] == 'pending' else STATUS_RU[r['status']]}"
                              for r in p["tasks"])
            t.add_row(*_cells(p["place"], f"{answered[p['answered']]}"
                              + (f", {p['reply_date']:%d.%m.%Y} ({p['replies']})" if p["reply_date"] else ""), tasks))
        Console(width=200).print(t)


def _deadline_table(rows: list[dict], out: Path | None) -> None:
    from warehouse.vocabulary import STATUS_RU
    t = Table("municipality", "body", "deadline", "status", "days", "task", "source", "key", show_lines=True)
    for r in rows:
        t.add_row(*_cells(r["municipality"] or r["region"] or "", r["body"] or "",
                          f"{r['deadline_start'] or ''} … {r['deadline_end'] or ''}", STATUS_RU[r["status"]],
                          r["days_left"], r["quote"][:120], f"{r['file_name']} п.{r['item'] or '—'}",
                          r["task_key"][:8]))
    if out:
        with open(out, "w", encoding="utf-8") as f:
            Console(file=f, width=200).print(t)
    else:
        Console(width=200).print(t)


@app.command()
def correct(key: str = typer.Argument(..., help="the task's key (its first 8 characters, as srok deadlines shows)"),
            status: str = typer.Option(None, help="done | extended | cancelled | not_task | pending, or выполнено, "
                                                  "продлено, отменено, не задача, в работе"),
            deadline: str = typer.Option(None, help="the right (or extended) deadline, dd.mm.yyyy"),
            responsible: str = typer.Option(None, help="the right responsible body"),
            accept: bool = typer.Option(False, help="checked: correct as extracted (leaves the review queue)"),
            why: str = typer.Option(None, help="the reason, e.g. 'письмо № 12 от 01.03.2021 продлило срок'"),
            who: str = typer.Option(None, help="your name (default: SROK_USER or the login name)"),
            db: Path = typer.Option(None)) -> None:
    """Record a correction of one task; it overrides the extraction in every view and outlives re-extraction."""
    from flows.accounts import local_name
    from warehouse.corrections import CorrectionError, changes, record
    from warehouse.db import writing
    from warehouse.vocabulary import PERSON_STATUSES, parse_status
    try:
        wanted = changes(parse_status(status, PERSON_STATUSES) if status else None, _date(deadline, "--deadline"),
                         responsible, accept)
        with writing(db) as con:
            done = record(con, key, wanted, who or local_name(), why)
    except (CorrectionError, ValueError) as e:
        _fail(e)
    for c in done:
        print(f"{c['task_key']} ({c['file_name']} п.{c['item'] or '—'}): {c['field']} "
              f"{c['old_value'] or '—'} → {c['new_value']}")


@app.command()
def unlink(key: str = typer.Argument(..., help="the task's key (its first 8 characters, as srok deadlines shows)"),
           reply: str = typer.Argument(..., help="the reply linked to it: its file name or the first characters of its id"),
           why: str = typer.Option(None), who: str = typer.Option(None, help="your name (default: SROK_USER or the login name)"),
           db: Path = typer.Option(None)) -> None:
    """Undo a wrong link: the reply no longer answers the task (kept as a correction, so no later load links it again)."""
    import getpass
    import os

    from warehouse.corrections import CorrectionError
    from warehouse.db import writing
    from warehouse.replies import unlink as run
    try:
        with writing(db) as con:
            done = run(con, key, reply, who or os.environ.get("SROK_USER") or getpass.getuser(), why)
    except (CorrectionError, ValueError) as e:
        _fail(e)
    print(f"{done['task_key']}: {done['reply_file']} no longer answers it")


@app.command()
def discipline(date_from: str = typer.Option(..., "--from", help="the period's first day, dd.mm.yyyy"),
               date_to: str = typer.Option(..., "--to", help="the period's last day"),
               as_of: str = typer.Option(None, "--as-of", help="the day overdue counts from (default today)"),
               region: str = typer.Option(None), xlsx: Path = typer.Option(None, "--xlsx", help="write the report here"),
               db: Path = typer.Option(None)) -> None:
    """The report on executive discipline: per municipality and executor, tasks due in the period done on
    time, late, overdue, open."""
    from warehouse.db import connect
    from warehouse.discipline import OUTCOMES, report, total, write_xlsx
    from warehouse.queries import QueryError, resolve_region
    from warehouse.reports import ReportError, check_destination
    try:
        if xlsx:
            check_destination(xlsx)
        with connect(db, read_only=True) as con:
            rep = report(con, _date(date_from, "--from"), _date(date_to, "--to"),
                         _date(as_of, "--as-of") or dt.date.today(), resolve_region(region).name if region else None)
    except (QueryError, ReportError, FileNotFoundError) as e:
        _fail(e)
    if xlsx:
        write_xlsx(rep, xlsx)
        print(f"wrote {xlsx}")
        return
    print(rep.title)
    for title, lines in (("municipality", rep.municipalities), ("executor", rep.executors)):
        t = Table(title, "assigned", *OUTCOMES, "on time, %", show_lines=False)
        for x in [*lines, total(lines)]:
            t.add_row(*_cells(x.name, x.assigned, *(x.counts[k] for k in OUTCOMES), x.share))
        Console(width=200).print(t)


@app.command()
def ics(municipality: str = typer.Option(None), region: str = typer.Option(None), body: str = typer.Option(None),
        as_of: str = typer.Option(None, "--as-of", help="the day the open occurrences are counted from"),
        base_url: str = typer.Option("http://127.0.0.1:8765", help="the review page the events link to"),
        out: Path = typer.Option(None, "--out"), db: Path = typer.Option(None)) -> None:
    """An iCalendar file (.ics) for a municipality, a body or a region: one event per open occurrence."""
    from flows.ics import calendar
    from warehouse.db import connect
    from warehouse.queries import QueryError, deadlines as query
    from warehouse.reports import ReportError, check_destination
    try:
        if out:
            check_destination(out)
        with connect(db, read_only=True) as con:
            rows = query(con, municipality=municipality, region=region, body=body, as_of=_date(as_of, "--as-of"))
    except (QueryError, ReportError, FileNotFoundError) as e:
        _fail(e)
    text = calendar(rows, "srok: " + ", ".join(x for x in (municipality, region, body) if x) or "srok", base_url)
    if out:
        out.write_bytes(text.encode("utf-8"))
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))


@app.command()
def export(parquet: Path = typer.Option(..., "--parquet", help="a folder for one .parquet file per table and view"),
           db: Path = typer.Option(None)) -> None:
    """Export the register as Parquet files any tool reads (pandas, polars, Excel Power Query, any DuckDB)."""
    from warehouse.db import connect
    from warehouse.reports import ReportError, export_parquet
    try:
        with connect(db, read_only=True) as con:
            written = export_parquet(con, parquet)
    except (ReportError, FileNotFoundError) as e:
        _fail(e)
    for path, n in written:
        print(f"{path}: {n} rows")


@app.command()
def web(host: str = typer.Option("127.0.0.1", help="the address to listen on (this machine only by default)"),
        port: int = typer.Option(8765), db: Path = typer.Option(None),
        below: float = typer.Option(0.7, help="the review queue: tasks whose confidence is under this"),
        allow_host: list[str] = typer.Option(None, "--allow-host", help="a name or address people reach the page by, "
                                                                         "besides web_hosts (repeatable)"),
        config: Path = typer.Option(None, help="srok.toml (default ./srok.toml or SROK_CONFIG)")) -> None:
    """The review page in the browser: the queue of tasks to check, the register, a card per document.
    On the network (--host other than 127.0.0.1) it needs at least one account (srok user add)."""
    import uvicorn

    from flows.accounts import AccountError, Accounts
    from flows.web import create_app
    from flows.web_guard import is_loopback
    s = _settings(config, db=db)
    hosts = [*s.web_hosts, *(allow_host or [])]
    local = is_loopback(host)
    if not local and not Accounts(s.db).count():
        _fail(f"страница на {host} будет видна в сети, а учётных записей нет: без них её открыл бы кто угодно. "
              f"Добавьте хотя бы одну: srok user add ИМЯ --role administrator (--db {s.db}), затем запустите снова")
    try:
        page = create_app(s.db, below, hosts, s.web_session_hours, open_without_accounts=local)
    except AccountError as e:   # the signing secret readable by others
        _fail(e)
    print(f"srok web: http://{host}:{port}/ (Ctrl+C stops)", flush=True)
    if not local:
        print(f"srok web: страница отвечает на имена {', '.join(hosts)}; имя или адрес сервера, по которым её "
              f"открывают, добавьте в web_hosts (srok.toml) или --allow-host", flush=True)
    uvicorn.run(page, host=host, port=port, log_level="warning")


user_app = typer.Typer(no_args_is_help=True, help="accounts of the review page (srok web)")
app.add_typer(user_app, name="user")


def _accounts(db: Path | None, config: Path | None):
    from flows.accounts import Accounts
    return Accounts(_settings(config, check_gazetteer=False, db=db).db)


def _new_password(from_stdin: bool) -> str:
    """A password from the first line of stdin, or asked twice on the terminal."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        _fail("пароль спрашивается на терминале; чтобы передать его на стандартный ввод, добавьте --password-stdin")
    import getpass
    password = getpass.getpass("Пароль: ")
    if getpass.getpass("Пароль ещё раз: ") != password:
        _fail("пароли не совпадают")
    return password


PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="read the password from the first line of stdin")


@user_app.command("add")
def user_add(name: str, role: str = typer.Option("reviewer", help="reader | reviewer | administrator"),
             password_stdin: bool = PASSWORD_STDIN, db: Path = typer.Option(None), config: Path = typer.Option(None)) -> None:
    """Add a user: readers read, reviewers also correct tasks, administrators also manage users."""
    from flows.accounts import ROLE_RU, AccountError
    accounts = _accounts(db, config)
    try:
        user = accounts.add(name, role, _new_password(password_stdin))
    except AccountError as e:
        _fail(e)
    print(f"добавлен пользователь {line(user.name)} ({ROLE_RU[user.role]})")


@user_app.command("list")
def user_list(db: Path = typer.Option(None), config: Path = typer.Option(None)) -> None:
    """The users and their roles."""
    from flows.accounts import ROLE_RU
    for user in _accounts(db, config).users():
        print(f"{line(user.name)}\t{user.role}\t{ROLE_RU[user.role]}")


@user_app.command("remove")
def user_remove(name: str, db: Path = typer.Option(None), config: Path = typer.Option(None)) -> None:
    """Remove a user; their open sessions end at their next request."""
    from flows.accounts import AccountError
    try:
        _accounts(db, config).remove(name)
    except AccountError as e:
        _fail(e)
    print(f"пользователь {line(name)} удалён")


@user_app.command("passwd")
def user_passwd(name: str, password_stdin: bool = PASSWORD_STDIN, db: Path = typer.Option(None),
                config: Path = typer.Option(None)) -> None:
    """Set a user's password; their sessions with the old one end."""
    from flows.accounts import AccountError
    accounts = _accounts(db, config)
    if accounts.get(name) is None:
        _fail(f"пользователя {name!r} нет")
    try:
        accounts.set_password(name, _new_password(password_stdin))
    except AccountError as e:
        _fail(e)
    print(f"пароль пользователя {line(name)} изменён")


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
        _print_json(rows)
        return
    t = Table("conf.", "why", "task", "where", "key", show_lines=True)
    for r in rows:
        t.add_row(*_cells(f"{r['confidence']:.2f}", r["reasons"] or "", r["quote"][:160],
                          f"{r['file_name']} п.{r['item'] or '—'} ({r['locator'] or ''})", r["task_key"][:8]))
    Console(width=200).print(t)
    print(f"{len(rows)} obligations under {below}")


@app.command()
def sql(query: str, db: Path = typer.Option(None), fmt: str = typer.Option("table", "--format"),
        config: Path = typer.Option(None, help="srok.toml (default ./srok.toml or SROK_CONFIG): sql_timeout, sql_memory_mib")) -> None:
    """Run one read-only SELECT against the analysts' snapshot (no files, no extensions, no writes),
    within a time and a memory limit."""
    import duckdb

    from warehouse.analyst_sql import Interrupted, RefusedQuery, TimedOut, first_line, run_select
    from warehouse.db import for_analysts
    s = _settings(config, check_gazetteer=False)
    try:
        with for_analysts(db, memory_mib=s.sql_memory_mib) as con:
            cols, values = run_select(con, query, s.sql_timeout)
    except RefusedQuery as e:
        error(f"sql refused: {e}")
        raise typer.Exit(2)
    except TimedOut as e:
        error(f"sql: {e} (предел sql_timeout в srok.toml)")
        raise typer.Exit(2)
    except (Interrupted, KeyboardInterrupt):   # KeyboardInterrupt: Ctrl-C while the register was being opened
        error("sql: запрос прерван (Ctrl-C)")
        raise typer.Exit(130)
    except duckdb.OutOfMemoryException:
        error(f"sql: запросу не хватило памяти: предел {s.sql_memory_mib} МиБ (sql_memory_mib в srok.toml)")
        raise typer.Exit(2)
    except duckdb.Error as e:
        error(f"sql: {first_line(e)}")
        raise typer.Exit(2)
    except FileNotFoundError as e:
        error(str(e))
        raise typer.Exit(2)
    rows = [dict(zip(cols, r)) for r in values]
    if fmt == "json":
        _print_json(rows)
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
            rows = query(con, municipality=muni, region=region)
            tasks = len({r["task_key"] for r in rows})
            out.rule(f"{muni} ({region}): {tasks} tasks, {len(rows)} rows of a task and its responsible body")
            for r in rows:
                out.print(line(f"  {str(r['deadline_end'] or '—'):<10} {r['status']:<8} {(r['body'] or '—')[:34]:<34} "
                               f"{r['quote'][:56]:<56} [{r['file_name']} п.{r['item'] or '—'}]"), highlight=False, markup=False)
        regional = con.execute("SELECT region, count(DISTINCT quote) FROM v_obligations "
                               "WHERE scope = 'all_municipalities' GROUP BY 1").fetchall()
        for region, n in regional:
            out.print(f"{region}: {n} tasks bind every municipality of the region "
                      f"(e.g. srok deadlines --municipality \"<a municipality of {region}>\")", highlight=False)


def _settings(config: Path | None, check_gazetteer: bool = True, **overrides):
    """Settings checked once, before anything starts; command-line options override the file."""
    from flows.config import ConfigError, load_settings
    try:
        s = load_settings(config, check_gazetteer)
        for name, value in overrides.items():
            if value is not None:
                setattr(s, name, value)
        return s
    except (ConfigError, ValueError) as e:
        sys.stderr.write(f"srok: configuration: {' '.join(str(e).split())}\n")
        raise typer.Exit(2)


@app.command()
def watch(inbox: Path = typer.Option(None), archive: Path = typer.Option(None, help="default: beside the inbox"),
          quarantine: Path = typer.Option(None, help="default: beside the inbox"),
          db: Path = typer.Option(None), poll: bool = typer.Option(False, help="poll instead of OS events (network shares)"),
          settle: float = typer.Option(None, help="seconds a file must stay unchanged before it is read"),
          config: Path = typer.Option(None, help="srok.toml (default ./srok.toml or SROK_CONFIG)")) -> None:
    """Watch the inbox: load every file dropped there, archive it, or quarantine it with the reason."""
    import logging
    import signal
    import threading

    from flows.watcher import Watcher
    s = _settings(config, inbox=inbox, archive=archive, quarantine=quarantine, db=db, settle_seconds=settle)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    w = Watcher(s.inbox, s.archive_dir, s.quarantine_dir, s.db, s.settle_seconds)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        w.run(poll=poll, stop=stop)
    except KeyboardInterrupt:
        pass


@app.command()
def digest(as_of: str = typer.Option(None, "--as-of", help="the day the digest is for (YYYY-MM-DD), default today"),
           dry_run: Path = typer.Option(None, "--dry-run", help="write .eml files into this folder instead of sending"),
           resend_uncertain: bool = typer.Option(False, help="resend messages an interrupted run may or may not have delivered"),
           db: Path = typer.Option(None), config: Path = typer.Option(None)) -> None:
    """Send (or with --dry-run write) the digest of overdue and upcoming obligations to each recipient."""
    from flows.digest import run_digest
    s = _settings(config, db=db)
    if not s.recipients:
        sys.stderr.write("srok: configuration: no recipients; add [[recipients]] to srok.toml\n")
        raise typer.Exit(2)
    try:
        report = run_digest(s, _date(as_of, "--as-of"), dry_run, resend_uncertain=resend_uncertain)
    except FileNotFoundError as e:
        sys.stderr.write(f"srok: {e}\n")
        raise typer.Exit(2)
    for path in report.written:
        print(f"wrote {path}")
    for address, n in report.sent.items():
        print(f"sent {n} obligations to {address}")
    for reason in report.problems.values():
        sys.stderr.write(f"srok: {reason}\n")
    if not (report.written or report.sent or report.problems):
        print("nothing to send: no new overdue or upcoming obligations for any recipient")
    if report.problems:
        raise typer.Exit(1)


@app.command()
def serve(config: Path = typer.Option(None, help="srok.toml (default ./srok.toml or SROK_CONFIG)"),
          poll: bool = typer.Option(False)) -> None:
    """Run beside a Prefect server (PREFECT_API_URL): the inbox watcher, each file a flow run, and
    the nightly digest deployment on its cron schedule."""
    from flows.doctor import prefect_api_problem
    s = _settings(config)   # a wrong setting stops here, before anything starts
    problem = prefect_api_problem()
    if problem:
        sys.stderr.write(f"srok: configuration: {problem}\n")
        raise typer.Exit(2)
    from flows.config import config_path
    from flows.service import serve as run
    file = config_path(config)   # the digest's runs read the same file, wherever they start
    run(s, file.resolve() if file else None, poll)


@app.command()
def doctor(config: Path = typer.Option(None, help="srok.toml (default ./srok.toml or SROK_CONFIG)")) -> None:
    """Check what the service needs, one line each: settings, Tesseract, LibreOffice, the database,
    the Prefect API, the SMTP server. Exit 1 if anything is wrong."""
    from flows.doctor import run_checks
    ok = True
    for name, problem in run_checks(config):
        ok = ok and problem is None
        print(f"{'ok  ' if problem is None else 'FAIL'} {name}{': ' + problem if problem else ''}")
    if not ok:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
