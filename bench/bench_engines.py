"""PostgreSQL beside SQLite: the sweep and the sender at N co-due patients, in one run.

    .venv/bin/python -m bench.bench_engines [--patients 10000] [--repeat 1]
        [--engines sqlite postgresql] [--limits off telegram] [--postgres-url URL]
        [--sweep-seconds 5] [--lead S] [--idle 60] [--json] [--dir D]

Each engine gets the same N patients in a fresh database of its own for every run: a SQLite
file (WAL, synchronous=FULL, as Rapport opens it), or a PostgreSQL database of a unique name
created on the server of `--postgres-url` (default: RAPPORT_TEST_POSTGRES_URL) and dropped
after the run. The server's fsync and synchronous_commit are read and reported: a server
started by `.ci/postgres` runs with fsync=off, which flatters PostgreSQL against SQLite's
synchronous=FULL. Runs are interleaved, engine by engine within each part and repetition
(sweep: sqlite, postgresql; sender off: sqlite, postgresql; ...), so a change in the
machine's load falls on both.

(a) The sweep, in process (no Telegram): one clinician and N active patients, each with a
    weekly schedule due Monday 09:00 Europe/Madrid, set up an hour before (bench_dispatch's
    clinic, enrolled in one transaction). With a VirtualClock at 09:00, `dispatch.sweep` is
    called until nothing is due (bench_scale's `sweep_until_done`): it plans the N check-in
    rows, claims them and queues N invitations. Reported: the total, rows/s (N over the
    total), the number of sweeps and the longest one. Checks that N invitations are queued.

(b) The sender: `rapport run` as its own process (bench_compare's preparation: N active
    patients with a weekly check-in moved to the due instant T, `--lead` seconds after the
    process starts, default 10 + N/500), polling a loopback SandboxServer in this process.
    `--limits off`: the sandbox enforces nothing and the bot runs with Rapport's pacer and
    PTB's 30/s bucket switched off (`bench.bench_answers --as-bot off`). Beware: each sweep
    still queues at most one tick's budget of invitations (`dispatch.per_tick`: 30 a second
    of tick), so at N above that budget `off` is held near 30/s too, by the sweep rather
    than by pacing; below it, it shows what the engine and the process can do.
    `--limits telegram`: the sandbox enforces Telegram's limits and the bot paces itself as
    in production (`--as-bot real`, i.e. plain `rapport run`). A run
    stops as bench_compare's does (every chat served and 1 s more, idle, or timeout). The
    bot's tick is `--sweep-seconds` (5; production's is 30): it decides only how long after
    T the sending starts, not its pace, and a short one keeps a 10k run shorter.
    Reported: delivered/s from the first delivery to the last, T -> last delivery, missed
    and duplicated chats (any other than 0 missed and 0 duplicated raises BenchError, as
    does an outbox row left other than `sent`), the sandbox's 429s, and the bot process's
    CPU seconds (user + system, start-up included) and peak RSS, read from /proc before it
    is stopped.

Printed: each run on a line, then a side-by-side table of the means per engine with the
ratio postgresql/sqlite. `--json` prints the raw runs and the table instead.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from bench.bench_compare import Options as CompareOptions
from bench.bench_compare import Run as CompareRun
from bench.bench_compare import (
    Watch,
    chat_ids,
    outbox_states,
    prepare_rapport,
    proc_usage,
    stop,
    tally,
    watch,
)
from bench.bench_dispatch import DAY, DIALOG, DUE_AT, SET_UP_AT, WEEKDAYS
from bench.bench_scale import Sweeps, invites, sweep_until_done
from bench.fixtures import (
    TOKEN,
    BenchError,
    Pace,
    Plan,
    enrol,
    fresh_database,
    local,
    make_chats_known,
    open_clinic,
    rapport_env,
)
from bot.clock import VirtualClock
from bot.sandbox import SandboxServer, TelegramState
from bot.sandbox.limits import TELEGRAM
from bot.services.context import Rapport

Engine = Literal["sqlite", "postgresql"]
ENGINES: tuple[Engine, ...] = ("sqlite", "postgresql")
Limits = Literal["off", "telegram"]
LIMITS: tuple[Limits, ...] = ("off", "telegram")
PACE: dict[Limits, Pace] = {"off": "off", "telegram": "real"}
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Options:
    """How the bench runs."""

    patients: int
    directory: Path
    repeat: int = 1
    engines: tuple[Engine, ...] = ENGINES
    limits: tuple[Limits, ...] = LIMITS
    postgres_url: str | None = None
    sweep_seconds: int = 5
    lead: float | None = None
    idle: float = 60.0

    def compare(self) -> CompareOptions:
        """bench_compare's options for the same N: its lead, idle stop and timeout."""
        return CompareOptions(
            self.patients, [0.0], 1, self.directory, self.lead, self.sweep_seconds, self.idle
        )


