"""Webhook intake: Telegram POSTs each update; it is committed to the inbox before the 200.

PTB's webhook answers 200 before any handler runs, so a crash would lose the update. Here the
webhook is one route of the web view's ASGI app (one server, one port behind the clinic's TLS
reverse proxy): it checks the secret token, commits the update, answers, and wakes one worker
that processes the inbox exactly as polling does.

Several instances may share one PostgreSQL database behind a load balancer: each stores what
it receives (a redelivered update_id is a no-op), and each update is handled by the one
instance whose transaction took it from the inbox (`inbox.take`).

On stop the webhook stays registered: Telegram keeps queueing updates (and retries the ones
not answered with 200) until Rapport is back, so a restart loses nothing and needs no call.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from urllib.parse import urlsplit

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from telegram.ext import Application

from bot.services.context import Rapport
from bot.storage import inbox
from bot.tg.intake import ALLOWED_UPDATES, Intake

log = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_BODY = 1024 * 1024  # Telegram's updates are a few KiB; anything bigger is not from it
READ_TIMEOUT = 10.0  # seconds for a body: a stalled client cannot hold a request open
# Seconds between looks at the inbox with no POST: updates stored by another instance that
# died before handling them wait no longer than this (one cheap read on an idle bot).
RECHECK = 10.0


class Reject(Exception):
    """A request refused with this HTTP status; nothing was stored."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class WebhookIntake:
    """Telegram's webhook POSTs (`route`, served by the web view) feeding the Application."""

    def __init__(self, application: Application, app: Rapport) -> None:
        url, secret = app.settings.telegram_webhook_url, app.settings.telegram_webhook_secret
        if not url or secret is None:
            raise ValueError("webhook mode needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET")
        self.application = application
        self.app = app
        self.intake = Intake(application, app)
        self.url = url
        self.path = urlsplit(url).path or "/"
        self._secret = secret.get_secret_value().encode()
        self._wake = asyncio.Event()
        self._closing = False

    def route(self) -> Route:
        """The webhook's route, at TELEGRAM_WEBHOOK_URL's path (other methods: 405)."""
        return Route(self.path, self._endpoint, methods=["POST"])

    async def run(self, stop: asyncio.Event) -> None:
        """Process what the inbox holds, register the webhook; process until `stop`.

        The web view serving `route` must be listening already, so that Telegram's first
        delivery after setWebhook finds it.
        """
        worker = asyncio.create_task(self._work())
        stopped = asyncio.create_task(stop.wait())
        try:
            await self.application.bot.set_webhook(
                self.url,
                secret_token=self._secret.decode(),
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
            log.info("webhook registered")  # not its URL: some setups put a token in the path
            await asyncio.wait({worker, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            # The drain in progress finishes; what is stored but unprocessed waits for the
            # next start, which processes the inbox first.
            self._closing = True
            self._wake.set()
            await worker

    async def _work(self) -> None:
        """The only task that processes updates, so handlers never run concurrently."""
        while True:
            self._wake.clear()
            await self.intake.drain()
            if self._closing:
                return
            retry_in = await self.intake.retry_in()
            wait = RECHECK if retry_in is None else min(retry_in, RECHECK)
            try:
                # Woken by the next POST, when an update is due for another attempt, or to look
                # again: an instance sharing the database may have stored updates and died.
                await asyncio.wait_for(self._wake.wait(), wait)
            except TimeoutError:
                pass

    async def _endpoint(self, request: Request) -> Response:
        """One POST: check, store, answer (200 only once the update is committed)."""
        status, update_id = 400, None
        try:
            status, update_id = await self._handle(request)
        except (TimeoutError, ClientDisconnect):
            pass  # a stalled or vanished client: 400, nothing stored
        except Exception as exc:  # the database: no 200, so Telegram delivers it again
            log.error("webhook could not store an update: %s", type(exc).__name__)
            status = 500
        # Never the body, the secret or the raw path (some setups put the token in it).
        level = logging.INFO if status == 200 else logging.WARNING
        shown = "" if update_id is None else f" update {update_id}"
        log.log(level, "webhook POST %d%s", status, shown)
        return Response(status_code=status)

    async def _handle(self, request: Request) -> tuple[int, int | None]:
        """Check and store one request; returns (status, update_id)."""
        try:
            self._check(request)
            async with asyncio.timeout(READ_TIMEOUT):
                body = await _body(request, _length(request))
            update_id, payload = _parse(body)
        except Reject as exc:
            return exc.status, None
        async with self.app.db.tx() as tx:
            await inbox.store(tx, [(update_id, payload)], self.app.clock.now())
        self._wake.set()  # only after the commit: the 200 and the processing both follow it
        return 200, update_id

    def _check(self, request: Request) -> None:
        """The secret: raises Reject unless this is Telegram (the route checked path, method)."""
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            raise Reject(401)
        # Constant time: the comparison must not reveal how much of a guess was right.
        if not hmac.compare_digest(given.encode("latin-1"), self._secret):
            raise Reject(403)


def _length(request: Request) -> int:
    """Content-Length within MAX_BODY; chunked bodies are refused (Telegram never sends them)."""
    headers = request.headers
    if "transfer-encoding" in headers or "content-length" not in headers:
        raise Reject(411)
    if not headers["content-length"].isdigit():
        raise Reject(400)
    length = int(headers["content-length"])
    if length > MAX_BODY:
        raise Reject(413)
    return length


async def _body(request: Request, length: int) -> bytes:
    """The body, never more than its announced length (the server enforces it as well)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > length:
            raise Reject(400)
    return bytes(body)


def _parse(body: bytes) -> tuple[int, str]:
    """(update_id, JSON text to store) from an Update body; Reject(400) otherwise."""
    try:
        update = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Reject(400) from None
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if type(update_id) is not int or update_id < 0:
        raise Reject(400)
    return update_id, json.dumps(update, ensure_ascii=False)
