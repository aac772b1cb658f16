"""The staff chat: /patients, a patient's card, schedules, appointments, pause and invite links.

Every change goes through the use cases the CLI uses (planning, enrolment), run inside the
update's transaction, so the chat refuses exactly what the CLI refuses; those use cases check
everything before they write anything, so a refusal leaves nothing half done. A form's state
lives in staff_sessions, so a restart in the middle changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain import callbacks
from bot.domain import scheduling as sch
from bot.services import enrolment, planning
from bot.services import staff_views as views
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.services.unit import Unit
from bot.storage import events, people, plans
from bot.storage import staff as store
from bot.storage.db import Tx
from bot.storage.records import Patient, Staff, StaffForm

log = logging.getLogger(__name__)


class Stale(Exception):
    """A tap that no longer matches what is stored: a toast answers it and nothing changes."""

    def __init__(self, key: str = "staff-stale") -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class Chat:
    """One update from a verified staff member, inside its unit of work."""

    u: Unit
    staff_id: int
    lang: str

    @property
    def app(self) -> Rapport:
        return self.u.app

    @property
    def tx(self) -> Tx:
        return self.u.tx

    def t(self, key: str, **args: Any) -> str:
        return self.app.t(self.lang, key, **args)

    async def send(self, view: views.View) -> None:
        await self.u.out.text(self.u.msg.chat_id, view[0], view[1] or None)

    async def show(self, view: views.View) -> None:
        """Replace the tapped message, so a form changes in place; else send a new one."""
        msg = self.u.msg
        if msg.message_id is None:
            await self.send(view)
        else:
            await self.u.out.edit(msg.chat_id, msg.message_id, view[0], view[1] or None)


def _lang(u: Unit) -> str:
    return u.app.lang(None, u.msg.language_code)


def _chat(u: Unit, staff: Staff) -> Chat | None:
    """The staff member's chat; only in a private chat is the chat id the user's id, and
    patient data never goes to a group."""
    if staff.telegram_id != u.msg.user_id or u.msg.chat_id != u.msg.user_id:
        return None
    return Chat(u, staff.id, _lang(u))


async def on_staff_message(u: Unit, staff: Staff) -> None:
    """Text and commands from a staff member's private chat."""
    chat = _chat(u, staff)
    if chat is None:
        await u.out.text(u.msg.chat_id, u.t(_lang(u), "staff-refused"))
        return
    text = (u.msg.text or "").strip()
    if text.startswith("/"):
        await _command(chat, text)
        return
    form = await store.form(u.tx, chat.staff_id)
    awaiting = form.awaiting if form and form.patient_id and text else None
    if form is not None and awaiting == "time":
        await _typed_time(chat, form, text)
    elif form is not None and awaiting == "appointment":
        await _typed_appointment(chat, form, text)
    else:
        await chat.send((chat.t("staff-help"), []))


async def _command(chat: Chat, text: str) -> None:
    name = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
    if name == "patients":
        # A new list abandons any form, so later text is not taken as its input.
        await store.end(chat.tx, chat.staff_id, chat.u.now)
        await chat.send(await _list(chat, 0))
    else:
        await chat.send((chat.t("staff-help"), []))


async def on_staff_tap(u: Unit, staff: Staff, data: callbacks.Callback) -> str | None:
    """A tap on a staff button; returns a toast, if any. A stale tap is found stale before
    anything is written."""
    chat = _chat(u, staff)
    if chat is None:
        return u.t(_lang(u), "staff-refused")
    handler = _TAPS.get(data.kind)
    try:
        if handler is None:
            raise Stale()
        return await handler(chat, data)
    except Stale as stale:
        return chat.t(stale.key)


# Lists and cards


