"""The digest chart's data and labels: what bot.services.chart draws.

Pure: the caller passes the answers, the regimen changes and the patient's zone. The chart
covers the treatment up to the digest's end (at most WEEKS back): levels of symptoms, of
day-to-day life and of mood (0-10, higher is better), days with a missed dose per week, and
each medication change as a dated mark on the time axis.

Missed days of a week are the larger of the worst weekly report made that week
(`adherence.days_missed_7d`) and the number of days the daily check-in was answered "no"
(`adherence.took_today`): the larger, never the sum, since both may describe the same days.

Answers from before the levels were asked (only `symptoms.change` / `function.change`) still
draw: on the old -2..+2 change scale, when the chart has no level and no mood at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from bot.domain.constructs import is_int
from bot.domain.regimen import Change
from bot.domain.signals import Observation

Scale = Literal["level", "change"]
WEEKS = 26  # how far back the chart reaches: half a year stays legible on a phone
MISSED, TOOK_TODAY = "adherence.days_missed_7d", "adherence.took_today"
SYMPTOMS, FUNCTION, MOOD = "symptoms.level", "function.level", "mood.level"
SYMPTOMS_CHANGE, FUNCTION_CHANGE = "symptoms.change", "function.change"
MARK_CHARS = 40  # a change's text on the chart is cut to this many characters
LABEL_KEYS = (
    "adherence-title",
    "adherence-axis",
    "trend-title",
    "change-axis",
    "symptoms",
    "function",
    "better",
    "worse",
    "empty",
)
LEVEL_KEYS = ("levels-title", "level-axis", "mood", "changes", "change-line")


class Translate(Protocol):
    """bot.i18n.Translator, or anything that formats a locale message the same way."""

    def __call__(self, lang: str, key: str, **args: Any) -> str: ...


@dataclass(frozen=True)
class Mark:
    """A medication change on the time axis: its local day and a short, language-neutral
    text ("sertraline 50 mg → 100 mg"; a start is "→ 50 mg", a stop "100 mg → 0")."""

    day: date
    text: str


@dataclass(frozen=True)
class ChartSeries:
    """The chart's data: days missed per week; symptoms, day-to-day life and mood per answer
    (levels 0-10, or the old change scale -2..+2 when `scale` is "change"); changes."""

    # Lists by default, as chart_series builds them: equal data compares equal.
    weeks: Sequence[tuple[date, int]] = field(default_factory=list)
    symptoms: Sequence[tuple[date, int]] = field(default_factory=list)
    function: Sequence[tuple[date, int]] = field(default_factory=list)
    mood: Sequence[tuple[date, int]] = field(default_factory=list)
    changes: Sequence[Mark] = field(default_factory=list)
    scale: Scale = "level"


def window(end: datetime) -> datetime:
    """Where a chart ending at `end` begins."""
    return end - timedelta(weeks=WEEKS)


def chart_series(
    observations: Iterable[Observation], zone: str, changes: Iterable[Change] = ()
) -> ChartSeries:
    """The chart's series from the answers and regimen changes given, in the patient's days."""
    obs = sorted(observations, key=lambda o: o.at)
    numbers = [o for o in obs if is_int(o.value)]
    weeks: dict[date, int] = {}
    for o in (o for o in numbers if o.construct == MISSED):
        monday = _monday(local_day(o.at, zone))
        weeks[monday] = max(weeks.get(monday, 0), _int(o.value))  # the worse answer counts
    took = {local_day(o.at, zone): o.value for o in obs if o.construct == TOOK_TODAY}
    daily: dict[date, int] = {}
    for day in (d for d, said in took.items() if said == "no"):  # a day's last answer counts
        daily[_monday(day)] = daily.get(_monday(day), 0) + 1
    for monday, count in daily.items():
        weeks[monday] = max(weeks.get(monday, 0), count)
    symptoms, function, mood = (_series(numbers, c, zone) for c in (SYMPTOMS, FUNCTION, MOOD))
    scale: Scale = "level"
    if not (symptoms or function or mood):  # old answers: the change scale
        symptoms, function = (
            _series(numbers, c, zone) for c in (SYMPTOMS_CHANGE, FUNCTION_CHANGE)
        )
        scale = "change" if symptoms or function else "level"
    marks = [_mark(c, zone) for c in sorted(changes, key=lambda c: c.at) if c.kind != "note"]
    return ChartSeries(sorted(weeks.items()), symptoms, function, mood, marks, scale)


def chart_labels(t: Translate, lang: str) -> dict[str, str]:
    """The chart's titles, axis names and legend in the clinician's language."""
    labels = {k.replace("-", "_"): t(lang, f"digest-chart-{k}") for k in LABEL_KEYS}
    return labels | {k.replace("-", "_"): t(lang, f"chart-{k}") for k in LEVEL_KEYS}


def _mark(c: Change, zone: str) -> Mark:
    before, after = (c.dose_before or "").strip(), (c.dose_after or "").strip()
    if c.kind == "start":
        before = before or "0"
    if c.kind == "stop":
        after = "0"
    doses = f"{before} → {after}" if before or after else c.kind
    text = f"{c.drug or ''} {doses}".strip()
    cut = text if len(text) <= MARK_CHARS else text[: MARK_CHARS - 1].rstrip() + "…"
    return Mark(local_day(c.at, zone), cut)


def _series(obs: Iterable[Observation], construct: str, zone: str) -> list[tuple[date, int]]:
    """One construct's answers as (local day, value), in time order."""
    return [(local_day(o.at, zone), _int(o.value)) for o in obs if o.construct == construct]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def local_day(moment: datetime, zone: str) -> date:
    """The patient's local date of a moment."""
    return moment.astimezone(ZoneInfo(zone)).date()
