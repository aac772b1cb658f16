"""What a clinician can do in their chat: see the digest of one of their own patients."""

from __future__ import annotations

from aiosqlite import Connection

from bot.domain import callbacks
from bot.services import digests
from bot.services.context import Rapport
from bot.services.replies import Replies
from bot.storage import digests as digest_store
from bot.storage import people
from bot.storage.db import Row

DIGEST = "gd"  # callback kind: a digest of patient <id>


async def on_message(app: Rapport, conn: Connection, out: Replies, doctor: Row, text: str) -> None:
    """/digest lists the clinician's own patients; anything else gets the clinician help."""
    lang = doctor["language"]
    if text.strip().split("@")[0].lower() != "/digest":
        await out.text(doctor["chat_id"], app.t(lang, "clinician-help"))
        return
    mine = await digest_store.clinician_patients(conn, doctor["id"])
    if not mine:
        await out.text(doctor["chat_id"], app.t(lang, "clinician-no-patients"))
        return
    keyboard = [[(p["alias"], callbacks.encode(DIGEST, p["id"]))] for p in mine[:50]]
    await out.text(doctor["chat_id"], app.t(lang, "clinician-choose-patient"), keyboard)


async def on_tap(
    app: Rapport, conn: Connection, out: Replies, doctor: Row, data: callbacks.Callback
) -> str | None:
    """A patient chosen for a digest: only ever one of this clinician's own."""
    patient_id = data.number(0) if data.kind == DIGEST and len(data.parts) == 1 else None
    patient = await people.patient_by_id(conn, patient_id) if patient_id is not None else None
    if patient is None or patient["clinician_id"] != doctor["id"] or patient["status"] == "erased":
        return app.t(doctor["language"], "clinician-not-yours")
    built = await digests.on_demand(
        app, conn, patient, actor=f"clinician:{doctor['id']}", clinician_id=doctor["id"]
    )
    await digests.queue_to_chat(
        app, conn, doctor["chat_id"], built, patient["id"], f"u{out.update_id}:digest", out.now
    )
    return None
