"""The regimen: medications as staff recorded them, and every change to them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.domain.drugs import DrugClass
from bot.domain.regimen import ChangeKind
from bot.storage.db import Tx
from bot.storage.records import Change, Medication, load
from bot.storage.times import iso

_MEDICATIONS = "SELECT m.*, p.alias FROM medications m JOIN patients p ON p.id = m.patient_id"
# A change with its medication's name and class; a note from before the regimen has neither.
_CHANGES = (
    "SELECT c.*, m.drug, m.drug_class FROM medication_changes c"
    " LEFT JOIN medications m ON m.id = c.medication_id"
)


async def add_medication(
    tx: Tx,
    patient_id: int,
    drug: str,
    drug_class: DrugClass,
    dose: str,
    started_at: datetime,
    as_needed: bool,
    now: datetime,
) -> int:
    new_id = await tx.insert(
        "INSERT INTO medications (patient_id, drug, drug_class, dose, as_needed, started_at,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (patient_id, drug, drug_class, dose, int(as_needed), iso(started_at), iso(now)),
    )
    return int(new_id or 0)


async def set_dose(tx: Tx, medication_id: int, dose: str) -> None:
    await tx.run("UPDATE medications SET dose = ? WHERE id = ?", (dose, medication_id))


async def stop(tx: Tx, medication_id: int, at: datetime) -> None:
    await tx.run("UPDATE medications SET stopped_at = ? WHERE id = ?", (iso(at), medication_id))


async def add_change(
    tx: Tx,
    patient_id: int,
    at: datetime,
    now: datetime,
    *,
    kind: ChangeKind,
    medication_id: int,
    dose_before: str | None = None,
    dose_after: str | None = None,
    note: str | None = None,
) -> int:
    """One change of one medication; no note is stored as '' (the column predates it)."""
    new_id = await tx.insert(
        "INSERT INTO medication_changes (patient_id, at, note, created_at, medication_id, kind,"
        " dose_before, dose_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (patient_id, iso(at), note or "", iso(now), medication_id, kind, dose_before, dose_after),
    )
    return int(new_id or 0)


async def medications(tx: Tx, patient_id: int | None = None) -> list[Medication]:
    """Medications, all patients' or one's, by patient then start."""
    order = "p.alias, m.started_at, m.id"
    rows = await tx.rows_for(_MEDICATIONS, "m.patient_id", patient_id, order)
    return [load(Medication, r) for r in rows]


async def changes(tx: Tx, patient_id: int | None = None) -> list[Change]:
    """Changes, all patients' or one's, oldest first (notes from before the regimen too)."""
    rows = await tx.rows_for(_CHANGES, "c.patient_id", patient_id, "c.at, c.id")
    return [_change(load(Change, r)) for r in rows]


def _change(change: Change) -> Change:
    return change if change.note else replace(change, note=None)
