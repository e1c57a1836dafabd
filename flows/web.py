"""The review page: a small ASGI app (Starlette, Jinja2 templates, plain HTML forms, no script and
nothing fetched at run time). Reads open the analysts' snapshot for one request; each correction is
one short write connection through `warehouse.db.writing`, the path the ingest uses (it waits with
backoff while the watcher holds the database, then publishes the snapshot).

Who may do what: once an account exists (`srok user add`), every page asks for a login and a
correction is recorded under the logged-in name; readers read, reviewers correct, administrators also
manage users. With no account the page serves this machine's own user without a login (a banner says
so), and only on a loopback address: `open_without_accounts` is false when it listens on the network,
and then it serves nothing until an account exists (`srok web` refuses to start so, too)."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from flows.accounts import ROLE_RU, ROLES, AccountError, Accounts, User, local_name, server_secret
from flows.web_guard import COOKIE, HostAllowList, Refused, Sessions, read_form
from flows.web_loop import routes as loop_routes
from warehouse.corrections import WHY_MAX_CHARS, CorrectionError, changes, record
from warehouse.db import connect, writing
from warehouse.queries import QueryError, deadlines, document_card, review_counts, review_rows, task_card
from warehouse.replies import unlink
from warehouse.reports import write_xlsx
from warehouse.vocabulary import (DOC_TYPE_RU, FIELD_RU, STATUS_RU, STATUSES, change_ru, cut, locator_ru, parse_date,
                                  parse_status, queue_note, reasons_ru)

HERE = Path(__file__).parent
LOCAL_HOSTS = ("127.0.0.1", "localhost")
PUBLIC_PATHS = ("/login", "/static/")   # what a person who has not logged in may open
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


def _safe_next(path: str | None) -> str:
    """Where to go after the login: a path of this site only, never another site's address."""
    return path if path and path.startswith("/") and not path.startswith(("//", "/\\")) else "/review"


