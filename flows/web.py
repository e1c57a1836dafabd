"""The review page: a small ASGI app (Starlette, Jinja2 templates, plain HTML forms, no script and
nothing fetched at run time). Reads open the analysts' snapshot for one request; each correction is
one short write connection through `warehouse.db.writing`, the path the ingest uses (it waits with
backoff while the watcher holds the database, then publishes the snapshot)."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from warehouse.corrections import CorrectionError, changes, record
from warehouse.db import connect, writing
from warehouse.queries import QueryError, deadlines, document_card, review_counts, review_rows, task_card
from warehouse.reports import write_xlsx
from warehouse.vocabulary import (DOC_TYPE_RU, FIELD_RU, STATUS_RU, STATUSES, change_ru, cut, locator_ru, parse_date,
                                  parse_status, queue_note, reasons_ru)

HERE = Path(__file__).parent
FILTERS = ("municipality", "region", "body", "status", "from", "to", "as_of")
# What each button of the task card records: (status, takes the deadline field, takes the body field).
ACTIONS = {"accept": (None, False, False), "deadline": (None, True, False), "extended": ("extended", True, False),
           "responsible": (None, False, True), "done": ("done", False, False), "cancelled": ("cancelled", False, False),
           "not_task": ("not_task", False, False)}


def _context(text: str | None, start: int, end: int, around: int = 700) -> tuple[str, str, str] | None:
    """The task's span in its document's text with some text either side: (before, span, after)."""
    if not text:
        return None
    lo, hi = max(0, start - around), min(len(text), end + around)
    return ("…" if lo else "") + text[lo:start], text[start:end], text[end:hi] + ("…" if hi < len(text) else "")


def create_app(db: str | Path | None = None, below: float = 0.7) -> Starlette:
    templates = Jinja2Templates(directory=str(HERE / "templates" / "web"))
    templates.env.globals.update(STATUS_RU=STATUS_RU, DOC_TYPE_RU=DOC_TYPE_RU, STATUSES=STATUSES)
    templates.env.filters["day"] = lambda d: f"{d:%d.%m.%Y}" if isinstance(d, dt.date) else (d or "")
    # the register's English codes in Russian, at display time (warehouse/vocabulary.py)
    templates.env.filters.update(reasons=reasons_ru, where=locator_ru, cut=cut)
    templates.env.globals.update(FIELD_RU=FIELD_RU, change_ru=change_ru)

    def page(request: Request, name: str, status_code: int = 200, **ctx) -> Response:
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    def review(request: Request) -> Response:
        with connect(db, read_only=True) as con:
            rows, note = review_rows(con, below), queue_note(review_counts(con, below), below)
        return page(request, "review.html", rows=rows, below=below, note=note, done=request.query_params.get("done"))

    def task(request: Request, error: str | None = None, status_code: int = 200) -> Response:
        key = request.path_params["key"]
        with connect(db, read_only=True) as con:
            card = task_card(con, key)
        if card is None:
            return page(request, "missing.html", 404, what=f"задача {key}")
        return page(request, "task.html", status_code, t=card, error=error,
                    context=_context(card["text"], card["span_start"], card["span_end"]),
                    who=unquote(request.cookies.get("srok_who", "")))

    async def correct(request: Request) -> Response:
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc != request.headers.get("host"):   # another site's form posting here
            return Response("a correction must come from this page", status_code=403)
        form = {k: v[-1].strip() for k, v in parse_qs((await request.body()).decode("utf-8")).items()}
        return await run_in_threadpool(apply, request, form)   # the write may wait for the watcher

    def apply(request: Request, form: dict[str, str]) -> Response:
        action = form.get("action", "")
        if action not in ACTIONS:
            return task(request, error=f"неизвестное действие {action!r}", status_code=400)
        status, takes_deadline, takes_body = ACTIONS[action]
        try:
            deadline = parse_date(form.get("deadline", "")) if takes_deadline else None
            wanted = changes(status, deadline, form.get("responsible", "") if takes_body else None, action == "accept")
            with writing(db) as con:
                record(con, request.path_params["key"], wanted, form.get("who", ""), form.get("why") or None)
        except (CorrectionError, ValueError) as e:
            return task(request, error=str(e), status_code=400)
        response = RedirectResponse(f"/review?{urlencode({'done': request.path_params['key']})}", status_code=303)
        response.set_cookie("srok_who", quote(form.get("who", "")), max_age=365 * 86400, httponly=True, samesite="strict")
        return response

    def _query(request: Request) -> tuple[dict, list[dict] | None, str | None]:
        q = {k: request.query_params.get(k, "").strip() for k in FILTERS}
        try:
            with connect(db, read_only=True) as con:
                rows = deadlines(con, municipality=q["municipality"] or None, region=q["region"] or None,
                                 body=q["body"] or None,
                                 status=parse_status(q["status"], STATUSES) if q["status"] else None,
                                 date_from=parse_date(q["from"]) if q["from"] else None,
                                 date_to=parse_date(q["to"]) if q["to"] else None,
                                 as_of=parse_date(q["as_of"]) if q["as_of"] else None)
            return q, rows, None
        except (QueryError, ValueError) as e:
            return q, None, str(e)

    def register(request: Request) -> Response:
        q, rows, error = _query(request)
        return page(request, "register.html", 400 if error else 200, q=q, rows=rows or [], error=error,
                    xlsx="/register.xlsx?" + urlencode({k: v for k, v in q.items() if v}))

    def register_xlsx(request: Request) -> Response:
        q, rows, error = _query(request)
        if error:
            return Response(error, status_code=400, media_type="text/plain; charset=utf-8")
        tmp = Path(tempfile.mkstemp(suffix=".xlsx")[1])
        write_xlsx(rows, tmp)
        return FileResponse(tmp, filename="srok.xlsx", background=BackgroundTask(tmp.unlink),
                            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def document(request: Request) -> Response:
        with connect(db, read_only=True) as con:
            card = document_card(con, request.path_params["doc_id"])
        if card is None:
            return page(request, "missing.html", 404, what=f"документ {request.path_params['doc_id']}")
        return page(request, "document.html", d=card)

    def no_database(request: Request, exc: Exception) -> Response:
        return page(request, "missing.html", 503, what=f"база данных ({exc})")

    return Starlette(exception_handlers={FileNotFoundError: no_database}, routes=[
        Route("/", lambda request: RedirectResponse("/review")),
        Route("/review", review),
        Route("/task/{key}", task),
        Route("/task/{key}/correct", correct, methods=["POST"]),
        Route("/register", register),
        Route("/register.xlsx", register_xlsx),
        Route("/document/{doc_id}", document),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ])
