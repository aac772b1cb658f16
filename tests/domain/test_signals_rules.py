"""Every signal rule at its threshold edges: just below, at, and above."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.constructs import RED_FLAG_EFFECTS
from bot.domain.signal_rules import (
    BENEFIT,
    BURDEN,
    DAYS_MISSED,
    DEPENDENCY,
    DOSE_CHANGE,
    EFFECTS,
    FOR_FEELINGS,
    FUNCTION,
    HARM,
    HEARD,
    IDENTITY,
    LOSS,
    LOSS_ANY,
    PRESSURE,
    READINESS,
    REASON,
    SYMPTOMS,
    WANT_MORE,
)
from bot.domain.signals import (
    Activity,
    Facts,
    Nonadherence,
    Observation,
    SafetyEvent,
    Signal,
    Thresholds,
    evaluate,
    load_thresholds,
)

AGREEMENT = "alliance.agreement"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T = load_thresholds()
ANSWERED_ALL = Activity(sent=4, answered=4, missed=0, blocked=False)


def ci(cid: int, answers: dict[str, Any], dialog: str = "weekly") -> list[Observation]:
    """One check-in's answers, a week apart per id, a minute apart within it."""
    at = START + timedelta(days=7 * cid)
    return [
        Observation(at + timedelta(minutes=i), dialog, c.split(".")[1], c, v, cid)
        for i, (c, v) in enumerate(answers.items())
    ]


def run(*period: list[Observation], history: list[Observation] = (), **kw: Any) -> list[Signal]:  # type: ignore[assignment]
    """Evaluate a period given as check-ins, with calm defaults for everything else."""
    obs = [o for group in period for o in group]
    return evaluate(
        obs,
        [*history, *obs],
        kw.pop("activity", ANSWERED_ALL),
        kw.pop("safety", ()),
        kw.pop("facts", Facts(psychotropic_count=1)),
        kw.pop("thresholds", T),
        **kw,
    )


def one(signals: list[Signal], code: str) -> Signal | None:
    """The signal of a code, or None."""
    found = [s for s in signals if s.code == code]
    assert len(found) <= 1
    return found[0] if found else None


def severity(signals: list[Signal], code: str) -> str | None:
    """The severity of a code's signal, or None when it did not fire."""
    signal = one(signals, code)
    return signal.severity if signal else None


# --- nonadherence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, None), (1, None), (2, "moderate"), (3, "moderate"), (4, "high"), (7, "high")],
)
def test_nonadherence_days_missed_edges(days: int, expected: str | None) -> None:
    assert severity(run(ci(1, {DAYS_MISSED: days})), "nonadherence") == expected


def test_nonadherence_rising_over_three_checkins_is_high() -> None:
    signals = run(ci(1, {DAYS_MISSED: 1}), ci(2, {DAYS_MISSED: 2}), ci(3, {DAYS_MISSED: 3}))
    signal = one(signals, "nonadherence")
    assert signal and signal.severity == "high"
    assert signal.args == {"days": 3, "checkins": 2, "rising": "yes"}
    assert [o.value for o in signal.evidence] == [1, 2, 3]


@pytest.mark.parametrize("series", [[2, 3], [2, 2, 3], [3, 2, 3], [1, 3, 3]])
def test_nonadherence_not_strictly_rising_over_three_stays_moderate(series: list[int]) -> None:
    checkins = [ci(i, {DAYS_MISSED: d}) for i, d in enumerate(series, 1)]
    signal = one(run(*checkins), "nonadherence")
    assert signal and signal.severity == "moderate" and signal.args["rising"] == "no"


def test_nonadherence_rising_run_may_start_before_the_period() -> None:
    history = ci(1, {DAYS_MISSED: 1}) + ci(2, {DAYS_MISSED: 2})
    signal = one(run(ci(3, {DAYS_MISSED: 3}), history=history), "nonadherence")
    assert signal and signal.severity == "high"
    assert [o.checkin_id for o in signal.evidence] == [1, 2, 3]


def test_nonadherence_rise_that_ended_before_the_period_is_not_high() -> None:
    history = ci(1, {DAYS_MISSED: 1}) + ci(2, {DAYS_MISSED: 2}) + ci(3, {DAYS_MISSED: 3})
    assert severity(run(ci(4, {DAYS_MISSED: 3}), history=history), "nonadherence") == "moderate"


def test_nonadherence_ignores_skipped_answers() -> None:
    assert one(run(ci(1, {DAYS_MISSED: None})), "nonadherence") is None


