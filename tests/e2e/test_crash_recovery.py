"""`rapport run` in a real process over real HTTP, killed with SIGKILL mid-update."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from bot.compose import open_app
from bot.config import load_settings
from bot.sandbox import SandboxServer, SimUser, TelegramState
from bot.services import enrolment
from tests.engines import OWN_SQLITE_FILE
from tests.harness import call
from tests.timing import GUARD, wait_until

pytestmark = OWN_SQLITE_FILE

TOKEN = "424242:SANDBOX-token"


def _start_bot(server: SandboxServer, db: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{db}",
        "RAPPORT_SWEEP_SECONDS": "1",
        "RAPPORT_WEB_LISTEN": "127.0.0.1:0",  # any free port: copies of the suite side by side
        # No schedule to fall due at whatever real time the test runs.
        "RAPPORT_DEFAULT_SCHEDULE": "",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=db.parent,
        )


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
    wait_until(lambda: user.messages() and user.last().buttons, "the consent question")
    user.tap("Yes, I agree")
    wait_until(lambda: any("all set" in m.text for m in user.messages()), "the welcome")
    return user, bot


def _reply_states(db: Path, update_id: int) -> list[str]:
    """The outbox states of an update's replies, read beside the running bot (reads only)."""
    with closing(sqlite3.connect(db, timeout=GUARD)) as conn:
        rows = conn.execute(
            "SELECT status FROM outbox WHERE dedupe_key LIKE ? ORDER BY id", (f"u{update_id}:%",)
        ).fetchall()
    return [status for (status,) in rows]


def _sent_or_given_up(db: Path, update_id: int) -> bool:
    states = _reply_states(db, update_id)
    return bool(states) and not {"pending", "sending"} & set(states)


async def _count(db: Path, sql: str) -> int:
    app = await open_app(load_settings(DATABASE_URL=f"sqlite:///{db}"))
    try:
        row = await app.db.fetchone(sql)
        return int(row[0])
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
        wait_until(killed.is_set, "the note handed over")
        assert bot.wait(timeout=GUARD) == -signal.SIGKILL
        state.on_updates_delivered = None

        started = log.read_text().count("Application started")
        bot = _start_bot(server, db, log)
        try:
            wait_until(lambda: log.read_text().count("Application started") > started, "restart")
            # A poll the killed bot left open ends now; any poll waiting from here on is the
            # new bot's, and one past the note means it has the note stored and processed.
            state.release_polls()
            wait_until(
                lambda: (state.waiting_poll() or 0) > note["update_id"], "the bot idle after it"
            )
            wait_until(lambda: _sent_or_given_up(db, note["update_id"]), "the replies")
        finally:
            bot.terminate()
            assert bot.wait(timeout=GUARD) == 0
    notes = await _count(db, "SELECT COUNT(*) FROM patient_messages")
    assert notes == 1, "the update is processed exactly once"
    # The intake is open, so the reply is a gentle re-ask and the question shown again.
    reasks = sum("tap one of the buttons" in m.text for m in user.messages())
    rows = _reply_states(db, note["update_id"])
    assert len(rows) == 2, "one processing queues one reply"
    # Each reply went out once, unless the kill fell inside its sendMessage call: then it is
    # recorded as ambiguous (it may or may not have arrived) and deliberately not resent.
    assert all(status in ("sent", "ambiguous") for status in rows)
    assert reasks == 1 if rows[0] == "sent" else reasks <= 1
    assert "a note for my doctor" not in log.read_text()
