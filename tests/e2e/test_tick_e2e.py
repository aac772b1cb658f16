"""Only `rapport run` ticks on the wall clock; tests and the demo sweep on their own clock."""

from __future__ import annotations

import asyncio

import pytest
from telegram.ext import Application

from bot.sandbox import SandboxRequest, TelegramState
from bot.services.context import Rapport
from bot.services.pacing import unpaced
from bot.tg import app as tg_app
from tests.harness import running


class _Started(Exception):
    """Stops `run` right after it asked for its tick."""


async def test_the_harness_starts_without_a_wall_clock_tick(app: Rapport) -> None:
    # A tick fires on real time: a slow scenario would get a sweep at some virtual moment.
    async with running(app) as h:
        assert h.application.job_queue is not None
        assert h.application.job_queue.jobs() == ()


async def test_a_tick_is_asked_for_explicitly(app: Rapport) -> None:
    application = tg_app.build_application(app, SandboxRequest(TelegramState()), unpaced())
    await tg_app.start(application, app, sweep_every=45)
    try:
        (job,) = application.job_queue.jobs()  # type: ignore[union-attr]
        assert job.name == "sweep"
        assert job.trigger.interval.total_seconds() == 45
    finally:
        await application.stop()
        await application.shutdown()


async def test_rapport_run_ticks_every_sweep_seconds(
    app: Rapport, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[float | None] = []

    async def start(application: Application, rapport: Rapport, sweep_every=None) -> None:
        asked.append(sweep_every)
        raise _Started

    monkeypatch.setattr(tg_app, "start", start)
    with pytest.raises(_Started):
        await tg_app.run(app, asyncio.Event(), SandboxRequest(TelegramState()))
    assert asked == [app.settings.sweep_seconds]
