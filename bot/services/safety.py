"""A risk statement never waits for a digest: the patient is answered and the clinician alerted
at once, in the same transaction that stores the words."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping

from bot.domain.outgoing import Delivery
from bot.domain.safety import Match, most_urgent, scan
from bot.domain.telegram_text import MESSAGE_LIMIT, clip, escape_clip, pack
from bot.domain.validation import PLAN_MAX, check_text
from bot.services import planning
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.services.unit import Unit
from bot.storage import events, people
from bot.storage import safety as store
from bot.storage.db import Tx
from bot.storage.records import Patient

log = logging.getLogger(__name__)

# Long enough to read the whole message in the alert (in Telegram's units: an emoji is two),
# short enough that the alert is always one Telegram message.
QUOTE_LIMIT = 2000
PLAN_FIELDS = ("warning_signs", "helps", "people", "safer", "contacts")
# Crisis words, the plan and the resources reach the person even at the cost of a repeat.
CRISIS: Delivery = "at_least_once"


async def save_plan(
    app: Rapport, tx: Tx, alias: str, given: Mapping[str, str | None], actor: str
) -> None:
    """A clinician's record of the patient's safety plan; fields left None keep their text."""
    fields = {
        name: None if text is None else planning.checked(check_text, text, _flag(name), PLAN_MAX)
        for name, text in given.items()
        if name in PLAN_FIELDS
    }
    if all(text is None for text in fields.values()):
        raise InputError(f"give at least one of {', '.join(map(_flag, PLAN_FIELDS))}")
    patient = await planning.patient(tx, alias)
    now = app.clock.now()
    await store.save_plan(tx, patient.id, fields, actor, now)
    await events.record(tx, "safety_plan_set", now, actor=actor, patient_id=patient.id)


def _flag(field: str) -> str:
    """ "warning_signs" as staff type it: --warning-signs."""
    return "--" + field.replace("_", "-")


def detect(app: Rapport, text: str | None) -> Match | None:
    """The most urgent risk phrase in a text, if any (every language is searched)."""
    if not text:
        return None
    return most_urgent(scan(text, app.phrases))


def resources(app: Rapport, lang: str) -> str:
    """The clinic's crisis resources in a language, or the built-in default."""
    configured = app.settings.crisis_resources.get(lang)
    return configured or app.t(lang, "safety-resources-default")


async def plan_messages(u: Unit, patient: Patient | None, lang: str) -> list[str]:
    """The patient's own safety plan as messages that each fit Telegram; [] when none."""
    plan = await store.plan(u.tx, patient.id) if patient is not None else None
    if plan is None:
        return []
    lines = [
        f"• {u.t(lang, 'safety-plan-' + name.replace('_', '-'))}: {value}"
        for name, value in plan.fields().items()
        if value
    ]
    return pack([u.t(lang, "safety-plan-heading"), *lines]) if lines else []


async def with_plan(u: Unit, chat_id: int, patient: Patient | None, lang: str) -> None:
    """The plan first, then the resources, each message within Telegram's limit: a crisis
    reply must never fail for being too long. /sos shows exactly this."""
    for message in await plan_messages(u, patient, lang):
        await u.out.text(chat_id, message, delivery=CRISIS)
    closing = f"{resources(u.app, lang)}\n\n{u.t(lang, 'safety-not-monitored')}"
    await u.out.text(chat_id, clip(closing, MESSAGE_LIMIT), delivery=CRISIS)


async def respond(
    u: Unit, patient: Patient | None, match: Match, text: str, checkin_id: int | None = None
) -> None:
    """Reply to the person, alert the clinician and the on-call chat, record the event."""
    msg = u.msg
    lang = u.app.lang(patient.language if patient else None, msg.language_code)
    if match.urgency == "crisis":
        await u.out.text(msg.chat_id, u.t(lang, "safety-crisis-reply"), delivery=CRISIS)
        await with_plan(u, msg.chat_id, patient, lang)
    else:
        medical = f"{u.t(lang, 'safety-medical-reply')}\n\n{resources(u.app, lang)}"
        await u.out.text(msg.chat_id, clip(medical, MESSAGE_LIMIT), delivery=CRISIS)
    if patient is None:
        log.warning("risk language from a chat that is not enrolled (category %s)", match.category)
        return
    await store.add_event(u.tx, patient.id, match, text[:QUOTE_LIMIT], checkin_id, u.now)
    await events.record(
        u.tx,
        "safety_event",
        u.now,
        actor="patient",
        patient_id=patient.id,
        clinician_id=patient.clinician_id,
        category=match.category,
        urgency=match.urgency,
    )
    await _alert(u, patient, match, text)


async def _alert(u: Unit, patient: Patient, match: Match, text: str) -> None:
    """The clinician and the on-call chat hear of it now, with the patient's words."""
    targets: list[tuple[int, str]] = []
    doctor = await people.clinician_by_id(u.tx, patient.clinician_id)
    if doctor is not None and doctor.chat_id is not None:
        targets.append((doctor.chat_id, doctor.language))
    oncall = u.app.settings.oncall_chat_id
    if oncall is not None and all(chat != oncall for chat, _ in targets):
        targets.append((oncall, u.app.settings.default_language))
    for chat_id, lang in targets:
        alert = _alert_text(u.app, lang, patient, match, text)
        await u.out.text(chat_id, alert, html=True, patient_id=patient.id, delivery="alert")
    if not targets:
        log.error(
            "safety event for patient %s: no clinician chat or on-call chat to alert", patient.id
        )


def _alert_text(app: Rapport, lang: str, patient: Patient, match: Match, text: str) -> str:
    # Patient words never pass through Fluent: they are escaped and appended.
    key = "safety-alert-crisis" if match.urgency == "crisis" else "safety-alert-medical"
    category = f"safety-category-{match.category.replace('_', '-')}"
    # A clinic may add categories to its phrase lists before it translates their names.
    named = app.t(lang, category) if app.t.has(lang, category) else match.category
    lines = [
        f"<b>{html.escape(app.t(lang, key, patient=patient.alias))}</b>",
        html.escape(named),
        f"<blockquote>{escape_clip(text, QUOTE_LIMIT)}</blockquote>",
    ]
    if match.idiomatic:
        lines.append(html.escape(app.t(lang, "safety-alert-idiomatic")))
    lines.append(html.escape(app.t(lang, "safety-alert-footer")))
    return "\n".join(lines)
