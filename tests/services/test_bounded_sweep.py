"""Bounded sweeps (issue 14): a backlog after downtime goes out over successive ticks, oldest
first, each once; what waits past its window is missed, not sent late; alerts are never held."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import VirtualClock
from bot.services import dispatch
from bot.services.context import Rapport
from bot.storage.times import iso

SMALL = dispatch.Budget(messages=3, plan=3, close=3)
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


async def _patients(app: Rapport, count: int) -> None:
    """Active patients with a linked chat, UTC, never in quiet hours at noon."""
    async with app.db.tx() as tx:
        await tx.run("INSERT INTO clinicians (name, created_at) VALUES ('Dr A', '2026-01-01')")
        await tx.many(
            "INSERT INTO patients (alias, clinician_id, chat_id, timezone, status, created_at)"
            " VALUES (?, 1, ?, 'UTC', 'active', '2026-01-01')",
            [(f"P-{n}", 5000 + n) for n in range(count)],
        )


async def _due(app: Rapport, ends: list[datetime], now: datetime) -> list[int]:
    """One pending check-in per patient, the n-th due n minutes later than the first (all due
    by `now`), each closing at the time given; their ids, oldest due first."""
    first = now - timedelta(hours=2)
    async with app.db.tx() as tx:
        for n, end in enumerate(ends):
            await tx.run(
                "INSERT INTO checkins (patient_id, dialog_id, dialog_version, slot, due_at,"
                " expires_at) VALUES (?, 'weekly', 1, 's', ?, ?)",
                (1 + n, iso(first + timedelta(minutes=n)), iso(end)),
            )
    rows = await app.db.fetchall("SELECT id FROM checkins ORDER BY due_at")
    return [r["id"] for r in rows]


async def _invited(app: Rapport) -> list[int]:
    """The check-ins an invitation was queued for, in the order they were queued."""
    rows = await app.db.fetchall(
        "SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE 'checkin:%:invite' ORDER BY id"
    )
    return [int(str(r["dedupe_key"]).split(":")[1]) for r in rows]


async def _status(app: Rapport, checkin_id: int) -> str:
    row = await app.db.fetchone("SELECT status FROM checkins WHERE id = ?", (checkin_id,))
    assert row is not None
    return str(row["status"])


async def test_a_backlog_goes_out_over_several_sweeps_oldest_first_once_each(
    app: Rapport, clock: VirtualClock
) -> None:
    clock.set(NOON)
    await _patients(app, 8)
    ids = await _due(app, [NOON + timedelta(days=1)] * 8, NOON)
    seen: list[list[int]] = []
    for _ in range(4):
        before = len(await _invited(app))
        await dispatch.sweep(app, SMALL)
        seen.append((await _invited(app))[before:])
    assert seen == [ids[0:3], ids[3:6], ids[6:8], []]
    assert [await _status(app, i) for i in ids] == ["open"] * 8


async def test_a_check_in_whose_window_closes_while_waiting_is_missed_not_sent(
    app: Rapport, clock: VirtualClock
) -> None:
    clock.set(NOON)
    await _patients(app, 5)
    later = NOON + timedelta(days=1)
    soon = NOON + timedelta(minutes=1)  # the fourth closes before its turn comes
    ids = await _due(app, [later, later, later, soon, later], NOON)
    await dispatch.sweep(app, SMALL)
    assert await _invited(app) == ids[:3]
    clock.set(NOON + timedelta(minutes=2))
    await dispatch.sweep(app, SMALL)
    assert await _invited(app) == [*ids[:3], ids[4]]
    assert await _status(app, ids[3]) == "missed"


async def test_reminders_take_what_invitations_leave_of_the_tick(
    app: Rapport, clock: VirtualClock
) -> None:
    clock.set(NOON)
    await _patients(app, 5)
    ids = await _due(app, [NOON + timedelta(days=1)] * 5, NOON)
    async with app.db.tx() as tx:  # the first three were invited earlier; a reminder is due
        await tx.run(
            "UPDATE checkins SET status = 'open', invited_at = ?, next_reminder_at = ?"
            " WHERE id IN (?, ?, ?)",
            (iso(NOON - timedelta(hours=1)), iso(NOON), *ids[:3]),
        )
    await dispatch.sweep(app, SMALL)
    assert await _invited(app) == ids[3:]
    assert await _reminded(app) == ids[:1]
    await dispatch.sweep(app, SMALL)
    assert await _reminded(app) == ids[:3]


async def _reminded(app: Rapport) -> list[int]:
    rows = await app.db.fetchall(
        "SELECT dedupe_key FROM outbox WHERE dedupe_key LIKE 'checkin:%:remind0' ORDER BY id"
    )
    return [int(str(r["dedupe_key"]).split(":")[1]) for r in rows]


async def test_planning_is_spread_over_sweeps_least_planned_first(
    app: Rapport, clock: VirtualClock
) -> None:
    clock.set(NOON)
    await _patients(app, 5)
    async with app.db.tx() as tx:
        await tx.many(
            "INSERT INTO schedules (patient_id, dialog_id, every_days, local_time, start_date,"
            " created_at, planned_until) VALUES (?, 'weekly', 1, '10:00', '2026-03-01',"
            " '2026-03-01', ?)",
            [(1 + n, iso(NOON - timedelta(minutes=10 - n))) for n in range(5)],
        )
    await dispatch.sweep(app, SMALL)
    rows = await app.db.fetchall("SELECT patient_id, planned_until FROM schedules ORDER BY id")
    planned = [r["patient_id"] for r in rows if r["planned_until"] > iso(NOON)]
    assert planned == [1, 2, 3]
    await dispatch.sweep(app, SMALL)
    rows = await app.db.fetchall("SELECT planned_until FROM schedules")
    assert all(r["planned_until"] > iso(NOON) for r in rows)


async def test_alert_escalations_are_never_held_back_by_the_budget(
    app: Rapport, clock: VirtualClock
) -> None:
    clock.set(NOON)
    await _patients(app, 6)
    async with app.db.tx() as tx:
        await tx.many(
            "INSERT INTO alerts (patient_id, category, urgency, tier, source, created_at,"
            " next_escalation_at) VALUES (?, 'suicide', 'crisis', 'red', 'text', ?, ?)",
            [(1 + n, iso(NOON - timedelta(hours=1)), iso(NOON)) for n in range(6)],
        )
    await dispatch.sweep(app, dispatch.Budget(messages=1, plan=1, close=1))
    rows = await app.db.fetchall("SELECT escalations FROM alerts")
    assert [r["escalations"] for r in rows] == [1] * 6


def test_one_tick_queues_about_what_the_sender_delivers_before_the_next() -> None:
    """30 s at Telegram's 30 messages a second; and asking for everything is explicit."""
    assert dispatch.per_tick(30) == dispatch.Budget(
        messages=900, plan=900, close=900, digests=100
    )
    assert dispatch.per_tick(0.5).messages == dispatch.SEND_RATE  # never nothing
    assert dispatch.per_tick(0.5).digests == 3
    assert dispatch.EVERYTHING == dispatch.Budget(messages=None, plan=None, close=None)


