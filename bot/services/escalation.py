"""An urgent alert that could not be delivered does not end as a log line: it goes to the
on-call chat, the audit log records it, and an ERROR line says so (ids only, never words)."""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from datetime import datetime

from bot.domain.outgoing import Outgoing, Text
from bot.services.context import Rapport
from bot.storage import events, outbox
from bot.storage.db import Tx
from bot.storage.records import Outbound

log = logging.getLogger(__name__)

BATCH = 50


async def undelivered(app: Rapport) -> int:
    """Escalate the alerts that failed, or stayed ambiguous after their one resend."""
    async with app.db.read() as tx:
        rows = await outbox.undelivered_alerts(tx, BATCH)
    if not rows:
        return 0
    async with app.db.tx() as tx:
        for row in rows:
            await _escalate(app, tx, row, app.clock.now())
    return len(rows)


async def _escalate(app: Rapport, tx: Tx, row: Outbound, now: datetime) -> None:
    """One alert, once: its copy to the on-call chat, the audit event, the ERROR line."""
    if not await outbox.escalated(tx, row.id, now):
        return
    oncall, target = app.settings.oncall_chat_id, None
    # An erased patient's words (wiped after the failed send) are not forwarded anywhere new.
    if row.message is not None and oncall is not None and oncall != row.chat_id:
        target = oncall
        await outbox.copy_alert(tx, row, oncall, _flagged(app, row.message), now)
    await events.record(
        tx,
        "alert_undelivered",
        now,
        actor="system",
        patient_id=row.patient_id,
        outbox_id=row.id,
        chat_id=row.chat_id,
        status=row.status,
        escalated_to=target,
    )
    why = _fate(app, row, target)
    log.error("alert %s to chat %s ended %s; %s", row.id, row.chat_id, row.status, why)


def _fate(app: Rapport, row: Outbound, target: int | None) -> str:
    """What became of an undelivered alert, for the ERROR line."""
    if target is not None:
        return f"sent to the on-call chat {target} instead"
    if row.message is None:
        return "its patient's record was erased, so it is not forwarded"
    if app.settings.oncall_chat_id is None:
        return "there is no on-call chat to escalate it to (RAPPORT_ONCALL_CHAT_ID is not set)"
    return "it was the on-call chat's, and there is no other chat to escalate it to"


def _flagged(app: Rapport, message: Outgoing) -> Outgoing:
    """The alert headed by a line saying that it did not reach the clinician."""
    if not isinstance(message, Text):
        return message
    notice = app.t(app.settings.default_language, "safety-alert-undelivered")
    head = f"<b>{html.escape(notice)}</b>" if message.html else notice
    return replace(message, text=f"{head}\n{message.text}")
