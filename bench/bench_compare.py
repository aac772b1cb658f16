"""Rapport against the job-per-patient design, N patients due at one instant, over HTTP.

    .venv/bin/python -m bench.bench_compare [--patients 10000] [--latency-ms 0 100]
        [--repeat 1] [--lead S] [--sweep-seconds 30] [--json] [--dir D]

Each run gets a fresh sandbox Bot API over loopback HTTP in this process, enforcing
Telegram's flood limits (`limits=TELEGRAM`: 30 calls per sliding second, 1 per second per
chat, a 429 with retry_after beyond) and adding `--latency-ms` of round trip to every call.
N private chats each write /start (confirmed away unseen, as bench_dispatch does), then one
bot runs as its own process against it:

- rapport: `python -m bot run` on a fresh SQLite file with N active patients, each with a
  weekly schedule. The planned check-in rows are moved to the due instant T to the second
  (schedules are minute-grained; this spares waiting for a whole minute). Patients live in a
  fixed-offset zone where T is midday, outside the default quiet hours.
- baseline: `bench/baseline_bot.py`, one PTB JobQueue job per patient due weekly at T.

T is `--lead` seconds after the process is started (default 10 + N/500), so either bot has
loaded and polls before T; `ready_s` says when it did. A run stops once every chat has its
message (and 1 s more, to see a duplicate), after `--idle` seconds (default 60) without a
sendMessage attempt past T (past T + one sweep interval for Rapport, whose tick may come that
much after T), or at T + 2 N/30 + 60 s, whichever is first.
Runs are interleaved: rapport, baseline, rapport, baseline... per latency and repetition.

Per run: delivered (chats with exactly one message), missed (none), duplicates (messages
beyond one), the sandbox's 429s, msg/s from first to last delivery (and as % of 30/s), T ->
first and last delivery, and the bot process's peak RSS (VmHWM) and CPU seconds, read from
/proc just before it is stopped. Raises if Rapport sends any chat two messages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bench.bench_dispatch import make_chats_known
from bench.fixtures import cpu_seconds, rapport_env, rss_mb
from bot.compose import open_app
from bot.config import load_settings
from bot.sandbox import SandboxServer, TelegramState
from bot.sandbox.limits import TELEGRAM
from bot.services import dispatch
from bot.storage import people, plans
from bot.storage.times import iso

Bot = Literal["rapport", "baseline"]
BOTS: tuple[Bot, ...] = ("rapport", "baseline")
TOKEN = "123456:COMPARE-token"
FIRST_TELEGRAM_ID = 500_000_000
LIMIT = TELEGRAM.per_second
SETTLE = 1.0  # seconds to wait after the last chat got its message, for a duplicate
BASELINE = Path(__file__).with_name("baseline_bot.py")


class DeliveryError(AssertionError):
    """Rapport sent a chat more than one message."""


@dataclass
class Run:
    """What one bot did in one run."""

    bot: Bot
    latency_ms: float
    repetition: int
    patients: int
    delivered: int = 0
    missed: int = 0
    duplicates: int = 0
    refused_429: int = 0
    counted_calls: int = 0
    ready_s: float | None = None  # process start -> its first getUpdates (within 0.25 s)
    lead_s: float = 0.0  # process start -> T
    first_s: float | None = None  # T -> first delivery
    last_s: float | None = None  # T -> last delivery
    msg_per_s: float | None = None
    limit_pct: float | None = None
    peak_rss_mb: float | None = None
    cpu_s: float | None = None
    stopped: str = ""  # all delivered | idle | timeout | exited
    exit_code: int | None = None
    outbox: dict[str, int] | None = None
    misfired: int = 0  # "was missed by" lines in the bot's log: APScheduler dropped a job


@dataclass
class Options:
    """How the bench runs."""

    patients: int
    latencies: list[float]
    repeat: int
    directory: Path
    lead: float | None = None
    sweep_seconds: int = 30
    idle: float = 60.0

    def lead_for(self) -> float:
        """Seconds from starting a bot to its due instant."""
        return self.lead if self.lead is not None else 10 + self.patients / 500


def chat_ids(patients: int) -> list[int]:
    """The patients' private chats (a private chat's id is its user's)."""
    return [FIRST_TELEGRAM_ID + i for i in range(patients)]


