"""The digest chart is a real PNG that shows the data, in any language, even with no data."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from matplotlib.image import imread

from bot import LOCALES_DIR
from bot.domain.charting import ChartSeries, Mark, chart_labels
from bot.i18n import SUPPORTED, load_catalogs
from bot.services.chart import BARS, CHANGE, FUNCTION, MOOD, SYMPTOMS, render_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MONDAY = date(2026, 3, 2)
T = load_catalogs(LOCALES_DIR)


def series() -> ChartSeries:
    weeks = [(MONDAY + timedelta(weeks=i), n) for i, n in enumerate([0, 2, 3, 5, 1, 4])]
    checkins = [MONDAY + timedelta(days=7 * i + 4) for i in range(6)]
    symptoms = list(zip(checkins, [0, 1, 1, 2, 2, 2], strict=True))
    function = list(zip(checkins, [0, 0, -1, 0, -1, -2], strict=True))
    return ChartSeries(weeks, symptoms, function)


def pixels(png: bytes) -> np.ndarray:
    """The image as an (height, width, RGB) array of 0..1 floats."""
    assert png.startswith(PNG_SIGNATURE)
    return imread(io.BytesIO(png), format="png")[..., :3]


def share(image: np.ndarray, colour: str) -> float:
    """The fraction of pixels within a small distance of `colour`."""
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return float((np.abs(image - rgb).max(axis=-1) < 0.04).mean())


def test_a_real_png_of_the_expected_size_that_is_not_blank() -> None:
    image = pixels(render_chart(series(), chart_labels(T, "en")))
    assert image.shape == (800, 1000, 3)
    assert (image.min(axis=-1) < 0.5).mean() > 0.01  # ink: text, axes, lines


def test_the_bars_are_in_the_top_panel_and_the_lines_in_the_bottom_one() -> None:
    image = pixels(render_chart(series(), {}))
    top, bottom = image[:400], image[400:]
    assert share(top, BARS) > 0.03 and share(bottom, BARS) < 0.001
    assert share(bottom, SYMPTOMS) > 0.002 and share(bottom, FUNCTION) > 0.002
    assert share(top, SYMPTOMS) < 0.001


def test_more_missed_days_draw_taller_bars() -> None:
    few = ChartSeries([(MONDAY, 1)], [], [])
    many = ChartSeries([(MONDAY, 6)], [], [])
    assert share(pixels(render_chart(many, {})), BARS) > 3 * share(
        pixels(render_chart(few, {})), BARS
    )


@pytest.mark.parametrize(
    "empty",
    [ChartSeries(), ChartSeries(weeks=[(MONDAY, 2)]), ChartSeries(symptoms=[(MONDAY, 1)])],
    ids=["nothing", "no-lines", "no-bars"],
)
def test_missing_data_still_renders(empty: ChartSeries) -> None:
    image = pixels(render_chart(empty, chart_labels(T, "en")))
    assert image.shape == (800, 1000, 3)
    assert (image.min(axis=-1) < 0.5).mean() > 0.002  # at least the titles and the message


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_language_renders(lang: str) -> None:
    png = render_chart(series(), chart_labels(T, lang), lang=lang)
    assert pixels(png).shape == (800, 1000, 3)


def test_rendering_is_deterministic() -> None:
    assert render_chart(series(), {}) == render_chart(series(), {})


def test_a_long_period_keeps_its_date_labels_legible() -> None:
    weeks = [(MONDAY + timedelta(weeks=i), i % 8) for i in range(52)]
    image = pixels(render_chart(ChartSeries(weeks, [], []), {}))
    assert image.shape == (800, 1000, 3)


def levels() -> ChartSeries:
    """Levels 0-10, a daily mood, and two changes (two on one day share a line)."""
    days = [MONDAY + timedelta(days=7 * i + 4) for i in range(6)]
    mood = [(MONDAY + timedelta(days=i), 3 + i // 8) for i in range(42)]
    changes = [
        Mark(MONDAY + timedelta(days=10), "sertraline 50 mg → 100 mg"),
        Mark(MONDAY + timedelta(days=20), "quetiapine 0 → 25 mg"),
        Mark(MONDAY + timedelta(days=20), "zopiclone 7.5 mg → 0"),
    ]
    return ChartSeries(
        [(MONDAY + timedelta(weeks=i), n) for i, n in enumerate([0, 2, 3, 1, 0, 1])],
        list(zip(days, [3, 3, 4, 5, 6, 7], strict=True)),
        list(zip(days, [2, 3, 3, 3, 4, 5], strict=True)),
        mood,
        changes,
    )


def test_levels_mood_and_change_lines_are_drawn_in_both_panels() -> None:
    image = pixels(render_chart(levels(), chart_labels(T, "en")))
    assert image.shape == (800, 1000, 3)
    top, bottom = image[:330], image[330:650]
    assert share(bottom, MOOD) > 0.001 and share(bottom, SYMPTOMS) > 0.002
    assert share(top, CHANGE) > 0.0005 and share(bottom, CHANGE) > 0.0005
    without = pixels(render_chart(replace(levels(), changes=[]), chart_labels(T, "en")))
    assert share(without, CHANGE) < 0.0001


@pytest.mark.parametrize("lang", SUPPORTED)
def test_levels_and_changes_render_in_every_language(lang: str) -> None:
    png = render_chart(levels(), chart_labels(T, lang), lang=lang)
    assert pixels(png).shape == (800, 1000, 3)


def test_changes_alone_still_render() -> None:
    only = ChartSeries(changes=[Mark(MONDAY, "lithium 0 → 400 mg")])
    assert pixels(render_chart(only, chart_labels(T, "en"))).shape == (800, 1000, 3)


def test_a_dollar_sign_typed_by_staff_is_drawn_not_parsed() -> None:
    typed = ChartSeries(changes=[Mark(MONDAY, "drug $x^{ 2 → 5 $ mg")])
    assert pixels(render_chart(typed, chart_labels(T, "en"))).shape == (800, 1000, 3)
