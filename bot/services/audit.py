"""The audit trail as staff read it: who did what, newest first."""

from __future__ import annotations

from bot.domain.validation import parse_since
from bot.services import planning
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.storage import events
from bot.storage.db import Tx
from bot.storage.records import Event

LIMIT_MAX = 10_000  # SQLite reads a negative LIMIT as "no limit", and a huge one overflows


async def trail(
    app: Rapport, tx: Tx, alias: str | None, since: str | None, limit: int
) -> list[Event]:
    """Events, all or one patient's (erased ones too), from `since` on, at most `limit`."""
    if not 1 <= limit <= LIMIT_MAX:
        raise InputError(f"--limit is a number from 1 to {LIMIT_MAX}")
    start = None if since is None else planning.checked(parse_since, since)
    patient_id = await planning.patient_id_on_record(tx, alias)
    return await events.audit(tx, patient_id, start, limit)
