"""Edits of one message waiting together: only the newest goes out (issue 14: boxes ticked
fast would otherwise each cost a paced call before the next question)."""

from __future__ import annotations

from bot.domain.outgoing import Edit, Text
from bot.services.context import Rapport
from bot.storage import outbox
from tests.harness import running


async def _queue(app: Rapport, chat: int, message: Edit | Text, **kwargs: object) -> None:
    async with app.db.tx() as tx:
        await outbox.queue(tx, chat, message, app.clock.now(), **kwargs)  # type: ignore[arg-type]


async def _rows(app: Rapport) -> list[tuple[str, str | None, int | None]]:
    found = await app.db.fetchall("SELECT status, error, checkin_id FROM outbox ORDER BY id")
    return [(r["status"], r["error"], r["checkin_id"]) for r in found]


async def test_a_newer_edit_of_the_same_message_drops_the_waiting_one(app: Rapport) -> None:
    await _queue(app, 1, Edit(10, "question 2"), checkin_id=None)
    await _queue(app, 1, Edit(10, "question 2, one box ticked"))
    await _queue(app, 1, Edit(10, "question 2, two boxes ticked"))
    superseded = ("failed", "superseded by a later edit", None)
    assert await _rows(app) == [superseded, superseded, ("pending", None, None)]


async def test_other_messages_chats_and_sends_are_left_alone(app: Rapport) -> None:
    await _queue(app, 1, Edit(10, "a"))
    await _queue(app, 1, Edit(11, "another message"))
    await _queue(app, 2, Edit(10, "another chat"))
    await _queue(app, 1, Text("a new message"))
    assert [r[0] for r in await _rows(app)] == ["pending"] * 4


async def test_an_edit_already_being_sent_is_not_touched(app: Rapport) -> None:
    await _queue(app, 1, Edit(10, "a"))
    async with app.db.tx() as tx:
        assert await outbox.begin_send(tx, 1)
    await _queue(app, 1, Edit(10, "b"))
    assert [r[0] for r in await _rows(app)] == ["sending", "pending"]


async def test_the_checkin_the_dropped_edit_named_passes_to_the_new_one(app: Rapport) -> None:
    async with running(app) as h:
        await h.enrol("P-1")
    row = await app.db.fetchone("SELECT id FROM checkins WHERE status = 'open'")
    assert row is not None
    checkin_id = row["id"]
    async with app.db.tx() as tx:
        await tx.run("DELETE FROM outbox")
    await _queue(app, 1, Edit(10, "question 3"), checkin_id=checkin_id)
    await _queue(app, 1, Edit(10, "question 3, a box ticked"))
    assert (await _rows(app))[-1] == ("pending", None, checkin_id)


async def test_a_replayed_edit_drops_nothing(app: Rapport) -> None:
    await _queue(app, 1, Edit(10, "a"), dedupe_key="k")
    await _queue(app, 1, Edit(10, "b"))
    await _queue(app, 1, Edit(10, "a"), dedupe_key="k")  # a replay: ignored, drops nothing
    assert [r[0] for r in await _rows(app)] == ["failed", "pending"]
