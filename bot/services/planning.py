"""What clinic staff set up: schedules, appointments, check-ins now, and the check-ins that
follow a medication change (the regimen itself is bot.services.regimen).

The CLI and the staff chat both come here, so the same rules refuse the same mistakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from bot.config import parse_default_schedule, parse_quiet
from bot.domain import scheduling as sch
from bot.domain.echo import show
from bot.domain.validation import (
    check_schedule_date,
    check_timezone,
    parse_appointment,
    parse_local,
    parse_psychotropics,
    quiet_shift,
)
from bot.services import checkins as conversation
from bot.services import lifecycle
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.storage import checkins, events, people, plans
from bot.storage.db import Tx
from bot.storage.records import Appointment, Patient

P = ParamSpec("P")
T = TypeVar("T")

# Post-change check-ins go out at this local time unless the patient has a weekly time.
CHANGE_TIME = time(18, 0)


async def patient(tx: Tx, alias: str) -> Patient:
    """The patient an alias names, or InputError (an erased record no longer counts)."""
    found = await patient_on_record(tx, alias)
    if found.status == "erased":
        raise InputError(f"no patient with alias {show(alias)}")
    return found


async def patient_on_record(tx: Tx, alias: str) -> Patient:
    """The patient an alias names, erased or not: what was done to them stays on record."""
    # Looked up as typed, never checked: an alias from before today's rule must still work.
    found = await people.patient_by_alias(tx, alias)
    if found is None:
        raise InputError(f"no patient with alias {show(alias)}")
    return found


async def patient_id_on_record(tx: Tx, alias: str | None) -> int | None:
    """The id behind an optional --patient (an erased one too); None stands for everyone."""
    return None if alias is None else (await patient_on_record(tx, alias)).id


def _dialog(app: Rapport, dialog_id: str) -> None:
    dialog = app.dialogs.get(dialog_id)
    if dialog is None:
        installed = ", ".join(sorted(app.dialogs))
        raise InputError(f"no dialog {show(dialog_id)} (installed: {installed})")
    if dialog.intake:
        raise InputError(f"{show(dialog_id)} is the intake: it starts by itself after consent")


def checked(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Domain parsing errors become InputError for the CLI and the staff chat."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def check_language(app: Rapport, language: str) -> str:
    """A language the catalogs speak, or InputError naming the ones they do."""
    if language not in app.t.languages:
        spoken = ", ".join(app.t.languages)
        raise InputError(f"unsupported language {show(language)} (one of {spoken})")
    return language


def quiet_fields(text: str) -> dict[str, str]:
    """'22:00-08:00' as the patient columns that hold it."""
    start, end = parse_quiet(text)
    return {"quiet_start": start.strftime("%H:%M"), "quiet_end": end.strftime("%H:%M")}


STAFF = "staff"  # who did it when nothing names the staff member (the CLI)


async def staff_did(
    tx: Tx, kind: str, now: datetime, patient_id: int, *, actor: str = STAFF, **detail: Any
) -> None:
    """The audit entry of a staff change to a patient's plan: `actor` names the staff member
    where one is known ("staff:3" from the web view); the staff chat adds who itself."""
    await events.record(tx, kind, now, actor=actor, patient_id=patient_id, **detail)


def local_today(app: Rapport, timezone: str) -> date:
    return app.clock.now().astimezone(ZoneInfo(timezone)).date()


async def set_schedule(
    app: Rapport,
    tx: Tx,
    alias: str,
    dialog_id: str,
    *,
    days: str | None,
    every_days: str | None,
    at: str,
    start: str | None = None,
    end: str | None = None,
    actor: str = STAFF,
) -> str | None:
    """Create or replace a patient's schedule for one dialog; returns a note for staff when
    quiet hours hold its check-ins back to a later time."""
    _dialog(app, dialog_id)
    if (days is None) == (every_days is None):
        raise InputError("give either --days (e.g. mon,thu) or --every-days N")
    found = await patient(tx, alias)
    today = local_today(app, found.timezone)
    schedule = checked(
        sch.parse_schedule,
        dialog_id,
        days=days,
        every_days=every_days,
        at=at,
        start=start,
        end=end,
        today=today,
    )
    # A date years away would be stored, then overflow every later calculation.
    checked(check_schedule_date, schedule.start, today)
    if schedule.end is not None:
        checked(check_schedule_date, schedule.end, today)
    await _store(app, tx, found, schedule, actor)
    return quiet_note(schedule.local_time, found.quiet)


def quiet_note(local_time: time, quiet: sch.Quiet) -> str | None:
    """What staff are told when a schedule's time falls inside the patient's quiet hours."""
    shift = quiet_shift(local_time, quiet)
    return None if shift is None else shift.note


async def _store(
    app: Rapport, tx: Tx, patient: Patient, schedule: sch.Schedule, actor: str = STAFF
) -> None:
    now = app.clock.now()
    weekdays = (
        ",".join(sch.WEEKDAYS[d] for d in sorted(schedule.weekdays)) if schedule.weekdays else None
    )
    await plans.cancel_pending_from_schedule(tx, patient.id, schedule.dialog_id, now)
    await plans.upsert_schedule(
        tx,
        patient.id,
        schedule.dialog_id,
        weekdays,
        schedule.every_days,
        schedule.local_time.strftime("%H:%M"),
        schedule.start,
        schedule.end,
        now,
    )
    await staff_did(tx, "schedule_set", now, patient.id, actor=actor, dialog=schedule.dialog_id)


async def apply_default_schedule(app: Rapport, tx: Tx, patient_id: int) -> None:
    """The clinic's default schedule for a new patient (RAPPORT_DEFAULT_SCHEDULE)."""
    found = await people.patient_by_id(tx, patient_id)
    assert found is not None
    today = local_today(app, found.timezone)
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
        await _store(app, tx, found, schedule)


