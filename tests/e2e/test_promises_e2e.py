"""What the bot promises patients and clinicians, kept: /stop and /delete reach the care team,
a staff pause stays until staff lift it, typed text finds the question that asked for it, and a
digest's chart never holds up the patients' answers."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest

from bot.cli import main
from bot.domain.lifecycle import status_key
from bot.sandbox import SimUser
from bot.services import checkins as conversation
from bot.services import enrolment, planning
from bot.services.chart import render_chart
from bot.storage import people
from tests.harness import Harness, call, running

GUARD = 30.0  # seconds: only a bound on a hang, never a measure of anything


async def _clinician(h: Harness, name: str = "Dr A") -> SimUser:
    invite = await call(h.app, enrolment.add_clinician, name, "en")
    doctor = h.state.user(first_name=name)
    doctor.start(invite.token)
    await h.step()
    doctor.tap(doctor.last().buttons[0])
    await h.step()
    return doctor


async def _events(app: Any, kind: str) -> list[dict[str, Any]]:
    rows = await app.db.fetchall("SELECT actor, detail FROM events WHERE kind = ?", (kind,))
    return [{"actor": r["actor"], **json.loads(r["detail"])} for r in rows]


async def test_stop_and_delete_reach_the_clinician_who_sees_each_status(app) -> None:
    async with running(app) as h:
        doctor = await _clinician(h)
        stopping = await h.enrol("P-1")
        erasing = await h.enrol("P-2")
        await h.enrol("P-3")
        await h.send(stopping, "/stop")
        await h.tap(stopping, app.t("en", "patient-stop-yes"))
        await h.send(erasing, "/delete")
        await h.tap(erasing, app.t("en", "privacy-delete-yes"))
        told = [m.text for m in doctor.messages()]
        assert app.t("en", "lifecycle-clinician-stopped", alias="P-1") in told
        assert app.t("en", "lifecycle-clinician-erased", alias="P-2") in told
        notices = await _events(app, "clinician_notified")
        assert [n["notice"] for n in notices] == [
            "lifecycle-clinician-stopped",
            "lifecycle-clinician-erased",
        ]
        assert all(n["delivered"] for n in notices)
        await h.send(doctor, "/digest")
        listing = doctor.last()
        for alias, status in (("P-1", "stopped"), ("P-2", "erased"), ("P-3", "active")):
            shown = app.t("en", status_key(status, None))  # type: ignore[arg-type]
            assert f"{alias}: {shown}" in listing.text
        assert listing.buttons == ["P-1", "P-3"]  # an erased record has no digest to show


async def test_a_patient_who_resumes_after_stop_is_announced_too(app) -> None:
    async with running(app) as h:
        doctor = await _clinician(h)
        patient = await h.enrol("P-1")
        await h.send(patient, "/stop")
        await h.tap(patient, app.t("en", "patient-stop-yes"))
        await h.send(patient, "/resume")
        assert patient.last().text == app.t("en", "patient-resumed")
        told = [m.text for m in doctor.messages()]
        assert told[-1] == app.t("en", "lifecycle-clinician-restarted", alias="P-1")


async def test_a_stop_before_the_clinician_links_is_still_recorded(app) -> None:
    async with running(app) as h:
        patient = await h.enrol("P-1")  # Dr A exists but never opened their link
        await h.send(patient, "/stop")
        await h.tap(patient, app.t("en", "patient-stop-yes"))
        [notice] = await _events(app, "clinician_notified")
        assert notice["delivered"] is False


async def test_a_patient_cannot_lift_a_staff_pause_even_by_stop_then_resume(app) -> None:
    async with running(app) as h:
        patient = await h.enrol("P-1")
        await call(app, planning.set_paused, "P-1", True)
        await h.send(patient, "/resume")
        assert patient.last().text == app.t("en", "lifecycle-refused-paused-by-staff")
        await h.send(patient, "/stop")
        await h.tap(patient, app.t("en", "patient-stop-yes"))
        await h.send(patient, "/resume")
        row = await app.db.fetchone("SELECT status, paused_by FROM patients")
        assert (row["status"], row["paused_by"]) == ("paused", "staff")
        assert await call(app, planning.set_paused, "P-1", False) == "active"


async def test_a_patients_own_pause_is_theirs_to_lift(app) -> None:
    async with running(app) as h:
        patient = await h.enrol("P-1")
        await h.send(patient, "/pause")
        await h.send(patient, "/resume")
        assert patient.last().text == app.t("en", "patient-resumed")
        events = [e["actor"] for e in await _events(app, "patient_resumed")]
        assert events == ["patient"]


async def test_typed_text_goes_to_the_open_checkin_that_asked_for_it(app) -> None:
    async with running(app) as h:
        patient = await h.enrol("P-1")
        # intake is open at a button question; now a check-in opens at a typed question
        async with app.db.tx() as tx:
            found = await people.patient_by_alias(tx, "P-1")
            assert found is not None
            await conversation.queue(app, tx, found.id, "pre_visit", "t", app.clock.now())
        await h.sweep()
        await h.tap(patient, app.t("en", "checkin-start"))
        first = app.dialogs["pre_visit"].questions[0]
        assert first.type == "text", "pre_visit starts with a typed question"
        await h.send(patient, "the dizziness")
        stored = await app.db.fetchall(
            "SELECT c.dialog_id, a.question_id, a.value FROM answers a"
            " JOIN checkins c ON c.id = a.checkin_id"
        )
        assert [(r["dialog_id"], r["question_id"]) for r in stored] == [("pre_visit", first.id)]
        assert json.loads(stored[0]["value"]) == "the dizziness"
        assert await app.db.fetchall("SELECT * FROM patient_messages") == []


def _gated_chart(started: threading.Event, release: threading.Event) -> Callable[..., bytes]:
    """A chart that takes as long as the test says: it waits, in its thread, to be released."""

    def draw(*args: Any, **kwargs: Any) -> bytes:
        started.set()
        if not release.wait(GUARD):
            raise TimeoutError("the test never released the chart")
        return render_chart(*args, **kwargs)

    return draw


async def test_answers_keep_flowing_while_a_digest_chart_is_drawn(app) -> None:
    started, release = threading.Event(), threading.Event()
    app.chart = lambda: _gated_chart(started, release)
    async with running(app) as h:
        doctor = await _clinician(h)
        patient = await h.enrol("P-1")
        stop = asyncio.Event()
        assert app.digests is not None
        worker = asyncio.create_task(app.digests.run(stop))  # as under `rapport run`
        try:
            await h.send(doctor, "/digest")
            await h.tap(doctor, "P-1")
            await asyncio.to_thread(started.wait, GUARD)
            assert started.is_set(), "the digest never started drawing"
            # the chart is being drawn: the patient answers three questions meanwhile
            for label in (patient.last().buttons[0], app.t("en", "checkin-no"), "5"):
                before = patient.last().text  # the next question replaces it (one call)
                await h.tap(patient, label)
                assert patient.last().text != before, "an answer waited for the chart"
            answered = await app.db.fetchone("SELECT COUNT(*) AS n FROM answers")
            assert answered["n"] == 3 and not doctor.photos()
        finally:
            release.set()
            stop.set()  # the step in progress finishes: the digest is drawn and sent
            await worker
        assert doctor.photos(), "the digest's chart never arrived"
        assert "Pre-visit digest: P-1" in "\n".join(m.text for m in doctor.messages())


@pytest.mark.parametrize("fmt", ["text", "json"])
async def test_a_text_or_json_digest_draws_no_chart(
    app, settings, monkeypatch, capsys, fmt: str
) -> None:
    async with running(app) as h:
        await h.enrol("P-1")
    await app.db.close()

    def no_chart(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("a chart was drawn")

    monkeypatch.setattr("bot.services.chart.render_chart", no_chart)
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    code = await asyncio.to_thread(main, ["digest", "--patient", "P-1", "--format", fmt])
    assert code == 0, capsys.readouterr().err
    assert "P-1" in capsys.readouterr().out


async def test_a_tap_from_a_patient_we_thought_unreachable_brings_them_back(app) -> None:
    """Telegram's unblock may never have reached us; the tap itself says they are there."""
    async with running(app) as h:
        patient = await h.enrol("P-1")
        await h.send(patient, "/stop")
        confirm = patient.last()
        patient.block()
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "unreachable"
        patient.tap_data(
            confirm.callback_data(app.t("en", "patient-stop-yes")) or "", confirm.message_id
        )
        await h.step()
        row = await app.db.fetchone("SELECT status FROM patients")
        assert row["status"] == "stopped"
        kinds = [r["kind"] for r in await app.db.fetchall("SELECT kind FROM events ORDER BY id")]
        assert kinds[-3:] == ["patient_reachable", "patient_stopped", "clinician_notified"]
