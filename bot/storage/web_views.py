"""What the clinician's web pages read: their patients at a glance, a patient's whole answer
history page by page, their alerts, the latest digest and the verdicts given on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.lifecycle import PausedBy, Status
from bot.storage.db import Tx
from bot.storage.records import Alert, Answer, DigestSent, load
from bot.storage.times import iso

# The digests a clinician reads as "the latest": sent before a visit, or asked for. (The intake
# summary is a digest of another shape.)
READ_KINDS = ("scheduled", "on_demand")


@dataclass(frozen=True)
class Glance:
    """One of a clinician's patients as their list shows it."""

    id: int
    alias: str
    status: Status
    timezone: str
    paused_by: PausedBy | None = None
    last_answer: datetime | None = None
    next_appointment: datetime | None = None
    open_alerts: int = 0


# (now, clinician_id): the clinician's patients through patients_clinician_alias, in order.
GLANCES = (
    "SELECT p.id, p.alias, p.status, p.timezone, p.paused_by,"
    " (SELECT MAX(a.answered_at) FROM answers a WHERE a.patient_id = p.id) AS last_answer,"
    " (SELECT MIN(ap.at) FROM appointments ap WHERE ap.patient_id = p.id"
    "  AND ap.status = 'scheduled' AND ap.at > ?) AS next_appointment,"
    " (SELECT COUNT(*) FROM alerts al WHERE al.patient_id = p.id"
    "  AND al.acknowledged_at IS NULL) AS open_alerts"
    " FROM patients p WHERE p.clinician_id = ? ORDER BY p.alias"
)


async def glances(tx: Tx, clinician_id: int, now: datetime) -> list[Glance]:
    """A clinician's patients by alias, each with their last answer, next visit and how many
    alerts nobody has acknowledged (erased ones too, with nothing of theirs)."""
    return [load(Glance, r) for r in await tx.rows(GLANCES, (iso(now), clinician_id))]


async def answers(tx: Tx, patient_id: int, limit: int, offset: int) -> list[Answer]:
    """One page of a patient's answers, newest first, the ones later replaced too."""
    rows = await tx.rows(
        "SELECT * FROM answers WHERE patient_id = ? ORDER BY answered_at DESC, id DESC"
        " LIMIT ? OFFSET ?",
        (patient_id, limit, offset),
    )
    return [load(Answer, r) for r in rows]


async def answer_count(tx: Tx, patient_id: int) -> int:
    return int(await tx.value("SELECT COUNT(*) FROM answers WHERE patient_id = ?", (patient_id,)))


async def alerts(tx: Tx, patient_id: int) -> list[Alert]:
    """Every alert about a patient, newest first, with the words that raised it (None once
    erased or past retention)."""
    rows = await tx.rows(
        "SELECT a.*, e.quote AS quote FROM alerts a LEFT JOIN safety_events e"
        " ON e.id = a.safety_event_id WHERE a.patient_id = ?"
        " ORDER BY a.created_at DESC, a.id DESC",
        (patient_id,),
    )
    return [load(Alert, r) for r in rows]


# (patient_id, *READ_KINDS): asked once per listed patient; sorts one patient's few digests.
LATEST_DIGEST = (
    "SELECT * FROM digests WHERE patient_id = ? AND kind IN (?, ?)"
    " ORDER BY created_at DESC, id DESC LIMIT 1"
)


async def latest_digest(tx: Tx, patient_id: int) -> DigestSent | None:
    """The patient's most recent digest sent before a visit or asked for."""
    row = await tx.row(LATEST_DIGEST, (patient_id, *READ_KINDS))
    return None if row is None else load(DigestSent, row)


async def verdicts(tx: Tx, digest_id: int, clinician_id: int) -> dict[str, str]:
    """The clinician's verdict on each hypothesis of a digest they judged, by its key."""
    rows = await tx.rows(
        "SELECT hypothesis, verdict FROM hypothesis_feedback WHERE digest_id = ?"
        " AND clinician_id = ?",
        (digest_id, clinician_id),
    )
    return {str(r["hypothesis"]): str(r["verdict"]) for r in rows}
