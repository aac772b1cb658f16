"""What a clinician reads and does in the web view: their own patients only, every view and
action on the audit trail.

Each use case takes the transaction its page opened. A patient is reached through `patient_for`,
which refuses (and audits) anything but one of the viewer's own patients, and shows nothing of
an erased patient. Acknowledging an alert and judging a hypothesis are the very use cases the
chat's buttons run (alerts.acknowledge, feedback.judge).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.domain import feedback as fb
from bot.domain.charting import ChartSeries, chart_labels, chart_series
from bot.domain.digest import view
from bot.domain.lifecycle import status_key
from bot.domain.redflags import describe, name_of
from bot.services import alerts, digests, feedback, web_access
from bot.services import regimen as regimens
from bot.services.context import Rapport
from bot.services.prompts import answer_label
from bot.services.regimen import MedicationView
from bot.services.replies import Replies
from bot.services.web_access import Viewer
from bot.storage import alerts as alert_store
from bot.storage import digests as digest_store
from bot.storage import people
from bot.storage import safety as safety_store
from bot.storage import staff as staff_store
from bot.storage import web_views as store
from bot.storage.db import Tx
from bot.storage.records import Alert, Answer, DigestSent, Overview, Patient, SafetyEvent

UI = "en"  # the web view's own words are English for now; a digest keeps its clinician's
ANSWERS_PER_PAGE = 50


@dataclass(frozen=True)
class Refusal:
    """Why a patient's page is not shown: its status and one line."""

    status: Literal[403, 404, 410]
    text: str


NOT_A_CLINICIAN = Refusal(403, "These pages are for clinicians linked to Rapport.")
NOT_YOURS = Refusal(403, "This is not one of your patients.")
UNKNOWN = Refusal(404, "There is no patient with this alias.")
UNKNOWN_ALERT = Refusal(404, "This patient has no such alert.")
ERASED = Refusal(410, "This patient's data was erased: nothing of theirs is kept to show.")


async def refuse(
    tx: Tx,
    viewer: Viewer,
    refusal: Refusal,
    now: datetime,
    patient_id: int | None = None,
    **ids: Any,
) -> None:
    """Audit a refused page or action (ids only), on the patient's trail when there is one."""
    await web_access.audit(
        tx, viewer, "refused", now, patient_id=patient_id, status=refusal.status, **ids
    )


async def patient_for(
    tx: Tx, viewer: Viewer, alias: str, now: datetime, what: str
) -> Patient | Refusal:
    """One of the viewer's own patients, or why not (the refusal is audited; `what` names the
    page or action that was asked for)."""
    doctor = viewer.clinician
    if doctor is None:
        await refuse(tx, viewer, NOT_A_CLINICIAN, now, asked=what)
        return NOT_A_CLINICIAN
    patient = await people.patient_by_alias(tx, alias)
    if patient is None:
        await refuse(tx, viewer, UNKNOWN, now, asked=what)
        return UNKNOWN
    if patient.clinician_id != doctor.id:
        await refuse(tx, viewer, NOT_YOURS, now, patient.id, asked=what)
        return NOT_YOURS
    if patient.status == "erased":
        await refuse(tx, viewer, ERASED, now, patient.id, asked=what)
        return ERASED
    return patient


def local(moment: datetime | None, timezone: str) -> str:
    """A moment as the patient's local date and time ("2026-03-05 18:02"), or a dash."""
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def status_text(app: Rapport, patient: Patient | store.Glance) -> str:
    return app.t(UI, status_key(patient.status, patient.paused_by))


# --- the list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """One row of the clinician's list."""

    glance: store.Glance
    status: str
    last_answer: str
    next_appointment: str
    hypotheses: tuple[str, ...]  # the latest digest's hypotheses shown in full, by title
    digest_day: str | None  # that digest's date, in the patient's zone

    @property
    def erased(self) -> bool:
        return self.glance.status == "erased"


async def listing(app: Rapport, tx: Tx, viewer: Viewer, now: datetime) -> list[Listed] | Refusal:
    """The viewer's own patients, with where each stands and the latest digest's hypotheses."""
    doctor = viewer.clinician
    if doctor is None:
        await refuse(tx, viewer, NOT_A_CLINICIAN, now, asked="patients.view")
        return NOT_A_CLINICIAN
    rows = []
    for glance in await store.glances(tx, doctor.id, now):
        rows.append(await _listed(app, tx, glance))
    await web_access.audit(tx, viewer, "patients.view", now, count=len(rows))
    return rows


