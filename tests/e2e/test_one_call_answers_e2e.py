"""Issue 14, item 3: an answer by button costs one Bot API call. The next question (or the end)
is drawn over the message that was tapped, with the check-in's record above it, so the chat
still shows every answer; Back, the completion, a red flag's reply, typed answers and a record
too long for one message each keep a chat that reads right."""

from __future__ import annotations

from collections import Counter

import pytest

from bot import LOCALES_DIR
from bot.domain.telegram_text import MESSAGE_LIMIT, units
from bot.i18n import load_catalogs
from bot.services import checkins as conversation
from bot.services import planning, prompts
from bot.storage import people
from tests.e2e.test_checkins_e2e import INTAKE
from tests.e2e.test_redflags_e2e import _alerts, _team, _weekly
from tests.harness import Harness, call, running

SENDS = ("sendMessage", "editMessageText")


def _calls(h: Harness) -> Counter[str]:
    return Counter(c.method for c in h.state.calls if c.method in SENDS)


async def _outbox(h: Harness) -> int:
    return len(await h.app.db.fetchall("SELECT id FROM outbox"))


def _line(h: Harness, lang: str, key: str, answer: str) -> str:
    question = prompts.short(h.app.t(lang, key))
    return h.app.t(lang, "checkin-record-line", question=question, answer=answer)


async def _prompt(h: Harness, alias: str = "P-1") -> int | None:
    row = await h.app.db.fetchone(
        "SELECT c.prompt_message_id FROM checkins c JOIN patients p ON p.id = c.patient_id"
        " WHERE p.alias = ? AND c.status = 'open'",
        (alias,),
    )
    return None if row is None else row["prompt_message_id"]


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
async def test_an_answer_is_one_edit_of_the_tapped_message(app, lang: str) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", telegram_language=lang)
        t = app.t
        first = user.last()
        shown, calls, rows = len(user.messages()), _calls(h), await _outbox(h)
        label = t(lang, "dlg-dose-as-prescribed")
        await h.tap(user, label)
        assert _calls(h) - calls == Counter({"editMessageText": 1})
        assert await _outbox(h) == rows + 1
        assert len(user.messages()) == shown  # no new message
        screen = user.last()
        assert screen.message_id == first.message_id
        assert _line(h, lang, "dlg-intake-taking-now", label) in screen.text
        assert t(lang, "dlg-intake-other-medicines") in screen.text
        assert t(lang, "checkin-progress", position=2, total=22) in screen.text
        assert t(lang, "checkin-back") in screen.buttons
        assert await _prompt(h) == first.message_id  # still the message holding the question
        # the buttons drawn work: the next answer is one edit again
        calls = _calls(h)
        await h.tap(user, t(lang, "checkin-no"))
        assert _calls(h) - calls == Counter({"editMessageText": 1})
        assert _line(h, lang, "dlg-intake-other-medicines", t(lang, "checkin-no")) in (
            user.last().text
        )
        assert len(user.messages()) == shown


