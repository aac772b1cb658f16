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
- disengagement is high when the patient blocked the bot: nobody can reach them;
- adverse_effect_after_change is moderate, high when the side effects bother a lot;
- nocebo_pattern is moderate, high only with worry AND a prior AND a heavy burden;
- beliefs_gap is low while it rests on answers from before the period, moderate otherwise.

Signals v2 (clinical model): side effects count only when new since the patient's baseline;
what a recent regimen change explains by its class's known profile (bot/domain/profiles.toml)
is the drug's own effect (adverse_effect_after_change, category `medical`) and never feeds the
nocebo rule; rules reading "the latest answer" (harm worry, beliefs, a nocebo prior) read all
history up to the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import chain, pairwise
from typing import TYPE_CHECKING

from bot.domain.constructs import NONE, RED_FLAG_EFFECTS, SIDE_EFFECTS, UNINTENTIONAL_REASONS

if TYPE_CHECKING:
    from bot.domain.profiles import Profile
    from bot.domain.regimen import Change
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
SYMPTOM_LEVEL, FUNCTION_LEVEL = "symptoms.level", "function.level"  # 0-10, higher is better
EXTRA_FOR_FEELINGS, FEELING = "use.extra_for_feelings", "use.feeling"
WANT_MORE, HOPE = "want.more_medication", "want.more_hope"
BASELINE, KNOWS = "side_effects.baseline", "adherence.prescriber_knows"
INTOLERANCE, WARY = "history.intolerance", "history.wary"
NECESSITY = "belief.necessity"
ALLIANCE = "alliance."  # every alliance.* construct feeds the alliance mean
CONCERN = "concern."  # every concern.* construct feeds the beliefs gap

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
    profiles: tuple[Profile, ...] = ()  # the drug classes' known adverse effects


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
    knows = choices(in_checkins(ctx.period, (o.checkin_id for o in changed)), KNOWS)
    return Finding(high_if(stopped), args, evidence(changed, knows))


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


def latest(obs: Iterable[Observation], construct: str) -> Observation | None:
    """The last answer of a construct that was not skipped."""
    found = [o for o in obs if o.construct == construct and o.value is not None]
    return found[-1] if found else None


def latest_number(obs: Iterable[Observation], construct: str) -> Observation | None:
    """The last numeric answer of a construct."""
    found = numbers(obs, construct)
    return found[-1] if found else None


def effects_of(o: Observation | None) -> frozenset[str]:
    """The side effects an answer names: never `none`, never a medication red flag."""
    return options(o) - {NONE} - RED_FLAG_EFFECTS if o else frozenset()


def in_order(values: Iterable[str]) -> tuple[str, ...]:
    """Option values in the vocabulary's order (stable for display)."""
    order = {v: i for i, v in enumerate(SIDE_EFFECTS)}
    return tuple(sorted(set(values), key=lambda v: (order.get(v, len(order)), v)))


def joined(values: Iterable[str]) -> str:
    """Option values as one arg, comma-separated (the digest renders each with its label)."""
    return ",".join(in_order(values))


@dataclass(frozen=True)
class Report:
    """One side-effect answer of the period, with what is new since the patient's baseline."""

    answer: Observation
    new: frozenset[str]
    baseline: Observation | None  # the baseline it was compared with; None: everything is new


def baseline_before(ctx: Context, answer: Observation) -> Observation | None:
    """The latest side-effect baseline answered before this answer's check-in."""
    before = [
        o
        for o in ctx.everything
        if o.construct == BASELINE and options(o) and o.at <= answer.at
        and o.checkin_id != answer.checkin_id
    ]  # fmt: skip
    return before[-1] if before else None


def reports(ctx: Context, excluded: frozenset[int] = frozenset()) -> list[Report]:
    """The period's side-effect answers naming something new since the baseline before them
    (with no baseline at all, every effect is new); red flags never count."""
    found = []
    # Medication red flags are safety events, never side effects to score or to show.
    for o in without_red_flags(choices(ctx.period, EFFECTS)):
        if o.checkin_id in excluded:
            continue
        base = baseline_before(ctx, o)
        new = effects_of(o) - effects_of(base)
        if new:
            found.append(Report(o, new, base))
    return found


