"""Queueing messages inside the transaction that decided them."""

from __future__ import annotations

from datetime import datetime

from bot.domain.outgoing import Delivery, Edit, Outgoing, Rows, Text, buttons
from bot.storage import outbox
from bot.storage.db import Tx


class Replies:
    """Outbox rows keyed by what caused them (an update, a sweep step), so a replay queues
    nothing twice."""

    def __init__(self, tx: Tx, key: str, now: datetime) -> None:
        self.tx = tx
        self.key = key
        self.now = now
        self._n = 0
        # Every message queued so far: a step can tell whether another one said something.
        self.queued = 0

    def _next_key(self) -> str:
        self._n += 1
        return f"{self.key}:{self._n}"

    async def send(
        self,
        chat_id: int,
        message: Outgoing,
        *,
        patient_id: int | None = None,
        checkin_id: int | None = None,
        priority: int = 0,
        key: str | None = None,
        delivery: Delivery = "at_most_once",
        scrub: bool = False,
    ) -> None:
        """Queue one message; `key` names it when a replay must recognise it by name,
        `delivery` says whether a repeat is better than a loss (see Delivery), and `scrub`
        that its content and chat are wiped once it has gone out."""
        self.queued += 1
        await outbox.queue(
            self.tx,
            chat_id,
            message,
            self.now,
            dedupe_key=f"{self.key}:{key}" if key else self._next_key(),
            patient_id=patient_id,
            checkin_id=checkin_id,
            priority=priority,
            delivery=delivery,
            scrub=scrub,
        )

    async def text(
        self,
        chat_id: int,
        text: str,
        keyboard: Rows | None = None,
        *,
        html: bool = False,
        patient_id: int | None = None,
        checkin_id: int | None = None,
        delivery: Delivery = "at_most_once",
    ) -> None:
        message = Text(text, buttons(keyboard), html)
        await self.send(
            chat_id, message, patient_id=patient_id, checkin_id=checkin_id, delivery=delivery
        )

    async def edit(
        self, chat_id: int, message_id: int, text: str, keyboard: Rows | None = None
    ) -> None:
        await self.send(chat_id, Edit(message_id, text, buttons(keyboard)))
