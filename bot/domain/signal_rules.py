"""One small function per signal of the clinical model's table, registered in RULES.

Rules read constructs, never question ids. Each returns a Finding (severity, args for the
localised strings, evidence) or None; bot.domain.signals turns findings into Signals.

Severities where the clinical model's table is silent (decided here):
- moderate by default (intentional_nonadherence, distrust_control, symptom_function_gap,
  escalation_seeking);
- low_alliance is high when the mean is low AND has dropped from the first answers;
- weak single-answer signals (low_readiness, medication_fears, low_expectation) are low when
  one check-in raised them, moderate when two or more did;
- symptom_loss_ambivalence is low: one intake answer, a standing hypothesis for P3;
- disengagement is high when the patient blocked the bot: nobody can reach them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import chain, pairwise
from typing import TYPE_CHECKING

from bot.domain.constructs import NONE, RED_FLAG_EFFECTS, UNINTENTIONAL_REASONS

if TYPE_CHECKING:
    from bot.domain.signals import Activity, Facts, Observation, SafetyEvent, Thresholds

DAYS_MISSED, DOSE_CHANGE, FORGOT = (
    "adherence.days_missed_7d",
    "adherence.dose_change",
    "adherence.forgot",
)
REASON, BENEFIT, HARM = "adherence.reason", "expectation.benefit", "expectation.harm"
EFFECTS, BURDEN = "side_effects.present", "side_effects.burden"
DEPENDENCY, IDENTITY = "concern.dependency", "concern.identity"
HEARD, PRESSURE, READINESS = "alliance.heard", "control.pressure", "readiness.change"
LOSS, LOSS_ANY = "ambivalence.loss", "ambivalence.loss_any"
SYMPTOMS, FUNCTION = "symptoms.change", "function.change"
FOR_FEELINGS, WANT_MORE = "use.for_feelings", "want.more_medication"
ALLIANCE = "alliance."  # every alliance.* construct feeds the alliance mean

Arg = str | int | float


@dataclass(frozen=True)
class Context:
    """Everything a rule may read, prepared once per evaluation."""

    period: tuple[Observation, ...]  # answers since the previous digest, by time
    everything: tuple[Observation, ...]  # history and period, deduplicated, by time
    activity: Activity
    safety: tuple[SafetyEvent, ...]
    facts: Facts
    t: Thresholds
    nocebo_excluded: frozenset[int]  # check-ins holding a medication red flag


@dataclass(frozen=True)
class Finding:
    """What a rule found: how serious, the numbers for the summary, and why."""

    severity: str
    args: dict[str, Arg]
    evidence: tuple[Observation | SafetyEvent, ...] = ()


# --- small readers ---------------------------------------------------------------------------


def num(o: Observation) -> int:
    """The integer value of a numeric answer (callers filter with `numbers` first)."""
    return o.value if isinstance(o.value, int) else 0


def numbers(obs: Iterable[Observation], construct: str) -> list[Observation]:
    """Integer answers of a construct; skipped (None) or stray values feed no rule."""
    ok = (o for o in obs if o.construct == construct and isinstance(o.value, int))
    return [o for o in ok if not isinstance(o.value, bool)]


def at_least(obs: Iterable[Observation], construct: str, limit: float) -> list[Observation]:
    """Numeric answers of a construct at or above a limit."""
    return [o for o in numbers(obs, construct) if num(o) >= limit]


def at_most(obs: Iterable[Observation], construct: str, limit: float) -> list[Observation]:
    """Numeric answers of a construct at or below a limit."""
    return [o for o in numbers(obs, construct) if num(o) <= limit]


def options(o: Observation) -> frozenset[str]:
    """The option values of a choice or multi answer (a multi may arrive as a list)."""
    if isinstance(o.value, tuple | list):
        return frozenset(str(v) for v in o.value)
    return frozenset({o.value}) if isinstance(o.value, str) else frozenset()


def choices(obs: Iterable[Observation], construct: str) -> list[Observation]:
    """Answers of a choice or multi construct that picked at least one option."""
    return [o for o in obs if o.construct == construct and options(o)]


def said_yes(obs: Iterable[Observation], construct: str) -> list[Observation]:
    """The yes answers of a yes/no construct."""
    return [o for o in obs if o.construct == construct and o.value == "yes"]


def by_checkin(obs: Iterable[Observation]) -> list[list[Observation]]:
    """Observations grouped by check-in, in order of first appearance."""
    groups: dict[int, list[Observation]] = {}
    for o in obs:
        groups.setdefault(o.checkin_id, []).append(o)
    return list(groups.values())


def checkins(obs: Iterable[Observation]) -> int:
    """How many distinct check-ins the observations come from."""
    return len({o.checkin_id for o in obs})


def evidence(*groups: Iterable[Observation]) -> tuple[Observation, ...]:
    """The observations of several groups, deduplicated and in date order."""
    return tuple(sorted(dict.fromkeys(chain(*groups)), key=lambda o: o.at))


def top(obs: Iterable[Observation]) -> int:
    """The largest value (0 when there is none: such an arg is never shown)."""
    return max(map(num, obs), default=0)


def least(obs: Iterable[Observation]) -> int:
    """The smallest value (0 when there is none)."""
    return min(map(num, obs), default=0)


def mean(obs: Sequence[Observation]) -> Fraction:
    """Exact mean, so a threshold edge is never lost to float rounding."""
    return Fraction(sum(map(num, obs)), len(obs))


def high_if(condition: bool) -> str:
    """`high` when the table's escalation holds, else the default `moderate`."""
    return "high" if condition else "moderate"


