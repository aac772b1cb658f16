"""`rapport migrate-db`: a clinic's SQLite file copied into an empty PostgreSQL database.

Every table in foreign-key order, in one transaction on the target (all of it or nothing),
from one read snapshot of the source; then each table's count is checked on both sides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.storage.db import Database, Row, SqliteDatabase, Tx

BATCH = 1000  # rows read and written at a time: memory stays flat on a large file


class TransferError(Exception):
    """The copy was refused or did not verify; the target is left as it was."""


async def _tables(tx: Tx) -> list[str]:
    """The source's tables, each after those its foreign keys point to."""
    names = [
        r["name"]
        for r in await tx.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name"
        )
    ]
    needs = {
        t: {r["table"] for r in await tx.rows(f"PRAGMA foreign_key_list('{t}')")} - {t}
        for t in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [t for t in names if t not in ordered and needs[t] <= set(ordered)]
        if not ready:
            raise TransferError("the tables' foreign keys form a cycle")
        ordered.extend(ready)
    return ordered


def _typed(kinds: list[str]) -> Callable[[Row], tuple[Any, ...]]:
    """Values as the target's column types want them: SQLite stores whatever it was given."""

    def convert(row: Row) -> tuple[Any, ...]:
        out = []
        for i, kind in enumerate(kinds):
            value = row[i]
            if value is not None and "INT" in kind and not isinstance(value, int):
                value = int(value)
            elif value is not None and "TEXT" in kind and not isinstance(value, str):
                value = str(value)
            out.append(value)
        return tuple(out)

    return convert


async def _count(tx: Tx, table: str) -> int:
    return int(await tx.value(f"SELECT COUNT(*) FROM {table}"))  # noqa: S608 (schema names)


async def copy(source: SqliteDatabase, target: Database) -> dict[str, int]:
    """Copy every row of `source` into `target`, both migrated to the current schema, the
    target empty (TransferError otherwise); the rows copied per table, each count checked
    against the source before the target commits."""
    copied: dict[str, int] = {}
    async with source.read() as src, target.tx() as dst:
        tables = await _tables(src)
        for table in tables:
            if await _count(dst, table):
                raise TransferError(f"the target is not empty ({table} has rows): nothing copied")
        for table in tables:
            info = await src.rows(f"PRAGMA table_info('{table}')")
            columns = [c["name"] for c in info]
            convert = _typed([str(c["type"]).upper() for c in info])
            listed = ", ".join(columns)
            insert = (
                f"INSERT INTO {table} ({listed})"  # noqa: S608 (schema names)
                f" VALUES ({', '.join('?' for _ in columns)})"
            )
            last, done = 0, 0
            while True:
                rows = await src.rows(
                    f"SELECT {listed}, rowid FROM {table}"  # noqa: S608 (schema names)
                    " WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    (last, BATCH),
                )
                if not rows:
                    break
                await dst.many(insert, [convert(r) for r in rows])  # the rowid left out
                last, done = rows[-1][len(columns)], done + len(rows)
            if done != await _count(src, table):
                raise TransferError(f"{table}: read {done} rows, the source has another count")
            copied[table] = done
            if "id" in columns:
                # New rows must not reuse a copied id: the identity goes on after the largest.
                await dst.run(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                    f" (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
                )
        for table, done in copied.items():
            found = await _count(dst, table)
            if found != done:
                raise TransferError(f"{table}: {done} rows copied but {found} in the target")
    return copied
