"""Incoming updates, committed before they are acknowledged to Telegram.

An update is settled (processed_at) only by a transaction that commits: the handler's own,
which claims it with its effects, or the intake's when no handler wanted it, or the intake's
when it is set aside. Until then it stays pending and is retried. Instances sharing a
PostgreSQL database each store what they receive, and handle only what their transaction
took (`take`): an update is handled once, whichever instance received it, and how often.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.storage import events
from bot.storage.db import Row, Tx
from bot.storage.times import iso, parse

# Telegram keeps an unconfirmed update for 24 hours at most, so it never redelivers one older.
REDELIVERY = timedelta(hours=24)
# Processed rows are kept this long to absorb redeliveries, then pruned: longer than
# REDELIVERY, and much shorter than the quiet week after which Telegram may restart update
# ids, so a restarted id never meets an old row (or an old reply's dedupe key) with its number.
KEEP = timedelta(days=2)
PRUNE_BATCH = 500
OFFSET_KEY = "getupdates_offset"


@dataclass(frozen=True)
class Stored:
    """An update waiting in the inbox, and how many times its handling has failed."""

    update_id: int
    payload: str
    attempts: int = 0


async def store(
    tx: Tx, updates: Iterable[tuple[int, str]], now: datetime, *, offset: int | None = None
) -> None:
    """Write (update_id, json) pairs; a duplicate update_id is ignored. `offset` (polling only)
    is the getUpdates offset that confirms this batch, kept in the same transaction."""
    await _prune(tx, now)
    await tx.many(
        "INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [(uid, payload, iso(now)) for uid, payload in updates],
    )
    if offset is not None:
        kept = json.dumps({"offset": offset, "at": iso(now)})
        await tx.run(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (OFFSET_KEY, kept),
        )


async def _prune(tx: Tx, now: datetime) -> None:
    """Forget processed updates older than KEEP, and free their replies' dedupe keys."""
    old = await tx.rows(
        "SELECT update_id FROM inbox WHERE processed_at < ? ORDER BY processed_at LIMIT ?",
        (iso(now - KEEP), PRUNE_BATCH),
    )
    for row in old:
        # Replies are keyed u<update_id>:<n> (services/replies.py): the range is exactly theirs.
        uid = row["update_id"]
        await tx.run(
            "UPDATE outbox SET dedupe_key = NULL WHERE dedupe_key >= ? AND dedupe_key < ?",
            (f"u{uid}:", f"u{uid};"),
        )
    await tx.many("DELETE FROM inbox WHERE update_id = ?", [(row["update_id"],) for row in old])


async def next_offset(tx: Tx, now: datetime) -> int:
    """The getUpdates offset that confirms the last batch stored, or 0 (none) once that batch
    is older than Telegram keeps updates: everything it confirmed is gone from Telegram by
    then, and after a quiet week the next update ids may start lower than any stored."""
    value = await tx.value("SELECT value FROM meta WHERE key = ?", (OFFSET_KEY,))
    if value is None:
        return 0
    kept = json.loads(value)
    stored_at = parse(kept["at"])
    return int(kept["offset"]) if stored_at and now - stored_at < REDELIVERY else 0


_DUE = "FROM inbox WHERE processed_at IS NULL AND (retry_at IS NULL OR retry_at <= ?)"
_PENDING = f"SELECT update_id, payload, attempts {_DUE} ORDER BY update_id LIMIT ?"


async def pending(tx: Tx, now: datetime, limit: int = 100) -> list[Stored]:
    """Unsettled updates whose turn has come, oldest first."""
    return _stored(await tx.rows(_PENDING, (iso(now), limit)))


