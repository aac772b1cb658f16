"""The dispatcher through the real Application: on time, once, across restarts and failures."""

from datetime import timedelta

from bot.compose import open_app
from bot.sandbox import TelegramState
from bot.services import dispatch, planning
from bot.storage import outbox
from tests.harness import call, running

SUNDAY_18_MADRID = "2026-03-08T17:00:00+00:00"  # first Sunday after START (Monday 2 March)


def invitations(user, app) -> list:
    return [m for m in user.messages() if m.text == app.t("en", "checkin-invite")]


async def _finish_intake(h, user) -> None:
    async with h.app.db.tx() as conn:
        await conn.run("UPDATE checkins SET status = 'completed' WHERE dialog_id = 'intake'")


async def test_weekly_checkin_goes_out_once_at_local_time(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", timezone="Europe/Madrid")
        await _finish_intake(h, user)
        await h.sweep()
        assert invitations(user, app) == []
        row = await app.db.fetchone("SELECT due_at FROM checkins WHERE dialog_id = 'weekly'")
        assert row["due_at"] == SUNDAY_18_MADRID
        clock.set(clock.now().replace(day=8, hour=17, minute=0))
        await h.sweep()
        await h.sweep()  # a double tick changes nothing
        assert len(invitations(user, app)) == 1
        user.tap(app.t("en", "checkin-start"))
        await h.step()
        assert user.last().buttons  # the first weekly question


async def test_reminders_then_silence_and_expiry(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", timezone="UTC")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        assert len(invitations(user, app)) == 1
        for _ in range(49 * 4):  # past the 48-hour window, in quarter hours
            clock.advance(timedelta(minutes=15))
            await h.sweep()
        texts = [m.text for m in user.messages()]
        reminders = [t for t in texts if "reminder" in t.lower() or "closes in" in t.lower()]
        assert len(reminders) == 2
        row = await app.db.fetchone("SELECT status FROM checkins WHERE dialog_id = 'weekly'")
        assert row["status"] == "missed"
        sent_at = [m.data["date"] for m in user.messages()]
        assert sent_at == sorted(sent_at)


async def test_no_reminder_once_started(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        user.tap(app.t("en", "checkin-start"))
        await h.step()
        count = len(user.messages())
        clock.advance(timedelta(hours=10))
        await h.sweep()
        assert len(user.messages()) == count


async def test_paused_patient_gets_nothing_and_resumes(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        user.send("/pause")
        await h.step()
        await h.sweep()
        assert invitations(user, app) == []
        row = await app.db.fetchone("SELECT status FROM checkins WHERE dialog_id = 'weekly'")
        assert row["status"] == "cancelled"
        user.send("/resume")
        await h.step()
        clock.advance(timedelta(minutes=1))
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        assert len(invitations(user, app)) == 1


async def test_restart_between_sweeps_sends_once_or_marks_missed(app, settings, clock) -> None:
    state = TelegramState()
    async with running(app, state) as h:
        user = await h.enrol("P-1", timezone="Europe/Madrid")
        await _finish_intake(h, user)
        await h.sweep()  # plans ahead
    await app.db.close()
    # Down over the first Sunday's whole window, up again during the second Sunday's window.
    clock.set(clock.now().replace(day=15, hour=18, minute=30))
    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            await h2.sweep()
            await h2.sweep()
            rows = await again.db.fetchall(
                "SELECT slot, status FROM checkins WHERE dialog_id = 'weekly' ORDER BY slot"
            )
            status = {r["slot"]: r["status"] for r in rows}
            assert status["2026-03-08"] == "missed"
            assert status["2026-03-15"] == "open"
            assert len(invitations(user, again)) == 1
    finally:
        await again.db.close()


async def test_crash_mid_sweep_neither_loses_nor_repeats(app, settings, clock) -> None:
    state = TelegramState()
    async with running(app, state) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await call(app, planning.checkin_now, "P-1", "daily")
        # The sweep commits the invitation, then the process dies before sending anything.
        await dispatch.sweep(app)
    await app.db.close()
    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            await h2.sweep()
            await h2.sweep()
            assert len(invitations(user, again)) == 2  # one each, never repeated
            rows = await again.db.fetchall("SELECT status FROM checkins WHERE source='manual'")
            assert sorted(r["status"] for r in rows) == ["open", "open"]
    finally:
        await again.db.close()


async def test_crash_during_the_send_is_ambiguous_not_resent(app, settings, clock) -> None:
    state = TelegramState()
    async with running(app, state) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await dispatch.sweep(app)
        async with app.db.tx() as tx:
            row = (await outbox.due(tx, clock.now(), 10))[0]
            assert await outbox.begin_send(tx, row.id)  # committed, then the process died
    await app.db.close()
    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            await h2.sweep()
            assert invitations(user, again) == []
            status = await again.db.fetchone("SELECT status FROM outbox WHERE id = ?", (row.id,))
            assert status["status"] == "ambiguous"
    finally:
        await again.db.close()


async def test_flood_limit_is_honoured(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        h.state.simulate_flood(retry_after=7, times=1)
        await h.sweep()
        assert invitations(user, app) == []
        row = await app.db.fetchone("SELECT status, not_before FROM outbox ORDER BY id DESC")
        assert row["status"] == "pending"
        clock.advance(timedelta(seconds=6))
        await h.sweep()
        assert invitations(user, app) == []
        clock.advance(timedelta(seconds=2))
        await h.sweep()
        assert len(invitations(user, app)) == 1


async def test_blocked_patient_is_unreachable_and_not_retried(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        h.state.set_blocked(user.id, True)  # blocked without Telegram telling us yet
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        patient = await app.db.fetchone("SELECT status FROM patients")
        assert patient["status"] == "unreachable"
        failed = await app.db.fetchone("SELECT status, error FROM outbox ORDER BY id DESC")
        assert failed["status"] == "failed"
        calls = len(h.state.calls_to("sendMessage"))
        clock.advance(timedelta(days=1))
        await h.sweep()
        assert len(h.state.calls_to("sendMessage")) == calls
        event = await app.db.fetchone("SELECT kind FROM events WHERE kind='patient_unreachable'")
        assert event is not None


async def test_block_update_marks_unreachable(app) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        user.block()
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "unreachable"
        user.unblock()
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "active"


async def test_invitation_waiting_in_the_queue_is_not_sent_after_a_pause(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await dispatch.sweep(app)  # queued, not yet sent (a busy send queue)
        user.send("/pause")
        await h.intake.poll_once(0)
        assert invitations(user, app) == []
        row = await app.db.fetchone("SELECT status FROM checkins WHERE dialog_id = 'weekly'")
        assert row["status"] == "cancelled"  # withdrawn, not counted as missed
        failed = await app.db.fetchone("SELECT error FROM outbox WHERE priority = 1")
        assert failed["error"] == "patient no longer active"


async def test_nothing_due_plans_nothing_again(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await h.sweep()
        first = await app.db.fetchone("SELECT planned_until FROM schedules")
        clock.advance(timedelta(minutes=30))
        await h.sweep()
        assert (await app.db.fetchone("SELECT planned_until FROM schedules")) == first
        clock.advance(timedelta(days=1, minutes=1))
        await h.sweep()
        assert (await app.db.fetchone("SELECT planned_until FROM schedules")) != first


async def test_pre_visit_goes_out_48_hours_before_and_post_change_on_days_3_7_14(app) -> None:
    async with running(app) as h:
        await h.enrol("P-1", timezone="Europe/Madrid")
        booked = await call(app, planning.add_appointment, "P-1", "2026-03-20 11:00")
        row = await app.db.fetchone(
            "SELECT due_at FROM checkins WHERE dialog_id = 'pre_visit' AND appointment_id = ?",
            (booked.id,),
        )
        assert row["due_at"] == "2026-03-18T10:00:00+00:00"  # 48 h before 11:00 CET
        await call(app, planning.medication_change, "P-1", "sertraline 50 -> 100 mg")
        rows = await app.db.fetchall(
            "SELECT slot, due_at FROM checkins WHERE dialog_id = 'post_change' ORDER BY due_at"
        )
        assert [r["due_at"] for r in rows] == [
            "2026-03-05T17:00:00+00:00",  # day 3, 18:00 CET
            "2026-03-09T17:00:00+00:00",  # day 7
            "2026-03-16T17:00:00+00:00",  # day 14
        ]
        await call(app, planning.cancel_appointment, "P-1", booked.id, None)
        row = await app.db.fetchone("SELECT status FROM checkins WHERE dialog_id = 'pre_visit'")
        assert row["status"] == "cancelled"


async def test_quiet_hours_hold_a_scheduled_checkin_until_morning(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", timezone="UTC")
        await _finish_intake(h, user)
        await call(
            app, planning.set_schedule, "P-1", "daily", days=None, every_days="1", at="23:30"
        )
        await h.sweep()
        rows = await app.db.fetchall(
            "SELECT due_at FROM checkins WHERE dialog_id = 'daily' ORDER BY due_at LIMIT 2"
        )
        assert [r["due_at"][11:16] for r in rows] == ["09:00", "09:00"]  # never at 23:30
