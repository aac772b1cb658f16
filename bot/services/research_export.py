"""Research exports: every standing answer as a long table, or a REDCap project's files.

Both read what `export.scope` allows (never an erased patient) and write one `data_exported`
event; nothing here is printed or written to disk, the command does that.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain import exported, redcap
from bot.services import export, planning
from bot.services.context import Rapport
from bot.storage import checkins
from bot.storage.db import Tx
from bot.storage.records import Answer, Checkin, Patient

# The long table's columns: one row per standing answer.
LONG_FIELDS = (
    "patient",
    "checkin_id",
    "dialog",
    "dialog_version",
    "question",
    "construct",
    "value",
    "skipped",
    "answered_at",
)
README = (
    "checkins.csv: one row per check-in that was sent or answered (record_id = its id), a"
    " column per field of data_dictionary.csv (a checkbox as field___value, 1 or 0); times in"
    " UTC; blank = not asked, not answered or skipped.\n"
    "data_dictionary.csv: the REDCap data dictionary: a checkin form, then a form per dialog;"
    " labels in the clinic's language, branching logic as the bot asks.\n"
    "README.txt: this list.\n"
)


async def long_rows(
    app: Rapport, tx: Tx, fmt: str, alias: str | None, since: str | None, by: str
) -> list[dict[str, Any]]:
    """Every standing answer of the patients in scope, with native values (a list for a
    multi, None when skipped): audited."""
    scope = await export.scope(tx, alias, since)
    rows = [
        _long(patient, answer)
        for patient in scope.patients
        for answer in await _standing(tx, patient, scope.since)
    ]
    await export.audited(app, tx, fmt, scope, by, rows=len(rows))
    return rows


def plain_row(row: dict[str, Any]) -> dict[str, Any]:
    """A long row for CSV: the value as plain text, skipped as 1 or 0."""
    return row | {"value": redcap.plain(row["value"]), "skipped": int(row["skipped"])}


def _long(patient: Patient, a: Answer) -> dict[str, Any]:
    skipped = a.skipped or a.value is None
    value = a.value
    return {
        "patient": patient.alias,
        "checkin_id": a.checkin_id,
        "dialog": a.dialog_id,
        "dialog_version": a.dialog_version,
        "question": a.question_id,
        "construct": a.construct,
        "value": None if skipped else list(value) if isinstance(value, tuple) else value,
        "skipped": skipped,
        "answered_at": a.answered_at.isoformat(),
    }


async def _standing(tx: Tx, patient: Patient, since: datetime | None) -> list[Answer]:
    """The answers a Back did not replace, from `since` on, in the order given."""
    return [
        a
        for a in await checkins.every_answer(tx, patient.id)
        if a.superseded_at is None and (since is None or a.answered_at >= since)
    ]


async def redcap_files(
    app: Rapport, tx: Tx, alias: str | None, since: str | None, by: str
) -> dict[str, str]:
    """The REDCap files by name: the wide check-ins, the data dictionary, a README: audited."""
    scope = await export.scope(tx, alias, since)
    visits = [v for patient in scope.patients for v in await _visits(tx, patient, scope.since)]
    lang = app.settings.default_language
    fields = planning.checked(
        redcap.dictionary, app.dialogs.values(), _gone(app, visits), lambda key: app.t(lang, key)
    )
    await export.audited(app, tx, "redcap", scope, by, rows=len(visits), fields=len(fields))
    return {
        "checkins.csv": redcap.wide_csv(fields, visits),
        "data_dictionary.csv": redcap.dictionary_csv(fields),
        "README.txt": README,
    }


async def _visits(tx: Tx, patient: Patient, since: datetime | None) -> list[redcap.Visit]:
    """The patient's check-ins that were sent or answered, touched from `since` on."""
    given: dict[int, list[Answer]] = {}
    for answer in await _standing(tx, patient, None):
        given.setdefault(answer.checkin_id, []).append(answer)
    found = []
    for c in await checkins.for_patient(tx, patient.id):
        answers = given.get(c.id, [])
        moved = exported.latest(c, (a.answered_at for a in answers))
        if exported.asked(c, bool(answers)) and (since is None or moved >= since):
            found.append(_visit(patient, c, answers))
    return found


def _visit(patient: Patient, c: Checkin, answers: list[Answer]) -> redcap.Visit:
    return redcap.Visit(
        id=c.id,
        patient=patient.alias,
        dialog=c.dialog_id,
        version=c.dialog_version,
        status=c.status,
        due_at=c.due_at,
        sent_at=c.invited_at,
        started_at=c.opened_at,
        completed_at=c.completed_at,
        answers={a.question_id: None if a.skipped else a.value for a in answers},
    )


def _gone(app: Rapport, visits: list[redcap.Visit]) -> dict[str, list[str]]:
    """Questions answered in these check-ins that no installed dialog asks any more."""
    gone: dict[str, list[str]] = {}
    for v in visits:
        for question_id in v.answers:
            known = gone.setdefault(v.dialog, [])
            if app.dialogs.find(v.dialog, question_id) is None and question_id not in known:
                known.append(question_id)
    return {dialog: ids for dialog, ids in gone.items() if ids}
