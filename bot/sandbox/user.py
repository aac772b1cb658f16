"""SimUser: a simulated Telegram user talking to the bot in a private chat."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from bot.sandbox.api_messages import document_json, photo_sizes
from bot.sandbox.chats import ChatView
from bot.sandbox.shapes import JSONDict, StoredMessage, member_json

if TYPE_CHECKING:
    from bot.sandbox.state import TelegramState

_OGG = b"OggS\x00\x02" + bytes(26)
_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(32) + b"\xff\xd9"


class SimUser(ChatView):
    """A Telegram user talking to the bot in their private chat (chat id == user id)."""

    def __init__(self, state: TelegramState, user_id: int) -> None:
        super().__init__(state, user_id)
        self.id = user_id

    @property
    def user(self) -> JSONDict:
        """The User JSON object."""
        return copy.deepcopy(self.state.users[self.id])

    @property
    def first_name(self) -> str:
        """The user's first name."""
        return str(self.user["first_name"])

    @property
    def language_code(self) -> str | None:
        """The user's Telegram language."""
        return self.user.get("language_code")

    def send(self, text: str, *, reply_to: int | None = None) -> JSONDict:
        """Send a text message to the bot; returns the queued update."""
        fields = self._text_fields(text)
        if reply_to is not None:
            fields["reply_to_message"] = self._any_message(reply_to).data
        return self._incoming(self.user, fields)

    def send_command(self, command: str, args: str = "") -> JSONDict:
        """Send "/command args"."""
        text = "/" + command.lstrip("/") + (f" {args}" if args else "")
        return self.send(text)

    def start(self, payload: str | None = None) -> JSONDict:
        """Press Start, optionally from a t.me/<bot>?start=PAYLOAD deep link."""
        return self.send(f"/start {payload}" if payload else "/start")

    def tap(self, label: str, message_id: int | None = None) -> JSONDict:
        """Tap the inline button with this visible label (on the newest message that has it)."""
        return self._tap(self.user, label, message_id)

    def tap_data(self, data: str, message_id: int | None = None) -> JSONDict:
        """Send a callback_query with arbitrary data, as a forged or stale client could."""
        message = self._bot_message(message_id) if message_id is not None else self.last()
        return self._callback(self.user, message, data)

    def press(self, label: str) -> JSONDict:
        """Press a reply-keyboard button: Telegram sends its label as a text message."""
        for message in reversed(self.messages(include_deleted=True)):
            if message.reply_keyboard is None:
                continue
            rows = message.reply_keyboard.get("keyboard", [])
            if any(button["text"] == label for row in rows for button in row):
                return self.send(label)
            break
        raise LookupError(f"no reply keyboard button {label!r} is shown to user {self.id}")

    def last_answer(self) -> JSONDict | None:
        """The bot's answerCallbackQuery params for this user's most recent tap."""
        with self.state.lock:
            mine = [q for q in self.state.callback_queries.values() if q["from"]["id"] == self.id]
            return copy.deepcopy(self.state.callback_answers.get(mine[-1]["id"])) if mine else None

    def menu(self) -> list[JSONDict]:
        """The command menu this user sees, resolved by scope and language."""
        return self.state.menu_for(self.id, self.language_code or "")

    def block(self) -> JSONDict:
        """Block the bot; queues the my_chat_member update (status "kicked")."""
        self.state.set_blocked(self.id, True)
        return self._member_update("member", "kicked")

    def unblock(self) -> JSONDict:
        """Unblock the bot; queues the my_chat_member update (status "member")."""
        self.state.set_blocked(self.id, False)
        return self._member_update("kicked", "member")

    def _member_update(self, old: str, new: str) -> JSONDict:
        date = self.state.now()
        return self.state.enqueue(
            "my_chat_member",
            {
                "chat": self.chat,
                "from": self.user,
                "date": date,
                "old_chat_member": member_json(self.state.bot, old, date),
                "new_chat_member": member_json(self.state.bot, new, date),
            },
        )

    def edit(self, message_id: int, text: str) -> JSONDict:
        """Edit one of this user's own messages; queues an edited_message update."""
        stored = self.state.find_message(self.chat_id, message_id)
        if stored is None or stored.outgoing or stored.deleted:
            raise LookupError(f"user {self.id} has no message {message_id} to edit")
        with self.state.lock:
            stored.history.append(copy.deepcopy(stored.data))
            stored.data = {k: v for k, v in stored.data.items() if k != "entities"}
            stored.data.update(self._text_fields(text), edit_date=self.state.now())
            return self.state.enqueue("edited_message", stored.data)

    def send_sticker(self, emoji: str = "👍") -> JSONDict:
        """Send a regular sticker."""
        stored = self.state.add_file(
            "sticker.webp", b"RIFF\x00\x00\x00\x00WEBP", "image/webp", "CAAC"
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.content),
        }
        return self._incoming(self.user, {"sticker": sticker})

    def send_photo(self, content: bytes = _JPEG, caption: str | None = None) -> JSONDict:
        """Send a photo (the bot can download `content` via getFile)."""
        stored = self.state.add_file("photo.jpg", content, "image/jpeg", "AgAC")
        return self._incoming(self.user, {"photo": photo_sizes(stored), **_caption(caption)})

    def send_document(
        self,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> JSONDict:
        """Send a file as a document."""
        stored = self.state.add_file(filename, content, mime_type, "BQAC")
        return self._incoming(self.user, {"document": document_json(stored), **_caption(caption)})

    def send_voice(self, duration: int = 3, content: bytes = _OGG) -> JSONDict:
        """Send a voice note."""
        stored = self.state.add_file("voice.ogg", content, "audio/ogg", "AwAC")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._incoming(self.user, {"voice": voice})

    def send_location(self, latitude: float, longitude: float) -> JSONDict:
        """Share a location."""
        return self._incoming(
            self.user, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    def send_contact(
        self, phone_number: str, first_name: str | None = None, user_id: int | None = None
    ) -> JSONDict:
        """Share a contact (default: the user's own, which carries their user_id)."""
        contact: JSONDict = {
            "phone_number": phone_number,
            "first_name": first_name or self.first_name,
        }
        if user_id is not None or first_name is None:
            contact["user_id"] = user_id if user_id is not None else self.id
        return self._incoming(self.user, {"contact": contact})

    def forward(
        self, text: str, from_name: str = "Someone", from_user: JSONDict | None = None
    ) -> JSONDict:
        """Forward a text message written by someone else (hidden or visible sender)."""
        date = self.state.now() - 3600
        origin: JSONDict = (
            {"type": "user", "date": date, "sender_user": from_user}
            if from_user
            else {"type": "hidden_user", "date": date, "sender_user_name": from_name}
        )
        return self._incoming(self.user, {"forward_origin": origin, "text": text})

    def _any_message(self, message_id: int) -> StoredMessage:
        for message in self.all_messages():
            if message.message_id == message_id:
                return message
        raise LookupError(f"no message {message_id} in chat {self.chat_id}")


def _caption(caption: str | None) -> JSONDict:
    return {"caption": caption} if caption else {}
