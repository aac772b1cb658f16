"""Webhook intake: Telegram POSTs each update; it is committed to the inbox before the 200.

PTB's webhook answers 200 before any handler runs, so a crash would lose the update. Here a
small HTTP/1.1 server (behind the clinic's TLS reverse proxy) checks the secret token, commits
the update, answers, and wakes one worker that processes the inbox exactly as polling does.

On stop the webhook stays registered: Telegram keeps queueing updates (and retries the ones
not answered with 200) until Rapport is back, so a restart loses nothing and needs no call.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from http import HTTPStatus
from urllib.parse import urlsplit

from telegram.ext import Application

from bot.services.context import Rapport
from bot.storage import inbox
from bot.tg.intake import ALLOWED_UPDATES, Intake

log = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_BODY = 1024 * 1024  # Telegram's updates are a few KiB; anything bigger is not from it
MAX_HEADERS = 100
READ_TIMEOUT = 10.0  # seconds for a whole request: a stalled client cannot hold a connection


class Reject(Exception):
    """A request refused with this HTTP status; nothing was stored."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class WebhookIntake:
    """Serves Telegram's webhook POSTs and feeds the stored updates to the Application."""

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

    async def run(self, stop: asyncio.Event) -> None:
        """Process what the inbox holds, listen, register the webhook; serve until `stop`."""
        host, port = self.app.settings.webhook_address
        server = await asyncio.start_server(self._serve, host, port)
        worker = asyncio.create_task(self._work())
        stopped = asyncio.create_task(stop.wait())
        try:
            # Listening before setWebhook, so Telegram's first delivery finds the server.
            await self.application.bot.set_webhook(
                self.url,
                secret_token=self._secret.decode(),
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
            log.info("webhook registered; listening on %s:%d", host, port)
            await asyncio.wait({worker, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            server.close()
            await server.wait_closed()
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
            try:
                # Woken by the next POST, or when an update is due for another attempt.
                await asyncio.wait_for(self._wake.wait(), await self.intake.retry_in())
            except TimeoutError:
                pass

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One request per connection: read, check, store, answer, close."""
        method, status, update_id = "?", 400, None
        try:
            method, status, update_id = await self._handle(reader)
        except (TimeoutError, ValueError, asyncio.IncompleteReadError, ConnectionError):
            pass  # a malformed or stalled request: 400, nothing stored
        except Exception as exc:  # the database: no 200, so Telegram delivers it again
            log.error("webhook could not store an update: %s", type(exc).__name__)
            status = 500
        # Never the body, the secret or the raw path (some setups put the token in it).
        level = logging.INFO if status == 200 else logging.WARNING
        shown = "" if update_id is None else f" update {update_id}"
        log.log(level, "webhook %s %d%s", method, status, shown)
        await _respond(writer, status)

    async def _handle(self, reader: asyncio.StreamReader) -> tuple[str, int, int | None]:
        """Check and store one request; returns (method, status, update_id)."""
        async with asyncio.timeout(READ_TIMEOUT):
            method, target, headers = await _read_head(reader)
            try:
                self._check(method, target, headers)
                update_id, payload = _parse(await reader.readexactly(_length(headers)))
            except Reject as exc:
                return method, exc.status, None
        async with self.app.db.tx() as tx:
            await inbox.store(tx, [(update_id, payload)], self.app.clock.now())
        self._wake.set()  # only after the commit: the 200 and the processing both follow it
        return method, 200, update_id

    def _check(self, method: str, target: str, headers: dict[str, bytes]) -> None:
        """Route and secret: raises Reject unless this is Telegram POSTing to our path."""
        if urlsplit(target).path != self.path:
            raise Reject(404)
        if method != "POST":
            raise Reject(405)
        given = headers.get(SECRET_HEADER)
        if given is None:
            raise Reject(401)
        # Constant time: the comparison must not reveal how much of a guess was right.
        if not hmac.compare_digest(given, self._secret):
            raise Reject(403)


async def _read_head(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, bytes]]:
    """The request line and headers (names lower-cased, values as raw bytes)."""
    method, target, version = (await reader.readline()).decode("latin-1").split(" ", 2)
    if not version.startswith("HTTP/1."):
        raise ValueError("not HTTP/1.x")
    headers: dict[str, bytes] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, sep, value = line.partition(b":")
        if not sep or len(headers) >= MAX_HEADERS:
            raise ValueError("bad header")
        headers[name.strip().decode("latin-1").lower()] = value.strip()
    return (method if method.isalpha() and len(method) <= 10 else "?"), target, headers


def _length(headers: dict[str, bytes]) -> int:
    """Content-Length within MAX_BODY; chunked bodies are refused (Telegram never sends them)."""
    if "transfer-encoding" in headers or "content-length" not in headers:
        raise Reject(411)
    if not headers["content-length"].isdigit():
        raise Reject(400)
    length = int(headers["content-length"])
    if length > MAX_BODY:
        raise Reject(413)
    return length


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


async def _respond(writer: asyncio.StreamWriter, status: int) -> None:
    """An empty response; the connection is closed after it."""
    allow = "Allow: POST\r\n" if status == 405 else ""
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\n{allow}"
        "Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    try:
        writer.write(head.encode("ascii"))
        await writer.drain()
        writer.close()
        await writer.wait_closed()
    except OSError:
        pass  # the client left; a stored update stays stored, an unstored one is retried
