"""The sweep: plan schedules ahead, close windows, send what is due, remind, all from the DB.

APScheduler only ticks; the database is the one source of truth, so a restart or a double tick
neither loses nor repeats a check-in.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiosqlite import Connection

from bot.domain import callbacks
from bot.domain.scheduling import occurrences, reminder_times, respect_quiet
from bot.services import checkins as conversation
from bot.services import digests, privacy
from bot.services.context import Rapport
from bot.services.planning import quiet_of, schedule_of
from bot.storage import checkins, events, outbox, plans
from bot.storage.db import Row
from bot.storage.times import parse

log = logging.getLogger(__name__)

# Planned this far ahead, so a finished check-in can say when the next one comes.
HORIZON = timedelta(days=8)
REPLAN_EVERY = timedelta(days=1)
BATCH = 500
INVITATION = 1  # outbox priority: after replies to people


async def sweep(app: Rapport) -> None:
    """Everything that is due now, in an order that never sends a closed check-in."""
    now = app.clock.now()
    await plan(app, now)
    await _batched(app, now, close_windows)
    await _batched(app, now, dispatch_due)
    await _batched(app, now, remind)
    while await _in_tx(app, now, digests.deliver_due):
        pass
    await _in_tx(app, now, privacy.apply_retention)


async def _in_tx(app: Rapport, now: datetime, step: Step) -> int:
    async with app.db.tx() as conn:
        return await step(app, conn, now)


Step = Callable[[Rapport, Connection, datetime], Awaitable[int]]


async def _batched(app: Rapport, now: datetime, step: Step) -> None:
    """Run a step in transactions of at most BATCH rows until it has nothing left."""
    while True:
        async with app.db.tx() as conn:
            done = await step(app, conn, now)
        if done < BATCH:
            return


async def plan(app: Rapport, now: datetime) -> None:
    """Turn schedules into check-in rows up to the horizon; the unique slot absorbs repeats."""
    horizon = now + HORIZON
    while True:
        async with app.db.tx() as conn:
            # Re-planned about once a day, not on every tick: nothing due costs nearly nothing.
            rows = await plans.to_plan(conn, horizon - REPLAN_EVERY, BATCH)
            for row in rows:
                await _plan_one(app, conn, row, horizon)
        if len(rows) < BATCH:
            return


async def _plan_one(app: Rapport, conn: Connection, row: Row, horizon: datetime) -> None:
    if row["dialog_id"] in app.dialogs:
        tz = ZoneInfo(row["timezone"])
        after = parse(row["planned_until"])
        for slot, due in occurrences(schedule_of(row), tz, after, horizon):
            send_at = respect_quiet(due, tz, quiet_of(row))
            await conversation.queue(app, conn, row["patient_id"], row["dialog_id"], slot, send_at)
    else:
        log.warning("schedule %s names dialog that is not installed", row["id"])
    await plans.planned(conn, row["id"], horizon)


async def close_windows(app: Rapport, conn: Connection, now: datetime) -> int:
    """Open check-ins whose window ended: expired (partial answers kept) or missed."""
    rows = await checkins.past_window(conn, now, BATCH)
    for row in rows:
        await conversation.expire(conn, row, now)
    return len(rows)


async def dispatch_due(app: Rapport, conn: Connection, now: datetime) -> int:
    """Send the invitation of each due check-in, re-checking the patient at send time."""
    rows = await checkins.due(conn, now, BATCH)
    for row in rows:
        await _dispatch_one(app, conn, row, now)
    return len(rows)


async def _dispatch_one(app: Rapport, conn: Connection, row: Row, now: datetime) -> None:
    """Invite, or close the row when it is too late or the patient is not reachable.

    Several check-ins may be open at once: each button names its own session.
    """
    if parse(row["expires_at"]) <= now:
        # After downtime: too late to ask; recorded as missed, never sent in a burst.
        await conversation.expire(conn, row, now)
        return
    if row["patient_status"] != "active" or row["chat_id"] is None:
        await checkins.finish(conn, row["id"], "cancelled", now)
        await events.record(
            conn,
            "checkin_not_sent",
            now,
            actor="system",
            patient_id=row["patient_id"],
            checkin_id=row["id"],
            reason=row["patient_status"],
        )
        return
    times = _reminders(app, row, now)
    await checkins.mark_invited(conn, row["id"], now, times[0] if times else None)
    await _invite(app, conn, row, now, "checkin-invite", {}, "invite")
    await events.record(
        conn,
        "checkin_sent",
        now,
        actor="system",
        patient_id=row["patient_id"],
        checkin_id=row["id"],
    )


def _reminders(app: Rapport, row: Row, sent_at: datetime) -> list[datetime]:
    return reminder_times(
        sent_at,
        parse(row["expires_at"]),
        ZoneInfo(row["timezone"]),
        quiet_of(row),
        timedelta(hours=app.settings.reminder_hours),
    )


async def _invite(
    app: Rapport,
    conn: Connection,
    row: Row,
    now: datetime,
    key: str,
    args: dict[str, int],
    tag: str,
) -> None:
    lang = app.lang(row["language"])
    start = (app.t(lang, "checkin-start"), callbacks.encode("o", row["id"]))
    payload = {"text": app.t(lang, key, **args), "keyboard": [[start]], "html": False}
    await outbox.queue(
        conn,
        row["chat_id"],
        "text",
        payload,
        now,
        dedupe_key=f"checkin:{row['id']}:{tag}",
        patient_id=row["patient_id"],
        priority=INVITATION,
    )


async def remind(app: Rapport, conn: Connection, now: datetime) -> int:
    """At most two gentle reminders for a check-in not yet started, then silence."""
    rows = await checkins.reminders_due(conn, now, BATCH)
    for row in rows:
        if row["patient_status"] != "active":
            await checkins.reminded(conn, row["id"], None)
            continue
        sent = row["reminders_sent"]
        times = _reminders(app, row, parse(row["invited_at"]))
        hours = max(1, math.ceil((parse(row["expires_at"]) - now).total_seconds() / 3600))
        key = "checkin-reminder-first" if sent == 0 else "checkin-reminder-last"
        await _invite(app, conn, row, now, key, {"hours": hours}, f"remind{sent}")
        await checkins.reminded(
            conn, row["id"], times[sent + 1] if sent + 1 < len(times) else None
        )
    return len(rows)
