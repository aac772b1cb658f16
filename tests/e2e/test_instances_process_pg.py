"""Two `rapport run` processes in webhook mode on one PostgreSQL database (issue 15), the
sandbox's Bot API over HTTP: each update POSTed to both at once, as a load balancer retrying
or Telegram redelivering would, is handled and answered once. Skipped without
RAPPORT_TEST_POSTGRES_URL, unless RAPPORT_REQUIRE_POSTGRES says a server must be there.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import asyncpg
import httpx
import pytest

from bot.compose import open_app
from bot.config import load_settings
from bot.sandbox import SandboxServer, TelegramState
from bot.services import enrolment
from tests.conftest import fresh_postgres
from tests.harness import call
from tests.timing import GUARD, wait_until

TOKEN = "616161:SANDBOX-webhook-token"
SECRET = "s3cr3t_Webhook-0123456789abcdef"
PUBLIC_URL = "https://clinic.example/rapport/telegram"
LISTENING = re.compile(r"web view listening on (http://127\.0\.0\.1:\d+)")
PATIENTS = 6


@pytest.fixture
async def shared_url() -> AsyncIterator[str]:
    async for url in fresh_postgres():
        yield url


async def _invites(url: str) -> list[str]:
    """A clinician and PATIENTS patients; their invite tokens (the database is migrated)."""
    app = await open_app(load_settings(_env_file=None, DATABASE_URL=url))
    try:
        await call(app, enrolment.add_clinician, "Dr A")
        return [
            (await call(app, enrolment.add_patient, f"P-{i}", "Dr A", None, "en")).token
            for i in range(PATIENTS)
        ]
    finally:
        await app.db.close()


async def _unfinished(url: str) -> int:
    """Updates not yet handled, and replies not yet sent."""
    conn = await asyncpg.connect(url)
    try:
        inbox = await conn.fetchval("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
        outbox = await conn.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
        )
        return int(inbox) + int(outbox)
    finally:
        await conn.close()


def _listening(proc: subprocess.Popen[bytes], log: Path) -> object:
    return LISTENING.search(log.read_text()) or proc.poll() is not None


@pytest.fixture
def two_processes(
    shared_url: str, tmp_path: Path
) -> Iterator[tuple[TelegramState, list[str], list[str]]]:
    """The invite tokens, then both processes listening (their web view's address each), the
    webhook registered."""
    invites = asyncio.run(_invites(shared_url))  # migrated before either process starts
    procs: list[subprocess.Popen[bytes]] = []
    with SandboxServer(TelegramState(), token=TOKEN) as server:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": server.base_url,
            "TELEGRAM_WEBHOOK_URL": PUBLIC_URL,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "RAPPORT_WEB_LISTEN": "127.0.0.1:0",
            "DATABASE_URL": shared_url,
            "RAPPORT_QUIET_HOURS": "off",
            "RAPPORT_DEFAULT_SCHEDULE": "",
        }
        logs = [tmp_path / f"bot{i}.log" for i in range(2)]
        try:
            for log in logs:
                with log.open("wb") as out:
                    procs.append(
                        subprocess.Popen(
                            [sys.executable, "-m", "bot", "run"],
                            env=env,
                            stdout=out,
                            stderr=subprocess.STDOUT,
                            cwd=tmp_path,
                        )
                    )
            bases = []
            for proc, log in zip(procs, logs, strict=True):
                found = wait_until(partial(_listening, proc, log))
                assert proc.poll() is None and isinstance(found, re.Match), log.read_text()
                bases.append(found.group(1))
            wait_until(lambda: len(server.state.calls_to("setWebhook")) == 2)
            yield server.state, bases, invites
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                assert proc.wait(timeout=GUARD) == 0


def _post(base: str, update: object) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    url = f"{base}/rapport/telegram"
    return httpx.post(url, json=update, headers=headers, timeout=GUARD).status_code


def test_two_processes_given_the_same_updates_answer_each_once(
    shared_url: str, two_processes: tuple[TelegramState, list[str], list[str]]
) -> None:
    state, bases, invites = two_processes
    users = [state.user(first_name=f"P{i}") for i in range(PATIENTS)]
    # The first patient's updates reach one process only: what every patient must see.
    for step in ("start", "agree"):
        updates = [
            user.start(invite) if step == "start" else user.tap("Yes, I agree")
            for user, invite in zip(users, invites, strict=True)
        ]
        posts = [(bases[0], updates[0])]
        posts += [(base, update) for update in updates[1:] for base in bases]
        with ThreadPoolExecutor(max_workers=len(posts)) as pool:
            statuses = list(pool.map(lambda post: _post(*post), posts))
        assert set(statuses) == {200}
        wait_until(lambda: asyncio.run(_unfinished(shared_url)) == 0, step)
        seen = [len(user.messages()) for user in users]
        assert seen[0], step
        assert seen == [seen[0]] * PATIENTS, step
    answered = [c.params["callback_query_id"] for c in state.calls_to("answerCallbackQuery")]
    assert len(answered) == PATIENTS == len(set(answered))