@dataclass
class SweepRun:
    """One engine's sweeps of N co-due patients."""

    engine: Engine
    repetition: int
    patients: int
    durability: dict[str, str] = field(default_factory=dict)
    setup_s: float = 0.0
    sweeps: Sweeps = field(default_factory=Sweeps)
    queued: int = 0
    load: float = 0.0  # the machine's 1-minute load average as the run began

    @property
    def rows_per_s(self) -> float:
        """Patients planned and invited a second of sweeping."""
        return self.patients / self.sweeps.total_s if self.sweeps.total_s else 0.0


@dataclass
class SenderRun(CompareRun):
    """One engine's `rapport run` delivering N invitations (bench_compare's figures)."""

    engine: Engine = "sqlite"
    limits: Limits = "off"
    load: float = 0.0  # the machine's 1-minute load average as the run began


async def durability(app: Rapport, engine: Engine) -> dict[str, str]:
    """What a commit waits for on this engine, as the database itself reports it."""
    queries = (
        {"journal_mode": "PRAGMA journal_mode", "synchronous": "PRAGMA synchronous"}
        if engine == "sqlite"
        else {
            "server_version": "SHOW server_version",
            "fsync": "SHOW fsync",
            "synchronous_commit": "SHOW synchronous_commit",
        }
    )
    found = {}
    for name, sql in queries.items():
        row = await app.db.fetchone(sql)
        found[name] = str(row[0]) if row is not None else "?"
    if engine == "sqlite":  # PRAGMA synchronous answers a number: 2 is FULL
        found["synchronous"] = {"0": "OFF", "1": "NORMAL", "2": "FULL", "3": "EXTRA"}.get(
            found["synchronous"], found["synchronous"]
        )
    return found


async def run_sweep(engine: Engine, repetition: int, opts: Options) -> SweepRun:
    """(a) A fresh clinic of N co-due patients on `engine`, swept until nothing is due."""
    run = SweepRun(engine, repetition, opts.patients, load=os.getloadavg()[0])
    work = Path(tempfile.mkdtemp(prefix=f"sweep-{engine}-", dir=opts.directory))
    async with fresh_database(engine, work, opts.postgres_url) as url:
        clock = VirtualClock(local(DAY, SET_UP_AT))
        app = await open_clinic(work, clock, DATABASE_URL=url)
        try:
            run.durability = await durability(app, engine)
            plan = Plan(DIALOG, WEEKDAYS, None, DAY, lambda _: DUE_AT.strftime("%H:%M"))
            began = time.perf_counter()
            await enrol(app, None, opts.patients, plan)
            run.setup_s = time.perf_counter() - began
            clock.set(local(DAY, DUE_AT))
            # A sweep plans a bounded batch of schedules, and sweep_until_done stops once no
            # planned row is due: go on while that still queues more.
            while run.queued < opts.patients:
                await sweep_until_done(app, run.sweeps)
                queued, run.queued = run.queued, await invites(app)
                if run.queued == queued:
                    break
        finally:
            await app.db.close()
    if run.queued != opts.patients:
        raise BenchError(f"{engine}: {run.queued} invitations queued for {opts.patients}")
    return run


