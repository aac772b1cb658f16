"""The planner's statistics (issue 14): ANALYZE after a migration, PRAGMA optimize at every open
and before closing, so new indexes and a grown clinic are planned with what the data holds."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot import MIGRATIONS_DIR
from bot.storage.db import Database
from bot.storage.migrate import migrate


async def _stats(db: Database) -> dict[str, set[str]]:
    """Which indexes have statistics, by table."""
    found = await db.fetchall("SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'")
    if not found:
        return {}
    rows = await db.fetchall("SELECT tbl, idx FROM sqlite_stat1")
    by_table: dict[str, set[str]] = {}
    for row in rows:
        by_table.setdefault(row["tbl"], set()).add(row["idx"])
    return by_table


async def _clinic(db: Database, patients: int) -> None:
    async with db.tx() as tx:
        await tx.run("INSERT INTO clinicians (name, created_at) VALUES ('Dr A', '2026-01-01')")
        await tx.many(
            "INSERT INTO patients (alias, clinician_id, timezone, created_at)"
            " VALUES (?, 1, 'UTC', '2026-01-01')",
            [(f"P-{n}",) for n in range(patients)],
        )
        await tx.many(
            "INSERT INTO appointments (patient_id, at, created_at) VALUES (?, ?, '2026-01-01')",
            [(1 + n, f"2026-02-{1 + n % 28:02d}") for n in range(patients)],
        )


async def test_a_fresh_database_is_analyzed_and_opens_again(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    assert await migrate(db, MIGRATIONS_DIR)
    # ANALYZE ran: the one table with rows has statistics; empty tables leave none.
    assert set(await _stats(db)) == {"schema_migrations"}
    await db.close()
    again = await Database.open(tmp_path / "a.db")
    assert await migrate(again, MIGRATIONS_DIR) == []
    await again.close()


async def test_an_upgrade_gives_the_new_indexes_statistics(tmp_path: Path) -> None:
    older = tmp_path / "older"
    older.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < "0019":
            shutil.copy(path, older / path.name)
    db = await Database.open(tmp_path / "a.db")
    await migrate(db, older)
    await _clinic(db, 50)
    applied = await migrate(db, MIGRATIONS_DIR)
    assert applied[0] == "0019_hot_query_indexes.sql"  # then any later ones (0020_leases...)
    stats = await _stats(db)
    assert {"appointments_upcoming", "appointments_patient"} <= stats["appointments"]
    assert {"patients_clinician_alias", "patients_status"} <= stats["patients"]
    await db.close()


async def test_a_clinic_that_grew_since_is_analyzed_when_the_bot_closes(tmp_path: Path) -> None:
    """Analyzed empty at install, the patients table had no statistics; the queries of a
    session mark it as worth analyzing, and closing does it."""
    db = await Database.open(tmp_path / "a.db")
    await migrate(db, MIGRATIONS_DIR)
    await _clinic(db, 50)
    await db.fetchall("SELECT * FROM patients WHERE clinician_id = 1 ORDER BY alias")
    await db.close()
    db = await Database.open(tmp_path / "a.db")
    assert "patients_clinician_alias" in (await _stats(db))["patients"]
    await db.close()


async def test_closing_twice_does_not_fail(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    await db.close()
    await db.close()
