"""Thin handlers: turn an Update into an Incoming and hand it to a use case."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.services import routes
from bot.services.context import Incoming, Rapport

log = logging.getLogger(__name__)

PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
PRIVATE_EDITED = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
SPINNERS = "rapport.spinners"  # bot_data: the answerCallbackQuery calls under way


def incoming(update: Update) -> Incoming | None:
    """The parts of an update the use cases need; None for updates without a user and chat."""
    chat, user, query = update.effective_chat, update.effective_user, update.callback_query
    if chat is None or user is None:
        return None
    message = update.effective_message
    return Incoming(
        update_id=update.update_id,
        chat_id=chat.id,
        user_id=user.id,
        language_code=user.language_code,
        text=message.text if message is not None and query is None else None,
        callback_id=query.id if query else None,
        callback_data=query.data if query else None,
        message_id=query.message.message_id if query and query.message else None,
        caption=message.caption if message is not None and query is None else None,
        user_name=user.full_name,
    )


def register(application: Application, app: Rapport) -> None:
    """Add Rapport's handlers; order matters: commands before the catch-all message handler."""

    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start [TOKEN]: enrolment by invite link."""
        msg = incoming(update)
        if msg is not None:
            payload = context.args[0] if context.args else None
            await routes.on_start(app, msg, payload)

    async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any inline button: decoded by the one codec, routed by kind."""
        msg, query = incoming(update), update.callback_query
        if query is None:
            return
        if msg is None:  # a button outside any chat (inline mode): nothing to do but answer
            await _answer(query, None)
            return
        toast = await routes.on_callback(app, msg)

        async def spin() -> None:
            # Not awaited here: the intake handles updates one at a time, and a round trip to
            # Telegram per tap would bound the answers a second by 1 / latency.
            task = context.application.create_task(_answer(query, toast))
            under_way = spinners(context.application)
            under_way.add(task)
            task.add_done_callback(under_way.discard)

        # Once the tap's effects are committed (with the updates that came with it).
        await app.db.after_commit([spin])

    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Everything else a person sends in a private chat."""
        msg = incoming(update)
        if msg is not None:
            await routes.on_message(app, msg)

    async def on_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The user blocked or unblocked the bot in their private chat."""
        change, msg = update.my_chat_member, incoming(update)
        if change is None or msg is None or change.chat.type != ChatType.PRIVATE:
            return
        blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
        await routes.on_member(app, msg, blocked)

    application.add_handler(ChatMemberHandler(on_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(CommandHandler("start", on_start, filters=PRIVATE_MESSAGE))
    application.add_handler(CallbackQueryHandler(on_callback))

    async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message: scanned for risk, otherwise left as it was answered."""
        msg = incoming(update)
        if msg is not None:
            await routes.on_edited(app, msg)

    application.add_handler(MessageHandler(PRIVATE_MESSAGE, on_message))
    application.add_handler(MessageHandler(PRIVATE_EDITED, on_edited))
    application.add_error_handler(on_error)


def spinners(application: Application) -> set[asyncio.Task[None]]:
    """The answerCallbackQuery calls started and not yet done."""
    found: set[asyncio.Task[None]] = application.bot_data.setdefault(SPINNERS, set())
    return found


async def settle_spinners(application: Application) -> None:
    """Wait until every spinner answered so far is done (a failure was logged by _answer)."""
    while under_way := spinners(application):
        await asyncio.gather(*list(under_way), return_exceptions=True)


async def _answer(query: CallbackQuery, toast: str | None) -> None:
    """Stop the button's spinner, with a short toast when there is one."""
    try:
        await query.answer(toast)
    except TelegramError as exc:
        # The spinner stops by itself; the tap's effect is already stored.
        log.info("answerCallbackQuery failed: %s", type(exc).__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure by type and place only: exception messages may quote patient text."""
    exc = context.error
    tb = exc.__traceback__ if exc else None
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
    log.error("handler failed: %s at %s", type(exc).__name__, where)
