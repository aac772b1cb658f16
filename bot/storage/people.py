"""Clinicians, staff, patients and their invites."""

from __future__ import annotations

from datetime import datetime

from aiosqlite import Connection

from bot.storage.db import Database, Row, one_row
from bot.storage.times import iso

Conn = Connection


async def add_clinician(conn: Conn, name: str, language: str, now: datetime) -> int:
    cur = await conn.execute(
        "INSERT INTO clinicians (name, language, created_at) VALUES (?, ?, ?)",
        (name, language, iso(now)),
    )
    return int(cur.lastrowid or 0)


async def clinician_by_name(conn: Conn, name: str) -> Row | None:
    return await one_row(conn, "SELECT * FROM clinicians WHERE name = ?", (name,))


async def clinician_by_id(conn: Conn, clinician_id: int) -> Row | None:
    return await one_row(conn, "SELECT * FROM clinicians WHERE id = ?", (clinician_id,))


async def clinician_by_chat(conn: Conn, chat_id: int) -> Row | None:
    return await one_row(conn, "SELECT * FROM clinicians WHERE chat_id = ?", (chat_id,))


async def link_clinician(conn: Conn, clinician_id: int, chat_id: int) -> None:
    await conn.execute("UPDATE clinicians SET chat_id = ? WHERE id = ?", (chat_id, clinician_id))


async def add_staff(conn: Conn, telegram_id: int, name: str, now: datetime) -> int:
    cur = await conn.execute(
        "INSERT INTO staff (telegram_id, name, created_at) VALUES (?, ?, ?)",
        (telegram_id, name, iso(now)),
    )
    return int(cur.lastrowid or 0)


async def staff_by_telegram_id(conn: Conn, telegram_id: int) -> Row | None:
    return await one_row(conn, "SELECT * FROM staff WHERE telegram_id = ?", (telegram_id,))


async def add_patient(
    conn: Conn,
    alias: str,
    clinician_id: int,
    timezone: str,
    language: str | None,
    now: datetime,
) -> int:
    cur = await conn.execute(
        "INSERT INTO patients (alias, clinician_id, timezone, language, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (alias, clinician_id, timezone, language, iso(now)),
    )
    return int(cur.lastrowid or 0)


_PATIENT = (
    "SELECT p.*, c.name AS clinician_name, c.chat_id AS clinician_chat_id,"
    " c.language AS clinician_language FROM patients p JOIN clinicians c ON c.id = p.clinician_id"
)


async def patient_by_alias(conn: Conn, alias: str) -> Row | None:
    return await one_row(conn, f"{_PATIENT} WHERE p.alias = ?", (alias,))


async def patient_by_id(conn: Conn, patient_id: int) -> Row | None:
    return await one_row(conn, f"{_PATIENT} WHERE p.id = ?", (patient_id,))


async def patient_by_chat(conn: Conn, chat_id: int) -> Row | None:
    return await one_row(conn, f"{_PATIENT} WHERE p.chat_id = ?", (chat_id,))


async def patient_id(db: Database, alias: str) -> int | None:
    row = await db.fetchone("SELECT id FROM patients WHERE alias = ?", (alias,))
    return None if row is None else int(row["id"])


async def list_patients(db: Database) -> list[Row]:
    return await db.fetchall(f"{_PATIENT} ORDER BY p.alias")


async def activate_patient(
    conn: Conn, patient_id: int, chat_id: int, user_id: int, language: str, now: datetime
) -> None:
    await conn.execute(
        "UPDATE patients SET chat_id = ?, telegram_user_id = ?, language = ?, status = 'active',"
        " consented_at = ? WHERE id = ?",
        (chat_id, user_id, language, iso(now), patient_id),
    )


async def set_patient_status(conn: Conn, patient_id: int, status: str) -> None:
    await conn.execute("UPDATE patients SET status = ? WHERE id = ?", (status, patient_id))


async def set_patient_language(conn: Conn, patient_id: int, language: str) -> None:
    await conn.execute("UPDATE patients SET language = ? WHERE id = ?", (language, patient_id))


async def add_invite(
    conn: Conn,
    token_hash: str,
    now: datetime,
    expires_at: datetime,
    *,
    patient_id: int | None = None,
    clinician_id: int | None = None,
) -> int:
    role = "patient" if patient_id is not None else "clinician"
    cur = await conn.execute(
        "INSERT INTO invites (token_hash, role, patient_id, clinician_id, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token_hash, role, patient_id, clinician_id, iso(now), iso(expires_at)),
    )
    return int(cur.lastrowid or 0)


async def invite_by_hash(conn: Conn, token_hash: str) -> Row | None:
    return await one_row(conn, "SELECT * FROM invites WHERE token_hash = ?", (token_hash,))


