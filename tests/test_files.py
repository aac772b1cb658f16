"""Files holding patient data are private: 0600 files, 0700 folders, whatever the umask."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot import MIGRATIONS_DIR, files
from bot.storage import privacy
from bot.storage.db import Database
from bot.storage.migrate import migrate

pytestmark = pytest.mark.usefixtures("open_umask")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_folder_creates_each_missing_folder_0700(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    files.private_folder(tmp_path / "a" / "b")
    assert _mode(tmp_path / "a") == _mode(tmp_path / "a" / "b") == 0o700
    assert _mode(tmp_path) == 0o755  # an existing folder is the owner's choice


def test_write_new_is_0600_and_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "digest.html"
    files.write_new(target, "Señora P-001")
    assert _mode(target) == 0o600
    with pytest.raises(FileExistsError):
        files.write_new(target, b"other")
    assert target.read_text(encoding="utf-8") == "Señora P-001"


def test_write_new_does_not_follow_a_link(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("kept")
    (tmp_path / "link").symlink_to(kept)
    with pytest.raises(FileExistsError):
        files.write_new(tmp_path / "link", "x")
    assert kept.read_text() == "kept"


async def test_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "rapport.db"
    db = await Database.open(path)
    try:
        await migrate(db, MIGRATIONS_DIR)
        modes = {p.name: _mode(p) for p in path.parent.iterdir()}
    finally:
        await db.close()
    assert modes == {"rapport.db": 0o600, "rapport.db-wal": 0o600, "rapport.db-shm": 0o600}
    assert _mode(path.parent) == 0o700


async def test_an_existing_database_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "rapport.db"
    path.touch(mode=0o640)
    db = await Database.open(path)
    await db.close()
    assert _mode(path) == 0o640


async def test_backup_is_private_and_never_over_a_file(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "rapport.db")
    try:
        await migrate(db, MIGRATIONS_DIR)
        await privacy.backup(db, tmp_path / "copy.db")
        with pytest.raises(FileExistsError):
            await privacy.backup(db, tmp_path / "copy.db")
    finally:
        await db.close()
    assert _mode(tmp_path / "copy.db") == 0o600
    assert not (tmp_path / "copy.db-journal").exists()