@dataclass(frozen=True)
class Fit:
    """New effects of one report that fit the known profile of a recent regimen change."""

    report: Report
    change: Change
    effects: frozenset[str]


def fits(ctx: Context, report: Report) -> list[Fit]:
    """The regimen changes whose class profile explains some of a report's new effects, the
    most recent change first."""
    found = []
    for change in reversed(ctx.facts.changes):
        known = [
            p.effects
            for p in ctx.profiles
            if p.covers(change.drug_class, change.kind, change.at, report.answer.at)
        ]
        explained = report.new & frozenset().union(*known)
        if explained:
            found.append(Fit(report, change, explained))
    return found


def in_checkins(obs: Iterable[Observation], ids: Iterable[int]) -> list[Observation]:
    """The observations of some check-ins."""
    wanted = set(ids)
    return [o for o in obs if o.checkin_id in wanted]


def adverse_effect_after_change(ctx: Context) -> Finding | None:
    """New side effects, beyond the baseline, within the window after a start or dose change
    that fit the drug class's known profile: the drug's own effect comes first (P1)."""
    t = ctx.t.adverse_effect_after_change
    found = [(r, f) for r in reports(ctx) if (f := fits(ctx, r))]
    if not found:
        return None
    cited = found[-1][1][0]  # the most recent change that explains the latest report
    effects = frozenset().union(*(f.effects for _, fs in found for f in fs))
    ids = [r.answer.checkin_id for r, _ in found]
    burden = at_least(in_checkins(ctx.period, ids), BURDEN, t.high_burden)
    shown = [
        replace(r.answer, value=in_order(frozenset().union(*(f.effects for f in fs))))
        for r, fs in found
    ]
    bases = [r.baseline for r, _ in found if r.baseline]
    change = cited.change
    # The onset: how long after the change the effects were FIRST reported, as a prescriber
    # asks it ("when did this start?"), not when they were last mentioned.
    onset = next(r.answer.at for r, fs in found if any(f.change == change for f in fs))
    args: dict[str, Arg] = {
        "drug": change.drug or "",
        "kind": change.kind,
        "before": change.dose_before or "",
        "after": change.dose_after or "",
        "days": (onset - change.at).days,
        "effects": len(effects),
        "fits": joined(effects),
        "baseline": yes_no(bool(bases)),
        "harm": num(harm) if (harm := latest_number(ctx.everything, HARM)) else 0,
    }
    return Finding(high_if(bool(burden)), args, evidence(bases, shown, burden))


def prior(ctx: Context) -> tuple[list[Observation], str]:
    """A nocebo prior: past intolerance, wariness from past care, or distrust in the period;
    the answers and the first that holds ("intolerance", "wary", "distrust"; "" for none)."""
    intolerance = latest(ctx.everything, INTOLERANCE)
    wary = latest_number(ctx.everything, WARY)
    dc = ctx.t.distrust_control
    distrust = together(
        ctx.period, (at_most, HEARD, dc.heard_max), (at_least, PRESSURE, dc.pressure_min)
    )
    held = [
        ("intolerance", [intolerance] if intolerance and intolerance.value == "yes" else []),
        ("wary", [wary] if wary and num(wary) >= ctx.t.nocebo_pattern.wary else []),
        ("distrust", distrust),
    ]
    hits = [o for _, obs in held for o in obs]
    return hits, next((name for name, obs in held if obs), "")


