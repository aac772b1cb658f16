"""Hot queries read through an index, whatever SQLite knows of the data (issue 14): without
statistics (no ANALYZE yet) and with them, on a clinic whose patients have months of history.

Each test plans the very SQL text production runs (the storage modules' constants) and checks
that no growing table (patients, checkins, answers, outbox, events, digests, appointments,
alerts) is read row by row: a `SCAN` of one of them, or a sort of all of its rows, fails.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest

from bot import MIGRATIONS_DIR
from bot.storage import alerts, checkins, digests, outbox, plans, staff, web_views
from bot.storage.checkins import NEXT_PENDING
from bot.storage.migrate import discover

NOW = "2026-03-01T12:00:00Z"
PATIENTS = 400
# Tables that stay a handful of rows whatever the clinic's size: read whole, they cost nothing.
# Every other table (patients, checkins, answers, outbox, events, digests, ...) grows.
TINY = ("clinicians", "staff", "meta", "dialogs", "settings")


def _plan(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> str:
    rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return " | ".join(row[3] for row in rows)


def _scans(plan: str) -> list[str]:
    """The tables (or their aliases) a plan reads whole."""
    return re.findall(r"SCAN (\w+)", plan)


def _history(conn: sqlite3.Connection) -> None:
    """Ten clinicians, PATIENTS patients with two months of weekly check-ins: most finished,
    one open and one queued each; answers, sent calls, events, visits, digests, alerts."""
    statuses = ["active"] * 17 + ["paused", "stopped", "erased"]
    conn.executemany(
        "INSERT INTO clinicians (name, chat_id, created_at) VALUES (?, ?, '2026-01-01')",
        [(f"Dr {n}", 10 + n) for n in range(10)],
    )
    conn.executemany(
        "INSERT INTO patients (alias, clinician_id, chat_id, timezone, status, created_at)"
        " VALUES (?, ?, ?, 'UTC', ?, '2026-01-01')",
        [(f"P-{n:05d}", 1 + n % 10, 1000 + n, statuses[n % 20]) for n in range(PATIENTS)],
    )
    conn.executemany(
        "INSERT INTO schedules (patient_id, dialog_id, weekdays, local_time, start_date,"
        " created_at, planned_until) VALUES (?, 'weekly', 'mon', '09:00', '2026-01-01',"
        " '2026-01-01', ?)",
        [(1 + n, "2026-03-08" if n % 50 else "2026-02-20") for n in range(PATIENTS)],
    )
    conn.executemany(
        "INSERT INTO appointments (patient_id, at, status, created_at)"
        " VALUES (?, ?, ?, '2026-01-01')",
        [
            (1 + n, f"2026-0{1 + k * 2}-10T10:00:00Z", "scheduled" if k else "cancelled")
            for n in range(PATIENTS)
            for k in range(2)
        ],
    )
    conn.executemany(
        "INSERT INTO checkins (patient_id, dialog_id, dialog_version, slot, due_at, expires_at,"
        " status, invited_at, completed_at, next_reminder_at) VALUES (?, 'weekly', 3, ?, ?, ?,"
        " ?, ?, ?, ?)",
        [_checkin(n, k) for n in range(PATIENTS) for k in range(20)],
    )
    conn.executescript(
        "INSERT INTO answers (checkin_id, patient_id, dialog_id, dialog_version, question_id,"
        " construct, value, answered_at) SELECT id, patient_id, 'weekly', 3, 'q' || q.n, 'mood',"
        " '1', completed_at FROM checkins, (SELECT 1 AS n UNION SELECT 2 UNION SELECT 3) q"
        " WHERE status = 'completed';"
        "INSERT INTO outbox (chat_id, kind, payload, status, not_before, patient_id, checkin_id,"
        " created_at, priority) SELECT 1000 + patient_id, 'text', '{}', 'sent', due_at,"
        " patient_id, id, due_at, 1 FROM checkins WHERE invited_at IS NOT NULL;"
        "INSERT INTO events (kind, at, actor, patient_id) SELECT 'checkin_sent', due_at,"
        " 'system', patient_id FROM checkins;"
        "INSERT INTO digests (patient_id, clinician_id, kind, period_from, period_to, created_at,"
        " delivered_at) SELECT id, clinician_id, k.kind, '2026-01-01', '2026-02-01',"
        " '2026-02-01', '2026-02-01' FROM patients, (SELECT 'scheduled' AS kind"
        " UNION SELECT 'on_demand') k;"
    )
    conn.executemany(
        "INSERT INTO outbox (chat_id, kind, payload, status, not_before, created_at, priority)"
        " VALUES (?, 'text', '{}', 'pending', '2026-03-01T00:00:00Z', '2026-03-01', ?)",
        [(1000 + n, n % 2) for n in range(20)],
    )
    conn.executemany(
        "INSERT INTO alerts (patient_id, category, urgency, tier, source, created_at,"
        " acknowledged_at, next_escalation_at) VALUES (?, 'c', 'crisis', 't', 's', '2026-02-01',"
        " ?, ?)",
        [
            (1 + n, None, "2026-03-01T00:10:00Z") if n % 40 == 0 else (1 + n, "2026-02-02", None)
            for n in range(PATIENTS // 2)
        ],
    )
    conn.executemany(
        "INSERT INTO care_contacts (patient_id, crisis_day, due_at, status)"
        " VALUES (?, '2026-02-01', '2026-02-02T10:00:00Z', ?)",
        [(1 + n, "pending" if n % 30 == 0 else "sent") for n in range(PATIENTS // 4)],
    )
    conn.commit()


def _checkin(patient: int, k: int) -> tuple[object, ...]:
    """The k-th check-in of a patient: finished (or missed) in the past, two open, one queued."""
    due = f"2026-{1 + k // 10:02d}-{1 + (k % 10) * 2:02d}T09:00:00Z"
    ends = f"2026-{1 + k // 10:02d}-{2 + (k % 10) * 2:02d}T09:00:00Z"
    if k == 19:
        return (
            1 + patient,
            f"s{k}",
            "2026-03-02T09:00:00Z",
            "2026-03-03",
            "pending",
            None,
            None,
            None,
        )
    if k >= 17:
        return (1 + patient, f"s{k}", due, ends, "open", due, None, "2026-02-28T12:00:00Z")
    status = "completed" if k % 4 else "missed"
    return (1 + patient, f"s{k}", due, ends, status, due, ends, None)


@pytest.fixture(scope="module", params=["no statistics", "analyzed"])
def clinic(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(tmp_path_factory.mktemp("plans") / "plans.db")
    for migration in discover(MIGRATIONS_DIR):
        conn.executescript(migration.sql)
    _history(conn)
    if request.param == "analyzed":
        conn.execute("ANALYZE")
    yield conn
    conn.close()


def _searched(plan: str) -> None:
    """Every table in the plan but a tiny one is reached through an index."""
    scanned = [t for t in _scans(plan) if t not in TINY]
    assert not scanned, plan


def test_the_next_check_in_of_one_patient_reads_that_patients_rows(
    clinic: sqlite3.Connection,
) -> None:
    plan = _plan(clinic, NEXT_PENDING, (1, "2026-02-01"))
    assert "USING INDEX checkins_patient_due (patient_id=? AND status=? AND due_at>?)" in plan
    assert "TEMP B-TREE" not in plan  # already in due order: no sort of a growing set


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        (checkins.DUE, "checkins_due (status=? AND due_at<?)"),
        (checkins.REMINDERS_DUE, "checkins_reminders (status=? AND next_reminder_at<?)"),
        (checkins.PAST_WINDOW, "checkins_expiry (status=? AND expires_at<?)"),
        (plans.TO_PLAN, "schedules_planning (planned_until<?)"),
        (alerts.TO_ESCALATE, "alerts_to_escalate (next_escalation_at<?)"),
        (alerts.CARE_DUE, "care_contacts_due (due_at<?)"),
        (outbox.DUE, "outbox_pending (status=?)"),
    ],
    ids=["due", "reminders", "past window", "to plan", "escalate", "care", "outbox"],
)
def test_every_sweep_step_reads_only_what_is_due_in_due_order(
    clinic: sqlite3.Connection, sql: str, index: str
) -> None:
    """A sweep step stops at its budget: the rows it takes must come from an index, oldest
    first, without sorting every due row (an outbox sort is of the few pending rows)."""
    plan = _plan(clinic, sql, (NOW, 50))
    assert f"USING INDEX {index}" in plan
    _searched(plan)
    if sql is not alerts.CARE_DUE:  # care contacts pending: a handful a day, sorted or not
        assert "TEMP B-TREE" not in plan


def test_the_sweep_finds_visits_needing_a_digest_without_reading_every_visit(
    clinic: sqlite3.Connection,
) -> None:
    plan = _plan(clinic, digests.NEEDING_DIGEST, (NOW, "2026-03-03T12:00:00Z", 50))
    assert "USING INDEX appointments_upcoming (at>? AND at<?)" in plan
    _searched(plan)


def test_a_digest_reads_one_patients_answers_and_check_ins(clinic: sqlite3.Connection) -> None:
    """The sort in standing answers is of one patient's answers (no index for it: answers are
    written on every tap)."""
    plan = _plan(clinic, digests.STANDING_ANSWERS, (5,))
    assert "USING INDEX answers_patient (patient_id=?)" in plan
    _searched(plan)
    window = ("2026-01-01", "2026-03-01") * 3
    plan = _plan(clinic, digests.CHECKIN_COUNTS, (*window, 5))
    assert "USING INDEX checkins_patient_due (patient_id=?)" in plan
    _searched(plan)


def test_the_staff_list_reads_one_page_and_each_patients_own_rows(
    clinic: sqlite3.Connection,
) -> None:
    """The page walks patients in alias order and stops after LIMIT + OFFSET (the one SCAN, of
    the alias index, no sort); each column reads one patient's rows."""
    plan = _plan(clinic, staff.PATIENT_PAGE, (NOW, NOW, 8, 80))
    assert plan.startswith("SCAN p USING INDEX sqlite_autoindex_patients_1 |"), plan
    assert "TEMP B-TREE" not in plan
    rest = plan.split("|", 1)[1]
    _searched(rest)
    assert "checkins_patient_due (patient_id=? AND status=?)" in rest
    assert "answers_patient (patient_id=?)" in rest
    assert "appointments_patient (patient_id=? AND at>?)" in rest
    one = _plan(clinic, staff.PATIENT_OVERVIEW, (NOW, NOW, 5))
    assert "checkins_patient_due (patient_id=? AND status=?)" in one
    _searched(one)