async def _list(chat: Chat, page: int) -> views.View:
    total = await store.count_patients(chat.tx)
    page = max(0, min(page, (total - 1) // views.PAGE))
    rows = await store.patient_page(chat.tx, chat.u.now, views.PAGE, page * views.PAGE)
    return views.patient_list(chat.app, chat.lang, rows, page, total)


async def _card(chat: Chat, patient_id: int, note: str | None = None) -> views.View:
    row = await store.patient_overview(chat.tx, patient_id, chat.u.now)
    if row is None:
        raise Stale("staff-gone")
    schedules = await plans.schedules(chat.tx, patient_id)
    visits = await planning.list_appointments(chat.app, chat.tx, row.alias)
    page = await store.position(chat.tx, row.alias) // views.PAGE
    return views.card(chat.app, chat.lang, row, schedules, visits, page, note)


async def _patient(chat: Chat, patient_id: int | None) -> Patient:
    """A listed patient; a stale toast for one that is gone."""
    found = None if patient_id is None else await people.patient_by_id(chat.tx, patient_id)
    if found is None or found.status == "erased":
        raise Stale("staff-gone")
    return found


def _numbers(data: callbacks.Callback, arity: int) -> list[int]:
    """The callback's parts as numbers, or Stale when the shape is not what we send."""
    numbers = [data.number(i) for i in range(len(data.parts))]
    if len(numbers) != arity or None in numbers:
        raise Stale()
    return numbers  # type: ignore[return-value]


async def _tap_list(chat: Chat, data: callbacks.Callback) -> str | None:
    (page,) = _numbers(data, 1)
    await chat.show(await _list(chat, page))
    return None


async def _tap_patient(chat: Chat, data: callbacks.Callback) -> str | None:
    (patient_id,) = _numbers(data, 1)
    await chat.show(await _card(chat, patient_id))
    return None


# A patient's actions


async def _tap_action(chat: Chat, data: callbacks.Callback) -> str | None:
    if len(data.parts) != 2 or data.parts[1] not in _ACTIONS:
        raise Stale()
    patient = await _patient(chat, data.number(0))
    await _ACTIONS[data.parts[1]](chat, patient)
    return None


async def _start_schedule(chat: Chat, patient: Patient) -> None:
    flow = await store.begin(chat.tx, chat.staff_id, patient.id, None, chat.u.now)
    await chat.show(views.dialog_picker(chat.app, chat.lang, patient.alias, flow))


async def _start_appointment(chat: Chat, patient: Patient) -> None:
    flow = await store.begin(chat.tx, chat.staff_id, patient.id, "appointment", chat.u.now)
    await chat.show(views.ask(chat.app, chat.lang, "staff-ask-appointment", patient, flow, "x"))


async def _pause(chat: Chat, patient: Patient) -> None:
    await _set_paused(chat, patient, True)


async def _resume(chat: Chat, patient: Patient) -> None:
    await _set_paused(chat, patient, False)


async def _set_paused(chat: Chat, patient: Patient, paused: bool) -> None:
    try:
        await planning.set_paused(chat.app, chat.tx, patient.alias, paused)
    except InputError as exc:
        note = chat.t("staff-error", reason=str(exc))
    else:
        await _audit(chat, patient, "pause" if paused else "resume")
        note = chat.t("staff-paused" if paused else "staff-resumed", alias=patient.alias)
    await chat.show(await _card(chat, patient.id, note))


async def _invite(chat: Chat, patient: Patient) -> None:
    try:
        invite = await enrolment.renew_invite(chat.app, chat.tx, patient.alias)
    except InputError as exc:
        await chat.show(await _card(chat, patient.id, chat.t("staff-error", reason=str(exc))))
        return
    await _audit(chat, patient, "invite")
    expires = views.when(chat.app, chat.lang, invite.expires_at, patient.timezone)
    text = chat.t("staff-invite", alias=patient.alias, link=invite.link, expires=expires)
    await chat.send((text, []))


_ACTIONS = {
    "s": _start_schedule,
    "a": _start_appointment,
    "p": _pause,
    "r": _resume,
    "i": _invite,
}


async def _audit(chat: Chat, patient: Patient, action: str) -> None:
    """Which staff member did it: the use case's own event says only 'staff'."""
    await events.record(
        chat.tx,
        "staff_chat_action",
        chat.u.now,
        actor="staff",
        patient_id=patient.id,
        staff_id=chat.staff_id,
        action=action,
    )


# Typed input


async def _typed_time(chat: Chat, form: StaffForm, text: str) -> None:
    patient = await _patient_or_tell(chat, form)
    if patient is None:
        return
    try:
        at = sch.parse_time(text)  # the parser set_schedule itself uses
    except ValueError as exc:
        await _ask_again(chat, exc, form.flow, "f")
        return
    now = chat.u.now
    await store.update(chat.tx, chat.staff_id, now, awaiting=None, local_time=f"{at:%H:%M}")
    fresh = await store.form(chat.tx, chat.staff_id)
    assert fresh is not None
    await chat.send(views.form(chat.app, chat.lang, patient, fresh))


async def _typed_appointment(chat: Chat, form: StaffForm, text: str) -> None:
    patient = await _patient_or_tell(chat, form)
    if patient is None:
        return
    try:
        booked = await planning.add_appointment(chat.app, chat.tx, patient.alias, text)
    except InputError as exc:
        await _ask_again(chat, exc, form.flow, "x")
        return
    await store.end(chat.tx, chat.staff_id, chat.u.now)
    await _audit(chat, patient, "appointment")
    tz = patient.timezone
    when = views.when(chat.app, chat.lang, booked.at, tz)
    saved = chat.t("staff-appointment-saved", alias=patient.alias, when=when, timezone=tz)
    await chat.send(await _card(chat, patient.id, _noted(chat, saved, booked.note)))


def _noted(chat: Chat, text: str, note: str | None) -> str:
    """A confirmation, with what the use case said about the time it used."""
    return text if note is None else f"{text}\n{chat.t('staff-note', note=note)}"


async def _patient_or_tell(chat: Chat, form: StaffForm) -> Patient | None:
    try:
        return await _patient(chat, form.patient_id)
    except Stale as stale:
        await store.end(chat.tx, chat.staff_id, chat.u.now)
        await chat.send((chat.t(stale.key), []))
        return None


async def _ask_again(chat: Chat, exc: Exception, flow: int, back: str) -> None:
    """The refusal, politely; the form stays open so the staff member can type again."""
    text = f"{chat.t('staff-error', reason=str(exc))}\n{chat.t('staff-try-again')}"
    cancel = callbacks.encode(views.FORM, flow, back)
    await chat.send((text, [[(chat.t("staff-btn-cancel"), cancel)]]))


# The schedule form


async def _tap_form(chat: Chat, data: callbacks.Callback) -> str | None:
    flow, op = data.number(0), data.parts[1] if len(data.parts) > 1 else ""
    form = await store.form(chat.tx, chat.staff_id)
    if form is None or form.flow != flow or form.patient_id is None:
        raise Stale()
    patient = await _patient(chat, form.patient_id)
    if op == "x":
        await store.end(chat.tx, chat.staff_id, chat.u.now)
        await chat.show(await _card(chat, patient.id))
        return None
    if op == "d" and len(data.parts) == 3:
        await _choose_dialog(chat, patient, data.parts[2])
        return None
    step = _FORM_STEPS.get(op)
    if step is None or form.dialog_id is None:
        raise Stale()
    await step(chat, patient, form, list(data.parts[2:]))
    return None


async def _choose_dialog(chat: Chat, patient: Patient, dialog_id: str) -> None:
    if dialog_id not in views.schedulable(chat.app):
        raise Stale()
    # Start from the dialog's current weekday schedule, so a change is a tap or two.
    current = await plans.schedule(chat.tx, patient.id, dialog_id)
    days = current.weekdays or "" if current is not None else ""
    at = current.local_time if current is not None else None
    await store.update(
        chat.tx,
        chat.staff_id,
        chat.u.now,
        dialog_id=dialog_id,
        weekdays=days,
        local_time=at,
        awaiting=None,
    )
    await _show_form(chat, patient)


async def _show_form(chat: Chat, patient: Patient, note: str | None = None) -> None:
    form = await store.form(chat.tx, chat.staff_id)
    assert form is not None
    await chat.show(views.form(chat.app, chat.lang, patient, form, note))


async def _toggle_day(chat: Chat, patient: Patient, form: StaffForm, args: list[str]) -> None:
    if len(args) != 1 or args[0] not in ("0", "1", "2", "3", "4", "5", "6"):
        raise Stale()
    chosen = {d for d in form.weekdays.split(",") if d} ^ {sch.WEEKDAYS[int(args[0])]}
    days = ",".join(d for d in sch.WEEKDAYS if d in chosen)
    await store.update(chat.tx, chat.staff_id, chat.u.now, weekdays=days)
    await _show_form(chat, patient)


async def _pick_time(chat: Chat, patient: Patient, form: StaffForm, args: list[str]) -> None:
    at = f"{args[0][:2]}:{args[0][2:]}" if len(args) == 1 else ""
    if at not in views.COMMON_TIMES:
        raise Stale()
    await store.update(chat.tx, chat.staff_id, chat.u.now, local_time=at, awaiting=None)
    await _show_form(chat, patient)


async def _type_time(chat: Chat, patient: Patient, form: StaffForm, args: list[str]) -> None:
    await store.update(chat.tx, chat.staff_id, chat.u.now, awaiting="time")
    view = views.ask(chat.app, chat.lang, "staff-ask-time", patient, form.flow, "f")
    await chat.show(view)


async def _back_to_form(chat: Chat, patient: Patient, form: StaffForm, args: list[str]) -> None:
    await store.update(chat.tx, chat.staff_id, chat.u.now, awaiting=None)
    await _show_form(chat, patient)


async def _save(chat: Chat, patient: Patient, form: StaffForm, args: list[str]) -> None:
    dialog_id, days, at = form.dialog_id or "", form.weekdays, form.local_time
    try:
        quiet = await planning.set_schedule(
            chat.app, chat.tx, patient.alias, dialog_id, days=days, every_days=None, at=at or ""
        )
    except InputError as exc:
        await _show_form(chat, patient, chat.t("staff-error", reason=str(exc)))
        return
    await store.end(chat.tx, chat.staff_id, chat.u.now)
    await _audit(chat, patient, "schedule")
    saved = chat.t(
        "staff-saved",
        alias=patient.alias,
        dialog=views.dialog_title(chat.app, chat.lang, dialog_id),
        days=views.days_text(chat.app, chat.lang, days),
        time=at,
        next=await _next_due(chat, patient, dialog_id),
    )
    await chat.show(await _card(chat, patient.id, _noted(chat, saved, quiet)))


async def _next_due(chat: Chat, patient: Patient, dialog_id: str) -> str:
    """When the saved schedule first goes out, quiet hours included, in patient-local time."""
    found = [
        v.next_due
        for v in await planning.list_schedules(chat.app, chat.tx, patient.alias)
        if v.dialog == dialog_id and v.next_due is not None
    ]
    tz = patient.timezone
    if not found:
        return views.when(chat.app, chat.lang, None, tz)
    due = sch.respect_quiet(found[0], ZoneInfo(tz), patient.quiet)
    return views.when(chat.app, chat.lang, due, tz)


_FORM_STEPS = {
    "w": _toggle_day,
    "t": _pick_time,
    "k": _type_time,
    "f": _back_to_form,
    "s": _save,
}

_TAPS = {
    views.LIST: _tap_list,
    views.PATIENT: _tap_patient,
    views.ACTION: _tap_action,
    views.FORM: _tap_form,
}
