"""`rapport demo`: the whole product against the built-in sandbox, on a virtual clock."""

from __future__ import annotations

import asyncio
import shutil
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot import files, playground
from bot.clock import VirtualClock
from bot.compose import open_app
from bot.config import load_settings, parse_listen
from bot.demo_personas import PERSONAS, REGIMEN_SINCE, Persona
from bot.domain import callbacks
from bot.domain.constructs import QType
from bot.playground import Person, Playground
from bot.sandbox import SandboxServer, SimUser, TelegramState
from bot.services import checkins as conversation
from bot.services import digests, dispatch, enrolment, planning, prompts, regimen
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.services.pacing import unpaced
from bot.storage import checkins, people
from bot.storage import digests as storage_digests
from bot.tg import app as tg_app
from bot.tg.intake import Intake

TOKEN = "100200300:DEMO-sandbox-token"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday morning


class Demo:
    """Drives scripted people through the sandbox and narrates what they see."""

    def __init__(self, app: Rapport, state: TelegramState, intake: Intake) -> None:
        self.app = app
        self.state = state
        self.intake = intake
        self._shown: dict[tuple[int, int], str] = {}  # (user, message) -> the text printed
        self.quiet = False
        self.handled: set[int] = set()

    async def step(self) -> None:
        await self.intake.catch_up()

    def say(self, who: str, text: str) -> None:
        if not self.quiet:
            print(f"  {who}: {text}")

    def local(self, app: Rapport, persona: Persona) -> str:
        """Now on the persona's own clock, for the narration."""
        local = app.clock.now().astimezone(ZoneInfo(persona.timezone))
        return f"{local:%a %d %b %H:%M} {persona.timezone.split('/')[-1]:<9}"

    def narrate(self, user: SimUser, name: str) -> None:
        """Print the bot's new messages to this person, and those it redrew (an answer draws
        the next question over the message that was tapped)."""
        for message in user.messages():
            key = (user.id, message.message_id)
            if self._shown.get(key) == message.text:
                continue
            before = self._shown.get(key)
            self._shown[key] = message.text
            if self.quiet:
                continue
            body = message.text if before is None else _changed(before, message.text)
            body = body.replace("\n", "\n        ")
            buttons = f"\n        [{' | '.join(message.buttons)}]" if message.buttons else ""
            print(f"  🤖 {'→' if before is None else '✎'} {name}: {body}{buttons}")

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

    async def answer_open_checkin(
        self, user: SimUser, persona: Persona, occurrence: int = 0
    ) -> int:
        """Answer the open check-in question by question, as the persona would."""
        asked = 0
        while (current := await self._current(persona.alias)) is not None:
            dialog, question = current
            value = persona.answer(dialog.id, question.id, occurrence)
            await self._answer(user, persona, question, value)
            asked += 1
        return asked

    async def _current(self, alias: str) -> tuple[Any, Any] | None:
        async with self.app.db.read() as tx:
            patient = await people.patient_by_alias(tx, alias)
            assert patient is not None
            return await conversation.asking(self.app, tx, patient.id)

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


def _changed(before: str, after: str) -> str:
    """A redrawn message as the narration shows it: only its lines that were not there before
    (the title with its progress, the new record line, the next question)."""
    seen = set(before.split("\n"))
    return "\n".join(line for line in after.split("\n") if line and line not in seen)


def _fresh(out: Path) -> Path:
    """An empty output folder: every demo run starts from nothing. Only an earlier demo's
    folder is emptied: `--output ~` must not wipe someone's home."""
    if out.exists() and any(out.iterdir()) and not (out / "demo.db").exists():
        raise InputError(f"{out} is not empty and holds no earlier demo: choose a new folder")
    shutil.rmtree(out, ignore_errors=True)
    files.private_folder(out)
    return out


