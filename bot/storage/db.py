"""One aiosqlite connection, serialised by a lock, with durable settings.

Everything above storage sees a `Tx`: an open transaction with a handful of typed operations.
Rows never leave this package; the modules beside this one turn them into records.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot import files

Row = sqlite3.Row
BUSY_MS = 5000  # how long a statement waits for another process's write lock
# ANALYZE reads about this many rows per index, not all of them: statistics good enough to pick
# an index, in milliseconds at 100k patients (the value SQLite's own PRAGMA optimize uses).
ANALYSIS_LIMIT = 1000
# At open: PRAGMA optimize's default (0x02: analyze tables that seem to need it, 0x10: with the
# limit) plus 0x10000 (SQLite >= 3.46: check every table's size, not only those this connection
# used). Older versions (3.40) ignore the bit: for them the optimize at close does the work.
OPTIMIZE_AT_OPEN = 0x10012


After = Callable[[], Awaitable[object]]


class DatabaseError(Exception):
    """The database cannot be used: corrupt, locked by another process, or unreadable."""


class Tx:
    """An open transaction (or read snapshot) on the shared connection."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def run(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute a statement; returns how many rows it changed."""
        cur = await self._conn.execute(sql, tuple(params))
        return cur.rowcount

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int | None:
        """Insert one row; its id, or None when the insert was ignored (a duplicate)."""
        cur = await self._conn.execute(sql, tuple(params))
        return int(cur.lastrowid) if cur.rowcount == 1 and cur.lastrowid else None

    async def insert_new(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Insert one row that must be stored (no OR IGNORE may skip it); its id."""
        new_id = await self.insert(sql, params)
        if new_id is None:
            raise RuntimeError("insert ignored")
        return new_id

    async def many(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        await self._conn.executemany(sql, [tuple(r) for r in rows])

    async def rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        # One trip to the connection's thread, where execute, fetchall and close were three:
        # a third of a small query's CPU (issue 14).
        return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def row(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        found = await self.rows(sql, params)
        return found[0] if found else None

    async def rows_for(self, sql: str, column: str, value: object | None, order: str) -> list[Row]:
        """`sql` filtered on `column` = `value`, or unfiltered when `value` is None."""
        if value is None:
            return await self.rows(f"{sql} ORDER BY {order}")
        return await self.rows(f"{sql} WHERE {column} = ? ORDER BY {order}", (value,))

    async def value(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        found = await self.row(sql, params)
        return None if found is None else found[0]


class Database:
    """A single connection; every statement and transaction runs under one asyncio lock.

    PTB runs jobs concurrently with handlers: without the lock another task's statement could
    land inside an open transaction on the shared connection.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._group: asyncio.Task[object] | None = None  # the task whose group is open
        self._after: list[After] = []
        self._savepoints = itertools.count(1)

    @classmethod
    async def open(cls, path: Path, busy_ms: int = BUSY_MS) -> Database:
        """Open (creating) the file with WAL, synchronous=FULL and foreign keys on.

        Anything wrong (a corrupt file, another process holding the lock past `busy_ms`) is a
        DatabaseError, and the connection's thread is closed so the process can still exit.
        """
        # Private before SQLite opens it: SQLite creates -wal and -shm with the file's mode.
        try:
            files.private_folder(path.parent)
            files.private_file(path)
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot create the database ({exc.strerror})") from None
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            # busy_timeout first: the WAL switch itself may wait for another process.
            # FULL: an answer acknowledged to the patient must survive a power cut.
            for pragma in (
                f"busy_timeout={int(busy_ms)}",
                "journal_mode=WAL",
                "synchronous=FULL",
                "foreign_keys=ON",
                "secure_delete=ON",
                f"analysis_limit={ANALYSIS_LIMIT}",
            ):
                await conn.execute(f"PRAGMA {pragma}")
            await conn.execute("SELECT COUNT(*) FROM sqlite_master")
        except sqlite3.Error as exc:
            await conn.close()
            raise DatabaseError(describe(path, exc)) from None
        return cls(conn, path)

    async def optimize(self, *, analyze: bool = False) -> None:
        """Keep the planner's statistics fresh: ANALYZE after a migration (a new index has no
        statistics yet), then PRAGMA optimize, which is cheap when nothing changed."""
        async with self._lock:
            if analyze:
                await self.conn.execute("ANALYZE")
            await self.conn.execute(f"PRAGMA optimize={OPTIMIZE_AT_OPEN}")

    async def close(self) -> None:
        """Close, first letting SQLite analyze the tables this connection's queries would have
        planned better with fresh statistics (what SQLite advises before closing)."""
        try:
            async with self._lock:
                await self.conn.execute("PRAGMA optimize")
        except (sqlite3.Error, ValueError):  # ValueError: already closed
            pass  # statistics are an optimisation: closing must not fail for them
        await self.conn.close()

    def _in_group(self) -> bool:
        return self._group is not None and asyncio.current_task() is self._group

    @asynccontextmanager
    async def group(self) -> AsyncIterator[None]:
        """One write transaction, one synced commit, for several units of work by this task
        (the intake's updates that arrived together): each `tx` it opens is a savepoint, so a
        failing unit leaves nothing behind while the others keep theirs, and what they left
        for after their commit (`after_commit`) runs once the group has committed. Rolled
        back as a whole on any error that leaves it."""
        async with self.tx():
            self._group = asyncio.current_task()
            try:
                yield
            except BaseException:
                self._after.clear()
                raise
            finally:
                self._group = None
        after, self._after = self._after, []
        for action in after:
            await action()

    async def after_commit(self, actions: Iterable[After]) -> None:
        """Run `actions` now, or once the group this task has open has committed."""
        if self._in_group():
            self._after.extend(actions)
            return
        for action in actions:
            await action()

    @asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[Tx]:
        name = f"unit{next(self._savepoints)}"
        await self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield Tx(self.conn)
        except BaseException:
            await self.conn.execute(f"ROLLBACK TO {name}")
            await self.conn.execute(f"RELEASE {name}")
            raise
        await self.conn.execute(f"RELEASE {name}")

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Tx]:
        """A write transaction taken with BEGIN IMMEDIATE; rolled back on any error. Inside
        this task's `group`, a savepoint of the group's transaction instead."""
        if self._in_group():
            async with self._savepoint() as tx:
                yield tx
            return
        async with self._lock:
            # BEGIN inside the try: a task cancelled while BEGIN was on its way (a stopping
            # sender's call) must not leave the shared connection inside a transaction. The
            # connection's thread runs requests in order, so the rollback follows the BEGIN.
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
                yield Tx(self.conn)
            except BaseException:
                await self.conn.rollback()
                raise
            await self.conn.commit()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """A consistent read snapshot that takes no write lock (inside this task's `group`,
        the group's transaction, which sees what it wrote)."""
        if self._in_group():
            yield Tx(self.conn)
            return
        async with self._lock:
            try:
                await self.conn.execute("BEGIN")  # inside the try, as in `tx`
                yield Tx(self.conn)
            finally:
                await self.conn.rollback()

    @asynccontextmanager
    async def raw(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection itself, under the lock, for maintenance (backup, checkpoint)."""
        async with self._lock:
            yield self.conn

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        async with self.read() as tx:
            return await tx.rows(sql, params)

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


def describe(path: Path, exc: sqlite3.Error) -> str:
    """One line for the person starting Rapport; the path, never any content."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{path}: the database is locked by another process (is Rapport already running?)"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path}: not a Rapport database, or the file is damaged (restore a backup)"
    return f"{path}: cannot open the database ({text})"
