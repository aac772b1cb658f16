"""The migration runner: fresh, re-run, failure rollback, tampering."""

import json
import shutil
from pathlib import Path

import pytest

from bot import MIGRATIONS_DIR
from bot.storage.db import Database
from bot.storage.migrate import MigrationError, migrate


async def _tables(db: Database) -> set[str]:
    rows = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {r["name"] for r in rows}


async def test_fresh_database_gets_the_whole_schema(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    applied = await migrate(db, MIGRATIONS_DIR)
    assert applied[0] == "0001_initial.sql"
    expected = {
        "clinicians",
        "staff",
        "patients",
        "invites",
        "schedules",
        "appointments",
        "medications",
        "checkins",
        "answers",
        "events",
        "inbox",
        "outbox",
        "schema_migrations",
    }
    assert expected <= await _tables(db)
    await db.close()


async def test_rerun_applies_nothing(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    await migrate(db, MIGRATIONS_DIR)
    assert await migrate(db, MIGRATIONS_DIR) == []
    rows = await db.fetchall("SELECT version FROM schema_migrations")
    assert len(rows) == len(list(MIGRATIONS_DIR.glob("*.sql")))
    await db.close()


async def test_durability_pragmas(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
    assert (await db.fetchone("PRAGMA synchronous"))[0] == 2  # FULL
    assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
    await db.close()


async def test_failing_migration_rolls_back_whole(tmp_path: Path) -> None:
    migrations = tmp_path / "m"
    migrations.mkdir()
    (migrations / "0001_one.sql").write_text("CREATE TABLE one (id INTEGER);\n")
    (migrations / "0002_bad.sql").write_text(
        "CREATE TABLE two (id INTEGER);\nINSERT INTO nowhere VALUES (1);\n"
    )
    db = await Database.open(tmp_path / "a.db")
    with pytest.raises(MigrationError, match="0002_bad.sql failed and was rolled back"):
        await migrate(db, migrations)
    tables = await _tables(db)
    assert "one" in tables and "two" not in tables
    versions = [r["version"] for r in await db.fetchall("SELECT version FROM schema_migrations")]
    assert versions == [1]
    await db.close()


async def test_changed_applied_migration_is_refused(tmp_path: Path) -> None:
    migrations = tmp_path / "m"
    migrations.mkdir()
    (migrations / "0001_one.sql").write_text("CREATE TABLE one (id INTEGER);\n")
    db = await Database.open(tmp_path / "a.db")
    await migrate(db, migrations)
    (migrations / "0001_one.sql").write_text("CREATE TABLE one (id TEXT);\n")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        await migrate(db, migrations)
    await db.close()


async def test_misnamed_migration_is_refused(tmp_path: Path) -> None:
    migrations = tmp_path / "m"
    migrations.mkdir()
    (migrations / "1_one.sql").write_text("CREATE TABLE one (id INTEGER);\n")
    db = await Database.open(tmp_path / "a.db")
    with pytest.raises(MigrationError, match="NNNN_snake_case"):
        await migrate(db, migrations)
    await db.close()


async def test_invitations_on_their_way_are_resent_after_an_upgrade(tmp_path: Path) -> None:
    """0010: rows queued by an older version keep the promise of their kind."""
    migrations = tmp_path / "m"
    migrations.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < "0010":
            shutil.copy(path, migrations)
    db = await Database.open(tmp_path / "a.db")
    await migrate(db, migrations)
    async with db.tx() as tx:
        for priority, status in ((1, "sending"), (1, "sent"), (0, "sending")):
            await tx.run(
                "INSERT INTO outbox (chat_id, kind, payload, status, not_before, created_at,"
                " priority) VALUES (1, 'text', '{}', ?, 'x', 'x', ?)",
                (status, priority),
            )
    shutil.copy(MIGRATIONS_DIR / "0010_delivery.sql", migrations)
    await migrate(db, migrations)
    rows = await db.fetchall("SELECT delivery FROM outbox ORDER BY id")
    assert [r["delivery"] for r in rows] == ["at_least_once", "at_most_once", "at_most_once"]
    await db.close()


async def test_inbox_retry_keeps_the_offset_of_an_existing_inbox(tmp_path: Path) -> None:
    """0007: an inbox from before it gets its getUpdates offset from its highest update."""
    before = tmp_path / "m"
    before.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < "0007":
            shutil.copy(path, before / path.name)
    db = await Database.open(tmp_path / "a.db")
    await migrate(db, before)
    async with db.tx() as conn:
        await conn.many(
            "INSERT INTO inbox (update_id, received_at, processed_at) VALUES (?, ?, ?)",
            [(uid, f"2026-03-0{uid}T09:00:00+00:00", "x") for uid in (3, 4)],
        )
    shutil.copy(MIGRATIONS_DIR / "0007_inbox_retry.sql", before)
    assert await migrate(db, before) == ["0007_inbox_retry.sql"]
    row = await db.fetchone("SELECT value FROM meta WHERE key = 'getupdates_offset'")
    assert json.loads(row["value"]) == {"offset": 5, "at": "2026-03-04T09:00:00+00:00"}
    await db.close()
