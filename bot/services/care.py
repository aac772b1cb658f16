"""The day after a crisis reply, a short caring contact: "how are you today?", with /sos a tap
away. One per patient-local day of crisis, at CARE_AT their time or when their quiet hours end;
never to a patient who stopped or was erased since."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import callbacks
from bot.domain.alerts import care_due
from bot.domain.outgoing import Text, buttons
from bot.domain.scheduling import respect_quiet
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.storage import alerts as store
from bot.storage import events, people
from bot.storage.db import Tx
from bot.storage.records import CareContact, Patient

# Who still hears from the bot: a pause stops check-ins, not a word of care after a crisis.
REACHABLE = ("active", "paused")


async def schedule(tx: Tx, patient: Patient, now: datetime) -> None:
    """After a crisis reply: the next day's contact, unless that day already has one."""
    day, due = care_due(now, ZoneInfo(patient.timezone), patient.quiet)
    await store.add_care(tx, patient.id, day, due)


async def send(app: Rapport, tx: Tx, row: CareContact, now: datetime) -> None:
    """A caring contact whose time has come (the sweep finds them): sent, or waiting for the end
    of quiet hours, or cancelled for a patient who stopped or was erased."""
    patient = await people.patient_by_id(tx, row.patient_id)
    if patient is None or patient.status not in REACHABLE or patient.chat_id is None:
        await store.care_done(tx, row.id, "cancelled", now)
        reason = patient.status if patient is not None else "gone"
        await events.record(
            tx,
            "care_contact_not_sent",
            now,
            actor="system",
            patient_id=row.patient_id,
            reason=reason,
        )
        return
    # Due while the bot was down, or the patient's quiet hours changed since: it waits.
    at = respect_quiet(now, ZoneInfo(patient.timezone), patient.quiet)
    if at != now:
        await store.care_later(tx, row.id, at)
        return
    lang = app.lang(patient.language)
    sos = [[(app.t(lang, "care-contact-sos"), callbacks.encode(callbacks.SOS))]]
    message = Text(app.t(lang, "care-contact"), buttons(sos))
    out = Replies(tx, f"care:{row.id}", now)
    await out.send(
        patient.chat_id, message, patient_id=patient.id, key="contact", delivery="at_least_once"
    )
    await store.care_done(tx, row.id, "sent", now)
    await events.record(tx, "care_contact_sent", now, actor="system", patient_id=patient.id)
