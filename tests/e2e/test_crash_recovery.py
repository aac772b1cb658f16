"""`rapport run` in a real process over real HTTP, killed with SIGKILL mid-update."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.compose import open_app
from bot.config import load_settings
from bot.sandbox import SandboxServer, SimUser, TelegramState
from bot.services import enrolment
from tests.harness import call

TOKEN = "424242:SANDBOX-token"


def _start_bot(server: SandboxServer, db: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{db}",
        "RAPPORT_SWEEP_SECONDS": "1",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=db.parent,
        )


def _wait(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


async def _enrolled(
    state: TelegramState, db: Path, server: SandboxServer, log: Path
) -> tuple[SimUser, subprocess.Popen[bytes]]:
    app = await open_app(load_settings(DATABASE_URL=f"sqlite:///{db}"))
    try:
        await call(app, enrolment.add_clinician, "Dr A")
        invite = await call(app, enrolment.add_patient, "P-001", "Dr A", None, "en")
    finally:
        await app.db.close()
    bot = _start_bot(server, db, log)
    user = state.user(first_name="Pat")
    user.start(invite.token)
    _wait(lambda: user.messages() and user.last().buttons)
    user.tap("Yes, I agree")
    _wait(lambda: any("all set" in m.text for m in user.messages()))
    return user, bot


async def _count(db: Path, sql: str) -> int:
    app = await open_app(load_settings(DATABASE_URL=f"sqlite:///{db}"))
    try:
        row = await app.db.fetchone(sql)
        return int(row[0])
    finally:
        await app.db.close()


async def _rows(db: Path, sql: str, *params: object) -> list[object]:
    app = await open_app(load_settings(DATABASE_URL=f"sqlite:///{db}"))
    try:
        return [r[0] for r in await app.db.fetchall(sql, params)]
    finally:
        await app.db.close()


@pytest.mark.parametrize("delay", [0.0, 0.002, 0.01, 0.05])
async def test_sigkill_after_update_handed_over(tmp_path: Path, delay: float) -> None:
    state = TelegramState()
    db, log = tmp_path / "rapport.db", tmp_path / "bot.log"
    with SandboxServer(state, token=TOKEN) as server:
        user, bot = await _enrolled(state, db, server, log)
        killed = threading.Event()

        def kill(update_ids: list[int]) -> None:
            if not killed.is_set():
                killed.set()
                threading.Timer(delay, os.kill, (bot.pid, signal.SIGKILL)).start()

        state.on_updates_delivered = kill
        note = user.send("a note for my doctor")
        _wait(killed.is_set)
        assert bot.wait(timeout=10) == -signal.SIGKILL
        state.on_updates_delivered = None

        started = log.read_text().count("Application started")
        bot = _start_bot(server, db, log)
        try:
            # Up means signal handlers set and the inbox drained before the first poll.
            _wait(lambda: log.read_text().count("Application started") > started)
            deadline = time.monotonic() + 20
            while await _count(db, "SELECT COUNT(*) FROM patient_messages") == 0:
                assert time.monotonic() < deadline, "the note was never processed"
                await asyncio.sleep(0.05)
            await asyncio.sleep(1.0)  # time for a wrong second processing to show
        finally:
            bot.terminate()
            assert bot.wait(timeout=10) == 0
    notes = await _count(db, "SELECT COUNT(*) FROM patient_messages")
    assert notes == 1, "the update is processed exactly once"
    # The intake is open, so the reply is a gentle re-ask and the question shown again.
    reasks = sum("tap one of the buttons" in m.text for m in user.messages())
    rows = await _rows(
        db,
        "SELECT status FROM outbox WHERE dedupe_key LIKE ? ORDER BY id",
        f"u{note['update_id']}:%",
    )
    assert len(rows) == 2, "one processing queues one reply"
    # Each reply went out once, unless the kill fell inside its sendMessage call: then it is
    # recorded as ambiguous (it may or may not have arrived) and deliberately not resent.
    assert all(status in ("sent", "ambiguous") for status in rows)
    assert reasks == 1 if rows[0] == "sent" else reasks <= 1
    assert "a note for my doctor" not in log.read_text()
