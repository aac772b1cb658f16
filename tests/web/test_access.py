"""Who gets into the web view, for how long, and what every response carries.

A link from the bot (/web) works once, for ten minutes; the session it starts lasts twelve
hours, ends at sign-out, and ends at once when its holder stops being a clinician or staff.
Every form carries the session's CSRF token. Every response has the security headers, and
nothing but the static files may be cached. The clock is virtual throughout.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from starlette.routing import Route

from bot.services import enrolment, web_access
from bot.services.context import Rapport
from bot.web.app import CSP, build
from bot.web.pages import COOKIE
from tests.e2e.disk import stored
from tests.harness import call, running
from tests.web.webkit import browser, csrf, link_for, sign_in

STAFF_ID = 900_201
OTHER_ID = 900_202


async def _staff(app: Rapport, telegram_id: int = STAFF_ID, name: str = "Sam") -> None:
    await call(app, enrolment.add_staff, telegram_id, name)


async def _events(app: Rapport, *kinds: str) -> list[tuple[str, str, str]]:
    marks = ", ".join("?" for _ in kinds)
    rows = await app.db.fetchall(
        f"SELECT kind, actor, detail FROM events WHERE kind IN ({marks}) ORDER BY id",  # noqa: S608
        kinds,
    )
    return [(r["kind"], r["actor"], r["detail"]) for r in rows]


def _web_routes(app: Rapport) -> list[tuple[str, str]]:
    """(method, path) of every page and action under /web/ and /signout, path parameters
    filled in: whatever the clinician and staff parts add is covered too."""
    web = build(app)
    while not hasattr(web, "routes"):  # inside the middleware
        web = web.app  # type: ignore[attr-defined]
    found = []
    for route in web.routes:
        if not isinstance(route, Route) or not route.path.startswith(("/web", "/signout")):
            continue
        path = re.sub(
            r"\{(\w+)(:\w+)?\}", lambda m: "1" if "id" in m.group(1) else "P-1", route.path
        )
        found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


async def test_nothing_under_web_before_sign_in(app: Rapport) -> None:
    await _staff(app)
    routes = _web_routes(app)
    assert ("GET", "/web/") in routes and ("POST", "/signout") in routes
    async with browser(app) as client:
        for method, path in routes:
            answer = await client.request(method, path, data={"csrf": "x"})
            assert answer.status_code == 401, (method, path)
            assert "send /web to the bot" in answer.text
        client.cookies.set(COOKIE, "a-made-up-session")
        assert (await client.get("/web/")).status_code == 401
        assert (await client.get("/")).headers["location"] == "/web/"


async def test_a_link_works_once(app: Rapport) -> None:
    await _staff(app)
    async with browser(app) as client:
        path = await link_for(app, STAFF_ID)
        shown = await client.get(path)  # a link preview or a scanner: nothing is used up
        assert shown.status_code == 200 and f'action="{path}"' in shown.text
        assert (await client.get(path)).status_code == 200
        assert (await client.post(path)).status_code == 303
        for method in ("GET", "POST"):
            again = await client.request(method, path)
            assert again.status_code == 403 and "no longer works" in again.text
    async with browser(app) as other:  # not even from another browser
        assert (await other.post(path)).status_code == 403
        assert (await other.get("/web/")).status_code == 401
        assert (await other.post("/signin/made-up-token")).status_code == 403


@pytest.mark.parametrize(("minutes", "works"), [(9.9, True), (10, False), (60, False)])
async def test_a_link_expires_after_ten_minutes(app: Rapport, clock, minutes, works) -> None:
    await _staff(app)
    path = await link_for(app, STAFF_ID)
    clock.advance(timedelta(minutes=minutes))
    async with browser(app) as client:
        assert (await client.get(path)).status_code == (200 if works else 403)
        assert (await client.post(path)).status_code == (303 if works else 403)
        assert (await client.get("/web/")).status_code == (200 if works else 401)


async def test_the_session_ends_after_twelve_hours(app: Rapport, clock) -> None:
    await _staff(app)
    async with browser(app) as client:
        await sign_in(app, client, STAFF_ID)
        clock.advance(timedelta(hours=11, minutes=59))
        assert (await client.get("/web/")).status_code == 200
        clock.advance(timedelta(minutes=1))
        refused = await client.get("/web/")
        assert refused.status_code == 401 and "send /web" in refused.text


async def test_the_cookie_is_http_only_strict_and_secure_under_https(app: Rapport) -> None:
    await _staff(app)
    async with browser(app) as client:
        answer = await client.post(await link_for(app, STAFF_ID))
        attributes = _attributes(answer.headers["set-cookie"])
        assert answer.headers["location"] == "/web/"
        for part in ("httponly", "samesite=strict", "path=/", "max-age=43200"):
            assert part in attributes
        assert "secure" not in attributes  # plain http (a test, no proxy): it would not return
    app.settings = app.settings.model_copy(update={"web_url": "https://rapport.clinic.example"})
    async with browser(app) as client:
        url = await link_for(app, STAFF_ID)
        assert "secure" in _attributes((await client.post(url)).headers["set-cookie"])


def _attributes(set_cookie: str) -> list[str]:
    """A Set-Cookie header's attributes (not its value), lower-cased."""
    return [part.strip().lower() for part in set_cookie.split(";")[1:]]


