"""The clinician's verdict on a digest's hypotheses: the buttons under its first message, the
tap that stores a verdict, and the counts `rapport signals report` prints.

A tap is honoured only from the chat the digest was sent to (its clinician's); the digest is
rebuilt, exactly as it was decided, to find the hypothesis the button names among those shown,
so a button left from an older layout, or a forged one, changes nothing and is told so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.domain import callbacks
from bot.domain import feedback as fb
from bot.domain.hypotheses import SHOWN
from bot.domain.outgoing import Outgoing, Text, buttons
from bot.domain.validation import parse_since
from bot.services import digests, planning
from bot.services.context import Rapport
from bot.services.unit import Unit
from bot.storage import digests as digest_store
from bot.storage import events
from bot.storage import feedback as store
from bot.storage.db import Tx
from bot.storage.records import Clinician


def keyed(
    app: Rapport, sent: Sequence[Outgoing], built: digests.Built, digest_id: int
) -> list[Outgoing]:
    """The digest's messages with the verdict buttons under the first text (where the
    hypotheses are)."""
    rows = fb.keyboard(app.t, built.digest.lang, digest_id, built.digest.hypotheses)
    out, placed = list(sent), False
    for i, message in enumerate(out):
        if isinstance(message, Text) and not placed and rows:
            out[i], placed = replace(message, keyboard=buttons(rows)), True
    return out


async def on_tap(u: Unit, doctor: Clinician, data: callbacks.Callback) -> str | None:
    """A verdict button: stored (or changed, audited) and acknowledged; anything stale or not
    this clinician's gets a polite answer and changes nothing."""
    lang = doctor.language
    tap = fb.decode(data)
    record = await digest_store.by_id(u.tx, tap.digest_id) if tap is not None else None
    if tap is None or record is None or record.chat_id != doctor.chat_id:
        return u.t(lang, "feedback-not-yours")
    if record.clinician_id not in (None, doctor.id):
        return u.t(lang, "feedback-not-yours")
    built = await digests.rebuild(u.app, u.tx, record)
    shown = list(built.digest.hypotheses[:SHOWN]) if built is not None else []
    found = [(n, h) for n, h in enumerate(shown, 1) if h.key == tap.hypothesis]
    if not found:
        return u.t(lang, "feedback-stale")
    number, hypothesis = found[0]
    before = await store.judge(
        u.tx,
        record.id,
        record.patient_id,
        doctor.id,
        hypothesis.key,
        hypothesis.codes,
        tap.verdict,
        u.now,
    )
    verdict = u.t(lang, fb.label_key(tap.verdict))
    if before == tap.verdict:
        return u.t(lang, "feedback-same", n=number, verdict=verdict)
    await events.record(
        u.tx,
        "hypothesis_feedback",
        u.now,
        actor=f"clinician:{doctor.id}",
        patient_id=record.patient_id,
        clinician_id=doctor.id,
        digest_id=record.id,
        hypothesis=hypothesis.key,
        verdict=tap.verdict,
        before=before,
    )
    key = "feedback-noted" if before is None else "feedback-changed"
    return u.t(lang, key, n=number, verdict=verdict)


async def report(app: Rapport, tx: Tx, since: str | None = None) -> list[fb.Row]:
    """Per signal code: raised in recorded digests, and the verdicts its hypotheses got."""
    start: datetime | None = None if since is None else planning.checked(parse_since, since)
    found = await store.tallies(tx, start)
    return fb.report((t.code, t.kind, t.count) for t in found)
