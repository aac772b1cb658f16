"""Invites, consent and linking a Telegram chat to a patient or clinician."""

from __future__ import annotations

import hmac
import logging
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import callbacks
from bot.domain.echo import show
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
from bot.domain.outgoing import Commands, Text
from bot.domain.validation import check_alias, check_name, check_telegram_id, check_timezone
from bot.services import checkins as conversation
from bot.services import lifecycle, planning, web_access
from bot.services.context import Incoming, Rapport
from bot.services.errors import InputError
from bot.services.replies import Replies
from bot.services.unit import Unit
from bot.storage import checkins, events, people
from bot.storage.db import Tx
from bot.storage.records import Clinician, Invite, Patient, Staff

log = logging.getLogger(__name__)

UNKNOWN_BOT = "YOUR_BOT_USERNAME"
START_LIMIT = 10  # /start attempts per chat in START_WINDOW
START_WINDOW = timedelta(hours=1)
CLINICIAN_COMMANDS = ("digest", "web", "help")  # the menu of a clinician's chat
STAFF_COMMANDS = ("patients", "web", "help")  # the menu of a staff member's chat


@dataclass(frozen=True)
class Link:
    """An invite link as staff hand it over."""

    token: str
    link: str
    expires_at: datetime
    holder: str  # the patient's alias or the clinician's name, as stored
    code: str | None = None  # the second factor, when the clinic requires one
    placeholder: bool = False  # the bot's username is not known yet: the link needs editing


def menu(app: Rapport, names: tuple[str, ...], lang: str) -> Commands:
    """A command menu with its descriptions in one language."""
    return Commands(tuple((n, app.t(lang, f"cmd-{n}")) for n in names))


async def _new_invite(app: Rapport, tx: Tx, holder: str, **owner: int) -> Link:
    now = app.clock.now()
    token = new_token()
    expires = expiry(now, app.settings.invite_days)
    invite_id = await people.add_invite(tx, hash_token(token), now, expires, **owner)
    code = None
    if app.settings.enrol_code == "required":
        code = new_code()
        await people.set_invite_code(tx, invite_id, hash_code(hash_token(token), code))
    username = app.bot_username or UNKNOWN_BOT
    link = deep_link(username, token)
    return Link(token, link, expires, holder, code, app.bot_username is None)


async def remember_bot(tx: Tx, username: str) -> None:
    """The bot's @username, for the invite links printed while the bot is not running."""
    await people.set_meta(tx, "bot_username", username)


async def add_clinician(app: Rapport, tx: Tx, name: str, language: str | None = None) -> Link:
    """A clinician record and its invite link."""
    name = planning.checked(check_name, name)
    language = planning.check_language(app, language or app.settings.default_language)
    if await people.clinician_by_name(tx, name):
        raise InputError(f"a clinician named {show(name)} already exists")
    cid = await people.add_clinician(tx, name, language, app.clock.now())
    await events.record(tx, "clinician_added", app.clock.now(), actor="staff", clinician_id=cid)
    return await _new_invite(app, tx, name, clinician_id=cid)


async def clinician(tx: Tx, name: str) -> Clinician:
    """The clinician a name finds, as typed or as check_name would have stored it."""
    # Any length is looked up: a name stored before names were checked must still be found.
    for key in dict.fromkeys((name, unicodedata.normalize("NFC", name.strip()))):
        found = await people.clinician_by_name(tx, key)
        if found is not None:
            return found
    raise InputError(f"no clinician named {show(name)}")


async def add_patient(
    app: Rapport,
    tx: Tx,
    alias: str,
    clinician_name: str,
    timezone: str | None,
    language: str | None,
) -> Link:
    """A patient record under a clinician, and the patient's invite link."""
    alias = planning.checked(check_alias, alias)
    timezone = planning.checked(check_timezone, timezone or app.settings.default_timezone)
    if language is not None:
        planning.check_language(app, language)
    doctor = await clinician(tx, clinician_name)
    if await people.patient_by_alias(tx, alias):
        raise InputError(f"a patient with alias {alias!r} already exists")
    now = app.clock.now()
    pid = await people.add_patient(tx, alias, doctor.id, timezone, language, now)
    await people.update_patient(tx, pid, planning.quiet_fields(app.settings.quiet_hours))
    await planning.apply_default_schedule(app, tx, pid)
    await events.record(
        tx, "patient_added", now, actor="staff", patient_id=pid, clinician_id=doctor.id
    )
    return await _new_invite(app, tx, alias, patient_id=pid)


