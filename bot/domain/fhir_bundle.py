"""`rapport export --format fhir`: one FHIR R4 Bundle (type collection) of what Rapport keeps.

Pure: it takes storage's records as they are (read through the protocols below), texts already
translated and `now`, and returns plain JSON dicts. Which resource holds what, and why:

- Patient: the alias as its only identifier; no name, no telecom, no Telegram id.
- Questionnaire: one per dialog and version answered, and every installed dialog's current one
  (built by bot.domain.questionnaire); a version no longer installed is "retired", taken from
  the installed file with an item added for each question its answers have that the file lost.
- QuestionnaireResponse: one per check-in that was opened, answered or let lapse.
- Observation: one per scored construct answer (a number, or one choice), derived from its
  response, so a server can chart a construct without reading questionnaires.
- DetectedIssue: one per signal of each recorded digest, pointing at the answers behind it.
- Flag: one per safety event; the patient's words stay in the response they came from.
- MedicationStatement: one per medication of the regimen.

References are relative ("Type/id") and every one resolves inside the bundle: evidence from
before `since` is left out rather than pointed at.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.domain import engine, exported, fhir
from bot.domain.constructs import NUMERIC, QType, is_int
from bot.domain.dialogs import DialogSet, Question
from bot.domain.regimen import Medication
from bot.domain.signals import Observation as Evidence
from bot.domain.signals import SafetyEvent

Json = dict[str, Any]
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category"
LANGUAGE_SYSTEM = "urn:ietf:bcp:47"

# A check-in's status as a response's; pending ones (and cancelled ones never answered) are
# not responses at all and are left out.
RESPONSE_STATUS = {
    "completed": "completed",
    "open": "in-progress",
    "missed": "stopped",
    "expired": "stopped",
    "cancelled": "stopped",
}
SCORED_CHOICES = frozenset({QType.YES_NO, QType.YES_NO_UNSURE, QType.CHOICE})


# --- what the builder reads: storage's records fit these as they are -------------------------


class PatientRow(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def alias(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def language(self) -> str | None: ...


class CheckinRow(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def dialog_id(self) -> str: ...
    @property
    def dialog_version(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def due_at(self) -> datetime: ...
    @property
    def invited_at(self) -> datetime | None: ...
    @property
    def opened_at(self) -> datetime | None: ...
    @property
    def completed_at(self) -> datetime | None: ...


class AnswerRow(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def checkin_id(self) -> int: ...
    @property
    def dialog_id(self) -> str: ...
    @property
    def question_id(self) -> str: ...
    @property
    def construct(self) -> str | None: ...
    @property
    def value(self) -> engine.Answer: ...
    @property
    def answered_at(self) -> datetime: ...


@dataclass(frozen=True)
class Issue:
    """One signal of a recorded digest, its texts in the clinician's language."""

    digest_id: int
    at: datetime  # when the digest was made
    code: str
    severity: str
    title: str
    summary: str
    evidence: tuple[Evidence | SafetyEvent, ...]


@dataclass(frozen=True)
class Alarm:
    """A safety event: its category's name, and whether every alert it raised was acknowledged."""

    id: int
    at: datetime
    category: str
    urgency: str
    name: str
    settled: bool


@dataclass(frozen=True)
class Chart:
    """One patient's records to export: check-ins, their standing answers, and the rest."""

    patient: PatientRow
    checkins: Sequence[CheckinRow]
    answers: Sequence[AnswerRow]
    issues: Sequence[Issue] = ()
    alarms: Sequence[Alarm] = ()
    medications: Sequence[Medication] = ()


# --- the bundle ------------------------------------------------------------------------------


def bundle(
    charts: Sequence[Chart],
    installed: Mapping[str, Json],
    codesystem: Json,
    dialogs: DialogSet,
    now: datetime,
    since: datetime | None = None,
) -> Json:
    """The Bundle: `installed` holds each installed dialog's Questionnaire by dialog id."""
    kept = [_since(c, since) for c in charts]
    forms = questionnaires(kept, installed, dialogs)
    resources = [codesystem, *forms.values()]
    for chart in kept:
        resources += _of_patient(chart, forms, dialogs, now)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": instant(now),
        "entry": [{"fullUrl": fhir.full_url(r), "resource": r} for r in resources],
    }


