"""Rapport at 1k, 10k, 100k patients: start-up, memory, the sweep with nothing and with 1k due,
and the catch-up after 16 hours down.

    .venv/bin/python -m bench.bench_scale [--patients 1000 10000 100000] [--json] [--dir D]

For each N, a fresh SQLite file with the real migrations gets one clinician and N active
patients (one transaction through bot.storage), each with a daily check-in (`daily`, a 12 h
window) from the next local day (Europe/Madrid, default quiet hours 21:00-09:00): 1,000 of
them (or all, when N is smaller) at D, 09:00, the others spread minute by minute from 09:01 to
20:59. The schedules are then planned 8 days ahead (`dispatch.plan`) from the real time of
the run, as a running clinic has them; nothing of theirs is due before D. Patient 0 also
gets a check-in staff asked for now (`planning.checkin_now`): the one thing the first sweep of
the process has to send.

1. `rapport run` as a real process (`python -m bot run`) against a SandboxServer in this
   process: **first poll** is the time from spawn to the first getUpdates the sandbox
   receives; **first sweep** is the time to the sandbox receiving patient 0's invitation, sent
   right after the first tick's sweep; VmRSS and VmHWM are then read from /proc.
2. In process, on the same database, with a VirtualClock (no Telegram: sweeps only queue):
   - **nothing due**: five sweeps (`dispatch.sweep`) 30 s apart before D;
   - **1k due**: at D, sweeps until nothing is due (plan + claim + queue, not the sending);
     the day's re-planning is done untimed by a tick 30 s before, as a running bot does it;
   - **catch-up**: the bot runs day 1 (one untimed sweep at 18:00 stands for its ticks), is
     down from 18:00 to 10:00 the next day, then sweeps at that instant until nothing is due
     (no window to close, no invitation or reminder to send), each call timed. The catch-up
     also owes the day's re-planning of every schedule, as a real restart does.

Checks (BenchError): the process sent patient 0's invitation and nothing else to a patient;
the 1k-due sweeps queued one invitation for each of them; after the catch-up no check-in was
invited twice, each one due while down is `missed` if its window closed meanwhile and invited
otherwise, and none due later was touched.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.fixtures import (
    FIRST_TELEGRAM_ID,
    TIMEZONE,
    TOKEN,
    BenchError,
    Plan,
    count,
    enrol,
    local,
    make_chats_known,
    open_clinic,
    rss_mb,
    timed,
)
from bot.clock import VirtualClock
from bot.sandbox import SandboxServer, TelegramState
from bot.sandbox.shapes import Files, JSONDict
from bot.services import dispatch, planning
from bot.services.context import Rapport
from bot.storage import checkins
from bot.storage.times import iso

DIALOG = "daily"
CO_DUE = 1_000
DAY_STARTS = 9 * 60  # local minute of D, when quiet hours (21:00-09:00, the default) end
DAY_MINUTES = 12 * 60
STOPPED = clock_time(18, 0)  # day 1, local: the bot stops; it is back 16 h later, 10:00
DOWN = timedelta(hours=16)
SWEEP_GAP = timedelta(seconds=30)
PROCESS_TIMEOUT = 900.0  # seconds: a 100k start-up is slow, a hung one must still end
MAX_SWEEPS = 100_000


class WatchedState(TelegramState):
    """The sandbox, noting when the first getUpdates arrives (before it starts waiting)."""

    first_poll_at: float | None = None

    def call(
        self,
        method: str,
        params: JSONDict | None = None,
        files: Files | None = None,
        *,
        notify: bool = True,
    ) -> JSONDict:
        """Telegram's answer, as TelegramState.call gives it."""
        if self.first_poll_at is None and method.lower() == "getupdates":
            self.first_poll_at = time.perf_counter()
        return super().call(method, params, files, notify=notify)


@dataclass
class Process:
    """What `rapport run` took to start and held after its first sweep."""

    first_poll_s: float
    first_sweep_s: float
    rss_mb: float
    hwm_mb: float


@dataclass
class Sweeps:
    """Repeated calls of dispatch.sweep: each call's wall time."""

    seconds: list[float] = field(default_factory=list)

    @property
    def calls(self) -> int:
        """How many calls there were."""
        return len(self.seconds)

    @property
    def max_ms(self) -> float:
        """The longest call, in milliseconds."""
        return 1000 * max(self.seconds, default=0.0)

    @property
    def total_s(self) -> float:
        """All calls together, in seconds."""
        return sum(self.seconds)


@dataclass
class Report:
    """Everything one N measured."""

    patients: int
    co_due: int
    setup_s: float
    planned_rows: int
    process: Process | None = None
    nothing_due: Sweeps = field(default_factory=Sweeps)
    due_1k: Sweeps = field(default_factory=Sweeps)
    queued_1k: int = 0
    catch_up: Sweeps = field(default_factory=Sweeps)
    catch_up_statuses: dict[str, int] = field(default_factory=dict)
    down: tuple[str, str] = ("", "")  # the downtime, ISO instants


