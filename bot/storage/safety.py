"""Risk statements found in patients' words, and their personal safety plans."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiosqlite import Connection

from bot.storage.db import Row, one_row
from bot.storage.times import iso


async def add_event(
    conn: Connection,
    patient_id: int,
    match: Any,
    quote: str,
    checkin_id: int | None,
    now: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO safety_events (patient_id, at, category, urgency, idiomatic, quote,"
        " checkin_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            patient_id,
            iso(now),
            match.category,
            match.urgency,
            int(match.idiomatic),
            quote,
            checkin_id,
        ),
    )


async def plan(conn: Connection, patient_id: int) -> Row | None:
    return await one_row(conn, "SELECT * FROM safety_plans WHERE patient_id = ?", (patient_id,))


async def save_plan(
    conn: Connection, patient_id: int, fields: dict[str, str | None], by: str, now: datetime
) -> None:
    """Create or replace the plan; fields left None keep what was there."""
    current = await plan(conn, patient_id)
    merged = {
        k: (fields.get(k) if fields.get(k) is not None else (current[k] if current else None))
        for k in ("warning_signs", "helps", "people", "safer", "contacts")
    }
    await conn.execute(
        "INSERT INTO safety_plans (patient_id, warning_signs, helps, people, safer, contacts,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (patient_id) DO UPDATE SET warning_signs = excluded.warning_signs,"
        " helps = excluded.helps, people = excluded.people, safer = excluded.safer,"
        " contacts = excluded.contacts, updated_at = excluded.updated_at,"
        " updated_by = excluded.updated_by",
        (patient_id, *merged.values(), iso(now), by),
    )
