"""What a patient can ask for: help, a check-in now, language, pause, resume, stop."""

from __future__ import annotations

from aiosqlite import Connection

from bot.domain import callbacks
from bot.services import checkins as conversation
from bot.services import safety
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.storage import checkins, events, people
from bot.storage.db import Row

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


def lang_of(app: Rapport, patient: Row) -> str:
    return app.lang(patient["language"])


async def help_(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    await out.text(patient["chat_id"], app.t(lang_of(app, patient), "patient-help"))


async def checkin_now(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    """/checkin: continue the open check-in, or start one that is waiting."""
    current = await checkins.open_for_patient(conn, patient["id"])
    if current is not None:
        try:
            await conversation.live(app, conn, current["id"], patient, out.now)
        except conversation.Closed:
            current = None
        else:
            await conversation.start(app, conn, out, patient, current)
            return
    waiting = await checkins.waiting_for_patient(conn, patient["id"], out.now)
    if waiting is None:
        await out.text(patient["chat_id"], app.t(lang_of(app, patient), "checkin-none-waiting"))
        return
    await conversation.start(app, conn, out, patient, waiting)


async def choose_language(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    keyboard = [
        [(name, callbacks.encode("l", code))]
        for code, name in LANGUAGE_NAMES.items()
        if code in app.t.languages
    ]
    await out.text(
        patient["chat_id"], app.t(lang_of(app, patient), "patient-language-choose"), keyboard
    )


async def set_language(
    app: Rapport, conn: Connection, out: Replies, patient: Row, code: str, message_id: int | None
) -> None:
    if code not in app.t.languages:
        return
    await people.set_patient_language(conn, patient["id"], code)
    await events.record(
        conn, "language_changed", out.now, actor="patient", patient_id=patient["id"], language=code
    )
    text = app.t(code, "patient-language-set", language=LANGUAGE_NAMES[code])
    if message_id is not None:
        await out.edit(patient["chat_id"], message_id, text)
    else:
        await out.text(patient["chat_id"], text)


async def pause(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    """/pause: no check-ins until /resume; the clinician sees it in the next digest."""
    lang = lang_of(app, patient)
    if patient["status"] == "paused":
        await out.text(patient["chat_id"], app.t(lang, "patient-already-paused"))
        return
    await people.set_patient_status(conn, patient["id"], "paused")
    await checkins.cancel_unstarted(conn, patient["id"], out.now)
    await events.record(
        conn,
        "patient_paused",
        out.now,
        actor="patient",
        patient_id=patient["id"],
        clinician_id=patient["clinician_id"],
    )
    await out.text(patient["chat_id"], app.t(lang, "patient-paused"))


async def resume(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    lang = lang_of(app, patient)
    if patient["status"] == "active":
        await out.text(patient["chat_id"], app.t(lang, "patient-not-paused"))
        return
    await people.set_patient_status(conn, patient["id"], "active")
    await events.record(
        conn,
        "patient_resumed",
        out.now,
        actor="patient",
        patient_id=patient["id"],
        clinician_id=patient["clinician_id"],
    )
    await out.text(patient["chat_id"], app.t(lang, "patient-resumed"))


async def ask_stop(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    lang = lang_of(app, patient)
    keyboard = [
        [(app.t(lang, "patient-stop-yes"), callbacks.encode("x", "y"))],
        [(app.t(lang, "patient-stop-no"), callbacks.encode("x", "n"))],
    ]
    await out.text(patient["chat_id"], app.t(lang, "patient-stop-confirm"), keyboard)


async def confirm_stop(
    app: Rapport, conn: Connection, out: Replies, patient: Row, yes: bool, message_id: int | None
) -> None:
    """The answer to /stop's question: stop every message, or carry on."""
    lang = lang_of(app, patient)
    if yes and patient["status"] != "stopped":
        await people.set_patient_status(conn, patient["id"], "stopped")
        await checkins.cancel_open(conn, patient["id"], out.now)
        await events.record(
            conn,
            "patient_stopped",
            out.now,
            actor="patient",
            patient_id=patient["id"],
            clinician_id=patient["clinician_id"],
        )
    key = "patient-stopped" if yes else "patient-stop-kept"
    if message_id is not None:
        await out.edit(patient["chat_id"], message_id, app.t(lang, key))
    else:
        await out.text(patient["chat_id"], app.t(lang, key))


async def note(app: Rapport, conn: Connection, out: Replies, patient: Row, text: str) -> None:
    """Free text outside a check-in: kept for the clinician, with an honest reply."""
    await people.add_message(conn, patient["id"], text, out.now)
    await out.text(patient["chat_id"], app.t(lang_of(app, patient), "patient-note-saved"))


async def sos(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    """/sos: the patient's own plan first, then the clinic's crisis resources."""
    await safety.sos(app, conn, out, patient["chat_id"], patient, lang_of(app, patient))


async def safety_plan(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    """/safetyplan: the short guided dialog that writes the patient's own plan."""
    if SAFETY_PLAN not in app.dialogs:
        await sos(app, conn, out, patient)
        return
    checkin_id = await conversation.queue(
        app,
        conn,
        patient["id"],
        SAFETY_PLAN,
        f"plan-{out.now.isoformat()}",
        out.now,
        source="patient",
    )
    checkin = await checkins.by_id(conn, checkin_id) if checkin_id else None
    if checkin is not None:
        await conversation.start(app, conn, out, patient, checkin)
