"""The web view's sign-in links and sessions (tokens are stored only as hashes)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.db import Tx
from bot.storage.records import WebLink, WebSession, load
from bot.storage.times import iso


async def add_link(
    tx: Tx, token_hash: str, telegram_id: int, now: datetime, expires_at: datetime
) -> int:
    return await tx.insert_new(
        "INSERT INTO web_links (token_hash, telegram_id, created_at, expires_at)"
        " VALUES (?, ?, ?, ?)",
        (token_hash, telegram_id, iso(now), iso(expires_at)),
    )


async def link_by_hash(tx: Tx, token_hash: str) -> WebLink | None:
    row = await tx.row("SELECT * FROM web_links WHERE token_hash = ?", (token_hash,))
    return None if row is None else load(WebLink, row)


async def use_link(tx: Tx, link_id: int, now: datetime) -> bool:
    """Mark a link used; False when it already was (two tabs racing: only one wins)."""
    changed = await tx.run(
        "UPDATE web_links SET used_at = ? WHERE id = ? AND used_at IS NULL", (iso(now), link_id)
    )
    return changed == 1


async def add_session(
    tx: Tx, token_hash: str, telegram_id: int, csrf: str, now: datetime, expires_at: datetime
) -> int:
    return await tx.insert_new(
        "INSERT INTO web_sessions (token_hash, telegram_id, csrf, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (token_hash, telegram_id, csrf, iso(now), iso(expires_at)),
    )


async def session_by_hash(tx: Tx, token_hash: str) -> WebSession | None:
    row = await tx.row("SELECT * FROM web_sessions WHERE token_hash = ?", (token_hash,))
    return None if row is None else load(WebSession, row)


async def end_session(tx: Tx, session_id: int, now: datetime) -> None:
    await tx.run(
        "UPDATE web_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
        (iso(now), session_id),
    )


async def end_sessions_of(tx: Tx, telegram_id: int, now: datetime) -> int:
    """End every open session of one person; how many there were."""
    return await tx.run(
        "UPDATE web_sessions SET ended_at = ? WHERE telegram_id = ? AND ended_at IS NULL",
        (iso(now), telegram_id),
    )
