"""One connection, serialised by a lock: SQLite's file (the default) or PostgreSQL (pg.py).

Everything above storage sees a `Tx`: an open transaction with a handful of typed operations.
Rows never leave this package; the modules beside this one turn them into records. The SQL
they write is the same for both engines; the few constructs that cannot be are in `Dialect`.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
import sys
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from bot import files


class Row(Protocol):
    """A result row as both engines give it (sqlite3.Row, asyncpg.Record): by name or index."""

    def keys(self) -> Any: ...
    def __getitem__(self, key: Any, /) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    """The few SQL fragments the two engines spell differently, each with `{column}` to fill:
    kept here, so the queries beside this module stay one text for both."""

    name: str
    # The elements of a JSON array column as rows of one text column `value`.
    json_items: str
    # An integer member of a JSON object column.
    json_int: str
    # The column contains the text of the next parameter.
    contains: str
    # Appended to a query: lock the rows it takes from table `{alias}`, passing over those
    # another transaction holds, so that concurrent instances never take the same row. Empty
    # on SQLite, whose write transaction already keeps every other writer out. Only in a
    # write transaction (`Database.tx`): PostgreSQL refuses to lock in a read-only one.
    skip_locked: str

    def items(self, column: str, alias: str) -> str:
        return self.json_items.format(column=column, alias=alias)

    def int_member(self, column: str, key: str) -> str:
        return self.json_int.format(column=column, key=key)

    def has_text(self, column: str) -> str:
        return self.contains.format(column=column)

    def claim(self, alias: str) -> str:
        return self.skip_locked.format(alias=alias)


SQLITE = Dialect(
    name="sqlite",
    json_items="json_each({column}) {alias}",
    json_int="json_extract({column}, '$.{key}')",
    contains="instr({column}, ?) > 0",
    skip_locked="",
)
POSTGRESQL = Dialect(
    name="postgresql",
    json_items="jsonb_array_elements_text({column}::jsonb) AS {alias}(value)",
    json_int="(({column})::jsonb ->> '{key}')::bigint",
    contains="strpos({column}, ?) > 0",
    skip_locked=" FOR UPDATE OF {alias} SKIP LOCKED",
)
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


class Tx(ABC):
    """An open transaction (or read snapshot) on the shared connection: the operations every
    engine provides (`run`, `insert`, `many`, `rows`) and those built on them."""

    dialect: Dialect = SQLITE

    @abstractmethod
    async def run(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute a statement; returns how many rows it changed."""

    @abstractmethod
    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int | None:
        """Insert one row; its id, or None when the insert was ignored (a duplicate)."""

    @abstractmethod
    async def many(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        ...

    @abstractmethod
    async def rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        ...

    async def insert_new(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Insert one row that must be stored (no ON CONFLICT may skip it); its id."""
        new_id = await self.insert(sql, params)
        if new_id is None:
            raise RuntimeError("insert ignored")
        return new_id

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


class SqliteTx(Tx):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def run(self, sql: str, params: Iterable[Any] = ()) -> int:
        cur = await self._conn.execute(sql, tuple(params))
        return cur.rowcount

    async def insert(self, sql: str, params: Iterable[Any] = ()) -> int | None:
        cur = await self._conn.execute(sql, tuple(params))
        return int(cur.lastrowid) if cur.rowcount == 1 and cur.lastrowid else None

    async def many(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        await self._conn.executemany(sql, [tuple(r) for r in rows])

    async def rows(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        # One trip to the connection's thread, where execute, fetchall and close were three:
        # a third of a small query's CPU (issue 14).
        return list(await self._conn.execute_fetchall(sql, tuple(params)))


class Database(ABC):
    """A single connection; every statement and transaction runs under one asyncio lock.

    PTB runs jobs concurrently with handlers: without the lock another task's statement could
    land inside an open transaction on the shared connection. This class holds what both
    engines share (the lock, groups and their savepoints, after-commit actions); each engine
    says how to begin, commit, roll back and execute (`SqliteDatabase`, pg.PostgresDatabase).
    """

    dialect: Dialect = SQLITE

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._group: asyncio.Task[object] | None = None  # the task whose group is open
        self._after: list[After] = []
        self._savepoints = itertools.count(1)

    @staticmethod
    async def open(path: Path, busy_ms: int = BUSY_MS) -> SqliteDatabase:
        """The SQLite file at `path` (see `connect` for a database named by its URL)."""
        return await SqliteDatabase.open_file(path, busy_ms)

    # What each engine provides.
    @abstractmethod
    def _tx(self) -> Tx:
        ...

    @abstractmethod
    async def _execute(self, sql: str) -> None:
        ...

    @abstractmethod
    async def _begin(self, *, write: bool) -> None:
        ...

    @abstractmethod
    async def _commit(self) -> None:
        ...

    @abstractmethod
    async def _rollback(self) -> None:
        ...

    @abstractmethod
    async def optimize(self, *, analyze: bool = False) -> None:
        ...

    @abstractmethod
    async def close(self) -> None:
        ...

    @abstractmethod
    async def wipe_deleted(self, tables: Iterable[str]) -> None:
        """Make what committed transactions deleted from `tables` unreadable from the
        database's own files (an erasure, retention). Never inside a transaction."""

    @property
    @abstractmethod
    def name(self) -> str:
        """The database as people are shown it: a path, or a URL without its password."""

    def describe(self, exc: BaseException) -> str:
        """One line for the person starting Rapport; where, never any content."""
        return f"{self.name}: the database failed ({exc})"

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
        await self._execute(f"SAVEPOINT {name}")
        try:
            yield self._tx()
        except BaseException:
            await self._execute(f"ROLLBACK TO {name}")
            await self._execute(f"RELEASE {name}")
            raise
        await self._execute(f"RELEASE {name}")

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Tx]:
        """A write transaction (SQLite: BEGIN IMMEDIATE); rolled back on any error. Inside
        this task's `group`, a savepoint of the group's transaction instead."""
        if self._in_group():
            async with self._savepoint() as tx:
                yield tx
            return
        async with self._lock:
            # BEGIN inside the try: a task cancelled while BEGIN was on its way (a stopping
            # sender's call) must not leave the shared connection inside a transaction. The
            # connection runs requests in order, so the rollback follows the BEGIN.
            try:
                await self._begin(write=True)
                yield self._tx()
            except BaseException:
                await self._rollback()
                raise
            await self._commit()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """A consistent read snapshot that takes no write lock (inside this task's `group`,
        the group's transaction, which sees what it wrote)."""
        if self._in_group():
            yield self._tx()
            return
        async with self._lock:
            try:
                await self._begin(write=False)  # inside the try, as in `tx`
                yield self._tx()
            finally:
                await self._rollback()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        async with self.read() as tx:
            return await tx.rows(sql, params)

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None


class SqliteDatabase(Database):
    """The embedded default: one aiosqlite connection to a file, with durable settings."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        super().__init__()
        self.conn = conn
        self.path = path

    @classmethod
    async def open_file(cls, path: Path, busy_ms: int = BUSY_MS) -> SqliteDatabase:
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

    @property
    def name(self) -> str:
        return str(self.path)

    def describe(self, exc: BaseException) -> str:
        if isinstance(exc, sqlite3.Error):
            return describe(self.path, exc)
        return super().describe(exc)

    def _tx(self) -> Tx:
        return SqliteTx(self.conn)

    async def _execute(self, sql: str) -> None:
        await self.conn.execute(sql)

    async def _begin(self, *, write: bool) -> None:
        await self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")

    async def _commit(self) -> None:
        await self.conn.commit()

    async def _rollback(self) -> None:
        await self.conn.rollback()

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

    async def wipe_deleted(self, tables: Iterable[str]) -> None:
        """secure_delete has already zeroed the freed cells in the file, whatever the table;
        the WAL still holds the old page images until it is checkpointed and truncated."""
        async with self._lock:
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @asynccontextmanager
    async def raw(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection itself, under the lock, for maintenance (backup, checkpoint)."""
        async with self._lock:
            yield self.conn


async def connect(url: str, busy_ms: int = BUSY_MS) -> Database:
    """The database a DATABASE_URL names: `sqlite:///path` or `postgresql://...`."""
    if url.startswith("postgresql://"):
        from bot.storage.pg import PostgresDatabase  # asyncpg only when PostgreSQL is used

        return await PostgresDatabase.open_url(url)
    return await SqliteDatabase.open_file(Path(url.removeprefix("sqlite:///")), busy_ms)


def is_database_error(exc: BaseException) -> bool:
    """An error of an engine (not of the code that called it): reported in one line."""
    if isinstance(exc, sqlite3.Error):
        return True
    pg = sys.modules.get("asyncpg")
    return pg is not None and isinstance(exc, pg.PostgresError | pg.InterfaceError)


def describe(path: Path, exc: sqlite3.Error) -> str:
    """One line for the person starting Rapport; the path, never any content."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{path}: the database is locked by another process (is Rapport already running?)"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path}: not a Rapport database, or the file is damaged (restore a backup)"
    return f"{path}: cannot open the database ({text})"
