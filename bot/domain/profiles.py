"""Known early adverse-effect profiles of the drug classes, read from profiles.toml.

Pure apart from reading the file (cached: the shipped table is read once). A profile says which
side effects, within how many days of which kinds of change to which drug classes, fit the
drug's own known effects; adverse_effect_after_change reads them, and the nocebo rule leaves
alone what they explain (the article's first principle: avoid a mind-body split).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from bot.domain.constructs import NONE, RED_FLAG_EFFECTS, SIDE_EFFECTS
from bot.domain.drugs import CLASSES
from bot.domain.regimen import CHANGE_KINDS

DEFAULT_PROFILES = Path(__file__).with_name("profiles.toml")
KEYS = ("name", "classes", "kinds", "days", "effects")
EFFECTS = frozenset(SIDE_EFFECTS) - RED_FLAG_EFFECTS - {NONE, "other"}
KINDS = frozenset(CHANGE_KINDS) - {"note"}


class ProfilesError(ValueError):
    """The profiles file cannot be read, or a profile is malformed."""


@dataclass(frozen=True)
class Profile:
    name: str
    classes: frozenset[str]
    kinds: frozenset[str]
    days: int
    effects: frozenset[str]

    def covers(self, drug_class: str | None, kind: str, changed: datetime, at: datetime) -> bool:
        """Whether a change of this kind and class, at `changed`, is still in the window at
        `at`: the report comes after the change, at most `days` whole days after it."""
        return (
            drug_class in self.classes
            and kind in self.kinds
            and changed <= at
            and (at - changed).days <= self.days
        )


def read_table(path: Path, error: type[ValueError]) -> dict[str, Any]:
    """A TOML data file (profiles, thresholds); `error` when it cannot be read or parsed."""
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{path}: {exc}") from exc


def load_profiles(path: Path | None = None) -> tuple[Profile, ...]:
    """Every profile of the file (the shipped table unless `path` is given)."""
    path = path or DEFAULT_PROFILES
    data = read_table(path, ProfilesError)
    if set(data) != {"profile"} or not isinstance(data["profile"], list):
        raise ProfilesError(f"{path}: only [[profile]] tables are allowed")
    return tuple(_profile(f"{path}: profile {i + 1}", p) for i, p in enumerate(data["profile"]))


@cache
def default_profiles() -> tuple[Profile, ...]:
    return load_profiles()


def _profile(where: str, data: object) -> Profile:
    if not isinstance(data, Mapping) or set(data) != set(KEYS):
        raise ProfilesError(f"{where}: needs exactly the keys {', '.join(KEYS)}")
    days = data["days"]
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ProfilesError(f"{where}: days must be a positive integer")
    name = data["name"]
    if not isinstance(name, str) or not name:
        raise ProfilesError(f"{where}: name must be a string")
    return Profile(
        name=name,
        classes=_values(where, "classes", data["classes"], frozenset(CLASSES)),
        kinds=_values(where, "kinds", data["kinds"], KINDS),
        days=days,
        effects=_values(where, "effects", data["effects"], EFFECTS),
    )


def _values(where: str, key: str, value: object, allowed: frozenset[str]) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ProfilesError(f"{where}: {key} must be a non-empty list of strings")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ProfilesError(f"{where}: unknown {key} value {unknown[0]!r}")
    return frozenset(value)
