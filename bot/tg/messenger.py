"""The Messenger port over a PTB Bot, translating Telegram's errors into the port's."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
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

from bot.services.ports import Ambiguous, Blocked, Keyboard, Rejected, RetryLater, Transient

T = TypeVar("T")


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    """Rows of (label, data) as Telegram's inline keyboard."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in keyboard
        ]
    )


async def _translate(call: Callable[[], Awaitable[T]]) -> T:
    try:
        return await call()
    except RetryAfter as exc:
        wait = exc.retry_after
        raise RetryLater(wait.total_seconds() if isinstance(wait, timedelta) else wait) from exc
    except Forbidden as exc:
        raise Blocked(exc.message) from exc
    except TimedOut as exc:
        # The request may have reached Telegram: resending could duplicate the message.
        raise Ambiguous(exc.message) from exc
    except BadRequest as exc:
        if "chat not found" in exc.message.lower():
            raise Blocked(exc.message) from exc
        raise Rejected(exc.message) from exc
    except ChatMigrated as exc:
        raise Rejected(exc.message) from exc
    except NetworkError as exc:
        raise Transient(exc.message) from exc
    except TelegramError as exc:
        raise Rejected(exc.message) from exc


class TelegramMessenger:
    """Sends through the Application's bot."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(
        self, chat_id: int, text: str, *, keyboard: Keyboard | None = None, html: bool = False
    ) -> int:
        message = await _translate(
            lambda: self.bot.send_message(
                chat_id,
                text,
                reply_markup=markup(keyboard),
                parse_mode=ParseMode.HTML if html else None,
            )
        )
        return message.message_id

    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        keyboard: Keyboard | None = None,
        html: bool = False,
    ) -> None:
        try:
            await _translate(
                lambda: self.bot.edit_message_text(
                    text,
                    chat_id=chat_id,
                    message_id=message_id,
                    reply_markup=markup(keyboard),
                    parse_mode=ParseMode.HTML if html else None,
                )
            )
        except Rejected as exc:
            if "not modified" not in str(exc):
                raise

    async def send_document(
        self, chat_id: int, filename: str, data: bytes, *, caption: str | None = None
    ) -> int:
        message = await _translate(
            lambda: self.bot.send_document(chat_id, data, filename=filename, caption=caption)
        )
        return message.message_id

    async def send_photo(self, chat_id: int, data: bytes, *, caption: str | None = None) -> int:
        message = await _translate(lambda: self.bot.send_photo(chat_id, data, caption=caption))
        return message.message_id

    async def set_commands(
        self, commands: list[tuple[str, str]], language: str | None, chat_id: int | None = None
    ) -> None:
        """The command menu for a language, or for one chat."""
        scope = BotCommandScopeChat(chat_id) if chat_id is not None else None
        await _translate(
            lambda: self.bot.set_my_commands(
                [BotCommand(name, description) for name, description in commands],
                scope=scope,
                language_code=language,
            )
        )
