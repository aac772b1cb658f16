"""Urgent alerts to the care team and the caring contacts that follow crisis replies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from bot.domain.alerts import CheckAnswer
from bot.domain.tiers import Risk
from bot.storage.db import Tx
from bot.storage.records import Alert, CareContact, load
from bot.storage.times import iso

# An alert read with its patient's words (NULL once erased or past retention).
_WITH_QUOTE = (
    "SELECT a.*, e.quote AS quote FROM alerts a LEFT JOIN safety_events e"
    " ON e.id = a.safety_event_id"
)


async def add(
    tx: Tx,
    patient_id: int,
    event_id: int | None,
    risk: Risk,
    now: datetime,
    next_escalation: datetime | None,
    asked: bool,
) -> int:
    """Record an alert; returns its id."""
    found = await tx.insert(
        "INSERT INTO alerts (patient_id, safety_event_id, category, urgency, tier, source,"
        " idiomatic, flag, drug, flag_window, created_at, next_escalation_at, check_asked)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            patient_id,
            event_id,
            risk.category,
            risk.urgency,
            risk.tier,
            risk.source,
            int(risk.idiomatic),
            risk.flag,
            risk.drug,
            risk.window,
            iso(now),
            iso(next_escalation) if next_escalation else None,
            int(asked),
        ),
    )
    assert found is not None
    return found


async def by_id(tx: Tx, alert_id: int) -> Alert | None:
    row = await tx.row(f"{_WITH_QUOTE} WHERE a.id = ?", (alert_id,))
    return None if row is None else load(Alert, row)


async def acknowledge(tx: Tx, alert_id: int, by_id: int, by_name: str, now: datetime) -> bool:
    """Mark an alert acknowledged and stop its escalation; False when it already was."""
    changed = await tx.run(
        "UPDATE alerts SET acknowledged_at = ?, acknowledged_by_id = ?,"
        " acknowledged_by_name = ?, next_escalation_at = NULL"
        " WHERE id = ? AND acknowledged_at IS NULL",
        (iso(now), by_id, by_name, alert_id),
    )
    return changed == 1


# (now, limit), as CARE_DUE: read by every sweep.
TO_ESCALATE = (
    f"{_WITH_QUOTE} WHERE a.next_escalation_at <= ? AND a.acknowledged_at IS NULL"
    " ORDER BY a.next_escalation_at, a.id LIMIT ?"
)
CARE_DUE = (
    "SELECT * FROM care_contacts WHERE status = 'pending' AND due_at <= ?"
    " ORDER BY due_at, id LIMIT ?"
)


async def to_escalate(tx: Tx, now: datetime, limit: int) -> list[Alert]:
    """Unacknowledged alerts whose next escalation is due, oldest first."""
    rows = await tx.rows(TO_ESCALATE + tx.dialect.claim("a"), (iso(now), limit))
    return [load(Alert, r) for r in rows]


async def escalated(tx: Tx, alert_id: int, count: int, after: datetime | None) -> None:
    """Count one more escalation; `after`: when the next is due (None: no more)."""
    await tx.run(
        "UPDATE alerts SET escalations = ?, next_escalation_at = ? WHERE id = ?",
        (count, iso(after) if after else None, alert_id),
    )


async def answer_check(tx: Tx, alert_id: int, answer: CheckAnswer, now: datetime) -> bool:
    """The patient's answer to "Are you safe right now?"; "I need help now" replaces "I'm safe",
    never the other way round. False when nothing changed."""
    changed = await tx.run(
        "UPDATE alerts SET check_answer = ?, check_answered_at = ?"
        " WHERE id = ? AND check_asked = 1"
        " AND (check_answer IS NULL OR (check_answer = 'safe' AND ? = 'help'))",
        (answer, iso(now), alert_id, answer),
    )
    return changed == 1


async def for_events(tx: Tx, event_ids: Iterable[int]) -> list[Alert]:
    """The alerts raised by some safety events, oldest first."""
    ids = list(event_ids)
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    rows = await tx.rows(
        f"SELECT * FROM alerts WHERE safety_event_id IN ({marks}) ORDER BY id",  # noqa: S608
        ids,
    )
    return [load(Alert, r) for r in rows]


# Caring contacts


async def add_care(tx: Tx, patient_id: int, crisis_day: date, due: datetime) -> bool:
    """One caring contact per patient-local day of crisis; False when that day has one."""
    found = await tx.insert(
        "INSERT INTO care_contacts (patient_id, crisis_day, due_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (patient_id, crisis_day.isoformat(), iso(due)),
    )
    return found is not None


async def care_due(tx: Tx, now: datetime, limit: int) -> list[CareContact]:
    rows = await tx.rows(CARE_DUE + tx.dialect.claim("care_contacts"), (iso(now), limit))
    return [load(CareContact, r) for r in rows]


async def care_done(tx: Tx, care_id: int, status: str, now: datetime) -> None:
    await tx.run(
        "UPDATE care_contacts SET status = ?, done_at = ? WHERE id = ?",
        (status, iso(now), care_id),
    )


async def care_later(tx: Tx, care_id: int, due: datetime) -> None:
    """A contact that came due inside quiet hours (they changed, or the bot was down) waits."""
    await tx.run("UPDATE care_contacts SET due_at = ? WHERE id = ?", (iso(due), care_id))
