"""How a call ended, written to its outbox row as the one-at-a-time sender wrote it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.domain.outgoing import Edit, Text
from bot.services import reachability
from bot.services.ports import Ambiguous, Blocked, RetryLater, SendError, Transient
from bot.storage import checkins, outbox
from bot.storage.db import Tx
from bot.storage.records import Outbound

log = logging.getLogger("bot.services.sender")

MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Outcome:
    """How one call ended: a message id, a send error, or `lost` (a bug below the port: the
    row stays `sending`, as a kill would leave it, and the next start decides)."""

    row: Outbound
    message_id: int | None = None
    error: SendError | None = None
    lost: bool = False


async def record(tx: Tx, done: Outcome, clock: Clock) -> bool:
    """Write one call's outcome; True when the row was then wiped (see `outbox.scrub`)."""
    row, exc = done.row, done.error
    if done.lost:
        return False
    if exc is None:
        await outbox.mark_sent(tx, row.id, done.message_id, clock.now())
        if row.checkin_id is not None and done.message_id is not None:
            await checkins.set_prompt(tx, row.checkin_id, done.message_id)
    elif isinstance(exc, RetryLater):
        await _retry(tx, row, clock, exc.seconds, "flood control")
    elif isinstance(exc, Transient):
        if row.attempts + 1 >= MAX_ATTEMPTS:
            await _finish(tx, row, "failed", f"gave up: {type(exc).__name__}")
        else:
            await _retry(tx, row, clock, min(2 ** (row.attempts + 1), 300), "transient error")
    elif isinstance(exc, Ambiguous):
        await _unsure(tx, row, clock)
    elif isinstance(exc, Blocked):
        await _blocked(tx, row, clock)
    else:
        await _finish(tx, row, "failed", str(exc))
        await _redraw(tx, row, clock)
    # Its patient was erased while it waited: it went out, now nothing of it stays.
    return await outbox.scrub(tx, row.id)


async def _redraw(tx: Tx, row: Outbound, clock: Clock) -> None:
    """A check-in question that could not be drawn over its message (the patient deleted it)
    comes as a new message: an answer or a Start is one edit, and without this the patient
    would wait for a question that never shows."""
    edit = row.message
    if row.checkin_id is None or not isinstance(edit, Edit):
        return
    screen = Text(edit.text, edit.keyboard, edit.html)
    await outbox.queue(
        tx,
        row.chat_id,
        screen,
        clock.now(),
        dedupe_key=f"redrawn:{row.id}",
        patient_id=row.patient_id,
        checkin_id=row.checkin_id,
    )


async def _retry(tx: Tx, row: Outbound, clock: Clock, seconds: float, why: str) -> None:
    when = clock.now() + timedelta(seconds=seconds)
    await outbox.retry_at(tx, row.id, row.chat_id, when, why)


async def _unsure(tx: Tx, row: Outbound, clock: Clock) -> None:
    """A timeout after the request left: sent once more if a repeat is harmless."""
    again = await outbox.unsure(tx, row.id, clock.now(), "timed out after sending")
    then = "sent again later" if again else "left ambiguous"
    log.warning("outbox %s: timed out after sending; %s", row.id, then)


async def _finish(tx: Tx, row: Outbound, status: str, why: str) -> None:
    log.warning("outbox %s: %s (%s)", row.id, status, why)
    await outbox.mark(tx, row.id, status, why)


async def _blocked(tx: Tx, row: Outbound, clock: Clock) -> None:
    """A blocked chat: stop trying, mark the patient unreachable, record it."""
    await outbox.mark(tx, row.id, "failed", reachability.BLOCKED)
    await reachability.blocked(tx, row.chat_id, clock.now())
    log.info("chat blocked the bot; outbox row %s failed", row.id)