def create_app(db: str | Path | None = None, below: float = 0.7, hosts: tuple[str, ...] | list[str] = LOCAL_HOSTS,
               session_hours: float = 12.0, open_without_accounts: bool = True) -> Starlette:
    templates = Jinja2Templates(directory=str(HERE / "templates" / "web"))
    templates.env.globals.update(STATUS_RU=STATUS_RU, DOC_TYPE_RU=DOC_TYPE_RU, STATUSES=STATUSES, ROLE_RU=ROLE_RU,
                                 ROLES=ROLES, WHY_MAX_CHARS=WHY_MAX_CHARS)
    templates.env.filters["day"] = lambda d: f"{d:%d.%m.%Y}" if isinstance(d, dt.date) else (d or "")
    # the register's English codes in Russian, at display time (warehouse/vocabulary.py)
    templates.env.filters.update(reasons=reasons_ru, where=locator_ru, cut=cut)
    templates.env.globals.update(FIELD_RU=FIELD_RU, change_ru=change_ru)
    accounts = Accounts(db)
    sessions = Sessions(server_secret(db), session_hours)

    def page(request: Request, name: str, status_code: int = 200, **ctx) -> Response:
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    def problem(request: Request, status_code: int, message: str) -> Response:
        return page(request, "problem.html", status_code, message=message)

    def who_is(session: dict) -> tuple[User | None, str]:
        """The user of a request, and the mode: "open" (no accounts, this machine only), "closed" (no
        accounts but on the network: nothing is served) or "accounts"."""
        if not accounts.count():
            return (User(local_name(), "reviewer"), "open") if open_without_accounts else (None, "closed")
        user = accounts.get(session["user"]) if session.get("user") else None
        return (user if user and user.stamp == session.get("stamp") else None), "accounts"

    async def guard(request: Request, call_next) -> Response:
        """Loads the session and the user, keeps out who has not logged in, and sends the session cookie
        back when it is new or a login or logout replaced it."""
        session = sessions.load(request.cookies.get(COOKIE))
        fresh, session = session is None, session or sessions.new()
        request.state.session = session
        request.state.csrf = sessions.csrf(session)
        request.state.user, request.state.mode = await run_in_threadpool(who_is, session)
        public = request.url.path.startswith(PUBLIC_PATHS)
        if request.state.mode == "closed" and not request.url.path.startswith("/static/"):
            response = problem(request, 503, "Страница открыта в сети, а учётных записей нет. Добавьте хотя бы одну "
                                             "на сервере: srok user add ИМЯ --role administrator")
        elif request.state.user is None and not public:
            response = (RedirectResponse("/login?" + urlencode({"next": request.url.path}), status_code=303)
                        if request.method in ("GET", "HEAD") else problem(request, 403, "Войдите в srok и повторите."))
        else:
            response = await call_next(request)
        if fresh or request.state.session is not session:
            response.set_cookie(COOKIE, sessions.dump(request.state.session), max_age=sessions.seconds,
                                httponly=True, samesite="strict")
        return response

    async def posted(request: Request) -> dict[str, str]:
        """The form of a POST, after its size, encoding and CSRF token are checked."""
        form = await read_form(request)
        sessions.check_csrf(request, request.state.session, form)
        return form

    def login_page(request: Request) -> Response:
        if request.state.mode == "open":   # no accounts: nothing to log in to
            return RedirectResponse("/review", status_code=303)
        return page(request, "login.html", next=_safe_next(request.query_params.get("next")))

    async def login(request: Request) -> Response:
        form = await posted(request)
        if request.state.mode == "open":
            return RedirectResponse("/review", status_code=303)
        user = await run_in_threadpool(accounts.verify, form.get("name", ""), form.get("password", ""))
        if user is None:
            return page(request, "login.html", 401, next=_safe_next(form.get("next")), login_name=form.get("name", ""),
                        error="Неверное имя или пароль.")
        request.state.session = sessions.new(user.name, user.stamp)   # a new sid: a session planted before stays anonymous
        return RedirectResponse(_safe_next(form.get("next")), status_code=303)

    async def logout(request: Request) -> Response:
        await posted(request)
        request.state.session = sessions.new()
        return RedirectResponse("/login", status_code=303)

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
                    context=_context(card["text"], card["span_start"], card["span_end"]))

    async def correct(request: Request) -> Response:
        if not request.state.user.may("correct"):
            raise Refused(403, "Ваша роль — читатель: исправлять задачи она не позволяет.")
        form = {k: v.strip() for k, v in (await posted(request)).items()}
        return await run_in_threadpool(apply, request, form)   # the write may wait for the watcher

    def apply(request: Request, form: dict[str, str]) -> Response:
        action = form.get("action", "")
        if action.startswith("unlink:"):   # "this reply does not answer the task": one button per linked reply
            return _unlink(request, action.removeprefix("unlink:"), form)
        if action not in ACTIONS:
            return task(request, error=f"неизвестное действие {action!r}", status_code=400)
        status, takes_deadline, takes_body = ACTIONS[action]
        try:
            deadline = parse_date(form.get("deadline", "")) if takes_deadline else None
            wanted = changes(status, deadline, form.get("responsible", "") if takes_body else None, action == "accept")
            with writing(db) as con:
                record(con, request.path_params["key"], wanted, request.state.user.name, form.get("why") or None)
        except (CorrectionError, ValueError) as e:
            return task(request, error=str(e), status_code=400)
        return RedirectResponse(f"/review?{urlencode({'done': request.path_params['key']})}", status_code=303)

    def users(request: Request, error: str | None = None, status_code: int = 200) -> Response:
        if not request.state.user.may("manage_users"):
            raise Refused(403, "Пользователями управляет администратор.")
        return page(request, "users.html", status_code, users=accounts.users(), error=error)

    async def change_users(request: Request) -> Response:
        """An administrator adds a user or removes one (not themselves: the last way in stays open)."""
        if not request.state.user.may("manage_users"):
            raise Refused(403, "Пользователями управляет администратор.")
        form = await posted(request)
        try:
            if form.get("action") == "add":
                if form.get("password") != form.get("password2"):
                    raise AccountError("пароли не совпадают")
                await run_in_threadpool(accounts.add, form.get("name", ""), form.get("role", ""), form.get("password", ""))
            elif form.get("action") == "remove":
                if accounts.get(form.get("name", "")) == request.state.user:
                    raise AccountError("себя удалить нельзя: это сделает другой администратор или srok user remove")
                accounts.remove(form.get("name", ""))
            else:
                raise AccountError(f"неизвестное действие {form.get('action')!r}")
        except AccountError as e:
            return users(request, error=str(e), status_code=400)
        return RedirectResponse("/users", status_code=303)

    def _unlink(request: Request, reply: str, form: dict[str, str]) -> Response:
        try:
            with writing(db) as con:
                unlink(con, request.path_params["key"], reply, request.state.user.name, form.get("why") or None)
        except (CorrectionError, ValueError) as e:
            return task(request, error=str(e), status_code=400)
        return RedirectResponse(f"/task/{request.path_params['key']}", status_code=303)

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

    def refused(request: Request, exc: Refused) -> Response:
        return problem(request, exc.status, exc.message)

    return Starlette(exception_handlers={FileNotFoundError: no_database, Refused: refused}, middleware=[
        Middleware(HostAllowList, hosts=list(hosts)), Middleware(BaseHTTPMiddleware, dispatch=guard)], routes=[
        Route("/", lambda request: RedirectResponse("/review")),
        Route("/login", login_page),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/users", users),
        Route("/users", change_users, methods=["POST"]),
        Route("/review", review),
        Route("/task/{key}", task),
        Route("/task/{key}/correct", correct, methods=["POST"]),
        Route("/register", register),
        Route("/register.xlsx", register_xlsx),
        Route("/document/{doc_id}", document),
        *loop_routes(db, page),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ])
