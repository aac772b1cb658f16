"""Patients answering at once: answers committed a second and tap -> next question, under
Telegram's limits, and the ceiling with no limits at all on a big clinic.

    .venv/bin/python -m bench.bench_answers [--patients 30 200] [--limits telegram|off]
        [--latency-ms N] [--ceiling 10000 100000] [--in-process [--http]]
        [--bot-profile FILE] [--json] [--dir D]

A fresh SQLite file with the real migrations, one clinician and N active patients (one
transaction through bot.storage), each with a weekly schedule whose first check-in is two days
ahead (nothing due during the run) and planned 8 days ahead, as a running clinic has them.
The answering patients get a sandbox chat (`SimUser`, /start written) and a check-in of the
`weekly` dialog asked for now (`planning.checkin_now`), and the bench waits until every
invitation is shown.

The bot is `rapport run` as its own process (`python -m bench.bench_answers --as-bot PACE`:
the CLI's `run`, with Rapport's pacer and PTB's 30/s bucket switched off when pace is off),
polling a loopback SandboxServer (`--latency-ms` of round trip) in this process; its first
tick invites. The simulated patients and the sandbox stay here, so what is measured is the
bot, and the bot's CPU per answer is read from /proc (`bot CPU ... ms an answer`, this
process's CPU share beside it: a bench near 100 % would be measuring itself).
`--bot-profile FILE` writes the bot process's cProfile. `--in-process` runs the Application
in this process instead, as before issue 14b (over SandboxRequest, or over HTTP with
`--http` or `--latency-ms`), one sweep and the sender inviting.

Then every answering patient, at once, taps Start and answers each question as soon as it is
shown (cycling through three weeks of answers; a question the script has no answer for is
skipped, a screen question answered "no", as the test harness does), until their check-in
ends. A question counts as shown when the database has moved past the one answered and the
chat's newest message with buttons is a new one, or the answered one edited, that holds the
button to tap next: this holds whether an answer costs an edit and a new message or one edit.
Its time is that of the bot's call that showed it; tap -> next question runs from the tap.

- answers/s: answers stored in the database over the wall time from the first tap to the last
  check-in ending; sustained: answers a second between the 10th and 90th percentile of the
  answers' times (each the call that showed the next question, or ended the check-in), the
  pace once every patient is answering, without the opening Starts and the closing tail;
- p50 / p99 of tap -> next question (Start included);
- 429s: calls the sandbox refused (`refused_429` when the sandbox counts them, and the
  recorded calls answered 429).

`--limits telegram` makes the sandbox enforce Telegram's limits (bot.sandbox.limits.TELEGRAM)
with Rapport's own pacing as in production; `off` switches off the sandbox's limits, Rapport's
pacer (`unpaced()`) and PTB's 30/s bucket. `--ceiling` sizes are clinics of that many patients
of whom 200 answer, always with limits off.

Under the limits each patient reads the invitation and each question for `--think-ms`
(1,500 ms, give or take half, drawn per patient from a fixed seed) before tapping,
and as long between the taps of one answer (a box ticked, then Done):
Telegram allows one message a second per chat, so a patient tapping the instant a question
appears would measure that limit rather than Rapport. The ceiling runs tap at once.

Checks (BenchError): every answering patient's check-in is completed with its answers stored,
each answer once, and nothing was sent to an idle patient.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from unittest import mock

from bench.bench_digest import WEEKS
from bench.fixtures import (
    FIRST_TELEGRAM_ID,
    TOKEN,
    BenchError,
    Pace,
    Plan,
    bench_settings,
    count,
    cpu_seconds,
    enrol,
    make_chats_known,
    open_clinic,
    ptb_limits,
    rapport_env,
    running,
)
from bot.clock import SystemClock
from bot.domain.constructs import FIXED_VALUES, QType
from bot.domain.dialogs import Question
from bot.domain.screening import CONSTRUCTS as SCREEN_CONSTRUCTS
from bot.sandbox import SandboxServer, SimUser, TelegramState
from bot.sandbox.shapes import Files, JSONDict
from bot.services import checkins as conversation
from bot.services import dispatch, planning, prompts
from bot.services.context import Rapport
from bot.services.pacing import unpaced
from bot.storage.db import Database
from bot.tg.intake import Intake

Limits = Literal["telegram", "off"]
# process: `rapport run` as its own process over loopback HTTP (what is measured is Rapport);
# in-process: the Application in the benchmark's own event loop, beside the simulated patients.
BotMode = Literal["process", "in-process"]
ROOT = Path(__file__).resolve().parent.parent

DIALOG = "weekly"
CONCURRENT_AT_CEILING = 200
WAIT = 120.0  # seconds one step may take before the bench gives up: a hang, not a figure
_CHANGES = ("send", "edit", "delete", "copy", "forward")


class ChatWatch(TelegramState):
    """The sandbox, waking the one patient whose chat a bot call changed, and noting when."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.changed_at: dict[int, float] = {}
        self._events: dict[int, tuple[asyncio.AbstractEventLoop, asyncio.Event]] = {}

    def watch(self, chat_id: int) -> asyncio.Event:
        """An event set whenever the bot changes this chat (from any thread)."""
        event = asyncio.Event()
        self._events[chat_id] = (asyncio.get_running_loop(), event)
        return event

    def call(
        self,
        method: str,
        params: JSONDict | None = None,
        files: Files | None = None,
        *,
        notify: bool = True,
    ) -> JSONDict:
        """Telegram's answer, as TelegramState.call gives it."""
        envelope = super().call(method, params, files, notify=notify)
        chat = (params or {}).get("chat_id")
        if chat is not None and method.lower().startswith(_CHANGES):
            chat_id = int(chat)
            self.changed_at[chat_id] = time.perf_counter()
            if watched := self._events.get(chat_id):
                watched[0].call_soon_threadsafe(watched[1].set)
        return envelope


