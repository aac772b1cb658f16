"""Browser tests: Playwright driving Debian's Chromium against the playground, served in this
process on a free port.

Fixtures to reuse:
- `site`: the sandbox clinic (Dr Rivera linked, Reception on staff, P-001 invited), served
  over HTTP on port 0 with the web view and the try-it pages; `site.url`, `site.person(role)`,
  `site.chat_url(role)`, `site.played` (the Playground: its app, clock, sandbox state).
- `page`: a fresh Playwright page (phone-sized) in its own browser context (its own cookies).
And in tests/browser/kit.py: `sign_in(page, site, role)` (the web view, as the clinician or
staff, through the try-it chat: /web, the link the bot sent, its button), `send(page, text)`,
`shot(page, name)` (a full-page screenshot saved as test-artifacts/<name>.png).

Nothing waits on the wall clock but Playwright's own generous timeouts: the bot's time is the
playground's virtual clock.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from bot.clock import VirtualClock
from tests.conftest import START
from tests.playkit import Served, sandbox, served

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 60_000  # generous: a busy machine is slow, never wrong


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, installed by .ci/install-chromium when missing."""
    if not CHROMIUM.exists():
        subprocess.run([str(ROOT / ".ci" / "install-chromium")], check=True, timeout=900)
    return CHROMIUM


@pytest.fixture
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 430, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    opened = await context.new_page()
    try:
        yield opened
    finally:
        await context.close()


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Served]:
    async with sandbox(tmp_path, VirtualClock(START)) as played, served(played) as running:
        yield running
