"""`rapport run` and the staff CLI as real processes, over real HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

from bot.sandbox import SandboxServer, TelegramState
from tests.engines import OWN_SQLITE_FILE
from tests.timing import GUARD, wait_until

pytestmark = OWN_SQLITE_FILE

TOKEN = "515151:SANDBOX-token"


def _env(server: SandboxServer, db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{db}",
        "RAPPORT_SWEEP_SECONDS": "1",
        "RAPPORT_QUIET_HOURS": "off",
        "RAPPORT_WEB_LISTEN": "127.0.0.1:0",  # any free port: copies of the suite side by side
        # No schedule to fall due at whatever real time the test runs.
        "RAPPORT_DEFAULT_SCHEDULE": "",
    }


def _cli(env: dict[str, str], *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=True,
    )
    return json.loads(done.stdout)


def test_checkin_send_reaches_the_patient_within_a_sweep(tmp_path: Path) -> None:
    state = TelegramState()
    db, log = tmp_path / "rapport.db", tmp_path / "bot.log"
    with SandboxServer(state, token=TOKEN) as server:
        env = _env(server, db)
        _cli(env, "clinician", "add", "--name", "Dr A")
        invite = _cli(env, "patient", "add", "--alias", "P-001", "--clinician", "Dr A")
        assert invite["invite_link"] == f"https://t.me/rapport_test_bot?start={invite['token']}"
        with log.open("wb") as out:
            bot = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=tmp_path,
            )
        try:
            user = state.user(first_name="Pat")
            user.start(invite["token"])
            wait_until(lambda: user.messages() and user.last().buttons, "the consent question")
            user.tap("Yes, I agree")
            wait_until(lambda: len(user.messages()) >= 3, "the welcome and the intake")
            # The intake is still open: a check-in sent now goes out beside it. The running bot
            # finds it in the database (the sender looks every second, the sweep every tick).
            # Polling mode serves the web view too, on the port it was given (any free one).
            found = re.search(r"web view listening on (http://\S+)", log.read_text())
            assert found, log.read_text()
            assert httpx.get(f"{found.group(1)}/web/", timeout=GUARD).status_code == 401
            _cli(env, "checkin", "send", "--patient", "P-001", "--dialog", "daily")
            wait_until(lambda: any(m.buttons == ["Start"] for m in user.messages()), "invite")
            user.tap("Start")
            wait_until(lambda: "Quick check-in" in user.last().text, "the first question")
            user.tap(user.last().buttons[0])
            wait_until(
                lambda: "✓" in user.messages()[-2].text or "✓" in user.last().text, "the answer"
            )
        finally:
            bot.terminate()
            assert bot.wait(timeout=GUARD) == 0
    listing = subprocess.run(
        [sys.executable, "-m", "bot", "patient", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=GUARD,
        check=True,
    )
    assert json.loads(listing.stdout)[0]["status"] == "active"
    logged = log.read_text()
    assert "Pat" not in logged and TOKEN.split(":")[1] not in logged


def test_refused_token_and_missing_token_are_one_line(tmp_path: Path) -> None:
    state = TelegramState()
    with SandboxServer(state, token=TOKEN) as server:
        env = {**_env(server, tmp_path / "r.db"), "TELEGRAM_BOT_TOKEN": "1:WRONG"}
        done = subprocess.run(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=GUARD,
        )
        assert done.returncode == 1
        assert done.stderr.strip().splitlines()[-1] == (
            "rapport: error: TELEGRAM_BOT_TOKEN was refused by the Bot API"
        )
        assert "Traceback" not in done.stderr
        env.pop("TELEGRAM_BOT_TOKEN")
        done = subprocess.run(
            [sys.executable, "-m", "bot", "run"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=GUARD,
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.strip().endswith("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
