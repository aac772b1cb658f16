"""Urgent alerts to the care team: each a message of its own, quoting the patient, with an
"I'm on it" button; sent again to the on-call chat while nobody has pressed it.

An alert goes to the patient's clinician and to the on-call chat at once, whatever the hour
(quiet hours are the patient's, never the care team's). Unacknowledged after
RAPPORT_ALERT_ESCALATE_MINUTES it is sent again to the on-call chat (to the clinician's when
there is none), then again at that interval, MAX_ESCALATIONS times at most. Who may press the
button: the clinician in their own chat, for their own patients; in the on-call chat, its owner
when it is a person's chat, and in a group a clinician or staff member Rapport knows by their
Telegram id. Anyone else's tap is refused and recorded.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.domain import callbacks
from bot.domain.alerts import MAX_ESCALATIONS, next_escalation
from bot.domain.outgoing import Text, buttons
from bot.domain.redflags import describe, name_of
from bot.domain.telegram_text import escape_clip
from bot.domain.tiers import Risk
from bot.services import privacy, prompts
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.services.unit import Unit
from bot.storage import alerts as store
from bot.storage import events, people
from bot.storage.db import Tx
from bot.storage.records import Alert, Patient

log = logging.getLogger(__name__)

# Long enough to read the whole message in the alert (in Telegram's units: an emoji is two),
# short enough that the alert is always one Telegram message.
QUOTE_LIMIT = 2000


@dataclass(frozen=True)
class Tapper:
    """Someone who tapped an alert's button in a chat where alerts go."""

    user_id: int
    name: str
    actor: str  # for the audit log: "clinician:<id>", "staff:<id>" or "oncall"
    clinician_id: int | None
    oncall: bool  # they tapped in the on-call chat
    known: bool  # a clinician, a staff member, or the owner of a private on-call chat

    def may(self, patient: Patient) -> bool:
        """Whether they may acknowledge an alert about this patient here."""
        return self.known and (self.oncall or patient.clinician_id == self.clinician_id)


def every(app: Rapport) -> timedelta:
    return timedelta(minutes=app.settings.alert_escalate_minutes)


def targets(app: Rapport, patient: Patient) -> list[tuple[int, str]]:
    """(chat, language) of everyone an alert about the patient goes to: their clinician, and the
    on-call chat in the clinic's language."""
    found: list[tuple[int, str]] = []
    if patient.clinician_chat_id is not None:
        found.append((patient.clinician_chat_id, patient.clinician_language))
    oncall = app.settings.oncall_chat_id
    if oncall is not None and all(chat != oncall for chat, _ in found):
        found.append((oncall, app.settings.default_language))
    return found


async def raise_(
    app: Rapport, out: Replies, patient: Patient, risk: Risk, event_id: int | None, asked: bool
) -> Alert:
    """Record the alert and send it, now, to the clinician and the on-call chat.

    `asked`: the patient was asked "Are you safe right now?" instead of a crisis reply.
    """
    later = next_escalation(out.now, every(app), 0) if risk.escalates else None
    alert_id = await store.add(out.tx, patient.id, event_id, risk, out.now, later, asked)
    alert = await store.by_id(out.tx, alert_id)
    assert alert is not None
    chats = targets(app, patient)
    for chat_id, lang in chats:
        await _send(app, out, chat_id, lang, patient, alert)
    if not chats:
        log.error(
            "alert %s for patient %s: no clinician chat or on-call chat", alert.id, patient.id
        )
    return alert


async def _send(
    app: Rapport,
    out: Replies,
    chat_id: int,
    lang: str,
    patient: Patient,
    alert: Alert,
    head: str | None = None,
    key: str | None = None,
) -> None:
    """One alert message, with its button; a message of its own, never an edit."""
    button = [
        [(app.t(lang, "alert-ack-button"), callbacks.encode(callbacks.ACKNOWLEDGE, alert.id))]
    ]
    text = Text(alert_text(app, lang, patient, alert, head), buttons(button), html=True)
    await out.send(chat_id, text, patient_id=patient.id, delivery="alert", key=key)