async def renew_invite(app: Rapport, tx: Tx, alias: str) -> Link:
    """A new link for a patient who is not linked yet; the old links stop working."""
    patient = await planning.patient(tx, alias)
    if patient.status not in ("invited", "stopped", "unreachable"):
        raise InputError(f"patient {show(alias)} is {patient.status}: no new link is needed")
    now = app.clock.now()
    await people.revoke_open_invites(tx, now, patient_id=patient.id)
    await events.record(tx, "invite_renewed", now, actor="staff", patient_id=patient.id)
    return await _new_invite(app, tx, patient.alias, patient_id=patient.id)


async def add_staff(app: Rapport, tx: Tx, telegram_id: int | str, name: str) -> Staff:
    """Let a Telegram user use the staff chat; the id may be typed digits."""
    user_id = planning.checked(check_telegram_id, telegram_id)
    name = planning.checked(check_name, name)
    if await people.staff_by_telegram_id(tx, user_id):
        raise InputError(f"telegram id {user_id} is already staff")
    sid = await people.add_staff(tx, user_id, name, app.clock.now())
    await events.record(tx, "staff_added", app.clock.now(), actor="staff", staff_id=sid)
    return Staff(sid, user_id, name)


async def remove_staff(app: Rapport, tx: Tx, telegram_id: int | str) -> Staff:
    """A staff member no longer works here: their chat gets no staff menu or answers."""
    # Checked even to look up: SQLite cannot hold a number from 2**63 on, and says so loudly.
    user_id = planning.checked(check_telegram_id, telegram_id)
    member = await people.staff_by_telegram_id(tx, user_id)
    if member is None:
        raise InputError(f"telegram id {user_id} is not staff")
    await people.remove_staff(tx, member.id)
    now = app.clock.now()
    await events.record(tx, "staff_removed", now, actor="staff", staff_id=member.id)
    await web_access.end_access(tx, user_id, now)
    # Their chat's menu goes back to what anyone sees; a private chat's id is the user's id.
    # Keyed by the moment too: a row id may be reused after a deletion.
    key = f"staff-removed:{member.id}:{now.isoformat()}"
    await Replies(tx, key, now).send(user_id, Commands(()))
    return member


async def unlink_clinician(app: Rapport, tx: Tx, name: str) -> str:
    """A clinician's chat stops receiving digests and alerts (a new phone, or they left);
    returns the name as stored."""
    doctor = await clinician(tx, name)
    if doctor.chat_id is None:
        raise InputError(f"clinician {show(doctor.name)} has no linked chat")
    now = app.clock.now()
    await people.link_clinician(tx, doctor.id, None)
    await people.revoke_open_invites(tx, now, clinician_id=doctor.id)
    await events.record(tx, "clinician_unlinked", now, actor="staff", clinician_id=doctor.id)
    await web_access.end_access(tx, doctor.chat_id, now)
    # The key names this chat's unlinking: a clinician may link a new phone and unlink again.
    key = f"clinician-unlinked:{doctor.id}:{doctor.chat_id}:{now.isoformat()}"
    await Replies(tx, key, now).send(doctor.chat_id, Commands(()))
    return doctor.name


async def renew_clinician_invite(app: Rapport, tx: Tx, name: str) -> Link:
    """A new link for a clinician whose chat is not linked; older links stop working."""
    doctor = await clinician(tx, name)
    if doctor.chat_id is not None:
        shown = show(doctor.name)
        raise InputError(f"clinician {shown} is linked: unlink first (rapport clinician unlink)")
    now = app.clock.now()
    await people.revoke_open_invites(tx, now, clinician_id=doctor.id)
    await events.record(tx, "invite_renewed", now, actor="staff", clinician_id=doctor.id)
    return await _new_invite(app, tx, doctor.name, clinician_id=doctor.id)