@asynccontextmanager
async def _bot(
    out: Path, clock: VirtualClock, state: TelegramState, staff: bool
) -> AsyncIterator[tuple[Rapport, Intake]]:
    """The real bot over the sandbox (loopback HTTP), on `out`'s database and a virtual clock.
    With `staff`, a staff member is added first, so their chat gets its menu at start."""
    with SandboxServer(state, token=TOKEN) as server:
        settings = load_settings(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=server.base_url,
            DATABASE_URL=f"sqlite:///{(out / 'demo.db').resolve()}",
            RAPPORT_CLINIC_NAME="Clínica Norte",
        )
        app = await open_app(settings, clock)
        try:
            if staff:
                async with app.db.tx() as tx:
                    await enrolment.add_staff(app, tx, STAFF.user_id, STAFF.name)
                state.user(STAFF.user_id, first_name=STAFF.name, language_code="en")
            # The sandbox enforces no flood limits, so the demo need not wait like real
            # Telegram. No tick: the demo moves its virtual clock and sweeps by itself.
            application = tg_app.build_application(app, pacer=unpaced())
            await tg_app.start(application, app)
            try:
                yield app, Intake(application, app, poll_timeout=0)
            finally:
                await application.stop()
                await application.shutdown()
        finally:
            await app.db.close()


async def run_demo(
    output: str = "demo-output", days: int = 29, serve: bool = False, listen: str | None = None
) -> None:
    """Enrol a clinician and the demo patients through the sandbox and print it all; with
    `serve`, keep the bot running and serve the try-it pages on `listen` (host:port; default
    RAPPORT_WEB_LISTEN)."""
    out = _fresh(Path(output))
    clock = VirtualClock(START)
    state = TelegramState(bot_username="rapport_demo_bot", clock=clock)
    async with _bot(out, clock, state, staff=serve) as (app, intake):
        demo = Demo(app, state, intake)
        doctor, users = await _script(demo, app, state, days)
        print(f"\nDemo finished. Everything it stored is in {out / 'demo.db'}.")
        sys.stdout.flush()
        if serve:
            people = [*(_patient(p, users[p.alias]) for p in PERSONAS), _doctor(doctor), STAFF]
            await _serve(Playground(app, state, intake, people), listen)


async def run_sandbox(output: str = "sandbox-output", listen: str | None = None) -> None:
    """An empty clinic (a clinician, a staff member, one invited patient) served to play."""
    async with sandbox_playground(_fresh(Path(output)), VirtualClock(_this_hour())) as played:
        print(f"Sandbox clinic ready; it stores everything in {output}/demo.db.")
        await _serve(played, listen)


@asynccontextmanager
async def sandbox_playground(out: Path, clock: VirtualClock) -> AsyncIterator[Playground]:
    """The sandbox clinic (`rapport sandbox --serve` and the browser tests): Dr Rivera linked,
    Reception on staff, patient P-001 invited but not yet started."""
    state = TelegramState(bot_username="rapport_sandbox_bot", clock=clock)
    async with _bot(out, clock, state, staff=True) as (app, intake):
        played = Playground(app, state, intake, [])
        async with app.db.tx() as tx:
            invite = await enrolment.add_clinician(app, tx, "Dr Rivera", "en")
        doctor = state.user(first_name="Rivera", language_code="en")
        doctor.start(invite.token)
        await played.step()
        doctor.tap(doctor.last().buttons[0])
        await played.step()
        async with app.db.tx() as tx:
            invite = await enrolment.add_patient(app, tx, "P-001", "Dr Rivera", None, None)
            await _sandbox_plan(app, tx, "P-001")
        patient = state.user(first_name="Alex", language_code="en")
        played.people += [
            Person(
                patient.id,
                "Alex",
                "patient",
                "P-001, invited by the clinic: press Start to open the invite link",
                app.settings.default_timezone,
                invite=invite.token,
            ),
            _doctor(doctor),
            STAFF,
        ]
        yield played


async def _sandbox_plan(app: Rapport, tx: Any, alias: str) -> None:
    """A weekly check-in two days from now, and a visit in ten days (so a digest before it):
    moving the clock on a week or two shows them arrive."""
    today = app.clock.now().astimezone(ZoneInfo(app.settings.default_timezone))
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[(today.weekday() + 2) % 7]
    await planning.set_schedule(app, tx, alias, "weekly", days=day, every_days=None, at="18:00")
    visit = today + timedelta(days=10)
    await planning.add_appointment(app, tx, alias, f"{visit:%Y-%m-%d} 10:00")