@dataclass(frozen=True)
class Screen:
    """What the patient sees of a question message: its id, text and buttons."""

    message_id: int
    text: str
    buttons: tuple[str, ...]


@dataclass
class Patient:
    """One answering patient."""

    patient_id: int
    checkin_id: int
    user: SimUser
    event: asyncio.Event
    script: dict[str, Any]
    latencies: list[float] = field(default_factory=list)
    answered_at: list[float] = field(default_factory=list)  # each answer's next question shown


@dataclass
class Run:
    """One measurement: N patients answering, with the options it ran under."""

    clinic: int
    answering: int
    limits: Limits
    pace: Pace
    latency_ms: int
    think_s: float = 0.0
    answers: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    answered_at: list[float] = field(default_factory=list, repr=False)
    refused_429: int = 0
    calls_429: int = 0
    bot: BotMode = "process"
    bot_cpu_s: float | None = None  # the bot process's CPU while the patients answered
    bench_cpu_s: float = 0.0  # this process's (patients, sandbox; in process, the bot too)

    @property
    def cpu_ms_per_answer(self) -> float | None:
        """The bot process's CPU milliseconds per answer stored (process mode)."""
        if self.bot_cpu_s is None or not self.answers:
            return None
        return 1000 * self.bot_cpu_s / self.answers

    @property
    def answers_per_second(self) -> float:
        """Answers stored a wall second."""
        return self.answers / self.seconds if self.seconds else 0.0

    @property
    def sustained_per_second(self) -> float:
        """Answers a second between the 10th and the 90th percentile of their times: the pace
        once every patient is in their check-in, without the Starts that open the run and the
        last few patients, each held to its own reading and one message a second, closing it."""
        times = sorted(self.answered_at)
        first, last = len(times) // 10, 9 * len(times) // 10
        if last <= first or times[last] <= times[first]:
            return 0.0
        return (last - first) / (times[last] - times[first])

    def percentile(self, p: float) -> float:
        """The p-th percentile of tap -> next question, in milliseconds."""
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def newest_screen(state: TelegramState, chat_id: int) -> Screen | None:
    """The chat's newest bot message with buttons (read live, without copying the chat)."""
    with state.lock:
        for m in reversed(state.messages.get(chat_id, [])):
            if m.outgoing and not m.deleted and m.buttons:
                return Screen(m.message_id, m.text, tuple(m.buttons))
    return None


