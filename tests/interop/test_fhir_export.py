"""`rapport export --format fhir` over records made through the running bot: every resource is
valid FHIR, the codes the library does not check are right, and nothing personal leaves.

Validated with fhir.resources' R4B models: their JSON is R4's (4.0.1) for every resource the
bundle holds (Bundle, Patient, Questionnaire, QuestionnaireResponse, Observation, CodeSystem,
DetectedIssue, Flag, MedicationStatement), and the library ships no R4 models any more.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from bot.compose import open_app
from bot.domain import fhir
from bot.services import digests, enrolment, planning, privacy, regimen
from bot.storage import alerts as alert_store
from bot.storage import digests as digest_store
from bot.storage import people
from tests.conftest import refused
from tests.e2e.test_digest_e2e import INTAKE, WEEKS
from tests.harness import call, running

TELEGRAM_ID = 987654321
NAME = "Marisol Quintero"  # the patient's Telegram name: never exported
# Wary of harm, feels unheard, takes less: the digest has signals. The intake leaves
# past_intolerance_which out (skipped); the weeks answer multi questions.
WEEK = WEEKS[0]
ITEM_OF_ANSWER = {  # which item types may hold an answer of each kind
    "valueBoolean": {"boolean"},
    "valueInteger": {"integer"},
    "valueCoding": {"choice", "open-choice"},
    "valueString": {"string", "text", "open-choice"},
}
STATUS = {"completed": "completed", "open": "in-progress", "missed": "stopped"}
STATUS |= {"expired": "stopped", "cancelled": "stopped"}


async def _enrol(h, alias: str, telegram_id: int) -> Any:
    """h.enrol, with a Telegram name that is not the alias (so its absence can be checked)."""
    invite = await call(h.app, enrolment.add_patient, alias, "Dr A", "Europe/Madrid", None)
    user = h.state.user(telegram_id, first_name=NAME, language_code="en")
    user.start(invite.token)
    await h.step()
    user.tap(user.last().buttons[0])
    await h.step()
    return user


async def _world(app, clock) -> None:
    """P-1: intake (a skip, a multi, free text), a weekly, risk language, a regimen, a digest,
    a missed daily and a weekly left open. P-2: enrolled, then erased. P-3: enrolled."""
    async with running(app) as h:
        await h.clinician("Dr A")
        user = await _enrol(h, "P-1", TELEGRAM_ID)
        await h.answer(user, "P-1", INTAKE)
        await call(app, regimen.add, "P-1", "Zoloft", "50 mg", started="2026-01-05")
        clock.advance(timedelta(days=7))
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        await h.tap(user, "Start")
        await h.answer(user, "P-1", WEEK)
        await h.send(user, "i want to die")
        clock.advance(timedelta(minutes=5))  # the digest's period ends after the event
        async with app.db.tx() as tx:
            patient = await people.patient_by_alias(tx, "P-1")
            await digests.request(app, tx, patient, app.clock.now(), actor="staff:cli")
        clock.advance(timedelta(days=1))
        await call(app, planning.checkin_now, "P-1", "daily")
        await h.sweep()
        clock.advance(timedelta(days=1))
        await h.sweep()  # the daily's window closed unanswered
        await call(app, planning.checkin_now, "P-1", "weekly")
        await h.sweep()
        await h.tap(user, "Start")
        question, lang = await h._current("P-1")
        await h._give(user, question, lang, 2)  # one answer, then nothing: left open
        other = await _enrol(h, "P-2", TELEGRAM_ID + 1)
        await h.send(other, "hello")
        await _enrol(h, "P-3", TELEGRAM_ID + 2)  # enrolled, the intake not begun
    await call(app, privacy.erase_by_alias, "P-2")


async def _reopened(app, settings, monkeypatch) -> Path:
    """The bot's database, now for `rapport` commands: its path."""
    await app.db.close()
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    return Path(settings.database_url.removeprefix("sqlite:///"))


async def _export(rapport, *args: str) -> tuple[dict[str, Any], str]:
    """`rapport export --format fhir ARGS`: the bundle printed (or {}) and stderr."""
    code, out, err = await asyncio.to_thread(rapport, "export", "--format", "fhir", *args)
    assert code == 0, err
    return (json.loads(out) if out else {}), err


