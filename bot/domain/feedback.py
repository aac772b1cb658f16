"""The clinician's feedback on hypotheses: the buttons under a digest, and the report that
counts, per signal code, how often it was raised and how often it fit.

Pure. Under each hypothesis shown in full (hypotheses.SHOWN) a row of three buttons, numbered
as the hypotheses are: "fits", "doesn't fit", "pharmacological" (the picture is better
explained by the drug: dose, timing, its known profile). A verdict counts for every signal code
the hypothesis grouped: those are the numbers a clinic reads to tune thresholds.toml.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.domain import callbacks
from bot.domain.hypotheses import SHOWN, Hypothesis

# The verdict a button carries, by its one-letter part in the callback data.
VERDICTS = {"f": "fits", "n": "not_fits", "p": "pharmacological"}
KINDS = ("raised", *VERDICTS.values())


class Translate(Protocol):
    def __call__(self, lang: str, key: str, **args: Any) -> str: ...


def label_key(verdict: str) -> str:
    """The locale id of a verdict's name ("feedback-fits", "feedback-not-fits"...)."""
    return f"feedback-{verdict.replace('_', '-')}"


def keyboard(
    t: Translate, lang: str, digest_id: int, hypotheses: Sequence[Hypothesis]
) -> list[list[tuple[str, str]]]:
    """One row of verdict buttons per hypothesis shown, numbered 1, 2, 3 as they are listed."""
    rows = []
    for number, h in enumerate(hypotheses[:SHOWN], 1):
        try:
            data = [callbacks.encode(callbacks.FEEDBACK, digest_id, h.key, c) for c in VERDICTS]
        except ValueError:  # a key that cannot travel in a button gets no buttons
            continue
        names = [t(lang, f"{label_key(v)}-button", n=number) for v in VERDICTS.values()]
        rows.append(list(zip(names, data, strict=True)))
    return rows


@dataclass(frozen=True)
class Tap:
    """A decoded verdict button."""

    digest_id: int
    hypothesis: str
    verdict: str


def decode(data: callbacks.Callback) -> Tap | None:
    """The tap, or None for anything malformed."""
    if len(data.parts) != 3 or data.parts[2] not in VERDICTS or not data.parts[1]:
        return None
    digest_id = data.number(0)
    return None if digest_id is None else Tap(digest_id, data.parts[1], VERDICTS[data.parts[2]])


@dataclass(frozen=True)
class Row:
    """One signal code in the report."""

    code: str
    raised: int = 0
    fits: int = 0
    not_fits: int = 0
    pharmacological: int = 0

    @property
    def judged(self) -> int:
        return self.fits + self.not_fits + self.pharmacological

    def as_json(self) -> dict[str, Any]:
        return self.__dict__ | {"judged": self.judged}


def report(tallies: Iterable[tuple[str, str, int]]) -> list[Row]:
    """(code, kind, count) triples as one row per code, by code."""
    counts: dict[str, dict[str, int]] = {}
    for code, kind, count in tallies:
        if kind in KINDS:
            counts.setdefault(code, {})[kind] = counts.get(code, {}).get(kind, 0) + count
    return [Row(code, **found) for code, found in sorted(counts.items())]