def counts(found: Json) -> dict[str, int]:
    """How many resources of each type a bundle holds: the audit log's detail."""
    tally: dict[str, int] = {}
    for entry in found["entry"]:
        kind = entry["resource"]["resourceType"]
        tally[kind] = tally.get(kind, 0) + 1
    return tally


def instant(moment: datetime) -> str:
    """ISO 8601 in UTC with its offset, to the second: FHIR's dateTime and instant."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _since(chart: Chart, since: datetime | None) -> Chart:
    """What happened from `since` on: check-ins by their latest moment (with all their answers,
    a response is one thing), digests, safety events. The regimen is kept whole: it is now's."""
    if since is None:
        return chart
    checkins = [c for c in chart.checkins if _latest(c, chart.answers) >= since]
    taken = {c.id for c in checkins}
    return Chart(
        chart.patient,
        checkins,
        [a for a in chart.answers if a.checkin_id in taken],
        [i for i in chart.issues if i.at >= since],
        [a for a in chart.alarms if a.at >= since],
        chart.medications,
    )


def _latest(checkin: CheckinRow, answers: Iterable[AnswerRow]) -> datetime:
    return exported.latest(checkin, (a.answered_at for a in answers if a.checkin_id == checkin.id))


def _of_patient(
    chart: Chart, forms: Mapping[tuple[str, int], Json], dialogs: DialogSet, now: datetime
) -> list[Json]:
    patient = patient_resource(chart.patient)
    subject = fhir.reference(patient)
    by_checkin = _grouped(chart.answers)
    responses = {
        c.id: response(c, by_checkin.get(c.id, []), forms[_form_key(c)], subject, dialogs)
        for c in _exported(chart.checkins, by_checkin)
    }
    observations = {
        a.id: o
        for a in chart.answers
        if a.checkin_id in responses
        and (o := observation(a, dialogs, subject, responses[a.checkin_id])) is not None
    }
    flags = {(a.at, a.category): flag(a, subject) for a in chart.alarms}
    issues = [
        detected_issue(i, subject, _evidence_refs(chart.answers, responses, observations, flags))
        for i in chart.issues
    ]
    medications = [medication_statement(m, subject, now) for m in chart.medications]
    return [
        patient,
        *responses.values(),
        *observations.values(),
        *issues,
        *flags.values(),
        *medications,
    ]


def _grouped(answers: Iterable[AnswerRow]) -> dict[int, list[AnswerRow]]:
    found: dict[int, list[AnswerRow]] = {}
    for a in answers:
        found.setdefault(a.checkin_id, []).append(a)
    return found


def _exported(
    checkins: Iterable[CheckinRow], answers: Mapping[int, list[AnswerRow]]
) -> list[CheckinRow]:
    """The check-ins that are responses: not pending, not cancelled before any answer."""
    return [c for c in checkins if exported.asked(c, bool(answers.get(c.id)))]


def _form_key(checkin: CheckinRow) -> tuple[str, int]:
    return (checkin.dialog_id, checkin.dialog_version)


# --- Questionnaires --------------------------------------------------------------------------


def questionnaires(
    charts: Sequence[Chart], installed: Mapping[str, Json], dialogs: DialogSet
) -> dict[tuple[str, int], Json]:
    """Each installed dialog's current Questionnaire, and one per other (dialog, version) the
    exported check-ins were asked in, holding every question id their answers use."""
    asked: dict[tuple[str, int], list[AnswerRow]] = {
        (d.id, d.version): [] for d in dialogs.values() if d.id in installed
    }
    for chart in charts:
        by_checkin = _grouped(chart.answers)
        for c in _exported(chart.checkins, by_checkin):
            asked.setdefault(_form_key(c), []).extend(by_checkin.get(c.id, []))
    return {key: _form(key, answers, installed, dialogs) for key, answers in asked.items()}


def _form(
    key: tuple[str, int], answers: Sequence[AnswerRow], installed: Mapping[str, Json],
    dialogs: DialogSet,
) -> Json:  # fmt: skip
    dialog_id, version = key
    current = dialogs.get(dialog_id)
    form = copy.deepcopy(installed[dialog_id]) if dialog_id in installed else _bare(dialog_id)
    if current is not None and current.version == version and dialog_id in installed:
        return form
    form |= {
        "id": fhir.resource_id(dialog_id, f"v{version}"),
        "version": str(version),
        "status": "retired",
        "description": (
            f"Version {version} of the dialog {dialog_id!r}, no longer installed: its questions "
            "as the installed file asks them, and those it no longer has as plain items."
        ),
    }
    have = {item["linkId"] for item in form.get("item", [])}
    lost: dict[str, list[engine.Answer]] = {}
    for a in answers:
        if a.question_id not in have:
            lost.setdefault(a.question_id, []).append(a.value)
    items = [*form.get("item", []), *(_lost_item(q, v) for q, v in lost.items())]
    form.pop("item", None)  # FHIR has no empty arrays: a dialog gone unanswered has no items
    return form | ({"item": items} if items else {})