async def clinic(
    app: Rapport, state: TelegramState, total: int, answering: int
) -> list[tuple[int, SimUser]]:
    """N patients planned ahead; the first `answering` get a chat and a check-in asked now."""
    today = app.clock.now().date()
    plan = Plan(DIALOG, None, 7, today + timedelta(days=2), lambda _: "10:00")
    chats = await enrol(app, None, total, plan)
    await dispatch.plan(app, app.clock.now())
    users = [state.user(c, f"B-{c - FIRST_TELEGRAM_ID:05d}") for c in chats[:answering]]
    make_chats_known(state, chats[:answering])
    async with app.db.tx() as tx:
        for i in range(answering):
            await planning.checkin_now(app, tx, f"B-{i:05d}", DIALOG)
    return [(i + 1, users[i]) for i in range(answering)]


async def invite(
    app: Rapport, state: ChatWatch, people: list[tuple[int, SimUser]]
) -> list[Patient]:
    """One sweep; wait until every answering patient sees their invitation."""
    await dispatch.sweep(app)
    assert app.sender is not None
    await app.sender.kick()
    return await invited(app, state, people)


async def invited(
    app: Rapport, state: ChatWatch, people: list[tuple[int, SimUser]]
) -> list[Patient]:
    """Wait until every answering patient sees their invitation (whoever sweeps)."""
    start = app.t("en", "checkin-start")
    try:
        await state.wait_for(
            lambda: all(
                (s := newest_screen(state, u.id)) and start in s.buttons for _, u in people
            ),
            WAIT,
        )
    except TimeoutError:
        raise BenchError(f"the invitations were not all shown within {WAIT:.0f}s") from None
    rows = await app.db.fetchall("SELECT id, patient_id FROM checkins WHERE source = 'manual'")
    by_patient = {r["patient_id"]: r["id"] for r in rows}
    return [
        Patient(pid, by_patient[pid], user, state.watch(user.id), WEEKS[pid % len(WEEKS)])
        for pid, user in people
    ]


async def current(app: Rapport, eyes: Database, patient_id: int) -> Question | None:
    """The question the database says is being asked (as tests/harness.py finds it), read on
    the bench's own connection: the bot's one connection and its lock stay the bot's."""
    async with eyes.read() as tx:
        asked = await conversation.asking(app, tx, patient_id)
    return None if asked is None else asked[1]


async def finished(eyes: Database, p: Patient) -> bool:
    """Whether the check-in is over."""
    row = await eyes.fetchone("SELECT status FROM checkins WHERE id = ?", (p.checkin_id,))
    return row is not None and row["status"] == "completed"


def plan_taps(app: Rapport, question: Question, value: Any) -> tuple[list[str], str | None]:
    """The buttons to tap for one answer, and the text to send instead (text questions)."""
    t, lang = app.t, "en"
    if value is None:
        return [t(lang, "checkin-skip")], None
    if question.type is QType.TEXT:
        return [], str(value)
    if question.type is QType.MULTI:
        items = [prompts.answer_label(t, lang, question, item) for item in value]
        return [*items, t(lang, "checkin-done")], None
    return [prompts.answer_label(t, lang, question, value)], None


async def next_shown(
    app: Rapport,
    eyes: Database,
    state: ChatWatch,
    p: Patient,
    before: Screen,
    answered: str | None,
) -> tuple[Question, Screen, float] | None:
    """Wait until the next question is shown (None: the check-in ended); when it was."""
    chat = p.user.id
    question = None
    while True:
        p.event.clear()
        question = await current(app, eyes, p.patient_id)
        if question is None and await finished(eyes, p):
            return None
        if question is not None and question.id != answered:
            taps, _ = plan_taps(app, question, _value(p, question))
            screen = newest_screen(state, chat)
            if (
                screen is not None
                and screen != before
                and screen.message_id >= before.message_id
                and (not taps or taps[0] in screen.buttons)
            ):
                return question, screen, state.changed_at[chat]
        try:
            await asyncio.wait_for(p.event.wait(), WAIT)
        except TimeoutError:
            seen = newest_screen(state, chat)
            raise BenchError(
                f"patient {p.patient_id}: nothing shown within {WAIT:.0f}s after {answered}"
                f" (asking {question.id if question else None}, showing {seen})"
            ) from None


