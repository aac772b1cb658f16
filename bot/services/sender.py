"""Delivers the outbox: every call is recorded before it is made and after it returns."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.services import reachability
from bot.services.pacing import Pacer
from bot.services.ports import Ambiguous, Blocked, Messenger, Rejected, RetryLater, Transient
from bot.storage import checkins, outbox
from bot.storage.db import Database, Row
from bot.storage.privacy import forget_from_disk

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


class Sender:
    """One sender per process: a lock keeps each chat's messages in order."""

    def __init__(
        self, db: Database, messenger: Messenger, clock: Clock, pacer: Pacer | None = None
    ) -> None:
        self.db = db
        self.messenger = messenger
        self.clock = clock
        self.pacer = pacer or Pacer()
        self._lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._worker = False
        self._stop: asyncio.Event | None = None

    async def flush(self, batch: int = 50) -> int:
        """Send every due row, paced; returns how many calls were made."""
        sent = 0
        async with self._lock:
            while not self._stopping() and (
                rows := await outbox.due(self.db, self.clock.now(), batch)
            ):
                made, wait = await self._pass(rows)
                sent += made
                if not made:
                    if wait is None:
                        break
                    await asyncio.sleep(wait)
        return sent

    async def _pass(self, rows: list[Row]) -> tuple[int, float | None]:
        """One pass over due rows; returns calls made and the shortest pacing wait seen."""
        made, wait, held = 0, None, set()
        for row in rows:
            chat = row["chat_id"]
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

    async def kick(self) -> None:
        """Have due rows sent: by the worker when one runs, here otherwise."""
        if self._worker:
            self._wake.set()
        else:
            await self.flush()

    def _stopping(self) -> bool:
        # A stop leaves what is still due in the outbox: the next start sends it.
        return self._stop is not None and self._stop.is_set()

    async def run(self, stop: asyncio.Event, every: float = 1.0) -> None:
        """The worker of `rapport run`: send whenever woken, and at least `every` seconds (rows
        queued by another process, such as the CLI, wake nobody)."""
        self._worker, self._stop = True, stop
        try:
            while not stop.is_set():
                self._wake.clear()  # before the flush: a kick during it is not lost
                try:
                    await self.flush()
                except Exception as exc:
                    # Another process holding the database's write lock, say: the rows stay
                    # in the outbox, and the worker must live to send them on the next wake.
                    log.error("sending stopped: %s; retried on the next wake", type(exc).__name__)
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=every)
                except TimeoutError:
                    pass
        finally:
            self._worker = False

    async def _deliver(self, row: Row) -> bool:
        """Make one call; True when it reached a final state in order."""
        if not await outbox.begin_send(self.db, row["id"]):
            return True
        done = await self._attempt(row)
        if done and await outbox.marked_for_scrub(self.db, row["id"]):
            # Its patient was erased while it waited: it went out, now nothing of it stays.
            async with self.db.tx() as conn:
                await outbox.scrub(conn, row["id"])
            await forget_from_disk(self.db)
        return done

    async def _attempt(self, row: Row) -> bool:
        """The call itself and its recorded outcome."""
        try:
            message_id = await self._call(row["kind"], row["chat_id"], json.loads(row["payload"]))
        except RetryLater as exc:
            await self._retry(row, exc.seconds, "flood control")
            return False
        except Transient as exc:
            if row["attempts"] + 1 >= MAX_ATTEMPTS:
                await self._finish(row, "failed", f"gave up: {type(exc).__name__}")
                return True
            await self._retry(row, min(2 ** (row["attempts"] + 1), 300), "transient error")
            return False
        except Ambiguous:
            await self._finish(row, "ambiguous", "timed out after sending")
            return True
        except Blocked:
            await self._blocked(row)
            return True
        except Rejected as exc:
            await self._finish(row, "failed", str(exc))
            return True
        async with self.db.tx() as conn:
            await outbox.mark_sent(conn, row["id"], message_id, self.clock.now())
            if row["checkin_id"] is not None and message_id is not None:
                await checkins.set_prompt(conn, row["checkin_id"], message_id)
        return True

    async def _call(self, kind: str, chat_id: int, p: dict[str, Any]) -> int | None:
        m = self.messenger
        if kind == "text":
            return await m.send_text(
                chat_id, p["text"], keyboard=p.get("keyboard"), html=p.get("html", False)
            )
        if kind == "edit":
            await m.edit_text(
                chat_id,
                p["message_id"],
                p["text"],
                keyboard=p.get("keyboard"),
                html=p.get("html", False),
            )
            return None
        if kind == "document":
            data = base64.b64decode(p["data"])
            return await m.send_document(chat_id, p["filename"], data, caption=p.get("caption"))
        if kind == "photo":
            return await m.send_photo(
                chat_id, base64.b64decode(p["data"]), caption=p.get("caption")
            )
        if kind == "commands":
            await m.set_commands([tuple(c) for c in p["commands"]], None, chat_id=chat_id)
            return None
        raise Rejected(f"unknown outbox kind {kind}")

    async def _retry(self, row: Row, seconds: float, why: str) -> None:
        async with self.db.tx() as conn:
            when = self.clock.now() + timedelta(seconds=seconds)
            await outbox.retry_at(conn, row["id"], row["chat_id"], when, why)

    async def _finish(self, row: Row, status: str, why: str) -> None:
        log.warning("outbox %s: %s (%s)", row["id"], status, why)
        async with self.db.tx() as conn:
            await outbox.mark(conn, row["id"], status, why)

    async def _blocked(self, row: Row) -> None:
        """A blocked chat: stop trying, mark the patient unreachable, record it."""
        async with self.db.tx() as conn:
            await outbox.mark(conn, row["id"], "failed", reachability.BLOCKED)
            await reachability.blocked(conn, row["chat_id"], self.clock.now())
        log.info("chat blocked the bot; outbox row %s failed", row["id"])
