"""What a clinician can do in their chat: see the digest of one of their own patients."""

from __future__ import annotations

from bot.domain import callbacks
from bot.domain.lifecycle import status_key
from bot.services import digests
from bot.services.unit import Unit
from bot.storage import people
from bot.storage.records import Clinician

LISTED = 50  # patients with a button in /digest's list


async def on_message(u: Unit, doctor: Clinician, text: str) -> None:
    """/digest lists the clinician's own patients; anything else gets the clinician help."""
    lang, chat = doctor.language, doctor.chat_id or 0
    if text.strip().split("@")[0].lower() != "/digest":
        await u.out.text(chat, u.t(lang, "clinician-help"))
        return
    mine = await people.list_patients(u.tx, doctor.id)
    if not mine:
        await u.out.text(chat, u.t(lang, "clinician-no-patients"))
        return
    # Every patient with where they stand (stopped, erased...); a digest only where one can be.
    lines = [f"• {p.alias}: {u.t(lang, status_key(p.status, p.paused_by))}" for p in mine]
    keyboard = [
        [(p.alias, callbacks.encode(callbacks.DIGEST, p.id))] for p in mine if p.status != "erased"
    ][:LISTED]
    text = "\n".join([u.t(lang, "clinician-choose-patient"), "", *lines[:LISTED]])
    await u.out.text(chat, text, keyboard)


async def on_tap(u: Unit, doctor: Clinician, data: callbacks.Callback) -> str | None:
    """A patient chosen for a digest: only ever one of this clinician's own."""
    patient_id = data.number(0) if len(data.parts) == 1 else None
    patient = await people.patient_by_id(u.tx, patient_id) if patient_id is not None else None
    if patient is None or patient.clinician_id != doctor.id or patient.status == "erased":
        return u.t(doctor.language, "clinician-not-yours")
    await digests.request(
        u.app, u.tx, patient, u.now, chat_id=doctor.chat_id, actor=f"clinician:{doctor.id}"
    )
    u.after.append(digests.kick(u.app))
    return None
