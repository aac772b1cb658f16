"""The summary a prescriber gets right after a worrying intake, not only before the visit.

It rides on the digest machinery: decided and recorded (a digest of kind 'intake', at most one
per patient) in the transaction that completes the intake, then sent by digests.deliver, which
rebuilds it from what is stored. A restart in between neither loses nor repeats it. The rule
for "worrying" is bot.domain.intake_summary's. It is short: why it is worth a look, the
hypotheses (with the verdict buttons, numbered as they are), and the patient's own words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from html import escape

from bot.domain import intake_summary as rule
from bot.domain.constructs import QType
from bot.domain.hypotheses import SHOWN, Hypothesis
from bot.domain.outgoing import Outgoing, Text
from bot.domain.signals import Observation, message_id
from bot.services import digests
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import digests as store
from bot.storage import events
from bot.storage.db import Tx
from bot.storage.records import Checkin, DigestSent, Patient

KIND = "intake"
QUOTE_CHARS = 300  # each quote is cut here: the full words are in the digest


async def after_intake(u: Unit, patient: Patient, checkin: Checkin) -> None:
    """Called as an intake completes: record the summary when the intake is worrying."""
    # A second before the patient was added: the period's start is exclusive.
    period = (patient.created_at - timedelta(seconds=1), u.now)
    built = await digests.build(u.app, u.tx, patient, period, None, [])
    answers = await _answers(u.app, u.tx, patient.id, u.now)
    nothing = u.app.thresholds.symptom_loss_ambivalence.nothing_answers
    if not rule.reasons(built.digest.hypotheses, answers, nothing):
        return
    chat = patient.clinician_chat_id  # none yet: recorded (audited) but never sent
    digest_id = await store.record(
        u.tx, patient.id, patient.clinician_id, None, KIND, period, built.codes, u.now, chat
    )
    if digest_id is None:
        return  # this patient's intake was summed up already
    await events.record(
        u.tx,
        "intake_summary",
        u.now,
        actor="system",
        patient_id=patient.id,
        clinician_id=patient.clinician_id,
        digest_id=digest_id,
        checkin_id=checkin.id,
    )
    u.after.append(digests.kick(u.app))


async def compose(
    app: Rapport, tx: Tx, record: DigestSent, built: digests.Built
) -> list[Outgoing]:
    """The summary of a recorded intake digest, in the clinician's language."""
    d = built.digest
    answers = await _answers(app, tx, record.patient_id, record.period_to)
    nothing = app.thresholds.symptom_loss_ambivalence.nothing_answers
    why = rule.reasons(d.hypotheses, answers, nothing)
    lang, t = d.lang, app.t
    by = {o.construct or o.question: o.value for o in answers}
    lines = [f"<b>{escape(t(lang, 'intake-summary-title', patient=d.patient))}</b>"]
    lines.append(escape(t(lang, "intake-summary-why")))
    for reason in why:
        if reason != "hypotheses":
            lines.append(
                "• " + escape(t(lang, f"intake-summary-{reason.replace('_', '-')}", **_args(by)))
            )
    shown = list(d.hypotheses[:SHOWN])
    if shown:
        lines += ["", f"<b>{escape(t(lang, 'intake-summary-hypotheses'))}</b>"]
        lines += [f"{n}. {escape(_title(app, lang, h))}" for n, h in enumerate(shown, 1)]
    quotes = _quotes(app, lang, answers, d.words_lang)
    if quotes:
        lines += ["", f"<b>{escape(t(lang, 'intake-summary-words'))}</b>", *quotes]
    lines += ["", escape(t(lang, "intake-summary-closing"))]
    return [Text("\n".join(lines), html=True)]


def _args(by: Mapping[str, object]) -> dict[str, object]:
    """The numbers a reason's line quotes."""
    alliance = [v for k, v in by.items() if k.startswith("alliance.") and isinstance(v, int)]
    return {
        "harm": by.get("expectation.harm", ""),
        "wary": by.get("history.wary", ""),
        "alliance": round(sum(alliance) / len(alliance), 1) if alliance else "",
    }


def _title(app: Rapport, lang: str, h: Hypothesis) -> str:
    """The hypothesis's title; its lead signal's while the hypothesis has none of its own."""
    key = h.title_key if app.t.has(lang, h.title_key) else message_id(h.codes[0], "title")
    return app.t(lang, key)


def _quotes(
    app: Rapport, lang: str, answers: list[Observation], words_lang: str | None
) -> list[str]:
    """The patient's own words at intake, each after the question it answered."""
    mark = f" ({words_lang})" if words_lang and words_lang != lang else ""
    lines = []
    for o in answers:
        question = app.dialogs.find(o.dialog, o.question)
        if question is None or question.type is not QType.TEXT or not isinstance(o.value, str):
            continue
        words = o.value.strip()
        if not words:
            continue
        cut = words if len(words) <= QUOTE_CHARS else words[: QUOTE_CHARS - 1] + "…"
        asked = app.t(lang, f"intake-summary-about-{_about(o)}")
        lines.append(f"• {escape(asked)}: “{escape(cut)}”{mark}")
    return lines


ABOUT = {"other.medicines": "other-medicines", "ambivalence.loss": "loss"}


def _about(o: Observation) -> str:
    """What a typed answer was about, for its label."""
    if o.question == rule.OTHER_MEDICINES_QUESTION:
        return "other-medicines"
    if o.construct and o.construct.startswith("history."):
        return "history"
    return ABOUT.get(o.construct or "", "note")


async def _answers(app: Rapport, tx: Tx, patient_id: int, until: datetime) -> list[Observation]:
    """The patient's standing intake answers, up to `until`."""
    intake = app.dialogs.intake()
    if intake is None:
        return []
    return [
        digests.observation(app, a)
        for a in await store.standing_answers(tx, patient_id)
        if a.dialog_id == intake.id and a.answered_at <= until
    ]
