"""Same-day tasks for the clinician: made, sent at once, done by a tap.

  assign(u, patient, kind, text, checkin_id, ...)   record, audit, send with its "Done" button
  on_done(u, tapper, data)                          "Done" on a task, by the care team

A task goes to the clinician's chat (the on-call chat when the clinician has none) at once and
tops every digest until someone marks it done. It is not chased like an urgent alert: the
clinician acts within the day. Two kinds make one: a positive screen that is not acute
(bot/services/screening.py), and a medication red flag whose level is "same_day"
(bot/domain/redflags.toml; bot/services/safety.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.domain import callbacks, screening
from bot.domain.callbacks import Callback
from bot.domain.screening import Task
from bot.services import alerts
from bot.services.unit import Unit
from bot.storage import events, people, tasks
from bot.storage.records import Patient

log = logging.getLogger(__name__)


async def assign(
    u: Unit,
    patient: Patient,
    kind: str,
    text: Callable[[str, str], str],
    checkin_id: int | None = None,
    *,
    drug: str | None = None,
    flag: str | None = None,
    window: str | None = None,
) -> int:
    """A same-day task, recorded and sent now. `text(lang, due)` is the message in a language,
    given when it is due as the reader reads it."""
    due = u.now + screening.TASK_WITHIN
    task_id = await tasks.add(
        u.tx, patient.id, kind, checkin_id, u.now, due, drug=drug, flag=flag, window=window
    )
    await events.record(
        u.tx, "task_created", u.now, actor="system", patient_id=patient.id,
        clinician_id=patient.clinician_id, task_id=task_id, task_kind=kind,
    )  # fmt: skip
    targets = alerts.targets(u.app, patient)[:1]  # the clinician's chat, else the on-call chat
    if not targets:
        log.error("task %s for patient %s: no clinician chat or on-call chat", task_id, patient.id)
    for chat_id, lang in targets:
        message = text(lang, alerts.stamp(u.app, lang, due))
        done = [[(u.t(lang, "task-done-button"), callbacks.encode(callbacks.TASK_DONE, task_id))]]
        await u.out.text(chat_id, message, done, patient_id=patient.id, delivery="at_least_once")
    return task_id


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
