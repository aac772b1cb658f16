"""`rapport migrate-db`'s copy: every table's rows equal on both sides, ids going on after
the copied ones, and a target that already holds data refused with nothing written."""

import asyncio
import contextlib
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import MIGRATIONS_DIR, cli
from bot.domain.outgoing import Edit, Text
from bot.storage import digests, feedback, inbox, outbox, people
from bot.storage.db import Database, SqliteDatabase, connect
from bot.storage.migrate import migrate
from bot.storage.transfer import TransferError, copy
from tests.conftest import fresh_postgres

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def source(tmp_path: Path) -> AsyncIterator[SqliteDatabase]:
    db = await SqliteDatabase.open_file(tmp_path / "clinic.db")
    await migrate(db, MIGRATIONS_DIR)
    async with db.tx() as tx:
        clinician = await people.add_clinician(tx, "Dr A", "en", NOW)
        for n in range(1, 2500):  # more than one batch
            await people.add_patient(tx, f"P-{n}", clinician, "Europe/Madrid", None, NOW)
        digest = await digests.record(
            tx, 1, clinician, None, "on_demand", (NOW - timedelta(7), NOW), ["sleep"], NOW
        )
        assert digest is not None
        await feedback.judge(tx, digest, 1, clinician, "h", ["sleep"], "fits", NOW)
        await outbox.queue(tx, -1001234567890, Text("ñ ünï 🙂"), NOW, patient_id=1)
        await outbox.queue(tx, 5, Edit(message_id=3, text="x"), NOW)
        await inbox.store(tx, [(9, json.dumps({"message": {"text": "hi"}}))], NOW)
        await people.set_meta(tx, "bot_username", "clinic_bot")
    yield db
    await db.close()


@pytest.fixture
async def target() -> AsyncIterator[Database]:
    async for url in fresh_postgres():
        db = await connect(url)
        await migrate(db, MIGRATIONS_DIR)
        yield db
        await db.close()


async def _everything(db: Database, tables: list[str]) -> dict[str, list[tuple[object, ...]]]:
    found = {}
    for table in tables:
        rows = await db.fetchall(f"SELECT * FROM {table}")  # noqa: S608
        found[table] = sorted((tuple(r[k] for k in r.keys()) for r in rows), key=repr)
    return found


async def test_every_row_is_copied_and_new_ids_follow(
    source: SqliteDatabase, target: Database
) -> None:
    copied = await copy(source, target)
    assert copied["patients"] == 2499 and copied["outbox"] == 2 and copied["meta"] == 1
    assert "schema_migrations" not in copied
    assert await _everything(source, list(copied)) == await _everything(target, list(copied))
    async with target.tx() as tx:
        assert await people.add_clinician(tx, "Dr B", "es", NOW) == 2


async def test_a_target_with_data_is_refused_and_left_as_it_was(
    source: SqliteDatabase, target: Database
) -> None:
    async with target.tx() as tx:
        await people.add_clinician(tx, "Already here", "en", NOW)
    with pytest.raises(TransferError, match="not empty"):
        await copy(source, target)
    rows = await target.fetchall("SELECT name FROM clinicians")
    assert [r["name"] for r in rows] == ["Already here"]
    assert await target.fetchall("SELECT id FROM patients") == []


async def _cli(*args: str) -> tuple[int, str, str]:
    """`rapport ARGS` in a thread: the CLI runs its own event loop."""
    out, err = io.StringIO(), io.StringIO()

    def run() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return cli.main(list(args))

    code = await asyncio.to_thread(run)
    return code, out.getvalue(), err.getvalue()


async def test_migrate_db_copies_then_refuses_a_second_time(
    source: SqliteDatabase, tmp_path: Path
) -> None:
    await source.close()
    async for url in fresh_postgres():
        given = f"sqlite:///{tmp_path / 'clinic.db'}"
        code, out, err = await _cli("--json", "migrate-db", "--from", given, "--to", url)
        assert (code, err) == (0, "")
        assert json.loads(out)["rows"]["patients"] == 2499
        code, out, err = await _cli("migrate-db", "--from", given, "--to", url)
        assert (code, out) == (1, "") and "not empty" in err
        code, out, err = await _cli("migrate-db", "--from", "sqlite:///nothing.db", "--to", url)
        assert code == 2 and "not an existing sqlite" in err
