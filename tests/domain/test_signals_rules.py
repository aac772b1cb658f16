"""Every signal rule at its threshold edges: just below, at, and above."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.domain.constructs import RED_FLAG_EFFECTS
from bot.domain.drugs import DrugClass
from bot.domain.regimen import Change, ChangeKind
from bot.domain.signal_rules import (
    BASELINE,
    BENEFIT,
    BURDEN,
    DAYS_MISSED,
    DEPENDENCY,
    DOSE_CHANGE,
    EFFECTS,
    EXTRA_FOR_FEELINGS,
    FEELING,
    FUNCTION,
    FUNCTION_LEVEL,
    HARM,
    HEARD,
    HOPE,
    IDENTITY,
    INTOLERANCE,
    LOSS,
    LOSS_ANY,
    NECESSITY,
    PRESSURE,
    READINESS,
    REASON,
    SYMPTOM_LEVEL,
    SYMPTOMS,
    WANT_MORE,
    WARY,
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
def test_nocebo_harm_worry_with_new_side_effects(harm: int, fires: bool) -> None:
    signal = one(run(ci(1, {HARM: harm, EFFECTS: ("headache",)})), "nocebo_pattern")
    assert (signal is not None) is fires
    if signal:
        assert signal.args == {
            "basis": "worry",
            "harm": harm,
            "effects": 1,
            "new": "headache",
            "prior": "none",
            "baseline": "no",
        }


def test_nocebo_harm_worry_without_side_effects_is_not_raised() -> None:
    assert one(run(ci(1, {HARM: 9, EFFECTS: ("none",)})), "nocebo_pattern") is None
    assert one(run(ci(1, {HARM: 9, EFFECTS: None})), "nocebo_pattern") is None


@pytest.mark.parametrize(
    "effects",
    [
        [("headache",), ("dizzy", "foggy")],  # 3 different, across check-ins
        [("headache", "dizzy", "foggy", "sexual", "stomach", "shaky")],
    ],
)
def test_the_count_of_effects_alone_never_raises_nocebo(effects: list[tuple[str, ...]]) -> None:
    checkins = [ci(i, {EFFECTS: e, HARM: 6, BURDEN: 10}) for i, e in enumerate(effects, 1)]
    assert one(run(*checkins), "nocebo_pattern") is None


def test_nocebo_reads_the_latest_harm_worry_from_all_history() -> None:
    intake = ci(0, {HARM: 9}, dialog="intake")
    signal = one(run(ci(1, {EFFECTS: ("headache",)}), history=intake), "nocebo_pattern")
    assert signal and signal.args["harm"] == 9
    assert [o.construct for o in signal.evidence] == [HARM, EFFECTS]
    calmer = intake + ci(1, {HARM: 3}, dialog="pre_visit")  # the latest is what counts
    assert one(run(ci(2, {EFFECTS: ("headache",)}), history=calmer), "nocebo_pattern") is None


def test_nocebo_ignores_a_harm_worry_answered_after_the_report() -> None:
    later = ci(5, {HARM: 9}, dialog="pre_visit")
    period = ci(1, {EFFECTS: ("headache",)})
    assert one(run(period, history=later), "nocebo_pattern") is None


@pytest.mark.parametrize(
    ("prior", "expected"),
    [
        ({INTOLERANCE: "yes"}, "intolerance"),
        ({INTOLERANCE: "no"}, None),
        ({INTOLERANCE: "not_sure"}, None),
        ({WARY: 6}, None),
        ({WARY: 7}, "wary"),
        ({WARY: 10, INTOLERANCE: "yes"}, "intolerance"),
    ],
)
def test_nocebo_prior_without_worry(prior: dict[str, Any], expected: str | None) -> None:
    intake = ci(0, prior, dialog="intake")
    signal = one(run(ci(1, {EFFECTS: ("headache",), HARM: 2}), history=intake), "nocebo_pattern")
    assert (signal.args["prior"] if signal else None) == expected
    if signal:
        assert signal.args["basis"] == "prior" and signal.severity == "moderate"


def test_nocebo_prior_from_distrust_in_the_same_period() -> None:
    unheard = ci(1, {HEARD: 3, PRESSURE: 8})
    signal = one(run(unheard, ci(2, {EFFECTS: ("stomach",)})), "nocebo_pattern")
    assert signal and signal.args["prior"] == "distrust"
    heard = ci(1, {HEARD: 5, PRESSURE: 8})
    assert one(run(heard, ci(2, {EFFECTS: ("stomach",)})), "nocebo_pattern") is None


@pytest.mark.parametrize(("burden", "expected"), [(6, "moderate"), (7, "high")])
def test_nocebo_high_needs_worry_a_prior_and_burden(burden: int, expected: str) -> None:
    intake = ci(0, {WARY: 8}, dialog="intake")
    answers = {HARM: 7, EFFECTS: ("headache", "dizzy"), BURDEN: burden}
    signal = one(run(ci(1, answers), history=intake), "nocebo_pattern")
    assert signal and signal.severity == expected and signal.args["basis"] == "both"


def test_nocebo_burden_with_worry_alone_stays_moderate() -> None:
    signals = run(ci(1, {HARM: 9, EFFECTS: ("headache",), BURDEN: 10}))
    assert severity(signals, "nocebo_pattern") == "moderate"


def test_nocebo_evidence_holds_the_worry_the_prior_the_baseline_the_effects_the_burden() -> None:
    intake = ci(0, {HARM: 8, INTOLERANCE: "yes", BASELINE: ("sleepy",)}, dialog="intake")
    answers = {EFFECTS: ("sleepy", "headache"), BURDEN: 9, HEARD: 8}
    signal = one(run(ci(1, answers), history=intake), "nocebo_pattern")
    assert signal and [o.construct for o in signal.evidence] == [
        HARM,
        INTOLERANCE,
        BASELINE,
        EFFECTS,
        BURDEN,
    ]
    assert signal.args["new"] == "headache" and signal.args["baseline"] == "yes"


def test_baseline_symptoms_do_not_count_as_new() -> None:
    intake = ci(0, {HARM: 9, BASELINE: ("headache", "trouble_sleeping")}, dialog="intake")
    same = ci(1, {EFFECTS: ("headache", "trouble_sleeping")})
    assert one(run(same, history=intake), "nocebo_pattern") is None
    more = ci(1, {EFFECTS: ("headache", "dizzy")})
    signal = one(run(more, history=intake), "nocebo_pattern")
    assert signal and signal.args["new"] == "dizzy" and signal.args["effects"] == 1


def test_the_latest_baseline_before_the_report_counts_not_one_in_the_same_checkin() -> None:
    intake = ci(0, {HARM: 9, BASELINE: ("none",)}, dialog="intake")
    later = ci(1, {BASELINE: ("headache",)}, dialog="pre_visit")
    report = ci(2, {EFFECTS: ("headache",)})
    assert one(run(report, history=intake + later), "nocebo_pattern") is None
    assert one(run(report, history=intake), "nocebo_pattern") is not None
    both = ci(2, {BASELINE: ("headache",), EFFECTS: ("headache",)}, dialog="pre_visit")
    assert one(run(both, history=intake), "nocebo_pattern") is not None


def test_nocebo_ignores_checkins_with_a_medication_red_flag() -> None:
    flagged = ci(1, {HARM: 8, EFFECTS: ("other", "dizzy", "shaky")})
    assert one(run(flagged, nocebo_excluded={1}), "nocebo_pattern") is None
    assert one(run(flagged, nocebo_excluded={2}), "nocebo_pattern") is not None


@pytest.mark.parametrize("flag", sorted(RED_FLAG_EFFECTS))
def test_a_red_flag_never_counts_nor_shows_as_nocebo_evidence(flag: str) -> None:
    """Red flags are safety events: with high worry they raise nothing, and beside an ordinary
    effect they are not its evidence."""
    assert one(run(ci(1, {HARM: 9, EFFECTS: (flag,)})), "nocebo_pattern") is None
    signal = one(run(ci(1, {HARM: 9, EFFECTS: (flag, "headache")})), "nocebo_pattern")
    assert signal is not None and signal.args["effects"] == 1
    shown = [o.value for o in signal.evidence if o.construct == EFFECTS]
    assert shown == [("headache",)]


# --- adverse_effect_after_change --------------------------------------------------------------


def change(
    days_before: float,
    kind: ChangeKind = "increase",
    drug_class: DrugClass = "ssri",
    drug: str = "sertraline",
) -> Change:
    """A regimen change `days_before` the first weekly check-in (check-in 1)."""
    return Change(
        id=1,
        patient_id=1,
        at=START + timedelta(days=7) - timedelta(days=days_before),
        kind=kind,
        medication_id=1,
        drug=drug,
        drug_class=drug_class,
        dose_before=None if kind == "start" else "50 mg",
        dose_after=None if kind == "stop" else "100 mg",
    )


def after(*changes: Change) -> Facts:
    return Facts(psychotropic_count=1, changes=changes)


ACTIVATION = {HARM: 9, EFFECTS: ("restless", "trouble_sleeping"), BURDEN: 5}


def test_restlessness_after_an_ssri_increase_is_never_titled_nocebo() -> None:
    intake = ci(0, {WARY: 9, INTOLERANCE: "yes", BASELINE: ("none",)}, dialog="intake")
    signals = run(
        ci(1, ACTIVATION | {HEARD: 2, PRESSURE: 9}), history=intake, facts=after(change(5))
    )
    assert one(signals, "nocebo_pattern") is None
    signal = one(signals, "adverse_effect_after_change")
    assert signal and signal.category == "medical" and signal.severity == "moderate"
    assert signal.args == {
        "drug": "sertraline",
        "kind": "increase",
        "before": "50 mg",
        "after": "100 mg",
        "days": 5,
        "effects": 2,
        "fits": "trouble_sleeping,restless",
        "baseline": "yes",
        "harm": 9,
    }
    assert [o.construct for o in signal.evidence] == [BASELINE, EFFECTS]


def test_the_same_effects_without_a_change_are_read_as_worry() -> None:
    signals = run(ci(1, ACTIVATION))
    assert one(signals, "adverse_effect_after_change") is None
    assert one(signals, "nocebo_pattern") is not None


@pytest.mark.parametrize(("days", "fires"), [(0, True), (28, True), (29, False)])
def test_adverse_effect_window_edges(days: float, fires: bool) -> None:
    signals = run(ci(1, ACTIVATION), facts=after(change(days)))
    assert (one(signals, "adverse_effect_after_change") is not None) is fires
    assert (one(signals, "nocebo_pattern") is None) is fires


def test_a_change_after_the_report_explains_nothing() -> None:
    signals = run(ci(1, ACTIVATION), facts=after(change(-1)))
    assert one(signals, "adverse_effect_after_change") is None


@pytest.mark.parametrize(
    ("kind", "drug_class", "fires"),
    [
        ("start", "ssri", True),
        ("change", "snri", True),
        ("decrease", "ssri", True),  # discontinuation: restless, poor sleep
        ("increase", "lithium", False),  # not lithium's profile
        ("increase", "other", False),
        ("note", None, False),
    ],
)
def test_adverse_effect_fits_the_class_and_the_kind(
    kind: ChangeKind, drug_class: DrugClass | None, fires: bool
) -> None:
    facts = after(replace(change(3, kind), drug_class=drug_class))
    found = one(run(ci(1, ACTIVATION), facts=facts), "adverse_effect_after_change")
    assert (found is not None) is fires


def test_only_the_fitting_effects_are_explained_the_rest_may_be_worry() -> None:
    answers = {HARM: 9, EFFECTS: ("restless", "sexual", "emotionally_flat")}
    signals = run(ci(1, answers), facts=after(change(3, drug_class="lithium")))
    assert one(signals, "adverse_effect_after_change") is None
    signals = run(ci(1, answers), facts=after(change(3)))
    adverse, nocebo = (one(signals, c) for c in ("adverse_effect_after_change", "nocebo_pattern"))
    assert adverse and adverse.args["fits"] == "restless,sexual"
    assert nocebo and nocebo.args["new"] == "emotionally_flat"


def test_baseline_effects_are_not_new_after_a_change_either() -> None:
    intake = ci(0, {BASELINE: ("restless", "trouble_sleeping")}, dialog="intake")
    signals = run(ci(1, ACTIVATION), history=intake, facts=after(change(3)))
    assert one(signals, "adverse_effect_after_change") is None
    assert one(signals, "nocebo_pattern") is None


@pytest.mark.parametrize(("burden", "expected"), [(6, "moderate"), (7, "high")])
def test_adverse_effect_high_with_burden(burden: int, expected: str) -> None:
    signals = run(ci(1, ACTIVATION | {BURDEN: burden}), facts=after(change(3)))
    assert severity(signals, "adverse_effect_after_change") == expected


def test_adverse_effect_cites_the_latest_fitting_change() -> None:
    old, new = change(20, "start"), replace(change(4), id=2)
    signal = one(run(ci(1, ACTIVATION), facts=after(old, new)), "adverse_effect_after_change")
    assert signal and signal.args["kind"] == "increase" and signal.args["days"] == 4


def test_adverse_effect_days_count_to_the_first_report_not_the_last() -> None:
    """The onset, as a prescriber asks it: the effects were first reported 4 days after the
    rise, even though they were reported again a week later."""
    signals = run(ci(1, ACTIVATION), ci(2, ACTIVATION), facts=after(change(4)))
    signal = one(signals, "adverse_effect_after_change")
    assert signal and signal.args["days"] == 4


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
    assert signal and signal.args == {"checkins": 2, "basis": "changes"}
    assert len(signal.evidence) == 4


@pytest.mark.parametrize(
    ("yes", "expected"), [(0, None), (1, "moderate"), (2, "high"), (3, "high")]
)
def test_defensive_use_edges(yes: int, expected: str | None) -> None:
    checkins = [ci(i, {EXTRA_FOR_FEELINGS: "yes" if i <= yes else "no"}) for i in range(1, 5)]
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


def levels(cid: int, symptoms: int, function: int) -> list[Observation]:
    return ci(cid, {SYMPTOM_LEVEL: symptoms, FUNCTION_LEVEL: function})


@pytest.mark.parametrize(
    ("series", "fires"),
    [
        ([(3, 2), (5, 3)], False),  # one improving check-in
        ([(3, 2), (5, 3), (6, 4)], True),  # two, life at 4 (the edge)
        ([(3, 2), (5, 3), (6, 5)], False),  # life at 5: above the edge
        ([(3, 2), (5, 3), (4, 3)], True),  # 4 is below the one before but above the first
        ([(5, 2), (5, 3), (5, 3)], False),  # symptoms flat
        ([(6, 2), (3, 2), (4, 2)], False),  # one rise (3 -> 4), still below the first
    ],
)
def test_symptom_function_gap_on_levels(series: list[tuple[int, int]], fires: bool) -> None:
    checkins = [levels(i, s, f) for i, (s, f) in enumerate(series, 1)]
    signal = one(run(*checkins), "symptom_function_gap")
    assert (signal is not None) is fires
    if signal:
        assert signal.args["basis"] == "levels"
        assert [o.value for o in signal.evidence if o.construct == SYMPTOM_LEVEL][0] == series[0][
            0
        ]


def test_symptom_function_gap_levels_from_a_first_level_before_the_period() -> None:
    intake = levels(0, 2, 3)
    signal = one(run(levels(1, 5, 3), levels(2, 5, 2), history=intake), "symptom_function_gap")
    assert signal and signal.args == {"checkins": 2, "basis": "levels"}


def test_symptom_function_gap_counts_both_paths_together() -> None:
    first = levels(0, 2, 3)
    by_level = levels(1, 5, 3)
    by_change = gap(2)
    signal = one(run(by_level, by_change, history=first), "symptom_function_gap")
    assert signal and signal.args == {"checkins": 2, "basis": "both"}


def test_defensive_use_reads_only_the_extra_doses_item_and_shows_the_feeling() -> None:
    old = ci(1, {"use.for_feelings": "yes"})
    assert one(run(old), "defensive_use") is None
    signal = one(
        run(ci(1, {EXTRA_FOR_FEELINGS: "yes", FEELING: ("loneliness", "sadness")})),
        "defensive_use",
    )
    assert signal and signal.args["feelings"] == "loneliness,sadness"
    assert [o.construct for o in signal.evidence] == [EXTRA_FOR_FEELINGS, FEELING]


@pytest.mark.parametrize(("change_", "fires"), [(-2, False), (-1, False), (0, True), (1, True)])
def test_escalation_not_raised_while_symptoms_worsen(change_: int, fires: bool) -> None:
    weeks = [ci(i, {WANT_MORE: "yes", SYMPTOMS: change_}) for i in (1, 2)]
    assert (one(run(*weeks), "escalation_seeking") is not None) is fires


def test_escalation_not_raised_while_the_symptom_level_falls() -> None:
    falling = [ci(i, {WANT_MORE: "yes", SYMPTOM_LEVEL: 8 - 2 * i}) for i in (1, 2, 3)]
    assert one(run(*falling), "escalation_seeking") is None  # 6, 4, 2: only the first counts
    steady = [ci(i, {WANT_MORE: "yes", SYMPTOM_LEVEL: 5}) for i in (1, 2, 3)]
    assert one(run(*steady), "escalation_seeking") is not None


def test_escalation_shows_what_more_is_hoped_for() -> None:
    weeks = [
        ci(i, {WANT_MORE: "yes", HOPE: ("feel_nothing",) if i == 1 else ("calm", "sleep")})
        for i in (1, 2)
    ]
    signal = one(run(*weeks), "escalation_seeking")
    assert signal and signal.args["hopes"] == "calm,feel_nothing,sleep"
    assert [o.construct for o in signal.evidence] == [WANT_MORE, HOPE] * 2


# --- beliefs_gap ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("necessity", "worries", "gap"),
    [
        (5, {DEPENDENCY: 8}, 3.0),  # 3 points: raised
        (6, {DEPENDENCY: 8}, None),  # 2 points: not
        (4, {DEPENDENCY: 8, IDENTITY: 6, HARM: 7}, 3.0),  # mean 7
        (5, {DEPENDENCY: 8, IDENTITY: 6, HARM: 7}, None),  # mean 7, 2 below
        (0, {HARM: 3}, 3.0),
        (2, {}, None),  # no worry answered
    ],
)
def test_beliefs_gap_edges(necessity: int, worries: dict[str, int], gap: float | None) -> None:
    signal = one(run(ci(1, {NECESSITY: necessity} | worries)), "beliefs_gap")
    assert (signal.args["gap"] if signal else None) == gap
    if signal:
        assert signal.category == "attitudes" and signal.severity == "moderate"


def test_beliefs_gap_reads_the_latest_answers_and_is_low_from_intake_alone() -> None:
    intake = ci(0, {NECESSITY: 2, DEPENDENCY: 9}, dialog="intake")
    signal = one(run(ci(1, {"note.free": "x"}), history=intake), "beliefs_gap")
    assert signal and signal.severity == "low"
    calmer = ci(1, {DEPENDENCY: 4})
    assert one(run(calmer, history=intake), "beliefs_gap") is None  # 4 - 2 = 2


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


@pytest.mark.parametrize("unfinished", [False, True])
def test_disengagement_never_during_an_unfinished_intake(unfinished: bool) -> None:
    activity = Activity(sent=3, answered=0, missed=2, blocked=False, intake_unfinished=unfinished)
    assert (severity(run(activity=activity), "disengagement") is None) is unfinished
