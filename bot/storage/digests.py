"""Digests: what was sent, and what a digest reads about a period."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.storage.db import Tx
from bot.storage.records import Answer, Appointment, Counts, DigestDue, DigestSent, Message, load
from bot.storage.times import iso


async def last_scheduled(tx: Tx, patient_id: int) -> DigestSent | None:
    """The most recent digest sent before an appointment: the anchor of the next period."""
    row = await tx.row(
        "SELECT * FROM digests WHERE patient_id = ? AND kind = 'scheduled'"
        " ORDER BY period_to DESC, id DESC LIMIT 1",
        (patient_id,),
    )
    return None if row is None else load(DigestSent, row)


async def record(
    tx: Tx,
    patient_id: int,
    clinician_id: int | None,
    appointment_id: int | None,
    kind: str,
    period: tuple[datetime, datetime],
    codes: Iterable[str],
    now: datetime,
    chat_id: int | None = None,
) -> int | None:
    """Record a digest; None when this appointment already had its scheduled digest.

    One with a chat waits there, undelivered, for the step that draws and sends it.
    """
    return await tx.insert(
        "INSERT INTO digests (patient_id, clinician_id, appointment_id, kind,"
        " period_from, period_to, codes, created_at, chat_id, delivered_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (
            patient_id,
            clinician_id,
            appointment_id,
            kind,
            iso(period[0]),
            iso(period[1]),
            json.dumps(sorted(codes)),
            iso(now),
            chat_id,
            None if chat_id is not None else iso(now),
        ),
    )


async def of_patient(tx: Tx, patient_id: int) -> list[DigestSent]:
    """Every digest made about a patient, oldest first."""
    rows = await tx.rows(
        "SELECT * FROM digests WHERE patient_id = ? ORDER BY created_at, id", (patient_id,)
    )
    return [load(DigestSent, r) for r in rows]


async def by_id(tx: Tx, digest_id: int) -> DigestSent | None:
    row = await tx.row("SELECT * FROM digests WHERE id = ?", (digest_id,))
    return None if row is None else load(DigestSent, row)


async def undelivered(tx: Tx) -> DigestSent | None:
    """The oldest digest recorded for a chat and not yet queued to it."""
    row = await tx.row("SELECT * FROM digests WHERE delivered_at IS NULL ORDER BY id LIMIT 1")
    return None if row is None else load(DigestSent, row)


async def delivered(tx: Tx, digest_id: int, now: datetime) -> bool:
    """Mark a digest queued; False when another step already did."""
    changed = await tx.run(
        "UPDATE digests SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
        (iso(now), digest_id),
    )
    return changed == 1


async def previous_codes(tx: Tx, patient_id: int, before_id: int | None = None) -> list[str]:
    """The signals of the last scheduled digest (before digest `before_id`): what trends
    compare against."""
    row = await tx.row(
        "SELECT codes FROM digests WHERE patient_id = ? AND kind = 'scheduled' AND id < ?"
        " ORDER BY period_to DESC, id DESC LIMIT 1",
        (patient_id, before_id if before_id is not None else 2**63 - 1),
    )
    return [] if row is None else list(json.loads(row["codes"]))


# (now, lead_until, limit): read by every sweep. A clinician who has not linked a chat yet is
# left out here, not skipped by the caller: fifty such appointments first in line would
# otherwise hold back every other clinician's digests; theirs come once they link.
NEEDING_DIGEST = (
    "SELECT a.id, a.patient_id, a.at, p.clinician_id, c.chat_id AS clinician_chat_id"
    " FROM appointments a JOIN patients p ON p.id = a.patient_id"
    " JOIN clinicians c ON c.id = p.clinician_id"
    " WHERE a.status = 'scheduled' AND a.at > ? AND a.at <= ? AND p.status != 'erased'"
    " AND c.chat_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.appointment_id = a.id"
    " AND d.kind = 'scheduled') ORDER BY a.at LIMIT ?"
)


async def appointments_needing_digest(
    tx: Tx, now: datetime, lead_until: datetime, limit: int
) -> list[DigestDue]:
    """Upcoming appointments inside the lead time whose scheduled digest is not recorded."""
    rows = await tx.rows(
        NEEDING_DIGEST + tx.dialect.claim("a"), (iso(now), iso(lead_until), limit)
    )
    return [load(DigestDue, r) for r in rows]


async def next_appointment(tx: Tx, patient_id: int, now: datetime) -> Appointment | None:
    row = await tx.row(
        "SELECT * FROM appointments WHERE patient_id = ? AND status = 'scheduled' AND at > ?"
        " ORDER BY at LIMIT 1",
        (patient_id, iso(now)),
    )
    return None if row is None else load(Appointment, row)


# (patient_id,): one patient's rows through answers_patient; sorting them is a sort of one
# patient's answers, so answers (written on every tap) gets no second index for it.
STANDING_ANSWERS = (
    "SELECT * FROM answers WHERE patient_id = ? AND superseded_at IS NULL ORDER BY answered_at, id"
)


async def standing_answers(tx: Tx, patient_id: int) -> list[Answer]:
    """Every standing answer of a patient, oldest first."""
    return [load(Answer, r) for r in await tx.rows(STANDING_ANSWERS, (patient_id,))]


# (start, end) * 3 + (patient_id,), then the dialogs skipped (`checkin_counts`).
CHECKIN_COUNTS = (
    "SELECT"
    " SUM(CASE WHEN COALESCE(invited_at, opened_at) >= ?"
    " AND COALESCE(invited_at, opened_at) < ? THEN 1 ELSE 0 END) AS sent,"
    " SUM(CASE WHEN status = 'completed' AND completed_at >= ? AND completed_at < ?"
    " THEN 1 ELSE 0 END) AS answered,"
    " SUM(CASE WHEN status IN ('missed', 'expired') AND completed_at >= ? AND completed_at < ?"
    " THEN 1 ELSE 0 END) AS missed FROM checkins WHERE patient_id = ? AND source != 'after'"
)


async def checkin_counts(
    tx: Tx, patient_id: int, start: datetime, end: datetime, skip: Sequence[str] = ()
) -> Counts:
    """Sent, answered and missed check-ins in a period (intake counts as sent and answered;
    a suicide screen chained right after a check-in is part of that one
    (screening.CHAINED)); check-ins of the dialogs in `skip` are not counted."""
    skipped = f" AND dialog_id NOT IN ({', '.join('?' * len(skip))})" if skip else ""
    row = await tx.row(CHECKIN_COUNTS + skipped, (iso(start), iso(end)) * 3 + (patient_id, *skip))
    if row is None:
        return Counts()
    return Counts(row["sent"] or 0, row["answered"] or 0, row["missed"] or 0)


async def messages_between(
    tx: Tx, patient_id: int, start: datetime, end: datetime
) -> list[Message]:
    rows = await tx.rows(
        "SELECT * FROM patient_messages WHERE patient_id = ? AND received_at >= ?"
        " AND received_at < ? ORDER BY received_at",
        (patient_id, iso(start), iso(end)),
    )
    return [load(Message, r) for r in rows]
