"""The clinician's pre-visit digest: the model the caller builds, its stable JSON, and its view.

Pure: the caller reads the database and passes everything in, `generated_at` included.
`to_json` is the stable format of issue 5; `view` localises everything once so the renderers in
bot.domain.digest_render (terminal text, an HTML page, Telegram messages) only lay it out.
The chart's data is bot.domain.charting's (re-exported here); bot.services.chart draws it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, NamedTuple, Protocol
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal

from bot.domain.charting import ChartSeries as ChartSeries  # re-exported: moved in issue 11
from bot.domain.charting import chart_labels as chart_labels
from bot.domain.charting import chart_series as chart_series
from bot.domain.charting import local_day
from bot.domain.constructs import CONSTRUCTS, QType
from bot.domain.drugs import class_key
from bot.domain.hypotheses import SHOWN, Hypothesis, Point
from bot.domain.redflags import describe
from bot.domain.regimen import Change, Medication
from bot.domain.screening import Task
from bot.domain.signals import (
    Handling,
    NotAsked,
    Observation,
    SafetyEvent,
    Signal,
    label_id,
    message_id,
)
from bot.domain.telegram_text import clip

Source = Literal["note", "pre_visit", "untold", "message"]
AGENDA: tuple[Source, ...] = ("pre_visit", "untold")  # the pre-visit's words: the visit's agenda
Evidence = Observation | SafetyEvent
QuestionTexts = Mapping[tuple[str, str], str] | Callable[[str, str], "str | None"]
Describe = Callable[[Observation], "str | None"]  # None: no better words than the generic

MOOD, OTHER_MEDICINES = "mood.level", "other.medicines"
SAFETY = "safety_event"
LABEL_ROOM = 60  # a question shown as an evidence label when no construct names it: clipped
OPTION = re.compile(r"[a-z][a-z0-9_]*")  # how an option value looks, unlike free text
WORDS = frozenset({"yes", "no", "not_sure"})
MARK = re.compile("\x00([0-9]+)\x00")
# Alerts raised other than by typed words say how, in the digest's safety section.
HANDLING_SOURCES = {
    "plan": "digest-alert-in-plan",
    "help_now": "digest-alert-help-now",
    "button": "digest-alert-button",
    "screening": "digest-alert-screening",
}


class Translate(Protocol):
    """bot.i18n.Translator, or anything that formats a locale message the same way."""

    def __call__(self, lang: str, key: str, **args: Any) -> str: ...

    def has(self, lang: str, key: str) -> bool: ...


# --- the model the caller builds -------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """How the patient responded to the check-ins sent in the period."""

    sent: int
    answered: int
    missed: int
    paused: int = 0  # times check-ins were paused; True counts as once
    unreachable: bool = False  # blocked the bot or left: said plainly, never left implicit


class Note(NamedTuple):
    """Something the patient wrote in their own words; a plain (at, text, source) tuple works."""

    at: datetime
    text: str
    source: Source = "note"


@dataclass(frozen=True)
class RegimenPart:
    """The regimen as the digest shows it: what is taken at its end, what changed in it."""

    active: Sequence[Medication] = ()
    changes: Sequence[Change] = ()  # dated in the period
    psychotropics: int | None = None  # the count the polypharmacy rule read
    counted_by_staff: bool = False  # that count is staff's (patient set --psychotropics)


@dataclass(frozen=True)
class Digest:
    """Everything one digest shows; signals trend-labelled, in the order they are shown."""

    patient: str
    lang: str  # the clinician's language
    generated_at: datetime
    period_from: datetime
    period_to: datetime
    timezone: str  # the patient's zone: every time is shown there
    appointment: datetime | None
    response: Response
    signals: Sequence[Signal]
    resolved: Sequence[str] = ()  # gone, and asked again in the period
    not_asked: Sequence[NotAsked] = ()  # gone only because not asked again: not resolved
    notes: Sequence[Note] = ()
    questions: QuestionTexts = field(default_factory=dict)  # (dialog, question) -> text
    chart: ChartSeries = ChartSeries()
    describe: Describe | None = None  # a readable answer; the fallback is generic
    regimen: RegimenPart = RegimenPart()
    tasks: Sequence[Task] = ()  # open at generated_at: shown first, until marked done
    words_lang: str | None = None  # the patient's language: their quotes are marked when not lang
    hypotheses: Sequence[Hypothesis] = ()  # the signals grouped, in clinical priority
    mood: Sequence[tuple[datetime, int]] = ()  # the daily mood answers (mood.level) in the period
    other_medicines: Note | None = None  # the latest other.medicines answer ever given

    def __post_init__(self) -> None:
        moments = (self.generated_at, self.period_from, self.period_to, self.appointment)
        # A naive time would be read in the server's zone: wrong for the patient, and impure.
        if any(m is not None and m.utcoffset() is None for m in moments):
            raise ValueError("digest times must be timezone-aware")
        ZoneInfo(self.timezone)  # an unknown zone fails here, not halfway through rendering


# --- the stable JSON (issue 5, item 4) -------------------------------------------------------


def to_json(d: Digest, t: Translate) -> dict[str, Any]:
    """The digest in the stable JSON format, summaries and suggestions in the clinician's words.

    Keys are only ever added (issue 11 added `hypotheses`, `other_medicines` and `mood`), never
    removed or renamed: `signals` still lists every raised code with its evidence."""
    say = _Say(d, t)
    return {
        "patient": d.patient,
        "generated_at": _iso(d.generated_at, d.timezone),
        "period": {"from": _iso(d.period_from, d.timezone), "to": _iso(d.period_to, d.timezone)},
        "appointment": _iso(d.appointment, d.timezone) if d.appointment else None,
        "response": {k: getattr(d.response, k) for k in ("sent", "answered", "missed")},
        "signals": [_signal_json(s, d, t) for s in d.signals],
        "notes": [  # "lang" and "source" added in issue 11: "pre_visit" and "untold" are
            # the visit's agenda; lang is the language the patient writes in, if known
            {"at": _iso(n.at, d.timezone), "text": n.text, "lang": d.words_lang}
            | {"source": n.source}
            for n in map(_note, d.notes)
        ],
        "resolved": list(d.resolved),
        "not_asked": [  # added in issue 11: gone from the signals, but not asked again
            {"code": n.code, "last_asked": _iso(n.since, d.timezone) if n.since else None}
            for n in d.not_asked
        ],
        "regimen": _regimen_json(d.regimen, d.timezone),
        "tasks": [  # added in issue 10: the same-day tasks still open
            {"kind": k.kind, "created_at": _iso(k.created_at, d.timezone)}
            | {"due_at": _iso(k.due_at, d.timezone)}
            for k in d.tasks
        ],
        "hypotheses": [  # added in issue 11: the signals grouped, in clinical priority
            _hypothesis_json(say.hypothesis(h), i < SHOWN) for i, h in enumerate(d.hypotheses)
        ],
        "other_medicines": (  # added in issue 11: the latest answer ever given, or null
            {"at": _iso(m.at, d.timezone), "text": m.text, "lang": d.words_lang}
            if (m := d.other_medicines) is not None
            else None
        ),
        "mood": _mood_json(d.mood, d.timezone),  # added in issue 11: the daily mood, or null
    }


def _hypothesis_json(h: HypothesisView, shown: bool) -> dict[str, Any]:
    """One hypothesis as rendered: its codes, compact evidence and one opening question."""
    keys = {"key": h.key, "title": h.title, "severity": h.severity, "codes": list(h.codes)}
    return keys | {"points": list(h.points), "question": h.question, "shown": shown}


def _mood_json(mood: Sequence[tuple[datetime, int]], zone: str) -> dict[str, Any] | None:
    """The daily mood's answers in the period: how many days, mean, range, the latest."""
    m = _mood(mood, zone)
    if m is None:
        return None
    latest_at, latest = m.latest
    return {"days": m.days, "answers": m.answers, "mean": m.mean, "min": m.low, "max": m.high} | {
        "latest": {"at": _iso(latest_at, zone), "value": latest}
    }


