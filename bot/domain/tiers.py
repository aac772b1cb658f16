"""Which reply a risk gets: the one table from a risk category to its tier, and what a tier means.

Pure. A phrase category (locales/<lang>/safety.toml) or a structured report (a red-flag button, the
suicide screen) is answered by tier; the clinician is alerted whatever the tier.

  suicidal   the crisis reply: the patient's own safety plan first, then the crisis resources
  overdose   call emergency services or the poison line now, even if you feel fine; tell someone
             near you; then the plan and the resources
  red_flag   a medication red flag: that flag's text when it has one, else the generic medical
             reply, then the resources
  stopped    stopping medication abruptly: contact the clinic today, do not restart at the old
             dose on your own
  ambiguous  an idiom-like match: one tap, "Are you safe right now?" ("I'm safe" / "I need help
             now"); the alert still goes out, marked possibly idiomatic

A category that is not in TIERS takes its urgency's tier: a new crisis family ("burden",
"stockpiling") gets the suicidal reply, a new medical one the red-flag reply. Add a row to give it
another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

Tier = Literal["suicidal", "overdose", "red_flag", "stopped", "ambiguous"]
Urgency = Literal["crisis", "medical"]
# Where the risk came from: typed words, words typed into the patient's own safety plan, a
# button (a red-flag answer), the suicide screen, or "I need help now" after the idiom check.
Source = Literal["text", "plan", "button", "screening", "help_now"]

TIERS: Final[Mapping[str, Tier]] = {
    "suicidal": "suicidal",
    "self_harm": "suicidal",
    "overdose": "overdose",
    "stopped_all": "stopped",
    "severe_reaction": "red_flag",
}
BY_URGENCY: Final[Mapping[Urgency, Tier]] = {"crisis": "suicidal", "medical": "red_flag"}
# Tiers whose reply is a crisis reply: a short caring contact follows the next day.
CRISIS_TIERS: Final = frozenset({"suicidal", "overdose"})
MEDICAL_TIERS: Final = frozenset({"red_flag", "stopped"})


@dataclass(frozen=True)
class Risk:
    """What is being answered, however it was found.

    `category` is the phrase category or the structured report's own ("suicidal" from the screen,
    a red flag's category); `flag`, `drug` and `window` name a medication red flag for the alert.
    """

    category: str
    urgency: Urgency
    tier: Tier
    source: Source = "text"
    idiomatic: bool = False
    flag: str | None = None
    drug: str | None = None
    window: str | None = None
    emergency: bool = False  # a red flag that is an emergency: call emergency services now
    same_day: bool = False  # a red flag of level "same_day": a task for today, not an alert

    @property
    def escalates(self) -> bool:
        """Words in the patient's own safety plan alert the clinician, but are not chased."""
        return self.source != "plan"


def tier_of(category: str, urgency: Urgency, idiomatic: bool = False) -> Tier:
    """The reply for a phrase match: the table's, else its urgency's; an idiom asks first."""
    if idiomatic:
        return "ambiguous"
    return TIERS.get(category) or BY_URGENCY[urgency]


def from_phrase(category: str, urgency: Urgency, idiomatic: bool, source: Source) -> Risk:
    """A phrase match as a risk; words in the safety plan keep their tier but get no reply."""
    return Risk(category, urgency, tier_of(category, urgency, idiomatic), source, idiomatic)


def is_crisis(tier: Tier) -> bool:
    return tier in CRISIS_TIERS
