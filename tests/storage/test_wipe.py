"""After an erasure commits, what it deleted is wiped from the engine's own storage: SQLite
checkpoints its WAL into the file (whose freed cells secure_delete zeroed); PostgreSQL
vacuums every table an erasure or retention touches rather than wait for autovacuum."""

from datetime import UTC, datetime
from pathlib import Path

from bot.storage.db import Database, SqliteDatabase
from bot.storage.privacy import WIPED_TABLES, forget_from_disk
from tests.engines import vacuums

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CHAT = 7_305_118_264


def _size(path: Path) -> int:
    return path.stat().st_size


async def _delete_a_row(db: Database) -> None:
    async with db.tx() as tx:
        await tx.run("INSERT INTO start_attempts (chat_id, at) VALUES (?, ?)", (CHAT, "t"))
    async with db.tx() as tx:
        assert await tx.run("DELETE FROM start_attempts WHERE chat_id = ?", (CHAT,)) == 1


async def test_forgetting_wipes_what_was_deleted_on_each_engine(db: Database) -> None:
    await _delete_a_row(db)
    if isinstance(db, SqliteDatabase):
        wal = Path(f"{db.path}-wal")
        assert _size(wal) > 0  # the deleting commit is still in the WAL
        await forget_from_disk(db)
        assert _size(wal) == 0
        return
    before = await vacuums(db, WIPED_TABLES)
    await forget_from_disk(db)
    after = await vacuums(db, WIPED_TABLES)
    assert sorted(after) == sorted(WIPED_TABLES)
    for table in WIPED_TABLES:
        assert after[table] == before[table] + 1, table
