"""A patient's regimen at a moment: what is taken, what changed in a window, which way a dose
moved, and how many psychotropics that makes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.drugs import ANTIPSYCHOTICS, load_drug_table
from bot.domain.regimen import (
    MAYBE_RISES,
    Change,
    Medication,
    Regimen,
    dose_step,
    same_dose,
)

TABLE = load_drug_table()
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def regimen() -> Regimen:
    """Sertraline since day 0 (raised on day 10), quetiapine stopped on day 20, lithium from
    day 30 on, lorazepam as needed; and an old free-text note."""
    meds = (
        Medication(1, 1, "Zoloft", "ssri", "100 mg", day(0)),
        Medication(2, 1, "quetiapine", "antipsychotic", "50 mg", day(-100), stopped_at=day(20)),
        Medication(3, 1, "lithium carbonate", "lithium", "400 mg", day(30)),
        Medication(4, 1, "lorazepam", "benzodiazepine", "1 mg", day(-200), as_needed=True),
    )
    changes = (
        Change(10, 1, day(-200), "start", None, 4, "lorazepam", "benzodiazepine", None, "1 mg"),
        Change(11, 1, day(-100), "start", None, 2, "quetiapine", "antipsychotic", None, "50 mg"),
        Change(12, 1, day(-5), "note", "sertraline soon"),
        Change(13, 1, day(0), "start", None, 1, "Zoloft", "ssri", None, "50 mg"),
        Change(14, 1, day(10), "increase", "slow", 1, "Zoloft", "ssri", "50 mg", "100 mg"),
        Change(15, 1, day(20), "stop", None, 2, "quetiapine", "antipsychotic", "50 mg", None),
        Change(16, 1, day(30), "start", None, 3, "lithium carbonate", "lithium", None, "400 mg"),
    )
    return Regimen(meds, changes)


def names(items: tuple[Medication, ...]) -> list[str]:
    return [m.drug for m in items]


def test_active_at_a_moment() -> None:
    r = regimen()
    assert names(r.active(day(-1))) == ["quetiapine", "lorazepam"]
    assert names(r.active(day(0))) == ["Zoloft", "quetiapine", "lorazepam"]
    assert names(r.active(day(20))) == ["Zoloft", "lorazepam"]  # stopped at that moment
    assert names(r.active(day(40))) == ["Zoloft", "lithium carbonate", "lorazepam"]


def test_active_drugs_of_a_class_at_a_moment() -> None:
    r = regimen()
    assert names(r.active(day(5), ANTIPSYCHOTICS)) == ["quetiapine"]
    assert r.active(day(25), ANTIPSYCHOTICS) == ()
    assert names(r.active(day(31), {"lithium"})) == ["lithium carbonate"]


def test_stopped_recently() -> None:
    r = regimen()
    assert names(r.stopped_between(day(15), day(25))) == ["quetiapine"]
    assert r.stopped_between(day(20), day(25)) == ()  # (start, end]


def test_changes_in_a_window_by_kind_and_class() -> None:
    r = regimen()
    assert [c.id for c in r.changes_between(day(-10), day(20))] == [12, 13, 14, 15]
    assert [c.id for c in r.changes_between(day(0), day(20))] == [14, 15]  # (start, end]
    assert [c.id for c in r.changes_between(day(-300), day(99), kinds={"stop"})] == [15]
    lithium = r.changes_between(day(-300), day(99), classes={"lithium"})
    assert [c.id for c in lithium] == [16]


def test_antidepressant_start_or_increase_within_n_days() -> None:
    r = regimen()
    assert [c.id for c in r.rises_within(day(10), 28)] == [13, 14]
    assert [c.id for c in r.rises_within(day(28), 28)] == [13, 14]  # both ends included
    assert [c.id for c in r.rises_within(day(29), 28)] == [14]
    assert r.rises_within(day(39), 28) == ()
    assert r.rises_within(day(-1), 28) == ()  # a start ahead of the moment does not count
    # a lithium start is not an antidepressant's
    assert [c.id for c in r.rises_within(day(31), 2, classes={"lithium"})] == [16]


def test_a_decrease_is_not_a_rise_unless_asked_to_err_towards_safety() -> None:
    r = Regimen(
        (Medication(1, 1, "sertraline", "ssri", "50 mg", day(-90)),),
        (
            Change(1, 1, day(-90), "start", None, 1, "sertraline", "ssri", None, "100 mg"),
            Change(2, 1, day(-2), "decrease", None, 1, "sertraline", "ssri", "100 mg", "50 mg"),
            Change(3, 1, day(-1), "change", None, 1, "sertraline", "ssri", "50 mg", "50 mg am"),
        ),
    )
    assert r.rises_within(day(0), 28) == ()
    assert [c.id for c in r.rises_within(day(0), 28, kinds=MAYBE_RISES)] == [3]


def test_the_dose_in_force_at_a_moment() -> None:
    r = regimen()
    zoloft = r.medication(1)
    assert zoloft is not None
    assert r.dose_at(zoloft, day(-1)) is None
    assert r.dose_at(zoloft, day(5)) == "50 mg"
    assert r.dose_at(zoloft, day(10)) == "100 mg"
    quetiapine = r.medication(2)
    assert quetiapine is not None and r.dose_at(quetiapine, day(21)) is None
    assert [c.id for c in r.history(zoloft)] == [13, 14]


def test_psychotropics_count_the_active_distinct_medicines() -> None:
    r = regimen()
    assert r.psychotropic_count(day(5), TABLE) == 3  # Zoloft, quetiapine, lorazepam
    assert r.psychotropic_count(day(40), TABLE) == 3  # quetiapine stopped, lithium started
    more = Regimen(
        (
            Medication(1, 1, "quetiapine", "antipsychotic", "300 mg", day(0)),
            Medication(2, 1, "Seroquel", "antipsychotic", "25 mg", day(0), as_needed=True),
            Medication(3, 1, "levothyroxine", "other", "50 mcg", day(0)),
            Medication(4, 1, "buspirone", "other", "10 mg", day(0)),
            Medication(5, 1, "Clinic Special", "ssri", "1 tab", day(0)),
        )
    )
    # one medicine twice; a non-psychiatric "other" left out; a known "other" and an unknown
    # name given a psychotropic class counted
    assert more.psychotropic_count(day(1), TABLE) == 3


@pytest.mark.parametrize(
    ("before", "after", "step"),
    [
        ("50 mg", "100 mg", "increase"),
        ("100 mg", "50 mg", "decrease"),
        ("50mg", "100 MG", "increase"),
        ("0,5 мг", "1 мг", "increase"),
        ("1.5 mg", "1 mg", "decrease"),
        ("50 mg", "100 мг", "increase"),
        ("1 tablet", "2 tablets", "increase"),
        ("50 mg at night", "100 mg at night", "increase"),
        ("50 mg", "25 mg twice a day", "change"),
        ("50 mg", "0.1 g", "change"),
        ("25 mg morning", "25 mg at night", "change"),
        ("1-0-1 tab", "1-1-1 tab", "change"),
        ("half a tablet", "one tablet", "change"),
    ],
)
def test_which_way_a_dose_moved(before: str, after: str, step: str) -> None:
    assert dose_step(before, after) == step


def test_the_same_dose_however_written() -> None:
    assert same_dose("50mg", "50 мг") and same_dose("Half a tablet", "half  a tablet")
    assert not same_dose("50 mg", "50 mg at night")


@given(
    st.decimals(min_value=0, max_value=5000, places=1),
    st.decimals(min_value=0, max_value=5000, places=1),
    st.sampled_from(["mg", "мг", "mcg", "ml"]),
)
def test_a_step_back_is_the_opposite_way(a: object, b: object, unit: str) -> None:
    before, after = f"{a} {unit}", f"{b} {unit}"
    there, back = dose_step(before, after), dose_step(after, before)
    opposite = {"increase": "decrease", "decrease": "increase", "change": "change"}
    assert back == opposite[there]
    assert (there == "change") == (a == b)