# --- self_adjusted_dose ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("as_prescribed", None),
        (None, None),
        ("took_less", "moderate"),
        ("took_more", "moderate"),
        ("skipped_on_purpose", "moderate"),
        ("stopped", "high"),
    ],
)
def test_self_adjusted_dose(change: str | None, expected: str | None) -> None:
    assert severity(run(ci(1, {DOSE_CHANGE: change})), "self_adjusted_dose") == expected


def test_self_adjusted_dose_args_count_checkins_and_stopping() -> None:
    signal = one(
        run(ci(1, {DOSE_CHANGE: "took_less"}), ci(2, {DOSE_CHANGE: "stopped"})),
        "self_adjusted_dose",
    )
    assert signal and signal.args == {"checkins": 2, "stopped": "yes"}
    assert [o.value for o in signal.evidence] == ["took_less", "stopped"]


# --- intentional_nonadherence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("reasons", "fires"),
    [
        (("forgot",), False),
        (("ran_out_or_cost",), False),
        (("forgot", "ran_out_or_cost"), False),
        (("forgot", "dont_want_to_depend"), True),
        (("felt_better",), True),
        (("other",), True),
        (["side_effects"], True),  # a multi may arrive as a list
        (None, False),
    ],
)
def test_intentional_nonadherence_reasons(reasons: Any, fires: bool) -> None:
    signals = run(ci(1, {DAYS_MISSED: 1, REASON: reasons}))
    assert (one(signals, "intentional_nonadherence") is not None) is fires


def test_intentional_nonadherence_needs_a_missed_or_changed_dose() -> None:
    denied = ci(1, {DAYS_MISSED: 0, DOSE_CHANGE: "as_prescribed", REASON: ("felt_better",)})
    changed = ci(2, {DAYS_MISSED: 0, DOSE_CHANGE: "took_less", REASON: ("felt_better",)})
    unsaid = ci(3, {REASON: ("not_needed",)}, dialog="post_change")
    assert one(run(denied), "intentional_nonadherence") is None
    signal = one(run(denied, changed, unsaid), "intentional_nonadherence")
    assert signal and signal.severity == "moderate" and signal.principle == "P3, P4"
    assert [o.checkin_id for o in signal.evidence] == [2, 3]


# --- nocebo_pattern -------------------------------------------------------------------------


@pytest.mark.parametrize(("harm", "fires"), [(6, False), (7, True), (8, True)])
def test_nocebo_harm_worry_with_side_effects(harm: int, fires: bool) -> None:
    signal = one(run(ci(1, {HARM: harm, EFFECTS: ("headache",)})), "nocebo_pattern")
    assert (signal is not None) is fires
    if signal:
        assert signal.args == {"basis": "worry", "harm": harm, "effects": 1}


def test_nocebo_harm_worry_without_side_effects_is_not_raised() -> None:
    assert one(run(ci(1, {HARM: 9, EFFECTS: ("none",)})), "nocebo_pattern") is None
    assert one(run(ci(1, {HARM: 9, EFFECTS: None})), "nocebo_pattern") is None


@pytest.mark.parametrize(
    ("effects", "fires"),
    [
        ([("headache",), ("headache", "dizzy")], False),  # 2 different
        ([("headache",), ("dizzy", "none")], False),  # "none" is not a side effect
        ([("headache",), ("dizzy", "foggy")], True),  # 3 different, across check-ins
        ([("headache", "dizzy", "foggy", "sexual")], True),
    ],
)
def test_nocebo_distinct_side_effects(effects: list[tuple[str, ...]], fires: bool) -> None:
    checkins = [ci(i, {EFFECTS: e}) for i, e in enumerate(effects, 1)]
    signal = one(run(*checkins), "nocebo_pattern")
    assert (signal is not None) is fires
    if signal:
        assert signal.args["basis"] == "effects" and signal.severity == "moderate"


@pytest.mark.parametrize(("burden", "expected"), [(6, "moderate"), (7, "high")])
def test_nocebo_high_needs_both_and_burden(burden: int, expected: str) -> None:
    effects = ("headache", "dizzy", "foggy")
    signal = one(run(ci(1, {HARM: 7, EFFECTS: effects, BURDEN: burden})), "nocebo_pattern")
    assert signal and signal.severity == expected and signal.args["basis"] == "both"


