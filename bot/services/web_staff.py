"""What the staff pages of the web view read: every patient at a glance, one patient's plan.

The changes themselves are the use cases the CLI and the staff chat run (planning, regimen,
enrolment); this module only gathers what the pages show, so bot.web.staff stays thin.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.drugs import CLASSES, DrugClass
from bot.domain.echo import show
from bot.services import planning, regimen
from bot.services import staff_views as views
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.storage import people
from bot.storage import staff as store
from bot.storage.db import Tx
from bot.storage.records import Appointment, Clinician, Overview, Patient


@dataclass(frozen=True)
class Listed:
    """A patient as the staff overview lists them."""

    overview: Overview
    clinician: str


@dataclass(frozen=True)
class Choices:
    """What the forms offer to pick from."""

    clinicians: list[Clinician]
    languages: tuple[str, ...]
    dialogs: list[str]  # schedulable: installed, not the intake
    classes: tuple[DrugClass, ...]
    default_timezone: str


@dataclass(frozen=True)
class PatientPage:
    """One patient's plan as staff set it up."""

    patient: Patient
    overview: Overview
    language: str
    quiet: str  # 'HH:MM-HH:MM', as staff type it
    relinkable: bool  # not linked now: a new invite link makes sense
    schedules: list[planning.ScheduleView]
    appointments: list[Appointment]
    medications: list[regimen.MedicationView]

    @property
    def current(self) -> list[str]:
        """The names of the medicines taken now (what change and stop choose from)."""
        return [
            v.medication.drug for v in self.medications if v.medication is not None and v.active
        ]


async def choices(app: Rapport, tx: Tx) -> Choices:
    return Choices(
        await people.clinicians(tx),
        app.t.languages,
        views.schedulable(app),
        CLASSES,
        app.settings.default_timezone,
    )


async def patients(app: Rapport, tx: Tx) -> list[Listed]:
    """Every patient (erased ones aside) by alias, with what the staff chat's list shows."""
    total = await store.count_patients(tx)
    rows = await store.patient_page(tx, app.clock.now(), max(total, 1), 0)
    known = {p.id: p for p in await people.list_patients(tx)}
    listed = []
    for row in rows:
        found = known.get(row.id)
        listed.append(Listed(row, found.clinician_name if found is not None else ""))
    return listed


async def patient_page(app: Rapport, tx: Tx, alias: str) -> PatientPage:
    """Everything the patient's page shows; InputError for an unknown or erased alias."""
    found = await planning.patient(tx, alias)
    row = await store.patient_overview(tx, found.id, app.clock.now())
    if row is None:  # erased in between: the same answer as an unknown alias
        raise InputError(f"no patient with alias {show(alias)}")
    return PatientPage(
        patient=found,
        overview=row,
        language=found.language or app.settings.default_language,
        quiet=quiet_text(found),
        relinkable=found.status in views.RELINKABLE,
        schedules=await planning.list_schedules(app, tx, found.alias),
        appointments=await planning.list_appointments(app, tx, found.alias),
        medications=await regimen.listing(app, tx, found.alias),
    )


def settings_changed(
    app: Rapport, patient: Patient, timezone: str | None, language: str | None, quiet: str | None
) -> dict[str, str]:
    """The settings a form changes: the values that differ from what is stored (a form shows
    them all; an unchanged one is not a change, so re-planning happens only when needed)."""
    given = {"timezone": timezone, "language": language, "quiet": quiet}
    stored = {
        "timezone": patient.timezone,
        "language": patient.language or app.settings.default_language,
        "quiet": quiet_text(patient),
    }
    return {k: v for k, v in given.items() if v is not None and v != stored[k]}


def quiet_text(patient: Patient) -> str:
    """A patient's quiet hours as staff type them: 'HH:MM-HH:MM'."""
    return f"{patient.quiet_start}-{patient.quiet_end}"
