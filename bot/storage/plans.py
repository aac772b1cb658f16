"""Schedules, appointments and medication changes: what staff set up."""

from __future__ import annotations

from datetime import date, datetime

from aiosqlite import Connection

from bot.storage.db import Database, Row, all_rows, one_row
from bot.storage.times import iso


async def upsert_schedule(
    conn: Connection,
    patient_id: int,
    dialog_id: str,
    weekdays: str | None,
    every_days: int | None,
    local_time: str,
    start: date,
    end: date | None,
    now: datetime,
) -> None:
    """One schedule per (patient, dialog); setting it again replaces it, planning from now."""
    await conn.execute(
        "INSERT INTO schedules (patient_id, dialog_id, weekdays, every_days, local_time,"
        " start_date, end_date, created_at, planned_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (patient_id, dialog_id) DO UPDATE SET weekdays = excluded.weekdays,"
        " every_days = excluded.every_days, local_time = excluded.local_time,"
        " start_date = excluded.start_date, end_date = excluded.end_date,"
        " planned_until = excluded.planned_until",
        (
            patient_id,
            dialog_id,
            weekdays,
            every_days,
            local_time,
            start.isoformat(),
            end.isoformat() if end else None,
            iso(now),
            iso(now),
        ),
    )


async def remove_schedule(conn: Connection, patient_id: int, dialog_id: str) -> bool:
    cur = await conn.execute(
        "DELETE FROM schedules WHERE patient_id = ? AND dialog_id = ?", (patient_id, dialog_id)
    )
    return cur.rowcount == 1


async def schedules(db: Database, patient_id: int | None = None) -> list[Row]:
    """Schedules with their patient's alias, optionally for one patient."""
    sql = "SELECT s.*, p.alias, p.timezone FROM schedules s JOIN patients p ON p.id = s.patient_id"
    if patient_id is None:
        return await db.fetchall(f"{sql} ORDER BY p.alias, s.dialog_id")
    return await db.fetchall(f"{sql} WHERE s.patient_id = ? ORDER BY s.dialog_id", (patient_id,))


async def to_plan(conn: Connection, before: datetime, limit: int) -> list[Row]:
    """Schedules of reachable patients planned only up to some time before `before`."""
    return await all_rows(
        conn,
        "SELECT s.*, p.timezone, p.quiet_start, p.quiet_end FROM schedules s"
        " JOIN patients p ON p.id = s.patient_id"
        " WHERE s.planned_until < ? AND p.status IN ('active', 'paused')"
        " ORDER BY s.planned_until LIMIT ?",
        (iso(before), limit),
    )


async def planned(conn: Connection, schedule_id: int, until: datetime) -> None:
    await conn.execute(
        "UPDATE schedules SET planned_until = ? WHERE id = ?", (iso(until), schedule_id)
    )


async def add_appointment(conn: Connection, patient_id: int, at: datetime, now: datetime) -> int:
    cur = await conn.execute(
        "INSERT INTO appointments (patient_id, at, created_at) VALUES (?, ?, ?)",
        (patient_id, iso(at), iso(now)),
    )
    return int(cur.lastrowid or 0)


async def appointments(conn: Connection, patient_id: int | None, after: datetime) -> list[Row]:
    """Upcoming scheduled appointments with the patient's alias."""
    sql = (
        "SELECT a.*, p.alias, p.timezone FROM appointments a JOIN patients p"
        " ON p.id = a.patient_id WHERE a.status = 'scheduled' AND a.at > ?"
    )
    if patient_id is None:
        return await all_rows(conn, f"{sql} ORDER BY a.at", (iso(after),))
    return await all_rows(
        conn, f"{sql} AND a.patient_id = ? ORDER BY a.at", (iso(after), patient_id)
    )


async def appointment(conn: Connection, appointment_id: int) -> Row | None:
    return await one_row(conn, "SELECT * FROM appointments WHERE id = ?", (appointment_id,))


async def cancel_appointment(conn: Connection, appointment_id: int, now: datetime) -> None:
    """Cancel it and whatever pre-visit check-in it had queued."""
    await conn.execute(
        "UPDATE appointments SET status = 'cancelled' WHERE id = ?", (appointment_id,)
    )
    await conn.execute(
        "UPDATE checkins SET status = 'cancelled', completed_at = ?"
        " WHERE appointment_id = ? AND status = 'pending'",
        (iso(now), appointment_id),
    )


async def add_change(
    conn: Connection, patient_id: int, at: datetime, note: str, now: datetime
) -> int:
    cur = await conn.execute(
        "INSERT INTO medication_changes (patient_id, at, note, created_at) VALUES (?, ?, ?, ?)",
        (patient_id, iso(at), note, iso(now)),
    )
    return int(cur.lastrowid or 0)


async def cancel_pending_from_schedule(
    conn: Connection, patient_id: int, dialog_id: str, now: datetime
) -> None:
    """Queued check-ins of a removed or replaced schedule do not go out.

    They were never sent, so they are deleted: planning again may reuse their slots.
    """
    await conn.execute(
        "DELETE FROM checkins WHERE patient_id = ? AND dialog_id = ? AND source = 'schedule'"
        " AND status = 'pending' AND due_at > ?",
        (patient_id, dialog_id, iso(now)),
    )


async def replan(conn: Connection, patient_id: int, now: datetime) -> None:
    """After a time zone or quiet-hours change: drop queued rows and plan again from now."""
    await conn.execute(
        "DELETE FROM checkins WHERE patient_id = ? AND source = 'schedule'"
        " AND status = 'pending' AND due_at > ?",
        (patient_id, iso(now)),
    )
    await conn.execute(
        "UPDATE schedules SET planned_until = ? WHERE patient_id = ?", (iso(now), patient_id)
    )
