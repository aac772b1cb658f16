"""Issue 10, part 3, through the real Application: the suicide screen follows the intake, every
pre-visit check-in, the post-change check-ins after an antidepressant start or increase (and
stands alone in weeks 3 and 4), and the next check-in after a safety event; never after another
change. An acute yes reaches the clinician and on-call within one update; a non-acute yes gives
a caring reply and a same-day task that tops the digest until it is marked done."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.domain import callbacks
from bot.services import checkins as conversation
from bot.services import digests, planning, regimen
from bot.storage import people
from tests.e2e.test_alerts_e2e import _team, _write_plan
from tests.e2e.test_checkins_e2e import INTAKE
from tests.harness import Harness, call, running

PRE_VISIT = {"topics": None, "untold": None, "benefit": 6, "heard": 7, "harm_worry": 3}
PRE_VISIT |= {"symptoms_level": 6, "daily_life_level": 6, "baseline": ("none",)}
POST_CHANGE = {"taking": "as_prescribed", "any_side_effects": "no", "harm_worry": 3}
POST_CHANGE |= {"benefit": 6, "note": None}
WEEKLY = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "no"}
WEEKLY |= {"harm_worry": 2, "symptoms": 0, "daily_life": 0, "heard": 8, "pressure": 2}
WEEKLY |= {"extra_for_feelings": "no", "want_more": "no", "note": None}
WEEKLY |= {"symptoms_level": 6, "daily_life_level": 6}


def _t(h: Harness, key: str, **args: Any) -> str:
    return h.app.t("en", key, **args)


async def _asking(h: Harness) -> tuple[str, str] | None:
    """(dialog, question) that P-1 is being asked now."""
    async with h.app.db.read() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
        assert patient is not None
        asked = await conversation.asking(h.app, tx, patient.id)
    return None if asked is None else (asked[0].id, asked[1].id)


async def _answer_until(h: Harness, user, script: dict[str, Any], stop: str) -> None:
    """Answer from `script` (the screen: "no" unless given) until question `stop` is asked."""
    while (asked := await _asking(h)) is not None and asked[1] != stop:
        question = h.app.dialogs[asked[0]].question(asked[1])
        default = "no" if asked[0] == "screen" else None
        await h._give(user, question, "en", script.get(asked[1], default))
    assert asked is not None, f"{stop} was never asked"


async def _screens(h: Harness) -> list[dict]:
    rows = await h.app.db.fetchall(
        "SELECT * FROM checkins WHERE dialog_id = 'screen' ORDER BY due_at, id"
    )
    return [dict(r) for r in rows]


async def _asked_for(h: Harness) -> list[str]:
    """Why each chained screen was asked, in order."""
    rows = await h.app.db.fetchall("SELECT detail FROM events WHERE kind = 'screen_asked'")
    return [json.loads(r["detail"])["reason"] for r in rows]


async def _open(h: Harness, user, dialog: str) -> None:
    """Staff queue a check-in now; the sweep invites; the patient taps Start."""
    h.app.clock.advance(timedelta(minutes=1))  # a slot of its own
    await call(h.app, planning.checkin_now, "P-1", dialog)
    await h.sweep()
    assert user.last().text == _t(h, "checkin-invite")  # neutral on a lock screen
    await h.tap(user, _t(h, "checkin-start"))


async def test_the_intake_is_followed_by_the_screen_and_all_no_is_thanked(app, clock) -> None:
    async with running(app) as h:
        doctor = await h.clinician()
        user = await h.enrol("P-1")
        await _answer_until(h, user, INTAKE, "wish_dead")
        texts = [m.text for m in user.messages()[-2:]]
        assert texts[0] == _t(h, "screen-intro")
        assert texts[1].endswith(_t(h, "dlg-screen-wish-dead"))
        assert user.last().buttons == ["Yes", "No"]  # no Skip, and no Back into the intake
        told = len(doctor.messages())
        await h.answer(user, "P-1", {})  # no, no, no, no: the question about now is not asked
        assert _t(h, "checkin-thanks") in user.last().text
        assert len(doctor.messages()) == told
    [screen] = await _screens(h)
    assert screen["status"] == "completed" and await _asked_for(h) == ["intake"]
    rows = await app.db.fetchall(
        "SELECT question_id, construct, value FROM answers WHERE dialog_id = 'screen'"
    )
    assert [(r["question_id"], r["construct"], r["value"]) for r in rows] == [
        ("wish_dead", "screen.wish_dead", '"no"'),
        ("better_off_dead", "screen.better_off_dead", '"no"'),
        ("thoughts", "screen.thoughts", '"no"'),
        ("past_attempt", "screen.past_attempt", '"no"'),
    ]
    assert await app.db.fetchall("SELECT * FROM tasks") == []
    assert await app.db.fetchall("SELECT * FROM alerts") == []
    clock.advance(timedelta(minutes=1))
    response = (await _digest(h)).digest.response
    assert (response.sent, response.answered) == (1, 1)  # the screen is part of the intake


async def test_an_acute_yes_reaches_the_clinician_and_on_call_within_one_update(
    app, monkeypatch
) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await _open(h, user, "pre_visit")
        await _answer_until(h, user, PRE_VISIT | {"wish_dead": "yes"}, "acute")
        assert user.last().text.endswith(_t(h, "dlg-screen-acute"))
        seen, told, called = len(user.messages()), len(doctor.messages()), len(oncall.messages())
        await h.tap(user, "Yes")  # one update
        replies = [m.text for m in user.messages()[seen:]]
        assert replies[0].startswith(_t(h, "safety-crisis-reply").split("\n")[0])
        assert "emergency number" in replies[-1]
        for chat, before in ((doctor, told), (oncall, called)):
            [alert] = chat.messages()[before:]
            assert alert.text.startswith(_t(h, "alert-screen-acute", patient="P-1"))
            assert "thoughts of killing themselves right now" in alert.text
            assert alert.buttons == [_t(h, "alert-ack-button")]
        assert _t(h, "checkin-thanks") not in "\n".join(replies)
    assert await _asked_for(h) == ["pre_visit"]
    [alert] = await app.db.fetchall("SELECT source, urgency, tier, next_escalation_at FROM alerts")
    assert tuple(alert)[:3] == ("screening", "crisis", "suicidal")
    assert alert["next_escalation_at"] is not None  # chased until someone is on it
    [care] = await app.db.fetchall("SELECT * FROM care_contacts")
    assert care["status"] == "pending"
    assert await app.db.fetchall("SELECT * FROM tasks") == []  # the alert is the task


async def _digest(h: Harness) -> digests.Built:
    async with h.app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
        assert patient is not None
        return await digests.request(h.app, tx, patient, h.app.clock.now(), actor="staff:cli")


async def _digest_text(h: Harness) -> str:
    built = await _digest(h)
    first = digests.telegram(built.digest, h.app.t).parts[0]
    assert first.index("P-1") < first.index(_t(h, "digest-safety-heading"))
    return digests.render(h.app, built, "text")


async def test_a_non_acute_yes_makes_a_same_day_task_that_tops_the_digest(
    app, monkeypatch, clock
) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await _write_plan(h, user)
        await _open(h, user, "pre_visit")
        told, called = len(doctor.messages()), len(oncall.messages())
        await _answer_until(h, user, PRE_VISIT | {"thoughts": "yes"}, "acute")
        seen = len(user.messages())
        await h.tap(user, "No")
        replies = [m.text for m in user.messages()[seen:]]
        assert replies[0] == _t(h, "screen-positive-reply")
        shown = "\n".join(replies)
        assert "my sister Ana" in shown and "emergency number" in replies[-1]  # plan, resources
        [task] = doctor.messages()[told:]
        assert task.text.startswith("Same-day task: please contact P-1 within 24 hours")
        assert "thoughts about killing themselves (past week)" in task.text
        assert task.buttons == [_t(h, "task-done-button")]
        assert len(oncall.messages()) == called  # not urgent: the clinician's task

        text = await _digest_text(h)
        top = text.index(_t(h, "digest-tasks-heading"))
        assert top < text.index(_t(h, "digest-response-heading"))
        assert "Contact within 24 hours: the suicide screen was positive" in text

        clock.advance(timedelta(hours=3))
        await h.tap(doctor, _t(h, "task-done-button"))
        assert doctor.last_answer()["text"] == _t(h, "task-done-thanks")
        assert doctor.last().text.startswith("✓ Done: Dr A")
        await h.tap(doctor, _t(h, "task-done-button"))  # a second tap changes nothing
        assert doctor.last_answer()["text"].startswith("Already done by Dr A")
        assert _t(h, "digest-tasks-heading") not in await _digest_text(h)
    [row] = await app.db.fetchall("SELECT * FROM tasks")
    assert (row["kind"], row["done_by_name"]) == ("screen_positive", "Dr A")
    assert row["due_at"] == "2026-03-03T09:01:00+00:00"  # 24 hours after the answer
    assert await app.db.fetchall("SELECT * FROM alerts") == []
    kinds = [r["kind"] for r in await app.db.fetchall("SELECT kind FROM events ORDER BY id")]
    assert kinds.count("task_created") == 1 and kinds.count("task_done") == 1


async def _change_checkin(h: Harness, user, clock) -> None:
    """The next post-change check-in: sent at its time, started, answered."""
    row = await h.app.db.fetchone(
        "SELECT due_at FROM checkins WHERE dialog_id = 'post_change' AND status = 'pending'"
        " ORDER BY due_at LIMIT 1"
    )
    clock.set(clock.now().fromisoformat(row["due_at"]))
    await h.sweep()
    assert user.last().text == _t(h, "checkin-invite")
    await h.tap(user, _t(h, "checkin-start"))
    await h.answer(user, "P-1", POST_CHANGE)


async def test_after_an_antidepressant_increase_but_not_another_change(
    app, monkeypatch, clock
) -> None:
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch)
        await call(app, regimen.add, "P-1", "lithium", "600 mg", started="2026-01-05")
        await call(app, regimen.change, "P-1", "lithium", "800 mg")
        assert await _screens(h) == []  # no screen of its own after a change of lithium
        await _change_checkin(h, user, clock)
        assert await _asked_for(h) == []  # nor after its post-change check-in
        await call(app, regimen.add, "P-1", "sertraline", "50 mg", started="2026-01-05")
        await call(app, regimen.change, "P-1", "sertraline", "100 mg")
        await _change_checkin(h, user, clock)
        assert await _asked_for(h) == ["antidepressant"]
        assert "that's everything for now" in user.last().text


async def test_weekly_for_four_weeks_after_an_antidepressant_start(app, monkeypatch, clock):
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch)
        await call(app, regimen.add, "P-1", "Zoloft", "50 mg")
        for _ in range(3):  # days 3, 7 and 14: the post-change check-ins ask it
            await _change_checkin(h, user, clock)
        assert await _asked_for(h) == ["antidepressant"] * 3
        alone = [s for s in await _screens(h) if s["source"] == "change"]
        days = [(clock.now().fromisoformat(s["due_at"]) - clock.now()).days for s in alone]
        assert days == [7, 14]  # days 21 and 28 after the start, on its own
        clock.set(clock.now().fromisoformat(alone[0]["due_at"]))
        await h.sweep()
        assert user.last().text == _t(h, "checkin-invite")  # nothing on the lock screen
        await h.tap(user, _t(h, "checkin-start"))
        invite, intro = user.messages()[-3:-1]
        assert (invite.text, invite.buttons) == (_t(h, "checkin-invite"), [])
        assert intro.text == _t(h, "screen-intro-alone")
        await h.answer(user, "P-1", {})
        assert "that's everything for now" in user.last().text


async def test_the_next_checkin_after_a_safety_event_asks_it_once(app, monkeypatch) -> None:
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch)
        await _open(h, user, "weekly")
        await h.answer(user, "P-1", WEEKLY)
        assert await _asked_for(h) == []  # nothing calls for it
        await h.send(user, "i want to kill myself")
        await _open(h, user, "weekly")
        await h.answer(user, "P-1", WEEKLY)
        assert await _asked_for(h) == ["safety_event"]
        await _open(h, user, "weekly")
        await h.answer(user, "P-1", WEEKLY)
        assert await _asked_for(h) == ["safety_event"]  # asked since: not again


async def test_stop_ends_a_screen_and_an_erasure_takes_its_task(app, monkeypatch) -> None:
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch)
        await _open(h, user, "pre_visit")
        await _answer_until(h, user, PRE_VISIT | {"wish_dead": "yes"}, "acute")
        other = await h.clinician("Dr B")  # not P-1's clinician: may not close P-1's task
        await h.tap(user, "No")
        [task] = await app.db.fetchall("SELECT id FROM tasks")
        other.tap_data(callbacks.encode(callbacks.TASK_DONE, task["id"]))
        await h.step()
        assert other.last_answer()["text"] == _t(h, "alert-not-allowed")
        assert (await app.db.fetchone("SELECT done_at FROM tasks"))["done_at"] is None

        await _open(h, user, "pre_visit")
        await _answer_until(h, user, PRE_VISIT, "better_off_dead")  # halfway through
        await h.send(user, "/stop")
        await h.tap(user, "Yes, stop everything")
        statuses = [s["status"] for s in await _screens(h)]
        assert statuses == ["completed", "cancelled"]

        await h.send(user, "/delete")
        await h.tap(user, "Yes, erase everything")
    assert await app.db.fetchall("SELECT * FROM tasks") == []


async def test_retention_takes_a_task_with_the_answers(app, monkeypatch, clock) -> None:
    monkeypatch.setattr(app.settings, "retention_days", 30)
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch)
        await _open(h, user, "pre_visit")
        await h.answer(user, "P-1", PRE_VISIT | {"past_attempt": "yes"})
        assert len(await app.db.fetchall("SELECT * FROM tasks")) == 1
        clock.advance(timedelta(days=31))
        await h.sweep()
    assert await app.db.fetchall("SELECT * FROM tasks") == []
    assert await app.db.fetchall("SELECT * FROM answers WHERE dialog_id = 'screen'") == []
