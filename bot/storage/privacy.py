"""What is stored about a patient: all of it out (export), or all of it gone (erasure)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot import files
from bot.storage.db import Database, DatabaseError, Row, SqliteDatabase, Tx
from bot.storage.times import iso

# (table, the columns shown) for everything a patient's export includes, by patient_id.
_TABLES = (
    ("checkins", "*"),
    ("answers", "*"),
    ("patient_messages", "*"),
    ("appointments", "*"),
    ("medications", "*"),
    ("medication_changes", "*"),
    ("schedules", "*"),
    ("safety_plans", "*"),
    ("safety_events", "*"),
    # Who acknowledged an alert is shown by name; their Telegram id is the care team's, not
    # the patient's.
    (
        "alerts",
        "id, safety_event_id, category, urgency, tier, source, idiomatic, flag, drug,"
        " flag_window, created_at, acknowledged_at, acknowledged_by_name, escalations,"
        " next_escalation_at, check_asked, check_answer, check_answered_at",
    ),
    ("care_contacts", "*"),
    ("tasks", "*"),
    ("digests", "*"),
    ("hypothesis_feedback", "*"),  # the clinicians' verdicts on this patient's hypotheses
    # An invite's token and code hashes are keys to the service, not facts about the patient.
    (
        "invites",
        "id, role, created_at, expires_at, claimed_by, claimed_at, redeemed_at, revoked_at,"
        " code_tries, code_ok_at",
    ),
    ("events", "*"),
)
_SENDS = (
    "SELECT id, chat_id, kind, status, attempts, created_at, sent_at, payload FROM outbox"
    " WHERE patient_id = ? OR chat_id = ? ORDER BY id"
)


async def collect(tx: Tx, patient_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row that names the patient, table by table: the machine-readable export."""
    patient = await tx.rows("SELECT * FROM patients WHERE id = ?", (patient_id,))
    data: dict[str, list[dict[str, Any]]] = {"patient": [dict(r) for r in patient]}
    for table, columns in _TABLES:
        rows = await tx.rows(
            f"SELECT {columns} FROM {table} WHERE patient_id = ? ORDER BY id",  # noqa: S608 - fixed
            (patient_id,),
        )
        data[table] = [dict(r) for r in rows]
    chat_id = patient[0]["chat_id"] if patient else None
    data["outbox"] = [_send(r) for r in await tx.rows(_SENDS, (patient_id, chat_id))]
    tries = await tx.rows("SELECT chat_id, at FROM start_attempts WHERE chat_id = ?", (chat_id,))
    data["start_attempts"] = [dict(r) for r in tries]
    return data


def _send(row: Row) -> dict[str, Any]:
    """A recorded send with what it said; a file by its name and size, since its bytes copy
    what the export holds anyway (and an earlier export inside each export would snowball)."""
    send = dict(row)
    payload = dict(json.loads(row["payload"]))
    if "data" in payload:
        payload["data"] = f"{len(base64.b64decode(payload['data']))} bytes"
    send["payload"] = payload
    return send


async def erase(tx: Tx, patient_id: int, telegram_ids: Iterable[int], now: datetime) -> None:
    """Remove answers, messages, sends and the chat link; the pseudonymous record remains.

    `telegram_ids`: the patient's chat and user ids (one number in a private chat).
    """
    erased = ("answers", "patient_messages", "checkins", "safety_plans", "safety_events", "tasks")
    for table in erased:
        await tx.run(
            f"DELETE FROM {table} WHERE patient_id = ?",  # noqa: S608 - fixed names
            (patient_id,),
        )
    await tx.run(
        "UPDATE invites SET revoked_at = COALESCE(revoked_at, ?), claimed_by = NULL"
        " WHERE patient_id = ?",
        (iso(now), patient_id),
    )
    await _forget_sends(tx, "patient_id", patient_id)
    for telegram_id in set(telegram_ids):
        await _forget_telegram_id(tx, telegram_id)
    await tx.run(
        "UPDATE patients SET chat_id = NULL, telegram_user_id = NULL, psychotropic_count = NULL"
        " WHERE id = ?",
        (patient_id,),
    )


