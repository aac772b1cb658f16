"""What the staff chat shows: the patient list, a patient's card and the schedule form.

Each view is a (text, keyboard) pair built from rows already read; nothing here touches the
database. Callback data is `y<kind>:...` through the one codec: yl page, yp patient,
ya patient action, yf form step (carrying the form's flow number, so old buttons go stale).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import callbacks
from bot.domain.outgoing import Rows
from bot.domain.scheduling import WEEKDAYS
from bot.services.context import Rapport
from bot.storage.records import Appointment, Overview, Patient, Schedule, StaffForm

LIST, PATIENT = callbacks.STAFF_LIST, callbacks.STAFF_PATIENT
ACTION, FORM = callbacks.STAFF_ACTION, callbacks.STAFF_FORM
PAGE = 8
COMMON_TIMES = ("08:00", "09:00", "12:00", "18:00", "20:00")
# Statuses for which a new invite link makes sense (the patient is not linked right now).
RELINKABLE = ("invited", "stopped", "unreachable")
View = tuple[str, Rows]


def when(app: Rapport, lang: str, moment: datetime | None, timezone: str) -> str:
    """An instant as the patient's local weekday, date and time."""
    if moment is None:
        return app.t(lang, "staff-none")
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{day_name(app, lang, local.weekday())} {local:%Y-%m-%d %H:%M}"


def day_name(app: Rapport, lang: str, weekday: int) -> str:
    return app.t(lang, f"staff-day-{WEEKDAYS[weekday]}")


def days_text(app: Rapport, lang: str, weekdays: str) -> str:
    """'mon,thu' as localised short names, or a dash when none are chosen."""
    names = [day_name(app, lang, WEEKDAYS.index(d)) for d in weekdays.split(",") if d]
    return ", ".join(names) or app.t(lang, "staff-none")


def dialog_title(app: Rapport, lang: str, dialog_id: str) -> str:
    dialog = app.dialogs.get(dialog_id)
    return app.t(lang, dialog.title) if dialog is not None else dialog_id


def schedulable(app: Rapport) -> list[str]:
    """Dialogs staff may schedule from the chat: installed, not the intake, id fits a button."""
    return [
        d.id
        for d in sorted(app.dialogs.values(), key=lambda d: d.id)
        if not d.intake and len(d.id) <= 32
    ]


def status(app: Rapport, lang: str, value: str) -> str:
    return app.t(lang, f"staff-status-{value}")


def patient_list(app: Rapport, lang: str, rows: Sequence[Overview], page: int, total: int) -> View:
    """One page of patients: a compact line each, a button each, and ‹ › between pages."""
    if total == 0:
        return app.t(lang, "staff-list-empty"), []
    pages = (total + PAGE - 1) // PAGE
    head = app.t(lang, "staff-list-title", page=page + 1, pages=pages, total=total)
    lines = [head, *(_line(app, lang, row) for row in rows)]
    keyboard: list[list[tuple[str, str]]] = [
        [(row.alias, callbacks.encode(PATIENT, row.id))] for row in rows
    ]
    nav = []
    if page > 0:
        nav.append((app.t(lang, "staff-prev"), callbacks.encode(LIST, page - 1)))
    if page + 1 < pages:
        nav.append((app.t(lang, "staff-next"), callbacks.encode(LIST, page + 1)))
    return "\n\n".join(lines), keyboard + ([nav] if nav else [])


def _line(app: Rapport, lang: str, row: Overview) -> str:
    tz = row.timezone
    return app.t(
        lang,
        "staff-list-item",
        alias=row.alias,
        status=status(app, lang, row.status),
        next=when(app, lang, row.next_checkin, tz),
        last=when(app, lang, row.last_answer, tz),
        appointment=when(app, lang, row.next_appointment, tz),
    )


