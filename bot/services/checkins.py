"""A check-in conversation: open it, show each question, take taps and typed answers."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain import callbacks, engine
from bot.domain.callbacks import CheckinTap
from bot.domain.constructs import QType
from bot.domain.dialogs import Dialog, Question, for_turn, with_medicines
from bot.domain.screening import CHAINED, SCREEN
from bot.services import prompts
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import checkins, events
from bot.storage import regimen as regimen_store
from bot.storage import safety as safety_store
from bot.storage.db import Tx
from bot.storage.records import Answer, Checkin, Patient

log = logging.getLogger(__name__)

SAFETY_PLAN = "safety_plan"  # its answers become the patient's safety plan
# Told of each answer given by button once it is saved, before the next question is shown
# (the red flags: bot.services.redflags.on_answer). Its arguments: the unit, the patient, the
# check-in, its dialog, the question answered and every answer now. When it queues a message
# (a reply), the next question follows it as a new message instead of replacing the tapped one.
Answered = Callable[[Unit, Patient, Checkin, Dialog, Question, engine.Answers], Awaitable[None]]


class Closed(Exception):
    """The tap belongs to a check-in that is not open any more; carries the toast key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def answers_of(rows: list[Answer]) -> dict[str, engine.Answer]:
    """Stored answers as the engine's mapping, by question id."""
    return {row.question_id: row.value for row in rows}


async def standing(tx: Tx, checkin: Checkin) -> dict[str, engine.Answer]:
    return answers_of(await checkins.answers(tx, checkin.id))


async def queue(
    app: Rapport,
    tx: Tx,
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
        tx,
        patient_id,
        dialog_id,
        dialog.version,
        slot,
        due,
        expires,
        **origin,  # type: ignore[arg-type]
    )


async def start(u: Unit, patient: Patient, checkin: Checkin, over: int | None = None) -> None:
    """Open a check-in and show its first unanswered question: drawn over the invitation
    `over` when given (Start then costs one call), else sent as a new message."""
    await checkins.mark_open(u.tx, checkin.id, u.now)
    await _record(u, "checkin_opened", checkin)
    if checkin.dialog_id == SCREEN and patient.chat_id is not None:  # a short word first
        key = "screen-intro" if checkin.source == CHAINED else "screen-intro-alone"
        lang = u.app.lang(patient.language)
        if over is not None:  # the invitation stays, without its button, above the word
            await u.out.edit(patient.chat_id, over, u.t(lang, "checkin-invite"))
        await u.out.text(patient.chat_id, u.t(lang, key))
        over = None
    await show(u, patient, checkin, over)


async def _record(u: Unit, kind: str, checkin: Checkin) -> None:
    await events.record(
        u.tx, kind, u.now, actor="patient", patient_id=checkin.patient_id, checkin_id=checkin.id
    )


async def show(
    u: Unit,
    patient: Patient,
    checkin: Checkin,
    over: int | None = None,
    dialog: Dialog | None = None,
    answers: engine.Answers | None = None,
) -> None:
    """The current question of a check-in, or its end when none is left: drawn over message
    `over` when given (an answer then costs one call), else sent as a new message. `dialog`
    and `answers`: the check-in's own (as `live` gave it) and those standing, when the caller
    has them already."""
    if dialog is None:
        dialog = await _theirs(u.tx, u.app.dialogs[checkin.dialog_id], checkin, u.now)
    if answers is None:
        answers = await standing(u.tx, checkin)
    question = engine.current_question(dialog, answers)
    if question is None:
        await _complete(u, patient, checkin, dialog, answers, over)
        return
    lang = u.app.lang(patient.language)
    screen = prompts.question(u.app.t, lang, dialog, question, answers, checkin.id, checkin.draft)
    assert patient.chat_id is not None
    shown = screen if over is None else prompts.in_place(screen, over)
    # The check-in names the row so the sender points prompt_message_id at the question.
    await u.out.send(patient.chat_id, shown, patient_id=patient.id, checkin_id=checkin.id)


