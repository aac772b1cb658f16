"""Clinicians, staff, patients and their invites."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.storage.db import Tx
from bot.storage.records import Clinician, Invite, Message, Patient, Staff, load
from bot.storage.times import iso


async def add_clinician(tx: Tx, name: str, language: str, now: datetime) -> int:
    return await tx.insert_new(
        "INSERT INTO clinicians (name, language, created_at) VALUES (?, ?, ?)",
        (name, language, iso(now)),
    )


async def _clinician(tx: Tx, where: str, value: object) -> Clinician | None:
    row = await tx.row(f"SELECT * FROM clinicians WHERE {where} = ?", (value,))  # noqa: S608
    return None if row is None else load(Clinician, row)


async def clinician_by_name(tx: Tx, name: str) -> Clinician | None:
    return await _clinician(tx, "name", name)


async def clinician_by_id(tx: Tx, clinician_id: int) -> Clinician | None:
    return await _clinician(tx, "id", clinician_id)


async def clinician_by_chat(tx: Tx, chat_id: int) -> Clinician | None:
    return await _clinician(tx, "chat_id", chat_id)


async def link_clinician(tx: Tx, clinician_id: int, chat_id: int | None) -> None:
    """Link (or, None, unlink) a clinician's chat; the menus of the chats involved are no
    longer known to be what start-up last set (the link paths change them)."""
    before = await tx.value("SELECT chat_id FROM clinicians WHERE id = ?", (clinician_id,))
    await tx.run("UPDATE clinicians SET chat_id = ? WHERE id = ?", (chat_id, clinician_id))
    await _forget_menu(tx, before)
    await _forget_menu(tx, chat_id)


async def clinician_chats(tx: Tx) -> list[Clinician]:
    """Every clinician who has linked a chat."""
    rows = await tx.rows("SELECT * FROM clinicians WHERE chat_id IS NOT NULL ORDER BY id")
    return [load(Clinician, r) for r in rows]


async def clinicians(tx: Tx) -> list[Clinician]:
    """Every clinician by name, linked or not (whom staff may put a new patient under)."""
    rows = await tx.rows("SELECT * FROM clinicians ORDER BY name")
    return [load(Clinician, r) for r in rows]


async def add_staff(tx: Tx, telegram_id: int, name: str, now: datetime) -> int:
    return await tx.insert_new(
        "INSERT INTO staff (telegram_id, name, created_at) VALUES (?, ?, ?)",
        (telegram_id, name, iso(now)),
    )


async def staff_by_telegram_id(tx: Tx, telegram_id: int) -> Staff | None:
    row = await tx.row("SELECT * FROM staff WHERE telegram_id = ?", (telegram_id,))
    return None if row is None else load(Staff, row)


async def remove_staff(tx: Tx, staff_id: int) -> None:
    """Remove a staff member; their chat's menu is reset by the caller, so start-up must set it
    again should they come back."""
    user_id = await tx.value("SELECT telegram_id FROM staff WHERE id = ?", (staff_id,))
    await tx.run("DELETE FROM staff WHERE id = ?", (staff_id,))
    await _forget_menu(tx, user_id)


async def staff_members(tx: Tx) -> list[Staff]:
    return [load(Staff, r) for r in await tx.rows("SELECT * FROM staff ORDER BY id")]


async def add_patient(
    tx: Tx, alias: str, clinician_id: int, timezone: str, language: str | None, now: datetime
) -> int:
    return await tx.insert_new(
        "INSERT INTO patients (alias, clinician_id, timezone, language, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (alias, clinician_id, timezone, language, iso(now)),
    )


_PATIENT = (
    "SELECT p.*, c.name AS clinician_name, c.chat_id AS clinician_chat_id,"
    " c.language AS clinician_language FROM patients p JOIN clinicians c ON c.id = p.clinician_id"
)


async def _patient(tx: Tx, where: str, value: object) -> Patient | None:
    row = await tx.row(f"{_PATIENT} WHERE p.{where} = ?", (value,))
    return None if row is None else load(Patient, row)


async def patient_by_alias(tx: Tx, alias: str) -> Patient | None:
    return await _patient(tx, "alias", alias)


async def patient_by_id(tx: Tx, patient_id: int) -> Patient | None:
    return await _patient(tx, "id", patient_id)


async def patient_by_chat(tx: Tx, chat_id: int) -> Patient | None:
    return await _patient(tx, "chat_id", chat_id)


async def list_patients(tx: Tx, clinician_id: int | None = None) -> list[Patient]:
    """Every patient by alias, or one clinician's."""
    rows = await tx.rows_for(_PATIENT, "p.clinician_id", clinician_id, "p.alias")
    return [load(Patient, r) for r in rows]