async def take(tx: Tx, now: datetime, limit: int) -> list[Stored]:
    """The oldest due updates for this transaction to handle, at most `limit`; none of them
    can be handled by another transaction until this one ends.

    Several instances share the inbox on PostgreSQL: rows another one holds are passed over
    (each update handled once, never waited for), and so is every update after the first
    one it holds, so that a chat's updates are handled in the order they arrived, as with
    one instance (the holder goes on to them: its drain runs while any are due). On SQLite
    the write transaction keeps everyone else out, and this is the oldest `limit` due.
    """
    mine = _stored(await tx.rows(_PENDING + tx.dialect.claim("inbox"), (iso(now), limit)))
    if not mine:
        return mine
    # Below the last row taken, a due row that was not taken is held by another instance
    # (or was stored a moment ago, out of order: left for the next round all the same).
    ids = {row.update_id for row in mine}
    earlier = await tx.rows(
        f"SELECT update_id {_DUE} AND update_id < ? ORDER BY update_id",
        (iso(now), mine[-1].update_id),
    )
    held = next((r["update_id"] for r in earlier if r["update_id"] not in ids), None)
    return mine if held is None else [row for row in mine if row.update_id < held]


def _stored(rows: list[Row]) -> list[Stored]:
    return [Stored(int(r["update_id"]), str(r["payload"]), int(r["attempts"])) for r in rows]


async def next_retry(tx: Tx) -> datetime | None:
    """When the earliest update waiting after a failed attempt is due again."""
    at = await tx.value(
        "SELECT MIN(retry_at) FROM inbox WHERE processed_at IS NULL AND retry_at IS NOT NULL"
    )
    return parse(at)


async def claim(tx: Tx, update_id: int, now: datetime) -> bool:
    """Mark an update handled inside the handler's own transaction; False if it already was."""
    changed = await tx.run(
        "UPDATE inbox SET processed_at = ?, payload = NULL, retry_at = NULL"
        " WHERE update_id = ? AND processed_at IS NULL",
        (iso(now), update_id),
    )
    return changed == 1


async def settle(tx: Tx, update_ids: list[int], now: datetime) -> None:
    """Mark handled updates that no handler claimed; those already claimed stay as they are."""
    await tx.many(
        "UPDATE inbox SET processed_at = ?, payload = NULL, retry_at = NULL"
        " WHERE update_id = ? AND processed_at IS NULL",
        [(iso(now), update_id) for update_id in update_ids],
    )


async def failed(tx: Tx, update_id: int, attempts: int, retry_at: datetime) -> None:
    """Count a failed attempt (its effects were rolled back); try again from `retry_at`."""
    await tx.run(
        "UPDATE inbox SET attempts = ?, retry_at = ? WHERE update_id = ? AND processed_at IS NULL",
        (attempts, iso(retry_at), update_id),
    )


async def set_aside(tx: Tx, update_id: int, error: str, attempts: int, now: datetime) -> bool:
    """Give up on an update: its payload is kept in inbox_set_aside, its row settled with the
    error's type name (never the message: it may quote the patient), the event audited."""
    row = await tx.row(
        "SELECT payload, received_at FROM inbox WHERE update_id = ? AND processed_at IS NULL",
        (update_id,),
    )
    if row is None:
        return False
    await tx.run(
        "INSERT INTO inbox_set_aside (update_id, payload, error, attempts, received_at,"
        " set_aside_at) VALUES (?, ?, ?, ?, ?, ?)",
        (update_id, row["payload"], error, attempts, row["received_at"], iso(now)),
    )
    await tx.run(
        "UPDATE inbox SET processed_at = ?, payload = NULL, retry_at = NULL, attempts = ?,"
        " set_aside = ? WHERE update_id = ?",
        (iso(now), attempts, error, update_id),
    )
    await events.record(
        tx, "update_set_aside", now, actor="system", update_id=update_id, error=error
    )
    return True


def transient(exc: BaseException) -> bool:
    """A database error worth retrying as it is: the file is locked by another connection
    (PostgreSQL: a deadlock or serialization failure, the transaction undone as a whole)."""
    if getattr(exc, "sqlstate", None) in ("40001", "40P01"):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    return (
        isinstance(exc, sqlite3.OperationalError)
        and code is not None
        and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    )
