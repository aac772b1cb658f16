"""Refusing bad staff input: aliases, names, time zones, Telegram ids, dates and times.

Pure. Every check raises `ValueError` with a short plain message fit for a one-line CLI error
(the input is echoed escaped and shortened, so it can never break the line), or returns the
value to store. Times that a DST change or quiet hours move come back with a note to show.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo, available_timezones

from bot.domain.echo import show
from bot.domain.scheduling import Quiet
from bot.domain.timeparse import aware, local_to_utc, parse_date, parse_time

ALIAS_MAX, NAME_MAX, ZONE_MAX = 32, 100, 64
NOTE_MAX = 500  # a medication change's note
PSYCHOTROPICS_MAX = 50  # staff's own count of a patient's psychotropics
PLAN_MAX = 1000  # one field of a safety plan: a line of it always fits one Telegram message
TELEGRAM_ID_LIMIT = 2**53  # Telegram: "at most 52 significant bits"; SQLite stops at 2**63
FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet runs a cell that starts with one of these
_ALIAS_CHAR = re.compile(r"[A-Za-z0-9._-]")
_ALIAS_RULE = "use only A-Z, a-z, 0-9, '-', '_' and '.'"
# Files in the zoneinfo folder that are not places: the server's own zone, and a placeholder.
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})
# Never let a name hide or reorder text: bidirectional embeddings, overrides and isolates.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# --- people ------------------------------------------------------------------------------------


def check_alias(text: str) -> str:
    """A patient's pseudonym: 1–32 ASCII letters, digits, '-', '_' or '.', starting alnum."""
    if not text:
        raise ValueError("the alias is empty")
    if len(text) > ALIAS_MAX:
        raise ValueError(f"the alias is longer than {ALIAS_MAX} characters: {show(text)}")
    if text[0].isascii() and not text[0].isalnum():
        # "=1+1" or "@SUM(...)" would run as a formula when a list is opened in a spreadsheet.
        raise ValueError(f"alias {show(text)} must start with a letter or a digit")
    for ch in text:
        if not _ALIAS_CHAR.fullmatch(ch):
            raise ValueError(f"alias {show(text)} has {_describe(ch)}; {_ALIAS_RULE}")
    return text


def check_name(text: str, what: str = "the name") -> str:
    """A clinician's, staff member's or medicine's name: trimmed, 1–100 characters, one plain
    line, with letters or digits."""
    name = _one_line(text, what)
    if not any(unicodedata.category(ch)[0] in "LN" for ch in name):
        raise ValueError(f"{what} {show(name)} has no letters")
    return name


def check_dose(text: str) -> str:
    """A dose as staff write it ("50 mg", "1 mg at night"): one plain line, with its unit."""
    dose = _one_line(text, "the dose")
    if not any(unicodedata.category(ch)[0] == "L" for ch in dose):
        raise ValueError(f"the dose {show(dose)} has no unit (write e.g. 50 mg)")
    return dose


def _one_line(text: str, what: str) -> str:
    """Trimmed, 1–100 characters, nothing that breaks a line, hides text or runs a formula."""
    line = unicodedata.normalize("NFC", text.strip())
    if not line:
        raise ValueError(f"{what} is empty")
    if len(line) > NAME_MAX:
        raise ValueError(f"{what} is longer than {NAME_MAX} characters: {show(line)}")
    for ch in line:
        if _hidden(ch):
            raise ValueError(f"{what} {show(line)} has {_describe(ch)}")
    if line.startswith(FORMULA_STARTS):
        raise ValueError(f"{what} {show(line)} must not start with {line[0]!r}")
    return line


def check_text(text: str, what: str, limit: int) -> str:
    """Free text staff write for people to read (a note, a safety plan): trimmed, at most
    `limit` characters; line breaks and tabs stay, nothing that hides text or breaks storage."""
    clean = unicodedata.normalize("NFC", text.replace("\r\n", "\n").strip())
    if len(clean) > limit:
        raise ValueError(f"{what} is longer than {limit} characters: {show(clean)}")
    for ch in clean:
        if ch not in "\n\t" and _hidden(ch):
            raise ValueError(f"{what} has {_describe(ch)}: {show(clean)}")
    return clean


