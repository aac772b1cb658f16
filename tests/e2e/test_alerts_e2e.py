"""Issue 10, parts 4 and 5, through the real Application: each tier's reply, the idiom check and
its two answers, the safety plan that is not interrupted, the caring contact the next day, and
urgent alerts that are acknowledged or escalated on the virtual clock."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.domain.alerts import MAX_ESCALATIONS
from bot.services import safety
from bot.services.context import Incoming
from bot.services.unit import handle
from bot.storage import inbox, people
from tests.harness import Harness, running

ONCALL = 777001
CRISIS = "i want to kill myself"
IDIOM = "this commute is killing me"  # "killing me", inside the idiom "is killing me"
OVERDOSE = "I took all my pills"
STOPPED = "i stopped all my meds at once"
STAFF_ID = 900_002
MINUTES = 30


async def _team(h: Harness, monkeypatch, *, group: bool = False):
    """The on-call chat (a person's, or a group), Dr A, and P-1 past their intake."""
    if group:
        oncall = h.state.group("On call")
        monkeypatch.setattr(h.app.settings, "oncall_chat_id", oncall.chat_id)
    else:
        oncall = h.state.user(telegram_id=ONCALL, first_name="Olga Oncall")
        oncall.send("hello")  # a bot cannot write first
        await h.step()
        monkeypatch.setattr(h.app.settings, "oncall_chat_id", ONCALL)
    doctor = await h.clinician()
    user = await h.enrol("P-1")
    async with h.app.db.tx() as tx:  # the intake out of the way: messages are plain messages
        await tx.run("UPDATE checkins SET status = 'completed'")
    return oncall, doctor, user


def _t(h: Harness, key: str, **args) -> str:
    return h.app.t("en", key, **args)


def _first_line(h: Harness, key: str) -> str:
    return _t(h, key).split("\n")[0]


async def _alerts(h: Harness) -> list[dict]:
    return [dict(r) for r in await h.app.db.fetchall("SELECT * FROM alerts ORDER BY id")]


async def _events(h: Harness, kind: str) -> list[dict]:
    rows = await h.app.db.fetchall("SELECT * FROM events WHERE kind = ? ORDER BY id", (kind,))
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


# --- replies by tier ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "key", "plan"),
    [
        (CRISIS, "safety-crisis-reply", True),
        (OVERDOSE, "safety-overdose-reply", True),
        (STOPPED, "safety-stopped-reply", False),
        ("i have a rash all over", "safety-flag-rash", False),  # no regimen: as ever, its own text
        ("i can not breathe", "safety-medical-reply", False),
    ],
)
async def test_each_tier_has_its_own_reply(app, monkeypatch, words, key, plan) -> None:
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch)
        await _write_plan(h, user)
        seen, told = len(user.messages()), len(doctor.messages())
        await h.send(user, words)
        replies = [m.text for m in user.messages()[seen:]]
        assert replies[0].startswith(_first_line(h, key))
        shown = "\n".join(replies)
        assert ("my sister Ana" in shown) is plan  # the plan comes with a crisis reply only
        assert "emergency number" in replies[-1]  # the resources close every reply
        [alert] = doctor.messages()[told:]
        assert words in alert.text and alert.buttons == [_t(h, "alert-ack-button")]
    [row] = await _alerts(h)
    assert (row["source"], row["acknowledged_at"]) == ("text", None)


async def _write_plan(h: Harness, user) -> None:
    await h.send(user, "/safetyplan")
    for text in ("I stop sleeping", "a walk", "my sister Ana", "pills with Ana", "Dr A"):
        await h.send(user, text)
    assert user.last().text == _t(h, "safety-plan-saved")


async def _as_patient(h: Harness, user, work) -> None:
    """A use case run in a unit of work as if the patient had tapped something, then sent."""
    async with h.app.db.read() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
    update_id = 900_000 + len(user.messages())  # far from the sandbox's own update ids
    async with h.app.db.tx() as tx:  # received, as intake stores every update first
        await inbox.store(tx, [(update_id, "{}")], h.app.clock.now())
    msg = Incoming(update_id=update_id, chat_id=user.id, user_id=user.id)
    await handle(h.app, msg, lambda u: work(u, patient))
    await h.app.sender.flush()


