"""Outgoing Telegram calls as recorded rows: pending -> sending -> sent | failed | ambiguous."""

from __future__ import annotations

from datetime import datetime

from bot.domain.outgoing import (
    RESEND_AFTER,
    Delivery,
    Edit,
    Outgoing,
    encode_message,
    resendable,
)
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
    delivery: Delivery = "at_most_once",
    scrub: bool = False,
) -> None:
    """Record a call to make; a repeated dedupe_key is ignored (a replay queues nothing).

    `scrub`: once it has gone out, nothing of it is kept but that it went (see `scrub`).
    """
    kind, payload = encode_message(message)
    new_id = await tx.insert(
        "INSERT INTO outbox (chat_id, kind, payload, dedupe_key, not_before,"
        " patient_id, checkin_id, created_at, priority, delivery, scrub)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
            delivery,
            int(scrub),
        ),
    )
    if new_id is not None and isinstance(message, Edit):
        await _supersede(tx, chat_id, message.message_id, new_id, checkin_id)


# The reason on an edit dropped for a newer edit of the same message: nobody missed a screen.
SUPERSEDED = "superseded by a later edit"


async def _supersede(
    tx: Tx, chat_id: int, message_id: int, new_id: int, checkin_id: int | None
) -> None:
    """Older edits of the same message still waiting are dropped: only the newest screen
    matters, and under Telegram's one call a second per chat each one would delay it (boxes
    ticked fast, then Done). The check-in a dropped edit pointed at passes to the new one."""
    older = await tx.rows(
        "SELECT id, checkin_id FROM outbox WHERE status = 'pending' AND chat_id = ?"  # noqa: S608
        " AND kind = 'edit' AND id < ? AND"
        f" {tx.dialect.int_member('payload', 'message_id')} = ?"
        " ORDER BY id DESC",
        (chat_id, new_id, message_id),
    )
    if not older:
        return
    await tx.many(
        "UPDATE outbox SET status = 'failed', error = ? WHERE id = ? AND status = 'pending'",
        [(SUPERSEDED, r["id"]) for r in older],
    )
    inherited = next((r["checkin_id"] for r in older if r["checkin_id"] is not None), None)
    if checkin_id is None and inherited is not None:
        await tx.run("UPDATE outbox SET checkin_id = ? WHERE id = ?", (inherited, new_id))


# (now, limit): read by the sender before every batch.
DUE = (
    "SELECT * FROM outbox WHERE status = 'pending' AND not_before <= ?"
    " ORDER BY priority, not_before, id LIMIT ?"
)


async def due(tx: Tx, now: datetime, limit: int) -> list[Outbound]:
    """Rows whose time has come, oldest first."""
    rows = await tx.rows(DUE, (iso(now), limit))
    return [outbound(r) for r in rows]


async def due_replies(tx: Tx, now: datetime, limit: int) -> list[Outbound]:
    """Due replies to people (priority 0), oldest first."""
    rows = await tx.rows(
        "SELECT * FROM outbox WHERE status = 'pending' AND priority = 0 AND not_before <= ?"
        " ORDER BY not_before, id LIMIT ?",
        (iso(now), limit),
    )
    return [outbound(r) for r in rows]


async def due_others(tx: Tx, now: datetime, limit: int) -> list[Outbound]:
    """Due invitations and reminders (priority 1 and up), oldest first; a chat that also has a
    reply due is left out, as the reply goes first there (`due`'s order within a chat)."""
    rows = await tx.rows(
        "SELECT * FROM outbox WHERE status = 'pending' AND priority >= 1 AND not_before <= ?"
        " AND NOT EXISTS (SELECT 1 FROM outbox r WHERE r.status = 'pending'"
        " AND r.priority = 0 AND r.not_before <= ? AND r.chat_id = outbox.chat_id)"
        " ORDER BY priority, not_before, id LIMIT ?",
        (iso(now), iso(now), limit),
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
        "UPDATE outbox SET not_before = CASE WHEN not_before < ? THEN ? ELSE not_before END"
        " WHERE chat_id = ? AND status = 'pending' AND id > ?",
        (iso(when), iso(when), chat_id, row_id),
    )


async def fail_pending_for_chat(tx: Tx, chat_id: int, error: str) -> None:
    """Nothing more is tried for a chat that blocked the bot."""
    await tx.run(
        "UPDATE outbox SET status = 'failed', error = ? WHERE chat_id = ? AND status = 'pending'",
        (error, chat_id),
    )


async def unsure(tx: Tx, row_id: int, now: datetime, why: str) -> bool:
    """A call that may or may not have reached Telegram: a row whose repeat is harmless is sent
    once more, RESEND_AFTER from now; any other stays ambiguous. True when it is sent again.

    The chat's later rows do not wait for it: it most likely arrived the first time, and a
    crisis reply's resources must not be held back a minute behind it.
    """
    row = await tx.row("SELECT delivery, resends FROM outbox WHERE id = ?", (row_id,))
    if row is None or not resendable(row["delivery"], row["resends"]):
        await mark(tx, row_id, "ambiguous", why)
        return False
    await tx.run(
        "UPDATE outbox SET status = 'pending', resends = resends + 1, not_before = ?, error = ?"
        " WHERE id = ?",
        (iso(now + RESEND_AFTER), f"{why}; sending again"[:200], row_id),
    )
    return True


async def interrupted(tx: Tx, now: datetime) -> tuple[int, int]:
    """Rows a crash left in `sending`: (how many will be sent again, how many stay ambiguous)."""
    rows = await tx.rows("SELECT id FROM outbox WHERE status = 'sending' ORDER BY id")
    again = [await unsure(tx, r["id"], now, "interrupted while sending") for r in rows]
    return sum(again), len(again) - sum(again)


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


async def undelivered_alerts(tx: Tx, limit: int) -> list[Outbound]:
    """Alerts that failed, or stayed ambiguous after their resend, and are not yet escalated."""
    rows = await tx.rows(
        "SELECT * FROM outbox WHERE delivery = 'alert' AND escalated_at IS NULL"
        " AND status IN ('failed', 'ambiguous') ORDER BY id LIMIT ?",
        (limit,),
    )
    return [outbound(r) for r in rows]


async def escalated(tx: Tx, row_id: int, now: datetime) -> bool:
    """Mark an undelivered alert escalated; False when it already was."""
    changed = await tx.run(
        "UPDATE outbox SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL",
        (iso(now), row_id),
    )
    return changed == 1


async def copy_alert(
    tx: Tx, row: Outbound, chat_id: int, message: Outgoing, now: datetime
) -> None:
    """Queue an alert's copy for another chat; an erased patient's copy is wiped once sent, as
    the original would have been."""
    key = f"escalation:{row.id}"
    await queue(
        tx, chat_id, message, now, dedupe_key=key, patient_id=row.patient_id, delivery="alert"
    )
    await tx.run(
        "UPDATE outbox SET scrub = (SELECT scrub FROM outbox WHERE id = ?) WHERE dedupe_key = ?",
        (row.id, key),
    )


async def count_for(tx: Tx, patient_id: int, chat_id: int | None) -> int:
    """How many recorded calls were made for a patient or to their chat."""
    found = await tx.value(
        "SELECT COUNT(*) FROM outbox WHERE patient_id = ? OR chat_id = ?", (patient_id, chat_id)
    )
    return int(found or 0)
