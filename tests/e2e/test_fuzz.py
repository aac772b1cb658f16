"""Hostile and odd input (issue 6, item 4): hypothesis drives the real Application.

Each example builds a fresh world on a copy of a migrated database: an enrolled patient part
way through the intake (hypothesis picks how far), a patient who blocked the bot, a newcomer who
opened an invite but has not agreed yet (sometimes with RAPPORT_ENROL_CODE=required), a linked
clinician, a staff member, a stranger, a group and a channel. It then sends a generated sequence
of updates (tests/e2e/fuzz_strategies.py) through the sandbox, one intake round after each (or
after a short batch, as after an outage), and checks after every update that:

1. nothing failed: no ERROR from the `bot` or `telegram` loggers (the error handler's "handler
   failed", the intake's "could not be processed"), and every send the bot queued was
   delivered, or refused only because the person blocked the bot (or was an edit of a message
   that never existed, which a forged tap can name);
2. nothing was stored that should not be: no patient row is added, or linked to anyone but the
   people invited; words from strangers, clinicians, staff, groups and channels are nowhere in
   answers, patient messages or safety events; a forged callback (data the bot never showed in
   that chat) adds or changes no answer; every stored answer validates against its question
   (engine.validate_answer), carries the question's construct and lies on the dialog's path;
   risk words from an enrolled patient are recorded and alerted to the clinician;
3. every private message from a person got a reply queued for that very update, every button
   tap got answerCallbackQuery, and the bot never wrote to the group or the channel;
4. the inbox holds no unprocessed update (and no processed payload).

The examples together send at least MIN_UPDATES updates, and the test asserts that they did.
Bugs the fuzzer found are pinned at the end of this file by small deterministic tests.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import json
import logging
import shutil
import traceback
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import VirtualClock
from bot.compose import open_app
from bot.config import Settings, load_settings
from bot.domain import engine
from bot.domain.constructs import QType
from bot.sandbox import SimChannel, SimGroup, SimUser, TelegramState
from bot.sandbox.api_messages import photo_sizes
from bot.sandbox.shapes import JSONDict, inline_buttons, member_json
from bot.services import enrolment
from bot.services.context import Rapport
from bot.storage import outbox
from bot.storage.db import Database
from bot.storage.records import stored_value
from bot.storage.times import iso
from tests.conftest import START
from tests.e2e.fuzz_strategies import CODE, RISK, Act, acts, intake_path
from tests.engines import OWN_SQLITE_FILE
from tests.harness import Harness, call, running

EXAMPLES = 100
MIN_ACTS, MAX_ACTS = 20, 26  # so EXAMPLES * MIN_ACTS >= MIN_UPDATES
MIN_UPDATES = 2_000
ALLOWED_FAILURES = {"blocked by the user", "patient no longer active"}
# Rows that are patient content: words of anyone not invited must never land in them.
CONTENT = (
    ("patient_messages", "text"),
    ("answers", "value"),
    ("safety_events", "quote"),
)


# --- capturing failures


class _Errors(logging.Handler):
    """ERROR records of the bot and PTB, and the handlers' full tracebacks for the report."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []
        self.tracebacks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "bot.services.escalation":
            return  # an alert the clinician's blocked chat refused: reported as it must be
        self.records.append(f"{record.name}: {record.getMessage()}")

    async def on_error(self, update: object, context: Any) -> None:
        """A second PTB error handler: the bot's own logs the type and place only."""
        self.tracebacks.append("".join(traceback.format_exception(context.error)))


@dataclass
class World:
    """One example's bot, people and chats, plus what the checks need to remember."""

    h: Harness
    clock: VirtualClock
    people: dict[str, SimUser]
    group: SimGroup
    channel: SimChannel
    tokens: dict[str, str]
    errors: _Errors
    patient_count: int = 0
    # user ids a patient row may be linked to: the patients and the newcomer (invited)
    may_link: set[int] = field(default_factory=set)
    outsider_words: set[str] = field(default_factory=set)
    insider_words: set[str] = field(default_factory=set)
    updates: int = 0

    @property
    def state(self) -> TelegramState:
        return self.h.state

    @property
    def quiet_chats(self) -> set[int]:
        return {self.group.chat_id, self.channel.chat_id}


async def _enrol(h: Harness, alias: str, language: str = "en") -> tuple[SimUser, str]:
    invite = await call(h.app, enrolment.add_patient, alias, "Dr A", None, None)
    user = h.state.user(first_name=alias, language_code=language)
    user.start(invite.token)
    await h.step()
    if invite.code:  # RAPPORT_ENROL_CODE=required: the code from paper comes next
        user.send(invite.code)
        await h.step()
    user.tap(user.last().buttons[0])
    await h.step()
    return user, invite.token


