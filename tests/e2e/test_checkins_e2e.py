"""Check-ins through the real Application: every language, every kind of question."""

import json

import pytest

from bot.services import checkins as conversation
from bot.storage import people
from tests.harness import running

INTAKE = {
    "taking_now": "as_prescribed",
    "other_medicines": "yes",
    "other_medicines_which": "melatonin",
    "symptoms_level": 4,
    "daily_life_level": 5,
    "baseline": ("trouble_sleeping", "headache"),
    "benefit": 7,
    "need": 6,
    "harm_worry": 4,
    "dependency": 3,
    "identity": 2,
    "past_intolerance": "yes",
    "past_intolerance_which": "one made me shaky",
    "wary": 6,
    "readiness": 8,
    "heard": None,
    "agreement": 7,
    "pressure": 2,
    "miss_anything": "yes",
    "might_lose": "people would stop checking on me",
    "note": "I sleep badly",
}
# The suicide screen follows the intake; the harness answers it "no".
SCREEN = dict.fromkeys(("wish_dead", "better_off_dead", "thoughts", "past_attempt"), "no")
# A patient's first weekly asks the rotation "a" questions (heard, pressure), the next one "b".
WEEKLY = {
    "days_missed": 2,
    "dose_change": "took_less",
    "reasons": ("forgot", "side_effects", "test_need"),
    "prescriber_knows": "no",
    "any_side_effects": "yes",
    "which_side_effects": ("sleepy", "dizzy"),
    "side_effect_bother": 6,
    "attribution": "not_sure",
    "symptoms": 1,
    "symptoms_level": 5,
    "daily_life": 0,
    "daily_life_level": 4,
    "extra_for_feelings": "yes",
    "which_feeling": ("stress", "sleep"),
    "heard": 8,
    "pressure": 3,
    "note": None,
}
TURN_B = {"want_more": "yes", "want_more_hope": ("calm", "sleep"), "harm_worry": 5}


async def _queue(app, alias: str, dialog: str) -> None:
    async with app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, alias)
        await conversation.queue(app, tx, patient.id, dialog, "test", app.clock.now())


async def _now(h, user, dialog: str, script) -> None:
    """A check-in of `dialog` queued for P-1 now, opened with /checkin, answered."""
    await _queue(h.app, "P-1", dialog)
    await h.send(user, "/checkin")
    await h.answer(user, "P-1", script)


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
async def test_intake_and_weekly_in_each_language(app, lang: str) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", telegram_language=lang)
        t = app.t
        assert t(lang, "checkin-progress", position=1, total=22) in user.last().text
        # a Back: answer the first question, go back, answer it again
        await h.tap(user, user.last().buttons[0])
        await h.tap(user, t(lang, "checkin-back"))
        assert t(lang, "checkin-progress", position=1, total=22) in user.last().text
        await h.answer(user, "P-1", INTAKE)
        assert t(lang, "checkin-thanks") in user.last().text

        await _now(h, user, "weekly", WEEKLY)

    rows = await app.db.fetchall(
        "SELECT c.dialog_id, c.status, a.question_id, a.construct, a.value, a.skipped,"
        " a.superseded_at FROM answers a JOIN checkins c ON c.id = a.checkin_id"
    )
    statuses = {r["dialog_id"]: r["status"] for r in rows}
    assert statuses == {"intake": "completed", "screen": "completed", "weekly": "completed"}
    standing = {(r["dialog_id"], r["question_id"]): r for r in rows if not r["superseded_at"]}
    for (dialog_id, qid), row in standing.items():
        question = app.dialogs[dialog_id].question(qid)
        assert row["construct"] == question.measures
        script = {"intake": INTAKE, "screen": SCREEN, "weekly": WEEKLY}[dialog_id]
        expected = script[qid]
        stored = None if row["skipped"] else json.loads(row["value"])
        assert stored == (list(expected) if isinstance(expected, tuple) else expected)
    scripts = {"intake": INTAKE, "screen": SCREEN, "weekly": WEEKLY}
    assert set(standing) == {(d, q) for d, script in scripts.items() for q in script}
    superseded = [r for r in rows if r["superseded_at"]]
    assert [r["question_id"] for r in superseded] == ["taking_now"]  # kept by the Back
    assert standing[("weekly", "reasons")]["construct"] == "adherence.reason"


