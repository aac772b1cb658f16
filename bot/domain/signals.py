"""Resistance signals: hypotheses for the prescriber, raised from a patient's answers.

Pure and synchronous: the only I/O is reading two data files, `load_thresholds` (the
thresholds TOML) and, once, the drug classes' adverse-effect profiles (bot.domain.profiles).
The rules themselves, one per code of the clinical model's Signals table, live in
bot.domain.signal_rules.

Medication red flags are safety events, not side effects to score: pass them in `safety`, and
pass the check-ins that held them as `nocebo_excluded` so the nocebo rule ignores those answers.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_type_hints

from bot.domain.profiles import Profile, default_profiles, read_table
from bot.domain.regimen import Change
from bot.domain.signal_rules import RULES, Arg, Context, Finding, Rule

Severity = Literal["high", "moderate", "low"]
Trend = Literal["new", "persisting", "resolved"]
Value = str | int | tuple[str, ...] | None

SEVERITIES: tuple[Severity, ...] = ("high", "moderate", "low")
TRENDS: tuple[Trend, ...] = ("new", "persisting", "resolved")
CODES: tuple[str, ...] = tuple(rule.code for rule in RULES)
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(rule.category for rule in RULES))
DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.toml")


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One stored answer: value None when skipped, a tuple for multi, "yes"/"no" for yes/no."""

    at: datetime
    dialog: str
    question: str
    construct: str | None
    value: Value
    checkin_id: int
    text_key: str | None = None  # the locale id of the question as asked


@dataclass(frozen=True)
class Activity:
    """How the patient responded to the check-ins sent in the period."""

    sent: int
    answered: int
    missed: int
    blocked: bool
    paused_days: int = 0
    # The intake was begun (or sent) and is not finished: nobody is disengaged yet.
    intake_unfinished: bool = False


@dataclass(frozen=True)
class Handling:
    """What became of one alert a safety event raised: who acknowledged it and when, how often
    it was sent again to on-call, and the patient's answer when asked "Are you safe right now?"."""

    source: str  # see bot.domain.tiers.Source
    asked: bool = False
    check: Literal["safe", "help"] | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    escalations: int = 0


@dataclass(frozen=True)
class SafetyEvent:
    """A risk statement or medication red flag detected in the period."""

    at: datetime
    kind: str
    quote: str | None
    alerts: tuple[Handling, ...] = ()  # what became of the alerts it raised


@dataclass(frozen=True)
class Facts:
    """Staff-entered data about the patient."""

    psychotropic_count: int | None
    # The regimen's changes (starts, dose steps, stops), oldest first; rules look at those up
    # to each answer they read (adverse_effect_after_change), so later ones may be included.
    changes: tuple[Change, ...] = ()


# --- output ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """A hypothesis for the clinician, with the answers (or safety quotes) that raised it."""

    code: str
    category: str
    severity: Severity
    principle: str  # e.g. "P3, P4"; "" for safety
    trend: Trend
    summary_key: str
    suggestion_key: str
    args: dict[str, Arg]
    evidence: tuple[Observation | SafetyEvent, ...]

    @property
    def title_key(self) -> str:
        """The locale id of the signal's short name."""
        return message_id(self.code, "title")


def message_id(code: str, part: str) -> str:
    """The kebab-case locale id of a signal's title, summary or suggestion."""
    return f"signal-{code.replace('_', '-')}-{part}"


def label_id(kind: str, value: str) -> str:
    """The locale id of a category, severity or trend label (signal-category-resistance-to)."""
    return f"signal-{kind}-{value.replace('_', '-')}"


# --- thresholds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nonadherence:
    days_missed: int
    high_days_missed: int
    rising_checkins: int

    def __post_init__(self) -> None:
        if self.rising_checkins < 2:
            raise ValueError("rising_checkins must be at least 2: one value cannot rise")


@dataclass(frozen=True)
class NoceboPattern:
    harm: int
    wary: int
    high_burden: int


@dataclass(frozen=True)
class AdverseEffectAfterChange:
    high_burden: int


@dataclass(frozen=True)
class BeliefsGap:
    gap: int


@dataclass(frozen=True)
class DistrustControl:
    heard_max: int
    pressure_min: int