def test_nocebo_burden_alone_does_not_make_one_condition_high() -> None:
    signals = run(ci(1, {HARM: 9, EFFECTS: ("headache",), BURDEN: 10}))
    assert severity(signals, "nocebo_pattern") == "moderate"


def test_nocebo_evidence_holds_the_worry_the_effects_and_the_burden() -> None:
    signal = one(
        run(ci(1, {HARM: 8, EFFECTS: ("headache", "dizzy", "foggy"), BURDEN: 9, HEARD: 8})),
        "nocebo_pattern",
    )
    assert signal and [o.construct for o in signal.evidence] == [HARM, EFFECTS, BURDEN]


def test_nocebo_ignores_checkins_with_a_medication_red_flag() -> None:
    flagged = ci(1, {HARM: 8, EFFECTS: ("other", "dizzy", "shaky")})
    assert one(run(flagged, nocebo_excluded={1}), "nocebo_pattern") is None
    assert one(run(flagged, nocebo_excluded={2}), "nocebo_pattern") is not None


@pytest.mark.parametrize("flag", sorted(RED_FLAG_EFFECTS))
def test_a_red_flag_never_counts_nor_shows_as_nocebo_evidence(flag: str) -> None:
    """Red flags are safety events: with high worry they raise nothing, three of them are not
    "many different side effects", and beside an ordinary effect they are not its evidence."""
    assert one(run(ci(1, {HARM: 9, EFFECTS: (flag,)})), "nocebo_pattern") is None
    others = tuple(sorted(RED_FLAG_EFFECTS - {flag}))[:2]
    assert one(run(ci(1, {EFFECTS: (flag, *others)})), "nocebo_pattern") is None
    signal = one(run(ci(1, {HARM: 9, EFFECTS: (flag, "headache")})), "nocebo_pattern")
    assert signal is not None and signal.args["effects"] == 1
    shown = [o.value for o in signal.evidence if o.construct == EFFECTS]
    assert shown == [("headache",)]


# --- distrust_control -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heard", "pressure", "fires"), [(4, 6, True), (5, 6, False), (4, 5, False), (0, 10, True)]
)
def test_distrust_control_edges(heard: int, pressure: int, fires: bool) -> None:
    signal = one(run(ci(1, {HEARD: heard, PRESSURE: pressure})), "distrust_control")
    assert (signal is not None) is fires
    if signal:
        assert signal.args == {"heard": heard, "pressure": pressure, "checkins": 1}


def test_distrust_control_needs_both_in_the_same_checkin() -> None:
    signals = run(ci(1, {HEARD: 3, PRESSURE: 2}), ci(2, {HEARD: 8, PRESSURE: 8}))
    assert one(signals, "distrust_control") is None


# --- low_alliance ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heard", "agreement", "fires"), [(5, 5, True), (5, 6, False), (3, 7, True), (6, 6, False)]
)
def test_low_alliance_mean_edges(heard: int, agreement: int, fires: bool) -> None:
    signal = one(run(ci(1, {HEARD: heard, AGREEMENT: agreement})), "low_alliance")
    assert (signal is not None) is fires
    if signal:
        assert signal.args["basis"] == "low" and signal.severity == "moderate"


@pytest.mark.parametrize(("now", "fires"), [(8, False), (7, True), (6, True)])
def test_low_alliance_drop_from_first_answers(now: int, fires: bool) -> None:
    intake = ci(0, {HEARD: 10, AGREEMENT: 10}, dialog="intake")
    signal = one(run(ci(3, {HEARD: now}), history=intake), "low_alliance")
    assert (signal is not None) is fires
    if signal:
        assert signal.args["basis"] == "drop" and signal.args["drop"] == 10 - now
        assert [o.dialog for o in signal.evidence] == ["intake", "weekly"]


def test_low_alliance_low_and_dropped_is_high() -> None:
    intake = ci(0, {HEARD: 9, AGREEMENT: 8}, dialog="intake")
    signal = one(run(ci(3, {HEARD: 4}), ci(4, {HEARD: 5}), history=intake), "low_alliance")
    assert signal and signal.severity == "high"
    assert signal.args == {"basis": "both", "mean": 4.5, "drop": 4.5}


def test_low_alliance_first_answers_in_the_same_period() -> None:
    signal = one(run(ci(0, {HEARD: 9}, dialog="intake"), ci(1, {HEARD: 6})), "low_alliance")
    assert signal and signal.args["basis"] == "drop"


def test_low_alliance_first_answers_alone_show_no_drop() -> None:
    assert one(run(ci(0, {HEARD: 8, AGREEMENT: 7})), "low_alliance") is None


