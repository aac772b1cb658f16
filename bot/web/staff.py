"""The staff pages: every patient, a new patient and their invite (with a QR code to scan at
the desk), and one patient's plan: invite, schedules, appointments, pause, medication, settings.

Each form runs the use case the CLI runs, with the same checks and the same one-line errors:
an error shows the page again (400) with what was typed and nothing stored; success redirects
(303) to the page, which says what was done. Only staff may use these pages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import segno
from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.domain.scheduling import WEEKDAYS
from bot.services import enrolment, planning, regimen, web_access, web_staff
from bot.services import staff_views as views
from bot.services.context import Rapport
from bot.services.enrolment import Link
from bot.services.errors import InputError
from bot.services.web_access import Viewer
from bot.storage.db import Tx
from bot.storage.records import Patient
from bot.web.pages import page, posted, rapport, signed_in

ROOT = "/web/staff"
LANG = "en"  # the staff pages are English for now (the digests keep each clinician's language)
# How long an invite stays on the page that shows it (the link itself lasts days).
INVITE_SHOWN = timedelta(hours=1)


# --- who may come in ---------------------------------------------------------------------------


async def staff_viewer(request: Request) -> Viewer:
    """The signed-in staff member; anyone else signed in is refused (403) and that is audited."""
    viewer = await signed_in(request)
    if viewer.staff is None:
        app = rapport(request)
        async with app.db.tx() as tx:
            await web_access.audit(tx, viewer, "refused", app.clock.now(), area="staff")
        raise HTTPException(403, "These pages are for clinic staff.")
    return viewer


def actor(viewer: Viewer) -> str:
    """How the use cases' events name this staff member."""
    assert viewer.staff is not None
    return f"staff:{viewer.staff.id}"


async def _audit(
    app: Rapport, tx: Tx, viewer: Viewer, what: str, patient_id: int | None = None, **ids: Any
) -> None:
    assert viewer.staff is not None
    await web_access.audit(
        tx, viewer, what, app.clock.now(), patient_id=patient_id, staff_id=viewer.staff.id, **ids
    )


def patient_url(alias: str) -> str:
    return f"{ROOT}/patients/{quote(alias, safe='')}"


# --- what a redirect carries to the next page ---------------------------------------------------


@dataclass
class Shown:
    """An invite link to show (its token is stored only as a hash, so the page that shows it
    holds it in memory: for this session only, and only for a while)."""

    alias: str
    link: Link
    until: datetime


@dataclass
class Memo:
    """What a redirect leaves for the page it leads to, per session: a notice (shown once)
    and the last invite link made."""

    notices: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    invites: dict[int, Shown] = field(default_factory=dict)

    def invite(self, session_id: int, now: datetime) -> Shown | None:
        for key in [k for k, v in self.invites.items() if v.until <= now]:
            del self.invites[key]
        return self.invites.get(session_id)


def memo(request: Request) -> Memo:
    state = request.app.state
    found = getattr(state, "staff_memo", None)
    if found is None:
        found = state.staff_memo = Memo()
    assert isinstance(found, Memo)
    return found


def done(request: Request, viewer: Viewer, text: str, notes: list[str], to: str) -> Response:
    memo(request).notices[viewer.session_id] = (text, notes)
    return RedirectResponse(to, status_code=303)


# --- forms --------------------------------------------------------------------------------------


def text(form: FormData, name: str) -> str | None:
    """A typed field, None when left empty."""
    value = form.get(name)
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def required(form: FormData, name: str) -> str:
    """A field the use case needs: empty when left empty, so the use case says what is missing."""
    return text(form, name) or ""


def kept(form: FormData) -> dict[str, Any]:
    """What was typed, to show again beside the error (checkbox groups as lists)."""
    values: dict[str, Any] = {}
    for name in form:
        items = [v for v in form.getlist(name) if isinstance(v, str)]
        values[name] = items if name == "days" else (items[0] if items else "")
    return values


@dataclass(frozen=True)
class Failed:
    """The form that was refused, why, and what was typed in it."""

    form: str
    error: str
    values: dict[str, Any]
    what: str = ""

    def value(self, form: str, name: str, default: Any = "") -> Any:
        return self.values.get(name, default) if form == self.form else default