def _value(p: Patient, question: Question) -> Any:
    """The script's answer; else Skip, or (no Skip button) "no" or the first option."""
    if question.id in p.script:
        return p.script[question.id]
    if question.measures not in SCREEN_CONSTRUCTS and question.skippable:
        return None
    if question.type in (QType.YES_NO, QType.YES_NO_UNSURE):
        return "no"
    if question.type is QType.MULTI:
        return [question.options[0].value]
    if question.type is QType.TEXT:
        return "-"
    values = FIXED_VALUES.get(question.type) or [o.value for o in question.options]
    return values[0] if values else None


def _reader(p: Patient, think: float) -> Callable[[], Awaitable[None]]:
    """A pause of `think` seconds give or take half, the same for every run of the bench: people
    do not all read at one speed, nor tap in step (in step, 30 Starts at once would measure the
    overall limit's queue)."""
    rng = random.Random(p.patient_id)

    async def pause() -> None:
        if think:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    return pause


async def give(
    app: Rapport, p: Patient, question: Question, pause: Callable[[], Awaitable[None]]
) -> float:
    """Answer one question with its taps (or text), a pause apart (ticking a box, then Done,
    takes a person a moment too); the time of the last one."""
    taps, text = plan_taps(app, question, _value(p, question))
    for i, label in enumerate(taps):
        if i:
            await pause()
        p.user.tap(label)
    if text is not None:
        p.user.send(text)
    return time.perf_counter()


async def answer_all(
    app: Rapport, eyes: Database, state: ChatWatch, p: Patient, think: float = 0.0
) -> None:
    """Start, then answer each question `think` seconds after it is shown, until the end."""
    screen = newest_screen(state, p.user.id)
    assert screen is not None
    answered: str | None = None
    pause = _reader(p, think)
    await pause()  # the invitation is read too before Start is tapped
    p.user.tap(app.t("en", "checkin-start"))
    tapped = time.perf_counter()
    while (shown := await next_shown(app, eyes, state, p, screen, answered)) is not None:
        question, screen, at = shown
        p.latencies.append(at - tapped)
        if answered is not None:
            p.answered_at.append(at)
        await pause()
        tapped = await give(app, p, question, pause)
        answered = question.id
    if answered is not None:  # the last answer's time: the call that ended the check-in
        p.answered_at.append(state.changed_at.get(p.user.id, time.perf_counter()))


@asynccontextmanager
async def bot_running(
    app: Rapport, state: ChatWatch, pace: Pace, latency_ms: int, http: bool
) -> AsyncIterator[None]:
    """The Application with Rapport's intake and sender, as `rapport run` runs them."""
    async with AsyncExitStack() as stack:
        if http or latency_ms:
            extra: dict[str, Any] = {"latency_ms": latency_ms} if latency_ms else {}
            server = stack.enter_context(SandboxServer(state, token=TOKEN, **extra))
            app.settings = app.settings.model_copy(
                update={"telegram_api_base_url": server.base_url}
            )
        application = await stack.enter_async_context(
            running(app, state, pace, http=http or bool(latency_ms))
        )
        assert app.sender is not None
        stop = asyncio.Event()
        tasks = [
            asyncio.create_task(Intake(application, app, poll_timeout=10).run(stop)),
            asyncio.create_task(app.sender.run(stop)),
        ]
        try:
            yield
        finally:
            stop.set()
            state.release_polls()
            await asyncio.gather(*tasks)


def sandbox(limits: Limits) -> ChatWatch:
    """The sandbox, enforcing Telegram's limits or none."""
    if limits == "off":
        return ChatWatch()
    try:
        from bot.sandbox.limits import TELEGRAM  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise BenchError("this sandbox cannot enforce limits yet: use --limits off") from None
    return ChatWatch(limits=TELEGRAM)


def bot_env(directory: Path, server: SandboxServer) -> dict[str, str]:
    """`rapport run`'s settings: those of the benchmark's own Rapport (bench_settings)."""
    settings = bench_settings(directory)
    return {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **rapport_env(
            server.base_url,
            TOKEN,
            settings.database_url,
            RAPPORT_CLINIC_NAME=settings.clinic_name,
            RAPPORT_SWEEP_SECONDS=str(settings.sweep_seconds),
            RAPPORT_REMINDER_HOURS=str(settings.reminder_hours),
        ),
    }


