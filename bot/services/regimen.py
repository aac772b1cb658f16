"""The regimen staff record: medications added, changed and stopped.

Every change (a start too) is a row of medication_changes and is followed by the post-change
check-ins on days 3, 7 and 14 (planning.follow_change), as a medication change always was.
Everything typed is checked before anything is written. Other use cases read a patient's
regimen with `of_patient` and ask it questions (bot.domain.regimen.Regimen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.domain import screening
from bot.domain.drugs import CLASSES, DrugClass, normalise, parse_class
from bot.domain.echo import show
from bot.domain.regimen import Change, ChangeKind, Medication, Regimen, dose_step, same_dose
from bot.domain.timeparse import local_date, local_to_utc
from bot.domain.validation import NOTE_MAX, check_dose, check_name, check_text
from bot.domain.validation import parse_schedule_date as parse_day
from bot.services import planning
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.storage import people
from bot.storage import regimen as store
from bot.storage.db import Tx
from bot.storage.records import Patient

# A medicine taken for decades can be recorded with its real start; changes and stops are
# dated like everything else staff plan (a year back at most).
START_YEARS_BACK = 70


@dataclass(frozen=True)
class ChangeView:
    """A change as listed: dates are patient-local, ISO."""

    id: int
    day: str
    kind: ChangeKind
    dose_before: str | None
    dose_after: str | None
    note: str | None


@dataclass(frozen=True)
class MedicationView:
    """A medication as listed; `medication` None holds a patient's notes from before the
    regimen was structured."""

    patient: str
    medication: Medication | None
    generic: str | None  # the drug table's name for it, when the table knows it
    psychotropic: bool
    active: bool  # taken now
    started: str | None
    stopped: str | None
    changes: tuple[ChangeView, ...]


@dataclass(frozen=True)
class Recorded:
    """What `add`, `change` and `stop` did, and what staff should know about it."""

    medication: MedicationView
    change: ChangeView
    checkins: list[datetime]  # the post-change check-ins queued
    notes: list[str]


async def of_patient(tx: Tx, patient_id: int) -> Regimen:
    """A patient's regimen, every medication and change (stopped ones too)."""
    medications = await store.medications(tx, patient_id)
    return Regimen(tuple(medications), tuple(await store.changes(tx, patient_id)))


def psychotropic_count(
    app: Rapport, patient: Patient, regimen: Regimen, at: datetime
) -> int | None:
    """Psychotropics for the polypharmacy signal: staff's count when they set one, else the
    count of the patient's regimen active at `at`; None when neither was recorded."""
    if patient.psychotropic_count is not None:
        return patient.psychotropic_count
    return regimen.psychotropic_count(at, app.drugs) if regimen.medications else None


async def add(
    app: Rapport,
    tx: Tx,
    alias: str,
    drug: str,
    dose: str,
    *,
    drug_class: str | None = None,
    started: str | None = None,
    as_needed: bool = False,
    actor: str = planning.STAFF,
) -> Recorded:
    """A medicine joins the regimen: a start, followed by the post-change check-ins."""
    drug = planning.checked(check_name, drug, "the drug name")
    dose = planning.checked(check_dose, dose)
    chosen, notes = _class(app, drug, drug_class)
    found = await planning.patient(tx, alias)
    when = _moment(app, found, started, START_YEARS_BACK)
    regimen = await of_patient(tx, found.id)
    for other in _current(regimen):
        if app.drugs.same_medicine(other.drug, drug):
            if normalise(other.drug) == normalise(drug):
                raise InputError(
                    f"{found.alias} already takes {show(other.drug)} ({other.dose}):"
                    " record a new dose with `medication change`"
                )
            same = f"{other.drug} ({other.dose})"
            notes.append(f"{found.alias} also takes {same}: the same medicine")
    now = app.clock.now()
    med_id = await store.add_medication(tx, found.id, drug, chosen, dose, when, as_needed, now)
    change_id = await store.add_change(
        tx, found.id, when, now, kind="start", medication_id=med_id, dose_after=dose
    )
    return await _recorded(
        app, tx, found, med_id, change_id, when, "medication_added", notes, actor
    )


