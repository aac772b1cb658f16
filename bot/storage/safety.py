"""Risk statements found in patients' words, and their personal safety plans."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.domain.tiers import Risk
from bot.storage.db import Tx
from bot.storage.records import SafetyEvent, SafetyPlan, load
from bot.storage.times import iso


async def add_event(
    tx: Tx, patient_id: int, risk: Risk, quote: str | None, checkin_id: int | None, now: datetime
) -> int:
    """Record a risk found in the patient's words or answers; returns the event's id."""
    found = await tx.insert(
        "INSERT INTO safety_events (patient_id, at, category, urgency, idiomatic, quote,"
        " checkin_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            patient_id,
            iso(now),
            risk.category,
            risk.urgency,
            int(risk.idiomatic),
            quote,
            checkin_id,
        ),
    )
    assert found is not None
    return found


async def between(tx: Tx, patient_id: int, start: datetime, end: datetime) -> list[SafetyEvent]:
    rows = await tx.rows(
        "SELECT * FROM safety_events WHERE patient_id = ? AND at >= ? AND at < ? ORDER BY at",
        (patient_id, iso(start), iso(end)),
    )
    return [load(SafetyEvent, r) for r in rows]


async def events_of(tx: Tx, patient_id: int) -> list[SafetyEvent]:
    """Every risk statement found in a patient's words, oldest first."""
    rows = await tx.rows(
        "SELECT * FROM safety_events WHERE patient_id = ? ORDER BY at, id", (patient_id,)
    )
    return [load(SafetyEvent, r) for r in rows]


async def plan(tx: Tx, patient_id: int) -> SafetyPlan | None:
    row = await tx.row("SELECT * FROM safety_plans WHERE patient_id = ?", (patient_id,))
    return None if row is None else load(SafetyPlan, row)


async def save_plan(
    tx: Tx, patient_id: int, fields: Mapping[str, str | None], by: str, now: datetime
) -> None:
    """Create or replace the plan; fields left None keep what was there."""
    current = (await plan(tx, patient_id) or SafetyPlan(patient_id)).fields()
    merged = {k: fields.get(k) if fields.get(k) is not None else v for k, v in current.items()}
    await tx.run(
        "INSERT INTO safety_plans (patient_id, warning_signs, helps, people, safer, contacts,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (patient_id) DO UPDATE SET warning_signs = excluded.warning_signs,"
        " helps = excluded.helps, people = excluded.people, safer = excluded.safer,"
        " contacts = excluded.contacts, updated_at = excluded.updated_at,"
        " updated_by = excluded.updated_by",
        (patient_id, *merged.values(), iso(now), by),
    )
