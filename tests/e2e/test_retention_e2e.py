"""RAPPORT_RETENTION_DAYS through the real Application: past the cutoff a patient's words are
gone from every place that kept them, and from the file; what is recent stays as it was."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.services import planning, privacy
from bot.storage import inbox
from tests.e2e.disk import leaks
from tests.harness import Harness, call, running

OLD = "zephyr-marmalade-cobalt-3141"  # written before the cutoff
NEW = "juniper-tangerine-basalt-2718"  # written after it
STUCK = "quince-lavender-granite-1618"  # in an update that was never processed
RISK = "i want to die"
DAYS = 30
SCALES = ("benefit", "need", "harm_worry", "dependency", "identity", "readiness", "pressure")
SCALES += ("symptoms_level", "daily_life_level", "wary")
INTAKE = {"taking_now": "as_prescribed", "other_medicines": "yes", "miss_anything": "no"}
INTAKE |= dict.fromkeys(SCALES, 5) | {"baseline": ("none",), "past_intolerance": "no"}
WEEKLY = {
    "days_missed": 0,
    "dose_change": "as_prescribed",
    "any_side_effects": "no",
    "harm_worry": 3,
    "symptoms": 0,
    "symptoms_level": 6,
    "daily_life": 0,
    "daily_life_level": 6,
    "heard": 7,
    "pressure": 2,
    "extra_for_feelings": "no",
    "want_more": "no",
}


async def _weekly(h: Harness, user, note: str) -> None:
    """A weekly check-in with nothing but a typed note."""
    await call(h.app, planning.checkin_now, "P-1", "weekly")
    await h.sweep()
    await h.tap(user, "Start")
    await h.answer(user, "P-1", WEEKLY | {"note": note})


async def _old_words_everywhere(h: Harness, doctor):
    """OLD in an answer (echoed in its edit), a message, a safety quote, the clinician's
    alert, a digest and a /mydata export."""
    user = await h.enrol("P-1")
    await h.answer(user, "P-1", INTAKE | {"other_medicines_which": OLD})
    await _weekly(h, user, f"note {OLD}")
    await h.send(user, f"{RISK} {OLD}")
    await h.send(user, "/mydata")
    await h.send(doctor, "/digest")
    await h.tap(doctor, "P-1")
    await h.sweep()
    assert any(OLD in m.text for m in doctor.messages())  # the alert quoted it
    return user


async def test_past_the_cutoff_no_old_word_is_left(app, clock, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "retention_days", DAYS)
    async with running(app) as h:
        doctor = await h.clinician()
        user = await _old_words_everywhere(h, doctor)
        assert await leaks(app.db, OLD)
        stuck_at = clock.now()
        clock.advance(timedelta(days=DAYS + 1))
        await _weekly(h, user, f"note {NEW}")
        await h.send(user, f"{RISK} {NEW}")
        payload = json.dumps({"update_id": 1, "message": {"text": STUCK}})
        async with app.db.tx() as tx:
            await inbox.store(tx, [(0, payload)], stuck_at)  # stored, never processed
        clock.advance(privacy.RETENTION_EVERY)  # the weekly's sweep made a pass already
        await h.sweep()
        assert not await leaks(app.db, OLD)
        assert not await leaks(app.db, STUCK)
        events = await app.db.fetchall("SELECT at, quote FROM safety_events ORDER BY at")
        assert [e["quote"] for e in events] == [None, f"{RISK} {NEW}"]  # the event stays
        stuck = await app.db.fetchone("SELECT * FROM inbox WHERE update_id = 0")
        assert stuck["payload"] is None and stuck["processed_at"] is not None


async def test_recent_words_are_untouched(app, clock, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "retention_days", DAYS)
    # Nothing is sent again within the hour compared: an unacknowledged alert would be.
    monkeypatch.setattr(app.settings, "alert_escalate_minutes", 24 * 60)
    async with running(app) as h:
        doctor = await h.clinician()
        user = await _old_words_everywhere(h, doctor)
        clock.advance(timedelta(days=DAYS + 1))
        await _weekly(h, user, f"note {NEW}")
        await h.send(user, f"{RISK} {NEW}")
        before = await _everything(app)
        clock.advance(privacy.RETENTION_EVERY)
        await h.sweep()
        after = await _everything(app)
        ran = await app.db.fetchone("SELECT value FROM meta WHERE key = 'retention_ran_at'")
    assert ran["value"] == clock.now().isoformat()  # a pass was made, and left them
    assert after == before
    assert any(NEW in json.dumps(rows) for rows in after.values())


async def _everything(app) -> dict[str, list[tuple]]:
    """The rows holding NEW, table by table: what retention must leave alone."""
    found = {}
    for table, column in (
        ("answers", "value"),
        ("patient_messages", "text"),
        ("safety_events", "quote"),
        ("outbox", "payload"),
    ):
        rows = await app.db.fetchall(
            f"SELECT * FROM {table} WHERE {column} LIKE ?",  # noqa: S608 - fixed names
            (f"%{NEW}%",),
        )
        found[table] = [tuple(r) for r in rows]
        assert found[table], table
    return found


async def test_the_pass_is_audited_with_counts_only(app, clock, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "retention_days", DAYS)
    async with running(app) as h:
        doctor = await h.clinician()
        await _old_words_everywhere(h, doctor)
        clock.advance(timedelta(days=DAYS + 1))
        await h.sweep()
        await h.sweep()  # within the hour: no second pass
    sql = "SELECT actor, detail FROM events WHERE kind = 'retention_applied'"
    rows = await app.db.fetchall(sql)
    assert len(rows) == 1 and rows[0]["actor"] == "system"
    detail = json.loads(rows[0]["detail"])
    assert all(isinstance(v, int) for v in detail.values())
    assert detail["answers"] >= 3 and detail["messages"] == 1 and detail["safety_quotes"] == 1
    assert OLD not in rows[0]["detail"]


async def _set_aside(h: Harness, user, word: str) -> None:
    """An update from the patient that no parser reads: it is set aside with its words."""
    update = {"update_id": 990_001, "message": {"chat": {"id": user.id}, "text": word}}
    update["message"]["from"] = {"id": user.id, "is_bot": "maybe"}  # not an Update PTB reads
    async with h.app.db.tx() as tx:
        await inbox.store(tx, [(990_001, json.dumps(update))], h.app.clock.now())
    await h.step()
    assert await h.app.db.fetchone("SELECT 1 FROM inbox_set_aside"), "it was not set aside"


async def test_a_set_aside_update_goes_with_retention(app, clock, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "retention_days", DAYS)
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _set_aside(h, user, OLD)
        clock.advance(timedelta(days=DAYS + 1))
        await h.sweep()
    assert await app.db.fetchall("SELECT * FROM inbox_set_aside") == []
    assert not await leaks(app.db, OLD)


async def test_a_set_aside_update_goes_with_the_patients_erasure(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        other = await h.enrol("P-2")
        await _set_aside(h, user, OLD)
        update = {"update_id": 990_002, "message": {"chat": {"id": other.id}, "text": NEW}}
        update["message"]["from"] = {"id": other.id, "is_bot": "maybe"}
        async with app.db.tx() as tx:
            await inbox.store(tx, [(990_002, json.dumps(update))], app.clock.now())
        await h.step()
        await call(app, privacy.erase_by_alias, "P-1")
    rows = await app.db.fetchall("SELECT update_id FROM inbox_set_aside")
    assert [r["update_id"] for r in rows] == [990_002]  # only the erased patient's goes