NOTHING_FAILED = Failed("", "", {})


def refusal(form: str, what: str, exc: InputError, values: FormData) -> Failed:
    return Failed(form, str(exc), kept(values), what)


def _helpers(app: Rapport) -> dict[str, Any]:
    """Formatting the templates use: the staff chat's own, in English."""
    return {
        "when": lambda moment, tz: views.when(app, LANG, moment, tz),
        "status_name": lambda value: views.status(app, LANG, value),
        "dialog_title": lambda dialog: views.dialog_title(app, LANG, dialog),
        "patient_url": patient_url,
    }


# --- the overview and a new patient -------------------------------------------------------------


async def overview(request: Request) -> Response:
    viewer = await staff_viewer(request)
    return await _overview(request, viewer)


async def _overview(
    request: Request, viewer: Viewer, failed: Failed = NOTHING_FAILED, status: int = 200
) -> Response:
    app = rapport(request)
    async with app.db.tx() as tx:
        listed = await web_staff.patients(app, tx)
        choices = await web_staff.choices(app, tx)
        what = f"{failed.what}.invalid" if failed.form else "staff.patients"
        await _audit(app, tx, viewer, what)
    notice = memo(request).notices.pop(viewer.session_id, None)
    return page(
        request,
        "staff_patients.html",
        viewer,
        status=status,
        patients=listed,
        choices=choices,
        failed=failed,
        notice=notice,
        **_helpers(app),
    )


async def add_patient(request: Request) -> Response:
    viewer = await staff_viewer(request)
    form = await posted(request, viewer)
    app = rapport(request)
    try:
        async with app.db.tx() as tx:
            link = await enrolment.add_patient(
                app,
                tx,
                required(form, "alias"),
                required(form, "clinician"),
                text(form, "timezone"),
                text(form, "language"),
                actor=actor(viewer),
            )
            added = await planning.patient(tx, link.holder)
            await _audit(app, tx, viewer, "patient.add", added.id)
    except InputError as exc:
        return await _overview(request, viewer, refusal("add", "patient.add", exc, form), 400)
    return _invite_made(request, viewer, link, added=True)


def _invite_made(request: Request, viewer: Viewer, link: Link, added: bool) -> Response:
    now = rapport(request).clock.now()
    until = min(link.expires_at, now + INVITE_SHOWN)
    memo(request).invites[viewer.session_id] = Shown(link.holder, link, until)
    what = f"Patient {link.holder} added." if added else f"New invite link for {link.holder}."
    if not added:
        what += " Older links no longer work."
    return done(request, viewer, what, [], f"{patient_url(link.holder)}/invite")


async def invite_page(request: Request) -> Response:
    """The invite link and its QR code, for the patient to scan at the desk, and printable."""
    viewer = await staff_viewer(request)
    app, alias = rapport(request), request.path_params["alias"]
    async with app.db.tx() as tx:
        found = await _patient_or_404(tx, alias)
        await _audit(app, tx, viewer, "staff.invite", found.id)
    shown = memo(request).invite(viewer.session_id, app.clock.now())
    if shown is None or shown.alias != found.alias:
        shown = None
    notice = memo(request).notices.pop(viewer.session_id, None)
    return page(
        request,
        "staff_invite.html",
        viewer,
        alias=found.alias,
        timezone=found.timezone,
        shown=shown,
        qr=qr_svg(shown.link.link) if shown else None,
        notice=notice,
        clinic=app.settings.clinic_name,
        **_helpers(app),
    )


def qr_svg(link: str) -> Markup:
    """The link as a QR code, inline SVG (our own markup: no script, no style attribute)."""
    code = segno.make(link, error="m")
    svg = code.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        svgclass="qr",
        lineclass=None,
        light="#fff",
        title="Invite QR code",
    )
    return Markup(svg)  # segno's SVG of our own link: nothing in it was typed by anyone


async def _patient_or_404(tx: Tx, alias: str) -> Patient:
    try:
        return await planning.patient(tx, alias)
    except InputError:
        raise HTTPException(404, "No patient with that alias.") from None


