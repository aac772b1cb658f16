"""The polling loop (`Intake.run`, as under `rapport run`): the next poll leaves while a batch
is handled, so a busy bot does not wait a round trip between batches (issue 14)."""

from __future__ import annotations

import asyncio

from bot.sandbox import TelegramState
from bot.tg.intake import Intake
from tests.harness import running
from tests.timing import GUARD, FrozenTime


async def _until_called(state: TelegramState, method: str, after: int) -> None:
    """Yield to the loop until `method` is called (a guard against a hang, not a timing)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + GUARD
    while not any(c.method == method for c in state.calls[after:]):
        assert loop.time() < deadline, f"no {method} within the {GUARD:.0f}s guard"
        await asyncio.sleep(0.01)


async def test_the_next_poll_leaves_before_the_batch_is_answered(app) -> None:
    # The long polls cannot time out: only an update, a newer poll or the stop ends them.
    async with running(app, TelegramState(monotonic=FrozenTime())) as h:
        user = await h.enrol("P-1")
        seen = len(h.state.calls)
        user.send("/help")
        stop = asyncio.Event()
        polling = asyncio.create_task(Intake(h.application, app, poll_timeout=30).run(stop))
        await _until_called(h.state, "sendMessage", seen)
        stop.set()
        await polling
        calls = h.state.calls[seen:]
        polls = [i for i, c in enumerate(calls) if c.method == "getUpdates"]
        reply = next(i for i, c in enumerate(calls) if c.method == "sendMessage")
        brought = next(i for i in polls if calls[i].response.get("result"))
        after = [i for i in polls if i > brought]
        assert after and after[0] < reply, [c.method for c in calls]
        ahead = calls[after[0]].params
        assert int(ahead["timeout"]) == 0  # it does not hold a retry back
        assert int(ahead["offset"]) == calls[brought].response["result"][-1]["update_id"] + 1
