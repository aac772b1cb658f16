"""`rapport demo`: the whole product against the built-in sandbox, on a virtual clock."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.cli import open_app
from bot.clock import VirtualClock
from bot.config import load_settings
from bot.domain import engine
from bot.domain.constructs import QType
from bot.sandbox import SandboxServer, SimUser, TelegramState
from bot.services import enrolment, prompts
from bot.services.checkins import load_answers
from bot.services.context import Rapport
from bot.services.pacing import unpaced
from bot.storage import checkins, people
from bot.tg import app as tg_app
from bot.tg.intake import Intake

TOKEN = "100200300:DEMO-sandbox-token"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday morning


@dataclass
class Persona:
    """A scripted patient: who they are and how they answer each dialog."""

    alias: str
    first_name: str
    language: str
    timezone: str
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


PERSONAS = [
    Persona(
        "P-001",
        "Ana",
        "es",
        "Europe/Madrid",
        {
            "intake": {
                "taking_now": "as_prescribed",
                "other_medicines": "no",
                "benefit": 7,
                "need": 7,
                "harm_worry": 3,
                "dependency": 2,
                "identity": 2,
                "readiness": 8,
                "heard": 9,
                "agreement": 8,
                "pressure": 1,
                "miss_anything": "no",
                "note": "Tengo ganas de volver a dormir bien.",
            },
        },
    ),
]


class Demo:
    """Drives scripted people through the sandbox and narrates what they see."""

    def __init__(self, app: Rapport, state: TelegramState, intake: Intake) -> None:
        self.app = app
        self.state = state
        self.intake = intake
        self._shown: dict[int, int] = {}

    async def step(self) -> None:
        while await self.intake.poll_once(0):
            pass

    def say(self, who: str, text: str) -> None:
        print(f"  {who}: {text}")

    def narrate(self, user: SimUser, name: str) -> None:
        """Print the bot's new messages to this person."""
        sent = user.messages()
        for message in sent[self._shown.get(user.id, 0) :]:
            body = message.text.replace("\n", "\n        ")
            buttons = f"\n        [{' | '.join(message.buttons)}]" if message.buttons else ""
            print(f"  🤖 → {name}: {body}{buttons}")
        self._shown[user.id] = len(sent)

    async def tap(self, user: SimUser, name: str, label: str) -> None:
        self.say(f"👤 {name}", f"taps «{label}»")
        user.tap(label)
        await self.step()
        self.narrate(user, name)

    async def send(self, user: SimUser, name: str, text: str) -> None:
        self.say(f"👤 {name}", text)
        user.send(text)
        await self.step()
        self.narrate(user, name)

    async def answer_open_checkin(self, user: SimUser, persona: Persona) -> None:
        """Answer the open check-in question by question, as the persona would."""
        while (current := await self._current(persona.alias)) is not None:
            dialog, question = current
            value = persona.answers.get(dialog.id, {}).get(question.id)
            await self._answer(user, persona, question, value)

    async def _current(self, alias: str) -> tuple[Any, Any] | None:
        async with self.app.db.tx() as conn:
            patient = await people.patient_by_alias(conn, alias)
            checkin = await checkins.open_for_patient(conn, patient["id"])
            if checkin is None:
                return None
            dialog = self.app.dialogs[checkin["dialog_id"]]
            answers = load_answers(await checkins.answers(conn, checkin["id"]))
        question = engine.current_question(dialog, answers)
        return None if question is None else (dialog, question)

    async def _answer(self, user: SimUser, persona: Persona, question: Any, value: Any) -> None:
        t, lang, name = self.app.t, persona.language, persona.first_name
        if value is None:
            await self.tap(user, name, t(lang, "checkin-skip"))
        elif question.type is QType.TEXT:
            await self.send(user, name, value)
        elif question.type is QType.MULTI:
            for item in value:
                await self.tap(user, name, prompts.answer_label(t, lang, question, item))
            await self.tap(user, name, t(lang, "checkin-done"))
        else:
            await self.tap(user, name, prompts.answer_label(t, lang, question, value))


def _fresh(out: Path) -> Path:
    """An empty output folder: every demo run starts from nothing."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out


async def run_demo(output: str = "demo-output") -> None:
    """Enrol a clinician and the demo patients through the sandbox and print it all."""
    out = _fresh(Path(output))
    state = TelegramState(bot_username="rapport_demo_bot")
    clock = VirtualClock(START)
    with SandboxServer(state, token=TOKEN) as server:
        settings = load_settings(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=server.base_url,
            DATABASE_URL=f"sqlite:///{(out / 'demo.db').resolve()}",
            RAPPORT_CLINIC_NAME="Clínica Norte",
        )
        app = await open_app(settings, clock)
        # The sandbox enforces no flood limits, so the demo need not wait like real Telegram.
        application = tg_app.build_application(app, pacer=unpaced())
        await tg_app.start(application, app)
        try:
            demo = Demo(app, state, Intake(application, app, poll_timeout=0))
            await _script(demo, app, state)
        finally:
            await application.stop()
            await application.shutdown()
            await app.db.close()
    print(f"\nDemo finished. Everything it stored is in {out / 'demo.db'}.")
    sys.stdout.flush()


async def _script(demo: Demo, app: Rapport, state: TelegramState) -> None:
    print("== Staff create a clinician and send the invite link")
    invite = await enrolment.add_clinician(app, "Dr Rivera", "en")
    print(f"  $ rapport clinician add --name 'Dr Rivera'  →  {invite.link}")
    doctor = state.user(first_name="Rivera", language_code="en")
    doctor.start(invite.token)
    await demo.step()
    demo.narrate(doctor, "Dr Rivera")
    await demo.tap(doctor, "Dr Rivera", doctor.last().buttons[0])
    for persona in PERSONAS:
        print(f"\n== {persona.alias} ({persona.first_name}) is invited and enrols")
        invite = await enrolment.add_patient(
            app, persona.alias, "Dr Rivera", persona.timezone, None
        )
        print(
            f"  $ rapport patient add --alias {persona.alias} --clinician 'Dr Rivera'"
            f" --timezone {persona.timezone}  →  {invite.link}"
        )
        user = state.user(first_name=persona.first_name, language_code=persona.language)
        demo.say(f"👤 {persona.first_name}", f"opens the link (/start {invite.token[:6]}…)")
        user.start(invite.token)
        await demo.step()
        demo.narrate(user, persona.first_name)
        await demo.tap(user, persona.first_name, user.last().buttons[0])
        print(f"\n== {persona.first_name} answers the intake check-in")
        await demo.answer_open_checkin(user, persona)
        app.clock.advance(timedelta(minutes=5))  # type: ignore[attr-defined]
