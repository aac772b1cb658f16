"""One aiosqlite connection, serialised by a lock, with durable settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

Row = aiosqlite.Row


class Database:
    """A single connection; every statement and transaction runs under one asyncio lock.

    PTB runs jobs concurrently with handlers: without the lock another task's statement could
    land inside an open transaction on the shared connection.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path, busy_timeout: float = 5.0) -> Database:
        """Open (creating) the file with WAL, synchronous=FULL and foreign keys on; a statement
        waits up to `busy_timeout` seconds for another connection's write lock."""
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        # FULL: an answer acknowledged to the patient must survive a power cut.
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            f"busy_timeout={round(busy_timeout * 1000)}",
            "secure_delete=ON",
        ):
            await conn.execute(f"PRAGMA {pragma}")
        return cls(conn, path)

    async def close(self) -> None:
        await self.conn.close()

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction taken with BEGIN IMMEDIATE; rolled back on any error."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        async with self._lock:
            async with self.conn.execute(sql, tuple(params)) as cur:
                return list(await cur.fetchall())

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


async def all_rows(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> list[Row]:
    """Rows of a query run inside an open transaction."""
    async with conn.execute(sql, tuple(params)) as cur:
        return list(await cur.fetchall())


async def one_row(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> Row | None:
    rows = await all_rows(conn, sql, params)
    return rows[0] if rows else None
