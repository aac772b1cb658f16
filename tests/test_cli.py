"""The staff CLI: JSON output, one-line errors, a non-zero exit, and nothing changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import stored


def test_patient_add_and_list_json(rapport) -> None:
    assert rapport("clinician", "add", "--name", "Dr A")[0] == 0
    code, out, _ = rapport(
        "patient",
        "add",
        "--alias",
        "P-001",
        "--clinician",
        "Dr A",
        "--timezone",
        "Europe/Madrid",
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and set(data) >= {"alias", "invite_link", "token", "expires_at"}
    assert data["invite_link"].endswith(f"?start={data['token']}")
    code, out, _ = rapport("patient", "list", "--json")
    listed = json.loads(out)
    assert listed == [
        {
            "alias": "P-001",
            "clinician": "Dr A",
            "status": "invited",
            "timezone": "Europe/Madrid",
            "language": "en",
        }
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("patient", "add", "--alias", "P-9", "--clinician", "Nobody"),
        ("patient", "add", "--alias", "P-9", "--clinician", "Dr A", "--timezone", "Mars/Base"),
        (
            "schedule",
            "set",
            "--patient",
            "P-001",
            "--dialog",
            "weekly",
            "--days",
            "mon",
            "--time",
            "25:00",
        ),
        (
            "schedule",
            "set",
            "--patient",
            "P-001",
            "--dialog",
            "nope",
            "--days",
            "mon",
            "--time",
            "10:00",
        ),
        (
            "schedule",
            "set",
            "--patient",
            "P-404",
            "--dialog",
            "weekly",
            "--days",
            "mon",
            "--time",
            "10:00",
        ),
        (
            "schedule",
            "set",
            "--patient",
            "P-001",
            "--dialog",
            "weekly",
            "--days",
            "mon",
            "--time",
            "10:00",
            "--start",
            "2030-02-01",
            "--end",
            "2030-01-01",
        ),
        ("appointment", "add", "--patient", "P-001", "--at", "2001-01-01 10:00"),
        ("appointment", "add", "--patient", "P-001", "--at", "tomorrow"),
        ("checkin", "send", "--patient", "P-001", "--dialog", "weekly"),  # not enrolled yet
        ("patient", "set", "--alias", "P-001", "--quiet", "22:00"),
        ("medication", "change", "--patient", "P-404", "--drug", "lithium", "--dose", "400 mg"),
        ("medication", "add", "--patient", "P-001", "--drug", "foo", "--dose", "1 mg"),
        ("medication", "stop", "--patient", "P-001", "--drug", "lithium"),
        ("medication", "list", "--patient", "P-404"),
        ("digest", "--patient", "P-404"),
        ("invite", "renew", "--patient", "P-404"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(rapport, tmp_path: Path, args) -> None:
    rapport("clinician", "add", "--name", "Dr A")
    rapport("patient", "add", "--alias", "P-001", "--clinician", "Dr A")
    before = stored(tmp_path / "r.db")
    code, out, err = rapport(*args)
    assert code == 1, err
    assert err.startswith("rapport: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and out == ""
    assert stored(tmp_path / "r.db") == before


def test_usage_errors_are_one_line_exit_2(rapport) -> None:
    code, out, err = rapport("patient", "add", "--alias")
    assert code == 2 and out == ""
    assert err.startswith("rapport: error: ") and err.count("\n") == 1, err


@pytest.mark.parametrize("days", ["0", "-1", "two"])
def test_demo_days_must_be_a_positive_number(rapport, days: str) -> None:
    code, _, err = rapport("demo", "--days", days)
    assert code == 2 and "not a positive number of days" in err


def test_schedule_appointment_and_checkin_json(rapport) -> None:
    rapport("clinician", "add", "--name", "Dr A")
    rapport(
        "patient",
        "add",
        "--alias",
        "P-001",
        "--clinician",
        "Dr A",
        "--timezone",
        "America/New_York",
    )
    code, out, _ = rapport(
        "schedule",
        "set",
        "--patient",
        "P-001",
        "--dialog",
        "daily",
        "--every-days",
        "2",
        "--time",
        "09:30",
        "--json",
    )
    rows = json.loads(out)
    daily = next(r for r in rows if r["dialog"] == "daily")
    assert daily["time"] == "09:30" and daily["next"].endswith(("-05:00", "-04:00"))
    code, out, _ = rapport(
        "appointment", "add", "--patient", "P-001", "--at", "2027-01-10 10:00", "--json"
    )
    assert code == 0 and json.loads(out)["patient"] == "P-001"
    code, out, _ = rapport("appointment", "list", "--json")
    assert json.loads(out)[0]["at"] == "2027-01-10T10:00:00-05:00"
    code, out, _ = rapport("schedule", "remove", "--patient", "P-001", "--dialog", "daily")
    assert code == 0


def test_safety_plan_recorded_by_the_clinic(rapport, tmp_path: Path) -> None:
    rapport("clinician", "add", "--name", "Dr A")
    rapport("patient", "add", "--alias", "P-001", "--clinician", "Dr A")
    code, _, err = rapport("safety-plan", "--patient", "P-001")
    assert code == 1 and err.count("\n") == 1
    code, _, _ = rapport(
        "safety-plan",
        "--patient",
        "P-001",
        "--helps",
        "walk the dog",
        "--contacts",
        "Crisis team 555-0101",
    )
    assert code == 0
    with sqlite3.connect(tmp_path / "r.db") as db:
        row = db.execute("SELECT helps, contacts, updated_by FROM safety_plans").fetchone()
    assert row == ("walk the dog", "Crisis team 555-0101", "staff:cli")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _viewed(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "r.db") as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE kind = 'digest_viewed'").fetchone()[0]


@pytest.fixture
def patient(rapport) -> str:
    rapport("clinician", "add", "--name", "Dr A")
    rapport("patient", "add", "--alias", "P-001", "--clinician", "Dr A")
    return "P-001"


@pytest.mark.usefixtures("open_umask")
def test_digest_output_files_are_private(rapport, patient: str, tmp_path: Path) -> None:
    code, out, err = rapport(
        "digest", "--patient", patient, "--format", "html", "--output", "d.html"
    )
    assert code == 0, err
    assert (tmp_path / "d.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "d.png").read_bytes().startswith(b"\x89PNG")
    assert _mode(tmp_path / "d.html") == _mode(tmp_path / "d.png") == 0o600
    assert _mode(tmp_path / "r.db") == 0o600


@pytest.mark.parametrize(
    ("existing", "args"),
    [
        ("d.txt", ("--output", "d.txt")),
        ("d.html", ("--format", "html", "--output", "d.html")),
        ("d.png", ("--format", "html", "--output", "d.html")),  # the chart's place is taken
        (None, ("--format", "html", "--output", "d.png")),  # the chart would replace the HTML
    ],
)
def test_digest_output_never_replaces_a_file(
    rapport, patient: str, tmp_path: Path, existing: str | None, args: tuple[str, ...]
) -> None:
    if existing:
        (tmp_path / existing).write_text("kept")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = rapport("digest", "--patient", patient, *args)
    assert code == 1 and err.startswith("rapport: error: ") and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if existing:
        assert (tmp_path / existing).read_text() == "kept"
    assert _viewed(tmp_path) == 0  # refused before anything was built or recorded


@pytest.mark.usefixtures("open_umask")
def test_backup_is_private_and_never_replaces_a_file(
    rapport, patient: str, tmp_path: Path
) -> None:
    assert rapport("backup", "copy.db")[0] == 0
    assert _mode(tmp_path / "copy.db") == 0o600
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT alias FROM patients").fetchall() == [(patient,)]
    (tmp_path / "other.db").write_text("kept")
    code, _, err = rapport("backup", "other.db")
    assert code == 1 and err.count("\n") == 1 and "already exists" in err
    assert (tmp_path / "other.db").read_text() == "kept"