class Mood(NamedTuple):
    days: int
    answers: int
    mean: float
    low: int
    high: int
    latest: tuple[datetime, int]


def _mood(mood: Sequence[tuple[datetime, int]], zone: str) -> Mood | None:
    """A period's mood answers summed up; None without any."""
    if not mood:
        return None
    values = [v for _, v in mood]
    days = len({local_day(at, zone) for at, _ in mood})
    mean = round(sum(values) / len(values), 1)
    return Mood(days, len(values), mean, min(values), max(values), max(mood, key=lambda m: m[0]))


def _regimen_json(r: RegimenPart, zone: str) -> dict[str, Any]:
    """Active medications and the period's changes; dates are the patient's local dates."""
    active = [
        {"drug": m.drug, "class": m.drug_class, "dose": m.dose, "as_needed": m.as_needed}
        | {"started": local_day(m.started_at, zone).isoformat()}
        for m in r.active
    ]
    changes = [
        {"date": local_day(c.at, zone).isoformat(), "drug": c.drug, "class": c.drug_class}
        | {"kind": c.kind, "dose_before": c.dose_before, "dose_after": c.dose_after}
        | {"note": c.note}
        for c in r.changes
    ]
    count = {"psychotropic_count": r.psychotropics, "counted_by_staff": r.counted_by_staff}
    return {"active": active, "changes": changes, **count}


