"""What the staff chat reads and remembers: patient overviews and each staff member's form."""

from __future__ import annotations

from datetime import datetime

from bot.domain.lifecycle import STATUSES
from bot.storage.db import Tx
from bot.storage.records import Overview, StaffForm, load
from bot.storage.times import iso

# Each subquery reads one patient's rows. The no-op `|| ''` keeps checkins_expiry (every
# patient's pending check-ins) out of it: without statistics SQLite preferred it, once per
# listed patient. (SQLite's unary + would do the same, but PostgreSQL has no + for text.)
_OVERVIEW = (
    "SELECT p.id, p.alias, p.status, p.timezone,"
    " (SELECT MIN(c.due_at) FROM checkins c WHERE c.patient_id = p.id"
    "  AND c.status = 'pending' AND c.expires_at || '' > ?) AS next_checkin,"
    " (SELECT MAX(a.answered_at) FROM answers a WHERE a.patient_id = p.id) AS last_answer,"
    " (SELECT MIN(ap.at) FROM appointments ap WHERE ap.patient_id = p.id"
    "  AND ap.status = 'scheduled' AND ap.at > ?) AS next_appointment"
    " FROM patients p WHERE p.status != 'erased'"
)


# Listed: every status but erased, named so the count reads the small patients_status index.
_LISTED = tuple(s for s in STATUSES if s != "erased")
_MARKS = ", ".join("?" * len(_LISTED))
COUNT_PATIENTS = f"SELECT COUNT(*) FROM patients WHERE status IN ({_MARKS})"  # noqa: S608
# (now, now, limit, offset): walks patients in alias order and stops after the page.
PATIENT_PAGE = f"{_OVERVIEW} ORDER BY p.alias LIMIT ? OFFSET ?"
PATIENT_OVERVIEW = f"{_OVERVIEW} AND p.id = ?"  # (now, now, patient_id)


async def count_patients(tx: Tx) -> int:
    return int(await tx.value(COUNT_PATIENTS, _LISTED) or 0)


async def patient_page(tx: Tx, now: datetime, limit: int, offset: int) -> list[Overview]:
    """One page of patients by alias, each with its next check-in, last answer, next visit."""
    rows = await tx.rows(PATIENT_PAGE, (iso(now), iso(now), limit, offset))
    return [load(Overview, r) for r in rows]


async def patient_overview(tx: Tx, patient_id: int, now: datetime) -> Overview | None:
    """The same overview for one patient (None if there is none, or it was erased)."""
    row = await tx.row(PATIENT_OVERVIEW, (iso(now), iso(now), patient_id))
    return None if row is None else load(Overview, row)


async def position(tx: Tx, alias: str) -> int:
    """How many listed patients come before this alias: where the list shows it."""
    count = await tx.value(
        "SELECT COUNT(*) FROM patients WHERE status != 'erased' AND alias < ?", (alias,)
    )
    return int(count or 0)


async def form(tx: Tx, staff_id: int) -> StaffForm | None:
    row = await tx.row("SELECT * FROM staff_sessions WHERE staff_id = ?", (staff_id,))
    return None if row is None else load(StaffForm, row)


async def begin(
    tx: Tx, staff_id: int, patient_id: int, awaiting: str | None, now: datetime
) -> int:
    """Start a new form about a patient; returns its flow number (older buttons go stale)."""
    await tx.run(
        "INSERT INTO staff_sessions (staff_id, flow, patient_id, awaiting, updated_at)"
        " VALUES (?, 1, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE"
        " SET flow = staff_sessions.flow + 1, patient_id = excluded.patient_id,"
        " awaiting = excluded.awaiting, dialog_id = NULL,"
        " weekdays = '', local_time = NULL, updated_at = excluded.updated_at",
        (staff_id, patient_id, awaiting, iso(now)),
    )
    return int(await tx.value("SELECT flow FROM staff_sessions WHERE staff_id = ?", (staff_id,)))


_FORM_FIELDS = frozenset({"awaiting", "dialog_id", "weekdays", "local_time"})


async def update(tx: Tx, staff_id: int, now: datetime, **fields: str | None) -> None:
    """Set fields of a staff member's open form (names from a fixed list)."""
    unknown = set(fields) - _FORM_FIELDS
    if unknown:
        raise ValueError(f"not a staff form field: {sorted(unknown)}")
    assignments = "".join(f"{name} = ?, " for name in fields)
    await tx.run(
        f"UPDATE staff_sessions SET {assignments}updated_at = ?"  # noqa: S608 - fixed names
        " WHERE staff_id = ?",
        (*fields.values(), iso(now), staff_id),
    )


async def end(tx: Tx, staff_id: int, now: datetime) -> None:
    """Close the form: its buttons go stale and typed text is no longer taken as input."""
    await tx.run(
        "UPDATE staff_sessions SET patient_id = NULL, awaiting = NULL, dialog_id = NULL,"
        " weekdays = '', local_time = NULL, updated_at = ? WHERE staff_id = ?",
        (iso(now), staff_id),
    )
