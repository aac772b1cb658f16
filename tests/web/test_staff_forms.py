"""A patient's page: each form does what the CLI's command does, or shows the CLI's error
with what was typed, and stores nothing."""

from __future__ import annotations

import json

from bot.services import enrolment, planning, regimen
from bot.storage import people, plans
from bot.storage import regimen as regimen_store
from tests.web.staffkit import (
    accepted,
    activate,
    add,
    cli_error,
    error_text,
    refused,
    staff_browser,
)

P = "p1"


async def _patient(app):
    async with app.db.read() as tx:
        found = await people.patient_by_alias(tx, P)
    assert found is not None
    return found


async def _events(app, kind: str) -> list[tuple[str, dict]]:
    rows = await app.db.fetchall("SELECT actor, detail FROM events WHERE kind = ?", (kind,))
    return [(r["actor"], json.loads(r["detail"])) for r in rows]


# --- schedules ---------------------------------------------------------------------------------


async def test_a_weekday_schedule_is_saved_and_its_event_names_the_staff_member(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        said = await accepted(
            app,
            client,
            P,
            "/schedules",
            {"dialog": "daily", "days": ["mon", "thu"], "time": "10:30", "end": "2026-06-01"},
        )
        page = await client.get(f"/web/staff/patients/{P}")
    assert said == "Schedule for Quick check-in saved."
    found = await _patient(app)
    async with app.db.read() as tx:
        saved = await plans.schedule(tx, found.id, "daily")
    assert saved is not None
    assert (saved.weekdays, saved.local_time, str(saved.end_date)) == (
        "mon,thu",
        "10:30",
        "2026-06-01",
    )
    assert ("staff:1", {"dialog": "daily"}) in await _events(app, "schedule_set")
    assert "<strong>Quick check-in</strong>: mon,thu at 10:30" in page.text


async def test_an_every_n_days_schedule_and_the_quiet_hours_note(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        said = await accepted(
            app, client, P, "/schedules", {"dialog": "daily", "every_days": "3", "time": "22:00"}
        )
    note = await planning_note(app)
    assert said.startswith("Schedule for Quick check-in saved.") and note in said


async def planning_note(app) -> str:
    found = await _patient(app)
    note = planning.quiet_note(__import__("datetime").time(22, 0), found.quiet)
    assert note is not None
    return note


BAD_SCHEDULES = [
    (
        {"dialog": "daily", "days": ["mon"], "every_days": "2", "time": "09:00"},
        {"days": "mon", "every_days": "2", "at": "09:00"},
    ),
    ({"dialog": "daily", "time": "09:00"}, {"days": None, "every_days": None, "at": "09:00"}),
    (
        {"dialog": "daily", "days": ["mon"], "time": "25:00"},
        {"days": "mon", "every_days": None, "at": "25:00"},
    ),
    (
        {"dialog": "daily", "every_days": "0", "time": "09:00"},
        {"days": None, "every_days": "0", "at": "09:00"},
    ),
    (
        {"dialog": "nope", "days": ["mon"], "time": "09:00"},
        {"days": "mon", "every_days": None, "at": "09:00"},
    ),
    (
        {"dialog": "daily", "days": ["tue"], "time": "09:00", "end": "2031-01-01"},
        {"days": "tue", "every_days": None, "at": "09:00", "end": "2031-01-01"},
    ),
]


async def test_a_refused_schedule_shows_the_clis_error_and_keeps_the_form(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        for data, kwargs in BAD_SCHEDULES:
            expected = await cli_error(app, planning.set_schedule, P, data["dialog"], **kwargs)
            page = await refused(app, client, P, "/schedules", data)
            assert error_text(page) == expected
            form = page[page.index('action="/web/staff/patients/p1/schedules"') :]
            for day in data.get("days", []):
                assert f'name="days" value="{day}" checked' in form
            if "every_days" in data:
                assert (
                    f'name="every_days" inputmode="numeric" size="4" value="{data["every_days"]}"'
                    in form
                )
            assert f'name="time" type="time" value="{data["time"]}"' in form


async def test_removing_a_schedule_and_removing_one_that_is_not_there(app) -> None:
    await add(app, P)  # the clinic's default schedule: weekly
    async with staff_browser(app) as client:
        said = await accepted(app, client, P, "/schedules/remove", {"dialog": "weekly"})
        assert said == "Schedule for Weekly check-in removed."
        expected = await cli_error(app, planning.remove_schedule, P, "weekly")
        page = await refused(app, client, P, "/schedules/remove", {"dialog": "weekly"})
    assert error_text(page) == expected
    assert ("staff:1", {"dialog": "weekly"}) in await _events(app, "schedule_removed")


# --- appointments ------------------------------------------------------------------------------


async def test_booking_and_cancelling_an_appointment(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        said = await accepted(
            app, client, P, "/appointments", {"date": "2026-03-10", "time": "10:00"}
        )
        assert said == "Appointment booked: Tue 2026-03-10 10:00 (Europe/Madrid)."
        found = await _patient(app)
        async with app.db.read() as tx:
            (booked,) = await plans.appointments(tx, found.id, app.clock.now())
        page = await client.get(f"/web/staff/patients/{P}")
        assert f'name="id" value="{booked.id}"' in page.text
        said = await accepted(app, client, P, "/appointments/cancel", {"id": str(booked.id)})
        assert said == "Appointment cancelled."
    async with app.db.read() as tx:
        assert await plans.appointments(tx, found.id, app.clock.now()) == []
    events = await _events(app, "appointment_added") + await _events(app, "appointment_cancelled")
    assert [actor for actor, _ in events] == ["staff:1", "staff:1"]


BAD_APPOINTMENTS = [
    ("2026-02-30", "10:00"),
    ("2026-03-01", "10:00"),
    ("", ""),
    ("2026-03-10", ""),
]


async def test_a_refused_appointment(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        for date, time in BAD_APPOINTMENTS:
            expected = await cli_error(app, planning.add_appointment, P, f"{date} {time}".strip())
            page = await refused(app, client, P, "/appointments", {"date": date, "time": time})
            assert error_text(page) == expected
            assert f'name="date" type="date" value="{date}"' in page


async def test_the_same_appointment_twice_is_refused(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        await accepted(app, client, P, "/appointments", {"date": "2026-03-10", "time": "10:00"})
        expected = await cli_error(app, planning.add_appointment, P, "2026-03-10 10:00")
        page = await refused(
            app, client, P, "/appointments", {"date": "2026-03-10", "time": "10:00"}
        )
    assert error_text(page) == expected


NOT_APPOINTMENT_IDS = ["abc", "999", "-1", "1" * 40]


async def test_cancelling_an_appointment_that_is_not_there(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        await accepted(app, client, P, "/appointments", {"date": "2026-03-10", "time": "10:00"})
        for given in NOT_APPOINTMENT_IDS:
            expected = await cli_error(app, planning.cancel_appointment, P, 999, None)
            page = await refused(app, client, P, "/appointments/cancel", {"id": given})
            assert error_text(page) == expected


# --- pause and resume -------------------------------------------------------------------------


async def test_pausing_and_resuming(app) -> None:
    await add(app, P)
    await activate(app, P)
    async with staff_browser(app) as client:
        assert (
            await accepted(app, client, P, "/pause", {})
            == "p1 is paused: no check-ins until resumed."
        )
        assert (await _patient(app)).status == "paused"
        expected = await cli_error(app, planning.set_paused, P, True)
        assert error_text(await refused(app, client, P, "/pause", {})) == expected
        assert await accepted(app, client, P, "/resume", {}) == "p1 is active again."
    assert (await _patient(app)).status == "active"
    actors = await app.db.fetchall(
        "SELECT actor FROM events WHERE kind IN ('patient_paused', 'patient_resumed') ORDER BY id"
    )
    assert [r["actor"] for r in actors] == ["staff:1", "staff:1"]


async def test_an_invited_patient_cannot_be_paused(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        expected = await cli_error(app, planning.set_paused, P, True)
        page = await refused(app, client, P, "/pause", {})
    assert error_text(page) == expected


async def test_sending_a_check_in_now(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        expected = await cli_error(app, planning.checkin_now, P, "daily")  # invited: refused
        page = await refused(app, client, P, "/checkins", {"dialog": "daily"})
        assert error_text(page) == expected
        await activate(app, P)
        expected = await cli_error(app, planning.checkin_now, P, "intake")
        page = await refused(app, client, P, "/checkins", {"dialog": "intake"})
        assert error_text(page) == expected
        assert '<option value="intake" selected>' not in page  # not a choice, even kept
        said = await accepted(app, client, P, "/checkins", {"dialog": "daily"})
    assert said == "Quick check-in queued for p1: the running bot sends it at its next sweep."
    found = await _patient(app)
    rows = await app.db.fetchall(
        "SELECT dialog_id, status FROM checkins WHERE patient_id = ? AND dialog_id = 'daily'",
        (found.id,),
    )
    assert [(r["dialog_id"], r["status"]) for r in rows] == [("daily", "pending")]
    assert await _events(app, "checkin_queued") == [("staff:1", {"dialog": "daily"})]


# --- medication --------------------------------------------------------------------------------


async def test_adding_changing_and_stopping_a_medication(app) -> None:
    await add(app, P)
    await activate(app, P)
    async with staff_browser(app) as client:
        said = await accepted(
            app, client, P, "/medications", {"drug": "sertraline", "dose": "50 mg"}
        )
        assert said.startswith("sertraline (ssri) added, started 2026-03-02;")
        assert "follow-up check-ins queued." in said
        page = await client.get(f"/web/staff/patients/{P}")
        assert '<option value="sertraline">sertraline</option>' in page.text
        said = await accepted(
            app,
            client,
            P,
            "/medications/change",
            {"drug": "sertraline", "dose": "100 mg", "note": "<b>rise</b>"},
        )
        assert said.startswith("sertraline: 50 mg → 100 mg (increase) on 2026-03-02;")
        page = await client.get(f"/web/staff/patients/{P}")
        assert "&lt;b&gt;rise&lt;/b&gt;" in page.text and "<b>rise" not in page.text
        said = await accepted(app, client, P, "/medications/stop", {"drug": "sertraline"})
        assert said.startswith("sertraline stopped on 2026-03-02;")
    found = await _patient(app)
    async with app.db.read() as tx:
        changes = await regimen_store.changes(tx, found.id)
    assert [c.kind for c in changes] == ["start", "increase", "stop"]
    for kind in ("medication_added", "medication_changed", "medication_stopped"):
        assert [actor for actor, _ in await _events(app, kind)] == ["staff:1"]


async def test_a_medication_note_is_shown_beside_what_was_done(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        said = await accepted(
            app,
            client,
            P,
            "/medications",
            {"drug": "sertraline", "dose": "50 mg", "drug_class": "snri"},
        )
    assert "sertraline is ssri in the drug table; recorded as snri, as given" in said


BAD_MEDICATIONS = [
    ({"drug": "zzqx", "dose": "5 mg"}, {}),
    ({"drug": "sertraline", "dose": ""}, {}),
    (
        {"drug": "sertraline", "dose": "50 mg", "drug_class": "vitamin"},
        {"drug_class": "vitamin"},
    ),
    (
        {"drug": "sertraline", "dose": "50 mg", "started": "1900-01-01"},
        {"started": "1900-01-01"},
    ),
    ({"drug": "lithium", "dose": "300 mg"}, {}),
]


async def test_a_refused_medication(app) -> None:
    await add(app, P)
    await regimen_add(app, "lithium", "400 mg")
    async with staff_browser(app) as client:
        for data, kwargs in BAD_MEDICATIONS:
            expected = await cli_error(app, regimen.add, P, data["drug"], data["dose"], **kwargs)
            page = await refused(app, client, P, "/medications", data)
            assert error_text(page) == expected
            assert f'name="drug" autocomplete="off" value="{data["drug"]}"' in page


async def regimen_add(app, drug: str, dose: str) -> None:
    async with app.db.tx() as tx:
        await regimen.add(app, tx, P, drug, dose)


BAD_CHANGES = [
    (
        "/medications/change",
        {"drug": "lithium", "dose": "400 mg"},
        regimen.change,
        ("lithium", "400 mg"),
        {},
    ),
    (
        "/medications/change",
        {"drug": "sertraline", "dose": "50 mg"},
        regimen.change,
        ("sertraline", "50 mg"),
        {},
    ),
    (
        "/medications/change",
        {"drug": "lithium", "dose": "600 mg", "at": "2020-01-01"},
        regimen.change,
        ("lithium", "600 mg"),
        {"at": "2020-01-01"},
    ),
    ("/medications/stop", {"drug": "sertraline"}, regimen.stop, ("sertraline",), {}),
    (
        "/medications/stop",
        {"drug": "lithium", "note": "x" * 5000},
        regimen.stop,
        ("lithium",),
        {"note": "x" * 5000},
    ),
]


async def test_a_refused_change_or_stop(app) -> None:
    await add(app, P)
    await regimen_add(app, "lithium", "400 mg")
    async with staff_browser(app) as client:
        for path, data, use_case, args, kwargs in BAD_CHANGES:
            expected = await cli_error(app, use_case, P, *args, **kwargs)
            page = await refused(app, client, P, path, data)
            assert error_text(page) == expected


# --- settings and the invite -------------------------------------------------------------------


async def test_settings_change_only_what_differs(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        said = await accepted(
            app,
            client,
            P,
            "/settings",
            {"timezone": "America/Mexico_City", "language": "en", "quiet": "22:00-07:00"},
        )
    assert said == "Settings saved: quiet, timezone."
    found = await _patient(app)
    assert (found.timezone, found.quiet_start, found.quiet_end) == (
        "America/Mexico_City",
        "22:00",
        "07:00",
    )
    ((actor, detail),) = await _events(app, "patient_updated")
    assert actor == "staff:1" and detail["fields"] == ["quiet_end", "quiet_start", "timezone"]


BAD_SETTINGS = [
    (
        {"timezone": "Mars/Base", "language": "en", "quiet": "21:00-09:00"},
        {"timezone": "Mars/Base"},
    ),
    (
        {"timezone": "Europe/Madrid", "language": "xx", "quiet": "21:00-09:00"},
        {"language": "xx"},
    ),
    ({"timezone": "Europe/Madrid", "language": "en", "quiet": "late"}, {"quiet": "late"}),
    ({"timezone": "Europe/Madrid", "language": "en", "quiet": "21:00-09:00"}, {}),
]


async def test_refused_settings(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        for data, kwargs in BAD_SETTINGS:
            expected = await cli_error(app, planning.set_patient, P, **kwargs)
            page = await refused(app, client, P, "/settings", data)
            assert error_text(page) == expected
            form = page[page.index('id="settings"') :]
            assert f'value="{data["timezone"]}"' in form and f'value="{data["quiet"]}"' in form


async def test_renewing_an_invite_shows_the_new_link(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        here = f"/web/staff/patients/{P}"
        page = await client.get(here)
        answer = await client.post(f"{here}/invite", data={"csrf": _csrf(page.text)})
        assert answer.status_code == 303 and answer.headers["location"] == f"{here}/invite"
        shown = await client.get(answer.headers["location"])
    assert "New invite link for p1. Older links no longer work." in shown.text
    assert "<svg viewBox=" in shown.text
    assert [a for a, _ in await _events(app, "invite_renewed")] == ["staff:1"]


async def test_a_linked_patient_gets_no_new_invite(app) -> None:
    await add(app, P)
    await activate(app, P)
    async with staff_browser(app) as client:
        expected = await cli_error(app, enrolment.renew_invite, P)
        page = await refused(app, client, P, "/invite", {})
    assert error_text(page) == expected


def _csrf(html: str) -> str:
    from tests.web.webkit import csrf

    return csrf(html)
