"""End-to-end harness: the real PTB Application against the in-process sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any, TypeVar

from telegram.ext import Application

from bot.domain.constructs import QType
from bot.domain.dialogs import Question
from bot.domain.screening import CONSTRUCTS as SCREEN_CONSTRUCTS
from bot.sandbox import SandboxRequest, SandboxServer, SimUser, TelegramState
from bot.services import checkins as conversation
from bot.services import dispatch, enrolment, prompts
from bot.services.context import Rapport
from bot.services.pacing import unpaced
from bot.storage import people
from bot.tg import app as tg_app
from bot.tg.intake import Intake

T = TypeVar("T")


class Harness:
    """A running bot: `await h.step()` delivers what users sent and sends the replies."""

    def __init__(self, app: Rapport, state: TelegramState, application: Application) -> None:
        self.app = app
        self.state = state
        self.application = application
        self.intake = Intake(application, app, poll_timeout=0)

    async def step(self) -> None:
        """One intake round: fetch, store, process, send."""
        await self.intake.catch_up()

    async def tap(self, user: SimUser, label: str) -> None:
        user.tap(label)
        await self.step()

    async def send(self, user: SimUser, text: str) -> None:
        user.send(text)
        await self.step()

    async def answer(self, user: SimUser, alias: str, script: Mapping[str, Any]) -> int:
        """Answer the open check-in question by question from `script` (absent: skip; the
        suicide screen that may follow, which has no Skip: "no")."""
        asked = 0
        while (current := await self._current(alias)) is not None:
            question, lang = current
            default = "no" if question.measures in SCREEN_CONSTRUCTS else None
            await self._give(user, question, lang, script.get(question.id, default))
            asked += 1
        return asked

    async def _current(self, alias: str) -> tuple[Question, str] | None:
        async with self.app.db.read() as tx:
            patient = await people.patient_by_alias(tx, alias)
            assert patient is not None
            asked = await conversation.asking(self.app, tx, patient.id)
        return None if asked is None else (asked[1], self.app.lang(patient.language))

    async def _give(self, user: SimUser, question: Question, lang: str, value: Any) -> None:
        t = self.app.t
        if value is None:
            await self.tap(user, t(lang, "checkin-skip"))
        elif question.type is QType.TEXT:
            await self.send(user, value)
        elif question.type is QType.MULTI:
            for item in value:
                await self.tap(user, prompts.answer_label(t, lang, question, item))
            await self.tap(user, t(lang, "checkin-done"))
        else:
            await self.tap(user, prompts.answer_label(t, lang, question, value))

    async def sweep(self) -> None:
        """One tick of the dispatcher, then send what it queued."""
        await dispatch.sweep(self.app)
        await self.app.sender.flush()  # type: ignore[union-attr]

    async def clinician(self, name: str = "Dr A") -> SimUser:
        """A clinician added by staff who opens their link and agrees: their chat is linked."""
        invite = await call(self.app, enrolment.add_clinician, name, "en")
        doctor = self.state.user(first_name=name)
        doctor.start(invite.token)
        await self.step()
        doctor.tap("Yes, I agree")
        await self.step()
        return doctor

    async def enrol(
        self,
        alias: str,
        clinician: str = "Dr A",
        language: str | None = None,
        telegram_language: str = "en",
        timezone: str | None = None,
        telegram_id: int | None = None,
    ) -> SimUser:
        """A patient added by staff who opens the link and accepts consent."""
        if not await self.app.db.fetchone("SELECT 1 FROM clinicians WHERE name = ?", (clinician,)):
            await call(self.app, enrolment.add_clinician, clinician)
        invite = await call(self.app, enrolment.add_patient, alias, clinician, timezone, language)
        user = self.state.user(telegram_id, first_name=alias, language_code=telegram_language)
        user.start(invite.token)
        await self.step()
        user.tap(user.last().buttons[0])
        await self.step()
        return user


@asynccontextmanager
async def running(
    app: Rapport, state: TelegramState | None = None, *, http: bool = False
) -> AsyncIterator[Harness]:
    """Start the real Application over the sandbox (in process, or over loopback HTTP when
    `http`); stop it afterwards. Nothing ticks: tests sweep with `Harness.sweep`."""
    state = state or TelegramState()
    async with AsyncExitStack() as stack:
        if http:
            server = stack.enter_context(SandboxServer(state))
            app.settings = app.settings.model_copy(
                update={"telegram_api_base_url": server.base_url}
            )
            application = tg_app.build_application(app, pacer=unpaced())
        else:
            application = tg_app.build_application(app, SandboxRequest(state), unpaced())
        await tg_app.start(application, app)
        try:
            yield Harness(app, state, application)
        finally:
            await tg_app.finish(application, app)


async def call(
    app: Rapport, use_case: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
) -> T:
    """A use case in a transaction of its own, as a CLI command runs it."""
    async with app.db.tx() as tx:
        return await use_case(app, tx, *args, **kwargs)


async def in_tx(app: Rapport, step: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
    """A storage function run in a transaction of its own."""
    async with app.db.tx() as tx:
        return await step(tx, *args, **kwargs)
