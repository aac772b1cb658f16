"""What tests ask of the database that the two engines answer differently: kept here so each
test reads the same on SQLite and PostgreSQL (RAPPORT_TEST_ENGINE picks the app's engine)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.storage.db import Database, SqliteDatabase
from tests.conftest import DEFAULT_ENGINE

_TABLES = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' ORDER BY name",
    "postgresql": "SELECT table_name AS name FROM information_schema.tables"
    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
}
_COLUMNS = {
    "sqlite": "SELECT name FROM pragma_table_info(?)",
    "postgresql": "SELECT column_name AS name FROM information_schema.columns"
    " WHERE table_schema = current_schema() AND table_name = ?",
}


def sqlite_only(reason: str) -> pytest.MarkDecorator:
    """For a test of the SQLite file itself (its backup, another process's lock on it): skipped
    when the app runs on PostgreSQL, saying why."""
    return pytest.mark.skipif(DEFAULT_ENGINE != "sqlite", reason=f"SQLite only: {reason}")


def postgresql_only(reason: str) -> pytest.MarkDecorator:
    """For a test of what only PostgreSQL does: skipped when the app runs on SQLite."""
    return pytest.mark.skipif(DEFAULT_ENGINE != "postgresql", reason=f"PostgreSQL only: {reason}")


# The tests that hold SQLite's write lock from a second connection, as another process would.
FOREIGN_LOCK = sqlite_only(
    "another process's write lock on the file; PostgreSQL locks rows, not the database"
)

# Tests that open their own SQLite file (a `rapport run` process, the demo, the fuzzer's
# template) whatever RAPPORT_TEST_ENGINE says: on PostgreSQL they would only run again.
OWN_SQLITE_FILE = sqlite_only("opens its own SQLite file, already run by `make test`")


async def tables(db: Database) -> list[str]:
    """The database's tables, by name."""
    return [r["name"] for r in await db.fetchall(_TABLES[db.dialect.name])]


async def columns(db: Database, table: str) -> list[str]:
    """A table's columns, by name."""
    return [r["name"] for r in await db.fetchall(_COLUMNS[db.dialect.name], (table,))]


async def vacuums(db: Database, names: Sequence[str]) -> dict[str, int]:
    """PostgreSQL: how many times each table was vacuumed by hand. (Not n_dead_tup: a backend
    reports its deletes to the statistics up to a second later, so it would race a vacuum.)"""
    marks = ", ".join("?" for _ in names)
    sql = f"SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE relname IN ({marks})"  # noqa: S608
    return {r["relname"]: r["vacuum_count"] for r in await db.fetchall(sql, names)}


def in_transaction(db: Database) -> bool:
    """Whether the connection is inside a transaction now."""
    if isinstance(db, SqliteDatabase):
        return db.conn.in_transaction
    from bot.storage.pg import PostgresDatabase

    assert isinstance(db, PostgresDatabase)
    return db.conn.is_in_transaction()
