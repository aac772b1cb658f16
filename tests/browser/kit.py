"""Helpers for browser tests (fixtures are in conftest.py): sign in, chat, screenshots."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Locator, Page

from tests.playkit import Served

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


async def sign_in(page: Page, site: Served, role: str) -> None:
    """Sign in to the web view as `role` ("clinician" or "staff") through the try-it chat."""
    await page.goto(site.chat_url(role))
    await send(page, "/web")
    link = page.locator("li.msg.bot a[href*='/signin/']").last
    await page.goto(await link.get_attribute("href") or "")
    await press(page, page.get_by_role("button", name="Sign in"))
    await page.wait_for_url(f"{site.url}/web/")


async def send(page: Page, text: str) -> None:
    """Type a message in the try-it chat and send it (pressing Start first in a new chat)."""
    if await page.locator("form.start").count():
        await press(page, page.locator("form.start button"))
    await page.locator("form.composer input[name=text]").fill(text)
    await press(page, page.locator("form.composer button"))


async def shot(page: Page, name: str) -> Path:
    """A full-page screenshot under test-artifacts/ (kept by the run, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def press(page: Page, target: Locator) -> None:
    """Click a button that posts a form (or a link) and wait for the page it leads to: reading
    the page right after a bare click could still read the old one."""
    async with page.expect_navigation():
        await target.click()
