"""Bot API calls whose reply Rapport reads as Telegram's JSON, not as PTB's objects.

They go through PTB all the same (`Bot.do_api_request`): its request layer and HTTP client,
the Application's rate limiter, the bot's base URL (TELEGRAM_API_BASE_URL) and Telegram's
errors raised as PTB's exceptions. What is skipped is building telegram objects for the
arguments and from the reply (a Message with its keyboard, for every edit): about a quarter
of an answer's edit call in CPU (issue 14), for a reply of which Rapport reads only the
message_id.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from bot.domain.outgoing import Keyboard


def quiet() -> None:
    """PTB warns at every do_api_request for a method it has a function of its own for; here
    the raw reply is the point. Called by whoever makes such calls, when it is set up (a
    filter added at import would not outlive pytest's collection)."""
    warnings.filterwarnings(
        "ignore",
        message=r"Please use 'Bot\.(getUpdates|sendMessage|editMessageText)'",
        category=PTBUserWarning,
    )


async def call(
    bot: Bot, method: str, params: dict[str, Any], read_timeout: float | None = None
) -> Any:
    """`method` with `params` (None values left out, as PTB does); the result as JSON."""
    timeout: Any = BaseRequest.DEFAULT_NONE if read_timeout is None else read_timeout
    return await bot.do_api_request(method, api_kwargs=params, read_timeout=timeout)


def inline_keyboard(keyboard: Keyboard) -> dict[str, Any] | None:
    """Rows of (label, data) as Telegram's InlineKeyboardMarkup; None for no keyboard."""
    if not keyboard:
        return None
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in keyboard
        ]
    }
