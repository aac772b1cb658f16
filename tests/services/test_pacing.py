"""The pacer keeps our own calls inside Telegram's limits as the sandbox enforces them: 30 in
any second, one a second per private chat, 20 a minute per group. On a fake clock."""

from __future__ import annotations

import random

import pytest

from bot.services.pacing import FOREVER, Pacer, unpaced
from tests.services.sender_kit import FakeTime


def pacer(time: FakeTime, **kwargs: float) -> Pacer:
    return Pacer(clock=time, sleep=time.sleep, **kwargs)


def test_calls_are_spaced_evenly_with_a_little_slack() -> None:
    time, gap = FakeTime(), 1.02 / 30
    p = pacer(time)
    assert p.global_wait() == 0 and p.room(0) == 1
    p.spend(1)
    assert p.global_wait() == pytest.approx(gap)
    assert p.room(0) == 0
    assert p.room(gap) == 1 and p.room(3 * gap) == 3


def test_a_late_call_restarts_the_schedule_the_next_ones_do_not_crowd_in() -> None:
    time, gap = FakeTime(), 1.02 / 30
    p = pacer(time)
    p.spend(1)
    time.now += gap + 0.05  # woken 50 ms late
    p.spend(2)
    assert p.global_wait() == pytest.approx(gap)


def test_a_chat_waits_a_second_from_the_reply_to_its_last_call() -> None:
    time = FakeTime()
    p = pacer(time)
    p.spend(7)
    time.now += 0.4  # the round trip
    p.done(7)
    assert p.chat_wait(7) == pytest.approx(1.02)
    assert p.chat_wait(8) == 0
    time.now += 1.02
    assert p.chat_wait(7) == 0


def test_no_burst_a_second_call_to_a_chat_waits() -> None:
    time = FakeTime()
    p = pacer(time)
    p.spend(7)
    p.done(7)
    assert p.chat_wait(7) > 1


def test_a_group_gets_twenty_calls_in_any_minute() -> None:
    time = FakeTime()
    p = pacer(time)
    first = time.now
    for _ in range(20):
        assert p.chat_wait(-5) == 0
        p.spend(-5)
        p.done(-5)
        time.now += 1.02
    assert p.chat_wait(-5) == pytest.approx(first + 61.2 - time.now)
    assert p.chat_wait(5) == 0, "a private chat of the same number is another chat"


def test_unpaced_never_waits() -> None:
    p = unpaced()
    for _ in range(100):
        p.spend(-5)
        p.done(-5)
    assert (p.global_wait(), p.chat_wait(-5), p.room(0)) == (0, 0, FOREVER)


def test_a_greedy_caller_stays_within_every_limit() -> None:
    """Whatever chats it is asked for, a caller that starts each call as soon as the pacer
    allows never has 31 calls in a second, two in a second to a chat, 21 in a minute to a
    group."""
    time, rng = FakeTime(), random.Random(14)
    p = pacer(time)
    starts: list[float] = []
    by_chat: dict[int, list[float]] = {}
    for _ in range(3000):
        chat = rng.choice([-1, -2, *range(1, 200)])
        time.now += max(p.global_wait(), p.chat_wait(chat))
        p.spend(chat)
        starts.append(time.now)
        by_chat.setdefault(chat, []).append(time.now)
        time.now += rng.choice([0.0, 0.05, 0.3])  # its round trip, before the next call
        p.done(chat)
    assert all(b - a >= 1 for a, b in zip(starts, starts[30:], strict=False))
    for chat, times in by_chat.items():
        assert all(b - a >= 1 for a, b in zip(times, times[1:], strict=False))
        if chat < 0:
            assert all(b - a >= 60 for a, b in zip(times, times[20:], strict=False))


def test_memory_stays_flat_on_a_big_clinic() -> None:
    time = FakeTime()
    p = pacer(time, per_second=0)
    for chat in range(60_000):
        p.spend(chat)
        time.now += 0.01
    assert len(p._ready) < 50_001
