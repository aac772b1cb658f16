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
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

FOREVER = 10**9  # room() when nothing is paced
# Waits shorter than this are none: a float clock at 10^3..10^6 s cannot move by less, and a
# wait it cannot end would be slept on forever.
TICK = 1e-6


@dataclass
class Pacer:
    """Overall: an even gap between any two calls; per chat: a gap counted from its last reply.

    `slack` widens every limit a little: the server counts the calls as they arrive, and two
    calls sent exactly a limit apart may arrive a hair closer. A call that starts late
    restarts the schedule from itself rather than letting the next ones crowd in to catch up:
    a request can leave tens of milliseconds after its slot (measured against the sandbox:
    catching up gave 29.4 calls/s but about one 429 in 600 calls; this gives 28.8/s and none).
    A chat's gap runs from the reply to its last call (`done`), not from its start: the
    server had that call before it replied, so however long the round trip, the next arrives
    a full gap after it.
    """

    per_second: float = 30.0
    chat_per_second: float = 1.0
    group_per_minute: float = 20.0
    slack: float = 0.02
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
    _ready: dict[int, float] = field(default_factory=dict)  # chat -> when it may be sent to
    _groups: dict[int, deque[float]] = field(default_factory=dict)  # group -> recent starts
    _next_any: float = 0.0

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
        return _positive(self._next_any - self.clock())

    def room(self, within: float) -> int:
        """How many calls the overall pace lets start in the next `within` seconds."""
        if self.per_second <= 0:
            return FOREVER
        first = self.global_wait()
        return 0 if first > within else 1 + math.floor((within - first) / self._gap())

    def spend(self, chat_id: int) -> None:
        """Record a call to `chat_id` starting now."""
        now = self.clock()
        if self.per_second > 0:
            self._next_any = max(now, self._next_any) + self._gap()
        self.done(chat_id)
        if chat_id < 0 and self.group_per_minute > 0:
            starts = self._groups.setdefault(chat_id, deque(maxlen=int(self.group_per_minute)))
            starts.append(now)

    def done(self, chat_id: int) -> None:
        """The reply to the call to `chat_id` came back now: its gap runs from here."""
        if self.chat_per_second <= 0:
            return
        now = self.clock()
        self._ready[chat_id] = max(self._ready.get(chat_id, now), now + self._chat_gap())
        if len(self._ready) > 50_000:
            self._forget(now)

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