def minute_of(i: int, co_due: int) -> str:
    """Patient i's local time: 09:00 for the first `co_due`, the others spread to 20:59."""
    minute = DAY_STARTS if i < co_due else DAY_STARTS + 1 + (i - co_due) % (DAY_MINUTES - 1)
    return f"{minute // 60:02d}:{minute % 60:02d}"


async def build(
    directory: Path, patients: int, co_due: int, start: datetime
) -> tuple[Rapport, Report]:
    """The clinic of N patients, planned ahead, and patient 0's check-in asked for now."""
    app = await open_clinic(directory, VirtualClock(start))
    plan = Plan(DIALOG, None, 1, first_day(start), lambda i: minute_of(i, co_due))
    began = time.perf_counter()
    await enrol(app, None, patients, plan)
    await dispatch.plan(app, start)
    async with app.db.tx() as tx:
        await planning.checkin_now(app, tx, "B-00000", DIALOG)
    planned = await count(app, "SELECT COUNT(*) FROM checkins")
    return app, Report(patients, co_due, time.perf_counter() - began, planned)


def first_day(start: datetime) -> date:
    """The schedules start the next local day: nothing of theirs is due while the process runs."""
    return start.astimezone(ZoneInfo(TIMEZONE)).date() + timedelta(days=1)


def spawn(server: SandboxServer, directory: Path, log: Path) -> subprocess.Popen[bytes]:
    """`rapport run` over the sandbox, as an operator starts it."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{directory / 'bench.db'}",
        "RAPPORT_WEB_LISTEN": "127.0.0.1:0",
        "RAPPORT_DEFAULT_SCHEDULE": "",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=directory,
        )


def measure_process(directory: Path) -> Process:
    """Spawn, wait for the first poll and the first sweep's invitation, read /proc, stop."""
    state = WatchedState()
    sentinel = FIRST_TELEGRAM_ID
    make_chats_known(state, [sentinel])
    state.first_poll_at = None  # that drain was ours, not the bot's
    log = directory / "bot.log"
    with SandboxServer(state, token=TOKEN) as server:
        spawned = time.perf_counter()
        bot = spawn(server, directory, log)
        try:
            state.wait_until(
                lambda: state.first_poll_at or bot.poll() is not None, PROCESS_TIMEOUT
            )
            state.wait_until(
                lambda: state.chat_messages(sentinel, outgoing=True) or bot.poll() is not None,
                PROCESS_TIMEOUT,
            )
            swept = time.perf_counter()
            if bot.poll() is not None or state.first_poll_at is None:
                raise BenchError(f"rapport run ended early: {_tail(log)}")
            memory = rss_mb(bot.pid)
        finally:
            bot.terminate()
            bot.wait(timeout=60)
    others = [
        c for c in state.calls_to("sendMessage") if str(c.params.get("chat_id")) != str(sentinel)
    ]
    if others or len(state.chat_messages(sentinel, outgoing=True)) != 1:
        raise BenchError(f"the first sweep sent {len(others)} unexpected messages")
    return Process(
        state.first_poll_at - spawned, swept - spawned, memory["VmRSS"], memory["VmHWM"]
    )


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"


async def still_due(app: Rapport, now: datetime) -> bool:
    """Whether a sweep at `now` would still find a window to close or a send to make."""
    # A write transaction: the sweep's queries lock the rows they find (on PostgreSQL), which
    # a read-only one refuses.
    async with app.db.tx() as tx:
        return bool(
            await checkins.past_window(tx, now, 1)
            or await checkins.due(tx, now, 1)
            or await checkins.reminders_due(tx, now, 1)
        )


async def sweep_until_done(app: Rapport, sweeps: Sweeps) -> None:
    """Call dispatch.sweep as the ticks would until nothing is due, timing each call."""
    now = app.clock.now()
    while True:
        sweeps.seconds.append(await timed(dispatch.sweep(app)))
        if not await still_due(app, now):
            return
        if sweeps.calls >= MAX_SWEEPS:
            raise BenchError(f"still due after {MAX_SWEEPS} sweeps")


async def invites(app: Rapport) -> int:
    """Invitations queued so far."""
    return await count(app, "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'checkin:%:invite'")


