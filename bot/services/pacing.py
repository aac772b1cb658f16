"""Staying inside Telegram's limits: ~30 messages a second overall, ~1 a second per chat.

PTB's AIORateLimiter has no per-chat limit for private chats and re-raises RetryAfter once
retries run out, so the sender paces itself. A chat may burst a little (a tap is answered by
an edit and the next question), then gets one message a second.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Pacer:
    """Token buckets: one per chat, and a minimum gap between any two calls."""

    per_second: float = 30.0
    chat_burst: float = 3.0
    chat_per_second: float = 1.0
    clock: Callable[[], float] = time.monotonic
    _chats: dict[int, tuple[float, float]] = field(default_factory=dict)
    _next_any: float = 0.0

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat may be sent to (0 when now)."""
        if self.chat_per_second <= 0:
            return 0.0
        tokens = self._tokens(chat_id)
        return 0.0 if tokens >= 1 else (1 - tokens) / self.chat_per_second

    def global_wait(self) -> float:
        """Seconds until any call may be made."""
        return max(0.0, self._next_any - self.clock())

    def spend(self, chat_id: int) -> None:
        """Record a call to `chat_id` made now."""
        now = self.clock()
        if self.per_second > 0:
            self._next_any = max(now, self._next_any) + 1 / self.per_second
        if self.chat_per_second > 0:
            self._chats[chat_id] = (self._tokens(chat_id) - 1, now)
            if len(self._chats) > 50_000:
                self._forget(now)

    def _tokens(self, chat_id: int) -> float:
        tokens, at = self._chats.get(chat_id, (self.chat_burst, self.clock()))
        refill = (self.clock() - at) * self.chat_per_second
        return min(self.chat_burst, tokens + refill)

    def _forget(self, now: float) -> None:
        """Drop chats whose bucket is full again; keeps memory flat on big clinics."""
        full_after = self.chat_burst / self.chat_per_second
        self._chats = {c: v for c, v in self._chats.items() if now - v[1] < full_after}


def unpaced() -> Pacer:
    """No pacing of our own: for the sandbox in tests and the demo, which enforce no limits."""
    return Pacer(per_second=0, chat_per_second=0)
