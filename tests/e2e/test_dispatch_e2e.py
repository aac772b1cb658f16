"""The dispatcher through the real Application: on time, once, across restarts and failures."""

from datetime import datetime, timedelta

from bot.compose import open_app
from bot.domain.outgoing import RESEND_AFTER, Text
from bot.sandbox import TelegramState
from bot.services import dispatch, planning, regimen
from bot.storage import outbox
from tests.harness import call, running

SUNDAY_18_MADRID = "2026-03-08T17:00:00+00:00"  # first Sunday after START (Monday 2 March)


def invitations(user, app) -> list:
    return [m for m in user.messages() if m.text == app.t("en", "checkin-invite")]


async def _finish_intake(h, user) -> None:
    async with h.app.db.tx() as conn:
        await conn.run("UPDATE checkins SET status = 'completed' WHERE dialog_id = 'intake'")


async def _first(app, dialog_id: str):
    """The dialog's first check-in: the one asked for now comes before those planned ahead
    (by id, not the table's order, which PostgreSQL does not keep)."""
    sql = "SELECT * FROM checkins WHERE dialog_id = ? ORDER BY id"
    return await app.db.fetchone(sql, (dialog_id,))


async def test_weekly_checkin_goes_out_once_at_local_time(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", timezone="Europe/Madrid")
        await _finish_intake(h, user)
        await h.sweep()
        assert invitations(user, app) == []
        row = await _first(app, "weekly")
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
        row = await _first(app, "weekly")
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
        row = await _first(app, "weekly")
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


async def _crash_mid_send(app, settings, clock, state, queue) -> tuple[int, int]:
    """Queue something with `queue(h, user)`, then die after marking its row `sending`;
    returns the row and the patient's Telegram id."""
    async with running(app, state) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        await queue(h, user)
        async with app.db.tx() as tx:
            row = (await outbox.due(tx, clock.now(), 10))[0]
            assert await outbox.begin_send(tx, row.id)  # committed, then the process died
    await app.db.close()
    return row.id, user.id


async def _invitation(h, user) -> None:
    await call(h.app, planning.checkin_now, "P-1", "weekly")
    await dispatch.sweep(h.app)


async def _reply(h, user) -> None:
    async with h.app.db.tx() as tx:
        await outbox.queue(tx, user.id, Text("a reply in a conversation"), h.app.clock.now())


async def test_invitation_interrupted_mid_send_is_sent_again_once(app, settings, clock) -> None:
    state = TelegramState()
    row_id, user_id = await _crash_mid_send(app, settings, clock, state, _invitation)
    user = state.user(telegram_id=user_id)
    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            await h2.sweep()
            assert invitations(user, again) == []  # not at once: RESEND_AFTER first
            clock.advance(RESEND_AFTER)
            await h2.sweep()
            clock.advance(timedelta(hours=1))
            await h2.sweep()
            assert len(invitations(user, again)) == 1
            row = await again.db.fetchone("SELECT * FROM outbox WHERE id = ?", (row_id,))
            assert (row["status"], row["resends"]) == ("sent", 1)
    finally:
        await again.db.close()


async def test_reply_interrupted_mid_send_stays_ambiguous(app, settings, clock) -> None:
    state = TelegramState()
    row_id, _ = await _crash_mid_send(app, settings, clock, state, _reply)
    again = await open_app(settings, clock)
    try:
        async with running(again, state) as h2:
            clock.advance(timedelta(hours=1))
            await h2.sweep()
            calls = [c for c in state.calls_to("sendMessage") if "a reply" in c.params["text"]]
            assert calls == []
            row = await again.db.fetchone("SELECT status FROM outbox WHERE id = ?", (row_id,))
            assert row["status"] == "ambiguous"
    finally:
        await again.db.close()


async def test_invitation_whose_answer_was_lost_is_sent_twice_at_most(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _finish_intake(h, user)
        h.state.simulate_lost_replies(user.id, times=5)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        assert len(invitations(user, app)) == 1
        for _ in range(3):
            clock.advance(RESEND_AFTER)
            await h.sweep()
        assert len(invitations(user, app)) == 2  # one harmless repeat, then no more
        row = await app.db.fetchone("SELECT status FROM outbox WHERE priority = 1")
        assert row["status"] == "ambiguous"


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
        row = await _first(app, "weekly")
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
        await call(app, regimen.add, "P-1", "sertraline", "50 mg", started="2026-01-05")
        await call(app, regimen.change, "P-1", "sertraline", "100 mg")
        rows = await app.db.fetchall(
            "SELECT slot, due_at FROM checkins WHERE dialog_id = 'post_change' ORDER BY due_at"
        )
        assert [r["due_at"] for r in rows] == [
            "2026-03-05T17:00:00+00:00",  # day 3, 18:00 CET
            "2026-03-09T17:00:00+00:00",  # day 7
            "2026-03-16T17:00:00+00:00",  # day 14
        ]
        await call(app, planning.cancel_appointment, "P-1", booked.id, None)
        row = await _first(app, "pre_visit")
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


# --- after the bot was down (issue 9); START is Monday 09:00 UTC, quiet hours 21:00-09:00


def reminders(user) -> list:
    return [m for m in user.messages() if "reminder" in m.text or "closes in" in m.text]


async def _sent_at(app, tag: str) -> list[datetime]:
    """When invitations ('invite') or reminders ('remind') went out, by the bot's clock."""
    rows = await app.db.fetchall(
        "SELECT sent_at FROM outbox WHERE dedupe_key LIKE ? ORDER BY id", (f"checkin:%:{tag}%",)
    )
    return [datetime.fromisoformat(r["sent_at"]) for r in rows]


async def _due_at_20(h, dialog: str):
    """A UTC patient whose `dialog` is due every day at 20:00, planned ahead."""
    user = await h.enrol("P-1", timezone="UTC")
    await _finish_intake(h, user)
    await call(h.app, planning.set_schedule, "P-1", dialog, days=None, every_days="1", at="20:00")
    await h.sweep()
    return user


async def test_checkin_due_while_down_waits_until_quiet_hours_end(app, clock) -> None:
    async with running(app) as h:
        user = await _due_at_20(h, "weekly")  # a 48-hour window
        clock.set(clock.now().replace(hour=23))  # down from before 20:00 until 23:00
        await h.sweep()
        assert invitations(user, app) == []
        clock.set(clock.now().replace(day=3, hour=8, minute=59))
        await h.sweep()
        assert invitations(user, app) == []
        clock.set(clock.now().replace(hour=9, minute=0))
        await h.sweep()
        assert len(invitations(user, app)) == 1
        assert await _sent_at(app, "invite") == [clock.now()]


async def test_checkin_whose_window_closes_in_quiet_hours_is_missed(app, clock) -> None:
    async with running(app) as h:
        user = await _due_at_20(h, "daily")  # a 12-hour window: closes at 08:00
        clock.set(clock.now().replace(hour=23))
        await h.sweep()
        row = await app.db.fetchone("SELECT status FROM checkins WHERE slot = '2026-03-02'")
        assert row["status"] == "missed"
        await call(app, planning.checkin_now, "P-1", "weekly")  # staff asked: not held
        await h.sweep()
        assert len(invitations(user, app)) == 1


async def test_after_a_long_stop_one_reminder_then_the_next_hours_later(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", timezone="UTC")
        await _finish_intake(h, user)
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()  # invited at 09:00: reminders planned for 13:00 and 17:00
        clock.set(clock.now().replace(hour=18))  # down through both
        await h.sweep()
        await h.sweep()
        clock.advance(timedelta(minutes=30))
        await h.sweep()
        assert len(reminders(user)) == 1
        clock.set(clock.now().replace(hour=20, minute=59))
        await h.sweep()
        assert len(reminders(user)) == 1  # 22:00 would be quiet: the next waits for morning
        clock.set(clock.now().replace(day=3, hour=9, minute=0))
        await h.sweep()
        assert len(reminders(user)) == 2
        first, last = await _sent_at(app, "remind")
        assert (first.hour, last - first) == (18, timedelta(hours=15))


async def test_reminder_due_while_down_waits_until_quiet_hours_end(app, clock) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1", timezone="UTC")
        await _finish_intake(h, user)
        clock.set(clock.now().replace(hour=15))
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()  # a reminder is due at 19:00
        clock.set(clock.now().replace(hour=22))  # down through it
        await h.sweep()
        assert reminders(user) == []
        clock.set(clock.now().replace(day=3, hour=9))
        await h.sweep()
        assert len(reminders(user)) == 1
