"""Outgoing Telegram calls as recorded rows: pending -> sending -> sent | failed | ambiguous."""

from __future__ import annotations

from datetime import datetime

from bot.domain.outgoing import Outgoing, encode_message
from bot.storage.db import Tx
from bot.storage.records import Outbound, outbound
from bot.storage.times import iso


async def queue(
    tx: Tx,
    chat_id: int,
    message: Outgoing,
    now: datetime,
    *,
    dedupe_key: str | None = None,
    patient_id: int | None = None,
    checkin_id: int | None = None,
    not_before: datetime | None = None,
    priority: int = 0,
    scrub: bool = False,
) -> None:
    """Record a call to make; a repeated dedupe_key is ignored (a replay queues nothing).

    `scrub`: once it has gone out, nothing of it is kept but that it went (see `scrub`).
    """
    kind, payload = encode_message(message)
    await tx.run(
        "INSERT OR IGNORE INTO outbox (chat_id, kind, payload, dedupe_key, not_before,"
        " patient_id, checkin_id, created_at, priority, scrub)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            chat_id,
            kind,
            payload,
            dedupe_key,
            iso(not_before or now),
            patient_id,
            checkin_id,
            iso(now),
            priority,
            int(scrub),
        ),
    )


async def due(tx: Tx, now: datetime, limit: int) -> list[Outbound]:
    """Rows whose time has come, oldest first."""
    rows = await tx.rows(
        "SELECT * FROM outbox WHERE status = 'pending' AND not_before <= ?"
        " ORDER BY priority, not_before, id LIMIT ?",
        (iso(now), limit),
    )
    return [outbound(r) for r in rows]


async def begin_send(tx: Tx, row_id: int) -> bool:
    """Mark `sending` before the call is made; False if the row is not to be sent.

    Invitations and reminders (priority 1) are re-checked here, at send time: a patient who
    paused or stopped while they waited in the queue does not get them.
    """
    changed = await tx.run(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1"
        " WHERE id = ? AND status = 'pending' AND (priority = 0 OR patient_id IS NULL"
        " OR EXISTS (SELECT 1 FROM patients p WHERE p.id = outbox.patient_id"
        " AND p.status = 'active'))",
        (row_id,),
    )
    if changed == 1:
        return True
    await tx.run(
        "UPDATE outbox SET status = 'failed', error = 'patient no longer active'"
        " WHERE id = ? AND status = 'pending'",
        (row_id,),
    )
    return False


async def mark_sent(tx: Tx, row_id: int, message_id: int | None, now: datetime) -> None:
    await tx.run(
        "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?, error = NULL"
        " WHERE id = ?",
        (message_id, iso(now), row_id),
    )


async def mark(tx: Tx, row_id: int, status: str, error: str) -> None:
    """Finish a row as failed or ambiguous, with a short reason (no content)."""
    await tx.run(
        "UPDATE outbox SET status = ?, error = ? WHERE id = ?", (status, error[:200], row_id)
    )


async def retry_at(tx: Tx, row_id: int, chat_id: int, when: datetime, error: str) -> None:
    """Put a row back for later; the chat's other rows wait behind it to keep their order."""
    await tx.run(
        "UPDATE outbox SET status = 'pending', not_before = ?, error = ? WHERE id = ?",
        (iso(when), error[:200], row_id),
    )
    await tx.run(
        "UPDATE outbox SET not_before = MAX(not_before, ?) WHERE chat_id = ?"
        " AND status = 'pending' AND id > ?",
        (iso(when), chat_id, row_id),
    )


async def fail_pending_for_chat(tx: Tx, chat_id: int, error: str) -> None:
    """Nothing more is tried for a chat that blocked the bot."""
    await tx.run(
        "UPDATE outbox SET status = 'failed', error = ? WHERE chat_id = ? AND status = 'pending'",
        (error, chat_id),
    )


async def orphaned_to_ambiguous(tx: Tx) -> int:
    """Rows left in `sending` by a crash may or may not have reached Telegram."""
    return await tx.run(
        "UPDATE outbox SET status = 'ambiguous', error = 'interrupted while sending'"
        " WHERE status = 'sending'"
    )


async def scrub(tx: Tx, row_id: int) -> bool:
    """Wipe a finished row marked for it, its chat too; True when one was.

    Marked: its patient was erased or its words passed the retention period while it waited,
    or it copies older data (an export, a digest) that must not outlive the original.
    """
    changed = await tx.run(
        "UPDATE outbox SET payload = '{}', chat_id = 0 WHERE id = ? AND scrub = 1"
        " AND status IN ('sent', 'failed', 'ambiguous')",
        (row_id,),
    )
    return changed == 1


async def count_for(tx: Tx, patient_id: int, chat_id: int | None) -> int:
    """How many recorded calls were made for a patient or to their chat."""
    found = await tx.value(
        "SELECT COUNT(*) FROM outbox WHERE patient_id = ? OR chat_id = ?", (patient_id, chat_id)
    )
    return int(found or 0)