async def on_start(u: Unit, payload: str | None) -> None:
    """`/start [TOKEN]`: show consent for a valid invite, explain anything else."""
    msg = u.msg
    known = await _known_chat(u.tx, msg.chat_id)
    if known is not None:
        await u.out.text(
            msg.chat_id, u.t(u.app.lang(known.language, msg.language_code), "enrol-already")
        )
        return
    lang = u.app.lang(None, msg.language_code)
    if await people.count_start(u.tx, msg.chat_id, u.now, u.now - START_WINDOW) > START_LIMIT:
        # Guessing tokens from one chat is slowed to a crawl; nothing is even looked up.
        await u.out.text(msg.chat_id, u.t(lang, "enrol-slow-down"))
        return
    invite = await people.invite_by_hash(u.tx, hash_token(payload)) if payload else None
    if invite is None:
        await u.out.text(
            msg.chat_id, u.t(lang, "enrol-no-token" if not payload else "enrol-invalid")
        )
        return
    state = _state(invite, u.now, msg.user_id)
    if state is not InviteState.OPEN:
        await u.out.text(msg.chat_id, u.t(lang, f"enrol-{state.value}"))
        await events.record(
            u.tx,
            "invite_refused",
            u.now,
            actor="telegram",
            patient_id=invite.patient_id,
            reason=state.value,
        )
        return
    await people.claim_invite(u.tx, invite.id, msg.user_id, u.now)
    if invite.code_hash is not None and invite.code_ok_at is None:
        await u.out.text(msg.chat_id, u.t(lang, "enrol-code-ask"))
        return
    await _ask_consent(u, invite)


async def on_code(u: Unit, invite: Invite) -> None:
    """The enrolment code typed after /start: consent on a match, five misses void the link."""
    msg = u.msg
    lang = u.app.lang(None, msg.language_code)
    expected = invite.code_hash or ""
    ok = hmac.compare_digest(hash_code(invite.token_hash, msg.text or ""), expected)
    wrong = await people.code_tried(u.tx, invite.id, ok, u.now)
    if ok:
        await _ask_consent(u, invite)
    elif wrong >= CODE_TRIES:
        await people.revoke_invite(u.tx, invite.id, u.now)
        await events.record(
            u.tx,
            "invite_voided",
            u.now,
            actor="system",
            patient_id=invite.patient_id,
            reason="code tries",
        )
        await u.out.text(msg.chat_id, u.t(lang, "enrol-code-void"))
    else:
        await u.out.text(msg.chat_id, u.t(lang, "enrol-code-wrong", left=CODE_TRIES - wrong))


def _state(invite: Invite, now: datetime, user_id: int) -> InviteState:
    return invite_state(
        now=now,
        expires_at=invite.expires_at,
        redeemed=invite.redeemed_at is not None,
        revoked=invite.revoked_at is not None,
        claimed_by=invite.claimed_by,
        user_id=user_id,
    )


async def _known_chat(tx: Tx, chat_id: int) -> Patient | Clinician | None:
    patient = await people.patient_by_chat(tx, chat_id)
    if patient is not None and patient.status != "erased":
        return patient
    return await people.clinician_by_chat(tx, chat_id)


async def _ask_consent(u: Unit, invite: Invite) -> None:
    msg = u.msg
    yes = callbacks.encode(callbacks.CONSENT, invite.id, "y")
    no = callbacks.encode(callbacks.CONSENT, invite.id, "n")
    if invite.role == "clinician":
        lang = u.app.lang(None, msg.language_code)
        text = u.t(lang, "enrol-clinician-confirm", clinic=u.app.settings.clinic_name)
    else:
        patient = await people.patient_by_id(u.tx, invite.patient_id or 0)
        lang = u.app.lang(patient.language if patient else None, msg.language_code)
        text = u.t(lang, "enrol-consent", clinic=u.app.settings.clinic_name)
    keyboard = [[(u.t(lang, "enrol-accept"), yes)], [(u.t(lang, "enrol-decline"), no)]]
    await u.out.text(msg.chat_id, text, keyboard)


