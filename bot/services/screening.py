"""The suicide screen in the conversation (bot/domain/screening.py says when and what it means).

  chain(u, patient, after)      right after a check-in is finished: the screen, when it is due,
                                as a check-in of its own (a short word first, then its questions)
  finished(u, patient, screen)  its answers acted on: all no, the usual thanks; a yes about right
                                now, the crisis path at once (bot.services.safety.crisis); any
                                other yes, a caring reply with the plan and the resources, and a
                                same-day task for the clinician
  on_done(u, tapper, data)      "Done" on a task, by the care team

A task goes to the clinician's chat (the on-call chat when the clinician has none) at once and
tops every digest until someone marks it done.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.domain import callbacks, screening
from bot.domain.callbacks import Callback
from bot.domain.screening import CHAINED, SCREEN, Task
from bot.services import alerts, safety
from bot.services import checkins as conversation
from bot.services import regimen as regimens
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import checkins, events, people, tasks
from bot.storage import safety as safety_store
from bot.storage.records import Checkin, Patient

log = logging.getLogger(__name__)


async def chain(u: Unit, patient: Patient, after: Checkin) -> bool:
    """Start the screen right after `after` was finished, when it is due; True when it did."""
    if SCREEN not in u.app.dialogs or patient.status != "active" or patient.chat_id is None:
        return False
    reason = await _due(u, patient, after)
    if reason is None:
        return False
    slot = f"{CHAINED}-{after.id}"
    new_id = await conversation.queue(u.app, u.tx, patient.id, SCREEN, slot, u.now, source=CHAINED)
    screen = await checkins.by_id(u.tx, new_id) if new_id is not None else None
    if screen is None:
        return False
    await events.record(
        u.tx, "screen_asked", u.now, actor="system", patient_id=patient.id,
        checkin_id=screen.id, reason=reason,
    )  # fmt: skip
    await conversation.start(u, patient, screen)
    return True


async def _due(u: Unit, patient: Patient, after: Checkin) -> screening.Reason | None:
    """Why the screen follows `after`, or None (risks: the safety events it did not raise)."""
    tx, dialog = u.tx, u.app.dialogs.get(after.dialog_id)
    screens = [c for c in await checkins.for_patient(tx, patient.id) if c.dialog_id == SCREEN]
    finished = [c.completed_at for c in screens if c.status == "completed" and c.completed_at]
    ids = {c.id for c in screens}
    risks = [e.at for e in await safety_store.events_of(tx, patient.id) if e.checkin_id not in ids]
    return screening.due(
        after.dialog_id,
        intake=dialog is not None and dialog.intake,
        now=u.now,
        regimen=await regimens.of_patient(tx, patient.id),
        risks=risks,
        last_screen=max(finished, default=None),
    )


async def finished(u: Unit, patient: Patient, screen: Checkin) -> bool:
    """Act on a finished screen; True when every answer was no (the usual thanks follow)."""
    answers = {
        a.construct: a.value for a in await checkins.answers(u.tx, screen.id) if a.construct
    }
    found = screening.result(answers)
    if found == "negative":
        return True
    said = _items(u.app, patient.clinician_language, answers)
    if found == "acute":
        quote = u.t(patient.clinician_language, "screen-quote", items=said)
        await safety.crisis(u, patient, quote=quote, source="screening", checkin_id=screen.id)
        return False
    lang, chat = u.app.lang(patient.language), patient.chat_id or u.msg.chat_id
    await u.out.text(chat, u.t(lang, "screen-positive-reply"), delivery=safety.CRISIS)
    await safety.with_plan(u, chat, patient, lang)
    await _task(u, patient, screen, answers)
    return False


def _items(app: Rapport, lang: str, answers: Mapping[str, object]) -> str:
    """The items answered yes, in the care team's words."""
    yes = [c for c in screening.CONSTRUCTS if answers.get(c) == "yes"]
    return "; ".join(app.t(lang, "screen-item-" + c.split(".")[1].replace("_", "-")) for c in yes)


async def _task(u: Unit, patient: Patient, screen: Checkin, answers: Mapping[str, object]) -> None:
    """A same-day task, recorded and sent to the clinician now, with its "Done" button."""
    due = u.now + screening.TASK_WITHIN
    kind = screening.POSITIVE_TASK
    task_id = await tasks.add(u.tx, patient.id, kind, screen.id, u.now, due)
    await events.record(
        u.tx, "task_created", u.now, actor="system", patient_id=patient.id,
        clinician_id=patient.clinician_id, task_id=task_id, task_kind=kind,
    )  # fmt: skip
    targets = alerts.targets(u.app, patient)[:1]  # the clinician's chat, else the on-call chat
    if not targets:
        log.error("task %s for patient %s: no clinician chat or on-call chat", task_id, patient.id)
    for chat_id, lang in targets:
        due_at = alerts.stamp(u.app, lang, due)
        items = _items(u.app, lang, answers)
        text = u.t(lang, "task-screen-positive", patient=patient.alias, due=due_at, items=items)
        done = [[(u.t(lang, "task-done-button"), callbacks.encode(callbacks.TASK_DONE, task_id))]]
        await u.out.text(chat_id, text, done, patient_id=patient.id, delivery="at_least_once")


async def on_done(u: Unit, tapper: alerts.Tapper, data: Callback) -> str | None:
    """ "Done" on a task: the first tap counts, recorded with who pressed it."""
    lang = await alerts.language(u, tapper)
    task_id = data.number(0) if len(data.parts) == 1 else None
    task: Task | None = await tasks.by_id(u.tx, task_id) if task_id is not None else None
    patient = await people.patient_by_id(u.tx, task.patient_id) if task else None
    if task is None or patient is None:
        return u.t(lang, "task-unknown")
    if not tapper.may(patient):
        return u.t(lang, "alert-not-allowed")
    if not await tasks.done(u.tx, task.id, tapper.name, u.now):
        when = alerts.stamp(u.app, lang, task.done_at or u.now)
        return u.t(lang, "task-already", name=task.done_by_name or "", when=when)
    await events.record(
        u.tx, "task_done", u.now, actor=tapper.actor, patient_id=patient.id,
        clinician_id=patient.clinician_id, task_id=task.id, by_name=tapper.name,
    )  # fmt: skip
    when = alerts.stamp(u.app, lang, u.now)
    await u.out.text(u.msg.chat_id, u.t(lang, "task-done", name=tapper.name, when=when))
    return u.t(lang, "task-done-thanks")
