"""What the database holds, byte for byte: patient words must not be found in it."""

from __future__ import annotations

import base64
from pathlib import Path

from bot.storage.db import Database, SqliteDatabase
from tests.engines import tables


def on_disk(db_path: Path) -> bytes:
    """The database file with its WAL, shared memory and journal, as stored."""
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            data += path.read_bytes()
    return data


async def stored(db: Database) -> bytes:
    """SQLite: the file and its WAL as stored, free pages and all (secure_delete and the
    checkpoint after an erasure must have wiped them). PostgreSQL: every row of every table
    as text; the server's own files (free space in pages, WAL, archives) are its to keep for
    as long as the clinic sets, which the README states."""
    if isinstance(db, SqliteDatabase):
        return on_disk(db.path)
    data = []
    for table in await tables(db):
        rows = await db.fetchall(f"SELECT CAST(t AS TEXT) AS row FROM {table} AS t")  # noqa: S608
        data.extend(r["row"] for r in rows)
    return "\n".join(data).encode()


def traces(word: str) -> list[bytes]:
    """The forms a word takes in the file: its UTF-8 bytes, and the base64 of a file sent as a
    document, at each of the three places it can start in a 3-byte group (the first and last
    four characters mix in the bytes around it and are left out)."""
    forms = [word.encode()]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + word.encode())
        forms.append(encoded[4 if shift else 0 : -4])
    return forms


async def leaks(db: Database, word: str) -> bool:
    """Whether the word can still be read from the database in any of its forms."""
    data = await stored(db)
    return any(form in data for form in traces(word))