async def walk_intake(world: World, path: list[int]) -> None:
    """Answer the patient's first questions: button `choice` (or typed text) for each."""
    patient, h = world.people["patient"], world.h
    for choice in path:
        last = patient.last()
        data = [b["callback_data"] for b in inline_buttons(last.reply_markup)]
        toggles = [d for d in data if d.startswith("t:")]
        answers = [d for d in data if d.startswith("a:")]
        if toggles:
            patient.tap_data(toggles[choice % len(toggles)], last.message_id)
            await h.step()
            done = [d for d in data if d.startswith("d:")]
            patient.tap_data(done[0], last.message_id)
        elif answers:
            patient.tap_data(answers[choice % len(answers)], last.message_id)
        elif data and all(d.startswith(("b:", "s:")) for d in data):
            patient.send(f"answer {choice}")
        else:
            return
        await h.step()


async def build_world(
    h: Harness, clock: VirtualClock, errors: _Errors, stranger_lang: str, supergroup: bool
) -> World:
    """Everyone in place; the intake of P-1 is open at its first question."""
    for job in h.application.job_queue.jobs():  # the dispatcher runs only when an act says so
        job.schedule_removal()
    app = h.app
    clinician = await call(app, enrolment.add_clinician, "Dr A", "en")
    doctor = h.state.user(first_name="Doc")
    doctor.start(clinician.token)
    await h.step()
    if clinician.code:  # RAPPORT_ENROL_CODE=required holds for clinicians too
        doctor.send(clinician.code)
        await h.step()
    doctor.tap(doctor.last().buttons[0])
    await h.step()
    patient, patient_token = await _enrol(h, "P-1")
    blocked, _ = await _enrol(h, "P-3", "ru")
    blocked.block()
    await h.step()
    staff = h.state.user(first_name="Sam")
    await call(app, enrolment.add_staff, staff.id, "Sam")
    staff.send("/patients")
    await h.step()
    second = await call(app, enrolment.add_patient, "P-2", "Dr A", None, None)
    newcomer = h.state.user(first_name="Nuevo", language_code="es")
    newcomer.start(second.token)
    await h.step()
    stranger = h.state.user(first_name="X", language_code=stranger_lang)
    world = World(
        h=h,
        clock=clock,
        people={
            "patient": patient,
            "doctor": doctor,
            "staff": staff,
            "stranger": stranger,
            "newcomer": newcomer,
            "blocked": blocked,
        },
        group=h.state.group("Ward 3", supergroup=supergroup),
        channel=h.state.channel("Clinic news", username="clinic_news"),
        tokens={
            "patient": patient_token,
            "newcomer": second.token,
            "clinician": clinician.token,
            **({"code": second.code} if second.code else {}),
        },
        errors=errors,
    )
    row = await app.db.fetchone("SELECT COUNT(*) AS n FROM patients")
    world.patient_count = row["n"]
    world.may_link = {patient.id, blocked.id, newcomer.id}
    return world


# --- turning an act into an update


def _payload(world: World, payload: str | None) -> str | None:
    if payload is None:
        return None
    if payload.startswith("token:"):
        return world.tokens[payload.removeprefix("token:")]
    if payload == "token+":
        return world.tokens["newcomer"] + "x"
    if payload == "token ":
        return world.tokens["newcomer"] + " " + world.tokens["patient"]
    return payload


def _command(world: World, name: str, mention: str, payload: str | None) -> str:
    text = f"/{name}{mention}"
    payload = _payload(world, payload)
    return f"{text} {payload}" if payload else text


def _raw_message(
    world: World, chat_id: int, sender: JSONDict | None, fields: JSONDict
) -> JSONDict:
    """A message as Telegram would deliver it, stored in the chat like the sandbox's own."""
    state = world.state
    stored = state.new_message(chat_id, sender, fields, outgoing=False)
    kind = "channel_post" if state.chats[chat_id]["type"] == "channel" else "message"
    if sender is not None and state.chats[chat_id]["type"] == "private":
        with state.lock:
            state.started.add(sender["id"])
    return state.enqueue(kind, stored.data)


def _raw_callback(
    world: World, user: SimUser, message: JSONDict | None, **fields: Any
) -> JSONDict:
    """A callback_query with any shape; registered so answerCallbackQuery can find it."""
    state = world.state
    query_id = str(5_000_000_000_000_000 + state.new_id())
    query: JSONDict = {"id": query_id, "from": user.user, "chat_instance": "-42", **fields}
    if message is not None:
        query["message"] = message
    with state.lock:
        state.callback_queries[query_id] = copy.deepcopy(query)
    return state.enqueue("callback_query", query)


def _bot_message_json(world: World, chat: JSONDict, text: str = "…") -> JSONDict:
    return {
        "message_id": 1,
        "from": world.state.bot,
        "chat": chat,
        "date": world.state.now(),
        "text": text,
        "reply_markup": {"inline_keyboard": [[{"text": "ok", "callback_data": "o:1"}]]},
    }


