"""A Messenger whose calls the test answers, and a clock that moves only when slept on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bot.domain.outgoing import Outgoing, Text
from bot.services.ports import SendError
from bot.storage.db import connect
from tests.timing import GUARD


@dataclass
class Call:
    chat_id: int
    text: str
    at: float  # the fake monotonic time it started
    reply: asyncio.Future[int | None]

    def answer(self, message_id: int | None = 7) -> None:
        self.reply.set_result(message_id)

    def fail(self, error: SendError) -> None:
        self.reply.set_exception(error)


@dataclass
class FakeTime:
    """A monotonic clock for the pacer; sleeping on it moves it at once."""

    now: float = 1_000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


@dataclass
class Gate:
    """Every call waits until the test answers it; `auto` answers each one at once instead.

    `states`: the outbox status of each row as committed when its call was made.
    """

    time: FakeTime = field(default_factory=FakeTime)
    auto: Callable[[Call], None] | None = None
    db: str | None = None  # the database's URL
    calls: list[Call] = field(default_factory=list)
    peak: int = 0
    states: list[str] = field(default_factory=list)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, chat_id: int | None, message: Outgoing) -> int | None:
        assert chat_id is not None and isinstance(message, Text)
        if self.db is not None:
            self.states.append(_committed_status(self.db, message.text))
        open_now = self.open()
        assert chat_id not in {c.chat_id for c in open_now}, "two calls in flight for a chat"
        call = Call(chat_id, message.text, self.time(), asyncio.get_running_loop().create_future())
        self.calls.append(call)
        self.peak = max(self.peak, len(open_now) + 1)
        self._changed.set()
        if self.auto is not None:
            self.auto(call)
        try:
            return await call.reply
        finally:
            self._changed.set()

    def watch(self, task: asyncio.Task[int]) -> asyncio.Task[int]:
        """`until` also looks again when `task` ends."""
        task.add_done_callback(lambda _: self._changed.set())
        return task

    def open(self) -> list[Call]:
        return [c for c in self.calls if not c.reply.done()]

    def texts(self) -> list[str]:
        return [c.text for c in self.calls]

    async def until(self, condition: Callable[[], object]) -> None:
        """Wait for the calls to reach a state (the guard is only against a hang)."""

        async def watch() -> None:
            while not condition():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(watch(), GUARD)


def _committed_status(database_url: str, text: str) -> str:
    """What another connection sees of the row now: only what was committed. Read on a
    thread with its own event loop, so the call still starts without yielding to the
    sender's loop (the calls' order is the sender's)."""

    async def read() -> str:
        other = await connect(database_url)
        try:
            row = await other.fetchone(
                "SELECT status FROM outbox WHERE payload LIKE ?", (f'%"{text}"%',)
            )
        finally:
            await other.close()
        assert row is not None
        return str(row["status"])

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, read()).result()
