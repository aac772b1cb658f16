"""Routing what people send: who sent it decides which use case hears it, one unit of work each.

Buttons are routed by table: a callback's kind names its audience (bot.domain.callbacks.KINDS),
the audience says who must be tapping, and ROUTES maps the kind to its handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bot.domain import callbacks
from bot.domain.callbacks import Audience, Callback
from bot.domain.tiers import Risk
from bot.services import (
    alerts,
    clinician,
    enrolment,
    feedback,
    lifecycle,
    patient,
    privacy,
    reachability,
    redflags,
    safety,
    web_access,
    worklist,
)
from bot.services import checkins as conversation
from bot.services import staff as staff_chat
from bot.services.context import Incoming, Rapport
from bot.services.unit import Unit, handle
from bot.storage import checkins, people
from bot.storage.db import Tx
from bot.storage.records import Checkin, Patient

Handler = Callable[[Unit, Any, Callback], Awaitable[str | None]]


async def enrolled(tx: Tx, chat_id: int) -> Patient | None:
    """The enrolled patient of a chat (an invited or erased record does not count)."""
    found = await people.patient_by_chat(tx, chat_id)
    return found if found is not None and found.status not in ("invited", "erased") else None


# Messages


async def on_message(app: Rapport, msg: Incoming) -> None:
    """Anything a person sends in a private chat other than /start and button taps."""
    await handle(app, msg, _message)


async def _message(u: Unit) -> None:
    msg = u.msg
    found = await enrolled(u.tx, msg.chat_id)
    risk = await redflags.heard(u, found, msg.words)
    if found is not None:
        await _from_patient(u, found, risk)
    elif risk is not None:
        # Not enrolled (or erased), but nobody who writes this is left without help.
        await safety.respond(u, None, risk, msg.words)
    elif msg.text and (invite := await people.awaiting_code(u.tx, msg.user_id)):
        await enrolment.on_code(u, invite)
    else:
        await _from_staff_or_stranger(u)


async def _from_staff_or_stranger(u: Unit) -> None:
    msg = u.msg
    if web_access.asks_for_link(msg.text) and await web_access.send_link(u):
        return
    doctor = await people.clinician_by_chat(u.tx, msg.chat_id)
    member = await people.staff_by_telegram_id(u.tx, msg.user_id)
    if doctor is not None and ((msg.text or "").startswith("/digest") or member is None):
        await clinician.on_message(u, doctor, msg.text or "")
    elif member is not None:
        await staff_chat.on_staff_message(u, member)
    else:
        await u.out.text(msg.chat_id, enrolment.how_to_enrol(u.app, msg))


async def present(u: Unit, found: Patient) -> Patient:
    """A patient who writes or taps has clearly unblocked the bot, whatever we last heard."""
    if found.status != "unreachable":
        return found
    return await lifecycle.move(u.tx, found, "write", "patient", u.now) or found


async def _from_patient(u: Unit, found: Patient, risk: Risk | None) -> None:
    found = await present(u, found)
    if risk is not None:
        await _at_risk(u, found, risk)
        return
    text = u.msg.text
    if text is None:
        await patient.say(u, found, "patient-text-only")
    elif not text.strip():  # nothing was said: nothing to keep, but a kind answer all the same
        await patient.help_(u, found)
    elif text.startswith("/"):
        await _command(u, found, text)
    else:
        await _typed(u, found, text)


async def _typed(u: Unit, found: Patient, text: str) -> None:
    """Free text: the answer to the open check-in that asked for it, else a kept note."""
    current = await _taking_text(u, found)
    if current is not None:
        try:
            if await conversation.on_text(u, found, current, text):
                return
        except conversation.Closed:
            pass
        else:
            # Typed beside a button question: kept, so nothing the patient says is lost.
            await people.add_message(u.tx, found.id, text, u.now)
            return
    await patient.note(u, found, text)


async def _taking_text(u: Unit, found: Patient) -> Checkin | None:
    """Of the open check-ins, the most recent one waiting for typed text, else the most
    recent one (which will ask for its buttons)."""
    opened = await checkins.open_for_patient(u.tx, found.id)
    for checkin in opened:
        if await conversation.awaiting_text(u, checkin):
            return checkin
    return opened[0] if opened else None


async def _at_risk(u: Unit, found: Patient, risk: Risk) -> None:
    """Keep the words (as the answer they were, or as a message), then answer the risk.

    The check-in does not move on to its next question: that would be tone-deaf now. The one
    exception is the patient's own safety plan, where risk words are expected ("warning signs:
    thinking I'd be better off dead"): the answer is saved and the plan goes on, with no crisis
    reply; the clinician is alerted all the same.
    """
    said, checkin_id = u.msg.words, None
    current = await _taking_text(u, found)
    in_plan = current is not None and current.dialog_id == conversation.SAFETY_PLAN
    if current is not None and u.msg.text and not u.msg.text.startswith("/"):
        try:
            if await conversation.on_text(u, found, current, said, quiet=not in_plan):
                checkin_id = current.id
        except conversation.Closed:
            pass
    if checkin_id is None:
        await people.add_message(u.tx, found.id, said, u.now)
    await safety.respond(u, found, risk, said, checkin_id, in_plan=in_plan and bool(checkin_id))


COMMANDS: dict[str, Callable[[Unit, Patient], Awaitable[None]]] = {
    "help": patient.help_,
    "checkin": patient.checkin_now,
    "language": patient.choose_language,
    "pause": patient.pause,
    "resume": patient.resume,
    "stop": patient.ask_stop,
    "sos": patient.sos,
    "safetyplan": patient.safety_plan,
    "mydata": privacy.mydata,
    "delete": privacy.ask_delete,
}


async def _command(u: Unit, found: Patient, text: str) -> None:
    name = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
    await COMMANDS.get(name, patient.help_)(u, found)


async def on_edited(app: Rapport, msg: Incoming) -> None:
    """An edited message is not an answer, but risk language in it is acted on all the same."""
    await handle(app, msg, _edited)


async def _edited(u: Unit) -> None:
    found = await enrolled(u.tx, u.msg.chat_id)
    risk = await redflags.heard(u, found, u.msg.words)
    if risk is None:
        return
    if found is not None:
        await people.add_message(u.tx, found.id, u.msg.words, u.now)
    await safety.respond(u, found, risk, u.msg.words)


async def on_start(app: Rapport, msg: Incoming, payload: str | None) -> None:
    """/start [TOKEN]: enrolment by invite link."""
    await handle(app, msg, lambda u: enrolment.on_start(u, payload))


async def on_member(app: Rapport, msg: Incoming, blocked: bool) -> None:
    """Telegram says the user blocked (or unblocked) the bot: stop trying, or start again."""
    change = reachability.blocked if blocked else reachability.unblocked
    await handle(app, msg, lambda u: change(u.tx, msg.chat_id, u.now))


# Buttons


async def on_callback(app: Rapport, msg: Incoming) -> str | None:
    """A button tap; returns the short toast Telegram shows, if any."""
    return await handle(app, msg, _tap)


async def _tap(u: Unit) -> str | None:
    data = callbacks.decode(u.msg.callback_data or "")
    kind = callbacks.KINDS.get(data.kind) if data is not None else None
    who = await AUDIENCES[kind.audience](u) if kind is not None else None
    if data is None or who is None:
        found = await enrolled(u.tx, u.msg.chat_id)
        lang = u.app.lang(found.language if found else None, u.msg.language_code)
        return u.t(lang, REFUSED.get(kind.audience if kind else "anyone", "checkin-closed"))
    return await ROUTES[data.kind](u, who, data)


# What a tap from someone its audience does not include is told, when not "this is closed".
REFUSED: dict[Audience, str] = {"responder": "alert-not-allowed"}


async def _staff(u: Unit) -> object | None:
    return await people.staff_by_telegram_id(u.tx, u.msg.user_id)


async def _clinician(u: Unit) -> object | None:
    return await people.clinician_by_chat(u.tx, u.msg.chat_id)


async def _patient(u: Unit) -> object | None:
    found = await enrolled(u.tx, u.msg.chat_id)
    return None if found is None else await present(u, found)


async def _anyone(u: Unit) -> object | None:
    return u.msg


AUDIENCES: dict[Audience, Callable[[Unit], Awaitable[object | None]]] = {
    "patient": _patient,
    "clinician": _clinician,
    "staff": _staff,
    "anyone": _anyone,
    "responder": alerts.responder,
}


def _patient_tap(
    act: Callable[[Unit, Patient, Callback], Awaitable[str | None]],
) -> Handler:
    """A patient's button: a check-in that is no longer open answers with a toast."""

    async def tap(u: Unit, found: Patient, data: Callback) -> str | None:
        try:
            return await act(u, found, data)
        except conversation.Closed as closed:
            return u.t(patient.lang_of(u, found), closed.key)

    return tap


