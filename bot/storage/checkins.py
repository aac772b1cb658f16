"""Check-in sessions and their answers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.storage.db import Row, Tx
from bot.storage.records import Answer, Checkin, Due, load, quiet
from bot.storage.times import iso


async def create(
    tx: Tx,
    patient_id: int,
    dialog_id: str,
    version: int,
    slot: str,
    due_at: datetime,
    expires_at: datetime,
    *,
    source: str = "schedule",
    appointment_id: int | None = None,
    change_id: int | None = None,
) -> int | None:
    """Queue a check-in; None when that (patient, dialog, slot) already exists."""
    return await tx.insert(
        "INSERT INTO checkins (patient_id, dialog_id, dialog_version, slot, due_at,"
        " expires_at, source, appointment_id, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (
            patient_id,
            dialog_id,
            version,
            slot,
            iso(due_at),
            iso(expires_at),
            source,
            appointment_id,
            change_id,
        ),
    )


async def _one(tx: Tx, sql: str, params: Iterable[Any]) -> Checkin | None:
    row = await tx.row(sql, params)
    return None if row is None else load(Checkin, row)


async def by_id(tx: Tx, checkin_id: int) -> Checkin | None:
    return await _one(tx, "SELECT * FROM checkins WHERE id = ?", (checkin_id,))


async def open_for_patient(tx: Tx, patient_id: int) -> list[Checkin]:
    """The check-ins the patient has started and not finished, most recently started first."""
    rows = await tx.rows(
        "SELECT * FROM checkins WHERE patient_id = ? AND status = 'open'"
        " AND opened_at IS NOT NULL ORDER BY opened_at DESC, id DESC",
        (patient_id,),
    )
    return [load(Checkin, r) for r in rows]


async def waiting_for_patient(tx: Tx, patient_id: int, now: datetime) -> Checkin | None:
    """The oldest check-in that is due, inside its window and not yet started."""
    return await _one(
        tx,
        "SELECT * FROM checkins WHERE patient_id = ? AND status IN ('pending', 'open')"
        " AND opened_at IS NULL AND due_at <= ? AND expires_at > ? ORDER BY due_at, id LIMIT 1",
        (patient_id, iso(now), iso(now)),
    )


# Asked at the end of every check-in: tests/test_query_plans.py holds it to its index.
NEXT_PENDING = (
    "SELECT * FROM checkins WHERE patient_id = ? AND status = 'pending' AND due_at > ?"
    " ORDER BY due_at LIMIT 1"
)


async def next_for_patient(tx: Tx, patient_id: int, now: datetime) -> Checkin | None:
    """The next check-in queued for later."""
    return await _one(tx, NEXT_PENDING, (patient_id, iso(now)))


async def for_patient(tx: Tx, patient_id: int) -> list[Checkin]:
    """Every check-in of a patient, whatever became of it, oldest first."""
    rows = await tx.rows(
        "SELECT * FROM checkins WHERE patient_id = ? ORDER BY due_at, id", (patient_id,)
    )
    return [load(Checkin, r) for r in rows]


async def turn(tx: Tx, checkin: Checkin) -> int:
    """Which of the check-ins of its dialog the patient has begun this one is: 1 for the first.
    Counted over those begun before it in due order (a missed one does not take a turn), so
    it does not change while the patient answers, nor after a restart."""
    due = iso(checkin.due_at)
    earlier = await tx.value(
        "SELECT COUNT(*) FROM checkins WHERE patient_id = ? AND dialog_id = ?"
        " AND opened_at IS NOT NULL AND (due_at < ? OR (due_at = ? AND id < ?))",
        (checkin.patient_id, checkin.dialog_id, due, due, checkin.id),
    )
    return int(earlier or 0) + 1


async def every_answer(tx: Tx, patient_id: int) -> list[Answer]:
    """Every answer of a patient, those a Back replaced too, in the order given."""
    rows = await tx.rows(
        "SELECT * FROM answers WHERE patient_id = ? ORDER BY answered_at, id", (patient_id,)
    )
    return [load(Answer, r) for r in rows]


async def mark_open(tx: Tx, checkin_id: int, now: datetime) -> None:
    await tx.run(
        "UPDATE checkins SET status = 'open', opened_at = COALESCE(opened_at, ?) WHERE id = ?",
        (iso(now), checkin_id),
    )


async def finish(tx: Tx, checkin_id: int, status: str, now: datetime) -> None:
    """Close a check-in as completed, expired, missed or cancelled."""
    await tx.run(
        "UPDATE checkins SET status = ?, completed_at = ?, draft = NULL, next_reminder_at = NULL"
        " WHERE id = ?",
        (status, iso(now), checkin_id),
    )


async def set_draft(tx: Tx, checkin_id: int, draft: Iterable[str] | None) -> None:
    value = None if draft is None else json.dumps(list(draft))
    await tx.run("UPDATE checkins SET draft = ? WHERE id = ?", (value, checkin_id))


async def set_prompt(tx: Tx, checkin_id: int, message_id: int) -> None:
    await tx.run(
        "UPDATE checkins SET prompt_message_id = ? WHERE id = ?", (message_id, checkin_id)
    )


async def answers(tx: Tx, checkin_id: int) -> list[Answer]:
    """The answers that stand (not superseded by a Back), in the order given."""
    rows = await tx.rows(
        "SELECT * FROM answers WHERE checkin_id = ? AND superseded_at IS NULL ORDER BY id",
        (checkin_id,),
    )
    return [load(Answer, r) for r in rows]


async def save_answer(
    tx: Tx, checkin: Checkin, question_id: str, construct: str | None, value: Any, now: datetime
) -> None:
    """Store one answer with what it measured; None means skipped."""
    await tx.run(
        "INSERT INTO answers (checkin_id, patient_id, dialog_id, dialog_version, question_id,"
        " construct, value, skipped, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            checkin.id,
            checkin.patient_id,
            checkin.dialog_id,
            checkin.dialog_version,
            question_id,
            construct,
            None if value is None else json.dumps(value, ensure_ascii=False),
            int(value is None),
            iso(now),
        ),
    )


async def supersede(tx: Tx, checkin_id: int, question_ids: Iterable[str], now: datetime) -> None:
    """Keep answers a Back replaced, marked as no longer standing."""
    await tx.many(
        "UPDATE answers SET superseded_at = ? WHERE checkin_id = ? AND question_id = ?"
        " AND superseded_at IS NULL",
        [(iso(now), checkin_id, qid) for qid in question_ids],
    )


async def cancel_open(tx: Tx, patient_id: int, now: datetime) -> None:
    """A patient who stopped: nothing queued or open goes on."""
    await tx.run(
        "UPDATE checkins SET status = 'cancelled', completed_at = ?"
        " WHERE patient_id = ? AND status IN ('pending', 'open')",
        (iso(now), patient_id),
    )


async def cancel_unstarted(tx: Tx, patient_id: int, now: datetime) -> None:
    """On a pause: invitations not yet started are withdrawn, not left to count as missed."""
    await tx.run(
        "UPDATE checkins SET status = 'cancelled', completed_at = ?, next_reminder_at = NULL"
        " WHERE patient_id = ? AND status = 'open' AND opened_at IS NULL",
        (iso(now), patient_id),
    )


_WITH_PATIENT = (
    "SELECT c.*, p.status AS patient_status, p.chat_id AS patient_chat_id, p.language,"
    " p.timezone, p.quiet_start, p.quiet_end, p.clinician_id FROM checkins c"
    " JOIN patients p ON p.id = c.patient_id"
)


def _due(row: Row) -> Due:
    return Due(
        checkin=load(Checkin, row),
        patient_status=row["patient_status"],
        chat_id=row["patient_chat_id"],
        language=row["language"],
        timezone=row["timezone"],
        quiet=quiet(row["quiet_start"], row["quiet_end"]),
        clinician_id=row["clinician_id"],
    )


# Each takes (now, limit); oldest first, so a sweep that stops at its budget leaves the newest.
DUE = (
    f"{_WITH_PATIENT} WHERE c.status = 'pending' AND c.due_at <= ? ORDER BY c.due_at, c.id LIMIT ?"
)
REMINDERS_DUE = (
    f"{_WITH_PATIENT} WHERE c.status = 'open' AND c.next_reminder_at <= ?"
    " AND c.opened_at IS NULL ORDER BY c.next_reminder_at, c.id LIMIT ?"
)
PAST_WINDOW = (
    "SELECT * FROM checkins WHERE status = 'open' AND expires_at <= ?"
    " ORDER BY expires_at, id LIMIT ?"
)


async def due(tx: Tx, now: datetime, limit: int) -> list[Due]:
    """Queued check-ins whose time has come, oldest first, with their patient."""
    return [_due(r) for r in await tx.rows(DUE + tx.dialect.claim("c"), (iso(now), limit))]


async def reminders_due(tx: Tx, now: datetime, limit: int) -> list[Due]:
    """Sent, not started, and a reminder is due; the longest overdue first."""
    return [
        _due(r) for r in await tx.rows(REMINDERS_DUE + tx.dialect.claim("c"), (iso(now), limit))
    ]


async def past_window(tx: Tx, now: datetime, limit: int) -> list[Checkin]:
    """Open check-ins whose window has ended, the earliest ended first."""
    return [
        load(Checkin, r)
        for r in await tx.rows(PAST_WINDOW + tx.dialect.claim("checkins"), (iso(now), limit))
    ]


async def mark_invited(
    tx: Tx, checkin_id: int, now: datetime, next_reminder: datetime | None
) -> None:
    await tx.run(
        "UPDATE checkins SET status = 'open', invited_at = ?, next_reminder_at = ? WHERE id = ?",
        (iso(now), iso(next_reminder) if next_reminder else None, checkin_id),
    )


async def hold(tx: Tx, checkin_id: int, until: datetime) -> None:
    """A due check-in waits (for the end of quiet hours); it goes out at the first sweep after."""
    await tx.run("UPDATE checkins SET due_at = ? WHERE id = ?", (iso(until), checkin_id))


async def remind_at(tx: Tx, checkin_id: int, when: datetime | None) -> None:
    """Move the next reminder without sending one; None: no more reminders."""
    await tx.run(
        "UPDATE checkins SET next_reminder_at = ? WHERE id = ?",
        (iso(when) if when else None, checkin_id),
    )


async def reminded(tx: Tx, checkin_id: int, next_reminder: datetime | None) -> None:
    await tx.run(
        "UPDATE checkins SET reminders_sent = reminders_sent + 1, next_reminder_at = ?"
        " WHERE id = ?",
        (iso(next_reminder) if next_reminder else None, checkin_id),
    )
