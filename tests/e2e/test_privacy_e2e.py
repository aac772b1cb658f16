"""The patient's rights: a copy of everything, and an erasure that leaves nothing on disk."""

from __future__ import annotations

import json

from bot.services import privacy
from bot.storage import privacy as storage_privacy
from bot.storage.privacy import WIPED_TABLES, forget_from_disk
from tests.e2e.disk import leaks, stored
from tests.engines import columns, postgresql_only, sqlite_only, tables, vacuums
from tests.harness import call, running

SECRET_NOTE = "zebra-violet-umbrella-4711"
SECRET_ANSWER = "quokka-saffron-lighthouse-0815"
PERSON = 7_305_118_264  # a patient's Telegram id (chat and user): a number found nowhere else


async def _patient_with_words(h, telegram_id: int | None = None):
    user = await h.enrol("P-1", telegram_id=telegram_id)
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
        assert await leaks(app.db, SECRET_NOTE)
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
        assert not await leaks(app.db, SECRET_NOTE)
        assert not await leaks(app.db, SECRET_ANSWER)
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
    assert not await leaks(app.db, SECRET_NOTE) and not await leaks(app.db, SECRET_ANSWER)
    audit = await app.db.fetchone("SELECT actor FROM events WHERE kind = 'patient_erased'")
    assert audit["actor"] == "staff:cli"


@sqlite_only("`rapport backup` copies the file; PostgreSQL is backed up by the server's tools")
async def test_backup_is_a_consistent_copy(app, tmp_path) -> None:
    async with running(app) as h:
        await _patient_with_words(h)
        target = tmp_path / "copy.db"
        await storage_privacy.backup(app.db, target)
    import sqlite3

    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 3


@postgresql_only("VACUUM after the erasure commits")
async def test_delete_vacuums_the_tables_it_touched(app) -> None:
    async with running(app) as h:
        user = await _patient_with_words(h)
        before = await vacuums(app.db, WIPED_TABLES)
        await h.send(user, "/delete")
        await h.tap(user, "Yes, erase everything")
        after = await vacuums(app.db, WIPED_TABLES)
    # At least once: the scrubbed "erased" reply, once sent, is wiped with a vacuum too.
    assert sorted(after) == sorted(WIPED_TABLES)
    assert [t for t in WIPED_TABLES if after[t] <= before[t]] == []


async def _holding(app, number: int) -> list[str]:
    """Every table.column still holding the number, as a value or inside a text."""
    found = []
    for name in await tables(app.db):
        for col in await columns(app.db, name):
            holds = app.db.dialect.has_text(f"CAST({col} AS TEXT)")
            if await app.db.fetchone(f"SELECT 1 FROM {name} WHERE {holds}", (str(number),)):  # noqa: S608
                found.append(f"{name}.{col}")
    return found


async def test_delete_leaves_no_telegram_id(app) -> None:
    async with running(app) as h:
        user = await _patient_with_words(h, PERSON)
        await h.send(user, "i want to die")  # a crisis reply and a safety event: more to erase
        await h.send(user, "/mydata")
        assert await _holding(app, PERSON)  # invites, start_attempts, outbox, patients...
        await h.send(user, "/delete")
        await h.tap(user, "Yes, erase everything")
        assert user.last().text.startswith("Done: your answers and messages are erased")
        assert await _holding(app, PERSON) == []
        assert str(PERSON).encode() not in await stored(app.db)


async def test_staff_erase_leaves_no_telegram_id(app) -> None:
    async with running(app) as h:
        await _patient_with_words(h, PERSON)
        await call(app, privacy.erase_by_alias, "P-1")
        await forget_from_disk(app.db)
        await h.step()  # anything still waiting goes out, then is wiped
        assert await _holding(app, PERSON) == []
        assert str(PERSON).encode() not in await stored(app.db)