def _photo(world: World, caption: str | None) -> JSONDict:
    stored = world.state.add_file("photo.jpg", b"\xff\xd8\xff\xd9", "image/jpeg", "AgAC")
    return {"photo": photo_sizes(stored), **({"caption": caption} if caption else {})}


def _shown(world: World, chat_id: int) -> list[tuple[int, str]]:
    """(message id, callback data) of every inline button the bot ever showed in a chat."""
    found = []
    for message in world.state.chat_messages(chat_id, outgoing=True, include_deleted=True):
        for version in [*message.history, message.data]:
            for button in inline_buttons(version.get("reply_markup")):
                if "callback_data" in button:
                    found.append((message.message_id, button["callback_data"]))
    return found


def _visible_buttons(user: SimUser, latest: bool) -> list[tuple[int, str]]:
    messages = [m for m in user.messages() if m.buttons]
    if latest:
        messages = messages[-1:]
    return [
        (m.message_id, b["callback_data"])
        for m in messages
        for b in inline_buttons(m.reply_markup)
        if "callback_data" in b
    ]


def send(world: World, act: Act) -> JSONDict:
    """Queue the one update an act stands for; returns it."""
    if act.who in ("group",):
        return _send_group(world, act)
    user = world.people[act.who]
    kind, args = act.kind, act.args
    if kind == "text":
        return user.send(world.tokens.get("code", CODE) if args[0] == CODE else args[0])
    if kind == "command":
        return user.send(_command(world, *args))
    if kind == "tap_real":
        latest, index = args
        buttons = _visible_buttons(user, latest)
        if not buttons:
            return user.send("/checkin")
        message_id, data = buttons[index % len(buttons)]
        return user.tap_data(data, message_id)
    if kind == "tap_forged":
        data, on_last = args
        mine = user.messages()
        if not mine:
            return _raw_callback(world, user, _bot_message_json(world, user.chat), data=data)
        return user.tap_data(data, (mine[-1] if on_last else mine[0]).message_id)
    if kind == "edit":
        index, text = args
        own = [m for m in user.all_messages() if not m.outgoing and "text" in m.data]
        if not own:
            return user.send(text)
        return user.edit(own[index % len(own)].message_id, text)
    if kind == "reply":
        mine = user.messages()
        return user.send(args[0], reply_to=mine[-1].message_id if mine else None)
    if kind == "sticker":
        return user.send_sticker(args[0])
    if kind == "photo":
        return user.send_photo(caption=args[0])
    if kind == "voice":
        return user.send_voice(duration=args[0])
    if kind == "document":
        filename, content, mime, caption = args
        return user.send_document(filename, content, mime, caption)
    if kind == "location":
        return user.send_location(*args)
    if kind == "contact":
        phone, name, own = args
        return user.send_contact(phone) if own or name is None else user.send_contact(phone, name)
    if kind == "forward":
        text, visible = args
        origin = world.people["stranger"].user if visible else None
        return user.forward(text, from_user=origin)
    if kind == "block":
        return user.block()
    if kind == "unblock":
        return user.unblock()
    if kind == "bare_message":
        return _raw_message(world, user.chat_id, user.user, {})
    if kind == "dice":
        emoji, value = args
        return _raw_message(
            world, user.chat_id, user.user, {"dice": {"emoji": emoji, "value": value}}
        )
    if kind == "callback_no_message":
        data, inline = args
        extra = {"inline_message_id": "AgAAAFake"} if inline else {}
        return _raw_callback(world, user, None, data=data, **extra)
    if kind == "callback_inaccessible":
        gone = {"chat": user.chat, "message_id": 987_654, "date": 0}
        return _raw_callback(world, user, gone, data=args[0])
    if kind == "callback_game":
        return _raw_callback(
            world, user, _bot_message_json(world, user.chat), game_short_name=args[0]
        )
    if kind == "edit_unknown":
        now = world.state.now()
        fields = {
            "message_id": 999_999,
            "from": user.user,
            "chat": user.chat,
            "date": now - 60,
            "edit_date": now,
            "text": args[0],
        }
        return world.state.enqueue("edited_message", fields)
    raise AssertionError(f"unknown act {act}")


def _send_group(world: World, act: Act) -> JSONDict:
    group, kind, args = world.group, act.kind, act.args
    if kind == "group_text":
        who, text = args
        return group.send(world.people[who], text)
    if kind == "group_command":
        who, name, mention, payload = args
        return group.send(world.people[who], _command(world, name, mention, payload))
    if kind == "group_photo":
        who, caption = args
        return _raw_message(world, group.chat_id, world.people[who].user, _photo(world, caption))
    if kind == "group_tap":
        who, data = args
        message = _bot_message_json(world, group.chat)
        return _raw_callback(world, world.people[who], message, data=data)
    if kind == "group_join":
        joiner = world.people["patient" if args[0] else "stranger"]
        return _raw_message(world, group.chat_id, joiner.user, {"new_chat_members": [joiner.user]})
    if kind == "group_bot_member":
        date = world.state.now()
        return world.state.enqueue(
            "my_chat_member",
            {
                "chat": group.chat,
                "from": world.people["stranger"].user,
                "date": date,
                "old_chat_member": member_json(world.state.bot, "member", date),
                "new_chat_member": member_json(world.state.bot, args[0], date),
            },
        )
    if kind == "channel_post":
        return world.channel.post(args[0])
    if kind == "channel_photo":
        return _raw_message(world, world.channel.chat_id, None, _photo(world, args[0]))
    raise AssertionError(f"unknown act {act}")


