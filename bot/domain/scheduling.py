"""Scheduling policy: when each check-in is due, in the patient's own time zone.

Pure and synchronous. Instants are aware datetimes in UTC in and out; dates and times named
`local` or `day` are patient-local wall-clock values. A local time skipped by a DST change
moves forward to the end of the gap; one that happens twice means its first occurrence, so a
check-in fires once. Parsers for staff input live in `timeparse` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from bot.domain.timeparse import (
    WEEKDAYS,
    aware,
    local_date,
    local_to_utc,
    parse_date,
    parse_every_days,
    parse_time,
    parse_weekdays,
)

__all__ = [
    "WEEKDAYS", "Occurrence", "Quiet", "Schedule", "StartAction", "local_to_utc",
    "next_occurrence", "occurrences", "on_start_policy", "parse_date", "parse_every_days",
    "parse_schedule", "parse_time", "parse_weekdays", "post_change_slots", "pre_visit_due",
    "reminder_times", "respect_quiet", "send_time", "validate_schedule",
]  # fmt: skip

MAX_EVERY_DAYS = 365
StartAction = Literal["send", "miss", "wait"]


class Occurrence(NamedTuple):
    """One due check-in: a slot key unique within its schedule, and when it is due (UTC)."""

    slot: str
    due: datetime


@dataclass(frozen=True)
class Quiet:
    """Quiet hours in patient-local time; may wrap midnight; start == end means none."""

    start: time = time(21, 0)
    end: time = time(9, 0)

    def contains(self, wall: time) -> bool:
        """Whether a local wall time is inside the quiet hours."""
        if self.start <= self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end


@dataclass(frozen=True)
class Schedule:
    """When one dialog is asked: on weekdays (0=Mon..6=Sun) or every N days, at a local time."""

    dialog_id: str
    weekdays: frozenset[int] | None
    every_days: int | None
    local_time: time
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        validate_schedule(
            weekdays=self.weekdays, every_days=self.every_days, start=self.start, end=self.end
        )

    def falls_on(self, day: date) -> bool:
        """Whether a patient-local date is one of this schedule's dates."""
        if day < self.start or (self.end is not None and day > self.end):
            return False
        if self.weekdays is not None:
            return day.weekday() in self.weekdays
        return (day - self.start).days % (self.every_days or 1) == 0


def validate_schedule(
    *, weekdays: Iterable[int] | None, every_days: int | None, start: date, end: date | None
) -> None:
    """Raise ValueError unless this is a schedule staff may set."""
    if (weekdays is None) == (every_days is None):
        raise ValueError("give either weekdays or every N days, not both or neither")
    if weekdays is not None and (not set(weekdays) or not set(weekdays) <= set(range(7))):
        raise ValueError("weekdays must be one or more of mon..sun")
    if every_days is not None and not (
        type(every_days) is int and 1 <= every_days <= MAX_EVERY_DAYS
    ):
        raise ValueError(f"every N days must be between 1 and {MAX_EVERY_DAYS}")
    if end is not None and end < start:
        raise ValueError("the end date is before the start date")


def parse_schedule(
    dialog_id: str,
    *,
    days: str | None,
    every_days: str | None,
    at: str,
    start: str | None,
    end: str | None,
    today: date,
) -> Schedule:
    """A schedule from staff input (CLI flags or chat), starting `today` unless told otherwise."""
    return Schedule(
        dialog_id=dialog_id,
        weekdays=None if days is None else parse_weekdays(days),
        every_days=None if every_days is None else parse_every_days(every_days),
        local_time=parse_time(at),
        start=today if start is None else parse_date(start),
        end=None if end is None else parse_date(end),
    )


def occurrences(
    schedule: Schedule, tz: ZoneInfo, after: datetime, until: datetime
) -> list[Occurrence]:
    """Every occurrence with after < due <= until, in order; the slot is the local date."""
    first = local_date(after, tz) - timedelta(days=2)
    last = local_date(until, tz)
    return [o for o in _slots(schedule, tz, first, last) if after < o.due <= until]


def next_occurrence(schedule: Schedule, tz: ZoneInfo, after: datetime) -> Occurrence | None:
    """The first occurrence due strictly after `after`, or None once the schedule has ended."""
    first = local_date(after, tz) - timedelta(days=2)
    return next((o for o in _slots(schedule, tz, first, schedule.end) if o.due > after), None)


def _slots(
    schedule: Schedule, tz: ZoneInfo, first: date, last: date | None
) -> Iterator[Occurrence]:
    """Occurrences on local dates first..last (unbounded if None), in order."""
    # `first` starts two days early: a gap can push a due time past local midnight.
    for day in _dates(schedule, first, last):
        due = local_to_utc(day, schedule.local_time, tz)
        if not _swallowed(schedule, day, due, tz):
            yield Occurrence(day.isoformat(), due)


