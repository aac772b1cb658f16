"""One unit of work per update: claim it, handle it and queue the replies in one transaction.

An update whose handling fails leaves nothing behind, not even its claim, so the intake can try
it again; a replayed update that was handled is a no-op because its claim is already there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from bot.services.context import Incoming, Rapport
from bot.services.replies import Replies
from bot.storage import inbox
from bot.storage.db import Tx

T = TypeVar("T")
After = Callable[[], Awaitable[object]]


@dataclass
class Unit:
    """What handling one update may touch: its transaction, its replies, its moment."""

    app: Rapport
    tx: Tx
    out: Replies
    msg: Incoming
    after: list[After] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        return self.out.now

    def t(self, lang: str, key: str, **args: object) -> str:
        return self.app.t(lang, key, **args)


async def handle(app: Rapport, msg: Incoming, work: Callable[[Unit], Awaitable[T]]) -> T | None:
    """Run `work` for an update not yet handled, then what it left for after the commit."""
    now = app.clock.now()
    async with app.db.tx() as tx:
        if not await inbox.claim(tx, msg.update_id, now):
            return None
        unit = Unit(app, tx, Replies(tx, f"u{msg.update_id}", now), msg)
        result = await work(unit)
    # Inside the intake's group of updates, only once the group has committed.
    await app.db.after_commit(unit.after)
    return result
