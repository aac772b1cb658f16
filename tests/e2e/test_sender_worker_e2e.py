"""The sender's worker in `rapport run`: it outlives a busy database and loses no kick."""

from __future__ import annotations

import asyncio

from bot.clock import VirtualClock
from bot.config import Settings
from bot.domain.outgoing import Text
from bot.services.context import Rapport
from bot.storage import outbox
from bot.storage.db import Database
from tests.e2e.test_intake_e2e import write_lock
from tests.engines import FOREIGN_LOCK
from tests.harness import running
from tests.timing import GUARD


@FOREIGN_LOCK
async def test_the_sender_worker_outlives_a_foreign_write_lock(
    app: Rapport, settings: Settings, clock: VirtualClock
) -> None:
    await app.db.close()
    app.db = await Database.open(settings.database_path, busy_ms=0)
    async with running(app) as h:
        user = await h.enrol("P-1")
        sender = app.sender
        assert sender is not None
        async with app.db.tx() as conn:
            await outbox.queue(conn, user.id, Text("a queued note"), clock.now())
        tried = asyncio.Event()
        flush = sender.flush

        async def watched(batch: int = 50) -> int:
            try:
                return await flush(batch)
            finally:
                tried.set()

        sender.worker.job = watched  # what the worker runs when woken
        stop = asyncio.Event()
        with write_lock(settings.database_path):
            worker = asyncio.create_task(sender.run(stop, every=3600))
            await asyncio.wait_for(tried.wait(), GUARD)  # its first flush met the lock
            assert not worker.done(), "the worker died on a busy database"
        try:
            await sender.kick()
            await h.state.wait_for(lambda: user.last().text == "a queued note", GUARD)
        finally:
            stop.set()
            await sender.kick()
            await asyncio.wait_for(worker, GUARD)


async def test_a_kick_during_a_flush_is_not_lost(app: Rapport, clock: VirtualClock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        sender = app.sender
        assert sender is not None
        flush, kicked = sender.flush, asyncio.Event()

        async def watched(batch: int = 50) -> int:
            sent = await flush(batch)
            if not kicked.is_set():  # a reply queued just after the flush looked
                kicked.set()
                async with app.db.tx() as conn:
                    await outbox.queue(conn, user.id, Text("late"), clock.now())
                await sender.kick()
            return sent

        sender.worker.job = watched  # what the worker runs when woken
        stop = asyncio.Event()
        worker = asyncio.create_task(sender.run(stop, every=3600))  # only a kick wakes it
        try:
            await h.state.wait_for(lambda: user.last().text == "late", GUARD)
        finally:
            stop.set()
            await sender.kick()
            await asyncio.wait_for(worker, GUARD)
