"""Risk language through the real Application: the reply and the alert come within one update."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain import tiers
from bot.services import planning, safety
from tests.harness import call, running

DATA = Path(__file__).resolve().parent.parent / "data"


def _fixture(lang: str) -> tuple[list[tuple[str, str]], list[str]]:
    risky, ordinary = [], []
    for line in (DATA / f"safety_{lang}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, _, message = (part.strip() for part in line.partition("|"))
        (ordinary.append(message) if category == "ok" else risky.append((category, message)))
    return risky, ordinary


def _flag_texts(app, lang: str) -> list[str]:
    keys = (f"safety-flag-{flag.replace('_', '-')}" for flag in app.redflags.flags)
    return [key for key in keys if app.t.has(lang, key)]


async def _setup(h, lang: str):
    doctor = await h.clinician()
    user = await h.enrol("P-1", telegram_language=lang)
    async with h.app.db.tx() as conn:  # intake out of the way: messages are plain messages
        await conn.run("UPDATE checkins SET status = 'completed'")
    return doctor, user


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
async def test_every_risk_phrasing_gets_the_reply_and_the_alert(app, lang: str) -> None:
    risky, ordinary = _fixture(lang)
    assert len(risky) >= 40
    async with running(app) as h:
        doctor, user = await _setup(h, lang)
        for category, message in risky:
            alerts, seen = len(doctor.messages()), len(user.messages())
            user.send(message)
            await h.step()
            reply = user.messages()[seen].text  # the first thing the patient reads
            urgency = "crisis" if category in ("suicidal", "self_harm", "overdose") else "medical"
            key, _ = safety.REPLIES[tiers.tier_of(category, urgency)]
            # A medication red flag (no regimen recorded here) gets its own text when it has one.
            keys = [key, *_flag_texts(app, lang)] if category == "severe_reaction" else [key]
            assert any(reply.startswith(app.t(lang, k).split("\n")[0]) for k in keys), message
            assert app.t(lang, "safety-resources-default").split(" ")[0] in user.last().text
            assert len(doctor.messages()) == alerts + 1, message
            alert = doctor.last().text
            assert "P-1" in alert and message in alert
        for message in ordinary:
            alerts = len(doctor.messages())
            user.send(message)
            await h.step()
            assert len(doctor.messages()) == alerts, message
            assert user.last().text == app.t(lang, "patient-note-saved"), message
    events = await app.db.fetchall("SELECT category, quote FROM safety_events")
    assert len(events) == len(risky)


async def test_mid_checkin_answer_is_kept_and_escalated(app) -> None:
    async with running(app) as h:
        doctor, user = await _setup(h, "en")
        await call(app, planning.checkin_now, "P-1", "pre_visit")
        await h.sweep()
        user.tap("Start")
        await h.step()
        before = len(user.messages())
        user.send("honestly i dont want to live anymore")
        await h.step()
        replies = [m.text for m in user.messages()[before:]]
        assert replies[0].startswith("Thank you for telling me")
        assert "emergency number" in replies[-1]
        assert len(replies) == 2  # reply and resources; no next question after a crisis
        answer = await app.db.fetchone(
            "SELECT question_id, value FROM answers WHERE dialog_id = 'pre_visit'"
        )
        assert answer["question_id"] == "topics" and "live anymore" in answer["value"]
        event = await app.db.fetchone("SELECT checkin_id FROM safety_events")
        assert event["checkin_id"] is not None
        assert "dont want to live" in doctor.last().text


async def test_while_paused_and_with_a_safety_plan(app) -> None:
    async with running(app) as h:
        doctor, user = await _setup(h, "en")
        user.send("/safetyplan")
        await h.step()
        for answer in (
            "I stop sleeping",
            "a walk with my dog",
            "my sister Ana",
            "give my pills to Ana",
            "Dr A 555-0101",
        ):
            user.send(answer)
            await h.step()
        assert user.last().text == app.t("en", "safety-plan-saved")
        user.send("/pause")
        await h.step()
        seen = len(user.messages())
        user.send("I want to end my life")
        await h.step()
        reply = "\n".join(m.text for m in user.messages()[seen:])
        assert reply.index("Thank you for telling me") < reply.index("a walk with my dog")
        assert reply.index("a walk with my dog") < reply.index("emergency number")
        assert "end my life" in doctor.last().text
        seen = len(user.messages())
        user.send("/sos")
        await h.step()
        sos = "\n".join(m.text for m in user.messages()[seen:])
        assert sos.index("my sister Ana") < sos.index("emergency number")


async def test_oncall_chat_is_alerted_too(app, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "oncall_chat_id", 777001)
    async with running(app) as h:
        oncall = h.state.user(telegram_id=777001, first_name="On call")
        oncall.send("hello")  # the on-call chat exists (a bot cannot write first)
        await h.step()
        doctor, user = await _setup(h, "en")
        user.send("i want to kill myself")
        await h.step()
        assert "kill myself" in oncall.last().text
        assert "kill myself" in doctor.last().text


async def test_stranger_in_crisis_gets_resources(app) -> None:
    async with running(app) as h:
        stranger = h.state.user(first_name="X")
        stranger.send("i want to end my life")
        await h.step()
        assert "emergency" in stranger.last().text
        assert await app.db.fetchall("SELECT * FROM safety_events") == []


async def test_edited_message_is_scanned(app) -> None:
    async with running(app) as h:
        doctor, user = await _setup(h, "en")
        user.send("fine today")
        await h.step()
        mine = [m for m in user.all_messages() if not m.outgoing][-1]
        user.edit(mine.message_id, "not fine, i want to die")
        await h.step()
        assert "want to die" in doctor.last().text


# --- messages whose delivery is uncertain, and alerts that cannot be delivered (issue 9)

CRISIS = "i want to kill myself"
ONCALL = 777001


async def _with_oncall(h, monkeypatch, oncall: bool = True):
    """The clinician, the patient and (unless told otherwise) an on-call chat that exists."""
    monkeypatch.setattr(h.app.settings, "oncall_chat_id", ONCALL if oncall else None)
    chat = h.state.user(telegram_id=ONCALL, first_name="On call")
    chat.send("hello")  # a bot cannot write first
    await h.step()
    doctor, user = await _setup(h, "en")
    return chat, doctor, user


async def _undelivered(app) -> list[dict]:
    rows = await app.db.fetchall("SELECT detail FROM events WHERE kind = 'alert_undelivered'")
    return [json.loads(r["detail"]) for r in rows]


def _errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_alert_to_a_chat_that_blocked_the_bot_goes_to_oncall(app, monkeypatch, caplog):
    async with running(app) as h:
        oncall, doctor, user = await _with_oncall(h, monkeypatch)
        h.state.set_blocked(doctor.id, True)
        user.send(CRISIS)
        await h.step()
        notice = app.t("en", "safety-alert-undelivered")
        first, copy = oncall.messages()[-2:]
        assert CRISIS in first.text and notice not in first.text  # on-call's own alert
        assert copy.text.startswith(notice) and CRISIS in copy.text  # the clinician's
    [event] = await _undelivered(app)
    assert event == {
        "chat_id": doctor.id,
        "escalated_to": ONCALL,
        "outbox_id": event["outbox_id"],
        "status": "failed",
    }
    [error] = _errors(caplog)
    assert f"chat {doctor.id}" in error and "on-call chat" in error and "kill" not in error


async def test_alert_waiting_when_the_clinician_blocks_the_bot_goes_to_oncall(app, monkeypatch):
    async with running(app) as h:
        oncall, doctor, user = await _with_oncall(h, monkeypatch)
        user.send(CRISIS)
        doctor.block()  # handled before anything is sent: the waiting alert fails unsent
        await h.step()
        assert oncall.last().text.startswith(app.t("en", "safety-alert-undelivered"))
    [event] = await _undelivered(app)
    assert (event["chat_id"], event["status"]) == (doctor.id, "failed")


async def test_alert_refused_with_no_oncall_chat_is_an_error_that_says_so(
    app, monkeypatch, caplog
):
    async with running(app) as h:
        _, doctor, user = await _with_oncall(h, monkeypatch, oncall=False)
        h.state.simulate_refusal(doctor.id)
        user.send(CRISIS)
        await h.step()
        await h.sweep()  # nothing more happens later
    [event] = await _undelivered(app)
    assert event["status"] == "failed" and event["escalated_to"] is None
    [error] = _errors(caplog)
    assert "no on-call chat" in error and "kill" not in error


async def test_alert_left_ambiguous_after_its_resend_goes_to_oncall(app, clock, monkeypatch):
    async with running(app) as h:
        oncall, doctor, user = await _with_oncall(h, monkeypatch)
        h.state.simulate_lost_replies(doctor.id, times=2)
        before = len(doctor.messages())
        user.send(CRISIS)
        await h.step()
        assert len(doctor.messages()) == before + 1  # it arrived, but Rapport cannot know
        assert await _undelivered(app) == []  # not yet: it is sent once more first
        clock.advance(timedelta(seconds=59))
        await h.sweep()
        assert len(doctor.messages()) == before + 1
        clock.advance(timedelta(seconds=2))
        await h.sweep()
        assert len(doctor.messages()) == before + 2  # a repeated alert is harmless
        assert oncall.last().text.startswith(app.t("en", "safety-alert-undelivered"))
        [event] = await _undelivered(app)
        assert event["status"] == "ambiguous"
        clock.advance(timedelta(minutes=5))
        await h.sweep()
        assert len(doctor.messages()) == before + 2  # sent again once, never more


async def test_oncall_chat_that_refuses_has_nowhere_else_to_go(app, monkeypatch, caplog):
    async with running(app) as h:
        _, doctor, user = await _with_oncall(h, monkeypatch)
        h.state.simulate_refusal(ONCALL)
        user.send(CRISIS)
        await h.step()
        assert CRISIS in doctor.last().text
    [event] = await _undelivered(app)
    assert event["chat_id"] == ONCALL and event["escalated_to"] is None
    [error] = _errors(caplog)
    assert "no other chat" in error


async def test_crisis_reply_whose_answer_was_lost_is_sent_again(app, clock) -> None:
    async with running(app) as h:
        _, user = await _setup(h, "en")
        h.state.simulate_lost_replies(user.id, times=1)
        seen = len(user.messages())
        user.send(CRISIS)
        await h.step()
        first = [m.text for m in user.messages()[seen:]]
        assert len(first) == 2  # the reply and the resources: the rest did not wait
        clock.advance(timedelta(seconds=61))
        await h.sweep()
        replies = [m.text for m in user.messages()[seen:]]
        assert replies == [*first, first[0]]  # the reply once more, a minute later


async def test_a_failing_escalation_step_does_not_stop_delivery(app, caplog) -> None:
    async with running(app) as h:
        _, user = await _setup(h, "en")

        async def broken() -> int:
            raise RuntimeError("a bug in escalation")

        app.sender.escalate = broken
        seen = len(user.messages())
        user.send(CRISIS)
        await h.step()
        assert len(user.messages()) > seen
    assert "escalating undelivered alerts failed: RuntimeError" in _errors(caplog)
