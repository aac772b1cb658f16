"""A clinic for the clinician pages' tests, built through the real bot: Dr A's patient P-002
answers an intake and two weekly check-ins by tapping, has a regimen with a change, and writes
something that raises an alert; Dr B has a patient of their own; P-GONE was erased."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.sandbox import SimUser
from bot.services import planning, privacy, regimen
from tests.e2e.test_digest_e2e import INTAKE, WEEKS
from tests.harness import Harness, call

ALIAS = "P-002"
CRISIS = "i want to kill myself"
GONE_WORDS = "my secret words about the dog"


@dataclass
class Clinic:
    dr_a: SimUser
    dr_b: SimUser
    patient: SimUser
    other: SimUser  # Dr B's patient P-B, still in their intake


async def clinic(h: Harness, *, erased: bool = False) -> Clinic:
    """Dr A with P-002 (answered, regimen changed, one alert); Dr B with P-B."""
    app, clock = h.app, h.app.clock
    dr_a = await h.clinician("Dr A")
    dr_b = await h.clinician("Dr B")
    user = await h.enrol(ALIAS, clinician="Dr A", timezone="America/New_York")
    started = (clock.now() - timedelta(days=30)).date().isoformat()
    await call(app, regimen.add, ALIAS, "sertraline", "50 mg", started=started)
    await h.answer(user, ALIAS, INTAKE)
    for week in WEEKS:
        clock.advance(timedelta(days=7))  # type: ignore[attr-defined]
        await call(app, planning.checkin_now, ALIAS, "weekly")
        await h.sweep()
        await h.tap(user, "Start")
        await h.answer(user, ALIAS, week)
    await call(app, regimen.change, ALIAS, "sertraline", "100 mg")
    async with app.db.tx() as tx:  # the post-change check-ins are not these tests'
        await tx.run("DELETE FROM checkins WHERE dialog_id = 'post_change' AND status = 'pending'")
    other = await h.enrol("P-B", clinician="Dr B")
    if erased:
        gone = await h.enrol("P-GONE", clinician="Dr A")
        await h.send(gone, GONE_WORDS)
        await call(app, privacy.erase_by_alias, "P-GONE")
    return Clinic(dr_a, dr_b, user, other)


async def raise_alert(h: Harness, user: SimUser) -> None:
    """The patient writes words of risk: a crisis reply, and an alert to Dr A."""
    await h.send(user, CRISIS)
    await h.app.sender.flush()  # type: ignore[union-attr]


async def built_digest(h: Harness) -> None:
    """A digest asked for in the chat, as /digest does (recorded for Dr A's chat)."""
    from bot.services import digests
    from bot.storage import people

    async with h.app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, ALIAS)
        assert patient is not None
        await digests.request(
            h.app, tx, patient, h.app.clock.now(), actor="test", chat_id=patient.clinician_chat_id,
            clinician_id=patient.clinician_id,
        )


async def web_events(app: Any, what: str | None = None) -> list[dict[str, Any]]:
    """The web view's audit rows, oldest first (detail decoded)."""
    import json

    rows = await app.db.fetchall("SELECT * FROM events WHERE kind = 'web' ORDER BY id")
    found = [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]
    return [e for e in found if what is None or e["detail"].get("what") == what]


def text_of(html: str) -> str:
    """A page's visible text, roughly: tags out, whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
