"""No token and no patient words in the logs, even with every logger at DEBUG."""

from __future__ import annotations

import logging

from bot.services import enrolment
from tests.harness import call, running

WORDS = "my-secret-feelings-about-my-mother"


async def test_logs_hold_no_token_and_no_patient_data(app, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("telegram", "httpx", "aiosqlite"):  # as a careless deployment might
        logging.getLogger(name).setLevel(logging.NOTSET)
    async with running(app) as h:
        invite = await call(app, enrolment.add_clinician, "Dr A")
        doctor = h.state.user(first_name="Doctorname")
        doctor.start(invite.token)
        await h.step()
        doctor.tap("Yes, I agree")
        await h.step()
        user = await h.enrol("P-1")
        user.send(WORDS)
        await h.step()
        user.send("i want to die, " + WORDS)  # a crisis: alerts quote the words
        await h.step()
        user.send("/mydata")
        await h.step()
        await h.sweep()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged, "something was logged"
    token = app.settings.token()
    for secret in (token, token.split(":")[1], WORDS, "Doctorname", invite.token):
        assert secret not in logged, secret
