"""The sender sends only while its instance holds the lease: none of its calls starts once the
lease ran out or the database says another instance holds it; the calls in flight are
recorded; the instance that takes over sends the rest."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.clock import VirtualClock
from bot.compose import open_app
from bot.config import load_settings
from bot.domain.leases import SENDER
from bot.sandbox import SandboxRequest, TelegramState
from bot.services.context import Rapport
from bot.services.lease import SenderLease
from bot.services.sender import Sender
from bot.tg.app import build_application
from tests.services.sender_kit import Call, Gate
from tests.services.test_sender_pipeline import fake_unpaced, queue, rows
from tests.timing import GUARD

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def shared_sender(app: Rapport, gate: Gate, me: str, **kwargs: int) -> Sender:
    lease = SenderLease(app.db, app.clock, 15, shared=True, me=me)
    return Sender(app.db, gate, app.clock, fake_unpaced(gate), lease=lease, **kwargs)


async def test_an_instance_without_the_lease_sends_nothing(app: Rapport) -> None:
    gate = Gate(auto=Call.answer)
    await queue(app, 1, "m1")
    holder, other = shared_sender(app, Gate(), "a"), shared_sender(app, gate, "b")
    assert await holder.lease.renew()
    assert await other.flush() == 0
    assert gate.calls == [] and (await rows(app))["m1"][0] == "pending"


async def test_a_lease_lost_mid_flush_starts_no_call_and_the_next_holder_sends_the_rest(
    app: Rapport, clock: VirtualClock
) -> None:
    first, second = Gate(), Gate(auto=Call.answer)
    for chat in (1, 2, 3):
        await queue(app, chat, f"m{chat}", delivery="at_least_once")
    a = shared_sender(app, first, "a", in_flight=1)
    b = shared_sender(app, second, "b")
    flushing = asyncio.create_task(a.flush())
    await first.until(lambda: len(first.calls) == 1)
    clock.advance(timedelta(seconds=15))  # a's renewals stopped (its database went away)
    assert await b.lease.renew()
    first.calls[0].answer()
    assert await asyncio.wait_for(flushing, GUARD) == 1, "a started nothing more"
    assert [c.text for c in first.calls] == ["m1"]
    state = await rows(app)
    assert state["m1"][0] == "sent", "a recorded the call it had made"
    assert await b.flush() == 2
    assert sorted(c.text for c in second.calls) == ["m2", "m3"]


async def test_the_database_fences_a_holder_whose_clock_still_says_it_holds(
    app: Rapport,
) -> None:
    gate = Gate(auto=Call.answer)
    await queue(app, 1, "m1")
    a = shared_sender(app, gate, "a")
    assert await a.lease.renew()
    async with app.db.tx() as tx:  # another instance took it, as a skewed clock would let it
        await tx.run("UPDATE leases SET holder = 'b' WHERE name = ?", (SENDER,))
    assert a.lease.held()
    assert await a.flush() == 0
    assert gate.calls == [] and not a.lease.held()
    assert (await rows(app))["m1"][0] == "pending"


async def test_a_watching_instance_takes_the_lease_once_it_expires_and_starts_sending(
    app: Rapport, clock: VirtualClock
) -> None:
    a = SenderLease(app.db, clock, 2, shared=True, me="a")
    b = SenderLease(app.db, clock, 2, shared=True, me="b")
    kicked = asyncio.Event()

    async def kick() -> None:
        kicked.set()

    b.kick = kick
    assert await a.renew()
    stop = asyncio.Event()
    watching = asyncio.create_task(b.run(stop))
    try:
        clock.advance(timedelta(seconds=2))  # a stopped renewing a lease's time ago
        await asyncio.wait_for(kicked.wait(), GUARD)
        assert b.held() and not a.held()
    finally:
        stop.set()
        await asyncio.wait_for(watching, GUARD)


async def test_only_postgresql_shares_the_sender_among_instances(engine_url: str) -> None:
    settings = load_settings(
        _env_file=None, DATABASE_URL=engine_url, TELEGRAM_BOT_TOKEN="123456:TEST-token"
    )
    app = await open_app(settings, VirtualClock(NOW))
    try:
        build_application(app, SandboxRequest(TelegramState()))
        assert app.sender is not None
        assert app.sender.lease.shared == engine_url.startswith("postgresql://")
        assert app.sender.lease.timing.seconds == 15
    finally:
        await app.db.close()
