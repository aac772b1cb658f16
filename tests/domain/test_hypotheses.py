"""Hypotheses: signals sharing evidence grouped, clinical priority, compact points, strings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fluent.runtime import FluentBundle, FluentResource

from bot.domain.constructs import CONSTRUCTS, NONE, RED_FLAG_EFFECTS
from bot.domain.hypotheses import (
    FAMILIES,
    KEYS,
    PRIORITY,
    TIER,
    Hypothesis,
    Point,
    group,
    value_id,
)
from bot.domain.regimen import Change
from bot.domain.signal_rules import Arg
from bot.domain.signals import (
    CODES,
    Activity,
    Facts,
    Observation,
    SafetyEvent,
    Signal,
    evaluate,
    load_thresholds,
)
from tests.domain.test_signals_engine import ci

LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = ("en", "es", "ru")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T = load_thresholds()
CALM = Activity(sent=4, answered=4, missed=0, blocked=False)
LISTED = (
    "side_effects.present",
    "adherence.dose_change",
    "adherence.reason",
    "use.feeling",
    "want.more_hope",
)


def hypotheses(
    *checkins: list[Observation],
    history: list[Observation] = (),  # type: ignore[assignment]
    facts: Facts | None = None,
    activity: Activity = CALM,
    safety: list[SafetyEvent] = (),  # type: ignore[assignment]
) -> list[Hypothesis]:
    period = [o for c in checkins for o in c]
    found = evaluate(period, [*history, *period], activity, safety, facts or Facts(1), T)
    return group(found)


def keys(found: list[Hypothesis]) -> list[str]:
    return [h.key for h in found]


def bundle(lang: str) -> FluentBundle:
    result = FluentBundle([lang], use_isolating=False)
    for name in ("hypotheses.ftl", "signals.ftl"):
        result.add_resource(FluentResource((LOCALES / lang / name).read_text(encoding="utf-8")))
    return result


def say(lang: str = "en") -> Any:
    messages = bundle(lang)

    def format_(key: str, args: Mapping[str, Arg]) -> str:
        message = messages.get_message(key)
        text, errors = messages.format_pattern(message.value, dict(args))
        assert not errors, (lang, key, args, errors)
        return str(text)

    return format_


def lines(h: Hypothesis, lang: str = "en") -> list[str]:
    return [p.text(say(lang)) for p in h.points]


def increase(days_before: int) -> Facts:
    at = START + timedelta(days=7) - timedelta(days=days_before)
    change = Change(1, 1, at, "increase", None, 1, "sertraline", "ssri", "50 mg", "100 mg")
    return Facts(1, (change,))


# --- grouping --------------------------------------------------------------------------------


def test_missed_days_self_adjusted_dose_and_an_intentional_reason_are_one_hypothesis() -> None:
    weeks = [
        ci(1, {"adherence.days_missed_7d": 2}),
        ci(2, {"adherence.days_missed_7d": 3}),
        ci(
            3,
            {
                "adherence.days_missed_7d": 4,
                "adherence.dose_change": "took_less",
                "adherence.prescriber_knows": "no",
                "adherence.reason": ("forgot", "dont_want_to_depend"),
            },
        ),
    ]
    (found,) = hypotheses(*weeks)
    assert found.key == "taking_less_on_purpose"
    assert set(found.codes) == {"nonadherence", "self_adjusted_dose", "intentional_nonadherence"}
    assert found.codes[0] == "nonadherence" and found.severity == "high"
    assert lines(found) == [
        "missed days 2 → 3 → 4",
        "own dose change: took less (prescriber doesn't know)",
        "on purpose: doesn't want to depend on it",
    ]
    assert found.title_key == "hypothesis-taking-less-on-purpose-title"


def test_taking_less_without_a_reason_and_taking_more() -> None:
    less = ci(1, {"adherence.days_missed_7d": 3, "adherence.dose_change": "skipped_on_purpose"})
    assert keys(hypotheses(less)) == ["taking_less"]
    more = ci(
        1,
        {"adherence.dose_change": "took_more", "adherence.reason": ("felt_worse",)},
    )
    (found,) = hypotheses(more)
    assert found.key == "taking_more"
    assert found.codes == ("self_adjusted_dose", "intentional_nonadherence")


def test_family_members_in_different_checkins_stay_apart() -> None:
    found = hypotheses(
        ci(1, {"adherence.days_missed_7d": 3}),
        ci(2, {"adherence.dose_change": "took_less"}),
    )
    assert sorted(keys(found)) == ["nonadherence", "self_adjusted_dose"]


def test_one_low_heard_answer_with_pressure_is_one_hypothesis() -> None:
    (found,) = hypotheses(ci(1, {"alliance.heard": 2, "control.pressure": 8}))
    assert found.key == "unheard_pressured"
    assert set(found.codes) == {"distrust_control", "low_alliance"}
    assert lines(found)[0] == "heard 2/10 · pressure 8/10"


def test_unrelated_signals_stay_apart_even_in_one_checkin() -> None:
    week = ci(
        1,
        {
            "adherence.days_missed_7d": 3,
            "readiness.change": 1,
            "alliance.heard": 9,
            "expectation.benefit": 1,
        },
    )
    found = hypotheses(week)
    assert keys(found) == ["nonadherence", "low_expectation", "low_readiness"]
    assert all(len(h.codes) == 1 for h in found)


def test_resistance_from_signals_sharing_checkins_are_one() -> None:
    weeks = [
        ci(
            i,
            {
                "symptoms.change": 2,
                "function.change": 0,
                "use.extra_for_feelings": "yes",
                "use.feeling": ("loneliness",),
                "want.more_medication": "yes",
                "want.more_hope": ("feel_nothing",),
            },
        )
        for i in (1, 2)
    ]
    (found,) = hypotheses(*weeks)
    assert found.key == "relying_on_medicine"
    assert set(found.codes) == {"symptom_function_gap", "defensive_use", "escalation_seeking"}
    assert "extra doses for feelings in 2 check-ins: loneliness" in lines(found)
    assert "wants more medication in 2 check-ins, hoping for: to feel nothing" in lines(found)


def test_beliefs_gap_and_fears_from_the_same_answers_are_one() -> None:
    intake = ci(
        0, {"belief.necessity": 2, "concern.dependency": 9, "expectation.harm": 8}, "intake"
    )
    (found,) = hypotheses(intake)
    assert found.key == "doubts_about_medicine"
    assert found.codes == ("beliefs_gap", "medication_fears")
    assert lines(found)[0] == "felt need 2/10 · worries 8.5/10"


def test_every_raised_code_is_in_exactly_one_hypothesis_and_keys_are_unique() -> None:
    found, signals = troubled()
    codes = [c for h in found for c in h.codes]
    assert sorted(codes) == sorted(s.code for s in signals if s.code != "safety_event")
    assert len(set(keys(found))) == len(found)


def test_safety_is_never_a_hypothesis() -> None:
    event = SafetyEvent(START, "self_harm", "quote")
    assert hypotheses(safety=[event]) == []


# --- the activation picture: never nocebo -----------------------------------------------------


def test_restlessness_after_an_ssri_increase_leads_and_is_never_titled_nocebo() -> None:
    intake = ci(0, {"history.wary": 9, "side_effects.baseline": (NONE,)}, "intake")
    week = ci(
        1,
        {
            "expectation.harm": 9,
            "side_effects.present": ("restless", "trouble_sleeping"),
            "alliance.heard": 3,
            "control.pressure": 8,
        },
    )
    found = hypotheses(week, history=intake, facts=increase(5))
    assert found[0].key == "adverse_effect_after_change"
    assert all(h.key != "nocebo_pattern" for h in found)
    assert all("nocebo_pattern" not in h.codes for h in found)
    assert lines(found[0]) == [
        "worry 9/10 · side effects: insomnia, restless (new since the change)",
        "sertraline 50 mg → 100 mg, 5 days before the effects were reported",
    ]


def test_without_the_change_the_same_answers_read_as_side_effects_with_high_worry() -> None:
    week = ci(1, {"expectation.harm": 9, "side_effects.present": ("restless",)})
    (found,) = hypotheses(week)
    assert found.key == "nocebo_pattern"
    assert lines(found) == ["worry 9/10 · side effects: restless (no baseline recorded)"]


# --- priority --------------------------------------------------------------------------------


def troubled() -> tuple[list[Hypothesis], list[Signal]]:
    intake = ci(
        0,
        {
            "ambivalence.loss_any": "yes",
            "readiness.change": 1,
            "belief.necessity": 1,
            "concern.identity": 9,
            "side_effects.baseline": (NONE,),
        },
        "intake",
    )
    week = {
        "adherence.days_missed_7d": 5,
        "adherence.dose_change": "took_less",
        "adherence.reason": ("not_helping",),
        "expectation.harm": 8,
        "side_effects.present": ("restless", "foggy"),
        "alliance.heard": 2,
        "control.pressure": 9,
        "symptoms.change": 1,
        "function.change": -1,
        "use.extra_for_feelings": "yes",
        "want.more_medication": "yes",
    }
    period = ci(1, week) + ci(2, week)
    event = SafetyEvent(START + timedelta(days=9), "suicidal_intent", "quote")
    activity = Activity(sent=5, answered=2, missed=3, blocked=False)
    signals = evaluate(
        period, intake + period, activity, [event], Facts(8, increase(3).changes), T
    )
    return group(signals), signals


def test_clinical_priority_order() -> None:
    found, _ = troubled()
    tiers = [TIER[h.codes[0]] for h in found]
    assert tiers == sorted(tiers, key=PRIORITY.index)
    assert keys(found)[:2] == ["adverse_effect_after_change", "taking_less_on_purpose"]
    assert keys(found)[-2:] == ["disengagement", "polypharmacy"]
    assert "unheard_pressured" in keys(found)[2:4]


def test_within_a_tier_severity_comes_first() -> None:
    low = ci(1, {"readiness.change": 2})  # low_readiness: low
    fears = [ci(2, {"concern.identity": 9}), ci(3, {"concern.identity": 8})]  # moderate
    found = hypotheses(low, *fears)
    assert keys(found) == ["medication_fears", "low_readiness"]
    assert [h.severity for h in found] == ["moderate", "low"]


def test_group_returns_every_hypothesis_in_order_and_the_digest_shows_the_first() -> None:
    found, _ = troubled()
    assert len(found) > 3
    assert group(found[0].signals + found[1].signals)[0].key == found[0].key


# --- strings ---------------------------------------------------------------------------------


def every_key() -> set[str]:
    return {c for c in CODES if c != "safety_event"} | set(KEYS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_hypothesis_has_a_title_and_one_opening_question(lang: str) -> None:
    messages = bundle(lang)
    for key in every_key():
        h = Hypothesis(key, "low", ())
        assert messages.has_message(h.title_key), (lang, h.title_key)
        assert messages.has_message(h.question_key), (lang, h.question_key)
        question, errors = messages.format_pattern(messages.get_message(h.question_key).value)
        assert not errors
        assert not re.search(r"\bP\d\b", question), question  # principles in words
        assert ":" in question  # "principle: question"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_listed_option_value_has_a_label(lang: str) -> None:
    messages = bundle(lang)
    for construct in LISTED:
        values = CONSTRUCTS[construct].values - RED_FLAG_EFFECTS - {NONE}
        for value in values:
            assert messages.has_message(value_id(construct, value)), (lang, construct, value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_real_points_render_in_every_language(lang: str) -> None:
    found, _ = troubled()
    others = [
        hypotheses(
            ci(1, {"adherence.dose_change": "took_more", "adherence.reason": ("felt_worse",)})
        ),
        hypotheses(*[ci(i, {"symptoms.level": 3 + i, "function.level": 2}) for i in (1, 2, 3)]),
        hypotheses(
            ci(1, {"side_effects.present": ("dizzy",)}),
            history=ci(0, {"history.intolerance": "yes"}),
        ),
    ]
    for h in found + [h for group_ in others for h in group_]:
        for text in lines(h, lang):
            assert text.strip() and "{" not in text and "\n" not in text, (lang, h.key, text)


def test_families_hold_known_codes_only() -> None:
    assert {c for codes in FAMILIES.values() for c in codes} <= set(CODES)
    assert set(TIER) == set(CODES) - {"safety_event"}
    assert set(TIER.values()) <= set(PRIORITY)


def test_a_point_renders_its_lists_with_the_value_labels() -> None:
    point = Point(
        "hypothesis-point-reasons",
        {"reasons": "not_helping,test_need"},
        {"reasons": "adherence.reason"},
    )
    assert point.text(say("en")) == "on purpose: it wasn't helping, to see if still needed"
    assert point.text(say("es")) == "a propósito: no le ayudaba, para ver si aún la necesita"


def test_selector_args_of_points_are_never_option_values() -> None:
    """A renderer that turns option values into words must not touch a selector ("aware")."""
    options = {v for c in CONSTRUCTS.values() for v in c.values} | {"yes", "no", "not_sure"}
    found, _ = troubled()
    answers = {
        "adherence.days_missed_7d": 3,
        "adherence.dose_change": "took_less",
        "adherence.prescriber_knows": "not_sure",
    }
    unsure = hypotheses(ci(1, answers))
    for h in found + unsure:
        for p in h.points:
            plain = {k: v for k, v in p.args.items() if k not in p.lists and isinstance(v, str)}
            assert not set(plain.values()) & options, (h.key, p.key, plain)
    dose = next(p for h in unsure for p in h.points if p.key == "hypothesis-point-dose-changed")
    assert dose.text(say("en")) == "own dose change: took less (not sure the prescriber knows)"


def test_what_they_might_lose_is_shown_in_their_own_words() -> None:
    """P3 rests on what the patient said at intake: the point quotes it, not "named something"."""
    words = "They would expect me back at work."
    intake = ci(0, {"ambivalence.loss_any": "yes", "ambivalence.loss": words})
    [found] = [h for h in hypotheses(ci(1, {"readiness.change": 8}), history=intake)]
    assert found.codes == ("symptom_loss_ambivalence",)
    [point] = found.points
    assert point.key == "hypothesis-point-loss-words" and point.args["words"] == words
    for lang in LANGUAGES:
        message = bundle(lang).get_message(point.key)
        assert message is not None and message.value is not None
        said, errors = bundle(lang).format_pattern(message.value, dict(point.args))
        assert words in said and not errors
