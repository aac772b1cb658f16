"""/mydata's readable copy: the patient's records, read from storage and put in their words.

Questions, answers and check-in titles are translated here, in the patient's language, so the
renderer (bot.domain.mydata) only lays them out; nothing of the database's vocabulary (question
ids, constructs, column names) reaches the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain import engine
from bot.domain import mydata as view
from bot.domain.dialogs import Question
from bot.domain.validation import parse_since
from bot.services import planning, prompts
from bot.services.context import Rapport
from bot.storage import (
    checkins,
    digests,
    events,
    outbox,
    people,
    plans,
    regimen,
    safety,
)
from bot.storage.db import Tx
from bot.storage.records import Answer, Checkin, Patient, SafetyPlan, Schedule

# Keys for what outlived its dialog file: an answer stays readable when its question is gone.
GONE_DIALOG = "mydata-checkin-gone"
GONE_QUESTION = "mydata-question-gone"


async def readable(app: Rapport, tx: Tx, patient: Patient, now: datetime) -> str:
    """Everything kept about the patient, as plain text in their language and time zone."""
    lang = app.lang(patient.language)
    data = view.MyData(
        patient=_about(app, patient, lang),
        checkins=await _checkins(app, tx, patient.id, lang),
        messages=[
            view.Message(m.text, m.received_at) for m in await people.messages(tx, patient.id)
        ],
        appointments=[
            view.Appointment(a.at, cancelled=a.status == "cancelled")
            for a in await plans.all_appointments(tx, patient.id)
        ],
        medicines=[
            view.Medicine(m.drug, m.dose, m.drug_class, m.started_at, m.as_needed, m.stopped_at)
            for m in await regimen.medications(tx, patient.id)
        ],
        medication_changes=[
            view.MedicationChange(c.at, c.note, c.drug, c.kind, c.dose_before, c.dose_after)
            for c in await regimen.changes(tx, patient.id)
        ],
        schedules=[_schedule(app, lang, s) for s in await plans.schedules(tx, patient.id)],
        safety_plan=_plan(await safety.plan(tx, patient.id)),
        kept=await _kept(tx, patient),
    )
    return view.render(data, app.t, now)


def _about(app: Rapport, patient: Patient, lang: str) -> view.Patient:
    return view.Patient(
        alias=patient.alias,
        clinic=app.settings.clinic_name,
        timezone=patient.timezone,
        language=lang,
        status=patient.status,
        paused_by=patient.paused_by,
        consented_at=patient.consented_at,
        created_at=patient.created_at,
        clinician=patient.clinician_name or None,
        quiet=patient.quiet,
        chat_id=patient.chat_id,
        telegram_user_id=patient.telegram_user_id,
    )


def _title(app: Rapport, lang: str, dialog_id: str) -> str:
    dialog = app.dialogs.get(dialog_id)
    return app.t(lang, dialog.title if dialog else GONE_DIALOG)


async def _checkins(app: Rapport, tx: Tx, patient_id: int, lang: str) -> list[view.Checkin]:
    """Every check-in with every answer given in it, those replaced with Back too."""
    given: dict[int, list[view.Answer]] = {}
    for answer in await checkins.every_answer(tx, patient_id):
        given.setdefault(answer.checkin_id, []).append(_answer(app, lang, answer))
    every = await checkins.for_patient(tx, patient_id)
    return [_checkin(app, lang, c, given.get(c.id, [])) for c in every]


def _checkin(app: Rapport, lang: str, c: Checkin, answers: list[view.Answer]) -> view.Checkin:
    # The intake and a check-in asked for with /checkin start without an invitation.
    return view.Checkin(
        title=_title(app, lang, c.dialog_id),
        status=c.status,
        due_at=c.due_at,
        sent_at=c.invited_at or c.opened_at,
        started_at=c.opened_at,
        closed_at=c.completed_at,
        answers=answers,
    )


def _answer(app: Rapport, lang: str, answer: Answer) -> view.Answer:
    question = app.dialogs.find(answer.dialog_id, answer.question_id)
    text = app.t(lang, question.text if question else GONE_QUESTION)
    skipped = answer.skipped or answer.value is None
    said = None if skipped else _said(app, lang, question, answer.value)
    return view.Answer(text, said, answer.answered_at, changed=answer.superseded_at is not None)


def _said(app: Rapport, lang: str, question: Question | None, value: engine.Answer) -> str:
    """The answer as the patient saw its button (or typed it)."""
    if question is not None:
        return prompts.answer_label(app.t, lang, question, value)
    return ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _schedule(app: Rapport, lang: str, s: Schedule) -> view.ScheduleItem:
    rule = s.rule
    return view.ScheduleItem(
        _title(app, lang, s.dialog_id),
        rule.weekdays,
        rule.every_days,
        rule.local_time,
        rule.start,
        rule.end,
    )


def _plan(plan: SafetyPlan | None) -> view.SafetyPlan | None:
    if plan is None:
        return None
    return view.SafetyPlan(**plan.fields(), updated_at=plan.updated_at, updated_by=plan.updated_by)


async def _kept(tx: Tx, patient: Patient) -> view.Kept:
    """The event log (no content), the alerts with the words behind them, digests, sends."""
    return view.Kept(
        events=[
            view.AuditEvent(e.at, e.kind, e.actor) for e in await events.of_patient(tx, patient.id)
        ],
        alerts=[view.SafetyAlert(s.at, s.quote) for s in await safety.events_of(tx, patient.id)],
        summaries=[d.created_at for d in await digests.of_patient(tx, patient.id) if d.created_at],
        sent_messages=await outbox.count_for(tx, patient.id, patient.chat_id),
    )


@dataclass(frozen=True)
class Scope:
    """What one `rapport export` covers: patients never erased, and what happened from `since`."""

    patients: list[Patient]
    since: datetime | None


async def scope(tx: Tx, alias: str | None, since: str | None) -> Scope:
    """Every patient not erased, or the one `alias` names (an erased one is refused)."""
    start = None if since is None else planning.checked(parse_since, since)
    if alias is not None:
        return Scope([await planning.patient(tx, alias)], start)
    everyone = await people.list_patients(tx)
    return Scope([p for p in everyone if p.status != "erased"], start)


async def audited(app: Rapport, tx: Tx, fmt: str, scope: Scope, by: str, **counts: int) -> None:
    """One `data_exported` event per export: the format, whose data, and how much of it."""
    one = scope.patients[0].id if len(scope.patients) == 1 else None
    await events.record(
        tx,
        "data_exported",
        app.clock.now(),
        actor=by,
        patient_id=one,
        format=fmt,
        patients=len(scope.patients),
        **counts,
    )
