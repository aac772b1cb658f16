"""Risk language through the real Application: the reply and the alert come within one update."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services import planning
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
            key = "safety-crisis-reply" if urgency == "crisis" else "safety-medical-reply"
            assert reply.startswith(app.t(lang, key).split("\n")[0]), message
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
        user.send("I took all my pills")
        await h.step()
        reply = "\n".join(m.text for m in user.messages()[seen:])
        assert reply.index("Thank you for telling me") < reply.index("a walk with my dog")
        assert reply.index("a walk with my dog") < reply.index("emergency number")
        assert "took all my pills" in doctor.last().text
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