# --- the checks


async def _allowed_failure(world: World, row: Any) -> bool:
    """A send refused because the person blocked the bot, an edit of a message that does not
    exist (a forged or inaccessible message named by a tap), or an edit dropped because a newer
    edit of the same message was queued after it: nobody missed a reply."""
    if row["error"] in ALLOWED_FAILURES:
        return True
    if row["kind"] != "edit" or row["status"] != "failed":
        return False
    message_id = json.loads(row["payload"])["message_id"]
    if row["error"] == outbox.SUPERSEDED:
        # Whether the older edit was still waiting when the newer one came depends on how fast
        # the sender got to it (under load it often had not), so both outcomes are fine here.
        later = await world.h.app.db.fetchall(
            "SELECT payload FROM outbox WHERE kind = 'edit' AND chat_id = ? AND id > ?",
            (row["chat_id"], row["id"]),
        )
        return any(json.loads(r["payload"])["message_id"] == message_id for r in later)
    if "not found" in row["error"]:
        stored = world.state.find_message(row["chat_id"], message_id)
        return stored is None or not stored.outgoing
    return False


def _kind(update: JSONDict) -> str:
    return next(key for key in update if key != "update_id")


def _words(update: JSONDict) -> list[str]:
    body = update[_kind(update)]
    return [w for w in (body.get("text"), body.get("caption")) if isinstance(w, str) and w.strip()]


async def _max_id(app: Rapport, table: str) -> int:
    row = await app.db.fetchone(f"SELECT MAX(id) AS n FROM {table}")  # noqa: S608
    return int(row["n"]) if row and row["n"] is not None else 0


async def _linked(app: Rapport) -> set[int]:
    rows = await app.db.fetchall(
        "SELECT telegram_user_id FROM patients WHERE chat_id IS NOT NULL AND status != 'erased'"
    )
    return {r["telegram_user_id"] for r in rows}


async def _answers(app: Rapport) -> dict[int, tuple[Any, ...]]:
    rows = await app.db.fetchall(
        "SELECT id, patient_id, value, skipped, superseded_at FROM answers ORDER BY id"
    )
    return {r["id"]: tuple(r) for r in rows}


async def check_update(
    world: World,
    act: Act,
    update: JSONDict,
    answers_before: dict[int, tuple[Any, ...]] | None,
    shown_before: set[str],
    linked_before: set[int],
    erased: frozenset[int] = frozenset(),
) -> None:
    """Check one update after its intake round; `erased`: people who erased themselves in the
    update's batch (their chat ids are gone from what was queued for them, by design)."""
    app, state = world.h.app, world.state
    uid, kind = update["update_id"], _kind(update)
    body = update[kind]
    where = f"update {uid} ({act.who} {act.kind})"

    # 1. nothing failed
    assert not world.errors.records, (where, world.errors.records, world.errors.tracebacks)
    failed = await app.db.fetchall(
        "SELECT id, chat_id, kind, status, error, payload FROM outbox WHERE status IN ('failed',"
        " 'ambiguous') OR (status = 'sending')"
    )
    bad = [dict(r) for r in failed if not await _allowed_failure(world, r)]
    assert not bad, (where, bad)
    assert not await app.db.fetchall(
        "SELECT id FROM outbox WHERE status = 'pending' AND not_before <= ?",
        (iso(app.clock.now()),),
    ), (where, "a send left waiting")

    # 4. the inbox is drained, and keeps no words
    left = await app.db.fetchall(
        "SELECT update_id FROM inbox WHERE processed_at IS NULL OR payload IS NOT NULL"
    )
    assert not left, (where, [r["update_id"] for r in left])
    assert state.pending_updates() == [], where

    # 3. answered politely, or (groups, channels) not at all
    chat = body.get("chat") or (body.get("message") or {}).get("chat") or {}
    if kind == "message" and chat.get("type") == "private":
        replies = await app.db.fetchall(
            "SELECT chat_id FROM outbox WHERE dedupe_key LIKE ?", (f"u{uid}:%",)
        )
        to = [r["chat_id"] for r in replies]
        assert chat["id"] in to or (chat["id"] in erased and to), (where, "no reply", body)
    if kind == "callback_query":
        assert body["id"] in state.callback_answers, (where, "tap not answered", body)
    for quiet in world.quiet_chats:
        sent = state.chat_messages(quiet, outgoing=True, include_deleted=True)
        assert not sent, (where, "the bot spoke in a group or channel", [m.data for m in sent])
        assert not await app.db.fetchall("SELECT id FROM outbox WHERE chat_id = ?", (quiet,))

    # 2. nothing stored that should not be
    if kind == "callback_query" and answers_before is not None:
        data = body.get("data")
        forged = data not in shown_before
        from_patient = body["from"]["id"] in linked_before
        in_private = chat.get("id") == body["from"]["id"]
        if forged or not from_patient or not in_private:
            after = await _answers(app)
            erased = {
                r["id"]
                for r in await app.db.fetchall("SELECT id FROM patients WHERE status = 'erased'")
            }
            added = set(after) - set(answers_before)
            changed = {
                i for i in set(after) & set(answers_before) if after[i] != answers_before[i]
            }
            # an erasure may remove answers (the erase kind is a confirmation, not an answer)
            removed = {
                i for i in set(answers_before) - set(after) if answers_before[i][1] not in erased
            }
            assert not (added or changed or removed), (
                where,
                "a forged tap changed answers",
                added,
                changed,
                removed,
            )
    await check_storage(world, where)


