"""Hypotheses: the digest's unit of thought. Signals that share evidence are one hypothesis
with sub-findings, shown in clinical priority (clinical model, "Signals v2").

Pure. `group` takes the trend-labelled signals of one digest and returns every hypothesis, most
important first; the digest shows the first three and lists the rest as "also noted".

The grouping rule
-----------------
Signal codes come in families (FAMILIES): codes that describe one behaviour or one stance seen
from several answers, e.g. missed days, a self-adjusted dose and an intentional reason are one
"taking less than prescribed" story. Two signals of the same family are one hypothesis when
they share evidence: an answer, or a check-in (answers given in the same check-in). Sharing is
transitive. Signals of different families never merge, even when they share an answer (the
nocebo signal reads the alliance answers as a prior, but feeling unheard stays its own
hypothesis); a signal with no family partner is a hypothesis on its own.

A hypothesis's key is its family's key when it groups two or more signals (KEYS), else its
signal's code. So keys are unique within a digest (feedback is stored per digest and key) and
stable: the same evidence always gives the same key. The taking-less family picks one of three
keys by what it holds (less taken, and whether on purpose; or more taken).

Order: the tier of the lead signal's code (TIER; PRIORITY gives the tiers' order: medical,
resistance to, alliance and control, resistance from, attitudes, engagement, prescriber), then
severity (the highest of its signals), then key. Safety events are never a hypothesis: the
digest shows them first, on their own.

Points
------
Each hypothesis carries compact evidence lines (`Point`): a locale id (locales/*/hypotheses.ftl)
and its args. Args are ints, decimals or strings. An arg named in `Point.lists` holds option
values of the construct it names, comma-separated ("restless,trouble_sleeping"): render each
value with the locale id `value_id(construct, value)` and join them with ", " before formatting
the point (`Point.text` does exactly this, given a formatter). Other string args are either
selector values ("yes", "increase", ...) or text to show as is (a drug name, a dose, a series
such as "2 → 3 → 4"). Where a signal has no compact line of its own, its point is its summary
(locales/*/signals.ftl) with its args.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.domain.constructs import UNINTENTIONAL_REASONS
from bot.domain.signal_rules import Arg
from bot.domain.signals import SEVERITIES, Observation, Severity, Signal

# Clinical priority of a hypothesis by the tier of its lead signal: medical and adverse effects
# first, then resistance TO (taking less, stopping), alliance and control, resistance FROM,
# attitudes, engagement, the prescriber. Safety is its own section, never a hypothesis.
PRIORITY: tuple[str, ...] = (
    "medical",
    "resistance_to",
    "alliance",
    "resistance_from",
    "attitudes",
    "engagement",
    "prescriber",
)
SHOWN = 3  # at most this many hypotheses in full; the rest are one line each

# The tier of each code (a code not listed falls back to its category, then to last).
TIER: dict[str, str] = {
    "adverse_effect_after_change": "medical",
    "nonadherence": "resistance_to",
    "self_adjusted_dose": "resistance_to",
    "intentional_nonadherence": "resistance_to",
    "nocebo_pattern": "resistance_to",
    "distrust_control": "alliance",
    "low_alliance": "alliance",
    "symptom_function_gap": "resistance_from",
    "defensive_use": "resistance_from",
    "escalation_seeking": "resistance_from",
    "beliefs_gap": "attitudes",
    "medication_fears": "attitudes",
    "low_expectation": "attitudes",
    "low_readiness": "attitudes",
    "symptom_loss_ambivalence": "attitudes",
    "disengagement": "engagement",
    "polypharmacy": "prescriber",
}

# Families: codes that merge when they share evidence, in the order their points are listed.
TAKING = ("nonadherence", "self_adjusted_dose", "intentional_nonadherence")
FAMILIES: dict[str, tuple[str, ...]] = {
    "taking_less": TAKING,
    "unheard_pressured": ("distrust_control", "low_alliance"),
    "relying_on_medicine": ("escalation_seeking", "defensive_use", "symptom_function_gap"),
    "doubts_about_medicine": ("beliefs_gap", "medication_fears", "low_expectation"),
    "mixed_feelings_about_change": ("low_readiness", "symptom_loss_ambivalence"),
}
# Every key a grouped hypothesis may take (the taking family has three, by what it holds).
KEYS: tuple[str, ...] = (
    "taking_less",
    "taking_less_on_purpose",
    "taking_more",
    *(k for k in FAMILIES if k != "taking_less"),
)
LESS = frozenset({"took_less", "skipped_on_purpose", "stopped"})
AWARE = {"yes": "aware", "no": "unaware", "not_sure": "unsure"}  # does the prescriber know
SERIES = " → "  # joins a series of values in a point ("2 → 3 → 4")


def value_id(construct: str, value: str) -> str:
    """The locale id of one option value as a point shows it
    (hypothesis-value-side-effects-present-restless)."""
    return f"hypothesis-value-{construct.replace('.', '-')}-{value}".replace("_", "-")


@dataclass(frozen=True)
class Point:
    """One line of compact evidence ("missed days 2 → 3 → 4"): a locale id and its args.

    `lists` names the args that hold comma-separated option values, each with its construct
    (see the module docstring)."""

    key: str
    args: Mapping[str, Arg] = field(default_factory=dict)
    lists: Mapping[str, str] = field(default_factory=dict)

    def text(self, say: Callable[[str, Mapping[str, Arg]], str]) -> str:
        """The point in words: `say(locale_id, args)` formats one message."""
        args = dict(self.args)
        for name, construct in self.lists.items():
            values = [v for v in str(args.get(name, "")).split(",") if v]
            args[name] = ", ".join(say(value_id(construct, v), {}) for v in values)
        return say(self.key, args)


@dataclass(frozen=True)
class Hypothesis:
    """One thing to explore at the visit: its lead signal first, then the sub-findings."""

    key: str  # stable id of the kind of hypothesis, e.g. "taking_less"
    severity: Severity
    signals: tuple[Signal, ...]
    points: tuple[Point, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The signal codes it groups, lead first."""
        return tuple(s.code for s in self.signals)

    @property
    def title_key(self) -> str:
        return f"hypothesis-{self.key.replace('_', '-')}-title"

    @property
    def question_key(self) -> str:
        """The locale id of the one opening question suggested for the visit (its principle
        written out in words)."""
        return f"hypothesis-{self.key.replace('_', '-')}-question"


