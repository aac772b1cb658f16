"""The sweep: plan schedules ahead, close windows, send what is due, remind, all from the DB.

The tick only calls `sweep`; the database is the one source of truth, so a restart or a double
tick neither loses nor repeats a check-in. Instances sharing a PostgreSQL database sweep at
the same time: each step's query takes its rows for its transaction and passes over those
another holds (`Dialect.claim`), so no row is handled twice; the outbox's dedupe keys are a
second guard.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.domain.scheduling import occurrences, reminder_times, respect_quiet, send_time
from bot.services import alerts, care, digests, privacy, prompts
from bot.services import checkins as conversation
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.storage import alerts as alert_store
from bot.storage import checkins, events, plans
from bot.storage.db import Tx
from bot.storage.privacy import forget_from_disk
from bot.storage.records import Checkin, Due, Schedule

log = logging.getLogger(__name__)

# Planned this far ahead, so a finished check-in can say when the next one comes.
HORIZON = timedelta(days=8)
REPLAN_EVERY = timedelta(days=1)
BATCH = 500
INVITATION = 1  # outbox priority: after replies to people
REMINDERS = 2  # at most, per check-in
MANUAL = "manual"  # a check-in staff asked for now (planning.checkin_now): never held back

T = TypeVar("T")
Step = Callable[[Rapport, Tx, datetime, int], Awaitable[int]]


SEND_RATE = 30  # messages a second Telegram takes from one bot


@dataclass(frozen=True)
class Budget:
    """How many rows each bounded step may take in one sweep; None: all that are due.

    After a long downtime everything due at once made one sweep of a minute and a queue of
    thousands of invitations (issue 14). Bounded, the backlog goes out over the next ticks,
    oldest first (each step reads in due order), and what waits is judged when its turn comes:
    a check-in whose window closed meanwhile is recorded missed, never sent late.
    """

    messages: int | None  # invitations, then reminders with what invitations left
    plan: int | None  # schedules planned ahead
    close: int | None  # windows closed
    digests: int | None = None  # scheduled digests recorded (each drawn and sent later)


EVERYTHING = Budget(messages=None, plan=None, close=None)  # for a caller that needs all now
# A digest costs about five rows' time to build (data and signals) and sends a few messages.
DIGEST_ROWS = 9


def per_tick(seconds: float) -> Budget:
    """What one tick every `seconds` takes: about as many messages as the sender can deliver
    before the next tick at Telegram's rate (900 for the default 30 s). Queueing more only
    lengthens the queue, and the tick: each row costs about a millisecond. Planning and closing
    send nothing and are as cheap a row; planning runs a day ahead of need (REPLAN_EVERY), so
    spreading it delays nothing. Digests, a ninth as many (100 for 30 s), earliest appointment
    first: 10,000 due at once (a whole clinic after a long stop) take under an hour, well
    inside the lead time, instead of one sweep of 43 s."""
    rows = max(SEND_RATE, int(SEND_RATE * seconds))
    return Budget(messages=rows, plan=rows, close=rows, digests=max(1, rows // DIGEST_ROWS))


async def sweep(app: Rapport, budget: Budget | None = None) -> None:
    """What is due now, within `budget` (None: one tick's, `per_tick`), in an order that never
    sends a closed check-in.

    Alert escalations and caring contacts are never bounded: safety comes before the rest, and
    they are a handful (one per unacknowledged alert or crisis day), not a backlog of thousands.
    """
    now = app.clock.now()
    budget = budget or per_tick(app.settings.sweep_seconds)
    # An alert nobody took is sent again first: nothing else in the sweep is as urgent.
    await _batched(app, now, escalate_alerts, None)
    await plan(app, now, budget.plan)
    await _batched(app, now, close_windows, budget.close)
    invited = await _batched(app, now, dispatch_due, budget.messages)
    # Reminders after invitations: a first invitation matters more than a second nudge.
    left = None if budget.messages is None else budget.messages - invited
    await _batched(app, now, remind, left)
    await _batched(app, now, care_contacts, None)
    await _digests(app, now, budget.digests)
    if await _in_tx(app, now, privacy.apply_retention):
        await forget_from_disk(app.db)  # what retention removed must not stay readable
    await digests.kick(app)()


async def _in_tx(app: Rapport, now: datetime, step: Callable[..., Awaitable[int]]) -> int:
    async with app.db.tx() as tx:
        return await step(app, tx, now)


async def _digests(app: Rapport, now: datetime, budget: int | None) -> int:
    """Record due digests, one a transaction, until none is left or `budget` are."""
    taken = 0
    while (budget is None or taken < budget) and await _in_tx(app, now, digests.schedule_due):
        taken += 1
    return taken


async def _batched(app: Rapport, now: datetime, step: Step, budget: int | None) -> int:
    """Run a step in transactions of at most BATCH rows until it has nothing left or has
    taken `budget` rows (None: no bound); how many it took."""
    taken = 0
    while budget is None or taken < budget:
        size = BATCH if budget is None else min(BATCH, budget - taken)
        async with app.db.tx() as tx:
            done = await step(app, tx, now, size)
        taken += done
        if done < size:
            break
    return taken


async def plan(app: Rapport, now: datetime, budget: int | None = None) -> int:
    """Turn schedules into check-in rows up to the horizon; the unique slot absorbs repeats.
    At most `budget` schedules (None: all that need it), the least planned first."""
    return await _batched(app, now, _plan_some, budget)


async def _plan_some(app: Rapport, tx: Tx, now: datetime, limit: int) -> int:
    horizon = now + HORIZON
    # Re-planned about once a day, not on every tick: nothing due costs nearly nothing.
    rows = await plans.to_plan(tx, horizon - REPLAN_EVERY, limit)
    return await _each(rows, lambda row: _plan_one(app, tx, row, horizon))


async def _plan_one(app: Rapport, tx: Tx, row: Schedule, horizon: datetime) -> None:
    if row.dialog_id in app.dialogs and row.planned_until is not None:
        tz = ZoneInfo(row.timezone)
        for slot, due in occurrences(row.rule, tz, row.planned_until, horizon):
            send_at = respect_quiet(due, tz, row.quiet)
            await conversation.queue(app, tx, row.patient_id, row.dialog_id, slot, send_at)
    else:
        log.warning("schedule %s names dialog that is not installed", row.id)
    await plans.planned(tx, row.id, horizon)


async def _each(rows: Sequence[T], one: Callable[[T], Awaitable[object]]) -> int:
    """Handle each row of a batch; how many there were."""
    for row in rows:
        await one(row)
    return len(rows)


async def escalate_alerts(app: Rapport, tx: Tx, now: datetime, limit: int = BATCH) -> int:
    """Urgent alerts nobody acknowledged in time: sent again to the on-call chat."""
    rows = await alert_store.to_escalate(tx, now, limit)
    return await _each(rows, lambda row: alerts.escalate(app, tx, row, now))


async def care_contacts(app: Rapport, tx: Tx, now: datetime, limit: int = BATCH) -> int:
    """The caring contacts the day after a crisis reply whose time has come."""
    rows = await alert_store.care_due(tx, now, limit)
    return await _each(rows, lambda row: care.send(app, tx, row, now))


async def close_windows(app: Rapport, tx: Tx, now: datetime, limit: int = BATCH) -> int:
    """Open check-ins whose window ended: expired (partial answers kept) or missed."""
    rows = await checkins.past_window(tx, now, limit)
    return await _each(rows, lambda row: conversation.expire(tx, row, now))


async def dispatch_due(app: Rapport, tx: Tx, now: datetime, limit: int = BATCH) -> int:
    """Send the invitation of each due check-in, re-checking the patient at send time."""
    rows = await checkins.due(tx, now, limit)
    return await _each(rows, lambda row: _dispatch_one(app, tx, row, now))


async def _dispatch_one(app: Rapport, tx: Tx, row: Due, now: datetime) -> None:
    """Invite, or close the row when it is too late or the patient is not reachable.

    Several check-ins may be open at once: each button names its own session.
    """
    checkin = row.checkin
    if checkin.expires_at <= now:
        # After downtime: too late to ask; recorded as missed, never sent in a burst.
        await conversation.expire(tx, checkin, now)
        return
    if row.patient_status != "active" or row.chat_id is None:
        await checkins.finish(tx, checkin.id, "cancelled", now)
        await _record(tx, "checkin_not_sent", now, checkin, reason=row.patient_status)
        return
    if checkin.source != MANUAL and await _held(tx, row, now):
        return
    await checkins.mark_invited(tx, checkin.id, now, _next_reminder(app, row, now))
    await _invite(app, tx, row, now, "checkin-invite", {}, "invite")
    await _record(tx, "checkin_sent", now, checkin)


async def _held(tx: Tx, row: Due, now: datetime) -> bool:
    """Planning kept check-ins out of quiet hours, but one due while the bot was down (or before
    the patient's quiet hours changed) can come up inside them: it waits for their end, or
    counts as missed when its window closes first. True when it is not sent now."""
    at = send_time(now, row.checkin.expires_at, ZoneInfo(row.timezone), row.quiet)
    if at == now:
        return False
    if at is None:
        await conversation.expire(tx, row.checkin, now)
    else:
        await checkins.hold(tx, row.checkin.id, at)
    return True


async def _record(
    tx: Tx, kind: str, now: datetime, checkin: Checkin, reason: str | None = None
) -> None:
    detail: dict[str, Any] = {"checkin_id": checkin.id}
    if reason:
        detail["reason"] = reason
    await events.record(tx, kind, now, actor="system", patient_id=checkin.patient_id, **detail)


def _next_reminder(app: Rapport, row: Due, sent_at: datetime) -> datetime | None:
    """RAPPORT_REMINDER_HOURS after what was just sent, out of quiet hours, inside the window."""
    times = reminder_times(
        sent_at,
        row.checkin.expires_at,
        ZoneInfo(row.timezone),
        row.quiet,
        timedelta(hours=app.settings.reminder_hours),
        count=1,
    )
    return times[0] if times else None


async def _invite(
    app: Rapport, tx: Tx, row: Due, now: datetime, key: str, args: dict[str, int], tag: str
) -> None:
    lang = app.lang(row.language)
    message = prompts.invitation(app.t, lang, row.checkin.id, key, **args)
    out = Replies(tx, f"checkin:{row.checkin.id}", now)
    assert row.chat_id is not None
    # A second invitation is harmless; none at all leaves the patient waiting unasked.
    await out.send(
        row.chat_id,
        message,
        patient_id=row.checkin.patient_id,
        priority=INVITATION,
        key=tag,
        delivery="at_least_once",
    )


async def remind(app: Rapport, tx: Tx, now: datetime, limit: int = BATCH) -> int:
    """At most two gentle reminders for a check-in not yet started, then silence."""
    rows = await checkins.reminders_due(tx, now, limit)
    return await _each(rows, lambda row: _remind_one(app, tx, row, now))


async def _remind_one(app: Rapport, tx: Tx, row: Due, now: datetime) -> None:
    checkin = row.checkin
    if row.patient_status != "active" or checkin.invited_at is None:
        await checkins.reminded(tx, checkin.id, None)
        return
    at = send_time(now, checkin.expires_at, ZoneInfo(row.timezone), row.quiet)
    if at != now:
        # Due while the bot was down, and now inside quiet hours: it waits, or lapses.
        await checkins.remind_at(tx, checkin.id, at)
        return
    sent = checkin.reminders_sent
    hours = max(1, math.ceil((checkin.expires_at - now).total_seconds() / 3600))
    key = "checkin-reminder-first" if sent == 0 else "checkin-reminder-last"
    await _invite(app, tx, row, now, key, {"hours": hours}, f"remind{sent}")
    # The next counts from this one as sent: after a long stop both were overdue, and going by
    # the plan would send the second one sweep after the first.
    later = _next_reminder(app, row, now) if sent + 1 < REMINDERS else None
    await checkins.reminded(tx, checkin.id, later)