async def check_storage(world: World, where: str) -> None:
    app = world.h.app
    patients = await app.db.fetchall("SELECT * FROM patients")
    assert len(patients) == world.patient_count, where
    linked = {p["id"] for p in patients if p["chat_id"] is not None}
    for p in patients:
        if p["chat_id"] is None:
            continue
        assert p["chat_id"] == p["telegram_user_id"], (where, dict(p))
        assert p["chat_id"] in world.may_link, (where, "linked to someone not invited", dict(p))
    doctors = await app.db.fetchall("SELECT chat_id FROM clinicians")
    assert {d["chat_id"] for d in doctors} == {world.people["doctor"].id}, where
    staff = await app.db.fetchall("SELECT telegram_id FROM staff")
    assert [s["telegram_id"] for s in staff] == [world.people["staff"].id], where
    for table in ("answers", "patient_messages", "safety_events"):
        owners = await app.db.fetchall(f"SELECT DISTINCT patient_id FROM {table}")  # noqa: S608
        assert {o["patient_id"] for o in owners} <= linked, (where, table)
    opened = await app.db.fetchall("SELECT patient_id FROM checkins WHERE status = 'open'")
    assert {o["patient_id"] for o in opened} <= linked, where
    # Words an insider said too, even spaced differently, prove nothing about a leak.
    said_inside = world.insider_words | {w.strip() for w in world.insider_words}
    outsiders = {w for w in world.outsider_words if w.strip() not in said_inside}
    if outsiders:
        for table, column in CONTENT:
            extra = ", dialog_id, question_id" if table == "answers" else ""
            sql = f"SELECT {column} AS v{extra} FROM {table}"  # noqa: S608
            stored = set()
            for r in await app.db.fetchall(sql):
                if r["v"] is None:
                    continue
                if table != "answers":
                    stored.add(r["v"])
                elif app.dialogs[r["dialog_id"]].question(r["question_id"]).type is QType.TEXT:
                    stored.add(json.loads(r["v"]))  # typed words; a button value is no leak
            leaked = {w for w in outsiders if w in stored or w.strip() in stored}
            assert not leaked, (where, table, leaked)
    await check_answers(app, where)


async def check_answers(app: Rapport, where: str) -> None:
    """Every stored answer is one its question can take, with the question's construct."""
    crossed = await app.db.fetchall(
        "SELECT a.id FROM answers a JOIN checkins c ON c.id = a.checkin_id"
        " WHERE a.patient_id != c.patient_id OR a.dialog_id != c.dialog_id"
    )
    assert not crossed, (where, "answers filed under another check-in", crossed)
    rows = await app.db.fetchall("SELECT * FROM answers ORDER BY checkin_id, id")
    for row in rows:
        dialog = app.dialogs[row["dialog_id"]]
        assert row["dialog_version"] == dialog.version, (where, dict(row))
        question = dialog.question(row["question_id"])
        assert row["construct"] == question.measures, (where, dict(row))
        if row["skipped"]:
            assert row["value"] is None and question.skippable, (where, dict(row))
            continue
        value = json.loads(row["value"])
        valid = engine.validate_answer(question, value)
        assert (list(valid) if isinstance(valid, tuple) else valid) == value, (where, dict(row))
    by_checkin: dict[int, list[Any]] = {}
    for row in rows:
        if row["superseded_at"] is None:
            by_checkin.setdefault(row["checkin_id"], []).append(row)
    for checkin_id, current in by_checkin.items():
        dialog = app.dialogs[current[0]["dialog_id"]]
        answers = {r["question_id"]: stored_value(r["value"]) for r in current}
        visible = {q.id for q in engine.visible_questions(dialog, answers)}
        stray = set(answers) - visible
        assert not stray, (where, "answers off the dialog's path", checkin_id, stray)


# --- one example