def alert_text(
    app: Rapport, lang: str, patient: Patient, alert: Alert, head: str | None = None
) -> str:
    """The alert as HTML. Patient words never pass through Fluent: escaped and appended."""
    t = app.t
    if alert.source == "help_now":
        title = "alert-help-now"
    elif alert.source == "screening" and alert.urgency == "crisis":
        title = "alert-screen-acute"  # an answer on the suicide screen (locales/*/screen.ftl)
    else:
        title = "safety-alert-crisis" if alert.urgency == "crisis" else "safety-alert-medical"
    category = alert.category.replace("_", "-")
    lines = [f"<b>{html.escape(head)}</b>"] if head else []
    lines += [
        f"<b>{html.escape(t(lang, title, patient=patient.alias))}</b>",
        html.escape(name_of(t, lang, f"safety-category-{category}", alert.category)),
    ]
    lines += map(html.escape, describe(t, lang, alert.flag, alert.drug, alert.flag_window))
    if alert.quote:
        lines.append(f"<blockquote>{escape_clip(alert.quote, QUOTE_LIMIT)}</blockquote>")
    if alert.idiomatic:
        lines.append(html.escape(t(lang, "safety-alert-idiomatic")))
    lines += [html.escape(t(lang, key)) for key in _footer(alert)]
    if alert.source != "plan":
        minutes = app.settings.alert_escalate_minutes
        lines.append(html.escape(t(lang, "alert-ack-hint", minutes=minutes, max=MAX_ESCALATIONS)))
    return "\n".join(lines)


def _footer(alert: Alert) -> list[str]:
    """What the patient was given, said to the care team."""
    if alert.source == "plan":
        return ["alert-in-plan"]
    if alert.check_asked:
        return ["alert-footer-check"]
    return ["safety-alert-footer"]


async def tell(
    app: Rapport, out: Replies, patient: Patient, key: str, at: datetime, **args: str
) -> None:
    """A plain line about an alert (sent `at`) to everyone it went to; no patient words."""
    for chat_id, lang in targets(app, patient):
        text = app.t(lang, key, patient=patient.alias, when=stamp(app, lang, at), **args)
        await out.send(chat_id, Text(text))


def stamp(app: Rapport, lang: str, moment: datetime) -> str:
    """A moment in the clinic's own zone, as the care team reads it."""
    return prompts.when(lang, moment, app.settings.default_timezone)


# Acknowledging


async def responder(u: Unit) -> Tapper | None:
    """Who is tapping, when the chat is one alerts go to (a clinician's own, or the on-call
    chat); None anywhere else."""
    msg = u.msg
    oncall = msg.chat_id == u.app.settings.oncall_chat_id
    doctor = await people.clinician_by_chat(u.tx, msg.user_id)  # their own chat's id is theirs
    if not oncall and (doctor is None or msg.chat_id != msg.user_id):
        return None
    if doctor is not None:
        return Tapper(msg.user_id, doctor.name, f"clinician:{doctor.id}", doctor.id, oncall, True)
    member = await people.staff_by_telegram_id(u.tx, msg.user_id)
    if member is not None:
        return Tapper(msg.user_id, member.name, f"staff:{member.id}", None, True, True)
    # A stranger in an on-call group is not the care team; a person's own on-call chat is.
    mine = msg.chat_id == msg.user_id
    return Tapper(msg.user_id, msg.user_name or str(msg.user_id), "oncall", None, True, mine)