def _bare(dialog_id: str) -> Json:
    """A dialog no longer installed at all: only its answers say what it asked."""
    return {
        "resourceType": "Questionnaire",
        "url": fhir.canonical("Questionnaire", dialog_id),
        "name": dialog_id,
    }


def _lost_item(question_id: str, values: Sequence[engine.Answer]) -> Json:
    """A question its file no longer has, typed as fhir.answers types its values alone."""
    given = [v for v in values if v is not None]
    numbers = bool(given) and all(is_int(v) for v in given)
    item: Json = {"linkId": question_id, "text": question_id}
    item["type"] = "integer" if numbers else "string"
    if any(isinstance(v, tuple | list) for v in given):
        item["repeats"] = True
    return item


# --- per patient -----------------------------------------------------------------------------


def patient_resource(patient: PatientRow) -> Json:
    """The patient as their alias only: nothing else personal leaves Rapport."""
    found: Json = {
        "resourceType": "Patient",
        "id": fhir.resource_id("patient", patient.id),
        "identifier": [{"system": fhir.ALIAS_SYSTEM, "value": patient.alias}],
        "active": patient.status != "stopped",
    }
    if patient.language:
        language = {"coding": [fhir.coding(LANGUAGE_SYSTEM, patient.language)]}
        found["communication"] = [{"language": language}]
    return found


def response(
    checkin: CheckinRow,
    answers: Sequence[AnswerRow],
    form: Json,
    subject: Json,
    dialogs: DialogSet,
) -> Json:
    """A check-in as a QuestionnaireResponse: its standing answers in the dialog's order."""
    texts = {item["linkId"]: item.get("text", item["linkId"]) for item in form.get("item", [])}
    items = []
    for a in _in_dialog_order(answers, dialogs, checkin.dialog_id):
        item: Json = {"linkId": a.question_id, "text": texts.get(a.question_id, a.question_id)}
        given = fhir.answers(dialogs.find(checkin.dialog_id, a.question_id), a.value)
        items.append(item | ({"answer": given} if given else {}))
    found: Json = {
        "resourceType": "QuestionnaireResponse",
        "id": fhir.resource_id("checkin", checkin.id),
        "questionnaire": f"{form['url']}|{form['version']}",
        "status": RESPONSE_STATUS[checkin.status],
        "subject": subject,
        "authored": instant(_authored(checkin, answers)),
    }
    return found | ({"item": items} if items else {})


def _in_dialog_order(
    answers: Sequence[AnswerRow], dialogs: DialogSet, dialog_id: str
) -> list[AnswerRow]:
    """Answers in their questions' order; those the dialog no longer has last, as given."""
    dialog = dialogs.get(dialog_id)
    order = {q.id: i for i, q in enumerate(dialog.questions)} if dialog else {}
    return sorted(answers, key=lambda a: order.get(a.question_id, len(order)))


def _authored(checkin: CheckinRow, answers: Sequence[AnswerRow]) -> datetime:
    last = max((a.answered_at for a in answers), default=None)
    moments = (checkin.completed_at, last, checkin.opened_at, checkin.invited_at)
    return next((m for m in moments if m is not None), checkin.due_at)


def observation(
    answer: AnswerRow, dialogs: DialogSet, subject: Json, derived: Json
) -> Json | None:
    """A scored construct answer as an Observation; None for free text, multi, skipped."""
    value = _scored(dialogs.find(answer.dialog_id, answer.question_id), answer.value)
    if answer.construct is None or value is None:
        return None
    return {
        "resourceType": "Observation",
        "id": fhir.resource_id("answer", answer.id),
        "status": "final",
        "category": [{"coding": [fhir.coding(OBSERVATION_CATEGORY, "survey", "Survey")]}],
        "code": {"coding": [fhir.coding(fhir.CONSTRUCT_SYSTEM, answer.construct)]},
        "subject": subject,
        "effectiveDateTime": instant(answer.answered_at),
        "derivedFrom": [fhir.reference(derived)],
        **value,
    }