def weak(hits: Sequence[Observation]) -> str:
    """A weak signal is low from one check-in, moderate when it repeats."""
    return "low" if checkins(hits) < 2 else "moderate"


def yes_no(flag: bool) -> str:
    """A flag as a Fluent selector value."""
    return "yes" if flag else "no"


def basis(first: bool, second: bool, names: tuple[str, str]) -> str:
    """Which of two raising conditions held, as a Fluent selector: one name, or `both`."""
    return "both" if first and second else names[0] if first else names[1]


Bound = tuple[Callable[[Iterable["Observation"], str, float], list["Observation"]], str, float]


def together(obs: Iterable[Observation], first: Bound, second: Bound) -> list[Observation]:
    """The answers of the check-ins in which both bounds, e.g. (at_most, HEARD, 4), hold."""
    hits: list[Observation] = []
    for group in by_checkin(obs):
        a, b = (test(group, construct, limit) for test, construct, limit in (first, second))
        if a and b:
            hits += a + b
    return hits


def exact(threshold: float) -> Fraction:
    """A decimal threshold as written in the file (4.7 means 47/10, not the nearest float)."""
    return Fraction(str(threshold))


def tenth(value: Fraction) -> float:
    """A mean for display, to one decimal."""
    return round(float(value), 1)


def normal(text: str) -> str:
    """Free text folded for comparison: case, punctuation and spacing do not matter."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


# --- resistance TO medication (P2, P3, P4) ---------------------------------------------------


def nonadherence(ctx: Context) -> Finding | None:
    """Days missed in a check-in; high if many, or rising over consecutive check-ins."""
    t = ctx.t.nonadherence
    raised = at_least(ctx.period, DAYS_MISSED, t.days_missed)
    if not raised:
        return None
    run = rising_run(ctx, t.rising_checkins)
    args: dict[str, Arg] = {"days": top(raised), "checkins": checkins(raised)}
    args["rising"] = yes_no(bool(run))
    high = top(raised) >= t.high_days_missed or bool(run)
    return Finding(high_if(high), args, evidence(raised, run))


def rising_run(ctx: Context, length: int) -> tuple[Observation, ...]:
    """The latest strictly rising run of days missed that ends inside the period, if any; its
    last value must itself reach the threshold (a rise from 0 to 1 is not yet non-adherence)."""
    series = numbers(ctx.everything, DAYS_MISSED)
    in_period, floor = set(ctx.period), ctx.t.nonadherence.days_missed
    for end in range(len(series), length - 1, -1):
        run = series[end - length : end]
        rising = all(num(a) < num(b) for a, b in pairwise(run))
        if run[-1] in in_period and num(run[-1]) >= floor and rising:
            return tuple(run)
    return ()


def changed_dose(obs: Iterable[Observation]) -> list[Observation]:
    """Answers saying the patient took the medication other than as prescribed."""
    return [o for o in choices(obs, DOSE_CHANGE) if options(o) - {"as_prescribed"}]


def self_adjusted_dose(ctx: Context) -> Finding | None:
    """The patient changed the regimen themselves; high if they stopped it."""
    changed = changed_dose(ctx.period)
    if not changed:
        return None
    stopped = any("stopped" in options(o) for o in changed)
    args: dict[str, Arg] = {"checkins": checkins(changed), "stopped": yes_no(stopped)}
    return Finding(high_if(stopped), args, evidence(changed))


def reports_missed(group: list[Observation]) -> bool | None:
    """Whether a check-in reports a missed or changed dose; None when it does not say."""
    said = numbers(group, DAYS_MISSED) + choices(group, DOSE_CHANGE) + choices(group, FORGOT)
    if not said:
        return None
    return bool(at_least(group, DAYS_MISSED, 1) or changed_dose(group) or said_yes(group, FORGOT))


def intentional_nonadherence(ctx: Context) -> Finding | None:
    """Doses missed or changed for a reason that points to meaning, not to practicalities."""
    hits = [
        o
        for group in by_checkin(ctx.period)
        if reports_missed(group) is not False  # a reason beside "nothing missed" is misplaced
        for o in choices(group, REASON)
        if options(o) - UNINTENTIONAL_REASONS
    ]
    if not hits:
        return None
    return Finding("moderate", {"checkins": checkins(hits)}, evidence(hits))


def without_red_flags(obs: Iterable[Observation]) -> list[Observation]:
    """The answers with the medication red flags taken out of every side-effect list ("rash",
    "fever", ...): they never count, nor show, as side effects; a list of only those goes."""
    kept = []
    for o in obs:
        if o.construct == EFFECTS and isinstance(o.value, tuple | list):
            left = tuple(str(v) for v in o.value if v not in RED_FLAG_EFFECTS)
            if not left:
                continue
            o = replace(o, value=left)
        kept.append(o)
    return kept


def nocebo_pattern(ctx: Context) -> Finding | None:
    """Expecting harm while reporting side effects, or many different side effects."""
    t = ctx.t.nocebo_pattern
    # Medication red flags are safety events, never side effects to score.
    obs = without_red_flags(o for o in ctx.period if o.checkin_id not in ctx.nocebo_excluded)
    harm = at_least(obs, HARM, t.harm)
    reports = [o for o in choices(obs, EFFECTS) if options(o) - {NONE}]
    distinct = frozenset().union(*(options(o) - {NONE} for o in reports))
    worry, many = bool(harm and reports), len(distinct) >= t.distinct_side_effects
    if not (worry or many):
        return None
    burden = at_least(obs, BURDEN, t.high_burden) if worry and many else []
    args: dict[str, Arg] = {"basis": basis(worry, many, ("worry", "effects"))}
    args |= {"harm": top(harm), "effects": len(distinct)}
    return Finding(high_if(bool(burden)), args, evidence(harm, reports, burden))


def distrust_control(ctx: Context) -> Finding | None:
    """Feeling unheard and pressured in the same check-in."""
    t = ctx.t.distrust_control
    hits = together(
        ctx.period, (at_most, HEARD, t.heard_max), (at_least, PRESSURE, t.pressure_min)
    )
    if not hits:
        return None
    args: dict[str, Arg] = {"heard": least(numbers(hits, HEARD))}
    args |= {"pressure": top(numbers(hits, PRESSURE)), "checkins": checkins(hits)}
    return Finding("moderate", args, evidence(hits))


def alliance(obs: Sequence[Observation]) -> list[Observation]:
    """The numeric answers of every alliance.* construct."""
    names = sorted({o.construct for o in obs if o.construct and o.construct.startswith(ALLIANCE)})
    return [o for name in names for o in numbers(obs, name)]


def alliance_drop(ctx: Context, current: list[Observation]) -> tuple[Fraction, list[Observation]]:
    """The largest fall of an alliance item from the patient's first answer to it."""
    best: tuple[Fraction, list[Observation]] = (Fraction(0), [])
    for name in sorted({o.construct or "" for o in current}):
        first = numbers(ctx.everything, name)[0]
        later = [o for o in current if o.construct == name and o.checkin_id != first.checkin_id]
        if later and num(first) - mean(later) > best[0]:
            best = (num(first) - mean(later), [first])
    return best