def midday_zone(when: datetime) -> str:
    """A fixed-offset zone where `when` is about midday: no quiet hours hold it back."""
    offset = 12 - when.hour
    offset = offset + 24 if offset < -12 else offset - 24 if offset > 14 else offset
    return "Etc/UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


async def prepare_rapport(database_url: str, chats: list[int], lead: float) -> datetime:
    """N active patients with a weekly check-in planned; their rows moved to T = now + lead
    (set last, so the preparation's own time is not taken from the lead). Returns T."""
    app = await open_app(load_settings(_env_file=None, DATABASE_URL=database_url))
    try:
        now = datetime.now(UTC)
        slot = (now + timedelta(minutes=2)).replace(second=0, microsecond=0)
        zone = midday_zone(slot)
        local = slot.astimezone(ZoneInfo(zone))
        async with app.db.tx() as tx:
            clinician = await people.add_clinician(tx, "Dr Compare", "en", now)
            for i, chat in enumerate(chats):
                pid = await people.add_patient(tx, f"C-{i:06d}", clinician, zone, "en", now)
                await people.activate_patient(tx, pid, chat, chat, "en", now)
                await people.set_patient_status(tx, pid, "active")
                weekday = local.strftime("%a").lower()
                hhmm = local.strftime("%H:%M")
                await plans.upsert_schedule(
                    tx, pid, "weekly", weekday, None, hhmm, local.date(), None, now
                )
        await dispatch.plan(app, now)
        due = (datetime.now(UTC) + timedelta(seconds=lead)).replace(microsecond=0)
        async with app.db.tx() as tx:
            await tx.run("UPDATE checkins SET due_at = ? WHERE due_at = ?", (iso(due), iso(slot)))
        moved = await app.db.fetchone(
            "SELECT COUNT(*) FROM checkins WHERE due_at = ?", (iso(due),)
        )
        if moved is None or moved[0] != len(chats):
            raise DeliveryError(
                f"{moved and moved[0]} check-ins due at T for {len(chats)} patients"
            )
        return due
    finally:
        await app.db.close()


async def outbox_states(database_url: str) -> dict[str, int]:
    """How many outbox rows Rapport left in each state."""
    app = await open_app(load_settings(_env_file=None, DATABASE_URL=database_url))
    try:
        rows = await app.db.fetchall("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        return {r["status"]: r["n"] for r in rows}
    finally:
        await app.db.close()


def start_process(
    bot: Bot, server: SandboxServer, work: Path, opts: Options
) -> tuple[subprocess.Popen[bytes], datetime]:
    """The bot's process, started right after its due instant T was fixed; (process, T)."""
    chats = chat_ids(opts.patients)
    log = (work / f"{bot}.log").open("ab")
    if bot == "rapport":
        db = f"sqlite:///{work / 'rapport.db'}"
        due = asyncio.run(prepare_rapport(db, chats, opts.lead_for()))
        env = rapport_env(
            server.base_url,
            TOKEN,
            db,
            RAPPORT_SWEEP_SECONDS=str(opts.sweep_seconds),
            RAPPORT_DEFAULT_SCHEDULE="",  # only the prepared check-ins are due
        )
        command = [sys.executable, "-m", "bot", "run"]
    else:
        (work / "chats.txt").write_text("\n".join(map(str, chats)) + "\n")
        due = (datetime.now(UTC) + timedelta(seconds=opts.lead_for())).replace(microsecond=0)
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server.base_url}
        command = [sys.executable, str(BASELINE), "--patients", "chats.txt"]
        command += ["--due", due.isoformat()]
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, cwd=work
    )
    log.close()
    return process, due


def proc_usage(pid: int) -> tuple[float | None, float | None]:
    """Peak RSS in MB and CPU seconds (user + system) of a live process, from /proc."""
    try:
        return rss_mb(pid).get("VmHWM", 0.0), cpu_seconds(pid)
    except OSError:
        return None, None