async def activate_patient(
    tx: Tx, patient_id: int, chat_id: int, user_id: int, language: str, now: datetime
) -> None:
    """The chat link and consent; the status itself changes through the lifecycle."""
    await tx.run(
        "UPDATE patients SET chat_id = ?, telegram_user_id = ?, language = ?,"
        " consented_at = ? WHERE id = ?",
        (chat_id, user_id, language, iso(now), patient_id),
    )


async def set_patient_status(
    tx: Tx, patient_id: int, status: str, paused_by: str | None = None
) -> None:
    await tx.run(
        "UPDATE patients SET status = ?, paused_by = ? WHERE id = ?",
        (status, paused_by, patient_id),
    )


async def set_patient_language(tx: Tx, patient_id: int, language: str) -> None:
    await tx.run("UPDATE patients SET language = ? WHERE id = ?", (language, patient_id))


async def add_invite(
    tx: Tx,
    token_hash: str,
    now: datetime,
    expires_at: datetime,
    *,
    patient_id: int | None = None,
    clinician_id: int | None = None,
) -> int:
    role = "patient" if patient_id is not None else "clinician"
    return await tx.insert_new(
        "INSERT INTO invites (token_hash, role, patient_id, clinician_id, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token_hash, role, patient_id, clinician_id, iso(now), iso(expires_at)),
    )


async def _invite(tx: Tx, where: str, value: object) -> Invite | None:
    row = await tx.row(f"SELECT * FROM invites WHERE {where} = ?", (value,))  # noqa: S608
    return None if row is None else load(Invite, row)


async def invite_by_hash(tx: Tx, token_hash: str) -> Invite | None:
    return await _invite(tx, "token_hash", token_hash)


async def invite_by_id(tx: Tx, invite_id: int) -> Invite | None:
    return await _invite(tx, "id", invite_id)


async def claim_invite(tx: Tx, invite_id: int, user_id: int, now: datetime) -> None:
    await tx.run(
        "UPDATE invites SET claimed_by = ?, claimed_at = ? WHERE id = ? AND claimed_by IS NULL",
        (user_id, iso(now), invite_id),
    )


async def redeem_invite(tx: Tx, invite_id: int, now: datetime) -> None:
    await tx.run("UPDATE invites SET redeemed_at = ? WHERE id = ?", (iso(now), invite_id))


async def revoke_open_invites(
    tx: Tx, now: datetime, *, patient_id: int | None = None, clinician_id: int | None = None
) -> None:
    """Stop every unredeemed invite of a patient or clinician from working."""
    await tx.run(
        "UPDATE invites SET revoked_at = ? WHERE redeemed_at IS NULL AND revoked_at IS NULL"
        " AND (patient_id = ? OR clinician_id = ?)",
        (iso(now), patient_id, clinician_id),
    )


async def get_meta(tx: Tx, key: str) -> str | None:
    value = await tx.value("SELECT value FROM meta WHERE key = ?", (key,))
    return None if value is None else str(value)


