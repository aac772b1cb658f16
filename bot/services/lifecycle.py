"""Every change of a patient's status goes through here: the state machine in
bot/domain/lifecycle.py decides, this stores the new status and records its audit event."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from bot.domain import lifecycle as lc
from bot.storage import events, people, plans
from bot.storage.db import Tx
from bot.storage.records import Patient

NotAllowed = lc.NotAllowed
PLANNED = ("active", "paused")  # the statuses whose schedules the sweep plans ahead


async def move(
    tx: Tx,
    patient: Patient,
    action: lc.Action,
    actor: lc.Actor,
    now: datetime,
    *,
    by: str | None = None,
) -> Patient | None:
    """Apply `action`; the patient as they now are, or None when it changes nothing.

    Raises NotAllowed (with a reason key) when the state machine refuses it. `by` names who
    did it in the audit log when that is more than the actor's kind ("staff:cli").
    """
    try:
        change = lc.transition(patient.status, patient.paused_by, action, actor)
    except lc.Unchanged:
        return None
    await people.set_patient_status(tx, patient.id, change.status, change.paused_by)
    if change.status in PLANNED and patient.status not in PLANNED:
        # Schedules were not planned while the patient was out of reach: start from now, or
        # every occurrence of that time would be queued at once and counted as missed.
        await plans.plan_from(tx, patient.id, now)
    await events.record(
        tx,
        change.event,
        now,
        actor=by or actor,
        patient_id=patient.id,
        clinician_id=patient.clinician_id,
    )
    return dataclasses.replace(patient, status=change.status, paused_by=change.paused_by)