def group(signals: Sequence[Signal]) -> list[Hypothesis]:
    """Every hypothesis of a digest, in clinical priority (then severity, then key)."""
    found: list[Hypothesis] = []
    pending = [s for s in signals if s.code != "safety_event"]
    for family, codes in FAMILIES.items():
        members = sorted((s for s in pending if s.code in codes), key=lambda s: _lead(s, codes))
        for part in _connected(members):
            found.append(_hypothesis(family if len(part) > 1 else part[0].code, part))
        pending = [s for s in pending if s.code not in codes]
    found += [_hypothesis(s.code, [s]) for s in pending]
    return sorted(found, key=_rank)


def tier(code: str, category: str) -> str:
    """The clinical-priority tier of a signal code."""
    return TIER.get(code, category)


def _lead(signal: Signal, codes: tuple[str, ...]) -> tuple[int, int]:
    return SEVERITIES.index(signal.severity), codes.index(signal.code)


def _checkins(signal: Signal) -> set[int]:
    return {e.checkin_id for e in signal.evidence if isinstance(e, Observation)}


def _connected(members: list[Signal]) -> list[list[Signal]]:
    """The members split into groups that share a check-in (transitively), lead order kept."""
    parts: list[tuple[set[int], list[Signal]]] = []
    for signal in members:
        ids = _checkins(signal)
        joined = [p for p in parts if p[0] & ids]
        merged: tuple[set[int], list[Signal]] = (set(ids), [])
        for part in joined:
            merged[0].update(part[0])
            merged[1].extend(part[1])
            parts.remove(part)
        merged[1].append(signal)
        parts.append(merged)
    order = {id(s): i for i, s in enumerate(members)}
    groups = [sorted(p[1], key=lambda s: order[id(s)]) for p in parts]
    return sorted(groups, key=lambda g: order[id(g[0])])


