"""The digest's chart: a PNG a clinician can read on a phone, drawn without a display.

Two stacked panels over the same dates: (a) days with a missed dose per week, as bars on a 0-7
axis; (b) the levels of symptoms, day-to-day life and daily mood on 0-10, higher is better
(answers from before the levels existed: symptoms vs functioning on the -2..+2 change scale).
Each medication change is a dashed vertical line through both panels with a number above it;
the numbers are spelled out under the chart ("1 · 5 Mar · sertraline 50 mg → 100 mg"), so
labels never overlap however close the changes are. Colour is never the only cue: lines differ
in style and marker, and bars carry their numbers.

No pyplot: a bare Figure on the Agg canvas keeps no global state, needs no display, and is safe
to call from a worker thread while the bot runs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from textwrap import fill

from babel.dates import format_date
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bot.domain.charting import ChartSeries, Mark

SIZE_INCHES, DPI = (10, 8), 100  # 1000 x 800 px: fills a phone's width, still legible
TITLE, TEXT, TICKS = 22, 17, 16  # font sizes in points, large for a small screen
MAX_TICKS = 7
LABELLED_BARS = 16
MIN_SPAN = timedelta(days=28)
AXIS_WRAP = 24  # characters per line of a y-axis label: translations run long
KEY_WRAP = 90  # characters per line of the changes' key under the chart
SHOWN_MARKS = 6  # changes spelled out under the chart; more are summed up as "+N"
# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
BARS, BAR_EDGE, SYMPTOMS, FUNCTION, MUTED = "#56B4E9", "#0b4f78", "#0072B2", "#D55E00", "#5b6575"
MOOD, CHANGE = "#009E73", "#CC79A7"
DEFAULT_LABELS = {
    "adherence_title": "Days with a missed dose, per week",
    "adherence_axis": "Days missed (of 7)",
    "trend_title": "Symptoms vs. day-to-day life",
    "change_axis": "Change since last check-in",
    "levels_title": "Symptoms, day-to-day life and mood (0–10)",
    "level_axis": "Level (10 = best)",
    "symptoms": "Symptoms",
    "function": "Day-to-day life",
    "mood": "Mood (daily)",
    "changes": "Medication changes",
    "change_line": "medication change",
    "better": "better",
    "worse": "worse",
    "empty": "No answers in this period",
}


def render_chart(series: ChartSeries, labels: dict[str, str], *, lang: str = "en") -> bytes:
    """The two-panel chart as PNG bytes; labels from charting.chart_labels, dates in lang."""
    text = {**DEFAULT_LABELS, **labels}
    fig = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    adherence, trend = fig.subplots(2, 1, height_ratios=(1, 1.35))
    span = _span(series)
    marks = _days(series.changes)
    _adherence(adherence, series.weeks, text, bool(marks))
    _trend(trend, series, text, bool(marks))
    lines = series.symptoms or series.function or series.mood
    for ax, has_data in ((adherence, series.weeks), (trend, lines)):
        if has_data or marks:
            _dates(ax, span, lang)
    if marks:
        _changes(fig, (adherence, trend), marks, text, lang)
    buffer = io.BytesIO()
    # No Software/date metadata: the same data gives the same bytes.
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _span(series: ChartSeries) -> tuple[date, date]:
    """The dates both panels share, so a week's bar sits above that week's check-ins."""
    points = (series.weeks, series.symptoms, series.function, series.mood)
    days = [d for each in points for d, _ in each] + [m.day for m in series.changes]
    if not days:
        return date(2000, 1, 3), date(2000, 1, 10)  # unused: empty panels draw no dates
    start, end = min(days) - timedelta(days=1), max(days) + timedelta(days=8)  # a bar spans 7
    pad = max(timedelta(0), MIN_SPAN - (end - start)) / 2  # one check-in is not the whole width
    return start - timedelta(days=pad.days), end + timedelta(days=pad.days)


def _days(marks: Sequence[Mark]) -> list[tuple[date, list[str]]]:
    """The changes by day: several on one day share one line and one number."""
    days: dict[date, list[str]] = {}
    for m in marks:
        days.setdefault(m.day, []).append(m.text)
    return sorted(days.items())


def _adherence(
    ax: Axes, weeks: Sequence[tuple[date, int]], text: dict[str, str], marked: bool
) -> None:
    """Bars of days missed per week, each labelled with its number."""
    # Room above the panel for the changes' numbers, under the title.
    ax.set_title(text["adherence_title"], fontsize=TITLE, loc="left", pad=40 if marked else 12)
    if not weeks:
        _empty(ax, text["empty"])
        return
    starts, days = [date2num(d) for d, _ in weeks], [n for _, n in weeks]
    bars = ax.bar(starts, days, width=6, align="edge", color=BARS, edgecolor=BAR_EDGE, lw=1.5)
    if len(weeks) <= LABELLED_BARS:  # beyond that the numbers overlap; the axis still reads
        ax.bar_label(bars, fontsize=TEXT, padding=3, fontweight="bold")  # a 0 week shows "0"
    ax.set_ylim(0, 7.9)
    ax.set_yticks(range(8))
    ax.set_ylabel(_wrap(text["adherence_axis"]), fontsize=TEXT)
    ax.grid(axis="y", alpha=0.3)
    _style(ax)


def _trend(ax: Axes, series: ChartSeries, text: dict[str, str], marked: bool) -> None:
    """The levels (or, for old answers, the change scale): solid circles for symptoms, dashed
    hollow squares for day-to-day life, dotted triangles for the daily mood."""
    level = series.scale == "level"
    ax.set_title(text["levels_title" if level else "trend_title"], fontsize=TITLE, loc="left")
    if not (series.symptoms or series.function or series.mood):
        _empty(ax, text["empty"])
        return
    # The function marker is larger and hollow: where both answers agree, both stay visible.
    _line(ax, series.mood, text["mood"], MOOD, ":", "^", 8, 2)
    _line(ax, series.function, text["function"], FUNCTION, "--", "s", 15, 3)
    _line(ax, series.symptoms, text["symptoms"], SYMPTOMS, "-", "o", 9, 3)
    if level:
        ax.set_ylim(-0.6, 10.6)
        ax.set_yticks(range(0, 11, 2))
        ax.set_ylabel(_wrap(text["level_axis"]), fontsize=TEXT)
    else:
        ax.axhline(0, color=MUTED, lw=1.5, zorder=1)
        ax.set_ylim(-2.6, 2.6)
        ax.set_yticks(range(-2, 3), ["−2", "−1", "0", "+1", "+2"])
        ax.set_ylabel(_wrap(text["change_axis"]), fontsize=TEXT)
        _directions(ax, text)
    _legend(ax, text if marked else None)
    ax.grid(axis="y", alpha=0.3)
    _style(ax)


def _changes(
    fig: Figure,
    axes: Sequence[Axes],
    marks: list[tuple[date, list[str]]],
    text: dict[str, str],
    lang: str,
) -> None:
    """A dashed line through both panels at each change, numbered above the top panel, and the
    numbers spelled out under the chart."""
    for number, (day, _) in enumerate(marks, 1):
        x = date2num(day)
        for ax in axes:
            ax.axvline(x, color=CHANGE, ls=(0, (5, 3)), lw=2.5, zorder=2)
        axes[0].annotate(
            str(number),
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 6),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=TICKS,
            fontweight="bold",
            color="white",
            bbox={"boxstyle": "circle,pad=0.25", "fc": CHANGE, "ec": "none"},
            annotation_clip=False,
        )
    items = [
        f"{n} · {format_date(day, 'd MMM', locale=lang)} · {_plain('; '.join(texts))}"
        for n, (day, texts) in enumerate(marks, 1)
    ]
    if len(items) > SHOWN_MARKS:
        items = [*items[: SHOWN_MARKS - 1], f"+{len(items) - SHOWN_MARKS + 1}"]
    fig.supxlabel(_key(f"{text['changes']}:", items), fontsize=TICKS, x=0.01, ha="left")


def _plain(typed: str) -> str:
    """Staff's words drawn as typed: a "$" would otherwise start matplotlib's math notation."""
    return typed.replace("$", r"\$")


def _key(head: str, items: Sequence[str]) -> str:
    """The changes spelled out, wrapped between items (never inside one) to KEY_WRAP."""
    lines = [head]
    for item in items:
        if len(lines[-1]) + 3 + len(item) > KEY_WRAP:
            lines.append(item)
        else:
            lines[-1] = f"{lines[-1]}   {item}" if lines[-1] != head else f"{head} {item}"
    return "\n".join(lines)


def _directions(ax: Axes, text: dict[str, str]) -> None:
    """Which way is better, written inside the panel: a sign alone is easy to misread."""
    for y, arrow, key, va in ((2.45, "▲", "better", "top"), (-2.45, "▼", "worse", "bottom")):
        where = ("axes fraction", "data")  # x along the panel, y on the scale
        ax.annotate(
            f"{arrow} {text[key]}",
            (0.01, y),
            xycoords=where,
            va=va,
            fontsize=TICKS,
            color=MUTED,
            zorder=5,  # above a change's line at the panel's left edge
            bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
        )


def _legend(ax: Axes, text: dict[str, str] | None = None) -> None:
    """Below the panel, where it never hides a point; the change line too, when there is one."""
    handles, names = ax.get_legend_handles_labels()
    handles, names = handles[::-1], names[::-1]  # drawn mood first (underneath); listed last
    if text is not None:
        handles.append(Line2D([], [], color=CHANGE, ls=(0, (5, 3)), lw=2.5))
        names.append(text["change_line"])
    ax.legend(
        handles,
        names,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=2,
        fontsize=TEXT,
        frameon=False,
        handlelength=3,
    )


def _line(
    ax: Axes,
    points: Sequence[tuple[date, int]],
    label: str,
    colour: str,
    style: str,
    marker: str,
    size: int,
    width: float,
) -> None:
    """One series as a line with markers; hollow markers when large."""
    if not points:
        return
    xs, ys = [date2num(d) for d, _ in points], [v for _, v in points]
    face = "white" if size > 10 else colour
    ax.plot(
        xs,
        ys,
        linestyle=style,
        marker=marker,
        markersize=size,
        lw=width,
        color=colour,
        markerfacecolor=face,
        markeredgewidth=2.5 if size > 10 else 1,
        label=label,
        zorder=3,
    )


def _dates(ax: Axes, span: tuple[date, date], lang: str) -> None:
    """Week-start ticks in the clinician's language, thinned to stay legible."""
    start, end = span
    first = start + timedelta(days=(7 - start.weekday()) % 7)
    mondays = [first + timedelta(weeks=i) for i in range((end - first).days // 7 + 1)]
    step = max(1, -(-len(mondays) // MAX_TICKS))
    ticks = mondays[::step]
    ax.set_xlim(date2num(start), date2num(end))
    ax.set_xticks(
        [date2num(d) for d in ticks], [format_date(d, "d MMM", locale=lang) for d in ticks]
    )


def _wrap(label: str) -> str:
    """An axis label on two lines when long; "check-in" stays whole."""
    return fill(label, AXIS_WRAP, break_on_hyphens=False, break_long_words=False)


def _empty(ax: Axes, message: str) -> None:
    """A panel with nothing to plot says so rather than showing blank axes."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=TEXT + 2,
        color=MUTED,
        transform=ax.transAxes,
    )
    _style(ax)


def _style(ax: Axes) -> None:
    ax.tick_params(labelsize=TICKS)
    ax.spines[["top", "right"]].set_visible(False)