# --- one patient's page -------------------------------------------------------------------------


async def patient(request: Request) -> Response:
    viewer = await staff_viewer(request)
    return await _patient_page(request, viewer, request.path_params["alias"])


async def _patient_page(
    request: Request,
    viewer: Viewer,
    alias: str,
    failed: Failed = NOTHING_FAILED,
    status: int = 200,
) -> Response:
    app = rapport(request)
    async with app.db.tx() as tx:
        try:
            shown = await web_staff.patient_page(app, tx, alias)
        except InputError:
            raise HTTPException(404, "No patient with that alias.") from None
        choices = await web_staff.choices(app, tx)
        what = f"{failed.what}.invalid" if failed.form else "staff.patient"
        await _audit(app, tx, viewer, what, shown.patient.id)
    notice = memo(request).notices.pop(viewer.session_id, None)
    return page(
        request,
        "staff_patient.html",
        viewer,
        status=status,
        p=shown,
        choices=choices,
        failed=failed,
        notice=notice,
        here=patient_url(shown.patient.alias),
        weekdays=WEEKDAYS,
        **_helpers(app),
    )


Done = tuple[str, list[str]]  # what was done, and what staff should know about it
Change = Callable[[Rapport, Tx, str, FormData, str], Awaitable[Done]]


def action(name: str, what: str, change: Change) -> Callable[[Request], Awaitable[Response]]:
    """A form of the patient's page: CSRF checked, the use case run and audited, then the page
    again with the error (400, nothing stored) or a redirect to it with what was done."""

    async def handle(request: Request) -> Response:
        viewer = await staff_viewer(request)
        form = await posted(request, viewer)
        app, alias = rapport(request), request.path_params["alias"]
        try:
            async with app.db.tx() as tx:
                found = await _patient_or_404(tx, alias)
                said, notes = await change(app, tx, found.alias, form, actor(viewer))
                await _audit(app, tx, viewer, what, found.id)
        except InputError as exc:
            refused = refusal(name, what, exc, form)
            return await _patient_page(request, viewer, alias, refused, 400)
        return done(request, viewer, said, notes, f"{patient_url(alias)}#{name}")

    return handle


async def renew_invite(request: Request) -> Response:
    viewer = await staff_viewer(request)
    form = await posted(request, viewer)
    app, alias = rapport(request), request.path_params["alias"]
    try:
        async with app.db.tx() as tx:
            found = await _patient_or_404(tx, alias)
            link = await enrolment.renew_invite(app, tx, found.alias, actor=actor(viewer))
            await _audit(app, tx, viewer, "invite.renew", found.id)
    except InputError as exc:
        refused = refusal("invite", "invite.renew", exc, form)
        return await _patient_page(request, viewer, alias, refused, 400)
    return _invite_made(request, viewer, link, added=False)


