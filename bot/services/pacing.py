"""Staying inside Telegram's limits, so that our own calls never earn a 429: 30 calls a second
overall, one a second per private chat, 20 a minute per group (chat_id < 0).

PTB's AIORateLimiter has no per-chat limit for private chats and re-raises RetryAfter once
retries run out, so the sender paces itself. A chat gets no burst: under a strict one-a-second
limit a second call inside the second is refused with a `retry_after` of at least a second, so
a burst only swaps a paced wait for a 429, a wasted slot and a longer hold. An answer therefore
costs one call (see issue 14), and a reply of several messages goes out one a second.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

FOREVER = 10**9  # room() when nothing is paced
# Waits shorter than this are none: a float clock at 10^3..10^6 s cannot move by less, and a
# wait it cannot end would be slept on forever.
TICK = 1e-6


@dataclass
class _Start:
    """One call: when it started and, once its reply came back, when that was."""

    at: float
    back: float | None = None


@dataclass
class Pacer:
    """Overall: an even schedule that late calls catch up on, and never a call with 30 others
    that may reach the server within a second before it; per chat: a gap from its reply.

    Telegram counts a call when it arrives, and a request can leave tens of milliseconds after
    its slot (a busy event loop, a new connection), arriving after calls started later and
    bunching with them at the server. So each recent call has a latest arrival: its reply's
    time less the shortest round trip seen lately (the way back took at least its share of
    that, and a new call's way there the rest), or, while it is in flight, `patience` after
    its start (a slower call is taken to have arrived by then). A call starts only when at
    most 29 latest arrivals lie later than a second (plus `margin`) before it. With that
    bound, the even schedule (`slack` under 30/s) need not restart from a late call: the
    calls after it catch up, half a gap apart. Restarting instead gave 28.6 calls/s and
    still drew a 429 now and then.

    A chat's gap runs from the reply to its last call (`done`), not from its start: the
    server had that call before it replied, so however long the round trip, the next arrives
    a full gap after it.
    """

    per_second: float = 30.0
    chat_per_second: float = 1.0
    group_per_minute: float = 20.0
    slack: float = 0.02
    margin: float = 0.005
    catch_up: float = 2.0  # how far behind its schedule the pace may fall and still catch up
    patience: float = 1.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    _ready: dict[int, float] = field(default_factory=dict)  # chat -> when it may be sent to
    _groups: dict[int, deque[float]] = field(default_factory=dict)  # group -> recent starts
    _next_any: float = 0.0  # the even schedule's next slot
    _not_before: float = 0.0  # half a gap after the last call: catching up is no burst
    _starts: deque[_Start] = field(default_factory=deque)  # calls that may share a second
    _flying: dict[int, _Start] = field(default_factory=dict)  # chat -> its call in flight
    _rtts: deque[float] = field(default_factory=lambda: deque(maxlen=64))

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat may be sent to (0 when now)."""
        now = self.clock()
        wait = self._ready.get(chat_id, now) - now
        starts = self._groups.get(chat_id)
        if starts is not None and len(starts) == starts.maxlen:
            wait = max(wait, starts[0] + self._group_window() - now)
        return _positive(wait)

    def global_wait(self) -> float:
        """Seconds until any call may be made."""
        if self.per_second <= 0:
            return 0.0
        latest = self._latest_arrivals()
        return _positive(self._slot(0, self._next_any, self._not_before, latest) - self.clock())

    def room(self, within: float) -> int:
        """How many calls the overall pace lets start in the next `within` seconds."""
        if self.per_second <= 0:
            return FOREVER
        now, count, latest = self.clock(), 0, self._latest_arrivals()
        schedule, not_before = self._next_any, self._not_before
        while count < self._size() and (
            slot := self._slot(count, schedule, not_before, latest)
        ) <= (now + within):
            at = max(slot, now)
            schedule, not_before = self._after(schedule, at), at + self._gap() / 2
            count += 1
        return count

    def spend(self, chat_id: int) -> None:
        """Record a call to `chat_id` starting now."""
        now = self.clock()
        if self.per_second > 0:
            self._next_any = self._after(self._next_any, now)
            self._not_before = now + self._gap() / 2
            self._starts.append(start := _Start(now))
            while self._starts[0].at < now - 1 - self.margin - self.patience:
                self._starts.popleft()  # it can share no second with a call from now on
            self._flying[chat_id] = start
        self._chat_done(chat_id, now)
        if chat_id < 0 and self.group_per_minute > 0:
            starts = self._groups.setdefault(chat_id, deque(maxlen=int(self.group_per_minute)))
            starts.append(now)

    def done(self, chat_id: int) -> None:
        """The reply to the call to `chat_id` came back now: its gap runs from here."""
        now = self.clock()
        if (start := self._flying.pop(chat_id, None)) is not None:
            start.back = now
            self._rtts.append(now - start.at)
        self._chat_done(chat_id, now)

    def _chat_done(self, chat_id: int, now: float) -> None:
        if self.chat_per_second <= 0:
            return
        self._ready[chat_id] = max(self._ready.get(chat_id, now), now + self._chat_gap())
        if len(self._ready) > 50_000:
            self._forget(now)

    def _size(self) -> int:
        return max(1, int(self.per_second))

    def _after(self, schedule: float, now: float) -> float:
        """The even schedule's next slot after a call at `now`: a late call does not move it
        (the calls after it catch up), unless the pace fell more than `catch_up` behind (an
        idle pace is owed nothing)."""
        if schedule < now - self.catch_up:
            return now + self._gap()
        return schedule + self._gap()

    def _slot(self, ahead: int, schedule: float, not_before: float, latest: list[float]) -> float:
        """When the call `ahead` calls after the next may start: on the even `schedule`, half
        a gap after the call before it, and with at most 29 calls (the `ahead` before it among
        them) that may reach the server within a second before it."""
        slot = max(schedule, not_before)
        index = self._size() - 1 - ahead
        return max(slot, latest[index] + 1 + self.margin) if index < len(latest) else slot

    def _latest_arrivals(self) -> list[float]:
        """The latest each recent call can have reached the server, latest first."""
        shortest = min(self._rtts, default=0.0)
        return sorted((self._arrived(s, shortest) for s in self._starts), reverse=True)

    def _arrived(self, start: _Start, shortest: float) -> float:
        """The latest `start` can have reached the server, shifted back by the shortest way
        there; a call still in flight, or slower than `patience`, is taken to arrive then."""
        if start.back is None:
            return start.at + self.patience
        return max(start.at, min(start.back - shortest, start.at + self.patience))

    def _gap(self) -> float:
        return (1 + self.slack) / self.per_second

    def _chat_gap(self) -> float:
        return (1 + self.slack) / self.chat_per_second

    def _group_window(self) -> float:
        return 60 * (1 + self.slack)

    def _forget(self, now: float) -> None:
        """Drop chats free to be sent to again; keeps memory flat on big clinics."""
        self._ready = {c: t for c, t in self._ready.items() if t > now}
        window = self._group_window()
        self._groups = {c: s for c, s in self._groups.items() if s and now - s[-1] < window}


def _positive(wait: float) -> float:
    return wait if wait > TICK else 0.0


def unpaced() -> Pacer:
    """No pacing of our own: for the sandbox in tests and the demo, which enforce no limits."""
    return Pacer(per_second=0, chat_per_second=0, group_per_minute=0)
