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


CONFIG = typer.Option(None, "--config", help="srok.toml (default ./srok.toml or SROK_CONFIG)")
VERBOSE = typer.Option(False, "--verbose", "-v", help="name the register and the settings file used (on stderr)")
DB = typer.Option(None, "--db", help="the register's DuckDB file (default: db of srok.toml, SROK_DB, data/srok.duckdb)")


def _settings(config: Path | None, check_places: bool = True, say=None, name_inbox: bool = False, **overrides):
    """The settings every command reads — srok.toml (or SROK_CONFIG, or --config), SROK_* in the
    environment, then the options given — checked once, before anything starts. With ``say`` (a
    stream), one line naming the register (and the inbox) used and the settings file read."""
    from flows.config import ConfigError, config_path, load_settings, where
    given = {name for name, value in overrides.items() if value is not None}
    try:
        file = config_path(config)
        s = load_settings(config, check_gazetteer=check_places)
        for name in given:
            setattr(s, name, overrides[name])
    except (ConfigError, ValueError) as e:
        error(f"настройки: {' '.join(str(e).split())}")
        raise typer.Exit(2)
    if say is not None:
        say.write(line(where(s, file, given, name_inbox)) + "\n")
        say.flush()
    return s


def _register(config: Path | None, db: Path | None, verbose: bool) -> Path:
    """The register a reading command uses; named on stderr with --verbose (stdout may be data)."""
    return _settings(config, check_places=False, say=sys.stderr if verbose else None, db=db).db


