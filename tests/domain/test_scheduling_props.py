"""Properties of next-due computation across zones, DST transitions, quiet hours and reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.scheduling import (
    Quiet,
    Schedule,
    local_to_utc,
    next_occurrence,
    occurrences,
    on_start_policy,
    reminder_times,
    respect_quiet,
)

ZONES = [
    "Europe/Madrid",
    "America/New_York",
    "Australia/Lord_Howe",  # 30-minute DST
    "Asia/Kolkata",
    "Pacific/Chatham",  # +13:45 / +12:45
    "America/Santiago",  # changes at local midnight
    "UTC",
    "Europe/Dublin",  # "negative" DST in tzdata
    "America/Havana",  # changes at local midnight
    "Asia/Tehran",
    "Africa/Casablanca",  # DST suspended for Ramadan: several changes a year
    "America/St_Johns",
    "Pacific/Apia",  # skipped 2011-12-30 entirely
]
FIRST_YEAR, LAST_YEAR = 2008, 2032
MINUTE = timedelta(minutes=1)
# Hours near which zones change their clocks, so gaps and repeats are drawn often.
TRICKY = [time(h, m) for h in (0, 1, 2, 3, 23) for m in (0, 15, 30, 45)]
SETTINGS = settings(max_examples=200, deadline=None)


@cache
def transition_days(name: str) -> list[date]:
    """Local dates on which this zone's UTC offset changes."""
    tz, days = ZoneInfo(name), []
    day, offset = date(FIRST_YEAR, 1, 1), None
    while day.year <= LAST_YEAR:
        now = datetime.combine(day, time(23, 59), tz).utcoffset()
        if offset is not None and now != offset:
            days.append(day)
        day, offset = day + timedelta(days=1), now
    return days or [date(2026, 3, 29)]


def wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def exists(requested: datetime, tz: ZoneInfo) -> bool:
    """Whether some instant shows this wall time in `tz`."""
    folds = (requested.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1))
    return any(wall(u, tz) == requested for u in folds)


def first_instant_at_or_after(requested: datetime, tz: ZoneInfo) -> datetime:
    """Oracle by brute force: the first whole minute whose wall time is >= `requested`."""
    # Start hours before the earlier reading of the wall time (fold=1 in a gap, 0 in a repeat).
    readings = (requested.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1))
    instant = min(readings) - timedelta(hours=3)
    assert wall(instant, tz) < requested  # the scan starts before the answer
    while wall(instant, tz) < requested:
        instant += MINUTE
    return instant


def first_not_quiet(start: datetime, tz: ZoneInfo, quiet: Quiet) -> datetime:
    """Oracle by brute force: the first whole minute from `start` outside quiet hours."""
    instant = start
    while quiet.contains(wall(instant, tz).time()):
        instant += MINUTE
    return instant


def end_of_quiet(start: datetime, tz: ZoneInfo, quiet: Quiet) -> datetime:
    """Oracle by brute force: the first whole minute the clock reaches the night's end time."""
    # Unlike first_not_quiet, a clock turned back to before the start of quiet hours does not
    # end them: a night that has begun lasts until the wall clock shows its end.
    instant = start
    while quiet.contains(wall(instant, tz).time()):
        local = wall(instant, tz)
        evening = quiet.start > quiet.end and local.time() >= quiet.start
        target = datetime.combine(local.date() + timedelta(days=evening), quiet.end)
        while wall(instant, tz) < target:
            instant += MINUTE
    return instant


def on_schedule(schedule: Schedule, day: date) -> bool:
    """The spec's definition of a schedule date, written independently."""
    if day < schedule.start or (schedule.end and day > schedule.end):
        return False
    if schedule.weekdays is not None:
        return day.weekday() in schedule.weekdays
    assert schedule.every_days
    return (day - schedule.start).days % schedule.every_days == 0


minute_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
local_times = st.one_of(st.sampled_from(TRICKY), minute_times)
quiets = st.builds(Quiet, local_times, local_times)


@st.composite
def near_transitions(draw: Callable) -> tuple[ZoneInfo, date]:
    """A zone and a local date, half the time within a few days of a clock change."""
    name = draw(st.sampled_from(ZONES))
    anywhere = st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 1))
    close = st.sampled_from(transition_days(name))
    day = draw(st.one_of(anywhere, close))
    return ZoneInfo(name), day + timedelta(days=draw(st.integers(-3, 3)))


@st.composite
def schedules(draw: Callable, around: date) -> Schedule:
    """A weekly or every-N-days schedule that may have started before `around`."""
    start = around - timedelta(days=draw(st.integers(0, 60)))
    end = draw(st.none() | st.integers(0, 120).map(lambda n: start + timedelta(days=n)))
    at = draw(local_times)
    if draw(st.booleans()):
        days = draw(st.frozensets(st.integers(0, 6), min_size=1))
        return Schedule("weekly", days, None, at, start, end)
    every = draw(st.integers(1, 10) | st.integers(11, 365))
    return Schedule("every", None, every, at, start, end)


@st.composite
def windows(draw: Callable) -> tuple[Schedule, ZoneInfo, datetime, datetime]:
    tz, around = draw(near_transitions())
    schedule = draw(schedules(around))
    after = datetime.combine(around, time(), UTC) + draw(st.integers(-48 * 60, 48 * 60)) * MINUTE
    until = after + draw(st.integers(0, 40 * 24 * 60)) * MINUTE
    return schedule, tz, after, until


