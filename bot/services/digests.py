"""The clinician's digest: gathered from the database, judged by the signal engine, sent.

A digest is decided and recorded inside the transaction that asks for it (a sweep step, a
clinician's tap); its chart, which takes a second or two to draw, is drawn afterwards by
`deliver`, off the event loop and outside any transaction, so updates keep flowing meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import charting
from bot.domain import signals as sig
from bot.domain.charting import ChartSeries, chart_labels, chart_series
from bot.domain.constructs import is_int
from bot.domain.digest import (
    MOOD,
    OTHER_MEDICINES,
    Digest,
    Note,
    RegimenPart,
    Response,
    Source,
    to_json,
)
from bot.domain.digest_render import telegram, to_html, to_text
from bot.domain.hypotheses import group
from bot.domain.outgoing import Document, Outgoing, Photo, Text
from bot.domain.regimen import Regimen
from bot.services import prompts
from bot.services import regimen as regimens
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.storage import alerts as alert_store
from bot.storage import digests, events, people, plans, tasks
from bot.storage import safety as safety_store
from bot.storage.db import Tx
from bot.storage.records import Alert, Answer, DigestSent, Patient

log = logging.getLogger(__name__)

FREE_TEXT = "note.free"
UNTOLD = ("pre_visit", "untold")  # "things I haven't said": the rest of the pre-visit is agenda
PAUSE_EVENTS = ("patient_paused",)
BLOCK_EVENTS = ("patient_unreachable",)


@dataclass(frozen=True)
class Built:
    digest: Digest
    codes: list[str]
    period: tuple[datetime, datetime]
    appointment_id: int | None = None


def observation(app: Rapport, answer: Answer) -> sig.Observation:
    """A stored answer as the signal rules read it."""
    question = app.dialogs.find(answer.dialog_id, answer.question_id)
    return sig.Observation(
        at=answer.answered_at,
        dialog=answer.dialog_id,
        question=answer.question_id,
        construct=answer.construct,
        value=answer.value,  # type: ignore[arg-type]
        checkin_id=answer.checkin_id,
        text_key=question.text if question else None,
    )


def _describer(app: Rapport, lang: str) -> Callable[[sig.Observation], str | None]:
    """An answer as the clinician reads it: the option's label, not its stored value."""

    def describe(obs: sig.Observation) -> str | None:
        question = app.dialogs.find(obs.dialog, obs.question)
        return prompts.answer_label(app.t, lang, question, obs.value) if question else None

    return describe


def _question_text(app: Rapport, lang: str) -> Callable[[str, str], str | None]:
    """The question as it was asked, in the clinician's language."""

    def text(dialog_id: str, question_id: str) -> str | None:
        question = app.dialogs.find(dialog_id, question_id)
        return app.t(lang, question.text) if question else None

    return text


