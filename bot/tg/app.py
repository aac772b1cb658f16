"""Wiring PTB to Rapport: the Application, its handlers, the tick and the intake."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import socket
from dataclasses import replace
from typing import TYPE_CHECKING

import httpx
from starlette.types import ASGIApp
from telegram.error import InvalidToken, NetworkError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import SettingsError
from bot.domain.outgoing import Commands
from bot.logs import quiet_third_party_logs
from bot.services import digests, dispatch, enrolment, escalation, patient
from bot.services.context import Rapport
from bot.services.lease import SenderLease
from bot.services.pacing import Pacer
from bot.services.ports import SendError
from bot.services.sender import Sender
from bot.services.worker import Worker
from bot.storage import people
from bot.storage.records import Clinician, Staff
from bot.tg import handlers
from bot.tg.intake import Intake
from bot.tg.messenger import TelegramMessenger
from bot.web import server
from bot.web.app import build

if TYPE_CHECKING:
    from bot.tg.webhook import WebhookIntake

log = logging.getLogger(__name__)


def build_application(
    app: Rapport, request: BaseRequest | None = None, pacer: Pacer | None = None
) -> Application:
    """The real PTB Application, with no Updater: Rapport's intake replaces its polling."""
    quiet_third_party_logs()
    builder = (
        ApplicationBuilder()
        .token(app.settings.token())
        .base_url(app.settings.telegram_api_base_url)
        .updater(None)
        # The sender paces overall and per chat itself; PTB's limiter keeps group limits
        # (an on-call group) and re-raises RetryAfter for the sender to record.
        .rate_limiter(AIORateLimiter(overall_max_rate=0, max_retries=0))
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        calls, polls = _requests()
        builder = builder.request(calls).get_updates_request(polls)
    application = builder.build()
    messenger = TelegramMessenger(application.bot)
    escalate = functools.partial(escalation.undelivered, app)
    # Several instances may serve one PostgreSQL database; SQLite's file has one by design.
    shared = app.db.dialect.name == "postgresql"
    lease = SenderLease(app.db, app.clock, app.settings.lease_seconds, shared=shared)
    app.sender = Sender(app.db, messenger, app.clock, pacer, escalate, lease=lease)
    app.digests = Worker(lambda: digests.deliver(app), every=5.0)
    handlers.register(application, app)
    return application


def _requests() -> tuple[HTTPXRequest, HTTPXRequest]:
    """PTB's two default HTTP clients (Bot API calls; getUpdates), sharing one TLS context:
    each context loads the CA bundle again: about 1 MB of `rapport run` for the same thing.
    Otherwise as ApplicationBuilder makes them: 256 connections for calls, 1 for polling."""
    shared = {"verify": httpx.create_ssl_context()}
    return (
        HTTPXRequest(connection_pool_size=256, httpx_kwargs=shared),
        HTTPXRequest(connection_pool_size=1, httpx_kwargs=shared),
    )


async def start(application: Application, app: Rapport, sweep_every: float | None = None) -> None:
    """Initialise (getMe), learn the bot's username, start; tick every `sweep_every` seconds.

    Only `rapport run` ticks, on the wall clock (PTB's JobQueue). The tests and the demo move a
    virtual clock and sweep themselves: a wall-clock tick would sweep at whatever virtual time
    it happened to fire, in the middle of their scenario.
    """
    await application.initialize()
    app.bot_username = application.bot.username
    async with app.db.tx() as tx:
        await people.set_meta(tx, "bot_username", application.bot.username)
    assert app.sender is not None
    # The sends a stop left unfinished are settled by whoever holds the sender's lease: here
    # with SQLite; with PostgreSQL, the instance that takes it (perhaps another, later).
    await app.sender.lease.start()
    await _set_commands(app)
    await application.start()
    if sweep_every is not None:
        _tick_every(application, app, sweep_every)


def _tick_every(application: Application, app: Rapport, seconds: float) -> None:
    if application.job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    application.job_queue.run_repeating(
        _tick,
        interval=seconds,
        first=1,
        name="sweep",
        data=app,
        job_kwargs={"misfire_grace_time": None, "coalesce": True},
    )


async def _set_commands(app: Rapport) -> None:
    """Telegram's command menu: the patients' per language, and their own for the chats of
    clinicians (/digest) and staff (/patients). Only the menus that changed since they were
    last set, or are new: one call per clinician and staff chat at every start was hundreds
    of calls (issue 14). A failed call is not remembered, so the next start tries again."""
    assert app.sender is not None
    async with app.db.read() as tx:
        clinicians = await people.clinician_chats(tx)
        staff = await people.staff_members(tx)
        known = await people.menus_set(tx)
    done: dict[str, str] = {}
    for chat_id, menu in _menus(app, clinicians, staff):
        scope = f"all:{menu.language or ''}" if chat_id is None else str(chat_id)
        digest = _digest(app, menu)
        if known.get(scope) == digest:
            continue
        try:
            await app.sender.messenger.send(chat_id, menu)
        except SendError as exc:
            # A menu is a convenience: an emulator without the method must not stop the bot.
            log.warning("setMyCommands failed: %s", type(exc).__name__)
            continue
        done[scope] = digest
    if done:
        async with app.db.tx() as tx:
            await people.menus_were_set(tx, done)


def _menus(
    app: Rapport, clinicians: list[Clinician], staff: list[Staff]
) -> list[tuple[int | None, Commands]]:
    default = app.settings.default_language
    menus: list[tuple[int | None, Commands]] = [
        (None, replace(enrolment.menu(app, patient.COMMANDS, lang or default), language=lang))
        for lang in (None, *app.t.languages)
    ]
    menus += [
        (c.chat_id, enrolment.menu(app, enrolment.CLINICIAN_COMMANDS, c.language))
        for c in clinicians
    ]
    # A private chat's id is the user's id.
    menus += [
        (s.telegram_id, enrolment.menu(app, enrolment.STAFF_COMMANDS, default)) for s in staff
    ]
    return menus


def _digest(app: Rapport, menu: Commands) -> str:
    """What a menu is, for this bot: another bot on the same database sets every menu again."""
    text = json.dumps([app.bot_username, menu.language, menu.commands], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


async def _tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One sweep: whatever is due in the database is sent."""
    app: Rapport = context.job.data  # type: ignore[union-attr,assignment]
    try:
        await dispatch.sweep(app)
    except Exception as exc:
        # A failing sweep must not stop the ticking; the next one retries from the database.
        log.error("sweep failed: %s", type(exc).__name__)
    if app.sender is not None:
        await app.sender.kick()


async def run(
    app: Rapport,
    stop: asyncio.Event,
    request: BaseRequest | None = None,
    poll_timeout: int = 30,
    web: socket.socket | None = None,
) -> None:
    """Run the bot until `stop` is set: webhook if TELEGRAM_WEBHOOK_URL is set, else polling.

    `web`, a bound socket, serves the web view (and the webhook's route) in this loop; the
    webhook needs it.
    """
    if app.settings.telegram_webhook_url and web is None:
        raise ValueError("the webhook is served by the web view: pass its socket")
    application = build_application(app, request)
    try:
        await start(application, app, sweep_every=app.settings.sweep_seconds)
    except InvalidToken:
        raise SettingsError("TELEGRAM_BOT_TOKEN was refused by the Bot API") from None
    except NetworkError as exc:
        raise SettingsError(
            f"TELEGRAM_API_BASE_URL: the Bot API cannot be reached ({type(exc).__name__})"
        ) from None
    assert app.sender is not None and app.digests is not None
    webhook = _webhook(application, app) if app.settings.telegram_webhook_url else None
    workers = [
        asyncio.create_task(app.sender.run(stop)),
        asyncio.create_task(app.sender.lease.run(stop)),
        asyncio.create_task(app.digests.run(stop)),
    ]
    try:
        if web is not None:
            routes = [webhook.route()] if webhook is not None else []
            workers.append(await _serving(app, build(app, routes), web, stop))
        if webhook is not None:
            await webhook.run(stop)
        else:
            await Intake(application, app, poll_timeout).run(stop)
    except InvalidToken:
        raise SettingsError("TELEGRAM_BOT_TOKEN was refused by the Bot API") from None
    finally:
        stop.set()
        await asyncio.gather(*workers)
        await finish(application, app)


async def finish(application: Application, app: Rapport) -> None:
    """A clean stop, once the workers have ended: the sender's last calls are recorded, so
    another instance (or this one's next start) may send at once rather than after the lease."""
    if app.sender is not None:
        await app.sender.lease.release()
    await application.stop()
    await application.shutdown()


def _webhook(application: Application, app: Rapport) -> WebhookIntake:
    """The webhook's intake, imported only when configured: polling never needs it (issue 14)."""
    from bot.tg.webhook import WebhookIntake

    return WebhookIntake(application, app)


async def _serving(
    app: Rapport, web: ASGIApp, sock: socket.socket, stop: asyncio.Event
) -> asyncio.Task[None]:
    """Serve the web view; returns its task once it listens (or has ended: a stop during
    start-up, or an error that the task holds)."""
    listening = asyncio.Event()

    def ready(url: str) -> None:
        shown = f" (public address {app.settings.web_url})" if app.settings.web_url else ""
        log.info("web view listening on %s%s", url, shown)
        listening.set()

    task = asyncio.create_task(server.serve(web, sock, stop, ready))
    # The web view ending (an error) stops the bot too: its error is raised by run's gather.
    task.add_done_callback(lambda _: stop.set())
    waiting = asyncio.create_task(listening.wait())
    await asyncio.wait({task, waiting}, return_when=asyncio.FIRST_COMPLETED)
    waiting.cancel()
    return task
