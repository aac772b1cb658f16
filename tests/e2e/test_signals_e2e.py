"""Signals v2 through the real bot: what digests.build feeds the rules."""

from __future__ import annotations

from datetime import timedelta

from bot.services import digests, planning, regimen
from bot.storage import people
from tests.harness import call, running


async def _digest_codes(app) -> list[str]:
    async with app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
        assert patient is not None
        built = await digests.request(app, tx, patient, app.clock.now(), actor="staff:cli")
    return built.codes


async def test_no_disengagement_while_the_intake_is_unfinished(app) -> None:
    async with running(app) as h:
        await h.clinician()
        user = await h.enrol("P-1")
        assert user.messages()  # the intake's first question is waiting
        for _ in range(3):
            app.clock.advance(timedelta(days=4))
            await h.sweep()
    assert "disengagement" not in await _digest_codes(app)


async def test_activation_after_an_ssri_rise_leads_the_digest_never_as_worry(app) -> None:
    """A vignette answered through Telegram: sertraline raised 50 -> 100 mg five days ago;
    restless, sleeping badly, very worried about harm, feeling unheard. The drug comes first."""
    async with running(app) as h:
        await h.clinician()
        user = await h.enrol("P-1")
        async with app.db.tx() as tx:  # the intake out of the way
            await tx.run(
                "UPDATE checkins SET status = 'completed', completed_at = opened_at"
                " WHERE dialog_id = 'intake'"
            )
        app.clock.advance(timedelta(days=21))
        started = (app.clock.now() - timedelta(days=20)).date().isoformat()
        raised = (app.clock.now() - timedelta(days=5)).date().isoformat()
        await call(app, regimen.add, "P-1", "sertraline", "50 mg", started=started)
        await call(app, regimen.change, "P-1", "sertraline", "100 mg", at=raised)
        async with app.db.tx() as tx:  # the post-change check-ins are not this test's
            await tx.run("DELETE FROM checkins WHERE dialog_id = 'post_change'")
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        await h.tap(user, app.t("en", "checkin-start"))
        script = {
            "days_missed": 0,
            "dose_change": "as_prescribed",
            "any_side_effects": "yes",
            "which_side_effects": ["restless", "trouble_sleeping"],
            "side_effect_bother": 6,
            "attribution": "medicine",
            "harm_worry": 9,  # asked every other week once the weekly rotates
            "symptoms": 0,
            "symptoms_level": 5,
            "daily_life": 0,
            "daily_life_level": 3,
            "heard": 2,
            "pressure": 8,
            "used_for_feelings": "no",
            "extra_for_feelings": "no",
            "want_more": "no",
            "note": "all a bit much this week",
        }
        await h.answer(user, "P-1", script)
        app.clock.advance(timedelta(minutes=5))
    async with app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
        assert patient is not None
        built = await digests.request(app, tx, patient, app.clock.now(), actor="staff:cli")
    assert "nocebo_pattern" not in built.codes
    lead = built.digest.hypotheses[0]
    assert lead.key == "adverse_effect_after_change"
    change = next(p for p in lead.points if p.key == "hypothesis-point-change")
    assert change.args["drug"] == "sertraline" and change.args["kind"] == "increase"
    assert all(h.key != "nocebo_pattern" for h in built.digest.hypotheses)
