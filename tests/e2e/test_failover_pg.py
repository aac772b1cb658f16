"""Issue 15's failover: two `rapport run` processes on one PostgreSQL database and the
loopback sandbox (Telegram's flood limits on), 1,000 patients due at once; the instance that
holds the sender's lease is killed with SIGKILL mid-send. Every invitation is delivered once or
recorded `ambiguous`; a chat gets two only when its row was in flight at the kill (settled by
the takeover); the survivor resumes within the lease plus a sweep; the time is printed."""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bench.fixtures import TIMEZONE, Plan, enrol, make_chats_known
from bot.compose import open_app
from bot.config import load_settings
from bot.domain.leases import SENDER
from bot.sandbox import SandboxServer, TelegramState
from bot.sandbox.limits import TELEGRAM
from bot.services import dispatch
from bot.services.sender import Sender
from bot.storage.db import Database, connect
from bot.storage.times import iso, parse
from tests.conftest import fresh_postgres

TOKEN = "424242:FAILOVER-token"
PATIENTS = 1000
LEASE_SECONDS = 3
SWEEP_SECONDS = 2
LATENCY_MS = 200
KILL_AFTER = 300  # deliveries: well into the send, far from its end
# Rows the holder may have marked `sending` when it died: its calls in flight, at most.
IN_FLIGHT = inspect.signature(Sender).parameters["in_flight"].default
# Only against a hang: the whole send at 30/s, the one resend a minute later, and room.
DEADLINE = PATIENTS / 30 + 60 + 240


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    async for url in fresh_postgres():
        yield url


async def _prepare(url: str, state: TelegramState) -> list[int]:
    """N active patients with a weekly check-in, all made due now; their chats."""
    settings = load_settings(_env_file=None, DATABASE_URL=url, RAPPORT_QUIET_HOURS="off")
    app = await open_app(settings)
    try:
        now = datetime.now(UTC)
        slot = (now + timedelta(minutes=2)).replace(second=0, microsecond=0)
        at = slot.astimezone(ZoneInfo(TIMEZONE))
        weekly = Plan(
            "weekly", at.strftime("%a").lower(), None, at.date(), lambda _: f"{at:%H:%M}"
        )
        chats = await enrol(app, state, PATIENTS, weekly)
        await dispatch.plan(app, now)
        async with app.db.tx() as tx:
            moved = await tx.run(
                "UPDATE checkins SET due_at = ? WHERE due_at = ?", (iso(now), iso(slot))
            )
        assert moved == len(chats)
        return chats
    finally:
        await app.db.close()


def _env(server: SandboxServer, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": url,
        # Several instances take updates by webhook (one getUpdates at a time is Telegram's
        # rule); none arrives here, only the sends matter.
        "TELEGRAM_WEBHOOK_URL": "https://clinic.example/telegram",
        "TELEGRAM_WEBHOOK_SECRET": "failover-secret",
        "RAPPORT_WEB_LISTEN": "127.0.0.1:0",
        "RAPPORT_SWEEP_SECONDS": str(SWEEP_SECONDS),
        "RAPPORT_LEASE_SECONDS": str(LEASE_SECONDS),
        "RAPPORT_DEFAULT_SCHEDULE": "",
        "RAPPORT_QUIET_HOURS": "off",  # whatever the hour where the patients live
    }


def _start(env: dict[str, str], work: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=work,
        )


def _deliveries(state: TelegramState, chats: set[int]) -> list[tuple[float, int]]:
    """(sandbox time, chat) of every accepted sendMessage to a patient."""
    return [
        (c.at, int(c.params["chat_id"]))
        for c in state.calls_to("sendMessage")
        if c.ok and int(c.params.get("chat_id", 0)) in chats
    ]


async def _holder(db: Database) -> tuple[str, datetime] | None:
    row = await db.fetchone("SELECT holder, taken_at FROM leases WHERE name = ?", (SENDER,))
    if row is None:
        return None
    taken = parse(row["taken_at"])
    assert taken is not None
    return row["holder"], taken


