"""End-to-end harness: the real PTB Application against the in-process sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from telegram.ext import Application

from bot.sandbox import SandboxRequest, SandboxServer, SimUser, TelegramState
from bot.services import dispatch, enrolment
from bot.services.context import Rapport
from bot.services.pacing import unpaced
from bot.tg import app as tg_app
from bot.tg.intake import Intake


class Harness:
    """A running bot: `await h.step()` delivers what users sent and sends the replies."""

    def __init__(self, app: Rapport, state: TelegramState, application: Application) -> None:
        self.app = app
        self.state = state
        self.application = application
        self.intake = Intake(application, app, poll_timeout=0)

    async def step(self) -> None:
        """One intake round: fetch, store, process, send."""
        while await self.intake.poll_once(0):
            pass

    async def sweep(self) -> None:
        """One tick of the dispatcher, then send what it queued."""
        await dispatch.sweep(self.app)
        await self.app.sender.flush()  # type: ignore[union-attr]

    async def enrol(
        self,
        alias: str,
        clinician: str = "Dr A",
        language: str | None = None,
        telegram_language: str = "en",
        timezone: str | None = None,
    ) -> SimUser:
        """A patient added by staff who opens the link and accepts consent."""
        if not await self.app.db.fetchone("SELECT 1 FROM clinicians WHERE name = ?", (clinician,)):
            await enrolment.add_clinician(self.app, clinician)
        invite = await enrolment.add_patient(self.app, alias, clinician, timezone, language)
        user = self.state.user(first_name=alias, language_code=telegram_language)
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
            await application.stop()
            await application.shutdown()