def _quiet_prefect() -> None:
    """Prefect in local mode (demo, backfill) says only warnings: the files' own lines say what happened.
    Set in the environment, so a Dask worker's Prefect hears it too; before Prefect is imported. Each
    Dask worker starts a temporary Prefect server of its own, which on 2 busy cores took over Prefect's
    20 s to answer: it gets 120."""
    import os
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def _read(path: Path, how=None):
    """The document model of PATH (or what ``how`` makes of it) from the bounded worker; exit 2 if unreadable."""
    from extractors.readers import ReadError
    from extractors.readers.isolated import read_bounded
    try:
        return (how or read_bounded)(path)
    except ReadError as e:
        from warehouse.vocabulary import read_error_ru
        error(f"не прочитан {path}: {read_error_ru(str(e))}")
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
    from warehouse.vocabulary import DOC_TYPE_RU, day
    place = ", ".join(p for p in (d["sender"]["region"], d["sender"]["municipality"]) if p)
    out.print(f"[bold]{markup_safe(data['file'])}[/]: " + markup_safe(
        f"{DOC_TYPE_RU.get(d['doc_type'], d['doc_type'])} № {d['reg_number'] or '—'} от "
        f"{day(dt.date.fromisoformat(d['reg_date'])) if d['reg_date'] else '—'} — {d['sender']['name'] or '—'}"
        + (f" ({place})" if place else "")), highlight=False)
    from warehouse.vocabulary import cut, term
    t = Table("№", "Задача", "Ответственный", "Срок", show_lines=True)
    for o in data["obligations"]:
        dl = o["deadline"]
        when = (f"{term(*(dt.date.fromisoformat(d) if d else None for d in (dl['start'], dl['end'])))}\n({dl['raw']})"
                if dl else "—")
        t.add_row(cell(o["number"] or ""), cell(cut(o["text"], 160)), cell("; ".join(r["name"] for r in o["responsible"])),
                  cell(when))
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
def ingest(paths: list[Path], db: Path = DB, config: Path = CONFIG) -> None:
    """Read, extract and load files and folders; one summary line; exit 1 if any file failed."""
    from rich.progress import Progress

    from extractors.readers.isolated import start
    start()   # the first worker warms up while the files are listed
    from flows.ingest import Result, files_in, ingest_files, summary
    from warehouse import identity
    from warehouse.db import batch
    from warehouse.vocabulary import read_error_ru
    db = _settings(config, check_places=False, say=sys.stdout, db=db).db
    files = files_in(paths)
    results = []
    with Progress(console=Console(stderr=True), transient=True) as progress, batch(db) as writer:   # one connection for the run
        # the register opened, and the names' morphology loaded, while the first documents are read
        if files:
            writer.open_ahead(warm=identity.warm)
        task = progress.add_task("загрузка", total=len(files))
        for f, r in ingest_files(files, db):
            if isinstance(r, Exception):   # being written, database busy, disk full: say so and go on
                detail = f"{type(r).__name__}: {r}"
                r = Result(f.name, "failed", read_error_ru(detail), detail)
                error(f"не загружен {f}: {r.reason}")
            elif r.outcome == "failed":
                error(f"не прочитан {f}: {r.reason}")
            results.append(r)
            progress.advance(task)
    print(summary(results))
    if any(r.outcome == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def backfill(paths: list[Path], db: Path = DB, workers: int = typer.Option(None, help="Dask LocalCluster processes"),
             dask_address: str = typer.Option(None, help="a Dask scheduler, e.g. tcp://10.0.0.5:8786"),
             config: Path = CONFIG) -> None:
    """A large backfill as a Prefect flow: read and extract in batches on a Dask cluster (or srok's reader
    processes), load one document at a time here."""
    db = _settings(config, check_places=False, say=sys.stdout, db=db).db
    _quiet_prefect()
    from flows.ingest import summary
    from flows.prefect_flows import backfill as run
    results = run(paths, db, workers, dask_address, label=", ".join(p.name for p in paths)[:60])
    print(summary(results))
    for r in results:
        if r.outcome == "failed":
            error(f"не прочитан {r.file}: {r.reason}")
    if any(r.outcome == "failed" for r in results):
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
              db: Path = DB, config: Path = CONFIG, verbose: bool = VERBOSE) -> None:
    """Every deadline, filtered; a municipality also gets the region-wide assignments that bind it."""
    db = _register(config, db, verbose)
    if request:
        return _control_cards(request, _date(as_of, "--as-of"), fmt, db)
    from warehouse.db import connect
    from warehouse.queries import QueryError, deadlines as query
    from warehouse.reports import ReportError, format_for, write_report
    from warehouse.vocabulary import STATUSES, parse_status, plural
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
        error("нет сроков, отвечающих этим условиям")
        if kind == "table" and not out:
            return
    if kind == "table":
        _deadline_table(rows, out)
    else:
        text = write_report(rows, kind, out, plain_csv)
        if text is not None:
            sys.stdout.write(text)
    if out:
        print(f"Записано: {line(out.absolute())} — {plural(len(rows), 'строка', 'строки', 'строк')}")


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
    from warehouse.vocabulary import STATUS_RU, cut, plural, term
    t = Table("Муниципалитет", "Ответственный", "Срок", "Статус", "Дней", "Задача", "Источник", "Ключ", show_lines=True)
    for r in rows:
        t.add_row(*_cells(r["municipality"] or r["region"] or "", r["body"] or "—",
                          term(r["deadline_start"], r["deadline_end"]), STATUS_RU[r["status"]],
                          "" if r["days_left"] is None else r["days_left"], cut(r["quote"], 120),
                          f"{r['file_name']}, п. {r['item'] or '—'}", r["task_key"][:8]))
    tasks = len({r["task_key"] for r in rows})
    note = (f"{plural(tasks, 'задача', 'задачи', 'задач')}, "
            f"{plural(len(rows), 'строка', 'строки', 'строк')} (задача × ответственный)")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            console = Console(file=f, width=200)
            console.print(t)
            console.print(note, markup=False, highlight=False)
    else:
        Console(width=200).print(t)
        print(note)


@app.command()
def correct(key: str = typer.Argument(..., help="the task's key (its first 8 characters, as srok deadlines shows)"),
            status: str = typer.Option(None, help="done | extended | cancelled | not_task | pending, or выполнено, "
                                                  "продлено, отменено, не задача, в работе"),
            deadline: str = typer.Option(None, help="the right (or extended) deadline, dd.mm.yyyy"),
            responsible: str = typer.Option(None, help="the right responsible body"),
            accept: bool = typer.Option(False, help="checked: correct as extracted (leaves the review queue)"),
            why: str = typer.Option(None, help="the reason, e.g. 'письмо № 12 от 01.03.2021 продлило срок'"),
            who: str = typer.Option(None, help="your name (default: SROK_USER or the login name)"),
            db: Path = DB, config: Path = CONFIG) -> None:
    """Record a correction of one task; it overrides the extraction in every view and outlives re-extraction."""
    from flows.accounts import local_name
    from warehouse.corrections import CorrectionError, changes, record
    from warehouse.db import writing
    from warehouse.vocabulary import FIELD_RU, PERSON_STATUSES, change_ru, parse_status
    db = _settings(config, check_places=False, say=sys.stdout, db=db).db   # where the correction goes, said first
    try:
        wanted = changes(parse_status(status, PERSON_STATUSES) if status else None, _date(deadline, "--deadline"),
                         responsible, accept)
        with writing(db) as con:
            done = record(con, key, wanted, who or local_name(), why)
    except (CorrectionError, ValueError) as e:
        _fail(e)
    for c in done:
        print(line(f"{c['task_key'][:8]} ({c['file_name']}, п. {c['item'] or '—'}): {FIELD_RU.get(c['field'], c['field'])} "
                   f"{change_ru(c['field'], c['old_value'])} → {change_ru(c['field'], c['new_value'])}"))


