"""Urgent alerts and what follows a crisis reply: when an unacknowledged alert is sent again,
and when the caring contact goes out. (What became of an alert, as the digest shows it, is
bot.domain.signals.Handling.)

Pure: callers pass `now`, the patient's zone and quiet hours.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Final, Literal
from zoneinfo import ZoneInfo

from bot.domain.scheduling import Quiet, local_to_utc, respect_quiet
from bot.domain.timeparse import local_date

# An alert nobody acknowledged is sent again to the on-call chat this many times, every
# RAPPORT_ALERT_ESCALATE_MINUTES; after that the alert stays open (and in the digest).
MAX_ESCALATIONS: Final = 3
# The caring contact goes out the day after a crisis reply at this patient-local time, or when
# their quiet hours end if that is later.
CARE_AT: Final = time(10, 0)

CheckAnswer = Literal["safe", "help"]  # the answers to "Are you safe right now?"


def next_escalation(now: datetime, every: timedelta, done: int) -> datetime | None:
    """When an alert sent again `done` times (0: only the first alert) is next sent again."""
    return now + every if done < MAX_ESCALATIONS else None


def care_due(crisis_at: datetime, tz: ZoneInfo, quiet: Quiet) -> tuple[date, datetime]:
    """(the patient-local day of the crisis, when the caring contact is due)."""
    day = local_date(crisis_at, tz)
    return day, respect_quiet(local_to_utc(day + timedelta(days=1), CARE_AT, tz), tz, quiet)
