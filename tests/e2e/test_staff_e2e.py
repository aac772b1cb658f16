"""The staff chat: /patients, a patient's card, schedules, appointments, pause and invites.

Most tests call the two entry points the router uses, one transaction per update as the router
does, and read what was queued in the outbox. The last ones drive the real Application.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from bot.compose import open_app
from bot.domain import callbacks
from bot.services import dispatch, enrolment, planning
from bot.services import staff as staff_chat
from bot.services.context import Incoming, Rapport
from bot.services.replies import Replies
from bot.services.unit import Unit
from bot.storage import checkins, people
from tests.conftest import START
from tests.harness import call, running

STAFF_ID = 7001
_updates = itertools.count(10_000)


class StaffUser:
    """Plays a staff member through on_staff_message and on_staff_tap, reading the outbox."""

    def __init__(self, app: Rapport, user_id: int = STAFF_ID, chat_id: int | None = None) -> None:
        self.app = app
        self.user_id = user_id
        self.chat_id = user_id if chat_id is None else chat_id
        self.shown: dict[int, dict[str, Any]] = {}  # message id (outbox id) -> text, keyboard
        self.seen = 0
        self.toast: str | None = None

    async def send(self, text: str | None, as_staff: int | None = None) -> None:
        msg = Incoming(next(_updates), self.chat_id, self.user_id, "en", text=text)
        async with self.app.db.tx() as tx:
            row = await self._staff(tx, as_staff)
            await staff_chat.on_staff_message(self._unit(tx, msg), row)
        await self._read()

    async def tap(self, label: str) -> str | None:
        """Tap the button with this label on the newest message that has it."""
        for message_id in sorted(self.shown, reverse=True):
            for row in self.shown[message_id]["keyboard"] or []:
                for text, data in row:
                    if text == label:
                        return await self.tap_data(data, message_id)
        raise LookupError(f"no button {label!r}; last shows {self.buttons()}")

    async def tap_data(
        self, data: str, message_id: int | None = None, as_staff: int | None = None
    ) -> str | None:
        message_id = message_id or max(self.shown, default=None)
        msg = Incoming(
            next(_updates),
            self.chat_id,
            self.user_id,
            "en",
            callback_data=data,
            message_id=message_id,
        )
        decoded = callbacks.decode(data)
        assert decoded is not None
        async with self.app.db.tx() as tx:
            row = await self._staff(tx, as_staff)
            self.toast = await staff_chat.on_staff_tap(self._unit(tx, msg), row, decoded)
        await self._read()
        return self.toast

    def _unit(self, tx: Any, msg: Incoming) -> Unit:
        """The unit of work the update would get (its inbox claim aside)."""
        return Unit(self.app, tx, Replies(tx, f"u{msg.update_id}", self.app.clock.now()), msg)

    async def _staff(self, conn: Any, as_staff: int | None) -> Any:
        return await people.staff_by_telegram_id(conn, as_staff or self.user_id)

    async def _read(self) -> None:
        rows = await self.app.db.fetchall(
            "SELECT id, kind, payload FROM outbox WHERE chat_id = ? AND id > ? ORDER BY id",
            (self.chat_id, self.seen),
        )
        for row in rows:
            payload = json.loads(row["payload"])
            if row["kind"] == "text":
                self.shown[row["id"]] = payload
            else:
                self.shown[payload["message_id"]] = payload
            self.seen = row["id"]

    def last(self) -> dict[str, Any]:
        return self.shown[max(self.shown)]

    def text(self) -> str:
        return str(self.last()["text"])

    def buttons(self) -> list[str]:
        return [label for row in self.last()["keyboard"] or [] for label, _ in row]

    def data(self) -> list[str]:
        return [data for row in self.last()["keyboard"] or [] for _, data in row]


async def _clinic(app: Rapport, *aliases: str, enrolled: tuple[str, ...] = ()) -> StaffUser:
    """A clinician, patients (some enrolled) and a staff member."""
    await call(app, enrolment.add_clinician, "Dr A")
    for n, alias in enumerate(aliases):
        await call(app, enrolment.add_patient, alias, "Dr A", "Europe/Madrid", "en")
        if alias in enrolled:
            async with app.db.tx() as conn:
                row = await people.patient_by_alias(conn, alias)
                await people.activate_patient(conn, row.id, 500 + n, 500 + n, "en", START)
                await people.set_patient_status(conn, row.id, "active")
    await call(app, enrolment.add_staff, STAFF_ID, "Sam")
    return StaffUser(app)


async def _outbox_count(app: Rapport) -> int:
    row = await app.db.fetchone("SELECT COUNT(*) AS n FROM outbox")
    return int(row["n"])


async def _status(app: Rapport, alias: str) -> str:
    row = await app.db.fetchone("SELECT status FROM patients WHERE alias = ?", (alias,))
    return str(row["status"])


async def test_patients_shows_status_next_checkin_last_answer_and_appointment(app) -> None:
    sam = await _clinic(app, "P-1", "P-2", enrolled=("P-1",))
    await call(app, planning.add_appointment, "P-1", "2026-03-20 10:00")
    await dispatch.plan(app, app.clock.now())
    async with app.db.tx() as conn:
        pid = (await people.patient_by_alias(conn, "P-1")).id
        cid = await checkins.create(conn, pid, "weekly", 1, "old", START, START)
        await conn.run(
            "INSERT INTO answers (checkin_id, patient_id, dialog_id, dialog_version,"
            " question_id, answered_at) VALUES (?, ?, 'weekly', 1, 'q', ?)",
            (cid, pid, "2026-03-01T10:00:00+00:00"),
        )
    await sam.send("/patients")
    text = sam.text()
    assert "page 1 of 1, 2 in all" in text
    # Madrid is UTC+1 in early March: the weekly Sunday 18:00 check-in, local.
    assert "P-1 — enrolled\n⏰ Sun 2026-03-08 18:00 · ✍ Sun 2026-03-01 11:00" in text
    assert "📅 Fri 2026-03-20 10:00" in text
    assert "P-2 — invited, not enrolled yet\n⏰ – · ✍ – · 📅 –" in text
    assert sam.buttons() == ["P-1", "P-2"]


async def test_patients_page_by_eight(app) -> None:
    sam = await _clinic(app, *(f"P-{n:02}" for n in range(1, 11)))
    await sam.send("/patients")
    assert sam.buttons() == [f"P-{n:02}" for n in range(1, 9)] + ["Next ›"]
    assert all(len(d.encode()) <= 64 for d in sam.data())
    await sam.tap("Next ›")
    assert sam.buttons() == ["P-09", "P-10", "‹ Previous"]
    assert "page 2 of 2" in sam.text()
    await sam.tap("P-10")
    await sam.tap("‹ Back")  # back to the page the patient is on
    assert sam.buttons()[:2] == ["P-09", "P-10"]


async def test_not_staff_is_refused_and_nothing_happens(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    listed = sam.last()["keyboard"]
    mallory = StaffUser(app, user_id=9001)
    # The router could only pass a staff row; still, a row that is not this user's own is refused.
    await mallory.send("/patients", as_staff=STAFF_ID)
    assert mallory.text() == "Sorry, this is only for clinic staff."
    before = await _outbox_count(app)
    data = listed[0][0][1]  # P-1's button
    toast = await mallory.tap_data(data, as_staff=STAFF_ID)
    assert toast == "Sorry, this is only for clinic staff."
    assert await _outbox_count(app) == before
    # Staff writing in a group: patient data never goes there.
    group = StaffUser(app, chat_id=-100)
    await group.send("/patients")
    assert group.text() == "Sorry, this is only for clinic staff."


async def test_schedule_by_weekday_buttons_and_a_common_time(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Schedule")
    assert "Quick check-in" in sam.buttons() and "Getting started" not in sam.buttons()
    await sam.tap("Quick check-in")
    await sam.tap("Mon")
    await sam.tap("Thu")
    await sam.tap("Tue")
    await sam.tap("✓ Tue")  # off again
    await sam.tap("18:00")
    assert "✓ Mon" in sam.buttons() and "✓ 18:00" in sam.buttons() and "Tue" in sam.buttons()
    await sam.tap("Save")
    row = await app.db.fetchone(
        "SELECT weekdays, local_time FROM schedules WHERE dialog_id='daily'"
    )
    assert (row["weekdays"], row["local_time"]) == ("mon,thu", "18:00")
    # Monday 2 March 10:00 Madrid: the first is Monday 18:00 (before quiet hours at 21:00).
    assert "Saved: Quick check-in for P-1 on Mon, Thu at 18:00." in sam.text()
    assert "Next check-in: Mon 2026-03-02 18:00." in sam.text()
    assert "Quick check-in: Mon, Thu at 18:00" in sam.text()  # the card's schedules
    event = await app.db.fetchone("SELECT detail FROM events WHERE kind = 'staff_chat_action'")
    assert json.loads(event["detail"]) == {"action": "schedule", "staff_id": 1}


async def test_schedule_errors_are_shown_and_change_nothing(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Schedule")
    await sam.tap("Weekly check-in")
    assert "✓ Sun" in sam.buttons() and "✓ 18:00" in sam.buttons()  # the current schedule
    await sam.tap("✓ Sun")
    await sam.tap("Save")
    assert sam.text().startswith("That was not changed: no weekdays given")
    row = await app.db.fetchone("SELECT weekdays FROM schedules WHERE dialog_id = 'weekly'")
    assert row["weekdays"] == "sun"
    assert "Save" in sam.buttons()  # the form stays open


async def _typing_a_time(app: Rapport) -> StaffUser:
    """Sam, at the point of typing a time for P-1's Wednesday quick check-in."""
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Schedule")
    await sam.tap("Quick check-in")
    await sam.tap("Wed")
    await sam.tap("Type a time…")
    return sam