async def in_process(app: Rapport, clock: VirtualClock, day: date, report: Report) -> None:
    """The three sweeps of part 2, with the 1k-due and catch-up checks."""
    for _ in range(5):
        clock.advance(SWEEP_GAP)
        report.nothing_due.seconds.append(await timed(dispatch.sweep(app)))
    before = await invites(app)
    if before != 1:
        raise BenchError(f"{before} invitations queued before D, expected patient 0's only")
    due = local(day, clock_time(DAY_STARTS // 60, DAY_STARTS % 60))
    # The day's re-planning (once a day per schedule) done by the tick before D, untimed: how
    # far D is from the set-up must not decide whether the 1k-due sweep re-plans everything.
    await dispatch.plan(app, due - SWEEP_GAP)
    clock.set(due)
    await sweep_until_done(app, report.due_1k)
    report.queued_1k = await invites(app) - before
    if report.queued_1k != report.co_due:
        raise BenchError(f"{report.queued_1k} invitations queued at D")
    # Up all day (one untimed sweep stands for the day's ticks), stopped at 18:00, back 16 h on.
    stopped = local(day, STOPPED)
    clock.set(stopped)
    await sweep_until_done(app, Sweeps())
    clock.set(stopped + DOWN)
    report.down = (stopped.isoformat(), clock.now().isoformat())
    await sweep_until_done(app, report.catch_up)
    report.catch_up_statuses = await check_catch_up(app, stopped, stopped + DOWN)


async def check_catch_up(app: Rapport, stopped: datetime, now: datetime) -> dict[str, int]:
    """Late ones missed, the rest invited once, later ones untouched; the statuses counted.

    Everything due by `now` whose 12 h window closed is missed (none was started); the rest,
    due from 09:00 on the day after `stopped`, is open and invited by the catch-up."""
    twice = await app.db.fetchall(
        "SELECT json_extract(detail, '$.checkin_id') AS c, COUNT(*) AS n FROM events"
        " WHERE kind = 'checkin_sent' GROUP BY c HAVING n > 1"
    )
    rows = await app.db.fetchall(
        "SELECT status, due_at, expires_at, invited_at FROM checkins WHERE source = 'schedule'"
    )
    statuses: Counter[str] = Counter()
    wrong = 0
    for r in rows:
        if r["due_at"] > iso(now):
            wrong += r["status"] != "pending"
            continue
        statuses[r["status"]] += 1
        late = r["expires_at"] <= iso(now)
        wrong += (
            r["status"] != "missed"
            if late
            else (r["status"], r["invited_at"])
            != (
                "open",
                iso(now),
            )
        )
    if twice or wrong:
        raise BenchError(f"catch-up: {len(twice)} invited twice, {wrong} in the wrong state")
    return dict(statuses)


async def run_bench(
    patients: int, directory: Path, process: bool = True, co_due: int = CO_DUE
) -> Report:
    """Build, run the process, then the in-process sweeps; return the figures."""
    start = datetime.now(UTC).replace(second=0, microsecond=0)
    app, report = await build(directory, patients, min(co_due, patients), start)
    await app.db.close()
    if process:
        report.process = await asyncio.to_thread(measure_process, directory)
    clock = VirtualClock(max(start, datetime.now(UTC)))
    app = await open_clinic(directory, clock)
    try:
        if clock.now() + 5 * SWEEP_GAP >= local(first_day(start), clock_time(0)):
            raise BenchError("the process part ran into the day the schedules start")
        await in_process(app, clock, first_day(start), report)
    finally:
        await app.db.close()
    return report


def render(report: Report) -> str:
    """The report as a few aligned lines."""
    lines = [
        f"patients {report.patients}: setup {report.setup_s:.1f}s,"
        f" {report.planned_rows} check-in rows planned"
    ]
    if report.process is not None:
        p = report.process
        lines.append(
            f"  rapport run: first poll {p.first_poll_s:.2f}s, first sweep done"
            f" {p.first_sweep_s:.2f}s, RSS {p.rss_mb:.0f} MB (peak {p.hwm_mb:.0f} MB)"
        )
    nothing = report.nothing_due.seconds
    lines.append(
        f"  nothing-due sweep: median {1000 * sorted(nothing)[len(nothing) // 2]:.1f} ms,"
        f" max {report.nothing_due.max_ms:.1f} ms ({len(nothing)} sweeps)"
    )
    for name, s in (("1k-due", report.due_1k), ("catch-up 16 h", report.catch_up)):
        lines.append(
            f"  {name}: {s.calls} sweeps, longest {s.max_ms:.0f} ms, total {s.total_s:.2f}s"
        )
    lines.append(f"  queued at D: {report.queued_1k}; after catch-up: {report.catch_up_statuses}")
    return "\n".join(lines)


def as_json(reports: list[Report]) -> str:
    """The reports as JSON, with the derived figures."""
    out: list[dict[str, Any]] = []
    for report in reports:
        data = asdict(report)
        for name in ("nothing_due", "due_1k", "catch_up"):
            s: Sweeps = getattr(report, name)
            data[name].update(calls=s.calls, max_ms=s.max_ms, total_s=s.total_s)
        out.append(data)
    return json.dumps(out, indent=2)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run each N in its own temporary directory, print the reports."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale", description=__doc__)
    parser.add_argument("--patients", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--no-process", action="store_true", help="skip `rapport run`")
    parser.add_argument("--dir", type=Path, help="where the temporary databases go")
    parser.add_argument("--json", action="store_true", help="print the reports as JSON")
    args = parser.parse_args(argv)
    if min(args.patients) < 1:
        parser.error("--patients must be at least 1")
    reports = []
    for n in args.patients:
        with tempfile.TemporaryDirectory(prefix="rapport-bench-", dir=args.dir) as tmp:
            reports.append(asyncio.run(run_bench(n, Path(tmp), not args.no_process)))
        if not args.json:
            print(render(reports[-1]), flush=True)
    if args.json:
        print(as_json(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