async def invite_by_id(conn: Conn, invite_id: int) -> Row | None:
    return await one_row(conn, "SELECT * FROM invites WHERE id = ?", (invite_id,))


async def claim_invite(conn: Conn, invite_id: int, user_id: int, now: datetime) -> None:
    await conn.execute(
        "UPDATE invites SET claimed_by = ?, claimed_at = ? WHERE id = ? AND claimed_by IS NULL",
        (user_id, iso(now), invite_id),
    )


async def redeem_invite(conn: Conn, invite_id: int, now: datetime) -> None:
    await conn.execute("UPDATE invites SET redeemed_at = ? WHERE id = ?", (iso(now), invite_id))


async def revoke_open_invites(
    conn: Conn, now: datetime, *, patient_id: int | None = None, clinician_id: int | None = None
) -> None:
    """Stop every unredeemed invite of a patient or clinician from working."""
    await conn.execute(
        "UPDATE invites SET revoked_at = ? WHERE redeemed_at IS NULL AND revoked_at IS NULL"
        " AND (patient_id = ? OR clinician_id = ?)",
        (iso(now), patient_id, clinician_id),
    )


async def get_meta(db: Database, key: str) -> str | None:
    row = await db.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
    return None if row is None else str(row["value"])


async def set_meta(conn: Conn, key: str, value: str) -> None:
    await conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def add_message(conn: Conn, patient_id: int, text: str, now: datetime) -> None:
    """Free text a patient wrote outside a check-in question."""
    await conn.execute(
        "INSERT INTO patient_messages (patient_id, text, received_at) VALUES (?, ?, ?)",
        (patient_id, text, iso(now)),
    )


_PATIENT_FIELDS = frozenset(
    {"timezone", "psychotropic_count", "language", "quiet_start", "quiet_end"}
)


async def update_patient(conn: Conn, patient_id: int, fields: dict[str, object]) -> None:
    """Set the named columns (only from a fixed list) of one patient."""
    unknown = set(fields) - _PATIENT_FIELDS
    if unknown:
        raise ValueError(f"not a patient field: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    await conn.execute(
        f"UPDATE patients SET {assignments} WHERE id = ?",  # noqa: S608 - names from a fixed set
        (*fields.values(), patient_id),
    )


async def set_invite_code(conn: Conn, invite_id: int, code_hash: str) -> None:
    await conn.execute("UPDATE invites SET code_hash = ? WHERE id = ?", (code_hash, invite_id))


async def code_tried(conn: Conn, invite_id: int, ok: bool, now: datetime) -> int:
    """Record a try at the enrolment code; returns how many wrong tries there have been."""
    if ok:
        await conn.execute("UPDATE invites SET code_ok_at = ? WHERE id = ?", (iso(now), invite_id))
    else:
        await conn.execute(
            "UPDATE invites SET code_tries = code_tries + 1 WHERE id = ?", (invite_id,)
        )
    row = await one_row(conn, "SELECT code_tries FROM invites WHERE id = ?", (invite_id,))
    return int(row["code_tries"]) if row else 0


async def awaiting_code(conn: Conn, user_id: int) -> Row | None:
    """An invite this Telegram user opened that still waits for its enrolment code."""
    return await one_row(
        conn,
        "SELECT * FROM invites WHERE claimed_by = ? AND code_hash IS NOT NULL"
        " AND code_ok_at IS NULL AND redeemed_at IS NULL AND revoked_at IS NULL"
        " ORDER BY claimed_at DESC LIMIT 1",
        (user_id,),
    )


async def revoke_invite(conn: Conn, invite_id: int, now: datetime) -> None:
    await conn.execute("UPDATE invites SET revoked_at = ? WHERE id = ?", (iso(now), invite_id))


async def count_start(conn: Conn, chat_id: int, now: datetime, window_start: datetime) -> int:
    """Record a /start from a chat; returns how many it sent since `window_start`."""
    await conn.execute("DELETE FROM start_attempts WHERE at < ?", (iso(window_start),))
    await conn.execute(
        "INSERT INTO start_attempts (chat_id, at) VALUES (?, ?)", (chat_id, iso(now))
    )
    row = await one_row(
        conn, "SELECT COUNT(*) AS n FROM start_attempts WHERE chat_id = ?", (chat_id,)
    )
    return int(row["n"]) if row else 0


async def clinician_chats(db: Database) -> list[tuple[int, str]]:
    """(chat id, language) of every linked clinician."""
    rows = await db.fetchall("SELECT chat_id, language FROM clinicians WHERE chat_id IS NOT NULL")
    return [(int(r["chat_id"]), r["language"]) for r in rows]


async def staff_chats(db: Database) -> list[int]:
    """The private chats of staff members (a private chat's id is the user's id)."""
    return [int(r["telegram_id"]) for r in await db.fetchall("SELECT telegram_id FROM staff")]
