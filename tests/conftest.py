"""Shared fixtures: a real SQLite file, real migrations, real catalogs, a virtual clock."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from bench.fixtures import fresh_database
from bot import cli, compose
from bot.clock import VirtualClock
from bot.compose import open_app
from bot.config import Settings, load_settings
from bot.services import context
from bot.services.context import Rapport

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday

# Read once here: `_clean_env` removes every RAPPORT_ variable before each test runs.
POSTGRES_URL = os.environ.get("RAPPORT_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = bool(os.environ.get("RAPPORT_REQUIRE_POSTGRES"))
# RAPPORT_TEST_ENGINE=postgresql runs every test that uses `settings` (the app, the CLI's
# database excepted) on PostgreSQL instead of SQLite.
DEFAULT_ENGINE = os.environ.get("RAPPORT_TEST_ENGINE", "sqlite")
ENGINES = ("sqlite", "postgresql")

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
def open_umask() -> Iterator[None]:
    """The common umask 022 leaves new files world-readable: private modes must not rely on it."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


async def fresh_postgres() -> AsyncIterator[str]:
    """The URL of a new, empty PostgreSQL database (a unique name, so runs in parallel on
    one server never meet), dropped afterwards. Skips the test when no server was given,
    unless RAPPORT_REQUIRE_POSTGRES says one must be (CI)."""
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("RAPPORT_REQUIRE_POSTGRES is set but RAPPORT_TEST_POSTGRES_URL is not")
        pytest.skip("no PostgreSQL: set RAPPORT_TEST_POSTGRES_URL (see .ci/postgres)")
    async with fresh_database("postgresql", Path(), POSTGRES_URL, "rapport_test_") as url:
        yield url


async def database_url_for(engine: str, tmp_path: Path) -> AsyncIterator[str]:
    if engine == "postgresql":
        async for url in fresh_postgres():
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'rapport.db'}"


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """The app's database: SQLite's file, or PostgreSQL with RAPPORT_TEST_ENGINE=postgresql."""
    async for url in database_url_for(DEFAULT_ENGINE, tmp_path):
        yield url


@pytest.fixture(params=ENGINES)
async def engine_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database of each engine in turn (PostgreSQL's skipped without one)."""
    async for url in database_url_for(request.param, tmp_path):
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(
        DATABASE_URL=database_url,
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


Run = Callable[..., tuple[int, str, str]]
_content = cache(compose.content)
_phrases = cache(context.load_phrases)


@pytest.fixture
def rapport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clock
) -> Run:
    """`rapport ARGS...` in this process, on r.db and the virtual clock: (exit, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'r.db'}")
    monkeypatch.setattr(cli, "open_app", lambda settings: open_app(settings, clock))
    # Loading dialogs, catalogs and safety phrases is most of a command's time; the files do
    # not change during a test run, and nothing writes to what they are loaded into.
    monkeypatch.setattr(compose, "content", _content)
    monkeypatch.setattr(context, "load_phrases", _phrases)

    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def stored(path: Path) -> list[str]:
    """Everything a database holds, as SQL: the same before and after means nothing changed."""
    with closing(sqlite3.connect(path)) as db:
        return list(db.iterdump())


def refused(run: Run, db: Path, args: tuple[str, ...], says: str) -> str:
    """`rapport ARGS` fails in one line saying `says`, and the database is as it was."""
    before = stored(db)
    code, out, err = run(*args)
    assert (code, out) == (1, ""), err
    assert err.startswith("rapport: error: ") and err.count("\n") == 1, err
    assert says in err and len(err) < 300, err
    assert stored(db) == before
    return err
