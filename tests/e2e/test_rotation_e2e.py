"""The weekly's rotation through Telegram: the 1st check-in asks the "a" questions, the 2nd the
"b" ones, and a restart in the middle of one keeps its turn."""

from datetime import timedelta

from bot.compose import open_app
from bot.sandbox import TelegramState
from bot.services import checkins as conversation
from bot.storage import people
from tests.e2e.test_checkins_e2e import INTAKE, TURN_B, WEEKLY
from tests.harness import running

A_ONLY, B_ONLY = {"heard", "pressure"}, {"want_more", "want_more_hope", "harm_worry"}


async def _queue(app, slot: str) -> None:
    async with app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
        await conversation.queue(app, tx, patient.id, "weekly", slot, app.clock.now())


async def _weekly(h, user, slot: str, script) -> None:
    """A weekly queued for now, opened with /checkin, answered from `script`."""
    await _queue(h.app, slot)
    await h.send(user, "/checkin")
    await h.answer(user, "P-1", script)


async def _past_intake(h):
    """P-1 enrolled, past their intake, with a first weekly (turn "a") answered."""
    user = await h.enrol("P-1")
    await h.answer(user, "P-1", INTAKE)
    await _weekly(h, user, "w1", WEEKLY)
    h.app.clock.advance(timedelta(days=7))
    return user


async def _asked(app, slot: str) -> set[str]:
    rows = await app.db.fetchall(
        "SELECT a.question_id FROM answers a JOIN checkins c ON c.id = a.checkin_id"
        " WHERE c.slot = ? AND a.superseded_at IS NULL",
        (slot,),
    )
    return {r["question_id"] for r in rows}


async def test_first_weekly_asks_a_second_asks_b(app, clock) -> None:
    async with running(app) as h:
        user = await _past_intake(h)
        for slot in ("w2", "w3"):
            await _weekly(h, user, slot, WEEKLY | TURN_B)
            clock.advance(timedelta(days=7))
    first, second, third = [await _asked(app, slot) for slot in ("w1", "w2", "w3")]
    assert A_ONLY <= first and not B_ONLY & first
    assert B_ONLY <= second and not A_ONLY & second
    assert third == first
    assert "prescriber_knows" in first  # "took less": does the prescriber know?
    core = {"days_missed", "dose_change", "any_side_effects", "symptoms", "symptoms_level"}
    core |= {"daily_life", "daily_life_level", "extra_for_feelings"}
    assert core <= first & second


async def test_a_restart_keeps_the_turn(app, settings, clock) -> None:
    state = TelegramState()
    async with running(app, state) as h:
        user = await _past_intake(h)
        await _queue(app, "w2")
        await h.send(user, "/checkin")
        for qid in ("days_missed", "dose_change"):  # part of the second weekly, then a restart
            await h.tap(user, _label(app, qid))
    await app.db.close()

    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            await h2.answer(user, "P-1", WEEKLY | TURN_B)
        second = await _asked(again, "w2")
        assert B_ONLY <= second and not A_ONLY & second
        assert {"days_missed", "dose_change", "note"} <= second
        assert "prescriber_knows" not in second  # taken as prescribed: not asked
    finally:
        await again.db.close()


def _label(app, qid: str) -> str:
    values = {"days_missed": "0", "dose_change": app.t("en", "dlg-dose-as-prescribed")}
    return values[qid]


async def test_a_missed_weekly_takes_no_turn(app, clock) -> None:
    async with running(app) as h:
        user = await _past_intake(h)
        await _queue(app, "missed")  # never opened; its window passes
        clock.advance(timedelta(days=7))
        await h.sweep()
        await _weekly(h, user, "w2", WEEKLY | TURN_B)
    weeklies = await app.db.fetchall(
        "SELECT id, slot, status FROM checkins WHERE dialog_id = 'weekly' ORDER BY due_at, id"
    )
    assert "missed" in [r["status"] for r in weeklies]
    done = [r["id"] for r in weeklies if r["status"] == "completed"]
    assert len(done) == 2
    first, second = [await _asked_in(app, checkin) for checkin in done]
    assert A_ONLY <= first and B_ONLY <= second and not A_ONLY & second


async def _asked_in(app, checkin_id: int) -> set[str]:
    rows = await app.db.fetchall(
        "SELECT question_id FROM answers WHERE checkin_id = ? AND superseded_at IS NULL",
        (checkin_id,),
    )
    return {r["question_id"] for r in rows}