async def run_example(
    base: Rapport,
    path: Path,
    stranger_lang: str,
    supergroup: bool,
    enrol_code: bool,
    walk: list[int],
    script: list[Act],
) -> int:
    """One example on `path` (a copy of the migrated template); returns the updates sent."""
    clock = VirtualClock(START)
    config = base.settings.model_copy(update={"enrol_code": "required" if enrol_code else "off"})
    app = dataclasses.replace(
        base, db=await Database.open(path), clock=clock, sender=None, settings=config
    )
    errors, errors_at = _Errors(), [logging.getLogger(name) for name in ("bot", "telegram")]
    for logger in errors_at:
        logger.addHandler(errors)
    try:
        async with running(app, TelegramState(clock=clock)) as h:
            h.application.add_error_handler(errors.on_error)
            world = await build_world(h, clock, errors, stranger_lang, supergroup)
            await walk_intake(world, walk)
            assert not errors.records, (errors.records, errors.tracebacks)
            batch: list[Act] = []
            for act in script:
                batch.append(act)
                if not act.batch:
                    await _play(world, batch)
                    batch = []
            if batch:
                await _play(world, batch)
            integrity = await app.db.fetchall("PRAGMA integrity_check")
            assert [tuple(r) for r in integrity] == [("ok",)]
            assert not await app.db.fetchall("PRAGMA foreign_key_check")
            return world.updates
    finally:
        for logger in errors_at:
            logger.removeHandler(errors)
        await app.db.close()


async def _play(world: World, batch: list[Act]) -> None:
    """Send a batch of updates (usually one), run one intake round, check every update."""
    app = world.h.app
    answers_before = await _answers(app)
    linked_before = await _linked(app)
    last_event = await _max_id(app, "safety_events")
    sent = []
    for act in batch:
        world.clock.advance(timedelta(seconds=act.later))
        update = send(world, act)
        world.updates += 1
        body = update[_kind(update)]
        chat, sender_id = body.get("chat") or {}, (body.get("from") or {}).get("id")
        words = _words(update)
        insider = chat.get("type") == "private" and sender_id in linked_before
        (world.insider_words if insider else world.outsider_words).update(words)
        shown = {
            data
            for chat_id in {chat.get("id"), sender_id}
            if chat_id is not None
            for _, data in _shown(world, chat_id)
        }
        # risk words in an enrolled patient's private chat: an event and the clinician's alert
        alarm = (
            insider
            and _kind(update) in ("message", "edited_message")
            and any(line in word for word in words for line in RISK)
        )
        sent.append((act, update, shown, alarm))
    await world.h.step()
    if any(act.tick for act in batch):
        await world.h.sweep()
    if len(batch) > 1:
        # In a batch a newcomer may agree (a real tap) and then write: from then on their words
        # are a patient's own, stored by right, though they were not linked when the batch began.
        joined = await _linked(app) - linked_before
        for _, update, _, _ in sent:
            body = update[_kind(update)]
            if (body.get("from") or {}).get("id") in joined:
                words = set(_words(update))
                world.outsider_words -= words
                world.insider_words |= words
    # a forged tap is judged alone: in a batch, the other updates may change answers
    before = answers_before if len(batch) == 1 else None
    # In a batch a patient may also erase themselves (/delete, then the confirming tap, even
    # a forged one: only they can send it) and write after: from then on they are nobody's
    # patient, so their risk words get the crisis reply but no clinician is alerted.
    erased = frozenset(linked_before - await _linked(app)) if len(batch) > 1 else frozenset()
    alarms = 0
    for act, update, shown, alarm in sent:
        await check_update(world, act, update, before, shown, linked_before, erased)
        if not alarm or (update[_kind(update)].get("from") or {}).get("id") in erased:
            continue
        alarms += 1
        where = f"update {update['update_id']} ({act.who} {act.kind})"
        alerts = await app.db.fetchall(
            "SELECT id FROM outbox WHERE chat_id = ? AND dedupe_key LIKE ?",
            (world.people["doctor"].id, f"u{update['update_id']}:%"),
        )
        assert alerts, (where, "no alert for the clinician", update)
    row = await app.db.fetchone(
        "SELECT COUNT(*) AS n FROM safety_events WHERE id > ?", (last_event,)
    )
    assert row is not None and row["n"] >= alarms, ("safety events", alarms, row and row["n"])


# --- the test


@pytest.fixture
def fuzz_settings(tmp_path: Path) -> Settings:
    return load_settings(
        DATABASE_URL=f"sqlite:///{tmp_path / 'template.db'}",
        TELEGRAM_BOT_TOKEN="123456:TEST-token",
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        RAPPORT_CLINIC_NAME="Clinica Test",
    )