async def _set_schedule(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    dialog = required(form, "dialog")
    days = ",".join(d for d in form.getlist("days") if isinstance(d, str) and d)
    note = await planning.set_schedule(
        app,
        tx,
        alias,
        dialog,
        days=days or None,
        every_days=text(form, "every_days"),
        at=required(form, "time"),
        start=text(form, "start"),
        end=text(form, "end"),
        actor=by,
    )
    title = views.dialog_title(app, LANG, dialog)
    return f"Schedule for {title} saved.", [note] if note else []


async def _remove_schedule(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    dialog = required(form, "dialog")
    await planning.remove_schedule(app, tx, alias, dialog, actor=by)
    return f"Schedule for {views.dialog_title(app, LANG, dialog)} removed.", []


async def _add_appointment(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    at = f"{text(form, 'date') or ''} {text(form, 'time') or ''}".strip()
    booked = await planning.add_appointment(app, tx, alias, at, actor=by)
    found = await planning.patient(tx, alias)
    shown = views.when(app, LANG, booked.at, found.timezone)
    return f"Appointment booked: {shown} ({found.timezone}).", [booked.note] if booked.note else []


async def _cancel_appointment(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    given = required(form, "id")
    # Anything but a number matches no appointment: the use case says so, as for the CLI.
    number = int(given) if given.isdigit() and len(given) < 18 else 0
    await planning.cancel_appointment(app, tx, alias, number, None, actor=by)
    return "Appointment cancelled.", []


async def _checkin_now(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    dialog = required(form, "dialog")
    await planning.checkin_now(app, tx, alias, dialog, actor=by)
    title = views.dialog_title(app, LANG, dialog)
    return f"{title} queued for {alias}: the running bot sends it at its next sweep.", []


def _pausing(paused: bool) -> Change:
    async def change(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
        await planning.set_paused(app, tx, alias, paused, actor=by)
        if paused:
            return f"{alias} is paused: no check-ins until resumed.", []
        return f"{alias} is active again.", []

    return change


def _followed(done: regimen.Recorded, said: str) -> Done:
    count = len(done.checkins)
    return f"{said}; {count} follow-up check-in{'s' if count != 1 else ''} queued.", done.notes


async def _add_medication(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    recorded = await regimen.add(
        app,
        tx,
        alias,
        required(form, "drug"),
        required(form, "dose"),
        drug_class=text(form, "drug_class"),
        started=text(form, "started"),
        as_needed=form.get("as_needed") == "yes",
        actor=by,
    )
    m = recorded.medication.medication
    assert m is not None
    return _followed(recorded, f"{m.drug} ({m.drug_class}) added, started {recorded.change.day}")


async def _change_medication(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    recorded = await regimen.change(
        app,
        tx,
        alias,
        required(form, "drug"),
        required(form, "dose"),
        at=text(form, "at"),
        note=text(form, "note"),
        actor=by,
    )
    c, m = recorded.change, recorded.medication.medication
    assert m is not None
    said = f"{m.drug}: {c.dose_before} → {c.dose_after} ({c.kind}) on {c.day}"
    return _followed(recorded, said)


async def _stop_medication(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    recorded = await regimen.stop(
        app,
        tx,
        alias,
        required(form, "drug"),
        at=text(form, "at"),
        note=text(form, "note"),
        actor=by,
    )
    m = recorded.medication.medication
    assert m is not None
    return _followed(recorded, f"{m.drug} stopped on {recorded.change.day}")


async def _settings(app: Rapport, tx: Tx, alias: str, form: FormData, by: str) -> Done:
    found = await planning.patient(tx, alias)
    changed = web_staff.settings_changed(
        app, found, text(form, "timezone"), text(form, "language"), text(form, "quiet")
    )
    notes = await planning.set_patient(app, tx, alias, actor=by, **changed)
    return f"Settings saved: {', '.join(sorted(changed))}.", notes


def routes() -> list[BaseRoute]:
    here = f"{ROOT}/patients/{{alias}}"

    def post(path: str, name: str, what: str, change: Change) -> Route:
        return Route(f"{here}/{path}", action(name, what, change), methods=["POST"])

    return [
        Route(ROOT, overview, methods=["GET"]),
        Route(f"{ROOT}/", overview, methods=["GET"]),
        Route(f"{ROOT}/patients", add_patient, methods=["POST"]),
        Route(here, patient, methods=["GET"]),
        Route(f"{here}/invite", invite_page, methods=["GET"]),
        Route(f"{here}/invite", renew_invite, methods=["POST"]),
        post("schedules", "schedule", "schedule.set", _set_schedule),
        post("schedules/remove", "schedules", "schedule.remove", _remove_schedule),
        post("appointments", "appointment", "appointment.add", _add_appointment),
        post("appointments/cancel", "appointments", "appointment.cancel", _cancel_appointment),
        post("checkins", "checkin", "checkin.send", _checkin_now),
        post("pause", "status", "patient.pause", _pausing(True)),
        post("resume", "status", "patient.resume", _pausing(False)),
        post("medications", "medication", "medication.add", _add_medication),
        post("medications/change", "change", "medication.change", _change_medication),
        post("medications/stop", "stop", "medication.stop", _stop_medication),
        post("settings", "settings", "patient.settings", _settings),
    ]
