"""What storage hands out: frozen records with decoded times, JSON and named statuses.

Nobody above storage reads a column by name; a row becomes a record at this border.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any, Literal, TypeVar, get_args, get_type_hints

from bot.domain import engine
from bot.domain import scheduling as sch
from bot.domain.lifecycle import PausedBy, Status
from bot.domain.outgoing import Delivery, Outgoing, decode_message

# The regimen's records are the domain's own values: a medication, and a change to it (or a
# free-text note from before the regimen was structured).
from bot.domain.regimen import Change as Change
from bot.domain.regimen import Medication as Medication

# A same-day task for the clinician is the domain's own value too.
from bot.domain.screening import Task as Task
from bot.storage.db import Row

CheckinStatus = Literal["pending", "open", "completed", "expired", "missed", "cancelled"]
SendStatus = Literal["pending", "sending", "sent", "failed", "ambiguous"]
Role = Literal["patient", "clinician"]
R = TypeVar("R")


def stored_value(raw: str | None) -> engine.Answer:
    """A stored answer as the engine's value (multi answers come back as tuples)."""
    value = None if raw is None else json.loads(raw)
    return tuple(value) if isinstance(value, list) else value


def quiet(start: str, end: str) -> sch.Quiet:
    """Stored quiet hours ('21:00', '09:00') as the domain's value."""
    return sch.Quiet(sch.parse_time(start), sch.parse_time(end))


def _draft(raw: str | None) -> tuple[str, ...]:
    return tuple(json.loads(raw)) if raw else ()


def _codes(raw: str | None) -> tuple[str, ...]:
    return tuple(json.loads(raw or "[]"))


def _detail(raw: str | None) -> dict[str, Any]:
    return dict(json.loads(raw or "{}"))


def _day(raw: str | None) -> date | None:
    return None if raw is None else date.fromisoformat(raw)


def _decoded(by: Any) -> Any:
    """Field metadata: how a column's text becomes the field's value."""
    return field(default=None, metadata={"decode": by})


Convert = Callable[[Any], Any]
# Per record class, each field with how its column is read: worked out once, not per row (rows
# are loaded by the thousand a second when patients answer).
_PLANS: dict[type, list[tuple[str, Convert | None]]] = {}


def _plan(cls: type) -> list[tuple[str, Convert | None]]:
    plan = _PLANS.get(cls)
    if plan is None:
        hints = get_type_hints(cls)
        plan = [(f.name, _converter(hints[f.name], f.metadata.get("decode"))) for f in fields(cls)]
        _PLANS[cls] = plan
    return plan


def _converter(hint: Any, decode: Convert | None) -> Convert | None:
    if decode is not None:
        return decode
    if hint is datetime or datetime in get_args(hint):
        return _utc
    if hint is bool:
        return _bool
    return None


def _utc(raw: str | None) -> datetime | None:
    return None if raw is None else datetime.fromisoformat(raw).astimezone(UTC)


def _bool(raw: Any) -> bool | None:
    return None if raw is None else bool(raw)


def load(cls: type[R], row: Row) -> R:
    """A record from a row: columns the row lacks keep the field's default."""
    keys = set(row.keys())
    values = {}
    for name, convert in _plan(cls):
        if name in keys:
            raw = row[name]
            values[name] = raw if convert is None else convert(raw)
    return cls(**values)


@dataclass(frozen=True)
class Clinician:
    id: int
    name: str
    language: str
    chat_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class Staff:
    id: int
    telegram_id: int
    name: str
    created_at: datetime | None = None


@dataclass(frozen=True)
class Patient:
    id: int
    alias: str
    clinician_id: int
    timezone: str
    status: Status
    created_at: datetime
    chat_id: int | None = None
    telegram_user_id: int | None = None
    language: str | None = None
    quiet_start: str = "21:00"
    quiet_end: str = "09:00"
    psychotropic_count: int | None = None
    consented_at: datetime | None = None
    paused_by: PausedBy | None = None
    clinician_name: str = ""
    clinician_chat_id: int | None = None
    clinician_language: str = "en"

    @property
    def quiet(self) -> sch.Quiet:
        return quiet(self.quiet_start, self.quiet_end)


