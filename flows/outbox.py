"""Handing the digest's messages to the SMTP server at most once.

Each message has a Message-ID fixed by recipient, night and content. Its row in `digest_messages`
says 'sending' before the DATA command and 'sent' once the server accepted the message. Only the
moment between the two is ambiguous (the process killed, the server silent after DATA): the
server may or may not have taken the message. We choose at-most-once there — the row stays
'sending', the message is not resent by a later run, and the run reports it — because a manager
getting the same digest twice (or four times) is worse than an operator checking the mail log for
one Message-ID and rerunning with --resend-uncertain. Everything before DATA is safe to retry:
connection failures and 4xx replies are retried with backoff, 5xx replies are final.

One SMTP session serves all recipients of a run; a server that cannot be reached (no banner, no
answer) is given up on once per run, not once per recipient. smtplib's timeout bounds each read, so a
server trickling its reply a line a second would hold a run for ever: each message's conversation
(connecting, MAIL, RCPT, DATA) has a deadline of its own, after which its socket is cut.

Anything else that goes wrong with one message is that recipient's alone. An address with letters
outside ASCII goes with SMTPUTF8 where the server offers it, else with its domain in punycode (IDNA)
where only the domain has them, else it is refused alone, with the reason."""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import smtplib
import socket
import threading
import time
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import idna

from flows.config import Settings
from warehouse.db import db_path, writing


class Refused(Exception):
    """The server did not take the message; nothing was delivered, a later run may try again."""


class Uncertain(Exception):
    """The connection broke after DATA began: the server may hold the message. Not resent."""


