"""Numbered SQL migrations, applied in order, each with its bookkeeping row in one transaction.

SQLite's are the files of the migrations folder; PostgreSQL's are in its `postgresql`
subfolder, numbered alike (see the note at the top of its first file).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.storage.db import SQLITE, Database
from bot.storage.times import iso

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(Exception):
    """A migration failed or the migration files do not match what was applied."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def discover(directory: Path) -> list[Migration]:
    """The migration files of a directory, ordered; a misnamed or duplicate number is refused."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNNN_snake_case.sql")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"{path.name}: migration number {version} is used twice")
        found[version] = Migration(version, path.name, path.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def folder(db: Database, directory: Path) -> Path:
    """Where the migrations of `db`'s engine are: `directory` itself for SQLite."""
    return directory if db.dialect == SQLITE else directory / db.dialect.name


async def migrate(db: Database, directory: Path) -> list[str]:
    """Apply pending migrations of the engine's folder (`folder`); returns the names applied.
    Applied files must be unchanged."""
    async with db.tx() as tx:
        await tx.run(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
    rows = await db.fetchall("SELECT version, name, checksum FROM schema_migrations")
    applied = {r["version"]: r for r in rows}
    done: list[str] = []
    for migration in discover(folder(db, directory)):
        row = applied.get(migration.version)
        if row is not None:
            if row["checksum"] != migration.checksum:
                raise MigrationError(
                    f"{migration.name} was changed after it was applied; add a new migration"
                )
            continue
        await _apply(db, migration)
        done.append(migration.name)
    await db.optimize(analyze=bool(done))
    return done


async def _apply(db: Database, migration: Migration) -> None:
    try:
        async with db.tx() as tx:
            for statement in _statements(migration.sql):
                await tx.run(statement)
            await tx.run(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                " VALUES (?, ?, ?, ?)",
                (migration.version, migration.name, migration.checksum, iso(datetime.now(UTC))),
            )
    except Exception as exc:
        raise MigrationError(f"{migration.name} failed and was rolled back: {exc}") from exc


def _statements(sql: str) -> list[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()
    ):
        raise MigrationError("a statement is not terminated with ';'")
    return statements
