"""Issue 11, closing the loop: the chart is drawn off the event loop and outside any
transaction; the clinician's feedback on hypotheses is stored and counted; a worrying intake
is summed up for the prescriber at once."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from bot.cli import main
from bot.compose import open_app
from bot.sandbox import TelegramState
from bot.services import digests
from bot.services.chart import render_chart
from bot.services.context import Rapport
from bot.storage import digests as store
from tests.engines import in_transaction
from tests.harness import running


class Watched:
    """A chart renderer that notes, each time it draws, whether it ran on the event loop's
    thread and whether the database was inside a transaction (its lock held) meanwhile."""

    def __init__(self, app: Rapport) -> None:
        self.app, self.draws = app, list[dict[str, bool]]()

    def __call__(self, *args: Any, **kwargs: Any) -> bytes:
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        locked = self.app.db._lock.locked() or in_transaction(self.app.db)
        self.draws.append({"on_loop": on_loop, "in_tx": locked})
        return render_chart(*args, **kwargs)


async def test_the_chart_is_drawn_in_a_thread_with_no_transaction_open(app) -> None:
    watched = Watched(app)
    app.chart = lambda: watched
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        await h.enrol("P-1")
        await h.send(doctor, "/digest")
        await h.tap(doctor, "P-1")
        await h.step()
        assert doctor.photos(), "the digest's chart never arrived"
        assert watched.draws == [{"on_loop": False, "in_tx": False}]
        # The watcher does see a transaction: drawing inside one would fail the test above.
        async with app.db.read() as tx:
            built = await digests.rebuild(app, tx, (await store.of_patient(tx, 1))[0])
            assert built is not None
            digests.draw(app, built)
        assert watched.draws[-1] == {"on_loop": True, "in_tx": True}


# A patient wary of harm who feels unheard, takes less than prescribed, and fears dependency.
WORRYING = {
    "taking_now": "took_less",
    "other_medicines": "yes",
    "other_medicines_which": "St John's wort, and my sister's sleeping pills",
    "symptoms_level": 3,
    "daily_life_level": 2,
    "baseline": ("trouble_sleeping",),
    "past_intolerance": "yes",
    "past_intolerance_which": None,
    "wary": 8,
    "benefit": 3,
    "need": 4,
    "harm_worry": 9,
    "dependency": 8,
    "identity": 6,
    "readiness": 2,
    "heard": 3,
    "agreement": 3,
    "pressure": 8,
    "miss_anything": "yes",
    "might_lose": "My friends only call when I am low",
    "note": "Last time a doctor put me on pills I felt awful for months.",
}
CALM = {
    "taking_now": "as_prescribed",
    "other_medicines": "no",
    "symptoms_level": 6,
    "daily_life_level": 7,
    "baseline": ("none",),
    "past_intolerance": "no",
    "wary": 1,
    "benefit": 8,
    "need": 8,
    "harm_worry": 2,
    "dependency": 1,
    "identity": 1,
    "readiness": 8,
    "heard": 9,
    "agreement": 9,
    "pressure": 1,
    "miss_anything": "no",
}


def _with_buttons(user: Any, label: str) -> Any:
    """The newest message of the user's chat that carries a button with this label."""
    found = [m for m in user.messages() if label in m.buttons]
    assert found, f"no message with a {label!r} button"
    return found[-1]


async def _report(app: Rapport, settings: Any, monkeypatch: Any, capsys: Any, *extra: str) -> Any:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    code = await asyncio.to_thread(main, ["signals", "report", "--json", *extra])
    out = capsys.readouterr()
    assert code == 0, out.err
    return {r["code"]: r for r in json.loads(out.out)["signals"]}