@app.command()
def unlink(key: str = typer.Argument(..., help="the task's key (its first 8 characters, as srok deadlines shows)"),
           reply: str = typer.Argument(..., help="the reply linked to it: its file name or the first characters of its id"),
           why: str = typer.Option(None), who: str = typer.Option(None, help="your name (default: SROK_USER or the login name)"),
           db: Path = DB, config: Path = CONFIG) -> None:
    """Undo a wrong link: the reply no longer answers the task (kept as a correction, so no later load links it again)."""
    from flows.accounts import local_name
    from warehouse.corrections import CorrectionError
    from warehouse.db import writing
    from warehouse.replies import unlink as run
    db = _settings(config, check_places=False, say=sys.stdout, db=db).db   # where the correction goes, said first
    try:
        with writing(db) as con:
            done = run(con, key, reply, who or local_name(), why)
    except (CorrectionError, ValueError) as e:
        _fail(e)
    print(f"{done['task_key']}: {done['reply_file']} no longer answers it")


@app.command()
def discipline(date_from: str = typer.Option(..., "--from", help="the period's first day, dd.mm.yyyy"),
               date_to: str = typer.Option(..., "--to", help="the period's last day"),
               as_of: str = typer.Option(None, "--as-of", help="the day overdue counts from (default today)"),
               region: str = typer.Option(None), xlsx: Path = typer.Option(None, "--xlsx", help="write the report here"),
               db: Path = DB, config: Path = CONFIG, verbose: bool = VERBOSE) -> None:
    """The report on executive discipline: per municipality and executor, tasks due in the period done on
    time, late, overdue, open."""
    from warehouse.db import connect
    from warehouse.discipline import HEADERS, OUTCOMES, report, total, write_xlsx
    from warehouse.queries import QueryError, resolve_region
    from warehouse.reports import ReportError, check_destination
    db = _register(config, db, verbose)
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
        print(f"Записано: {line(xlsx.absolute())}")
        return
    print(rep.title)
    for title, lines in (("Муниципалитет", rep.municipalities), ("Исполнитель", rep.executors)):
        t = Table(title, *(HEADERS[k] for k in ("assigned", *OUTCOMES, "share")), show_lines=False)
        for x in [*lines, total(lines)]:
            t.add_row(*_cells(x.name, x.assigned, *(x.counts[k] for k in OUTCOMES), x.share))
        Console(width=200).print(t)


@app.command()
def ics(municipality: str = typer.Option(None), region: str = typer.Option(None), body: str = typer.Option(None),
        as_of: str = typer.Option(None, "--as-of", help="the day the open occurrences are counted from"),
        base_url: str = typer.Option("http://127.0.0.1:8765", help="the review page the events link to"),
        out: Path = typer.Option(None, "--out"), db: Path = DB, config: Path = CONFIG,
        verbose: bool = VERBOSE) -> None:
    """An iCalendar file (.ics) for a municipality, a body or a region: one event per open occurrence."""
    from flows.ics import calendar
    from warehouse.db import connect
    from warehouse.queries import QueryError, deadlines as query
    from warehouse.reports import ReportError, check_destination
    db = _register(config, db, verbose)
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
           db: Path = DB, config: Path = CONFIG) -> None:
    """Export the register as Parquet files any tool reads (pandas, polars, Excel Power Query, any DuckDB)."""
    from warehouse.db import connect
    from warehouse.reports import ReportError, export_parquet
    from warehouse.vocabulary import plural
    db = _settings(config, check_places=False, say=sys.stdout, db=db).db
    try:
        with connect(db, read_only=True) as con:
            written = export_parquet(con, parquet)
    except (ReportError, FileNotFoundError) as e:
        _fail(e)
    for path, n in written:
        print(f"Записано: {line(path)} — {plural(n, 'строка', 'строки', 'строк')}")


