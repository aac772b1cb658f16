"""What every export (FHIR, REDCap) counts as a check-in, and when one last moved."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol


class Moments(Protocol):
    """A check-in as storage records it (bot.storage.records.Checkin fits)."""

    @property
    def status(self) -> str: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def invited_at(self) -> datetime | None: ...
    @property
    def opened_at(self) -> datetime | None: ...
    @property
    def completed_at(self) -> datetime | None: ...


def asked(checkin: Moments, answered: bool) -> bool:
    """A pending check-in was never sent, and one cancelled before any answer was never asked:
    neither is a response, nor a row."""
    return checkin.status != "pending" and (checkin.status != "cancelled" or answered)


def latest(checkin: Moments, answered_at: Iterable[datetime]) -> datetime:
    """The last thing that happened to a check-in: what `--since` compares, so a check-in is
    exported whole or not at all."""
    moments = [checkin.due_at, checkin.invited_at, checkin.opened_at, checkin.completed_at]
    return max([m for m in moments if m is not None] + list(answered_at))
