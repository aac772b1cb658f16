"""The patient's rights: a copy of everything, and an erasure that leaves nothing on disk."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from bot.services import privacy
from bot.storage import privacy as storage_privacy
from bot.storage.privacy import forget_from_disk
from tests.harness import call, running

SECRET_NOTE = "zebra-violet-umbrella-4711"
SECRET_ANSWER = "quokka-saffron-lighthouse-0815"


def _on_disk(db_path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            data += path.read_bytes()
    return data


async def _patient_with_words(h):
    user = await h.enrol("P-1")
    user.tap(user.last().buttons[0])  # taking_now
    await h.step()
    user.tap("Yes")  # other_medicines -> the free-text question
    await h.step()
    user.send(SECRET_ANSWER)
    await h.step()
    async with h.app.db.tx() as conn:
        await conn.run("UPDATE checkins SET status = 'completed'")
    user.send(SECRET_NOTE)
    await h.step()
    return user


async def test_mydata_sends_everything_as_json_and_text(app) -> None:
    async with running(app) as h:
        user = await _patient_with_words(h)
        user.send("/mydata")
        await h.step()
        files = {m.file.filename: m.file.content for m in user.documents()}
        exported = json.loads(files["rapport-P-1.json"])
        assert any(SECRET_ANSWER in json.dumps(a) for a in exported["answers"])
        assert SECRET_NOTE in files["rapport-P-1.txt"].decode()
        kinds = [r["kind"] for r in await app.db.fetchall("SELECT kind FROM events")]
        assert "data_exported" in kinds


async def test_delete_leaves_nothing_in_the_database_file(app) -> None:
    async with running(app) as h:
        user = await _patient_with_words(h)
        user.send("i feel like i want to die " + SECRET_NOTE)  # a safety event quotes it too
        await h.step()
        assert SECRET_NOTE.encode() in _on_disk(app.db.path)
        user.send("/delete")
        await h.step()
        user.tap("No, keep it")
        await h.step()
        assert (await app.db.fetchone("SELECT status FROM patients"))["status"] == "active"
        user.send("/delete")
        await h.step()
        user.tap("Yes, erase everything")
        await h.step()
        assert user.last().text.startswith("Done: your answers and messages are erased")
        on_disk = _on_disk(app.db.path)
        assert SECRET_NOTE.encode() not in on_disk
        assert SECRET_ANSWER.encode() not in on_disk
        patient = await app.db.fetchone("SELECT status, chat_id FROM patients")
        assert (patient["status"], patient["chat_id"]) == ("erased", None)
        erased = await app.db.fetchone("SELECT detail FROM events WHERE kind='patient_erased'")
        assert erased is not None and SECRET_NOTE not in erased["detail"]
        user.send("hello again")  # the chat is no longer linked: enrolment instructions only
        await h.step()
        assert "personal link" in user.last().text


async def test_staff_erase_from_the_command_line(app) -> None:
    async with running(app) as h:
        await _patient_with_words(h)
    await call(app, privacy.erase_by_alias, "P-1")
    await forget_from_disk(app.db)  # as `rapport patient erase` does once it has committed
    on_disk = _on_disk(app.db.path)
    assert SECRET_NOTE.encode() not in on_disk and SECRET_ANSWER.encode() not in on_disk
    audit = await app.db.fetchone("SELECT actor FROM events WHERE kind = 'patient_erased'")
    assert audit["actor"] == "staff:cli"


async def test_retention_removes_old_answers(app, clock, monkeypatch) -> None:
    monkeypatch.setattr(app.settings, "retention_days", 30)
    async with running(app) as h:
        await _patient_with_words(h)
        await h.sweep()
        assert await app.db.fetchall("SELECT * FROM answers")
        clock.advance(timedelta(days=31))
        await h.sweep()
        assert await app.db.fetchall("SELECT * FROM answers") == []
        assert await app.db.fetchall("SELECT * FROM patient_messages") == []


async def test_backup_is_a_consistent_copy(app, tmp_path) -> None:
    async with running(app) as h:
        await _patient_with_words(h)
        target = tmp_path / "copy.db"
        await storage_privacy.backup(app.db, target)
    import sqlite3

    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 3