async def _complete(
    u: Unit,
    patient: Patient,
    checkin: Checkin,
    dialog: Dialog,
    answers: engine.Answers,
    over: int | None,
) -> None:
    """Finish the check-in; the closing words go into the tapped message when nothing else was
    said, else that message keeps the answers and what follows comes after it."""
    said = u.out.queued
    closing = await _wrap_up(u, patient, checkin)
    lang, chat = u.app.lang(patient.language), patient.chat_id
    assert chat is not None
    if over is not None:
        alone = closing if u.out.queued == said else None
        end = prompts.done(u.app.t, lang, dialog, answers, over, alone)
        await u.out.send(chat, end, patient_id=patient.id)
        if alone is not None:
            return
    if closing is not None:
        await u.out.text(chat, closing, patient_id=patient.id)


async def _wrap_up(u: Unit, patient: Patient, checkin: Checkin) -> str | None:
    """Everything a finished check-in sets off; returns its closing words, or None when what
    it set off (a screen, the screen's own reply) speaks instead."""
    await checkins.finish(u.tx, checkin.id, "completed", u.now)
    await _record(u, "checkin_completed", checkin)
    intake = u.app.dialogs.intake()
    if intake is not None and checkin.dialog_id == intake.id:
        from bot.services import intake_summary  # imported here: it reaches the digests

        await intake_summary.after_intake(u, patient, checkin)
    lang = u.app.lang(patient.language)
    if checkin.dialog_id == SAFETY_PLAN:
        answers = await standing(u.tx, checkin)
        fields = {k: v for k, v in answers.items() if isinstance(v, str)}
        await safety_store.save_plan(u.tx, patient.id, fields, "patient", u.now)
        return u.t(lang, "safety-plan-saved")
    # Imported here: the screen reaches the safety path, whose staff side reaches back here.
    from bot.services import screening

    if checkin.dialog_id == SCREEN:
        if not await screening.finished(u, patient, checkin):
            return None  # the screen's own reply instead of the thanks
    elif await screening.chain(u, patient, checkin):
        return None  # the thanks come at the end of the screen
    upcoming = await checkins.next_for_patient(u.tx, patient.id, u.now)
    if upcoming is None:
        return u.t(lang, "checkin-thanks")
    moment = prompts.when(lang, upcoming.due_at, patient.timezone)
    return u.t(lang, "checkin-thanks-next", when=moment)


async def live(
    app: Rapport, tx: Tx, checkin_id: int, patient: Patient, now: datetime
) -> tuple[Checkin, Dialog]:
    """The open check-in a tap names and its dialog, or Closed: another patient's, finished,
    expired, or begun under another version of its dialog."""
    checkin = await checkins.by_id(tx, checkin_id)
    if checkin is None or checkin.patient_id != patient.id:
        raise Closed("checkin-closed")
    if checkin.status == "pending" and checkin.expires_at > now:
        return checkin, await _theirs(tx, _dialog(app, checkin), checkin, now)
    if checkin.status != "open":
        expired = checkin.status in ("expired", "missed")
        raise Closed("checkin-expired" if expired else "checkin-closed")
    if checkin.expires_at <= now:
        await expire(tx, checkin, now)
        raise Closed("checkin-expired")
    return checkin, await _theirs(tx, _dialog(app, checkin), checkin, now)


async def _theirs(tx: Tx, dialog: Dialog, checkin: Checkin, now: datetime) -> Dialog:
    """The dialog as this check-in asks it: the questions of its turn (bot.domain.dialogs.
    for_turn, counted in storage so a restart asks the same), and a medicine question offers
    the medicines the patient takes now (with_medicines)."""
    if any(q.rotation for q in dialog.questions):
        dialog = for_turn(dialog, await checkins.turn(tx, checkin))
    if not any(q.type is QType.MEDICINE for q in dialog.questions):
        return dialog
    medications = await regimen_store.medications(tx, checkin.patient_id)
    taken = [m.drug for m in medications if m.active_at(now)]
    return with_medicines(dialog, list(dict.fromkeys(taken)))