async def test_a_verdict_tapped_is_stored_changed_audited_and_counted(
    app, clock, settings, monkeypatch, capsys
) -> None:
    t = app.t
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        other = await h.clinician("Dr B")
        user = await h.enrol("P-1", clinician="Dr A")
        clock.advance(timedelta(minutes=5))  # the intake is answered after the patient was added
        await h.answer(user, "P-1", WORRYING)
        await h.send(doctor, "/digest")
        await h.tap(doctor, "P-1")
        fits = t("en", "feedback-fits-button", n=1)
        digest = _with_buttons(doctor, fits)
        assert "Pre-visit digest: P-1" in digest.text, digest.text
        labels = digest.buttons
        assert labels[:3] == [
            fits,
            t("en", "feedback-not-fits-button", n=1),
            t("en", "feedback-pharmacological-button", n=1),
        ]
        assert len(labels) >= 6, digest.text
        doctor.tap(fits, digest.message_id)
        await h.step()
        verdict = t("en", "feedback-fits")
        assert doctor.last_answer()["text"] == t("en", "feedback-noted", n=1, verdict=verdict)
        rows = await app.db.fetchall("SELECT * FROM hypothesis_feedback")
        assert [(r["verdict"], r["clinician_id"]) for r in rows] == [("fits", 1)]
        codes = json.loads(rows[0]["codes"])
        assert codes and rows[0]["hypothesis"]
        # the same tap again: nothing changes; another verdict: changed, and audited
        doctor.tap(fits, digest.message_id)
        await h.step()
        assert doctor.last_answer()["text"].startswith("Already noted")
        doctor.tap(t("en", "feedback-not-fits-button", n=1), digest.message_id)
        await h.step()
        assert doctor.last_answer()["text"].startswith("Changed")
        doctor.tap(t("en", "feedback-pharmacological-button", n=2), digest.message_id)
        await h.step()
        # another clinician forging Dr A's button, a stale button and a malformed one
        data = digest.callback_data(fits)
        assert data is not None
        for forged in (data, data.replace(":f", ":x"), "hf:zz:nothing:f"):
            other.tap_data(forged, None)
            await h.step()
            assert "nothing was changed" in other.last_answer()["text"]
        stale = data.rsplit(":", 2)[0] + ":no_such_hypothesis:f"
        doctor.tap_data(stale, digest.message_id)
        await h.step()
        assert doctor.last_answer()["text"] == t("en", "feedback-stale")
        rows = await app.db.fetchall("SELECT * FROM hypothesis_feedback ORDER BY id")
        assert [r["verdict"] for r in rows] == ["not_fits", "pharmacological"]
        audit = await app.db.fetchall(
            "SELECT detail FROM events WHERE kind = 'hypothesis_feedback' ORDER BY id"
        )
        details = [json.loads(a["detail"]) for a in audit]
        assert [(d["verdict"], d["before"]) for d in details] == [
            ("fits", None),
            ("not_fits", "fits"),
            ("pharmacological", None),
        ]
        second = json.loads(rows[1]["codes"])
    await app.db.close()
    report = await _report(app, settings, monkeypatch, capsys)
    for code in codes:
        assert report[code]["raised"] >= 1
        assert report[code]["not_fits"] >= 1 and report[code]["judged"] >= 1
    for code in second:
        assert report[code]["pharmacological"] >= 1
    assert sum(r["fits"] for r in report.values()) == 0


async def test_signals_report_refuses_a_bad_date_in_one_line(
    settings, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    code = await asyncio.to_thread(main, ["signals", "report", "--since", "yesterday"])
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1 and "not a date" in err


def _summaries(app: Rapport, doctor: Any, patient: str = "P-1") -> list[Any]:
    title = app.t("en", "intake-summary-title", patient=patient)
    return [m for m in doctor.messages() if m.text.startswith(title)]


async def test_a_worrying_intake_is_summed_up_for_the_prescriber_at_once(app, clock) -> None:
    t = app.t
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        user = await h.enrol("P-1", clinician="Dr A")
        clock.advance(timedelta(minutes=5))
        await h.answer(user, "P-1", WORRYING)
        await h.step()
        [summary] = _summaries(app, doctor)
        text = summary.text
        assert t("en", "intake-summary-harm", harm=9) in text
        assert t("en", "intake-summary-ambivalence") in text
        assert t("en", "intake-summary-other-medicines") in text
        assert "“St John's wort, and my sister's sleeping pills”" in text  # their words
        assert "“My friends only call when I am low”" in text
        assert t("en", "feedback-fits-button", n=1) in summary.buttons
        assert not doctor.photos()  # short: no chart, no file
        rows = await app.db.fetchall("SELECT kind, delivered_at FROM digests")
        assert [(r["kind"], r["delivered_at"] is not None) for r in rows] == [("intake", True)]
        # nothing more, ever, for this intake: not on the next sweeps, not on a second record
        await h.sweep()
        await digests.deliver(app)
        assert len(_summaries(app, doctor)) == 1
        async with app.db.tx() as tx:
            again = await store.record(
                tx, 1, 1, None, "intake", (clock.now(), clock.now()), [], clock.now(), 1
            )
        assert again is None


async def test_a_calm_intake_sends_nothing_before_the_visit(app, clock) -> None:
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        user = await h.enrol("P-1", clinician="Dr A")
        clock.advance(timedelta(minutes=5))
        before = len(doctor.messages())
        await h.answer(user, "P-1", CALM)
        await h.sweep()
        assert _summaries(app, doctor) == [], _summaries(app, doctor)[0].text
        assert len(doctor.messages()) == before
        assert await app.db.fetchall("SELECT * FROM digests") == []


async def test_an_intake_summary_recorded_before_a_restart_is_sent_once_after_it(
    app, settings, clock
) -> None:
    state = TelegramState()
    async with running(app, state) as h:
        doctor = await h.clinician("Dr A")
        user = await h.enrol("P-1", clinician="Dr A")
        clock.advance(timedelta(minutes=5))
        app.digests = None  # the process dies before the summary is drawn and sent
        await h.answer(user, "P-1", WORRYING)
        assert _summaries(app, doctor) == []
    await app.db.close()

    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            assert again.digests is not None
            await again.digests.kick()
            await h2.sweep()
            await again.digests.kick()
            await h2.sweep()
            assert len(_summaries(again, doctor)) == 1
    finally:
        await again.db.close()
