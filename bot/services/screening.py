"""The suicide screen in the conversation (bot/domain/screening.py says when and what it means).

  chain(u, patient, after)      right after a check-in is finished: the screen, when it is due,
                                as a check-in of its own (a short word first, then its questions)
  finished(u, patient, screen)  its answers acted on: all no, the usual thanks; a yes about right
                                now, the crisis path at once (bot.services.safety.crisis); any
                                other yes, a caring reply with the plan and the resources, and a
                                same-day task for the clinician

A task is made, sent and marked done by bot/services/worklist.py.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.domain import screening
from bot.domain.screening import CHAINED, SCREEN
from bot.services import checkins as conversation
from bot.services import regimen as regimens
from bot.services import safety, worklist
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import checkins, events
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
    """A same-day task for the clinician, naming the items answered yes."""

    def text(lang: str, due: str) -> str:
        items = _items(u.app, lang, answers)
        return u.t(lang, "task-screen-positive", patient=patient.alias, due=due, items=items)

    await worklist.assign(u, patient, screening.POSITIVE_TASK, text, screen.id)
