"""The pipelined sender (issue 14): calls overlap, never two for one chat, and every outcome is
recorded as the one-at-a-time sender recorded it. The Messenger is a fake the test answers;
nothing here waits for time to pass."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.clock import VirtualClock
from bot.domain.outgoing import Text
from bot.services.context import Rapport
from bot.services.pacing import Pacer, unpaced
from bot.services.ports import Ambiguous, Blocked, Rejected, RetryLater, Transient
from bot.services.sender import ESCALATE_EVERY, Sender
from bot.storage import outbox
from bot.storage.times import iso
from tests.services.sender_kit import Call, Gate
from tests.timing import GUARD


def fake_unpaced(gate: Gate) -> Pacer:
    """No pacing, on the gate's fake clock."""
    return Pacer(0, 0, 0, clock=gate.time, sleep=gate.time.sleep)


def sender(app: Rapport, gate: Gate, pacer: Pacer | None = None, **kwargs: int) -> Sender:
    gate.db = app.settings.database_url
    return Sender(app.db, gate, app.clock, pacer or unpaced(), **kwargs)


async def queue(app: Rapport, chat: int, text: str, **kwargs: object) -> None:
    async with app.db.tx() as tx:
        await outbox.queue(tx, chat, Text(text), app.clock.now(), **kwargs)  # type: ignore[arg-type]


async def rows(app: Rapport) -> dict[str, tuple[str, str | None]]:
    """Each row's (status, error), by its text."""
    found = await app.db.fetchall("SELECT payload, status, error FROM outbox ORDER BY id")
    return {r["payload"].split('"text": "')[1].split('"')[0]: (r[1], r[2]) for r in found}


async def test_several_calls_are_in_flight_at_once_each_committed_sending_first(
    app: Rapport,
) -> None:
    gate = Gate()
    for chat in range(1, 6):
        await queue(app, chat, f"m{chat}")
    flushing = asyncio.create_task(sender(app, gate).flush())
    await gate.until(lambda: len(gate.open()) == 5)
    assert gate.states == ["sending"] * 5, "each row was committed sending before its call"
    for call in gate.calls:
        call.answer(100 + call.chat_id)
    assert await asyncio.wait_for(flushing, GUARD) == 5
    assert set((await rows(app)).values()) == {("sent", None)}
    ids = await app.db.fetchall("SELECT chat_id, message_id FROM outbox")
    assert all(r["message_id"] == 100 + r["chat_id"] for r in ids)


async def test_a_chat_has_one_call_at_a_time_and_keeps_its_order_across_a_retry(
    app: Rapport, clock: VirtualClock
) -> None:
    gate = Gate()
    for text in ("a1", "a2", "a3"):
        await queue(app, 1, text)
    await queue(app, 2, "b1")
    s = sender(app, gate)
    flushing = asyncio.create_task(s.flush())
    await gate.until(lambda: len(gate.open()) == 2)
    assert sorted(gate.texts()) == ["a1", "b1"]
    gate.calls[0 if gate.calls[0].text == "a1" else 1].fail(RetryLater(30))
    await gate.until(lambda: any(c.text == "b1" for c in gate.open()))
    next(c for c in gate.open() if c.text == "b1").answer()
    await asyncio.wait_for(flushing, GUARD)
    assert gate.texts().count("a2") == 0, "a2 waits behind a1's retry"
    state = await rows(app)
    assert state["a1"] == ("pending", "flood control") and state["a2"][0] == "pending"

    clock.advance(timedelta(seconds=30))
    gate.auto = Call.answer
    await asyncio.wait_for(s.flush(), GUARD)
    assert [t for t in gate.texts() if t.startswith("a")] == ["a1", "a1", "a2", "a3"]
    assert gate.peak == 2


async def test_the_in_flight_bound_holds(app: Rapport) -> None:
    gate = Gate()
    for chat in range(1, 11):
        await queue(app, chat, f"m{chat}")
    flushing = asyncio.create_task(sender(app, gate, in_flight=3).flush())
    for answered in range(10):
        await gate.until(lambda n=answered: len(gate.open()) == min(3, 10 - n))  # type: ignore[misc]
        gate.open()[0].answer()
    assert await asyncio.wait_for(flushing, GUARD) == 10
    assert gate.peak == 3


