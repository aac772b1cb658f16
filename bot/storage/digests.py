"""Digests: what was sent, and what a digest reads about a period."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from aiosqlite import Connection

from bot.storage.db import Row, all_rows, one_row
from bot.storage.times import iso


async def last_scheduled(conn: Connection, patient_id: int) -> Row | None:
    """The most recent digest sent before an appointment: the anchor of the next period."""
    return await one_row(
        conn,
        "SELECT * FROM digests WHERE patient_id = ? AND kind = 'scheduled'"
        " ORDER BY period_to DESC, id DESC LIMIT 1",
        (patient_id,),
    )


async def record(
    conn: Connection,
    patient_id: int,
    clinician_id: int | None,
    appointment_id: int | None,
    kind: str,
    period: tuple[datetime, datetime],
    codes: Iterable[str],
    now: datetime,
) -> int | None:
    """Record a digest; None when this appointment already had its scheduled digest."""
    cur = await conn.execute(
        "INSERT OR IGNORE INTO digests (patient_id, clinician_id, appointment_id, kind,"
        " period_from, period_to, codes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            patient_id,
            clinician_id,
            appointment_id,
            kind,
            iso(period[0]),
            iso(period[1]),
            json.dumps(sorted(codes)),
            iso(now),
        ),
    )
    return int(cur.lastrowid) if cur.rowcount == 1 and cur.lastrowid else None


async def appointments_needing_digest(
    conn: Connection, now: datetime, lead_until: datetime, limit: int
) -> list[Row]:
    """Upcoming appointments inside the lead time whose scheduled digest is not recorded."""
    return await all_rows(
        conn,
        "SELECT a.*, p.alias, p.clinician_id, c.chat_id AS clinician_chat_id,"
        " c.language AS clinician_language FROM appointments a"
        " JOIN patients p ON p.id = a.patient_id JOIN clinicians c ON c.id = p.clinician_id"
        " WHERE a.status = 'scheduled' AND a.at > ? AND a.at <= ? AND p.status != 'erased'"
        " AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.appointment_id = a.id"
        " AND d.kind = 'scheduled') ORDER BY a.at LIMIT ?",
        (iso(now), iso(lead_until), limit),
    )


async def next_appointment(conn: Connection, patient_id: int, now: datetime) -> Row | None:
    return await one_row(
        conn,
        "SELECT * FROM appointments WHERE patient_id = ? AND status = 'scheduled' AND at > ?"
        " ORDER BY at LIMIT 1",
        (patient_id, iso(now)),
    )


async def answers_with_dialog(conn: Connection, patient_id: int) -> list[Row]:
    """Every standing answer of a patient, oldest first."""
    return await all_rows(
        conn,
        "SELECT * FROM answers WHERE patient_id = ? AND superseded_at IS NULL"
        " ORDER BY answered_at, id",
        (patient_id,),
    )


async def checkin_counts(conn: Connection, patient_id: int, start: datetime, end: datetime) -> Row:
    """Sent, answered and missed check-ins in a period (intake counts as sent and answered)."""
    row = await one_row(
        conn,
        "SELECT"
        " SUM(COALESCE(invited_at, opened_at) >= ? AND COALESCE(invited_at, opened_at) < ?)"
        " AS sent,"
        " SUM(status = 'completed' AND completed_at >= ? AND completed_at < ?) AS answered,"
        " SUM(status IN ('missed', 'expired') AND completed_at >= ? AND completed_at < ?)"
        " AS missed FROM checkins WHERE patient_id = ?",
        (iso(start), iso(end)) * 3 + (patient_id,),
    )
    assert row is not None
    return row


async def events_between(
    conn: Connection, patient_id: int, kinds: Iterable[str], start: datetime, end: datetime
) -> list[Row]:
    kinds = list(kinds)
    marks = ",".join("?" for _ in kinds)
    return await all_rows(
        conn,
        f"SELECT * FROM events WHERE patient_id = ? AND kind IN ({marks})"  # noqa: S608
        " AND at >= ? AND at < ? ORDER BY at",
        (patient_id, *kinds, iso(start), iso(end)),
    )


async def safety_between(
    conn: Connection, patient_id: int, start: datetime, end: datetime
) -> list[Row]:
    return await all_rows(
        conn,
        "SELECT * FROM safety_events WHERE patient_id = ? AND at >= ? AND at < ? ORDER BY at",
        (patient_id, iso(start), iso(end)),
    )


async def messages_between(
    conn: Connection, patient_id: int, start: datetime, end: datetime
) -> list[Row]:
    return await all_rows(
        conn,
        "SELECT * FROM patient_messages WHERE patient_id = ? AND received_at >= ?"
        " AND received_at < ? ORDER BY received_at",
        (patient_id, iso(start), iso(end)),
    )


async def clinician_patients(conn: Connection, clinician_id: int) -> list[Row]:
    return await all_rows(
        conn,
        "SELECT * FROM patients WHERE clinician_id = ? AND status != 'erased' ORDER BY alias",
        (clinician_id,),
    )
