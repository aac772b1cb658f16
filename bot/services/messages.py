"""Routing what people send: by who the chat belongs to, inside one transaction per update."""

from __future__ import annotations

from aiosqlite import Connection

from bot.domain import callbacks
from bot.services import checkins as conversation
from bot.services import clinician, enrolment, patient, privacy, reachability, safety, staff
from bot.services.context import Incoming, Rapport
from bot.services.replies import Replies
from bot.storage import checkins, inbox, people
from bot.storage.db import Row
from bot.storage.privacy import forget_from_disk

CHECKIN_KINDS = frozenset(callbacks.CHECKIN_ARITY)


async def _patient(conn: Connection, chat_id: int) -> Row | None:
    """The enrolled patient of a chat (an erased record no longer counts)."""
    row = await people.patient_by_chat(conn, chat_id)
    return row if row is not None and row["status"] not in ("invited", "erased") else None


async def on_message(app: Rapport, msg: Incoming) -> None:
    """Anything a person sends in a private chat other than /start and button taps."""
    async with app.db.tx() as conn:
        if not await inbox.claim(conn, msg.update_id, app.clock.now()):
            return
        out = Replies(conn, msg.update_id, app.clock.now())
        found = await _patient(conn, msg.chat_id)
        risk = safety.detect(app, msg.text or msg.caption)
        if found is not None:
            await _from_patient(app, conn, out, found, msg, risk)
        elif risk is not None:
            # Not enrolled (or erased), but nobody who writes this is left without help.
            await safety.respond(app, conn, out, msg, None, risk, msg.text or msg.caption or "")
        elif msg.text and (invite := await people.awaiting_code(conn, msg.user_id)):
            await enrolment.on_code(app, conn, out, msg, invite)
        elif (doctor := await people.clinician_by_chat(conn, msg.chat_id)) is not None and (
            (msg.text or "").startswith("/digest")
            or await people.staff_by_telegram_id(conn, msg.user_id) is None
        ):
            await clinician.on_message(app, conn, out, doctor, msg.text or "")
        elif (member := await people.staff_by_telegram_id(conn, msg.user_id)) is not None:
            await staff.on_staff_message(app, conn, out, member, msg)
        else:
            await out.text(msg.chat_id, enrolment.how_to_enrol(app, msg))


async def _from_patient(
    app: Rapport,
    conn: Connection,
    out: Replies,
    found: Row,
    msg: Incoming,
    risk: safety.Match | None,
) -> None:
    if found["status"] == "unreachable":
        # A patient who writes has clearly unblocked the bot.
        await people.set_patient_status(conn, found["id"], "active")
        found = await people.patient_by_id(conn, found["id"])
    if risk is not None:
        await _at_risk(app, conn, out, found, msg, risk)
        return
    text = msg.text
    if text is None:
        await out.text(msg.chat_id, app.t(patient.lang_of(app, found), "patient-text-only"))
        return
    if not text.strip():  # nothing was said: nothing to keep, but a kind answer all the same
        await patient.help_(app, conn, out, found)
        return
    if text.startswith("/"):
        await _command(app, conn, out, found, text)
        return
    current = await checkins.open_for_patient(conn, found["id"])
    if current is not None:
        try:
            if await conversation.on_text(app, conn, out, found, current, text):
                return
        except conversation.Closed:
            pass
        else:
            # Typed beside a button question: kept, so nothing the patient says is lost.
            await people.add_message(conn, found["id"], text, out.now)
            return
    await patient.note(app, conn, out, found, text)


async def _at_risk(
    app: Rapport, conn: Connection, out: Replies, found: Row, msg: Incoming, risk: safety.Match
) -> None:
    """Keep the words (as the answer they were, or as a message), then answer the risk.

    The check-in does not move on to its next question: that would be tone-deaf now.
    """
    said = msg.text or msg.caption or ""
    checkin_id = None
    current = await checkins.open_for_patient(conn, found["id"])
    if current is not None and msg.text and not msg.text.startswith("/"):
        try:
            if await conversation.on_text(app, conn, out, found, current, said, quiet=True):
                checkin_id = current["id"]
        except conversation.Closed:
            pass
    if checkin_id is None:
        await people.add_message(conn, found["id"], said, out.now)
    await safety.respond(app, conn, out, msg, found, risk, said, checkin_id)