def _hypothesis(key: str, signals: list[Signal]) -> Hypothesis:
    if key == "taking_less":
        key = _taking_key(signals)
    severity = min((s.severity for s in signals), key=SEVERITIES.index)
    points: list[Point] = []
    for p in (p for s in signals for p in _points(s)):
        if p not in points:  # two signals may give the same line
            points.append(p)
    return Hypothesis(key=key, severity=severity, signals=tuple(signals), points=tuple(points))


def _taking_key(signals: list[Signal]) -> str:
    """Less taken (missed days, or a dose cut, skipped or stopped) on purpose or not; or, when
    the only change was taking more, "taking more"."""
    codes = {s.code for s in signals}
    changes = {v for s in signals for v in _values(s, "adherence.dose_change")}
    if "nonadherence" in codes or changes & LESS:
        return "taking_less_on_purpose" if "intentional_nonadherence" in codes else "taking_less"
    return "taking_more"


def _rank(h: Hypothesis) -> tuple[int, int, str]:
    lead = h.signals[0]
    where = tier(lead.code, lead.category)
    place = PRIORITY.index(where) if where in PRIORITY else len(PRIORITY)
    return place, SEVERITIES.index(h.severity), h.key


# --- points ----------------------------------------------------------------------------------


def _answers(signal: Signal, construct: str) -> list[Observation]:
    return [e for e in signal.evidence if isinstance(e, Observation) and e.construct == construct]


def _values(signal: Signal, construct: str) -> list[str]:
    """The option values of a construct's answers in a signal's evidence, first seen first."""
    found: list[str] = []
    for o in _answers(signal, construct):
        value = o.value
        for v in value if isinstance(value, tuple | list) else (value,):
            if isinstance(v, str) and v not in found:
                found.append(v)
    return found


def _series(signal: Signal, construct: str) -> str:
    """The numeric answers of a construct in a signal's evidence, in time order."""
    return SERIES.join(
        str(o.value) for o in _answers(signal, construct) if isinstance(o.value, int)
    )


def _latest(signal: Signal, construct: str) -> Arg | None:
    found = _answers(signal, construct)
    return found[-1].value if found and isinstance(found[-1].value, str | int) else None


def _summary(signal: Signal) -> Point:
    return Point(signal.summary_key, dict(signal.args))


def _points(signal: Signal) -> Iterable[Point]:
    make = POINTS.get(signal.code)
    return make(signal) if make else [_summary(signal)]


def _missed(signal: Signal) -> list[Point]:
    return [
        Point(
            "hypothesis-point-missed-days", {"series": _series(signal, "adherence.days_missed_7d")}
        )
    ]


def _dose(signal: Signal) -> list[Point]:
    changes = [v for v in _values(signal, "adherence.dose_change") if v != "as_prescribed"]
    # Selector values that are no option's value, so no renderer mistakes them for one.
    knows = AWARE.get(str(_latest(signal, "adherence.prescriber_knows")), "unasked")
    args: dict[str, Arg] = {"changes": ",".join(changes), "knows": knows}
    return [Point("hypothesis-point-dose-changed", args, {"changes": "adherence.dose_change"})]


def _reasons(signal: Signal) -> list[Point]:
    reasons = [v for v in _values(signal, "adherence.reason") if v not in UNINTENTIONAL_REASONS]
    args: dict[str, Arg] = {"reasons": ",".join(reasons)}
    return [Point("hypothesis-point-reasons", args, {"reasons": "adherence.reason"})]