def _dates(schedule: Schedule, first: date, last: date | None) -> Iterator[date]:
    """The schedule's local dates from `first` to `last`, in order."""
    day = max(first, schedule.start)
    if schedule.every_days is not None:
        # Jump straight onto the every-N-days grid instead of testing every day.
        day += timedelta(days=-(day - schedule.start).days % schedule.every_days)
    step = timedelta(days=schedule.every_days or 1)
    while (last is None or day <= last) and (schedule.end is None or day <= schedule.end):
        if schedule.falls_on(day):
            yield day
        day += step


def _swallowed(schedule: Schedule, day: date, due: datetime, tz: ZoneInfo) -> bool:
    """Whether a gap pushed `due` onto a later date that has its own occurrence."""
    # Pacific/Apia skipped 2011-12-30 whole: a daily 09:00 moves to 12-31 00:00, and 12-31 has
    # its own 09:00. The patient is asked once that day, not twice.
    landed = local_date(due, tz)
    return landed != day and schedule.falls_on(landed)


def respect_quiet(due_utc: datetime, tz: ZoneInfo, quiet: Quiet) -> datetime:
    """`due_utc`, or the end of the quiet hours it falls in."""
    due = aware(due_utc)
    # A gap at the end of quiet hours (or a skipped day) can land in the next quiet period,
    # so look again; every pass moves forward, and one pass is the rule.
    for _ in range(3):
        local = due.astimezone(tz)
        if not quiet.contains(local.time()):
            return due
        due = _quiet_end(local, tz, quiet)
    return due


def send_time(now: datetime, expires_at: datetime, tz: ZoneInfo, quiet: Quiet) -> datetime | None:
    """When something due by `now` may go out: `now`, or the end of the quiet hours `now` is in
    (the bot was down when it was due); None when its window closes before that."""
    at = respect_quiet(now, tz, quiet)
    return at if at < expires_at else None


def _quiet_end(local: datetime, tz: ZoneInfo, quiet: Quiet) -> datetime:
    """When the quiet hours containing the local instant `local` end, in UTC."""
    day = local.date()
    if quiet.start > quiet.end and local.time() >= quiet.start:
        day += timedelta(days=1)  # the evening part of a night ends the next morning
    end = local_to_utc(day, quiet.end, tz)
    if end <= local:
        # `local` is in the repeat of a fall-back hour and quiet hours end inside it: the first
        # pass of the end time is behind us, so wait for its second pass.
        end = datetime.combine(day, quiet.end.replace(fold=1), tz).astimezone(UTC)
    return end


def pre_visit_due(appointment_utc: datetime, lead: timedelta = timedelta(hours=48)) -> datetime:
    """When the pre-visit dialog is due; callers pass it through respect_quiet."""
    return aware(appointment_utc) - lead


def post_change_slots(
    change_at_utc: datetime,
    tz: ZoneInfo,
    local_time: time,
    days: tuple[int, ...] = (3, 7, 14),
    key: str | int | None = None,
) -> list[Occurrence]:
    """Post-change check-ins on local days 3, 7 and 14 after a medication change."""
    change_day = local_date(change_at_utc, tz)
    label = change_day.isoformat() if key is None else str(key)
    return [
        Occurrence(
            f"change-{label}-d{n}", local_to_utc(change_day + timedelta(days=n), local_time, tz)
        )
        for n in days
    ]


def reminder_times(
    opened_at: datetime,
    expires_at: datetime,
    tz: ZoneInfo,
    quiet: Quiet,
    first_after: timedelta = timedelta(hours=4),
    count: int = 2,
) -> list[datetime]:
    """Up to `count` gentle reminders, each `first_after` after the one before, before expiry."""
    if first_after <= timedelta(0):
        raise ValueError("reminders need a positive interval")
    # Each interval counts from the previous reminder as actually sent (after any quiet-hours
    # push), not from its nominal time, so two reminders never pile up at the end of one night.
    times: list[datetime] = []
    at = aware(opened_at)
    for _ in range(count):
        at = respect_quiet(at + first_after, tz, quiet)
        if at >= expires_at:
            break  # later ones would be later still
        times.append(at)
    return times


def on_start_policy(due_at: datetime, expires_at: datetime, now: datetime) -> StartAction:
    """After downtime: send a check-in still in its window, mark a closed one missed, else wait."""
    if now < due_at:
        return "wait"
    if now >= expires_at:
        # Its window closed while the bot was down: a burst of stale check-ins helps no one.
        return "miss"
    return "send"  # once: the caller's (patient, dialog, slot) row guards against repeats
