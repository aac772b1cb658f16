"""The try-it page in a real browser: a patient's whole intake played by clicking buttons."""

from __future__ import annotations

from playwright.async_api import Locator, Page

from bot.storage import people
from tests.browser.kit import press, send, shot
from tests.playkit import TYPED, Served, calm_choice, intake


async def _last_bot_message(page: Page) -> Locator:
    return page.locator("li.msg.bot").last


async def test_a_patient_plays_the_whole_intake_by_clicking(page: Page, site: Served) -> None:
    await page.goto(f"{site.url}/try")
    await shot(page, "try-it-people")
    await press(page, page.get_by_role("link", name="Alex"))
    await press(page, page.get_by_role("button", name="Start"))
    await shot(page, "try-it-consent")
    previous, answered = ("", ""), 0
    for _ in range(120):
        last = await _last_bot_message(page)
        keys = await last.locator(".keyboard .key").all_inner_texts()
        labels = [label.strip() for label in keys]
        if not labels:
            break
        text = await last.locator(".text").inner_text()
        # Its id and text: the same again is a multi-choice just ticked (an answer draws the
        # next question over the same message).
        here = (await last.get_attribute("id") or "", text)
        if "Type your answer" in text:
            await send(page, TYPED)
        else:
            label = calm_choice(labels, again=here == previous)
            await press(page, last.get_by_role("button", name=label, exact=True))
        previous, answered = here, answered + 1
        if answered == 6:
            await shot(page, "try-it-intake-question")
    final = await (await _last_bot_message(page)).locator(".text").inner_text()
    assert "that's everything for now" in final, final
    assert answered > 15
    await shot(page, "try-it-intake-done")
    # What the page showed is what the bot stored: the patient is active, their words kept.
    async with site.played.app.db.read() as tx:
        patient = await people.patient_by_alias(tx, "P-001")
    assert patient is not None and patient.status == "active"
    assert await page.get_by_text(TYPED).count() == 1


async def test_the_clock_buttons_bring_the_weekly_check_in(page: Page, site: Served) -> None:
    await page.goto(site.chat_url("patient"))
    await press(page, page.get_by_role("button", name="Start"))
    await press(page, page.get_by_role("button", name="Yes, I agree"))
    before = await page.locator("form.clock .now").inner_text()
    await press(page, page.get_by_role("button", name="+1 week"))
    assert await page.locator("form.clock .now").inner_text() != before
    start = site.played.app.t("en", "checkin-start")
    assert await page.get_by_role("button", name=start).count() >= 1
    await shot(page, "try-it-after-a-week")


async def test_the_clinician_sees_the_digest_and_its_chart(page: Page, site: Served) -> None:
    await intake(site.played, site.person("patient"))
    await page.goto(site.chat_url("clinician"))
    await press(page, page.get_by_role("button", name="+1 week"))
    for _ in range(3):
        await press(page, page.get_by_role("button", name="+1 day"))
    assert await page.get_by_text("Pre-visit digest: P-001").count() == 1
    chart = page.locator("li.msg.bot img.photo").last
    await chart.scroll_into_view_if_needed()
    assert await chart.evaluate("image => image.complete && image.naturalWidth > 0")
    await shot(page, "try-it-clinician-digest")


async def test_a_chat_shows_what_happened_elsewhere_without_a_click(
    page: Page, site: Served
) -> None:
    """static/try.js reloads a chat that changed (here: staff writing from another tab)."""
    staff = site.person("staff")
    await page.goto(site.chat_url("staff"))
    await press(page, page.get_by_role("button", name="Start"))
    mine = page.locator("li.msg.mine")
    assert await mine.count() == 1
    await site.played.send(staff, "/help")
    await page.locator("li.msg.mine").nth(1).wait_for()
    assert "/help" in await mine.nth(1).inner_text()
