"""Medication red flags as they come in: a checklist button, a follow-up answer, or words.

A flag that is dangerous for a medicine the patient takes, or stopped lately (the table in
bot/domain/redflags.toml, read by bot.domain.redflags), goes the urgent way in the same update:
the flag's own reply, an alert naming the medicine, the flag and the window, the audit entry
(bot.services.safety.urgent). Otherwise the answer is kept for the digest like any other.

  on_answer(u, patient, checkin, dialog, question, answers)   after a check-in answer is saved
  heard(u, patient, text)                                     what free text says that cannot wait

By button the regimen decides. Free text errs towards safety: see `heard`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from bot.domain import tiers
from bot.domain.constructs import NOT_SURE, SINCE_DAYS
from bot.domain.dialogs import Dialog, Question
from bot.domain.drugs import Drug
from bot.domain.engine import Answer, Answers
from bot.domain.redflags import LEVELS, TAKING, Danger
from bot.domain.regimen import Regimen
from bot.domain.safety import URGENCIES, Match, scan
from bot.domain.tiers import Risk
from bot.services import prompts, safety
from bot.services.regimen import of_patient
from bot.services.unit import Unit
from bot.storage.records import Checkin, Patient

EFFECTS = "side_effects.present"
BASELINE = "side_effects.baseline"  # the same checklist: a red flag there is just as urgent
DOSE = "adherence.dose_change"
DYING = "safety.dying_thoughts"
OVERDOSE = "much_more"  # "a lot more, or many pills at once"


async def on_answer(
    u: Unit,
    patient: Patient,
    checkin: Checkin,
    dialog: Dialog,
    question: Question,
    answers: Answers,
) -> None:
    """A check-in answer that may be a red flag: the checklist, "thoughts of dying" after "I
    can't sit still", "when did this start?" after "more than prescribed" or "I've stopped",
    and "I ran out" among the reasons."""
    value = answers.get(question.id)
    measure, chosen = question.measures, _values(value)
    if measure == DYING and value == "yes":
        quote = _quote(u, patient, dialog, answers, question)
        await safety.crisis(u, patient, quote=quote, source="button", checkin_id=checkin.id)
        return
    dose, extra = _given(dialog, answers, DOSE), _given(dialog, answers, "adherence.extra")
    if measure in (EFFECTS, BASELINE):
        flags = [v for v in chosen if v in u.app.redflags.flags]
    elif measure == "adherence.since" and dose in ("took_more", "stopped"):
        if dose == "took_more" and extra == OVERDOSE:
            quote = _quote(u, patient, dialog, answers, question)
            await safety.crisis(
                u,
                patient,
                quote=quote,
                category="overdose",
                source="button",
                checkin_id=checkin.id,
            )
            return
        flags = [str(dose)]
    elif measure == "adherence.reason" and "ran_out_or_cost" in chosen and dose != "stopped":
        flags = ["ran_out"]
    else:
        return
    days = SINCE_DAYS.get(str(value)) if measure == "adherence.since" else None
    regimen = await of_patient(u.tx, patient.id)
    table = u.app.redflags
    found = [
        d
        for f in flags
        for d in table.dangers(regimen, f, u.now, also=set(flags) - {f}, days=days)
    ]
    if not found:
        return
    medicine = _given(dialog, answers, "adherence.medicine") if days is not None else None
    if medicine not in (None, NOT_SURE):  # the patient said which: that one decides
        found = [d for d in found if d.drug == medicine]
        if not found:
            return
    danger = min(found, key=lambda d: LEVELS.index(d.level))
    if danger.flag in TAKING:  # which of them was it: the care team asks
        drugs = sorted({d.drug for d in found if d.flag == danger.flag})
        danger = replace(danger, drug=", ".join(drugs))
    await _urgent(u, patient, danger, _quote(u, patient, dialog, answers, question), checkin.id)


def _given(dialog: Dialog, answers: Answers, construct: str) -> Answer:
    """The answer to the dialog's question measuring `construct`, if any."""
    return next((answers.get(q.id) for q in dialog.questions if q.measures == construct), None)


def _values(value: Answer) -> tuple[str, ...]:
    return tuple(map(str, value)) if isinstance(value, list | tuple) else ()


def _quote(u: Unit, patient: Patient, dialog: Dialog, answers: Answers, question: Question) -> str:
    """The question and its answer as the patient saw them; for a follow-up, the answers it
    follows too ("More than prescribed · One extra dose · Today")."""
    lang = u.app.lang(patient.language)
    asked = [question]
    if question.measures in ("adherence.since", "adherence.reason"):
        follows = (DOSE, "adherence.medicine", "adherence.extra")
        before = [q for q in dialog.questions if q.measures in follows]
        asked = [q for q in before if answers.get(q.id) is not None] + asked
    return "\n".join(
        f"{u.t(lang, q.text)} — {prompts.answer_label(u.app.t, lang, q, answers.get(q.id))}"
        for q in asked
    )


async def _urgent(
    u: Unit, patient: Patient, danger: Danger, quote: str, checkin_id: int | None
) -> None:
    await safety.urgent(
        u,
        patient,
        flag=danger.flag,
        drug=danger.drug,
        window=danger.window,
        quote=quote,
        emergency=danger.emergency,
        stopped=danger.flag == "stopped",
        same_day=danger.level == "same_day",
        checkin_id=checkin_id,
    )


async def heard(u: Unit, patient: Patient | None, text: str | None) -> Risk | None:
    """The risk to answer in what someone wrote, if any.

    A red-flag phrase (a category named like a flag) alerts when the regimen makes it
    dangerous now (naming the medicine and the window), and, erring towards safety, also when
    no regimen is recorded, when the words name a medicine of one of the flag's classes, or
    when the flag is an emergency on some medicine; otherwise it is kept for the digest. Every
    other phrase alerts as it always did."""
    matches = scan(text, u.app.phrases) if text else []
    table = u.app.redflags
    flags = {m.category for m in matches if m.category in table.flags}
    regimen = Regimen()
    if flags and patient is not None:
        regimen = await of_patient(u.tx, patient.id)
    named = u.app.drugs.mentioned(text or "") if flags else ()
    risks = []
    for match in matches:
        risk: Risk | None = tiers.from_phrase(
            match.category, match.urgency, match.idiomatic, "text"
        )
        if match.category in flags:
            also = flags - {match.category}
            risk = _weigh(u, match, regimen, also, named)
        if risk is not None:
            risks.append(risk)
    return min(
        risks,
        key=lambda r: (URGENCIES.index(r.urgency), r.idiomatic, not r.emergency),
        default=None,
    )


def _weigh(
    u: Unit, match: Match, regimen: Regimen, also: Collection[str], named: Collection[Drug]
) -> Risk | None:
    table, flag = u.app.redflags, match.category
    risk = tiers.from_phrase(flag, match.urgency, match.idiomatic, "text")
    found = table.dangers(regimen, flag, u.now, also=also, named=named)
    if found:
        danger = found[0]
        return replace(
            risk,
            flag=flag,
            drug=danger.drug,
            window=danger.window,
            emergency=danger.emergency,
            same_day=danger.level == "same_day",
        )
    if not regimen.medications or table.emergency_anywhere(flag, also):
        return replace(risk, flag=flag)
    return None
