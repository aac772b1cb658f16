"""What clinic staff set up: schedules, appointments, medication changes, check-ins now.

The CLI and the staff chat both come here, so the same rules refuse the same mistakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from aiosqlite import Connection

from bot.config import check_timezone, parse_default_schedule, parse_quiet
from bot.domain import scheduling as sch
from bot.services import checkins as conversation
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.storage import checkins, events, people, plans
from bot.storage.db import Row
from bot.storage.times import parse

P = ParamSpec("P")
T = TypeVar("T")

# Post-change check-ins go out at this local time unless the patient has a weekly time.
CHANGE_TIME = time(18, 0)


async def _patient(conn: Connection, alias: str) -> Row:
    row = await people.patient_by_alias(conn, alias)
    if row is None or row["status"] == "erased":
        raise InputError(f"no patient with alias {alias!r}")
    return row


def _dialog(app: Rapport, dialog_id: str) -> None:
    dialog = app.dialogs.get(dialog_id)
    if dialog is None:
        raise InputError(f"no dialog {dialog_id!r} (installed: {', '.join(sorted(app.dialogs))})")
    if dialog.intake:
        raise InputError(f"{dialog_id!r} is the intake: it starts by itself after consent")


def _checked(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Domain parsing errors become InputError for the CLI and the staff chat."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def quiet_fields(text: str) -> dict[str, str]:
    """'22:00-08:00' as the patient columns that hold it."""
    start, end = parse_quiet(text)
    return {"quiet_start": start.strftime("%H:%M"), "quiet_end": end.strftime("%H:%M")}


def quiet_of(row: Row) -> sch.Quiet:
    """A patient's quiet hours from its row."""
    return sch.Quiet(sch.parse_time(row["quiet_start"]), sch.parse_time(row["quiet_end"]))


def schedule_of(row: Row) -> sch.Schedule:
    """A stored schedule row as the domain's value."""
    return sch.Schedule(
        dialog_id=row["dialog_id"],
        weekdays=sch.parse_weekdays(row["weekdays"]) if row["weekdays"] else None,
        every_days=row["every_days"],
        local_time=sch.parse_time(row["local_time"]),
        start=sch.parse_date(row["start_date"]),
        end=sch.parse_date(row["end_date"]) if row["end_date"] else None,
    )


def local_today(app: Rapport, timezone: str) -> date:
    return app.clock.now().astimezone(ZoneInfo(timezone)).date()


async def set_schedule(
    app: Rapport,
    alias: str,
    dialog_id: str,
    *,
    days: str | None,
    every_days: str | None,
    at: str,
    start: str | None = None,
    end: str | None = None,
) -> sch.Schedule:
    """Create or replace a patient's schedule for one dialog."""
    _dialog(app, dialog_id)
    if (days is None) == (every_days is None):
        raise InputError("give either --days (e.g. mon,thu) or --every-days N")
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        today = local_today(app, patient["timezone"])
        schedule = _checked(
            sch.parse_schedule,
            dialog_id,
            days=days,
            every_days=every_days,
            at=at,
            start=start,
            end=end,
            today=today,
        )
        await _store(app, conn, patient, schedule)
        return schedule


async def _store(app: Rapport, conn: Connection, patient: Row, schedule: sch.Schedule) -> None:
    now = app.clock.now()
    weekdays = (
        ",".join(sch.WEEKDAYS[d] for d in sorted(schedule.weekdays)) if schedule.weekdays else None
    )
    await plans.cancel_pending_from_schedule(conn, patient["id"], schedule.dialog_id, now)
    await plans.upsert_schedule(
        conn,
        patient["id"],
        schedule.dialog_id,
        weekdays,
        schedule.every_days,
        schedule.local_time.strftime("%H:%M"),
        schedule.start,
        schedule.end,
        now,
    )
    await events.record(
        conn,
        "schedule_set",
        now,
        actor="staff",
        patient_id=patient["id"],
        dialog=schedule.dialog_id,
    )


async def apply_default_schedule(app: Rapport, conn: Connection, patient_id: int) -> None:
    """The clinic's default schedule for a new patient (RAPPORT_DEFAULT_SCHEDULE)."""
    patient = await people.patient_by_id(conn, patient_id)
    today = local_today(app, patient["timezone"])
    for dialog_id, days, every, at in parse_default_schedule(app.settings.default_schedule):
        schedule = sch.parse_schedule(
            dialog_id,
            days=days,
            every_days=str(every) if every else None,
            at=at,
            start=None,
            end=None,
            today=today,
        )
        await _store(app, conn, patient, schedule)


