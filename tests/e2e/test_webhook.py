"""Webhook mode: a real `rapport run` process, Telegram's POSTs over real HTTP, the sandbox API.

The webhook is a route of the web view: one server, one port (RAPPORT_WEB_LISTEN, port 0
here, read back from the log), serving the pages and Telegram's POSTs side by side.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.compose import open_app
from bot.config import SettingsError, load_settings
from bot.sandbox import SandboxServer, SimUser, TelegramState
from bot.services import enrolment
from bot.storage import inbox
from bot.tg.intake import ALLOWED_UPDATES
from tests.engines import OWN_SQLITE_FILE
from tests.harness import call
from tests.timing import GUARD, wait_until

pytestmark = OWN_SQLITE_FILE

TOKEN = "616161:SANDBOX-webhook-token"
SECRET = "s3cr3t_Webhook-0123456789abcdef"
PUBLIC_URL = "https://clinic.example/rapport/telegram"
PRIVATE_TEXT = "the evening sertraline makes my hands shake"
STAFF_ID = 700_001
LISTENING = re.compile(r"web view listening on (http://127\.0\.0\.1:\d+)")


@dataclass
class Running:
    state: TelegramState
    user: SimUser
    invite: str
    base: str  # the web view's own address, where Telegram's POSTs arrive too
    db: Path
    log: Path

    @property
    def endpoint(self) -> str:
        return f"{self.base}/rapport/telegram"


def _listening(log: Path) -> str | None:
    found = LISTENING.search(log.read_text(errors="replace"))
    return found.group(1) if found else None


async def _prepare(db: Path) -> str:
    """A clinician, a staff member and a patient; returns the patient's invite token."""
    app = await open_app(load_settings(DATABASE_URL=f"sqlite:///{db}"))
    try:
        await call(app, enrolment.add_clinician, "Dr A")
        await call(app, enrolment.add_staff, STAFF_ID, "Sam")
        return (await call(app, enrolment.add_patient, "P-001", "Dr A", None, "en")).token
    finally:
        await app.db.close()


async def _preload(db: Path, updates: list[dict]) -> None:
    """Updates a previous run stored (and answered 200) but never processed."""
    app = await open_app(load_settings(DATABASE_URL=f"sqlite:///{db}"))
    try:
        rows = [(u["update_id"], json.dumps(u)) for u in updates]
        async with app.db.tx() as tx:
            await inbox.store(tx, rows, app.clock.now())
    finally:
        await app.db.close()


def _inbox(db: Path) -> dict[int, bool]:
    """update_id -> processed, read from the file the bot is writing."""
    with sqlite3.connect(db, timeout=GUARD) as conn:
        rows = conn.execute("SELECT update_id, processed_at IS NOT NULL FROM inbox").fetchall()
    return {uid: bool(done) for uid, done in rows}


def _post(
    run: Running, update: object, secret: str | None = SECRET, path: str | None = None
) -> int:
    """POST an update as Telegram does: JSON body and the secret header."""
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    url = run.endpoint if path is None else run.base + path
    return httpx.post(url, json=update, headers=headers, timeout=GUARD).status_code


