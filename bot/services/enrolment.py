"""Invites, consent and linking a Telegram chat to a patient or clinician."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiosqlite import Connection

from bot.config import check_timezone
from bot.domain import callbacks
from bot.domain.invites import (
    CODE_TRIES,
    InviteState,
    deep_link,
    expiry,
    hash_code,
    hash_token,
    invite_state,
    new_code,
    new_token,
)
from bot.services import checkins as conversation
from bot.services import planning
from bot.services.context import Incoming, Rapport
from bot.services.errors import InputError
from bot.services.replies import Replies
from bot.storage import checkins, events, inbox, people
from bot.storage.db import Row
from bot.storage.times import parse

log = logging.getLogger(__name__)

UNKNOWN_BOT = "YOUR_BOT_USERNAME"
START_LIMIT = 10  # /start attempts per chat in START_WINDOW
START_WINDOW = timedelta(hours=1)
CLINICIAN_COMMANDS = ("digest", "help")  # the menu of a clinician's chat
STAFF_COMMANDS = ("patients", "help")  # the menu of a staff member's chat


@dataclass(frozen=True)
class Invite:
    token: str
    link: str
    expires_at: datetime
    code: str | None = None  # the second factor, when the clinic requires one


async def _new_invite(app: Rapport, conn: Connection, **owner: int) -> Invite:
    now = app.clock.now()
    token = new_token()
    expires = expiry(now, app.settings.invite_days)
    invite_id = await people.add_invite(conn, hash_token(token), now, expires, **owner)
    code = None
    if app.settings.enrol_code == "required" and "patient_id" in owner:
        code = new_code()
        await people.set_invite_code(conn, invite_id, hash_code(hash_token(token), code))
    return Invite(token, deep_link(app.bot_username or UNKNOWN_BOT, token), expires, code)


async def add_clinician(app: Rapport, name: str, language: str | None = None) -> Invite:
    """A clinician record and its invite link."""
    name = name.strip()
    language = language or app.settings.default_language
    if not name:
        raise InputError("a clinician needs a name")
    if language not in app.t.languages:
        raise InputError(f"unsupported language {language!r}")
    async with app.db.tx() as conn:
        if await people.clinician_by_name(conn, name):
            raise InputError(f"a clinician named {name!r} already exists")
        cid = await people.add_clinician(conn, name, language, app.clock.now())
        await events.record(
            conn, "clinician_added", app.clock.now(), actor="staff", clinician_id=cid
        )
        return await _new_invite(app, conn, clinician_id=cid)


async def add_patient(
    app: Rapport, alias: str, clinician: str, timezone: str | None, language: str | None
) -> Invite:
    """A patient record under a clinician, and the patient's invite link."""
    alias = alias.strip()
    if not alias or len(alias) > 64:
        raise InputError("an alias is 1 to 64 characters")
    timezone = timezone or app.settings.default_timezone
    try:
        check_timezone(timezone)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if language is not None and language not in app.t.languages:
        raise InputError(
            f"unsupported language {language!r} (one of {', '.join(app.t.languages)})"
        )
    async with app.db.tx() as conn:
        doctor = await people.clinician_by_name(conn, clinician)
        if doctor is None:
            raise InputError(f"no clinician named {clinician!r}")
        if await people.patient_by_alias(conn, alias):
            raise InputError(f"a patient with alias {alias!r} already exists")
        pid = await people.add_patient(
            conn, alias, doctor["id"], timezone, language, app.clock.now()
        )
        await people.update_patient(conn, pid, planning.quiet_fields(app.settings.quiet_hours))
        await planning.apply_default_schedule(app, conn, pid)
        await events.record(
            conn,
            "patient_added",
            app.clock.now(),
            actor="staff",
            patient_id=pid,
            clinician_id=doctor["id"],
        )
        return await _new_invite(app, conn, patient_id=pid)


async def renew_invite(app: Rapport, alias: str) -> Invite:
    """A new link for a patient who is not linked yet; the old links stop working."""
    async with app.db.tx() as conn:
        patient = await people.patient_by_alias(conn, alias)
        if patient is None:
            raise InputError(f"no patient with alias {alias!r}")
        if patient["status"] not in ("invited", "stopped", "unreachable"):
            raise InputError(f"patient {alias!r} is {patient['status']}: no new link is needed")
        now = app.clock.now()
        await people.revoke_open_invites(conn, now, patient_id=patient["id"])
        await events.record(conn, "invite_renewed", now, actor="staff", patient_id=patient["id"])
        return await _new_invite(app, conn, patient_id=patient["id"])