@dataclass(frozen=True)
class Invite:
    id: int
    token_hash: str
    role: Role
    created_at: datetime
    expires_at: datetime
    patient_id: int | None = None
    clinician_id: int | None = None
    claimed_by: int | None = None
    claimed_at: datetime | None = None
    redeemed_at: datetime | None = None
    revoked_at: datetime | None = None
    code_hash: str | None = None
    code_tries: int = 0
    code_ok_at: datetime | None = None


@dataclass(frozen=True)
class Checkin:
    id: int
    patient_id: int
    dialog_id: str
    dialog_version: int
    slot: str
    due_at: datetime
    expires_at: datetime
    status: CheckinStatus
    source: str = "schedule"
    opened_at: datetime | None = None
    completed_at: datetime | None = None
    invited_at: datetime | None = None
    next_reminder_at: datetime | None = None
    reminders_sent: int = 0
    draft: tuple[str, ...] = field(default=(), metadata={"decode": _draft})
    prompt_message_id: int | None = None
    appointment_id: int | None = None
    change_id: int | None = None


@dataclass(frozen=True)
class Due:
    """A check-in with what dispatching it needs to know about its patient."""

    checkin: Checkin
    patient_status: Status
    chat_id: int | None
    language: str | None
    timezone: str
    quiet: sch.Quiet
    clinician_id: int


@dataclass(frozen=True)
class Answer:
    id: int
    checkin_id: int
    patient_id: int
    dialog_id: str
    dialog_version: int
    question_id: str
    answered_at: datetime
    construct: str | None = None
    value: engine.Answer = _decoded(stored_value)
    skipped: bool = False
    superseded_at: datetime | None = None


@dataclass(frozen=True)
class Message:
    """Free text a patient wrote outside a check-in question."""

    id: int
    patient_id: int
    text: str
    received_at: datetime


@dataclass(frozen=True)
class Schedule:
    id: int
    patient_id: int
    dialog_id: str
    local_time: str
    start_date: date = _decoded(_day)
    end_date: date | None = _decoded(_day)
    weekdays: str | None = None
    every_days: int | None = None
    planned_until: datetime | None = None
    alias: str = ""
    timezone: str = "UTC"
    quiet_start: str = "21:00"
    quiet_end: str = "09:00"

    @property
    def rule(self) -> sch.Schedule:
        """The stored schedule as the domain's value."""
        return sch.Schedule(
            dialog_id=self.dialog_id,
            weekdays=sch.parse_weekdays(self.weekdays) if self.weekdays else None,
            every_days=self.every_days,
            local_time=sch.parse_time(self.local_time),
            start=self.start_date,
            end=self.end_date,
        )

    @property
    def quiet(self) -> sch.Quiet:
        return quiet(self.quiet_start, self.quiet_end)


@dataclass(frozen=True)
class Appointment:
    id: int
    patient_id: int
    at: datetime
    status: Literal["scheduled", "cancelled"] = "scheduled"
    alias: str = ""
    timezone: str = "UTC"


@dataclass(frozen=True)
class Event:
    """One line of the audit log."""

    id: int
    at: datetime
    kind: str
    actor: str
    patient_id: int | None = None
    clinician_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict, metadata={"decode": _detail})
    alias: str | None = None


@dataclass(frozen=True)
class Outbound:
    """A recorded Telegram call: what it is, where it goes, how far it got."""

    id: int
    chat_id: int
    kind: str
    status: SendStatus
    attempts: int
    not_before: datetime
    message: Outgoing | None = None
    patient_id: int | None = None
    checkin_id: int | None = None
    priority: int = 0
    message_id: int | None = None
    error: str | None = None
    delivery: Delivery = "at_most_once"
    resends: int = 0
    escalated_at: datetime | None = None