@pytest.fixture
def bot_run(tmp_path: Path) -> Iterator[Callable[..., Running]]:
    """Starts `rapport run` in webhook mode (optionally with updates already in the inbox)."""
    procs: list[subprocess.Popen[bytes]] = []
    with SandboxServer(TelegramState(), token=TOKEN) as server:

        def start(make_preload: Callable[[SimUser, str], list[dict]] | None = None) -> Running:
            state, db, log = server.state, tmp_path / "rapport.db", tmp_path / "bot.log"
            user = state.user(first_name="Pat")
            invite = asyncio.run(_prepare(db))
            if make_preload:
                asyncio.run(_preload(db, make_preload(user, invite)))
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_BASE_URL": server.base_url,
                "TELEGRAM_WEBHOOK_URL": PUBLIC_URL,
                "TELEGRAM_WEBHOOK_SECRET": SECRET,
                "RAPPORT_WEB_LISTEN": "127.0.0.1:0",
                "DATABASE_URL": f"sqlite:///{db}",
                "RAPPORT_QUIET_HOURS": "off",
                # No schedule to fall due at whatever real time the test runs.
                "RAPPORT_DEFAULT_SCHEDULE": "",
            }
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
            # The server listens (and says where) before setWebhook is called.
            wait_until(lambda: state.calls_to("setWebhook") or procs[-1].poll() is not None)
            assert procs[-1].poll() is None, log.read_text()
            base = _listening(log)
            assert base is not None, log.read_text()
            return Running(state, user, invite, base, db, log)

        yield start
        for proc in procs:
            proc.terminate()
            assert proc.wait(timeout=GUARD) == 0


def _assert_clean_log(run: Running, *secrets: str) -> None:
    text = run.log.read_text()
    assert "webhook POST" in text  # the log was captured
    for secret in (TOKEN, SECRET, PRIVATE_TEXT, "Pat", *secrets):
        assert secret not in text


def test_enrolment_through_the_webhook(bot_run: Callable[..., Running]) -> None:
    run = bot_run()
    (call,) = run.state.calls_to("setWebhook")
    assert call.params["url"] == PUBLIC_URL and call.params["secret_token"] == SECRET
    assert json.loads(call.params["allowed_updates"]) == ALLOWED_UPDATES
    assert call.params["drop_pending_updates"] == "false"

    start = run.user.start(run.invite)
    assert _post(run, start) == 200
    wait_until(lambda: run.user.messages() and run.user.last().buttons)
    # Telegram retries when it missed the 200: the duplicate is acknowledged, not re-run.
    assert _post(run, start) == 200
    assert _post(run, run.user.tap("Yes, I agree")) == 200
    wait_until(lambda: any("all set" in m.text for m in run.user.messages()))
    # One consent (now "✓ You agreed") and one welcome: the duplicate /start did nothing.
    assert len(run.user.messages()) == 2

    message = run.user.send(PRIVATE_TEXT)
    assert _post(run, message) == 200
    wait_until(lambda: _inbox(run.db).get(message["update_id"]))
    assert all(_inbox(run.db).values())
    assert run.state.calls_to("getUpdates") == []
    assert run.state.calls_to("deleteWebhook") == []  # left set, documented
    _assert_clean_log(run)


def test_requests_without_the_right_secret_store_nothing(bot_run: Callable[..., Running]) -> None:
    run = bot_run()
    update = run.user.send(PRIVATE_TEXT)
    wrong = "x" * len(SECRET)
    assert _post(run, update, secret=None) == 401
    assert _post(run, update, secret=wrong) == 403
    assert _post(run, update, secret=SECRET[:-1]) == 403
    assert _post(run, update, path="/elsewhere") == 404
    assert httpx.get(run.endpoint, timeout=GUARD).status_code == 405
    bad = httpx.post(
        run.endpoint,
        content=b"{not json",
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        timeout=GUARD,
    )
    assert bad.status_code == 400
    assert _post(run, {"message": update["message"]}) == 400
    assert _post(run, {**update, "update_id": "7"}) == 400
    assert _oversized(run) == 413
    assert _inbox(run.db) == {}
    assert run.user.messages() == []
    # The server is still up, and the right secret gets in.
    assert _post(run, update) == 200
    wait_until(lambda: _inbox(run.db).get(update["update_id"]))
    _assert_clean_log(run, wrong)


def _oversized(run: Running) -> int:
    """Announce a 2 MiB body: refused before any of it is read."""
    port = int(run.base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=GUARD) as sock:
        sock.sendall(
            b"POST /rapport/telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"X-Telegram-Bot-Api-Secret-Token: " + SECRET.encode() + b"\r\n"
            b"Content-Length: 2097152\r\n\r\n"
        )
        return int(sock.recv(1024).split()[1])