async def remove_schedule(
    app: Rapport, tx: Tx, alias: str, dialog_id: str, *, actor: str = STAFF
) -> None:
    found = await patient(tx, alias)
    if await plans.schedule(tx, found.id, dialog_id) is None:
        raise InputError(f"{show(alias)} has no schedule for {show(dialog_id)}")
    now = app.clock.now()
    await plans.cancel_pending_from_schedule(tx, found.id, dialog_id, now)
    await plans.remove_schedule(tx, found.id, dialog_id)
    await staff_did(tx, "schedule_removed", now, found.id, actor=actor, dialog=dialog_id)


@dataclass(frozen=True)
class ScheduleView:
    alias: str
    dialog: str
    rule: str
    local_time: str
    start: str
    end: str | None
    next_due: datetime | None
    timezone: str
    note: str | None  # quiet hours hold its check-ins back to a later time


async def list_schedules(app: Rapport, tx: Tx, alias: str | None = None) -> list[ScheduleView]:
    """Schedules with the next time each would go out (before quiet hours)."""
    patient_id = None if alias is None else (await patient(tx, alias)).id
    views = []
    for row in await plans.schedules(tx, patient_id):
        nxt = sch.next_occurrence(row.rule, ZoneInfo(row.timezone), app.clock.now())
        views.append(
            ScheduleView(
                row.alias,
                row.dialog_id,
                row.weekdays or f"every {row.every_days} days",
                row.local_time,
                row.start_date.isoformat(),
                row.end_date.isoformat() if row.end_date else None,
                nxt.due if nxt else None,
                row.timezone,
                quiet_note(row.rule.local_time, row.quiet),
            )
        )
    return views


@dataclass(frozen=True)
class Booked:
    """An appointment as booked, and what staff should know about the time used."""

    id: int
    at: datetime  # UTC
    note: str | None  # the local time typed does not exist, or happens twice (DST)


async def add_appointment(
    app: Rapport, tx: Tx, alias: str, at: str, *, actor: str = STAFF
) -> Booked:
    """An appointment in the patient's local time; the pre-visit check-in is queued for it."""
    found = await patient(tx, alias)
    now = app.clock.now()
    local = checked(parse_appointment, at, ZoneInfo(found.timezone), now)
    when = local.at
    if any(a.at == when for a in await plans.appointments(tx, found.id, now)):
        shown = f"{local.local:%Y-%m-%d %H:%M}"
        raise InputError(f"{found.alias} already has an appointment at {shown} ({found.timezone})")
    appointment_id = await plans.add_appointment(tx, found.id, when, now)
    await _queue_previsit(app, tx, found, appointment_id, when, now)
    await staff_did(
        tx, "appointment_added", now, found.id, actor=actor, appointment_id=appointment_id
    )
    return Booked(appointment_id, when, local.note)


async def _queue_previsit(
    app: Rapport,
    tx: Tx,
    patient: Patient,
    appointment_id: int,
    when: datetime,
    now: datetime,
) -> None:
    if "pre_visit" not in app.dialogs:
        return
    tz = ZoneInfo(patient.timezone)
    lead = timedelta(hours=app.settings.previsit_hours)
    due = sch.respect_quiet(sch.pre_visit_due(when, lead), tz, patient.quiet)
    await conversation.queue(
        app,
        tx,
        patient.id,
        "pre_visit",
        f"appt-{appointment_id}",
        max(due, now),
        source="appointment",
        appointment_id=appointment_id,
    )


async def list_appointments(app: Rapport, tx: Tx, alias: str | None = None) -> list[Appointment]:
    """Upcoming appointments, all or one patient's."""
    patient_id = None if alias is None else (await patient(tx, alias)).id
    return await plans.appointments(tx, patient_id, app.clock.now())


