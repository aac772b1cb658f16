"""Signals v2 through the real bot: what digests.build feeds the rules."""

from __future__ import annotations

from datetime import timedelta

from bot.services import digests
from bot.storage import people
from tests.harness import running


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
