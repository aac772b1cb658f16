"""What is stored about a patient: all of it out (export), or all of it gone (erasure)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite
from aiosqlite import Connection

from bot import files
from bot.storage.db import Database, all_rows
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


async def collect(conn: Connection, patient_id: int) -> dict[str, Any]:
    """Every row that names the patient, table by table."""
    patient = await all_rows(conn, "SELECT * FROM patients WHERE id = ?", (patient_id,))
    data: dict[str, Any] = {"patient": [dict(r) for r in patient]}
    for table, column in _TABLES:
        if await _exists(conn, table):
            rows = await all_rows(
                conn,
                f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id",  # noqa: S608 - fixed
                (patient_id,),
            )
            data[table] = [dict(r) for r in rows]
    return data


async def _exists(conn: Connection, table: str) -> bool:
    rows = await all_rows(
        conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    )
    return bool(rows)


async def erase(conn: Connection, patient_id: int, chat_id: int | None, now: datetime) -> None:
    """Remove answers, messages, sends and the chat link; the pseudonymous record remains."""
    for table in ("answers", "patient_messages", "checkins", "safety_plans", "safety_events"):
        if await _exists(conn, table):
            await conn.execute(
                f"DELETE FROM {table} WHERE patient_id = ?",  # noqa: S608 - fixed names
                (patient_id,),
            )
    # Sent texts echo answers, and alerts or digests to clinicians quote the patient. What is
    # still waiting (a crisis reply, an alert to the clinician) goes out, then is wiped.
    mine = "(patient_id = ? OR chat_id = ?)"
    await conn.execute(
        f"DELETE FROM outbox WHERE {mine} AND status NOT IN ('pending', 'sending')",  # noqa: S608
        (patient_id, chat_id or 0),
    )
    await conn.execute(
        f"UPDATE outbox SET scrub = 1 WHERE {mine}",  # noqa: S608 - a constant
        (patient_id, chat_id or 0),
    )
    await conn.execute(
        "UPDATE invites SET revoked_at = ? WHERE patient_id = ?", (iso(now), patient_id)
    )
    await conn.execute(
        "UPDATE patients SET chat_id = NULL, telegram_user_id = NULL, status = 'erased',"
        " psychotropic_count = NULL WHERE id = ?",
        (patient_id,),
    )


async def forget_from_disk(db: Database) -> None:
    """Make deleted content unrecoverable from the file: secure_delete zeroes freed cells; the
    WAL still holds old page images until it is checkpointed and truncated."""
    async with db._lock:
        await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


async def expire_older_than(conn: Connection, cutoff: datetime) -> int:
    """Retention: answers and messages older than the cutoff are removed."""
    cur = await conn.execute("DELETE FROM answers WHERE answered_at < ?", (iso(cutoff),))
    removed = cur.rowcount
    cur = await conn.execute("DELETE FROM patient_messages WHERE received_at < ?", (iso(cutoff),))
    return removed + cur.rowcount


def readable(data: dict[str, Any]) -> str:
    """A plain-text rendering of an export, for people rather than programs."""
    lines = []
    for table, rows in data.items():
        lines.append(f"== {table} ({len(rows)})")
        for row in rows:
            lines.append(json.dumps(row, ensure_ascii=False))
        lines.append("")
    return "\n".join(lines)


async def answers_for_export(db: Database, patient_id: int | None) -> list[dict[str, Any]]:
    """Standing answers with the patient's alias, for `rapport export`."""
    sql = (
        "SELECT p.alias AS patient, a.dialog_id AS dialog, a.dialog_version, a.question_id"
        " AS question, a.construct, a.value, a.skipped, a.answered_at FROM answers a"
        " JOIN patients p ON p.id = a.patient_id WHERE a.superseded_at IS NULL"
    )
    if patient_id is None:
        rows = await db.fetchall(f"{sql} ORDER BY p.alias, a.answered_at, a.id")
    else:
        rows = await db.fetchall(
            f"{sql} AND a.patient_id = ? ORDER BY a.answered_at, a.id", (patient_id,)
        )
    return [dict(r) for r in rows]


async def backup(db: Database, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the bot keeps running."""
    files.write_new(target, b"")  # a new private file, never over an existing one
    async with db._lock:
        async with aiosqlite.connect(target) as copy:
            await db.conn.backup(copy)
