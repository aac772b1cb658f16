"""A background job that runs when kicked, so slow work never holds up an update."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Worker:
    """Runs `job` whenever kicked, and at least every `every` seconds, until stopped.

    Without a running loop (tests, the demo, the CLI) a kick runs the job at once, so the
    caller sees its effect; under `rapport run` the kick only wakes the loop.
    """

    def __init__(self, job: Callable[[], Awaitable[object]], every: float = 1.0) -> None:
        self.job = job
        self.every = every
        self._wake = asyncio.Event()
        self._running = False
        self._stop: asyncio.Event | None = None

    @property
    def stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    async def stopped(self) -> None:
        """Returns once the loop is asked to stop; never when no loop runs."""
        if self._stop is None:
            await asyncio.Event().wait()
        else:
            await self._stop.wait()

    async def kick(self) -> None:
        if self._running:
            self._wake.set()
        else:
            await self.job()

    async def run(self, stop: asyncio.Event) -> None:
        """The loop of `rapport run`: a failing job is logged and tried again next time."""
        self._running, self._stop = True, stop
        try:
            while not stop.is_set():
                self._wake.clear()
                try:
                    await self.job()
                except Exception as exc:
                    log.error("background job failed: %s", type(exc).__name__)
                await self._rest(stop)
        finally:
            self._running = False

    async def _rest(self, stop: asyncio.Event) -> None:
        """Until kicked, stopped, or `every` seconds have passed."""
        waits = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
        try:
            await asyncio.wait(waits, timeout=self.every, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