@dataclass(frozen=True)
class LowAlliance:
    mean_max: float
    drop: float


@dataclass(frozen=True)
class LowReadiness:
    readiness_max: int


@dataclass(frozen=True)
class SymptomLossAmbivalence:
    nothing_answers: tuple[str, ...]


@dataclass(frozen=True)
class MedicationFears:
    concern_min: int


@dataclass(frozen=True)
class SymptomFunctionGap:
    symptoms_min: int
    function_max: int
    function_level_max: int
    checkins: int


@dataclass(frozen=True)
class DefensiveUse:
    checkins: int
    high_checkins: int


@dataclass(frozen=True)
class EscalationSeeking:
    checkins: int
    worsening_max: int


@dataclass(frozen=True)
class LowExpectation:
    benefit_max: int


@dataclass(frozen=True)
class Disengagement:
    missed: int
    min_response_percent: int


@dataclass(frozen=True)
class Polypharmacy:
    moderate: int
    high: int


@dataclass(frozen=True)
class Thresholds:
    """Every tunable number of the signal rules; see thresholds.toml for their meaning."""

    nonadherence: Nonadherence
    nocebo_pattern: NoceboPattern
    adverse_effect_after_change: AdverseEffectAfterChange
    beliefs_gap: BeliefsGap
    distrust_control: DistrustControl
    low_alliance: LowAlliance
    low_readiness: LowReadiness
    symptom_loss_ambivalence: SymptomLossAmbivalence
    medication_fears: MedicationFears
    symptom_function_gap: SymptomFunctionGap
    defensive_use: DefensiveUse
    escalation_seeking: EscalationSeeking
    low_expectation: LowExpectation
    disengagement: Disengagement
    polypharmacy: Polypharmacy


