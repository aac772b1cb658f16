"""Same-day tasks for the clinician (migrations/0014_screening.sql)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.db import Tx
from bot.storage.records import Task, load
from bot.storage.times import iso


async def add(
    tx: Tx,
    patient_id: int,
    kind: str,
    checkin_id: int | None,
    now: datetime,
    due: datetime,
    *,
    drug: str | None = None,
    flag: str | None = None,
    window: str | None = None,
) -> int:
    found = await tx.insert(
        "INSERT INTO tasks (patient_id, kind, checkin_id, created_at, due_at, drug, flag,"
        " flag_window) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (patient_id, kind, checkin_id, iso(now), iso(due), drug, flag, window),
    )
    assert found is not None
    return found


async def by_id(tx: Tx, task_id: int) -> Task | None:
    row = await tx.row("SELECT * FROM tasks WHERE id = ?", (task_id,))
    return None if row is None else load(Task, row)


async def of_patient(tx: Tx, patient_id: int) -> list[Task]:
    """Every task of a patient, oldest first."""
    rows = await tx.rows(
        "SELECT * FROM tasks WHERE patient_id = ? ORDER BY created_at, id", (patient_id,)
    )
    return [load(Task, r) for r in rows]


async def done(tx: Tx, task_id: int, name: str, now: datetime) -> bool:
    """Mark a task done; False when it was done already (the first tap counts)."""
    changed = await tx.run(
        "UPDATE tasks SET done_at = ?, done_by_name = ? WHERE id = ? AND done_at IS NULL",
        (iso(now), name, task_id),
    )
    return changed > 0