def _hidden(ch: str) -> bool:
    """A character that breaks a line, controls a terminal, hides text or cannot be stored."""
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI


def _describe(ch: str) -> str:
    """How a refused character is named in a message: "a space", "'Р' (CYRILLIC ...)"."""
    if ch == " ":
        return "a space"
    if ch == "\t":
        return "a tab"
    if ch in "\r\n\u0085\u2028\u2029":
        return "a line break"
    category = unicodedata.category(ch)
    if category[0] in "CZ":
        return f"an invisible character (U+{ord(ch):04X})"
    if ch.isascii():
        return f"the character {ch!r}"
    name = unicodedata.name(ch, f"U+{ord(ch):04X}")
    return f"the non-ASCII character {ch!r} ({name})"


def check_telegram_id(value: int | str) -> int:
    """A Telegram user id: a whole number from 1 to 2**53 − 1, given as digits or an int."""
    if isinstance(value, str):
        # int() would also take " 12", "1_000", "+5" and Arabic-Indic digits.
        if not re.fullmatch(r"[0-9]{1,20}", value):
            raise ValueError(
                f"not a Telegram user id: {show(value)} (digits only, e.g. 123456789)"
            )
        number = int(value)
    elif type(value) is int:  # bool is an int too, and True is not an id
        number = value
    else:
        raise ValueError(f"not a Telegram user id: a {type(value).__name__}")
    if not 0 < number < TELEGRAM_ID_LIMIT:
        # str() of a huge int is itself an error (over 4300 digits), so do not echo one.
        shown = str(number) if number.bit_length() <= 64 else "a much larger number"
        raise ValueError(f"not a Telegram user id: {shown} (it must be between 1 and 2**53 − 1)")
    return number


def parse_psychotropics(text: str) -> int | None:
    """Staff's count of psychotropics (0–50), or None for "auto": count the regimen."""
    if text.strip().lower() == "auto":
        return None
    if not re.fullmatch(r"[0-9]{1,2}", text.strip()) or int(text) > PSYCHOTROPICS_MAX:
        raise ValueError(
            f"--psychotropics is a count from 0 to {PSYCHOTROPICS_MAX}, or auto to count the"
            f" regimen (not {show(text)})"
        )
    return int(text)


# --- zones and dates ---------------------------------------------------------------------------


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


def check_timezone(text: str) -> str:
    """An IANA time zone name such as "Europe/Madrid", exactly as the database spells it."""
    if not text:
        raise ValueError("the time zone is empty")
    if len(text) > ZONE_MAX:
        # zoneinfo turns the name into a file path: a long one is an OSError, not a refusal.
        raise ValueError(f"not a time zone: {show(text)} (longer than {ZONE_MAX} characters)")
    if text not in _zones():
        near = next((z for z in sorted(_zones()) if z.lower() == text.lower()), None)
        hint = f"did you mean {near!r}?" if near else "use an IANA name such as Europe/Madrid"
        raise ValueError(f"not a time zone: {show(text)} ({hint})")
    ZoneInfo(text)  # it loads: the listing and the files agree
    return text


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def check_schedule_date(day: date, today: date, years_back: int = 1) -> date:
    """A schedule's start or end, a change's date: from a year ago (unless told) to two years
    ahead of today."""
    earliest, latest = _add_years(today, -years_back), _add_years(today, 2)
    if day < earliest:
        back = "a year" if years_back == 1 else f"{years_back} years"
        raise ValueError(f"{day.isoformat()} is more than {back} ago (earliest {earliest})")
    if day > latest:
        raise ValueError(f"{day.isoformat()} is more than two years ahead (latest {latest})")
    return day


def parse_schedule_date(text: str, today: date, years_back: int = 1) -> date:
    """ "2026-03-01" as a schedule's --start or --end, within check_schedule_date's window."""
    return check_schedule_date(parse_date(text), today, years_back)


def parse_since(text: str) -> datetime:
    """ "2026-03-01" (midnight UTC) or an ISO date and time, as the start of a search."""
    try:
        if len(text) > 40:
            raise ValueError
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date: {show(text)} (use YYYY-MM-DD)") from None
    try:
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+05:00 is before the year 1 in UTC
        raise ValueError(f"{show(text)} is out of range") from None


