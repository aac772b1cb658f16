"""PostgreSQL behind the same `Database` and `Tx` as SQLite: one asyncpg connection under the
shared lock, so transactions, groups and savepoints behave as they do on the file.

Queries keep SQLite's `?` placeholders (one text for both engines); each SQL text is turned
into PostgreSQL's `$1, $2, ...` once and cached. Times stay ISO 8601 text, as on SQLite, so
every comparison the queries make is the same on both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import asyncpg

from bot.storage.db import POSTGRESQL, Database, DatabaseError, Dialect, Row, Tx

CONNECT_SECONDS = 10


@lru_cache(maxsize=4096)
def numbered(sql: str) -> str:
    """`?` -> `$n`, left alone inside quoted literals and identifiers ('?', "?")."""
    out: list[str] = []
    quote = ""
    n = 0
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            n += 1
            out.append(f"${n}")
            continue
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1024)
def returning_id(sql: str) -> str:
    """The insert that reports its row's id (SQLite's lastrowid); none when it was skipped."""
    return numbered(sql) + " RETURNING id"


def _count(status: str) -> int:
    """Rows changed, from asyncpg's status text ("UPDATE 3", "INSERT 0 1", "DELETE 0")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class PostgresTx(Tx):
    dialect: Dialect = POSTGRESQL

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def run(self, sql: str, params: Iterable[Any] = ()) -> int:
        args = tuple(params)
        if not args:  # the simple protocol: several statements, DDL, no preparation
            return _count(await self._conn.execute(sql))
        return _count(await self._conn.execute(numbered(sql), *args))

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int | None:
        found = await self._conn.fetchval(returning_id(sql), *tuple(params))
        return None if found is None else int(found)

    async def many(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        await self._conn.executemany(numbered(sql), [tuple(r) for r in rows])

    async def rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        return list(await self._conn.fetch(numbered(sql), *tuple(params)))


class PostgresDatabase(Database):
    """One asyncpg connection to the database a `postgresql://` URL names."""

    dialect: Dialect = POSTGRESQL

    def __init__(self, conn: asyncpg.Connection, url: str) -> None:
        super().__init__()
        self.conn = conn
        self.url = url

    @classmethod
    async def open_url(cls, url: str) -> PostgresDatabase:
        """Connect; a server that cannot be reached or refuses is one DatabaseError line
        naming the host and database, never the password."""
        try:
            conn = await asyncpg.connect(url, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise DatabaseError(f"{safe_url(url)}: cannot connect ({exc})") from None
        return cls(conn, url)

    @property
    def name(self) -> str:
        return safe_url(self.url)

    def _tx(self) -> Tx:
        return PostgresTx(self.conn)

    async def _execute(self, sql: str) -> None:
        await self.conn.execute(sql)

    async def _begin(self, *, write: bool) -> None:
        # A read is a snapshot, as SQLite's deferred BEGIN gives one: every query of it sees
        # the same committed state.
        await self.conn.execute(
            "BEGIN" if write else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        )

    async def _commit(self) -> None:
        await self.conn.execute("COMMIT")

    async def _rollback(self) -> None:
        if not self.conn.is_closed():
            await self.conn.execute("ROLLBACK")

    async def optimize(self, *, analyze: bool = False) -> None:
        """ANALYZE after a migration (new indexes); autovacuum keeps statistics fresh after."""
        if analyze:
            async with self._lock:
                await self.conn.execute("ANALYZE")

    async def close(self) -> None:
        await self.conn.close()

    async def wipe_deleted(self, tables: Iterable[str]) -> None:
        """A deleted row stays in its page as a dead tuple, reachable by the indexes, until
        VACUUM removes it: done now rather than whenever autovacuum's thresholds say. VACUUM
        refuses to run in a transaction, so here on the connection, under the lock that keeps
        every transaction off it meanwhile. It does not zero the freed space, and the WAL,
        archives and backups keep their copies (README, "What is kept, and for how long")."""
        names = ", ".join(sorted(set(tables)))
        if names:
            async with self._lock:
                await self.conn.execute(f"VACUUM {names}")

    @asynccontextmanager
    async def raw(self) -> AsyncIterator[asyncpg.Connection]:
        """The connection itself, under the lock, for maintenance."""
        async with self._lock:
            yield self.conn


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep:
        return url
    scheme, _, user = head.partition("://")
    return f"{scheme}://{user.split(':', 1)[0]}@{tail}"
