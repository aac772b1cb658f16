"""Neutral notices to a patient's clinician about what the patient decided (stop, erase):
no health content, the alias only, and an audit entry whether or not a chat could be told."""

from __future__ import annotations

from bot.domain.outgoing import Text
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.storage import events
from bot.storage.records import Patient


async def tell_clinician(app: Rapport, out: Replies, patient: Patient, key: str) -> None:
    """Queue `key` (a lifecycle.ftl message taking the alias) to the patient's clinician."""
    chat = patient.clinician_chat_id
    if chat is not None:
        text = app.t(patient.clinician_language, key, alias=patient.alias)
        await out.send(chat, Text(text), key=f"notice:{key}")
    await events.record(
        out.tx,
        "clinician_notified",
        out.now,
        actor="system",
        patient_id=patient.id,
        clinician_id=patient.clinician_id,
        notice=key,
        delivered=chat is not None,
    )
