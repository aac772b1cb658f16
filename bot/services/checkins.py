"""A check-in conversation: open it, show each question, take taps and typed answers."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from aiosqlite import Connection

from bot.domain import callbacks, engine
from bot.domain.callbacks import CheckinTap
from bot.domain.constructs import QType
from bot.domain.dialogs import Dialog
from bot.services import prompts
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.storage import checkins, events
from bot.storage import safety as safety_store
from bot.storage.db import Row
from bot.storage.times import parse

log = logging.getLogger(__name__)

SAFETY_PLAN = "safety_plan"  # its answers become the patient's safety plan


class Closed(Exception):
    """The tap belongs to a check-in that is not open any more; carries the toast key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def stored_value(raw: str | None) -> engine.Answer:
    """A stored answer as the engine's value (multi answers come back as tuples)."""
    value = None if raw is None else json.loads(raw)
    return tuple(value) if isinstance(value, list) else value


def load_answers(rows: list[Row]) -> dict[str, engine.Answer]:
    """Stored answers as the engine's mapping, by question id."""
    return {row["question_id"]: stored_value(row["value"]) for row in rows}


async def queue(
    app: Rapport,
    conn: Connection,
    patient_id: int,
    dialog_id: str,
    slot: str,
    due: datetime,
    **origin: int | str | None,
) -> int | None:
    """Put a check-in in the table; the unique slot makes a repeat harmless."""
    dialog = app.dialogs[dialog_id]
    expires = due + timedelta(hours=dialog.window_hours)
    return await checkins.create(
        conn, patient_id, dialog_id, dialog.version, slot, due, expires, **origin
    )


async def start(app: Rapport, conn: Connection, out: Replies, patient: Row, checkin: Row) -> None:
    """Open a check-in and show its first unanswered question."""
    await checkins.mark_open(conn, checkin["id"], out.now)
    await events.record(
        conn,
        "checkin_opened",
        out.now,
        actor="patient",
        patient_id=patient["id"],
        checkin_id=checkin["id"],
    )
    await _show(app, conn, out, patient, checkin)


async def invite(app: Rapport, conn: Connection, out: Replies, patient: Row, checkin: Row) -> None:
    """The neutral lock-screen-safe invitation with a Start button."""
    lang = app.lang(patient["language"])
    button = (app.t(lang, "checkin-start"), callbacks.encode("o", checkin["id"]))
    await out.text(
        patient["chat_id"], app.t(lang, "checkin-invite"), [[button]], patient_id=patient["id"]
    )


async def _show(app: Rapport, conn: Connection, out: Replies, patient: Row, checkin: Row) -> None:
    dialog = app.dialogs[checkin["dialog_id"]]
    answers = load_answers(await checkins.answers(conn, checkin["id"]))
    question = engine.current_question(dialog, answers)
    if question is None:
        await _complete(app, conn, out, patient, checkin)
        return
    draft = json.loads(checkin["draft"]) if checkin["draft"] else []
    lang = app.lang(patient["language"])
    text = prompts.question_text(app.t, lang, dialog, question, answers)
    keyboard = prompts.question_keyboard(
        app.t, lang, dialog, question, answers, checkin["id"], draft
    )
    await out.text(
        patient["chat_id"], text, keyboard, patient_id=patient["id"], checkin_id=checkin["id"]
    )


async def _complete(
    app: Rapport, conn: Connection, out: Replies, patient: Row, checkin: Row
) -> None:
    await checkins.finish(conn, checkin["id"], "completed", out.now)
    await events.record(
        conn,
        "checkin_completed",
        out.now,
        actor="patient",
        patient_id=patient["id"],
        checkin_id=checkin["id"],
    )
    lang = app.lang(patient["language"])
    if checkin["dialog_id"] == SAFETY_PLAN:
        answers = load_answers(await checkins.answers(conn, checkin["id"]))
        fields = {k: v for k, v in answers.items() if isinstance(v, str)}
        await safety_store.save_plan(conn, patient["id"], fields, "patient", out.now)
        await out.text(patient["chat_id"], app.t(lang, "safety-plan-saved"))
        return
    upcoming = await checkins.next_for_patient(conn, patient["id"], out.now)
    if upcoming is None:
        text = app.t(lang, "checkin-thanks")
    else:
        moment = prompts.when(lang, parse(upcoming["due_at"]), patient["timezone"])
        text = app.t(lang, "checkin-thanks-next", when=moment)
    await out.text(patient["chat_id"], text, patient_id=patient["id"])


async def live(
    app: Rapport, conn: Connection, checkin_id: int, patient: Row, now: datetime
) -> tuple[Row, Dialog]:
    """The open check-in a tap names, or Closed: another patient's, finished or expired."""
    checkin = await checkins.by_id(conn, checkin_id)
    if checkin is None or checkin["patient_id"] != patient["id"]:
        raise Closed("checkin-closed")
    if checkin["status"] == "pending" and parse(checkin["expires_at"]) > now:
        return checkin, _dialog(app, checkin)
    if checkin["status"] != "open":
        raise Closed(
            "checkin-expired" if checkin["status"] in ("expired", "missed") else "checkin-closed"
        )
    if parse(checkin["expires_at"]) <= now:
        await expire(conn, checkin, now)
        raise Closed("checkin-expired")
    return checkin, _dialog(app, checkin)


def _dialog(app: Rapport, checkin: Row) -> Dialog:
    dialog = app.dialogs.get(checkin["dialog_id"])
    # An edited dialog file must not be applied to a session begun under the old version.
    if dialog is None or dialog.version != checkin["dialog_version"]:
        raise Closed("checkin-closed")
    return dialog


