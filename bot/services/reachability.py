"""A chat that blocked the bot, or came back: one rule for Telegram's word and a failed send."""

from __future__ import annotations

from datetime import datetime

from aiosqlite import Connection

from bot.storage import events, outbox, people

BLOCKED = "blocked by the user"


async def blocked(conn: Connection, chat_id: int, now: datetime) -> None:
    """Nothing more is tried for the chat; its patient is unreachable, and the clinician will
    read so in the next digest."""
    await outbox.fail_pending_for_chat(conn, chat_id, BLOCKED)
    patient = await people.patient_by_chat(conn, chat_id)
    if patient is not None and patient["status"] in ("active", "paused"):
        await people.set_patient_status(conn, patient["id"], "unreachable")
        await events.record(
            conn,
            "patient_unreachable",
            now,
            actor="telegram",
            patient_id=patient["id"],
            clinician_id=patient["clinician_id"],
        )


async def unblocked(conn: Connection, chat_id: int, now: datetime) -> None:
    """The patient let the bot back in: check-ins go out again."""
    patient = await people.patient_by_chat(conn, chat_id)
    if patient is not None and patient["status"] == "unreachable":
        await people.set_patient_status(conn, patient["id"], "active")
        await events.record(
            conn,
            "patient_reachable",
            now,
            actor="telegram",
            patient_id=patient["id"],
            clinician_id=patient["clinician_id"],
        )
