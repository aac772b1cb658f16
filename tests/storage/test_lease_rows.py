"""The sender's lease on each engine: taken when free, refused while its holder renews it,
taken over once expired (by one instance of two), fenced, released; a takeover settles the
rows the last holder left `sending` as a restart does."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import MIGRATIONS_DIR
from bot.clock import VirtualClock
from bot.domain.leases import SENDER
from bot.domain.outgoing import Text
from bot.services.lease import SenderLease
from bot.storage import leases, outbox
from bot.storage.db import Database, connect
from bot.storage.migrate import migrate
from tests.conftest import fresh_postgres
from tests.timing import GUARD

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def instance(db: Database, clock: VirtualClock, me: str) -> SenderLease:
    return SenderLease(db, clock, 15, shared=True, me=me)


async def test_a_free_lease_is_taken_and_refused_to_others_while_renewed(db: Database) -> None:
    clock = VirtualClock(NOW)
    a, b = instance(db, clock, "a"), instance(db, clock, "b")
    assert await a.renew() and a.held()
    assert not await b.renew() and not b.held()
    clock.advance(timedelta(seconds=10))
    assert await a.renew()  # renewed before its term ran out: b still waits
    clock.advance(timedelta(seconds=10))
    assert not await b.renew()
    async with db.read() as tx:
        lease = await leases.current(tx, SENDER)
    assert lease is not None and lease.holder == "a"
    assert lease.expires_at == NOW + timedelta(seconds=10 + 12)


async def test_a_lease_not_renewed_is_taken_over_within_its_seconds(db: Database) -> None:
    clock = VirtualClock(NOW)
    a, b = instance(db, clock, "a"), instance(db, clock, "b")
    assert await a.renew()
    clock.advance(a.timing.term)
    assert not a.held(), "the holder stops sending by its own clock"
    assert await b.renew() and b.held()
    assert not await a.renew(), "the old holder does not take it back"
    async with db.read() as tx:
        taken_at = await tx.value("SELECT taken_at FROM leases WHERE name = ?", (SENDER,))
    assert taken_at == (NOW + a.timing.term).isoformat()


async def test_of_two_instances_that_saw_the_same_expired_lease_one_takes_it(
    db: Database,
) -> None:
    async with db.tx() as tx:
        assert await leases.write(tx, SENDER, None, "a", NOW, NOW - timedelta(seconds=12))
        seen = await leases.current(tx, SENDER)
    later = NOW + timedelta(seconds=1)
    async with db.tx() as tx:
        assert not await leases.write(tx, SENDER, None, "b", later, later), "a holds a row"
        assert await leases.write(tx, SENDER, seen, "b", later, later)
        assert not await leases.write(tx, SENDER, seen, "c", later, later)
        assert (await leases.current(tx, SENDER)).holder == "b"  # type: ignore[union-attr]


async def test_the_fence_passes_only_for_the_holder_within_its_term(db: Database) -> None:
    clock = VirtualClock(NOW)
    a = instance(db, clock, "a")
    await a.renew()
    async with db.tx() as tx:
        assert await leases.fence(tx, SENDER, "a", NOW)
        assert not await leases.fence(tx, SENDER, "b", NOW)
        assert not await leases.fence(tx, SENDER, "a", NOW + a.timing.term)


async def test_a_released_lease_is_taken_at_once(db: Database) -> None:
    clock = VirtualClock(NOW)
    a, b = instance(db, clock, "a"), instance(db, clock, "b")
    await a.renew()
    await a.release()
    assert not a.held()
    assert await b.renew()


async def test_a_takeover_settles_what_the_last_holder_left_sending(db: Database) -> None:
    clock = VirtualClock(NOW)
    a, b = instance(db, clock, "a"), instance(db, clock, "b")
    await a.renew()
    async with db.tx() as tx:
        for chat, delivery in ((1, "at_least_once"), (2, "at_most_once"), (3, "at_most_once")):
            await outbox.queue(tx, chat, Text(f"m{chat}"), NOW, delivery=delivery)  # type: ignore[arg-type]
        for row_id in (1, 2):
            assert await outbox.begin_send(tx, row_id)
    assert await a.renew()  # renewing one's own lease settles nothing: its calls are in flight
    assert await _states(db) == ["sending", "sending", "pending"]
    clock.advance(timedelta(seconds=15))
    assert await b.renew()
    assert await _states(db) == ["pending", "ambiguous", "pending"]
    resend = await db.fetchone("SELECT resends, not_before FROM outbox WHERE id = 1")
    assert resend is not None and resend["resends"] == 1


async def test_an_instance_alone_on_its_database_holds_the_lease_without_a_row(
    db: Database,
) -> None:
    alone = SenderLease(db, VirtualClock(NOW), 15, shared=False)
    assert alone.held() and await alone.hold() and await alone.renew()
    async with db.tx() as tx:
        assert await alone.fence(tx)
    assert await db.fetchall("SELECT * FROM leases") == []


async def _states(db: Database) -> list[str]:
    return [r["status"] for r in await db.fetchall("SELECT status FROM outbox ORDER BY id")]


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async for url in fresh_postgres():
        yield url


async def test_a_takeover_waits_for_the_holders_last_send_and_settles_it(pg_url: str) -> None:
    """PostgreSQL (several instances are its alone): two connections, as two instances have.
    The holder's transaction that passed the fence and marks a row `sending` holds the lease
    row's lock; the takeover waits for it, then settles that row rather than missing it."""
    first = await connect(pg_url)
    await migrate(first, MIGRATIONS_DIR)
    second = await connect(pg_url)
    try:
        a = instance(first, VirtualClock(NOW), "a")
        b = instance(second, VirtualClock(NOW + timedelta(seconds=15)), "b")  # a looks expired
        await a.renew()
        async with first.tx() as tx:
            await outbox.queue(tx, 1, Text("m1"), NOW)
        async with first.tx() as tx:
            assert await a.fence(tx)  # by a's clock its term still runs
            taking = asyncio.create_task(b.renew())
            await asyncio.sleep(0.3)  # b reaches the lease while a's transaction is open
            assert await outbox.begin_send(tx, 1)
        assert await asyncio.wait_for(taking, GUARD)
        assert await _states(first) == ["ambiguous"]
    finally:
        await second.close()
        await first.close()
