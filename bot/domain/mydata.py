"""/mydata's readable file: everything kept about a patient, in their words and language.

Pure. The caller reads the database and passes typed values, with question texts, answers and
check-in titles already translated; this module lays them out as plain text in the patient's
language, dates in the patient's time zone. Nothing is left out: every check-in, answer (an
answer later changed with Back is shown, marked as changed), message, appointment, medicine,
medication change, schedule and safety-plan field; events are shown as what happened and when,
never with database names or question codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, get_day_names
from babel.lists import format_list

from bot.domain.drugs import class_key
from bot.domain.lifecycle import PausedBy, Status
from bot.domain.scheduling import Quiet


class Translate(Protocol):
    """bot.i18n.Translator, as bot.domain.digest.Translate (not imported: it pulls in signals)."""

    def __call__(self, lang: str, key: str, **args: Any) -> str: ...


CheckinStatus = Literal["pending", "open", "completed", "expired", "missed", "cancelled"]
PLAN_FIELDS = ("warning_signs", "helps", "people", "safer", "contacts")
# Audit event kinds that have their own words; any other reads as "something else happened".
EVENT_KINDS = frozenset({
    "alert_acknowledged", "alert_escalated", "care_contact_not_sent", "care_contact_sent",
    "safety_check_answered",
    "appointment_added", "appointment_cancelled", "checkin_completed", "checkin_not_sent",
    "checkin_opened", "checkin_queued", "checkin_sent", "consent_declined", "consent_given",
    "data_exported", "digest_sent", "digest_viewed", "invite_refused", "invite_renewed",
    "invite_voided", "language_changed", "medication_added", "medication_changed",
    "medication_stopped", "patient_added", "patient_erased",
    "patient_paused", "patient_reachable", "patient_resumed", "patient_stopped",
    "patient_unreachable", "patient_updated", "safety_event", "safety_plan_set",
    "schedule_removed", "schedule_set", "staff_chat_action",
})  # fmt: skip
# Events whose own words already say who did it (a safety event is logged as the patient's,
# but it was the service that told the care team: "by you" would say otherwise).
SELF_EVIDENT = frozenset(
    {"alert_acknowledged", "consent_declined", "consent_given", "safety_event"}
)
WHO = ("patient", "staff", "telegram", "system")


@dataclass(frozen=True)
class Patient:
    """The patient's details as stored, with the clinic and clinician by name."""

    alias: str
    clinic: str
    timezone: str
    language: str
    status: Status
    paused_by: PausedBy | None = None
    consented_at: datetime | None = None
    created_at: datetime | None = None
    clinician: str | None = None
    quiet: Quiet | None = None
    chat_id: int | None = None
    telegram_user_id: int | None = None


@dataclass(frozen=True)
class Answer:
    """One answer, with its question, both already in the patient's language."""

    question: str
    answer: str | None  # None: skipped
    answered_at: datetime
    changed: bool = False  # replaced later with Back; shown, marked as changed


@dataclass(frozen=True)
class Checkin:
    """One check-in: its title in the patient's language, what became of it, its answers."""

    title: str
    status: CheckinStatus
    due_at: datetime
    sent_at: datetime | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None  # finished, or when it closed unfinished
    answers: Sequence[Answer] = ()


@dataclass(frozen=True)
class Message:
    """Something the patient wrote outside a check-in."""

    text: str
    received_at: datetime


@dataclass(frozen=True)
class Appointment:
    """An appointment, kept even when cancelled."""

    at: datetime
    cancelled: bool = False


@dataclass(frozen=True)
class Medicine:
    """A medicine of the regimen as staff recorded it; `drug_class` a class code."""

    drug: str
    dose: str
    drug_class: str
    started_at: datetime
    as_needed: bool = False
    stopped_at: datetime | None = None


@dataclass(frozen=True)
class MedicationChange:
    """A medication change as staff or the clinician noted it: a start, dose change or stop of
    one medicine, or (kind "note") a note written before medicines were recorded one by one."""

    at: datetime
    note: str | None
    drug: str | None = None
    kind: str = "note"
    dose_before: str | None = None
    dose_after: str | None = None


@dataclass(frozen=True)
class ScheduleItem:
    """When one check-in is planned: on weekdays or every N days, at a local time."""

    title: str
    weekdays: frozenset[int] | None  # 0 = Monday
    every_days: int | None
    local_time: time
    start: date
    end: date | None = None


@dataclass(frozen=True)
class SafetyPlan:
    """The patient's safety plan, field by field."""

    warning_signs: str | None = None
    helps: str | None = None
    people: str | None = None
    safer: str | None = None
    contacts: str | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None  # "patient", or staff