async def cancel_appointment(
    app: Rapport,
    tx: Tx,
    alias: str,
    appointment_id: int | None,
    at: str | None,
    *,
    actor: str = STAFF,
) -> int:
    """Cancel by id, or by the patient-local time it was booked for."""
    found = await patient(tx, alias)
    rows = await plans.appointments(tx, found.id, app.clock.now())
    if at is not None:
        when = checked(parse_local, at, ZoneInfo(found.timezone)).at
        rows = [r for r in rows if r.at == when]
    if appointment_id is not None:
        rows = [r for r in rows if r.id == appointment_id]
    if len(rows) != 1:
        raise InputError(f"no single upcoming appointment of {show(alias)} matches")
    await plans.cancel_appointment(tx, rows[0].id, app.clock.now())
    await staff_did(
        tx,
        "appointment_cancelled",
        app.clock.now(),
        found.id,
        actor=actor,
        appointment_id=rows[0].id,
    )
    return rows[0].id


async def follow_change(
    app: Rapport,
    tx: Tx,
    patient: Patient,
    change_id: int,
    when: datetime,
    dialog_id: str = "post_change",
    days: tuple[int, ...] = (3, 7, 14),
) -> list[datetime]:
    """Queue the post-change check-ins on local days 3, 7 and 14 after a change at `when` (or
    another dialog on other days: the suicide screen after an antidepressant rise); returns
    when they go out (those still ahead).

    A day that already has a check-in of the dialog waiting (a switch is a stop and a start on
    one day) gets no second one: the patient is asked once about everything that changed.
    """
    if dialog_id not in app.dialogs:
        return []
    tz, now = ZoneInfo(patient.timezone), app.clock.now()
    waiting = {
        c.due_at
        for c in await checkins.for_patient(tx, patient.id)
        if c.dialog_id == dialog_id and c.status == "pending"
    }
    dues = []
    for slot, due in sch.post_change_slots(when, tz, CHANGE_TIME, days, key=change_id):
        send_at = sch.respect_quiet(due, tz, patient.quiet)
        if send_at <= now:
            continue
        dues.append(send_at)
        if send_at not in waiting:
            await conversation.queue(
                app,
                tx,
                patient.id,
                dialog_id,
                slot,
                send_at,
                source="change",
                change_id=change_id,
            )
    return dues


async def checkin_now(
    app: Rapport, tx: Tx, alias: str, dialog_id: str, *, actor: str = STAFF
) -> datetime:
    """Queue a check-in for now: the running bot sends it at its next sweep.

    Staff asked for it deliberately, so it is not held back by quiet hours.
    """
    _dialog(app, dialog_id)
    found = await patient(tx, alias)
    if found.status != "active":
        raise InputError(f"{show(alias)} is {found.status}: nothing can be sent")
    now = app.clock.now()
    await conversation.queue(
        app, tx, found.id, dialog_id, f"manual-{now.isoformat()}", now, source="manual"
    )
    await staff_did(tx, "checkin_queued", now, found.id, actor=actor, dialog=dialog_id)
    return now


async def set_patient(
    app: Rapport,
    tx: Tx,
    alias: str,
    *,
    timezone: str | None = None,
    quiet: str | None = None,
    psychotropics: str | None = None,
    language: str | None = None,
    actor: str = STAFF,
) -> list[str]:
    """Change what staff know about a patient; every value is checked before any is stored.
    Returns a note for each schedule that new quiet hours now hold back.

    `psychotropics` is a count that replaces the one derived from the regimen, or "auto" to
    count the regimen again.
    """
    if timezone is not None:
        checked(check_timezone, timezone)
    quiet_hours = checked(quiet_fields, quiet) if quiet is not None else None
    count = checked(parse_psychotropics, psychotropics) if psychotropics is not None else None
    if language is not None:
        check_language(app, language)
    found = await patient(tx, alias)
    fields = {"timezone": timezone, "language": language}
    if quiet_hours is not None:
        fields |= quiet_hours
    changed: dict[str, object] = {k: v for k, v in fields.items() if v is not None}
    if psychotropics is not None:
        changed["psychotropic_count"] = count  # None: derived from the regimen again
    if not changed:
        raise InputError(
            "nothing to change: give --timezone, --quiet, --psychotropics or --language"
        )
    await people.update_patient(tx, found.id, changed)
    if "timezone" in changed or "quiet_start" in changed:
        await plans.replan(tx, found.id, app.clock.now())
    await staff_did(
        tx,
        "patient_updated",
        app.clock.now(),
        found.id,
        actor=actor,
        fields=sorted(changed),
    )
    if quiet_hours is None:
        return []
    views = await list_schedules(app, tx, alias)
    return [f"{v.dialog}: {v.note}" for v in views if v.note]


async def set_paused(app: Rapport, tx: Tx, alias: str, paused: bool, *, actor: str = STAFF) -> str:
    """Staff pause or resume a patient's check-ins; returns the new status."""
    found = await patient(tx, alias)
    action: Literal["pause", "resume"] = "pause" if paused else "resume"
    try:
        moved = await lifecycle.move(tx, found, action, "staff", app.clock.now(), by=actor)
    except lifecycle.NotAllowed:
        raise InputError(f"{show(alias)} is {found.status}: it cannot be {action}d") from None
    if moved is None:
        raise InputError(f"{show(alias)} is already {found.status}")
    if paused:
        await checkins.cancel_unstarted(tx, found.id, app.clock.now())
    return moved.status