async def remove_schedule(app: Rapport, alias: str, dialog_id: str) -> None:
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        await plans.cancel_pending_from_schedule(conn, patient["id"], dialog_id, app.clock.now())
        if not await plans.remove_schedule(conn, patient["id"], dialog_id):
            raise InputError(f"{alias!r} has no schedule for {dialog_id!r}")
        await events.record(
            conn,
            "schedule_removed",
            app.clock.now(),
            actor="staff",
            patient_id=patient["id"],
            dialog=dialog_id,
        )


@dataclass(frozen=True)
class ScheduleView:
    alias: str
    dialog: str
    rule: str
    local_time: str
    start: str
    end: str | None
    next_due: datetime | None


async def list_schedules(app: Rapport, alias: str | None = None) -> list[ScheduleView]:
    """Schedules with the next time each would go out (before quiet hours)."""
    patient_id = None
    if alias is not None:
        async with app.db.tx() as conn:
            patient_id = (await _patient(conn, alias))["id"]
    views = []
    for row in await plans.schedules(app.db, patient_id):
        nxt = sch.next_occurrence(schedule_of(row), ZoneInfo(row["timezone"]), app.clock.now())
        rule = row["weekdays"] or f"every {row['every_days']} days"
        views.append(
            ScheduleView(
                row["alias"],
                row["dialog_id"],
                rule,
                row["local_time"],
                row["start_date"],
                row["end_date"],
                nxt.due if nxt else None,
            )
        )
    return views


async def add_appointment(app: Rapport, alias: str, at: str) -> tuple[int, datetime]:
    """An appointment in the patient's local time; the pre-visit check-in is queued for it."""
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        tz = ZoneInfo(patient["timezone"])
        when = _checked(sch.parse_local_datetime, at, tz)
        now = app.clock.now()
        if when <= now:
            raise InputError(f"{at} is in the past for {alias} ({patient['timezone']})")
        appointment_id = await plans.add_appointment(conn, patient["id"], when, now)
        await _queue_previsit(app, conn, patient, appointment_id, when, now)
        await events.record(
            conn,
            "appointment_added",
            now,
            actor="staff",
            patient_id=patient["id"],
            appointment_id=appointment_id,
        )
        return appointment_id, when


async def _queue_previsit(
    app: Rapport,
    conn: Connection,
    patient: Row,
    appointment_id: int,
    when: datetime,
    now: datetime,
) -> None:
    if "pre_visit" not in app.dialogs:
        return
    tz = ZoneInfo(patient["timezone"])
    lead = timedelta(hours=app.settings.previsit_hours)
    due = sch.respect_quiet(sch.pre_visit_due(when, lead), tz, quiet_of(patient))
    await conversation.queue(
        app,
        conn,
        patient["id"],
        "pre_visit",
        f"appt-{appointment_id}",
        max(due, now),
        source="appointment",
        appointment_id=appointment_id,
    )


async def list_appointments(app: Rapport, alias: str | None = None) -> list[Row]:
    """Upcoming appointments, all or one patient's."""
    async with app.db.tx() as conn:
        patient_id = None if alias is None else (await _patient(conn, alias))["id"]
        return await plans.appointments(conn, patient_id, app.clock.now())


async def cancel_appointment(
    app: Rapport, alias: str, appointment_id: int | None, at: str | None
) -> int:
    """Cancel by id, or by the patient-local time it was booked for."""
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        rows = await plans.appointments(conn, patient["id"], app.clock.now())
        if at is not None:
            when = _checked(sch.parse_local_datetime, at, ZoneInfo(patient["timezone"]))
            rows = [r for r in rows if parse(r["at"]) == when]
        if appointment_id is not None:
            rows = [r for r in rows if r["id"] == appointment_id]
        if len(rows) != 1:
            raise InputError(f"no single upcoming appointment of {alias!r} matches")
        await plans.cancel_appointment(conn, rows[0]["id"], app.clock.now())
        await events.record(
            conn,
            "appointment_cancelled",
            app.clock.now(),
            actor="staff",
            patient_id=patient["id"],
            appointment_id=rows[0]["id"],
        )
        return int(rows[0]["id"])