def _signal_json(s: Signal, d: Digest, t: Translate) -> dict[str, Any]:
    """One signal with its rendered texts and its evidence."""
    return {
        "code": s.code,
        "category": s.category,
        "severity": s.severity,
        "principle": s.principle,
        "trend": s.trend,
        "summary": t(d.lang, s.summary_key, **s.args),
        "suggestion": t(d.lang, s.suggestion_key, **s.args),
        "evidence": [_evidence_json(e, d.timezone) for e in s.evidence],
    }


def _evidence_json(e: Evidence, zone: str) -> dict[str, Any]:
    """An answer as stored, or a safety event as its quote (its kind when nothing was quoted)."""
    if isinstance(e, SafetyEvent):
        keys: dict[str, Any] = dict.fromkeys(("dialog", "question", "construct"))
        item = {"at": _iso(e.at, zone), **keys, "answer": e.quote or e.kind}
        if e.alerts:  # added in issue 10: absent for events from before alerts were recorded
            item["alerts"] = [_handling_json(h, zone) for h in e.alerts]
        return item
    answer = list(e.value) if isinstance(e.value, tuple | list) else e.value
    keys = {"dialog": e.dialog, "question": e.question, "construct": e.construct}
    return {"at": _iso(e.at, zone), **keys, "answer": answer}


def _handling_json(h: Handling, zone: str) -> dict[str, Any]:
    """What became of one alert: acknowledged by whom and when, escalations, the safe check."""
    at = h.acknowledged_at
    return {
        "source": h.source,
        "acknowledged_at": _iso(at, zone) if at else None,
        "acknowledged_by": h.acknowledged_by,
        "escalations": h.escalations,
        "safe_check": (h.check or "unanswered") if h.asked else None,
    }


def _iso(moment: datetime, zone: str) -> str:
    """ISO 8601 with the patient's offset, to the second."""
    return moment.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")


def _note(note: Note | tuple[Any, ...]) -> Note:
    """A caller's (at, text, source) tuple as a Note."""
    return note if isinstance(note, Note) else Note(*note)


# --- the localised view the renderers lay out ------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One dated entry: an answer, a safety quote, or the patient's words."""

    when: str
    label: str  # what was measured, the kind of safety event, or where a note came from
    text: str  # the readable answer, or the patient's words as written
    shown: str  # the text as shown inline: the patient's words in quotation marks
    quoted: bool  # the patient's own words


@dataclass(frozen=True)
class SignalView:
    """One signal, localised."""

    code: str
    severity: str
    title: str
    meta: str  # severity · trend · category · principle
    summary: str
    suggestion: str
    evidence: tuple[Line, ...]


@dataclass(frozen=True)
class HypothesisView:
    """One hypothesis, localised: what to explore, the compact evidence, one opening question."""

    key: str
    codes: tuple[str, ...]
    severity: str
    title: str
    meta: str  # severity · trend
    findings: tuple[str, ...]  # the grouped signals by name, when there is more than one
    points: tuple[str, ...]  # compact evidence, one line each
    question: str
    asking: str  # its label: "Opening question", or "To explore" for a signal's suggestion


