"""Two instances on one PostgreSQL database (issue 15): each its own connection, PTB Application
and webhook route, one sandbox Telegram between them.

Telegram (or a load balancer retrying) may hand the same update to both: each stores it (the
second store is a no-op) and both drain at once; the update must be handled once, by whichever
took it from the inbox. Two sweeps at once must invite each due check-in once. PostgreSQL only:
SQLite is one process's file. Skipped without RAPPORT_TEST_POSTGRES_URL, unless
RAPPORT_REQUIRE_POSTGRES says a server must be there.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bench.fixtures import Plan
from bench.fixtures import enrol as enrol_many
from bot.clock import VirtualClock
from bot.compose import open_app
from bot.config import load_settings
from bot.sandbox import SimUser, TelegramState
from bot.services import dispatch, planning
from bot.services.context import Rapport
from bot.tg import webhook
from bot.tg.webhook import SECRET_HEADER, WebhookIntake
from tests.conftest import fresh_postgres
from tests.harness import Harness, call, running
from tests.timing import GUARD

SECRET = "s3cr3t_Webhook-0123456789abcdef"
PUBLIC_URL = "https://clinic.example/rapport/telegram"
PATIENTS = 8


@pytest.fixture
async def shared_url() -> AsyncIterator[str]:
    async for url in fresh_postgres():
        yield url


async def _instance(url: str, clock: VirtualClock) -> Rapport:
    settings = load_settings(
        _env_file=None,
        DATABASE_URL=url,
        TELEGRAM_BOT_TOKEN="123456:TEST-token",
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        RAPPORT_CLINIC_NAME="Clinica Test",
        TELEGRAM_WEBHOOK_URL=PUBLIC_URL,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        RAPPORT_QUIET_HOURS="off",
    )
    app = await open_app(settings, clock)
    app.bot_username = "rapport_test_bot"
    return app


@pytest.fixture
async def instances(shared_url: str, clock: VirtualClock) -> AsyncIterator[list[Rapport]]:
    """Two Rapports on the same database, one after the other (the first one migrates it)."""
    apps = [await _instance(shared_url, clock)]
    apps.append(await _instance(shared_url, clock))
    yield apps
    for app in apps:
        await app.db.close()


class Webhook:
    """One instance's webhook route, posted to in process."""

    def __init__(self, harness: Harness) -> None:
        self.hook = WebhookIntake(harness.application, harness.app)
        transport = httpx.ASGITransport(app=Starlette(routes=[self.hook.route()]))
        self.client = httpx.AsyncClient(transport=transport, base_url="http://instance")

    async def post(self, update: dict[str, Any]) -> int:
        headers = {SECRET_HEADER: SECRET}
        response = await self.client.post(self.hook.path, json=update, headers=headers)
        return response.status_code


async def _receive(hooks: list[Webhook], once: list[Any], twice: list[Any]) -> None:
    """Updates POSTed at once, `once` to the first instance only and `twice` to both; then
    both instances drain at once (each POST would wake its instance's worker to do that)."""
    posts = [hooks[0].post(update) for update in once]
    posts += [hook.post(update) for update in twice for hook in hooks]
    assert set(await asyncio.gather(*posts)) == {200}
    await asyncio.gather(*(hook.hook.intake.drain() for hook in hooks))


def _taken_from_sandbox(state: TelegramState, updates: list[dict[str, Any]]) -> None:
    """Telegram handed these over by webhook: no getUpdates will see them."""
    last = max(u["update_id"] for u in updates)
    state.call("getUpdates", {"offset": last + 1, "timeout": 0})


def _spinners_answered(state: TelegramState) -> Counter[str]:
    return Counter(c.params["callback_query_id"] for c in state.calls_to("answerCallbackQuery"))


async def _enrolled(h: Harness) -> list[SimUser]:
    """Patients past their intake, each with a weekly check-in sent and waiting to start."""
    users = [await h.enrol(f"P-{i}") for i in range(PATIENTS)]
    async with h.app.db.tx() as tx:
        await tx.run("UPDATE checkins SET status = 'completed' WHERE dialog_id = 'intake'")
    for i in range(PATIENTS):
        await call(h.app, planning.checkin_now, f"P-{i}", "weekly")
    await h.sweep()
    return users


@asynccontextmanager
async def _serving(
    instances: list[Rapport],
) -> AsyncIterator[tuple[TelegramState, list[Webhook], list[SimUser]]]:
    """Both instances running over one sandbox, each with its webhook route; the patients
    enrolled through the first."""
    state = TelegramState()
    async with AsyncExitStack() as stack:
        harnesses = [await stack.enter_async_context(running(a, state)) for a in instances]
        hooks = [Webhook(h) for h in harnesses]
        for hook in hooks:
            await stack.enter_async_context(hook.client)
        yield state, hooks, await _enrolled(harnesses[0])


def _calls_by_chat(state: TelegramState, since: int) -> dict[int, list[str]]:
    """The Bot API methods called for each chat since call number `since`."""
    found: dict[int, list[str]] = {}
    for api_call in state.calls[since:]:
        chat = api_call.params.get("chat_id")
        if chat is not None:
            found.setdefault(int(chat), []).append(api_call.method)
    return found