async def change(
    app: Rapport,
    tx: Tx,
    alias: str,
    drug: str,
    dose: str,
    *,
    at: str | None = None,
    note: str | None = None,
    actor: str = planning.STAFF,
) -> Recorded:
    """A new dose of a current medicine (an increase, a decrease, or a change the texts do not
    order); the post-change check-ins follow, as for any medication change."""
    dose = planning.checked(check_dose, dose)
    text = _note(note)
    found = await planning.patient(tx, alias)
    medication, when = await _which(app, tx, found, drug, at)
    if same_dose(medication.dose, dose):
        raise InputError(f"{found.alias}'s {medication.drug} is already {medication.dose}")
    now = app.clock.now()
    kind = dose_step(medication.dose, dose)
    change_id = await store.add_change(
        tx,
        found.id,
        when,
        now,
        kind=kind,
        medication_id=medication.id,
        dose_before=medication.dose,
        dose_after=dose,
        note=text,
    )
    await store.set_dose(tx, medication.id, dose)
    return await _recorded(
        app, tx, found, medication.id, change_id, when, "medication_changed", actor=actor
    )


async def stop(
    app: Rapport,
    tx: Tx,
    alias: str,
    drug: str,
    *,
    at: str | None = None,
    note: str | None = None,
    actor: str = planning.STAFF,
) -> Recorded:
    """A current medicine stops; the post-change check-ins follow (stopping is a change too)."""
    text = _note(note)
    found = await planning.patient(tx, alias)
    medication, when = await _which(app, tx, found, drug, at)
    now = app.clock.now()
    change_id = await store.add_change(
        tx,
        found.id,
        when,
        now,
        kind="stop",
        medication_id=medication.id,
        dose_before=medication.dose,
        note=text,
    )
    await store.stop(tx, medication.id, when)
    return await _recorded(
        app, tx, found, medication.id, change_id, when, "medication_stopped", actor=actor
    )


async def listing(app: Rapport, tx: Tx, alias: str | None = None) -> list[MedicationView]:
    """Medications with their changes, current first, then stopped, then older notes; one
    patient's or every patient's (erased ones aside)."""
    if alias is not None:
        patients = [await planning.patient(tx, alias)]
    else:
        ids = {m.patient_id for m in await store.medications(tx)}
        ids |= {c.patient_id for c in await store.changes(tx)}
        found = [await people.patient_by_id(tx, i) for i in ids]
        patients = sorted((p for p in found if p and p.status != "erased"), key=lambda p: p.alias)
    views: list[MedicationView] = []
    for patient in patients:
        views += _views(app, patient, await of_patient(tx, patient.id))
    return views


# --- checks ----------------------------------------------------------------------------------


def _class(app: Rapport, drug: str, given: str | None) -> tuple[DrugClass, list[str]]:
    """The class staff gave, else the table's; an unknown name needs one."""
    known = app.drugs.classify(drug)
    if given is None:
        if known is not None:
            return known, []
        near = app.drugs.suggest(drug)
        hint = f"did you mean {near!r}? Or give" if near else "give"
        raise InputError(
            f"{show(drug)} is not in the drug table: {hint} its class with --class"
            f" (one of {', '.join(CLASSES)})"
        )
    chosen = planning.checked(parse_class, given)
    if known is not None and known != chosen:
        return chosen, [f"{drug} is {known} in the drug table; recorded as {chosen}, as given"]
    return chosen, []


def _note(note: str | None) -> str | None:
    return (planning.checked(check_text, note, "the note", NOTE_MAX) or None) if note else None


def _moment(app: Rapport, patient: Patient, day_text: str | None, years_back: int) -> datetime:
    """The instant a typed date stands for: now for today (or no date), else local noon."""
    tz, now = ZoneInfo(patient.timezone), app.clock.now()
    today = planning.local_today(app, patient.timezone)
    day = planning.checked(parse_day, day_text, today, years_back) if day_text else today
    return now if day == today else local_to_utc(day, time(12, 0), tz)


