"""Queueing replies to an update inside the handler's transaction."""

from __future__ import annotations

from datetime import datetime

from aiosqlite import Connection

from bot.services.ports import Keyboard
from bot.storage import outbox


class Replies:
    """Outbox rows keyed by the update, so a replayed update queues nothing twice."""

    def __init__(self, conn: Connection, update_id: int, now: datetime) -> None:
        self.conn = conn
        self.update_id = update_id
        self.now = now
        self._n = 0

    def _key(self) -> str:
        self._n += 1
        return f"u{self.update_id}:{self._n}"

    async def text(
        self,
        chat_id: int,
        text: str,
        keyboard: Keyboard | None = None,
        *,
        html: bool = False,
        patient_id: int | None = None,
        checkin_id: int | None = None,
    ) -> None:
        payload = {"text": text, "keyboard": keyboard, "html": html}
        await outbox.queue(
            self.conn,
            chat_id,
            "text",
            payload,
            self.now,
            dedupe_key=self._key(),
            patient_id=patient_id,
            checkin_id=checkin_id,
        )

    async def menu(self, chat_id: int, commands: list[tuple[str, str]]) -> None:
        """This chat's own command menu (a clinician's, say)."""
        payload = {"commands": commands}
        await outbox.queue(
            self.conn, chat_id, "commands", payload, self.now, dedupe_key=self._key()
        )

    async def edit(
        self, chat_id: int, message_id: int, text: str, keyboard: Keyboard | None = None
    ) -> None:
        payload = {"message_id": message_id, "text": text, "keyboard": keyboard}
        await outbox.queue(self.conn, chat_id, "edit", payload, self.now, dedupe_key=self._key())