async def _answer(u: Unit, found: Patient, data: Callback) -> str | None:
    tap = callbacks.decode_checkin(u.msg.callback_data)
    if tap is None:
        raise conversation.Closed("checkin-closed")
    return await conversation.on_tap(u, found, tap, u.msg.message_id, redflags.on_answer)


async def _open(u: Unit, found: Patient, data: Callback) -> str | None:
    checkin_id = data.number(0)
    if checkin_id is None or len(data.parts) != 1:
        raise conversation.Closed("checkin-closed")
    checkin, _ = await conversation.live(u.app, u.tx, checkin_id, found, u.now)
    # The first question takes the invitation's place: one paced call, as for each answer.
    await conversation.start(u, found, checkin, over=u.msg.message_id)
    return None


def _yes_no(data: Callback) -> bool:
    if data.parts not in (("y",), ("n",)):
        raise conversation.Closed("checkin-closed")
    return data.parts == ("y",)


async def _language(u: Unit, found: Patient, data: Callback) -> str | None:
    if len(data.parts) != 1:
        raise conversation.Closed("checkin-closed")
    await patient.set_language(u, found, data.parts[0], u.msg.message_id)
    return None


async def _stop(u: Unit, found: Patient, data: Callback) -> str | None:
    await patient.confirm_stop(u, found, _yes_no(data), u.msg.message_id)
    return None


