"""The clinician's verdict on a digest's hypotheses: the buttons under its first message, the
tap that stores a verdict, and the counts `rapport signals report` prints.

A tap is honoured only from the chat the digest was sent to (its clinician's); the digest is
rebuilt, exactly as it was decided, to find the hypothesis the button names among those shown,
so a button left from an older layout, or a forged one, changes nothing and is told so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
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
from bot.storage.records import Clinician, DigestSent


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
    done = await judge(u.app, u.tx, doctor, record, tap.hypothesis, tap.verdict, u.now)
    if done is None:
        return u.t(lang, "feedback-stale")
    verdict = u.t(lang, fb.label_key(tap.verdict))
    if done.before == tap.verdict:
        return u.t(lang, "feedback-same", n=done.number, verdict=verdict)
    key = "feedback-noted" if done.before is None else "feedback-changed"
    return u.t(lang, key, n=done.number, verdict=verdict)


@dataclass(frozen=True)
class Judged:
    """A verdict stored: the hypothesis's number in the digest, and the verdict it had before."""

    number: int
    before: str | None


async def judge(
    app: Rapport,
    tx: Tx,
    doctor: Clinician,
    record: DigestSent,
    hypothesis_key: str,
    verdict: str,
    now: datetime,
) -> Judged | None:
    """A clinician's verdict on one hypothesis of a digest they may judge (the caller checked
    that: their chat's digest, or their own patient's in the web view). The digest is rebuilt
    as it was decided: a key it did not show in full is stale (None) and changes nothing. A
    changed verdict is audited; the same one again changes nothing."""
    if verdict not in fb.VERDICTS.values():
        return None
    built = await digests.rebuild(app, tx, record)
    shown = list(built.digest.hypotheses[:SHOWN]) if built is not None else []
    found = [(n, h) for n, h in enumerate(shown, 1) if h.key == hypothesis_key]
    if not found:
        return None
    number, hypothesis = found[0]
    before = await store.judge(
        tx, record.id, record.patient_id, doctor.id, hypothesis.key, hypothesis.codes, verdict, now
    )
    if before != verdict:
        await events.record(
            tx,
            "hypothesis_feedback",
            now,
            actor=f"clinician:{doctor.id}",
            patient_id=record.patient_id,
            clinician_id=doctor.id,
            digest_id=record.id,
            hypothesis=hypothesis.key,
            verdict=verdict,
            before=before,
        )
    return Judged(number, before)


async def report(app: Rapport, tx: Tx, since: str | None = None) -> list[fb.Row]:
    """Per signal code: raised in recorded digests, and the verdicts its hypotheses got."""
    start: datetime | None = None if since is None else planning.checked(parse_since, since)
    found = await store.tallies(tx, start)
    return fb.report((t.code, t.kind, t.count) for t in found)
