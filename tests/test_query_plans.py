"""Hot queries read through an index, whatever SQLite knows of the data (issue 14): without
statistics (no ANALYZE yet) and with them, on a clinic where most patients have check-ins."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import MIGRATIONS_DIR
from bot.storage.checkins import NEXT_PENDING
from bot.storage.migrate import discover


def _plan(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> str:
    rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return " | ".join(row[3] for row in rows)


@pytest.fixture(params=["no statistics", "analyzed"])
def clinic(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(tmp_path / "plans.db")
    for migration in discover(MIGRATIONS_DIR):
        conn.executescript(migration.sql)
    if request.param == "analyzed":
        conn.execute("INSERT INTO clinicians (name, created_at) VALUES ('Dr A', '2026-01-01')")
        conn.executemany(
            "INSERT INTO patients (alias, clinician_id, timezone, created_at)"
            " VALUES (?, 1, 'UTC', '2026-01-01')",
            [(f"P-{n}",) for n in range(300)],
        )
        conn.executemany(
            "INSERT INTO checkins (patient_id, dialog_id, dialog_version, slot, due_at,"
            " expires_at) VALUES (?, 'weekly', 3, ?, ?, ?)",
            [
                (1 + n % 300, f"s{n}", f"2026-02-{1 + n % 28:02d}", "2026-03-01")
                for n in range(3000)
            ],
        )
        conn.execute("ANALYZE")
    yield conn
    conn.close()


def test_the_next_check_in_of_one_patient_reads_that_patients_rows(
    clinic: sqlite3.Connection,
) -> None:
    plan = _plan(clinic, NEXT_PENDING, (1, "2026-02-01"))
    assert "USING INDEX checkins_patient_due (patient_id=? AND status=? AND due_at>?)" in plan
    assert "TEMP B-TREE" not in plan  # already in due order: no sort of a growing set
