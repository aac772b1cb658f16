"""What an instance takes from the inbox and from the sweep's queries while another instance's
transaction holds rows of them (PostgreSQL: two connections to one database; SQLite has one
writer at a time, so nothing is ever held there), and that those queries run on each engine."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot import MIGRATIONS_DIR
from bot.storage import alerts, checkins, digests, inbox, people, plans
from bot.storage.db import Database, connect
from bot.storage.migrate import migrate
from tests.conftest import fresh_postgres

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def two() -> AsyncIterator[tuple[Database, Database]]:
    """Two connections to one migrated PostgreSQL database, as two instances have."""
    async for url in fresh_postgres():
        first = await connect(url)
        await migrate(first, MIGRATIONS_DIR)
        second = await connect(url)
        try:
            yield first, second
        finally:
            await first.close()
            await second.close()


def _ids(rows: list[inbox.Stored]) -> list[int]:
    return [row.update_id for row in rows]


async def test_an_update_another_instance_holds_is_passed_over_with_those_after_it(
    two: tuple[Database, Database],
) -> None:
    a, b = two
    async with a.tx() as tx:
        await inbox.store(tx, [(uid, "{}") for uid in range(1, 6)], NOW)
    async with a.tx() as held:
        assert _ids(await inbox.take(held, NOW, 2)) == [1, 2]
        async with b.tx() as tx:
            # 3 to 5 are free, but come after what `a` holds: a chat's order is kept.
            assert await inbox.take(tx, NOW, 20) == []
        await inbox.settle(held, [1, 2], NOW)
    async with b.tx() as tx:
        assert _ids(await inbox.take(tx, NOW, 20)) == [3, 4, 5]


async def test_rows_before_the_held_ones_are_taken(two: tuple[Database, Database]) -> None:
    a, b = two
    async with a.tx() as tx:
        await inbox.store(tx, [(uid, "{}") for uid in range(1, 6)], NOW)
        await inbox.failed(tx, 1, 1, NOW + timedelta(minutes=1))  # not due: held by no one
    async with a.tx() as held:
        await held.run("SELECT 1 FROM inbox WHERE update_id = 4 FOR UPDATE")
        async with b.tx() as tx:
            assert _ids(await inbox.take(tx, NOW, 20)) == [2, 3]


async def test_a_due_checkin_another_sweep_holds_is_passed_over(
    two: tuple[Database, Database],
) -> None:
    a, b = two
    async with a.tx() as tx:
        clinician = await people.add_clinician(tx, "Dr A", "en", NOW)
        for i in range(3):
            patient = await people.add_patient(tx, f"P-{i}", clinician, "UTC", "en", NOW)
            await checkins.create(tx, patient, "weekly", 1, "s", NOW, NOW + timedelta(days=2))
    async with a.tx() as held:
        first = [row.checkin.id for row in await checkins.due(held, NOW, 1)]
        async with b.tx() as tx:
            rest = [row.checkin.id for row in await checkins.due(tx, NOW, 10)]
    assert len(first) == 1 and len(rest) == 2 and not set(first) & set(rest)


async def test_every_claiming_query_of_the_sweep_runs_on_each_engine(db: Database) -> None:
    """Each spells its lock for its table (PostgreSQL refuses FOR UPDATE of a join's nullable
    side, and of a table not named by its alias); SQLite appends nothing."""
    async with db.tx() as tx:
        clinician = await people.add_clinician(tx, "Dr A", "en", NOW)
        patient = await people.add_patient(tx, "P-1", clinician, "UTC", "en", NOW)
        await people.activate_patient(tx, patient, 1001, 1001, "en", NOW)
        await people.set_patient_status(tx, patient, "active")
        await checkins.create(tx, patient, "weekly", 1, "s", NOW, NOW + timedelta(days=2))
        assert len(await checkins.due(tx, NOW, 10)) == 1
        assert await checkins.reminders_due(tx, NOW, 10) == []
        assert await checkins.past_window(tx, NOW, 10) == []
        assert await plans.to_plan(tx, NOW, 10) == []
        assert await alerts.to_escalate(tx, NOW, 10) == []
        assert await alerts.care_due(tx, NOW, 10) == []
        assert await digests.appointments_needing_digest(tx, NOW, NOW, 10) == []