async def _listed(app: Rapport, tx: Tx, g: store.Glance) -> Listed:
    status = status_text(app, g)
    if g.status == "erased":  # nothing of theirs: not even when they last answered
        return Listed(g, status, "—", "—", (), None)
    latest = await latest_digest(app, tx, g.id)
    titles: tuple[str, ...] = ()
    day = None
    if latest is not None:
        record, built = latest
        titles = tuple(h.title for h in view(built.digest, app.t).hypotheses)
        day = local(record.created_at, g.timezone)[:10]
    last, visit = local(g.last_answer, g.timezone), local(g.next_appointment, g.timezone)
    return Listed(g, status, last, visit, titles, day)


async def latest_digest(
    app: Rapport, tx: Tx, patient_id: int
) -> tuple[DigestSent, digests.Built] | None:
    """The latest digest sent or asked for, rebuilt exactly as it was decided."""
    record = await store.latest_digest(tx, patient_id)
    built = await digests.rebuild(app, tx, record) if record is not None else None
    return None if record is None or built is None else (record, built)


# --- a patient's page -------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    when: str
    dialog: str
    version: int
    question: str
    answer: str
    skipped: bool
    replaced: bool  # answered again later (the patient went back): the newer one stands


@dataclass(frozen=True)
class AlertLine:
    alert: Alert
    when: str
    title: str
    details: tuple[str, ...]
    acknowledged: str | None  # "by Dr A at 2026-03-05 18:02"

    @property
    def open(self) -> bool:
        return self.alert.acknowledged_at is None


@dataclass(frozen=True)
class PatientPage:
    patient: Patient
    status: str
    overview: Overview | None
    digest: DigestSent | None
    built: digests.Built | None
    digest_when: str | None
    verdicts: dict[str, str]
    answers: list[AnswerLine]
    page: int
    pages: int
    total: int
    alerts: list[AlertLine]
    unalerted: list[SafetyEvent]  # risk found in words that raised no alert (an idiom...)
    regimen: list[MedicationView]


