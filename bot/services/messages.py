"""Messages and taps that are not part of enrolment: routed by who the chat belongs to."""

from __future__ import annotations

from bot.services.context import Incoming, Rapport
from bot.services.enrolment import on_stranger
from bot.services.replies import Replies
from bot.storage import inbox, people


async def on_message(app: Rapport, msg: Incoming) -> None:
    """A message from a private chat: strangers learn how to enrol; others get help."""
    now = app.clock.now()
    async with app.db.tx() as conn:
        patient = await people.patient_by_chat(conn, msg.chat_id)
        clinician = await people.clinician_by_chat(conn, msg.chat_id)
        if patient is None and clinician is None:
            known = False
        else:
            known = True
            if not await inbox.claim(conn, msg.update_id, now):
                return
            lang = app.lang(patient["language"] if patient else clinician["language"])
            await Replies(conn, msg.update_id, now).text(msg.chat_id, app.t(lang, "enrol-already"))
    if not known:
        await on_stranger(app, msg)


async def on_stale_tap(app: Rapport, msg: Incoming) -> str:
    """A button that no longer does anything."""
    now = app.clock.now()
    async with app.db.tx() as conn:
        await inbox.claim(conn, msg.update_id, now)
        patient = await people.patient_by_chat(conn, msg.chat_id)
    return app.t(app.lang(patient["language"] if patient else None, msg.language_code),
                 "enrol-link-closed")