async def _unfinished(db: Database) -> int:
    found = await db.fetchone("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
    return int(found[0]) if found else 0


async def _wait(condition, what: str, deadline: float) -> None:  # type: ignore[no-untyped-def]
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def test_the_survivor_takes_over_the_send_when_the_holder_is_killed(
    pg_url: str, tmp_path: Path
) -> None:
    state = TelegramState(limits=TELEGRAM)
    chats = await _prepare(pg_url, state)
    wanted = set(chats)
    make_chats_known(state, chats)
    db = await connect(pg_url)
    processes: dict[int, subprocess.Popen[bytes]] = {}
    deadline = time.monotonic() + DEADLINE
    try:
        # A round trip long enough for several calls to be in flight when the holder dies.
        with SandboxServer(state, token=TOKEN, latency_ms=LATENCY_MS) as server:
            for n in (1, 2):
                p = _start(_env(server, pg_url), tmp_path, tmp_path / f"rapport-{n}.log")
                processes[p.pid] = p

            async def mid_send() -> bool:
                return len(_deliveries(state, wanted)) >= KILL_AFTER

            await _wait(mid_send, f"{KILL_AFTER} deliveries", deadline)
            held = await _holder(db)
            assert held is not None
            victim = int(held[0].rsplit(":", 2)[1])
            assert victim in processes, held
            processes[victim].send_signal(signal.SIGKILL)
            processes[victim].wait()
            killed_wall, killed = time.time(), state.monotonic()

            async def taken_over() -> bool:
                now = await _holder(db)
                return now is not None and now[0] != held[0]

            await _wait(taken_over, "the takeover", deadline)
            survivor, taken_at = await _holder(db)  # type: ignore[misc]
            assert int(survivor.rsplit(":", 2)[1]) in processes
            taken = killed + (taken_at.timestamp() - killed_wall)

            async def resumed() -> bool:
                return any(at >= taken for at, _ in _deliveries(state, wanted))

            await _wait(resumed, "the survivor's first delivery", deadline)
            first = min(at for at, _ in _deliveries(state, wanted) if at >= taken)

            async def done() -> bool:
                return await _unfinished(db) == 0

            await _wait(done, "every row sent or settled", deadline)
            refused = state.refused_429
    finally:
        for p in processes.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
    try:
        rows = await db.fetchall("SELECT chat_id, status, resends FROM outbox")
    finally:
        await db.close()

    resume = first - killed
    print(
        f"\nfailover: killed after {KILL_AFTER} deliveries; lease taken over"
        f" {taken - killed:.2f} s after the kill; first delivery by the survivor"
        f" {resume:.2f} s after it (RAPPORT_LEASE_SECONDS={LEASE_SECONDS},"
        f" RAPPORT_SWEEP_SECONDS={SWEEP_SECONDS}; a shared machine)"
    )
    per_chat: dict[int, int] = {}
    for _, chat in _deliveries(state, wanted):
        per_chat[chat] = per_chat.get(chat, 0) + 1
    by_chat = {r["chat_id"]: r for r in rows if r["chat_id"] in wanted}
    assert set(by_chat) == wanted, "one invitation per patient, whichever instance swept"
    assert {r["status"] for r in by_chat.values()} <= {"sent", "ambiguous"}
    lost = [c for c in chats if per_chat.get(c, 0) == 0 and by_chat[c]["status"] != "ambiguous"]
    assert lost == []
    settled = {c for c, r in by_chat.items() if r["resends"] > 0 or r["status"] == "ambiguous"}
    assert len(settled) <= IN_FLIGHT, "only the dead holder's calls in flight were settled"
    doubled = {c for c, n in per_chat.items() if n > 1}
    assert doubled <= settled, "a second copy only where the first was in flight at the kill"
    assert max(per_chat.values()) <= 2
    assert refused == 0, "the two instances together kept Telegram's flood limits"
    # Generous: the machine is shared. The lease ends at most LEASE_SECONDS after the last
    # renewal, and the taker's kick (or the next sweep) starts the sender.
    assert resume < 4 * (LEASE_SECONDS + SWEEP_SECONDS)
