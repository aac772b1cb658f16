"""Incoming updates, committed before they are acknowledged to Telegram."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from aiosqlite import Connection

from bot.storage.db import Database, Row
from bot.storage.times import iso


async def store(db: Database, updates: Iterable[tuple[int, str]], now: datetime) -> None:
    """Write (update_id, json) pairs; a duplicate update_id is ignored."""
    async with db.tx() as conn:
        await conn.executemany(
            "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
            [(uid, payload, iso(now)) for uid, payload in updates],
        )


async def next_offset(db: Database) -> int:
    """The getUpdates offset that confirms everything already stored."""
    row = await db.fetchone("SELECT MAX(update_id) AS top FROM inbox")
    return 0 if row is None or row["top"] is None else int(row["top"]) + 1


async def pending(db: Database, limit: int = 100) -> list[Row]:
    return await db.fetchall(
        "SELECT update_id, payload FROM inbox WHERE processed_at IS NULL"
        " ORDER BY update_id LIMIT ?",
        (limit,),
    )


async def claim(conn: Connection, update_id: int, now: datetime) -> bool:
    """Mark an update handled inside the handler's own transaction; False if it already was."""
    cur = await conn.execute(
        "UPDATE inbox SET processed_at = ?, payload = NULL"
        " WHERE update_id = ? AND processed_at IS NULL",
        (iso(now), update_id),
    )
    return cur.rowcount == 1


async def finish(db: Database, update_id: int, now: datetime) -> None:
    """Mark an update done when no handler claimed it (ignored or failed)."""
    async with db.tx() as conn:
        await claim(conn, update_id, now)