def test_the_staff_list_counts_patients_in_an_index(clinic: sqlite3.Connection) -> None:
    plan = _plan(clinic, staff.COUNT_PATIENTS, staff._LISTED)
    assert "USING COVERING INDEX patients_status (status=?)" in plan
    _searched(plan)


def test_the_web_patient_list_reads_one_clinicians_patients_in_order(
    clinic: sqlite3.Connection,
) -> None:
    plan = _plan(clinic, web_views.GLANCES, (NOW, 3))
    assert "USING COVERING INDEX patients_clinician_alias (clinician_id=?)" in plan or (
        "USING INDEX patients_clinician_alias (clinician_id=?)" in plan
    )
    assert "TEMP B-TREE" not in plan
    _searched(plan)
    digest = _plan(clinic, web_views.LATEST_DIGEST, (5, *web_views.READ_KINDS))
    assert "USING INDEX digests_patient (patient_id=? AND kind=?)" in digest  # sorts a few
    _searched(digest)


def test_a_scan_of_a_growing_table_is_caught() -> None:
    assert _scans("SCAN c | SEARCH p USING INTEGER PRIMARY KEY (rowid=?)") == ["c"]
    with pytest.raises(AssertionError):
        _searched("SCAN checkins")
    _searched("SCAN dialogs")  # a tiny, fixed-size table may be read whole
