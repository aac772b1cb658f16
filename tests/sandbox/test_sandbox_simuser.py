"""SimUser, groups and channels produce the update shapes Telegram sends."""

from __future__ import annotations

import pytest

from bot.sandbox import TelegramState


@pytest.fixture
def state() -> TelegramState:
    return TelegramState()


def test_private_chat_id_is_the_user_id_and_users_are_reused(state: TelegramState) -> None:
    ana = state.user(1001, "Ana", language_code="es")

    assert ana.chat_id == ana.id == 1001
    assert state.user(1001) is ana
    assert ana.chat == {"id": 1001, "type": "private", "first_name": "Ana"}


def test_media_helpers_produce_realistic_messages(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")

    sticker = ana.send_sticker("🙂")["message"]["sticker"]
    photo = ana.send_photo(caption="rash")["message"]
    location = ana.send_location(40.4, -3.7)["message"]["location"]
    contact = ana.send_contact("+34600000000")["message"]["contact"]
    voice = ana.send_voice(duration=4)["message"]["voice"]
    document = ana.send_document("labs.pdf", b"%PDF", "application/pdf")["message"]["document"]
    forwarded = ana.forward("from my doctor")["message"]

    assert sticker["emoji"] == "🙂" and sticker["type"] == "regular"
    assert photo["caption"] == "rash" and photo["photo"][-1]["width"] > photo["photo"][0]["width"]
    assert location == {"latitude": 40.4, "longitude": -3.7}
    assert contact["user_id"] == 1001 and contact["phone_number"] == "+34600000000"
    assert voice["duration"] == 4 and voice["mime_type"] == "audio/ogg"
    assert document["file_name"] == "labs.pdf"
    assert forwarded["forward_origin"]["type"] == "hidden_user"
    file_info = state.call("getFile", {"file_id": document["file_id"]})["result"]
    assert state.file_by_path(file_info["file_path"]).content == b"%PDF"


def test_edit_queues_edited_message(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    message_id = ana.send("I took 2")["message"]["message_id"]

    update = ana.edit(message_id, "I took 3")

    assert update["edited_message"]["text"] == "I took 3"
    assert update["edited_message"]["message_id"] == message_id
    assert "edit_date" in update["edited_message"]


def test_tap_data_forges_callbacks_and_press_uses_reply_keyboard(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    ana.start()
    state.call(
        "sendMessage",
        {"chat_id": 1001, "text": "Mood?", "reply_markup": {"keyboard": [["Good", "Bad"]]}},
    )

    forged = ana.tap_data("v0:stale")
    pressed = ana.press("Good")

    assert forged["callback_query"]["data"] == "v0:stale"
    assert pressed["message"]["text"] == "Good"
    assert "reply_markup" not in ana.last().data  # reply keyboards never show on the Message
    with pytest.raises(LookupError):
        ana.press("Meh")


def test_group_and_channel_posts(state: TelegramState) -> None:
    ana = state.user(1001, "Ana")
    team = state.group("Clinic team")
    news = state.channel("Clinic news", username="clinic_news")

    added = team.add_bot(by=ana)
    in_group = team.send(ana, "/help@rapport_test_bot")
    post = news.post("Closed on Friday")
    reply = state.call("sendMessage", {"chat_id": "@clinic_news", "text": "Noted"})

    assert added["my_chat_member"]["new_chat_member"]["status"] == "member"
    assert in_group["message"]["chat"]["type"] == "group"
    assert in_group["message"]["entities"][0]["length"] == len("/help@rapport_test_bot")
    assert post["channel_post"]["sender_chat"]["id"] == news.chat_id
    assert "from" not in post["channel_post"]
    assert reply["ok"] and news.texts() == ["Noted"]