async def test_sign_out_ends_the_session_for_good(app: Rapport) -> None:
    await _staff(app)
    async with browser(app) as client:
        await sign_in(app, client, STAFF_ID)
        home = await client.get("/web/")
        kept = client.cookies[COOKIE]
        out = await client.post("/signout", data={"csrf": csrf(home.text)})
        assert out.status_code == 200 and "signed out" in out.text
        assert 'rapport_session=""' in out.headers["set-cookie"]
        assert (await client.get("/web/")).status_code == 401
        client.cookies.set(COOKIE, kept)  # a copy of the cookie kept from before
        assert (await client.get("/web/")).status_code == 401


async def test_a_form_without_its_csrf_token_is_refused_and_audited(app: Rapport) -> None:
    await _staff(app)
    await _staff(app, OTHER_ID, "Kim")
    async with browser(app) as client, browser(app) as other:
        await sign_in(app, client, STAFF_ID)
        await sign_in(app, other, OTHER_ID)
        theirs = csrf((await other.get("/web/")).text)
        mine = csrf((await client.get("/web/")).text)
        assert theirs != mine
        for data in ({}, {"csrf": ""}, {"csrf": "wrong"}, {"csrf": theirs}, {"csrf": mine[:-1]}):
            refused = await client.post("/signout", data=data)
            assert refused.status_code == 403 and "did not come from Rapport" in refused.text
        assert (await client.get("/web/")).status_code == 200  # still signed in
    refusals = [e for e in await _events(app, "web") if '"refused"' in e[2]]
    assert len(refusals) == 5
    assert all('"reason": "csrf"' in detail and mine not in detail for _, _, detail in refusals)


@pytest.mark.parametrize("take_away", ["staff", "clinician"])
async def test_losing_the_role_ends_access_at_once(app: Rapport, take_away: str) -> None:
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        holder = STAFF_ID if take_away == "staff" else doctor.id
        if take_away == "staff":
            await _staff(app)
        async with browser(app) as client:
            await sign_in(app, client, holder)
            unused = await link_for(app, holder)
            assert (await client.get("/web/")).status_code == 200
            if take_away == "staff":
                await call(app, enrolment.remove_staff, STAFF_ID)
            else:
                await call(app, enrolment.unlink_clinician, "Dr A")
            assert (await client.get("/web/")).status_code == 401
            assert (await client.post(unused)).status_code == 403  # nor a link sent before
            if take_away == "staff":  # given back: the old session stays ended
                await _staff(app)
                assert (await client.get("/web/")).status_code == 401


