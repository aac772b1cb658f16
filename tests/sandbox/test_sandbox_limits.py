"""Telegram's flood limits in the sandbox (limits=TELEGRAM) and its added latency, on a fake
monotonic clock: nothing here waits for real time to pass."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from telegram import Bot
from telegram.error import RetryAfter
from telegram.request import HTTPXRequest

from bot.sandbox import SandboxServer, TelegramState
from bot.sandbox.limits import TELEGRAM, FloodLimiter, Limits, counted
from tests.timing import GUARD

TOKEN = "123:ABC"


class FakeMonotonic:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def tick() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def state(tick: FakeMonotonic) -> TelegramState:
    return TelegramState(limits=TELEGRAM, monotonic=tick)


def send(state: TelegramState, chat_id: int, text: str = "hi") -> dict:
    return state.call("sendMessage", {"chat_id": chat_id, "text": text})


def users(state: TelegramState, count: int) -> list[int]:
    """`count` private chats that wrote /start, so the bot may write to them."""
    ids = [2000 + i for i in range(count)]
    for user_id in ids:
        state.user(user_id).start()
    return ids


def too_many(wait: int) -> dict:
    return {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {wait}",
        "parameters": {"retry_after": wait},
    }


def test_telegram_limits_are_the_documented_ones() -> None:
    assert TELEGRAM == Limits(per_second=30, per_chat_second=1, per_group_minute=20)


def test_thirty_calls_a_second_pass_and_the_31st_is_told_to_retry(
    state: TelegramState, tick: FakeMonotonic
) -> None:
    chats = users(state, 31)
    for chat in chats[:30]:
        tick.now += 0.01
        assert send(state, chat)["ok"]

    assert send(state, chats[30]) == too_many(1)
    tick.now += 0.7  # the first call of the window is 1 s old at +0.71: still inside
    assert send(state, chats[30]) == too_many(1)
    tick.now += 0.02
    assert send(state, chats[30])["ok"]  # the oldest call left the sliding second
    assert state.refused_429 == 2
    assert state.counted_calls == 31


def test_one_call_a_second_per_private_chat(state: TelegramState, tick: FakeMonotonic) -> None:
    ana, ben = users(state, 2)
    assert send(state, ana)["ok"]
    tick.now += 0.5
    assert send(state, ana) == too_many(1)
    assert send(state, ben)["ok"]  # another chat is not held back
    tick.now += 0.5
    assert send(state, ana)["ok"]


def test_twenty_a_minute_per_group(state: TelegramState, tick: FakeMonotonic) -> None:
    group = state.group("On call")
    for i in range(20):
        assert state.call("sendMessage", {"chat_id": group.chat_id, "text": str(i)})["ok"]

    assert state.call("sendMessage", {"chat_id": group.chat_id, "text": "x"}) == too_many(60)
    tick.now += 59.5
    assert state.call("sendMessage", {"chat_id": group.chat_id, "text": "x"}) == too_many(1)
    tick.now += 0.5
    assert state.call("sendMessage", {"chat_id": group.chat_id, "text": "x"})["ok"]


def test_a_refused_call_changes_nothing_and_is_counted(
    state: TelegramState, tick: FakeMonotonic
) -> None:
    (ana,) = users(state, 1)
    sent = send(state, ana, "first")["result"]
    counted_before = state.counted_calls

    refused = state.call(
        "editMessageText", {"chat_id": ana, "message_id": sent["message_id"], "text": "edited"}
    )
    assert refused == too_many(1)
    assert send(state, ana, "second") == too_many(1)

    assert [m.text for m in state.chat_messages(ana, outgoing=True)] == ["first"]
    assert state.refused_429 == 2
    assert state.counted_calls == counted_before  # a refusal does not fill the window
    tick.now += 1
    assert send(state, ana, "second")["ok"]


def test_calls_that_write_nothing_are_never_refused(
    state: TelegramState, tick: FakeMonotonic
) -> None:
    chats = users(state, 30)
    for chat in chats:
        assert send(state, chat)["ok"]
    assert send(state, chats[0])["error_code"] == 429

    for _ in range(50):
        assert state.call("getMe")["ok"]
        assert state.call("getUpdates", {"timeout": 0})["ok"]
        assert state.call("setMyCommands", {"commands": [{"command": "a", "description": "b"}]})[
            "ok"
        ]
        assert state.call("sendChatAction", {"chat_id": chats[0], "action": "typing"})["ok"]
    assert state.refused_429 == 1


def test_which_methods_count() -> None:
    for method in ("sendMessage", "sendDocument", "editMessageText", "copyMessage"):
        assert counted(method)
    for method in ("deleteMessage", "forwardMessage", "editMessageReplyMarkup"):
        assert counted(method)
    for method in ("getUpdates", "getMe", "answerCallbackQuery", "setMyCommands"):
        assert not counted(method)
    for method in ("setChatMenuButton", "sendChatAction", "deleteWebhook", "getFile"):
        assert not counted(method)


def test_by_default_the_sandbox_enforces_no_limit(tick: FakeMonotonic) -> None:
    state = TelegramState(monotonic=tick)
    (ana,) = users(state, 1)
    assert all(send(state, ana)["ok"] for _ in range(100))
    assert state.refused_429 == 0 and state.counted_calls == 0


def test_a_zero_limit_is_no_limit(tick: FakeMonotonic) -> None:
    state = TelegramState(limits=Limits(per_second=30, per_chat_second=0), monotonic=tick)
    (ana,) = users(state, 1)
    assert all(send(state, ana)["ok"] for _ in range(30))
    assert send(state, ana)["error_code"] == 429


def test_idle_chats_are_forgotten(tick: FakeMonotonic) -> None:
    limiter = FloodLimiter(Limits(per_second=0), tick)
    for chat in range(1, 3000):
        assert limiter.admit("sendMessage", chat) == 0
    tick.now += 2
    for chat in range(3000, 5000):
        assert limiter.admit("sendMessage", chat) == 0
    assert len(limiter._chats) < 3000  # the windows of the quiet chats were dropped


# --- over HTTP, through PTB


def _request() -> HTTPXRequest:
    return HTTPXRequest(
        connect_timeout=GUARD, read_timeout=GUARD, write_timeout=GUARD, pool_timeout=GUARD
    )


@pytest.fixture
def server(state: TelegramState) -> Iterator[SandboxServer]:
    with SandboxServer(state, token=TOKEN, latency_ms=5) as server:
        yield server


@pytest.fixture
async def bot(server: SandboxServer) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN, base_url=server.base_url, request=_request(), get_updates_request=_request()
    ) as bot:
        yield bot


async def test_ptb_gets_retry_after_from_a_refused_call(
    state: TelegramState, bot: Bot, tick: FakeMonotonic
) -> None:
    (ana,) = users(state, 1)
    await bot.send_message(ana, "first")
    with pytest.raises(RetryAfter) as refused:
        await bot.send_message(ana, "second")
    assert refused.value.retry_after in (1, timedelta(seconds=1))  # int until PTB_TIMEDELTA
    tick.now += 1
    await bot.send_message(ana, "second")
    assert [m.text for m in state.chat_messages(ana, outgoing=True)] == ["first", "second"]


async def test_calls_over_a_slow_network_overlap_and_all_succeed(
    state: TelegramState, server: SandboxServer, bot: Bot
) -> None:
    assert server.latency_ms == 5
    chats = users(state, 20)
    sent = await asyncio.gather(*(bot.send_message(chat, "hello") for chat in chats))
    assert sorted(m.chat_id for m in sent) == chats
    assert state.counted_calls == 20 and state.refused_429 == 0


def test_latency_cannot_be_negative(state: TelegramState) -> None:
    with pytest.raises(ValueError, match="negative"):
        SandboxServer(state, latency_ms=-1)
