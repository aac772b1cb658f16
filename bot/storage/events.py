"""The audit and event log: event names and ids, never patient content."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.storage.db import Tx
from bot.storage.records import Event, load
from bot.storage.times import iso


async def record(
    tx: Tx,
    kind: str,
    now: datetime,
    *,
    actor: str,
    patient_id: int | None = None,
    clinician_id: int | None = None,
    **detail: Any,
) -> None:
    """Append one event; `detail` holds ids and flags only."""
    await tx.run(
        "INSERT INTO events (at, kind, actor, patient_id, clinician_id, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (iso(now), kind, actor, patient_id, clinician_id, json.dumps(detail, sort_keys=True)),
    )


async def audit(
    tx: Tx, patient_id: int | None = None, since: datetime | None = None, limit: int = 1000
) -> list[Event]:
    """The audit trail, newest first, with the patient's alias where there is one."""
    where: list[str] = ["1 = 1"]
    params: list[object] = []
    if since is not None:
        where.append("e.at >= ?")
        params.append(iso(since))
    if patient_id is not None:
        where.append("e.patient_id = ?")
        params.append(patient_id)
    conditions = " AND ".join(where)  # fixed fragments; the values are parameters
    sql = "SELECT e.*, p.alias FROM events e LEFT JOIN patients p ON p.id = e.patient_id"
    order = "ORDER BY e.at DESC, e.id DESC LIMIT ?"
    rows = await tx.rows(f"{sql} WHERE {conditions} {order}", (*params, limit))
    return [load(Event, r) for r in rows]


async def between(
    tx: Tx, patient_id: int, kinds: tuple[str, ...], start: datetime, end: datetime
) -> list[Event]:
    """A patient's events of some kinds in [start, end), oldest first."""
    marks = ",".join("?" for _ in kinds)
    rows = await tx.rows(
        f"SELECT * FROM events WHERE patient_id = ? AND kind IN ({marks})"  # noqa: S608
        " AND at >= ? AND at < ? ORDER BY at",
        (patient_id, *kinds, iso(start), iso(end)),
    )
    return [load(Event, r) for r in rows]


async def of_patient(tx: Tx, patient_id: int) -> list[Event]:
    """Every event naming a patient, oldest first."""
    rows = await tx.rows(
        "SELECT * FROM events WHERE patient_id = ? ORDER BY at, id", (patient_id,)
    )
    return [load(Event, r) for r in rows]
