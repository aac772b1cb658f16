"""`rapport export --format fhir`: every exported patient's records read, put in words and
handed to the pure builder (bot.domain.fhir_bundle); the export is audit-logged.

Questionnaires speak the clinic's language (the default one) with translations into every
other; a digest's signals speak the language of the clinician they were written for.
"""

from __future__ import annotations

from typing import Any

from bot.domain import fhir_bundle
from bot.domain import questionnaire as forms
from bot.domain.fhir_bundle import Alarm, Chart, Issue
from bot.domain.redflags import name_of
from bot.services import digests as digest_service
from bot.services import export
from bot.services.context import Rapport
from bot.storage import alerts, checkins, digests, regimen, safety
from bot.storage.db import Tx
from bot.storage.records import Patient


async def bundle(
    app: Rapport, tx: Tx, alias: str | None, since: str | None, by: str
) -> dict[str, Any]:
    """The Bundle of every patient not erased (or the one `alias` names), from `since` on."""
    scope = await export.scope(tx, alias, since)
    lang = app.settings.default_language
    installed = {
        d.id: forms.questionnaire(d, app.t, lang, app.t.languages) for d in app.dialogs.values()
    }
    charts = [await _chart(app, tx, p, scope) for p in scope.patients]
    found = fhir_bundle.bundle(
        charts, installed, forms.construct_codesystem(), app.dialogs, app.clock.now(), scope.since
    )
    await export.audited(app, tx, "fhir", scope, by, **fhir_bundle.counts(found))
    return found


async def _chart(app: Rapport, tx: Tx, patient: Patient, scope: export.Scope) -> Chart:
    return Chart(
        patient,
        await checkins.for_patient(tx, patient.id),
        await digests.standing_answers(tx, patient.id),
        await _issues(app, tx, patient, scope),
        await _alarms(app, tx, patient),
        await regimen.medications(tx, patient.id),
    )


async def _issues(app: Rapport, tx: Tx, patient: Patient, scope: export.Scope) -> list[Issue]:
    """Each recorded digest rebuilt as it was decided: its signals, in its clinician's words.
    Digests from before `since` are not rebuilt at all (the builder would drop them)."""
    found: list[Issue] = []
    for record in await digests.of_patient(tx, patient.id):
        at = record.created_at or record.period_to
        if scope.since is not None and at < scope.since:
            continue
        built = await digest_service.rebuild(app, tx, record)
        if built is None:
            continue
        lang = built.digest.lang
        found += [
            Issue(
                record.id,
                at,
                s.code,
                s.severity,
                app.t(lang, s.title_key),
                app.t(lang, s.summary_key, **s.args),
                s.evidence,
            )
            for s in built.digest.signals
        ]
    return found


async def _alarms(app: Rapport, tx: Tx, patient: Patient) -> list[Alarm]:
    """Safety events with their category's name; settled once every alert was acknowledged."""
    events = await safety.events_of(tx, patient.id)
    raised = await alerts.for_events(tx, [e.id for e in events])
    lang = patient.clinician_language
    found = []
    for e in events:
        own = [a for a in raised if a.safety_event_id == e.id]
        # No alert recorded (an event from before alerts were): nobody said it was seen.
        settled = bool(own) and all(a.acknowledged_at is not None for a in own)
        key = f"safety-category-{e.category.replace('_', '-')}"
        name = name_of(app.t, lang, key, e.category)
        found.append(Alarm(e.id, e.at, e.category, e.urgency, name, settled))
    return found