async def test_back_is_one_edit_and_takes_the_answer_off_the_record(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        t = app.t
        label = t("en", "dlg-dose-as-prescribed")
        await h.tap(user, label)
        calls, shown = _calls(h), len(user.messages())
        await h.tap(user, t("en", "checkin-back"))
        assert _calls(h) - calls == Counter({"editMessageText": 1})
        assert len(user.messages()) == shown
        text = user.last().text
        assert t("en", "checkin-progress", position=1, total=22) in text
        assert "✓" not in text  # nothing answered now
        await h.tap(user, t("en", "dlg-dose-took-less"))
        assert _line(h, "en", "dlg-intake-taking-now", t("en", "dlg-dose-took-less")) in (
            user.last().text
        )
        assert label not in user.last().text


async def test_a_stale_tap_on_the_redrawn_message_is_a_toast(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        question = user.last()
        data = question.callback_data(question.buttons[0]) or ""
        user.tap_data(data, question.message_id)
        await h.step()
        text = user.last().text
        user.tap_data(data, question.message_id)  # the old button, on the same message
        await h.step()
        assert user.last_answer()["text"] == app.t("en", "checkin-stale")
        assert user.last().text == text
        rows = await app.db.fetchall("SELECT question_id FROM answers")
        assert [r["question_id"] for r in rows] == ["taking_now"]


async def test_the_prompt_follows_the_question_into_an_older_message(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        first = user.last()
        await h.send(user, "can I just type?")  # the question is asked again, below
        again = user.last()
        assert again.message_id != first.message_id and await _prompt(h) == again.message_id
        label = app.t("en", "dlg-dose-as-prescribed")
        user.tap(label, first.message_id)  # the first one's buttons still answer it
        await h.step()
        redrawn = next(m for m in user.messages() if m.message_id == first.message_id)
        assert app.t("en", "dlg-intake-other-medicines") in redrawn.text
        assert await _prompt(h) == first.message_id  # where the current question now is
        user.tap(label, again.message_id)
        await h.step()
        assert user.last_answer()["text"] == app.t("en", "checkin-stale")


async def test_completion_is_one_edit_with_the_thanks(app) -> None:
    t = app.t
    async with running(app) as h:
        user = await h.enrol("P-1")
        await h.answer(user, "P-1", INTAKE)
        async with app.db.tx() as tx:
            patient = await people.patient_by_alias(tx, "P-1")
            await conversation.queue(app, tx, patient.id, "daily", "test", app.clock.now())
        await h.send(user, "/checkin")
        asked = user.last()
        await h.tap(user, t("en", "dlg-daily-took-yes"))
        calls, shown = _calls(h), len(user.messages())
        await h.tap(user, "7")
        assert _calls(h) - calls == Counter({"editMessageText": 1})
        assert len(user.messages()) == shown
        end = user.last()
        assert end.message_id == asked.message_id and not end.buttons
        assert end.text.startswith(t("en", "dlg-daily-title"))
        assert _line(h, "en", "dlg-daily-took-today", t("en", "dlg-daily-took-yes")) in end.text
        assert _line(h, "en", "dlg-daily-mood", "7") in end.text
        thanks = t("en", "checkin-thanks").split(".")[0]
        assert thanks in end.text
    row = await app.db.fetchone("SELECT status FROM checkins WHERE dialog_id = 'daily'")
    assert row["status"] == "completed"


async def test_a_typed_answer_is_followed_by_a_new_message(app) -> None:
    t = app.t
    async with running(app) as h:
        user = await h.enrol("P-1")
        await h.tap(user, t("en", "dlg-dose-as-prescribed"))
        await h.tap(user, t("en", "checkin-yes"))  # other_medicines -> typed
        asked = user.last()
        assert t("en", "checkin-skip") in asked.buttons
        calls = _calls(h)
        await h.send(user, "melatonin")
        # Skip taken off the typed question, the next question as a new message below the words
        assert _calls(h) - calls == Counter({"editMessageText": 1, "sendMessage": 1})
        last_two = [c.method for c in h.state.calls if c.method in SENDS][-2:]
        assert last_two == ["sendMessage", "editMessageText"]  # the question does not wait
        old = next(m for m in user.messages() if m.message_id == asked.message_id)
        assert not old.buttons
        said = t("en", "dlg-dose-as-prescribed")
        assert _line(h, "en", "dlg-intake-taking-now", said) in old.text
        assert t("en", "dlg-intake-other-medicines-which") in old.text
        new = user.last()
        assert new.message_id > asked.message_id
        assert t("en", "dlg-symptoms-level") in new.text
        assert "melatonin" not in new.text  # the patient's words are not repeated back
        assert await _prompt(h) == new.message_id


async def test_a_red_flag_reply_comes_between_the_answer_and_the_next_question(
    app, monkeypatch
) -> None:
    steady = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "yes"}
    t = app.t
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, "lamotrigine")  # a rash is urgent on it
        await _weekly(h, user, steady, "which_side_effects")
        asked = user.last()
        await h.tap(user, t("en", "dlg-se-rash"))  # a toggle: one edit, as ever
        await h.tap(user, t("en", "checkin-done"))
        [alert] = await _alerts(h)
        assert alert["flag"] == "rash" and "Urgent: P-1" in doctor.last().text
        old = next(m for m in user.messages() if m.message_id == asked.message_id)
        assert not old.buttons
        assert old.text.endswith(t("en", "checkin-answered", answer=t("en", "dlg-se-rash")))
        later = [m for m in user.messages() if m.message_id > asked.message_id]
        reply = t("en", "safety-flag-rash").split("\n")[0]
        assert later[0].text.startswith(reply)
        assert t("en", "dlg-side-effects-bother") in later[-1].text and later[-1].buttons
        assert await _prompt(h) == later[-1].message_id


def test_a_record_too_long_for_one_message_gives_up_its_oldest_lines() -> None:
    t = load_catalogs(LOCALES_DIR)
    lines = [f"✓ question {i} — " + "x" * 200 for i in range(40)]
    head, body = "Title · 41 of 50", "The question?\n\nA hint."
    text = prompts.screen(t, "en", head, lines, body)
    assert units(text) <= MESSAGE_LIMIT
    assert text.startswith(head + "\n\n") and text.endswith(body)
    assert lines[-1] in text and lines[0] not in text
    kept = [line for line in lines if line in text]
    dropped = len(lines) - len(kept)
    assert kept == lines[dropped:]  # the newest stay, in order
    assert t("en", "checkin-record-earlier", count=dropped) in text
    short = prompts.screen(t, "en", head, lines[:3], body)
    assert short == "\n\n".join([head, "\n".join(lines[:3]), body])


def test_a_question_is_named_by_the_sentence_that_asks_it() -> None:
    assert prompts.short("How are you?") == "How are you?"
    lead = "Let's start with something simple. Right now, how are you taking your medication?"
    assert prompts.short(lead) == "Right now, how are you taking your medication?"
    long = "word " * 40 + "end?"
    named = prompts.short(long)
    assert named.endswith("…") and units(named) <= prompts.SHORT_QUESTION


async def test_start_draws_the_first_question_over_the_invitation(app, monkeypatch) -> None:
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch, None)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        invite = user.last()
        assert invite.text == app.t("en", "checkin-invite")
        shown, calls = len(user.messages()), _calls(h)
        await h.tap(user, app.t("en", "checkin-start"))
        assert _calls(h) - calls == Counter({"editMessageText": 1})
        assert len(user.messages()) == shown
        first = user.last()
        assert first.message_id == invite.message_id
        current = await h._current("P-1")
        assert current is not None
        assert app.t("en", current[0].text) in first.text
        assert first.buttons  # the question's own buttons, not Start
        assert app.t("en", "checkin-start") not in first.buttons
        assert await _prompt(h) == invite.message_id


async def test_a_question_whose_message_is_gone_comes_as_a_new_message(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        t = app.t
        first = user.last()
        user.tap(t("en", "dlg-dose-as-prescribed"))
        found = h.state.find_message(user.id, first.message_id)
        assert found is not None
        found.deleted = True  # the patient deleted it before the bot drew the next question
        await h.step()
        screen = user.last()
        assert screen.message_id != first.message_id
        assert t("en", "dlg-intake-other-medicines") in screen.text
        assert t("en", "checkin-no") in screen.buttons
        assert await _prompt(h) == screen.message_id
        edits = await h.app.db.fetchall("SELECT status FROM outbox WHERE kind = 'edit'")
        assert [r["status"] for r in edits][-1] == "failed"
        await h.tap(user, t("en", "checkin-no"))  # and it answers as any question does
        assert _line(h, "en", "dlg-intake-other-medicines", t("en", "checkin-no")) in (
            user.last().text
        )