class Watch:
    """Reads the sandbox's call log as it grows: who got what, and when."""

    def __init__(self, state: TelegramState, chats: list[int]) -> None:
        self.state, self.wanted = state, set(chats)
        self.seen = len(
            state.calls
        )  # the bench's own calls (draining the /start) are not the bot's
        self.per_chat: dict[int, int] = {}
        self.delivered_at: list[float] = []
        self.last_attempt = 0.0
        self.first_poll: float | None = None

    def read(self) -> None:
        """Take in the calls made since the last read."""
        with self.state.lock:
            new = self.state.calls[self.seen :]
            self.seen = len(self.state.calls)
        if self.first_poll is None and self.state.waiting_poll() is not None:
            self.first_poll = time.monotonic()  # a long poll is answered only when it ends
        for call in new:
            method = call.method.lower()
            if method == "getupdates" and self.first_poll is None:
                self.first_poll = call.at
            if method != "sendmessage":
                continue
            self.last_attempt = call.at
            chat = int(call.params.get("chat_id", 0))
            if call.ok and chat in self.wanted:
                self.per_chat[chat] = self.per_chat.get(chat, 0) + 1
                self.delivered_at.append(call.at)


def watch(
    process: subprocess.Popen[bytes], w: Watch, due: float, quiet_from: float, opts: Options
) -> str:
    """Wait until every chat has its message, the bot went idle, or the timeout; why."""
    deadline = due + 2 * opts.patients / LIMIT + 60
    while True:
        time.sleep(0.25)
        w.read()
        now = time.monotonic()
        if len(w.per_chat) == len(w.wanted):
            time.sleep(SETTLE)
            w.read()
            return "all delivered"
        if process.poll() is not None:
            return "exited"
        if now > deadline:
            return "timeout"
        if now - max(quiet_from, w.last_attempt) > opts.idle:
            return "idle"


def stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM (both bots stop cleanly on it), SIGKILL after 30 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def run_one(bot: Bot, latency_ms: float, repetition: int, opts: Options) -> Run:
    """One bot, one fresh sandbox and working directory."""
    work = Path(tempfile.mkdtemp(prefix=f"{bot}-", dir=opts.directory))
    chats = chat_ids(opts.patients)
    state = TelegramState(limits=TELEGRAM)
    make_chats_known(state, chats)
    run = Run(bot, latency_ms, repetition, opts.patients)
    with SandboxServer(state, token=TOKEN, latency_ms=latency_ms) as server:
        w = Watch(state, chats)
        process, due_at = start_process(bot, server, work, opts)
        started = time.monotonic()
        due = started + (due_at.timestamp() - time.time())
        # Rapport's tick may come up to one interval after T; a job queue fires at T.
        quiet_from = due + (opts.sweep_seconds if bot == "rapport" else 0)
        try:
            run.stopped = watch(process, w, due, quiet_from, opts)
            run.peak_rss_mb, run.cpu_s = proc_usage(process.pid)
        finally:
            run.exit_code = stop(process)
        w.read()
    run.lead_s = due - started
    run.ready_s = None if w.first_poll is None else w.first_poll - started
    tally(run, w, due, state)
    run.misfired = (work / f"{bot}.log").read_text(errors="replace").count("was missed by")
    if bot == "rapport":
        run.outbox = asyncio.run(outbox_states(f"sqlite:///{work / 'rapport.db'}"))
        if run.duplicates:
            raise DeliveryError(f"rapport sent {run.duplicates} duplicate messages: {run}")
    return run


def tally(run: Run, w: Watch, due: float, state: TelegramState) -> None:
    """Fill in the run's deliveries and timings from what the sandbox saw."""
    counts = [w.per_chat.get(chat, 0) for chat in w.wanted]
    run.delivered = sum(1 for n in counts if n == 1)
    run.missed = sum(1 for n in counts if n == 0)
    run.duplicates = sum(n - 1 for n in counts if n > 1)
    run.refused_429, run.counted_calls = state.refused_429, state.counted_calls
    if w.delivered_at:
        first, last = min(w.delivered_at), max(w.delivered_at)
        run.first_s, run.last_s = first - due, last - due
        if last > first:
            run.msg_per_s = (len(w.delivered_at) - 1) / (last - first)
            run.limit_pct = 100 * run.msg_per_s / LIMIT


