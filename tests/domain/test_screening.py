"""When the suicide screen is due, what its answers mean, and when a task is still open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.regimen import Change, Medication, Regimen
from bot.domain.screening import Task, due, follows, result

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def on(drug_class: str, kind: str = "increase", at: float = 0) -> Regimen:
    """One medicine of `drug_class`, with one change of `kind` on day `at`."""
    medicine = Medication(1, 1, "x", drug_class, "2 mg", day(-100))  # type: ignore[arg-type]
    change = Change(1, 1, day(at), kind, None, 1, "x", drug_class, "1 mg", "2 mg")  # type: ignore[arg-type]
    return Regimen((medicine,), (change,))


NONE = Regimen()


def when(dialog: str, now: datetime, regimen: Regimen = NONE, **given: object):
    args: dict = {"intake": False, "risks": (), "last_screen": None} | given
    return due(dialog, now=now, regimen=regimen, **args)


def test_intake_and_every_pre_visit() -> None:
    assert when("intake", day(0), intake=True) == "intake"
    assert when("pre_visit", day(0), last_screen=day(-1)) == "pre_visit"
    assert when("weekly", day(0)) is None


@pytest.mark.parametrize("drug_class", ["ssri", "snri", "tca", "maoi", "antidepressant_other"])
@pytest.mark.parametrize("kind", ["start", "increase", "change"])  # "change": which way unknown
def test_post_change_checkins_in_the_four_weeks_after_an_antidepressant_rise(
    drug_class: str, kind: str
) -> None:
    regimen = on(drug_class, kind)
    assert follows(regimen.changes[0])
    for n in (3, 7, 14, 28):
        assert when("post_change", day(n), regimen) == "antidepressant"
    assert when("post_change", day(28.5), regimen) is None
    assert when("weekly", day(7), regimen) is None  # the weekly screens stand on their own


@pytest.mark.parametrize(
    ("drug_class", "kind"),
    [("ssri", "decrease"), ("ssri", "stop"), ("lithium", "increase"), ("antipsychotic", "start")],
)
def test_not_after_any_other_change(drug_class: str, kind: str) -> None:
    regimen = on(drug_class, kind)
    assert not follows(regimen.changes[0])
    assert when("post_change", day(3), regimen) is None


def test_the_next_checkin_after_a_safety_event() -> None:
    assert when("weekly", day(0), risks=[day(-3)]) == "safety_event"  # never screened
    assert when("daily", day(0), risks=[day(-3)], last_screen=day(-5)) == "safety_event"
    assert when("weekly", day(0), risks=[day(-3)], last_screen=day(-2)) is None


def test_never_after_the_screen_itself_or_the_safety_plan() -> None:
    for dialog in ("screen", "safety_plan"):
        assert when(dialog, day(0), risks=[day(-1)]) is None


def test_results() -> None:
    assert result({}) == "negative"
    assert result(dict.fromkeys(("screen.wish_dead", "screen.thoughts"), "no")) == "negative"
    assert result({"screen.past_attempt": "yes", "screen.acute": "no"}) == "positive"
    assert result({"screen.better_off_dead": "yes", "screen.acute": "yes"}) == "acute"


def test_a_task_is_open_until_done() -> None:
    task = Task(1, 1, "screen_positive", day(0), day(1), done_at=day(2))
    assert [task.open_at(day(n)) for n in (-1, 0, 1.9, 2)] == [False, True, True, False]