async def test_branch_hidden_when_not_taken(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        script = {**INTAKE, "other_medicines": "no", "miss_anything": "no"}
        await h.answer(user, "P-1", script)
        asked = {r["question_id"] for r in await app.db.fetchall("SELECT * FROM answers")}
        assert "might_lose" not in asked and "other_medicines_which" not in asked


async def test_finished_checkin_button_changes_nothing(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        first_question = user.last()
        await h.answer(user, "P-1", INTAKE)
        before = await app.db.fetchall("SELECT * FROM answers ORDER BY id")
        user.tap_data(
            first_question.callback_data(first_question.buttons[0]) or "",
            first_question.message_id,
        )
        await h.step()
        assert user.last_answer()["text"] == app.t("en", "checkin-closed")
        after = await app.db.fetchall("SELECT * FROM answers ORDER BY id")
        assert [tuple(r) for r in after] == [tuple(r) for r in before]


async def test_double_tap_stores_one_answer(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        question = user.last()
        data = question.callback_data(question.buttons[0])
        user.tap_data(data, question.message_id)
        user.tap_data(data, question.message_id)
        await h.step()
        rows = await app.db.fetchall("SELECT question_id FROM answers")
        assert [r["question_id"] for r in rows] == ["taking_now"]
        assert user.last_answer()["text"] == app.t("en", "checkin-stale")


async def test_text_while_buttons_wait_is_kept_and_reasked(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        user.send("can I just type?")
        await h.step()
        texts = [m.text for m in user.messages()[-2:]]
        assert texts[0] == app.t("en", "checkin-use-buttons")
        assert user.last().buttons  # the question again, with its buttons
        notes = await app.db.fetchall("SELECT text FROM patient_messages")
        assert [n["text"] for n in notes] == ["can I just type?"]
        assert await app.db.fetchall("SELECT * FROM answers") == []


async def test_long_free_text_is_refused_politely(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await h.tap(user, user.last().buttons[0])  # taking_now
        await h.tap(user, app.t("en", "checkin-yes"))  # other_medicines -> free text
        await h.send(user, "x" * 1001)
        assert user.last().text == app.t("en", "checkin-too-long", length=1001, limit=1000)
        stored = {r["question_id"] for r in await app.db.fetchall("SELECT * FROM answers")}
        assert stored == {"taking_now", "other_medicines"}
        await h.send(user, "x" * 1000)
        stored = {r["question_id"] for r in await app.db.fetchall("SELECT * FROM answers")}
        assert "other_medicines_which" in stored


async def test_pre_visit_takes_levels_the_checklist_as_it_is_now_and_harm_worry(app) -> None:
    script = {"topics": "sleep", "untold": None, "symptoms_level": 6, "daily_life_level": 3}
    script |= {"baseline": ("none",), "benefit": 6, "harm_worry": 7, "heard": 8}
    async with running(app) as h:
        user = await h.enrol("P-1")
        await h.answer(user, "P-1", INTAKE)
        await _now(h, user, "pre_visit", script)
    rows = await app.db.fetchall(
        "SELECT c.dialog_id, a.question_id, a.construct, a.value FROM answers a"
        " JOIN checkins c ON c.id = a.checkin_id WHERE a.construct = 'side_effects.baseline'"
    )
    got = {(r["dialog_id"], r["question_id"]): json.loads(r["value"]) for r in rows}
    assert got == {
        ("intake", "baseline"): ["trouble_sleeping", "headache"],
        ("pre_visit", "baseline"): ["none"],
    }