async def _appointments(app: Rapport, hours: list[int]) -> None:
    """One appointment per patient (patient n+1 at NOON + hours[n]), all inside the lead time."""
    async with app.db.tx() as tx:
        await tx.many(
            "INSERT INTO appointments (patient_id, at, created_at) VALUES (?, ?, '2026-01-01')",
            [(1 + n, iso(NOON + timedelta(hours=h))) for n, h in enumerate(hours)],
        )


async def _digested(app: Rapport) -> list[int]:
    rows = await app.db.fetchall("SELECT patient_id FROM digests ORDER BY id")
    return [r["patient_id"] for r in rows]


async def test_due_digests_are_spread_over_sweeps_earliest_appointment_first(
    app: Rapport, clock: VirtualClock
) -> None:
    clock.set(NOON)
    await _patients(app, 5)
    async with app.db.tx() as tx:
        await tx.run("UPDATE clinicians SET chat_id = 900")
    await _appointments(app, [5, 1, 4, 2, 3])
    budget = dispatch.Budget(messages=3, plan=3, close=3, digests=2)
    seen: list[list[int]] = []
    for _ in range(4):
        before = len(await _digested(app))
        await dispatch.sweep(app, budget)
        seen.append((await _digested(app))[before:])
    assert seen == [[2, 4], [5, 3], [1], []]


async def test_a_clinician_without_a_chat_holds_back_no_other_clinicians_digests(
    app: Rapport, clock: VirtualClock
) -> None:
    """Fifty or more earlier appointments of a clinician who has not linked a chat used to fill
    the read, and the sweep then recorded no digest at all."""
    clock.set(NOON)
    await _patients(app, 60)
    async with app.db.tx() as tx:
        await tx.run(
            "INSERT INTO clinicians (name, chat_id, created_at) VALUES ('Dr B', 901, '2026-01-01')"
        )
        await tx.run("UPDATE patients SET clinician_id = 2 WHERE id = 60")
    await _appointments(app, [1] * 59 + [2])
    await dispatch.sweep(app, dispatch.EVERYTHING)
    assert await _digested(app) == [60]