def _current(regimen: Regimen) -> list[Medication]:
    """Medications not stopped (a stop dated ahead counts as recorded already)."""
    return [m for m in regimen.medications if m.stopped_at is None]


async def _which(
    app: Rapport, tx: Tx, patient: Patient, drug: str, at: str | None
) -> tuple[Medication, datetime]:
    """The current medication a typed name means, and the checked moment of its change."""
    drug = planning.checked(check_name, drug, "the drug name")
    when = _moment(app, patient, at, 1)
    regimen = await of_patient(tx, patient.id)
    current = _current(regimen)
    matches = [m for m in current if normalise(m.drug) == normalise(drug)]
    matches = matches or [m for m in current if app.drugs.same_medicine(m.drug, drug)]
    if not matches:
        taken = ", ".join(repr(m.drug) for m in current)
        more = f"current: {taken}" if taken else "none recorded: add it with `medication add`"
        raise InputError(f"{patient.alias} takes no medication named {show(drug)} ({more})")
    if len(matches) > 1:
        names = ", ".join(repr(m.drug) for m in matches)
        raise InputError(f"{show(drug)} matches {names}: give the name as recorded")
    medication = matches[0]
    last = regimen.history(medication)[-1].at
    if when < last:
        day = _local(last, patient.timezone)
        raise InputError(f"{medication.drug} has a change dated {day}: give a date from then on")
    return medication, when


# --- views -----------------------------------------------------------------------------------


async def _recorded(
    app: Rapport,
    tx: Tx,
    patient: Patient,
    medication_id: int,
    change_id: int,
    when: datetime,
    event: str,
    notes: list[str] | None = None,
    actor: str = planning.STAFF,
) -> Recorded:
    """Queue the check-ins, audit it, and say what was recorded."""
    dues = await planning.follow_change(app, tx, patient, change_id, when)
    regimen = await of_patient(tx, patient.id)
    if screening.follows(next(c for c in regimen.changes if c.id == change_id)):
        # An antidepressant started or raised: the screen on its own in weeks 3 and 4 too.
        await planning.follow_change(
            app, tx, patient, change_id, when, screening.SCREEN, screening.FOLLOW_DAYS
        )
    now = app.clock.now()
    await planning.staff_did(
        tx, event, now, patient.id, actor=actor, medication_id=medication_id, change_id=change_id
    )
    medication = regimen.medication(medication_id)
    assert medication is not None
    view = _view(app, patient, regimen, medication, now)
    done = next(c for c in view.changes if c.id == change_id)
    return Recorded(view, done, dues, notes or [])


def _views(app: Rapport, patient: Patient, regimen: Regimen) -> list[MedicationView]:
    now = app.clock.now()
    views = [_view(app, patient, regimen, m, now) for m in regimen.medications]
    views.sort(key=lambda v: not v.active)  # stable: current first, each by start
    notes = [c for c in regimen.changes if c.kind == "note"]
    if notes:
        changes = tuple(_change_view(c, patient.timezone) for c in notes)
        views.append(MedicationView(patient.alias, None, None, False, False, None, None, changes))
    return views


def _view(
    app: Rapport, patient: Patient, regimen: Regimen, medication: Medication, now: datetime
) -> MedicationView:
    known = app.drugs.lookup(medication.drug)
    tz = patient.timezone
    return MedicationView(
        patient=patient.alias,
        medication=medication,
        generic=known.generic if known else None,
        psychotropic=app.drugs.psychotropic(medication.drug, medication.drug_class),
        active=medication.active_at(now),
        started=_local(medication.started_at, tz),
        stopped=_local(medication.stopped_at, tz) if medication.stopped_at else None,
        changes=tuple(_change_view(c, tz) for c in regimen.history(medication)),
    )


def _change_view(change: Change, timezone: str) -> ChangeView:
    return ChangeView(
        change.id,
        _local(change.at, timezone),
        change.kind,
        change.dose_before,
        change.dose_after,
        change.note,
    )


def _local(moment: datetime, timezone: str) -> str:
    return local_date(moment, ZoneInfo(timezone)).isoformat()