async def _forget_sends(tx: Tx, column: str, value: int) -> None:
    """Sent texts echo answers, and alerts or digests to clinicians quote the patient: what
    went out is deleted; what still waits (a crisis reply, an alert) goes out, then is wiped."""
    await tx.run(
        f"DELETE FROM outbox WHERE {column} = ?"  # noqa: S608 - a fixed column name
        " AND status NOT IN ('pending', 'sending')",
        (value,),
    )
    await tx.run(f"UPDATE outbox SET scrub = 1 WHERE {column} = ?", (value,))  # noqa: S608


async def _forget_telegram_id(tx: Tx, telegram_id: int) -> None:
    """Nothing keeps the number that linked the pseudonym to a person."""
    await _forget_sends(tx, "chat_id", telegram_id)
    await tx.run("DELETE FROM start_attempts WHERE chat_id = ?", (telegram_id,))
    # Updates set aside hold what the person sent; stored as json.dumps writes it, so the
    # number stands as "id": N followed by , or } (any "id" with that number: erring wide).
    await tx.run(
        f"DELETE FROM inbox_set_aside WHERE {tx.dialect.has_text('payload')}"  # noqa: S608
        f" OR {tx.dialect.has_text('payload')}",
        (f'"id": {telegram_id},', f'"id": {telegram_id}}}'),
    )
    # Another invite this person opened goes back to unclaimed; whoever opens it next must
    # give its code again.
    await tx.run(
        "UPDATE invites SET claimed_by = NULL, code_ok_at = NULL WHERE claimed_by = ?",
        (telegram_id,),
    )


# Every table an erasure (`erase`), retention (`expire_older_than`) or a scrubbed send
# deletes from or overwrites in.
WIPED_TABLES = (
    "answers",
    "patient_messages",
    "checkins",
    "safety_plans",
    "safety_events",
    "tasks",
    "invites",
    "outbox",
    "start_attempts",
    "inbox_set_aside",
    "inbox",
    "patients",
)


async def forget_from_disk(db: Database) -> None:
    """Make deleted content unrecoverable from the database's files, once the transaction
    that deleted it has committed (SQLite: a WAL checkpoint; PostgreSQL: VACUUM)."""
    await db.wipe_deleted(WIPED_TABLES)


async def expire_older_than(tx: Tx, cutoff: datetime, now: datetime) -> dict[str, int]:
    """Retention: the patient's words from before the cutoff go, wherever they were kept.

    Safety events stay, so the care team still sees that something happened and when; only
    their quote goes. Returns how many of each were removed or blanked (counts only).
    """
    before = iso(cutoff)
    return {
        "answers": await tx.run("DELETE FROM answers WHERE answered_at < ?", (before,)),
        "messages": await tx.run("DELETE FROM patient_messages WHERE received_at < ?", (before,)),
        "safety_quotes": await tx.run(
            "UPDATE safety_events SET quote = NULL WHERE at < ? AND quote IS NOT NULL",
            (before,),
        ),
        # Replies echo answers, alerts quote the patient, exports and digests copy them.
        "sends": await tx.run(
            "UPDATE outbox SET payload = '{}' WHERE status IN ('sent', 'failed', 'ambiguous')"
            " AND created_at < ? AND payload != '{}'",
            (before,),
        ),
        "sends_waiting": await tx.run(
            "UPDATE outbox SET scrub = 1 WHERE status IN ('pending', 'sending')"
            " AND created_at < ? AND scrub = 0",
            (before,),
        ),
        "set_aside": await tx.run("DELETE FROM inbox_set_aside WHERE received_at < ?", (before,)),
        # A task holds no words, but it goes with the answers that raised it.
        "tasks": await tx.run("DELETE FROM tasks WHERE created_at < ?", (before,)),
        # An update never processed (a crash, a bug) is too old to act on now.
        "updates": await tx.run(
            "UPDATE inbox SET payload = NULL, processed_at = COALESCE(processed_at, ?)"
            " WHERE received_at < ? AND payload IS NOT NULL",
            (iso(now), before),
        ),
    }


async def backup(db: Database, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the bot keeps running."""
    if not isinstance(db, SqliteDatabase):
        raise DatabaseError("a PostgreSQL database is backed up with pg_dump (or the server's)")
    files.write_new(target, b"")  # a new private file, never over an existing one
    async with db.raw() as conn, aiosqlite.connect(target) as copy:
        await conn.backup(copy)