async def build(
    app: Rapport,
    tx: Tx,
    patient: Patient,
    period: tuple[datetime, datetime],
    appointment_id: int | None,
    previous: list[str],
) -> Built:
    """The digest of a period (start, end]; `previous` are the codes trends compare with."""
    start, now = period
    lang = patient.clinician_language
    history = [observation(app, a) for a in await digests.standing_answers(tx, patient.id)]
    shown = [o for o in history if start < o.at <= now]
    safety_rows = await safety_store.between(tx, patient.id, start, now)
    raised = await alert_store.for_events(tx, [r.id for r in safety_rows])
    safety = [
        sig.SafetyEvent(r.at, r.category, r.quote, _handled(raised, r.id)) for r in safety_rows
    ]
    red_flags = {r.checkin_id for r in safety_rows if r.urgency == "medical"}
    response = await _response(tx, patient, start, now)
    # Disengagement counts the scheduled core check-ins only: never an optional daily.
    optional = [d.id for d in app.dialogs.values() if d.optional]
    core = await digests.checkin_counts(tx, patient.id, start, now, optional)
    # ...and never while the intake is unfinished (sent, or begun, and not completed).
    others = [d.id for d in app.dialogs.values() if not d.intake]
    intake = await digests.checkin_counts(tx, patient.id, patient.created_at, now, others)
    activity = sig.Activity(
        core.sent,
        core.answered,
        core.missed,
        response.unreachable,
        response.paused,
        intake_unfinished=intake.sent > 0 and intake.answered == 0,
    )
    regimen = await regimens.of_patient(tx, patient.id)
    count = regimens.psychotropic_count(app, patient, regimen, now)
    # The regimen's changes up to the report: adverse_effect_after_change reads them.
    changes = tuple(c for c in regimen.changes if c.at <= now)
    found = sig.evaluate(
        shown,
        history,
        activity,
        safety,
        sig.Facts(count, changes),
        app.thresholds,
        nocebo_excluded={c for c in red_flags if c is not None},
        until=now,
    )
    asked_before = [o for o in history if o.at <= now]
    # A signal not asked at the last digest either is still open: compared with, not dropped.
    earlier = [
        (d.period_to, d.codes)
        for d in await digests.of_patient(tx, patient.id)
        if d.kind == "scheduled" and d.period_to <= start
    ]
    # Asked before this period or not: whether it is asked IN the period is what resolves it.
    open_codes = sig.still_unasked(earlier, [o for o in history if o.at <= start])
    previous = [*previous, *(c for c in open_codes if c not in previous)]
    labelled, gone = sig.label_trends(found, previous)
    resolved, not_asked = sig.split_resolved(gone, shown, asked_before)
    appointment = await plans.appointment(tx, appointment_id) if appointment_id else None
    ordered = sig.order(labelled)
    digest = Digest(
        patient=patient.alias,
        lang=lang,
        generated_at=now,
        period_from=start,
        period_to=now,
        timezone=patient.timezone,
        appointment=appointment.at if appointment else None,
        response=response,
        signals=ordered,
        hypotheses=group(ordered),
        resolved=resolved,
        not_asked=not_asked,
        notes=await _notes(tx, patient, shown, start, now),
        questions=_question_text(app, lang),
        chart=_chart(history, regimen, patient, now),
        describe=_describer(app, lang),
        regimen=RegimenPart(
            active=regimen.active(now),
            changes=regimen.changes_between(start, now),
            psychotropics=count,
            counted_by_staff=patient.psychotropic_count is not None,
        ),
        tasks=[k for k in await tasks.of_patient(tx, patient.id) if k.open_at(now)],
        words_lang=patient.language,
        mood=[(o.at, o.value) for o in shown if o.construct == MOOD and is_int(o.value)],
        other_medicines=_other_medicines(history, now),
    )
    return Built(digest, [s.code for s in found], (start, now), appointment_id)


def _chart(
    history: list[sig.Observation], regimen: Regimen, patient: Patient, now: datetime
) -> ChartSeries:
    """The chart covers the treatment in Rapport up to the digest's end (charting.WEEKS at
    most), not only the period: a change is read against what came before it. Changes from
    before the patient was added are in the regimen's list, not on the time axis."""
    since = max(charting.window(now), patient.created_at)
    shown = [o for o in history if since < o.at <= now]
    return chart_series(shown, patient.timezone, regimen.changes_between(since, now))


def _handled(alerts: Iterable[Alert], event_id: int) -> tuple[sig.Handling, ...]:
    """The alerts of one safety event as the digest's safety section shows them."""
    return tuple(
        sig.Handling(
            source=a.source,
            asked=a.check_asked,
            check=a.check_answer,
            acknowledged_at=a.acknowledged_at,
            acknowledged_by=a.acknowledged_by_name,
            escalations=a.escalations,
        )
        for a in alerts
        if a.safety_event_id == event_id
    )


