"""TelegramState speaks the Bot API's JSON envelopes, errors and getUpdates semantics."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from bot.sandbox import TelegramState
from tests.timing import GUARD, FrozenTime


@pytest.fixture
def state() -> TelegramState:
    return TelegramState(clock=lambda: 1_772_442_000)


def keyboard(*labels_and_data: tuple[str, str]) -> dict:
    return {"inline_keyboard": [[{"text": t, "callback_data": d} for t, d in labels_and_data]]}


def test_send_message_returns_telegram_message_shape(state: TelegramState) -> None:
    ana = state.user(1001, "Ana", language_code="es")
    ana.start()

    reply = state.call(
        "sendMessage",
        {"chat_id": "1001", "text": "Hola", "reply_markup": json.dumps(keyboard(("Sí", "y")))},
    )

    assert reply == {
        "ok": True,
        "result": {
            "message_id": 2,
            "from": {
                "id": state.bot["id"],
                "is_bot": True,
                "first_name": "Rapport",
                "username": "rapport_test_bot",
            },
            "chat": {"id": 1001, "type": "private", "first_name": "Ana"},
            "date": 1_772_442_000,
            "text": "Hola",
            "reply_markup": keyboard(("Sí", "y")),
        },
    }
    assert ana.texts() == ["Hola"]
    assert ana.buttons() == ["Sí"]
    assert state.calls[-1].method == "sendMessage" and state.calls[-1].ok


def test_user_message_update_shape_and_start_payload_entity(state: TelegramState) -> None:
    ana = state.user(1001, "Ana", language_code="es")

    update = ana.start("inv_abc")

    assert update == {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "from": {"id": 1001, "is_bot": False, "first_name": "Ana", "language_code": "es"},
            "chat": {"id": 1001, "type": "private", "first_name": "Ana"},
            "date": 1_772_442_000,
            "text": "/start inv_abc",
            "entities": [{"type": "bot_command", "offset": 0, "length": len("/start")}],
        },
    }


def test_edit_message_text_keeps_history_and_drops_keyboard_when_omitted(
    state: TelegramState,
) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    sent = state.call(
        "sendMessage", {"chat_id": 1001, "text": "v1", "reply_markup": keyboard(("A", "a"))}
    )
    message_id = sent["result"]["message_id"]

    edited = state.call(
        "editMessageText", {"chat_id": 1001, "message_id": message_id, "text": "v2"}
    )

    assert edited["ok"] and edited["result"]["text"] == "v2"
    assert "reply_markup" not in edited["result"] and "edit_date" in edited["result"]
    last = ana.last()
    assert last.text == "v2" and last.buttons == [] and last.history[0]["text"] == "v1"


def test_edit_errors_not_modified_and_not_found(state: TelegramState) -> None:
    state.user(1001, "Ana").start()
    message_id = state.call("sendMessage", {"chat_id": 1001, "text": "same"})["result"][
        "message_id"
    ]

    same = state.call(
        "editMessageText", {"chat_id": 1001, "message_id": message_id, "text": "same"}
    )
    missing = state.call("editMessageText", {"chat_id": 1001, "message_id": 999, "text": "x"})
    markup = state.call("editMessageReplyMarkup", {"chat_id": 1001, "message_id": message_id})

    assert same["error_code"] == 400
    assert same["description"].startswith("Bad Request: message is not modified: ")
    assert missing["description"] == "Bad Request: message to edit not found"
    assert markup["description"].startswith("Bad Request: message is not modified")


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"text": "x", "reply_markup": keyboard(("A", "a" * 65))}, "BUTTON_DATA_INVALID"),
        ({"text": "x", "reply_markup": keyboard(("A", "é" * 33))}, "BUTTON_DATA_INVALID"),
        ({"text": "x" * 4097}, "message is too long"),
        ({"text": ""}, "message text is empty"),
        ({"text": "x", "chat_id": 424242}, "chat not found"),
        (
            {"text": "1.5", "parse_mode": "MarkdownV2"},
            "can't parse entities: Character '.' "
            "is reserved and must be escaped with the preceding '\\'",
        ),
    ],
)
def test_bad_requests(state: TelegramState, params: dict, description: str) -> None:
    state.user(1001, "Ana").start()

    reply = state.call("sendMessage", {"chat_id": 1001, **params})

    assert reply == {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}


def test_limits_accept_the_boundary(state: TelegramState) -> None:
    state.user(1001, "Ana").start()

    text = state.call(
        "sendMessage",
        {"chat_id": 1001, "text": "x" * 4096, "reply_markup": keyboard(("A", "a" * 64))},
    )
    caption = state.call(
        "sendDocument", {"chat_id": 1001, "document": "https://x/a.pdf", "caption": "c" * 1025}
    )

    assert text["ok"]
    assert caption["description"] == "Bad Request: message caption is too long"


def test_blocked_user_gets_403_and_my_chat_member(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    ana.start()

    update = ana.block()
    reply = state.call("sendMessage", {"chat_id": 1001, "text": "hi"})
    ana.unblock()

    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    assert reply == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    assert state.call("sendMessage", {"chat_id": 1001, "text": "hi"})["ok"]


def test_bot_cannot_write_first(state: TelegramState) -> None:
    state.user(1001, "Ana")

    reply = state.call("sendMessage", {"chat_id": 1001, "text": "hi"})

    assert reply["error_code"] == 403
    assert reply["description"] == "Forbidden: bot can't initiate conversation with a user"


def test_flood_simulation_fails_the_next_sends_with_retry_after(state: TelegramState) -> None:
    state.user(1001, "Ana").start()
    state.simulate_flood(retry_after=3, times=2)

    replies = [state.call("sendMessage", {"chat_id": 1001, "text": str(i)}) for i in range(3)]

    assert replies[0] == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert replies[1]["error_code"] == 429 and replies[2]["ok"]
    assert state.call("getMe")["ok"]  # not a send: never throttled


def test_unknown_method_is_404(state: TelegramState) -> None:
    assert state.call("frobnicate", {}) == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found",
    }


def test_real_but_unmodelled_method_is_501_not_404(state: TelegramState) -> None:
    reply = state.call("sendMediaGroup", {})

    assert reply["error_code"] == 501 and "sendMediaGroup" in reply["description"]


def test_method_names_are_case_insensitive(state: TelegramState) -> None:
    assert state.call("GETME")["result"]["username"] == "rapport_test_bot"


def test_get_updates_redelivers_until_confirmed_by_offset(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    first = ana.send("one")["update_id"]
    ana.send("two")

    again = [state.call("getUpdates", {"offset": 0})["result"] for _ in range(2)]
    confirmed = state.call("getUpdates", {"offset": first + 1})["result"]

    assert [len(batch) for batch in again] == [2, 2]
    assert [u["message"]["text"] for u in confirmed] == ["two"]
    assert state.call("getUpdates", {"offset": first})["result"] == confirmed  # gone for good


def test_restarted_update_ids_fall_below_a_stale_offset(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    for text in ("one", "two", "three"):
        ana.send(text)
    offset = state.call("getUpdates", {})["result"][-1]["update_id"] + 1
    assert state.call("getUpdates", {"offset": offset})["result"] == []

    state.restart_update_ids(2)  # a quiet week later, Telegram numbers updates afresh
    ana.send("lost to the stale offset")
    assert state.call("getUpdates", {"offset": offset})["result"] == []
    ana.send("fetched without one")
    (update,) = state.call("getUpdates", {})["result"]

    assert update["update_id"] == 3 and update["message"]["text"] == "fetched without one"


def test_get_updates_limit_and_allowed_updates(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    state.call("sendMessage", {"chat_id": 1001, "text": "q", "reply_markup": keyboard(("A", "a"))})
    ana.tap("A")
    ana.send("text")

    limited = state.call("getUpdates", {"limit": 1})["result"]
    only_callbacks = state.call("getUpdates", {"allowed_updates": '["callback_query"]'})["result"]

    assert len(limited) == 1
    assert [next(k for k in u if k != "update_id") for u in only_callbacks] == ["callback_query"]


def _poll_in_thread(state: TelegramState, params: dict) -> tuple[threading.Thread, list[dict]]:
    """A getUpdates call from another thread, returned once it waits for updates."""
    results: list[dict] = []
    poller = threading.Thread(target=lambda: results.append(state.call("getUpdates", params)))
    poller.start()
    state.wait_until(lambda: state.waiting_poll() is not None, GUARD)
    return poller, results


def test_long_poll_times_out_with_empty_result() -> None:
    time = FrozenTime()
    state = TelegramState(monotonic=time)
    poller, results = _poll_in_thread(state, {"timeout": 30})

    time.advance(state, 29)
    assert state.waiting_poll() == 0 and not results
    time.advance(state, 1)
    poller.join(GUARD)

    assert results == [{"ok": True, "result": []}]
    assert state.waiting_poll() is None


def test_long_poll_returns_as_soon_as_an_update_arrives() -> None:
    state = TelegramState(monotonic=FrozenTime())  # the poll cannot time out: only the update
    ana = state.user(1001, "Ana")
    poller, results = _poll_in_thread(state, {"timeout": 5})

    ana.send("hello")
    poller.join(GUARD)

    assert results[0]["result"][0]["message"]["text"] == "hello"


def test_a_newer_poll_terminates_the_older_one() -> None:
    state = TelegramState(monotonic=FrozenTime())
    older, results = _poll_in_thread(state, {"timeout": 5})

    state.call("getUpdates", {"timeout": 0})
    older.join(GUARD)

    assert results[0]["error_code"] == 409
    assert "terminated by other getUpdates request" in results[0]["description"]


def test_tap_by_label_queues_callback_query_with_the_button_data(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    state.call(
        "sendMessage", {"chat_id": 1001, "text": "old", "reply_markup": keyboard(("Yes", "v1"))}
    )
    sent = state.call(
        "sendMessage",
        {"chat_id": 1001, "text": "Take it?", "reply_markup": keyboard(("Yes", "y"), ("No", "n"))},
    )

    update = ana.tap("Yes")

    query = update["callback_query"]
    assert query["data"] == "y"
    assert query["from"]["id"] == 1001
    assert query["message"]["message_id"] == sent["result"]["message_id"]
    assert query["chat_instance"] and query["id"]
    assert state.call("answerCallbackQuery", {"callback_query_id": query["id"], "text": "ok"})[
        "ok"
    ]
    assert ana.last_answer() == {"callback_query_id": query["id"], "text": "ok"}
    again = state.call("answerCallbackQuery", {"callback_query_id": query["id"]})
    assert again["error_code"] == 400


def test_tap_unknown_label_lists_what_is_available(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    state.call(
        "sendMessage", {"chat_id": 1001, "text": "q", "reply_markup": keyboard(("Yes", "y"))}
    )

    with pytest.raises(LookupError, match=r"'Maybe'.*\['Yes'\]"):
        ana.tap("Maybe")


def test_commands_per_scope_and_language(state: TelegramState) -> None:
    ana = state.user(1001, "Ana", language_code="es")
    state.call("setMyCommands", {"commands": '[{"command": "start", "description": "Start"}]'})
    state.call(
        "setMyCommands",
        {"commands": [{"command": "ayuda", "description": "Ayuda"}], "language_code": "es"},
    )

    assert ana.menu() == [{"command": "ayuda", "description": "Ayuda"}]
    assert state.user(1002, "Bob").menu() == [{"command": "start", "description": "Start"}]
    assert state.call("getMyCommands", {"language_code": "es"})["result"][0]["command"] == "ayuda"
    assert (
        state.call("setMyCommands", {"commands": [{"command": "Bad", "description": "x"}]})[
            "description"
        ]
        == "Bad Request: BOT_COMMAND_INVALID"
    )
    state.call("deleteMyCommands", {"language_code": "es"})
    assert ana.menu() == [{"command": "start", "description": "Start"}]


def test_delete_message_and_documents(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    files = {"document": ("report.pdf", b"%PDF-1.4", "application/pdf")}
    doc = state.call("sendDocument", {"chat_id": 1001, "caption": "Report"}, files)
    note = state.call("sendMessage", {"chat_id": 1001, "text": "temp"})["result"]

    deleted = state.call("deleteMessage", {"chat_id": 1001, "message_id": note["message_id"]})
    twice = state.call("deleteMessage", {"chat_id": 1001, "message_id": note["message_id"]})

    assert doc["result"]["document"]["file_name"] == "report.pdf"
    assert deleted == {"ok": True, "result": True}
    assert twice["description"] == "Bad Request: message to delete not found"
    assert ana.texts() == ["Report"]
    assert ana.documents()[0].file.content == b"%PDF-1.4"


def test_webhook_blocks_get_updates_until_deleted(state: TelegramState) -> None:
    state.call("setWebhook", {"url": "https://example.org/hook"})

    blocked = state.call("getUpdates", {})
    state.call("deleteWebhook", {"drop_pending_updates": "true"})

    assert blocked["error_code"] == 409
    assert state.call("getUpdates", {})["ok"]


async def test_wait_for_wakes_on_bot_message(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    waiting = asyncio.create_task(state.wait_for(lambda: ana.texts(), timeout=GUARD))
    await asyncio.sleep(0)  # the task has looked once, found nothing, and waits
    threading.Thread(
        target=state.call, args=("sendMessage", {"chat_id": 1001, "text": "hi"})
    ).start()

    assert await waiting == ["hi"]
    with pytest.raises(TimeoutError):
        await state.wait_for(lambda: len(ana.texts()) > 1, timeout=0.05)


def test_wait_for_bot_message_blocks_until_count(state: TelegramState) -> None:
    state.user(1001, "Ana").start()
    threading.Thread(
        target=state.call, args=("sendMessage", {"chat_id": 1001, "text": "hi"})
    ).start()

    sent = state.wait_for_bot_message(1001, count=1, timeout=GUARD)

    assert [m.text for m in sent] == ["hi"]


@pytest.mark.parametrize(
    "markup", ['{"remove_keyboard": true}', {"force_reply": True}, {"keyboard": [["A", "B"]]}]
)
def test_non_inline_markups_are_accepted_but_not_echoed(state: TelegramState, markup) -> None:
    state.user(1001, "Ana").start()

    reply = state.call("sendMessage", {"chat_id": 1001, "text": "x", "reply_markup": markup})

    assert reply["ok"] and "reply_markup" not in reply["result"]
    assert state.user(1001).last().reply_keyboard is not None
