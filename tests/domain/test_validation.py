"""Refusing bad staff input: each validator by example, and properties for aliases and names."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.echo import show
from bot.domain.scheduling import Quiet, local_to_utc, respect_quiet
from bot.domain.validation import (
    ALIAS_MAX,
    NAME_MAX,
    TELEGRAM_ID_LIMIT,
    check_alias,
    check_name,
    check_schedule_date,
    check_telegram_id,
    check_text,
    check_timezone,
    parse_appointment,
    parse_local,
    parse_schedule_date,
    parse_since,
    quiet_shift,
    resolve_local,
)

MADRID = ZoneInfo("Europe/Madrid")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SETTINGS = settings(max_examples=300, deadline=None)
ALIAS_CHARS = string.ascii_letters + string.digits + "-_."


def one_line(message: str) -> None:
    assert "\n" not in message and "\r" not in message and len(message) < 200


def refused(check: object, *args: object) -> str:
    with pytest.raises(ValueError) as caught:
        check(*args)  # type: ignore[operator]
    one_line(str(caught.value))
    return str(caught.value)


# --- aliases ------------------------------------------------------------------------------------


@pytest.mark.parametrize("alias", ["P-001", "p1", "9", "clinic.a_07", "A" * ALIAS_MAX])
def test_good_aliases_pass_unchanged(alias: str) -> None:
    assert check_alias(alias) == alias


@pytest.mark.parametrize(
    ("alias", "says"),
    [
        ("", "empty"),
        ("A" * (ALIAS_MAX + 1), "longer than 32"),
        ("=1+1", "start with a letter or a digit"),
        ("+P1", "start with a letter or a digit"),
        ("-P1", "start with a letter or a digit"),
        ("@SUM(A1)", "start with a letter or a digit"),
        (".hidden", "start with a letter or a digit"),
        ("Р-001", "CYRILLIC CAPITAL LETTER ER"),  # looks exactly like P-001
        ("P-ОО1", "CYRILLIC CAPITAL LETTER O"),
        ("Ｐ-001", "FULLWIDTH"),
        ("P 001", "a space"),
        ("P-001\n", "a line break"),
        ("P\t1", "a tab"),
        ("P\x00", "invisible"),
        ("P\u200b1", "invisible"),
        ("P/1", "'/'"),
    ],
)
def test_bad_aliases_are_refused(alias: str, says: str) -> None:
    assert says in refused(check_alias, alias)


@SETTINGS
@given(st.text(max_size=40))
def test_an_alias_passes_only_if_it_is_safe(text: str) -> None:
    try:
        check_alias(text)
    except ValueError as error:
        one_line(str(error))
        assert not (
            1 <= len(text) <= ALIAS_MAX
            and text[0].isascii()
            and text[0].isalnum()
            and all(ch in ALIAS_CHARS for ch in text)
        )
    else:
        assert 1 <= len(text) <= ALIAS_MAX
        assert all(ch in ALIAS_CHARS for ch in text)
        assert text[0] not in "=+-@." and text.isascii()


@SETTINGS
@given(st.text(ALIAS_CHARS, min_size=1, max_size=ALIAS_MAX).filter(lambda s: s[0].isalnum()))
def test_every_well_formed_alias_passes(alias: str) -> None:
    assert check_alias(alias) == alias


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_name", "stored"),
    [
        ("  Dr. Ana García  ", "Dr. Ana García"),
        ("Иван Петрович", "Иван Петрович"),
        ("O'Neil-Smith", "O'Neil-Smith"),
        ("Jose\u0301", "José"),  # composed: the same name typed twice is stored the same
        ("x" * NAME_MAX, "x" * NAME_MAX),
    ],
)
def test_good_names(given_name: str, stored: str) -> None:
    assert check_name(given_name) == stored


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("", "empty"),
        (" \t\n ", "empty"),
        ("x" * (NAME_MAX + 1), "longer than 100"),
        ('=HYPERLINK("http://x")', "must not start with '='"),
        ("+1 555", "must not start with '+'"),
        ("-Ana", "must not start with '-'"),
        ("@ana", "must not start with '@'"),
        ("\t=cmd", "must not start with '='"),  # stripping cannot smuggle a formula in
        ("Ana\nBob", "line break"),
        ("Ana\rBob", "line break"),
        ("Ana\u2028Bob", "line break"),
        ("Ana\x1b[31m", "invisible"),
        ("Dr \u202eanA", "invisible"),
        ("Ana\ud800", "invisible"),  # a lone surrogate cannot be stored as UTF-8
        ("\u200b", "no letters"),
        ("...", "no letters"),
    ],
)
def test_bad_names_are_refused(name: str, says: str) -> None:
    assert says in refused(check_name, name)


@SETTINGS
@given(st.text(max_size=NAME_MAX + 20))
def test_a_name_that_passes_is_one_safe_line(text: str) -> None:
    try:
        name = check_name(text)
    except ValueError as error:
        one_line(str(error))
        return
    assert name == name.strip() and 1 <= len(name) <= NAME_MAX
    assert not name.startswith(("=", "+", "-", "@"))
    assert "\n" not in name and "\r" not in name and "\x00" not in name
    name.encode("utf-8")  # storable


@SETTINGS
@given(st.text(st.characters(categories=["L", "Zs"]), min_size=1, max_size=60))
def test_names_of_letters_and_spaces_pass(text: str) -> None:
    if text.strip():
        assert check_name(text) == check_name(check_name(text))


# --- free text ----------------------------------------------------------------------------------


def test_free_text_keeps_its_lines_and_loses_its_edges() -> None:
    assert check_text("  Call Ana\r\nthen the team\t \n", "--contacts", 50) == (
        "Call Ana\nthen the team"
    )
    assert check_text("", "--helps", 10) == ""  # an empty field clears it
    assert check_text("Jose\u0301", "the note", 10) == "José"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("x" * 11, "the note is longer than 10 characters"),
        ("a\x00b", "invisible character (U+0000)"),
        ("a\x1b[31m", "invisible"),
        ("call \u202e", "invisible character (U+202E)"),
        ("a\ud800", "invisible"),
        ("a\rb", "a line break"),  # a lone CR would move the cursor back in a terminal
    ],
)
def test_bad_free_text(text: str, says: str) -> None:
    assert says in refused(check_text, text, "the note", 10)


@SETTINGS
@given(st.text(max_size=60))
def test_echoed_input_is_one_short_line(text: str) -> None:
    shown = show(text)
    assert "\n" not in shown and "\r" not in shown and len(shown) <= 41


# --- time zones ---------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe/Madrid", "America/Argentina/Buenos_Aires", "UTC"])
def test_good_zones(zone: str) -> None:
    assert check_timezone(zone) == zone


@pytest.mark.parametrize(
    ("zone", "says"),
    [
        ("", "empty"),
        ("Mars/Olympus", "IANA"),
        ("europe/madrid", "did you mean 'Europe/Madrid'?"),
        ("localtime", "IANA"),  # the server's own zone, not a place
        ("Factory", "IANA"),
        ("/etc/passwd", "IANA"),
        ("../../etc/passwd", "IANA"),
        ("Europe/Madrid\x00", "IANA"),
        ("Europe/" + "x" * 57, "IANA"),
        ("x" * 65, "longer than 64"),
        ("Europe/" * 10_000, "longer than 64"),
        ("a/" * 100_000, "longer than 64"),
    ],
)
def test_bad_zones_are_refused_without_crashing(zone: str, says: str) -> None:
    assert says in refused(check_timezone, zone)


@SETTINGS
@given(st.text(max_size=300))
def test_no_zone_name_crashes(text: str) -> None:
    try:
        assert ZoneInfo(check_timezone(text)).key == text
    except ValueError as error:
        one_line(str(error))


# --- Telegram ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"), [("123456789", 123456789), (1, 1), (TELEGRAM_ID_LIMIT - 1, 2**53 - 1)]
)
def test_good_telegram_ids(value: int | str, number: int) -> None:
    assert check_telegram_id(value) == number


@pytest.mark.parametrize(
    "value",
    [0, -5, "0", "-5", "+5", " 5", "5 ", "1_000", "1e6", "١٢٣", "", "12.0", TELEGRAM_ID_LIMIT,
     2**63, 2**64, pytest.param(10**5000, id="huge"), "9" * 30, True, 5.0, None],
)  # fmt: skip
def test_bad_telegram_ids_are_refused(value: int | str) -> None:
    refused(check_telegram_id, value)


@SETTINGS
@given(st.one_of(st.integers(), st.text(max_size=30)))
def test_a_passing_id_fits_sqlite_and_telegram(value: int | str) -> None:
    try:
        number = check_telegram_id(value)
    except ValueError as error:
        one_line(str(error))
        return
    assert type(number) is int and 0 < number < 2**53


# --- schedule dates -----------------------------------------------------------------------------

TODAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    "text", ["2026-03-01", "2025-03-01", "2028-03-01", "2026-12-31", "2025-06-15"]
)
def test_schedule_dates_in_the_window(text: str) -> None:
    assert parse_schedule_date(text, TODAY) == date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("9999-12-31", "more than two years ahead"),
        ("2028-03-02", "more than two years ahead"),
        ("2025-02-28", "more than a year ago"),
        ("0001-01-01", "more than a year ago"),
        ("2026-02-30", "no such date"),
        ("20260301", "not a date"),
    ],
)
def test_schedule_dates_out_of_the_window(text: str, says: str) -> None:
    assert says in refused(parse_schedule_date, text, TODAY)


def test_the_window_survives_a_leap_day() -> None:
    leap = date(2028, 2, 29)
    assert check_schedule_date(date(2030, 2, 28), leap) == date(2030, 2, 28)
    assert check_schedule_date(date(2027, 2, 28), leap) == date(2027, 2, 28)
    refused(check_schedule_date, date(2030, 3, 1), leap)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
        ("2026-03-01T10:30+02:00", datetime(2026, 3, 1, 8, 30, tzinfo=UTC)),
        ("9999-12-31T23:59", datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
    ],
)
def test_since(text: str, expected: datetime) -> None:
    assert parse_since(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("last week", "not a date"),
        ("2026-02-30", "not a date"),
        ("2026-03-01" + " " * 40, "not a date"),
        ("0001-01-01T00:00+05:00", "out of range"),
        ("9999-12-31T23:00-05:00", "out of range"),
    ],
)
def test_bad_since(text: str, says: str) -> None:
    assert says in refused(parse_since, text)


# --- appointments and DST -----------------------------------------------------------------------


def test_an_ordinary_appointment() -> None:
    found = parse_appointment("2026-05-04 10:30", MADRID, NOW)
    assert found.at == datetime(2026, 5, 4, 8, 30, tzinfo=UTC)
    assert found.fit == "exact" and found.note is None


def test_a_time_in_the_spring_gap_moves_forward_and_says_so() -> None:
    found = parse_appointment("2026-03-29 02:30", MADRID, NOW)
    assert found.fit == "gap"
    assert found.at == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert found.local.strftime("%H:%M") == "03:00"
    assert found.note == (
        "02:30 does not exist on 2026-03-29 in Europe/Madrid (clocks go forward); 03:00 is used"
    )


def test_a_repeated_time_uses_the_first_and_says_so() -> None:
    found = parse_appointment("2026-10-25 02:30", MADRID, NOW)
    assert found.fit == "repeated"
    assert found.at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert found.note == (
        "02:30 happens twice on 2026-10-25 in Europe/Madrid (clocks go back); "
        "the first, UTC+02:00, is used"
    )


def test_a_skipped_day_names_the_date_used() -> None:
    found = resolve_local(date(2011, 12, 30), time(9, 0), ZoneInfo("Pacific/Apia"))
    assert found.fit == "gap"
    assert found.note is not None and found.note.endswith("2011-12-31 00:00 is used")


def test_half_hour_zones_and_negative_offsets() -> None:
    lord_howe = resolve_local(date(2026, 10, 4), time(2, 15), ZoneInfo("Australia/Lord_Howe"))
    assert lord_howe.fit == "gap" and lord_howe.note is not None and "02:30" in lord_howe.note
    new_york = resolve_local(date(2026, 11, 1), time(1, 30), ZoneInfo("America/New_York"))
    assert new_york.note is not None and "UTC-04:00" in new_york.note


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-03-01 12:59", "in the past"),  # 11:59 UTC: a minute before now
        ("2026-03-01 13:00", "in the past"),  # exactly now
        ("2028-03-02 09:00", "more than two years ahead"),
        ("9999-12-31 10:00", "more than two years ahead"),
        ("2026-05-04", "use YYYY-MM-DD HH:MM"),
        ("2026-05-04 25:00", "not a time"),
        ("2026-05-04 10:00 " + "x" * 10_000, "use YYYY-MM-DD HH:MM"),
    ],
)
def test_bad_appointments(text: str, says: str) -> None:
    assert says in refused(parse_appointment, text, MADRID, NOW)


@pytest.mark.parametrize(
    ("text", "zone"),
    [("9999-12-31 23:30", "America/New_York"), ("0001-01-01 00:30", "Asia/Tokyo")],
)
def test_a_local_time_outside_what_utc_can_hold_is_refused(text: str, zone: str) -> None:
    assert "out of range" in refused(parse_local, text, ZoneInfo(zone))
    assert "out of range" in refused(parse_appointment, text, ZoneInfo(zone), NOW)


def test_a_booked_time_is_found_in_any_year() -> None:
    assert parse_local("2001-01-01 10:00", MADRID).at == datetime(2001, 1, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-03-01", "2026-03-01T14:30", "2026-03-01 25:00", "x y z"])
def test_not_a_local_date_and_time(text: str) -> None:
    refused(parse_local, text, MADRID)


def test_the_last_day_of_the_window_is_allowed() -> None:
    assert parse_appointment("2028-03-01 23:00", MADRID, NOW).fit == "exact"


@settings(max_examples=300, deadline=None)
@given(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.times(),
    st.sampled_from(["Europe/Madrid", "America/Santiago", "Australia/Lord_Howe", "Asia/Tehran"]),
)
def test_resolve_agrees_with_the_scheduler(day: date, at: time, zone: str) -> None:
    tz = ZoneInfo(zone)
    wall = datetime.combine(day, at.replace(second=0, microsecond=0))
    found = resolve_local(day, wall.time(), tz)
    assert found.at == local_to_utc(day, wall.time(), tz)
    if found.fit == "exact":
        assert found.local.replace(tzinfo=None) == wall and found.note is None
    else:
        assert found.note is not None
    if found.fit == "gap":
        assert found.local.replace(tzinfo=None) > wall
    if found.fit == "repeated":
        assert found.local.replace(tzinfo=None) == wall and found.local.fold == 0


# --- quiet hours --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "sent", "next_day"),
    [
        (time(23, 0), time(9, 0), True),
        (time(21, 0), time(9, 0), True),
        (time(7, 0), time(9, 0), False),
    ],
)
def test_a_time_inside_quiet_hours_goes_out_when_they_end(
    at: time, sent: time, next_day: bool
) -> None:
    shift = quiet_shift(at, Quiet())
    assert shift is not None and (shift.sent, shift.next_day) == (sent, next_day)
    assert f"will go out at {sent:%H:%M}" in shift.note
    one_line(shift.note)


@pytest.mark.parametrize("at", [time(9, 0), time(12, 0), time(20, 59)])
def test_a_time_outside_quiet_hours_is_kept(at: time) -> None:
    assert quiet_shift(at, Quiet()) is None


def test_daytime_quiet_hours_and_none() -> None:
    lunch = Quiet(time(12, 0), time(14, 0))
    shift = quiet_shift(time(13, 0), lunch)
    assert shift is not None and shift.sent == time(14, 0) and not shift.next_day
    assert quiet_shift(time(3, 0), Quiet(time(0, 0), time(0, 0))) is None


@settings(max_examples=300, deadline=None)
@given(st.times(), st.times(), st.times(), st.dates(date(2026, 4, 1), date(2026, 9, 1)))
def test_quiet_shift_matches_respect_quiet(start: time, end: time, at: time, day: date) -> None:
    """On a day with no DST change, the warning names exactly when the scheduler sends."""
    quiet = Quiet(start.replace(microsecond=0), end.replace(microsecond=0))
    at = at.replace(microsecond=0)
    due = datetime.combine(day, at, MADRID).astimezone(UTC)
    sent = respect_quiet(due, MADRID, quiet).astimezone(MADRID)
    shift = quiet_shift(at, quiet)
    if shift is None:
        assert sent == due
    else:
        assert sent.time() == shift.sent
        assert sent.date() == day + timedelta(days=1 if shift.next_day else 0)