@OWN_SQLITE_FILE
def test_arbitrary_updates_never_crash_or_leak(fuzz_settings: Settings, tmp_path: Path) -> None:
    async def migrated() -> Rapport:
        base = await open_app(fuzz_settings, VirtualClock(START))
        await base.db.close()
        return base

    base = asyncio.run(migrated())
    template = fuzz_settings.database_path
    counted = {"updates": 0, "examples": 0}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        stranger_lang=st.sampled_from(("en", "es", "ru", "de", "pt-br", "")),
        supergroup=st.booleans(),
        enrol_code=st.booleans(),
        walk=intake_path,
        script=st.lists(acts, min_size=MIN_ACTS, max_size=MAX_ACTS),
    )
    def example(
        stranger_lang: str, supergroup: bool, enrol_code: bool, walk: list[int], script: list[Act]
    ) -> None:
        path = tmp_path / f"example-{counted['examples']}.db"
        counted["examples"] += 1
        shutil.copyfile(template, path)
        try:
            counted["updates"] += asyncio.run(
                run_example(base, path, stranger_lang, supergroup, enrol_code, walk, script)
            )
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

    example()
    print(f"fuzz: {counted['updates']} updates in {counted['examples']} examples")
    assert counted["updates"] >= MIN_UPDATES


# --- bugs found while writing this test, each pinned by the smallest update that shows it
#
# Each was fixed once found; they stay as plain regression tests.


async def _answer_first(h: Harness, user: SimUser, index: int = 0) -> None:
    """Tap answer button `index` of the question the patient sees now."""
    last = user.last()
    answers = [
        b["callback_data"]
        for b in inline_buttons(last.reply_markup)
        if b["callback_data"].startswith("a:")
    ]
    user.tap_data(answers[index], last.message_id)
    await h.step()


async def test_tap_without_message_is_answered(app) -> None:
    """Was: handlers.incoming() is None for a query without `message` (inline_message_id), and
    on_callback returned before query.answer(): the client's spinner never stopped."""
    async with running(app) as h:
        user = await h.enrol("P-1")
        query = {
            "id": "4242",
            "from": user.user,
            "chat_instance": "-1",
            "data": "o:1",
            "inline_message_id": "AgAAAFake",
        }
        h.state.callback_queries["4242"] = query
        h.state.enqueue("callback_query", query)
        await h.step()
        assert "4242" in h.state.callback_answers


@pytest.mark.parametrize(
    ("who", "data"),
    [
        ("stranger", "c:zzzzzzzzzzzzz:y"),
        ("patient", "o:zzzzzzzzzzzzz"),
        ("patient", "a:zzzzzzzzzzzzz:0:0"),
        ("staff", "yp:zzzzzzzzzzzzz"),
        ("staff", "ya:zzzzzzzzzzzzz:p"),
        ("doctor", "gd:zzzzzzzzzzzzz"),
    ],
)
async def test_callback_number_over_int64_is_refused_not_crashed(
    app, caplog: pytest.LogCaptureFixture, who: str, data: str
) -> None:
    """Was: from_base36 took 13 digits (up to 36**13-1 > 2**63-1), SQLite raised OverflowError
    in the handler ("handler failed: OverflowError"), and the tap was never answered."""
    async with running(app) as h:
        patient = await h.enrol("P-1")
        staff = h.state.user(first_name="Sam")
        await call(app, enrolment.add_staff, staff.id, "Sam")
        doctor = h.state.user(first_name="Doc")
        clinician = await call(app, enrolment.add_clinician, "Dr B", "en")
        doctor.start(clinician.token)
        await h.step()
        doctor.tap(doctor.last().buttons[0])
        await h.step()
        user = {"patient": patient, "doctor": doctor, "staff": staff}.get(who)
        user = user or h.state.user(first_name="X")
        user.send("/patients" if who == "staff" else "/digest" if who == "doctor" else "hello")
        await h.step()
        caplog.clear()
        user.tap_data(data, user.last().message_id)
        await h.step()
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert not errors
        assert user.last_answer() is not None


async def test_blank_answer_to_a_text_question_is_asked_again(app) -> None:
    """Was: text that str.strip() empties (U+3000, U+2028, U+0085...) typed at a text question
    raised InvalidAnswer, checkins.on_text returned False without a word, and the patient got
    no reply at all."""
    async with running(app) as h:
        user = await h.enrol("P-1")
        await _answer_first(h, user)  # taking_now: as prescribed
        await _answer_first(h, user)  # other_medicines: yes -> "which ones?" (free text)
        before = len(user.messages())
        user.send("\u3000")
        await h.step()
        assert len(user.messages()) > before, "the patient got no reply"


async def _with_clinician(h: Harness) -> SimUser:
    invite = await call(h.app, enrolment.add_clinician, "Dr A", "en")
    doctor = h.state.user(first_name="Doc")
    doctor.start(invite.token)
    await h.step()
    doctor.tap(doctor.last().buttons[0])
    await h.step()
    return doctor