@app.command()
def web(host: str = typer.Option("127.0.0.1", help="the address to listen on (this machine only by default)"),
        port: int = typer.Option(8765), db: Path = DB,
        below: float = typer.Option(0.7, help="the review queue: tasks whose confidence is under this"),
        allow_host: list[str] = typer.Option(None, "--allow-host", help="a name or address people reach the page by, "
                                                                         "besides web_hosts (repeatable)"),
        config: Path = CONFIG) -> None:
    """The review page in the browser: the queue of tasks to check, the register, a card per document.
    On the network (--host other than 127.0.0.1) it needs at least one account (srok user add)."""
    import uvicorn

    from flows.accounts import AccountError, Accounts
    from flows.web import create_app
    from flows.web_guard import is_loopback
    s = _settings(config, check_places=False, db=db)
    hosts = [*s.web_hosts, *(allow_host or [])]
    local = is_loopback(host)
    if not local and not Accounts(s.db).count():
        _fail(f"страница на {host} будет видна в сети, а учётных записей нет: без них её открыл бы кто угодно. "
              f"Добавьте хотя бы одну: srok user add ИМЯ --role administrator (--db {s.db}), затем запустите снова")
    try:
        page = create_app(s.db, below, hosts, s.web_session_hours, open_without_accounts=local)
    except AccountError as e:   # the signing secret readable by others
        _fail(e)
    _settings(config, check_places=False, say=sys.stdout, db=db)   # the register named once the page will start
    print(f"srok web: http://{host}:{port}/ (Ctrl+C — остановить)", flush=True)
    if not local:
        print(f"srok web: страница отвечает на имена {', '.join(hosts)}; имя или адрес сервера, по которым её "
              f"открывают, добавьте в web_hosts (srok.toml) или --allow-host", flush=True)
    uvicorn.run(page, host=host, port=port, log_level="warning")


user_app = typer.Typer(no_args_is_help=True, help="accounts of the review page (srok web)")
app.add_typer(user_app, name="user")


def _accounts(db: Path | None, config: Path | None, say=None):
    """The accounts kept beside the register the settings name (named on ``say``, if given)."""
    from flows.accounts import Accounts
    return Accounts(_settings(config, check_places=False, say=say, db=db).db)


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
             password_stdin: bool = PASSWORD_STDIN, db: Path = DB, config: Path = CONFIG) -> None:
    """Add a user: readers read, reviewers also correct tasks, administrators also manage users."""
    from flows.accounts import ROLE_RU, AccountError
    accounts = _accounts(db, config, sys.stdout)
    try:
        user = accounts.add(name, role, _new_password(password_stdin))
    except AccountError as e:
        _fail(e)
    print(f"добавлен пользователь {line(user.name)} ({ROLE_RU[user.role]})")


@user_app.command("list")
def user_list(db: Path = DB, config: Path = CONFIG, verbose: bool = VERBOSE) -> None:
    """The users and their roles."""
    from flows.accounts import ROLE_RU
    for user in _accounts(db, config, sys.stderr if verbose else None).users():
        print(f"{line(user.name)}\t{user.role}\t{ROLE_RU[user.role]}")


@user_app.command("remove")
def user_remove(name: str, db: Path = DB, config: Path = CONFIG) -> None:
    """Remove a user; their open sessions end at their next request."""
    from flows.accounts import AccountError
    try:
        _accounts(db, config, sys.stdout).remove(name)
    except AccountError as e:
        _fail(e)
    print(f"пользователь {line(name)} удалён")


@user_app.command("passwd")
def user_passwd(name: str, password_stdin: bool = PASSWORD_STDIN, db: Path = DB, config: Path = CONFIG) -> None:
    """Set a user's password; their sessions with the old one end."""
    from flows.accounts import AccountError
    accounts = _accounts(db, config, sys.stdout)
    if accounts.get(name) is None:
        _fail(f"пользователя {name!r} нет")
    try:
        accounts.set_password(name, _new_password(password_stdin))
    except AccountError as e:
        _fail(e)
    print(f"пароль пользователя {line(name)} изменён")