async def on_edited(app: Rapport, msg: Incoming) -> None:
    """An edited message is not an answer, but risk language in it is acted on all the same."""
    async with app.db.tx() as conn:
        if not await inbox.claim(conn, msg.update_id, app.clock.now()):
            return
        risk = safety.detect(app, msg.text or msg.caption)
        if risk is None:
            return
        out = Replies(conn, msg.update_id, app.clock.now())
        found = await _patient(conn, msg.chat_id)
        said = msg.text or msg.caption or ""
        if found is not None:
            await people.add_message(conn, found["id"], said, out.now)
        await safety.respond(app, conn, out, msg, found, risk, said)


async def _command(app: Rapport, conn: Connection, out: Replies, found: Row, text: str) -> None:
    name = text[1:].split(maxsplit=1)[0].split("@")[0].lower() if len(text) > 1 else ""
    action = {
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
    }.get(name, patient.help_)
    await action(app, conn, out, found)


async def on_callback(app: Rapport, msg: Incoming) -> str | None:
    """A button tap; returns the short toast Telegram shows, if any."""
    data = callbacks.decode(msg.callback_data or "")
    if data is not None and data.kind == "c" and len(data.parts) == 2:
        invite_id, answer = data.number(0), data.parts[1]
        if invite_id is not None and answer in ("y", "n"):
            return await enrolment.on_consent(app, msg, invite_id, answer == "y")
    async with app.db.tx() as conn:
        if not await inbox.claim(conn, msg.update_id, app.clock.now()):
            return None
        out = Replies(conn, msg.update_id, app.clock.now())
        found = await _patient(conn, msg.chat_id)
        if found is None and data is not None and data.kind == clinician.DIGEST:
            doctor = await people.clinician_by_chat(conn, msg.chat_id)
            if doctor is not None:
                return await clinician.on_tap(app, conn, out, doctor, data)
        if found is None and data is not None and data.kind.startswith("y"):
            member = await people.staff_by_telegram_id(conn, msg.user_id)
            if member is not None:
                return await staff.on_staff_tap(app, conn, out, member, data, msg)
        if found is None or data is None:
            lang = app.lang(found["language"] if found else None, msg.language_code)
            return app.t(lang, "checkin-closed")
        if data.kind == privacy.ERASE and data.parts in (("y",), ("n",)):
            erased = await privacy.confirm_delete(
                app, conn, out, found, data.parts == ("y",), msg.message_id
            )
        else:
            erased = False
            try:
                return await _patient_tap(app, conn, out, found, data, msg)
            except conversation.Closed as closed:
                return app.t(patient.lang_of(app, found), closed.key)
    if erased:
        await forget_from_disk(app.db)
    return None


async def _patient_tap(
    app: Rapport,
    conn: Connection,
    out: Replies,
    found: Row,
    data: callbacks.Callback,
    msg: Incoming,
) -> str | None:
    if data.kind in CHECKIN_KINDS:
        tap = callbacks.decode_checkin(msg.callback_data)
        if tap is None:
            raise conversation.Closed("checkin-closed")
        return await conversation.on_tap(app, conn, out, found, tap, msg.message_id)
    if data.kind == "o" and (checkin_id := data.number(0)) is not None:
        checkin, _ = await conversation.live(app, conn, checkin_id, found, out.now)
        if msg.message_id is not None:
            await out.edit(
                msg.chat_id, msg.message_id, app.t(patient.lang_of(app, found), "checkin-invite")
            )
        await conversation.start(app, conn, out, found, checkin)
        return None
    if data.kind == "l" and len(data.parts) == 1:
        await patient.set_language(app, conn, out, found, data.parts[0], msg.message_id)
        return None
    if data.kind == "x" and data.parts in (("y",), ("n",)):
        await patient.confirm_stop(app, conn, out, found, data.parts == ("y",), msg.message_id)
        return None
    raise conversation.Closed("checkin-closed")


async def on_member(app: Rapport, msg: Incoming, blocked: bool) -> None:
    """Telegram says the user blocked (or unblocked) the bot: stop trying, or start again."""
    now = app.clock.now()
    async with app.db.tx() as conn:
        if await inbox.claim(conn, msg.update_id, now):
            change = reachability.blocked if blocked else reachability.unblocked
            await change(conn, msg.chat_id, now)
