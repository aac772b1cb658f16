"""Medication red flags: for which medicines, and when, a reported symptom cannot wait.

Pure but for `load_red_flags`, which reads the shipped table (bot/domain/redflags.toml, whose
header explains the format). `RedFlags.dangers` answers the one question the rest of Rapport
asks: given a patient's regimen, a flag they reported and the moment, which medicines make it
dangerous, in which window, at which level (none: it goes to the digest like any answer).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal, Protocol, cast, get_args

from bot.domain.drugs import CLASSES, Drug, DrugClass
from bot.domain.regimen import MAYBE_RISES, Medication, Regimen

Level = Literal["emergency", "urgent", "same_day"]
LEVELS: tuple[Level, ...] = get_args(Level)  # most serious first
DEFAULT_TABLE = Path(__file__).with_name("redflags.toml")
# Flags about taking the medicine itself: only a medicine still taken can be stopped, run out
# of, or taken too much of (one staff stopped is not "stopped suddenly").
TAKING = frozenset({"stopped", "ran_out", "took_more"})
_WINDOWS = ("first_weeks", "rise_weeks", "stopped_days")
_KEYS = {"flag", "classes", "level", "with", *_WINDOWS}


class RedFlagError(ValueError):
    """A red-flag table that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    """One line of the table: `flag` is dangerous at `level` for `classes`, in a window."""

    flag: str
    classes: frozenset[DrugClass]
    level: Level
    first_weeks: int | None = None
    rise_weeks: int | None = None
    stopped_days: int | None = None
    with_: frozenset[str] = frozenset()  # holds only when one of these is reported too

    def window(self, medication: Medication, regimen: Regimen, now: datetime) -> str | None:
        """The window the rule holds in for a medicine, as a code the alert names; None when
        it does not hold (the medicine is too long started, not raised lately)."""
        if self.first_weeks is None and self.rise_weeks is None:
            return "any"
        if self.first_weeks is not None:
            if now - medication.started_at <= timedelta(weeks=self.first_weeks):
                return f"first_{self.first_weeks}_weeks"
        if self.rise_weeks is not None:
            since = now - timedelta(weeks=self.rise_weeks)
            rises = [c for c in regimen.history(medication) if c.kind in MAYBE_RISES]
            if any(since <= c.at <= now for c in rises):
                return f"rise_{self.rise_weeks}_weeks"
        return None


@dataclass(frozen=True)
class Danger:
    """What makes a reported flag dangerous: the medicine, its class, the window, the level."""

    flag: str
    drug: str
    drug_class: DrugClass
    level: Level
    window: str  # "any", "first_8_weeks", "rise_4_weeks", "stopped_over_2_days", "named", ...

    @property
    def emergency(self) -> bool:
        return self.level == "emergency"


@dataclass(frozen=True)
class RedFlags:
    """The table: its rules, and how long a stopped medicine still counts."""

    rules: tuple[Rule, ...]
    recent_days: int = 14

    @property
    def flags(self) -> frozenset[str]:
        return frozenset(r.flag for r in self.rules)

    def _holding(self, flag: str, also: Collection[str]) -> Iterator[Rule]:
        """The flag's rules whose `with` is met by what was reported beside it."""
        return (
            r for r in self.rules
            if r.flag == flag and (not r.with_ or r.with_ & frozenset(also))
        )  # fmt: skip

    def classes(self, flag: str, also: Collection[str] = ()) -> frozenset[DrugClass]:
        """Every class the flag can be dangerous for, whatever the window."""
        return frozenset(c for r in self._holding(flag, also) for c in r.classes)

    def emergency_anywhere(self, flag: str, also: Collection[str] = ()) -> bool:
        """Whether some rule makes the flag an emergency (on some medicine, in some window):
        words of it alert whatever the patient takes."""
        return any(r.level == "emergency" for r in self._holding(flag, also))

    def dangers(
        self,
        regimen: Regimen,
        flag: str,
        now: datetime,
        *,
        also: Collection[str] = (),
        days: float | None = None,
        named: Iterable[Drug] = (),
    ) -> list[Danger]:
        """Every way `flag` is dangerous for this patient now, most serious first; [] when it is
        not. `also`: other flags reported at the same time; `days`: how long ago the patient
        says they stopped (None: not said); `named`: medicines the patient's own words name,
        which count whatever the regimen says (their window cannot be checked: "named")."""
        found: list[Danger] = []
        taking = flag in TAKING
        recent = now - timedelta(days=self.recent_days)
        named = tuple(named)
        for rule in self._holding(flag, also):
            if rule.stopped_days is not None and days is not None and days <= rule.stopped_days:
                continue
            for m in regimen.active(now, rule.classes):
                window = rule.window(m, regimen, now)
                if window is not None and rule.stopped_days is not None:
                    window = f"stopped_over_{rule.stopped_days}_days"
                if window is not None:
                    found.append(Danger(flag, m.drug, m.drug_class, rule.level, window))
            stopped = () if taking else regimen.stopped_between(recent, now, rule.classes)
            for m in stopped:
                if rule.window(m, regimen, now) is not None:
                    found.append(
                        Danger(flag, m.drug, m.drug_class, rule.level, "stopped_recently")
                    )
            for drug in named:
                if drug.drug_class in rule.classes:
                    found.append(Danger(flag, drug.generic, drug.drug_class, rule.level, "named"))
        return sorted(found, key=lambda d: (LEVELS.index(d.level), d.window == "named"))


