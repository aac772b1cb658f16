"""The web view's sign-in: a link from the bot starts a session; nothing without one."""

from __future__ import annotations

from bot.services import enrolment
from tests.harness import call
from tests.web.webkit import browser, csrf, link_for, sign_in


async def test_staff_signs_in_with_a_link_that_works_once_and_signs_out(app) -> None:
    await call(app, enrolment.add_staff, 501, "Sam")
    async with browser(app) as client:
        assert (await client.get("/web/")).status_code == 401
        path = await link_for(app, 501)
        await client.post(path)
        home = await client.get("/web/")
        assert home.status_code == 200 and "Sam" in home.text
        assert home.headers["cache-control"] == "no-store"
        assert "script-src 'self'" in home.headers["content-security-policy"]
        assert (await client.post(path)).status_code == 403  # used
        assert (await client.post("/signout", data={"csrf": "wrong"})).status_code == 403
        out = await client.post("/signout", data={"csrf": csrf(home.text)})
        assert out.status_code == 200
        assert (await client.get("/web/")).status_code == 401


async def test_no_link_for_strangers(app) -> None:
    from bot.services import web_access

    async with app.db.tx() as tx:
        assert await web_access.issue_link(app, tx, 999, app.clock.now()) is None
    async with browser(app) as client:
        await call(app, enrolment.add_staff, 502, "Kim")
        await sign_in(app, client, 502)
        assert (await client.get("/web/")).status_code == 200
