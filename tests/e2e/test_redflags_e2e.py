"""Issue 10, part 2, through the real Application: for each class of the drug table and each red
flag, the checklist button or the patient's own words give the flag's text and an urgent alert
naming the medicine and the flag within one update, when the clinical model's table says the
flag is dangerous for that class; otherwise the answer goes to the digest. "More than
prescribed" and "I've stopped" ask how much and since when; "can't sit still" with thoughts of
dying is the crisis path, by button and in words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.domain.drugs import CLASSES, SEROTONERGIC
from bot.services import digests, planning, regimen
from bot.storage import people
from tests.e2e.test_alerts_e2e import _team as alerts_team
from tests.harness import Harness, call, running

# One medicine of each class, by its English generic name.
DRUG_OF = {
    "ssri": "sertraline",
    "snri": "venlafaxine",
    "tca": "amitriptyline",
    "maoi": "phenelzine",
    "antidepressant_other": "mirtazapine",
    "lithium": "lithium",
    "valproate": "valproate",
    "lamotrigine": "lamotrigine",
    "carbamazepine": "carbamazepine",
    "clozapine": "clozapine",
    "antipsychotic": "haloperidol",
    "benzodiazepine": "lorazepam",
    "z_drug": "zolpidem",
    "stimulant": "methylphenidate",
    "other": "buspirone",
}
ANTIPSYCHOTICS = {"antipsychotic", "clozapine"}
# The clinical model's table, read for a medicine started two weeks ago: which classes make
# each flag urgent when it is reported on its own.
BY_BUTTON: dict[str, set[str]] = {
    "rash": {"lamotrigine", "carbamazepine", "clozapine"},
    "fever": {"clozapine", "carbamazepine"},
    "vomiting": {"lithium", "valproate"},
    "stiff": ANTIPSYCHOTICS | SEROTONERGIC,
    "confusion": {"lithium"},
    "jaundice": {"valproate"},
    "akathisia": ANTIPSYCHOTICS | {"ssri", "snri", "tca", "maoi", "antidepressant_other"},
}
BY_WORDS: dict[str, set[str]] = {
    **BY_BUTTON,
    "twitching": set(SEROTONERGIC),
    "shaking": {"lithium"},
    "dystonia": ANTIPSYCHOTICS,
    "heart": {"clozapine", "stimulant"},
    "headache": {"maoi"},
    "constipation": {"clozapine"},
    "ran_out": {"benzodiazepine", "z_drug"},
}
# An emergency on some medicine: the words alert whatever the patient takes.
ALWAYS = {"stiff", "twitching", "headache"}
EMERGENCY = {(f, c) for f in ("stiff", "twitching") for c in SEROTONERGIC} | {("headache", "maoi")}
WORDS = {
    "rash": "I have a rash on my arms",
    "fever": "I have a fever",
    "vomiting": "I keep throwing up",
    "stiff": "my muscles are stiff",
    "confusion": "I feel really confused",
    "jaundice": "my eyes look yellow",
    "akathisia": "I can't sit still",
    "twitching": "my legs keep twitching",
    "shaking": "I can't stop shaking",
    "dystonia": "my neck is stuck to one side",
    "heart": "my heart is racing",
    "headache": "I have a sudden headache",
    "constipation": "I haven't pooped in days",
    "ran_out": "I ran out of my pills",
}


def test_every_class_and_flag_is_covered(app) -> None:
    assert set(DRUG_OF) == set(CLASSES)
    assert set(BY_WORDS) == app.redflags.flags - {"stopped", "took_more"}


async def _team(h: Harness, monkeypatch, drug: str | None, weeks: int = 2):
    """The on-call chat, Dr A, and P-1 past their intake, on `drug` started `weeks` ago."""
    oncall, doctor, user = await alerts_team(h, monkeypatch)
    if drug is not None:
        started = (h.app.clock.now() - timedelta(weeks=weeks)).date().isoformat()
        await call(h.app, regimen.add, "P-1", drug, "1 mg", started=started)
        async with h.app.db.tx() as tx:  # the post-change check-ins are not these tests'
            await tx.run("DELETE FROM checkins WHERE dialog_id = 'post_change'")
    return oncall, doctor, user


def _t(h: Harness, key: str, **args: Any) -> str:
    return h.app.t("en", key, **args)


def _first(h: Harness, key: str) -> str:
    return _t(h, key).split("\n")[0]


async def _alerts(h: Harness) -> list[dict]:
    return [dict(r) for r in await h.app.db.fetchall("SELECT * FROM alerts ORDER BY id")]


async def _weekly(h: Harness, user, script: dict[str, Any], stop: str) -> None:
    """Open a weekly check-in and answer it from `script` up to question `stop` (not answered)."""
    await call(h.app, planning.checkin_now, "P-1", "weekly")
    await h.sweep()
    await h.tap(user, _t(h, "checkin-start"))
    await _until(h, user, script, stop)


async def _until(h: Harness, user, script: dict[str, Any], stop: str) -> None:
    while (current := await h._current("P-1")) is not None and current[0].id != stop:
        await h._give(user, current[0], "en", script.get(current[0].id))


async def _back_to(h: Harness, user, question: str) -> None:
    while (current := await h._current("P-1")) is not None and current[0].id != question:
        await h.tap(user, _t(h, "checkin-back"))


def _urgent_by(h: Harness, flag: str, drug: str, emergency: bool, *chats) -> None:
    name = _t(h, f"alert-flag-{flag.replace('_', '-')}")
    for chat in chats:
        alert = chat.last().text
        assert "Urgent: P-1" in alert and f"Medicine: {drug}" in alert, alert
        assert f"Red flag: {name}" in alert, alert


def _reply_key(flag: str, emergency: bool) -> str:
    return "safety-emergency-reply" if emergency else f"safety-flag-{flag.replace('_', '-')}"


@pytest.mark.parametrize("drug_class", CLASSES)
async def test_each_checklist_red_flag_by_class(app, monkeypatch, drug_class: str) -> None:
    drug = DRUG_OF[drug_class]
    steady = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "yes"}
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch, drug)
        await _weekly(h, user, steady, "which_side_effects")
        for flag, classes in BY_BUTTON.items():
            seen, told = len(user.messages()), len(doctor.messages())
            alerts = len(await _alerts(h))
            current = await h._current("P-1")
            assert current is not None and current[0].id == "which_side_effects"
            await h._give(user, current[0], "en", [flag])  # the last tap, Done, is one update
            said = [m.text for m in user.messages()[seen:]]
            if drug_class in classes:
                emergency = (flag, drug_class) in EMERGENCY
                assert any(t.startswith(_first(h, _reply_key(flag, emergency))) for t in said)
                _urgent_by(h, flag, drug, emergency, doctor, oncall)
                [row] = (await _alerts(h))[alerts:]
                assert (row["flag"], row["drug"], row["source"]) == (flag, drug, "button")
                assert row["flag_window"]
            else:  # kept for the digest like any answer: no reply, no alert
                assert not [t for t in said if "Thank you for telling me" in t], (flag, said)
                assert len(doctor.messages()) == told and len(await _alerts(h)) == alerts
            if flag == "akathisia":
                await _until(h, user, {"sit_still_dying": "no"}, "side_effect_bother")
            await h.tap(user, _t(h, "checkin-back"))
            if flag == "akathisia":
                await h.tap(user, _t(h, "checkin-back"))
    stored = await app.db.fetchall(
        "SELECT value FROM answers WHERE construct = 'side_effects.present' ORDER BY id"
    )
    assert len(stored) >= len(BY_BUTTON)  # every answer is kept, superseded or not


@pytest.mark.parametrize("drug_class", CLASSES)
async def test_each_red_flag_in_words_by_class(app, monkeypatch, drug_class: str) -> None:
    drug = DRUG_OF[drug_class]
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch, drug)
        for flag, classes in BY_WORDS.items():
            seen, told = len(user.messages()), len(doctor.messages())
            alerts = len(await _alerts(h))
            await h.send(user, WORDS[flag])
            said = [m.text for m in user.messages()[seen:]]
            if drug_class in classes:
                emergency = (flag, drug_class) in EMERGENCY
                assert said[0].startswith(_first(h, _reply_key(flag, emergency))), (flag, said)
                _urgent_by(h, flag, drug, emergency, doctor, oncall)
                [row] = (await _alerts(h))[alerts:]
                assert (row["flag"], row["drug"], row["source"]) == (flag, drug, "text")
            elif flag in ALWAYS:  # an emergency on some medicine: alerted, its own text
                assert said[0].startswith(_first(h, _reply_key(flag, False))), (flag, said)
                [row] = (await _alerts(h))[alerts:]
                assert (row["flag"], row["drug"]) == (flag, None)
            else:
                assert said == [_t(h, "patient-note-saved")], (flag, said)
                assert len(doctor.messages()) == told and len(await _alerts(h)) == alerts


async def test_the_same_symptom_off_that_class_goes_to_the_digest(app, monkeypatch) -> None:
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, "sertraline")
        told = len(doctor.messages())
        app.clock.advance(timedelta(minutes=5))  # the digest's period begins at enrolment
        await h.send(user, WORDS["rash"])
        steady = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "yes"}
        calm = {"side_effect_bother": 3, "attribution": "not_sure", "symptoms": 0}
        calm |= {"symptoms_level": 5, "daily_life": 0, "daily_life_level": 5}
        calm |= {"extra_for_feelings": "no"}
        script = {**steady, "which_side_effects": ["rash", "fever", "headache"], **calm}
        # Harm worry is asked every other week: a first weekly (turn "a"), then this one.
        first = {**calm, **steady, "any_side_effects": "no", "heard": 8, "pressure": 2}
        await _weekly(h, user, first, "")
        app.clock.advance(timedelta(minutes=5))
        await _weekly(h, user, {**script, "want_more": "no", "harm_worry": 9}, "note")
        assert len(doctor.messages()) == told
    app.clock.advance(timedelta(minutes=5))  # the period ends before "now"
    async with app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
        assert patient is not None
        built = await digests.request(app, tx, patient, app.clock.now(), actor="staff:cli")
    text = digests.render(app, built, "text")
    assert WORDS["rash"] in text  # the patient's own words, in the digest
    assert "safety_event" not in built.codes
    # A headache days after starting sertraline fits its known profile: the drug's own effect
    # first, never "side effects with high worry", however high the worry. The rash and the
    # fever are not its evidence, nor counted as side effects.
    assert "nocebo_pattern" not in built.codes
    [adverse] = [s for s in built.digest.signals if s.code == "adverse_effect_after_change"]
    assert adverse.args["effects"] == 1
    listed = [o.value for o in adverse.evidence if o.construct == "side_effects.present"]
    assert listed == [("headache",)]
    shown = text.split("To explore at the visit")[1]
    assert _t(h, "dlg-se-rash") not in shown and _t(h, "dlg-se-fever") not in shown


async def test_words_naming_a_medicine_of_the_class_alert_whatever_the_regimen(
    app, monkeypatch
) -> None:
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, "sertraline")
        await h.send(user, "since the Lamictal I have a rash")
        assert "Medicine: lamotrigine" in doctor.last().text
    [row] = await _alerts(h)
    assert (row["flag"], row["flag_window"]) == ("rash", "named")


async def test_no_regimen_recorded_alerts_as_ever(app, monkeypatch) -> None:
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, None)
        await h.send(user, WORDS["vomiting"])
        assert user.messages()[-1].text.startswith(_first(h, "safety-flag-vomiting"))
    [row] = await _alerts(h)
    assert (row["flag"], row["drug"]) == ("vomiting", None)


# --- "can't sit still" with thoughts of dying ----------------------------------------------


async def test_cant_sit_still_with_thoughts_of_dying_by_button_is_the_crisis_path(
    app, monkeypatch
) -> None:
    steady = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "yes"}
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch, "buspirone")  # not dangerous as such
        await _weekly(h, user, {**steady, "which_side_effects": ["akathisia"]}, "sit_still_dying")
        assert len(await _alerts(h)) == 0
        seen = len(user.messages())
        await h.tap(user, _t(h, "checkin-yes"))
        said = [m.text for m in user.messages()[seen:]]
        assert any(t.startswith(_first(h, "safety-crisis-reply")) for t in said)
        for chat in (doctor, oncall):
            assert "Urgent: P-1" in chat.last().text
    [row] = await _alerts(h)
    assert (row["urgency"], row["source"]) == ("crisis", "button")


@pytest.mark.parametrize(
    "words",
    [
        "I can't sit still and I keep thinking about dying",
        "no puedo quedarme quieto y pienso en morir",
        "не могу усидеть на месте и думаю о смерти",
    ],
)
async def test_cant_sit_still_with_thoughts_of_dying_in_words(app, monkeypatch, words) -> None:
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, "sertraline")
        seen = len(user.messages())
        await h.send(user, words)
        assert user.messages()[seen].text.startswith(_first(h, "safety-crisis-reply"))
        assert words in doctor.last().text
    [row] = await _alerts(h)
    assert row["urgency"] == "crisis"


# --- more than prescribed, stopped, ran out ------------------------------------------------


MORE = {"dose_change": "took_more", "since_when": "today"}


@pytest.mark.parametrize(
    ("drug", "weeks", "script", "reply", "flag", "window"),
    [
        ("lithium", 20, {**MORE, "how_much_more": "a_few"}, "safety-flag-took-more",
         "took_more", "any"),
        ("lorazepam", 20, {**MORE, "how_much_more": "one_extra"}, "safety-flag-took-more",
         "took_more", "any"),
        ("sertraline", 20, {**MORE, "how_much_more": "one_extra"}, None, None, None),
        ("sertraline", 20, {**MORE, "how_much_more": "much_more"}, "safety-overdose-reply",
         None, None),
        ("sertraline", 20, {"dose_change": "stopped", "since_when": "days_1_2"},
         "safety-stopped-reply", "stopped", "any"),
        ("lorazepam", 20, {"dose_change": "stopped", "since_when": "today"},
         "safety-stopped-reply", "stopped", "any"),
        ("clozapine", 30, {"dose_change": "stopped", "since_when": "days_3_7"},
         "safety-stopped-reply", "stopped", "stopped_over_2_days"),
        ("clozapine", 30, {"dose_change": "stopped", "since_when": "today"},
         "safety-stopped-reply", "stopped", "any"),
        ("lithium", 30, {"dose_change": "stopped", "since_when": "today"},
         "safety-stopped-reply", "stopped", "any"),
        ("lamotrigine", 30, {"dose_change": "stopped", "since_when": "today"},
         None, None, None),
        ("quetiapine", 30, {"dose_change": "stopped", "since_when": "days_3_7"}, None, None, None),
        ("zolpidem", 20, {"dose_change": "took_less", "reasons": ["ran_out_or_cost"]},
         "safety-flag-ran-out", "ran_out", "any"),
        ("sertraline", 20, {"dose_change": "took_less", "reasons": ["ran_out_or_cost"]},
         None, None, None),
    ],
)  # fmt: skip
async def test_more_than_prescribed_stopped_and_ran_out(
    app, monkeypatch, drug, weeks, script, reply, flag, window
) -> None:
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, drug, weeks=weeks)
        told = len(doctor.messages())
        asked = {"days_missed": 0, "which_medicine": drug, **script}  # their one medicine
        asked |= {"prescriber_knows": "no"}
        await _weekly(h, user, asked, "any_side_effects")
        said = [m.text for m in user.messages()]
        rows = await _alerts(h)
        if reply is None:
            assert not rows and len(doctor.messages()) == told
            return
        assert any(t.startswith(_first(h, reply)) for t in said), said
        [row] = rows
        assert (row["flag"], row["flag_window"]) == (flag, window)
        if flag is not None:
            assert row["drug"] == drug and f"Medicine: {drug}" in doctor.last().text
    if window == "stopped_over_2_days":  # the "do not" line: not again at the old dose
        assert "Don't start again at your old dose" in _t(h, "safety-stopped-reply")


async def test_the_invitation_never_names_the_medicine(app, monkeypatch) -> None:
    async with running(app) as h:
        _, _, user = await _team(h, monkeypatch, "clozapine")
        seen = len(user.messages())
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        shown = " ".join(m.text for m in user.messages()[seen:])
        assert "clozapine" not in shown.lower()


async def test_more_than_prescribed_of_several_medicines(app, monkeypatch) -> None:
    """The patient's own medicines are the buttons of "which medicine?": the one they tap
    decides; "Not sure" names every medicine for which taking more is dangerous."""
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, "lithium", weeks=20)
        for drug in ("sertraline", "lorazepam"):
            await call(app, regimen.add, "P-1", drug, "1 mg", started="2025-10-01")
        async with app.db.tx() as tx:
            await tx.run("DELETE FROM checkins WHERE dialog_id = 'post_change'")
        script = {"days_missed": 0, "dose_change": "took_more", "how_much_more": "a_few"}
        script |= {"since_when": "days_1_2"}
        await _weekly(h, user, script, "which_medicine")
        shown = user.last().buttons
        assert sorted(shown[:3]) == ["lithium", "lorazepam", "sertraline"]
        assert shown[3] == _t(h, "checkin-not-sure")
        await _until(h, user, {**script, "which_medicine": "sertraline"}, "reasons")
        assert not await _alerts(h)  # more sertraline: not dangerous as such
        await _back_to(h, user, "which_medicine")
        await _until(h, user, {**script, "which_medicine": "not_sure"}, "reasons")
        alert = doctor.last().text
        assert "Medicine: lithium, lorazepam" in alert
        for key in ("dlg-dose-took-more", "checkin-not-sure", "dlg-since-days-1-2"):
            assert _t(h, key) in alert
        await _back_to(h, user, "which_medicine")
        await _until(h, user, {**script, "which_medicine": "lithium"}, "reasons")
        assert "Medicine: lithium\n" in doctor.last().text
        # Which medicine they took more of says nothing of a side effect: the regimen decides.
        await _back_to(h, user, "which_medicine")
        seen = len(await _alerts(h))
        await _until(h, user, {**script, "which_medicine": "sertraline"}, "reasons")
        rest = {"reasons": ["other"], "any_side_effects": "yes"}
        rest |= {"which_side_effects": ["vomiting"]}
        rest |= {"prescriber_knows": "no"}
        await _until(h, user, rest, "side_effect_bother")
        [row] = (await _alerts(h))[seen:]
        assert (row["flag"], row["drug"]) == ("vomiting", "lithium")


async def test_fever_with_stiff_muscles_on_an_antipsychotic_is_an_emergency(
    app, monkeypatch
) -> None:
    """A flag with another (NMS): by button and in words, "call emergency services now"."""
    steady = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "yes"}
    async with running(app) as h:
        _, doctor, user = await _team(h, monkeypatch, "haloperidol", weeks=30)
        seen = len(user.messages())
        await h.send(user, "I have a fever and my muscles are stiff")
        assert user.messages()[seen].text.startswith(_first(h, "safety-emergency-reply"))
        script = {**steady, "which_side_effects": ["fever", "stiff"]}
        await _weekly(h, user, script, "side_effect_bother")
        said = [m.text for m in user.messages()[seen + 1 :]]
        assert any(t.startswith(_first(h, "safety-emergency-reply")) for t in said)
        assert "Medicine: haloperidol" in doctor.last().text
    rows = await _alerts(h)
    by = [(r["source"], r["drug"]) for r in rows]
    assert by == [("text", "haloperidol"), ("button", "haloperidol")]
    assert {r["flag"] for r in rows} <= {"fever", "stiff"}


async def test_a_same_day_red_flag_is_a_task_for_today_not_an_alert(app, monkeypatch) -> None:
    """Lamotrigine stopped for more than two days (level same_day): the patient gets the
    stopping reply with its "do not restart at the old dose" line; the clinician a task naming
    the medicine, the flag and the gap, with a Done button, on top of the digest; no urgent
    alert, nothing to the on-call chat, nothing to escalate."""
    async with running(app) as h:
        oncall, doctor, user = await _team(h, monkeypatch, "lamotrigine", weeks=30)
        told, called = len(doctor.messages()), len(oncall.messages())
        script = {"days_missed": 0, "which_medicine": "lamotrigine", "dose_change": "stopped"}
        script |= {"since_when": "over_week", "prescriber_knows": "no"}
        await _weekly(h, user, script, "any_side_effects")
        said = [m.text for m in user.messages()]
        assert any(t.startswith(_first(h, "safety-stopped-reply")) for t in said), said
        [task] = doctor.messages()[told:]
        assert task.text.startswith("Same-day task: please contact P-1 within 24 hours")
        assert "Medicine: lamotrigine" in task.text and _t(h, "alert-flag-stopped") in task.text
        assert _t(h, "alert-window-stopped-over-2-days") in task.text
        assert task.buttons == [_t(h, "task-done-button")]
        assert len(oncall.messages()) == called
        assert await _alerts(h) == []
        async with h.app.db.tx() as tx:
            patient = await people.patient_by_alias(tx, "P-1")
            assert patient is not None
            built = await digests.request(h.app, tx, patient, h.app.clock.now(), actor="staff:cli")
        text = digests.render(h.app, built, "text")
        top = text.index(_t(h, "digest-tasks-heading"))
        assert top < text.index(_t(h, "digest-response-heading"))
        assert "Contact within 24 hours about a medication red flag" in text
        assert "Medicine: lamotrigine" in text[top:]
    [row] = await app.db.fetchall("SELECT * FROM tasks")
    assert (row["kind"], row["drug"], row["flag"]) == ("red_flag", "lamotrigine", "stopped")
    assert row["flag_window"] == "stopped_over_2_days"
    [event] = await app.db.fetchall("SELECT category FROM safety_events")
    assert event["category"] == "stopped_all"
