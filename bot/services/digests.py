"""The clinician's digest: gathered from the database, judged by the signal engine, sent."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiosqlite import Connection

from bot.domain import signals as sig
from bot.domain.digest import Digest, Note, Response, chart_labels, chart_series, to_json
from bot.domain.digest_render import to_html, to_telegram, to_text
from bot.services import prompts
from bot.services.chart import render_chart
from bot.services.checkins import stored_value
from bot.services.context import Rapport
from bot.storage import digests, events, outbox, people
from bot.storage.db import Row
from bot.storage.times import parse

log = logging.getLogger(__name__)

FREE_TEXT = "note.free"
PAUSE_EVENTS = ("patient_paused",)
BLOCK_EVENTS = ("patient_unreachable",)


@dataclass(frozen=True)
class Built:
    digest: Digest
    codes: list[str]
    period: tuple[datetime, datetime]
    chart: bytes


def _observation(app: Rapport, row: Row) -> sig.Observation:
    question = app.dialogs.find(row["dialog_id"], row["question_id"])
    return sig.Observation(
        at=parse(row["answered_at"]),
        dialog=row["dialog_id"],
        question=row["question_id"],
        construct=row["construct"],
        value=stored_value(row["value"]),  # type: ignore[arg-type]
        checkin_id=row["checkin_id"],
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
    conn: Connection,
    patient: Row,
    now: datetime,
    appointment: datetime | None,
    since: datetime | None = None,
) -> Built:
    """Everything since the previous scheduled digest (or since the patient was added).

    `since` rebuilds a past digest's period instead (the demo writes its files that way).
    """
    last = None if since else await digests.last_scheduled(conn, patient["id"])
    start = since or (parse(last["period_to"]) if last else parse(patient["created_at"]))
    lang = patient["clinician_language"]
    history = [
        _observation(app, r) for r in await digests.answers_with_dialog(conn, patient["id"])
    ]
    period = [o for o in history if start < o.at <= now]
    safety_rows = await digests.safety_between(conn, patient["id"], start, now)
    safety = [sig.SafetyEvent(parse(r["at"]), r["category"], r["quote"]) for r in safety_rows]
    red_flags = {r["checkin_id"] for r in safety_rows if r["urgency"] == "medical"}
    response = await _response(conn, patient, start, now)
    activity = sig.Activity(
        response.sent, response.answered, response.missed, response.unreachable, response.paused
    )
    found = sig.evaluate(
        period,
        history,
        activity,
        safety,
        sig.Facts(patient["psychotropic_count"]),
        app.thresholds,
        nocebo_excluded={c for c in red_flags if c is not None},
    )
    previous = json.loads(last["codes"]) if last else []
    labelled, resolved = sig.label_trends(found, previous)
    digest = Digest(
        patient=patient["alias"],
        lang=lang,
        generated_at=now,
        period_from=start,
        period_to=now,
        timezone=patient["timezone"],
        appointment=appointment,
        response=response,
        signals=sig.order(labelled),
        resolved=resolved,
        notes=await _notes(conn, patient, period, start, now),
        questions=_question_text(app, lang),
        chart=chart_series(period, patient["timezone"]),
        describe=_describer(app, lang),
    )
    png = render_chart(digest.chart, chart_labels(app.t, lang), lang=lang)
    return Built(digest, [s.code for s in found], (start, now), png)


async def _response(conn: Connection, patient: Row, start: datetime, end: datetime) -> Response:
    counts = await digests.checkin_counts(conn, patient["id"], start, end)
    pauses = await digests.events_between(conn, patient["id"], PAUSE_EVENTS, start, end)
    blocks = await digests.events_between(conn, patient["id"], BLOCK_EVENTS, start, end)
    return Response(
        sent=counts["sent"] or 0,
        answered=counts["answered"] or 0,
        missed=counts["missed"] or 0,
        paused=len(pauses),
        unreachable=bool(blocks) or patient["status"] == "unreachable",
    )


async def _notes(
    conn: Connection, patient: Row, period: list[sig.Observation], start: datetime, end: datetime
) -> list[Note]:
    notes = [
        Note(o.at, str(o.value), "pre_visit" if o.dialog == "pre_visit" else "note")
        for o in period
        if o.construct == FREE_TEXT and isinstance(o.value, str)
    ]
    for row in await digests.messages_between(conn, patient["id"], start, end):
        notes.append(Note(parse(row["received_at"]), row["text"], "message"))
    return sorted(notes, key=lambda n: n.at)


async def queue_to_chat(
    app: Rapport,
    conn: Connection,
    chat_id: int,
    built: Built,
    patient_id: int,
    key: str,
    now: datetime,
) -> None:
    """The digest as Telegram HTML (more than two parts: the first and the full page attached),
    then the chart as a photo."""
    parts = to_telegram(built.digest, app.t)
    if len(parts) > 2:
        page = to_html(built.digest, app.t, built.chart).encode()
        await outbox.queue(
            conn,
            chat_id,
            "text",
            {"text": parts[0], "html": True},
            now,
            dedupe_key=f"{key}:0",
            patient_id=patient_id,
        )
        await outbox.queue(
            conn,
            chat_id,
            "document",
            {
                "filename": f"digest-{built.digest.patient}.html",
                "data": base64.b64encode(page).decode(),
                "caption": None,
            },
            now,
            dedupe_key=f"{key}:page",
            patient_id=patient_id,
        )
    else:
        for n, part in enumerate(parts):
            await outbox.queue(
                conn,
                chat_id,
                "text",
                {"text": part, "html": True},
                now,
                dedupe_key=f"{key}:{n}",
                patient_id=patient_id,
            )
    await outbox.queue(
        conn,
        chat_id,
        "photo",
        {
            "data": base64.b64encode(built.chart).decode(),
            "caption": built.digest.patient,
        },
        now,
        dedupe_key=f"{key}:chart",
        patient_id=patient_id,
    )


async def deliver_due(app: Rapport, conn: Connection, now: datetime) -> int:
    """Send the scheduled digest of the next appointment that is within the lead time.

    One per call and transaction: rendering a chart is slow and handlers must not wait long.
    """
    until = now + timedelta(hours=app.settings.digest_lead_hours)
    rows = await digests.appointments_needing_digest(conn, now, until, 50)
    for row in rows:
        if row["clinician_chat_id"] is None:
            continue  # retried every sweep until the clinician links their chat
        patient = await people.patient_by_id(conn, row["patient_id"])
        built = await build(app, conn, patient, now, parse(row["at"]))
        digest_id = await digests.record(
            conn,
            patient["id"],
            row["clinician_id"],
            row["id"],
            "scheduled",
            built.period,
            built.codes,
            now,
        )
        if digest_id is None:
            continue
        await queue_to_chat(
            app, conn, row["clinician_chat_id"], built, patient["id"], f"digest:{digest_id}", now
        )
        await events.record(
            conn,
            "digest_sent",
            now,
            actor="system",
            patient_id=patient["id"],
            clinician_id=row["clinician_id"],
            digest_id=digest_id,
        )
        return 1
    return 0


async def on_demand(
    app: Rapport, conn: Connection, patient: Row, actor: str, clinician_id: int | None = None
) -> Built:
    """A digest asked for now (/digest, the CLI): recorded in the audit log, period unchanged."""
    now = app.clock.now()
    upcoming = await digests.next_appointment(conn, patient["id"], now)
    built = await build(app, conn, patient, now, parse(upcoming["at"]) if upcoming else None)
    digest_id = await digests.record(
        conn, patient["id"], clinician_id, None, "on_demand", built.period, built.codes, now
    )
    await events.record(
        conn,
        "digest_viewed",
        now,
        actor=actor,
        patient_id=patient["id"],
        clinician_id=clinician_id,
        digest_id=digest_id,
    )
    return built


def render(app: Rapport, built: Built, fmt: str) -> str:
    """The digest as text, HTML (chart inline) or the stable JSON."""
    if fmt == "json":
        return json.dumps(to_json(built.digest, app.t), ensure_ascii=False, indent=2)
    if fmt == "html":
        return to_html(built.digest, app.t, built.chart)
    return to_text(built.digest, app.t)
