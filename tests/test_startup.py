"""A database Rapport cannot use stops it with one line and a non-zero exit, always: no
traceback, and no process left hanging on the connection's thread."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bot.compose import open_app
from bot.config import load_settings
from bot.storage.db import DatabaseError

ROOT = Path(__file__).resolve().parent.parent


def _rapport(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: a hang fails the test at the timeout."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
        "PYTHONPATH": str(ROOT),
        "RAPPORT_WEB_LISTEN": "127.0.0.1:0",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )


@pytest.mark.parametrize("command", [("patient", "list"), ("run",), ("migrate",)])
def test_a_corrupt_database_is_one_line_and_exit_1(tmp_path: Path, command: tuple[str]) -> None:
    (tmp_path / "r.db").write_bytes(b"this is not a database, it is a letter" * 200)
    os.environ.setdefault("TELEGRAM_BOT_TOKEN", "")
    done = _rapport(tmp_path, *command)
    assert done.returncode == 1
    assert done.stderr.startswith("rapport: error: ") and done.stderr.count("\n") == 1
    assert "damaged" in done.stderr and "Traceback" not in done.stderr


def test_a_corrupt_database_under_json_is_an_error_object(tmp_path: Path) -> None:
    (tmp_path / "r.db").write_bytes(b"\x00garbage" * 1000)
    done = _rapport(tmp_path, "--json", "patient", "list")
    assert done.returncode == 1 and done.stderr == ""
    assert set(json.loads(done.stdout)) == {"error"}


async def test_a_lock_held_at_start_is_a_database_error(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    settings = load_settings(DATABASE_URL=f"sqlite:///{path}")
    app = await open_app(settings)  # migrated once
    await app.db.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process mid-write, for longer than we wait
    try:
        with pytest.raises(DatabaseError, match="locked by another process"):
            await open_app(settings, busy_ms=50)
        # The connection was closed: its worker thread ends (a hang would keep the process).
        for thread in threading.enumerate():
            if "connection_worker" in thread.name:  # aiosqlite's, one per connection
                thread.join(30)
                assert not thread.is_alive(), thread.name
    finally:
        holder.rollback()
        holder.close()


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    """`rapport audit | head`: the pipe closes before Rapport has written."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "dialogs", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_the_demo_does_not_empty_a_folder_it_did_not_make(tmp_path: Path) -> None:
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me", encoding="utf-8")
    done = _rapport(tmp_path, "demo", "--days", "1", "--output", str(precious))
    assert done.returncode == 1 and "not empty" in done.stderr
    assert (precious / "letter.txt").read_text(encoding="utf-8") == "keep me"
