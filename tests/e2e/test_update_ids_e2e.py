"""Telegram may restart update ids after a quiet week (issue 9, item 4).

"If there are no new updates for at least a week, then identifier of the next update will be
chosen randomly instead of sequentially" (Bot API, getUpdates). A stale getUpdates offset above
the new ids would confirm every new update unseen, and an inbox row (or a reply's dedupe key)
left from the old numbering would swallow a new update with the same id.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from pydantic import SecretStr

from bot.clock import VirtualClock
from bot.services.context import Rapport
from bot.storage import inbox
from bot.tg.webhook import SECRET_HEADER, WebhookIntake
from bot.web.app import build
from tests.harness import in_tx, running

QUIET_WEEK = timedelta(days=8)
GUARD = 60.0  # seconds; only a failing test ever waits this long
SECRET = "s3cr3t_Webhook-0123456789abcdef"


@pytest.mark.parametrize("http", [False, True], ids=["in-process", "loopback-http"])
async def test_updates_after_an_id_restart_are_handled(
    app: Rapport, clock: VirtualClock, http: bool
) -> None:
    async with running(app, http=http) as h:
        user = await h.enrol("P-1")
        used = [u["update_id"] for u in h.state.update_log]
        clock.advance(QUIET_WEEK)
        # Below the stored ids, and the very id of an answered update (and of its replies).
        h.state.restart_update_ids(used[1])
        for expected in (used[1], used[1] + 1):
            shown = len(user.messages())
            assert user.send("/help")["update_id"] == expected
            await h.step()
            assert len(user.messages()) > shown, f"update {expected} got no reply"
            assert h.state.pending_updates() == []


async def test_a_webhook_update_reusing_an_old_id_is_handled(
    app: Rapport, clock: VirtualClock
) -> None:
    app.settings = app.settings.model_copy(
        update={
            "telegram_webhook_url": "https://clinic.example/rapport/telegram",
            "telegram_webhook_secret": SecretStr(SECRET),
        }
    )
    async with running(app) as h:
        user = await h.enrol("P-1")
        old_id = h.state.update_log[1]["update_id"]
        clock.advance(QUIET_WEEK)
        h.state.restart_update_ids(old_id)
        stop = asyncio.Event()
        webhook = WebhookIntake(h.application, app)
        serving = asyncio.create_task(webhook.run(stop))
        # The web view's app with the webhook's route, as `rapport run` serves it.
        transport = httpx.ASGITransport(app=build(app, [webhook.route()]))
        try:
            await h.state.wait_for(lambda: h.state.calls_to("setWebhook"), GUARD)
            shown = len(user.messages())
            update = user.send("/help")
            assert update["update_id"] == old_id
            async with httpx.AsyncClient(transport=transport) as client:
                posted = await client.post(
                    "http://testserver/rapport/telegram",
                    json=update,
                    headers={SECRET_HEADER: SECRET},
                    timeout=GUARD,
                )
            assert posted.status_code == 200
            await h.state.wait_for(lambda: len(user.messages()) > shown, GUARD)
        finally:
            stop.set()
            await serving


async def test_the_offset_confirms_the_last_batch_while_telegram_may_still_hold_it(
    app: Rapport, clock: VirtualClock
) -> None:
    assert await in_tx(app, inbox.next_offset, clock.now()) == 0
    await in_tx(app, inbox.store, [(41, "{}"), (42, "{}")], clock.now(), offset=43)
    assert await in_tx(app, inbox.next_offset, clock.now()) == 43
    clock.advance(timedelta(hours=23))
    assert await in_tx(app, inbox.next_offset, clock.now()) == 43
    # Older than Telegram keeps any update: nothing left to confirm, and ids may restart.
    clock.advance(timedelta(hours=2))
    assert await in_tx(app, inbox.next_offset, clock.now()) == 0
    # A webhook's store keeps no offset; a later poll's does, even below the earlier one.
    await in_tx(app, inbox.store, [(50, "{}")], clock.now())
    assert await in_tx(app, inbox.next_offset, clock.now()) == 0
    await in_tx(app, inbox.store, [(7, "{}")], clock.now(), offset=8)
    assert await in_tx(app, inbox.next_offset, clock.now()) == 8


async def test_a_redelivery_is_absorbed_and_old_processed_rows_are_pruned(
    app: Rapport, clock: VirtualClock
) -> None:
    await in_tx(app, inbox.store, [(5, '{"update_id": 5}')], clock.now())
    async with app.db.tx() as conn:
        assert await inbox.claim(conn, 5, clock.now())
    clock.advance(timedelta(hours=20))
    await in_tx(app, inbox.store, [(5, '{"update_id": 5}')], clock.now())  # a redelivery
    assert await in_tx(app, inbox.pending, clock.now()) == []
    clock.advance(timedelta(days=2))
    await in_tx(app, inbox.store, [(5, '{"update_id": 5, "new": true}')], clock.now())
    (row,) = await in_tx(app, inbox.pending, clock.now())
    assert row.payload == '{"update_id": 5, "new": true}'
