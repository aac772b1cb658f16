"""Serving the web view with uvicorn inside Rapport's own event loop.

The bot, its workers and the web view share one loop and one database connection; `rapport
run` owns the signals, so uvicorn's own handling is switched off and a `stop` event ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Callable, Iterator

import uvicorn
from starlette.types import ASGIApp

from bot.config import SettingsError
from bot.services.context import Rapport

log = logging.getLogger(__name__)

# uvicorn says at INFO what `rapport run` says itself (started, listening, shutting down).
UVICORN_FLOOR = logging.WARNING
# How long a stop waits for requests in progress (a form being posted) before ending them.
GRACE_SECONDS = 10


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = asyncio.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.listening.set()

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # the caller's stop event ends the server, not SIGINT/SIGTERM directly


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port, as tests and the try-it page use)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


async def serve(
    web: ASGIApp,
    sock: socket.socket,
    stop: asyncio.Event,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve `web` on a bound socket until `stop` is set; `on_ready(url)` once it listens."""
    uvicorn_log = logging.getLogger("uvicorn")
    if uvicorn_log.getEffectiveLevel() < UVICORN_FLOOR:
        uvicorn_log.setLevel(UVICORN_FLOOR)
    config = uvicorn.Config(
        web,
        lifespan="off",
        # Paths carry sign-in tokens: no access log (the audit trail says who saw what).
        access_log=False,
        log_config=None,
        server_header=False,
        # X-Forwarded-Proto/-For from the reverse proxy on this machine (forwarded_allow_ips
        # defaults to 127.0.0.1), so that https is known behind it.
        proxy_headers=True,
        timeout_graceful_shutdown=GRACE_SECONDS,
    )
    server = _Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    stopped = asyncio.create_task(stop.wait())
    listening = asyncio.create_task(server.listening.wait())
    try:
        await asyncio.wait({task, listening, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if server.listening.is_set() and on_ready is not None:
            on_ready(url_of(sock))
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        server.should_exit = True
        stopped.cancel()
        listening.cancel()
        await task


def listen(app: Rapport, public: bool = True) -> socket.socket:
    """The web view's socket, bound before anything else starts: a port in use stops
    start-up with one line. Port 0 (any free port) becomes the port found, so that the
    links /web sends work without RAPPORT_WEB_URL (which only a `public` server, behind a
    proxy, is warned about)."""
    host, port = app.settings.web_address
    try:
        sock = bind(host, port)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SettingsError(
            f"RAPPORT_WEB_LISTEN: cannot listen on {host}:{port} ({reason})"
        ) from None
    if port == 0:
        found = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        app.settings = app.settings.model_copy(update={"web_listen": f"{shown}:{found}"})
    if public and not app.settings.web_url:
        log.warning(
            "RAPPORT_WEB_URL is not set: /web sends links to %s (set it to the address"
            " your reverse proxy serves)",
            app.settings.web_base,
        )
    return sock
