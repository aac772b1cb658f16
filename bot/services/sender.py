"""Delivers the outbox: every call is recorded before it is made and after it returns.

Calls are pipelined: each starts on the pacer's schedule as its own task, without waiting for
the previous reply, up to `in_flight` at once and never two for one chat, so each chat's
order holds. The state machine is the one of bot/storage/outbox.py, unchanged: a row is
committed `sending` before its call starts, so a kill at any point leaves it pending (never
called), sending (maybe called: `outbox.interrupted` decides at the next start, or when another
instance takes the lease over) or with its outcome recorded. What is batched is only the
commits: the outcomes that came back since the last commit and the rows about to start share
one transaction.

With several instances (PostgreSQL) only the holder of the sender's lease sends
(bot/services/lease.py): it is checked before every call, and the transaction that marks rows
`sending` checks it in the database too; once lost, no call starts.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock
from bot.services.lease import SenderLease
from bot.services.pacing import TICK, Pacer
from bot.services.ports import Ambiguous, Blocked, Messenger, Rejected, RetryLater, Transient
from bot.services.send_outcomes import Outcome, record
from bot.services.worker import Worker
from bot.storage import outbox
from bot.storage.db import Database
from bot.storage.privacy import forget_from_disk
from bot.storage.records import Outbound

log = logging.getLogger(__name__)

# A row is marked `sending` at most this long before its pacing slot: its commit overlaps the
# wait for the slot, so the pace does not drift by a commit per call, and a kill in between
# leaves only a row or two `sending` that were never called.
LEAD = 0.025
# Undelivered alerts are escalated at the start of each flush and then, while a long flush
# reads the outbox again and again, at most this often (seconds on the pacer's clock).
ESCALATE_EVERY = 1.0
Escalate = Callable[[], Awaitable[object]]


@dataclass
class Window:
    """One read of the due rows, replies and invitations apart; each chat is looked at once
    per window (its first row decides: sent, or the chat waits for the next read)."""

    replies: deque[Outbound]
    others: deque[Outbound]
    seen: set[int] = field(default_factory=set)
    progressed: bool = False  # rows started or outcomes recorded since the read
    stale: bool = False  # time passed since the read: a chat's turn may have come
    wait: float | None = None  # the shortest chat wait met

    def used_up(self) -> bool:
        return not self.replies and not self.others

    def held(self, wait: float) -> None:
        self.wait = wait if self.wait is None else min(self.wait, wait)


class Sender:
    """One sender per process; each chat has at most one call in flight."""

    def __init__(
        self,
        db: Database,
        messenger: Messenger,
        clock: Clock,
        pacer: Pacer | None = None,
        escalate: Escalate | None = None,
        in_flight: int = 32,
        share: int = 4,
        lease: SenderLease | None = None,
    ) -> None:
        self.db = db
        self.messenger = messenger
        self.clock = clock
        self.pacer = pacer or Pacer()
        # Alerts that could not be delivered, whoever failed them (this sender, or a chat's
        # block seen by a handler), are escalated before the first read of each flush, before
        # a later read once ESCALATE_EVERY has passed, and before the read after an alert's
        # call failed; the copies go out with it.
        self.escalate = escalate
        self._escalated_at: float | None = None
        # 32: a full 30/s pace with round trips up to a second; far below PTB's 256 connections.
        self.in_flight = in_flight
        # While replies and invitations both wait, one call in `share` is an invitation's.
        self.share = share
        self._lock = asyncio.Lock()
        self._calls: dict[int, asyncio.Task[None]] = {}  # chat -> call not yet recorded
        self._flying = 0
        self._outcomes: list[Outcome] = []  # returned, not yet committed
        self._arrived = asyncio.Event()
        self._news = asyncio.Event()
        self._replies_in_a_row = 0
        self.worker = Worker(self.flush)
        # One instance by design (SQLite, or a test's own): the lease is always held.
        self.lease = lease or SenderLease(db, clock, 15, shared=False)
        self.lease.kick = self.kick

    async def kick(self) -> None:
        """Have due rows sent: by the worker when one runs, here otherwise."""
        self._news.set()  # a flush under way reads the outbox again: a reply may be new
        await self.worker.kick()

    async def run(self, stop: asyncio.Event, every: float = 1.0) -> None:
        """The worker of `rapport run`: send whenever woken, and at least every `every` seconds
        (rows queued by another process, such as the CLI, wake nobody)."""
        self.worker.every = every
        await self.worker.run(stop)

    async def flush(self, batch: int = 50) -> int:
        """Send every due row, paced; returns how many calls were made, once every outcome is
        committed. A stop leaves what is still due in the outbox (the next start sends it), but
        the calls in flight are waited for and recorded."""
        async with self._lock:
            if not self._outcomes and not await self.lease.hold():
                return 0  # another instance sends
            try:
                made = await self._drive(batch)
            except BaseException:
                await self._land(quiet=True)
                raise
            await self._land()
        return made

    async def _drive(self, batch: int) -> int:
        self._escalated_at = None  # a flush starts with the alerts escalated
        made, window = 0, await self._window(batch)
        while not self.worker.stopping and (self.lease.held() or self._flying):
            if self._news.is_set():
                window = await self._window(batch)
            if rows := self._pick(window):
                made += await self._step(rows, window)  # the outcomes back so far ride along
            elif not window.used_up() and self.lease.held():
                await self._idle(self._pace_wait())  # the in-flight bound, or the overall pace
            elif self._outcomes:
                await self._step([], window)  # their chats' next rows wait for them
                window.progressed = True
            elif window.progressed or window.stale:
                window = await self._window(batch)
            elif self._flying or window.wait is not None:
                await self._idle(window.wait)  # a call coming back, or a chat's turn
                window.stale = True
            else:
                break  # nothing due that could be sent, nothing in flight
        return made

    async def _window(self, batch: int) -> Window:
        self._news.clear()
        await self._escalate()
        now = self.clock.now()
        async with self.db.read() as tx:
            replies = await outbox.due_replies(tx, now, batch)
            # Enough invitations for their share even when replies fill the batch.
            room = batch - len(replies) + len(replies) // max(self.share - 1, 1) + 1
            others = await outbox.due_others(tx, now, room)
        return Window(deque(replies), deque(others))

    async def _escalate(self) -> None:
        """At the first read of a flush, then at most every ESCALATE_EVERY: the query is off
        the hot path of a rush, which reads after nearly every call. A failure here must not
        stop delivery: it is logged and tried again at the next read."""
        now = self.pacer.clock()
        if self.escalate is None or (
            self._escalated_at is not None and now - self._escalated_at < ESCALATE_EVERY
        ):
            return
        try:
            await self.escalate()
            self._escalated_at = now
        except Exception as exc:
            log.error("escalating undelivered alerts failed: %s", type(exc).__name__)

    def _pick(self, window: Window) -> list[Outbound]:
        """The rows to start now: free chats whose turn has come, within the bound and pace."""
        picked: list[Outbound] = []
        if not self.lease.held():
            return picked  # lost: the calls in flight come back, none starts
        limit = min(self.in_flight - self._flying, self.pacer.room(LEAD))
        while len(picked) < limit and (row := self._next(window)) is not None:
            picked.append(row)
        if picked:
            window.progressed = True
        return picked

    def _next(self, window: Window) -> Outbound | None:
        """The next row in fair order: an invitation once `share - 1` replies went before."""
        owed = self.share > 1 and self._replies_in_a_row >= self.share - 1
        queues = (window.others, window.replies) if owed else (window.replies, window.others)
        for queue in queues:
            if (row := self._startable(queue, window)) is not None:
                self._replies_in_a_row = self._replies_in_a_row + 1 if row.priority == 0 else 0
                return row
        return None

    def _startable(self, queue: deque[Outbound], window: Window) -> Outbound | None:
        """The first row of `queue` whose chat is free; a chat that waits keeps its order."""
        while queue:
            row = queue.popleft()
            chat = row.chat_id
            if chat in window.seen:
                continue  # the chat's earlier row decided for this read
            window.seen.add(chat)
            if chat in self._calls:
                continue  # its call is in flight or not yet recorded
            if (wait := self.pacer.chat_wait(chat)) > 0:
                window.held(wait)
                continue
            return row
        return None

    def _pace_wait(self) -> float | None:
        """How long until the overall pace lets a call start; None when only a reply can."""
        if self._flying >= self.in_flight:
            return None
        return max(self.pacer.global_wait() - LEAD, TICK)

    async def _step(self, rows: list[Outbound], window: Window | None = None) -> int:
        """Commit the outcomes that came back and mark `rows` sending, in one transaction;
        then start the calls, each at its pacing slot. Returns the calls started.

        The chats of the outcomes are done with for `window`: it was read before the outcome
        was written (a retry moves the chat's later rows back), so their rows in it are stale.
        """
        outcomes = list(self._outcomes)
        async with self.db.tx() as tx:
            scrubbed = [await record(tx, o, self.clock) for o in outcomes]
            mine = bool(rows) and await self.lease.fence(tx)
            began = [row for row in rows if mine and await outbox.begin_send(tx, row.id)]
        del self._outcomes[: len(outcomes)]
        if any(o.row.delivery == "alert" and o.error is not None for o in outcomes):
            self._escalated_at = None  # an alert that may have failed: escalated at next read
        for done in outcomes:
            self._calls.pop(done.row.chat_id, None)
            if window is not None:
                window.seen.add(done.row.chat_id)
        if any(scrubbed):
            await forget_from_disk(self.db)
        for row in began:
            await self._turn()
            self._launch(row)
            await asyncio.sleep(0)  # the call's task runs up to its request, spending its slot
        return len(began)

    async def _turn(self) -> None:
        """Until the overall pace allows the next call (at most LEAD or so)."""
        while (wait := self.pacer.global_wait()) > 0:
            await self.pacer.sleep(wait)

    def _launch(self, row: Outbound) -> None:
        self._flying += 1
        self._calls[row.chat_id] = asyncio.create_task(self._call(row))

    async def _call(self, row: Outbound) -> None:
        # Spent here, as the request leaves, not when it was launched: a pause of the event
        # loop in between would otherwise let the calls after it crowd in.
        self.pacer.spend(row.chat_id)
        outcome = Outcome(row, lost=True)
        try:
            outcome = await self._attempt(row)
        except Exception as exc:
            log.error("outbox %s: the call failed unexpectedly: %s", row.id, type(exc).__name__)
        finally:
            self._flying -= 1
            self.pacer.done(row.chat_id)
            self._outcomes.append(outcome)
            self._arrived.set()

    async def _attempt(self, row: Outbound) -> Outcome:
        """The call itself; its outcome is recorded by the next commit."""
        try:
            if row.message is None:
                raise Rejected("nothing left to send")
            return Outcome(row, message_id=await self.messenger.send(row.chat_id, row.message))
        except (RetryLater, Transient, Ambiguous, Blocked, Rejected) as exc:
            return Outcome(row, error=exc)

    async def _idle(self, timeout: float | None) -> None:
        """Until a call comes back, a kick, a stop, or `timeout` seconds (on the pacer's clock)."""
        self._arrived.clear()  # the state was just looked at: wait for a change to it
        waits: list[Coroutine[Any, Any, object]] = [
            self._arrived.wait(),
            self._news.wait(),
            self.worker.stopped(),
        ]
        if timeout is not None:
            waits.append(_slept(self.pacer.sleep, timeout))
        tasks = [asyncio.ensure_future(w) for w in waits]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()

    async def _land(self, quiet: bool = False) -> None:
        """Wait for every call in flight and commit the outcomes. `quiet`: on the way out of
        an error, a failing commit is logged, and its outcomes kept for the next flush."""
        await asyncio.gather(*list(self._calls.values()), return_exceptions=True)
        try:
            if self._outcomes:
                await self._step([])
        except Exception as exc:
            if not quiet:
                raise
            log.error("recording sends failed: %s", type(exc).__name__)


async def _slept(sleep: Callable[[float], Awaitable[object]], seconds: float) -> None:
    await sleep(seconds)