async def test_each_outcome_in_a_batch_is_recorded_as_before(app: Rapport) -> None:
    gate = Gate()
    await queue(app, 1, "ok")
    await queue(app, 2, "flaky")
    await queue(app, 3, "blocked")
    await queue(app, 4, "unsure once", delivery="at_most_once")
    await queue(app, 5, "unsure again", delivery="at_least_once")
    await queue(app, 6, "refused")
    await queue(app, 3, "after the block")
    outcomes = {
        "flaky": Transient("503"),
        "blocked": Blocked("Forbidden: bot was blocked by the user"),
        "unsure once": Ambiguous("timed out"),
        "unsure again": Ambiguous("timed out"),
        "refused": Rejected("Bad Request: message is too long"),
    }
    flushing = asyncio.create_task(sender(app, gate).flush())
    await gate.until(lambda: len(gate.open()) == 6)
    for call in gate.calls:
        if call.text in outcomes:
            call.fail(outcomes[call.text])
        else:
            call.answer(41)
    assert await asyncio.wait_for(flushing, GUARD) == 6
    assert await rows(app) == {
        "ok": ("sent", None),
        "flaky": ("pending", "transient error"),
        "blocked": ("failed", "blocked by the user"),
        "unsure once": ("ambiguous", "timed out after sending"),
        "unsure again": ("pending", "timed out after sending; sending again"),
        "refused": ("failed", "Bad Request: message is too long"),
        "after the block": ("failed", "blocked by the user"),
    }
    flaky = await app.db.fetchone("SELECT not_before, attempts FROM outbox WHERE chat_id = 2")
    assert flaky is not None and flaky["attempts"] == 1
    assert flaky["not_before"] == iso(app.clock.now() + timedelta(seconds=2))


async def test_a_stop_waits_for_the_calls_in_flight_and_sends_nothing_new(app: Rapport) -> None:
    gate = Gate()
    for chat in (1, 2, 3):
        await queue(app, chat, f"first {chat}")
    await queue(app, 1, "second 1")
    s = sender(app, gate)
    stop = asyncio.Event()
    worker = asyncio.create_task(s.run(stop, every=3600))
    await gate.until(lambda: len(gate.open()) == 3)
    stop.set()
    await s.kick()
    await asyncio.sleep(0)
    assert not worker.done(), "the stop waits for the calls in flight"
    for call in gate.open():
        call.answer()
    await asyncio.wait_for(worker, GUARD)
    assert await rows(app) == {
        "first 1": ("sent", None),
        "first 2": ("sent", None),
        "first 3": ("sent", None),
        "second 1": ("pending", None),
    }


async def test_invitations_get_one_call_in_four_during_a_rush_of_replies(app: Rapport) -> None:
    gate = Gate(auto=Call.answer)
    await queue(app, 1, "invitation to 1", priority=1)
    for chat in range(1, 101):
        await queue(app, chat, f"reply {chat}")
    for chat in range(101, 111):
        await queue(app, chat, f"invitation {chat}", priority=1)
    assert await asyncio.wait_for(sender(app, gate).flush(), GUARD) == 111
    texts = gate.texts()
    invitations = [n for n, t in enumerate(texts) if t.startswith("invitation 1")]
    assert invitations == [3 + 4 * n for n in range(10)], "one call in four while both wait"
    assert texts.index("reply 1") < texts.index("invitation to 1"), "a chat keeps its order"


async def test_a_group_gets_twenty_calls_a_minute_and_a_private_chat_one_a_second(
    app: Rapport,
) -> None:
    gate = Gate(auto=Call.answer)
    pacer = Pacer(clock=gate.time, sleep=gate.time.sleep)
    for n in range(25):
        await queue(app, -100, f"group {n}")
    for n in range(3):
        await queue(app, 7, f"private {n}")
    for chat in range(200, 260):
        await queue(app, chat, f"crowd {chat}")
    assert await asyncio.wait_for(sender(app, gate, pacer).flush(), GUARD) == 88
    group = [c for c in gate.calls if c.chat_id == -100]
    assert [c.text for c in group] == [f"group {n}" for n in range(25)]
    assert all(b.at - a.at >= 60 for a, b in zip(group, group[20:], strict=False))
    private = [c.at for c in gate.calls if c.chat_id == 7]
    assert all(b - a >= 1 for a, b in zip(private, private[1:], strict=False))
    starts = [c.at for c in gate.calls]
    assert all(b - a >= 1 for a, b in zip(starts, starts[30:], strict=False)), "30 a second"