@dataclass(frozen=True)
class DigestSent:
    id: int
    patient_id: int
    kind: Literal["scheduled", "on_demand", "intake"]
    period_from: datetime
    period_to: datetime
    clinician_id: int | None = None
    appointment_id: int | None = None
    codes: tuple[str, ...] = _decoded(_codes)
    chat_id: int | None = None
    delivered_at: datetime | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class DigestDue:
    """An appointment inside the lead time whose scheduled digest is not recorded yet."""

    id: int
    patient_id: int
    at: datetime
    clinician_id: int
    clinician_chat_id: int | None = None


@dataclass(frozen=True)
class SafetyEvent:
    id: int
    patient_id: int
    at: datetime
    category: str
    urgency: str
    idiomatic: bool = False
    quote: str | None = None
    checkin_id: int | None = None


@dataclass(frozen=True)
class Alert:
    """An urgent alert to the care team (migrations/0012_alerts.sql)."""

    id: int
    patient_id: int
    category: str
    urgency: Literal["crisis", "medical"]
    tier: str
    source: str
    created_at: datetime
    safety_event_id: int | None = None
    idiomatic: bool = False
    flag: str | None = None
    drug: str | None = None
    flag_window: str | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by_id: int | None = None
    acknowledged_by_name: str | None = None
    escalations: int = 0
    next_escalation_at: datetime | None = None
    check_asked: bool = False
    check_answer: Literal["safe", "help"] | None = None
    check_answered_at: datetime | None = None
    quote: str | None = None  # the patient's words, from its safety event, when read with it


@dataclass(frozen=True)
class CareContact:
    """The caring contact the day after a crisis reply (migrations/0012_alerts.sql)."""

    id: int
    patient_id: int
    crisis_day: str
    due_at: datetime
    status: Literal["pending", "sent", "cancelled"] = "pending"
    done_at: datetime | None = None


@dataclass(frozen=True)
class SafetyPlan:
    patient_id: int
    warning_signs: str | None = None
    helps: str | None = None
    people: str | None = None
    safer: str | None = None
    contacts: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None  # "patient", or the staff member's actor name

    def fields(self) -> dict[str, str | None]:
        return {
            "warning_signs": self.warning_signs,
            "helps": self.helps,
            "people": self.people,
            "safer": self.safer,
            "contacts": self.contacts,
        }


@dataclass(frozen=True)
class Overview:
    """A patient as the staff list shows them."""

    id: int
    alias: str
    status: Status
    timezone: str
    next_checkin: datetime | None = None
    last_answer: datetime | None = None
    next_appointment: datetime | None = None


@dataclass(frozen=True)
class StaffForm:
    """A staff member's open form in their chat."""

    staff_id: int
    flow: int
    patient_id: int | None = None
    awaiting: Literal["time", "appointment"] | None = None
    dialog_id: str | None = None
    weekdays: str = ""
    local_time: str | None = None


@dataclass(frozen=True)
class Counts:
    """Check-ins of a period: sent, answered, missed."""

    sent: int = 0
    answered: int = 0
    missed: int = 0


@dataclass(frozen=True)
class Tally:
    """How many times a signal code was raised in recorded digests ("raised"), or was in a
    hypothesis a clinician judged with a verdict ("fits", "not_fits", "pharmacological")."""

    code: str
    kind: str
    count: int


def outbound(row: Row) -> Outbound:
    """An outbox row with its payload decoded into the message it carries."""
    record = load(Outbound, row)
    message = decode_message(row["kind"], row["payload"]) if row["payload"] != "{}" else None
    return Outbound(**{**record.__dict__, "message": message})


@dataclass(frozen=True)
class WebLink:
    """A single-use sign-in link to the web view, as stored (its token only hashed)."""

    id: int
    telegram_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


@dataclass(frozen=True)
class WebSession:
    """A signed-in browser: who, until when, and the token its forms must carry."""

    id: int
    telegram_id: int
    csrf: str
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None
