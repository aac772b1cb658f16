"""The regimen through the running bot: a dose change still starts the post-change check-ins,
whose invitations and reminders never name a medicine; the regimen's own count raises the
polypharmacy signal; the digest and /mydata show the regimen."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.services import digests, export, planning, regimen
from bot.storage import people
from tests.harness import call, running

# Anything on a lock screen that would say what the patient takes.
REVEALING = re.compile(r"zoloft|sertral|сертрал|ssri|antidep|100 mg|50 mg|medic|dose", re.I)


async def _intake_done(app) -> None:
    async with app.db.tx() as tx:
        await tx.run("UPDATE checkins SET status = 'completed' WHERE dialog_id = 'intake'")


async def test_a_dose_change_queues_the_post_change_checkins_and_they_go_out(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", timezone="Europe/Madrid")
        await _intake_done(app)
        await call(app, regimen.add, "P-1", "Zoloft", "50 mg", started="2026-01-05")
        done = await call(app, regimen.change, "P-1", "sertraline", "100 mg", note="slow")
        assert done.change.kind == "increase"
        rows = await app.db.fetchall(
            "SELECT due_at, change_id, source FROM checkins WHERE dialog_id = 'post_change'"
            " ORDER BY due_at"
        )
        assert [r["due_at"] for r in rows] == [
            "2026-03-05T17:00:00+00:00",  # day 3, 18:00 in Madrid
            "2026-03-09T17:00:00+00:00",  # day 7
            "2026-03-16T17:00:00+00:00",  # day 14
        ]
        assert {(r["change_id"], r["source"]) for r in rows} == {(done.change.id, "change")}
        seen = len(user.messages())
        clock.set(clock.now().replace(day=5, hour=17, minute=0))
        await h.sweep()
        for _ in range(40):  # the gentle reminders, the next morning (quiet hours) and after
            clock.advance(timedelta(hours=1))
            await h.sweep()
        sent = [m.text for m in user.messages()[seen:]]
        assert sent[0] == app.t("en", "checkin-invite") and len(sent) == 3
        assert not [text for text in sent if REVEALING.search(text)]
        await h.tap(user, app.t("en", "checkin-start"))
        assert user.last().text.endswith(app.t("en", "dlg-post-change-taking"))


async def _count_and_codes(app, alias: str) -> tuple[int | None, set[str]]:
    async with app.db.read() as tx:
        patient = await people.patient_by_alias(tx, alias)
        assert patient is not None
        regimen_now = await regimen.of_patient(tx, patient.id)
        count = regimen.psychotropic_count(app, patient, regimen_now, app.clock.now())
        period = (patient.created_at, app.clock.now())
        built = await digests.build(app, tx, patient, period, None, [])
    return count, set(built.codes)


async def test_the_regimens_count_raises_polypharmacy_and_staff_may_override_it(app) -> None:
    async with running(app) as h:
        await h.enrol("P-1", timezone="Europe/Madrid")
    since = {"started": "2025-10-01"}
    for drug, dose in [
        ("Сертралин", "150 мг"),
        ("quetiapine", "100 mg"),
        ("Lamictal", "200 mg"),
        ("mirtazapina", "15 mg"),
    ]:
        await call(app, regimen.add, "P-1", drug, dose, **since)
    await call(app, regimen.add, "P-1", "Seroquel", "25 mg", as_needed=True, **since)  # again
    await call(app, regimen.add, "P-1", "levothyroxine", "50 mcg", drug_class="other", **since)
    assert await _count_and_codes(app, "P-1") == (4, set())
    await call(app, regimen.add, "P-1", "zolpidem", "10 mg", **since)
    count, codes = await _count_and_codes(app, "P-1")
    assert count == 5 and "polypharmacy" in codes
    await call(app, regimen.stop, "P-1", "zolpidem")
    assert await _count_and_codes(app, "P-1") == (4, set())
    await call(app, planning.set_patient, "P-1", psychotropics="7")
    count, codes = await _count_and_codes(app, "P-1")
    assert count == 7 and "polypharmacy" in codes  # staff's count wins
    await call(app, planning.set_patient, "P-1", psychotropics="auto")
    assert await _count_and_codes(app, "P-1") == (4, set())


async def test_the_digest_and_mydata_show_the_regimen(app, clock) -> None:
    async with running(app) as h:
        await h.enrol("P-1", timezone="Europe/Madrid")
    await call(app, regimen.add, "P-1", "Zoloft", "50 mg", started="2026-01-05")
    await call(app, regimen.add, "P-1", "lorazepam", "1 mg", as_needed=True, started="2026-01-05")
    clock.advance(timedelta(days=2))
    await call(app, regimen.change, "P-1", "Zoloft", "100 mg", note="agreed at the visit")
    await call(app, regimen.stop, "P-1", "lorazepam")
    async with app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, "P-1")
        assert patient is not None
        built = await digests.request(app, tx, patient, app.clock.now(), actor="staff:cli")
        readable = await export.readable(app, tx, patient, app.clock.now())
    text = " ".join(digests.render(app, built, "text").split())
    assert "Zoloft, 100 mg · antidepressant (SSRI) · since Jan 5, 2026" in text
    assert "lorazepam" not in text.split("Changes in this period:")[0]  # no longer taken
    assert "Mar 4, 2026 · Zoloft: dose raised: 50 mg → 100 mg · “agreed at the visit”" in text
    assert "Mar 4, 2026 · lorazepam: stopped (the dose was 1 mg)" in text
    assert "Mar 2, 2026" not in text.split("Changes in this period:")[1]  # the period began then
    assert "Zoloft, 100 mg — antidepressant (SSRI)" in readable
    assert "lorazepam, 1 mg, only when needed — benzodiazepine" in readable
    assert "Zoloft: dose raised: 50 mg → 100 mg" in readable and "agreed at the visit" in readable
