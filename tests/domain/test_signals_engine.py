"""Signals as a whole: ordering, trends, the thresholds file, purity, three patient profiles."""

from __future__ import annotations

import ast
import re
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain import signal_rules, signals
from bot.domain.constructs import CONSTRUCTS
from bot.domain.regimen import Change
from bot.domain.signals import (
    CODES,
    DEFAULT_THRESHOLDS,
    Activity,
    Facts,
    NotAsked,
    Observation,
    SafetyEvent,
    Signal,
    ThresholdsError,
    evaluate,
    label_trends,
    load_thresholds,
    split_resolved,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T = load_thresholds()
CALM = Activity(sent=4, answered=4, missed=0, blocked=False)


def ci(cid: int, answers: dict[str, Any], dialog: str = "weekly") -> list[Observation]:
    """One check-in's answers, a week apart per id, a minute apart within it."""
    at = START + timedelta(days=7 * cid)
    return [
        Observation(at + timedelta(minutes=i), dialog, c.split(".")[1], c, v, cid)
        for i, (c, v) in enumerate(answers.items())
    ]


def flat(*checkins: list[Observation]) -> list[Observation]:
    return [o for group in checkins for o in group]


def codes(found: list[Signal]) -> set[str]:
    return {s.code for s in found}


# --- the table ------------------------------------------------------------------------------

TABLE = {  # code: (category, principle), as in the clinical model's Signals table
    "nonadherence": ("resistance_to", "P4"),
    "self_adjusted_dose": ("resistance_to", "P4"),
    "intentional_nonadherence": ("resistance_to", "P3, P4"),
    "adverse_effect_after_change": ("medical", "P1"),
    "nocebo_pattern": ("resistance_to", "P1, P4"),
    "distrust_control": ("resistance_to", "P4"),
    "low_alliance": ("alliance", "P2, P4"),
    "low_readiness": ("resistance_to", "P3"),
    "symptom_loss_ambivalence": ("resistance_to", "P3"),
    "medication_fears": ("resistance_to", "P2"),
    "symptom_function_gap": ("resistance_from", "P5"),
    "defensive_use": ("resistance_from", "P5"),
    "escalation_seeking": ("resistance_from", "P5, P6"),
    "low_expectation": ("resistance_to", "P2"),
    "beliefs_gap": ("attitudes", "P2"),
    "disengagement": ("engagement", "P2"),
    "polypharmacy": ("prescriber", "P6"),
    "safety_event": ("safety", ""),
}


def test_every_code_of_the_clinical_model_has_a_rule() -> None:
    assert {r.code: (r.category, r.principle) for r in signal_rules.RULES} == TABLE
    assert sorted(CODES) == sorted(TABLE)


def test_rules_read_only_constructs_of_the_vocabulary() -> None:
    names = {v for k, v in vars(signal_rules).items() if k.isupper() and isinstance(v, str)}
    constructs = {n for n in names if "." in n and not n.endswith(".")}
    assert constructs and constructs <= set(CONSTRUCTS)
    assert any(c.startswith(signal_rules.ALLIANCE) for c in CONSTRUCTS)


def everything_fires() -> list[Signal]:
    """A deliberately troubled period in which every rule fires."""
    intake = ci(
        0,
        {"alliance.heard": 10, "ambivalence.loss_any": "yes", "belief.necessity": 2},
        dialog="intake",
    )
    weekly = {
        "adherence.days_missed_7d": 5,
        "adherence.dose_change": "took_less",
        "adherence.reason": ("dont_want_to_depend",),
        "expectation.harm": 8,
        "side_effects.present": ("headache", "dizzy", "foggy"),
        "alliance.heard": 2,
        "control.pressure": 9,
        "readiness.change": 1,
        "concern.identity": 9,
        "expectation.benefit": 1,
        "symptoms.change": 1,
        "function.change": -1,
        "use.extra_for_feelings": "yes",
        "want.more_medication": "yes",
    }
    period = flat(ci(1, weekly), ci(2, weekly))
    event = SafetyEvent(START + timedelta(days=9), "suicidal_intent", "I don't want to wake up")
    activity = Activity(sent=5, answered=2, missed=3, blocked=False)
    raised = Change(1, 1, START + timedelta(days=5), "increase", None, 1, "sertraline", "ssri")
    facts = Facts(8, (raised,))
    return evaluate(period, [*intake, *period], activity, [event], facts, T)


def test_a_troubled_period_raises_every_code() -> None:
    assert codes(everything_fires()) == set(TABLE)


def test_signals_are_sorted_safety_first_then_severity_then_code() -> None:
    found = everything_fires()
    rank = {"high": 0, "moderate": 1, "low": 2}
    assert found[0].code == "safety_event"
    keys = [(rank[s.severity], s.code) for s in found[1:]]
    assert keys == sorted(keys)
    assert [s.severity for s in found].count("low") >= 1


def test_safety_is_first_even_among_other_high_signals() -> None:
    event = SafetyEvent(START, "overdose", "took all my pills")
    found = evaluate([], [], CALM, [event], Facts(9), T)
    assert [s.code for s in found] == ["safety_event", "polypharmacy"]


def test_signal_carries_locale_keys_and_dated_evidence() -> None:
    period = ci(1, {"adherence.dose_change": "stopped", "note.free": "felt fine"})
    (signal,) = evaluate(period, period, CALM, [], Facts(None), T)
    assert signal.code == "self_adjusted_dose" and signal.trend == "new"
    assert signal.summary_key == "signal-self-adjusted-dose-summary"
    assert signal.suggestion_key == "signal-self-adjusted-dose-suggestion"
    assert signal.title_key == "signal-self-adjusted-dose-title"
    (answer,) = signal.evidence
    assert isinstance(answer, Observation) and answer.at.tzinfo is not None
    assert (answer.dialog, answer.question, answer.value) == ("weekly", "dose_change", "stopped")


def test_history_repeating_the_period_is_not_counted_twice() -> None:
    period = flat(ci(1, {"want.more_medication": "yes"}))
    alone = evaluate(period, [], CALM, [], Facts(None), T)
    again = evaluate(period, list(period), CALM, [], Facts(None), T)
    assert alone == again == []


def test_unconstructed_and_skipped_answers_feed_no_rule() -> None:
    period = [
        Observation(START, "weekly", "mood", None, 0, 1, "dlg-weekly-mood"),
        Observation(START, "weekly", "days_missed", "adherence.days_missed_7d", None, 1),
        Observation(START, "weekly", "harm", "expectation.harm", "9", 1),  # a stray string
    ]
    assert evaluate(period, period, CALM, [], Facts(None), T) == []


# --- trends ---------------------------------------------------------------------------------


def test_trends_across_digests_new_persisting_resolved() -> None:
    first = ci(1, {"use.extra_for_feelings": "yes", "readiness.change": 2})
    first_found, resolved = label_trends(evaluate(first, first, CALM, [], Facts(None), T), [])
    assert {s.code: s.trend for s in first_found} == {
        "defensive_use": "new",
        "low_readiness": "new",
    }
    assert resolved == []

    second = ci(2, {"use.extra_for_feelings": "yes", "adherence.dose_change": "took_more"})
    found = evaluate(second, first + second, CALM, [], Facts(None), T)
    second_found, resolved = label_trends(found, [s.code for s in first_found])
    assert {s.code: s.trend for s in second_found} == {
        "defensive_use": "persisting",
        "self_adjusted_dose": "new",
    }
    assert resolved == ["low_readiness"]

    third = ci(3, {"use.extra_for_feelings": "no"})
    found = evaluate(third, first + second + third, CALM, [], Facts(None), T)
    third_found, resolved = label_trends(found, {s.code for s in second_found})
    assert third_found == [] and resolved == ["defensive_use", "self_adjusted_dose"]


def test_label_trends_keeps_order_and_everything_else() -> None:
    found = everything_fires()
    labelled, _ = label_trends(found, ["polypharmacy"])
    assert [s.code for s in labelled] == [s.code for s in found]
    poly = next(s for s in labelled if s.code == "polypharmacy")
    assert poly.trend == "persisting"
    assert {**asdict(poly), "trend": "new"} == asdict(
        next(s for s in found if s.code == "polypharmacy")
    )


# --- thresholds -----------------------------------------------------------------------------


def test_default_thresholds_are_the_clinical_model() -> None:
    assert (T.nonadherence.days_missed, T.nonadherence.high_days_missed) == (2, 4)
    assert T.nonadherence.rising_checkins == 3
    assert (T.nocebo_pattern.harm, T.nocebo_pattern.wary) == (7, 7)
    assert T.nocebo_pattern.high_burden == 7
    assert T.adverse_effect_after_change.high_burden == 7
    assert T.beliefs_gap.gap == 3
    assert (T.distrust_control.heard_max, T.distrust_control.pressure_min) == (4, 6)
    assert (T.low_alliance.mean_max, T.low_alliance.drop) == (5.0, 3.0)
    assert T.low_readiness.readiness_max == 3
    assert T.medication_fears.concern_min == 7
    sfg = T.symptom_function_gap
    assert (sfg.symptoms_min, sfg.function_max, sfg.checkins) == (1, 0, 2)
    assert sfg.function_level_max == 4
    assert (T.defensive_use.checkins, T.defensive_use.high_checkins) == (1, 2)
    assert (T.escalation_seeking.checkins, T.escalation_seeking.worsening_max) == (2, -1)
    assert T.low_expectation.benefit_max == 2
    assert (T.disengagement.missed, T.disengagement.min_response_percent) == (2, 50)
    assert (T.polypharmacy.moderate, T.polypharmacy.high) == (5, 7)
    assert "nothing" in T.symptom_loss_ambivalence.nothing_answers


def tuned(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped thresholds with one line changed."""
    text = DEFAULT_THRESHOLDS.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), old
    path = tmp_path / "thresholds.toml"
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return path


def test_a_tuned_file_moves_an_edge(tmp_path: Path) -> None:
    period = ci(1, {"adherence.days_missed_7d": 2})
    assert codes(evaluate(period, period, CALM, [], Facts(None), T)) == {"nonadherence"}
    stricter = load_thresholds(tuned(tmp_path, r"^days_missed = 2$", "days_missed = 3"))
    assert stricter.nonadherence.days_missed == 3
    assert evaluate(period, period, CALM, [], Facts(None), stricter) == []


def test_a_tuned_alliance_mean_accepts_a_decimal(tmp_path: Path) -> None:
    loose = load_thresholds(tuned(tmp_path, r"^mean_max = 5.0$", "mean_max = 5.5"))
    period = ci(1, {"alliance.heard": 5, "alliance.agreement": 6})
    assert codes(evaluate(period, period, CALM, [], Facts(None), loose)) == {"low_alliance"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (r"^harm = 7$", "harm = 7\nharm_typo = 8", "unknown key 'harm_typo'"),
        (r"^harm = 7$", "", "missing 'harm'"),
        (r"^harm = 7$", 'harm = "7"', "harm must be an integer"),
        (r"^harm = 7$", "harm = true", "harm must be an integer"),
        (r"^harm = 7$", "harm = 7.5", "harm must be an integer"),
        (r"^mean_max = 5.0$", 'mean_max = "low"', "mean_max must be a number"),
        (r"^nothing_answers = \[", "nothing_answers = [1, ", "must be a list of strings"),
        (r"^rising_checkins = 3$", "rising_checkins = 1", "at least 2"),
        (r"^\[polypharmacy\]$", "[polypharmacy]\n[extra]", "unknown key 'extra'"),
        (r"^harm = 7$", "harm = ", "Invalid value"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(ThresholdsError, match=re.escape(message)):
        load_thresholds(tuned(tmp_path, old, new))


def test_a_section_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    path = tuned(tmp_path, r"^\[low_readiness\]\n(?:#.*\n)*readiness_max = 3\n", "")
    path.write_text("low_readiness = 3\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ThresholdsError, match="low_readiness: must be a table"):
        load_thresholds(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ThresholdsError, match="absent.toml"):
        load_thresholds(tmp_path / "absent.toml")


# --- purity ---------------------------------------------------------------------------------

ALLOWED_IMPORTS = {
    "__future__",
    "collections.abc",
    "dataclasses",
    "datetime",
    "fractions",
    "functools",
    "itertools",
    "pathlib",
    "tomllib",
    "typing",
    "bot.domain.constructs",
    "bot.domain.profiles",
    "bot.domain.regimen",
    "bot.domain.signal_rules",
    "bot.domain.signals",
}


@pytest.mark.parametrize("module", [signals, signal_rules])
def test_the_engine_is_pure(module: Any) -> None:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= ALLOWED_IMPORTS
    calls = {
        n.func.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    }
    assert not calls & {"now", "today", "utcnow", "read_text", "write_text"}
    assert not any(isinstance(n, ast.AsyncFunctionDef) for n in ast.walk(tree))


# --- patient profiles -----------------------------------------------------------------------


def profile(intake: dict[str, Any], weeks: list[dict[str, Any]], **kw: Any) -> list[Signal]:
    """Intake in history, the weekly check-ins as the period since the previous digest."""
    before = ci(0, intake, dialog="intake")
    period = flat(*(ci(i, week) for i, week in enumerate(weeks, 1)))
    activity = kw.get("activity", Activity(len(weeks), len(weeks), 0, False))
    return evaluate(period, [*before, *period], activity, [], Facts(kw.get("psychotropics", 2)), T)


ALLIED_INTAKE = {
    "expectation.benefit": 7,
    "belief.necessity": 8,
    "expectation.harm": 3,
    "concern.dependency": 4,
    "concern.identity": 2,
    "readiness.change": 8,
    "alliance.heard": 9,
    "alliance.agreement": 8,
    "control.pressure": 1,
    "ambivalence.loss_any": "no",
    "ambivalence.loss": "nothing really",
}


def week(**answers: Any) -> dict[str, Any]:
    """A weekly check-in: an adherent, well-allied week unless told otherwise."""
    base = {
        "adherence.days_missed_7d": 0,
        "adherence.dose_change": "as_prescribed",
        "side_effects.present": ("none",),
        "side_effects.burden": 1,
        "expectation.harm": 2,
        "symptoms.change": 1,
        "function.change": 1,
        "alliance.heard": 9,
        "control.pressure": 1,
        "use.extra_for_feelings": "no",
        "want.more_medication": "no",
        "note.free": "all good",
    }
    return base | {k.replace("__", "."): v for k, v in answers.items()}


def test_profile_well_allied_adherent_patient() -> None:
    weeks = [
        week(),
        week(
            adherence__days_missed_7d=1,
            adherence__reason=("forgot",),
            side_effects__present=("dry_mouth",),
        ),
        week(symptoms__change=0, function__change=0),
        week(symptoms__change=2, function__change=1),
    ]
    found = profile(ALLIED_INTAKE, weeks)
    assert all(s.severity == "low" for s in found), [s.code for s in found]


NOCEBO_INTAKE = ALLIED_INTAKE | {
    "expectation.benefit": 4,
    "expectation.harm": 9,
    "alliance.heard": 6,
    "alliance.agreement": 5,
    "control.pressure": 7,
}


def test_profile_nocebo_and_distrust_patient() -> None:
    weeks = [
        week(
            expectation__harm=9,
            side_effects__present=("headache", "stomach"),
            side_effects__burden=8,
            alliance__heard=3,
            control__pressure=8,
            symptoms__change=0,
            function__change=0,
        ),
        week(
            expectation__harm=8,
            side_effects__present=("dizzy", "emotionally_flat"),
            side_effects__burden=9,
            alliance__heard=2,
            control__pressure=9,
            adherence__days_missed_7d=1,
            adherence__reason=("side_effects",),
            symptoms__change=0,
            function__change=-1,
        ),
    ]
    found = {s.code: s for s in profile(NOCEBO_INTAKE, weeks)}
    assert {"nocebo_pattern", "distrust_control", "low_alliance"} <= set(found)
    assert found["nocebo_pattern"].severity == "high"
    assert "defensive_use" not in found and "escalation_seeking" not in found
    assert "symptom_function_gap" not in found


def test_profile_resisting_from_medication() -> None:
    weeks = [
        week(symptoms__change=2, function__change=0, want__more_medication="yes"),
        week(symptoms__change=1, function__change=-1, use__extra_for_feelings="yes"),
        week(
            symptoms__change=2,
            function__change=0,
            use__extra_for_feelings="yes",
            want__more_medication="yes",
            note__free="the pills help me not feel lonely",
        ),
    ]
    found = {s.code: s for s in profile(ALLIED_INTAKE, weeks)}
    assert {"symptom_function_gap", "defensive_use", "escalation_seeking"} <= set(found)
    assert found["defensive_use"].severity == "high"
    assert found["symptom_function_gap"].args == {"checkins": 3, "basis": "changes"}
    assert "nonadherence" not in found and "self_adjusted_dose" not in found
    assert "nocebo_pattern" not in found


# --- issue 11: resolved only when asked again ------------------------------------------------


def test_an_intake_only_signal_not_asked_again_is_not_resolved() -> None:
    intake = ci(0, {"readiness.change": 2, "use.extra_for_feelings": "yes"}, dialog="intake")
    first = label_trends(evaluate(intake, intake, CALM, [], Facts(None), T), [])[0]
    assert codes(first) == {"low_readiness", "defensive_use"}
    weekly = ci(1, {"use.extra_for_feelings": "no"})  # readiness is intake-only: not asked again
    found = evaluate(weekly, intake + weekly, CALM, [], Facts(None), T)
    _, gone = label_trends(found, codes(first))
    resolved, not_asked = split_resolved(gone, weekly, intake + weekly)
    assert resolved == ["defensive_use"]  # asked again, and no longer raised
    assert not_asked == [NotAsked("low_readiness", intake[0].at)]


@pytest.mark.parametrize(("readiness", "resolved"), [(3, False), (4, True)])
def test_asked_again_at_the_threshold_edge(readiness: int, resolved: bool) -> None:
    first = ci(1, {"readiness.change": 2})
    second = ci(2, {"readiness.change": readiness})
    found = evaluate(second, first + second, CALM, [], Facts(None), T)
    labelled, gone = label_trends(found, ["low_readiness"])
    assert split_resolved(gone, second, first + second) == (
        (["low_readiness"], []) if resolved else ([], [])
    )
    assert [s.trend for s in labelled] == ([] if resolved else ["persisting"])


def test_a_skipped_answer_still_counts_as_asked_and_prefixes_match() -> None:
    first = ci(1, {"alliance.heard": 2, "alliance.agreement": 2})
    second = ci(2, {"alliance.agreement": None})
    assert split_resolved(["low_alliance"], second, first + second) == (["low_alliance"], [])
    later = ci(3, {"symptoms.change": 1})
    assert split_resolved(["low_alliance"], later, first + later) == (
        [],
        [NotAsked("low_alliance", first[1].at)],
    )


def test_signals_reading_no_construct_resolve_and_unknown_codes_too() -> None:
    gone = ["disengagement", "polypharmacy", "safety_event", "retired_code"]
    assert split_resolved(gone, [], []) == (gone, [])


def test_a_signal_never_answered_has_no_date() -> None:
    assert split_resolved(["nonadherence"], [], []) == ([], [NotAsked("nonadherence", None)])


def test_every_rule_reading_answers_names_what_it_reads() -> None:
    silent = {"disengagement", "polypharmacy", "safety_event"}
    assert {r.code for r in signal_rules.RULES if not r.reads} == silent
    names = {c for r in signal_rules.RULES for c in r.reads}
    assert all(
        n in CONSTRUCTS or (n.endswith(".") and any(c.startswith(n) for c in CONSTRUCTS))
        for n in names
    )
