"""Digests for a patient who answered through Telegram: sent once before the visit, on demand
to their own clinician only, and as stable JSON from the CLI."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from bot.cli import main
from bot.services import planning, regimen
from tests.harness import call, running

# A patient wary of harm who feels unheard and takes less than prescribed.
INTAKE = {
    "taking_now": "took_less",
    "other_medicines": "not_sure",
    "symptoms_level": 4,
    "daily_life_level": 4,
    "baseline": ("none",),
    "benefit": 3,
    "need": 4,
    "harm_worry": 8,
    "dependency": 7,
    "identity": 6,
    "past_intolerance": "yes",
    "wary": 8,
    "readiness": 4,
    "heard": 3,
    "agreement": 4,
    "pressure": 7,
    "miss_anything": "no",
    "note": "Last time a doctor put me on pills I felt awful for months.",
}
WEEKS = [
    {
        "days_missed": 2,
        "dose_change": "took_less",
        "reasons": ("side_effects",),
        "any_side_effects": "yes",
        "which_side_effects": ("dizzy", "headache"),
        "side_effect_bother": 6,
        "attribution": "medicine",
        "harm_worry": 8,
        "symptoms": 0,
        "daily_life": 0,
        "heard": 4,
        "pressure": 7,
        "extra_for_feelings": "no",
        "prescriber_knows": "no",
        "symptoms_level": 4,
        "daily_life_level": 3,
        "want_more": "no",
    },
    {
        "days_missed": 3,
        "dose_change": "skipped_on_purpose",
        "reasons": ("side_effects", "dont_want_to_depend"),
        "any_side_effects": "yes",
        "which_side_effects": ("dizzy", "stomach", "foggy"),
        "side_effect_bother": 8,
        "attribution": "medicine",
        "harm_worry": 9,
        "symptoms": -1,
        "daily_life": -1,
        "heard": 3,
        "pressure": 8,
        "extra_for_feelings": "no",
        "prescriber_knows": "no",
        "symptoms_level": 4,
        "daily_life_level": 3,
        "want_more": "no",
        "note": "Nobody told me it would make me this dizzy.",
    },
]


async def _answered(h, clock):
    """P-002 answers intake and two weekly check-ins through Telegram."""
    user = await h.enrol("P-002", clinician="Dr A", timezone="America/New_York")
    await h.answer(user, "P-002", INTAKE)
    for week in WEEKS:
        clock.advance(timedelta(days=7))
        await call(h.app, planning.checkin_now, "P-002", "weekly")
        await h.sweep()
        await h.tap(user, "Start")
        await h.answer(user, "P-002", week)
    return user


async def test_scheduled_digest_reaches_the_clinician_before_the_visit_once(app, clock) -> None:
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        await _answered(h, clock)
        visit = clock.now() + timedelta(days=3)
        local = visit.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
        await call(app, planning.add_appointment, "P-002", f"{local:%Y-%m-%d %H:%M}")
        before = len(doctor.messages())
        await h.sweep()
        assert len(doctor.messages()) == before  # not yet: 24 h before
        clock.advance(timedelta(days=2, hours=1))
        await h.sweep()
        await h.sweep()
        clock.advance(timedelta(hours=5))
        await h.sweep()
        digests = [m for m in doctor.messages()[before:] if "Pre-visit digest: P-002" in m.text]
        assert len(digests) == 1
        assert "Side effects with high worry" in digests[0].text
        assert app.t("en", "digest-hypotheses-heading") in digests[0].text
        assert len(doctor.photos()) == 1
        sent = await app.db.fetchall("SELECT created_at FROM digests WHERE kind = 'scheduled'")
        assert len(sent) == 1


async def test_digest_on_demand_only_for_own_patients(app, clock) -> None:
    async with running(app) as h:
        doctor_a = await h.clinician("Dr A")
        doctor_b = await h.clinician("Dr B")
        await _answered(h, clock)
        doctor_b.send("/digest")
        await h.step()
        assert doctor_b.last().text == app.t("en", "clinician-no-patients")
        doctor_a.send("/digest")
        await h.step()
        assert doctor_a.last().buttons == ["P-002"]
        data = doctor_a.last().callback_data("P-002")
        doctor_b.tap_data(data, None)  # a forged tap from the other clinician
        await h.step()
        assert doctor_b.last_answer()["text"] == app.t("en", "clinician-not-yours")
        assert not any("P-002" in m.text for m in doctor_b.messages())
        doctor_a.tap("P-002")
        await h.step()
        assert any("Pre-visit digest: P-002" in m.text for m in doctor_a.messages())
        audit = await app.db.fetchall("SELECT actor FROM events WHERE kind = 'digest_viewed'")
        assert [r["actor"] for r in audit] == [f"clinician:{1}"]


async def test_cli_digest_json_holds_the_signals_with_evidence(
    app, clock, settings, capsys, monkeypatch
) -> None:
    async with running(app) as h:
        await h.clinician("Dr A")
        await _answered(h, clock)
    await app.db.close()
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert await asyncio.to_thread(main, ["digest", "--patient", "P-002", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {
        "patient",
        "generated_at",
        "period",
        "appointment",
        "response",
        "signals",
        "notes",
    }
    assert set(data["period"]) == {"from", "to"}
    assert set(data["response"]) == {"sent", "answered", "missed"}
    codes = {s["code"] for s in data["signals"]}
    assert {"nocebo_pattern", "distrust_control", "nonadherence"} <= codes
    for signal in data["signals"]:
        assert set(signal) == {
            "code",
            "category",
            "severity",
            "principle",
            "trend",
            "summary",
            "suggestion",
            "evidence",
        }
        for item in signal["evidence"]:
            assert set(item) == {"at", "dialog", "question", "construct", "answer"}
            assert item["at"][-6] in "+-"  # ISO 8601 with an offset
    nocebo = next(s for s in data["signals"] if s["code"] == "nocebo_pattern")
    assert any(e["construct"] == "expectation.harm" for e in nocebo["evidence"])
    hypotheses = data["hypotheses"]  # added in issue 11: the signals grouped, each naming codes
    assert {code for h in hypotheses for code in h["codes"]} == codes - {"safety_event"}
    assert all(h["title"] and h["question"] for h in hypotheses)
    assert sum(h["shown"] for h in hypotheses) == min(3, len(hypotheses))
    assert {"other_medicines", "mood", "regimen", "tasks", "not_asked", "resolved"} <= set(data)


async def test_the_first_digest_message_is_the_visit_plan(app, clock) -> None:
    """Agenda, what was not said, the dose change and the hypotheses reach the clinician's chat
    in the first message, the longest answers whole."""
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        user = await _answered(h, clock)
        await call(app, regimen.add, "P-002", "sertraline", "50 mg")
        await call(app, regimen.change, "P-002", "sertraline", "100 mg", note="restless after?")
        await call(app, planning.checkin_now, "P-002", "pre_visit")
        await h.sweep()
        await h.tap(user, "Start")
        topics = ("I want to talk about coming off it. " * 30)[:1000]  # the longest answer
        script = {"topics": topics, "untold": "I have been taking half the dose."}
        levels = {"symptoms_level": 6, "daily_life_level": 3, "baseline": ("none",)}  # v2 items
        await h.answer(
            user, "P-002", script | levels | {"benefit": 2, "harm_worry": 8, "heard": 3}
        )
        doctor.send("/digest")
        await h.step()
        doctor.tap("P-002")
        await h.step()
        [first] = [m for m in doctor.messages() if "Pre-visit digest: P-002" in m.text]
        text = first.text
        marks = [
            app.t("en", "digest-safety-heading"),
            app.t("en", "digest-agenda-heading"),
            topics.strip(),
            "I have been taking half the dose.",
            app.t("en", "digest-regimen-heading"),
            "50 mg → 100 mg",
            "restless after?",
            app.t("en", "digest-hypotheses-heading"),
        ]
        assert [text.index(mark) for mark in marks] == sorted(text.index(m) for m in marks)
        assert len(text) <= 4096