STAFF = Person(
    990_001, "Reception", "staff", "clinic staff: /patients, and /web for the staff pages"
)


def _doctor(user: SimUser) -> Person:
    return Person(user.id, "Dr Rivera", "clinician", "linked: gets alerts, digests, /web")


def _patient(persona: Persona, user: SimUser) -> Person:
    about = f"{persona.alias}, speaks {persona.language}, four weeks of answers behind them"
    return Person(user.id, persona.first_name, "patient", about, persona.timezone)


def _this_hour() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


async def _serve(played: Playground, listen: str | None) -> None:
    """Serve until Ctrl-C or SIGTERM, printing where."""
    host, port = parse_listen(listen or played.app.settings.web_listen)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    def ready(url: str) -> None:
        print(f"\nTry it:   {url}/try   (play each person; the clock moves by buttons)")
        print(f"Web view: {url}/web/  (sign in: send /web as the clinician or as staff)")
        print("Stop with Ctrl-C.")
        sys.stdout.flush()

    await playground.serve(played, host, port, stop, ready)


async def _script(
    demo: Demo, app: Rapport, state: TelegramState, days: int
) -> tuple[SimUser, dict[str, SimUser]]:
    print("== Staff create a clinician and send the invite link")
    async with app.db.tx() as tx:
        invite = await enrolment.add_clinician(app, tx, "Dr Rivera", "en")
    print(f"  $ rapport clinician add --name 'Dr Rivera'  →  {invite.link}")
    doctor = state.user(first_name="Rivera", language_code="en")
    doctor.start(invite.token)
    await demo.step()
    demo.narrate(doctor, "Dr Rivera")
    await demo.tap(doctor, "Dr Rivera", doctor.last().buttons[0])
    users: dict[str, SimUser] = {}
    for index, persona in enumerate(PERSONAS):
        users[persona.alias] = await _enrol(demo, app, state, persona, verbose=index == 0)
        await _plan(app, persona)
    await _four_weeks(demo, app, users, days)
    await _digests(app, state, doctor)
    return doctor, users


async def _enrol(
    demo: Demo, app: Rapport, state: TelegramState, persona: Persona, verbose: bool
) -> SimUser:
    name = persona.first_name
    print(f"\n== {persona.alias} ({name}, {persona.timezone}) is invited, enrols, answers intake")
    async with app.db.tx() as tx:
        invite = await enrolment.add_patient(
            app, tx, persona.alias, "Dr Rivera", persona.timezone, None
        )
    print(
        f"  $ rapport patient add --alias {persona.alias} --clinician 'Dr Rivera'"
        f" --timezone {persona.timezone}  →  {invite.link}"
    )
    user = state.user(first_name=name, language_code=persona.language)
    demo.quiet = not verbose
    demo.say(f"👤 {name}", f"opens the link (/start {invite.token[:6]}…)")
    user.start(invite.token)
    await demo.step()
    demo.narrate(user, name)
    await demo.tap(user, name, user.last().buttons[0])
    asked = await demo.answer_open_checkin(user, persona)
    demo.quiet = False
    if not verbose:
        print(f"  ({name} consented and answered {asked} intake questions in {persona.language})")
    return user


async def _plan(app: Rapport, persona: Persona) -> None:
    """What staff set up for this patient, through the same use cases as the CLI."""
    async with app.db.tx() as tx:
        await _plan_in(app, tx, persona)


async def _plan_in(app: Rapport, tx: Any, persona: Persona) -> None:
    for rule in persona.schedules:
        await planning.set_schedule(
            app,
            tx,
            persona.alias,
            rule["dialog"],
            days=rule.get("days"),
            every_days=rule.get("every_days"),
            at=rule["time"],
        )
        how = f"--days {rule['days']}" if "days" in rule else f"--every-days {rule['every_days']}"
        print(
            f"  $ rapport schedule set --patient {persona.alias} --dialog {rule['dialog']}"
            f" {how} --time {rule['time']}"
        )
    for drug, dose, as_needed in persona.regimen:
        await regimen.add(
            app, tx, persona.alias, drug, dose, started=REGIMEN_SINCE, as_needed=as_needed
        )
        print(
            f"  $ rapport medication add --patient {persona.alias} --drug {drug} --dose '{dose}'"
            f" --started {REGIMEN_SINCE}" + (" --as-needed" if as_needed else "")
        )
    await planning.add_appointment(app, tx, persona.alias, persona.appointment)
    print(f"  $ rapport appointment add --patient {persona.alias} --at '{persona.appointment}'")