async def test_a_red_flag_by_button_names_the_drug_and_the_flag(app, monkeypatch) -> None:
    """The hook the red-flag work calls: the generic medical text until a flag has its own."""
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        seen = len(user.messages())

        async def lithium(u, patient):
            await safety.urgent(
                u, patient, flag="lithium_toxicity", drug="Lithium", quote="Vomiting", window="any"
            )

        await _as_patient(h, user, lithium)
        assert user.messages()[seen].text.startswith(_first_line(h, "safety-medical-reply"))
        for chat in (doctor, oncall):
            alert = chat.last().text
            assert "Urgent: P-1" in alert and "Medicine: Lithium" in alert
            assert "Red flag: lithium toxicity" in alert and "Vomiting" in alert
        seen = len(user.messages())

        async def nms(u, patient):
            await safety.urgent(u, patient, flag="nms", drug="Haloperidol", emergency=True)

        await _as_patient(h, user, nms)
        assert user.messages()[seen].text.startswith(_first_line(h, "safety-emergency-reply"))
    rows = await _alerts(h)
    assert [(r["urgency"], r["flag"], r["drug"]) for r in rows] == [
        ("medical", "lithium_toxicity", "Lithium"),
        ("medical", "nms", "Haloperidol"),
    ]
    assert all(r["next_escalation_at"] for r in rows)  # urgent: chased until acknowledged


async def test_the_crisis_path_from_a_structured_answer(app, monkeypatch, clock) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        seen = len(user.messages())

        async def acute(u, patient):
            await safety.crisis(u, patient, quote="Thoughts of killing yourself right now? Yes")

        await _as_patient(h, user, acute)
        assert user.messages()[seen].text.startswith(_first_line(h, "safety-crisis-reply"))
        assert "killing yourself right now" in oncall.last().text
        [row] = await _alerts(h)
        assert (row["source"], row["urgency"], row["tier"]) == ("screening", "crisis", "suicidal")
        [care] = await app.db.fetchall("SELECT * FROM care_contacts")
        assert care["status"] == "pending"


# --- the idiom check -------------------------------------------------------------------------


async def test_an_idiom_asks_are_you_safe_and_the_alert_still_goes(app, monkeypatch) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        seen = len(user.messages())
        await h.send(user, IDIOM)
        [question] = user.messages()[seen:]  # one tap, instead of the whole crisis reply
        assert question.text == _t(h, "safety-check-question")
        assert question.buttons == [_t(h, "safety-check-safe"), _t(h, "safety-check-help")]
        for chat in (doctor, oncall):
            assert IDIOM in chat.last().text
            assert "Possibly idiomatic" in chat.last().text
        told = len(doctor.messages())
        await h.tap(user, "I'm safe")
        assert user.last().text == _t(h, "safety-check-safe-reply")
        assert user.messages()[seen].buttons == []  # the question shows the answer, no buttons
        assert "✓ I'm safe" in user.messages()[seen].text
        [notice] = doctor.messages()[told:]
        assert notice.text.startswith('P-1 answered "I\'m safe"')
    [row] = await _alerts(h)
    assert (row["check_asked"], row["check_answer"], row["idiomatic"]) == (1, "safe", 1)
    [event] = await _events(h, "safety_check_answered")
    assert event["detail"]["answer"] == "safe" and event["actor"] == "patient"
    assert await app.db.fetchall("SELECT * FROM care_contacts") == []  # no crisis reply given