def test_updates_left_in_the_inbox_are_processed_at_start(
    bot_run: Callable[..., Running],
) -> None:
    # Stored and answered 200 by an earlier run that died before processing it.
    run = bot_run(lambda user, invite: [user.start(invite)])
    wait_until(lambda: run.user.messages() and run.user.last().buttons)
    assert all(_inbox(run.db).values())


def test_the_web_view_and_the_webhook_share_one_port(bot_run: Callable[..., Running]) -> None:
    """Staff send /web through the webhook; the link it brings signs them in on that port."""
    run = bot_run()
    staff = run.state.user(telegram_id=STAFF_ID, first_name="Sam")
    assert _post(run, staff.send("/web")) == 200
    text = wait_until(lambda: staff.messages() and staff.last().text)
    found = re.search(r"(http://127\.0\.0\.1:\d+)(/signin/[\w-]+)", text)
    assert found and found.group(1) == run.base, text  # port 0 became the port in links
    with httpx.Client(base_url=run.base, timeout=GUARD) as client:
        assert client.get("/web/").status_code == 401
        css = client.get("/static/rapport.css")
        assert css.status_code == 200 and "no-store" not in css.headers.get("cache-control", "")
        assert client.get(found.group(2)).status_code == 200  # the button, nothing used yet
        assert client.post(found.group(2)).status_code == 303
        home = client.get("/web/")
        assert home.status_code == 200 and "Sam" in home.text
        assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
        assert client.post(found.group(2)).status_code == 403  # works once
    _assert_clean_log(run, found.group(2).rsplit("/", 1)[1])


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"TELEGRAM_WEBHOOK_URL": "http://clinic.example/tg"}, "TELEGRAM_WEBHOOK_URL"),
        ({"TELEGRAM_WEBHOOK_URL": PUBLIC_URL}, "TELEGRAM_WEBHOOK_SECRET"),
        (
            {"TELEGRAM_WEBHOOK_URL": PUBLIC_URL, "TELEGRAM_WEBHOOK_SECRET": "has space"},
            "TELEGRAM_WEBHOOK_SECRET",
        ),
        ({"TELEGRAM_WEBHOOK_SECRET": "a" * 257}, "TELEGRAM_WEBHOOK_SECRET"),
        (
            {
                "TELEGRAM_WEBHOOK_URL": "https://clinic.example/web/tg",
                "TELEGRAM_WEBHOOK_SECRET": SECRET,
            },
            "TELEGRAM_WEBHOOK_URL",
        ),
        (
            {"TELEGRAM_WEBHOOK_URL": "https://clinic.example/", "TELEGRAM_WEBHOOK_SECRET": SECRET},
            "TELEGRAM_WEBHOOK_URL",
        ),
        # Gone: refused (not ignored), so nobody proxies to a port nothing listens on.
        ({"RAPPORT_WEBHOOK_LISTEN": "127.0.0.1:8443"}, "RAPPORT_WEBHOOK_LISTEN"),
    ],
)
def test_invalid_webhook_settings_name_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], name: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    message = str(err.value)
    assert message.startswith(f"{name}:") and "\n" not in message
    assert "has space" not in message and "a" * 257 not in message


def test_webhook_settings_defaults_and_valid_values() -> None:
    assert load_settings().telegram_webhook_url is None
    assert load_settings().web_address == ("127.0.0.1", 8080)
    s = load_settings(
        TELEGRAM_WEBHOOK_URL=PUBLIC_URL,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        RAPPORT_WEB_LISTEN="[::1]:9000",
        RAPPORT_WEBHOOK_LISTEN="",  # an empty line left in .env is no setting at all
    )
    assert s.telegram_webhook_url == PUBLIC_URL and s.web_address == ("::1", 9000)
    assert SECRET not in repr(s)
