"""What every benchmark sets up: a fresh clinic database, sandbox chats and the real Application.

A fresh SQLite file with the real migrations (`open_app`), one clinician and N active patients
inserted in one transaction through bot.storage, each with a schedule and, when a sandbox is
given, a private chat that has written /start (Telegram refuses a bot that writes first).
"""

from __future__ import annotations

import functools
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any, Literal
from unittest import mock
from zoneinfo import ZoneInfo

from telegram.ext import AIORateLimiter, Application

from bot.clock import Clock
from bot.compose import open_app
from bot.config import Settings, load_settings
from bot.sandbox import SandboxRequest, TelegramState
from bot.services.context import Rapport
from bot.services.pacing import Pacer, unpaced
from bot.storage import people, plans
from bot.tg import app as tg_app

Pace = Literal["off", "real"]

TIMEZONE = "Europe/Madrid"
FIRST_TELEGRAM_ID = 500_000_000
TOKEN = "123456:BENCH-token"


class BenchError(AssertionError):
    """A benchmark's correctness check failed: its figures would mean nothing."""


@dataclass(frozen=True)
class Plan:
    """The schedule each patient gets: `times(i)` is patient i's local "HH:MM"."""

    dialog: str
    weekdays: str | None
    every_days: int | None
    start: date
    times: Callable[[int], str]


def local(day: date, at: clock_time, zone: str = TIMEZONE) -> datetime:
    """A wall time in `zone` as an aware UTC datetime."""
    return datetime.combine(day, at, ZoneInfo(zone)).astimezone(UTC)


def bench_settings(directory: Path, **overrides: Any) -> Settings:
    """Settings for a throw-away database; no .env is read."""
    values: dict[str, Any] = {
        "DATABASE_URL": f"sqlite:///{directory / 'bench.db'}",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
        "RAPPORT_CLINIC_NAME": "Bench clinic",
        "RAPPORT_SWEEP_SECONDS": 30,
        "RAPPORT_REMINDER_HOURS": 4,
        **overrides,
    }
    return load_settings(_env_file=None, **values)


def rapport_env(base_url: str, token: str, database_url: str, **settings: str) -> dict[str, str]:
    """`rapport run`'s environment in a benchmark: the sandbox's Bot API, a prepared database,
    the web view on a free port (two runs side by side must not meet), and `settings`."""
    return {
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_API_BASE_URL": base_url,
        "DATABASE_URL": database_url,
        "RAPPORT_WEB_LISTEN": "127.0.0.1:0",
        **settings,
    }


async def open_clinic(directory: Path, clock: Clock, **overrides: Any) -> Rapport:
    """A Rapport over a fresh database in `directory`, with the real migrations."""
    return await open_app(bench_settings(directory, **overrides), clock)


async def enrol(
    app: Rapport, state: TelegramState | None, patients: int, plan: Plan, first: int = 0
) -> list[int]:
    """One clinician and N active patients with `plan`, in one transaction; their chat ids.

    With a sandbox each patient also gets a private chat there (see make_chats_known).
    """
    now = app.clock.now()
    chats = []
    async with app.db.tx() as conn:
        clinician = await people.add_clinician(conn, "Dr Bench", "en", now)
        for i in range(first, first + patients):
            telegram_id = FIRST_TELEGRAM_ID + i
            alias = f"B-{i:05d}"
            if state is not None:
                state.user(telegram_id=telegram_id, first_name=alias)
            patient = await people.add_patient(conn, alias, clinician, TIMEZONE, "en", now)
            await people.activate_patient(conn, patient, telegram_id, telegram_id, "en", now)
            await people.set_patient_status(conn, patient, "active")
            await plans.upsert_schedule(
                conn,
                patient,
                plan.dialog,
                plan.weekdays,
                plan.every_days,
                plan.times(i),
                plan.start,
                None,
                now,
            )
            chats.append(telegram_id)
    return chats


def make_chats_known(state: TelegramState, chats: list[int]) -> None:
    """Each user writes /start once (Telegram refuses a bot that writes first); drain those."""
    last = 0
    for chat in chats:
        last = state.user(telegram_id=chat).send("/start")["update_id"]
    # Confirming past the last update drops them, as Telegram does: the bot never sees them.
    state.call("getUpdates", {"offset": last + 1, "timeout": 0})
    if state.pending_updates():
        raise BenchError("the /start updates were not drained")


@contextmanager
def ptb_limits(pace: Pace) -> Iterator[None]:
    """pace=off: build_application's AIORateLimiter gets no overall or group limit."""
    if pace == "real":
        yield
        return
    unlimited = functools.partial(AIORateLimiter, overall_max_rate=0, group_max_rate=0)
    with mock.patch.object(tg_app, "AIORateLimiter", unlimited):
        yield


@asynccontextmanager
async def running(
    app: Rapport, state: TelegramState, pace: Pace, *, http: bool = False
) -> AsyncIterator[Application]:
    """The real Application over the sandbox, started without a tick (the bench sweeps): in
    process, or with `http` over the settings' TELEGRAM_API_BASE_URL (a SandboxServer)."""
    pacer = Pacer() if pace == "real" else unpaced()
    request = None if http else SandboxRequest(state)
    with ptb_limits(pace):
        application = tg_app.build_application(app, request, pacer)
    await tg_app.start(application, app)
    try:
        yield application
    finally:
        await application.stop()
        await application.shutdown()


async def timed(work: Awaitable[object]) -> float:
    """Wall seconds taken by one awaitable."""
    start = time.perf_counter()
    await work
    return time.perf_counter() - start


async def count(app: Rapport, sql: str, *params: object) -> int:
    """The single integer a COUNT query returns."""
    row = await app.db.fetchone(sql, params)
    return int(row[0]) if row is not None else 0


def rss_mb(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process, in MB, from /proc (Linux)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


def cpu_seconds(pid: int | str = "self") -> float:
    """CPU seconds (user + system) a live process has used, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


@asynccontextmanager
async def fresh_database(
    engine: Literal["sqlite", "postgresql"],
    directory: Path,
    postgres_url: str | None = None,
    prefix: str = "rapport_bench_",
) -> AsyncIterator[str]:
    """The URL of a new, empty database of `engine`: a SQLite file in `directory`, or a
    PostgreSQL database of a unique name on the server of `postgres_url` (any database there
    to connect to), dropped afterwards even if a connection is left open."""
    if engine == "sqlite":
        yield f"sqlite:///{directory / f'bench-{uuid.uuid4().hex[:8]}.db'}"
        return
    if not postgres_url:
        raise BenchError("PostgreSQL needs a server: give its URL")
    import asyncpg

    name = f"{prefix}{uuid.uuid4().hex}"
    admin = await asyncpg.connect(postgres_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    finally:
        await admin.close()
    try:
        yield postgres_url.rsplit("/", 1)[0] + "/" + name
    finally:
        admin = await asyncpg.connect(postgres_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