async def test_i_need_help_now_gives_the_crisis_reply_and_a_second_alert(app, monkeypatch):
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await _write_plan(h, user)
        await h.send(user, IDIOM)
        question = user.last()
        data = question.callback_data("I need help now")
        seen, told = len(user.messages()), len(oncall.messages())
        await h.tap(user, "I need help now")
        replies = [m.text for m in user.messages()[seen:]]
        assert replies[0].startswith(_first_line(h, "safety-crisis-reply"))
        assert "my sister Ana" in "\n".join(replies) and "emergency number" in replies[-1]
        [second] = oncall.messages()[told:]
        assert second.text.startswith('Urgent: P-1 answered "I need help now"')
        assert IDIOM in second.text and second.buttons == ["I'm on it"]
        # A second tap (a stale client) repeats the help, never the alert.
        user.tap_data(data or "", question.message_id)
        await h.step()
        assert len(oncall.messages()) == told + 1
    rows = await _alerts(h)
    assert [(r["source"], r["urgency"], r["check_answer"]) for r in rows] == [
        ("text", "crisis", "help"),
        ("help_now", "crisis", None),
    ]
    assert len(await app.db.fetchall("SELECT * FROM care_contacts")) == 1


async def test_a_stranger_with_an_idiom_gets_the_full_reply(app) -> None:
    async with running(app) as h:
        stranger = h.state.user(first_name="X")
        await h.send(stranger, IDIOM)
        assert stranger.messages()[0].text.startswith(_first_line(h, "safety-crisis-reply"))


# --- the safety plan -------------------------------------------------------------------------


async def test_risk_words_in_the_safety_plan_do_not_interrupt_it(app, monkeypatch, clock):
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await h.send(user, "/safetyplan")
        seen = len(user.messages())
        await h.send(user, "thinking I'd be better off dead")
        assert _t(h, "dlg-safety-plan-helps") in user.last().text  # the next question
        crisis = _first_line(h, "safety-crisis-reply")
        assert not any(m.text.startswith(crisis) for m in user.messages()[seen:])
        for chat in (doctor, oncall):
            assert "better off dead" in chat.last().text
            assert "Written in the safety plan" in chat.last().text
        for text in ("music", "my brother", "lock the cabinet", "Dr A"):
            await h.send(user, text)
        assert user.last().text == _t(h, "safety-plan-saved")
        plan = await app.db.fetchone("SELECT warning_signs FROM safety_plans")
        assert plan["warning_signs"] == "thinking I'd be better off dead"
        told = len(oncall.messages())
        clock.advance(timedelta(hours=3))
        await h.sweep()
        assert len(oncall.messages()) == told  # not chased: the patient is writing their plan
    [row] = await _alerts(h)
    assert (row["source"], row["next_escalation_at"]) == ("plan", None)
    assert await app.db.fetchall("SELECT * FROM care_contacts") == []


# --- the caring contact ----------------------------------------------------------------------


async def test_the_day_after_a_crisis_reply_a_caring_contact_once(app, monkeypatch, clock):
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch)
        await h.send(user, CRISIS)
        clock.advance(timedelta(hours=5))
        await h.send(user, "i want to die")  # the same day: still one contact
        tomorrow = clock.now().replace(hour=10, minute=0) + timedelta(days=1)
        clock.set(tomorrow - timedelta(minutes=1))
        await h.sweep()
        assert user.last().text != _t(h, "care-contact")
        clock.set(tomorrow)
        await h.sweep()
        assert user.last().text == _t(h, "care-contact")
        seen = len(user.messages())
        clock.advance(timedelta(days=1))
        await h.sweep()
        assert len(user.messages()) == seen  # once
        await h.tap(user, _t(h, "care-contact-sos"))  # /sos, a tap away
        assert "emergency number" in user.last().text
    assert [e["kind"] for e in await _events(h, "care_contact_sent")] == ["care_contact_sent"]


async def test_the_caring_contact_waits_for_the_end_of_quiet_hours(app, monkeypatch, clock):
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch)
        async with app.db.tx() as tx:
            await tx.run("UPDATE patients SET quiet_start = '22:00', quiet_end = '11:30'")
        await h.send(user, CRISIS)
        clock.set(clock.now().replace(hour=10, minute=0) + timedelta(days=1))
        await h.sweep()
        assert user.last().text != _t(h, "care-contact")  # 10:00 is inside their quiet hours
        clock.set(clock.now().replace(hour=11, minute=30))
        await h.sweep()
        assert user.last().text == _t(h, "care-contact")


