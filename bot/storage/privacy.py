"""What is stored about a patient: all of it out (export), or all of it gone (erasure)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot import files
from bot.storage.db import Database, Tx
from bot.storage.times import iso

# (table, the column naming the patient) for everything a patient's export includes.
_TABLES = (
    ("checkins", "patient_id"),
    ("answers", "patient_id"),
    ("patient_messages", "patient_id"),
    ("appointments", "patient_id"),
    ("medication_changes", "patient_id"),
    ("schedules", "patient_id"),
    ("safety_plans", "patient_id"),
    ("events", "patient_id"),
)


async def collect(tx: Tx, patient_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row that names the patient, table by table: the machine-readable export."""
    patient = await tx.rows("SELECT * FROM patients WHERE id = ?", (patient_id,))
    data: dict[str, list[dict[str, Any]]] = {"patient": [dict(r) for r in patient]}
    for table, column in _TABLES:
        rows = await tx.rows(
            f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id",  # noqa: S608 - fixed
            (patient_id,),
        )
        data[table] = [dict(r) for r in rows]
    return data


async def erase(tx: Tx, patient_id: int, chat_id: int | None, now: datetime) -> None:
    """Remove answers, messages, sends and the chat link; the pseudonymous record remains."""
    for table in ("answers", "patient_messages", "checkins", "safety_plans", "safety_events"):
        await tx.run(
            f"DELETE FROM {table} WHERE patient_id = ?",  # noqa: S608 - fixed names
            (patient_id,),
        )
    # Sent texts echo answers, and alerts or digests to clinicians quote the patient. What is
    # still waiting (a crisis reply, an alert to the clinician) goes out, then is wiped.
    mine = "(patient_id = ? OR chat_id = ?)"
    await tx.run(
        f"DELETE FROM outbox WHERE {mine} AND status NOT IN ('pending', 'sending')",  # noqa: S608
        (patient_id, chat_id or 0),
    )
    await tx.run(f"UPDATE outbox SET scrub = 1 WHERE {mine}", (patient_id, chat_id or 0))  # noqa: S608
    # The Telegram ids that linked the pseudonym to a person go too.
    await tx.run(
        "UPDATE invites SET revoked_at = COALESCE(revoked_at, ?), claimed_by = NULL"
        " WHERE patient_id = ?",
        (iso(now), patient_id),
    )
    if chat_id is not None:
        await tx.run("DELETE FROM start_attempts WHERE chat_id = ?", (chat_id,))
    await tx.run(
        "UPDATE patients SET chat_id = NULL, telegram_user_id = NULL, psychotropic_count = NULL"
        " WHERE id = ?",
        (patient_id,),
    )


async def forget_from_disk(db: Database) -> None:
    """Make deleted content unrecoverable from the file: secure_delete zeroes freed cells; the
    WAL still holds old page images until it is checkpointed and truncated."""
    async with db.raw() as conn:
        await conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def expire_older_than(tx: Tx, cutoff: datetime) -> int:
    """Retention: answers and messages older than the cutoff are removed."""
    removed = await tx.run("DELETE FROM answers WHERE answered_at < ?", (iso(cutoff),))
    return removed + await tx.run(
        "DELETE FROM patient_messages WHERE received_at < ?", (iso(cutoff),)
    )


async def answers_for_export(tx: Tx, patient_id: int | None) -> list[dict[str, Any]]:
    """Standing answers with the patient's alias, for `rapport export`."""
    sql = (
        "SELECT p.alias AS patient, a.dialog_id AS dialog, a.dialog_version, a.question_id"
        " AS question, a.construct, a.value, a.skipped, a.answered_at FROM answers a"
        " JOIN patients p ON p.id = a.patient_id WHERE a.superseded_at IS NULL"
    )
    if patient_id is None:
        rows = await tx.rows(f"{sql} ORDER BY p.alias, a.answered_at, a.id")
    else:
        rows = await tx.rows(
            f"{sql} AND a.patient_id = ? ORDER BY a.answered_at, a.id", (patient_id,)
        )
    return [dict(r) for r in rows]


async def backup(db: Database, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the bot keeps running."""
    files.write_new(target, b"")  # a new private file, never over an existing one
    async with db.raw() as conn, aiosqlite.connect(target) as copy:
        await conn.backup(copy)
