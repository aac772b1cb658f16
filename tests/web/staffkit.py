"""Staff page test helpers: a clinic with a clinician, a staff member signed in, and a way to
see that a refused form changed nothing."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from bot.services import enrolment
from bot.services.context import Rapport
from bot.services.errors import InputError
from tests.engines import tables
from tests.harness import call
from tests.web.webkit import browser, csrf, sign_in

STAFF_ID = 701
CLINICIAN = "Dr A"
# Sign-in and audit rows change on every request; everything else must stay as it was.
VOLATILE = ("web_links", "web_sessions", "sqlite_sequence")


@asynccontextmanager
async def staff_browser(app: Rapport) -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as a staff member, in a clinic with one clinician."""
    await clinic(app)
    await call(app, enrolment.add_staff, STAFF_ID, "Sam")
    async with browser(app) as client:
        await sign_in(app, client, STAFF_ID)
        yield client


async def clinic(app: Rapport) -> None:
    """The clinician every patient here is under (added once)."""
    if await app.db.fetchone("SELECT 1 FROM clinicians WHERE name = ?", (CLINICIAN,)) is None:
        await call(app, enrolment.add_clinician, CLINICIAN, "en")


async def add(app: Rapport, alias: str, timezone: str | None = "Europe/Madrid") -> None:
    """A patient added as the CLI adds one (invited, not linked)."""
    await clinic(app)
    await call(app, enrolment.add_patient, alias, CLINICIAN, timezone, None)


async def token(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    return csrf(page.text)


async def state(app: Rapport) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the volatile ones (and web audit events)."""
    names = await tables(app.db)
    async with app.db.read() as tx:
        found: dict[str, list[tuple[object, ...]]] = {}
        for name in names:
            if name in VOLATILE:
                continue
            where = " WHERE kind != 'web'" if name == "events" else ""
            rows = await tx.rows(f'SELECT * FROM "{name}"{where}')  # noqa: S608 - table names
            found[name] = [tuple(r) for r in rows]
    return found


async def web_events(app: Rapport) -> list[dict[str, object]]:
    async with app.db.read() as tx:
        rows = await tx.rows("SELECT actor, patient_id, detail FROM events WHERE kind = 'web'")
    return [dict(r) for r in rows]


async def activate(app: Rapport, alias: str, chat_id: int = 9001) -> None:
    """The patient opened the link and consented (as the bot does it)."""
    from bot.services import lifecycle
    from bot.storage import people

    async with app.db.tx() as tx:
        found = await people.patient_by_alias(tx, alias)
        assert found is not None
        now = app.clock.now()
        await people.activate_patient(tx, found.id, chat_id, chat_id, "en", now)
        await lifecycle.move(tx, found, "consent", "patient", now)


async def cli_error(
    app: Rapport, use_case: Callable[..., Awaitable[Any]], *args: Any, **kw: Any
) -> str:
    """The one-line error the CLI prints for the same input (its transaction rolls back)."""
    try:
        await call(app, use_case, *args, **kw)
    except InputError as exc:
        return str(exc)
    raise AssertionError("the use case accepted it")


def error_text(page: str) -> str:
    """The text of the page's error element (there is exactly one)."""
    found = re.findall(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
    assert len(found) == 1, page
    return html.unescape(found[0])


def done_text(page: str) -> str:
    found = re.search(r'<div class="done" role="status">(.*?)</div>', page, re.S)
    assert found, page
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip()


async def refused(
    app: Rapport, client: httpx.AsyncClient, alias: str, path: str, data: dict[str, Any]
) -> str:
    """Post a form of the patient's page with bad input: 400, nothing stored; the page."""
    here = f"/web/staff/patients/{alias}"
    form = {"csrf": await token(client, here), **data}
    before = await state(app)
    answer = await client.post(f"{here}{path}", data=form)
    assert answer.status_code == 400, answer.text
    assert await state(app) == before
    return answer.text


async def accepted(
    app: Rapport, client: httpx.AsyncClient, alias: str, path: str, data: dict[str, Any]
) -> str:
    """Post a form of the patient's page: 303 back to the page, which says what was done."""
    here = f"/web/staff/patients/{alias}"
    form = {"csrf": await token(client, here), **data}
    answer = await client.post(f"{here}{path}", data=form)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith(here)
    shown = await client.get(answer.headers["location"])
    assert shown.status_code == 200
    return done_text(shown.text)
