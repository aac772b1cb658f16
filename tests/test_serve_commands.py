"""`rapport sandbox --serve` and `rapport demo --serve` as processes: they print where to go,
serve the try-it pages and the web view there, and stop cleanly on SIGINT or SIGTERM."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

URL = re.compile(r"Try it: +(http://127\.0\.0\.1:\d+)/try")


def _serving(args: list[str], cwd: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", *args, "--serve", "--listen", "127.0.0.1:0"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:  # a guard against a hang is the test run's own timeout
        if found := URL.search(line):
            return process, found.group(1)
    process.wait(timeout=60)
    assert process.stderr is not None
    raise AssertionError(f"no URL printed; stderr: {process.stderr.read()[-2000:]}")


def _stopped(process: subprocess.Popen[str], sig: signal.Signals) -> None:
    process.send_signal(sig)
    assert process.wait(timeout=120) == 0
    assert process.stderr is not None
    assert process.stderr.read() == ""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_sandbox_serves_an_empty_clinic_to_play(tmp_path: Path, sig: signal.Signals) -> None:
    process, url = _serving(["sandbox"], tmp_path)
    try:
        people = httpx.get(f"{url}/try", timeout=30)
        assert people.status_code == 200
        for name in ("Alex", "Dr Rivera", "Reception"):
            assert name in people.text
        assert httpx.get(f"{url}/web/", timeout=30).status_code == 401
    finally:
        _stopped(process, sig)
    assert (tmp_path / "sandbox-output" / "demo.db").exists()


def test_the_demo_keeps_serving_its_people(tmp_path: Path) -> None:
    process, url = _serving(["demo", "--days", "1"], tmp_path)
    try:
        people = httpx.get(f"{url}/try", timeout=30).text
        for name in ("Ana", "Dr Rivera", "Reception"):
            assert name in people, people
    finally:
        _stopped(process, signal.SIGINT)


def test_listen_without_serve_is_refused(rapport) -> None:
    code, out, err = rapport("demo", "--listen", "127.0.0.1:0")
    assert (code, out) == (1, "") and "--listen" in err and err.count("\n") == 1
