"""Database.group: several units of work in one transaction with one synced commit (the
intake's updates that arrived together), each unit still all-or-nothing on its own. On each
engine."""

import asyncio

import pytest

from bot.storage.db import Database, connect


async def _open(url: str) -> Database:
    db = await connect(url)
    async with db.tx() as tx:
        await tx.run("CREATE TABLE t (x INTEGER)")
    return db


async def _values(db: Database) -> list[int]:
    return [r[0] for r in await db.fetchall("SELECT x FROM t ORDER BY x")]


async def test_a_failing_unit_leaves_nothing_and_the_others_keep_theirs(engine_url: str) -> None:
    db = await _open(engine_url)
    ran: list[str] = []

    async def note(what: str) -> None:
        ran.append(what)

    try:
        async with db.group():
            async with db.tx() as tx:
                await tx.run("INSERT INTO t VALUES (1)")
            await db.after_commit([lambda: note("first")])
            with pytest.raises(RuntimeError):
                async with db.tx() as tx:
                    await tx.run("INSERT INTO t VALUES (2)")
                    raise RuntimeError("a handler failed")
            async with db.tx() as tx:
                await tx.run("INSERT INTO t VALUES (3)")
            async with db.read() as tx:  # the group's own writes are visible inside it
                assert [r[0] for r in await tx.rows("SELECT x FROM t ORDER BY x")] == [1, 3]
            assert ran == []  # nothing that waits for the commit has run yet
        assert ran == ["first"]
        assert await _values(db) == [1, 3]
    finally:
        await db.close()


async def test_a_group_that_fails_keeps_nothing_and_runs_nothing_after(engine_url: str) -> None:
    db = await _open(engine_url)
    ran: list[str] = []

    async def note() -> None:
        ran.append("after")

    try:
        with pytest.raises(RuntimeError):
            async with db.group():
                async with db.tx() as tx:
                    await tx.run("INSERT INTO t VALUES (1)")
                await db.after_commit([note])
                raise RuntimeError("the intake stopped")
        assert ran == [] and await _values(db) == []
        await db.after_commit([note])  # outside any group: at once
        assert ran == ["after"]
    finally:
        await db.close()


async def test_another_task_waits_for_the_group_to_commit(engine_url: str) -> None:
    db = await _open(engine_url)
    try:
        inside = asyncio.Event()

        async def other() -> None:
            await inside.wait()
            async with db.tx() as tx:  # not the group's task: its own transaction, after it
                await tx.run("INSERT INTO t SELECT COUNT(*) * 10 FROM t")

        task = asyncio.create_task(other())
        async with db.group():
            async with db.tx() as tx:
                await tx.run("INSERT INTO t VALUES (1)")
            inside.set()
            await asyncio.sleep(0)
            async with db.tx() as tx:
                await tx.run("INSERT INTO t VALUES (2)")
        await task
        assert await _values(db) == [1, 2, 20]
    finally:
        await db.close()
