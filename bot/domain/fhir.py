"""The FHIR R4 (4.0.1) words Rapport speaks: canonical URLs, resource ids, references, and how a
dialog question and its answers are typed. Resources are plain JSON dicts; the tests validate
every one with fhir.resources' R4B models, whose JSON is R4's for every resource used here
(Questionnaire, QuestionnaireResponse, Observation, DetectedIssue, Flag, MedicationStatement,
Patient, CodeSystem, Bundle).

The canonical URLs live under a `.invalid` host on purpose: they are names, never addresses, and
that host can never belong to anyone (RFC 2606).
"""

from __future__ import annotations

import re
from typing import Any

from bot.domain import engine
from bot.domain.constructs import NOT_SURE, NUMERIC, QType, is_int
from bot.domain.dialogs import Question

BASE = "https://rapport.invalid/fhir"
FHIR_VERSION = "4.0.1"
CONSTRUCT_SYSTEM = f"{BASE}/CodeSystem/construct"  # what a question measures
ANSWER_SYSTEM = f"{BASE}/CodeSystem/answer"  # a choice's value, e.g. "took_less"
SIGNAL_SYSTEM = f"{BASE}/CodeSystem/signal"  # a digest signal's code
SAFETY_SYSTEM = f"{BASE}/CodeSystem/safety"  # a safety event's category
ALIAS_SYSTEM = f"{BASE}/patient-alias"  # the only identifier a Patient carries
EXTENSION = f"{BASE}/StructureDefinition"  # Rapport's own extensions: f"{EXTENSION}/name"

# Numeric question types as FHIR integer items: the range their buttons offer.
RANGES: dict[QType, tuple[int, int]] = {
    QType.SCALE_0_10: (0, 10),
    QType.DAYS_0_7: (0, 7),
    QType.CHANGE_SCALE: (-2, 2),
}
ITEM_TYPES: dict[QType, str] = {
    QType.YES_NO: "boolean",
    QType.YES_NO_UNSURE: "choice",
    QType.CHOICE: "choice",
    QType.MULTI: "choice",  # with repeats
    QType.SCALE_0_10: "integer",
    QType.DAYS_0_7: "integer",
    QType.CHANGE_SCALE: "integer",
    QType.TEXT: "text",
    # The patient's own medicines by name, or "not sure": a name is free text to FHIR.
    QType.MEDICINE: "open-choice",
}
assert set(RANGES) == NUMERIC

_NOT_ID = re.compile(r"[^A-Za-z0-9.-]+")


def resource_id(*parts: object) -> str:
    """A FHIR id ([A-Za-z0-9-.]{1,64}) from parts: ("weekly", "v3") -> "weekly-v3"."""
    joined = "-".join(_NOT_ID.sub("-", str(part)).strip("-") for part in parts)
    return joined[:64] or "x"


def canonical(kind: str, name: str) -> str:
    """The canonical URL of a definitional resource, e.g. canonical("Questionnaire", "weekly")."""
    return f"{BASE}/{kind}/{name}"


def reference(resource: dict[str, Any]) -> dict[str, str]:
    """A relative reference to a resource of the same bundle: {"reference": "Type/id"}."""
    return {"reference": f"{resource['resourceType']}/{resource['id']}"}


def full_url(resource: dict[str, Any]) -> str:
    """A bundle entry's fullUrl: the base the relative references resolve against."""
    return f"{BASE}/{resource['resourceType']}/{resource['id']}"


def item_type(question: Question) -> str:
    """The Questionnaire item type that asks `question`."""
    return ITEM_TYPES[question.type]


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    found = {"system": system, "code": code}
    return found | ({"display": display} if display else {})


def answers(question: Question | None, value: engine.Answer) -> list[dict[str, Any]]:
    """A stored answer as QuestionnaireResponse answers, typed as the question's item is;
    [] when skipped. A question no longer in its dialog is typed by the value alone."""
    if value is None:
        return []
    values = value if isinstance(value, tuple | list) else (value,)
    return [_one(question, v) for v in values]


def _one(question: Question | None, value: str | int) -> dict[str, Any]:
    qtype = question.type if question is not None else None
    if qtype is QType.YES_NO:
        return {"valueBoolean": value == "yes"}
    if is_int(value):
        return {"valueInteger": value}
    if qtype in (QType.YES_NO_UNSURE, QType.CHOICE, QType.MULTI) or (
        qtype is QType.MEDICINE and value == NOT_SURE
    ):
        return {"valueCoding": coding(ANSWER_SYSTEM, str(value))}
    return {"valueString": str(value)}