@dataclass(frozen=True)
class AuditEvent:
    """One entry of the event log: what happened, when, and who did it; no content."""

    at: datetime
    kind: str
    actor: str  # "patient", "staff", "staff:cli", "telegram", "system"...


@dataclass(frozen=True)
class SafetyAlert:
    """A time the care team was alerted, with the words that raised it."""

    at: datetime
    quote: str | None = None


@dataclass(frozen=True)
class Kept:
    """What else is kept: the event log (no content), alerts, summaries, copies of sends."""

    events: Sequence[AuditEvent] = ()
    alerts: Sequence[SafetyAlert] = ()
    summaries: Sequence[datetime] = ()  # summaries prepared for the clinician
    sent_messages: int = 0  # copies of messages the bot sent, kept so none is sent twice


@dataclass(frozen=True)
class MyData:
    """Everything kept about one patient, as the caller read it."""

    patient: Patient
    checkins: Sequence[Checkin] = ()
    messages: Sequence[Message] = ()
    appointments: Sequence[Appointment] = ()
    medicines: Sequence[Medicine] = ()
    medication_changes: Sequence[MedicationChange] = ()
    schedules: Sequence[ScheduleItem] = ()
    safety_plan: SafetyPlan | None = None
    kept: Kept = field(default_factory=Kept)


def render(data: MyData, t: Translate, generated_at: datetime) -> str:
    """The readable copy, as plain text in the patient's language."""
    page = _Page(data.patient, t)
    sections = [
        _header(page, generated_at),
        _about(page),
        _checkins(page, data.checkins),
        _messages(page, data.messages),
        _appointments(page, data.appointments),
        _medicines(page, data.medicines),
        _changes(page, data.medication_changes),
        _schedules(page, data.schedules),
        _plan(page, data.safety_plan),
        _kept(page, data.kept),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections).rstrip() + "\n"


class _Page:
    """The patient's language and zone, and how dates and headings look in them."""

    def __init__(self, patient: Patient, t: Translate) -> None:
        self.patient, self.lang, self._t = patient, patient.language, t
        self.zone = ZoneInfo(patient.timezone)

    def t(self, key: str, **args: object) -> str:
        return self._t(self.lang, key, **args)

    def day(self, moment: datetime) -> str:
        """ "Sunday, March 29, 2026"."""
        return format_date(moment.astimezone(self.zone).date(), "full", locale=self.lang)

    def calendar(self, day: date) -> str:
        """ "March 29, 2026": a date that belongs to no instant (a schedule's start)."""
        return format_date(day, "long", locale=self.lang)

    def short(self, moment: datetime) -> str:
        """ "Mar 29, 2026"."""
        return format_skeleton("yMMMd", moment.astimezone(self.zone), locale=self.lang)

    def clock(self, moment: datetime) -> str:
        return f"{moment.astimezone(self.zone):%H:%M}"

    def when(self, moment: datetime, on: date | None = None) -> str:
        """A date and time; only the time when it falls on the local date `on`."""
        if on is not None and moment.astimezone(self.zone).date() == on:
            return self.clock(moment)
        return f"{self.day(moment)}, {self.clock(moment)}"

    def heading(self, key: str) -> list[str]:
        title = self.t(key)
        return [title, "=" * len(title)]


def _indent(text: str, prefix: str = "  ", first: str | None = None) -> list[str]:
    """Someone's own words, every line indented, so a line break cannot pass for a heading."""
    lines = [prefix + line for line in text.splitlines() or [""]]
    if first is not None:
        lines[0] = first + lines[0][len(prefix) :]
    return lines


def _or_nothing(page: _Page, lines: list[str]) -> list[str]:
    return lines or [page.t("mydata-nothing")]


def _header(page: _Page, generated_at: datetime) -> list[str]:
    made = page.t("mydata-made", date=page.when(generated_at), timezone=page.patient.timezone)
    return [*page.heading("mydata-title"), made, "", page.t("mydata-intro")]