@app.command()
def review(below: float = typer.Option(0.7, help="list obligations whose confidence is under this"),
           fmt: str = typer.Option("table", "--format", help="table | json"), db: Path = DB,
           config: Path = CONFIG, verbose: bool = VERBOSE) -> None:
    """What a person should check: low-confidence obligations with the reasons, the quote and its place."""
    from warehouse.db import connect
    from warehouse.queries import review_counts, review_rows
    from warehouse.vocabulary import cut, locator_ru, queue_note, reasons_ru
    if not 0 <= below <= 1:
        _fail(f"--below: порог уверенности от 0 до 1, а не {below}")
    db = _register(config, db, verbose)
    try:
        with connect(db, read_only=True) as con:
            rows, counts = review_rows(con, below), review_counts(con, below)
    except FileNotFoundError as e:
        _fail(e)
    if fmt == "json":
        _print_json(rows)
        return
    t = Table("Уверенность", "Почему", "Задача", "Где", "Ключ", show_lines=True)
    for r in rows:
        t.add_row(*_cells(f"{r['confidence']:.2f}".replace(".", ","), reasons_ru(r["reasons"]), cut(r["quote"], 160),
                          f"{r['file_name']}, п. {r['item'] or '—'} ({locator_ru(r['locator'])})", r["task_key"][:8]))
    if rows:
        Console(width=200).print(t)
    print(queue_note(counts, below))


@app.command()
def sql(query: str, db: Path = DB, fmt: str = typer.Option("table", "--format"), config: Path = CONFIG,
        verbose: bool = VERBOSE) -> None:
    """Run one read-only SELECT against the analysts' snapshot (no files, no extensions, no writes),
    within a time and a memory limit (sql_timeout, sql_memory_mib of the settings)."""
    import duckdb

    from warehouse.analyst_sql import Interrupted, RefusedQuery, TimedOut, first_line, run_select
    from warehouse.db import for_analysts
    s = _settings(config, check_places=False, say=sys.stderr if verbose else None, db=db)
    db = s.db
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
def demo(folder: Path = typer.Argument(Path("fixtures")), db: Path = DB, config: Path = CONFIG) -> None:
    """The main job on the embedded default: a backfill flow in Prefect's local mode ingests FOLDER
    into the register, then the deadlines of every municipality that has any are listed."""
    db = _settings(config, check_places=False, say=sys.stdout, db=db).db
    _quiet_prefect()
    from flows.ingest import summary
    from flows.prefect_flows import ingest_batch_flow
    from warehouse.db import connect
    from warehouse.queries import deadlines as query, review_counts
    from warehouse.vocabulary import STATUS_RU, cut, day, plural, queue_note
    out = Console(width=160)
    print(summary(ingest_batch_flow([folder], db, label=folder.name)))
    with connect(db, read_only=True) as con:
        munis = con.execute("SELECT DISTINCT region, municipality FROM v_municipality_obligations "
                            "WHERE NOT via_region ORDER BY 1, 2").fetchall()
        for region, muni in munis:
            rows = query(con, municipality=muni, region=region)
            tasks = len({r["task_key"] for r in rows})
            out.rule(line(f"{muni} ({region}): {plural(tasks, 'задача', 'задачи', 'задач')}, "
                          f"{plural(len(rows), 'строка', 'строки', 'строк')} (задача × ответственный)"))
            for r in rows:
                out.print(line(f"  {day(r['deadline_end']):<10} {STATUS_RU[r['status']]:<10} {cut(r['body'] or '—', 34):<34} "
                               f"{cut(r['quote'], 56):<56} [{r['file_name']}, п. {r['item'] or '—'}]"),
                          highlight=False, markup=False)
        regional = con.execute("SELECT region, count(DISTINCT quote) FROM v_obligations "
                               "WHERE scope = 'all_municipalities' GROUP BY 1").fetchall()
        for region, n in regional:
            out.print(line(f"{region}: {plural(n, 'задача обязывает', 'задачи обязывают', 'задач обязывают')} каждый "
                           f"муниципалитет региона (например, srok deadlines --municipality «<муниципалитет: {region}>»)"),
                      highlight=False, markup=False)
        print(f"Очередь проверки (srok review, srok web): {queue_note(review_counts(con, 0.7), 0.7)}")


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
    s = _settings(config, say=sys.stdout, name_inbox=True, inbox=inbox, archive=archive, quarantine=quarantine, db=db,
                  settle_seconds=settle)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    w = Watcher(s.inbox, s.archive_dir, s.quarantine_dir, s.db, s.settle_seconds)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        w.run(poll=poll, stop=stop)
    except KeyboardInterrupt:
        pass


