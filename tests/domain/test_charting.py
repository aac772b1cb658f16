"""The chart's data: levels, daily mood, missed days (weekly reports and daily "no"s), and the
medication changes marked on the time axis; old change-only answers still draw."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot import LOCALES_DIR
from bot.domain.charting import WEEKS, ChartSeries, Mark, chart_labels, chart_series, window
from bot.domain.regimen import Change
from bot.domain.signals import Observation
from bot.i18n import SUPPORTED, load_catalogs

T = load_catalogs(LOCALES_DIR)
ZONE = "Europe/Madrid"
MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def obs(days: float, construct: str, value: object, dialog: str = "weekly") -> Observation:
    return Observation(MONDAY + timedelta(days=days), dialog, "q", construct, value, 1)  # type: ignore[arg-type]


def change(days: float, kind: str, before: str | None, after: str | None) -> Change:
    at = MONDAY + timedelta(days=days)
    return Change(1, 1, at, kind, None, 1, "sertraline", "ssri", before, after)  # type: ignore[arg-type]


def test_levels_and_daily_mood_in_time_order_on_the_level_scale() -> None:
    series = chart_series(
        [
            obs(7, "symptoms.level", 5),
            obs(0, "symptoms.level", 3),
            obs(0, "function.level", 2),
            obs(1, "mood.level", 4, "daily"),
            obs(2, "mood.level", 6, "daily"),
            obs(0, "symptoms.change", 1),  # beside levels, the old item is not drawn
        ],
        ZONE,
    )
    assert series.scale == "level"
    assert series.symptoms == [(date(2026, 3, 2), 3), (date(2026, 3, 9), 5)]
    assert series.function == [(date(2026, 3, 2), 2)]
    assert series.mood == [(date(2026, 3, 3), 4), (date(2026, 3, 4), 6)]


def test_mood_alone_is_drawn_on_the_level_scale() -> None:
    series = chart_series([obs(0, "mood.level", 7, "daily"), obs(0, "symptoms.change", 1)], ZONE)
    assert series.scale == "level" and series.mood == [(date(2026, 3, 2), 7)]
    assert series.symptoms == []


def test_old_change_only_answers_still_draw_on_the_change_scale() -> None:
    series = chart_series([obs(0, "symptoms.change", 1), obs(0, "function.change", -1)], ZONE)
    assert series.scale == "change"
    assert series.symptoms == [(date(2026, 3, 2), 1)]
    assert series.function == [(date(2026, 3, 2), -1)]


def test_a_daily_no_is_a_missed_day_and_a_week_takes_the_larger_count() -> None:
    daily = [obs(d, "adherence.took_today", v, "daily") for d, v in enumerate("no yes no".split())]
    daily += [obs(7, "adherence.took_today", "no", "daily")]
    daily += [obs(8, "adherence.took_today", "no", "daily")]
    daily += [obs(8.2, "adherence.took_today", "yes", "daily")]
    weekly = [obs(4, "adherence.days_missed_7d", 1), obs(10, "adherence.days_missed_7d", 3)]
    series = chart_series([*daily, *weekly], ZONE)
    # week 1: two daily "no"s beat the weekly 1; week 2: the weekly 3 beats one "no" (the
    # second day's last answer was "yes"); the two never add up (they may be the same days)
    assert series.weeks == [(date(2026, 3, 2), 2), (date(2026, 3, 9), 3)]


def test_not_yet_is_not_a_missed_day() -> None:
    series = chart_series([obs(0, "adherence.took_today", "not_yet", "daily")], ZONE)
    assert series.weeks == []


def test_changes_are_marks_on_the_patients_days_with_short_neutral_texts() -> None:
    late = 0.6  # 23:24 UTC on Monday is Tuesday in Madrid
    changes = [
        change(9, "stop", "100 mg", None),
        change(late, "increase", "50 mg", "100 mg"),
        change(3, "start", None, "25 mg"),
        Change(9, 1, MONDAY, "note"),  # a free-text note from before the regimen: no line
        change(5, "decrease", "100 mg", "50 mg " + "x" * 60),
    ]
    series = chart_series([], ZONE, changes)
    assert series.changes[:4] == [
        Mark(date(2026, 3, 3), "sertraline 50 mg → 100 mg"),
        Mark(date(2026, 3, 5), "sertraline 0 → 25 mg"),
        Mark(date(2026, 3, 7), series.changes[2].text),
        Mark(date(2026, 3, 11), "sertraline 100 mg → 0"),
    ]
    long = series.changes[2].text
    assert long.startswith("sertraline 100 mg → 50 mg") and long.endswith("…") and len(long) == 40


def test_nothing_gives_an_empty_series() -> None:
    assert chart_series([], ZONE) == ChartSeries([], [], [])
    assert chart_series([], ZONE).scale == "level"


def test_the_window_reaches_back_half_a_year() -> None:
    assert window(MONDAY) == MONDAY - timedelta(weeks=WEEKS) and WEEKS == 26


@pytest.mark.parametrize("lang", SUPPORTED)
def test_chart_labels_in_every_language(lang: str) -> None:
    labels = chart_labels(T, lang)
    assert {"levels_title", "level_axis", "mood", "changes", "change_line"} <= set(labels)
    assert all(labels.values()) and len(set(labels.values())) == len(labels)