def _about(page: _Page) -> list[str]:
    p = page.patient
    language = Locale.parse(p.language).get_display_name(p.language) or p.language
    lines = [
        page.t("mydata-alias", alias=p.alias),
        page.t("mydata-clinic", clinic=p.clinic),
        page.t("mydata-status", status=page.t(_status_key(p.status, p.paused_by))),
        page.t("mydata-language", language=language[:1].upper() + language[1:]),
        page.t("mydata-timezone", timezone=p.timezone),
    ]
    if p.clinician:
        lines.insert(2, page.t("mydata-clinician", name=p.clinician))
    if p.quiet is not None:
        lines.append(
            page.t("mydata-quiet", start=f"{p.quiet.start:%H:%M}", end=f"{p.quiet.end:%H:%M}")
        )
    if p.created_at is not None:
        lines.append(page.t("mydata-added", date=page.day(p.created_at)))
    if p.consented_at is not None:
        lines.append(page.t("mydata-consented", date=page.when(p.consented_at)))
    if p.chat_id is not None:
        lines.append(page.t("mydata-telegram-chat", number=str(p.chat_id)))
    if p.telegram_user_id is not None:
        lines.append(page.t("mydata-telegram-user", number=str(p.telegram_user_id)))
    return [*page.heading("mydata-section-about"), *lines]


def _status_key(status: Status, paused_by: PausedBy | None) -> str:
    if status == "paused" and paused_by is not None:
        return f"mydata-status-paused-by-{paused_by}"
    return f"mydata-status-{status}"


def _checkins(page: _Page, checkins: Iterable[Checkin]) -> list[str]:
    lines: list[str] = []
    for checkin in sorted(checkins, key=lambda c: (c.sent_at or c.due_at, c.due_at)):
        lines += ["", *_checkin(page, checkin)]
    return [*page.heading("mydata-section-checkins"), *_or_nothing(page, lines[1:])]


def _checkin(page: _Page, c: Checkin) -> list[str]:
    first = c.sent_at or c.due_at
    on = first.astimezone(page.zone).date()
    lines = [page.t("mydata-checkin-heading", title=c.title, date=page.day(first))]
    status = page.t(f"mydata-checkin-status-{c.status}")
    lines.append("  " + page.t("mydata-checkin-state", status=status))
    if c.sent_at is None:
        lines.append("  " + page.t("mydata-checkin-planned", when=page.when(c.due_at, on)))
    for key, moment in (("sent", c.sent_at), ("started", c.started_at)):
        if moment is not None:
            lines.append("  " + page.t(f"mydata-checkin-{key}", when=page.when(moment, on)))
    if c.closed_at is not None:
        key = "mydata-checkin-finished" if c.status == "completed" else "mydata-checkin-closed"
        lines.append("  " + page.t(key, when=page.when(c.closed_at, on)))
    for answer in sorted(c.answers, key=lambda a: a.answered_at):
        lines += _answer(page, answer, on)
    if not c.answers and c.status != "pending":
        lines.append("  " + page.t("mydata-no-answers"))
    return lines


def _answer(page: _Page, a: Answer, on: date) -> list[str]:
    when = page.when(a.answered_at, on)
    key = "mydata-skipped-at" if a.answer is None else "mydata-answered-at"
    stamp = page.t(key, when=when)
    if a.changed:
        stamp = f"{stamp}; {page.t('mydata-changed')}"
    said = [] if a.answer is None else _indent(a.answer, "    ")
    return ["", *_indent(a.question, "    ", first="  • "), *said, f"    ({stamp})"]


def _messages(page: _Page, messages: Iterable[Message]) -> list[str]:
    lines: list[str] = []
    for m in sorted(messages, key=lambda m: m.received_at):
        lines += [page.when(m.received_at), *_indent(m.text), ""]
    return [*page.heading("mydata-section-messages"), *_or_nothing(page, lines[:-1])]


def _appointments(page: _Page, appointments: Iterable[Appointment]) -> list[str]:
    lines = [
        "• " + page.t("mydata-appointment-cancelled" if a.cancelled else "mydata-appointment",
                      when=page.when(a.at))
        for a in sorted(appointments, key=lambda a: a.at)
    ]  # fmt: skip
    return [*page.heading("mydata-section-appointments"), *_or_nothing(page, lines)]


def _medicines(page: _Page, medicines: Iterable[Medicine]) -> list[str]:
    lines: list[str] = []
    for m in sorted(medicines, key=lambda m: (m.stopped_at is not None, m.started_at)):
        key = "mydata-medicine-as-needed" if m.as_needed else "mydata-medicine"
        kind = page.t(class_key(m.drug_class))
        lines.append("• " + page.t(key, drug=m.drug, dose=m.dose, kind=kind))
        start = page.calendar(m.started_at.astimezone(page.zone).date())
        if m.stopped_at is None:
            lines.append("  " + page.t("mydata-medicine-since", start=start))
        else:
            end = page.calendar(m.stopped_at.astimezone(page.zone).date())
            lines.append("  " + page.t("mydata-medicine-between", start=start, end=end))
    return [*page.heading("mydata-section-medicines"), *_or_nothing(page, lines)]


