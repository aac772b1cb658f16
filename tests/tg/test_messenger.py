"""Telegram's failures as the port's: only a call that may have reached Telegram is ambiguous."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.domain.outgoing import Edit, Text
from bot.sandbox import SandboxRequest, TelegramState
from bot.services.ports import Ambiguous, SendError, Transient
from bot.tg.messenger import TelegramMessenger


async def _send_failing_with(error: Exception) -> None:
    """A send through PTB's own HTTPX request, whose transport raises `error`."""

    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    request = HTTPXRequest(httpx_kwargs={"transport": httpx.MockTransport(fail)})
    await TelegramMessenger(Bot("123:ABC", request=request)).send(1, Text("hello"))


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (httpx.ConnectTimeout("connect"), Transient),  # never left: retried
        (httpx.PoolTimeout("pool"), Transient),
        (httpx.ConnectError("refused"), Transient),
        (httpx.ReadTimeout("read"), Ambiguous),  # may have been delivered
        (httpx.WriteTimeout("write"), Ambiguous),
    ],
)
async def test_timeouts_before_the_request_left_are_retried(
    error: Exception, outcome: type[SendError]
) -> None:
    with pytest.raises(outcome):
        await _send_failing_with(error)


async def test_texts_and_edits_go_raw_with_their_keyboard_and_give_the_message_id() -> None:
    """sendMessage and editMessageText skip PTB's objects (bot.tg.api), not their parameters."""
    state = TelegramState()
    state.user(5).start()
    bot = Bot("123:ABC", request=SandboxRequest(state))
    messenger = TelegramMessenger(bot)
    keyboard = ((("Yes", "c:1:0:0"), ("No", "c:1:0:1")),)
    sent = await messenger.send(5, Text("<b>Asked</b>", keyboard, html=True))
    assert sent is not None
    assert await messenger.send(5, Edit(sent, "Answered")) == sent
    assert await messenger.send(5, Edit(sent, "Answered")) is None  # not modified: no error
    send, edit = [c for c in state.calls if c.method in ("sendMessage", "editMessageText")][:2]
    buttons = [
        [{"text": "Yes", "callback_data": "c:1:0:0"}, {"text": "No", "callback_data": "c:1:0:1"}]
    ]
    assert send.params == {
        "chat_id": 5,
        "text": "<b>Asked</b>",
        "parse_mode": "HTML",
        "reply_markup": {"inline_keyboard": buttons},
    }
    assert edit.params == {"chat_id": 5, "message_id": sent, "text": "Answered"}  # no keyboard
    shown = state.user(5).last()
    assert (shown.text, shown.reply_markup) == ("Answered", None)
