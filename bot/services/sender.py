"""Delivers the outbox: every call is recorded before it is made and after it returns."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.services.ports import Ambiguous, Blocked, Messenger, Rejected, RetryLater, Transient
from bot.storage import checkins, events, outbox
from bot.storage.db import Database, Row
from bot.storage.people import patient_by_chat, set_patient_status

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


class Sender:
    """One sender per process: a lock keeps each chat's messages in order."""

    def __init__(self, db: Database, messenger: Messenger, clock: Clock) -> None:
        self.db = db
        self.messenger = messenger
        self.clock = clock
        self._lock = asyncio.Lock()

    async def flush(self, limit: int = 200) -> int:
        """Send every due row; returns how many were sent."""
        sent = 0
        async with self._lock:
            while rows := await outbox.due(self.db, self.clock.now(), limit):
                sent += await self._deliver_batch(rows)
                if len(rows) < limit:
                    break
        return sent

    async def _deliver_batch(self, rows: list[Row]) -> int:
        held: set[int] = set()  # chats with a deferred row: later rows must wait behind it
        sent = 0
        for row in rows:
            if row["chat_id"] in held:
                await self._retry(row, 0.0, "waiting behind an earlier message")
            elif await self._deliver(row):
                sent += 1
            else:
                held.add(row["chat_id"])
        return sent

    async def _deliver(self, row: Row) -> bool:
        """Make one call; True when it reached a final state in order."""
        if not await outbox.begin_send(self.db, row["id"]):
            return True
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
            return await m.send_text(chat_id, p["text"], keyboard=p.get("keyboard"),
                                     html=p.get("html", False))
        if kind == "edit":
            await m.edit_text(chat_id, p["message_id"], p["text"], keyboard=p.get("keyboard"),
                              html=p.get("html", False))
            return None
        if kind == "document":
            data = base64.b64decode(p["data"])
            return await m.send_document(chat_id, p["filename"], data, caption=p.get("caption"))
        if kind == "photo":
            return await m.send_photo(chat_id, base64.b64decode(p["data"]),
                                      caption=p.get("caption"))
        raise Rejected(f"unknown outbox kind {kind}")

    async def _retry(self, row: Row, seconds: float, why: str) -> None:
        async with self.db.tx() as conn:
            when = self.clock.now() + timedelta(seconds=seconds)
            await outbox.retry_at(conn, row["id"], when, why)

    async def _finish(self, row: Row, status: str, why: str) -> None:
        log.warning("outbox %s: %s (%s)", row["id"], status, why)
        async with self.db.tx() as conn:
            await outbox.mark(conn, row["id"], status, why)

    async def _blocked(self, row: Row) -> None:
        """A blocked chat: stop trying, mark the patient unreachable, record it."""
        now = self.clock.now()
        async with self.db.tx() as conn:
            await outbox.mark(conn, row["id"], "failed", "blocked by the user")
            await outbox.fail_pending_for_chat(conn, row["chat_id"], "blocked by the user")
            patient = await patient_by_chat(conn, row["chat_id"])
            if patient is not None and patient["status"] in ("active", "paused"):
                await set_patient_status(conn, patient["id"], "unreachable")
                await events.record(conn, "patient_unreachable", now, actor="telegram",
                                    patient_id=patient["id"], clinician_id=patient["clinician_id"])
        log.info("chat blocked the bot; outbox row %s failed", row["id"])