@app.command()
def digest(as_of: str = typer.Option(None, "--as-of", help="the day the digest is for (dd.mm.yyyy), default today"),
           dry_run: Path = typer.Option(None, "--dry-run", help="write .eml files into this folder instead of sending"),
           preview: bool = typer.Option(False, "--preview", help="show tonight's messages, sent or not, and send nothing"),
           resend_uncertain: bool = typer.Option(False, help="resend messages an interrupted run may or may not have delivered"),
           db: Path = DB, config: Path = CONFIG) -> None:
    """Send (or with --dry-run write, with --preview show) the digest of overdue and upcoming obligations."""
    from flows.digest import preview_digest, run_digest, text_of
    from warehouse.vocabulary import day, plural
    s = _settings(config, say=sys.stdout, db=db)
    if not s.recipients:
        _fail("настройки: получателей нет; добавьте [[recipients]] в srok.toml")
    when = _date(as_of, "--as-of") or dt.date.today()
    try:
        if preview:
            report = preview_digest(s, when, dry_run)
            for msg in report.messages:
                print(line(f"Кому: {msg['To']}") + "\n" + line(f"Тема: {msg['Subject']}") + "\n\n" + text_of(msg))
        else:
            report = run_digest(s, when, dry_run, resend_uncertain=resend_uncertain)
    except FileNotFoundError as e:
        _fail(e)

    def tasks(n: int) -> str:
        return plural(n, "задача", "задачи", "задач")
    for path, n in report.written.items():
        print(f"Записано: {line(path.absolute())} — {tasks(n)}")
    for address, n in report.sent.items():
        print(line(f"Отправлено {address}: {tasks(n)}"))
    if report.already:
        people = plural(len(report.already), "получателю", "получателям", "получателям")
        print(line(f"Уже отправлено {people} за {day(when)}: "
                   + ", ".join(f"{a} ({tasks(n)})" for a, n in report.already.items())
                   + ("" if preview or report.sent or report.written else
                      "; нового с тех пор нет, письма целиком: srok digest --preview")))
    for reason in report.problems.values():
        error(reason)
    if not (report.written or report.sent or report.problems or report.already or preview):
        print(f"Отправлять нечего: за {day(when)} ни у кого нет просроченных задач или задач со сроком "
              f"в ближайшие {plural(s.digest_days, 'день', 'дня', 'дней')}")
    if report.problems:
        raise typer.Exit(1)


@app.command()
def serve(config: Path = CONFIG, poll: bool = typer.Option(False)) -> None:
    """Run beside a Prefect server (PREFECT_API_URL): the inbox watcher, each file a flow run, and
    the nightly digest deployment on its cron schedule."""
    from flows.service import serve as run   # first: it sets how Prefect logs, before Prefect is imported
    from flows.doctor import prefect_api_problem
    s = _settings(config, say=sys.stdout, name_inbox=True)   # a wrong setting stops here, before anything starts
    problem = prefect_api_problem()
    if problem:
        _fail(f"настройки: {problem}")
    from flows.config import config_path
    file = config_path(config)   # the digest's runs read the same file, wherever they start
    run(s, file.resolve() if file else None, poll)


@app.command()
def doctor(config: Path = CONFIG) -> None:
    """Check what the service needs, one line each, naming what was checked: the settings file, Tesseract,
    LibreOffice, the register, the inbox, archive and quarantine, the Prefect API, the SMTP server.
    Exit 1 if anything is wrong."""
    from flows.doctor import run_checks
    ok = True
    for name, checked, problem in run_checks(config):
        ok = ok and problem is None
        print(line(f"{'ok' if problem is None else 'ОШИБКА':<6} {name}: {checked}" + (f" — {problem}" if problem else "")))
    if not ok:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
