"""Command menus at start-up (issue 14): set when new or changed, not again at every start; a
failed one is tried at the next start; the enrolment paths that change a menu are not undone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.domain.outgoing import Commands, Outgoing
from bot.sandbox import TelegramState
from bot.services import enrolment
from bot.services.context import Rapport
from bot.services.ports import Rejected
from bot.tg.messenger import TelegramMessenger
from tests.harness import call, running

STAFF_ID = 777001


def _menu_calls(state: TelegramState) -> int:
    return len(state.calls_to("setMyCommands"))


async def _start(app: Rapport, state: TelegramState) -> int:
    """Start the bot and stop it again; how many menus its start-up set."""
    before = _menu_calls(state)
    async with running(app, state):
        after = _menu_calls(state)
    return after - before


async def test_an_unchanged_bot_sets_no_menu_at_its_second_start(app: Rapport) -> None:
    state = TelegramState()
    before = _menu_calls(state)
    async with running(app, state) as h:
        # Each language's patient menu, and the default.
        assert _menu_calls(state) - before == len(app.t.languages) + 1
        await h.clinician("Dr A")
    await call(app, enrolment.add_staff, STAFF_ID, "Sam")
    # The staff member's, and the clinician's (linking set it through the outbox: start-up
    # cannot know that call went out, so it sets it once more).
    assert await _start(app, state) == 2
    assert await _start(app, state) == 0
    assert state.commands  # what the first start set is still there: nothing was cleared


async def test_a_new_clinician_or_staff_member_gets_their_menu_at_the_next_start(
    app: Rapport,
) -> None:
    state = TelegramState()
    await _start(app, state)
    assert await _start(app, state) == 0
    await call(app, enrolment.add_staff, STAFF_ID, "Sam")
    assert await _start(app, state) == 1
    staff_menu = [c for c in state.calls_to("setMyCommands") if "777001" in str(c.params)]
    assert staff_menu
    assert await _start(app, state) == 0


async def test_a_staff_member_removed_and_added_again_gets_the_menu_back(app: Rapport) -> None:
    state = TelegramState()
    await call(app, enrolment.add_staff, STAFF_ID, "Sam")
    await _start(app, state)
    async with running(app, state) as h:
        await call(app, enrolment.remove_staff, STAFF_ID)
        await app.sender.flush()  # type: ignore[union-attr]  # the removal clears their menu
        await call(app, enrolment.add_staff, STAFF_ID, "Sam")
        await h.step()
    assert await _start(app, state) == 1  # what start remembered was undone meanwhile


async def test_a_menu_that_failed_is_set_at_the_next_start(
    app: Rapport, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = TelegramState()
    await call(app, enrolment.add_staff, STAFF_ID, "Sam")
    real: Callable[..., Awaitable[int | None]] = TelegramMessenger.send

    async def refusing(self: TelegramMessenger, chat_id: int | None, m: Outgoing) -> Any:
        if isinstance(m, Commands) and chat_id == STAFF_ID:
            raise Rejected("Bad Request: not today")
        return await real(self, chat_id, m)

    monkeypatch.setattr(TelegramMessenger, "send", refusing)
    assert await _start(app, state) == len(app.t.languages) + 1  # all but the refused one
    monkeypatch.setattr(TelegramMessenger, "send", real)
    assert await _start(app, state) == 1
    assert await _start(app, state) == 0
