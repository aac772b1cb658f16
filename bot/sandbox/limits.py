"""Telegram's flood limits as sliding windows: what a real bot meets, answered with a 429.

Telegram documents about 30 messages a second per bot, one a second per private chat and 20 a
minute per group (a channel, whose id is negative too, is held to the group's limit), and
answers a call over them with 429 "retry after N". Only calls that put something into a chat
or change it there count: send*, edit*, copy*, forward* and delete* (every one changes what a
chat shows, and bulk edits and deletes meet flood control in practice as sends do).
sendChatAction shows no message and is not counted, nor are getUpdates, getMe,
answerCallbackQuery, setMyCommands and the other calls about the bot itself.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

_COUNTED_PREFIXES = ("send", "edit", "copy", "forward", "delete")
_NOT_COUNTED = frozenset({"sendchataction", "deletewebhook", "deletemycommands"})


@dataclass(frozen=True)
class Limits:
    """How many counted calls Telegram accepts per sliding window."""

    per_second: int = 30
    per_chat_second: int = 1
    per_group_minute: int = 20


TELEGRAM = Limits()


def counted(method: str) -> bool:
    """Whether a Bot API method counts against the flood limits."""
    name = method.lower()
    return name.startswith(_COUNTED_PREFIXES) and name not in _NOT_COUNTED


class _Window:
    """At most `size` events in any `period` seconds."""

    def __init__(self, size: int, period: float) -> None:
        self.size, self.period = size, period
        self.times: deque[float] = deque()

    def wait(self, now: float) -> float:
        """Seconds until one more event fits (0: it fits now; a size of 0 is no limit)."""
        if self.size <= 0 or not self.active(now) or len(self.times) < self.size:
            return 0.0
        return self.times[len(self.times) - self.size] + self.period - now

    def active(self, now: float) -> bool:
        """Whether any event is still inside the window (older ones are dropped)."""
        while self.times and self.times[0] <= now - self.period:
            self.times.popleft()
        return bool(self.times)


class FloodLimiter:
    """Decides, call by call, whether Telegram would accept it now; not thread-safe (the
    state calls it under its lock)."""

    def __init__(self, limits: Limits, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.monotonic = monotonic
        self._all = _Window(limits.per_second, 1.0)
        self._chats: dict[int, _Window] = {}
        self._prune_at = 1024

    def admit(self, method: str, chat_id: int | None) -> int:
        """0 if the call may go now (and it is counted), else the whole seconds to wait."""
        if not counted(method):
            return 0
        now = self.monotonic()
        windows = [self._all] if chat_id is None else [self._all, self._chat(chat_id)]
        wait = max(w.wait(now) for w in windows)
        if wait > 0:
            return max(1, math.ceil(wait))  # Telegram never says "retry after 0"
        for window in windows:
            if window.size > 0:
                window.times.append(now)
        return 0

    def _chat(self, chat_id: int) -> _Window:
        window = self._chats.get(chat_id)
        if window is None:
            if len(self._chats) >= self._prune_at:
                self._prune()
            size, period = (
                (self.limits.per_chat_second, 1.0)
                if chat_id > 0
                else (self.limits.per_group_minute, 60.0)
            )
            window = self._chats[chat_id] = _Window(size, period)
        return window

    def _prune(self) -> None:
        """Forget chats with nothing left in their window: memory stays flat at 100k chats."""
        now = self.monotonic()
        self._chats = {c: w for c, w in self._chats.items() if w.active(now)}
        self._prune_at = max(1024, 2 * len(self._chats))
