"""Wiring PTB to Rapport: the Application, its handlers, the tick job and the intake."""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from bot.config import SettingsError
from bot.logs import quiet_third_party_logs
from bot.services import dispatch, patient
from bot.services.context import Rapport
from bot.services.enrolment import CLINICIAN_COMMANDS, STAFF_COMMANDS
from bot.services.pacing import Pacer
from bot.services.sender import Sender
from bot.storage import outbox, people
from bot.tg import handlers
from bot.tg.intake import Intake
from bot.tg.messenger import TelegramMessenger
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
    application = builder.build()
    app.sender = Sender(app.db, TelegramMessenger(application.bot), app.clock, pacer)
    handlers.register(application, app)
    return application


async def start(application: Application, app: Rapport, sweep_every: float | None = None) -> None:
    """Initialise (getMe), learn the bot's username, start; tick every `sweep_every` seconds.

    Only `rapport run` ticks, on the wall clock (PTB's JobQueue). The tests and the demo move a
    virtual clock and sweep themselves: a wall-clock tick would sweep at whatever virtual time
    it happened to fire, in the middle of their scenario.
    """
    await application.initialize()
    app.bot_username = application.bot.username
    async with app.db.tx() as conn:
        await people.set_meta(conn, "bot_username", application.bot.username)
    stuck = await outbox.orphaned_to_ambiguous(app.db)
    if stuck:
        log.warning("%d sends were interrupted by a stop and are marked ambiguous", stuck)
    await _set_commands(application, app)
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


async def _set_commands(application: Application, app: Rapport) -> None:
    """Telegram's command menu: the patients' per language, and their own for the chats of
    clinicians (/digest) and staff (/patients)."""
    for lang in (None, *app.t.languages):
        shown = lang or app.settings.default_language
        await _menu(application, app, patient.COMMANDS, shown, language_code=lang)
    for chat_id, lang in await people.clinician_chats(app.db):
        await _menu(application, app, CLINICIAN_COMMANDS, lang, scope=BotCommandScopeChat(chat_id))
    for chat_id in await people.staff_chats(app.db):
        lang = app.settings.default_language
        await _menu(application, app, STAFF_COMMANDS, lang, scope=BotCommandScopeChat(chat_id))


async def _menu(
    application: Application, app: Rapport, names: tuple[str, ...], lang: str, **where: object
) -> None:
    commands = [BotCommand(name, app.t(lang, f"cmd-{name}")) for name in names]
    try:
        await application.bot.set_my_commands(commands, **where)  # type: ignore[arg-type]
    except TelegramError as exc:
        # A menu is a convenience: an emulator without the method must not stop the bot.
        log.warning("setMyCommands failed: %s", type(exc).__name__)


async def _tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One sweep: whatever is due in the database is sent."""
    app: Rapport = context.job.data  # type: ignore[union-attr,assignment]
    try:
        await dispatch.sweep(app)
    except Exception:
        # A failing sweep must not stop the ticking; the next one retries from the database.
        log.exception("sweep failed")
    if app.sender is not None:
        await app.sender.kick()


async def run(
    app: Rapport, stop: asyncio.Event, request: BaseRequest | None = None, poll_timeout: int = 30
) -> None:
    """Run the bot until `stop` is set: webhook if TELEGRAM_WEBHOOK_URL is set, else polling."""
    application = build_application(app, request)
    try:
        await start(application, app, sweep_every=app.settings.sweep_seconds)
    except InvalidToken:
        raise SettingsError("TELEGRAM_BOT_TOKEN was refused by the Bot API") from None
    except NetworkError as exc:
        raise SettingsError(
            f"TELEGRAM_API_BASE_URL: the Bot API cannot be reached ({type(exc).__name__})"
        ) from None
    sender = asyncio.create_task(app.sender.run(stop))  # type: ignore[union-attr]
    try:
        if app.settings.telegram_webhook_url:
            await WebhookIntake(application, app).run(stop)
        else:
            await Intake(application, app, poll_timeout).run(stop)
    except InvalidToken:
        raise SettingsError("TELEGRAM_BOT_TOKEN was refused by the Bot API") from None
    finally:
        stop.set()
        await sender
        await application.stop()
        await application.shutdown()