async def test_no_caring_contact_after_stop(app, monkeypatch, clock) -> None:
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch)
        await h.send(user, CRISIS)
        await h.send(user, "/stop")
        await h.tap(user, _t(h, "patient-stop-yes"))
        seen = len(user.messages())
        clock.advance(timedelta(days=2))
        await h.sweep()
        assert len(user.messages()) == seen
    [row] = await app.db.fetchall("SELECT status FROM care_contacts")
    assert row["status"] == "cancelled"


# --- alerts that are acknowledged ------------------------------------------------------------


async def test_an_unacknowledged_alert_is_sent_again_to_oncall_three_times(
    app, monkeypatch, clock
) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await h.send(user, CRISIS)
        told = len(oncall.messages())
        clock.advance(timedelta(minutes=MINUTES - 1))
        await h.sweep()
        assert len(oncall.messages()) == told
        for count in range(1, MAX_ESCALATIONS + 1):
            clock.advance(timedelta(minutes=1 if count == 1 else MINUTES))
            await h.sweep()
            assert len(oncall.messages()) == told + count
            again = oncall.last()
            minutes = MINUTES * count
            head = _t(h, "alert-escalated", minutes=minutes, count=count, max=MAX_ESCALATIONS)
            assert again.text.startswith(head) and CRISIS in again.text
            assert again.buttons == ["I'm on it"]
        clock.advance(timedelta(hours=5))
        await h.sweep()
        assert len(oncall.messages()) == told + MAX_ESCALATIONS  # then it stays open
    [row] = await _alerts(h)
    assert (row["escalations"], row["next_escalation_at"]) == (MAX_ESCALATIONS, None)
    assert [e["detail"]["count"] for e in await _events(h, "alert_escalated")] == [1, 2, 3]


async def test_an_acknowledged_alert_is_not_sent_again(app, monkeypatch, clock) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await h.send(user, CRISIS)
        clock.advance(timedelta(minutes=5))
        await h.tap(doctor, "I'm on it")
        assert doctor.last_answer()["text"] == _t(h, "alert-ack-thanks")
        for chat in (doctor, oncall):
            assert chat.last().text.startswith("✓ Dr A is on it: the alert about P-1")
        told = len(oncall.messages())
        clock.advance(timedelta(hours=3))
        await h.sweep()
        assert len(oncall.messages()) == told
        oncall.tap("I'm on it")  # too late: the first one counts
        await h.step()
        assert oncall.last_answer()["text"].startswith("Dr A is already on this alert")
    [row] = await _alerts(h)
    assert (row["acknowledged_by_id"], row["acknowledged_by_name"]) == (doctor.id, "Dr A")
    assert row["next_escalation_at"] is None
    [event] = await _events(h, "alert_acknowledged")
    assert event["actor"] == "clinician:1"
    assert event["detail"]["by_telegram_id"] == doctor.id and event["detail"]["minutes"] == 5


async def _sent_again_once(h: Harness, user, clock) -> None:
    """A crisis statement whose alert nobody took: sent again to on-call once."""
    await h.send(user, CRISIS)
    clock.advance(timedelta(minutes=MINUTES))
    await h.sweep()


async def test_a_private_oncall_chat_acknowledges_by_its_owner(app, monkeypatch, clock):
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await _sent_again_once(h, user, clock)
        oncall.tap("I'm on it")  # on the escalated copy
        await h.step()
        assert doctor.last().text.startswith("✓ Olga Oncall is on it")
    [row] = await _alerts(h)
    assert (row["acknowledged_by_id"], row["escalations"]) == (ONCALL, 1)