@dataclass(frozen=True)
class View:
    """The whole digest as localised strings, in the order it is read: the visit plan first
    (safety, the patient's agenda, the regimen, other medicines, up to three hypotheses), then
    what is also noted, the daily mood, the check-ins, other words, and the full evidence."""

    lang: str
    patient: str
    title: str
    period: str
    appointment: str
    generated: str
    tasks: tuple[str, ...]  # open same-day tasks, read first
    safety: SignalView | None  # risk statements and red flags, with what became of the alerts
    agenda: tuple[Line, ...]  # the pre-visit's words: what to talk about, what was not said
    regimen: tuple[str, ...]  # the medications taken at the period's end
    regimen_changes: tuple[str, ...]  # the changes dated in the period
    other_medicines: Line | None  # what else the patient said they take, dated
    hypotheses: tuple[HypothesisView, ...]  # at most SHOWN, in clinical priority
    also_noted: tuple[str, ...]  # the other hypotheses, signals not asked since, resolved
    mood: str | None  # the daily mood in one line
    response: tuple[str, ...]
    unreachable: str | None
    signals: tuple[SignalView, ...]  # every signal with its evidence: the full record
    resolved: str | None
    not_asked: tuple[str, ...]  # previous signals not asked since: neither gone nor resolved
    words: tuple[Line, ...]  # the patient's other words: notes and messages
    closing: str


def view(d: Digest, t: Translate) -> View:
    """The digest localised for the clinician, ready to lay out."""
    say = _Say(d, t)
    notes = [_note(n) for n in d.notes]
    hypotheses = [say.hypothesis(h) for h in d.hypotheses]
    signals = tuple(say.signal(s) for s in d.signals)
    resolved, not_asked = say.resolved(), tuple(say.not_asked(n) for n in d.not_asked)
    also = tuple(
        say("digest-also-hypothesis", title=h.title, meta=h.meta) for h in hypotheses[SHOWN:]
    )
    return View(
        lang=d.lang,
        patient=d.patient,
        title=say.fill("digest-title", patient=d.patient),
        period=say("digest-period", start=say.day(d.period_from), end=say.day(d.period_to)),
        appointment=say.appointment(),
        generated=say("digest-generated", when=say.stamp(d.generated_at), zone=d.timezone),
        tasks=tuple(say.task(k) for k in d.tasks),
        safety=next((s for s in signals if s.code == SAFETY), None),
        agenda=tuple(say.note(n) for n in notes if n.source in AGENDA),
        regimen=say.regimen(),
        regimen_changes=tuple(say.change(c) for c in d.regimen.changes),
        other_medicines=say.other_medicines(),
        hypotheses=tuple(hypotheses[:SHOWN]),
        also_noted=also + not_asked + ((resolved,) if resolved else ()),
        mood=say.mood(),
        response=say.response(),
        unreachable=say("digest-response-unreachable") if d.response.unreachable else None,
        signals=signals,
        resolved=resolved,
        not_asked=not_asked,
        words=say.words([n for n in notes if n.source not in AGENDA]),
        closing=say("digest-closing"),
    )


