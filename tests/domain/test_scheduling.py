"""Scheduling at the edges: DST gaps and repeats, quiet hours, date bounds, staff input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.scheduling import (
    Quiet,
    Schedule,
    local_to_utc,
    next_occurrence,
    occurrences,
    on_start_policy,
    parse_date,
    parse_every_days,
    parse_schedule,
    parse_time,
    parse_weekdays,
    post_change_slots,
    pre_visit_due,
    reminder_times,
    respect_quiet,
    send_time,
)

MADRID = ZoneInfo("Europe/Madrid")
QUIET = Quiet()


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def daily(at: time, start: date = date(2000, 1, 1), end: date | None = None) -> Schedule:
    return Schedule("mood", None, 1, at, start, end)


def test_spring_forward_gap_moves_to_end_of_gap() -> None:
    due = local_to_utc(date(2026, 3, 29), time(2, 30), MADRID)
    assert due == utc(2026, 3, 29, 1, 0)
    assert due.astimezone(MADRID).time() == time(3, 0)


def test_fall_back_repeat_fires_once_at_first_occurrence() -> None:
    found = occurrences(daily(time(2, 30)), MADRID, utc(2026, 10, 24, 12), utc(2026, 10, 25, 12))
    assert found == [("2026-10-25", utc(2026, 10, 25, 0, 30))]  # 02:30 CEST, not 02:30 CET


def test_weekly_nine_oclock_follows_dst() -> None:
    sunday = Schedule("weekly", frozenset({6}), None, time(9, 0), date(2026, 1, 1))
    winter = next_occurrence(sunday, MADRID, utc(2026, 1, 1))
    summer = next_occurrence(sunday, MADRID, utc(2026, 7, 1))
    assert winter == ("2026-01-04", utc(2026, 1, 4, 8, 0))
    assert summer == ("2026-07-05", utc(2026, 7, 5, 7, 0))


def test_nine_oclock_on_the_dst_days_themselves() -> None:
    found = occurrences(daily(time(9, 0)), MADRID, utc(2026, 3, 28), utc(2026, 3, 30, 12))
    assert [due.astimezone(MADRID).time() for _, due in found] == [time(9, 0)] * 3
    assert [due.hour for _, due in found] == [8, 7, 7]


def test_lord_howe_half_hour_gap() -> None:
    tz = ZoneInfo("Australia/Lord_Howe")  # 02:00 -> 02:30 on 2026-10-04
    assert local_to_utc(date(2026, 10, 4), time(2, 15), tz).astimezone(tz).time() == time(2, 30)


def test_santiago_midnight_gap_moves_to_one_oclock() -> None:
    tz = ZoneInfo("America/Santiago")  # 2026-09-06 starts at 01:00: 00:00-01:00 never happens
    assert local_to_utc(date(2026, 9, 6), time(0, 30), tz).astimezone(tz).time() == time(1, 0)


def test_apia_skipped_day_asks_once_on_the_next_day() -> None:
    tz = ZoneInfo("Pacific/Apia")  # 2011-12-30 did not happen there
    found = occurrences(daily(time(9, 0)), tz, utc(2011, 12, 28), utc(2012, 1, 2))
    local_days = [due.astimezone(tz).date() for _, due in found]
    assert date(2011, 12, 30) not in local_days
    assert len(local_days) == len(set(local_days))
    assert "2011-12-31" in [slot for slot, _ in found]


def test_weekly_on_a_skipped_day_still_fires_the_next_morning() -> None:
    tz = ZoneInfo("Pacific/Apia")
    friday = Schedule("weekly", frozenset({4}), None, time(9, 0), date(2011, 1, 1))
    slot, due = next_occurrence(friday, tz, utc(2011, 12, 27)) or ("", utc(2000, 1, 1))
    assert slot == "2011-12-30"
    assert due.astimezone(tz) == datetime(2011, 12, 31, 0, 0, tzinfo=tz)


def test_start_and_end_dates_are_inclusive() -> None:
    schedule = daily(time(18, 0), start=date(2026, 3, 2), end=date(2026, 3, 4))
    found = occurrences(schedule, MADRID, utc(2026, 2, 1), utc(2026, 4, 1))
    assert [slot for slot, _ in found] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert next_occurrence(schedule, MADRID, found[-1].due) is None


def test_window_is_after_exclusive_until_inclusive() -> None:
    schedule = daily(time(9, 0))
    due = local_to_utc(date(2026, 5, 5), time(9, 0), MADRID)
    assert occurrences(schedule, MADRID, due, due + timedelta(hours=1)) == []
    assert occurrences(schedule, MADRID, due - timedelta(hours=1), due) == [("2026-05-05", due)]


def test_every_days_counts_from_start() -> None:
    schedule = Schedule("micro", None, 3, time(10, 0), date(2026, 3, 1))
    found = occurrences(schedule, MADRID, utc(2026, 3, 4), utc(2026, 3, 20))
    assert [slot for slot, _ in found] == ["2026-03-04", "2026-03-07", "2026-03-10"] + [
        "2026-03-13",
        "2026-03-16",
        "2026-03-19",
    ]


def test_occurrence_slots_are_local_dates_across_the_date_line() -> None:
    tz = ZoneInfo("Pacific/Chatham")  # UTC+13:45 in January
    found = occurrences(daily(time(8, 0)), tz, utc(2026, 1, 9, 12), utc(2026, 1, 10, 12))
    assert found == [("2026-01-10", utc(2026, 1, 9, 18, 15))]  # the 9th in UTC


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (time(23, 0), datetime(2026, 5, 6, 9, 0)),  # evening part ends tomorrow
        (time(0, 30), datetime(2026, 5, 5, 9, 0)),
        (time(8, 59), datetime(2026, 5, 5, 9, 0)),
        (time(21, 0), datetime(2026, 5, 6, 9, 0)),
        (time(9, 0), datetime(2026, 5, 5, 9, 0)),  # the end itself is not quiet
        (time(20, 59), datetime(2026, 5, 5, 20, 59)),
    ],
)
def test_quiet_hours_wrapping_midnight(local: time, expected: datetime) -> None:
    due = local_to_utc(date(2026, 5, 5), local, MADRID)
    assert respect_quiet(due, MADRID, QUIET) == expected.replace(tzinfo=MADRID)


def test_quiet_hours_within_a_day_and_none() -> None:
    due = local_to_utc(date(2026, 5, 5), time(13, 30), MADRID)
    lunch = respect_quiet(due, MADRID, Quiet(time(13, 0), time(14, 0)))
    assert lunch.astimezone(MADRID).time() == time(14, 0)
    assert respect_quiet(due, MADRID, Quiet(time(9, 0), time(9, 0))) == due


def test_quiet_end_in_a_fall_back_repeat_waits_for_its_second_pass() -> None:
    quiet = Quiet(time(21, 0), time(2, 30))
    second_pass = utc(2026, 10, 25, 1, 15)  # 02:15 CET, after 02:30 CEST has gone by
    result = respect_quiet(second_pass, MADRID, quiet)
    assert result == utc(2026, 10, 25, 1, 30)


def test_a_clock_turned_back_before_quiet_start_does_not_end_the_night() -> None:
    new_york = ZoneInfo("America/New_York")  # 2026-11-01: 02:00 EDT -> 01:00 EST
    first_pass = utc(2026, 11, 1, 5, 45)  # 01:45 EDT, inside 01:30-09:00
    result = respect_quiet(first_pass, new_york, Quiet(time(1, 30), time(9, 0)))
    assert result == utc(2026, 11, 1, 14, 0)  # 09:00 EST, not 01:00 EST an hour later


def test_quiet_end_in_a_gap_moves_forward() -> None:
    quiet = Quiet(time(21, 0), time(2, 30))
    result = respect_quiet(utc(2026, 3, 28, 23, 0), MADRID, quiet)
    assert result.astimezone(MADRID) == datetime(2026, 3, 29, 3, 0, tzinfo=MADRID)


def test_send_time_after_downtime_waits_for_morning_or_gives_up() -> None:
    evening = utc(2026, 5, 5, 19, 0)  # 21:00 in Madrid: quiet
    morning = utc(2026, 5, 6, 7, 0)  # 09:00 in Madrid
    assert send_time(evening, morning + timedelta(hours=1), MADRID, QUIET) == morning
    assert send_time(evening, morning, MADRID, QUIET) is None  # the window closes first
    noon = utc(2026, 5, 5, 10, 0)
    assert send_time(noon, noon + timedelta(minutes=1), MADRID, QUIET) == noon


def test_pre_visit_due_is_the_lead_before_the_appointment() -> None:
    assert pre_visit_due(utc(2026, 4, 10, 9)) == utc(2026, 4, 8, 9)
    assert pre_visit_due(utc(2026, 4, 10, 9), timedelta(hours=24)) == utc(2026, 4, 9, 9)


def test_post_change_slots_on_local_days_3_7_14() -> None:
    slots = post_change_slots(utc(2026, 3, 26, 10), MADRID, time(9, 0), key=42)
    assert [slot for slot, _ in slots] == ["change-42-d3", "change-42-d7", "change-42-d14"]
    assert [due for _, due in slots] == [
        utc(2026, 3, 29, 7),  # DST began that night: still 09:00 local
        utc(2026, 4, 2, 7),
        utc(2026, 4, 9, 7),
    ]


def test_post_change_slots_default_key_is_the_local_change_date() -> None:
    slots = post_change_slots(utc(2026, 3, 26, 23, 30), MADRID, time(9, 0), days=(3,))
    assert slots == [("change-2026-03-27-d3", utc(2026, 3, 30, 7))]


def test_reminders_skip_the_night_and_space_from_the_one_before() -> None:
    opened = local_to_utc(date(2026, 5, 5), time(18, 0), MADRID)
    times = reminder_times(opened, opened + timedelta(days=2), MADRID, QUIET)
    assert [t.astimezone(MADRID) for t in times] == [
        datetime(2026, 5, 6, 9, 0, tzinfo=MADRID),
        datetime(2026, 5, 6, 13, 0, tzinfo=MADRID),
    ]


def test_reminders_stop_at_expiry() -> None:
    opened = local_to_utc(date(2026, 5, 5), time(9, 0), MADRID)
    assert len(reminder_times(opened, opened + timedelta(hours=9), MADRID, QUIET)) == 2
    assert len(reminder_times(opened, opened + timedelta(hours=8), MADRID, QUIET)) == 1
    assert reminder_times(opened, opened + timedelta(hours=4), MADRID, QUIET) == []


@pytest.mark.parametrize(
    ("now_hours", "action"), [(-1, "wait"), (0, "send"), (5, "send"), (6, "miss"), (30, "miss")]
)
def test_on_start_policy(now_hours: int, action: str) -> None:
    due = utc(2026, 5, 5, 9)
    assert (
        on_start_policy(due, due + timedelta(hours=6), due + timedelta(hours=now_hours)) == action
    )


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        occurrences(daily(time(9, 0)), MADRID, datetime(2026, 1, 1), utc(2026, 1, 2))
    with pytest.raises(ValueError, match="naive"):
        respect_quiet(datetime(2026, 1, 1, 23), MADRID, QUIET)


def test_parse_weekdays() -> None:
    assert parse_weekdays("mon,thu") == frozenset({0, 3})
    assert parse_weekdays(" Sun , SAT ") == frozenset({5, 6})


@pytest.mark.parametrize("text", ["", "mon,,thu", "mon,mon", "monday", "lun", "mon;thu", "mon,"])
def test_parse_weekdays_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_weekdays(text)


def test_parse_time() -> None:
    assert parse_time("18:00") == time(18, 0)
    assert parse_time("7:05") == time(7, 5)
    assert parse_time("00:00") == time(0, 0)


@pytest.mark.parametrize("text", ["25:00", "24:00", "18:60", "7pm", "18", "18:0", "18:00:00", ""])
def test_parse_time_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_time(text)


def test_parse_date() -> None:
    assert parse_date("2026-03-01") == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "20260301", "2026-W09-1", "01/03/2026", ""])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_parse_every_days() -> None:
    assert parse_every_days("3") == 3
    for text in ["", "-1", "1.5", "three", "٣"]:
        with pytest.raises(ValueError):
            parse_every_days(text)


def test_parse_schedule_from_staff_input() -> None:
    schedule = parse_schedule(
        "weekly",
        days="sun",
        every_days=None,
        at="18:00",
        start=None,
        end=None,
        today=date(2026, 3, 2),
    )
    assert schedule == Schedule("weekly", frozenset({6}), None, time(18, 0), date(2026, 3, 2))


@pytest.mark.parametrize(
    ("days", "every", "start", "end", "message"),
    [
        ("mon", "3", None, None, "not both"),
        (None, None, None, None, "not both"),
        (None, "0", None, None, "between 1 and 365"),
        (None, "366", None, None, "between 1 and 365"),
        ("mon", None, "2026-03-10", "2026-03-09", "before the start"),
    ],
)
def test_parse_schedule_refuses(
    days: str | None, every: str | None, start: str | None, end: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        parse_schedule(
            "d",
            days=days,
            every_days=every,
            at="09:00",
            start=start,
            end=end,
            today=date(2026, 3, 1),
        )


def test_schedule_refuses_bad_weekday_numbers() -> None:
    with pytest.raises(ValueError, match="weekdays"):
        Schedule("d", frozenset({7}), None, time(9), date(2026, 1, 1))
    with pytest.raises(ValueError, match="weekdays"):
        Schedule("d", frozenset(), None, time(9), date(2026, 1, 1))
