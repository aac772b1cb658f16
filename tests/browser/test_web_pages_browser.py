"""The clinician's and staff's pages in a real browser: what each may see and change, and what
is refused (another clinician's patient, bad input, a form without its token, old links)."""

from __future__ import annotations

from datetime import timedelta

from playwright.async_api import Page

from bot.services import enrolment, planning
from bot.storage import events, people
from tests.browser.kit import press, send, shot, sign_in
from tests.harness import call
from tests.playkit import Served, intake


async def _refusals(site: Served, alias: str) -> list[events.Event]:
    async with site.played.app.db.read() as tx:
        patient = await people.patient_by_alias(tx, alias)
        assert patient is not None
        trail = await events.audit(tx, patient.id)
    return [e for e in trail if e.kind == "web" and e.detail.get("what") == "refused"]


async def test_the_clinician_reads_their_patient_and_not_another_clinicians(
    page: Page, site: Served
) -> None:
    app = site.played.app
    await intake(site.played, site.person("patient"))
    await call(app, enrolment.add_clinician, "Dr Other", "en")
    await call(app, enrolment.add_patient, "P-OTHER", "Dr Other", None, None)
    await sign_in(page, site, "clinician")
    await page.goto(f"{site.url}/web/patients")
    assert await page.get_by_role("link", name="P-OTHER").count() == 0
    await press(page, page.get_by_role("link", name="P-001"))
    await press(page, page.get_by_role("button", name="Build a digest now"))
    main = await page.locator("main").inner_text()
    for heading in ("Safety", "Digest", "Chart over the whole treatment", "Every answer"):
        assert heading in main
    chart = page.locator("img[src$='chart.png']")
    assert await chart.evaluate("img => img.complete && img.naturalWidth > 0")
    await shot(page, "web-patient-page")

    refused = await page.goto(f"{site.url}/web/patients/P-OTHER")
    assert refused is not None and refused.status == 403
    assert len(await _refusals(site, "P-OTHER")) == 1


async def test_a_staff_form_with_bad_input_shows_the_error_and_changes_nothing(
    page: Page, site: Served
) -> None:
    app = site.played.app
    async with app.db.read() as tx:
        before = await planning.list_schedules(app, tx, "P-001")
    await sign_in(page, site, "staff")
    await page.goto(f"{site.url}/web/staff/patients/P-001")
    form = page.locator("form[action$='/schedules']")
    await form.locator("select[name=dialog]").select_option("daily")
    await form.locator("input[name=every_days]").fill("0")
    await form.locator("input[name=time]").fill("18:00")
    await press(page, form.get_by_role("button", name="Save schedule"))
    error = await page.locator(".error").first.inner_text()
    assert error.strip()
    assert await form.locator("input[name=every_days]").input_value() == "0"  # kept
    async with app.db.read() as tx:
        assert await planning.list_schedules(app, tx, "P-001") == before
    await shot(page, "web-staff-form-error")


async def test_a_form_without_its_csrf_token_is_refused(page: Page, site: Served) -> None:
    app = site.played.app
    await sign_in(page, site, "staff")
    await page.goto(f"{site.url}/web/staff/patients/P-001")
    book = page.locator("form[action$='/appointments']")
    await book.locator("input[name=date]").fill("2026-03-20")
    await book.locator("input[name=time]").fill("10:00")
    async with app.db.read() as tx:
        before = await planning.list_appointments(app, tx, "P-001")
    await book.locator("input[name=csrf]").evaluate("field => field.remove()")
    async with page.expect_navigation() as went:
        await book.get_by_role("button", name="Book").click()
    answer = await went.value
    assert answer is not None and answer.status == 403
    async with app.db.read() as tx:
        assert await planning.list_appointments(app, tx, "P-001") == before


async def test_an_old_link_and_an_old_session_are_refused_and_sign_out_ends_one(
    page: Page, site: Served
) -> None:
    clock = site.played.app.clock
    await page.goto(site.chat_url("staff"))
    await send(page, "/web")
    link = await page.locator("li.msg.bot a[href*='/signin/']").last.get_attribute("href")
    assert link
    clock.advance(timedelta(minutes=11))  # type: ignore[attr-defined]
    await page.goto(link)
    assert "no longer works" in await page.locator("h1").inner_text()

    await sign_in(page, site, "staff")
    clock.advance(timedelta(hours=12, minutes=1))  # type: ignore[attr-defined]
    expired = await page.goto(f"{site.url}/web/staff")
    assert expired is not None and expired.status == 401

    await sign_in(page, site, "staff")
    await press(page, page.get_by_role("button", name="Sign out"))
    after = await page.goto(f"{site.url}/web/")
    assert after is not None and after.status == 401
