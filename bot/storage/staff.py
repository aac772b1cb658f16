"""What the staff chat reads and remembers: patient overviews and each staff member's form."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from aiosqlite import Connection

from bot.storage.db import Database, Row, all_rows, one_row
from bot.storage.times import iso


class Joined(Database):
    """An open transaction seen as a Database, so use cases that open their own run inside it.

    The staff chat handles an update in one transaction, while the planning use cases (shared
    with the CLI) each open theirs; the lock is not re-entrant, so they would wait forever.
    Here each of their transactions becomes a savepoint: a refused input rolls back only what
    that use case did, and the reply explaining why is still queued in the outer transaction.
    """

    def __init__(self, db: Database, conn: Connection) -> None:
        super().__init__(conn, db.path)

    @asynccontextmanager
    async def tx(self) -> AsyncIterator[Connection]:
        """A savepoint inside the open transaction, rolled back on any error."""
        await self.conn.execute("SAVEPOINT staff_use_case")
        try:
            yield self.conn
        except BaseException:
            await self.conn.execute("ROLLBACK TO staff_use_case")
            await self.conn.execute("RELEASE staff_use_case")
            raise
        await self.conn.execute("RELEASE staff_use_case")

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Row]:
        return await all_rows(self.conn, sql, params)


_OVERVIEW = (
    "SELECT p.id, p.alias, p.status, p.timezone,"
    " (SELECT MIN(c.due_at) FROM checkins c WHERE c.patient_id = p.id"
    "  AND c.status = 'pending' AND c.expires_at > ?) AS next_checkin,"
    " (SELECT MAX(a.answered_at) FROM answers a WHERE a.patient_id = p.id) AS last_answer,"
    " (SELECT MIN(ap.at) FROM appointments ap WHERE ap.patient_id = p.id"
    "  AND ap.status = 'scheduled' AND ap.at > ?) AS next_appointment"
    " FROM patients p WHERE p.status != 'erased'"
)


async def count_patients(conn: Connection) -> int:
    row = await one_row(conn, "SELECT COUNT(*) AS n FROM patients WHERE status != 'erased'")
    return int(row["n"]) if row else 0


async def patient_page(conn: Connection, now: datetime, limit: int, offset: int) -> list[Row]:
    """One page of patients by alias, each with its next check-in, last answer, next visit."""
    return await all_rows(
        conn,
        f"{_OVERVIEW} ORDER BY p.alias LIMIT ? OFFSET ?",
        (iso(now), iso(now), limit, offset),
    )


async def patient_overview(conn: Connection, patient_id: int, now: datetime) -> Row | None:
    """The same overview for one patient (None if there is none, or it was erased)."""
    return await one_row(
        conn,
        f"{_OVERVIEW} AND p.id = ?",
        (iso(now), iso(now), patient_id),
    )


async def position(conn: Connection, alias: str) -> int:
    """How many listed patients come before this alias: where the list shows it."""
    row = await one_row(
        conn,
        "SELECT COUNT(*) AS n FROM patients WHERE status != 'erased' AND alias < ?",
        (alias,),
    )
    return int(row["n"]) if row else 0


async def schedule(conn: Connection, patient_id: int, dialog_id: str) -> Row | None:
    return await one_row(
        conn,
        "SELECT * FROM schedules WHERE patient_id = ? AND dialog_id = ?",
        (patient_id, dialog_id),
    )


async def session(conn: Connection, staff_id: int) -> Row | None:
    return await one_row(conn, "SELECT * FROM staff_sessions WHERE staff_id = ?", (staff_id,))


async def begin(
    conn: Connection, staff_id: int, patient_id: int, awaiting: str | None, now: datetime
) -> int:
    """Start a new form about a patient; returns its flow number (older buttons go stale)."""
    await conn.execute(
        "INSERT INTO staff_sessions (staff_id, flow, patient_id, awaiting, updated_at)"
        " VALUES (?, 1, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE SET flow = flow + 1,"
        " patient_id = excluded.patient_id, awaiting = excluded.awaiting, dialog_id = NULL,"
        " weekdays = '', local_time = NULL, updated_at = excluded.updated_at",
        (staff_id, patient_id, awaiting, iso(now)),
    )
    row = await session(conn, staff_id)
    return int(row["flow"]) if row else 0


_FORM_FIELDS = frozenset({"awaiting", "dialog_id", "weekdays", "local_time"})


async def update(conn: Connection, staff_id: int, now: datetime, **fields: str | None) -> None:
    """Set fields of a staff member's open form (names from a fixed list)."""
    unknown = set(fields) - _FORM_FIELDS
    if unknown:
        raise ValueError(f"not a staff form field: {sorted(unknown)}")
    assignments = "".join(f"{name} = ?, " for name in fields)
    await conn.execute(
        f"UPDATE staff_sessions SET {assignments}updated_at = ?"  # noqa: S608 - fixed names
        " WHERE staff_id = ?",
        (*fields.values(), iso(now), staff_id),
    )


async def end(conn: Connection, staff_id: int, now: datetime) -> None:
    """Close the form: its buttons go stale and typed text is no longer taken as input."""
    await conn.execute(
        "UPDATE staff_sessions SET patient_id = NULL, awaiting = NULL, dialog_id = NULL,"
        " weekdays = '', local_time = NULL, updated_at = ? WHERE staff_id = ?",
        (iso(now), staff_id),
    )
