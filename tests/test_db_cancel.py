"""A task cancelled while its BEGIN is on its way (a stopping sender's call, a stopped intake)
leaves the one shared connection usable: no transaction is left open for the next task.
On each engine."""

import asyncio

import pytest

from bot.storage.db import connect


@pytest.mark.parametrize("kind", ["tx", "read"])
async def test_a_task_cancelled_at_begin_leaves_no_transaction_open(
    engine_url: str, kind: str
) -> None:
    db = await connect(engine_url)
    try:
        started = asyncio.Event()

        async def work() -> None:
            started.set()
            async with db.tx() if kind == "tx" else db.read() as tx:
                await tx.rows("SELECT 1")

        task = asyncio.create_task(work())
        await started.wait()  # it now holds the lock and waits for its BEGIN
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with db.tx() as tx:  # the next one begins as usual
            assert await tx.rows("SELECT 1")
        async with db.read() as tx:
            assert await tx.rows("SELECT 1")
    finally:
        await db.close()
