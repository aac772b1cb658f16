"""The sender's lease: with several instances on one PostgreSQL database, one sends at a time.

Telegram's limits (30 messages a second per bot, one a second per chat) and each chat's order
are the bot's, not an instance's: they hold only if one sender paces every call. Each instance
runs a `SenderLease`; the holder renews it, the others look, and one of them takes it over at
most `RAPPORT_LEASE_SECONDS` after the holder stopped renewing. Taking it over settles the
sends the last holder left `sending` as a restart does (`outbox.interrupted`): resent once when
a repeat is harmless, `ambiguous` otherwise, never resent blindly.

With SQLite one instance serves the file by design: the lease is held from the start, and the
start settles the interrupted sends, as it always did.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.clock import Clock
from bot.domain import leases as rules
from bot.storage import leases, outbox
from bot.storage.db import Database, Tx

log = logging.getLogger(__name__)
Kick = Callable[[], Awaitable[object]]


def instance_id() -> str:
    """This process among the instances: host, pid, and a few random bytes for a reused pid."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class SenderLease:
    """Whether this instance may send the outbox now; `shared`: several instances may run."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        seconds: float,
        *,
        shared: bool,
        me: str | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.timing = rules.Timing(seconds)
        self.shared = shared
        self.me = me or instance_id()
        # Until when this instance may send, by its own clock: a renewal's start plus its term,
        # so a holder whose renewals fail stops by the instant another may take over.
        self._until: datetime | None = None
        self.kick: Kick | None = None  # the sender's, to start sending on a takeover

    def held(self) -> bool:
        """No I/O: asked before every call the sender starts."""
        return not self.shared or (self._until is not None and self.clock.now() < self._until)

    def lost(self) -> None:
        """The database says another instance holds it (see `fence`)."""
        self._until = None

    async def start(self) -> None:
        """At `rapport run`'s start: take the lease if it is free; SQLite settles at once."""
        if not self.shared:
            async with self.db.tx() as tx:
                await _settle(tx, self.clock.now(), "by a stop")
            return
        if not await self.renew():
            log.info(
                "another instance sends the outbox; this one (%s) takes over if it stops", self.me
            )

    async def hold(self) -> bool:
        """Whether this instance may send; renews the lease first when its term has run out
        (a flush with no `run` loop renewing it: the tests, the demo, the CLI)."""
        return self.held() or await self.renew()

    async def renew(self) -> bool:
        """Renew or take the lease if allowed; True when this instance holds it."""
        if not self.shared:
            return True
        now = self.clock.now()
        until = now + self.timing.term
        async with self.db.tx() as tx:
            seen = await leases.current(tx, rules.SENDER)
            if not rules.may_take(seen, self.me, now):
                self._until = None
                return False
            if not await leases.write(tx, rules.SENDER, seen, self.me, until, now):
                self._until = None  # another instance wrote it since the read
                return False
            if taking := rules.taken_over(seen, self.me):
                await _settle(tx, now, "by a stop" if seen is None else f"at {seen.holder}")
        self._until = until
        if taking:
            log.info("this instance now sends the outbox (%s)", self.me)
        return True

    async def fence(self, tx: Tx) -> bool:
        """Inside the transaction that marks rows `sending`: whether the lease is still mine."""
        if not self.shared:
            return True
        if await leases.fence(tx, rules.SENDER, self.me, self.clock.now()):
            return True
        self.lost()
        return False

    async def run(self, stop: asyncio.Event) -> None:
        """Renew (or watch for the lease's end) every `timing.every` seconds until stopped."""
        while self.shared and not stop.is_set():
            was = self.held()
            try:
                now_held = await self.renew()
            except Exception as exc:
                # Sending stops by itself when the term runs out (`held`).
                log.error("renewing the sender's lease failed: %s", type(exc).__name__)
                now_held = self.held()
            if was and not now_held:
                log.warning("this instance lost the sender's lease")
            if now_held and not was and self.kick is not None:
                await self.kick()
            try:
                await asyncio.wait_for(stop.wait(), self.timing.every)
            except TimeoutError:
                pass

    async def release(self) -> None:
        """A clean stop, once the sender has recorded its last calls: another instance takes
        the lease at its next look rather than after the term."""
        if not self.shared or self._until is None:
            return
        self._until = None
        try:
            async with self.db.tx() as tx:
                await leases.release(tx, rules.SENDER, self.me, self.clock.now())
        except Exception as exc:
            log.error("releasing the sender's lease failed: %s", type(exc).__name__)


async def _settle(tx: Tx, now: datetime, how: str) -> None:
    """The sends a stop or a dead holder left `sending`: resent once or left ambiguous."""
    again, unsure = await outbox.interrupted(tx, now)
    if again or unsure:
        log.warning(
            "%d sends were interrupted %s: %d will be sent again, %d are left ambiguous",
            again + unsure,
            how,
            again,
            unsure,
        )