def _changes(page: _Page, changes: Iterable[MedicationChange]) -> list[str]:
    lines: list[str] = []
    for change in sorted(changes, key=lambda c: c.at):
        lines.append(page.day(change.at))
        if change.kind != "note":
            before, after = change.dose_before or "", change.dose_after or ""
            what = page.t(f"regimen-change-{change.kind}", before=before, after=after)
            lines.append("  " + page.t("mydata-change", drug=change.drug or "", what=what))
        if change.note:
            lines += _indent(change.note)
    return [*page.heading("mydata-section-changes"), *_or_nothing(page, lines)]


def _schedules(page: _Page, schedules: Iterable[ScheduleItem]) -> list[str]:
    lines = [_schedule(page, s) for s in sorted(schedules, key=lambda s: (s.start, s.title))]
    return [*page.heading("mydata-section-schedules"), *_or_nothing(page, lines)]


def _schedule(page: _Page, s: ScheduleItem) -> str:
    at = f"{s.local_time:%H:%M}"
    if s.weekdays is not None:
        names = get_day_names("wide", locale=page.lang)
        days = format_list([names[d] for d in sorted(s.weekdays)], locale=page.lang)
        rule = page.t("mydata-schedule-days", title=s.title, days=days, time=at)
    else:
        rule = page.t("mydata-schedule-every", title=s.title, count=s.every_days or 1, time=at)
    if s.end is None:
        span = page.t("mydata-schedule-from", start=page.calendar(s.start))
    else:
        start, end = page.calendar(s.start), page.calendar(s.end)
        span = page.t("mydata-schedule-between", start=start, end=end)
    return f"• {rule} ({span})"


def _plan(page: _Page, plan: SafetyPlan | None) -> list[str]:
    lines: list[str] = []
    if plan is not None:
        for name in PLAN_FIELDS:
            value = getattr(plan, name)
            label = page.t("safety-plan-" + name.replace("_", "-"))
            text = value or page.t("mydata-plan-empty")
            lines += [f"{label}:", *_indent(text), ""]
        if plan.updated_at is not None:
            who = "patient" if plan.updated_by == "patient" else "staff"
            lines.append(page.t(f"mydata-plan-updated-by-{who}", date=page.day(plan.updated_at)))
    return [*page.heading("mydata-section-plan"), *_or_nothing(page, lines)]


def _kept(page: _Page, kept: Kept) -> list[str]:
    lines = [page.t("mydata-kept-log"), ""]
    lines += _events(page, kept.events) or [page.t("mydata-nothing")]
    if kept.alerts:
        lines += ["", page.t("mydata-kept-alerts")]
        for alert in sorted(kept.alerts, key=lambda a: a.at):
            lines.append("• " + page.when(alert.at))
            if alert.quote:
                lines += _indent(page.t("mydata-kept-alert-quote", quote=alert.quote), "    ")
    if kept.summaries:
        dates = "; ".join(page.short(d) for d in sorted(kept.summaries))
        lines += ["", page.t("mydata-kept-summaries", dates=dates)]
    if kept.sent_messages:
        lines += ["", page.t("mydata-kept-sent", count=kept.sent_messages)]
    return [*page.heading("mydata-section-kept"), *lines]


def _events(page: _Page, events: Iterable[AuditEvent]) -> list[str]:
    """One line per kind of event and who did it, with every date it happened."""
    groups: dict[tuple[str, str], list[datetime]] = {}
    for event in sorted(events, key=lambda e: e.at):
        kind = event.kind if event.kind in EVENT_KINDS else "other"
        groups.setdefault((kind, _who(event.actor)), []).append(event.at)
    return [_event_line(page, kind, who, moments) for (kind, who), moments in groups.items()]


def _event_line(page: _Page, kind: str, who: str, moments: list[datetime]) -> str:
    what = page.t("mydata-event-" + kind.replace("_", "-"))
    dates = "; ".join(page.short(m) for m in moments)
    if kind in SELF_EVIDENT:
        return "• " + page.t("mydata-kept-log-plain", what=what, count=len(moments), dates=dates)
    who_words = page.t(f"mydata-who-{who}")
    line = page.t(
        "mydata-kept-log-line", what=what, who=who_words, count=len(moments), dates=dates
    )
    return "• " + line


def _who(actor: str) -> str:
    """ "staff:cli" -> "staff"; clinicians count as the care team."""
    head = actor.split(":", 1)[0]
    if head == "clinician":
        return "staff"
    return head if head in WHO else "system"