@asynccontextmanager
async def bot_process(
    directory: Path, state: ChatWatch, run: Run, profile: Path | None = None
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`rapport run` as its own process (unpaced with pace off), against a loopback
    SandboxServer in this process; its first tick (a second after it starts) invites."""
    with SandboxServer(state, token=TOKEN, latency_ms=run.latency_ms) as server:
        command = [sys.executable, "-m", "bench.bench_answers", "--as-bot", run.pace]
        command += ["--bot-profile", str(profile)] if profile else []
        with (directory / "bot.log").open("ab") as log:
            process = await asyncio.create_subprocess_exec(
                *command,
                env={**os.environ, **bot_env(directory, server)},
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=directory,  # no .env of the caller's is read
            )
        try:
            yield process
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            code = await process.wait()
            if code:
                tail = (directory / "bot.log").read_text(errors="replace")[-2000:]
                raise BenchError(f"the bot process exited with {code}:\n{tail}")


async def answering(
    app: Rapport, directory: Path, state: ChatWatch, run: Run, patients: list[Patient]
) -> None:
    """Every patient answers their check-in; the answers and the wall time go into `run`."""
    before = await count(app, "SELECT COUNT(*) FROM answers")
    eyes = await Database.open(directory / "bench.db")
    try:
        start, cpu = time.perf_counter(), time.process_time()
        think = run.think_s
        await asyncio.gather(*(answer_all(app, eyes, state, p, think) for p in patients))
        run.seconds = time.perf_counter() - start
        run.bench_cpu_s = time.process_time() - cpu
    finally:
        await eyes.close()
    run.answers = await count(app, "SELECT COUNT(*) FROM answers") - before


async def run_once(
    directory: Path, run: Run, http: bool = False, profile: Path | None = None
) -> Run:
    """One clinic, its answering patients, measured and checked."""
    state = sandbox(run.limits)
    app = await open_clinic(directory, SystemClock())
    try:
        people = await clinic(app, state, run.clinic, run.answering)
        if run.bot == "process":
            async with bot_process(directory, state, run, profile) as process:
                patients = await invited(app, state, people)
                cpu = cpu_seconds(process.pid)
                await answering(app, directory, state, run, patients)
                run.bot_cpu_s = cpu_seconds(process.pid) - cpu
        else:
            async with bot_running(app, state, run.pace, run.latency_ms, http):
                patients = await invite(app, state, people)
                await answering(app, directory, state, run, patients)
        run.latencies_ms = [1000 * s for p in patients for s in p.latencies]
        run.answered_at = [t for p in patients for t in p.answered_at]
        run.refused_429 = int(getattr(state, "refused_429", 0))
        run.calls_429 = sum(1 for c in state.calls if c.response.get("error_code") == 429)
        await check(app, state, run, patients)
    finally:
        await app.db.close()
    return run


def serve_bot(pace: Pace, profile: Path | None) -> int:
    """The bot process: `rapport run`, unpaced with pace off (as `running` does in process),
    its profile written to `profile` when it stops."""
    from bot import cli
    from bot.tg import app as tg_app

    build = tg_app.build_application
    unpaced_build = lambda app, request=None, pacer=None: build(app, request, unpaced())  # noqa: E731
    patched = (
        mock.patch.object(tg_app, "build_application", unpaced_build)
        if pace == "off"
        else nullcontext()
    )
    with ptb_limits(pace), patched:
        if profile is None:
            return cli.main(["run"])
        profiler = cProfile.Profile()
        try:
            return profiler.runcall(cli.main, ["run"])
        finally:
            profiler.dump_stats(profile)


async def check(app: Rapport, state: TelegramState, run: Run, patients: list[Patient]) -> None:
    """Every check-in completed with answers, none stored twice, idle patients untouched."""
    ids = [p.checkin_id for p in patients]
    rows = await app.db.fetchall("SELECT id, status FROM checkins WHERE source = 'manual'")
    done = sum(1 for r in rows if r["id"] in ids and r["status"] == "completed")
    twice = await count(
        app,
        "SELECT COUNT(*) FROM (SELECT checkin_id, question_id FROM answers"
        " WHERE superseded_at IS NULL GROUP BY checkin_id, question_id HAVING COUNT(*) > 1)",
    )
    answering = {p.user.id for p in patients}
    idle = {int(c.params["chat_id"]) for c in state.calls_to("sendMessage")} - answering
    if done != len(ids) or twice or idle or not run.answers:
        raise BenchError(
            f"{done} of {len(ids)} check-ins completed, {twice} answers stored twice,"
            f" {len(idle)} idle patients written to, {run.answers} answers"
        )


def render(run: Run) -> str:
    """One run as a line."""
    cpu = run.cpu_ms_per_answer
    return (
        f"clinic {run.clinic:6d}, {run.answering:3d} answering, bot {run.bot}, limits"
        f" {run.limits}, pace {run.pace}, latency {run.latency_ms} ms, reading"
        f" {run.think_s:.1f} s: {run.answers} answers in"
        f" {run.seconds:.1f}s = {run.answers_per_second:.1f}/s (sustained"
        f" {run.sustained_per_second:.1f}/s); tap -> next question p50"
        f" {run.percentile(50):.0f} ms, p99 {run.percentile(99):.0f} ms; 429s: refused"
        f" {run.refused_429}, calls {run.calls_429}"
        + ("" if cpu is None else f"; bot CPU {cpu:.1f} ms an answer")
        + f"; CPU use: bench {run.bench_cpu_s / run.seconds if run.seconds else 0:.0%}"
        + ("" if run.bot_cpu_s is None else f", bot {run.bot_cpu_s / run.seconds:.0%}")
    )


def as_json(runs: list[Run]) -> str:
    """The runs as JSON, with the derived figures (the raw latencies left out)."""
    out = []
    for run in runs:
        data = asdict(run)
        data.pop("latencies_ms")
        data.pop("answered_at")
        data.update(
            answers_per_second=run.answers_per_second,
            sustained_per_second=run.sustained_per_second,
            p50_ms=run.percentile(50),
            p99_ms=run.percentile(99),
            cpu_ms_per_answer=run.cpu_ms_per_answer,
        )
        out.append(data)
    return json.dumps(out, indent=2)


def planned_runs(args: argparse.Namespace) -> list[Run]:
    """The runs the options ask for: each --patients size, then each --ceiling size."""
    pace: Pace = args.pace or ("real" if args.limits == "telegram" else "off")
    think = args.think_ms / 1000 if args.limits == "telegram" else 0.0
    bot: BotMode = "in-process" if args.in_process else "process"
    runs = [Run(n, n, args.limits, pace, args.latency_ms, think, bot=bot) for n in args.patients]
    runs += [
        Run(n, min(CONCURRENT_AT_CEILING, n), "off", "off", args.latency_ms, bot=bot)
        for n in args.ceiling
    ]
    return runs


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run each size in its own temporary directory, print the results."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_answers", description=__doc__)
    parser.add_argument("--patients", type=int, nargs="*", default=[30, 200])
    parser.add_argument("--limits", choices=("telegram", "off"), default="telegram")
    parser.add_argument("--pace", choices=("off", "real"), help="default: real with limits")
    parser.add_argument("--latency-ms", type=int, default=0)
    # Telegram allows one message a second per chat: a patient tapping the instant a question
    # appears would measure that limit, not Rapport. Nobody reads a question faster than this.
    parser.add_argument("--think-ms", type=int, default=1500, help="reading time (limits on)")
    parser.add_argument(
        "--in-process", action="store_true", help="the bot in this process (as before 14b)"
    )
    parser.add_argument("--http", action="store_true", help="in process: over loopback HTTP")
    parser.add_argument("--bot-profile", type=Path, help="the bot process's cProfile output")
    parser.add_argument("--as-bot", choices=("off", "real"), help=argparse.SUPPRESS)
    parser.add_argument("--ceiling", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--dir", type=Path, help="where the temporary databases go")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.as_bot:
        return serve_bot(args.as_bot, args.bot_profile)
    if min([*args.patients, *args.ceiling, 1]) < 1 or args.latency_ms < 0:
        parser.error("sizes must be at least 1, --latency-ms 0 or more")
    runs = []
    for run in planned_runs(args):
        with tempfile.TemporaryDirectory(prefix="rapport-bench-", dir=args.dir) as tmp:
            work = run_once(Path(tmp), run, args.http, args.bot_profile)
            runs.append(asyncio.run(work))
        if not args.json:
            print(render(runs[-1]), flush=True)
    if args.json:
        print(as_json(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