@SETTINGS
@given(near_transitions(), local_times)
def test_local_to_utc_is_the_first_instant_at_or_after_the_wall_time(
    place: tuple[ZoneInfo, date], at: time
) -> None:
    tz, day = place
    requested = datetime.combine(day, at)
    due = local_to_utc(day, at, tz)
    assert due == first_instant_at_or_after(requested, tz)
    assert wall(due, tz) == requested or not exists(requested, tz)


@SETTINGS
@given(windows())
def test_occurrences_keep_the_wall_time_once_a_day_in_order(
    case: tuple[Schedule, ZoneInfo, datetime, datetime],
) -> None:
    schedule, tz, after, until = case
    found = occurrences(schedule, tz, after, until)
    for slot, due in found:
        day = date.fromisoformat(slot)
        requested = datetime.combine(day, schedule.local_time)
        assert after < due <= until
        assert on_schedule(schedule, day)
        # At the requested wall time, or (only in a gap) the first instant after it.
        assert wall(due, tz) == requested or (
            not exists(requested, tz) and wall(due - MINUTE, tz) < requested < wall(due, tz)
        )
        assert due.astimezone(tz).fold == 0  # a repeated hour fires on its first pass
    local_days = [due.astimezone(tz).date() for _, due in found]
    assert len(set(local_days)) == len(local_days)
    dues = [due for _, due in found]
    assert all(a < b for a, b in zip(dues, dues[1:], strict=False))


@SETTINGS
@given(windows())
def test_occurrences_miss_no_scheduled_date(
    case: tuple[Schedule, ZoneInfo, datetime, datetime],
) -> None:
    schedule, tz, after, until = case
    slots = {slot for slot, _ in occurrences(schedule, tz, after, until)}
    day, last = after.astimezone(tz).date() - timedelta(days=2), until.astimezone(tz).date()
    while day <= last:
        due = local_to_utc(day, schedule.local_time, tz)
        landed = due.astimezone(tz).date()
        # The one exception: a gap swallowed the rest of the day onto a day that has its own.
        swallowed = landed != day and on_schedule(schedule, landed)
        expected = on_schedule(schedule, day) and after < due <= until and not swallowed
        assert (day.isoformat() in slots) == expected
        day += timedelta(days=1)


@SETTINGS
@given(windows())
def test_every_days_occurrences_are_exactly_n_local_days_apart(
    case: tuple[Schedule, ZoneInfo, datetime, datetime],
) -> None:
    schedule, tz, after, until = case
    if schedule.every_days is None or str(tz) == "Pacific/Apia":
        return
    days = [due.astimezone(tz).date() for _, due in occurrences(schedule, tz, after, until)]
    assert all((b - a).days == schedule.every_days for a, b in zip(days, days[1:], strict=False))


@SETTINGS
@given(windows())
def test_next_occurrence_agrees_with_occurrences(
    case: tuple[Schedule, ZoneInfo, datetime, datetime],
) -> None:
    schedule, tz, after, _ = case
    horizon = after + timedelta(days=(schedule.every_days or 7) + 3)
    upcoming = occurrences(schedule, tz, after, horizon)
    following = next_occurrence(schedule, tz, after)
    if upcoming:
        assert following == upcoming[0]
        rest = occurrences(schedule, tz, upcoming[0].due, horizon)
        second = next_occurrence(schedule, tz, upcoming[0].due)
        assert second == rest[0] if rest else second is None or second.due > horizon
    else:
        ended = schedule.end is not None and schedule.end <= horizon.astimezone(tz).date()
        assert following is None or following.due > horizon
        assert following is not None or ended


@SETTINGS
@given(near_transitions(), local_times, st.integers(0, 24 * 60), quiets)
def test_respect_quiet_waits_for_the_end_of_the_night(
    place: tuple[ZoneInfo, date], at: time, minutes: int, quiet: Quiet
) -> None:
    tz, day = place
    due = local_to_utc(day, at, tz) + minutes * MINUTE
    result = respect_quiet(due, tz, quiet)
    assert not quiet.contains(wall(result, tz).time())
    assert result == end_of_quiet(due, tz, quiet)
    assert result >= first_not_quiet(due, tz, quiet)


@SETTINGS
@given(
    near_transitions(),
    local_times,
    quiets,
    st.integers(0, 96 * 60),
    st.integers(1, 12 * 60),
)
def test_reminders_are_few_increasing_before_expiry_and_not_quiet(
    place: tuple[ZoneInfo, date], at: time, quiet: Quiet, window: int, gap: int
) -> None:
    tz, day = place
    opened = local_to_utc(day, at, tz)
    expires = opened + window * MINUTE
    times = reminder_times(opened, expires, tz, quiet, first_after=gap * MINUTE)
    assert len(times) <= 2
    for before, reminder in zip([opened, *times], times, strict=False):
        assert reminder >= before + gap * MINUTE
        assert reminder < expires
        assert not quiet.contains(wall(reminder, tz).time())


@SETTINGS
@given(st.integers(-1000, 1000), st.integers(1, 1000))
def test_on_start_policy_never_sends_outside_the_window(now_offset: int, window: int) -> None:
    due = datetime(2026, 3, 29, 7, tzinfo=UTC)
    expires, now = due + window * MINUTE, due + now_offset * MINUTE
    action = on_start_policy(due, expires, now)
    assert action == ("wait" if now < due else "miss" if now >= expires else "send")
