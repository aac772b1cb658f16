"""Storage tests run on each engine: SQLite's file, and PostgreSQL when a server is given."""

from collections.abc import AsyncIterator

import pytest

from bot import MIGRATIONS_DIR
from bot.storage.db import Database, connect
from bot.storage.migrate import migrate


@pytest.fixture
async def db(engine_url: str) -> AsyncIterator[Database]:
    """A migrated database of each engine in turn."""
    database = await connect(engine_url)
    try:
        await migrate(database, MIGRATIONS_DIR)
        yield database
    finally:
        await database.close()