async def test_typed_time_is_checked_and_survives_a_restart(app, settings, clock) -> None:
    sam = await _typing_a_time(app)
    assert "as HH:MM" in sam.text() and "Europe/Madrid" in sam.text()
    await sam.send("25:00")
    assert "not a time: '25:00'" in sam.text()
    await app.db.close()
    again = await open_app(settings, clock)
    try:
        sam.app = again  # a restart: only the database remembers the form
        await sam.send("07:30")
        assert "✓ 07:30" in sam.buttons() and "✓ Wed" in sam.buttons()
        await sam.tap("Save")
        row = await again.db.fetchone(
            "SELECT weekdays, local_time FROM schedules WHERE dialog_id = 'daily'"
        )
        assert (row["weekdays"], row["local_time"]) == ("wed", "07:30")
    finally:
        await again.db.close()


async def test_appointment_typed_in_local_time(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Appointment")
    assert "YYYY-MM-DD HH:MM" in sam.text()
    await sam.send("2026-03-01 10:00")
    assert "is in the past" in sam.text() and sam.buttons() == ["Cancel"]
    await sam.send("next tuesday")
    assert "not a date" in sam.text()
    assert await app.db.fetchone("SELECT 1 FROM appointments") is None
    await sam.send("2026-03-10 14:30")
    assert "Appointment saved for P-1: Tue 2026-03-10 14:30 (Europe/Madrid)" in sam.text()
    row = await app.db.fetchone("SELECT at FROM appointments")
    assert row["at"] == "2026-03-10T13:30:00+00:00"
    previsit = await app.db.fetchone("SELECT 1 FROM checkins WHERE dialog_id = 'pre_visit'")
    assert previsit is not None
    await sam.send("2026-03-11 14:30")  # the form is closed: text is not another appointment
    assert (await app.db.fetchone("SELECT COUNT(*) AS n FROM appointments"))["n"] == 1


async def test_appointment_at_a_moved_time_says_which_time_is_used(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Appointment")
    await sam.send("2026-03-29 02:30")  # Madrid's clocks skip from 02:00 to 03:00
    assert "Appointment saved for P-1: Sun 2026-03-29 03:00" in sam.text()
    assert (
        "Please note: 02:30 does not exist on 2026-03-29 in Europe/Madrid (clocks go forward);"
        " 03:00 is used"
    ) in sam.text()
    await sam.tap("Appointment")
    await sam.send("2026-03-29 03:00")  # the same instant: refused, as the CLI refuses it
    assert "That was not changed: P-1 already has an appointment at 2026-03-29 03:00" in sam.text()
    await sam.send("2030-01-01 10:00")
    assert "more than two years ahead" in sam.text()
    assert (await app.db.fetchone("SELECT COUNT(*) AS n FROM appointments"))["n"] == 1


async def test_schedule_in_quiet_hours_is_saved_and_says_when_it_goes_out(app) -> None:
    sam = await _typing_a_time(app)
    await sam.send("22:30")
    await sam.tap("Save")
    assert "Saved: Quick check-in for P-1 on Wed at 22:30." in sam.text()
    assert "Next check-in: Thu 2026-03-05 09:00." in sam.text()
    assert (
        "Please note: 22:30 is inside the patient's quiet hours (21:00–09:00);"
        " check-ins will go out at 09:00 the next morning"
    ) in sam.text()


async def test_patients_command_abandons_typed_input(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Appointment")
    await sam.send("/patients")
    await sam.send("2026-03-10 14:30")
    assert "/patients" in sam.text()  # help, not an appointment
    assert await app.db.fetchone("SELECT 1 FROM appointments") is None


async def test_pause_and_resume(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    assert "Resume" not in sam.buttons()
    await sam.tap("Pause")
    assert await _status(app, "P-1") == "paused"
    assert sam.text().startswith("P-1 is paused")
    await sam.tap("Resume")
    assert await _status(app, "P-1") == "active"
    assert "Pause" in sam.buttons()


async def test_new_invite_link_only_before_enrolment(app) -> None:
    sam = await _clinic(app, "P-1", "P-2", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    assert "New invite link" not in sam.buttons()
    forged = callbacks.encode("ya", 1, "i")
    await sam.tap_data(forged)
    assert "no new link is needed" in sam.text()
    await sam.tap("‹ Back")
    await sam.tap("P-2")
    await sam.tap("New invite link")
    assert "https://t.me/rapport_test_bot?start=" in sam.text()
    rows = await app.db.fetchall(
        "SELECT revoked_at FROM invites i JOIN patients p ON p.id = i.patient_id"
        " WHERE p.alias = 'P-2' ORDER BY i.id"
    )
    assert [r["revoked_at"] is None for r in rows] == [False, True]


async def test_stale_and_forged_taps_get_a_toast_and_change_nothing(app) -> None:
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Schedule")
    await sam.tap("Quick check-in")
    old_form = max(sam.shown)
    old_mon = next(d for label, d in sam.last()["keyboard"][0] if label == "Mon")
    await sam.send("/patients")  # the form is closed
    before = await _outbox_count(app)
    stale = "This button is out of date. Send /patients to start again."
    assert await sam.tap_data(old_mon, old_form) == stale
    for forged in ("yf:zz:s", "ya:1:q", "yq:1", "yl:-1", "yl", "yf:1:d:intake"):
        assert await sam.tap_data(forged) == stale, forged
    assert (
        await sam.tap_data(callbacks.encode("yp", 999)) == "That patient is no longer on the list."
    )
    assert await _outbox_count(app) == before
    session = await app.db.fetchone("SELECT patient_id, weekdays FROM staff_sessions")
    assert (session["patient_id"], session["weekdays"]) == (None, "")


# Through the real Application.


async def test_staff_pauses_a_patient_through_telegram(app) -> None:
    async with running(app) as h:
        patient = await h.enrol("P-1")
        staff = h.state.user(first_name="Sam")
        await call(app, enrolment.add_staff, staff.id, "Sam")
        staff.send("/patients")
        await h.step()
        assert "P-1 — enrolled" in staff.last().text
        staff.tap("P-1")
        await h.step()
        staff.tap("Pause")
        await h.step()
        assert await _status(app, "P-1") == "paused"
        assert staff.last().text.startswith("P-1 is paused")
        assert staff.last().buttons[:3] == ["Schedule", "Appointment", "Resume"]
        staff.send("/patients")
        await h.step()
        assert "P-1 — enrolled, paused" in staff.last().text
        assert all("P-1" not in m.text for m in patient.messages())


async def test_someone_else_gets_no_patient_list(app) -> None:
    async with running(app) as h:
        await h.enrol("P-1")
        stranger = h.state.user(first_name="Eve")
        stranger.send("/patients")
        await h.step()
        assert "P-1" not in stranger.last().text
        stranger.tap_data(callbacks.encode("ya", 1, "p"))
        await h.step()
        assert await _status(app, "P-1") == "active"
        assert stranger.last_answer() is not None  # answered with a toast, nothing else


async def test_a_very_long_answer_in_a_form_is_refused_politely(app) -> None:
    """Was (found by the fuzzer): the refusal quotes what was typed, Fluent refuses a placeable
    over 2,500 characters, and the staff member got no reply at all (CatalogError)."""
    sam = await _clinic(app, "P-1", enrolled=("P-1",))
    await sam.send("/patients")
    await sam.tap("P-1")
    await sam.tap("Appointment")
    await sam.send("\u200f" * 2397)  # repr() makes each one six characters
    assert "not a date" in sam.text() and sam.buttons() == ["Cancel"]
    assert await app.db.fetchone("SELECT 1 FROM appointments") is None
