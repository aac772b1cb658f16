"""Telegram's failures as the port's: only a call that may have reached Telegram is ambiguous."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.domain.outgoing import Text
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
