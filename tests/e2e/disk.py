"""What the database file holds, byte for byte: patient words must not be found in it."""

from __future__ import annotations

import base64
from pathlib import Path


def on_disk(db_path: Path) -> bytes:
    """The database file with its WAL, shared memory and journal, as stored."""
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            data += path.read_bytes()
    return data


def traces(word: str) -> list[bytes]:
    """The forms a word takes in the file: its UTF-8 bytes, and the base64 of a file sent as a
    document, at each of the three places it can start in a 3-byte group (the first and last
    four characters mix in the bytes around it and are left out)."""
    forms = [word.encode()]
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + word.encode())
        forms.append(encoded[4 if shift else 0 : -4])
    return forms


def leaks(db_path: Path, word: str) -> bool:
    """Whether the word can still be read from the file in any of its forms."""
    data = on_disk(db_path)
    return any(form in data for form in traces(word))
