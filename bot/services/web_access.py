"""Who may use the web view: sign-in links sent by the bot, sessions, and their audit.

No passwords: a clinician or staff member asks the bot (/web) for a link that works once,
for ten minutes. Opening it starts a 12-hour session. Who someone is (a linked clinician,
staff, both) is read again on every request, so unlinking a clinician or removing staff ends
their web access at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain.outgoing import Text
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import events, people
from bot.storage import web as store
from bot.storage.db import Tx
from bot.storage.records import Clinician, Staff

LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Viewer:
    """A signed-in person, as the pages see them."""

    telegram_id: int
    session_id: int
    csrf: str
    clinician: Clinician | None = None
    staff: Staff | None = None

    @property
    def name(self) -> str:
        if self.clinician is not None:
            return self.clinician.name
        return self.staff.name if self.staff is not None else ""

    @property
    def actor(self) -> str:
        """How the audit trail names them (as the chat's use cases do)."""
        if self.clinician is not None:
            return f"clinician:{self.clinician.id}"
        return f"staff:{self.staff.id}" if self.staff is not None else "web"

    @property
    def language(self) -> str | None:
        return self.clinician.language if self.clinician is not None else None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def roles(tx: Tx, telegram_id: int) -> tuple[Clinician | None, Staff | None]:
    """The clinician linked to this user's private chat (its id is the user's), and staff."""
    return (
        await people.clinician_by_chat(tx, telegram_id),
        await people.staff_by_telegram_id(tx, telegram_id),
    )


async def issue_link(app: Rapport, tx: Tx, telegram_id: int, now: datetime) -> str | None:
    """A single-use sign-in URL for a clinician or staff member; None for anyone else."""
    clinician, staff = await roles(tx, telegram_id)
    if clinician is None and staff is None:
        return None
    token = secrets.token_urlsafe(32)
    await store.add_link(tx, _hash(token), telegram_id, now, now + LINK_LIFETIME)
    await events.record(tx, "web_link", now, actor=f"telegram:{telegram_id}")
    return f"{app.settings.web_base}/signin/{token}"


def asks_for_link(text: str | None) -> bool:
    """Whether a message is the /web command (also as /web@TheBot)."""
    words = (text or "").split(maxsplit=1)
    return bool(words) and words[0].split("@")[0].lower() == "/web"


async def send_link(u: Unit) -> bool:
    """/web from a clinician's or staff member's private chat: a sign-in link. False, with
    nothing sent or stored, for anyone else and for any group chat (links never go there)."""
    msg = u.msg
    if msg.chat_id != msg.user_id:
        return False
    url = await issue_link(u.app, u.tx, msg.user_id, u.now)
    if url is None:
        return False
    clinician, _ = await roles(u.tx, msg.user_id)
    lang = u.app.lang(clinician.language if clinician else None, msg.language_code)
    # Scrubbed once sent: the outbox keeps no usable link (the database holds hashes only).
    await u.out.send(msg.chat_id, Text(u.t(lang, "web-link", url=url)), scrub=True)
    return True


async def link_usable(tx: Tx, token: str, now: datetime) -> bool:
    """Whether a sign-in link would still work (shown before it is used)."""
    link = await store.link_by_hash(tx, _hash(token))
    return link is not None and link.used_at is None and now < link.expires_at


async def sign_in(tx: Tx, token: str, now: datetime) -> str | None:
    """Use a link: the new session's cookie value, or None (unknown, used, expired, or its
    holder is no longer a clinician or staff)."""
    link = await store.link_by_hash(tx, _hash(token))
    if link is None or link.used_at is not None or now >= link.expires_at:
        return None
    if not await store.use_link(tx, link.id, now):
        return None
    if roles_empty(await roles(tx, link.telegram_id)):
        return None
    cookie = secrets.token_urlsafe(32)
    session_id = await store.add_session(
        tx, _hash(cookie), link.telegram_id, secrets.token_urlsafe(24), now, now + SESSION_LIFETIME
    )
    await events.record(
        tx, "web_signin", now, actor=f"telegram:{link.telegram_id}", session=session_id
    )
    return cookie


def roles_empty(found: tuple[Clinician | None, Staff | None]) -> bool:
    return found[0] is None and found[1] is None


async def viewer(tx: Tx, cookie: str | None, now: datetime) -> Viewer | None:
    """The person a session cookie belongs to, while it is valid and they still have a role."""
    if not cookie:
        return None
    session = await store.session_by_hash(tx, _hash(cookie))
    if session is None or session.ended_at is not None or now >= session.expires_at:
        return None
    clinician, staff = await roles(tx, session.telegram_id)
    if clinician is None and staff is None:
        return None
    return Viewer(session.telegram_id, session.id, session.csrf, clinician, staff)


def csrf_ok(viewer: Viewer, given: str | None) -> bool:
    """The form's token is this session's (constant time: a guess learns nothing)."""
    return given is not None and hmac.compare_digest(given.encode(), viewer.csrf.encode())


async def sign_out(tx: Tx, viewer: Viewer, now: datetime) -> None:
    await store.end_session(tx, viewer.session_id, now)
    await events.record(tx, "web_signout", now, actor=viewer.actor, session=viewer.session_id)


async def end_access(tx: Tx, telegram_id: int, now: datetime) -> None:
    """A role taken away (staff removed, clinician unlinked): their sessions end now, so that
    giving a role back later does not revive one."""
    ended = await store.end_sessions_of(tx, telegram_id, now)
    if ended:
        await events.record(tx, "web_signout", now, actor="staff", sessions=ended)


async def audit(
    tx: Tx,
    viewer: Viewer,
    what: str,
    now: datetime,
    patient_id: int | None = None,
    **detail: Any,
) -> None:
    """One page view or action on the trail: who, what (a short name, never content)."""
    await events.record(
        tx, "web", now, actor=viewer.actor, patient_id=patient_id, what=what, **detail
    )
