"""Enrolment through the real Application and the sandbox."""

import json
from datetime import timedelta

from bot.services import enrolment
from bot.storage import inbox
from tests.harness import call, running


async def test_patient_enrols_with_link_and_consent(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", "Europe/Madrid", None)
        ana = h.state.user(first_name="Ana", language_code="es")
        ana.start(invite.token)
        await h.step()
        consent = ana.last()
        assert "Clinica Test" in consent.text
        assert "tiempo real" in consent.text  # not read in real time, in her language
        assert consent.buttons == ["Sí, acepto", "No, gracias"]
        ana.tap("Sí, acepto")
        await h.step()
        row = await app.db.fetchone("SELECT * FROM patients WHERE alias = 'P-001'")
        assert (row["status"], row["chat_id"], row["language"]) == ("active", ana.id, "es")
        assert row["consented_at"] is not None
        # the intake check-in starts by itself
        assert ana.last().buttons, "the first intake question has buttons"
        check = await app.db.fetchone("SELECT status, dialog_id FROM checkins")
        assert (check["dialog_id"], check["status"]) == ("intake", "open")


async def test_reused_token_is_refused(app) -> None:
    async with running(app) as h:
        await h.enrol("P-001")
        invite_row = await app.db.fetchone("SELECT redeemed_at FROM invites WHERE role='patient'")
        assert invite_row["redeemed_at"] is not None
        await call(app, enrolment.add_clinician, "Dr B")
        other = await call(app, enrolment.add_patient, "P-002", "Dr B", None, None)
        bob = h.state.user(first_name="Bob")
        bob.start(other.token)
        await h.step()
        bob.tap("Yes, I agree")
        await h.step()
        # Carol got hold of Bob's (used) link
        carol = h.state.user(first_name="Carol")
        carol.start(other.token)
        await h.step()
        assert "already been used" in carol.last().text
        assert carol.last().buttons == []
        row = await app.db.fetchone("SELECT chat_id FROM patients WHERE alias = 'P-002'")
        assert row["chat_id"] == bob.id


async def test_forwarded_link_is_bound_to_first_user(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, None)
        first, second = h.state.user(), h.state.user()
        first.start(invite.token)
        await h.step()
        second.start(invite.token)
        await h.step()
        assert "already been used" in second.last().text
        # Even a forged tap on the first user's consent button does nothing for the second.
        second.tap_data(first.last().callback_data("Yes, I agree"))
        await h.step()
        row = await app.db.fetchone("SELECT status, chat_id FROM patients")
        assert (row["status"], row["chat_id"]) == ("invited", None)


async def test_expired_unknown_and_missing_tokens(app, clock) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, None)
        clock.advance(timedelta(days=14))
        user = h.state.user()
        user.start(invite.token)
        await h.step()
        assert "expired" in user.last().text
        user.start("not-a-real-token")
        await h.step()
        assert "don't recognise" in user.last().text
        user.start()
        await h.step()
        assert "personal link" in user.last().text
        user.send("hello?")
        await h.step()
        assert "open the personal link" in user.last().text
        row = await app.db.fetchone("SELECT status, chat_id FROM patients")
        assert (row["status"], row["chat_id"]) == ("invited", None)


async def test_decline_links_nothing_and_link_can_be_reopened(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, None)
        user = h.state.user()
        user.start(invite.token)
        await h.step()
        user.tap("No, thank you")
        await h.step()
        assert "Nothing about you has been stored" in user.last().text
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "invited"
        user.start(invite.token)
        await h.step()
        user.tap("Yes, I agree")
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "active"


async def test_clinician_links_their_chat(app) -> None:
    async with running(app) as h:
        invite = await call(app, enrolment.add_clinician, "Dr A")
        doctor = h.state.user(first_name="A")
        doctor.start(invite.token)
        await h.step()
        doctor.tap("Yes, I agree")
        await h.step()
        row = await app.db.fetchone("SELECT chat_id FROM clinicians WHERE name = 'Dr A'")
        assert row["chat_id"] == doctor.id
        assert "linked to your clinician account" in doctor.last().text


async def test_redelivered_update_changes_nothing(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, None)
        user = h.state.user()
        update = user.start(invite.token)
        await h.step()
        tap = user.tap("Yes, I agree")
        await h.step()
        sent_before = len(user.messages())
        # Telegram may hand out an update again (e.g. the offset was not confirmed in time).
        for again in (update, tap):
            async with app.db.tx() as tx:
                await inbox.store(tx, [(again["update_id"], json.dumps(again))], app.clock.now())
        await h.intake.drain()
        assert len(user.messages()) == sent_before
        assert (await app.db.fetchone("SELECT COUNT(*) AS n FROM checkins"))["n"] == 1
        events = await app.db.fetchall("SELECT kind FROM events WHERE kind = 'consent_given'")
        assert len(events) == 1


async def test_enrolment_code_required(app, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "enrol_code", "required")
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, None)
        assert invite.code is not None and len(invite.code) == 6
        user = h.state.user()
        user.start(invite.token)
        await h.step()
        assert "short code" in user.last().text and user.last().buttons == []
        wrong = "000000" if invite.code != "000000" else "111111"
        user.send(wrong)
        await h.step()
        assert "4 tries left" in user.last().text
        user.send(invite.code)
        await h.step()
        user.tap("Yes, I agree")
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "active"
        stored = await app.db.fetchone("SELECT code_hash FROM invites WHERE role = 'patient'")
        assert invite.code not in stored["code_hash"]


async def test_five_wrong_codes_void_the_invite(app, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "enrol_code", "required")
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, None)
        user = h.state.user()
        user.start(invite.token)
        await h.step()
        wrong = "000000" if invite.code != "000000" else "111111"
        for _ in range(5):
            user.send(wrong)
            await h.step()
        assert "no longer works" in user.last().text
        user.send(invite.code)  # even the right code is too late now
        await h.step()
        user.start(invite.token)
        await h.step()
        assert "no longer valid" in user.last().text
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "invited"


async def test_start_is_rate_limited_per_chat(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, None)
        guesser = h.state.user()
        for n in range(10):
            guesser.start(f"guess-{n}")
            await h.step()
        guesser.start(invite.token)  # the eleventh try within the hour: not even looked up
        await h.step()
        assert "a lot of tries" in guesser.last().text
        assert (await app.db.fetchone("SELECT claimed_by FROM invites WHERE role='patient'"))[
            "claimed_by"
        ] is None