class ThresholdsError(ValueError):
    """The thresholds file cannot be read, or a key is unknown, missing or of the wrong type."""


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Read the thresholds TOML (the shipped defaults unless `path` is given)."""
    path = path or DEFAULT_THRESHOLDS
    data = read_table(path, ThresholdsError)
    thresholds: Thresholds = _build(Thresholds, data, f"{path}:")
    return thresholds


def _build(cls: type[Any], data: object, where: str) -> Any:
    """One section (or the whole file) as its dataclass; refuses unknown or missing keys."""
    if not isinstance(data, Mapping):
        raise ThresholdsError(f"{where} must be a table")
    hints, names = get_type_hints(cls), [f.name for f in fields(cls)]
    unknown, missing = set(data) - set(names), [n for n in names if n not in data]
    if unknown or missing:
        problem = f"unknown key {sorted(unknown)[0]!r}" if unknown else f"missing {missing[0]!r}"
        raise ThresholdsError(f"{where} {problem}")
    values = {n: _value(hints[n], data[n], f"{where} {n}") for n in names}
    try:
        return cls(**values)
    except ValueError as exc:
        raise ThresholdsError(f"{where} {exc}") from exc


def _value(hint: Any, value: object, where: str) -> object:
    """A value checked against its declared type: int, float, a list of strings, or a section."""
    if isinstance(hint, type) and is_dataclass(hint):
        return _build(hint, value, f"{where}:")
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if (
        hint == tuple[str, ...]
        and isinstance(value, list)
        and all(isinstance(v, str) for v in value)
    ):
        return tuple(value)
    wanted = {int: "an integer", float: "a number"}.get(hint, "a list of strings")
    raise ThresholdsError(f"{where} must be {wanted}, not {value!r}")


# --- evaluation ------------------------------------------------------------------------------


def evaluate(
    period: Sequence[Observation],
    history: Sequence[Observation],
    activity: Activity,
    safety: Sequence[SafetyEvent],
    facts: Facts,
    thresholds: Thresholds,
    *,
    nocebo_excluded: Collection[int] = (),
    until: datetime | None = None,
    profiles: Sequence[Profile] | None = None,
) -> list[Signal]:
    """Every signal raised for the period, safety first, then by severity and code.

    `until` is the moment of the report: rules reading the latest answer from all history
    (harm worry, beliefs, a nocebo prior) ignore answers after it (a digest rebuilt later must
    read as it did). None: the last answer of the period. `profiles`: the drug classes' known
    adverse effects (the shipped bot/domain/profiles.toml unless given)."""
    ordered = _by_time(period)
    end = until or (ordered[-1].at if ordered else None)
    ctx = Context(
        period=ordered,
        # history may or may not repeat the period
        everything=tuple(o for o in _by_time([*history, *period]) if end is None or o.at <= end),
        activity=activity,
        safety=tuple(safety),
        facts=facts,
        t=thresholds,
        nocebo_excluded=frozenset(nocebo_excluded),
        profiles=tuple(default_profiles() if profiles is None else profiles),
    )
    found = ((rule, rule.check(ctx)) for rule in RULES)
    return order([_signal(rule, finding) for rule, finding in found if finding is not None])


def _by_time(obs: Sequence[Observation]) -> tuple[Observation, ...]:
    """Observations deduplicated and in time order (stable for answers of the same moment)."""
    return tuple(sorted(dict.fromkeys(map(_hashable, obs)), key=lambda o: o.at))


def _hashable(o: Observation) -> Observation:
    """A multi answer stored as a list becomes a tuple, so answers can be deduplicated."""
    return replace(o, value=tuple(o.value)) if isinstance(o.value, list) else o


def _signal(rule: Rule, finding: Finding) -> Signal:
    """A rule's finding dressed with the table's code, category, principle and locale ids."""
    return Signal(
        code=rule.code,
        category=rule.category,
        severity=finding.severity,  # type: ignore[arg-type]
        principle=rule.principle,
        trend="new",
        summary_key=message_id(rule.code, "summary"),
        suggestion_key=message_id(rule.code, "suggestion"),
        args=dict(finding.args),
        evidence=finding.evidence,
    )


def order(signals: Sequence[Signal]) -> list[Signal]:
    """Safety first (it never waits), then high to low severity, then by code."""
    return sorted(
        signals,
        key=lambda s: (s.code != "safety_event", SEVERITIES.index(s.severity), s.code),
    )


def label_trends(
    current: list[Signal], previous_codes: Collection[str]
) -> tuple[list[Signal], list[str]]:
    """Mark each signal new or persisting; return also the codes resolved since last time."""
    previous = set(previous_codes)
    labelled = [replace(s, trend="persisting" if s.code in previous else "new") for s in current]
    resolved = sorted(previous - {s.code for s in current})
    return labelled, resolved


def still_unasked(
    earlier: Sequence[tuple[datetime, Sequence[str]]], history: Sequence[Observation]
) -> list[str]:
    """The codes of earlier digests (each given with the end of its period) of which nothing
    the rule reads has been answered since: still open. Trends compare with the last digest
    only, so without these a signal not asked at two digests running would vanish unresolved.
    Codes of rules reading no construct (activity, staff data, safety) are never carried."""
    rules = {rule.code: rule for rule in RULES}
    found: list[str] = []
    for until, codes in earlier:
        for code in codes:
            rule = rules.get(code)
            if rule is None or not rule.reads or code in found:
                continue
            if not any(o.at > until and rule.asks(o.construct) for o in history):
                found.append(code)
    return found


@dataclass(frozen=True)
class NotAsked:
    """A signal of the previous digest absent now only because nothing it reads was asked in the
    period: not resolved. `since` is when one of its constructs was last answered (None: never,
    e.g. the answers that raised it were replaced)."""

    code: str
    since: datetime | None


def split_resolved(
    gone: Sequence[str], period: Sequence[Observation], history: Sequence[Observation]
) -> tuple[list[str], list[NotAsked]]:
    """The codes gone since the previous digest, split into those truly resolved (a construct
    the rule reads was asked again in the period and no longer raised it) and those not asked
    since (with the last time they were). Codes of rules reading no construct (activity, staff
    data, safety) and unknown codes are always resolved."""
    rules = {rule.code: rule for rule in RULES}
    resolved: list[str] = []
    unasked: list[NotAsked] = []
    for code in gone:
        rule = rules.get(code)
        if rule is None or not rule.reads or any(rule.asks(o.construct) for o in period):
            resolved.append(code)
            continue
        asked = [o.at for o in history if rule.asks(o.construct)]
        unasked.append(NotAsked(code, max(asked, default=None)))
    return resolved, unasked