async def test_a_retry_holds_the_chats_later_row_read_while_its_call_was_in_flight(
    app: Rapport,
) -> None:
    gate, reads = Gate(), asyncio.Event()

    async def escalate() -> None:  # called at a read of the outbox a second after the last
        reads.set()

    for chat, text in ((1, "a1"), (2, "b1"), (3, "c1"), (1, "a2")):
        await queue(app, chat, text)
    s = Sender(app.db, gate, app.clock, fake_unpaced(gate), escalate, in_flight=1)
    gate.db = app.settings.database_url
    flushing = gate.watch(asyncio.create_task(s.flush()))
    await gate.until(lambda: gate.texts() == ["a1"])
    reads.clear()
    gate.time.now += ESCALATE_EVERY
    s._news.set()  # a kick: the outbox is read again, a2 in it, while a1 is in flight
    await asyncio.wait_for(reads.wait(), GUARD)
    gate.calls[0].fail(RetryLater(30))
    for text in ("b1", "c1"):
        await gate.until(lambda: len(gate.open()) == 1)
        assert gate.open()[0].text == text, "a2 waits behind a1's retry"
        gate.open()[0].answer()
    await gate.until(lambda: flushing.done() or gate.open())
    assert gate.texts() == ["a1", "b1", "c1"], "a2 waits behind a1's retry"
    await asyncio.wait_for(flushing, GUARD)
    assert (await rows(app))["a2"] == ("pending", None)


async def test_alerts_are_escalated_as_a_flush_starts_then_at_most_once_a_second(
    app: Rapport,
) -> None:
    """The undelivered-alert query runs before the first read of every flush, and during a
    long rush once a second on the pacer's clock, not at each of its many reads."""
    gate = Gate(auto=Call.answer)
    pacer = Pacer(clock=gate.time, sleep=gate.time.sleep)
    escalated: list[float] = []

    async def escalate() -> None:
        escalated.append(gate.time())

    for chat in range(1, 151):
        await queue(app, chat, f"m{chat}")
    s = Sender(app.db, gate, app.clock, pacer, escalate)
    gate.db = app.settings.database_url
    start = gate.time()
    assert await asyncio.wait_for(s.flush(batch=10), GUARD) == 150
    rush = gate.calls[-1].at - start
    assert rush > 4.5, "150 calls at 30 a second: a rush of five seconds"
    assert escalated[0] == start, "before the first read"
    gaps = [b - a for a, b in zip(escalated, escalated[1:], strict=False)]
    # At the first read a second or more after the last: a window of 10 lasts a third of one.
    assert all(1 <= gap < 1.4 for gap in gaps), "once a second, not at each read"
    assert len(escalated) >= int(rush), "and at least once a second while it lasts"

    await queue(app, 1, "later")
    before, again = len(escalated), gate.time()
    assert again - escalated[-1] < 1
    assert await asyncio.wait_for(s.flush(), GUARD) == 1
    assert escalated[before:] == [again], "a new flush escalates first, a second or not"


async def test_a_failed_escalation_is_tried_again_at_the_next_read(app: Rapport) -> None:
    gate = Gate(auto=Call.answer)
    attempts: list[float] = []

    async def escalate() -> None:
        attempts.append(gate.time())
        if len(attempts) == 1:
            raise RuntimeError("database is locked")

    for chat in (1, 2):
        await queue(app, chat, f"m{chat}")
    await queue(app, 1, "m1 again")
    s = Sender(app.db, gate, app.clock, fake_unpaced(gate), escalate)
    gate.db = app.settings.database_url
    assert await asyncio.wait_for(s.flush(), GUARD) == 3
    assert attempts == [gate.time()] * 2, "failed, then done at the next read, then not again"


async def test_an_alert_that_failed_is_escalated_at_the_next_read_of_the_same_flush(
    app: Rapport,
) -> None:
    gate = Gate(auto=lambda call: call.fail(Rejected("chat not found")))
    escalated: list[float] = []

    async def escalate() -> None:
        escalated.append(gate.time())

    await queue(app, 1, "alert", delivery="alert")
    s = Sender(app.db, gate, app.clock, fake_unpaced(gate), escalate)
    gate.db = app.settings.database_url
    assert await asyncio.wait_for(s.flush(), GUARD) == 1
    assert escalated == [gate.time()] * 2, "before the first read, and after the failure"
