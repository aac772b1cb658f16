"""bot/domain/profiles.toml: the drug classes' known adverse effects, and how they are read."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.constructs import RED_FLAG_EFFECTS
from bot.domain.drugs import CLASSES
from bot.domain.profiles import DEFAULT_PROFILES, ProfilesError, default_profiles, load_profiles
from bot.domain.signals import (
    Activity,
    Facts,
    NotAsked,
    Observation,
    evaluate,
    label_trends,
    load_thresholds,
    split_resolved,
)
from tests.domain.test_signals_engine import ci

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T = load_thresholds()


def test_the_shipped_table_loads_and_never_names_a_red_flag() -> None:
    profiles = default_profiles()
    assert len({p.name for p in profiles}) == len(profiles)
    assert not any(p.effects & RED_FLAG_EFFECTS for p in profiles)
    covered = {c for p in profiles for c in p.classes}
    assert covered == set(CLASSES) - {"other"}  # "other" has no known profile


def test_activation_after_an_ssri_rise_is_in_the_table() -> None:
    rises = [p for p in default_profiles() if "ssri" in p.classes and "increase" in p.kinds]
    assert any({"restless", "trouble_sleeping"} <= p.effects for p in rises)
    at = START + timedelta(days=5)
    assert any(p.covers("ssri", "increase", START, at) for p in rises)
    assert not any(p.covers("ssri", "increase", at, START) for p in rises)  # before the change


def tuned(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_PROFILES.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), old
    path = tmp_path / "profiles.toml"
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (r"^days = 28$", "days = 28\nwindow = 3", "needs exactly the keys"),
        (r"^days = 28$", "", "needs exactly the keys"),
        (r"^days = 28$", "days = 0", "days must be a positive integer"),
        (r"^days = 28$", 'days = "28"', "days must be a positive integer"),
        (
            r'^classes = \["ssri", "snri"\]$',
            'classes = ["ssri", "snris"]',
            "unknown classes value 'snris'",
        ),
        (
            r'^kinds = \["start", "increase", "change"\]$',
            'kinds = ["rise"]',
            "unknown kinds value 'rise'",
        ),
        (
            r'^effects = \["restless"',
            'effects = ["akathisia", "restless"',
            "unknown effects value 'akathisia'",
        ),
        (r'^effects = \["restless"', 'effects = [1, "restless"', "non-empty list of strings"),
        (r"^\[\[profile\]\]$", "[other]\n[[profile]]", "only [[profile]] tables"),
        (r"^days = 28$", "days = ", "Invalid value"),
    ],
)
def test_a_bad_profiles_file_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ProfilesError, match=re.escape(message)):
        load_profiles(tuned(tmp_path, old, new))


def test_a_missing_profiles_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfilesError, match="absent.toml"):
        load_profiles(tmp_path / "absent.toml")


def test_evaluate_takes_a_clinic_profile_table(tmp_path: Path) -> None:
    from bot.domain.regimen import Change

    stricter = load_profiles(tuned(tmp_path, r"^days = 28$", "days = 2"))
    change = Change(1, 1, START, "increase", None, 1, "sertraline", "ssri", "50 mg", "100 mg")
    period = [
        Observation(
            START + timedelta(days=5), "weekly", "q", "side_effects.present", ("restless",), 1
        ),
        Observation(START + timedelta(days=5), "weekly", "q", "expectation.harm", 9, 1),
    ]
    calm = Activity(1, 1, 0, False)
    shipped = evaluate(period, period, calm, [], Facts(1, (change,)), T)
    assert [s.code for s in shipped] == ["adverse_effect_after_change"]
    tuned_ = evaluate(period, period, calm, [], Facts(1, (change,)), T, profiles=stricter)
    assert [s.code for s in tuned_] == ["nocebo_pattern"]


# --- resolved vs not asked since (the new rules' reads) --------------------------------------


def test_side_effects_not_asked_again_are_not_resolved_asked_again_are() -> None:
    first = ci(1, {"expectation.harm": 9, "side_effects.present": ("dizzy",)})
    calm = Activity(1, 1, 0, False)
    raised = evaluate(first, first, calm, [], Facts(1), T)
    assert [s.code for s in raised] == ["nocebo_pattern"]
    quiet = ci(2, {"alliance.heard": 9})
    _, gone = label_trends(
        evaluate(quiet, first + quiet, calm, [], Facts(1), T), ["nocebo_pattern"]
    )
    assert split_resolved(gone, quiet, first + quiet) == (
        [],
        [NotAsked("nocebo_pattern", first[1].at)],
    )
    again = ci(2, {"side_effects.present": ("none",)})
    _, gone = label_trends(
        evaluate(again, first + again, calm, [], Facts(1), T), ["nocebo_pattern"]
    )
    assert split_resolved(gone, again, first + again) == (["nocebo_pattern"], [])


def test_a_beliefs_gap_resolves_only_when_a_belief_or_worry_is_asked_again() -> None:
    intake = ci(0, {"belief.necessity": 2, "concern.dependency": 9}, "intake")
    later = ci(1, {"symptoms.level": 5})
    assert split_resolved(["beliefs_gap"], later, intake + later) == (
        [],
        [NotAsked("beliefs_gap", intake[1].at)],
    )
    worry = ci(1, {"concern.dependency": 3})
    assert split_resolved(["beliefs_gap"], worry, intake + worry) == (["beliefs_gap"], [])


def test_symptom_function_gap_reads_levels_too() -> None:
    levels = ci(1, {"function.level": 7})
    assert split_resolved(["symptom_function_gap"], levels, levels) == (
        ["symptom_function_gap"],
        [],
    )
