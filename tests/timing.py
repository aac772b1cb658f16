"""Waiting in tests without depending on the machine's speed.

A test waits for a condition, never for a duration. Timeouts are guards against a hang: a
passing test never comes near one, however loaded the machine, and only a failing test waits
them out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from bot.sandbox import TelegramState

T = TypeVar("T")

GUARD = 120.0  # seconds


def wait_until(predicate: Callable[[], T], what: str = "condition", guard: float = GUARD) -> T:
    """Poll `predicate` until it is truthy (for conditions the sandbox cannot signal, such as
    another process's log or database); returns its value."""
    deadline = time.monotonic() + guard
    while not (value := predicate()):
        assert time.monotonic() < deadline, f"{what}: not met within the {guard:.0f}s guard"
        time.sleep(0.02)
    return value


class FrozenTime:
    """A monotonic clock that moves only when told: a sandbox long poll on it ends by an
    update, a newer poll or a server stop, never by a timeout the machine's speed decides."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, state: TelegramState, seconds: int) -> None:
        """Move on and wake the sandbox's waiting polls to look at the time again."""
        self.now += seconds
        state.changed()
