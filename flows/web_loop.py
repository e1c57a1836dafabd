"""The review page's pages for closing the loop: a request's control card, the discipline report (with
its chart and XLSX) and the calendar feed. Reads only, on the analysts' snapshot; `flows/web.py` mounts
them, and the task card's "unlink" button goes through its correction form."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from flows.charts import discipline_svg
from flows.ics import calendar
from warehouse.control_card import control_card
from warehouse.db import connect
from warehouse.discipline import OUTCOMES, report, total, write_xlsx
from warehouse.queries import QueryError, deadlines, resolve_region
from warehouse.vocabulary import parse_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(request: Request, name: str, default: dt.date | None = None) -> dt.date | None:
    value = request.query_params.get(name, "").strip()
    return parse_date(value) if value else default


def routes(db, page: Callable[..., Response]) -> list[Route]:
    def request_card(request: Request) -> Response:
        try:
            as_of = _day(request, "as_of", dt.date.today())
        except ValueError as e:
            return page(request, "missing.html", 400, what=str(e))
        with connect(db, read_only=True) as con:
            card = control_card(con, request.path_params["doc_id"], as_of)
        if card is None:
            return page(request, "missing.html", 404, what=f"документ {request.path_params['doc_id']}")
        return page(request, "control.html", c=card)

    def _report(request: Request):
        q = {k: request.query_params.get(k, "").strip() for k in ("from", "to", "as_of", "region")}
        today = dt.date.today()
        date_from = _day(request, "from", today.replace(month=1, day=1))
        date_to = _day(request, "to", today)
        as_of = _day(request, "as_of", today)
        with connect(db, read_only=True) as con:
            rep = report(con, date_from, date_to, as_of, resolve_region(q["region"]).name if q["region"] else None)
        return q, rep

    def discipline(request: Request) -> Response:
        try:
            q, rep = _report(request)
        except (QueryError, ValueError) as e:
            return page(request, "discipline.html", 400, q={}, rep=None, error=str(e))
        return page(request, "discipline.html", q=q, rep=rep, error=None, OUTCOMES=OUTCOMES,
                    total=total, chart=Markup(discipline_svg(rep.municipalities)),
                    xlsx="/discipline.xlsx?" + urlencode({k: v for k, v in q.items() if v}))

    def discipline_xlsx(request: Request) -> Response:
        try:
            _, rep = _report(request)
        except (QueryError, ValueError) as e:
            return Response(str(e), status_code=400, media_type="text/plain; charset=utf-8")
        tmp = Path(tempfile.mkstemp(suffix=".xlsx")[1])
        write_xlsx(rep, tmp)
        return FileResponse(tmp, filename="discipline.xlsx", media_type=XLSX, background=BackgroundTask(tmp.unlink))

    def feed(request: Request) -> Response:
        q = {k: request.query_params.get(k, "").strip() or None for k in ("municipality", "region", "body")}
        try:
            with connect(db, read_only=True) as con:
                rows = deadlines(con, **q, as_of=_day(request, "as_of"))
        except (QueryError, ValueError) as e:
            return Response(str(e), status_code=400, media_type="text/plain; charset=utf-8")
        name = "srok: " + (", ".join(v for v in q.values() if v) or "все сроки")
        return Response(calendar(rows, name, str(request.base_url)), media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="srok.ics"'})

    return [Route("/request/{doc_id}", request_card), Route("/discipline", discipline),
            Route("/discipline.xlsx", discipline_xlsx), Route("/calendar.ics", feed)]
