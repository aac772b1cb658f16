"""The research clinic on disk, with `rapport` on its database."""

from __future__ import annotations

import pytest

from tests.conftest import Run
from tests.interop.research_clinic import build


@pytest.fixture
async def research(app, settings, rapport, monkeypatch) -> Run:
    """The research clinic on disk, and `rapport` on its database."""
    await build(app)
    await app.db.close()
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    return rapport
