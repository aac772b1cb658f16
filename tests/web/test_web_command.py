"""/web in the bot: clinicians and staff get a sign-in link; nobody else learns it exists."""

from __future__ import annotations

import re

from bot.services import enrolment
from tests.harness import call, running
from tests.web.webkit import browser

STAFF_ID = 900_101
LINK = re.compile(r"http://127\.0\.0\.1:8080(/signin/[A-Za-z0-9_-]+)")


async def _links(app) -> int:
    row = await app.db.fetchone("SELECT COUNT(*) AS n FROM web_links")
    return int(row["n"])


def _path(text: str) -> str:
    found = LINK.search(text)
    assert found, text
    return found.group(1)


async def test_a_clinician_gets_a_link_that_signs_them_in(app) -> None:
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        doctor.send("/web")
        await h.step()
        text = doctor.last().text
        assert "works once, for 10 minutes" in text
        async with browser(app) as client:
            path = _path(text)
            assert (await client.get(path)).status_code == 200
            assert (await client.post(path)).status_code == 303
            home = await client.get("/web/")
            assert home.status_code == 200 and "Dr A" in home.text
    # The message went out, and the outbox keeps nothing usable of it.
    rows = await app.db.fetchall("SELECT payload FROM outbox WHERE payload LIKE '%signin%'")
    assert rows == []


async def test_staff_get_a_link_in_their_language_and_with_the_bot_name(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_staff, STAFF_ID, "Sam")
        staff = h.state.user(telegram_id=STAFF_ID, first_name="Sam", language_code="es")
        staff.send("/web@rapport_test_bot")
        await h.step()
        assert "una sola vez" in staff.last().text
        _path(staff.last().text)
        staff.send("/help")
        await h.step()
        assert "/web" in staff.last().text
    assert await _links(app) == 1


async def test_patients_and_strangers_get_what_any_unknown_command_gets(app) -> None:
    async with running(app) as h:
        patient = await h.enrol("P-1")
        stranger = h.state.user(first_name="Stranger")
        for user in (patient, stranger):
            user.send("/nonsense")
            await h.step()
            unknown = user.last().text
            user.send("/web")
            await h.step()
            assert user.last().text == unknown
            assert "signin" not in user.last().text
    assert await _links(app) == 0


async def test_no_link_in_a_group_chat(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_staff, STAFF_ID, "Sam")
        staff = h.state.user(telegram_id=STAFF_ID, first_name="Sam")
        group = h.state.group("Clinic")
        group.add_bot(by=staff)
        await h.step()
        group.send(staff, "/web")
        await h.step()
        assert not any("signin" in text for text in group.texts())
    assert await _links(app) == 0
