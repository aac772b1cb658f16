"""A risk never waits for a digest: the patient is answered by tier and the care team alerted at
once, in the same transaction that stores the words (or the answer).

Every risk takes one path, `answer`: the tier's reply (bot/domain/tiers.py), the safety event,
the alert with its "I'm on it" button (bot/services/alerts.py), the audit entry, and after a
crisis reply the next day's caring contact (bot/services/care.py). The ways in:

  respond(u, patient, risk, text, checkin_id, in_plan=False)    a risk found in free text
                                                                 (bot.services.redflags.heard)
  crisis(u, patient, quote=..., category="suicidal", source="screening", checkin_id=...)
                                                                 the crisis path from an answer
  urgent(u, patient, flag=..., drug=..., window=..., quote=..., emergency=..., stopped=...)
                                                                 a medication red flag
  red_flag_reply(u, chat_id, lang, flag, emergency=False)        that flag's patient text only
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from bot.domain import callbacks, tiers
from bot.domain.alerts import CheckAnswer
from bot.domain.outgoing import Delivery
from bot.domain.redflags import describe
from bot.domain.telegram_text import MESSAGE_LIMIT, clip, pack
from bot.domain.tiers import Risk, Source, Tier
from bot.domain.validation import PLAN_MAX, check_text
from bot.services import alerts, care, planning, worklist
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.services.unit import Unit
from bot.storage import alerts as alert_store
from bot.storage import events
from bot.storage import safety as store
from bot.storage.db import Tx
from bot.storage.records import Patient

log = logging.getLogger(__name__)

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
    u: Unit,
    patient: Patient | None,
    risk: Risk,
    text: str,
    checkin_id: int | None = None,
    in_plan: bool = False,
) -> None:
    """A risk in what the person wrote. `in_plan`: typed as an answer in their own safety
    plan, where risk words are expected: no reply (the plan goes on), the alert still goes out."""
    await answer(u, patient, replace(risk, source="plan") if in_plan else risk, text, checkin_id)


async def crisis(
    u: Unit,
    patient: Patient,
    *,
    quote: str | None = None,
    category: str = "suicidal",
    source: Source = "screening",
    checkin_id: int | None = None,
) -> None:
    """The crisis path from a structured answer (an acute "yes" on the screen, "thoughts of
    dying" after "can't sit still"): the crisis reply with the plan, an urgent alert, the caring
    contact next day. `quote`: what the clinician should read, e.g. the question and answer."""
    risk = Risk(category, "crisis", tiers.tier_of(category, "crisis"), source)
    await answer(u, patient, risk, quote, checkin_id)


async def urgent(
    u: Unit,
    patient: Patient,
    *,
    flag: str,
    drug: str | None = None,
    window: str | None = None,
    quote: str | None = None,
    emergency: bool = False,
    stopped: bool = False,
    same_day: bool = False,
    category: str | None = None,
    source: Source = "button",
    checkin_id: int | None = None,
) -> None:
    """A medication red flag: the flag's patient text (red_flag_reply), or the stopping-abruptly
    reply when `stopped`; an urgent alert naming the flag, the drug and the window (a same-day
    task instead when `same_day`). Pass the check-in so its answers stay out of the side-effect
    signals."""
    tier: Tier = "stopped" if stopped else "red_flag"
    named = category or ("stopped_all" if stopped else "severe_reaction")
    risk = Risk(named, "medical", tier, source, False, flag, drug, window, emergency, same_day)
    await answer(u, patient, risk, quote, checkin_id)


async def answer(
    u: Unit, patient: Patient | None, risk: Risk, quote: str | None, checkin_id: int | None = None
) -> None:
    """The one path every risk takes: reply by tier, record, alert, audit, care next day."""
    chat = u.msg.chat_id
    lang = u.app.lang(patient.language if patient else None, u.msg.language_code)
    # The idiom check needs someone who can tap its buttons: a stranger gets the full reply.
    ask = risk.tier == "ambiguous" and patient is not None
    tier = tiers.tier_of(risk.category, risk.urgency) if risk.tier == "ambiguous" else risk.tier
    if risk.source != "plan" and not ask:
        await reply(u, chat, patient, lang, tier, risk)
    if patient is None:
        log.warning("risk language from a chat that is not enrolled (category %s)", risk.category)
        return
    said = quote[: alerts.QUOTE_LIMIT] if quote else None
    event_id = await store.add_event(u.tx, patient.id, risk, said, checkin_id, u.now)
    await events.record(
        u.tx,
        "safety_event",
        u.now,
        actor="patient",
        patient_id=patient.id,
        clinician_id=patient.clinician_id,
        category=risk.category,
        urgency=risk.urgency,
        tier=risk.tier,
        source=risk.source,
    )
    if risk.same_day and not ask:
        await _same_day(u, patient, risk, checkin_id)
        return
    alert = await alerts.raise_(u.app, u.out, patient, risk, event_id, asked=ask)
    if ask:
        await _ask_safe(u, chat, lang, alert.id)
    elif risk.source != "plan" and tiers.is_crisis(tier):
        await care.schedule(u.tx, patient, u.now)


async def _same_day(u: Unit, patient: Patient, risk: Risk, checkin_id: int | None) -> None:
    """A red flag the clinician acts on within the day: a task naming the medicine, the flag
    and the window, not an alert chased by escalation."""

    def text(lang: str, due: str) -> str:
        names = describe(u.app.t, lang, risk.flag, risk.drug, risk.window)
        head = u.t(lang, "task-red-flag", patient=patient.alias, due=due)
        return "\n".join([head, *names])

    detail = {"drug": risk.drug, "flag": risk.flag, "window": risk.window}
    await worklist.assign(u, patient, "red_flag", text, checkin_id, **detail)


# Each tier's first message, and whether the safety plan comes before the resources.
REPLIES: Final[Mapping[Tier, tuple[str, bool]]] = {
    "suicidal": ("safety-crisis-reply", True),
    "overdose": ("safety-overdose-reply", True),
    "stopped": ("safety-stopped-reply", False),
    "red_flag": ("safety-medical-reply", False),
}


async def reply(
    u: Unit, chat_id: int, patient: Patient | None, lang: str, tier: Tier, risk: Risk
) -> None:
    """The tier's reply: a crisis reply with the plan before the resources, a medical one with
    the resources after it."""
    if tier == "red_flag":
        await red_flag_reply(u, chat_id, lang, risk.flag, risk.emergency)
        return
    key, plan = REPLIES.get(tier, REPLIES["suicidal"])
    if plan:
        await u.out.text(chat_id, u.t(lang, key), delivery=CRISIS)
        await with_plan(u, chat_id, patient, lang)
    else:
        await _with_resources(u, chat_id, lang, u.t(lang, key))


async def red_flag_reply(
    u: Unit, chat_id: int, lang: str, flag: str | None, emergency: bool = False
) -> None:
    """The urgent medical reply for a red flag: an emergency's "call now", else the flag's own
    text (locale key `safety-flag-<flag>`) when it has one, else the generic medical text;
    then the resources."""
    key = f"safety-flag-{flag.replace('_', '-')}" if flag else ""
    if emergency or not (key and u.app.t.has(lang, key)):
        key = "safety-emergency-reply" if emergency else "safety-medical-reply"
    await _with_resources(u, chat_id, lang, u.t(lang, key))


async def _with_resources(u: Unit, chat_id: int, lang: str, text: str) -> None:
    together = f"{text}\n\n{resources(u.app, lang)}"
    await u.out.text(chat_id, clip(together, MESSAGE_LIMIT), delivery=CRISIS)


# "Are you safe right now?"


async def _ask_safe(u: Unit, chat_id: int, lang: str, alert_id: int) -> None:
    """For an idiom-like match: one tap instead of the full crisis reply."""
    keyboard = [
        [
            (
                u.t(lang, "safety-check-safe"),
                callbacks.encode(callbacks.SAFE_CHECK, alert_id, callbacks.SAFE),
            )
        ],
        [
            (
                u.t(lang, "safety-check-help"),
                callbacks.encode(callbacks.SAFE_CHECK, alert_id, callbacks.HELP),
            )
        ],
    ]
    await u.out.text(chat_id, u.t(lang, "safety-check-question"), keyboard, delivery=CRISIS)


async def on_check(u: Unit, patient: Patient, data: callbacks.Callback) -> str | None:
    """The patient's answer. "I need help now": the crisis reply, and (the first time) a second,
    urgent alert. "I'm safe": a warm word, recorded and told to the care team."""
    lang = u.app.lang(patient.language)
    alert_id = data.number(0) if len(data.parts) == 2 else None
    alert = await alert_store.by_id(u.tx, alert_id) if alert_id is not None else None
    if alert is None or alert.patient_id != patient.id or not alert.check_asked:
        return u.t(lang, "checkin-closed")
    if data.parts[1] not in (callbacks.SAFE, callbacks.HELP):
        return u.t(lang, "checkin-closed")
    safe = data.parts[1] == callbacks.SAFE
    chosen: CheckAnswer = "safe" if safe else "help"
    changed = await alert_store.answer_check(u.tx, alert.id, chosen, u.now)
    chat = patient.chat_id or u.msg.chat_id
    if u.msg.message_id is not None:
        label = u.t(lang, "safety-check-safe" if safe else "safety-check-help")
        answered = u.t(lang, "checkin-answered", answer=label)
        asked = f"{u.t(lang, 'safety-check-question')}\n\n{answered}"
        await u.out.edit(chat, u.msg.message_id, asked)
    if changed:
        await events.record(
            u.tx,
            "safety_check_answered",
            u.now,
            actor="patient",
            patient_id=patient.id,
            clinician_id=patient.clinician_id,
            alert_id=alert.id,
            answer=chosen,
        )
    if safe:
        await u.out.text(chat, u.t(lang, "safety-check-safe-reply"))
        if changed:
            await alerts.tell(u.app, u.out, patient, "alert-check-safe", alert.created_at)
        return None
    help_now = Risk(alert.category, "crisis", "suicidal", "help_now")
    await reply(u, chat, patient, lang, "suicidal", help_now)
    if changed:
        await alerts.raise_(u.app, u.out, patient, help_now, alert.safety_event_id, asked=False)
        await care.schedule(u.tx, patient, u.now)
    return None