async def expire(conn: Connection, checkin: Row, now: datetime) -> None:
    """Close a check-in whose window ended: partial answers stay, it counts as missed."""
    status = "expired" if checkin["opened_at"] is not None else "missed"
    await checkins.finish(conn, checkin["id"], status, now)
    await events.record(
        conn,
        f"checkin_{status}",
        now,
        actor="system",
        patient_id=checkin["patient_id"],
        checkin_id=checkin["id"],
    )


async def on_tap(
    app: Rapport,
    conn: Connection,
    out: Replies,
    patient: Row,
    tap: CheckinTap,
    message_id: int | None,
) -> str | None:
    """A button of a check-in question; returns a toast for the tap when one is due."""
    checkin, dialog = await live(app, conn, tap.session, patient, out.now)
    answers = load_answers(await checkins.answers(conn, checkin["id"]))
    question = engine.current_question(dialog, answers)
    lang = app.lang(patient["language"])
    if question is None or dialog.index(question.id) != tap.question:
        return app.t(lang, "checkin-stale")  # a double tap, or a button of an earlier question
    if tap.kind == callbacks.TOGGLE:
        return await _toggle(app, conn, out, patient, checkin, dialog, answers, tap, message_id)
    try:
        after = _apply(dialog, answers, question.id, tap, checkin)
    except engine.InvalidAnswer:
        key = "checkin-multi-empty" if tap.kind == callbacks.DONE else "checkin-stale"
        return app.t(lang, key)
    await _save(conn, checkin, dialog, answers, after, out.now)
    if message_id is not None:
        shown = prompts.question_text(app.t, lang, dialog, question, answers)
        record = (
            "↩"
            if tap.kind == callbacks.BACK
            else app.t(
                lang,
                "checkin-answered",
                answer=prompts.answer_label(app.t, lang, question, after[question.id]),
            )
        )
        await out.edit(patient["chat_id"], message_id, f"{shown}\n\n{record}")
    await checkins.set_draft(conn, checkin["id"], None)
    checkin = await checkins.by_id(conn, checkin["id"])
    await _show(app, conn, out, patient, checkin)
    return None


def _apply(
    dialog: Dialog, answers: engine.Answers, qid: str, tap: CheckinTap, checkin: Row
) -> dict[str, engine.Answer]:
    if tap.kind == callbacks.BACK:
        return engine.go_back(dialog, answers)
    if tap.kind == callbacks.SKIP:
        return engine.skip(dialog, answers, qid)
    if tap.kind == callbacks.DONE:
        draft = json.loads(checkin["draft"]) if checkin["draft"] else []
        return engine.record(dialog, answers, qid, tuple(draft))
    value = engine.choice_at(dialog.question(qid), tap.option or 0)
    return engine.record(dialog, answers, qid, value)


async def _toggle(
    app: Rapport,
    conn: Connection,
    out: Replies,
    patient: Row,
    checkin: Row,
    dialog: Dialog,
    answers: engine.Answers,
    tap: CheckinTap,
    message_id: int | None,
) -> str | None:
    question = dialog.questions[tap.question]
    try:
        value = engine.choice_at(question, tap.option or 0)
    except engine.InvalidAnswer:
        return None
    draft = engine.toggle(json.loads(checkin["draft"]) if checkin["draft"] else [], str(value))
    await checkins.set_draft(conn, checkin["id"], draft)
    if message_id is not None:
        lang = app.lang(patient["language"])
        text = prompts.question_text(app.t, lang, dialog, question, answers)
        keyboard = prompts.question_keyboard(
            app.t, lang, dialog, question, answers, checkin["id"], draft
        )
        await out.edit(patient["chat_id"], message_id, text, keyboard)
    return None


async def _save(
    conn: Connection,
    checkin: Row,
    dialog: Dialog,
    before: engine.Answers,
    after: engine.Answers,
    now: datetime,
) -> None:
    """Store what changed; answers a Back or a new branch replaced are kept as superseded."""
    gone = [q for q in before if q not in after or after[q] != before[q]]
    await checkins.supersede(conn, checkin["id"], gone, now)
    for qid, value in after.items():
        if qid not in before or before[qid] != value:
            construct = dialog.question(qid).measures
            stored = list(value) if isinstance(value, tuple) else value
            await checkins.save_answer(conn, checkin, qid, construct, stored, now)


async def on_text(
    app: Rapport,
    conn: Connection,
    out: Replies,
    patient: Row,
    checkin: Row,
    text: str,
    quiet: bool = False,
) -> bool:
    """Typed text while a check-in is open: an answer to a text question, or a gentle re-ask.

    Returns True when the text was taken as an answer.
    """
    checkin, dialog = await live(app, conn, checkin["id"], patient, out.now)
    answers = load_answers(await checkins.answers(conn, checkin["id"]))
    question = engine.current_question(dialog, answers)
    lang = app.lang(patient["language"])
    if question is None:
        return False
    if question.type is not QType.TEXT:
        if not quiet:
            await out.text(patient["chat_id"], app.t(lang, "checkin-use-buttons"))
            await _show(app, conn, out, patient, checkin)
        return False
    try:
        after = engine.record(dialog, answers, question.id, text)
    except engine.TooLong as exc:
        if not quiet:
            limit = app.t(lang, "checkin-too-long", length=exc.length, limit=exc.limit)
            await out.text(patient["chat_id"], limit)
        return False
    except engine.InvalidAnswer:  # blank text: ask again, kindly
        if not quiet:
            await _show(app, conn, out, patient, checkin)
        return False
    await _save(conn, checkin, dialog, answers, after, out.now)
    if checkin["prompt_message_id"] is not None and question.skippable:
        shown = prompts.question_text(app.t, lang, dialog, question, answers)
        await out.edit(patient["chat_id"], checkin["prompt_message_id"], shown)  # drop Skip
    if not quiet:
        await _show(app, conn, out, patient, checkin)
    return True
