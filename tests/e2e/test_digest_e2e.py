"""Digests for a patient who answered through Telegram: sent once before the visit, on demand
to their own clinician only, and as stable JSON from the CLI."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from bot.cli import main
from bot.demo import Demo
from bot.demo_personas import NOCEBO_DISTRUST
from bot.services import enrolment, planning
from tests.harness import running


async def _clinician(h, name: str):
    invite = await enrolment.add_clinician(h.app, name, "en")
    doctor = h.state.user(first_name=name)
    doctor.start(invite.token)
    await h.step()
    doctor.tap("Yes, I agree")
    await h.step()
    return doctor


async def _answered(h, clock):
    """P-002 of the demo answers intake and two weekly check-ins through Telegram."""
    demo = Demo(h.app, h.state, h.intake)
    demo.quiet = True
    user = await h.enrol("P-002", clinician="Dr A", timezone="America/New_York")
    await demo.answer_open_checkin(user, NOCEBO_DISTRUST)
    for week in range(2):
        clock.advance(timedelta(days=7))
        await planning.checkin_now(h.app, "P-002", "weekly")
        await h.sweep()
        user.tap("Start")
        await h.step()
        await demo.answer_open_checkin(user, NOCEBO_DISTRUST, week)
    return user


async def test_scheduled_digest_reaches_the_clinician_before_the_visit_once(app, clock) -> None:
    async with running(app) as h:
        doctor = await _clinician(h, "Dr A")
        await _answered(h, clock)
        visit = clock.now() + timedelta(days=3)
        local = visit.astimezone(__import__("zoneinfo").ZoneInfo("America/New_York"))
        await planning.add_appointment(app, "P-002", f"{local:%Y-%m-%d %H:%M}")
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
        assert "Nocebo pattern" in digests[0].text
        assert len(doctor.photos()) == 1
        sent = await app.db.fetchall("SELECT created_at FROM digests WHERE kind = 'scheduled'")
        assert len(sent) == 1


async def test_digest_on_demand_only_for_own_patients(app, clock) -> None:
    async with running(app) as h:
        doctor_a = await _clinician(h, "Dr A")
        doctor_b = await _clinician(h, "Dr B")
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
        await _clinician(h, "Dr A")
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
