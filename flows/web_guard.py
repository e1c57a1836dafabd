"""What stands between the review page and the network: the Host allow-list (a page of another site
whose name was re-pointed at this machine, DNS rebinding, names a Host the list lacks), signed session
cookies, the CSRF token of every form, and the limits a posted form must keep."""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import time
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse

COOKIE = "srok_session"
FORM_MAX_BYTES = 64 * 1024   # a correction with a 2,000-character reason in Cyrillic is about 13 KiB encoded
FORM_MAX_FIELDS = 20


class Refused(Exception):
    """A request the page will not serve: its HTTP status and what to tell the person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def is_loopback(address: str) -> bool:
    """Whether listening on ADDRESS serves this machine only (127.0.0.0/8, ::1, localhost)."""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:   # a host name other than localhost may resolve to anything
        return False


def host_name(host_header: str) -> str:
    """The name of a Host header without its port: "127.0.0.1:8765" → "127.0.0.1", "[::1]:80" → "::1"."""
    return (urlsplit("//" + host_header).hostname or "") if host_header else ""


class HostAllowList:
    """ASGI middleware: a request whose Host is not one of the page's own names gets 400 before anything
    else runs. The browser of a DNS-rebinding page sends the attacker's name as Host; this is what stops it."""

    def __init__(self, app, hosts: list[str]) -> None:
        self.app, self.hosts = app, {h.lower() for h in hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if host_name(host).lower() not in self.hosts:
                refusal = PlainTextResponse(
                    f"Неизвестное имя сервера в запросе (Host: {host!r}). Страница отвечает только на имена: "
                    f"{', '.join(sorted(self.hosts))}; другие добавляет настройка web_hosts (srok.toml) "
                    f"или srok web --allow-host.", status_code=400)
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Sessions:
    """Session cookies signed with the server's secret (HMAC-SHA256): {sid, user, stamp, exp}. A session
    without a user still has its sid, so the login form carries a CSRF token too."""

    def __init__(self, secret: bytes, hours: float) -> None:
        self.secret, self.seconds = secret, int(hours * 3600)

    def new(self, user: str | None = None, stamp: str = "") -> dict:
        return {"sid": secrets.token_urlsafe(16), "user": user, "stamp": stamp, "exp": int(time.time()) + self.seconds}

    def _sign(self, payload: bytes) -> str:
        return _b64(hmac.new(self.secret, payload, hashlib.sha256).digest())

    def dump(self, session: dict) -> str:
        payload = json.dumps(session, separators=(",", ":")).encode()
        return f"{_b64(payload)}.{self._sign(payload)}"

    def load(self, cookie: str | None) -> dict | None:
        """The session a cookie carries, or None when it is missing, forged or expired."""
        try:
            data, signature = (cookie or "").split(".")
            payload = _unb64(data)
            if not hmac.compare_digest(signature, self._sign(payload)):
                return None
            session = json.loads(payload)
        except ValueError:   # no dot, bad base64, bad JSON
            return None
        return session if session.get("exp", 0) > time.time() else None

    def csrf(self, session: dict) -> str:
        return hmac.new(self.secret, b"csrf:" + session["sid"].encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, request: Request, session: dict, form: dict[str, str]) -> None:
        """A POST must carry its session's token; one whose Origin names another site is refused outright."""
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc != request.headers.get("host"):
            raise Refused(403, "Формы принимаются только со страниц самого srok, не с другого сайта.")
        if not hmac.compare_digest(form.get("csrf", ""), self.csrf(session)):
            raise Refused(403, "Форма устарела или пришла не со страницы srok: откройте страницу заново и повторите.")


async def read_form(request: Request) -> dict[str, str]:
    """A posted HTML form, each field's last value stripped; refused when it is not a form, too large
    (413, counted as it arrives, so a lying Content-Length does not help) or not UTF-8 (400)."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise Refused(415, "Ожидалась HTML-форма (application/x-www-form-urlencoded).")
    too_large = Refused(413, f"Форма больше {FORM_MAX_BYTES // 1024} КиБ: так много ни одно поле не принимает.")
    declared = request.headers.get("content-length", "0")
    if not declared.isdigit() or int(declared) > FORM_MAX_BYTES:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_MAX_BYTES:
            raise too_large
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, errors="strict", max_num_fields=FORM_MAX_FIELDS)
    except UnicodeDecodeError:
        raise Refused(400, "Форма пришла не в кодировке UTF-8: отправьте её со страницы srok в браузере.") from None
    except ValueError:    # more fields than any form of the page has
        raise too_large from None
    return {k: v[-1].strip() for k, v in fields.items()}