async def on_consent(u: Unit, invite_id: int, accept: bool) -> str | None:
    """A tap on the consent buttons; returns a short toast for the tap, if any."""
    msg = u.msg
    invite = await people.invite_by_id(u.tx, invite_id)
    lang = u.app.lang(None, msg.language_code)
    if msg.chat_id != msg.user_id:  # only in the person's own private chat, never a group
        return u.t(lang, "enrol-link-closed")
    if invite is None or _state(invite, u.now, msg.user_id) is not InviteState.OPEN:
        return u.t(lang, "enrol-link-closed")
    if invite.claimed_by != msg.user_id or (invite.code_hash and invite.code_ok_at is None):
        return u.t(lang, "enrol-link-closed")
    if not accept:
        await _declined(u, invite, lang)
    elif invite.role == "clinician":
        await _link_clinician(u, invite)
    else:
        await _link_patient(u, invite)
    return None


async def _declined(u: Unit, invite: Invite, lang: str) -> None:
    msg = u.msg
    if msg.message_id is not None:
        await u.out.edit(msg.chat_id, msg.message_id, u.t(lang, "enrol-declined-record"))
    await u.out.text(msg.chat_id, u.t(lang, "enrol-declined"))
    await events.record(
        u.tx,
        "consent_declined",
        u.now,
        actor="patient",
        patient_id=invite.patient_id,
        clinician_id=invite.clinician_id,
    )


async def _already(u: Unit) -> None:
    lang = u.app.lang(None, u.msg.language_code)
    await u.out.text(u.msg.chat_id, u.t(lang, "enrol-already"))


async def _link_clinician(u: Unit, invite: Invite) -> None:
    msg = u.msg
    doctor = await people.clinician_by_id(u.tx, invite.clinician_id or 0)
    if doctor is None or await _known_chat(u.tx, msg.chat_id) is not None:
        await _already(u)
        return
    await people.link_clinician(u.tx, doctor.id, msg.chat_id)
    await people.redeem_invite(u.tx, invite.id, u.now)
    await events.record(u.tx, "clinician_linked", u.now, actor="clinician", clinician_id=doctor.id)
    if msg.message_id is not None:
        await u.out.edit(
            msg.chat_id, msg.message_id, u.t(doctor.language, "enrol-accepted-record")
        )
    await u.out.text(msg.chat_id, u.t(doctor.language, "enrol-clinician-welcome"))
    await u.out.send(msg.chat_id, menu(u.app, CLINICIAN_COMMANDS, doctor.language))


async def _link_patient(u: Unit, invite: Invite) -> None:
    msg = u.msg
    patient = await people.patient_by_id(u.tx, invite.patient_id or 0)
    if patient is None or await _known_chat(u.tx, msg.chat_id) is not None:
        await _already(u)
        return
    lang = u.app.lang(patient.language, msg.language_code)
    await people.activate_patient(u.tx, patient.id, msg.chat_id, msg.user_id, lang, u.now)
    await lifecycle.move(u.tx, patient, "consent", "patient", u.now)
    await people.redeem_invite(u.tx, invite.id, u.now)
    if msg.message_id is not None:
        await u.out.edit(msg.chat_id, msg.message_id, u.t(lang, "enrol-accepted-record"))
    welcome = u.t(lang, "enrol-welcome", clinic=u.app.settings.clinic_name)
    await u.out.send(msg.chat_id, Text(welcome))
    await _begin_intake(u, patient.id)
    log.info("patient %s enrolled", patient.id)


async def _begin_intake(u: Unit, patient_id: int) -> None:
    """The intake check-in starts by itself right after consent."""
    intake = u.app.dialogs.intake()
    if intake is None:
        return
    checkin_id = await conversation.queue(u.app, u.tx, patient_id, intake.id, "intake", u.now)
    patient = await people.patient_by_id(u.tx, patient_id)
    checkin = await checkins.by_id(u.tx, checkin_id) if checkin_id else None
    if patient is not None and checkin is not None:
        await conversation.start(u, patient, checkin)


def how_to_enrol(app: Rapport, msg: Incoming) -> str:
    """What anyone not enrolled is told: how to enrol, and nothing else."""
    return app.t(app.lang(None, msg.language_code), "enrol-how", clinic=app.settings.clinic_name)