def _effects(signal: Signal, effects: Arg, since: str) -> Point:
    harm = signal.args.get("harm", 0)
    args: dict[str, Arg] = {"harm": harm, "effects": effects, "since": since}
    return Point("hypothesis-point-worry-effects", args, {"effects": "side_effects.present"})


def _adverse(signal: Signal) -> list[Point]:
    a = signal.args
    change = {k: a.get(k, "") for k in ("drug", "kind", "before", "after", "days")}
    return [
        _effects(signal, a.get("fits", ""), "change"),
        Point("hypothesis-point-change", change),
    ]


def _nocebo(signal: Signal) -> list[Point]:
    a = signal.args
    points = [
        _effects(signal, a.get("new", ""), "baseline" if a.get("baseline") == "yes" else "start")
    ]
    prior = str(a.get("prior", "none"))
    if prior != "none":
        wary = _latest(signal, "history.wary") or 0
        heard, pressure = (
            _latest(signal, "alliance.heard") or 0,
            _latest(signal, "control.pressure") or 0,
        )
        points.append(
            Point(
                "hypothesis-point-prior",
                {"prior": prior, "wary": wary, "heard": heard, "pressure": pressure},
            )
        )
    return points


def _distrust(signal: Signal) -> list[Point]:
    a = signal.args
    return [
        Point("hypothesis-point-heard-pressure", {"heard": a["heard"], "pressure": a["pressure"]})
    ]


def _gap(signal: Signal) -> list[Point]:
    points = []
    if signal.args.get("basis") in ("levels", "both"):
        args: dict[str, Arg] = {
            "symptoms": _series(signal, "symptoms.level"),
            "function": _series(signal, "function.level"),
        }
        points.append(Point("hypothesis-point-levels", args))
    if signal.args.get("basis") in ("changes", "both"):
        points.append(_summary(signal))
    return points or [_summary(signal)]


def _listed(key: str, construct: str, arg: str) -> Callable[[Signal], list[Point]]:
    """A point counting check-ins, with the option values a follow-up named (if any)."""

    def make(signal: Signal) -> list[Point]:
        values = str(signal.args.get(arg, ""))
        args: dict[str, Arg] = {"checkins": signal.args.get("checkins", 1), arg: values}
        if not values:
            return [Point(key, {"checkins": args["checkins"]})]
        return [Point(f"{key}-for", args, {arg: construct})]

    return make


def _beliefs(signal: Signal) -> list[Point]:
    a = signal.args
    return [
        Point("hypothesis-point-beliefs", {"necessity": a["necessity"], "concern": a["concern"]})
    ]


def _loss(signal: Signal) -> list[Point]:
    """What the patient said at intake they might lose, in their words (P3 rests on them)."""
    words = [o.value for o in _answers(signal, "ambivalence.loss") if isinstance(o.value, str)]
    if not words:
        return [_summary(signal)]
    return [Point("hypothesis-point-loss-words", {"words": words[-1]})]


def _checkins_answered(signal: Signal) -> list[Point]:
    a = signal.args
    args: dict[str, Arg] = {k: a.get(k, 0) for k in ("answered", "sent", "missed")}
    args["reach"] = "blocked" if a.get("blocked") == "yes" else "reachable"
    return [Point("hypothesis-point-checkins", args)]


POINTS: dict[str, Callable[[Signal], list[Point]]] = {
    "adverse_effect_after_change": _adverse,
    "nonadherence": _missed,
    "self_adjusted_dose": _dose,
    "intentional_nonadherence": _reasons,
    "nocebo_pattern": _nocebo,
    "distrust_control": _distrust,
    "symptom_function_gap": _gap,
    "defensive_use": _listed("hypothesis-point-extra-doses", "use.feeling", "feelings"),
    "escalation_seeking": _listed("hypothesis-point-wants-more", "want.more_hope", "hopes"),
    "beliefs_gap": _beliefs,
    "symptom_loss_ambivalence": _loss,
    "disengagement": _checkins_answered,
}
