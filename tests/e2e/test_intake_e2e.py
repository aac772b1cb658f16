"""The intake settles an update only once its handling committed (issue 9, items 2 and 3).

A busy database leaves the update for a later drain; a bad update is retried a few times, then
set aside; neither stops the bot or loses what the patient said.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import VirtualClock
from bot.config import Settings
from bot.services import routes
from bot.services.context import Incoming, Rapport
from bot.storage import inbox
from bot.storage.db import Database
from tests.engines import FOREIGN_LOCK
from tests.harness import in_tx, running

SECRET_WORDS = "the blue pills make me feel strange"


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """A second connection holding SQLite's write lock, as another process would, until the
    block ends."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


async def _inbox_row(app: Rapport, update_id: int) -> dict:
    row = await app.db.fetchone("SELECT * FROM inbox WHERE update_id = ?", (update_id,))
    assert row is not None
    return dict(row)


async def _count(app: Rapport, table: str) -> int:
    row = await app.db.fetchone(f"SELECT COUNT(*) AS n FROM {table}")  # noqa: S608
    return int(row["n"])


@FOREIGN_LOCK
async def test_an_answer_during_a_foreign_write_lock_is_kept_and_answered_after(
    app: Rapport, settings: Settings, clock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    # busy_timeout=0: the lock is felt at once, instead of after five real seconds.
    await app.db.close()
    app.db = await Database.open(settings.database_path, busy_ms=0)
    async with running(app) as h:
        user = await h.enrol("P-1")
        question = user.last()
        shown, answers = len(user.messages()), await _count(app, "answers")
        asked = question.text
        tap = user.tap(question.buttons[0])
        await h.intake.receive()  # committed to the inbox (and so confirmed to Telegram)

        with write_lock(settings.database_path):
            await h.intake.drain()  # the handler's transaction cannot begin
            assert (await _inbox_row(app, tap["update_id"]))["processed_at"] is None
            clock.advance(timedelta(minutes=5))
            await h.intake.drain()  # still locked: still waiting, still not lost
            assert (await _inbox_row(app, tap["update_id"]))["processed_at"] is None
        assert await _count(app, "answers") == answers
        assert len(user.messages()) == shown and user.last_answer() is None

        await h.intake.drain()  # the lock is gone, but the backoff has not passed
        assert (await _inbox_row(app, tap["update_id"]))["processed_at"] is None
        clock.advance(timedelta(minutes=5))
        await h.step()

        row = await _inbox_row(app, tap["update_id"])
        assert row["processed_at"] is not None and row["attempts"] == 0  # busy is not a failure
        assert await _count(app, "answers") == answers + 1
        # the next question is drawn over the tapped one (one call per answer)
        assert user.last().text != asked, "the patient got the next question"
        assert user.last_answer() is not None, "the tap was answered"
    assert "database busy" in caplog.text


@FOREIGN_LOCK
async def test_a_redelivery_after_a_busy_retry_is_not_processed_again(
    app: Rapport, settings: Settings, clock: VirtualClock
) -> None:
    await app.db.close()
    app.db = await Database.open(settings.database_path, busy_ms=0)
    async with running(app) as h:
        user = await h.enrol("P-1")
        tap = user.tap(user.last().buttons[0])
        await h.intake.receive()
        with write_lock(settings.database_path):
            await h.intake.drain()
        clock.advance(timedelta(minutes=1))
        await h.step()
        answers, shown = await _count(app, "answers"), len(user.messages())
        await in_tx(app, inbox.store, [(tap["update_id"], json.dumps(tap))], clock.now())
        await h.step()
        assert (await _count(app, "answers"), len(user.messages())) == (answers, shown)


async def test_an_update_the_parser_rejects_is_set_aside_and_the_next_one_handled(
    app: Rapport, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        # Stored by a webhook (or an older version), but no PTB can read it as an Update.
        poison = {"update_id": 900_000, "message": SECRET_WORDS}
        await in_tx(app, inbox.store, [(900_000, json.dumps(poison))], app.clock.now())
        shown = len(user.messages())
        user.send("/help")
        await h.step()

        assert len(user.messages()) > shown, "the update after the bad one was handled"
        row = await _inbox_row(app, 900_000)
        assert row["set_aside"] == "AttributeError" and row["processed_at"] is not None
        assert row["payload"] is None
        kept = await app.db.fetchone("SELECT * FROM inbox_set_aside")
        assert json.loads(kept["payload"]) == poison and kept["error"] == "AttributeError"
        event = await app.db.fetchone("SELECT * FROM events WHERE kind = 'update_set_aside'")
        assert event["actor"] == "system"
        assert json.loads(event["detail"]) == {"error": "AttributeError", "update_id": 900_000}
    assert "set aside" in caplog.text and SECRET_WORDS not in caplog.text


async def test_a_handler_failing_every_time_gets_three_attempts_then_is_set_aside(
    app: Rapport,
    clock: VirtualClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        other = await h.enrol("P-2")
        real = routes.on_message

        async def buggy(rapport: Rapport, msg: Incoming) -> None:
            if msg.text == SECRET_WORDS:
                raise RuntimeError(f"a bug that quotes {msg.text}")
            await real(rapport, msg)

        monkeypatch.setattr(routes, "on_message", buggy)
        bad = user.send(SECRET_WORDS)
        other.send("/help")
        shown = len(other.messages())
        await h.step()
        assert len(other.messages()) > shown, "the bot went on with the next update"
        assert (await _inbox_row(app, bad["update_id"]))["attempts"] == 1

        await h.step()  # not yet due again: no second attempt at once
        assert (await _inbox_row(app, bad["update_id"]))["attempts"] == 1
        clock.advance(timedelta(seconds=5))
        await h.step()
        assert (await _inbox_row(app, bad["update_id"]))["attempts"] == 2
        clock.advance(timedelta(seconds=20))
        await h.step()

        row = await _inbox_row(app, bad["update_id"])
        assert row["set_aside"] == "RuntimeError" and row["attempts"] == 3
        assert row["processed_at"] is not None
        clock.advance(timedelta(days=1))
        await h.step()
        assert (await _inbox_row(app, bad["update_id"]))["attempts"] == 3
        assert await _count(app, "inbox_set_aside") == 1
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert errors and all(SECRET_WORDS not in r.getMessage() for r in errors)
    assert SECRET_WORDS not in caplog.text


@FOREIGN_LOCK
async def test_a_transient_failure_is_not_counted_as_an_attempt(
    app: Rapport, settings: Settings, clock: VirtualClock
) -> None:
    await app.db.close()
    app.db = await Database.open(settings.database_path, busy_ms=0)
    async with running(app) as h:
        user = await h.enrol("P-1")
        update = user.send("hello")
        await h.intake.receive()
        with write_lock(settings.database_path):
            for _ in range(2 * 3):  # more busy drains than a bad update gets attempts
                clock.advance(timedelta(minutes=2))
                await h.intake.drain()
        clock.advance(timedelta(minutes=2))
        await h.step()
        row = await _inbox_row(app, update["update_id"])
        assert row["set_aside"] is None and row["processed_at"] is not None
