"""A risk statement never waits for a digest: the patient is answered and the clinician alerted
at once, in the same transaction that stores the words."""

from __future__ import annotations

import html
import logging

from aiosqlite import Connection

from bot.domain.safety import Match, most_urgent, scan
from bot.domain.telegram_text import MESSAGE_LIMIT, clip, escape_clip, pack
from bot.services.context import Incoming, Rapport
from bot.services.replies import Replies
from bot.storage import events, people
from bot.storage import safety as store
from bot.storage.db import Row

log = logging.getLogger(__name__)

# Long enough to read the whole message in the alert (in Telegram's units: an emoji is two),
# short enough that the alert is always one Telegram message.
QUOTE_LIMIT = 2000
PLAN_FIELDS = ("warning_signs", "helps", "people", "safer", "contacts")


def detect(app: Rapport, text: str | None) -> Match | None:
    """The most urgent risk phrase in a text, if any (every language is searched)."""
    if not text:
        return None
    return most_urgent(scan(text, app.phrases))


def resources(app: Rapport, lang: str) -> str:
    """The clinic's crisis resources in a language, or the built-in default."""
    configured = app.settings.crisis_resources.get(lang)
    return configured or app.t(lang, "safety-resources-default")


async def plan_messages(
    app: Rapport, conn: Connection, patient_id: int | None, lang: str
) -> list[str]:
    """The patient's own safety plan as messages that each fit Telegram; [] when none."""
    plan = await store.plan(conn, patient_id) if patient_id is not None else None
    if plan is None:
        return []
    lines = []
    for field in PLAN_FIELDS:
        if plan[field]:
            label = app.t(lang, "safety-plan-" + field.replace("_", "-"))
            lines.append(f"• {label}: {plan[field]}")
    return pack([app.t(lang, "safety-plan-heading"), *lines]) if lines else []


async def _with_plan(
    app: Rapport, conn: Connection, out: Replies, chat_id: int, patient: Row | None, lang: str
) -> None:
    """The plan first, then the resources, each message within Telegram's limit: a crisis
    reply must never fail for being too long."""
    for message in await plan_messages(app, conn, patient["id"] if patient else None, lang):
        await out.text(chat_id, message)
    closing = f"{resources(app, lang)}\n\n{app.t(lang, 'safety-not-monitored')}"
    await out.text(chat_id, clip(closing, MESSAGE_LIMIT))


async def sos(
    app: Rapport, conn: Connection, out: Replies, chat_id: int, patient: Row | None, lang: str
) -> None:
    """/sos: the patient's plan first, then the crisis resources."""
    await _with_plan(app, conn, out, chat_id, patient, lang)


async def respond(
    app: Rapport,
    conn: Connection,
    out: Replies,
    msg: Incoming,
    patient: Row | None,
    match: Match,
    text: str,
    checkin_id: int | None = None,
) -> None:
    """Reply to the person, alert the clinician and the on-call chat, record the event."""
    lang = app.lang(patient["language"] if patient else None, msg.language_code)
    if match.urgency == "crisis":
        await out.text(msg.chat_id, app.t(lang, "safety-crisis-reply"))
        await _with_plan(app, conn, out, msg.chat_id, patient, lang)
    else:
        medical = f"{app.t(lang, 'safety-medical-reply')}\n\n{resources(app, lang)}"
        await out.text(msg.chat_id, clip(medical, MESSAGE_LIMIT))
    if patient is None:
        log.warning("risk language from a chat that is not enrolled (category %s)", match.category)
        return
    await store.add_event(conn, patient["id"], match, text[:QUOTE_LIMIT], checkin_id, out.now)
    await events.record(
        conn,
        "safety_event",
        out.now,
        actor="patient",
        patient_id=patient["id"],
        clinician_id=patient["clinician_id"],
        category=match.category,
        urgency=match.urgency,
    )
    await _alert(app, conn, out, patient, match, text)


async def _alert(
    app: Rapport, conn: Connection, out: Replies, patient: Row, match: Match, text: str
) -> None:
    """The clinician and the on-call chat hear of it now, with the patient's words."""
    targets: list[tuple[int, str]] = []
    doctor = await people.clinician_by_id(conn, patient["clinician_id"])
    if doctor is not None and doctor["chat_id"] is not None:
        targets.append((doctor["chat_id"], doctor["language"]))
    oncall = app.settings.oncall_chat_id
    if oncall is not None and all(chat != oncall for chat, _ in targets):
        targets.append((oncall, app.settings.default_language))
    for chat_id, lang in targets:
        await out.text(
            chat_id,
            _alert_text(app, lang, patient, match, text),
            html=True,
            patient_id=patient["id"],
        )
    if not targets:
        log.error(
            "safety event for patient %s: no clinician chat or on-call chat to alert",
            patient["id"],
        )


def _alert_text(app: Rapport, lang: str, patient: Row, match: Match, text: str) -> str:
    # Patient words never pass through Fluent: they are escaped and appended.
    key = "safety-alert-crisis" if match.urgency == "crisis" else "safety-alert-medical"
    category = f"safety-category-{match.category.replace('_', '-')}"
    # A clinic may add categories to its phrase lists before it translates their names.
    named = app.t(lang, category) if app.t.has(lang, category) else match.category
    lines = [
        f"<b>{html.escape(app.t(lang, key, patient=patient['alias']))}</b>",
        html.escape(named),
        f"<blockquote>{escape_clip(text, QUOTE_LIMIT)}</blockquote>",
    ]
    if match.idiomatic:
        lines.append(html.escape(app.t(lang, "safety-alert-idiomatic")))
    lines.append(html.escape(app.t(lang, "safety-alert-footer")))
    return "\n".join(lines)