async def on_acknowledge(u: Unit, tapper: Tapper, data: callbacks.Callback) -> str | None:
    """ "I'm on it": the first one counts, is recorded with who pressed it, and is told to
    everyone the alert went to; its escalation stops."""
    lang = await language(u, tapper)
    alert_id = data.number(0) if len(data.parts) == 1 else None
    alert = await store.by_id(u.tx, alert_id) if alert_id is not None else None
    patient = await people.patient_by_id(u.tx, alert.patient_id) if alert else None
    if alert is None or patient is None:
        return u.t(lang, "alert-unknown")
    if not tapper.may(patient):
        await events.record(
            u.tx,
            "alert_ack_refused",
            u.now,
            actor="system",
            alert_id=alert.id,
            chat_id=u.msg.chat_id,
        )
        return u.t(lang, "alert-not-allowed")
    if not await acknowledge(u.app, u.out, tapper, patient, alert, chat_id=u.msg.chat_id):
        done = alert.acknowledged_at or u.now
        by = alert.acknowledged_by_name or ""
        return u.t(lang, "alert-already", name=by, when=stamp(u.app, lang, done))
    return u.t(lang, "alert-ack-thanks")


async def acknowledge(
    app: Rapport, out: Replies, tapper: Tapper, patient: Patient, alert: Alert, **via: object
) -> bool:
    """Record "I'm on it" by someone allowed to (the caller checked `tapper.may`), stop the
    alert's escalation, audit it and tell everyone the alert went to; False when someone had
    already (nothing changes then). `via`: where it was pressed (a chat id, the web view), for
    the audit. The button in the chat and the web view's button are this one use case."""
    if not await store.acknowledge(out.tx, alert.id, tapper.user_id, tapper.name, out.now):
        return False
    await events.record(
        out.tx,
        "alert_acknowledged",
        out.now,
        actor=tapper.actor,
        patient_id=patient.id,
        clinician_id=patient.clinician_id,
        alert_id=alert.id,
        by_telegram_id=tapper.user_id,
        by_name=tapper.name,
        escalations=alert.escalations,
        minutes=int((out.now - alert.created_at).total_seconds() // 60),
        **via,
    )
    await tell(app, out, patient, "alert-acknowledged", alert.created_at, name=tapper.name)
    return True


async def language(u: Unit, tapper: Tapper) -> str:
    """A clinician's own language; the clinic's in the on-call chat."""
    if tapper.clinician_id is not None and not tapper.oncall:
        doctor = await people.clinician_by_id(u.tx, tapper.clinician_id)
        if doctor is not None:
            return doctor.language
    return u.app.settings.default_language


# Escalating


async def escalate(app: Rapport, tx: Tx, alert: Alert, now: datetime) -> None:
    """Send again an alert nobody acknowledged in time (the sweep finds them)."""
    patient = await people.patient_by_id(tx, alert.patient_id)
    if patient is None or patient.status == "erased":
        # Nothing of an erased patient's words is sent anywhere new.
        await store.escalated(tx, alert.id, alert.escalations, None)
        return
    count = alert.escalations + 1
    before = privacy.cutoff(app, now)
    if before is not None and alert.created_at < before:
        alert = replace(alert, quote=None)  # words past retention are not sent anywhere new
    await store.escalated(tx, alert.id, count, next_escalation(now, every(app), count))
    oncall = app.settings.oncall_chat_id
    chat: tuple[int, str] | None = (oncall, app.settings.default_language) if oncall else None
    if chat is None and patient.clinician_chat_id is not None:
        chat = (patient.clinician_chat_id, patient.clinician_language)
    if chat is not None:
        chat_id, lang = chat
        minutes = int((now - alert.created_at).total_seconds() // 60)
        head = app.t(lang, "alert-escalated", minutes=minutes, count=count, max=MAX_ESCALATIONS)
        out = Replies(tx, f"alert:{alert.id}", now)
        await _send(app, out, chat_id, lang, patient, alert, head, key=f"escalation{count}")
    else:
        log.error("alert %s is not acknowledged and there is no chat to send it to", alert.id)
    await events.record(
        tx,
        "alert_escalated",
        now,
        actor="system",
        patient_id=patient.id,
        clinician_id=patient.clinician_id,
        alert_id=alert.id,
        count=count,
        chat_id=chat[0] if chat else None,
    )
