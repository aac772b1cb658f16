"""The patient's rights over what is stored: see all of it (/mydata), erase it (/delete), and
have it forgotten with time (RAPPORT_RETENTION_DAYS)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.domain import callbacks
from bot.domain.lifecycle import Actor
from bot.domain.outgoing import Document, Text
from bot.services import export, lifecycle, notices, planning
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import events, people, privacy
from bot.storage.db import Tx
from bot.storage.records import Patient

# Retention runs with the sweep, but a pass an hour is plenty: each one scans the outbox and
# ends with a checkpoint that rewrites the file's freed pages.
RETENTION_EVERY = timedelta(hours=1)
RETENTION_MARK = "retention_ran_at"


async def mydata(u: Unit, patient: Patient) -> None:
    """/mydata: everything stored about the patient, sent to them as two files: JSON for
    programs, plain text in their language for them."""
    exported = await privacy.collect(u.tx, patient.id)
    as_json = json.dumps(exported, ensure_ascii=False, indent=2, default=str).encode()
    as_text = (await export.readable(u.app, u.tx, patient, u.now)).encode()
    chat = patient.chat_id or 0
    for name, data in (
        (f"rapport-{patient.alias}.json", as_json),
        (f"rapport-{patient.alias}.txt", as_text),
    ):
        # A copy must not outlive what it copies (an erasure, retention): wiped once sent.
        await u.out.send(chat, Document(name, data), patient_id=patient.id, key=name, scrub=True)
    await u.out.text(chat, u.t(u.app.lang(patient.language), "privacy-mydata"))
    await events.record(u.tx, "data_exported", u.now, actor="patient", patient_id=patient.id)


async def ask_delete(u: Unit, patient: Patient) -> None:
    """/delete: nothing is erased until the patient confirms."""
    lang = u.app.lang(patient.language)
    keyboard = [
        [(u.t(lang, "privacy-delete-yes"), callbacks.encode(callbacks.ERASE, "y"))],
        [(u.t(lang, "privacy-delete-no"), callbacks.encode(callbacks.ERASE, "n"))],
    ]
    await u.out.text(patient.chat_id or 0, u.t(lang, "privacy-delete-confirm"), keyboard)


async def confirm_delete(u: Unit, patient: Patient, yes: bool, message_id: int | None) -> None:
    """The answer to /delete's question; an erasure is also wiped from the file after commit."""
    lang, chat_id = u.app.lang(patient.language), patient.chat_id or 0
    if not yes:
        if message_id is not None:
            await u.out.edit(chat_id, message_id, u.t(lang, "privacy-delete-kept"))
        return
    await erase(u.tx, patient, "patient", u.now)
    # Queued after the erasure so it goes out; then wiped, chat number and all.
    await u.out.send(chat_id, Text(u.t(lang, "privacy-deleted")), scrub=True)
    await notices.tell_clinician(u.app, u.out, patient, "lifecycle-clinician-erased")
    u.after.append(lambda: privacy.forget_from_disk(u.app.db))


async def erase(tx: Tx, patient: Patient, by: str, now: datetime) -> None:
    """Erase answers, messages, what was sent about them and every trace of their Telegram
    ids; the audit log keeps only that it happened."""
    actor: Actor = "patient" if by == "patient" else "staff"
    telegram_ids = [i for i in (patient.chat_id, patient.telegram_user_id) if i is not None]
    await privacy.erase(tx, patient.id, telegram_ids, now)
    await lifecycle.move(tx, patient, "erase", actor, now, by=by)


async def erase_by_alias(app: Rapport, tx: Tx, alias: str) -> Patient:
    """`rapport patient erase`: the same erasure, asked for by staff (the caller wipes the
    file once the transaction is committed)."""
    patient = await planning.patient(tx, alias)
    await erase(tx, patient, "staff:cli", app.clock.now())
    return patient


def cutoff(app: Rapport, now: datetime) -> datetime | None:
    """Words from before this moment are not kept (RAPPORT_RETENTION_DAYS); None: all are."""
    days = app.settings.retention_days
    return now - timedelta(days=days) if days else None


async def apply_retention(app: Rapport, tx: Tx, now: datetime) -> int:
    """RAPPORT_RETENTION_DAYS: the patient's words older than that go, wherever they were
    kept; returns how many things changed (the caller then wipes them from the file)."""
    before, days = cutoff(app, now), app.settings.retention_days
    if before is None:
        return 0
    last = await people.get_meta(tx, RETENTION_MARK)
    if last is not None and now - datetime.fromisoformat(last) < RETENTION_EVERY:
        return 0
    await people.set_meta(tx, RETENTION_MARK, now.isoformat())
    counts = await privacy.expire_older_than(tx, before, now)
    changed = sum(counts.values())
    if changed:
        await events.record(tx, "retention_applied", now, actor="system", days=days, **counts)
    return changed
