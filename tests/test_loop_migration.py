"""Migration 0016: digests recorded before it keep their ids and fields; 'intake' becomes a
kind, once per patient; verdicts go with their digest."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot import MIGRATIONS_DIR
from bot.storage.db import Database
from bot.storage.migrate import migrate

ROW = (7, 1, 1, None, "on_demand", "2026-03-01", "2026-03-02", '["nonadherence"]', "2026-03-02")


async def test_digests_survive_and_intake_is_a_kind_once_per_patient(tmp_path: Path) -> None:
    before = tmp_path / "before"
    before.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < "0016":
            shutil.copy(path, before / path.name)
    db = await Database.open(tmp_path / "a.db")
    try:
        await _check(db, before)
    finally:
        await db.close()


async def _check(db: Database, before: Path) -> None:
    await migrate(db, before)
    async with db.tx() as tx:
        await tx.run("INSERT INTO clinicians (id, name, created_at) VALUES (1, 'Dr A', 'now')")
        await tx.run(
            "INSERT INTO patients (id, alias, clinician_id, timezone, created_at)"
            " VALUES (1, 'P-1', 1, 'UTC', '2026-03-01')"
        )
        await tx.run(
            "INSERT INTO digests (id, patient_id, clinician_id, appointment_id, kind, period_from,"
            " period_to, codes, created_at, chat_id, delivered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 5, '2026-03-02')",
            ROW,
        )
    assert (await migrate(db, MIGRATIONS_DIR))[0] == "0016_loop.sql"  # then any later ones
    row = await db.fetchone("SELECT * FROM digests")
    assert tuple(row)[:9] == ROW and row["chat_id"] == 5
    insert = (
        "INSERT INTO digests (patient_id, kind, period_from, period_to, created_at)"
        " VALUES (1, 'intake', 'a', 'b', 'c')"
    )
    async with db.tx() as tx:
        await tx.run(insert)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.tx() as tx:
            await tx.run(insert)
    async with db.tx() as tx:
        await tx.run(
            "INSERT INTO hypothesis_feedback (digest_id, patient_id, clinician_id, hypothesis,"
            " verdict, at) VALUES (7, 1, 1, 'taking_less', 'fits', 'now')"
        )
        await tx.run("DELETE FROM digests WHERE id = 7")
    assert await db.fetchall("SELECT * FROM hypothesis_feedback") == []