async def set_meta(tx: Tx, key: str, value: str) -> None:
    await tx.run(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


# The command menus start-up last set, by scope ('all:<language>' or a chat id): a digest of
# each, so an unchanged menu is not set again at every start.
_MENU = "menu:"


async def menus_set(tx: Tx) -> dict[str, str]:
    """Each scope's menu digest as last set."""
    rows = await tx.rows(
        "SELECT key, value FROM meta WHERE key >= ? AND key < ?", (_MENU, "menu;")
    )
    return {str(r["key"])[len(_MENU) :]: str(r["value"]) for r in rows}


async def menus_were_set(tx: Tx, digests: Mapping[str, str]) -> None:
    for scope, digest in digests.items():
        await set_meta(tx, f"{_MENU}{scope}", digest)


async def _forget_menu(tx: Tx, chat_id: int | None) -> None:
    if chat_id is not None:
        await tx.run("DELETE FROM meta WHERE key = ?", (f"{_MENU}{chat_id}",))


async def add_message(tx: Tx, patient_id: int, text: str, now: datetime) -> None:
    """Free text a patient wrote outside a check-in question."""
    await tx.run(
        "INSERT INTO patient_messages (patient_id, text, received_at) VALUES (?, ?, ?)",
        (patient_id, text, iso(now)),
    )


async def messages(tx: Tx, patient_id: int) -> list[Message]:
    """Everything a patient wrote outside check-ins, oldest first."""
    rows = await tx.rows(
        "SELECT * FROM patient_messages WHERE patient_id = ? ORDER BY received_at, id",
        (patient_id,),
    )
    return [load(Message, r) for r in rows]


_PATIENT_FIELDS = frozenset(
    {"timezone", "psychotropic_count", "language", "quiet_start", "quiet_end"}
)


async def update_patient(tx: Tx, patient_id: int, fields: Mapping[str, object]) -> None:
    """Set the named columns (only from a fixed list) of one patient."""
    unknown = set(fields) - _PATIENT_FIELDS
    if unknown:
        raise ValueError(f"not a patient field: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    await tx.run(
        f"UPDATE patients SET {assignments} WHERE id = ?",  # noqa: S608 - names from a fixed set
        (*fields.values(), patient_id),
    )


async def set_invite_code(tx: Tx, invite_id: int, code_hash: str) -> None:
    await tx.run("UPDATE invites SET code_hash = ? WHERE id = ?", (code_hash, invite_id))


async def code_tried(tx: Tx, invite_id: int, ok: bool, now: datetime) -> int:
    """Record a try at the enrolment code; returns how many wrong tries there have been."""
    if ok:
        await tx.run("UPDATE invites SET code_ok_at = ? WHERE id = ?", (iso(now), invite_id))
    else:
        await tx.run("UPDATE invites SET code_tries = code_tries + 1 WHERE id = ?", (invite_id,))
    tries = await tx.value("SELECT code_tries FROM invites WHERE id = ?", (invite_id,))
    return int(tries or 0)


async def awaiting_code(tx: Tx, user_id: int) -> Invite | None:
    """An invite this Telegram user opened that still waits for its enrolment code."""
    row = await tx.row(
        "SELECT * FROM invites WHERE claimed_by = ? AND code_hash IS NOT NULL"
        " AND code_ok_at IS NULL AND redeemed_at IS NULL AND revoked_at IS NULL"
        " ORDER BY claimed_at DESC LIMIT 1",
        (user_id,),
    )
    return None if row is None else load(Invite, row)


async def revoke_invite(tx: Tx, invite_id: int, now: datetime) -> None:
    await tx.run("UPDATE invites SET revoked_at = ? WHERE id = ?", (iso(now), invite_id))


async def count_start(tx: Tx, chat_id: int, now: datetime, window_start: datetime) -> int:
    """Record a /start from a chat; returns how many it sent since `window_start`."""
    await tx.run("DELETE FROM start_attempts WHERE at < ?", (iso(window_start),))
    await tx.run("INSERT INTO start_attempts (chat_id, at) VALUES (?, ?)", (chat_id, iso(now)))
    count = await tx.value("SELECT COUNT(*) FROM start_attempts WHERE chat_id = ?", (chat_id,))
    return int(count or 0)
