"""Schedules and appointments: what staff set up (the regimen is bot.storage.regimen)."""

from __future__ import annotations

from datetime import date, datetime

from bot.storage.db import Tx
from bot.storage.records import Appointment, Schedule, load
from bot.storage.times import iso


async def upsert_schedule(
    tx: Tx,
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
    await tx.run(
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


async def remove_schedule(tx: Tx, patient_id: int, dialog_id: str) -> bool:
    changed = await tx.run(
        "DELETE FROM schedules WHERE patient_id = ? AND dialog_id = ?", (patient_id, dialog_id)
    )
    return changed == 1


_SCHEDULES = (
    "SELECT s.*, p.alias, p.timezone, p.quiet_start, p.quiet_end FROM schedules s"
    " JOIN patients p ON p.id = s.patient_id"
)


async def schedules(tx: Tx, patient_id: int | None = None) -> list[Schedule]:
    """Schedules with their patient's alias, optionally for one patient."""
    rows = await tx.rows_for(_SCHEDULES, "s.patient_id", patient_id, "p.alias, s.dialog_id")
    return [load(Schedule, r) for r in rows]


async def schedule(tx: Tx, patient_id: int, dialog_id: str) -> Schedule | None:
    row = await tx.row(
        f"{_SCHEDULES} WHERE s.patient_id = ? AND s.dialog_id = ?", (patient_id, dialog_id)
    )
    return None if row is None else load(Schedule, row)


# (before, limit): the least planned first, so a sweep stopped at its budget plans the rest next.
# The no-op `|| ''` keeps patients_status (every active patient) out: the few schedules due come
# first. (SQLite's unary + would do the same, but PostgreSQL has no + for text.)
TO_PLAN = (
    f"{_SCHEDULES} WHERE s.planned_until < ? AND p.status || '' IN ('active', 'paused')"
    " ORDER BY s.planned_until, s.id LIMIT ?"
)


async def to_plan(tx: Tx, before: datetime, limit: int) -> list[Schedule]:
    """Schedules of reachable patients planned only up to some time before `before`."""
    rows = await tx.rows(TO_PLAN + tx.dialect.claim("s"), (iso(before), limit))
    return [load(Schedule, r) for r in rows]


async def planned(tx: Tx, schedule_id: int, until: datetime) -> None:
    await tx.run("UPDATE schedules SET planned_until = ? WHERE id = ?", (iso(until), schedule_id))


async def add_appointment(tx: Tx, patient_id: int, at: datetime, now: datetime) -> int:
    new_id = await tx.insert(
        "INSERT INTO appointments (patient_id, at, created_at) VALUES (?, ?, ?)",
        (patient_id, iso(at), iso(now)),
    )
    return int(new_id or 0)


_APPOINTMENTS = (
    "SELECT a.*, p.alias, p.timezone FROM appointments a JOIN patients p ON p.id = a.patient_id"
)


async def appointments(tx: Tx, patient_id: int | None, after: datetime) -> list[Appointment]:
    """Upcoming scheduled appointments with the patient's alias."""
    sql = f"{_APPOINTMENTS} WHERE a.status = 'scheduled' AND a.at > ?"
    if patient_id is None:
        rows = await tx.rows(f"{sql} ORDER BY a.at", (iso(after),))
    else:
        rows = await tx.rows(f"{sql} AND a.patient_id = ? ORDER BY a.at", (iso(after), patient_id))
    return [load(Appointment, r) for r in rows]


async def appointment(tx: Tx, appointment_id: int) -> Appointment | None:
    row = await tx.row(f"{_APPOINTMENTS} WHERE a.id = ?", (appointment_id,))
    return None if row is None else load(Appointment, row)


async def all_appointments(tx: Tx, patient_id: int) -> list[Appointment]:
    """Every appointment of a patient, past and cancelled too, oldest first."""
    rows = await tx.rows(f"{_APPOINTMENTS} WHERE a.patient_id = ? ORDER BY a.at", (patient_id,))
    return [load(Appointment, r) for r in rows]


async def cancel_appointment(tx: Tx, appointment_id: int, now: datetime) -> None:
    """Cancel it and whatever pre-visit check-in it had queued."""
    await tx.run("UPDATE appointments SET status = 'cancelled' WHERE id = ?", (appointment_id,))
    await tx.run(
        "UPDATE checkins SET status = 'cancelled', completed_at = ?"
        " WHERE appointment_id = ? AND status = 'pending'",
        (iso(now), appointment_id),
    )


async def cancel_pending_from_schedule(
    tx: Tx, patient_id: int, dialog_id: str, now: datetime
) -> None:
    """Queued check-ins of a removed or replaced schedule do not go out.

    They were never sent, so they are deleted: planning again may reuse their slots.
    """
    await tx.run(
        "DELETE FROM checkins WHERE patient_id = ? AND dialog_id = ? AND source = 'schedule'"
        " AND status = 'pending' AND due_at > ?",
        (patient_id, dialog_id, iso(now)),
    )


async def plan_from(tx: Tx, patient_id: int, now: datetime) -> None:
    """Occurrences before `now` are not to be planned any more for this patient."""
    await tx.run(
        # The later of the two; NULL (never planned) stays NULL.
        "UPDATE schedules SET planned_until = CASE WHEN planned_until < ? THEN ?"
        " ELSE planned_until END WHERE patient_id = ?",
        (iso(now), iso(now), patient_id),
    )


async def replan(tx: Tx, patient_id: int, now: datetime) -> None:
    """After a time zone or quiet-hours change: drop queued rows and plan again from now."""
    await tx.run(
        "DELETE FROM checkins WHERE patient_id = ? AND source = 'schedule'"
        " AND status = 'pending' AND due_at > ?",
        (patient_id, iso(now)),
    )
    await tx.run(
        "UPDATE schedules SET planned_until = ? WHERE patient_id = ?", (iso(now), patient_id)
    )