async def _erase(u: Unit, found: Patient, data: Callback) -> str | None:
    await privacy.confirm_delete(u, found, _yes_no(data), u.msg.message_id)
    return None


async def _sos(u: Unit, found: Patient, data: Callback) -> str | None:
    await patient.sos(u, found)
    return None


async def _consent(u: Unit, msg: Incoming, data: Callback) -> str | None:
    invite_id = data.number(0)
    if invite_id is None or len(data.parts) != 2 or data.parts[1] not in ("y", "n"):
        return u.t(u.app.lang(None, msg.language_code), "enrol-link-closed")
    return await enrolment.on_consent(u, invite_id, data.parts[1] == "y")


ROUTES: dict[str, Handler] = {
    **{kind: _patient_tap(_answer) for kind in callbacks.CHECKIN_ARITY},
    callbacks.OPEN: _patient_tap(_open),
    callbacks.LANGUAGE: _patient_tap(_language),
    callbacks.STOP: _patient_tap(_stop),
    callbacks.ERASE: _patient_tap(_erase),
    callbacks.SAFE_CHECK: _patient_tap(safety.on_check),
    callbacks.SOS: _patient_tap(_sos),
    callbacks.CONSENT: _consent,
    callbacks.DIGEST: clinician.on_tap,
    callbacks.ACKNOWLEDGE: alerts.on_acknowledge,
    callbacks.TASK_DONE: worklist.on_done,
    callbacks.FEEDBACK: feedback.on_tap,
    **{
        kind: staff_chat.on_staff_tap
        for kind, meaning in callbacks.KINDS.items()
        if meaning.audience == "staff"
    },
}
