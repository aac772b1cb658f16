"""Files holding patient data are created private (0600, folders 0700) and never replaced.

The umask can only take bits away from a mode given at creation, never add any: whatever the
umask, nothing created here is readable by other users. Files and folders that already exist
keep the permissions their owner gave them.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> None:
    """Create `path` and its missing parents, each 0700; existing folders are left alone."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)


def private_file(path: Path) -> None:
    """Create an empty 0600 file unless one exists; SQLite gives its -wal and -shm that mode."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))


def write_new(path: Path, body: str | bytes) -> None:
    """Write a new 0600 file; FileExistsError rather than replace a file or follow a link."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
