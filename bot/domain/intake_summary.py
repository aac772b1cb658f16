"""When an intake is worrying enough to tell the prescriber at once (the pre-emptive principle,
P4: resistance is easier to prevent than to overcome), and why.

Pure. An intake is worrying when any of these holds; otherwise nothing is sent before the
pre-visit digest:
- a hypothesis of moderate or high severity from the intake's signals (taking less than
  prescribed already, strong fears of dependency or of changing who they are, ...), other than
  engagement (they just answered the whole intake) and the prescriber's own regimen count
  (staff entered it: nothing the intake told);
- high worry about harm: `expectation.harm` >= HARM;
- past intolerance: `history.intolerance` = yes; or wariness: `history.wary` >= WARY
  (the nocebo prior: "if they cannot resist the doctor, their bodies do the resisting");
- low alliance: the mean of the `alliance.*` answers <= ALLIANCE (a new patient may skip them);
- ambivalence named: `ambivalence.loss_any` = yes, or words in `ambivalence.loss`;
- other medicines named: words in `other.medicines` (or in the older intake's
  `other_medicines_which`, which had no construct).
A calm intake (none of these) sends nothing. Safety language is not waited for here: it has
its own alerts, at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from bot.domain.constructs import is_int
from bot.domain.hypotheses import Hypothesis
from bot.domain.signal_rules import normal
from bot.domain.signals import Observation

HARM, WARY, ALLIANCE = 7, 7, 4
SEVERE = frozenset({"high", "moderate"})
NOT_FROM_INTAKE = frozenset({"engagement", "prescriber"})  # hypothesis categories
OTHER_MEDICINES_QUESTION = "other_medicines_which"  # the older intake: no construct
# The reasons, in the order they are shown.
REASONS = (
    "hypotheses",
    "harm",
    "intolerance",
    "wary",
    "alliance",
    "ambivalence",
    "other_medicines",
)


def worrying(hypotheses: Sequence[Hypothesis]) -> list[Hypothesis]:
    """The hypotheses that alone make an intake worth telling at once."""
    return [
        h
        for h in hypotheses
        if h.severity in SEVERE and h.signals[0].category not in NOT_FROM_INTAKE
    ]


def reasons(
    hypotheses: Sequence[Hypothesis],
    answers: Iterable[Observation],
    nothing: Collection[str] = (),
) -> tuple[str, ...]:
    """Why this intake is worrying (REASONS, in order); empty when it is calm. `nothing` are
    the free-text answers that mean "nothing" (thresholds.toml, symptom_loss_ambivalence): a
    loss answered "nothing" names none."""
    by = _latest(answers)
    none = {normal(text) for text in nothing}
    found = set()
    if worrying(hypotheses):
        found.add("hypotheses")
    if _number(by.get("expectation.harm")) >= HARM:
        found.add("harm")
    if by.get("history.intolerance") == "yes":
        found.add("intolerance")
    if _number(by.get("history.wary")) >= WARY:
        found.add("wary")
    alliance = [_number(v) for k, v in by.items() if k.startswith("alliance.") and is_int(v)]
    if alliance and sum(alliance) / len(alliance) <= ALLIANCE:
        found.add("alliance")
    loss = by.get("ambivalence.loss")
    named = _words(loss) and normal(str(loss)) not in none
    if by.get("ambivalence.loss_any") == "yes" or named:
        found.add("ambivalence")
    if _words(by.get("other.medicines")) or _words(by.get(OTHER_MEDICINES_QUESTION)):
        found.add("other_medicines")
    return tuple(r for r in REASONS if r in found)


def _latest(answers: Iterable[Observation]) -> dict[str, object]:
    """Each construct's latest answer; a question without a construct by its question id."""
    by: dict[str, object] = {}
    for o in sorted(answers, key=lambda o: o.at):
        by[o.construct or o.question] = o.value
    return by


def _number(value: object) -> int:
    return value if is_int(value) else -1


def _words(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
