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


def test_late_calls_are_caught_up_on_half_a_gap_apart() -> None:
    time, gap = FakeTime(), 1.02 / 30
    p = pacer(time)
    first = time.now
    p.spend(1)
    time.now += gap + 0.05  # woken 50 ms late
    p.spend(2)
    assert p.global_wait() == pytest.approx(gap / 2), "the next one comes sooner"
    for chat in range(3, 10):
        time.now += p.global_wait()
        p.spend(chat)
    assert p.global_wait() == pytest.approx(first + 9 * gap - time.now), "back on schedule"


def test_a_wake_up_a_little_late_costs_no_pace() -> None:
    time, gap = FakeTime(), 1.02 / 30
    p = pacer(time)
    first = time.now
    for chat in range(1, 301):
        time.now += p.global_wait() + 0.001  # every timer fires a millisecond late
        p.spend(chat)
        p.done(chat)
    assert time.now - first == pytest.approx(0.001 + 299 * gap + 0.001)


def test_an_idle_pace_is_owed_nothing() -> None:
    time, gap = FakeTime(), 1.02 / 30
    p = pacer(time)
    p.spend(1)
    time.now += 5
    p.spend(2)
    assert p.global_wait() == pytest.approx(gap)


def round_trips(p: Pacer, time: FakeTime, rtt: float, calls: range) -> None:
    """Calls at the pace, each answered `rtt` later (before the next starts)."""
    for chat in calls:
        time.now += p.global_wait()
        p.spend(chat)
        time.now += rtt
        p.done(chat)
        time.now -= rtt  # the next call did not wait for this reply


def test_the_thirtieth_call_after_a_slow_one_waits_a_second_from_its_latest_arrival() -> None:
    """A call that took 200 ms more than the shortest round trip may have reached Telegram
    that late (a busy loop, a slow connection): the call 30 after it waits a second from
    then, not from its start."""
    time = FakeTime()
    p = pacer(time)
    round_trips(p, time, 0.01, range(1, 61))
    time.now += p.global_wait()
    slow = time.now
    p.spend(1000)
    time.now += 0.21
    p.done(1000)
    round_trips(p, time, 0.01, range(61, 90))
    assert p.global_wait() == pytest.approx(slow + 0.2 + 1.005 - time.now)


def test_a_call_still_in_flight_takes_one_of_the_thirty_places_for_its_patience() -> None:
    """It may reach the server at any moment until it comes back (at most `patience`), so
    while it is out only 29 others start in any second; once back, 30 again."""
    time = FakeTime()
    p = pacer(time, patience=1.0)
    p.spend(1000)  # not answered for a while
    hung, starts = time.now, []
    for chat in range(1, 121):
        if chat == 100:
            p.done(1000)
        time.now += p.global_wait()
        p.spend(chat)
        starts.append(time.now)
        p.done(chat)
    out = [t for t in starts if t < hung + 2.005]
    assert all(b - a > 1.005 - 1e-9 for a, b in zip(out, out[29:], strict=False))
    assert starts[-1] - starts[-31] == pytest.approx(1.02), "30 a second again"


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
    allows, waking up late now and then, never has 31 calls in a second, two in a second to a
    chat, 21 in a minute to a group."""
    time, rng = FakeTime(), random.Random(14)
    p = pacer(time)
    starts: list[float] = []
    by_chat: dict[int, list[float]] = {}
    for _ in range(3000):
        chat = rng.choice([-1, -2, *range(1, 200)])
        time.now += max(p.global_wait(), p.chat_wait(chat)) + rng.choice([0, 0, 0.001, 0.2])
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


def test_calls_in_flight_never_reach_the_server_31_in_a_second() -> None:
    """Many calls in flight, each reaching the server after a delay of its own (one in two
    hundred 200 ms late: a busy loop, a new connection) and answered after another: counted
    where they arrive, as the sandbox and Telegram count, no second holds 31. The pace stays
    above 29 calls a second."""
    time, rng = FakeTime(), random.Random(14)
    p = pacer(time)
    flying: list[tuple[float, int]] = []  # (reply, chat)
    arrivals: list[float] = []
    first = time.now
    for chat in range(1, 3001):
        while flying and flying[0][0] <= time.now + p.global_wait():
            back, done = flying.pop(0)
            time.now = max(time.now, back)
            p.done(done)
        time.now += p.global_wait() + rng.choice([0, 0, 0.001, 0.003])
        p.spend(chat)
        late = 0.2 if rng.random() < 0.005 else rng.choice([0.0] * 90 + [0.003] * 8 + [0.015])
        there = 0.05 + late
        arrivals.append(time.now + there)
        flying.append((time.now + there + 0.05 + rng.choice([0.0] * 9 + [0.003]), chat))
        flying.sort()
    arrivals.sort()
    assert all(b - a >= 1 for a, b in zip(arrivals, arrivals[30:], strict=False))
    assert 3000 / (time.now - first) > 29


def test_memory_stays_flat_on_a_big_clinic() -> None:
    time = FakeTime()
    p = pacer(time, per_second=0)
    for chat in range(60_000):
        p.spend(chat)
        time.now += 0.01
    assert len(p._ready) < 50_001