# --- weak single-scale signals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "construct", "below", "at"),
    [("low_readiness", READINESS, 4, 3), ("low_expectation", BENEFIT, 3, 2)],
)
def test_low_scores_edges_and_weak_severity(
    code: str, construct: str, below: int, at: int
) -> None:
    assert one(run(ci(1, {construct: below})), code) is None
    signal = one(run(ci(1, {construct: at})), code)
    assert signal and signal.severity == "low" and signal.args == {"score": at, "checkins": 1}
    assert severity(run(ci(1, {construct: at}), ci(2, {construct: 0})), code) == "moderate"


@pytest.mark.parametrize(
    ("dependency", "identity", "basis"),
    [(6, 6, None), (7, 6, "dependency"), (6, 7, "identity"), (7, 9, "both")],
)
def test_medication_fears_edges(dependency: int, identity: int, basis: str | None) -> None:
    signal = one(
        run(ci(0, {DEPENDENCY: dependency, IDENTITY: identity}, dialog="intake")),
        "medication_fears",
    )
    assert (signal.args["basis"] if signal else None) == basis
    if signal:
        assert signal.severity == "low"  # one check-in, even with two answers


def test_medication_fears_repeated_is_moderate() -> None:
    signals = run(ci(0, {DEPENDENCY: 8}, dialog="intake"), ci(1, {IDENTITY: 7}))
    assert severity(signals, "medication_fears") == "moderate"


# --- symptom_loss_ambivalence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "basis"),
    [
        ({LOSS_ANY: "no"}, None),
        ({LOSS_ANY: "not_sure"}, None),
        ({LOSS_ANY: "yes"}, "said"),
        ({LOSS: "Nothing."}, None),
        ({LOSS: "  НИЧЕГО "}, None),
        ({LOSS: ""}, None),
        ({LOSS: "people would stop checking on me"}, "named"),
        ({LOSS_ANY: "no", LOSS: "my disability allowance"}, "named"),
        ({LOSS_ANY: "yes", LOSS: "my excuse"}, "both"),
    ],
)
def test_symptom_loss_ambivalence(answers: dict[str, Any], basis: str | None) -> None:
    signal = one(run(ci(0, answers, dialog="intake")), "symptom_loss_ambivalence")
    assert (signal.args["basis"] if signal else None) == basis
    if signal:
        assert signal.severity == "low" and signal.principle == "P3"


def test_symptom_loss_ambivalence_reads_intake_whenever_it_was() -> None:
    intake = ci(0, {LOSS_ANY: "yes"}, dialog="intake")
    signal = one(run(ci(20, {HEARD: 8}), history=intake), "symptom_loss_ambivalence")
    assert signal and signal.evidence == tuple(intake)


# --- resistance from medication -------------------------------------------------------------


def gap(cid: int, symptoms: int = 1, function: int = 0) -> list[Observation]:
    return ci(cid, {SYMPTOMS: symptoms, FUNCTION: function})


@pytest.mark.parametrize(
    ("checkins", "fires"),
    [
        ([gap(1)], False),
        ([gap(1), gap(2)], True),
        ([gap(1), gap(2, function=-1)], True),
        ([gap(1), gap(2, symptoms=0)], False),
        ([gap(1), gap(2, function=1)], False),
        ([gap(1, symptoms=2, function=-2), gap(2), gap(3)], True),
    ],
)
def test_symptom_function_gap_edges(checkins: list[list[Observation]], fires: bool) -> None:
    signal = one(run(*checkins), "symptom_function_gap")
    assert (signal is not None) is fires


def test_symptom_function_gap_needs_both_in_the_same_checkin() -> None:
    signals = run(ci(1, {SYMPTOMS: 2, FUNCTION: 1}), ci(2, {SYMPTOMS: -1, FUNCTION: 0}))
    assert one(signals, "symptom_function_gap") is None
    signal = one(run(gap(1), gap(2)), "symptom_function_gap")
    assert signal and signal.args == {"checkins": 2} and len(signal.evidence) == 4


@pytest.mark.parametrize(
    ("yes", "expected"), [(0, None), (1, "moderate"), (2, "high"), (3, "high")]
)
def test_defensive_use_edges(yes: int, expected: str | None) -> None:
    checkins = [ci(i, {FOR_FEELINGS: "yes" if i <= yes else "no"}) for i in range(1, 5)]
    assert severity(run(*checkins), "defensive_use") == expected