def low_alliance(ctx: Context) -> Finding | None:
    """A low alliance mean in the period, or a drop from the patient's first answers."""
    t = ctx.t.low_alliance
    current = alliance(ctx.period)
    if not current:
        return None
    drop, first = alliance_drop(ctx, current)
    low, dropped = mean(current) <= exact(t.mean_max), drop >= exact(t.drop)
    if not (low or dropped):
        return None
    args: dict[str, Arg] = {"basis": basis(low, dropped, ("low", "drop"))}
    args |= {"mean": tenth(mean(current)), "drop": tenth(drop)}
    return Finding(high_if(low and dropped), args, evidence(current, first if dropped else []))


def score_at_most(obs: Sequence[Observation], construct: str, limit: int) -> Finding | None:
    """A weak single-scale signal: any answer at or below the limit."""
    hits = at_most(obs, construct, limit)
    if not hits:
        return None
    return Finding(weak(hits), {"score": least(hits), "checkins": checkins(hits)}, evidence(hits))


def low_readiness(ctx: Context) -> Finding | None:
    """Little readiness to make changes."""
    return score_at_most(ctx.period, READINESS, ctx.t.low_readiness.readiness_max)


def low_expectation(ctx: Context) -> Finding | None:
    """Little hope that the medication will help."""
    return score_at_most(ctx.period, BENEFIT, ctx.t.low_expectation.benefit_max)