async def add_staff(app: Rapport, telegram_id: int, name: str) -> int:
    if not name.strip():
        raise InputError("a staff member needs a name")
    async with app.db.tx() as conn:
        if await people.staff_by_telegram_id(conn, telegram_id):
            raise InputError(f"telegram id {telegram_id} is already staff")
        sid = await people.add_staff(conn, telegram_id, name.strip(), app.clock.now())
        await events.record(conn, "staff_added", app.clock.now(), actor="staff", staff_id=sid)
        return sid


async def on_start(app: Rapport, msg: Incoming, payload: str | None) -> None:
    """`/start [TOKEN]`: show consent for a valid invite, explain anything else."""
    now = app.clock.now()
    async with app.db.tx() as conn:
        if not await inbox.claim(conn, msg.update_id, now):
            return
        out = Replies(conn, msg.update_id, now)
        known = await _known_chat(conn, msg.chat_id)
        if known is not None:
            lang = app.lang(known["language"], msg.language_code)
            await out.text(msg.chat_id, app.t(lang, "enrol-already"))
            return
        lang = app.lang(None, msg.language_code)
        if await people.count_start(conn, msg.chat_id, now, now - START_WINDOW) > START_LIMIT:
            # Guessing tokens from one chat is slowed to a crawl; nothing is even looked up.
            await out.text(msg.chat_id, app.t(lang, "enrol-slow-down"))
            return
        invite = await people.invite_by_hash(conn, hash_token(payload)) if payload else None
        if invite is None:
            key = "enrol-no-token" if not payload else "enrol-invalid"
            await out.text(msg.chat_id, app.t(lang, key))
            return
        state = _state(invite, now, msg.user_id)
        if state is not InviteState.OPEN:
            await out.text(msg.chat_id, app.t(lang, f"enrol-{state.value}"))
            await events.record(
                conn,
                "invite_refused",
                now,
                actor="telegram",
                patient_id=invite["patient_id"],
                reason=state.value,
            )
            return
        await people.claim_invite(conn, invite["id"], msg.user_id, now)
        if invite["code_hash"] is not None and invite["code_ok_at"] is None:
            await out.text(msg.chat_id, app.t(lang, "enrol-code-ask"))
            return
        await _ask_consent(app, conn, out, msg, invite)


async def on_code(
    app: Rapport, conn: Connection, out: Replies, msg: Incoming, invite: Row
) -> None:
    """The enrolment code typed after /start: consent on a match, five misses void the link."""
    lang = app.lang(None, msg.language_code)
    ok = hmac.compare_digest(hash_code(invite["token_hash"], msg.text or ""), invite["code_hash"])
    wrong = await people.code_tried(conn, invite["id"], ok, out.now)
    if ok:
        await _ask_consent(app, conn, out, msg, await people.invite_by_id(conn, invite["id"]))
    elif wrong >= CODE_TRIES:
        await people.revoke_invite(conn, invite["id"], out.now)
        await events.record(
            conn,
            "invite_voided",
            out.now,
            actor="system",
            patient_id=invite["patient_id"],
            reason="code tries",
        )
        await out.text(msg.chat_id, app.t(lang, "enrol-code-void"))
    else:
        await out.text(msg.chat_id, app.t(lang, "enrol-code-wrong", left=CODE_TRIES - wrong))


def _state(invite: Row, now: datetime, user_id: int) -> InviteState:
    return invite_state(
        now=now,
        expires_at=parse(invite["expires_at"]),
        redeemed=invite["redeemed_at"] is not None,
        revoked=invite["revoked_at"] is not None,
        claimed_by=invite["claimed_by"],
        user_id=user_id,
    )


async def _known_chat(conn: Connection, chat_id: int) -> Row | None:
    patient = await people.patient_by_chat(conn, chat_id)
    if patient is not None and patient["status"] != "erased":
        return patient
    return await people.clinician_by_chat(conn, chat_id)


async def _ask_consent(
    app: Rapport, conn: Connection, out: Replies, msg: Incoming, invite: Row
) -> None:
    yes = callbacks.encode("c", invite["id"], "y")
    no = callbacks.encode("c", invite["id"], "n")
    if invite["role"] == "clinician":
        lang = app.lang(None, msg.language_code)
        text = app.t(lang, "enrol-clinician-confirm", clinic=app.settings.clinic_name)
    else:
        patient = await people.patient_by_id(conn, invite["patient_id"])
        lang = app.lang(patient["language"] if patient else None, msg.language_code)
        text = app.t(lang, "enrol-consent", clinic=app.settings.clinic_name)
    keyboard = [[(app.t(lang, "enrol-accept"), yes)], [(app.t(lang, "enrol-decline"), no)]]
    await out.text(msg.chat_id, text, keyboard)


