"""Delivers the outbox: every call is recorded before it is made and after it returns."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.clock import Clock
from bot.services import reachability
from bot.services.pacing import Pacer
from bot.services.ports import Ambiguous, Blocked, Messenger, Rejected, RetryLater, Transient
from bot.services.worker import Worker
from bot.storage import checkins, outbox
from bot.storage.db import Database
from bot.storage.privacy import forget_from_disk
from bot.storage.records import Outbound

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
Escalate = Callable[[], Awaitable[object]]


class Sender:
    """One sender per process: a lock keeps each chat's messages in order."""

    def __init__(
        self,
        db: Database,
        messenger: Messenger,
        clock: Clock,
        pacer: Pacer | None = None,
        escalate: Escalate | None = None,
    ) -> None:
        self.db = db
        self.messenger = messenger
        self.clock = clock
        self.pacer = pacer or Pacer()
        # Alerts that could not be delivered, whoever failed them (this sender, or a chat's
        # block seen by a handler), are escalated before each pass; the copies go out with it.
        self.escalate = escalate
        self._lock = asyncio.Lock()
        self.worker = Worker(self.flush)

    async def kick(self) -> None:
        """Have due rows sent: by the worker when one runs, here otherwise."""
        await self.worker.kick()

    async def run(self, stop: asyncio.Event, every: float = 1.0) -> None:
        """The worker of `rapport run`: send whenever woken, and at least every `every` seconds
        (rows queued by another process, such as the CLI, wake nobody)."""
        self.worker.every = every
        await self.worker.run(stop)

    async def flush(self, batch: int = 50) -> int:
        """Send every due row, paced; returns how many calls were made."""
        sent = 0
        async with self._lock:
            # A stop leaves what is still due in the outbox: the next start sends it.
            while not self.worker.stopping:
                await self._escalate()
                async with self.db.read() as tx:
                    rows = await outbox.due(tx, self.clock.now(), batch)
                if not rows:
                    break
                made, wait = await self._pass(rows)
                sent += made
                if not made:
                    if wait is None:
                        break
                    await asyncio.sleep(wait)
        return sent

    async def _escalate(self) -> None:
        """A failure here must not stop delivery: it is logged and tried again next pass."""
        if self.escalate is None:
            return
        try:
            await self.escalate()
        except Exception as exc:
            log.error("escalating undelivered alerts failed: %s", type(exc).__name__)

    async def _pass(self, rows: list[Outbound]) -> tuple[int, float | None]:
        """One pass over due rows; returns calls made and the shortest pacing wait seen."""
        made, wait, held = 0, None, set()
        for row in rows:
            chat = row.chat_id
            if chat in held:
                continue
            if (delay := self.pacer.chat_wait(chat)) > 0:
                held.add(chat)
                wait = delay if wait is None else min(wait, delay)
                continue
            await asyncio.sleep(self.pacer.global_wait())
            self.pacer.spend(chat)
            made += 1
            if not await self._deliver(row):
                held.add(chat)
        return made, wait

    async def _deliver(self, row: Outbound) -> bool:
        """Make one call; False when the chat's later rows must wait for its retry."""
        async with self.db.tx() as tx:
            if not await outbox.begin_send(tx, row.id):
                return True
        done = await self._attempt(row)
        if done:
            async with self.db.tx() as tx:
                # Its patient was erased while it waited: it went out, now nothing of it stays.
                scrubbed = await outbox.scrub(tx, row.id)
            if scrubbed:
                await forget_from_disk(self.db)
        return done

    async def _attempt(self, row: Outbound) -> bool:
        """The call itself and its recorded outcome."""
        try:
            if row.message is None:
                raise Rejected("nothing left to send")
            message_id = await self.messenger.send(row.chat_id, row.message)
        except RetryLater as exc:
            await self._retry(row, exc.seconds, "flood control")
            return False
        except Transient as exc:
            if row.attempts + 1 >= MAX_ATTEMPTS:
                await self._finish(row, "failed", f"gave up: {type(exc).__name__}")
                return True
            await self._retry(row, min(2 ** (row.attempts + 1), 300), "transient error")
            return False
        except Ambiguous:
            await self._unsure(row)
            return True
        except Blocked:
            await self._blocked(row)
            return True
        except Rejected as exc:
            await self._finish(row, "failed", str(exc))
            return True
        async with self.db.tx() as tx:
            await outbox.mark_sent(tx, row.id, message_id, self.clock.now())
            if row.checkin_id is not None and message_id is not None:
                await checkins.set_prompt(tx, row.checkin_id, message_id)
        return True

    async def _retry(self, row: Outbound, seconds: float, why: str) -> None:
        async with self.db.tx() as tx:
            when = self.clock.now() + timedelta(seconds=seconds)
            await outbox.retry_at(tx, row.id, row.chat_id, when, why)

    async def _unsure(self, row: Outbound) -> None:
        """A timeout after the request left: sent once more if a repeat is harmless."""
        async with self.db.tx() as tx:
            again = await outbox.unsure(tx, row.id, self.clock.now(), "timed out after sending")
        then = "sent again later" if again else "left ambiguous"
        log.warning("outbox %s: timed out after sending; %s", row.id, then)

    async def _finish(self, row: Outbound, status: str, why: str) -> None:
        log.warning("outbox %s: %s (%s)", row.id, status, why)
        async with self.db.tx() as tx:
            await outbox.mark(tx, row.id, status, why)

    async def _blocked(self, row: Outbound) -> None:
        """A blocked chat: stop trying, mark the patient unreachable, record it."""
        async with self.db.tx() as tx:
            await outbox.mark(tx, row.id, "failed", reachability.BLOCKED)
            await reachability.blocked(tx, row.chat_id, self.clock.now())
        log.info("chat blocked the bot; outbox row %s failed", row.id)