async def patient_page(
    app: Rapport, tx: Tx, viewer: Viewer, patient: Patient, now: datetime, page: int = 1
) -> PatientPage:
    """Everything the clinician's page about one of their own patients shows."""
    assert viewer.clinician is not None and patient.clinician_id == viewer.clinician.id
    tz, lang = patient.timezone, patient.clinician_language
    latest = await latest_digest(app, tx, patient.id)
    record, built = latest if latest is not None else (None, None)
    verdicts = await store.verdicts(tx, record.id, viewer.clinician.id) if record else {}
    total = await store.answer_count(tx, patient.id)
    pages = max(1, -(-total // ANSWERS_PER_PAGE))
    page = min(max(page, 1), pages)
    rows = await store.answers(tx, patient.id, ANSWERS_PER_PAGE, (page - 1) * ANSWERS_PER_PAGE)
    raised = await store.alerts(tx, patient.id)
    alerted = {a.safety_event_id for a in raised}
    events = await safety_store.events_of(tx, patient.id)
    digest_id = record.id if record else None
    await web_access.audit(
        tx, viewer, "patient.view", now, patient_id=patient.id, page=page, digest_id=digest_id
    )
    return PatientPage(
        patient=patient,
        status=status_text(app, patient),
        overview=await staff_store.patient_overview(tx, patient.id, now),
        digest=record,
        built=built,
        digest_when=local(record.created_at, tz) if record else None,
        verdicts=verdicts,
        answers=[_answer(app, lang, tz, a) for a in rows],
        page=page,
        pages=pages,
        total=total,
        alerts=[_alert(app, lang, tz, a) for a in raised],
        unalerted=[e for e in reversed(events) if e.id not in alerted],
        regimen=await regimens.listing(app, tx, patient.alias),
    )


def _answer(app: Rapport, lang: str, tz: str, a: Answer) -> AnswerLine:
    """An answer as the clinician reads it: the question asked and the option's label, in the
    clinician's language (a question no longer in the dialogs shows its ids and raw value)."""
    dialog = app.dialogs.get(a.dialog_id)
    question = app.dialogs.find(a.dialog_id, a.question_id)
    if question is not None:
        asked, said = app.t(lang, question.text), answer_label(app.t, lang, question, a.value)
    else:
        asked, said = a.question_id, "" if a.value is None else str(a.value)
    return AnswerLine(
        when=local(a.answered_at, tz),
        dialog=app.t(lang, dialog.title) if dialog is not None else a.dialog_id,
        version=a.dialog_version,
        question=asked,
        answer=said,
        skipped=a.skipped or a.value is None,
        replaced=a.superseded_at is not None,
    )


def _alert(app: Rapport, lang: str, tz: str, a: Alert) -> AlertLine:
    title = name_of(app.t, lang, f"safety-category-{a.category.replace('_', '-')}", a.category)
    details = [f"{a.urgency}, {a.tier.replace('_', ' ')}, from {a.source.replace('_', ' ')}"]
    details += describe(app.t, lang, a.flag, a.drug, a.flag_window)
    if a.check_asked:
        answer = {"safe": "said they are safe", "help": "asked for help now"}
        details.append(
            "Asked “Are you safe right now?”: " + answer.get(a.check_answer or "", "no answer")
        )
    if a.escalations:
        details.append(f"Sent again to on-call {a.escalations} time(s)")
    acked = None
    if a.acknowledged_at is not None:
        acked = f"by {a.acknowledged_by_name or 'someone'} at {local(a.acknowledged_at, tz)}"
    return AlertLine(a, local(a.created_at, tz), title, tuple(details), acked)


# --- the chart --------------------------------------------------------------------------------


async def chart(
    app: Rapport, tx: Tx, viewer: Viewer, patient: Patient, now: datetime
) -> tuple[ChartSeries, str]:
    """The chart's data over the whole treatment in Rapport (every answer, every change since
    the patient was added), and its language; drawn by `draw` outside the transaction."""
    answers = await digest_store.standing_answers(tx, patient.id)
    history = [digests.observation(app, a) for a in answers]
    regimen = await regimens.of_patient(tx, patient.id)
    changes = regimen.changes_between(patient.created_at, now)
    await web_access.audit(tx, viewer, "chart.view", now, patient_id=patient.id)
    return chart_series(history, patient.timezone, changes), patient.clinician_language


async def draw(app: Rapport, series: ChartSeries, lang: str) -> bytes:
    """The chart as PNG, drawn off the event loop (matplotlib takes a second or two)."""
    labels = chart_labels(app.t, lang)
    return await asyncio.to_thread(app.chart(), series, labels, lang=lang)


# --- actions ----------------------------------------------------------------------------------


async def build_digest(
    app: Rapport, tx: Tx, viewer: Viewer, patient: Patient, now: datetime
) -> int | None:
    """A digest built now (as /digest in the chat, shown on the page rather than sent); its
    id."""
    doctor = viewer.clinician
    assert doctor is not None
    await digests.request(app, tx, patient, now, actor=viewer.actor, clinician_id=doctor.id)
    record = await store.latest_digest(tx, patient.id)
    digest_id = record.id if record else None
    await web_access.audit(
        tx, viewer, "digest.build", now, patient_id=patient.id, digest_id=digest_id
    )
    return digest_id


Outcome = Literal["done", "already", "unknown"]


async def acknowledge(
    app: Rapport, tx: Tx, viewer: Viewer, patient: Patient, alert_id: int, now: datetime
) -> Outcome:
    """ "I'm on it" from the web view: the same use case as the alert's button in the chat."""
    doctor = viewer.clinician
    assert doctor is not None
    alert = await alert_store.by_id(tx, alert_id)
    if alert is None or alert.patient_id != patient.id:
        refusal, asked = UNKNOWN_ALERT, "alert.ack"
        await refuse(tx, viewer, refusal, now, patient.id, asked=asked, alert_id=alert_id)
        return "unknown"
    tapper = alerts.Tapper(
        viewer.telegram_id, doctor.name, viewer.actor, doctor.id, oncall=False, known=True
    )
    assert tapper.may(patient)
    out = Replies(tx, f"web-ack:{alert.id}", now)
    done = await alerts.acknowledge(app, out, tapper, patient, alert, via="web")
    await web_access.audit(
        tx, viewer, "alert.ack", now, patient_id=patient.id, alert_id=alert.id, counted=done
    )
    return "done" if done else "already"


async def judge(
    app: Rapport,
    tx: Tx,
    viewer: Viewer,
    patient: Patient,
    digest_id: int,
    hypothesis: str,
    verdict: str,
    now: datetime,
) -> Outcome:
    """A verdict on a hypothesis of one of this patient's digests: the chat's use case."""
    doctor = viewer.clinician
    assert doctor is not None
    record = await digest_store.by_id(tx, digest_id)
    mine = record is not None and record.patient_id == patient.id
    if record is None or not mine or record.clinician_id not in (None, doctor.id):
        asked = "hypothesis.verdict"
        await refuse(tx, viewer, UNKNOWN, now, patient.id, asked=asked, digest_id=digest_id)
        return "unknown"
    done = await feedback.judge(app, tx, doctor, record, hypothesis, verdict, now)
    said = {"hypothesis": hypothesis, "verdict": verdict} if done is not None else {}
    await web_access.audit(
        tx, viewer, "hypothesis.verdict", now, patient_id=patient.id, digest_id=record.id, **said
    )
    return "unknown" if done is None else ("already" if done.before == verdict else "done")


def verdicts(app: Rapport) -> list[tuple[str, str]]:
    """Each verdict's stored value and its name, in the order the chat's buttons give them."""
    return [(v, app.t(UI, fb.label_key(v))) for v in fb.VERDICTS.values()]
