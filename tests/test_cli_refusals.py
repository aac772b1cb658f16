"""Bad staff input wherever it enters the CLI: one line, exit 1, and nothing stored changes.

The clock stands at Monday 2026-03-02 09:00 UTC; P-001 lives in Europe/Madrid, where clocks go
forward on 2026-03-29 (02:00 -> 03:00) and back on 2026-10-25 (03:00 -> 02:00).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import Run, refused, stored

LONG = "A" * 10_000
SCHEDULE = ("schedule", "set", "--patient", "P-001", "--dialog", "daily", "--every-days", "1")
ADD = ("medication", "add", "--patient", "P-001")
CHANGE = ("medication", "change", "--patient", "P-001", "--drug", "lithium")


@pytest.fixture
def clinic(rapport: Run) -> Run:
    """Dr A, their patient P-001 in Madrid, and staff member 7001."""
    assert rapport("clinician", "add", "--name", "Dr A")[0] == 0
    added = rapport(
        "patient", "add", "--alias", "P-001", "--clinician", "Dr A", "--timezone", "Europe/Madrid"
    )
    assert added[0] == 0
    assert rapport("staff", "add", "--telegram-id", "7001", "--name", "Sam")[0] == 0
    return rapport


def _rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(tmp_path / "r.db")) as db:
        return db.execute(sql).fetchall()


REFUSED = [
    # patient add: the alias, the zone, the clinician
    (("patient", "add", "--alias", "=1+1", "--clinician", "Dr A"), "must start with a letter"),
    (("patient", "add", "--alias", "@SUM(A1)", "--clinician", "Dr A"), "must start with"),
    (("patient", "add", "--alias", "Р-002", "--clinician", "Dr A"), "CYRILLIC CAPITAL LETTER ER"),
    (("patient", "add", "--alias", "P-002\nP-003", "--clinician", "Dr A"), "a line break"),
    (("patient", "add", "--alias", "P" * 33, "--clinician", "Dr A"), "longer than 32"),
    (("patient", "add", "--alias", "P-001", "--clinician", "Dr A"), "already exists"),
    (("patient", "add", "--alias", "P-2", "--clinician", "Dr A", "--timezone", LONG), "64"),
    (
        ("patient", "add", "--alias", "P-2", "--clinician", "Dr A", "--timezone", "europe/madrid"),
        "did you mean 'Europe/Madrid'?",
    ),
    (("patient", "add", "--alias", "P-2", "--clinician", LONG), "no clinician named"),
    (("patient", "add", "--alias", "P-2", "--clinician", "Dr A", "--language", LONG), "one of"),
    # patient set
    (("patient", "set", "--alias", "P-001", "--timezone", LONG), "not a time zone"),
    (("patient", "set", "--alias", "P-001", "--quiet", LONG), "quiet hours look like"),
    (("patient", "set", "--alias", "P-001", "--quiet", "22:00-" + LONG), "not a time"),
    (("patient", "set", "--alias", LONG, "--quiet", "off"), "no patient with alias"),
    # staff: ids SQLite cannot hold, ids that are not digits, names
    (("staff", "add", "--telegram-id", str(2**63), "--name", "Al"), "not a Telegram user id"),
    (("staff", "add", "--telegram-id", "9" * 5000, "--name", "Al"), "not a Telegram user id"),
    (("staff", "add", "--telegram-id", "0", "--name", "Al"), "between 1 and 2**53"),
    (("staff", "add", "--telegram-id", "-5", "--name", "Al"), "digits only"),
    (("staff", "add", "--telegram-id", "１２", "--name", "Al"), "digits only"),
    (("staff", "add", "--telegram-id", "7001", "--name", "Al"), "already staff"),
    (("staff", "add", "--telegram-id", "7002", "--name", "x" * 101), "longer than 100"),
    (("staff", "add", "--telegram-id", "7002", "--name", "=cmd|calc"), "must not start"),
    (("staff", "add", "--telegram-id", "7002", "--name", "Sam\nAdmin"), "a line break"),
    (("staff", "remove", "--telegram-id", str(2**64)), "not a Telegram user id"),
    (("staff", "remove", "--telegram-id", "7002"), "is not staff"),
    # clinicians
    (("clinician", "add", "--name", "x" * 101), "longer than 100"),
    (("clinician", "add", "--name", "Dr\nB"), "a line break"),
    (("clinician", "add", "--name", "\u202eDr B"), "invisible character (U+202E)"),
    (("clinician", "add", "--name", "+Dr B"), "must not start"),
    (("clinician", "add", "--name", "Dr A"), "already exists"),
    (("clinician", "unlink", "--name", LONG), "no clinician named"),
    (("clinician", "invite", "--name", LONG), "no clinician named"),
    # schedules: dates within a year back and two years ahead
    ((*SCHEDULE, "--time", "10:00", "--start", "9999-12-31"), "more than two years ahead"),
    ((*SCHEDULE, "--time", "10:00", "--end", "9999-12-31"), "more than two years ahead"),
    ((*SCHEDULE, "--time", "10:00", "--start", "2028-03-03"), "latest 2028-03-02"),
    ((*SCHEDULE, "--time", "10:00", "--start", "2025-03-01"), "more than a year ago"),
    ((*SCHEDULE, "--time", LONG), "not a time"),
    (
        (
            "schedule",
            "set",
            "--patient",
            "P-001",
            "--dialog",
            LONG,
            "--days",
            "mon",
            "--time",
            "10:00",
        ),
        "no dialog",
    ),
    # appointments
    (("appointment", "add", "--patient", "P-001", "--at", "2028-03-03 10:00"), "two years ahead"),
    (("appointment", "add", "--patient", "P-001", "--at", "9999-12-31 23:30"), "two years ahead"),
    (("appointment", "add", "--patient", "P-001", "--at", "2026-03-02 09:59"), "in the past"),
    (("appointment", "add", "--patient", "P-001", "--at", LONG), "not a date and time"),
    (("appointment", "cancel", "--patient", "P-001", "--at", "2026-03-29 03:00"), "no single"),
    (("appointment", "cancel", "--patient", "P-001", "--at", LONG), "not a date and time"),
    # the regimen (more, with medicines recorded, in test_cli_regimen.py)
    ((*ADD, "--drug", "foo", "--dose", "1 mg"), "'foo' is not in the drug table"),
    ((*ADD, "--drug", "sertaline", "--dose", "1 mg"), "did you mean 'sertraline'?"),
    ((*ADD, "--drug", "foo", "--class", "ssris", "--dose", "1 mg"), "unknown class 'ssris'"),
    ((*ADD, "--drug", "lithium", "--dose", "400"), "has no unit"),
    ((*ADD, "--drug", "lithium", "--dose", "400 mg\n800 mg"), "a line break"),
    ((*ADD, "--drug", "lithium", "--dose", "  "), "the dose is empty"),
    ((*ADD, "--drug", "=cmd|calc", "--dose", "1 mg"), "must not start with '='"),
    ((*ADD, "--drug", LONG, "--dose", "1 mg"), "longer than 100"),
    ((*ADD, "--drug", "lithium", "--dose", "1 mg", "--started", "9999-12-31"), "two years ahead"),
    ((*ADD, "--drug", "lithium", "--dose", "1 mg", "--started", "1950-01-01"), "70 years ago"),
    ((*ADD, "--drug", "lithium", "--dose", "1 mg", "--started", LONG), "not a date"),
    (
        ("medication", "add", "--patient", LONG, "--drug", "lithium", "--dose", "1 mg"),
        "no patient",
    ),
    ((*CHANGE, "--dose", "1 mg", "--at", "9999-12-31"), "more than two years ahead"),
    ((*CHANGE, "--dose", "1 mg", "--at", "2025-01-01"), "more than a year ago"),
    ((*CHANGE, "--dose", "1 mg", "--note", "x" * 501), "longer than 500"),
    ((*CHANGE, "--dose", "1 mg", "--note", "a\x00b"), "invisible"),
    ((*CHANGE, "--dose", "1 mg"), "P-001 takes no medication named 'lithium' (none recorded"),
    (("medication", "stop", "--patient", "P-001", "--drug", "lithium"), "takes no medication"),
    (("patient", "set", "--alias", "P-001", "--psychotropics", "51"), "a count from 0 to 50"),
    (("patient", "set", "--alias", "P-001", "--psychotropics", "-1"), "or auto"),
    (("patient", "set", "--alias", "P-001", "--psychotropics", "many"), "a count from 0"),
    # safety plans
    (("safety-plan", "--patient", "P-001", "--helps", "x" * 1001), "--helps is longer than 1000"),
    (("safety-plan", "--patient", "P-001", "--contacts", "call \u202e"), "--contacts has"),
    # the audit log and exports
    (("audit", "--limit", "0"), "--limit is a number from 1 to 10000"),
    (("audit", "--limit", "-1"), "--limit is a number from 1 to 10000"),
    (("audit", "--limit", str(10**30)), "--limit is a number from 1 to 10000"),
    (("audit", "--since", "last week"), "not a date"),
    (("audit", "--since", "0001-01-01T00:00+05:00"), "out of range"),
    (("audit", "--patient", LONG), "no patient with alias"),
    (("export", "--patient", LONG), "no patient with alias"),
    (("backup", "b" * 5000), "cannot write"),
]


@pytest.mark.parametrize(("args", "says"), REFUSED)
def test_refused_in_one_line_and_nothing_changes(
    clinic: Run, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    refused(clinic, tmp_path / "r.db", args, says)


@pytest.mark.parametrize(("args", "says"), REFUSED[::6])
def test_refused_under_json_is_an_error_object_on_stdout(
    clinic: Run, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    before = stored(tmp_path / "r.db")
    code, out, err = clinic("--json", *args)
    assert (code, err) == (1, "")
    assert says in json.loads(out)["error"]
    assert stored(tmp_path / "r.db") == before


def test_a_usage_error_under_json_exits_2(rapport: Run) -> None:
    code, out, err = rapport("patient", "add", "--alias", "P-1", "--json")
    assert (code, err) == (2, "")
    assert "--clinician" in json.loads(out)["error"]


def test_a_time_past_the_year_9999_in_utc_is_refused(clinic: Run, tmp_path: Path) -> None:
    clinic(
        "patient",
        "add",
        "--alias",
        "P-NY",
        "--clinician",
        "Dr A",
        "--timezone",
        "America/New_York",
    )
    before = stored(tmp_path / "r.db")
    for action in ("add", "cancel"):
        code, _, err = clinic(
            "appointment", action, "--patient", "P-NY", "--at", "9999-12-31 23:30"
        )
        assert code == 1 and "out of range in America/New_York" in err, err
    assert stored(tmp_path / "r.db") == before


# --- accepted, with a note ----------------------------------------------------------------------


def _book(clinic: Run, at: str) -> tuple[int, dict[str, object], str]:
    code, out, err = clinic("appointment", "add", "--patient", "P-001", "--at", at, "--json")
    return code, json.loads(out), err


def test_a_time_the_clocks_skip_is_booked_at_the_time_used_and_says_so(
    clinic: Run, tmp_path: Path
) -> None:
    code, booked, err = _book(clinic, "2026-03-29 02:30")
    note = "02:30 does not exist on 2026-03-29 in Europe/Madrid (clocks go forward); 03:00 is used"
    assert code == 0 and booked["note"] == note
    assert err == f"rapport: warning: {note}\n"
    assert _rows(tmp_path, "SELECT at FROM appointments") == [("2026-03-29T01:00:00+00:00",)]


def test_a_time_that_happens_twice_uses_the_first_and_says_so(clinic: Run) -> None:
    code, booked, err = _book(clinic, "2026-10-25 02:30")
    assert code == 0 and "happens twice" in str(booked["note"]) and "UTC+02:00" in err
    code, out, err = clinic("appointment", "add", "--patient", "P-001", "--at", "2026-05-04 10:00")
    assert (code, err) == (0, "") and "booked" in out  # an ordinary time: no note


def test_the_same_appointment_twice_is_refused_until_cancelled(
    clinic: Run, tmp_path: Path
) -> None:
    assert _book(clinic, "2026-03-29 03:00")[0] == 0
    before = stored(tmp_path / "r.db")
    # 02:30 that day is 03:00: the same instant, however it is typed.
    for typed in ("2026-03-29 03:00", "2026-03-29 02:30", "2026-03-29 3:00"):
        code, refused, _ = _book(clinic, typed)
        assert code == 1 and "already has an appointment at 2026-03-29 03:00" in refused["error"]
    assert stored(tmp_path / "r.db") == before
    assert (
        clinic("appointment", "cancel", "--patient", "P-001", "--at", "2026-03-29 02:30")[0] == 0
    )
    assert _book(clinic, "2026-03-29 03:00")[0] == 0  # a cancelled one no longer counts


def test_a_schedule_in_quiet_hours_is_kept_and_says_when_it_goes_out(
    clinic: Run, tmp_path: Path
) -> None:
    code, out, err = clinic(*SCHEDULE, "--time", "23:00", "--json")
    note = (
        "23:00 is inside the patient's quiet hours (21:00–09:00); "
        "check-ins will go out at 09:00 the next morning"
    )
    assert code == 0 and err == f"rapport: warning: {note}\n"
    rows = {r["dialog"]: r for r in json.loads(out)}
    assert rows["daily"]["note"] == note and rows["weekly"]["note"] is None
    assert _rows(tmp_path, "SELECT local_time FROM schedules WHERE dialog_id = 'daily'") == [
        ("23:00",)
    ]
    code, out, err = clinic(*SCHEDULE, "--time", "12:00")
    assert (code, err) == (0, "")


def test_new_quiet_hours_name_the_schedules_they_hold_back(clinic: Run) -> None:
    code, out, err = clinic(
        "patient", "set", "--alias", "P-001", "--quiet", "17:00-08:00", "--json"
    )
    assert code == 0
    note = "weekly: 18:00 is inside the patient's quiet hours (17:00–08:00); check-ins will go out"
    assert json.loads(out)["notes"][0].startswith(note)
    assert err.startswith(f"rapport: warning: {note}") and err.count("\n") == 1


def test_a_schedule_within_the_window_is_stored(clinic: Run) -> None:
    code, out, _ = clinic(
        *SCHEDULE, "--time", "10:00", "--start", "2025-03-02", "--end", "2028-03-02", "--json"
    )
    daily = next(r for r in json.loads(out) if r["dialog"] == "daily")
    assert code == 0 and (daily["start"], daily["end"]) == ("2025-03-02", "2028-03-02")
    assert clinic("schedule", "list")[0] == 0


# --- aliases and names from before the rules ----------------------------------------------------


def test_an_alias_stored_before_the_rule_still_works(clinic: Run, tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "r.db")) as db:
        db.execute(
            "INSERT INTO patients (alias, clinician_id, timezone, status, created_at)"
            " VALUES ('old patient 7', 1, 'UTC', 'invited', '2025-01-01T00:00:00+00:00')"
        )
        db.commit()
    old = ("--patient", "old patient 7")
    assert clinic("appointment", "add", *old, "--at", "2026-04-01 10:00")[0] == 0
    daily = ("--dialog", "daily", "--days", "mon", "--time", "10:00")
    assert clinic("schedule", "set", *old, *daily)[0] == 0
    assert clinic("patient", "set", "--alias", "old patient 7", "--quiet", "off")[0] == 0
    assert clinic("medication", "add", *old, "--drug", "lithium", "--dose", "400 mg")[0] == 0
    assert clinic("medication", "change", *old, "--drug", "lithium", "--dose", "600 mg")[0] == 0
    assert clinic("invite", "renew", *old)[0] == 0
    assert clinic("audit", *old)[0] == 0


def test_a_name_is_stored_trimmed_and_found_as_typed(clinic: Run) -> None:
    code, out, _ = clinic("clinician", "add", "--name", "  Dr B  ", "--json")
    assert code == 0 and json.loads(out)["name"] == "Dr B"
    code, out, _ = clinic("clinician", "invite", "--name", " Dr B", "--json")
    assert code == 0 and json.loads(out)["name"] == "Dr B"
