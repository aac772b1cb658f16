"""The sender sends only while its instance holds the lease: none of its calls starts once the
lease ran out or the database says another instance holds it; the calls in flight are
recorded; the instance that takes over sends the rest."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.clock import VirtualClock
from bot.domain.leases import SENDER
from bot.services.context import Rapport
from bot.services.lease import SenderLease
from bot.services.sender import Sender
from tests.services.sender_kit import Call, Gate
from tests.services.test_sender_pipeline import fake_unpaced, queue, rows
from tests.timing import GUARD


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
