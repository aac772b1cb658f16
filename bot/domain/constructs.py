"""The construct vocabulary of the clinical model: what a question may measure, and how."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeGuard


class QType(StrEnum):
    """The kinds of question a dialog file may ask."""

    YES_NO = "yes_no"
    YES_NO_UNSURE = "yes_no_unsure"
    CHOICE = "choice"
    SCALE_0_10 = "scale_0_10"
    DAYS_0_7 = "days_0_7"
    CHANGE_SCALE = "change_scale"
    MULTI = "multi"
    TEXT = "text"
    # The patient's own medicines as buttons, filled in from their regimen when asked (names
    # are fine inside the chat, never in an invitation), then "Not sure".
    MEDICINE = "medicine"


# The answer values of the types whose buttons are fixed (choice and multi bring their options).
FIXED_VALUES: dict[QType, tuple[str | int, ...]] = {
    QType.YES_NO: ("yes", "no"),
    QType.YES_NO_UNSURE: ("yes", "no", "not_sure"),
    QType.SCALE_0_10: tuple(range(0, 11)),
    QType.DAYS_0_7: tuple(range(0, 8)),
    QType.CHANGE_SCALE: tuple(range(-2, 3)),
}
NUMERIC = frozenset({QType.SCALE_0_10, QType.DAYS_0_7, QType.CHANGE_SCALE})
WITH_OPTIONS = frozenset({QType.CHOICE, QType.MULTI})

# In a multi-select, `none` excludes every other value.
NONE = "none"
NOT_SURE = "not_sure"  # the last button of a medicine question


@dataclass(frozen=True)
class Construct:
    """One measured idea: the question types that may ask it and the values it may take."""

    name: str
    types: frozenset[QType]
    values: frozenset[str] = frozenset()  # for choice/multi: the allowed option values
    intake_only: bool = False  # asked mid-treatment, the answer is coloured by frustration (P3)
    staff_entered: bool = False  # recorded by staff, never asked


def _c(name: str, *types: QType, values: tuple[str, ...] = (), **flags: bool) -> Construct:
    return Construct(name, frozenset(types), frozenset(values), **flags)


SCALE, DAYS, CHANGE = QType.SCALE_0_10, QType.DAYS_0_7, QType.CHANGE_SCALE

DOSE_CHANGES = ("as_prescribed", "took_less", "took_more", "skipped_on_purpose", "stopped")
REASONS = (
    "forgot",
    "side_effects",
    "felt_better",
    "felt_worse",
    "not_needed",
    "dont_want_to_depend",
    "ran_out_or_cost",
    "someone_advised",
    "not_helping",
    "others_know",
    "test_need",
    "other",
)
# Reasons that point to practicalities rather than to what the medication means.
UNINTENTIONAL_REASONS = frozenset({"forgot", "ran_out_or_cost"})
SIDE_EFFECTS = (
    "sleepy",
    "trouble_sleeping",
    "restless",
    "shaky",
    "dizzy",
    "headache",
    "stomach",
    "dry_mouth",
    "appetite_weight",
    "sexual",
    "emotionally_flat",
    "foggy",
    # Medication red flags (bot/domain/redflags.toml): safety events, never side effects to score.
    "rash",
    "fever",
    "vomiting",
    "stiff",
    "confusion",
    "jaundice",
    "akathisia",
    "other",
    NONE,
)
RED_FLAG_EFFECTS = frozenset(
    {"rash", "fever", "vomiting", "stiff", "confusion", "jaundice", "akathisia"}
)
# v2 items: which feeling an extra dose was taken for; what more medication would change; what
# the patient thinks caused what they noticed; the daily "taken today?".
FEELINGS = ("sadness", "loneliness", "stress", "anger", "sleep", "other")
HOPES = ("symptoms_gone", "sleep", "calm", "feel_nothing", "cope_with_people", "other")
ATTRIBUTIONS = ("medicine", "something_else", "not_sure")
TOOK_TODAY = ("yes", "not_yet", "no")
# "More than prescribed": how much. "A lot more" is an overdose: the crisis path.
EXTRA_AMOUNTS = ("one_extra", "a_few", "much_more")
# "When did this start?", with the days each answer means at least (for "stopped more than
# two days", bot/domain/redflags.toml).
SINCE_DAYS = {"today": 0, "days_1_2": 1, "days_3_7": 3, "over_week": 8}

# The suicide screen's four items, then the one about right now (bot/domain/screening.py).
SCREEN_ITEMS = (
    "screen.wish_dead",
    "screen.better_off_dead",
    "screen.thoughts",
    "screen.past_attempt",
)
SCREEN_ACUTE = "screen.acute"

CONSTRUCTS: dict[str, Construct] = {
    c.name: c
    for c in (
        _c("adherence.days_missed_7d", DAYS),
        _c("adherence.dose_change", QType.CHOICE, values=DOSE_CHANGES),
        _c("adherence.forgot", QType.YES_NO),
        _c("adherence.reason", QType.MULTI, values=REASONS),
        _c("expectation.benefit", SCALE),
        _c("expectation.harm", SCALE),
        _c("side_effects.present", QType.MULTI, values=SIDE_EFFECTS),
        _c("side_effects.burden", SCALE),
        _c("adherence.medicine", QType.MEDICINE),
        _c("adherence.extra", QType.CHOICE, values=EXTRA_AMOUNTS),
        _c("adherence.since", QType.CHOICE, values=tuple(SINCE_DAYS)),
        _c("safety.dying_thoughts", QType.YES_NO),
        _c("belief.necessity", SCALE),
        _c("concern.dependency", SCALE),
        _c("concern.identity", SCALE),
        _c("alliance.heard", SCALE),
        _c("alliance.agreement", SCALE),
        _c("control.pressure", SCALE),
        _c("readiness.change", SCALE),
        _c("ambivalence.loss", QType.TEXT, intake_only=True),
        _c("ambivalence.loss_any", QType.YES_NO_UNSURE, intake_only=True),
        _c("symptoms.change", CHANGE),
        _c("function.change", CHANGE),
        _c("use.for_feelings", QType.YES_NO),  # v1: no shipped dialog asks it any more
        _c("want.more_medication", QType.YES_NO),
        _c("note.free", QType.TEXT),
        # v2 (clinical model, "Items v2"): levels are higher-is-better, so the chart's lines
        # all read the same way.
        _c("symptoms.level", SCALE),
        _c("function.level", SCALE),
        _c("mood.level", SCALE),
        _c("adherence.took_today", QType.CHOICE, values=TOOK_TODAY),
        _c("adherence.prescriber_knows", QType.YES_NO_UNSURE),
        _c("use.extra_for_feelings", QType.YES_NO),
        _c("use.feeling", QType.MULTI, values=FEELINGS),
        _c("want.more_hope", QType.MULTI, values=HOPES),
        _c("side_effects.baseline", QType.MULTI, values=SIDE_EFFECTS),
        _c("side_effects.attribution", QType.CHOICE, values=ATTRIBUTIONS),
        _c("history.intolerance", QType.YES_NO_UNSURE),
        _c("history.wary", SCALE),
        _c("other.medicines", QType.TEXT),
        _c("regimen.psychotropic_count", staff_entered=True),
        *(_c(name, QType.YES_NO) for name in (*SCREEN_ITEMS, SCREEN_ACUTE)),
    )
}


def askable(name: str) -> bool:
    """Whether a dialog question may measure `name`."""
    construct = CONSTRUCTS.get(name)
    return construct is not None and not construct.staff_entered


def allowed_values(name: str) -> frozenset[str | int]:
    """Every answer value a question measuring `name` can produce (empty for free text)."""
    construct = CONSTRUCTS[name]
    if construct.values:
        return frozenset(construct.values)
    fixed = (FIXED_VALUES.get(t, ()) for t in construct.types)
    return frozenset(v for values in fixed for v in values)


def misfit(name: str | None, qtype: QType, options: list[str]) -> str | None:
    """Why a question of `qtype` with `options` cannot measure `name`; None when it can."""
    if name is None:
        return None
    construct = CONSTRUCTS.get(name)
    if construct is None:
        return f"unknown construct '{name}'"
    if construct.staff_entered:
        return f"construct '{name}' is entered by staff, not asked"
    if qtype not in construct.types:
        fits = ", ".join(sorted(construct.types))
        return f"type '{qtype}' does not fit construct '{name}' (it takes {fits})"
    wrong = [value for value in options if construct.values and value not in construct.values]
    return f"option '{wrong[0]}' is not allowed for construct '{name}'" if wrong else None


def is_int(value: object) -> TypeGuard[int]:
    """A numeric answer (scales, days): an int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)