async def on_consent(app: Rapport, msg: Incoming, invite_id: int, accept: bool) -> str | None:
    """A tap on the consent buttons; returns a short toast for the tap, if any."""
    now = app.clock.now()
    async with app.db.tx() as conn:
        if not await inbox.claim(conn, msg.update_id, now):
            return None
        out = Replies(conn, msg.update_id, now)
        invite = await people.invite_by_id(conn, invite_id)
        lang = app.lang(None, msg.language_code)
        if msg.chat_id != msg.user_id:  # only in the person's own private chat, never a group
            return app.t(lang, "enrol-link-closed")
        if invite is None or _state(invite, now, msg.user_id) is not InviteState.OPEN:
            return app.t(lang, "enrol-link-closed")
        if invite["claimed_by"] != msg.user_id:
            return app.t(lang, "enrol-link-closed")
        if not accept:
            await _declined(app, conn, out, msg, invite, lang)
            return None
        if invite["role"] == "clinician":
            await _link_clinician(app, conn, out, msg, invite, now)
        else:
            await _link_patient(app, conn, out, msg, invite, now)
        return None


async def _declined(
    app: Rapport, conn: Connection, out: Replies, msg: Incoming, invite: Row, lang: str
) -> None:
    if msg.message_id is not None:
        await out.edit(msg.chat_id, msg.message_id, app.t(lang, "enrol-declined-record"))
    await out.text(msg.chat_id, app.t(lang, "enrol-declined"))
    await events.record(
        conn,
        "consent_declined",
        app.clock.now(),
        actor="patient",
        patient_id=invite["patient_id"],
        clinician_id=invite["clinician_id"],
    )


async def _link_clinician(
    app: Rapport, conn: Connection, out: Replies, msg: Incoming, invite: Row, now: datetime
) -> None:
    if await _known_chat(conn, msg.chat_id) is not None:
        await out.text(msg.chat_id, app.t(app.lang(None, msg.language_code), "enrol-already"))
        return
    await people.link_clinician(conn, invite["clinician_id"], msg.chat_id)
    await people.redeem_invite(conn, invite["id"], now)
    await events.record(
        conn, "clinician_linked", now, actor="clinician", clinician_id=invite["clinician_id"]
    )
    row = await people.clinician_by_id(conn, invite["clinician_id"])
    lang = row["language"] if row else app.settings.default_language
    if msg.message_id is not None:
        await out.edit(msg.chat_id, msg.message_id, app.t(lang, "enrol-accepted-record"))
    await out.text(msg.chat_id, app.t(lang, "enrol-clinician-welcome"))
    await out.menu(msg.chat_id, [(n, app.t(lang, f"cmd-{n}")) for n in CLINICIAN_COMMANDS])


async def _link_patient(
    app: Rapport,
    conn: Connection,
    out: Replies,
    msg: Incoming,
    invite: Row,
    now: datetime,
) -> None:
    patient = await people.patient_by_id(conn, invite["patient_id"])
    if patient is None or await _known_chat(conn, msg.chat_id) is not None:
        await out.text(msg.chat_id, app.t(app.lang(None, msg.language_code), "enrol-already"))
        return
    lang = app.lang(patient["language"], msg.language_code)
    await people.activate_patient(conn, patient["id"], msg.chat_id, msg.user_id, lang, now)
    await people.redeem_invite(conn, invite["id"], now)
    await events.record(
        conn,
        "consent_given",
        now,
        actor="patient",
        patient_id=patient["id"],
        clinician_id=patient["clinician_id"],
    )
    if msg.message_id is not None:
        await out.edit(msg.chat_id, msg.message_id, app.t(lang, "enrol-accepted-record"))
    await out.text(msg.chat_id, app.t(lang, "enrol-welcome", clinic=app.settings.clinic_name))
    await _begin_intake(app, conn, out, patient["id"], now)
    log.info("patient %s enrolled", patient["id"])


async def _begin_intake(
    app: Rapport, conn: Connection, out: Replies, patient_id: int, now: datetime
) -> None:
    """The intake check-in starts by itself right after consent."""
    intake = app.dialogs.intake()
    if intake is None:
        return
    checkin_id = await conversation.queue(app, conn, patient_id, intake.id, "intake", now)
    patient = await people.patient_by_id(conn, patient_id)
    checkin = await checkins.by_id(conn, checkin_id) if checkin_id else None
    if patient is not None and checkin is not None:
        await conversation.start(app, conn, out, patient, checkin)


def how_to_enrol(app: Rapport, msg: Incoming) -> str:
    """What anyone not enrolled is told: how to enrol, and nothing else."""
    return app.t(app.lang(None, msg.language_code), "enrol-how", clinic=app.settings.clinic_name)