def symptom_loss_ambivalence(ctx: Context) -> Finding | None:
    """At intake, whenever it was: something the patient would miss if treatment worked."""
    nothing = {normal(text) for text in ctx.t.symptom_loss_ambivalence.nothing_answers}
    said = said_yes(ctx.everything, LOSS_ANY)
    named = [
        o
        for o in ctx.everything
        if o.construct == LOSS and isinstance(o.value, str) and normal(o.value) not in nothing
    ]
    if not (said or named):
        return None
    args: dict[str, Arg] = {"basis": basis(bool(said), bool(named), ("said", "named"))}
    return Finding("low", args, evidence(said, named))


def medication_fears(ctx: Context) -> Finding | None:
    """Strong worry about dependency or about the medication changing who they are."""
    limit = ctx.t.medication_fears.concern_min
    dependency, identity = (
        at_least(ctx.period, DEPENDENCY, limit),
        at_least(ctx.period, IDENTITY, limit),
    )
    hits = dependency + identity
    if not hits:
        return None
    args: dict[str, Arg] = {
        "basis": basis(bool(dependency), bool(identity), ("dependency", "identity"))
    }
    args |= {"score": top(hits), "checkins": checkins(hits)}
    return Finding(weak(hits), args, evidence(hits))


# --- resistance FROM medication (P5, P6) -----------------------------------------------------


def symptom_function_gap(ctx: Context) -> Finding | None:
    """Symptoms better while day-to-day life is not, in several check-ins."""
    t = ctx.t.symptom_function_gap
    gap = (at_least, SYMPTOMS, t.symptoms_min), (at_most, FUNCTION, t.function_max)
    hits = together(ctx.period, *gap)
    if not hits or checkins(hits) < t.checkins:
        return None
    return Finding("moderate", {"checkins": checkins(hits)}, evidence(hits))


def repeated_yes(obs: Sequence[Observation], construct: str, needed: int) -> list[Observation]:
    """The yes answers of a construct, when they came in at least `needed` check-ins."""
    hits = said_yes(obs, construct)
    return hits if hits and checkins(hits) >= needed else []


def defensive_use(ctx: Context) -> Finding | None:
    """Medication taken to get through ordinary feelings; high if it repeats."""
    t = ctx.t.defensive_use
    hits = repeated_yes(ctx.period, FOR_FEELINGS, t.checkins)
    if not hits:
        return None
    return Finding(
        high_if(checkins(hits) >= t.high_checkins), {"checkins": checkins(hits)}, evidence(hits)
    )


def escalation_seeking(ctx: Context) -> Finding | None:
    """Asking for more medication again and again."""
    hits = repeated_yes(ctx.period, WANT_MORE, ctx.t.escalation_seeking.checkins)
    if not hits:
        return None
    return Finding("moderate", {"checkins": checkins(hits)}, evidence(hits))


