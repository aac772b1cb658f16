"""A chat that blocked the bot, or came back: one rule for Telegram's word and a failed send."""

from __future__ import annotations

from datetime import datetime

from bot.services import lifecycle
from bot.storage import outbox, people
from bot.storage.db import Tx

BLOCKED = "blocked by the user"


async def blocked(tx: Tx, chat_id: int, now: datetime) -> None:
    """Nothing more is tried for the chat; its patient is unreachable, and the clinician will
    read so in the next digest."""
    await outbox.fail_pending_for_chat(tx, chat_id, BLOCKED)
    await _move(tx, chat_id, "block", now)


async def unblocked(tx: Tx, chat_id: int, now: datetime) -> None:
    """The patient let the bot back in: check-ins go out again (or stay paused, if they were)."""
    await _move(tx, chat_id, "unblock", now)


async def _move(tx: Tx, chat_id: int, action: lifecycle.lc.Action, now: datetime) -> None:
    patient = await people.patient_by_chat(tx, chat_id)
    if patient is None:
        return
    try:
        await lifecycle.move(tx, patient, action, "telegram", now)
    except lifecycle.NotAllowed:
        pass  # a stopped or erased patient's chat: nothing to change