def card(
    app: Rapport,
    lang: str,
    row: Overview,
    schedules: Iterable[Schedule],
    appointments: Iterable[Appointment],
    page: int,
    note: str | None = None,
) -> View:
    """A patient's overview with what staff can do for them now."""
    tz = row.timezone
    plan = [_schedule_line(app, lang, s) for s in schedules]
    visits = [when(app, lang, a.at, tz) for a in appointments]
    text = app.t(
        lang,
        "staff-card",
        alias=row.alias,
        status=status(app, lang, row.status),
        timezone=tz,
        next=when(app, lang, row.next_checkin, tz),
        last=when(app, lang, row.last_answer, tz),
        appointments="; ".join(visits) or app.t(lang, "staff-none"),
        schedules="\n".join(plan) or app.t(lang, "staff-none"),
    )
    return (f"{note}\n\n{text}" if note else text), _card_buttons(app, lang, row, page)


def _schedule_line(app: Rapport, lang: str, s: Schedule) -> str:
    rule = (
        days_text(app, lang, s.weekdays)
        if s.weekdays
        else app.t(lang, "staff-every-days", count=s.every_days)
    )
    return app.t(
        lang,
        "staff-schedule-line",
        dialog=dialog_title(app, lang, s.dialog_id),
        rule=rule,
        time=s.local_time,
    )


def _card_buttons(app: Rapport, lang: str, row: Overview, page: int) -> Rows:
    pid = row.id

    def act(key: str, op: str) -> tuple[str, str]:
        return app.t(lang, key), callbacks.encode(ACTION, pid, op)

    keyboard = [[act("staff-btn-schedule", "s"), act("staff-btn-appointment", "a")]]
    if row.status == "active":
        keyboard.append([act("staff-btn-pause", "p")])
    elif row.status == "paused":
        keyboard.append([act("staff-btn-resume", "r")])
    if row.status in RELINKABLE:
        keyboard.append([act("staff-btn-invite", "i")])
    keyboard.append([(app.t(lang, "staff-btn-back"), callbacks.encode(LIST, page))])
    return keyboard


def dialog_picker(app: Rapport, lang: str, alias: str, flow: int) -> View:
    """Which dialog the schedule is for."""
    keyboard = [
        [(dialog_title(app, lang, d), callbacks.encode(FORM, flow, "d", d))]
        for d in schedulable(app)
    ]
    keyboard.append([(app.t(lang, "staff-btn-back"), callbacks.encode(FORM, flow, "x"))])
    return app.t(lang, "staff-pick-dialog", alias=alias), keyboard


def form(
    app: Rapport, lang: str, patient: Patient, session: StaffForm, note: str | None = None
) -> View:
    """Weekday toggles, common times, 'type a time', Save and Back for one dialog's schedule."""
    flow, chosen, at = session.flow, session.weekdays.split(","), session.local_time
    text = app.t(
        lang,
        "staff-form",
        alias=patient.alias,
        dialog=dialog_title(app, lang, session.dialog_id or ""),
        days=days_text(app, lang, session.weekdays),
        time=at or app.t(lang, "staff-none"),
        timezone=patient.timezone,
    )

    def mark(label: str, on: bool) -> str:
        return f"✓ {label}" if on else label

    days = [
        (mark(day_name(app, lang, i), name in chosen), callbacks.encode(FORM, flow, "w", i))
        for i, name in enumerate(WEEKDAYS)
    ]
    times = [
        (mark(t, t == at), callbacks.encode(FORM, flow, "t", t.replace(":", "")))
        for t in COMMON_TIMES
    ]
    typed = at if at is not None and at not in COMMON_TIMES else None
    label = mark(typed, True) if typed else app.t(lang, "staff-btn-type-time")
    times.append((label, _op(flow, "k")))
    keyboard = [
        days[:4],
        days[4:],
        times[:3],
        times[3:],
        [(app.t(lang, "staff-btn-save"), _op(flow, "s"))],
        [(app.t(lang, "staff-btn-back"), _op(flow, "x"))],
    ]
    return (f"{note}\n\n{text}" if note else text), keyboard


def _op(flow: int, op: str) -> str:
    return callbacks.encode(FORM, flow, op)


def ask(app: Rapport, lang: str, key: str, patient: Patient, flow: int, back: str) -> View:
    """Ask for typed input, with a Cancel button that goes back to where the staff came from."""
    text = app.t(lang, key, alias=patient.alias, timezone=patient.timezone)
    return text, [[(app.t(lang, "staff-btn-cancel"), _op(flow, back))]]
