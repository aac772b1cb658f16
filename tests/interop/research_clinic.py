"""A clinic with real answers for the research exports, made through the running bot.

P-1 answers the intake (a skip, a multi, free text; the suicide screen follows), then two
days later a weekly; an answer to a question no dialog asks any more is added to that weekly.
P-2 answers the intake and is erased. P-3 has the intake open, unanswered, and a weekly queued
for later (pending: never sent).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.services import checkins as conversation
from bot.services import privacy
from bot.services.context import Rapport
from bot.storage import people
from tests.e2e.test_checkins_e2e import INTAKE, WEEKLY
from tests.harness import call, running

SECRET = "zebra-violet-umbrella-4711"  # P-2's free text: never in an export once erased


async def _queue(app: Rapport, alias: str, dialog: str, at: Any) -> None:
    async with app.db.tx() as tx:
        patient = await people.patient_by_alias(tx, alias)
        assert patient is not None
        await conversation.queue(app, tx, patient.id, dialog, "test", at)


async def build(app: Rapport) -> None:
    async with running(app) as h:
        p1 = await h.enrol("P-1")
        await h.answer(p1, "P-1", INTAKE)
        p2 = await h.enrol("P-2")
        await h.answer(p2, "P-2", {**INTAKE, "note": SECRET})
        await h.enrol("P-3")
        await _queue(app, "P-3", "weekly", app.clock.now() + timedelta(days=30))
        app.clock.advance(timedelta(days=2))
        await _queue(app, "P-1", "weekly", app.clock.now())
        await h.send(p1, "/checkin")
        await h.answer(p1, "P-1", WEEKLY)
    async with app.db.tx() as tx:
        await tx.run(
            "INSERT INTO answers (checkin_id, patient_id, dialog_id, dialog_version, question_id,"
            " construct, value, skipped, answered_at) SELECT checkin_id, patient_id, dialog_id,"
            " dialog_version, 'old_question', NULL, '\"kept\"', 0, answered_at FROM answers"
            " WHERE dialog_id = 'weekly' AND question_id = 'days_missed'"
        )
    await call(app, privacy.erase_by_alias, "P-2")


def exports(db: Path) -> list[dict[str, object]]:
    """The detail of every `data_exported` event, oldest first."""
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT detail FROM events WHERE kind = 'data_exported'").fetchall()
    return [json.loads(r[0]) for r in rows]