def nocebo_pattern(ctx: Context) -> Finding | None:
    """Side effects new since the baseline, not red flags, not explained by a recent change's
    known profile, with high harm worry and/or a nocebo prior. The number of effects alone
    never raises it."""
    t = ctx.t.nocebo_pattern
    left = []
    for r in reports(ctx, ctx.nocebo_excluded):
        rest = r.new - frozenset().union(*(f.effects for f in fits(ctx, r)))
        if rest:
            left.append((r, rest))
    if not left:
        return None
    harm = latest_number(ctx.everything, HARM)
    worry = harm is not None and num(harm) >= t.harm
    priors, first = prior(ctx)
    if not (worry or priors):
        return None
    ids = [r.answer.checkin_id for r, _ in left]
    burden = at_least(in_checkins(ctx.period, ids), BURDEN, t.high_burden)
    shown = [replace(r.answer, value=in_order(rest)) for r, rest in left]
    bases = [r.baseline for r, _ in left if r.baseline]
    effects = frozenset().union(*(rest for _, rest in left))
    args: dict[str, Arg] = {"basis": basis(worry, bool(priors), ("worry", "prior"))}
    args |= {"harm": num(harm) if harm else 0, "effects": len(effects), "new": joined(effects)}
    args |= {"prior": first or "none", "baseline": yes_no(bool(bases))}
    worried = [harm] if worry and harm else []
    high = worry and bool(priors) and bool(burden)
    return Finding(high_if(high), args, evidence(worried, priors, bases, shown, burden))


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


def levels_before(ctx: Context, level: Observation) -> list[Observation]:
    """The patient's symptom levels answered before this one's check-in, oldest first."""
    series = numbers(ctx.everything, SYMPTOM_LEVEL)
    return [o for o in series if o.at <= level.at and o.checkin_id != level.checkin_id]


def rose(ctx: Context, level: Observation) -> bool:
    """Whether a symptom level is better than the patient's first one, or than the one before."""
    before = levels_before(ctx, level)
    return bool(before) and num(level) > min(num(before[0]), num(before[-1]))


def fell(ctx: Context, level: Observation) -> bool:
    """Whether a symptom level is worse than the one before it."""
    before = levels_before(ctx, level)
    return bool(before) and num(level) < num(before[-1])


def level_gap(ctx: Context) -> list[Observation]:
    """Check-ins whose symptom level improved while day-to-day life stayed low (with the first
    symptom level, so the evidence shows where it started)."""
    t, hits = ctx.t.symptom_function_gap, []
    for group in by_checkin(ctx.period):
        levels = numbers(group, SYMPTOM_LEVEL)
        low = at_most(group, FUNCTION_LEVEL, t.function_level_max)
        if levels and low and rose(ctx, levels[-1]):
            hits += [levels[-1], *low]
    first = numbers(ctx.everything, SYMPTOM_LEVEL)[:1] if hits else []
    return [*first, *hits]


def symptom_function_gap(ctx: Context) -> Finding | None:
    """Symptoms better while day-to-day life is not, in several check-ins: read from the change
    items (better, life not better) or from the levels (symptom level up, life level low)."""
    t = ctx.t.symptom_function_gap
    gap = (at_least, SYMPTOMS, t.symptoms_min), (at_most, FUNCTION, t.function_max)
    changes, levels = together(ctx.period, *gap), level_gap(ctx)
    counted = [o for o in changes + levels if o in ctx.period and o.construct != SYMPTOM_LEVEL]
    if checkins(counted) < t.checkins:
        return None
    args: dict[str, Arg] = {"checkins": checkins(counted)}
    args["basis"] = basis(bool(changes), bool(levels), ("changes", "levels"))
    return Finding("moderate", args, evidence(changes, levels))


def repeated_yes(obs: Sequence[Observation], construct: str, needed: int) -> list[Observation]:
    """The yes answers of a construct, when they came in at least `needed` check-ins."""
    hits = said_yes(obs, construct)
    return hits if hits and checkins(hits) >= needed else []


def defensive_use(ctx: Context) -> Finding | None:
    """Extra or unplanned doses taken to cope with a feeling; high if it repeats. Reads only
    use.extra_for_feelings (the old item also caught doses taken exactly as prescribed)."""
    t = ctx.t.defensive_use
    hits = repeated_yes(ctx.period, EXTRA_FOR_FEELINGS, t.checkins)
    if not hits:
        return None
    feelings = choices(in_checkins(ctx.period, (o.checkin_id for o in hits)), FEELING)
    args: dict[str, Arg] = {"checkins": checkins(hits)}
    args["feelings"] = joined(v for o in feelings for v in options(o))
    return Finding(high_if(checkins(hits) >= t.high_checkins), args, evidence(hits, feelings))


