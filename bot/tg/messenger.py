"""The Messenger port over a PTB Bot, translating Telegram's errors into the port's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

import httpx
from telegram import Bot, BotCommand, BotCommandScopeChat, Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.domain.outgoing import Commands, Document, Edit, Outgoing, Photo, Text
from bot.services.ports import Ambiguous, Blocked, Rejected, RetryLater, Transient
from bot.tg import api

T = TypeVar("T")
# Timeouts before the request left (PTB raises TimedOut for them too): nothing can have been
# delivered, so they are retried like a refused connection rather than left ambiguous.
_NEVER_LEFT = (httpx.ConnectTimeout, httpx.PoolTimeout)


async def _translate(call: Callable[[], Awaitable[T]]) -> T:
    try:
        return await call()
    except RetryAfter as exc:
        wait = exc.retry_after
        raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else wait) from exc
    except Forbidden as exc:
        raise Blocked(exc.message) from exc
    except TimedOut as exc:
        if isinstance(exc.__cause__, _NEVER_LEFT):
            raise Transient(exc.message) from exc
        # The request may have reached Telegram: resending could duplicate the message.
        raise Ambiguous(exc.message) from exc
    except BadRequest as exc:
        if "chat not found" in exc.message.lower():
            raise Blocked(exc.message) from exc
        if "not modified" in exc.message.lower():
            return None  # type: ignore[return-value]  # an edit to what is already shown
        raise Rejected(exc.message) from exc
    except ChatMigrated as exc:
        raise Rejected(exc.message) from exc
    except NetworkError as exc:
        raise Transient(exc.message) from exc
    except TelegramError as exc:
        raise Rejected(exc.message) from exc


def _text(m: Text | Edit) -> dict[str, Any]:
    """A message's text, keyboard and parse mode as the Bot API's parameters."""
    return {
        "text": m.text,
        "reply_markup": api.inline_keyboard(m.keyboard),
        "parse_mode": ParseMode.HTML if m.html else None,
    }


class TelegramMessenger:
    """Sends through the Application's bot: each message kind is one Bot API call. Texts and
    edits, every answer's call, go raw (bot.tg.api): only the reply's message_id is read."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        api.quiet()

    async def send(self, chat_id: int | None, message: Outgoing) -> int | None:
        sent: Any = await _translate(lambda: self._call(chat_id, message))
        if isinstance(sent, dict):
            return int(sent["message_id"])
        return sent.message_id if isinstance(sent, Message) else None

    def _call(self, chat_id: int | None, m: Outgoing) -> Awaitable[Any]:
        bot = self.bot
        if isinstance(m, Commands):
            scope = BotCommandScopeChat(chat_id) if chat_id is not None else None
            commands = [BotCommand(name, text) for name, text in m.commands]
            return bot.set_my_commands(commands, scope=scope, language_code=m.language)
        assert chat_id is not None, "only a command menu goes to no chat"
        if isinstance(m, Text):
            return api.call(bot, "sendMessage", {"chat_id": chat_id, **_text(m)})
        if isinstance(m, Edit):
            params = {"chat_id": chat_id, "message_id": m.message_id, **_text(m)}
            return api.call(bot, "editMessageText", params)
        if isinstance(m, Document):
            return bot.send_document(chat_id, m.data, filename=m.filename, caption=m.caption)
        assert isinstance(m, Photo)
        return bot.send_photo(chat_id, m.data, caption=m.caption)
