"""Web view test helpers: the ASGI app in process over httpx, signed in as someone."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from bot.services import web_access
from bot.services.context import Rapport
from bot.web.app import build

BASE = "http://testserver"


@asynccontextmanager
async def browser(app: Rapport) -> AsyncIterator[httpx.AsyncClient]:
    """A cookie-keeping client of the web view, served in this event loop."""
    transport = httpx.ASGITransport(app=build(app))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        yield client


async def link_for(app: Rapport, telegram_id: int) -> str:
    """The path of a fresh sign-in link, as /web in the bot would send it."""
    async with app.db.tx() as tx:
        url = await web_access.issue_link(app, tx, telegram_id, app.clock.now())
    assert url is not None, "only clinicians and staff get a link"
    return url.removeprefix(app.settings.web_base)


async def sign_in(app: Rapport, client: httpx.AsyncClient, telegram_id: int) -> None:
    """Sign `client` in as this clinician or staff member (the link, then its button)."""
    path = await link_for(app, telegram_id)
    assert (await client.get(path)).status_code == 200
    answer = await client.post(path)
    assert answer.status_code == 303, answer.text


def csrf(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)
