"""The role matrix: every command and every kind of button, as every role and as a stranger.

Each handler checks who the chat belongs to. A stranger learns how to enrol and nothing else;
a patient never reaches staff or clinician features; a clinician sees only their own patients;
staff features are for staff only. Nothing is stored by anyone acting outside their role.
"""

from __future__ import annotations

import pytest

from bot.domain import callbacks
from bot.services import enrolment
from tests.harness import call, running

COMMANDS = [
    "/start",
    "/help",
    "/checkin",
    "/language",
    "/pause",
    "/resume",
    "/stop",
    "/sos",
    "/safetyplan",
    "/mydata",
    "/delete",
    "/patients",
    "/digest",
    "/web",
    "/nonsense",
]
PATIENT_ONLY = {
    "/checkin",
    "/language",
    "/pause",
    "/resume",
    "/stop",
    "/sos",
    "/safetyplan",
    "/mydata",
    "/delete",
}
# One forged button of every kind the bot understands, aimed at patient 1 / check-in 1.
CALLBACKS = {
    "consent": callbacks.encode("c", 1, "y"),
    "answer": callbacks.encode_answer(1, 0, 0),
    "back": callbacks.encode_back(1, 1),
    "skip": callbacks.encode_skip(1, 0),
    "toggle": callbacks.encode_toggle(1, 0, 0),
    "done": callbacks.encode_done(1, 0),
    "open": callbacks.encode("o", 1),
    "language": callbacks.encode("l", "es"),
    "stop": callbacks.encode("x", "y"),
    "erase": callbacks.encode("z", "y"),
    "digest": callbacks.encode("gd", 1),
    "staff-list": callbacks.encode("yl", 0),
    "staff-patient": callbacks.encode("yp", 1),
    "staff-action": callbacks.encode("ya", 1, "p"),
    "staff-form": callbacks.encode("yf", 1),
    "safe-check": callbacks.encode("sc", 1, "h"),
    "sos": callbacks.encode("sos"),
    "acknowledge": callbacks.encode("ak", 1),
    "task-done": callbacks.encode("td", 1),
    "feedback": callbacks.encode("hf", 1, "taking_less", "f"),
}
STAFF_ID = 900_001


async def _world(h):
    """Dr A with patient P-1 (mid-intake), Dr B with none, a staff member, a stranger."""
    doctors = {}
    for name in ("Dr A", "Dr B"):
        invite = await call(h.app, enrolment.add_clinician, name)
        doctors[name] = h.state.user(first_name=name)
        doctors[name].start(invite.token)
        await h.step()
        doctors[name].tap("Yes, I agree")
        await h.step()
    patient = await h.enrol("P-1", clinician="Dr A")
    await call(h.app, enrolment.add_staff, STAFF_ID, "Reception")
    staff = h.state.user(telegram_id=STAFF_ID, first_name="Reception")
    stranger = h.state.user(first_name="Stranger")
    for user in (staff, stranger):  # each has a message from the bot that a tap can sit on
        user.send("hello")
    await h.step()
    return {
        "patient": patient,
        "clinician": doctors["Dr B"],
        "own-clinician": doctors["Dr A"],
        "staff": staff,
        "stranger": stranger,
    }


async def _snapshot(app) -> dict[str, list]:
    tables = (
        "answers",
        "patient_messages",
        "checkins",
        "patients",
        "schedules",
        "appointments",
        "digests",
        "safety_plans",
        "tasks",
    )
    return {
        t: [tuple(r) for r in await app.db.fetchall(f"SELECT * FROM {t}")]  # noqa: S608
        for t in tables
    }


@pytest.mark.parametrize("command", COMMANDS)
async def test_every_command_as_every_role(app, command: str) -> None:
    async with running(app) as h:
        people = await _world(h)
        t = app.t
        for role, user in people.items():
            before = await _snapshot(app)
            sent = len(user.messages())
            user.send(command)
            await h.step()
            replies = [m.text for m in user.messages()[sent:]]
            assert replies, (role, command, "every private message gets an answer")
            text = "\n".join(replies)
            if role == "stranger":
                assert text in (
                    t("en", "enrol-how", clinic="Clinica Test"),
                    t("en", "enrol-no-token"),
                ), (role, command)
                assert await _snapshot(app) == before
            if (
                role in ("clinician", "own-clinician", "staff", "stranger")
                and command in PATIENT_ONLY
            ):
                assert "P-1" not in text and "safety plan" not in text.lower(), (role, command)
                changed = await _snapshot(app)
                assert changed["patients"] == before["patients"]
                assert changed["safety_plans"] == before["safety_plans"]
            if command == "/patients" and role != "staff":
                assert "P-1" not in text, (role, command)
            if command == "/digest" and role != "own-clinician":
                assert "Pre-visit digest" not in text, (role, command)
            if command == "/patients" and role == "staff":
                assert "P-1" in text
            if command == "/digest" and role == "own-clinician":
                assert user.last().buttons == ["P-1"]
            if command == "/web":  # a sign-in link for clinicians and staff, for nobody else
                web_roles = ("clinician", "own-clinician", "staff")
                assert ("/signin/" in text) == (role in web_roles), (role, command)


@pytest.mark.parametrize("kind", sorted(CALLBACKS))
async def test_every_button_kind_as_every_role(app, kind: str) -> None:
    async with running(app) as h:
        people = await _world(h)
        for role, user in people.items():
            if role == "patient" and kind in (
                "answer",
                "back",
                "skip",
                "toggle",
                "done",
                "open",
                "language",
                "stop",
                "erase",
            ):
                continue  # the patient's own buttons: their real effect is tested elsewhere
            if role == "staff" and kind.startswith("staff-"):
                continue  # staff may act on any patient: tested in test_staff_e2e
            if role == "own-clinician" and kind == "digest":
                continue  # Dr A asking for P-1's digest is allowed: tested in test_digest_e2e
            before = await _snapshot(app)
            sent = len(user.messages())
            user.tap_data(CALLBACKS[kind])
            await h.step()
            answer = user.last_answer()
            assert answer is not None, (role, kind, "every tap is answered")
            after = await _snapshot(app)
            assert after == before, (role, kind, "a forged tap changes nothing")
            shown = "\n".join(m.text for m in user.messages()[sent:])
            assert "P-1" not in shown, (role, kind)


def test_the_matrix_forges_every_kind_the_registry_knows() -> None:
    """A new callback kind gets its audience in callbacks.KINDS and a row here."""
    forged = {callbacks.decode(data).kind for data in CALLBACKS.values()}  # type: ignore[union-attr]
    assert forged == set(callbacks.KINDS)