async def test_two_instances_given_the_same_updates_handle_and_answer_each_once(
    instances: list[Rapport],
) -> None:
    async with _serving(instances) as (state, hooks, users):
        # The first half's updates reach one instance once: what every patient must see.
        half = PATIENTS // 2
        start = instances[0].t("en", "checkin-start")

        # Round one: every patient taps Start; round two: each answers the first question.
        for round_ in ("start", "answer"):
            since = len(state.calls)
            taps = [
                user.tap(start if round_ == "start" else user.last().buttons[0]) for user in users
            ]
            _taken_from_sandbox(state, taps)
            await _receive(hooks, taps[:half], taps[half:])
            await instances[0].sender.flush()  # type: ignore[union-attr]
            # The same replies as an update handled once, one answered spinner per tap.
            calls = _calls_by_chat(state, since)
            assert calls[users[0].id], round_
            assert [calls[user.id] for user in users] == [calls[users[0].id]] * PATIENTS, round_
            spinners = _spinners_answered(state)
            assert [spinners[tap["callback_query"]["id"]] for tap in taps] == [1] * PATIENTS

        answers = await instances[1].db.fetchall(
            "SELECT checkin_id, COUNT(*) AS n FROM answers GROUP BY checkin_id"
        )
        assert len(answers) == PATIENTS and {row["n"] for row in answers} == {1}

        # Replayed once more to both: nothing handled, answered or sent again.
        since = len(state.calls)
        stored = await instances[0].db.fetchall("SELECT id FROM answers ORDER BY id")
        await _receive(hooks, [], taps)
        await instances[1].sender.flush()  # type: ignore[union-attr]
        assert state.calls[since:] == []
        assert await instances[0].db.fetchall("SELECT id FROM answers ORDER BY id") == stored
        unsettled = "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL"
        assert await _count(instances[0], unsettled) == 0


async def _count(app: Rapport, sql: str) -> int:
    row = await app.db.fetchone(sql)
    assert row is not None
    return int(row[0])


DUE = 600  # more than a sweep's batch (500): both sweeps have rows to take


async def test_two_sweeps_at_once_invite_each_due_checkin_once(
    instances: list[Rapport], clock: VirtualClock
) -> None:
    first = instances[0]
    plan = Plan("daily", None, 1, clock.now().date(), lambda _: "09:00")
    await enrol_many(first, None, DUE, plan)
    await dispatch.plan(first, clock.now())
    row = await first.db.fetchone("SELECT MIN(due_at) FROM checkins WHERE status = 'pending'")
    assert row is not None
    clock.set(datetime.fromisoformat(row[0]) + timedelta(minutes=1))  # each patient's first

    await asyncio.gather(*(dispatch.sweep(app, dispatch.EVERYTHING) for app in instances))

    assert await _count(first, "SELECT COUNT(*) FROM checkins WHERE status = 'open'") == DUE
    sent = "SELECT COUNT(*) FROM events WHERE kind = 'checkin_sent'"
    assert await _count(first, sent) == DUE
    assert await _count(first, "SELECT COUNT(*) FROM outbox") == DUE
    keys = "SELECT COUNT(DISTINCT dedupe_key) FROM outbox"
    assert await _count(first, keys) == DUE


async def _until(predicate: Callable[[], object], what: str) -> None:
    """Poll until `predicate` holds (a guard against a hang, never a timing)."""
    deadline = asyncio.get_running_loop().time() + GUARD
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, f"{what}: not within {GUARD}s"
        await asyncio.sleep(0.02)


async def test_an_update_stored_by_an_instance_that_died_is_handled_by_the_other(
    instances: list[Rapport], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhook, "RECHECK", 0.05)  # the other looks without a POST this often
    async with _serving(instances) as (state, hooks, users):
        survivor = hooks[1].hook
        drains = 0
        drain = survivor.intake.drain

        async def counted() -> None:
            nonlocal drains
            await drain()
            drains += 1

        monkeypatch.setattr(survivor.intake, "drain", counted)
        stop = asyncio.Event()
        worker = asyncio.create_task(survivor.run(stop))
        try:
            await _until(lambda: drains, "the survivor's first drain")
            since = len(state.calls)
            tap = users[0].tap(instances[0].t("en", "checkin-start"))
            _taken_from_sandbox(state, [tap])
            # Stored and answered 200 by the first instance, which then dies: its worker,
            # the only one its POST wakes, never runs, and it no longer holds the sender's
            # lease (given up at once here; a killed instance's runs out: test_failover_pg).
            assert instances[0].sender is not None
            await instances[0].sender.lease.release()
            assert await hooks[0].post(tap) == 200
            await _until(lambda: _calls_by_chat(state, since).get(users[0].id), "a reply")
        finally:
            stop.set()
            await worker
        assert _spinners_answered(state)[tap["callback_query"]["id"]] == 1
