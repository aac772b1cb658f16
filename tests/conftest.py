"""Shared fixtures: a real SQLite file, real migrations, real catalogs, a virtual clock."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bot.cli import open_app
from bot.clock import VirtualClock
from bot.config import Settings, load_settings
from bot.services.context import Rapport

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday

# Never for the machine's speed: no per-example deadline, no "too slow" health check (a busy
# machine makes both fail a correct test).
SPEED_BLIND = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("local", **SPEED_BLIND)
# CI must pass or fail for the change, not for the dice: there the examples are derandomized.
# Locally every run explores new ones (`CI=true pytest` reproduces CI's).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, **SPEED_BLIND)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "local")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read a developer's .env or environment, and never reach Telegram."""
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "RAPPORT_", "DATABASE_URL")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        DATABASE_URL=f"sqlite:///{tmp_path / 'rapport.db'}",
        TELEGRAM_BOT_TOKEN="123456:TEST-token",
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        RAPPORT_CLINIC_NAME="Clinica Test",
    )


@pytest.fixture
async def app(settings: Settings, clock: VirtualClock) -> AsyncIterator[Rapport]:
    rapport = await open_app(settings, clock)
    rapport.bot_username = "rapport_test_bot"
    yield rapport
    await rapport.db.close()