async def _four_weeks(demo: Demo, app: Rapport, users: dict[str, SimUser], days: int) -> None:
    """Four weeks (or `days`) on the virtual clock: the real dispatcher ticks every hour."""
    clock: VirtualClock = app.clock  # type: ignore[assignment]
    print(f"\n== {days} days of check-ins (virtual clock, real dispatcher)")
    seen: dict[str, int] = {alias: 0 for alias in users}
    counts: dict[tuple[str, str], int] = {}
    for tick in range(days * 24):
        clock.advance(timedelta(hours=1))
        for persona in PERSONAS if tick == 2 else ():
            if persona.change:
                await _change(app, persona, *persona.change)
        await dispatch.sweep(app)
        await demo.step()
        for persona in PERSONAS:
            user = users[persona.alias]
            sent = user.messages()
            for message in sent[seen[persona.alias] :]:
                await _on_bot_message(demo, app, persona, user, message, counts)
            seen[persona.alias] = len(user.messages())


async def _change(app: Rapport, persona: Persona, drug: str, dose: str) -> None:
    """A dose change recorded by staff in week one."""
    async with app.db.tx() as tx:
        await regimen.change(app, tx, persona.alias, drug, dose)
    print(f"  $ rapport medication change --patient {persona.alias} --drug {drug} --dose '{dose}'")


async def _on_bot_message(
    demo: Demo,
    app: Rapport,
    persona: Persona,
    user: SimUser,
    message: Any,
    counts: dict[tuple[str, str], int],
) -> None:
    start = app.t(persona.language, "checkin-start")
    if message.buttons != [start]:
        return
    data = callbacks.decode(message.callback_data(start))
    checkin_id = data.number(0) if data else None
    async with app.db.read() as tx:
        row = await checkins.by_id(tx, checkin_id or 0)
    if row is None or row.id in demo.handled or row.opened_at is not None:
        return  # a reminder of a check-in already handled, or one already started
    demo.handled.add(row.id)
    dialog, local = row.dialog_id, demo.local(app, persona)
    occurrence = counts.get((persona.alias, dialog), 0)
    counts[(persona.alias, dialog)] = occurrence + 1
    if occurrence in persona.ignores.get(dialog, set()):
        print(f"  {local}  {persona.first_name:<5} ← {dialog}: not answered")
        return
    demo.quiet = True
    user.tap(start, message.message_id)
    await demo.step()
    asked = await demo.answer_open_checkin(user, persona, occurrence)
    demo.quiet = False
    print(f"  {local}  {persona.first_name:<5} ← {dialog}: answered {asked} questions")


async def _digests(app: Rapport, state: TelegramState, doctor: SimUser) -> None:
    """The digests that reached Dr Rivera's chat before each appointment, and their files."""
    out = Path(app.settings.database_path).parent
    print("\n== Pre-visit digests, as they reached Dr Rivera's chat")
    for persona in PERSONAS:
        async with app.db.read() as tx:
            patient = await people.patient_by_alias(tx, persona.alias)
            assert patient is not None
            sent = await storage_digests.last_scheduled(tx, patient.id)
            built = await digests.rebuild(app, tx, sent) if sent is not None else None
        if built is None:
            print(f"  (no digest was due for {persona.alias})")
            continue
        print()
        print(digests.render(app, built, "text"))
        chart = await digests.drawn(app, built)
        _write_files(out, persona.alias, digests.render(app, built, "html", chart), chart)
    shown = len(doctor.photos())
    print(f"\nDr Rivera's chat received {shown} digest charts; HTML and PNG copies are in {out}/")


def _write_files(out: Path, alias: str, html: str, png: bytes | None) -> None:
    files.write_new(out / f"digest-{alias}.html", html)
    if png is not None:
        files.write_new(out / f"digest-{alias}.png", png)