# --- engagement, prescriber, safety ----------------------------------------------------------


def disengagement(ctx: Context) -> Finding | None:
    """Missed check-ins, a low response rate, or a blocked bot."""
    t, a = ctx.t.disengagement, ctx.activity
    # Integer arithmetic: 49 % must stay below a 50 % threshold without float noise.
    low_rate = a.sent > 0 and a.answered * 100 < t.min_response_percent * a.sent
    if not (a.missed >= t.missed or low_rate or a.blocked):
        return None
    rate = a.answered * 100 // a.sent if a.sent else 0
    args: dict[str, Arg] = {"sent": a.sent, "answered": a.answered, "missed": a.missed}
    args |= {"rate": rate, "blocked": yes_no(a.blocked), "paused": a.paused_days}
    return Finding(high_if(a.blocked), args)


def polypharmacy(ctx: Context) -> Finding | None:
    """A regimen grown to many psychotropics: the prescriber's own countertransference (P6)."""
    t, count = ctx.t.polypharmacy, ctx.facts.psychotropic_count
    if count is None or count < t.moderate:
        return None
    return Finding(high_if(count >= t.high), {"count": count})


def safety_event(ctx: Context) -> Finding | None:
    """Any risk statement in the period: always high, the quotes as evidence."""
    if not ctx.safety:
        return None
    events = tuple(sorted(ctx.safety, key=lambda e: e.at))
    return Finding("high", {"count": len(events)}, events)


@dataclass(frozen=True)
class Rule:
    """One row of the clinical model's Signals table.

    `reads` names the constructs the rule reads (a name ending in "." stands for every construct
    under it): a signal gone from one digest to the next is resolved only when one of them was
    asked again. A rule reading none (activity, staff data, safety) is always observed.
    """

    code: str
    category: str
    principle: str
    check: Callable[[Context], Finding | None]
    reads: tuple[str, ...] = ()

    def asks(self, construct: str | None) -> bool:
        """Whether an answer to `construct` is one this rule reads."""
        return any(
            construct == name or (name.endswith(".") and (construct or "").startswith(name))
            for name in self.reads
        )


# What a missed-dose reason, and an ambivalence about losing symptoms, are read from.
WHY, LOSSES = (REASON, DAYS_MISSED, DOSE_CHANGE, FORGOT), (LOSS, LOSS_ANY)

RULES: tuple[Rule, ...] = (
    Rule("nonadherence", "resistance_to", "P4", nonadherence, (DAYS_MISSED,)),
    Rule("self_adjusted_dose", "resistance_to", "P4", self_adjusted_dose, (DOSE_CHANGE,)),
    Rule("intentional_nonadherence", "resistance_to", "P3, P4", intentional_nonadherence, WHY),
    Rule("nocebo_pattern", "resistance_to", "P4", nocebo_pattern, (HARM, EFFECTS)),
    Rule("distrust_control", "resistance_to", "P4", distrust_control, (HEARD, PRESSURE)),
    Rule("low_alliance", "alliance", "P2, P4", low_alliance, (ALLIANCE,)),
    Rule("low_readiness", "resistance_to", "P3", low_readiness, (READINESS,)),
    Rule("symptom_loss_ambivalence", "resistance_to", "P3", symptom_loss_ambivalence, LOSSES),
    Rule("medication_fears", "resistance_to", "P2", medication_fears, (DEPENDENCY, IDENTITY)),
    Rule(
        "symptom_function_gap", "resistance_from", "P5", symptom_function_gap, (SYMPTOMS, FUNCTION)
    ),
    Rule("defensive_use", "resistance_from", "P5", defensive_use, (FOR_FEELINGS,)),
    Rule("escalation_seeking", "resistance_from", "P5, P6", escalation_seeking, (WANT_MORE,)),
    Rule("low_expectation", "resistance_to", "P2", low_expectation, (BENEFIT,)),
    Rule("disengagement", "engagement", "P2", disengagement),
    Rule("polypharmacy", "prescriber", "P6", polypharmacy),
    Rule("safety_event", "safety", "", safety_event),
)
