"""Hypotheses: the digest's unit of thought. Signals that share evidence are one hypothesis
with sub-findings, shown in clinical priority (clinical model, "Signals v2").

Pure. `group` takes the trend-labelled signals of one digest and returns every hypothesis, most
important first; the digest shows the first three and lists the rest as "also noted".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.domain.signal_rules import Arg
from bot.domain.signals import SEVERITIES, Severity, Signal

# Clinical priority of a hypothesis by the category of its lead signal: medical and adverse
# effects first, then resistance TO (taking less, stopping), alliance and control, resistance
# FROM, attitudes, engagement, the prescriber. Safety is its own section, never a hypothesis.
PRIORITY: tuple[str, ...] = (
    "medical",
    "resistance_to",
    "alliance",
    "resistance_from",
    "attitudes",
    "engagement",
    "prescriber",
)
SHOWN = 3  # at most this many hypotheses in full; the rest are one line each


@dataclass(frozen=True)
class Point:
    """One line of compact evidence ("missed days 2 → 3 → 4"): a locale id and its args."""

    key: str
    args: Mapping[str, Arg] = field(default_factory=dict)


@dataclass(frozen=True)
class Hypothesis:
    """One thing to explore at the visit: its lead signal first, then the sub-findings."""

    key: str  # stable id of the kind of hypothesis, e.g. "taking_less"
    severity: Severity
    signals: tuple[Signal, ...]
    points: tuple[Point, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The signal codes it groups, lead first."""
        return tuple(s.code for s in self.signals)

    @property
    def title_key(self) -> str:
        return f"hypothesis-{self.key.replace('_', '-')}-title"

    @property
    def question_key(self) -> str:
        """The locale id of the one opening question suggested for the visit."""
        return f"hypothesis-{self.key.replace('_', '-')}-question"


def group(signals: Sequence[Signal]) -> list[Hypothesis]:
    """Every hypothesis of a digest, in clinical priority (then severity, then code)."""
    found = [
        Hypothesis(key=s.code, severity=s.severity, signals=(s,))
        for s in signals
        if s.code != "safety_event"
    ]
    return sorted(found, key=_rank)


def _rank(h: Hypothesis) -> tuple[int, int, str]:
    category = h.signals[0].category
    where = PRIORITY.index(category) if category in PRIORITY else len(PRIORITY)
    return where, SEVERITIES.index(h.severity), h.key