async def test_a_clinician_who_is_also_staff_sees_both(app: Rapport) -> None:
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        await _staff(app, doctor.id, "Dr A at the desk")
        async with browser(app) as client:
            await sign_in(app, client, doctor.id)
            home = await client.get("/web/")
            assert 'href="/web/patients"' in home.text and 'href="/web/staff"' in home.text
            await call(app, enrolment.remove_staff, doctor.id)
            assert (await client.get("/web/")).status_code == 401  # signed out: sign in again
            await sign_in(app, client, doctor.id)
            home = await client.get("/web/")
            assert 'href="/web/patients"' in home.text and 'href="/web/staff"' not in home.text


async def test_every_kind_of_response_carries_the_security_headers(app: Rapport) -> None:
    await _staff(app)
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
    async with browser(app) as client:
        path = await link_for(app, STAFF_ID)
        responses = {
            "refused": await client.get("/web/"),
            "signin": await client.get(path),
            "redirect": await client.post(path),
            "page": await client.get("/web/"),
            "not found": await client.get("/web/nothing-here"),
            "used link": await client.post(path),
            "wrong method": await client.put("/signout"),
            "static": await client.get("/static/rapport.css"),
        }
    assert responses["not found"].status_code == 404
    assert responses["wrong method"].status_code == 405
    for kind, answer in responses.items():
        headers = answer.headers
        assert headers["content-security-policy"] == CSP, kind
        assert headers["x-content-type-options"] == "nosniff", kind
        assert headers["x-frame-options"] == "DENY", kind
        assert headers["referrer-policy"] == "no-referrer", kind
        assert "server" not in headers, kind
        if kind != "static":
            assert headers["cache-control"] == "no-store", kind
            assert "<script>" not in answer.text and "style=" not in answer.text, kind
    assert "no-store" not in responses["static"].headers.get("cache-control", "")


async def test_the_audit_trail_names_who_and_what_and_never_a_token(app: Rapport) -> None:
    await _staff(app)
    async with browser(app) as client:
        path = await link_for(app, STAFF_ID)
        await client.post(path)
        cookie = client.cookies[COOKIE]
        home = await client.get("/web/")
        await client.post("/signout", data={"csrf": csrf(home.text)})
    trail = await _events(app, "web_link", "web_signin", "web", "web_signout")
    assert [(kind, actor) for kind, actor, _ in trail] == [
        ("web_link", f"telegram:{STAFF_ID}"),
        ("web_signin", f"telegram:{STAFF_ID}"),
        ("web", "staff:1"),
        ("web_signout", "staff:1"),
    ]
    assert '"what": "home.view"' in trail[2][2]
    token = path.rsplit("/", 1)[1]
    everything = await stored(app.db)
    # The database holds hashes of the link and session tokens only.
    assert token.encode() not in everything and cookie.encode() not in everything


async def test_only_clinicians_and_staff_are_issued_links(app: Rapport) -> None:
    async with running(app) as h:
        patient = await h.enrol("P-1")
        async with app.db.tx() as tx:
            for who in (patient.id, 424242):
                assert await web_access.issue_link(app, tx, who, app.clock.now()) is None
    assert await app.db.fetchall("SELECT * FROM web_links") == []


def test_csp_allows_nothing_from_elsewhere() -> None:
    directives = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["img-src"] == "'self' data:"
    for value in directives.values():
        assert "http" not in value and "*" not in value


async def test_a_body_over_a_mebibyte_is_refused_before_it_is_read(app: Rapport) -> None:
    await _staff(app)
    async with browser(app) as client:
        await sign_in(app, client, STAFF_ID)
        home = await client.get("/web/")
        big = {"csrf": csrf(home.text), "x": "a" * (1024 * 1024)}
        refused = await client.post("/signout", data=big)
        assert refused.status_code == 413
        assert refused.headers["content-security-policy"] == CSP
        assert (await client.get("/web/")).status_code == 200  # nothing happened
        async def unannounced():  # no Content-Length: refused once it is too much
            for _ in range(3):
                yield b"x" * (512 * 1024)

        refused = await client.post(
            "/signout",
            content=unannounced(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert refused.status_code == 413 and "more than Rapport accepts" in refused.text
        assert (await client.get("/web/")).status_code == 200