# --- local times that move ---------------------------------------------------------------------

Fit = Literal["exact", "gap", "repeated"]


@dataclass(frozen=True)
class LocalInstant:
    """A typed local date and time, and the instant used for it (UTC) after any DST change."""

    day: date
    asked: time
    at: datetime  # UTC
    fit: Fit  # exact; inside a spring-forward gap; or a fall-back hour that happens twice
    zone: str

    @property
    def local(self) -> datetime:
        """The instant used, on the zone's wall clock."""
        return self.at.astimezone(ZoneInfo(self.zone))

    @property
    def note(self) -> str | None:
        """What the caller should tell staff when the time typed is not simply used."""
        asked, where = f"{self.asked:%H:%M}", f"on {self.day.isoformat()} in {self.zone}"
        if self.fit == "gap":
            used = self.local
            shown = f"{used:%H:%M}" if used.date() == self.day else f"{used:%Y-%m-%d %H:%M}"
            return f"{asked} does not exist {where} (clocks go forward); {shown} is used"
        if self.fit == "repeated":
            offset = _offset(self.local)
            return f"{asked} happens twice {where} (clocks go back); the first, {offset}, is used"
        return None


def _offset(local: datetime) -> str:
    """ "UTC+02:00"."""
    total = int((local.utcoffset() or timedelta(0)).total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    return f"UTC{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


def resolve_local(day: date, at: time, tz: ZoneInfo) -> LocalInstant:
    """A local wall time as an instant, saying whether a DST change moved or doubled it."""
    wall = datetime.combine(day, at.replace(tzinfo=None, fold=0))
    first, second = wall.replace(tzinfo=tz), wall.replace(tzinfo=tz, fold=1)
    fit: Fit = "exact"
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        fit = "repeated" if back == wall else "gap"
    return LocalInstant(day, at.replace(tzinfo=None), local_to_utc(day, at, tz), fit, tz.key)


def parse_local(text: str, tz: ZoneInfo) -> LocalInstant:
    """ "2026-03-29 14:30" in the patient's zone, any year: for finding what was booked."""
    parts = text.split()
    if len(parts) != 2 or len(text) > 40:
        raise ValueError(f"not a date and time: {show(text)} (use YYYY-MM-DD HH:MM)")
    day, at = parse_date(parts[0]), parse_time(parts[1])
    try:
        return resolve_local(day, at, tz)
    except OverflowError:  # 9999-12-31 23:00 in New York is in the year 10000 in UTC
        raise ValueError(f"{parts[0]} {parts[1]} is out of range in {tz.key}") from None


def parse_appointment(text: str, tz: ZoneInfo, now: datetime) -> LocalInstant:
    """ "2026-03-29 14:30" in the patient's zone: in the future, at most two years ahead."""
    found = parse_local(text, tz)
    shown = f"{found.day.isoformat()} {found.asked:%H:%M}"
    if found.at <= aware(now):
        raise ValueError(f"{shown} in {tz.key} is in the past")
    latest = _add_years(aware(now).astimezone(tz).date(), 2)
    if found.local.date() > latest:
        raise ValueError(f"{found.day.isoformat()} is more than two years ahead (latest {latest})")
    return found


# --- quiet hours -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuietShift:
    """A schedule time inside quiet hours, and when its check-ins will actually go out."""

    asked: time
    sent: time  # the end of the quiet hours
    next_day: bool  # the evening part of a night: it goes out the next morning
    quiet: Quiet

    @property
    def note(self) -> str:
        """A one-line warning for staff."""
        when = f"{self.sent:%H:%M}" + (" the next morning" if self.next_day else "")
        span = f"{self.quiet.start:%H:%M}–{self.quiet.end:%H:%M}"
        return (
            f"{self.asked:%H:%M} is inside the patient's quiet hours ({span}); "
            f"check-ins will go out at {when}"
        )


def quiet_shift(local: time, quiet: Quiet) -> QuietShift | None:
    """None if a check-in at local time `local` goes out then; else when it goes out instead."""
    wall = local.replace(tzinfo=None, fold=0)
    if not quiet.contains(wall):
        return None
    next_day = quiet.start > quiet.end and wall >= quiet.start
    return QuietShift(wall, quiet.end, next_day, quiet)
