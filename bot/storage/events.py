"""The audit and event log: event names and ids, never patient content."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aiosqlite import Connection

from bot.storage.db import Database, Row
from bot.storage.times import iso


async def record(
    conn: Connection,
    kind: str,
    now: datetime,
    *,
    actor: str,
    patient_id: int | None = None,
    clinician_id: int | None = None,
    **detail: Any,
) -> None:
    """Append one event; `detail` holds ids and flags only."""
    await conn.execute(
        "INSERT INTO events (at, kind, actor, patient_id, clinician_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (iso(now), kind, actor, patient_id, clinician_id, json.dumps(detail, sort_keys=True)),
    )


async def audit(db: Database, patient_id: int | None = None, limit: int = 1000) -> list[Row]:
    """The audit trail, newest last, with the patient's alias where there is one."""
    sql = "SELECT e.*, p.alias FROM events e LEFT JOIN patients p ON p.id = e.patient_id"
    if patient_id is None:
        return await db.fetchall(f"{sql} ORDER BY e.at, e.id LIMIT ?", (limit,))
    return await db.fetchall(
        f"{sql} WHERE e.patient_id = ? ORDER BY e.at, e.id LIMIT ?", (patient_id, limit)
    )
