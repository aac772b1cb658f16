"""The clinician's verdicts on the hypotheses of digests, and the counts that tune the rules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.storage.db import Tx
from bot.storage.records import Tally, load
from bot.storage.times import iso


async def judge(
    tx: Tx,
    digest_id: int,
    patient_id: int,
    clinician_id: int,
    hypothesis: str,
    codes: Sequence[str],
    verdict: str,
    now: datetime,
) -> str | None:
    """Record a clinician's verdict on one hypothesis of a digest; returns the verdict it had
    before (None when this is the first), so the caller knows whether anything changed."""
    before = await tx.value(
        "SELECT verdict FROM hypothesis_feedback WHERE digest_id = ? AND hypothesis = ?"
        " AND clinician_id = ?",
        (digest_id, hypothesis, clinician_id),
    )
    if before is None:
        await tx.run(
            "INSERT INTO hypothesis_feedback (digest_id, patient_id, clinician_id, hypothesis,"
            " codes, verdict, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (digest_id, patient_id, clinician_id, hypothesis, json.dumps(list(codes)), verdict)
            + (iso(now),),
        )
    elif before != verdict:
        await tx.run(
            "UPDATE hypothesis_feedback SET verdict = ?, changed_at = ? WHERE digest_id = ?"
            " AND hypothesis = ? AND clinician_id = ?",
            (verdict, iso(now), digest_id, hypothesis, clinician_id),
        )
    return None if before is None else str(before)


async def tallies(tx: Tx, since: datetime | None = None) -> list[Tally]:
    """Per signal code: how many recorded digests raised it, and how many verdicts of each kind
    its hypotheses got (every code of a judged hypothesis counts); digests made since `since`."""
    start = iso(since) if since is not None else ""
    rows = await tx.rows(
        "SELECT j.value AS code, 'raised' AS kind, COUNT(*) AS count"  # noqa: S608 (dialect)
        f" FROM digests d, {tx.dialect.items('d.codes', 'j')} WHERE d.created_at >= ?"
        " GROUP BY j.value UNION ALL"
        " SELECT j.value AS code, f.verdict AS kind, COUNT(*) AS count"
        " FROM hypothesis_feedback f JOIN digests d ON d.id = f.digest_id,"
        f" {tx.dialect.items('f.codes', 'j')}"
        " WHERE d.created_at >= ? GROUP BY j.value, f.verdict ORDER BY code, kind",
        (start, start),
    )
    return [load(Tally, r) for r in rows]