async def medication_change(
    app: Rapport, alias: str, note: str, at: str | None = None
) -> list[datetime]:
    """Record a change and queue the post-change check-ins on days 3, 7 and 14."""
    if not note.strip():
        raise InputError("describe the change with --note (e.g. 'sertraline 50 -> 100 mg')")
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        tz, now = ZoneInfo(patient["timezone"]), app.clock.now()
        day = _checked(sch.parse_date, at) if at else local_today(app, patient["timezone"])
        when = (
            sch.local_to_utc(day, now.astimezone(tz).time(), tz)
            if at is None
            else sch.local_to_utc(day, time(12, 0), tz)
        )
        change_id = await plans.add_change(conn, patient["id"], when, note.strip(), now)
        dues = []
        if "post_change" in app.dialogs:
            for slot, due in sch.post_change_slots(when, tz, CHANGE_TIME, key=change_id):
                send_at = sch.respect_quiet(due, tz, quiet_of(patient))
                if send_at > now:
                    await conversation.queue(
                        app,
                        conn,
                        patient["id"],
                        "post_change",
                        slot,
                        send_at,
                        source="change",
                        change_id=change_id,
                    )
                    dues.append(send_at)
        await events.record(
            conn,
            "medication_changed",
            now,
            actor="staff",
            patient_id=patient["id"],
            change_id=change_id,
        )
        return dues


async def checkin_now(app: Rapport, alias: str, dialog_id: str) -> datetime:
    """Queue a check-in for now: the running bot sends it at its next sweep.

    Staff asked for it deliberately, so it is not held back by quiet hours.
    """
    _dialog(app, dialog_id)
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        if patient["status"] != "active":
            raise InputError(f"{alias!r} is {patient['status']}: nothing can be sent")
        now = app.clock.now()
        await conversation.queue(
            app, conn, patient["id"], dialog_id, f"manual-{now.isoformat()}", now, source="manual"
        )
        await events.record(
            conn, "checkin_queued", now, actor="staff", patient_id=patient["id"], dialog=dialog_id
        )
        return now


async def set_patient(
    app: Rapport,
    alias: str,
    *,
    timezone: str | None = None,
    quiet: str | None = None,
    psychotropics: int | None = None,
    language: str | None = None,
) -> None:
    """Change what staff know about a patient; every value is checked before any is stored."""
    if timezone is not None:
        _checked(check_timezone, timezone)
    quiet_hours = _checked(quiet_fields, quiet) if quiet is not None else None
    if psychotropics is not None and not 0 <= psychotropics <= 50:
        raise InputError("--psychotropics is a count from 0 to 50")
    if language is not None and language not in app.t.languages:
        raise InputError(f"unsupported language {language!r}")
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        fields = {"timezone": timezone, "psychotropic_count": psychotropics, "language": language}
        if quiet_hours is not None:
            fields |= quiet_hours
        changed = {k: v for k, v in fields.items() if v is not None}
        if not changed:
            raise InputError(
                "nothing to change: give --timezone, --quiet, --psychotropics or --language"
            )
        await people.update_patient(conn, patient["id"], changed)
        if "timezone" in changed or "quiet_start" in changed:
            await plans.replan(conn, patient["id"], app.clock.now())
        await events.record(
            conn,
            "patient_updated",
            app.clock.now(),
            actor="staff",
            patient_id=patient["id"],
            fields=sorted(changed),
        )


async def set_paused(app: Rapport, alias: str, paused: bool) -> str:
    """Staff pause or resume a patient's check-ins; returns the new status."""
    async with app.db.tx() as conn:
        patient = await _patient(conn, alias)
        wanted = "paused" if paused else "active"
        allowed = ("active",) if paused else ("paused",)
        if patient["status"] not in allowed:
            raise InputError(f"{alias!r} is {patient['status']}")
        await people.set_patient_status(conn, patient["id"], wanted)
        if paused:
            await checkins.cancel_unstarted(conn, patient["id"], app.clock.now())
        await events.record(
            conn,
            "patient_paused" if paused else "patient_resumed",
            app.clock.now(),
            actor="staff",
            patient_id=patient["id"],
            clinician_id=patient["clinician_id"],
        )
        return wanted