def spawn(
    limits: Limits, url: str, server: SandboxServer, work: Path, opts: Options
) -> subprocess.Popen[bytes]:
    """`rapport run` on `url`, paced as production or not at all (bench_answers' bot)."""
    env = rapport_env(
        server.base_url,
        TOKEN,
        url,
        RAPPORT_SWEEP_SECONDS=str(opts.sweep_seconds),
        RAPPORT_DEFAULT_SCHEDULE="",  # only the prepared check-ins are due
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    command = [sys.executable, "-m", "bench.bench_answers", "--as-bot", PACE[limits]]
    with (work / "bot.log").open("ab") as log:
        return subprocess.Popen(
            command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, cwd=work
        )


async def run_sender(engine: Engine, limits: Limits, repetition: int, opts: Options) -> SenderRun:
    """(b) `rapport run` on a fresh `engine` database sending N co-due invitations."""
    work = Path(tempfile.mkdtemp(prefix=f"send-{engine}-{limits}-", dir=opts.directory))
    chats = chat_ids(opts.patients)
    state = TelegramState(limits=TELEGRAM if limits == "telegram" else None)
    make_chats_known(state, chats)
    run = SenderRun("rapport", 0.0, repetition, opts.patients, engine=engine, limits=limits)
    run.load = os.getloadavg()[0]
    compare = opts.compare()
    async with fresh_database(engine, work, opts.postgres_url) as url:
        with SandboxServer(state, token=TOKEN) as server:
            w = Watch(state, chats)
            due_at = await prepare_rapport(url, chats, compare.lead_for())
            process = spawn(limits, url, server, work, opts)
            started = time.monotonic()
            due = started + (due_at.timestamp() - time.time())
            try:
                run.stopped = await asyncio.to_thread(
                    watch, process, w, due, due + opts.sweep_seconds, compare
                )
                run.peak_rss_mb, run.cpu_s = proc_usage(process.pid)
            finally:
                run.exit_code = stop(process)
            w.read()
        run.lead_s = due - started
        run.ready_s = None if w.first_poll is None else w.first_poll - started
        tally(run, w, due, state)
        run.outbox = await outbox_states(url)
    if run.missed or run.duplicates or run.outbox != {"sent": opts.patients}:
        raise BenchError(
            f"{engine}, limits {limits}: {run.missed} missed, {run.duplicates} duplicated,"
            f" outbox {run.outbox} ({run.stopped}; log in {work / 'bot.log'})"
        )
    return run


@dataclass
class Results:
    """Every run of one invocation."""

    sweeps: list[SweepRun] = field(default_factory=list)
    senders: list[SenderRun] = field(default_factory=list)


def run_all(opts: Options) -> Results:
    """Per repetition: the sweep on each engine, then the sender per limits on each engine."""
    results = Results()
    for repetition in range(1, opts.repeat + 1):
        for engine in opts.engines:
            results.sweeps.append(asyncio.run(run_sweep(engine, repetition, opts)))
            print(render_sweep(results.sweeps[-1]), file=sys.stderr, flush=True)
        for limits in opts.limits:
            for engine in opts.engines:
                sender = asyncio.run(run_sender(engine, limits, repetition, opts))
                results.senders.append(sender)
                print(render_sender(sender), file=sys.stderr, flush=True)
    return results


def _f(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _num(value: float | None) -> str:
    """Three significant figures or so, whatever the size."""
    if value is None:
        return "-"
    return format(value, ".0f" if abs(value) >= 100 else ".1f" if abs(value) >= 10 else ".2f")


def render_sweep(r: SweepRun) -> str:
    """One sweep run on one line."""
    settings = ", ".join(f"{k} {v}" for k, v in r.durability.items())
    return (
        f"sweep  {r.engine:10} #{r.repetition}: {r.patients} due, {r.sweeps.calls} sweeps in"
        f" {r.sweeps.total_s:.2f} s = {r.rows_per_s:.0f} rows/s, longest"
        f" {r.sweeps.max_ms:.0f} ms, queued {r.queued} | set-up {r.setup_s:.1f} s | {settings}"
        f" | load {r.load:.2f}"
    )


def render_sender(r: SenderRun) -> str:
    """One sender run on one line."""
    return (
        f"sender {r.engine:10} #{r.repetition} limits {r.limits:8}: delivered"
        f" {r.delivered}/{r.patients} missed {r.missed} dup {r.duplicates} 429s {r.refused_429}"
        f" | {_f(r.msg_per_s, '.1f')} msg/s, T->last {_f(r.last_s, '.1f')} s"
        f" | CPU {_f(r.cpu_s, '.1f')} s, peak RSS {_f(r.peak_rss_mb, '.0f')} MB"
        f" | ready {_f(r.ready_s, '.1f')}/{r.lead_s:.0f} s | {r.stopped}, exit {r.exit_code}"
        f" | load {r.load:.2f}"
    )


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def table(results: Results) -> list[dict[str, Any]]:
    """Rows of (figure, mean per engine, postgresql/sqlite)."""
    figures: list[tuple[str, dict[Engine, float | None]]] = []
    engines = sorted({r.engine for r in results.sweeps}, key=ENGINES.index)
    sweep_figures = (
        ("sweep: total s", lambda r: r.sweeps.total_s),
        ("sweep: rows/s", lambda r: r.rows_per_s),
        ("sweep: sweeps", lambda r: r.sweeps.calls),
        ("sweep: longest ms", lambda r: r.sweeps.max_ms),
    )
    for name, get in sweep_figures:
        figures.append(
            (name, {e: _mean([get(r) for r in results.sweeps if r.engine == e]) for e in engines})
        )
    for limits in sorted({r.limits for r in results.senders}, key=LIMITS.index):
        runs = [r for r in results.senders if r.limits == limits]
        for label, key in (
            ("delivered/s", "msg_per_s"),
            ("T->last s", "last_s"),
            ("missed+dup", None),
            ("bot CPU s", "cpu_s"),
            ("bot peak RSS MB", "peak_rss_mb"),
        ):
            figures.append(
                (
                    f"sender {limits}: {label}",
                    {
                        e: _mean(
                            [
                                (r.missed + r.duplicates) if key is None else getattr(r, key)
                                for r in runs
                                if r.engine == e
                            ]
                        )
                        for e in engines
                    },
                )
            )
    rows = []
    for name, means in figures:
        a, b = means.get("postgresql"), means.get("sqlite")
        ratio = None if a is None or not b else a / b
        rows.append({"figure": name, **means, "postgresql/sqlite": ratio})
    return rows


def render_table(rows: list[dict[str, Any]]) -> str:
    """The table's rows (as `table` or --json gives them) as a Markdown table."""
    engines = [e for e in ENGINES if rows and e in rows[0]]
    lines = ["| figure | " + " | ".join([*engines, "postgresql/sqlite"]) + " |"]
    lines.append("|---" * (len(engines) + 2) + "|")
    for row in rows:
        cells = [_num(row[e]) for e in engines] + [_f(row["postgresql/sqlite"], ".2f")]
        lines.append(f"| {row['figure']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(results: Results) -> str:
    """Every run, then the side-by-side table."""
    lines = [render_sweep(r) for r in results.sweeps]
    lines += [render_sender(r) for r in results.senders]
    return "\n".join([*lines, "", render_table(table(results))])


def as_json(results: Results, opts: Options) -> str:
    """The raw runs, the settings and the table as JSON."""
    sweeps = []
    for r in results.sweeps:
        data = asdict(r)
        data["sweeps"].update(
            calls=r.sweeps.calls, max_ms=r.sweeps.max_ms, total_s=r.sweeps.total_s
        )
        data["rows_per_s"] = r.rows_per_s
        sweeps.append(data)
    out = {
        "patients": opts.patients,
        "repeat": opts.repeat,
        "sweep_seconds": opts.sweep_seconds,
        "sweeps": sweeps,
        "senders": [asdict(r) for r in results.senders],
        "table": table(results),
    }
    return json.dumps(out, indent=2)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run every part on every engine, print the runs and the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_engines", description=__doc__)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="interleaved repetitions")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--limits", nargs="*", choices=LIMITS, default=list(LIMITS))
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("RAPPORT_TEST_POSTGRES_URL"),
        help="a PostgreSQL server to create the databases on (RAPPORT_TEST_POSTGRES_URL)",
    )
    parser.add_argument("--sweep-seconds", type=int, default=5, help="the bot's tick")
    parser.add_argument("--lead", type=float, help="seconds from start to due (10 + N/500)")
    parser.add_argument("--idle", type=float, default=60.0, help="stop after this long idle")
    parser.add_argument("--dir", type=Path, help="where the temporary files go")
    parser.add_argument("--json", action="store_true", help="print the raw runs as JSON")
    args = parser.parse_args(argv)
    if args.patients < 1 or args.repeat < 1:
        parser.error("--patients and --repeat must be at least 1")
    if "postgresql" in args.engines and not args.postgres_url:
        parser.error("postgresql needs --postgres-url or RAPPORT_TEST_POSTGRES_URL")
    with tempfile.TemporaryDirectory(prefix="rapport-engines-", dir=args.dir) as tmp:
        opts = Options(
            args.patients,
            Path(tmp),
            args.repeat,
            tuple(args.engines),
            tuple(args.limits),
            args.postgres_url,
            args.sweep_seconds,
            args.lead,
            args.idle,
        )
        results = run_all(opts)
    print(as_json(results, opts) if args.json else render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
