"""The queries whose SQLite spelling was made portable (or moved into db.Dialect) give the
same results on each engine: duplicates ignored by ON CONFLICT, JSON array items and
members, the substring test, the later-of-two update, counts by CASE."""

import json
from datetime import UTC, datetime, timedelta

from bot.domain.outgoing import Edit, Text
from bot.storage import digests, feedback, inbox, outbox, people, plans, privacy
from bot.storage.db import Database

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _patient(db: Database) -> tuple[int, int]:
    async with db.tx() as tx:
        clinician = await people.add_clinician(tx, "Dr A", "en", NOW)
        return clinician, await people.add_patient(tx, "P-1", clinician, "UTC", "en", NOW)


async def test_a_repeated_insert_is_ignored_and_says_so(db: Database) -> None:
    clinician, patient = await _patient(db)
    period = (NOW - timedelta(days=7), NOW)
    async with db.tx() as tx:
        first = await digests.record(tx, patient, clinician, None, "intake", period, ["a"], NOW)
        again = await digests.record(tx, patient, clinician, None, "intake", period, ["b"], NOW)
        await inbox.store(tx, [(7, "{}"), (7, '{"again": 1}'), (8, "{}")], NOW)
        stored = await tx.rows("SELECT update_id, payload FROM inbox ORDER BY update_id")
    assert isinstance(first, int) and again is None
    assert [(r["update_id"], r["payload"]) for r in stored] == [(7, "{}"), (8, "{}")]


async def test_tallies_read_the_codes_of_each_digest_and_verdict(db: Database) -> None:
    clinician, patient = await _patient(db)
    period = (NOW - timedelta(days=7), NOW)
    async with db.tx() as tx:
        digest = await digests.record(
            tx, patient, clinician, None, "on_demand", period, ["sleep", "mood"], NOW
        )
        assert digest is not None
        await feedback.judge(tx, digest, patient, clinician, "h1", ["sleep"], "fits", NOW)
        found = await feedback.tallies(tx)
    assert [(t.code, t.kind, t.count) for t in found] == [
        ("mood", "raised", 1),
        ("sleep", "fits", 1),
        ("sleep", "raised", 1),
    ]


async def test_a_later_edit_of_a_message_supersedes_the_waiting_one(db: Database) -> None:
    async with db.tx() as tx:
        await outbox.queue(tx, 5, Edit(message_id=40, text="one"), NOW)
        await outbox.queue(tx, 5, Edit(message_id=41, text="other message"), NOW)
        await outbox.queue(tx, 5, Edit(message_id=40, text="two"), NOW)
        rows = await tx.rows("SELECT status FROM outbox ORDER BY id")
    assert [r["status"] for r in rows] == ["failed", "pending", "pending"]


async def test_a_retry_pushes_the_chat_s_later_rows_back_never_forward(db: Database) -> None:
    async with db.tx() as tx:
        for text in ("a", "b", "c"):
            await outbox.queue(tx, 5, Text(text), NOW, not_before=NOW + timedelta(hours=2))
        ids = [r["id"] for r in await tx.rows("SELECT id FROM outbox ORDER BY id")]
        await tx.run(
            "UPDATE outbox SET not_before = ? WHERE id = ?", (NOW.isoformat(), ids[1])
        )
        await outbox.retry_at(tx, ids[0], 5, NOW + timedelta(hours=1), "busy")
        rows = await tx.rows("SELECT not_before FROM outbox ORDER BY id")
    later = (NOW + timedelta(hours=1)).isoformat()
    assert [r["not_before"] for r in rows] == [
        later,
        later,  # was earlier: pushed back
        (NOW + timedelta(hours=2)).isoformat(),  # was later: kept
    ]


async def test_plan_from_keeps_a_never_planned_schedule_unplanned(db: Database) -> None:
    _, patient = await _patient(db)
    async with db.tx() as tx:
        await tx.run(
            "INSERT INTO schedules (patient_id, dialog_id, every_days, local_time, start_date,"
            " created_at) VALUES (?, 'weekly', 7, '10:00', '2026-03-02', ?)",
            (patient, NOW.isoformat()),
        )
        await plans.plan_from(tx, patient, NOW)
        assert await tx.value("SELECT planned_until FROM schedules") is None
        await tx.run("UPDATE schedules SET planned_until = ?", ((NOW - timedelta(1)).isoformat(),))
        await plans.plan_from(tx, patient, NOW)
        assert await tx.value("SELECT planned_until FROM schedules") == NOW.isoformat()


async def test_checkin_counts_count_each_kind(db: Database) -> None:
    _, patient = await _patient(db)
    async with db.tx() as tx:
        at = NOW.isoformat()
        kinds = (("a", "completed", at), ("b", "missed", at), ("c", "open", None))
        for slot, status, done in kinds:
            await tx.run(
                "INSERT INTO checkins (patient_id, dialog_id, dialog_version, slot, due_at,"
                " expires_at, status, invited_at, completed_at)"
                " VALUES (?, 'weekly', 1, ?, ?, ?, ?, ?, ?)",
                (patient, slot, at, at, status, at, done),
            )
        counts = await digests.checkin_counts(
            tx, patient, NOW - timedelta(days=1), NOW + timedelta(days=1)
        )
    assert (counts.sent, counts.answered, counts.missed) == (3, 1, 1)


async def test_erasure_finds_the_telegram_id_in_updates_set_aside(db: Database) -> None:
    async with db.tx() as tx:
        for update_id, user in ((1, 777), (2, 7770)):
            payload = json.dumps({"message": {"from": {"id": user}, "text": "hi"}})
            await inbox.store(tx, [(update_id, payload)], NOW)
            await inbox.set_aside(tx, update_id, "ValueError", 3, NOW)
        await privacy._forget_telegram_id(tx, 777)
        left = await tx.rows("SELECT update_id FROM inbox_set_aside")
    assert [r["update_id"] for r in left] == [2]