class Deadline:
    """Cuts the socket of ``smtp`` once ``seconds`` have passed inside the block: the read waiting
    then ends at once (smtplib raises SMTPServerDisconnected), however the server trickles."""

    def __init__(self, smtp: smtplib.SMTP, seconds: float):
        self.smtp, self.seconds = smtp, seconds
        self.expired = False
        self._done = threading.Event()

    def __enter__(self) -> "Deadline":
        threading.Thread(target=self._watch, daemon=True, name="smtp-deadline").start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()

    def _watch(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.expired = True
        while not self._done.is_set():   # again and again: the socket may be still being made
            if self.smtp.sock is not None:
                with contextlib.suppress(OSError):   # the plain socket's own shutdown, TLS or not
                    socket.socket.shutdown(self.smtp.sock, socket.SHUT_RDWR)
            self._done.wait(0.05)


def envelope_address(address: str, smtputf8: bool) -> str:
    """The address as the server can take it: as it is when ASCII or when the server offers SMTPUTF8,
    else with its domain in punycode; Refused (in Russian) when the mailbox name itself is not ASCII."""
    if address.isascii() or smtputf8:
        return address
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise Refused(f"адрес {address} не отправлен: в имени ящика (до @) есть буквы не из ASCII, а почтовый "
                      f"сервер не поддерживает SMTPUTF8, без которого такой адрес не передать")
    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError as e:
        raise Refused(f"адрес {address} не отправлен: домен {domain} не записать в punycode (IDNA): {e}") from None


def message_id(address: str, for_date: dt.date, keys: set[tuple[str, int]], mail_from: str) -> str:
    digest = hashlib.sha256(repr((address.lower(), for_date.isoformat(), sorted(keys))).encode()).hexdigest()[:20]
    domain = mail_from.rpartition("@")[2] or "srok.local"
    return f"<digest.{for_date:%Y%m%d}.{digest}@{domain}>"


@contextlib.contextmanager
def digest_lock(db: str | Path | None) -> Iterator[None]:
    """One digest at a time per database: a second one waits here, then finds the messages sent."""
    path = db_path(db).with_suffix(".digest.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def unfinished(con: duckdb.DuckDBPyConnection, for_date: dt.date) -> dict[str, str]:
    """Recipients whose message of that night is stuck in 'sending' (and nothing was sent to them since)
    → its Message-ID."""
    return dict(con.execute("""
        SELECT recipient, message_id FROM digest_messages d
        WHERE for_date = ? AND state = 'sending' AND NOT EXISTS (
            SELECT 1 FROM digest_messages later WHERE later.recipient = d.recipient AND later.for_date = d.for_date
            AND later.state = 'sent' AND later.updated_at > d.updated_at)""", [for_date]).fetchall())


def mark(db: str | Path | None, msg_id: str, address: str, for_date: dt.date, state: str, obligations: int,
         reason: str | None = None, keys: set[tuple[str, int]] = frozenset()) -> None:
    """Records a message's state; 'sent' records its obligations as notified in the same transaction."""
    with writing(db) as con:
        con.execute("BEGIN")
        con.execute("INSERT INTO digest_messages (message_id, recipient, for_date, state, obligations, reason) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO UPDATE SET state = excluded.state, "
                    "reason = excluded.reason, updated_at = now()",
                    [msg_id, address, for_date, state, obligations, reason])
        if state == "sent":
            con.executemany("INSERT INTO notifications (recipient, doc_id, ob_no, for_date) VALUES (?, ?, ?, ?) "
                            "ON CONFLICT DO NOTHING", [(address, d, o, for_date) for d, o in sorted(keys)])
        con.execute("COMMIT")


class Outbox:
    def __init__(self, s: Settings, backoff: float = 1.0):
        self.s, self.backoff = s, backoff
        self._smtp: smtplib.SMTP | None = None
        self._down: str | None = None       # why the server is given up on for this run

    def __enter__(self) -> "Outbox":
        return self

    def __exit__(self, *exc) -> None:
        self._drop(polite=True)

    def _unconnected(self) -> smtplib.SMTP:
        """A session not yet connected, so that a Deadline watches it while it connects."""
        cls = smtplib.SMTP_SSL if self.s.smtp_security == "ssl" else smtplib.SMTP
        return cls(timeout=self.s.smtp_timeout)   # the timeout bounds the banner wait too

    def _connect(self, smtp: smtplib.SMTP) -> None:
        s = self.s
        smtp.connect(s.smtp_host, s.smtp_port)
        if s.smtp_security == "starttls":
            smtp.starttls()
        if s.smtp_user:
            smtp.login(s.smtp_user, s.smtp_password or "")

    def _drop(self, polite: bool = False) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException), Deadline(self._smtp, self.s.smtp_timeout):
                self._smtp.quit() if polite else self._smtp.close()
            self._smtp = None

    def deliver(self, msg: EmailMessage, on_sending: Callable[[], None]) -> None:
        """Hands one message over; ``on_sending`` runs after the server took MAIL and RCPT, before DATA."""
        if self._down:
            raise Refused(self._down)
        where = f"SMTP {self.s.smtp_host}:{self.s.smtp_port}"
        last = ""
        for attempt in range(self.s.smtp_attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            smtp = self._smtp or self._unconnected()
            deadline = Deadline(smtp, self.s.smtp_deadline)
            try:
                with deadline:
                    if self._smtp is None:
                        self._connect(smtp)
                        self._smtp = smtp
                    self._transaction(smtp, msg, on_sending)
                return
            except Refused:     # an address this server cannot take, found before MAIL: the session is fine
                raise
            except Uncertain:
                self._drop()
                raise
            except smtplib.SMTPResponseException as e:   # a reply: the session itself is fine
                text = e.smtp_error.decode(errors="replace") if isinstance(e.smtp_error, bytes) else str(e.smtp_error)
                last = f"{where} refused the message for {msg['To']}: {e.smtp_code} {' '.join(text.split())}"
                if self._smtp is None:    # refused while connecting (TLS, login): no session to reuse
                    smtp.close()
                    if e.smtp_code >= 500:
                        self._down = last
                        raise Refused(last) from None
                    continue
                with contextlib.suppress(OSError, smtplib.SMTPException), Deadline(smtp, self.s.smtp_timeout):
                    smtp.rset()
                if e.smtp_code >= 500:    # permanent: retrying cannot help
                    raise Refused(last) from None
            except (OSError, smtplib.SMTPException) as e:   # no session: connect, banner, TLS, login, broken pipe
                self._drop()
                smtp.close()
                last = (f"{where}: разговор об одном сообщении не уложился в {self.s.smtp_deadline:g} с "
                        f"(smtp_deadline): сервер отвечает слишком медленно" if deadline.expired
                        else f"{where} did not answer: {type(e).__name__}: {e}")
            except Exception as e:   # not an SMTP outcome (a bug, an address smtplib cannot encode): this message alone
                self._drop()
                smtp.close()
                raise Refused(f"{where}: сообщение для {msg['To']} не отправлено: {type(e).__name__}: {e}") from None
        if self._smtp is None:   # the server itself is unreachable: do not wait for it again this run
            self._down = last
        raise Refused(f"{last} (after {self.s.smtp_attempts} attempts)")

    def _transaction(self, smtp: smtplib.SMTP, msg: EmailMessage, on_sending: Callable[[], None]) -> None:
        smtp.ehlo_or_helo_if_needed()
        utf8 = smtp.has_extn("smtputf8")
        sender, rcpt = envelope_address(self.s.mail_from, utf8), envelope_address(msg["To"], utf8)
        international = not (sender.isascii() and rcpt.isascii())
        if rcpt != msg["To"]:   # the domain in punycode in the header too: without SMTPUTF8 it must be ASCII
            msg.replace_header("To", rcpt)
        code, resp = smtp.mail(sender, ["SMTPUTF8"] if international else ())
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, resp, sender)
        code, resp = smtp.rcpt(rcpt)
        if code not in (250, 251):
            raise smtplib.SMTPResponseException(code, resp)
        payload = msg.as_bytes(policy=policy.SMTPUTF8 if international else policy.SMTP)
        on_sending()
        try:
            code, resp = smtp.data(payload)
        except smtplib.SMTPResponseException:
            raise            # a clear refusal (e.g. 554): not delivered
        except (OSError, smtplib.SMTPException) as e:
            raise Uncertain(f"the connection to SMTP {self.s.smtp_host}:{self.s.smtp_port} broke while "
                            f"{msg['To']}'s message {msg['Message-ID']} was being handed over "
                            f"({type(e).__name__}: {e})") from None
        if code != 250:   # smtplib returns the final reply to DATA instead of raising
            raise smtplib.SMTPDataError(code, resp)


def alert(s: Settings, subject: str, text: str) -> list[str]:
    """Mails the operators in ``alert_to``; returns what could not be sent (the caller logs it)."""
    problems = []
    with Outbox(s) as outbox:
        for address in s.alert_to:
            msg = EmailMessage()
            msg["Subject"], msg["From"], msg["To"] = subject, s.mail_from, address
            msg["Message-ID"] = make_msgid(domain=s.mail_from.rpartition("@")[2] or "srok.local")
            msg.set_content(text)
            try:
                outbox.deliver(msg, on_sending=lambda: None)
            except (Refused, Uncertain) as e:
                problems.append(str(e))
    return problems
