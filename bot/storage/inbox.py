"""Incoming updates, committed before they are acknowledged to Telegram."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.storage.db import Tx
from bot.storage.times import iso


@dataclass(frozen=True)
class Stored:
    """An update waiting in the inbox."""

    update_id: int
    payload: str


async def store(tx: Tx, updates: Iterable[tuple[int, str]], now: datetime) -> None:
    """Write (update_id, json) pairs; a duplicate update_id is ignored."""
    await tx.many(
        "INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)",
        [(uid, payload, iso(now)) for uid, payload in updates],
    )


async def next_offset(tx: Tx) -> int:
    """The getUpdates offset that confirms everything already stored."""
    top = await tx.value("SELECT MAX(update_id) FROM inbox")
    return 0 if top is None else int(top) + 1


async def pending(tx: Tx, limit: int = 100) -> list[Stored]:
    rows = await tx.rows(
        "SELECT update_id, payload FROM inbox WHERE processed_at IS NULL"
        " ORDER BY update_id LIMIT ?",
        (limit,),
    )
    return [Stored(int(r["update_id"]), str(r["payload"])) for r in rows]


async def claim(tx: Tx, update_id: int, now: datetime) -> bool:
    """Mark an update handled inside the handler's own transaction; False if it already was."""
    changed = await tx.run(
        "UPDATE inbox SET processed_at = ?, payload = NULL"
        " WHERE update_id = ? AND processed_at IS NULL",
        (iso(now), update_id),
    )
    return changed == 1