def _scored(question: Question | None, value: engine.Answer) -> Json | None:
    """The value of a scored answer: a number, or one choice (yes/no too, as a code)."""
    qtype = question.type if question is not None else None
    if is_int(value) and (qtype is None or qtype in NUMERIC):
        return {"valueInteger": value}
    if isinstance(value, str) and qtype in SCORED_CHOICES:
        return {"valueCodeableConcept": {"coding": [fhir.coding(fhir.ANSWER_SYSTEM, value)]}}
    return None


Refs = Callable[[Evidence | SafetyEvent], tuple[Json | None, Json | None]]


def _evidence_refs(
    answers: Sequence[AnswerRow],
    responses: Mapping[int, Json],
    observations: Mapping[int, Json],
    flags: Mapping[tuple[datetime, str], Json],
) -> Refs:
    """For one piece of evidence: (the response implicated, the most precise resource showing
    it): an answer's Observation (else its response), a safety event's Flag."""
    standing = {(a.checkin_id, a.question_id): a.id for a in answers}

    def refs(e: Evidence | SafetyEvent) -> tuple[Json | None, Json | None]:
        if isinstance(e, SafetyEvent):
            return None, flags.get((e.at, e.kind))
        qr = responses.get(e.checkin_id)
        answer_id = standing.get((e.checkin_id, e.question))
        best = observations.get(answer_id) if answer_id is not None else None
        return qr, best or qr

    return refs


def detected_issue(issue: Issue, subject: Json, refs: Refs) -> Json:
    """A digest's signal: preliminary (a hypothesis for the clinician, not a finding)."""
    implicated: list[Json] = []
    shown: list[Json] = []
    for e in issue.evidence:
        qr, best = refs(e)
        implicated += [fhir.reference(qr)] if qr is not None else []
        shown += [fhir.reference(best)] if best is not None else []
    found: Json = {
        "resourceType": "DetectedIssue",
        "id": fhir.resource_id("digest", issue.digest_id, issue.code),
        "status": "preliminary",
        "code": {
            "coding": [fhir.coding(fhir.SIGNAL_SYSTEM, issue.code, issue.title)],
            "text": issue.title,
        },
        "severity": issue.severity,
        "patient": subject,
        "identifiedDateTime": instant(issue.at),
        "detail": issue.summary,
    }
    if implicated:
        found["implicated"] = _unique(implicated)
    if shown:
        found["evidence"] = [{"detail": _unique(shown)}]
    return found


def _unique(refs: list[Json]) -> list[Json]:
    return list({r["reference"]: r for r in refs}.values())


def flag(alarm: Alarm, subject: Json) -> Json:
    """A safety event: active until every alert it raised has been acknowledged."""
    code = fhir.coding(fhir.SAFETY_SYSTEM, alarm.category, alarm.name)
    return {
        "resourceType": "Flag",
        "id": fhir.resource_id("safety", alarm.id),
        "extension": [{"url": f"{fhir.EXTENSION}/urgency", "valueCode": alarm.urgency}],
        "status": "inactive" if alarm.settled else "active",
        "category": [{"coding": [fhir.coding(FLAG_CATEGORY, "safety", "Safety")]}],
        "code": {"coding": [code], "text": alarm.name},
        "subject": subject,
        "period": {"start": instant(alarm.at)},
    }


def medication_statement(med: Medication, subject: Json, now: datetime) -> Json:
    """A medication as staff recorded it: the name as typed, its class, the latest dose."""
    stopped = med.stopped_at is not None and med.stopped_at <= now
    period = {"start": instant(med.started_at)}
    if med.stopped_at is not None:
        period["end"] = instant(med.stopped_at)
    return {
        "resourceType": "MedicationStatement",
        "id": fhir.resource_id("medication", med.id),
        "extension": [{"url": f"{fhir.EXTENSION}/drug-class", "valueCode": med.drug_class}],
        "status": "stopped" if stopped else "active",
        "medicationCodeableConcept": {"text": med.drug},
        "subject": subject,
        "effectivePeriod": period,
        "dateAsserted": instant(now),
        "dosage": [{"text": med.dose, "asNeededBoolean": med.as_needed}],
    }