class _Say:
    """Localises the parts of one digest: dates in the patient's zone, answers made readable."""

    def __init__(self, d: Digest, t: Translate) -> None:
        self.d, self.t, self.zone = d, t, ZoneInfo(d.timezone)

    def __call__(self, key: str, **args: Any) -> str:
        return self.t(self.d.lang, key, **args)

    def fill(self, key: str, **data: str) -> str:
        """A message around text of any length: Fluent refuses a placeable over 1,000 chars."""
        values = list(data.values())
        text = self(key, **{name: f"\x00{i}\x00" for i, name in enumerate(data)})
        # One pass, so a marker inside the patient's own text is never expanded.
        return MARK.sub(lambda m: values[int(m[1])], text)

    def line(self, when: datetime, label: str, text: str, quoted: bool) -> Line:
        """A dated entry; the patient's words get the language's quotation marks, and their
        language, e.g. "(ru)", when it is not the clinician's."""
        shown = self.quote(text) if quoted else text
        return Line(self.when(when), label, text, shown, quoted)

    def quote(self, text: str) -> str:
        """The patient's words in quotation marks, marked with their language when it is not
        the clinician's."""
        other = self.d.words_lang
        if other and other != self.d.lang:
            return self.fill("digest-quote-lang", text=text, language=other)
        return self.fill("digest-quote", text=text)

    def day(self, moment: datetime) -> str:
        """A date, e.g. "Mar 2, 2026"."""
        return format_date(moment.astimezone(self.zone), "medium", locale=self.d.lang)

    def stamp(self, moment: datetime) -> str:
        """A date and time, e.g. "Mar 2, 2026, 9:05 AM"."""
        local = moment.astimezone(self.zone)
        return f"{self.day(local)}, {format_time(local, 'short', locale=self.d.lang)}"

    def when(self, moment: datetime) -> str:
        """A short date and time within the period, e.g. "Mon, Mar 2, 9:05 AM"."""
        local = moment.astimezone(self.zone)
        day = format_skeleton("MMMEd", local, locale=self.d.lang)
        return f"{day}, {format_time(local, 'short', locale=self.d.lang)}"

    def appointment(self) -> str:
        """The appointment this digest prepares, or that it was asked for without one."""
        a = self.d.appointment
        if a is None:
            return self("digest-no-appointment")
        local = a.astimezone(self.zone)
        time = format_time(local, "short", locale=self.d.lang)
        return self(
            "digest-appointment", when=f"{format_date(local, 'full', locale=self.d.lang)}, {time}"
        )

    def task(self, k: Task) -> str:
        """ "Contact within 24 hours: … (Mon, Mar 2, 9:05 AM). Due by …"."""
        key = f"digest-task-{k.kind.replace('_', '-')}"
        head = self(key, when=self.when(k.created_at), due=self.when(k.due_at))
        return " · ".join([head, *describe(self.t, self.d.lang, k.flag, k.drug, k.flag_window)])

    def response(self) -> tuple[str, ...]:
        """Sent, answered, missed; and the pauses, when there were any."""
        r = self.d.response
        lines = [self("digest-response-counts", sent=r.sent, answered=r.answered, missed=r.missed)]
        if int(r.paused):
            lines.append(self("digest-response-paused", count=int(r.paused)))
        return tuple(lines)

    def regimen(self) -> tuple[str, ...]:
        """Each medication taken at the period's end, and staff's own count when they set one."""
        r = self.d.regimen
        lines = [self.medication(m) for m in r.active] or [self("digest-regimen-none")]
        if r.counted_by_staff and r.psychotropics is not None:
            lines.append(self("digest-regimen-staff-count", count=r.psychotropics))
        return tuple(lines)

    def medication(self, m: Medication) -> str:
        """ "sertraline, 100 mg (antidepressant (SSRI)), since Mar 2, 2026"."""
        key = "digest-regimen-as-needed" if m.as_needed else "digest-regimen-active"
        kind, since = self(class_key(m.drug_class)), self.day(m.started_at)
        return self.fill(key, drug=m.drug, dose=m.dose, kind=kind, since=since)

    def change(self, c: Change) -> str:
        """ "Mar 5, 2026 · sertraline: dose raised: 50 mg → 100 mg · “note”"."""
        when, note = self.day(c.at), self.fill("digest-quote", text=c.note or "")
        if c.kind == "note":  # written before the regimen: the note is all there is
            return self.fill("digest-regimen-note", when=when, note=note)
        doses = {"before": c.dose_before or "", "after": c.dose_after or ""}
        what = self.fill(f"regimen-change-{c.kind}", **doses)
        text = self.fill("digest-regimen-change", when=when, drug=c.drug or "", what=what)
        return f"{text} · {note}" if c.note else text

    def other_medicines(self) -> Line | None:
        """What else the patient said they take, in their words, with the date they said it."""
        m = self.d.other_medicines
        if m is None:
            return None
        return Line(
            self.day(m.at),
            self("digest-other-medicines-heading"),
            m.text,
            self.quote(m.text),
            True,
        )

    def mood(self) -> str | None:
        """ "Daily mood: average 6.2/10 (3–8), latest 4 on Mar 29; answered on 18 days"."""
        m = _mood(self.d.mood, self.d.timezone)
        if m is None:
            return None
        latest_at, latest = m.latest
        mean = format_decimal(m.mean, locale=self.d.lang)
        return self(
            "digest-mood",
            mean=mean,
            low=m.low,
            high=m.high,
            latest=latest,
            when=self.day(latest_at),
            days=m.days,
        )

    def hypothesis(self, h: Hypothesis) -> HypothesisView:
        """One hypothesis: its own title and question when the locale has them, else its lead
        signal's title and suggestion (a clinic's own signal still reads); its points, else
        each grouped signal's summary."""
        lead = h.signals[0]
        own = self.t.has(self.d.lang, h.title_key) and self.t.has(self.d.lang, h.question_key)
        title = self(h.title_key) if own else self(lead.title_key)
        question = self(h.question_key) if own else self(lead.suggestion_key, **lead.args)
        points = [p for p in map(self.point, h.points) if p]
        if not points:
            points = [self(s.summary_key, **s.args) for s in h.signals]
        labels = [self(label_id("severity", h.severity)), self(label_id("trend", lead.trend))]
        findings = [self(s.title_key) for s in h.signals] if len(h.signals) > 1 else []
        return HypothesisView(
            key=h.key,
            codes=h.codes,
            severity=h.severity,
            title=title,
            meta=" · ".join(label for label in labels if label),
            findings=tuple(findings),
            points=tuple(points),
            question=question,
            asking=self("digest-question-label" if own else "digest-suggestion-label"),
        )

    def point(self, p: Point) -> str | None:
        """A line of compact evidence in the clinician's words (its option values in
        hypotheses.ftl's short labels); None when the catalogs lack it."""
        if not self.t.has(self.d.lang, p.key):
            return None
        if isinstance(words := p.args.get("words"), str):  # the patient's own, marked as such
            p = replace(p, args={**p.args, "words": self.quote(words)})
        return p.text(self.known)

    def known(self, key: str, args: Mapping[str, Any]) -> str:
        """A message, or for a label the catalogs lack (a clinic's own option value) its id
        without the common prefix: a missing word never stops the digest."""
        if self.t.has(self.d.lang, key):
            return self(key, **args)
        return key.removeprefix("hypothesis-value-")

    def signal(self, s: Signal) -> SignalView:
        """One signal with its labels, texts and evidence."""
        # The principle ("P4") is in the JSON: a reader needs it in words, which the
        # suggestion gives.
        labels = [self(label_id(k, v)) for k, v in (("severity", s.severity), ("trend", s.trend))]
        labels += [self(label_id("category", s.category))]
        return SignalView(
            code=s.code,
            severity=s.severity,
            title=self(s.title_key),
            meta=" · ".join(label for label in labels if label),
            summary=self(s.summary_key, **s.args),
            suggestion=self(s.suggestion_key, **s.args),
            evidence=tuple(line for e in s.evidence for line in self.evidence_lines(e)),
        )

    def evidence_lines(self, e: Evidence) -> tuple[Line, ...]:
        """An answer or a safety event, and after a safety event what became of its alerts."""
        if isinstance(e, SafetyEvent):
            return (self.evidence(e), *(self.handled(e.at, h) for h in e.alerts))
        return (self.evidence(e),)

    def handled(self, at: datetime, h: Handling) -> Line:
        """One alert in the safety section: acknowledged by whom and when, how often it was
        sent again to on-call, and the patient's answer when asked whether they were safe."""
        parts = [self(HANDLING_SOURCES[h.source])] if h.source in HANDLING_SOURCES else []
        if h.asked:
            parts.append(self(f"digest-alert-check-{h.check or 'none'}"))
        if h.acknowledged_at is not None:
            who = h.acknowledged_by or "?"
            parts.append(
                self("digest-alert-acknowledged", name=who, when=self.when(h.acknowledged_at))
            )
        elif h.source != "plan":
            parts.append(self("digest-alert-open"))
        if h.escalations:
            parts.append(self("digest-alert-escalated", count=h.escalations))
        return self.line(at, self("digest-alert-label"), "; ".join(parts), quoted=False)

    def evidence(self, e: Evidence) -> Line:
        """A dated answer with the question asked, or a safety event with its quote."""
        if isinstance(e, SafetyEvent):
            kind = e.kind.replace("_", " ")
            return self.line(e.at, kind, e.quote or "", quoted=bool(e.quote))
        return self.line(e.at, self.label(e), self.answer(e), quoted=_free_text(e))

    def label(self, o: Observation) -> str:
        """What an answer measured, in a few words ("worry about harm"): its construct's short
        label, else the question as asked, clipped."""
        key = f"digest-construct-{(o.construct or '').replace('.', '-').replace('_', '-')}"
        if o.construct and self.t.has(self.d.lang, key):
            return self(key)
        return clip(self.question(o), LABEL_ROOM)

    def question(self, o: Observation) -> str:
        """The question as the patient saw it, in the clinician's language when known."""
        q = self.d.questions
        text = q(o.dialog, o.question) if callable(q) else q.get((o.dialog, o.question))
        if text is None and o.text_key:
            text = self(o.text_key)
        return text or o.question

    def answer(self, o: Observation) -> str:
        """The caller's readable answer, else a generic one from the construct's type."""
        if isinstance(o.value, int) and _qtype(o.construct) in (QType.SCALE_0_10, QType.DAYS_0_7):
            return self.number(o.construct, o.value)  # "8/10" reads better than a button's "8"
        described = self.d.describe(o) if self.d.describe is not None else None
        if described is not None:
            return described
        if o.value is None:
            return self("digest-skipped")
        if isinstance(o.value, tuple | list):
            return ", ".join(self.word(str(v)) for v in o.value)
        if isinstance(o.value, int):
            return self.number(o.construct, o.value)
        return o.value if _free_text(o) else self.word(o.value)

    def number(self, construct: str | None, value: int) -> str:
        """A number on its scale: "7/10", "3 of 7 days", "+1 (a bit better)"."""
        kind = _qtype(construct)
        if kind is QType.CHANGE_SCALE:
            return self("digest-answer-change", change=value)
        if kind is QType.DAYS_0_7:
            return self("digest-answer-days", days=value)
        return self("digest-answer-score", score=value) if kind is QType.SCALE_0_10 else str(value)

    def word(self, value: str) -> str:
        """yes / no / not sure in the clinician's language; other option values made legible."""
        if value in WORDS:
            return self(f"digest-answer-{value.replace('_', '-')}")
        return value.replace("_", " ")

    def resolved(self) -> str | None:
        """The signals present last time and absent now, by name."""
        if not self.d.resolved:
            return None
        names = ", ".join(self(message_id(code, "title")) for code in self.d.resolved)
        return self("digest-resolved", signals=names)

    def not_asked(self, n: NotAsked) -> str:
        """ "Low readiness to change: not asked since Mar 2, 2026" (the previous digest's end
        when it was never answered)."""
        since = self.day(n.since or self.d.period_from)
        return self("digest-not-asked", signal=self(message_id(n.code, "title")), date=since)

    def words(self, notes: Sequence[Note]) -> tuple[Line, ...]:
        """The patient's words, the same words written again shown once with every date."""
        said: dict[tuple[Source, str], list[datetime]] = {}
        for n in notes:
            said.setdefault((n.source, n.text), []).append(n.at)
        lines = []
        for (source, text), moments in said.items():
            line = self.note(Note(moments[0], text, source))
            if len(moments) > 1:
                days = (
                    format_skeleton("MMMEd", m.astimezone(self.zone), locale=self.d.lang)
                    for m in moments
                )
                line = replace(line, when="; ".join(days))
            lines.append(line)
        return tuple(lines)

    def note(self, n: Note) -> Line:
        """The patient's words, dated, with where they wrote them."""
        source = self(f"digest-source-{n.source.replace('_', '-')}")
        return self.line(n.at, source, n.text, quoted=True)


def _qtype(construct: str | None) -> QType | None:
    """The one question type a construct is asked with, if it has exactly one."""
    known = CONSTRUCTS.get(construct or "")
    types = known.types if known else frozenset()
    return next(iter(types)) if len(types) == 1 else None


def _free_text(o: Observation) -> bool:
    """Whether an answer is the patient's own words rather than a button they tapped."""
    if not isinstance(o.value, str):
        return False
    kind = _qtype(o.construct)
    if kind is not None:
        return kind is QType.TEXT
    return not OPTION.fullmatch(o.value)  # no known construct: option values look like ids
