"""Issue 11 wiring: disengagement counts core check-ins only; signals not asked again are not
reported resolved; quotes are marked with the patient's language."""

from __future__ import annotations

from datetime import timedelta

from bot.services import digests
from bot.storage import people
from bot.storage.times import iso
from tests.harness import running


async def _checkin(app, patient_id: int, dialog: str, slot: str, status: str, at) -> int:
    async with app.db.tx() as tx:
        return await tx.insert(
            "INSERT INTO checkins (patient_id, dialog_id, dialog_version, slot, due_at,"
            " expires_at, status, invited_at, completed_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)",
            (patient_id, dialog, slot, iso(at), iso(at + timedelta(hours=12)), status)
            + (iso(at), iso(at + timedelta(hours=12))),
        )


async def _answer(
    app, patient_id: int, checkin_id: int, dialog: str, q: str, construct, value, at
):
    async with app.db.tx() as tx:
        await tx.insert(
            "INSERT INTO answers (checkin_id, patient_id, dialog_id, dialog_version, question_id,"
            " construct, value, answered_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
            (checkin_id, patient_id, dialog, q, construct, value, iso(at)),
        )


async def _build(app, alias: str, start, end, previous: list[str]) -> digests.Built:
    async with app.db.read() as tx:
        patient = await people.patient_by_alias(tx, alias)
        assert patient is not None
        return await digests.build(app, tx, patient, (start, end), None, previous)


async def _patient_id(app, alias: str) -> int:
    row = await app.db.fetchone("SELECT id FROM patients WHERE alias = ?", (alias,))
    assert row is not None
    return int(row["id"])


async def test_missed_optional_dailies_are_not_disengagement(app, clock) -> None:
    async with running(app) as h:
        await h.enrol("P-1")
    pid, start = await _patient_id(app, "P-1"), clock.now()
    async with app.db.tx() as tx:
        await tx.run("DELETE FROM checkins WHERE patient_id = ?", (pid,))
    for day in range(1, 6):  # five dailies missed, two weeklies answered
        await _checkin(app, pid, "daily", f"d{day}", "missed", start + timedelta(days=day))
    for week in (1, 2):
        at = start + timedelta(days=7 * week)
        await _checkin(app, pid, "weekly", f"w{week}", "completed", at)
    end = start + timedelta(days=20)
    built = await _build(app, "P-1", start, end, [])
    assert "disengagement" not in built.codes
    assert built.digest.response.missed == 5  # the counts shown still say what happened
    for week in (3, 4):  # two core check-ins missed: now it is raised
        await _checkin(app, pid, "weekly", f"w{week}", "missed", start + timedelta(days=week))
    assert "disengagement" in (await _build(app, "P-1", start, end, [])).codes


async def test_an_intake_only_signal_reads_not_asked_since(app, clock) -> None:
    async with running(app) as h:
        await h.enrol("P-1", language="ru")
    pid, start = await _patient_id(app, "P-1"), clock.now()
    at = start + timedelta(hours=1)  # a period is (start, end]
    intake = await _checkin(app, pid, "intake_x", "i", "completed", at)
    await _answer(app, pid, intake, "intake_x", "readiness", "readiness.change", "2", at)
    first_end = start + timedelta(days=1)
    first = await _build(app, "P-1", start, first_end, [])
    assert "low_readiness" in first.codes
    weekly_at = start + timedelta(days=7)
    weekly = await _checkin(app, pid, "weekly_x", "w", "completed", weekly_at)
    await _answer(app, pid, weekly, "weekly_x", "note", "note.free", '"всё нормально"', weekly_at)
    second = await _build(app, "P-1", first_end, start + timedelta(days=8), first.codes)
    assert "low_readiness" not in second.codes and list(second.digest.resolved) == []
    assert [n.code for n in second.digest.not_asked] == ["low_readiness"]
    text = digests.render(app, second, "text")
    assert "not asked since" in text and "«всё нормально» (ru)" not in text
    assert "“всё нормально” (ru)" in text


async def test_a_signal_not_asked_at_two_digests_running_is_still_not_asked(app, clock) -> None:
    """Trends compare with the last digest: a signal it listed only as "not asked since" must
    not vanish at the next one, unresolved, while nobody has asked again."""
    async with running(app) as h:
        await h.enrol("P-1")
    pid, start = await _patient_id(app, "P-1"), clock.now()
    at = start + timedelta(hours=1)
    intake = await _checkin(app, pid, "intake_x", "i", "completed", at)
    await _answer(app, pid, intake, "intake_x", "readiness", "readiness.change", "2", at)
    ends = [start + timedelta(days=d) for d in (1, 8, 15)]
    first = await _build(app, "P-1", start, ends[0], [])
    assert "low_readiness" in first.codes
    async with app.db.tx() as tx:  # the first digest as the sweep records it
        await digests.digests.record(
            tx, pid, None, None, "scheduled", first.period, first.codes, ends[0]
        )
    second = await _build(app, "P-1", ends[0], ends[1], first.codes)
    assert [n.code for n in second.digest.not_asked] == ["low_readiness"]
    async with app.db.tx() as tx:
        await digests.digests.record(
            tx, pid, None, None, "scheduled", second.period, second.codes, ends[1]
        )
    third = await _build(app, "P-1", ends[1], ends[2], second.codes)
    assert [n.code for n in third.digest.not_asked] == ["low_readiness"]
    assert "low_readiness" not in third.digest.resolved
    # Asked again and calm: now, and only now, it is resolved.
    weekly_at = ends[2] + timedelta(days=1)
    weekly = await _checkin(app, pid, "weekly_x", "w", "completed", weekly_at)
    await _answer(app, pid, weekly, "weekly_x", "readiness", "readiness.change", "8", weekly_at)
    async with app.db.tx() as tx:
        await digests.digests.record(
            tx, pid, None, None, "scheduled", third.period, third.codes, ends[2]
        )
    fourth = await _build(app, "P-1", ends[2], ends[2] + timedelta(days=7), third.codes)
    assert list(fourth.digest.resolved) == ["low_readiness"] and not fourth.digest.not_asked
