"""Signing in to the web view in a real browser, with a link obtained in the sandbox chat."""

from __future__ import annotations

from playwright.async_api import Page

from tests.browser.kit import press, send, shot, sign_in
from tests.playkit import Served


async def test_the_clinician_signs_in_with_the_link_from_their_chat(
    page: Page, site: Served
) -> None:
    await page.goto(f"{site.url}/web/")
    assert "Please sign in" in await page.locator("h1").inner_text()  # nothing before it
    await sign_in(page, site, "clinician")
    assert "Dr Rivera" in await page.locator("main").inner_text()
    await shot(page, "web-home-clinician")


async def test_a_link_works_once(page: Page, site: Served) -> None:
    await page.goto(site.chat_url("staff"))
    await send(page, "/web")
    link = await page.locator("li.msg.bot a[href*='/signin/']").last.get_attribute("href")
    assert link and link.startswith(f"{site.url}/signin/")
    await page.goto(link)
    await press(page, page.get_by_role("button", name="Sign in"))
    await page.wait_for_url(f"{site.url}/web/")
    await page.goto(link)
    assert "no longer works" in await page.locator("h1").inner_text()
