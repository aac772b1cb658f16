"""Leases as rows (see bot/domain/leases.py): read, taken by compare-and-set, fenced."""

from __future__ import annotations

from datetime import datetime

from bot.domain.leases import Lease
from bot.storage.db import Tx
from bot.storage.times import iso, parse


async def current(tx: Tx, name: str) -> Lease | None:
    row = await tx.row("SELECT holder, expires_at FROM leases WHERE name = ?", (name,))
    if row is None:
        return None
    expires = parse(row["expires_at"])
    assert expires is not None
    return Lease(row["holder"], expires)


async def write(
    tx: Tx, name: str, seen: Lease | None, me: str, until: datetime, now: datetime
) -> bool:
    """Make `me` the holder until `until`, if the lease is still as `seen` (read in this
    transaction): of two instances that saw the same expired lease, one writes it. `taken_at`
    changes only when the holder does."""
    if seen is None:
        added = await tx.run(
            "INSERT INTO leases (name, holder, expires_at, taken_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (name, me, iso(until), iso(now)),
        )
        return added == 1
    changed = await tx.run(
        "UPDATE leases SET holder = ?, expires_at = ?,"
        " taken_at = CASE WHEN holder = ? THEN taken_at ELSE ? END"
        " WHERE name = ? AND holder = ? AND expires_at = ?",
        (me, iso(until), me, iso(now), name, seen.holder, iso(seen.expires_at)),
    )
    return changed == 1


async def fence(tx: Tx, name: str, me: str, now: datetime) -> bool:
    """Whether `me` holds the lease now. On PostgreSQL this also locks its row until the
    transaction ends, so a takeover waits for what this transaction marks `sending`, and then
    sees it."""
    changed = await tx.run(
        "UPDATE leases SET holder = holder WHERE name = ? AND holder = ? AND expires_at > ?",
        (name, me, iso(now)),
    )
    return changed == 1


async def release(tx: Tx, name: str, me: str, now: datetime) -> None:
    """Expire my lease now (a clean stop): another instance takes it at its next look."""
    await tx.run(
        "UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?",
        (iso(now), name, me, iso(now)),
    )
