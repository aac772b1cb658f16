"""What a patient can ask for: help, a check-in now, language, pause, resume, stop."""

from __future__ import annotations

from bot.domain import callbacks
from bot.domain.lifecycle import Action
from bot.services import checkins as conversation
from bot.services import lifecycle, notices, safety
from bot.services.unit import Unit
from bot.storage import checkins, events, people
from bot.storage.records import Patient

LANGUAGE_NAMES = {"en": "English", "es": "Español", "ru": "Русский"}
COMMANDS = (
    "checkin",
    "sos",
    "safetyplan",
    "language",
    "pause",
    "resume",
    "stop",
    "mydata",
    "delete",
    "help",
)
SAFETY_PLAN = "safety_plan"


def lang_of(u: Unit, patient: Patient) -> str:
    return u.app.lang(patient.language)


async def say(u: Unit, patient: Patient, key: str, **args: object) -> None:
    """A message in the patient's own language."""
    await u.out.text(patient.chat_id or 0, u.t(lang_of(u, patient), key, **args))


async def help_(u: Unit, patient: Patient) -> None:
    await say(u, patient, "patient-help")


async def checkin_now(u: Unit, patient: Patient) -> None:
    """/checkin: continue the open check-in, or start one that is waiting."""
    for current in await checkins.open_for_patient(u.tx, patient.id):
        try:
            await conversation.live(u.app, u.tx, current.id, patient, u.now)
        except conversation.Closed:
            continue
        await conversation.start(u, patient, current)
        return
    waiting = await checkins.waiting_for_patient(u.tx, patient.id, u.now)
    if waiting is None:
        await say(u, patient, "checkin-none-waiting")
        return
    await conversation.start(u, patient, waiting)


async def choose_language(u: Unit, patient: Patient) -> None:
    keyboard = [
        [(name, callbacks.encode(callbacks.LANGUAGE, code))]
        for code, name in LANGUAGE_NAMES.items()
        if code in u.app.t.languages
    ]
    text = u.t(lang_of(u, patient), "patient-language-choose")
    await u.out.text(patient.chat_id or 0, text, keyboard)


async def set_language(u: Unit, patient: Patient, code: str, message_id: int | None) -> None:
    if code not in u.app.t.languages:
        return
    await people.set_patient_language(u.tx, patient.id, code)
    await events.record(
        u.tx, "language_changed", u.now, actor="patient", patient_id=patient.id, language=code
    )
    text = u.t(code, "patient-language-set", language=LANGUAGE_NAMES[code])
    await _reply(u, patient, message_id, text)


async def _reply(u: Unit, patient: Patient, message_id: int | None, text: str) -> None:
    """Replace the tapped question with the outcome, or say it when there is none."""
    if message_id is not None:
        await u.out.edit(patient.chat_id or 0, message_id, text)
    else:
        await u.out.text(patient.chat_id or 0, text)


async def pause(u: Unit, patient: Patient) -> None:
    """/pause: no check-ins until /resume; the clinician sees it in the next digest."""
    if await _move(u, patient, "pause", done="patient-paused", not_done="patient-already-paused"):
        await checkins.cancel_unstarted(u.tx, patient.id, u.now)


async def resume(u: Unit, patient: Patient) -> None:
    """/resume lifts the patient's own pause; one set by the care team stays until they lift it.
    After a /stop the care team was told, so they are told of the restart too."""
    moved = await _move(
        u, patient, "resume", done="patient-resumed", not_done="patient-not-paused"
    )
    if moved and patient.status == "stopped":
        await notices.tell_clinician(u.app, u.out, patient, "lifecycle-clinician-restarted")


async def _move(u: Unit, patient: Patient, action: Action, *, done: str, not_done: str) -> bool:
    """The patient's own request of the lifecycle, answered kindly; True when it changed."""
    try:
        moved = await lifecycle.move(u.tx, patient, action, "patient", u.now)
    except lifecycle.NotAllowed as refused:
        # The lifecycle's reason when it has words for the patient (a staff pause, a stop).
        key = f"lifecycle-refused-{refused.reason_key}"
        await say(u, patient, key if u.app.t.has(lang_of(u, patient), key) else not_done)
        return False
    await say(u, patient, done if moved is not None else not_done)
    return moved is not None


async def ask_stop(u: Unit, patient: Patient) -> None:
    lang = lang_of(u, patient)
    keyboard = [
        [(u.t(lang, "patient-stop-yes"), callbacks.encode(callbacks.STOP, "y"))],
        [(u.t(lang, "patient-stop-no"), callbacks.encode(callbacks.STOP, "n"))],
    ]
    await u.out.text(patient.chat_id or 0, u.t(lang, "patient-stop-confirm"), keyboard)


async def confirm_stop(u: Unit, patient: Patient, yes: bool, message_id: int | None) -> None:
    """The answer to /stop's question: stop every message (and tell the care team, as the
    patient was promised), or carry on."""
    if yes and await lifecycle.move(u.tx, patient, "stop", "patient", u.now) is not None:
        await checkins.cancel_open(u.tx, patient.id, u.now)
        await notices.tell_clinician(u.app, u.out, patient, "lifecycle-clinician-stopped")
    key = "patient-stopped" if yes else "patient-stop-kept"
    await _reply(u, patient, message_id, u.t(lang_of(u, patient), key))


async def note(u: Unit, patient: Patient, text: str) -> None:
    """Free text outside a check-in: kept for the clinician, with an honest reply."""
    await people.add_message(u.tx, patient.id, text, u.now)
    await say(u, patient, "patient-note-saved")


async def sos(u: Unit, patient: Patient) -> None:
    """/sos: the patient's own plan first, then the clinic's crisis resources."""
    await safety.with_plan(u, patient.chat_id or 0, patient, lang_of(u, patient))


async def safety_plan(u: Unit, patient: Patient) -> None:
    """/safetyplan: the short guided dialog that writes the patient's own plan."""
    if SAFETY_PLAN not in u.app.dialogs:
        await sos(u, patient)
        return
    slot = f"plan-{u.now.isoformat()}"
    checkin_id = await conversation.queue(
        u.app, u.tx, patient.id, SAFETY_PLAN, slot, u.now, source="patient"
    )
    checkin = await checkins.by_id(u.tx, checkin_id) if checkin_id else None
    if checkin is not None:
        await conversation.start(u, patient, checkin)