def _other_medicines(history: list[sig.Observation], now: datetime) -> Note | None:
    """The latest answer ever given about other medicines (asked at intake, so usually before
    the period), with its date; None when never answered."""
    said = [
        o
        for o in history
        if o.construct == OTHER_MEDICINES and isinstance(o.value, str) and o.at <= now
    ]
    latest = max(said, key=lambda o: o.at, default=None)
    return Note(latest.at, str(latest.value)) if latest else None


async def _response(tx: Tx, patient: Patient, start: datetime, end: datetime) -> Response:
    counts = await digests.checkin_counts(tx, patient.id, start, end)
    pauses = await events.between(tx, patient.id, PAUSE_EVENTS, start, end)
    blocks = await events.between(tx, patient.id, BLOCK_EVENTS, start, end)
    return Response(
        sent=counts.sent,
        answered=counts.answered,
        missed=counts.missed,
        paused=len(pauses),
        unreachable=bool(blocks) or patient.status == "unreachable",
    )


async def _notes(
    tx: Tx, patient: Patient, shown: list[sig.Observation], start: datetime, end: datetime
) -> list[Note]:
    notes = [
        Note(o.at, str(o.value), _source(o))
        for o in shown
        if o.construct == FREE_TEXT and isinstance(o.value, str)
    ]
    for message in await digests.messages_between(tx, patient.id, start, end):
        notes.append(Note(message.received_at, message.text, "message"))
    return sorted(notes, key=lambda n: n.at)


def _source(o: sig.Observation) -> Source:
    """Where a note was written: the pre-visit's agenda, what was not said, or any other."""
    if (o.dialog, o.question) == UNTOLD:
        return "untold"
    return "pre_visit" if o.dialog == "pre_visit" else "note"


async def _fresh(
    app: Rapport, tx: Tx, patient: Patient, now: datetime, appointment_id: int | None
) -> Built:
    """Everything since the previous scheduled digest (or since the patient was added)."""
    last = await digests.last_scheduled(tx, patient.id)
    start = last.period_to if last else patient.created_at
    previous = list(last.codes) if last else []
    return await build(app, tx, patient, (start, now), appointment_id, previous)


async def rebuild(app: Rapport, tx: Tx, record: DigestSent) -> Built | None:
    """A recorded digest again, exactly as it was decided; None once its patient is erased."""
    patient = await people.patient_by_id(tx, record.patient_id)
    if patient is None or patient.status == "erased":
        return None
    previous = await digests.previous_codes(tx, patient.id, record.id)
    period = (record.period_from, record.period_to)
    return await build(app, tx, patient, period, record.appointment_id, previous)


async def schedule_due(app: Rapport, tx: Tx, now: datetime) -> int:
    """Record the scheduled digest of the next appointment that is within the lead time.

    One per call and transaction; it is drawn and queued by `deliver`.
    """
    until = now + timedelta(hours=app.settings.digest_lead_hours)
    for due in await digests.appointments_needing_digest(tx, now, until, 50):
        patient = await people.patient_by_id(tx, due.patient_id)
        assert patient is not None
        built = await _fresh(app, tx, patient, now, due.id)
        digest_id = await digests.record(
            tx,
            patient.id,
            due.clinician_id,
            due.id,
            "scheduled",
            built.period,
            built.codes,
            now,
            chat_id=due.clinician_chat_id,
        )
        if digest_id is None:
            continue
        await events.record(
            tx,
            "digest_sent",
            now,
            actor="system",
            patient_id=patient.id,
            clinician_id=due.clinician_id,
            digest_id=digest_id,
        )
        return 1
    return 0


