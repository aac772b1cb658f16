"""Staff page test helpers: a clinic with a clinician, a staff member signed in, and a way to
see that a refused form changed nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.services import enrolment
from bot.services.context import Rapport
from tests.harness import call
from tests.web.webkit import browser, csrf, sign_in

STAFF_ID = 701
CLINICIAN = "Dr A"
# Sign-in and audit rows change on every request; everything else must stay as it was.
VOLATILE = ("web_links", "web_sessions", "sqlite_sequence")


@asynccontextmanager
async def staff_browser(app: Rapport) -> AsyncIterator[httpx.AsyncClient]:
    """A client signed in as a staff member, in a clinic with one clinician."""
    await call(app, enrolment.add_clinician, CLINICIAN, "en")
    await call(app, enrolment.add_staff, STAFF_ID, "Sam")
    async with browser(app) as client:
        await sign_in(app, client, STAFF_ID)
        yield client


async def add(app: Rapport, alias: str, timezone: str | None = "Europe/Madrid") -> None:
    """A patient added as the CLI adds one (invited, not linked)."""
    await call(app, enrolment.add_patient, alias, CLINICIAN, timezone, None)


async def token(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    return csrf(page.text)


async def state(app: Rapport) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the volatile ones (and web audit events)."""
    async with app.db.read() as tx:
        names = [
            str(r["name"])
            for r in await tx.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
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