def _dialog(app: Rapport, checkin: Checkin) -> Dialog:
    dialog = app.dialogs.get(checkin.dialog_id)
    # An edited dialog file must not be applied to a session begun under the old version.
    if dialog is None or dialog.version != checkin.dialog_version:
        raise Closed("checkin-closed")
    return dialog


async def expire(tx: Tx, checkin: Checkin, now: datetime) -> None:
    """Close a check-in whose window ended: partial answers stay, it counts as missed."""
    status = "expired" if checkin.opened_at is not None else "missed"
    await checkins.finish(tx, checkin.id, status, now)
    await events.record(
        tx,
        f"checkin_{status}",
        now,
        actor="system",
        patient_id=checkin.patient_id,
        checkin_id=checkin.id,
    )


async def on_tap(
    u: Unit,
    patient: Patient,
    tap: CheckinTap,
    message_id: int | None,
    answered: Answered | None = None,
) -> str | None:
    """A button of a check-in question; returns a toast for the tap when one is due."""
    checkin, dialog = await live(u.app, u.tx, tap.session, patient, u.now)
    answers = await standing(u.tx, checkin)
    question = engine.current_question(dialog, answers)
    lang = u.app.lang(patient.language)
    if question is None or dialog.index(question.id) != tap.question:
        return u.t(lang, "checkin-stale")  # a double tap, or a button of an earlier question
    if tap.kind == callbacks.TOGGLE:
        await _toggle(u, patient, checkin, dialog, answers, tap, message_id)
        return None
    try:
        after = _apply(dialog, answers, question.id, tap, checkin)
    except engine.InvalidAnswer:
        key = "checkin-multi-empty" if tap.kind == callbacks.DONE else "checkin-stale"
        return u.t(lang, key)
    await _save(u.tx, checkin, dialog, answers, after, u.now)
    if checkin.draft:  # the ticks of a multi-select, now its answer
        await checkins.set_draft(u.tx, checkin.id, None)
    over = message_id
    if answered is not None and tap.kind != callbacks.BACK and question.id in after:
        said = u.out.queued
        await answered(u, patient, checkin, dialog, question, after)
        if over is not None and u.out.queued != said:
            # It replied (a red flag): the answer stays where it was asked, under it what was
            # chosen, and the next question comes after the reply, as before one-call answers.
            record = _answered(u, lang, question, after)
            screen = prompts.answered(u.app.t, lang, dialog, question, answers, over, record)
            await u.out.send(patient.chat_id or 0, screen)
            over = None
    # Nothing is read again (four queries an answer fewer): the dialog as `live` built it (its
    # turn does not change while the patient answers, nothing here changes their medicines);
    # the check-in's row, of which only the draft changed here; the answers `_save` stored.
    await show(u, patient, replace(checkin, draft=()), over, dialog, after)
    return None


def _answered(u: Unit, lang: str, question: Question, after: engine.Answers) -> str:
    label = prompts.answer_label(u.app.t, lang, question, after[question.id])
    return u.t(lang, "checkin-answered", answer=label)


def _apply(
    dialog: Dialog, answers: engine.Answers, qid: str, tap: CheckinTap, checkin: Checkin
) -> dict[str, engine.Answer]:
    if tap.kind == callbacks.BACK:
        return engine.go_back(dialog, answers)
    if tap.kind == callbacks.SKIP:
        return engine.skip(dialog, answers, qid)
    if tap.kind == callbacks.DONE:
        return engine.record(dialog, answers, qid, checkin.draft)
    value = engine.choice_at(dialog.question(qid), tap.option or 0)
    return engine.record(dialog, answers, qid, value)