def load_red_flags(extra: Path | None = None) -> RedFlags:
    """The shipped table, with a clinic's own rules added when it has a file of them
    (RAPPORT_RED_FLAG_TABLE): a clinic may make more flags urgent, never fewer."""
    shipped = read_red_flags(DEFAULT_TABLE)
    if extra is None:
        return shipped
    return RedFlags(shipped.rules + read_red_flags(extra).rules, shipped.recent_days)


def read_red_flags(path: Path) -> RedFlags:
    """The table in one file; RedFlagError says what is wrong, and where."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RedFlagError(f"{path}: cannot read it ({exc})") from None
    if set(data) - {"recent_days", "rule"}:
        raise RedFlagError(f"{path}: only recent_days and [[rule]] are allowed")
    recent = data.get("recent_days", 14)
    if not isinstance(recent, int) or recent < 0:
        raise RedFlagError(f"{path}: recent_days must be a whole number of days")
    rules = data.get("rule", [])
    if not isinstance(rules, list) or not rules:
        raise RedFlagError(f"{path}: no [[rule]]")
    return RedFlags(tuple(_rule(path, i + 1, r) for i, r in enumerate(rules)), recent)


def _rule(path: Path, number: int, raw: Any) -> Rule:
    where = f"{path}: rule {number}"
    if not isinstance(raw, dict) or set(raw) - _KEYS:
        raise RedFlagError(f"{where}: unknown keys (use {', '.join(sorted(_KEYS))})")
    flag, classes, level = raw.get("flag"), raw.get("classes"), raw.get("level")
    if not isinstance(flag, str) or not flag.isidentifier():
        raise RedFlagError(f'{where}: flag must be a name like "rash"')
    if not isinstance(classes, list) or not classes or any(c not in CLASSES for c in classes):
        raise RedFlagError(f"{where}: classes must list classes of {', '.join(CLASSES)}")
    if level not in LEVELS:
        raise RedFlagError(f"{where}: level must be one of {', '.join(LEVELS)}")
    windows = {k: raw[k] for k in _WINDOWS if k in raw}
    if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in windows.values()):
        raise RedFlagError(f"{where}: {', '.join(windows)} must be whole numbers")
    also = raw.get("with", [])
    if not isinstance(also, list) or not all(isinstance(f, str) for f in also):
        raise RedFlagError(f"{where}: with must list flags")
    return Rule(
        flag,
        frozenset(cast(list[DrugClass], classes)),
        cast(Level, level),
        windows.get("first_weeks"),
        windows.get("rise_weeks"),
        windows.get("stopped_days"),
        frozenset(also),
    )


class Names(Protocol):
    """bot.i18n.Translator: formats a locale message, and says whether one exists."""

    def __call__(self, lang: str, key: str, **args: Any) -> str: ...

    def has(self, lang: str, key: str) -> bool: ...


def name_of(t: Names, lang: str, key: str, code: str) -> str:
    """A category's, flag's or window's name; a clinic's own reads as its code until it is
    translated."""
    return t(lang, key) if t.has(lang, key) else code.replace("_", " ")


def describe(
    t: Names, lang: str, flag: str | None, drug: str | None, window: str | None
) -> list[str]:
    """A red flag's lines for the care team (alert, task, digest): the flag, the medicine, the
    window."""
    lines = []
    if flag:
        name = name_of(t, lang, f"alert-flag-{flag.replace('_', '-')}", flag)
        lines.append(t(lang, "alert-flag", flag=name))
    if drug:
        lines.append(t(lang, "alert-drug", drug=drug))
    if window:
        name = name_of(t, lang, f"alert-window-{window.replace('_', '-')}", window)
        lines.append(t(lang, "alert-window", window=name))
    return lines
