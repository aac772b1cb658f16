"""The pure builder's choices the running bot rarely makes: which check-ins are responses, and
what a stopped patient, a cancelled check-in and a dialog with no installed file look like."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.domain import fhir_bundle
from bot.domain.dialogs import DialogSet
from bot.domain.fhir_bundle import Chart

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class P:
    id: int = 1
    alias: str = "P-1"
    status: str = "stopped"
    language: str | None = None


@dataclass(frozen=True)
class C:
    id: int
    status: str
    dialog_id: str = "gone"
    dialog_version: int = 4
    due_at: datetime = NOW
    invited_at: datetime | None = None
    opened_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass(frozen=True)
class A:
    id: int
    checkin_id: int
    question_id: str
    value: str | int | tuple[str, ...] | None
    construct: str | None = None
    dialog_id: str = "gone"
    answered_at: datetime = NOW + timedelta(minutes=1)


def _bundle(checkins: list[C], answers: list[A]) -> dict:
    chart = Chart(P(), checkins, answers)
    return fhir_bundle.bundle(
        [chart], {}, {"resourceType": "CodeSystem", "id": "c"}, DialogSet(), NOW
    )


def _of(data: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_pending_and_unanswered_cancelled_checkins_are_not_responses() -> None:
    checkins = [C(1, "pending"), C(2, "cancelled"), C(3, "cancelled"), C(4, "expired")]
    data = _bundle(checkins, [A(1, 3, "mood", 6, "mood.level")])
    responses = {qr["id"]: qr["status"] for qr in _of(data, "QuestionnaireResponse")}
    assert responses == {"checkin-3": "stopped", "checkin-4": "stopped"}
    (patient,) = _of(data, "Patient")
    assert patient["active"] is False and "communication" not in patient


def test_a_dialog_without_its_file_is_typed_by_its_answers_alone() -> None:
    answers = [A(1, 1, "mood", 6, "mood.level"), A(2, 1, "why", ("a", "b")), A(3, 1, "x", None)]
    data = _bundle([C(1, "completed", completed_at=NOW + timedelta(minutes=2))], answers)
    (form,) = _of(data, "Questionnaire")
    assert form["status"] == "retired" and form["url"].endswith("/Questionnaire/gone")
    assert [(i["linkId"], i["type"], i.get("repeats")) for i in form["item"]] == [
        ("mood", "integer", None),
        ("why", "string", True),
        ("x", "string", None),
    ]
    (qr,) = _of(data, "QuestionnaireResponse")
    assert (
        qr["questionnaire"].endswith("/gone|4") and qr["authored"] == "2026-03-02T09:02:00+00:00"
    )
    assert [i.get("answer") for i in qr["item"]] == [
        [{"valueInteger": 6}],
        [{"valueString": "a"}, {"valueString": "b"}],
        None,
    ]
    (obs,) = _of(data, "Observation")  # a number with a construct; not the multi, not the skip
    assert obs["valueInteger"] == 6 and obs["derivedFrom"] == [
        {"reference": "QuestionnaireResponse/checkin-1"}
    ]
