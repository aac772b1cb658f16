"""The patient's rights over what is stored: see all of it (/mydata), erase it (/delete)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from bot.domain import callbacks
from bot.domain.lifecycle import Actor
from bot.domain.outgoing import Document
from bot.services import lifecycle, notices, planning
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import events, privacy
from bot.storage.db import Tx
from bot.storage.records import Patient


def readable(data: dict[str, Any]) -> str:
    """A plain-text rendering of an export, for people rather than programs."""
    lines = []
    for table, rows in data.items():
        lines.append(f"== {table} ({len(rows)})")
        lines.extend(json.dumps(row, ensure_ascii=False) for row in rows)
        lines.append("")
    return "\n".join(lines)


def export_files(data: dict[str, Any]) -> tuple[bytes, bytes]:
    """The export as JSON (for programs) and as readable text (for people)."""
    as_json = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    return as_json, readable(data).encode()


async def mydata(u: Unit, patient: Patient) -> None:
    """/mydata: everything stored about the patient, sent to them as two files."""
    as_json, as_text = export_files(await privacy.collect(u.tx, patient.id))
    chat = patient.chat_id or 0
    for name, data in (
        (f"rapport-{patient.alias}.json", as_json),
        (f"rapport-{patient.alias}.txt", as_text),
    ):
        await u.out.send(chat, Document(name, data), patient_id=patient.id, key=name)
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
    # Queued after the erasure so they survive it; they hold nothing about the patient.
    await u.out.text(chat_id, u.t(lang, "privacy-deleted"))
    await notices.tell_clinician(u.app, u.out, patient, "lifecycle-clinician-erased")
    u.after.append(lambda: privacy.forget_from_disk(u.app.db))


async def erase(tx: Tx, patient: Patient, by: str, now: datetime) -> None:
    """Erase answers, messages and the chat link; the audit log keeps only that it happened."""
    actor: Actor = "patient" if by == "patient" else "staff"
    await privacy.erase(tx, patient.id, patient.chat_id, now)
    await lifecycle.move(tx, patient, "erase", actor, now, by=by)


async def erase_by_alias(app: Rapport, tx: Tx, alias: str) -> Patient:
    """`rapport patient erase`: the same erasure, asked for by staff (the caller wipes the
    file once the transaction is committed)."""
    patient = await planning.patient(tx, alias)
    await erase(tx, patient, "staff:cli", app.clock.now())
    return patient


async def apply_retention(app: Rapport, tx: Tx, now: datetime) -> int:
    """RAPPORT_RETENTION_DAYS: answers and messages older than that are removed."""
    days = app.settings.retention_days
    if not days:
        return 0
    removed = await privacy.expire_older_than(tx, now - timedelta(days=days))
    if removed:
        await events.record(tx, "retention_applied", now, actor="system", removed=removed)
    return 0  # one pass per sweep is enough
