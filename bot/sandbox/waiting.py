"""Change notification shared by threads and event loops: the base of TelegramState."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Notifier:
    """An RLock-guarded version counter that wakes threads and asyncio tasks on change."""

    def __init__(self) -> None:
        self.lock = threading.RLock()  # hold it to read several fields consistently
        self._cond = threading.Condition(self.lock)
        self._version = 0
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def changed(self) -> None:
        """Wake everyone waiting for the state to change (long polls, wait_for)."""
        with self.lock:
            self._version += 1
            self._cond.notify_all()
            for loop, event in list(self._waiters):
                try:
                    loop.call_soon_threadsafe(event.set)
                except RuntimeError:  # that event loop is closed
                    self._waiters.discard((loop, event))

    async def _wait_version(self, version: int, timeout: float) -> None:
        """Return once the version moved past `version` or `timeout` seconds passed."""
        event = asyncio.Event()
        waiter = (asyncio.get_running_loop(), event)
        with self.lock:
            if self._version != version:
                return
            self._waiters.add(waiter)
        try:
            await asyncio.wait_for(event.wait(), max(timeout, 0))
        except TimeoutError:
            pass
        finally:
            with self.lock:
                self._waiters.discard(waiter)

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Await until predicate() is truthy and return its value; TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                version = self._version
            if value := predicate():
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(f"sandbox: condition not met within {timeout}s")
            await self._wait_version(version, deadline - time.monotonic())

    def wait_until(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Block this thread until predicate() is truthy and return its value."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while not (value := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"sandbox: condition not met within {timeout}s")
                self._cond.wait(remaining)
            return value