def worsening(ctx: Context, group: list[Observation]) -> bool:
    """Symptoms getting worse in a check-in: a change at or below the limit, or a falling level."""
    limit = ctx.t.escalation_seeking.worsening_max
    levels = numbers(group, SYMPTOM_LEVEL)
    return bool(at_most(group, SYMPTOMS, limit)) or any(fell(ctx, o) for o in levels)


def escalation_seeking(ctx: Context) -> Finding | None:
    """Asking for more medication again and again while symptoms are not getting worse (asking
    for more while worse is help-seeking, not escalation)."""
    hits = [
        o
        for group in by_checkin(ctx.period)
        if not worsening(ctx, group)
        for o in said_yes(group, WANT_MORE)
    ]
    if not hits or checkins(hits) < ctx.t.escalation_seeking.checkins:
        return None
    hopes = choices(in_checkins(ctx.period, (o.checkin_id for o in hits)), HOPE)
    args: dict[str, Arg] = {"checkins": checkins(hits)}
    args["hopes"] = joined(v for o in hopes for v in options(o))
    return Finding("moderate", args, evidence(hits, hopes))


# --- attitudes -------------------------------------------------------------------------------


def beliefs_gap(ctx: Context) -> Finding | None:
    """The necessity-concerns differential: the latest "my health depends on it" at least
    `gap` points below the mean of the latest worries (concern.*, expectation.harm). Low while
    it rests only on answers from before the period, moderate when the period asked one."""
    necessity = latest_number(ctx.everything, NECESSITY)
    names = sorted(
        {o.construct or "" for o in ctx.everything if (o.construct or "").startswith(CONCERN)}
    )
    worries = [w for n in (*names, HARM) if (w := latest_number(ctx.everything, n))]
    if necessity is None or not worries:
        return None
    gap = mean(worries) - num(necessity)
    if gap < ctx.t.beliefs_gap.gap:
        return None
    args: dict[str, Arg] = {"necessity": num(necessity), "concern": tenth(mean(worries))}
    args["gap"] = tenth(gap)
    current = any(o in ctx.period for o in (necessity, *worries))
    return Finding("moderate" if current else "low", args, evidence([necessity], worries))


# --- engagement, prescriber, safety ----------------------------------------------------------


def disengagement(ctx: Context) -> Finding | None:
    """Missed check-ins, a low response rate, or a blocked bot."""
    t, a = ctx.t.disengagement, ctx.activity
    if a.intake_unfinished:
        return None  # nobody is disengaged before their intake is done
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
    Rule(
        "adverse_effect_after_change",
        "medical",
        "P1",
        adverse_effect_after_change,
        (EFFECTS, BASELINE),
    ),
    Rule(
        "nocebo_pattern",
        "resistance_to",
        "P1, P4",
        nocebo_pattern,
        (EFFECTS, BASELINE, HARM, INTOLERANCE, WARY),
    ),
    Rule("distrust_control", "resistance_to", "P4", distrust_control, (HEARD, PRESSURE)),
    Rule("low_alliance", "alliance", "P2, P4", low_alliance, (ALLIANCE,)),
    Rule("low_readiness", "resistance_to", "P3", low_readiness, (READINESS,)),
    Rule("symptom_loss_ambivalence", "resistance_to", "P3", symptom_loss_ambivalence, LOSSES),
    Rule("medication_fears", "resistance_to", "P2", medication_fears, (DEPENDENCY, IDENTITY)),
    Rule(
        "symptom_function_gap",
        "resistance_from",
        "P5",
        symptom_function_gap,
        (SYMPTOMS, FUNCTION, SYMPTOM_LEVEL, FUNCTION_LEVEL),
    ),
    Rule("defensive_use", "resistance_from", "P5", defensive_use, (EXTRA_FOR_FEELINGS,)),
    Rule("escalation_seeking", "resistance_from", "P5, P6", escalation_seeking, (WANT_MORE,)),
    Rule("low_expectation", "resistance_to", "P2", low_expectation, (BENEFIT,)),
    Rule("beliefs_gap", "attitudes", "P2", beliefs_gap, (NECESSITY, CONCERN, HARM)),
    Rule("disengagement", "engagement", "P2", disengagement),
    Rule("polypharmacy", "prescriber", "P6", polypharmacy),
    Rule("safety_event", "safety", "", safety_event),
)