def run_all(opts: Options) -> list[Run]:
    """Interleaved: per repetition and latency, rapport then baseline."""
    runs = []
    for repetition in range(1, opts.repeat + 1):
        for latency in opts.latencies:
            for bot in BOTS:
                runs.append(run_one(bot, latency, repetition, opts))
                print(render_run(runs[-1]), file=sys.stderr, flush=True)
    return runs


def _f(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def render_run(r: Run) -> str:
    """One run on one line."""
    return (
        f"{r.bot:8} {r.latency_ms:5.0f} ms #{r.repetition}: delivered {r.delivered}/{r.patients}"
        f" missed {r.missed} dup {r.duplicates} 429s {r.refused_429}"
        f" | {_f(r.msg_per_s, '.1f')} msg/s ({_f(r.limit_pct, '.0f')} %)"
        f" T->first {_f(r.first_s, '.1f')} s T->last {_f(r.last_s, '.1f')} s"
        f" | ready {_f(r.ready_s, '.1f')}/{r.lead_s:.0f} s RSS {_f(r.peak_rss_mb, '.0f')} MB"
        f" CPU {_f(r.cpu_s, '.1f')} s | misfired {r.misfired} | {r.stopped}, exit {r.exit_code}"
    )


def ratios(runs: list[Run]) -> dict[str, dict[str, float | None]]:
    """Per latency, rapport's mean over the baseline's for each figure."""
    out: dict[str, dict[str, float | None]] = {}
    for latency in sorted({r.latency_ms for r in runs}):
        mine = [r for r in runs if r.latency_ms == latency]
        out[f"{latency:g}"] = {key: _ratio(mine, key) for key in _RATIO_KEYS}
    return out


_RATIO_KEYS = ("delivered", "msg_per_s", "last_s", "peak_rss_mb", "cpu_s", "ready_s")


def _ratio(runs: list[Run], key: str) -> float | None:
    def mean(bot: Bot) -> float | None:
        values = [getattr(r, key) for r in runs if r.bot == bot]
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else None

    a, b = mean("rapport"), mean("baseline")
    return None if a is None or not b else a / b


def render(runs: list[Run]) -> str:
    """Every run, then the ratios per latency."""
    lines = [render_run(r) for r in runs]
    for latency, figures in ratios(runs).items():
        shown = ", ".join(f"{k} {_f(v, '.2f')}" for k, v in figures.items())
        lines.append(f"rapport/baseline at {latency} ms: {shown}")
    return "\n".join(lines)


def as_json(runs: list[Run], opts: Options) -> str:
    """The runs, the settings and the ratios as JSON."""
    data: dict[str, Any] = {
        "patients": opts.patients,
        "latencies_ms": opts.latencies,
        "repeat": opts.repeat,
        "sweep_seconds": opts.sweep_seconds,
        "limit_per_second": LIMIT,
        "runs": [asdict(r) for r in runs],
        "ratios": ratios(runs),
    }
    return json.dumps(data, indent=2)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every bot at every latency, print the runs and the ratios."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_compare", description=__doc__)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 100.0])
    parser.add_argument("--repeat", type=int, default=1, help="interleaved repetitions")
    parser.add_argument("--lead", type=float, help="seconds from start to due (10 + N/500)")
    parser.add_argument("--sweep-seconds", type=int, default=30, help="Rapport's tick")
    parser.add_argument("--idle", type=float, default=60.0, help="stop after this long idle")
    parser.add_argument("--dir", type=Path, help="where the temporary files go")
    parser.add_argument("--json", action="store_true", help="print the runs as JSON")
    args = parser.parse_args(argv)
    if args.patients < 1 or args.repeat < 1:
        parser.error("--patients and --repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="rapport-compare-", dir=args.dir) as tmp:
        opts = Options(
            args.patients,
            args.latency_ms,
            args.repeat,
            Path(tmp),
            args.lead,
            args.sweep_seconds,
            args.idle,
        )
        runs = run_all(opts)
    print(as_json(runs, opts) if args.json else render(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