@pytest.mark.parametrize(
    ("yes", "expected"), [(0, None), (1, None), (2, "moderate"), (3, "moderate")]
)
def test_escalation_seeking_edges(yes: int, expected: str | None) -> None:
    checkins = [ci(i, {WANT_MORE: "yes" if i <= yes else "no"}) for i in range(1, 5)]
    signal = one(run(*checkins), "escalation_seeking")
    assert (signal.severity if signal else None) == expected
    if signal:
        assert signal.principle == "P5, P6" and all(o.value == "yes" for o in signal.evidence)


# --- disengagement, polypharmacy, safety ----------------------------------------------------


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        (Activity(sent=4, answered=3, missed=1, blocked=False), None),
        (Activity(sent=4, answered=2, missed=2, blocked=False), "moderate"),
        (Activity(sent=100, answered=50, missed=1, blocked=False), None),  # 50 %
        (Activity(sent=100, answered=49, missed=1, blocked=False), "moderate"),  # 49 %
        (Activity(sent=2, answered=1, missed=1, blocked=False), None),
        (Activity(sent=3, answered=1, missed=1, blocked=False), "moderate"),  # 33 %, 1 missed
        (Activity(sent=0, answered=0, missed=0, blocked=False), None),
        (Activity(sent=4, answered=4, missed=0, blocked=True), "high"),
    ],
)
def test_disengagement_edges(activity: Activity, expected: str | None) -> None:
    assert severity(run(activity=activity), "disengagement") == expected


def test_disengagement_args() -> None:
    activity = Activity(sent=6, answered=2, missed=3, blocked=False, paused_days=5)
    signal = one(run(activity=activity), "disengagement")
    assert signal and signal.evidence == ()
    assert signal.args == {
        "sent": 6,
        "answered": 2,
        "missed": 3,
        "rate": 33,
        "blocked": "no",
        "paused": 5,
    }


@pytest.mark.parametrize(
    ("count", "expected"), [(None, None), (4, None), (5, "moderate"), (6, "moderate"), (7, "high")]
)
def test_polypharmacy_edges(count: int | None, expected: str | None) -> None:
    signal = one(run(facts=Facts(psychotropic_count=count)), "polypharmacy")
    assert (signal.severity if signal else None) == expected
    if signal:
        assert signal.args == {"count": count} and signal.principle == "P6"


def test_safety_event_is_high_with_the_quotes_in_order() -> None:
    late = SafetyEvent(START + timedelta(days=3), "self_harm", "I want to hurt myself")
    early = SafetyEvent(START + timedelta(days=1), "stopped_all", "I stopped everything at once")
    signal = one(run(safety=[late, early]), "safety_event")
    assert signal and signal.severity == "high" and signal.principle == ""
    assert signal.evidence == (early, late) and signal.args == {"count": 2}
    assert one(run(), "safety_event") is None


# --- issue 11: a rise counts only when its last value reaches the threshold ------------------


def _rising_thresholds(days_missed: int, rising: int) -> Thresholds:
    return replace(T, nonadherence=Nonadherence(days_missed, 4, rising))


@pytest.mark.parametrize(
    ("last", "expected"),
    [(2, "moderate"), (3, "high")],  # just below the threshold of 3, then at it
)
def test_nonadherence_rise_must_end_at_or_above_the_threshold(last: int, expected: str) -> None:
    # Raised by the first check-in (3 days); then 1 -> `last`: a strict rise over 2 check-ins.
    period = ci(1, {DAYS_MISSED: 3}), ci(2, {DAYS_MISSED: 1}), ci(3, {DAYS_MISSED: last})
    signal = one(run(*period, thresholds=_rising_thresholds(3, 2)), "nonadherence")
    assert signal and signal.severity == expected
    assert signal.args["rising"] == ("yes" if expected == "high" else "no")


def test_nonadherence_rise_from_zero_to_one_is_not_a_rise_into_nonadherence() -> None:
    # A strict rise of two (0 -> 1) with the threshold at 2: raised by the earlier 2, not rising.
    period = ci(1, {DAYS_MISSED: 2}), ci(2, {DAYS_MISSED: 0}), ci(3, {DAYS_MISSED: 1})
    signal = one(run(*period, thresholds=_rising_thresholds(2, 2)), "nonadherence")
    assert signal and signal.severity == "moderate" and signal.args["rising"] == "no"
    assert [o.value for o in signal.evidence] == [2]