def _resources(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return own + [r for v in node.values() for r in _references(v)]
    if isinstance(node, list):
        return [r for v in node for r in _references(v)]
    return []


def _valid(data: dict[str, Any]) -> None:
    """Every resource by its own model, and the bundle; ids unique; references resolve."""
    Bundle.model_validate(data)
    for entry in data["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == fhir.full_url(resource)
    held = [f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in data["entry"]]
    assert len(held) == len(set(held))
    assert set(_references(data)) <= set(held)


def _answers_fit(data: dict[str, Any]) -> None:
    """Every response's linkIds are items of its Questionnaire, answered as the item is typed."""
    forms = {f"{q['url']}|{q['version']}": q for q in _resources(data, "Questionnaire")}
    for qr in _resources(data, "QuestionnaireResponse"):
        items = {i["linkId"]: i for i in forms[qr["questionnaire"]].get("item", [])}
        for given in qr.get("item", []):
            item = items[given["linkId"]]
            answers = given.get("answer", [])
            assert len(answers) <= 1 or item.get("repeats"), given["linkId"]
            for answer in answers:
                (kind,) = answer
                assert item["type"] in ITEM_OF_ANSWER[kind], (given["linkId"], kind)


async def test_the_bundle_is_valid_fhir_with_the_codes_the_library_does_not_check(
    app, clock, settings, rapport, monkeypatch
) -> None:
    await _world(app, clock)
    await _reopened(app, settings, monkeypatch)
    data, _ = await _export(rapport)
    _valid(data)
    _answers_fit(data)
    assert data["type"] == "collection" and data["timestamp"].endswith("+00:00")
    kinds = {e["resource"]["resourceType"] for e in data["entry"]}
    assert kinds == {
        "CodeSystem",
        "Questionnaire",
        "Patient",
        "QuestionnaireResponse",
        "Observation",
        "DetectedIssue",
        "Flag",
        "MedicationStatement",
    }
    text = json.dumps(data, ensure_ascii=False)
    assert str(TELEGRAM_ID) not in text and str(TELEGRAM_ID + 1) not in text
    assert NAME not in text and "P-2" not in text  # nor anything of the erased patient
    patients = _resources(data, "Patient")
    for patient in patients:
        assert set(patient) <= {"resourceType", "id", "identifier", "active", "communication"}
    assert [p["identifier"] for p in patients] == [
        [{"system": fhir.ALIAS_SYSTEM, "value": alias}] for alias in ("P-1", "P-3")
    ]

    rows = await _rows(settings, "SELECT id, status FROM checkins")
    status = {fhir.resource_id("checkin", r[0]): r[1] for r in rows}
    responses = _resources(data, "QuestionnaireResponse")
    assert {STATUS[status[qr["id"]]] == qr["status"] for qr in responses} == {True}
    assert {qr["status"] for qr in responses} == {"completed", "in-progress", "stopped"}
    assert all(qr["authored"].endswith("+00:00") for qr in responses)
    intake = next(qr for qr in responses if qr["questionnaire"].endswith("/intake|2"))
    given = {i["linkId"]: i.get("answer") for i in intake["item"]}
    assert given["past_intolerance_which"] is None  # skipped: an item without an answer
    assert given["baseline"] == [{"valueCoding": fhir.coding(fhir.ANSWER_SYSTEM, "none")}]
    assert given["note"] == [{"valueString": INTAKE["note"]}]

    forms = {q["id"]: q for q in _resources(data, "Questionnaire")}
    assert {q["status"] for q in forms.values()} == {"active"}
    assert set(forms) >= {"intake-v2", "weekly-v3", "daily-v2"}

    (constructs,) = _resources(data, "CodeSystem")
    known = {c["code"] for c in constructs["concept"]}
    for obs in _resources(data, "Observation"):
        assert obs["code"]["coding"][0]["code"] in known
        assert obs["status"] == "final" and obs["derivedFrom"][0]["reference"].startswith(
            "QuestionnaireResponse/"
        )
        assert "valueInteger" in obs or "valueCodeableConcept" in obs

    severities = await _signals(settings, clock)
    issues = _resources(data, "DetectedIssue")
    assert {i["id"] for i in issues} == set(severities)
    assert {i["status"] for i in issues} == {"preliminary"}
    for issue in issues:
        assert issue["severity"] == severities[issue["id"]] and issue["detail"]
        assert issue["identifiedDateTime"].endswith("+00:00")
        implicated = [r["reference"] for r in issue.get("implicated", [])]
        assert all(r.startswith("QuestionnaireResponse/") for r in implicated)
    safety = next(i for i in issues if i["code"]["coding"][0]["code"] == "safety_event")
    (flag,) = _resources(data, "Flag")
    assert safety["evidence"] == [{"detail": [{"reference": f"Flag/{flag['id']}"}]}]
    assert flag["status"] == "active" and flag["code"]["coding"][0]["code"] == "suicidal"
    assert "die" not in json.dumps(flag)  # the patient's words are not on the flag
    (med,) = _resources(data, "MedicationStatement")
    assert med["medicationCodeableConcept"] == {"text": "Zoloft"} and med["status"] == "active"
    assert med["dosage"] == [{"text": "50 mg", "asNeededBoolean": False}]

    (event,) = await _rows(settings, "SELECT detail FROM events WHERE kind = 'data_exported'")
    detail = json.loads(event[0])
    assert detail["format"] == "fhir" and detail["patients"] == 2
    assert detail["QuestionnaireResponse"] == len(responses)


async def _rows(settings, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(settings.database_url.removeprefix("sqlite:///"))) as db:
        return list(db.execute(sql))


async def _signals(settings, clock) -> dict[str, str]:
    """Each signal of each recorded digest (by its DetectedIssue's id): its severity."""
    found = {}
    again = await open_app(settings, clock)
    try:
        async with again.db.read() as tx:
            for record in await digest_store.of_patient(tx, 1):
                built = await digests.rebuild(again, tx, record)
                assert built is not None
                for s in built.digest.signals:
                    found[fhir.resource_id("digest", record.id, s.code)] = s.severity
    finally:
        await again.db.close()
    return found


async def test_patient_and_since_narrow_it_and_output_writes_a_private_file(
    app, clock, settings, rapport, monkeypatch
) -> None:
    await _world(app, clock)
    await _reopened(app, settings, monkeypatch)
    one, _ = await _export(rapport, "--patient", "P-3")
    assert [p["identifier"][0]["value"] for p in _resources(one, "Patient")] == ["P-3"]
    assert not _resources(one, "MedicationStatement") and not _resources(one, "Flag")
    # From the day after the weekly and its digest: the missed daily, the open weekly, and the
    # scheduled weekly of Sunday, closed as missed since (a check-in's latest moment counts).
    later, _ = await _export(rapport, "--patient", "P-1", "--since", "2026-03-10")
    _valid(later)
    _answers_fit(later)
    responses = _resources(later, "QuestionnaireResponse")
    assert sorted(qr["status"] for qr in responses) == ["in-progress", "stopped", "stopped"]
    assert not [qr for qr in responses if qr["questionnaire"].endswith("/intake|2")]
    assert not _resources(later, "DetectedIssue") and not _resources(later, "Flag")
    assert len(_resources(later, "Observation")) == 1  # the open weekly's one answer
    assert len(_resources(later, "MedicationStatement")) == 1  # the regimen is today's
    written, err = await _export(rapport, "--patient", "P-1", "--output", "out.json")
    assert written == {} and "out.json" in err
    mode, body = _file("out.json")
    assert mode == 0o600
    _valid(json.loads(body))
    exported = "SELECT patient_id, detail FROM events WHERE kind = 'data_exported'"
    rows = await _rows(settings, exported)
    assert [(r[0], json.loads(r[1])["patients"]) for r in rows] == [(3, 1), (1, 1), (1, 1)]


async def test_a_version_no_longer_installed_is_a_retired_questionnaire_with_its_answers(
    app, clock, settings, rapport, monkeypatch
) -> None:
    """Weekly version 2 asked a question the file no longer has; a dialog since removed. (And
    the safety event's alerts acknowledged: its Flag is inactive.)"""
    await _world(app, clock)
    async with app.db.tx() as tx:
        first = await tx.value("SELECT MIN(id) FROM checkins WHERE dialog_id = 'weekly'")
        await tx.run("UPDATE checkins SET dialog_version = 2 WHERE id = ?", (first,))
        await tx.run(
            "UPDATE answers SET question_id = 'old_scale', dialog_version = 2"
            " WHERE checkin_id = ? AND question_id = 'days_missed'",
            (first,),
        )
        await tx.run("UPDATE checkins SET dialog_id = 'removed' WHERE dialog_id = 'daily'")
        for (alert,) in await tx.rows("SELECT id FROM alerts"):
            await alert_store.acknowledge(tx, alert, 1, "Dr A", app.clock.now())
    await _reopened(app, settings, monkeypatch)
    data, _ = await _export(rapport, "--patient", "P-1")
    _valid(data)
    _answers_fit(data)
    forms = {q["id"]: q for q in _resources(data, "Questionnaire")}
    old = forms["weekly-v2"]
    assert old["status"] == "retired" and old["version"] == "2" and old["description"]
    assert old["url"] == forms["weekly-v3"]["url"] and forms["weekly-v3"]["status"] == "active"
    lost = next(i for i in old["item"] if i["linkId"] == "old_scale")
    assert lost == {"linkId": "old_scale", "text": "old_scale", "type": "integer"}
    gone = forms["removed-v2"]
    assert gone["status"] == "retired" and "item" not in gone  # missed: nothing answered
    responses = _resources(data, "QuestionnaireResponse")
    assert sum(qr["questionnaire"].endswith("/weekly|2") for qr in responses) == 1
    (flag,) = _resources(data, "Flag")
    assert flag["status"] == "inactive"  # every alert it raised was acknowledged


async def test_bad_input_is_one_line_and_changes_nothing(
    app, clock, settings, rapport, monkeypatch
) -> None:
    await _world(app, clock)
    db = await _reopened(app, settings, monkeypatch)
    _put("taken.json", "mine")
    for args, says in [
        (("--patient", "P-9"), "P-9"),
        (("--patient", "P-2"), "P-2"),  # erased: as unknown as any other alias
        (("--since", "last week"), "not a date"),
        (("--output", "taken.json"), "already exists"),
        (("--output", "no/such/folder.json"), "not a folder"),
    ]:
        command = ("export", "--format", "fhir", *args)
        await asyncio.to_thread(refused, rapport, db, command, says)
    assert _file("taken.json")[1] == "mine"
    assert _file("no") is None


def _put(name: str, text: str) -> None:
    Path(name).write_text(text, encoding="utf-8")


def _file(name: str) -> tuple[int, str] | None:
    """A file's permission bits and text; None when there is none."""
    path = Path(name)
    if not path.exists():
        return None
    return path.stat().st_mode & 0o777, path.read_text(encoding="utf-8")