async def test_in_an_oncall_group_a_stranger_cannot_acknowledge(app, monkeypatch) -> None:
    async with running(app) as h:
        group, doctor, user = await _team(h, monkeypatch, group=True)
        await h.send(user, CRISIS)
        assert CRISIS in group.last().text
        stranger = h.state.user(first_name="Mallory")
        group.tap(stranger, "I'm on it")
        await h.step()
        assert stranger.last_answer()["text"] == _t(h, "alert-not-allowed")
        assert (await _alerts(h))[0]["acknowledged_at"] is None
        [refused] = await _events(h, "alert_ack_refused")
        assert refused["detail"]["chat_id"] == group.chat_id
        async with app.db.tx() as tx:
            await people.add_staff(tx, STAFF_ID, "Nurse Ruth", app.clock.now())
        nurse = h.state.user(telegram_id=STAFF_ID, first_name="Ruth")
        group.tap(nurse, "I'm on it")
        await h.step()
        assert nurse.last_answer()["text"] == _t(h, "alert-ack-thanks")
        assert group.last().text.startswith("✓ Nurse Ruth is on it")
    [row] = await _alerts(h)
    assert (row["acknowledged_by_id"], row["acknowledged_by_name"]) == (STAFF_ID, "Nurse Ruth")


async def test_another_clinician_cannot_acknowledge_in_their_own_chat(app, monkeypatch):
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch)
        other = await h.clinician("Dr B")
        await h.send(user, CRISIS)
        data = doctor.last().callback_data("I'm on it")
        other.tap_data(data or "")
        await h.step()
        assert other.last_answer()["text"] == _t(h, "alert-not-allowed")
        assert (await _alerts(h))[0]["acknowledged_at"] is None


async def test_every_risk_message_is_an_alert_of_its_own(app, monkeypatch) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        told = len(doctor.messages())
        await h.send(user, CRISIS)
        await h.send(user, "i have pills saved, i want to die")
        first, second = doctor.messages()[told:]
        assert CRISIS in first.text and "pills saved" in second.text
        assert "pills saved" not in first.text  # never folded into the open alert
        assert first.buttons == second.buttons == ["I'm on it"]
        alerts = {first.message_id, second.message_id}
        edits = [
            c for c in h.state.calls_to("editMessageText") if c.params["message_id"] in alerts
        ]
        assert edits == []
    assert len(await _alerts(h)) == 2


async def test_quiet_hours_never_hold_an_alert(app, monkeypatch, clock) -> None:
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        clock.set(clock.now().replace(hour=23))  # inside P-1's quiet hours (21:00-09:00)
        await h.send(user, CRISIS)
        assert CRISIS in doctor.last().text and CRISIS in oncall.last().text
        told = len(oncall.messages())
        clock.advance(timedelta(minutes=MINUTES))
        await h.sweep()
        assert len(oncall.messages()) == told + 1


async def test_an_undelivered_alert_copy_can_be_acknowledged_from_oncall(app, monkeypatch):
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        h.state.set_blocked(doctor.id, True)
        await h.send(user, CRISIS)
        copy = oncall.last()
        assert copy.text.startswith(_t(h, "safety-alert-undelivered"))
        oncall.tap("I'm on it", copy.message_id)
        await h.step()
        assert oncall.last_answer()["text"] == _t(h, "alert-ack-thanks")
    assert (await _alerts(h))[0]["acknowledged_by_id"] == ONCALL


async def test_the_digest_shows_who_acknowledged_and_the_escalations(app, monkeypatch, clock):
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch)
        await _sent_again_once(h, user, clock)
        await h.tap(doctor, "I'm on it")
        await h.send(user, IDIOM)
        await h.tap(user, "I'm safe")
        clock.advance(timedelta(minutes=1))  # the digest's period ends before this moment
        await h.send(doctor, "/digest")
        await h.tap(doctor, "P-1")
        await h.sweep()
        digest = "\n".join(m.text for m in doctor.messages() if "Pre-visit digest" in m.text)
        assert "Alert: acknowledged by Dr A" in digest
        assert "sent again to on-call once" in digest
        assert 'asked "Are you safe right now?": "I\'m safe"; not acknowledged' in digest
