"""The patient's rights over what is stored: see all of it (/mydata), erase it (/delete)."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

from aiosqlite import Connection

from bot.domain import callbacks
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.services.replies import Replies
from bot.storage import events, outbox, people, privacy
from bot.storage.db import Row

ERASE = "z"  # callback kind: confirm (y) or keep (n) an erasure


def export_files(data: dict) -> tuple[bytes, bytes]:
    """The export as JSON (for programs) and as readable text (for people)."""
    as_json = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    return as_json, privacy.readable(data).encode()


async def mydata(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    """/mydata: everything stored about the patient, sent to them as two files."""
    lang = app.lang(patient["language"])
    as_json, as_text = export_files(await privacy.collect(conn, patient["id"]))
    for name, data in (
        (f"rapport-{patient['alias']}.json", as_json),
        (f"rapport-{patient['alias']}.txt", as_text),
    ):
        payload = {"filename": name, "data": base64.b64encode(data).decode(), "caption": None}
        await outbox.queue(
            conn,
            patient["chat_id"],
            "document",
            payload,
            out.now,
            dedupe_key=f"u{out.update_id}:{name}",
            patient_id=patient["id"],
        )
    await out.text(patient["chat_id"], app.t(lang, "privacy-mydata"))
    await events.record(conn, "data_exported", out.now, actor="patient", patient_id=patient["id"])


async def ask_delete(app: Rapport, conn: Connection, out: Replies, patient: Row) -> None:
    """/delete: nothing is erased until the patient confirms."""
    lang = app.lang(patient["language"])
    keyboard = [
        [(app.t(lang, "privacy-delete-yes"), callbacks.encode(ERASE, "y"))],
        [(app.t(lang, "privacy-delete-no"), callbacks.encode(ERASE, "n"))],
    ]
    await out.text(patient["chat_id"], app.t(lang, "privacy-delete-confirm"), keyboard)


async def confirm_delete(
    app: Rapport, conn: Connection, out: Replies, patient: Row, yes: bool, message_id: int | None
) -> bool:
    """The answer to /delete's question; True when the patient's data was erased."""
    lang, chat_id = app.lang(patient["language"]), patient["chat_id"]
    if not yes:
        if message_id is not None:
            await out.edit(chat_id, message_id, app.t(lang, "privacy-delete-kept"))
        return False
    await erase(conn, patient, "patient", out.now)
    # Queued after the erasure so it survives it; it holds nothing about the patient.
    await out.text(chat_id, app.t(lang, "privacy-deleted"))
    return True


async def erase(conn: Connection, patient: Row, actor: str, now: datetime) -> None:
    """Erase answers, messages and the chat link; the audit log keeps only that it happened."""
    await privacy.erase(conn, patient["id"], patient["chat_id"], now)
    await events.record(
        conn,
        "patient_erased",
        now,
        actor=actor,
        patient_id=patient["id"],
        clinician_id=patient["clinician_id"],
    )


async def erase_by_alias(app: Rapport, alias: str) -> None:
    """`rapport patient erase`: the same erasure, asked for by staff."""
    async with app.db.tx() as conn:
        patient = await people.patient_by_alias(conn, alias)
        if patient is None or patient["status"] == "erased":
            raise InputError(f"no patient with alias {alias!r}")
        await erase(conn, patient, "staff:cli", app.clock.now())
    await privacy.forget_from_disk(app.db)


async def apply_retention(app: Rapport, conn: Connection, now: datetime) -> int:
    """RAPPORT_RETENTION_DAYS: answers and messages older than that are removed."""
    days = app.settings.retention_days
    if not days:
        return 0
    removed = await privacy.expire_older_than(conn, now - timedelta(days=days))
    if removed:
        await events.record(conn, "retention_applied", now, actor="system", removed=removed)
    return 0  # one pass per sweep is enough
