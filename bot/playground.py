"""The try-it playground: the real bot over the sandbox, played from a browser.

`rapport demo --serve` and `rapport sandbox --serve` keep the bot running against the sandbox
and serve the web view with the try-it pages (bot/web/try_it.py): each person's chat, buttons
that work, and a virtual clock moved by hand one hour at a time, each hour swept as `rapport
run` would sweep it, so scheduled check-ins, reminders and digests arrive. Nothing ticks on the
wall clock; every change goes through one lock, so the bot sees updates in the order given.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.clock import VirtualClock
from bot.sandbox import StoredFile, StoredMessage, TelegramState
from bot.sandbox.shapes import inline_buttons
from bot.services import dispatch
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.tg.intake import Intake
from bot.web import server

ROLES = ("patient", "clinician", "staff")
MAX_TEXT = 4096  # what Telegram lets a user type in one message
MAX_HOURS = 24 * 7


@dataclass(frozen=True)
class Person:
    """Someone the browser can play: a sandbox Telegram user with a role in the clinic."""

    user_id: int
    name: str
    role: str  # one of ROLES
    about: str  # one line for the role picker
    timezone: str = "UTC"
    invite: str | None = None  # the /start payload of their invite link, until they open it


@dataclass(frozen=True)
class Tapped:
    """What the bot answered to a tap (a toast or an alert Telegram would show), if anything."""

    text: str | None


class Playground:
    """The running bot, its sandbox Telegram and the people a browser may play."""

    def __init__(
        self, app: Rapport, state: TelegramState, intake: Intake, people: Sequence[Person]
    ) -> None:
        if not isinstance(app.clock, VirtualClock):
            raise TypeError("the playground moves a virtual clock")
        self.app = app
        self.state = state
        self.intake = intake
        self.people = list(people)
        self.clock: VirtualClock = app.clock
        self.lock = asyncio.Lock()
        # Every try-it form carries it: another site cannot read it, so cannot post for you.
        self.csrf = secrets.token_urlsafe(24)
        self._notices: dict[int, str] = {}

    def person(self, user_id: int) -> Person | None:
        return next((p for p in self.people if p.user_id == user_id), None)

    def chat(self, person: Person) -> list[StoredMessage]:
        """Every visible message of the person's chat with the bot, both ways, in order."""
        return self.state.chat_messages(person.user_id)

    def menu(self, person: Person) -> list[tuple[str, str]]:
        """The person's command menu, as Telegram shows it: (command, what it does)."""
        user = self.state.user(person.user_id)
        return [(f"/{c['command']}", str(c.get("description", ""))) for c in user.menu()]

    def fingerprint(self, person: Person) -> str:
        """Changes whenever the chat does (new, edited or deleted messages): pages refresh."""
        shape = [
            (m.message_id, len(m.history), m.deleted, m.data.get("edit_date"))
            for m in self.state.chat_messages(person.user_id, include_deleted=True)
        ]
        return hashlib.sha256(repr(shape).encode()).hexdigest()[:16]

    def file(self, person: Person, message_id: int) -> StoredFile | None:
        """The document or photo of one bot message in the person's chat."""
        message = self.state.find_message(person.user_id, message_id)
        if message is None or message.deleted or message.file is None:
            return None
        return message.file

    def notice(self, person: Person) -> str | None:
        """The bot's answer to the person's last tap, or a refusal, shown once."""
        return self._notices.pop(person.user_id, None)

    def tell(self, person: Person, text: str) -> None:
        """Show `text` once, at the top of the person's chat."""
        self._notices[person.user_id] = text

    async def step(self) -> None:
        """Deliver what users sent; the bot handles it and its replies are sent."""
        await self.intake.catch_up()

    async def send(self, person: Person, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if len(text) > MAX_TEXT:
            raise InputError(f"a message holds at most {MAX_TEXT} characters")
        async with self.lock:
            self.state.user(person.user_id).send(text)
            await self.step()

    async def start(self, person: Person) -> None:
        """Press Start, from the person's invite link when they have one."""
        async with self.lock:
            self.state.user(person.user_id).start(person.invite)
            await self.step()

    async def tap(self, person: Person, message_id: int, index: int) -> Tapped:
        """Tap a button of a bot message: its data is read here, never taken from the form."""
        async with self.lock:
            message = self.state.find_message(person.user_id, message_id)
            buttons = [] if message is None or message.deleted else inline_buttons(
                message.reply_markup
            )
            if not message or not message.outgoing or not 0 <= index < len(buttons):
                raise InputError("that button is no longer there")
            data = buttons[index].get("callback_data")
            if data is None:
                raise InputError("that button opens a link")
            user = self.state.user(person.user_id)
            user.tap_data(data, message_id)
            await self.step()
            answer = user.last_answer() or {}
            text = answer.get("text") or None
            if text:
                self.tell(person, text)
            return Tapped(text)

    async def advance(self, hours: int) -> None:
        """Move the clock on by whole hours, sweeping after each as the running bot would."""
        if not 1 <= hours <= MAX_HOURS:
            raise InputError(f"the clock moves 1 to {MAX_HOURS} hours at a time")
        async with self.lock:
            for _ in range(hours):
                self.clock.advance(timedelta(hours=1))
                await dispatch.sweep(self.app)
                if self.app.sender is not None:
                    await self.app.sender.flush()
                await self.step()


async def serve(
    playground: Playground,
    host: str,
    port: int,
    stop: asyncio.Event,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the web view and the try-it pages until `stop` is set (port 0: any free port)."""
    from bot.web import try_it
    from bot.web.app import build

    app = playground.app
    shown = f"[{host}]" if ":" in host else host
    # Sign-in links the bot sends (/web) point here, whatever port was free, even when a .env
    # names the clinic's public address: the playground is only ever this local server.
    app.settings = app.settings.model_copy(
        update={"web_listen": f"{shown}:{port}", "web_url": None}
    )
    sock = server.listen(app, public=False)
    await server.serve(build(app, extra=try_it.routes(playground)), sock, stop, on_ready)
