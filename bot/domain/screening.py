"""The suicide screen (issue 10, part 3): when it is asked, what its answers mean, and the
same-day task a positive, non-acute screen gives the clinician.

Pure. The screen is the dialog dialogs/screen.toml, modelled on the NIMH Ask Suicide-Screening
Questions (ASQ): four yes/no items and, when any is yes, one about right now. It is asked in a
check-in of its own, chained right after the check-in it follows (bot.services.screening), so
every answer is stored and read like any other.

When (`due`), for a check-in that was just finished:
  intake        always
  pre_visit     always
  safety_event  a safety event (words, a red-flag button, "I need help now") since the last
                screen the patient finished, or ever when they never finished one
  antidepressant  a post-change check-in within RISE_DAYS of an antidepressant start or increase
                (or a "change" whose direction the dose texts do not say: erring towards safety)
Besides, an antidepressant start or increase queues the screen on its own on FOLLOW_DAYS (the
post-change check-ins of days 3, 7 and 14 ask it already): weekly for the first four weeks.
A change of any other class asks nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from bot.domain.constructs import SCREEN_ACUTE, SCREEN_ITEMS
from bot.domain.drugs import ANTIDEPRESSANTS
from bot.domain.regimen import MAYBE_RISES, Change, Regimen

SCREEN: Final = "screen"  # the dialog id
CHAINED: Final = "after"  # the source of a screen asked right after a check-in: part of it
ITEMS, ACUTE = SCREEN_ITEMS, SCREEN_ACUTE  # the four items; right now (only after a yes)
CONSTRUCTS: Final = (*ITEMS, ACUTE)

RISE_DAYS: Final = 28  # "the first four weeks" after an antidepressant start or increase
FOLLOW_DAYS: Final = (21, 28)  # the screen on its own, after the post-change days 3, 7, 14
TASK_WITHIN: Final = timedelta(hours=24)  # a positive screen: contact within 24 hours
POSITIVE_TASK: Final = "screen_positive"  # the task's kind

Result = Literal["negative", "positive", "acute"]
Reason = Literal["intake", "pre_visit", "safety_event", "antidepressant"]
PRE_VISIT: Final = "pre_visit"
POST_CHANGE: Final = "post_change"
NOT_CHAINED: Final = frozenset({SCREEN, "safety_plan"})  # never followed by the screen


def result(answers: Mapping[str, object]) -> Result:
    """What a finished screen says; `answers` by construct ("screen.acute" -> "yes")."""
    if answers.get(ACUTE) == "yes":
        return "acute"
    if any(answers.get(item) == "yes" for item in ITEMS):
        return "positive"
    return "negative"


def due(
    dialog_id: str,
    *,
    intake: bool,
    now: datetime,
    regimen: Regimen,
    risks: Iterable[datetime],
    last_screen: datetime | None,
) -> Reason | None:
    """Why the screen follows the check-in of `dialog_id` just finished at `now`, or None.

    `risks`: when the patient's safety events happened (not those the screen itself raised);
    `last_screen`: when they last finished the screen.
    """
    if dialog_id in NOT_CHAINED:
        return None
    if intake:
        return "intake"
    if dialog_id == PRE_VISIT:
        return "pre_visit"
    if any(last_screen is None or at > last_screen for at in risks):
        return "safety_event"
    if dialog_id == POST_CHANGE and regimen.rises_within(now, RISE_DAYS, kinds=MAYBE_RISES):
        return "antidepressant"
    return None


def follows(change: Change) -> bool:
    """Whether a change queues the weekly screens after it: an antidepressant started or
    raised (or changed in a way the dose texts do not order: read as a possible rise)."""
    return change.kind in MAYBE_RISES and change.drug_class in ANTIDEPRESSANTS


@dataclass(frozen=True)
class Task:
    """A same-day task for the clinician (migrations/0014_screening.sql). It holds no patient
    words: the answers behind it stay with the answers."""

    id: int
    patient_id: int
    kind: str
    created_at: datetime
    due_at: datetime
    checkin_id: int | None = None
    done_at: datetime | None = None
    done_by_name: str | None = None
    # A red flag's task (kind "red_flag"): the medicine, the flag and the window.
    drug: str | None = None
    flag: str | None = None
    flag_window: str | None = None

    def open_at(self, moment: datetime) -> bool:
        """Created by `moment`, and not done by then."""
        return self.created_at <= moment and (self.done_at is None or self.done_at > moment)
