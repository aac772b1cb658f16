"""Patient commands: the menu per language, /language, /stop and /resume, /help, expiry."""

from __future__ import annotations

from datetime import timedelta

from bot.services import planning
from tests.harness import call, running


async def test_command_menu_is_set_per_language(app) -> None:
    async with running(app) as h:
        for lang in ("en", "es", "ru"):
            user = h.state.user(language_code=lang)
            menu = {c["command"]: c["description"] for c in user.menu()}
            assert {
                "checkin",
                "sos",
                "language",
                "pause",
                "resume",
                "stop",
                "mydata",
                "delete",
                "help",
            } <= set(menu)
            assert menu["checkin"] == app.t(lang, "cmd-checkin")


async def test_language_changes_at_any_time(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        user.send("/language")
        await h.step()
        assert user.last().buttons == ["English", "Español", "Русский"]
        user.tap("Español")
        await h.step()
        assert "Español" in user.last().text
        user.send("/help")
        await h.step()
        assert user.last().text == app.t("es", "patient-help")
        row = await app.db.fetchone("SELECT language FROM patients")
        assert row["language"] == "es"


async def test_stop_asks_first_then_stops_everything_and_resume_restarts(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        user.send("/stop")
        await h.step()
        user.tap("No, keep going")
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "active"
        user.send("/stop")
        await h.step()
        user.tap("Yes, stop everything")
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "stopped"
        sent = len(user.messages())
        clock.advance(timedelta(days=8))  # a weekly check-in would have been due
        await h.sweep()
        assert len(user.messages()) == sent
        user.send("/resume")
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "active"
        kinds = [r["kind"] for r in await app.db.fetchall("SELECT kind FROM events")]
        assert "patient_stopped" in kinds and "patient_resumed" in kinds


async def test_expired_checkin_button_says_closed_and_counts_as_missed(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        async with app.db.tx() as conn:
            await conn.run("UPDATE checkins SET status = 'completed'")
        await call(app, planning.checkin_now, "P-1", "daily")
        await h.sweep()
        user.tap("Start")
        await h.step()
        question = user.last()
        clock.advance(timedelta(hours=13))  # past the daily window
        await h.sweep()
        user.tap(question.buttons[0], question.message_id)
        await h.step()
        assert user.last_answer()["text"] == app.t("en", "checkin-expired")
        row = await app.db.fetchone("SELECT status FROM checkins WHERE dialog_id = 'daily'")
        assert row["status"] == "expired"
        answers = await app.db.fetchall("SELECT * FROM answers WHERE dialog_id = 'daily'")
        assert answers == []


async def test_clinicians_and_staff_get_their_own_menus(app) -> None:
    from bot.sandbox import TelegramState
    from bot.services import enrolment

    state = TelegramState()
    async with running(app, state) as h:
        invite = await call(app, enrolment.add_clinician, "Dr A")
        doctor = state.user(first_name="Doc")
        doctor.start(invite.token)
        await h.step()
        doctor.tap("Yes, I agree")
        await h.step()
        assert [c["command"] for c in doctor.menu()] == ["digest", "web", "help"]  # at once
        await call(app, enrolment.add_staff, 900_002, "Reception")
        staff = state.user(telegram_id=900_002, first_name="Reception")
        staff.send("hello")
        await h.step()
    async with running(app, state):  # menus are set at start
        assert [c["command"] for c in doctor.menu()] == ["digest", "web", "help"]
        assert [c["command"] for c in staff.menu()] == ["patients", "web", "help"]
        patient = state.user(first_name="P")
        assert "checkin" in [c["command"] for c in patient.menu()]