async def test_erasure_in_the_same_batch_drops_the_crisis_reply_and_alert(app) -> None:
    async with running(app) as h:
        doctor = await _with_clinician(h)
        user = await h.enrol("P-1")
        user.send("/delete")
        await h.step()
        prompt = user.last()
        erase = prompt.callback_data(app.t("en", "privacy-delete-yes"))
        assert erase is not None
        alerts = len(doctor.messages())
        # one batch, as after a short outage: the risk message, then "Yes, erase everything"
        user.send("i want to kill myself")
        user.tap_data(erase, prompt.message_id)
        await h.step()
        crisis = app.t("en", "safety-crisis-reply").split("\n")[0]
        assert any(m.text.startswith(crisis) for m in user.messages()), "no crisis reply"
        erased = app.t("en", "lifecycle-clinician-erased", alias="P-1")
        told = [m.text for m in doctor.messages()[alerts:]]
        assert len(told) == 2 and told[1] == erased, "no alert, or no notice of the erasure"


@pytest.mark.parametrize("in_checkin", [True, False])
async def test_blank_text_is_stored_as_a_patient_message(app, in_checkin: bool) -> None:
    async with running(app) as h:
        user = await h.enrol("P-1")
        if in_checkin:
            await _answer_first(h, user)
            await _answer_first(h, user)  # at the free-text question
        else:
            async with app.db.tx() as conn:
                await conn.run("UPDATE checkins SET status = 'completed'")
        user.send("\u3000")
        await h.step()
        assert await app.db.fetchall("SELECT text FROM patient_messages") == []


async def test_consent_tapped_in_a_group_links_the_patient_to_the_group(app) -> None:
    async with running(app) as h:
        await call(app, enrolment.add_clinician, "Dr A", "en")
        invite = await call(app, enrolment.add_patient, "P-2", "Dr A", None, None)
        user = h.state.user(first_name="New")
        user.start(invite.token)
        await h.step()
        consent = user.last().callback_data(app.t("en", "enrol-accept"))
        group = h.state.group("Family chat")
        message = {"message_id": 1, "from": h.state.bot, "chat": group.chat, "date": 0}
        query = {"id": "77", "from": user.user, "chat_instance": "-7", "data": consent}
        h.state.callback_queries["77"] = {**query, "message": message}
        h.state.enqueue("callback_query", {**query, "message": message})
        await h.step()
        assert group.messages() == [], "the bot wrote a patient's intake into a group"
        row = await app.db.fetchone("SELECT chat_id FROM patients WHERE alias = 'P-2'")
        assert row is not None and row["chat_id"] in (None, user.id)


async def _patient_with_plan(h: Harness, field: str) -> tuple[SimUser, SimUser]:
    """A linked clinician and an enrolled patient (intake done) who wrote a safety plan."""
    doctor = await _with_clinician(h)
    user = await h.enrol("P-1")
    async with h.app.db.tx() as conn:
        await conn.run("UPDATE checkins SET status = 'completed'")
    user.send("/safetyplan")
    await h.step()
    for _ in range(5):  # warning signs, what helps, people, a safer place, professionals
        user.send(field)
        await h.step()
    assert user.last().text == h.app.t("en", "safety-plan-saved")
    return doctor, user


async def test_long_safety_plan_leaves_the_crisis_reply_unsent(app) -> None:
    async with running(app) as h:
        _, user = await _patient_with_plan(h, "call my sister Ana, then walk the dog " * 25)
        before = len(user.messages())
        user.send("i want to die")
        await h.step()
        assert len(user.messages()) > before, "no crisis reply reached the patient"


async def test_crisis_alert_with_emoji_is_over_telegram_limit(app) -> None:
    async with running(app) as h:
        doctor = await _with_clinician(h)
        user = await h.enrol("P-1")
        user.send("i want to die " + "😭" * 2100)
        await h.step()
        alert = doctor.last().text
        assert "i want to die" in alert
        assert len(alert.encode("utf-16-le")) // 2 <= 4096


async def test_risk_words_just_after_erasure_get_the_crisis_reply_and_no_alert(app) -> None:
    """Found with the taps reversed from the test above: the confirming tap (forged here, on
    a message that never asked; only the patient can send it) erases them, then they write
    risk words in the same batch. They are nobody's patient by then: the crisis reply goes to
    them, the clinician hears only of the erasure, and nothing of what they wrote is kept."""
    async with running(app) as h:
        doctor = await _with_clinician(h)
        user = await h.enrol("P-1")
        seen = len(doctor.messages())
        user.tap_data("z:y", user.messages()[0].message_id)
        user.send("i want to die")
        await h.step()
        crisis = app.t("en", "safety-crisis-reply").split("\n")[0]
        assert any(m.text.startswith(crisis) for m in user.messages()), "no crisis reply"
        erased = app.t("en", "lifecycle-clinician-erased", alias="P-1")
        assert [m.text for m in doctor.messages()[seen:]] == [erased]
        assert not await app.db.fetchall("SELECT id FROM safety_events")
        assert not await app.db.fetchall("SELECT id FROM patient_messages")
