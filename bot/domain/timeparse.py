"""Patient-local wall time to UTC, and the staff's typed dates and times.

Pure: the CLI and the staff chat share these parsers, so the same input is refused the same way.
Every parser raises `ValueError` with a short plain message fit to show to staff as it is.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.echo import show

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Strict shapes: date.fromisoformat would also take "20260301" and "2026-W09-1".
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def aware(when: datetime) -> datetime:
    """`when` unchanged, or ValueError if it is naive."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("naive datetime: scheduling needs aware datetimes")
    return when


def local_date(when: datetime, tz: ZoneInfo) -> date:
    """The patient-local calendar date of an instant."""
    return aware(when).astimezone(tz).date()


def local_to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """A local wall time as UTC: a time in a gap moves forward, a repeated time means the first."""
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first = wall.replace(tzinfo=tz).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap, fold=1 reads the wall with the new offset (an instant before the transition)
    # and fold=0 with the old one (after it); the transition lies between the two.
    return _transition(wall.replace(tzinfo=tz, fold=1).astimezone(UTC), first, tz)


def _transition(before: datetime, after: datetime, tz: ZoneInfo) -> datetime:
    """The first instant in (before, after] that has `after`'s UTC offset."""
    # Bisect whole seconds: tzdata transitions fall on whole seconds, and a gap is at most a day.
    target = after.astimezone(tz).utcoffset()
    low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
    while high - low > 1:
        mid = (low + high) // 2
        if datetime.fromtimestamp(mid, tz).utcoffset() == target:
            high = mid
        else:
            low = mid
    return datetime.fromtimestamp(high, UTC)


def parse_weekdays(text: str) -> frozenset[int]:
    """ "mon,thu" -> {0, 3}: three-letter English names, any case, each at most once."""
    names = [part.strip().lower() for part in text.split(",")]
    if names == [""]:
        raise ValueError("no weekdays given (use e.g. mon,thu)")
    for name in names:
        if name not in WEEKDAYS:
            raise ValueError(
                f"unknown weekday {show(name)} (use mon, tue, wed, thu, fri, sat, sun)"
            )
    if len(set(names)) != len(names):
        raise ValueError("a weekday is given twice")
    return frozenset(WEEKDAYS.index(name) for name in names)


def parse_time(text: str) -> time:
    """ "18:00" -> time(18, 0); 24-hour HH:MM only, so "7pm" and "25:00" are refused."""
    match = _TIME.fullmatch(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"not a time: {show(text)} (use 24-hour HH:MM, e.g. 18:00)")
    return time(int(match[1]), int(match[2]))


def parse_date(text: str) -> date:
    """ "2026-03-01" -> date(2026, 3, 1)."""
    if not _DATE.fullmatch(text.strip()):
        raise ValueError(f"not a date: {show(text)} (use YYYY-MM-DD, e.g. 2026-03-01)")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"no such date: {show(text)}") from None


def parse_every_days(text: str) -> int:
    """ "3" -> 3; a whole number of days (its range is checked by validate_schedule)."""
    if not re.fullmatch(r"[0-9]{1,4}", text.strip()):
        raise ValueError(f"not a number of days: {show(text)}")
    return int(text)