async def _toggle(
    u: Unit,
    patient: Patient,
    checkin: Checkin,
    dialog: Dialog,
    answers: engine.Answers,
    tap: CheckinTap,
    message_id: int | None,
) -> None:
    question = dialog.questions[tap.question]
    try:
        value = engine.choice_at(question, tap.option or 0)
    except engine.InvalidAnswer:
        return
    draft = engine.toggle(checkin.draft, str(value))
    await checkins.set_draft(u.tx, checkin.id, draft)
    if message_id is not None:
        lang = u.app.lang(patient.language)
        shown = prompts.question(u.app.t, lang, dialog, question, answers, checkin.id, draft)
        await u.out.send(patient.chat_id or 0, prompts.in_place(shown, message_id))


async def _save(
    tx: Tx,
    checkin: Checkin,
    dialog: Dialog,
    before: engine.Answers,
    after: engine.Answers,
    now: datetime,
) -> None:
    """Store what changed; answers a Back or a new branch replaced are kept as superseded."""
    gone = [q for q in before if q not in after or after[q] != before[q]]
    if gone:
        await checkins.supersede(tx, checkin.id, gone, now)
    for qid, value in after.items():
        if qid not in before or before[qid] != value:
            construct = dialog.question(qid).measures
            stored = list(value) if isinstance(value, tuple) else value
            await checkins.save_answer(tx, checkin, qid, construct, stored, now)


async def asking(app: Rapport, tx: Tx, patient_id: int) -> tuple[Dialog, Question] | None:
    """The question the patient's most recently opened check-in waits for, if any."""
    opened = await checkins.open_for_patient(tx, patient_id)
    if not opened:
        return None
    dialog = await _theirs(tx, app.dialogs[opened[0].dialog_id], opened[0], app.clock.now())
    question = engine.current_question(dialog, await standing(tx, opened[0]))
    return None if question is None else (dialog, question)


async def awaiting_text(u: Unit, checkin: Checkin) -> bool:
    """Whether the check-in's current question is one answered by typing."""
    dialog = u.app.dialogs.get(checkin.dialog_id)
    if dialog is None or dialog.version != checkin.dialog_version:
        return False
    dialog = await _theirs(u.tx, dialog, checkin, u.now)
    question = engine.current_question(dialog, await standing(u.tx, checkin))
    return question is not None and question.type is QType.TEXT


async def on_text(
    u: Unit, patient: Patient, checkin: Checkin, text: str, quiet: bool = False
) -> bool:
    """Typed text while a check-in is open: an answer to a text question, or a gentle re-ask.

    Returns True when the text was taken as an answer.
    """
    checkin, dialog = await live(u.app, u.tx, checkin.id, patient, u.now)
    answers = await standing(u.tx, checkin)
    question = engine.current_question(dialog, answers)
    lang, chat = u.app.lang(patient.language), patient.chat_id or 0
    if question is None:
        return False
    if question.type is not QType.TEXT:
        if not quiet:
            await u.out.text(chat, u.t(lang, "checkin-use-buttons"))
            await show(u, patient, checkin)
        return False
    try:
        after = engine.record(dialog, answers, question.id, text)
    except engine.TooLong as exc:
        if not quiet:
            limit = u.t(lang, "checkin-too-long", length=exc.length, limit=exc.limit)
            await u.out.text(chat, limit)
        return False
    except engine.InvalidAnswer:  # blank text: ask again, kindly
        if not quiet:
            await show(u, patient, checkin)
        return False
    await _save(u.tx, checkin, dialog, answers, after, u.now)
    if not quiet:
        await show(u, patient, checkin)
    if checkin.prompt_message_id is not None and question.skippable:
        # Skip goes from the answered question after the next question is on its way: the
        # edit, not the question, is the call that waits for the chat's next second.
        screen = prompts.answered(
            u.app.t, lang, dialog, question, answers, checkin.prompt_message_id, None
        )
        await u.out.send(chat, screen)
    return True