async def request(
    app: Rapport,
    tx: Tx,
    patient: Patient,
    now: datetime,
    *,
    actor: str,
    chat_id: int | None = None,
    clinician_id: int | None = None,
) -> Built:
    """A digest asked for now (/digest, the CLI): recorded in the audit log, period unchanged.

    With a chat it is delivered there by `deliver`; without one the caller shows it.
    """
    upcoming = await digests.next_appointment(tx, patient.id, now)
    built = await _fresh(app, tx, patient, now, upcoming.id if upcoming else None)
    digest_id = await digests.record(
        tx,
        patient.id,
        clinician_id,
        built.appointment_id,
        "on_demand",
        built.period,
        built.codes,
        now,
        chat_id=chat_id,
    )
    await events.record(
        tx,
        "digest_viewed",
        now,
        actor=actor,
        patient_id=patient.id,
        clinician_id=clinician_id,
        digest_id=digest_id,
    )
    return built


def draw(app: Rapport, built: Built) -> bytes:
    """The chart as PNG bytes: slow (matplotlib), so callers run it in a thread."""
    digest = built.digest
    labels = chart_labels(app.t, digest.lang)
    return app.chart()(digest.chart, labels, lang=digest.lang)


async def drawn(app: Rapport, built: Built) -> bytes | None:
    """The chart drawn off the event loop; None (and a log line) when drawing fails."""
    try:
        return await asyncio.to_thread(draw, app, built)
    except Exception as exc:  # a digest without its chart still reaches the clinician
        log.error("digest chart could not be drawn: %s", type(exc).__name__)
        return None


async def deliver(app: Rapport) -> int:
    """Draw and queue every recorded digest not yet delivered; returns how many."""
    done = 0
    while True:
        async with app.db.read() as tx:
            record = await digests.undelivered(tx)
            built = await rebuild(app, tx, record) if record else None
            # Imported here: they build on this module.
            from bot.services import intake_summary
            from bot.services.feedback import keyed

            summary = None
            if record is not None and built is not None and record.kind == intake_summary.KIND:
                summary = await intake_summary.compose(app, tx, record, built)
        if record is None:
            return done
        chart = await drawn(app, built) if built is not None and summary is None else None
        async with app.db.tx() as tx:
            if await digests.delivered(tx, record.id, app.clock.now()) and built is not None:
                out = Replies(tx, f"digest:{record.id}", app.clock.now())
                sent = summary if summary is not None else messages(app, built, chart)
                for message in keyed(app, sent, built, record.id):
                    # It quotes answers of weeks past: wiped once sent, so that it never
                    # outlives them (retention, an erasure).
                    await out.send(
                        record.chat_id or 0, message, patient_id=record.patient_id, scrub=True
                    )
        done += 1
        if app.sender is not None:
            await app.sender.kick()


def kick(app: Rapport) -> Callable[[], Awaitable[object]]:
    """What to run after a commit that recorded a digest: wake the step that delivers it."""

    async def wake() -> None:
        if app.digests is not None:
            await app.digests.kick()

    return wake


def messages(app: Rapport, built: Built, chart: bytes | None) -> list[Outgoing]:
    """The digest as Telegram HTML, then the chart as a photo. With more than two parts, or a
    first part that had to clip the patient's words, only the first (the visit plan) is sent as
    text. The full page, the only place with every answer behind the hypotheses, is attached
    whenever there is such evidence or something was left out of the messages."""
    tg = telegram(built.digest, app.t)
    parts = tg.parts
    short = len(parts) > 2 or tg.clipped  # the first message is the visit plan, always whole
    sent: list[Outgoing] = [Text(part, html=True) for part in (parts[:1] if short else parts)]
    if short or any(s.evidence for s in built.digest.signals):
        page = to_html(built.digest, app.t, chart).encode()
        sent.append(Document(f"digest-{built.digest.patient}.html", page))
    if chart is not None:
        sent.append(Photo(chart, built.digest.patient))
    return sent


def render(app: Rapport, built: Built, fmt: str, chart: bytes | None = None) -> str:
    """The digest as text, HTML (chart inline, when drawn) or the stable JSON."""
    if fmt == "json":
        return json.dumps(to_json(built.digest, app.t), ensure_ascii=False, indent=2)
    if fmt == "html":
        return to_html(built.digest, app.t, chart)
    return to_text(built.digest, app.t)
