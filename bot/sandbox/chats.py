"""Reading a chat as a participant sees it, plus simulated groups and channels."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from bot.sandbox.shapes import (
    JSONDict,
    StoredMessage,
    command_entities,
    inline_buttons,
    member_json,
)

if TYPE_CHECKING:
    from bot.sandbox.state import TelegramState
    from bot.sandbox.user import SimUser


class ChatView:
    """Read what the bot sent to one chat."""

    def __init__(self, state: TelegramState, chat_id: int) -> None:
        self.state = state
        self.chat_id = chat_id

    @property
    def chat(self) -> JSONDict:
        """The Chat JSON object."""
        return copy.deepcopy(self.state.chats[self.chat_id])

    def messages(self, include_deleted: bool = False) -> list[StoredMessage]:
        """Bot messages in this chat, in order, as they look now (after edits)."""
        return self.state.chat_messages(
            self.chat_id, outgoing=True, include_deleted=include_deleted
        )

    def all_messages(self) -> list[StoredMessage]:
        """Every visible message in the chat, from the bot and from users."""
        return self.state.chat_messages(self.chat_id)

    def last(self) -> StoredMessage:
        """The most recent visible bot message; LookupError if the bot sent nothing."""
        messages = self.messages()
        if not messages:
            raise LookupError(f"the bot has sent no messages to chat {self.chat_id}")
        return messages[-1]

    def texts(self) -> list[str]:
        """Text (or caption) of every visible bot message."""
        return [m.text for m in self.messages()]

    def buttons(self, message: StoredMessage | int | None = None) -> list[str]:
        """Inline button labels of a message (default: the last bot message)."""
        if message is None:
            return self.last().buttons
        if isinstance(message, int):
            return self._bot_message(message).buttons
        return message.buttons

    def documents(self) -> list[StoredMessage]:
        """Bot messages carrying a document; the bytes are on `.file`."""
        return [m for m in self.messages() if "document" in m.data]

    def photos(self) -> list[StoredMessage]:
        """Bot messages carrying a photo; the bytes are on `.file`."""
        return [m for m in self.messages() if "photo" in m.data]

    def _bot_message(self, message_id: int) -> StoredMessage:
        for message in self.messages():
            if message.message_id == message_id:
                return message
        raise LookupError(f"no visible bot message {message_id} in chat {self.chat_id}")

    def _incoming(self, sender: JSONDict | None, fields: JSONDict) -> JSONDict:
        """Store a message written by a user (or a channel post) and queue its update."""
        stored = self.state.new_message(self.chat_id, sender, fields, outgoing=False)
        kind = "channel_post" if self.chat["type"] == "channel" else "message"
        if sender is not None and self.chat["type"] == "private":
            with self.state.lock:
                self.state.started.add(sender["id"])
        return self.state.enqueue(kind, stored.data)

    def _text_fields(self, text: str) -> JSONDict:
        fields: JSONDict = {"text": text}
        if entities := command_entities(text):
            fields["entities"] = entities
        return fields

    def _callback(self, sender: JSONDict, message: StoredMessage, data: str) -> JSONDict:
        with self.state.lock:
            shown = copy.deepcopy(message.data)
        return self._query(sender, shown, data)

    def _query(self, sender: JSONDict, shown: JSONDict, data: str) -> JSONDict:
        query_id = str(4_000_000_000_000_000 + self.state.new_id())
        query = {
            "id": query_id,
            "from": copy.deepcopy(sender),
            "message": shown,
            "chat_instance": str(abs(self.chat_id) * 7919 + 4_200_000_000_000),
            "data": data,
        }
        with self.state.lock:
            self.state.callback_queries[query_id] = query
        return self.state.enqueue("callback_query", query)

    def _tap(self, sender: JSONDict, label: str, message_id: int | None) -> JSONDict:
        with self.state.lock:
            shown, data = self._button(label, message_id)
        return self._query(sender, shown, data)

    def _button(self, label: str, message_id: int | None) -> tuple[JSONDict, str]:
        """The message showing the button (a copy) and its data. Reads the live messages, not
        `messages()`: that copies the whole chat with every edit's history, so each tap would
        cost more than the last in a long conversation."""
        live = [
            m
            for m in reversed(self.state.messages.get(self.chat_id, []))
            if m.outgoing and not m.deleted
        ]
        if message_id is None:
            candidates = [m for m in live if m.buttons]
        elif not (candidates := [m for m in live if m.message_id == message_id][:1]):
            raise LookupError(f"no visible bot message {message_id} in chat {self.chat_id}")
        for message in candidates:
            for button in inline_buttons(message.reply_markup):
                if button["text"] != label:
                    continue
                if "callback_data" not in button:
                    raise LookupError(f"button {label!r} has no callback_data: {button}")
                return copy.deepcopy(message.data), button["callback_data"]
        shown = "; ".join(f"message {m.message_id}: {m.buttons}" for m in candidates[:3])
        raise LookupError(
            f"no inline button {label!r} in chat {self.chat_id}; available: "
            f"{shown or 'no inline keyboards'}"
        )


class SimGroup(ChatView):
    """A group or supergroup the bot is in; users post into it."""

    def send(self, user: SimUser, text: str) -> JSONDict:
        """A group message from the user."""
        return self._incoming(user.user, self._text_fields(text))

    def tap(self, user: SimUser, label: str, message_id: int | None = None) -> JSONDict:
        """The user taps an inline button on a bot message in this group."""
        return self._tap(user.user, label, message_id)

    def add_bot(self, by: SimUser | None = None, status: str = "member") -> JSONDict:
        """Someone adds the bot; queues my_chat_member (left -> status)."""
        return self._bot_member(by, "left", status)

    def remove_bot(self, by: SimUser | None = None) -> JSONDict:
        """Someone removes the bot; queues my_chat_member (member -> left)."""
        return self._bot_member(by, "member", "left")

    def _bot_member(self, by: SimUser | None, old: str, new: str) -> JSONDict:
        date = self.state.now()
        actor: dict[str, Any] = (
            by.user if by else {"id": 777000, "is_bot": False, "first_name": "Telegram"}
        )
        return self.state.enqueue(
            "my_chat_member",
            {
                "chat": self.chat,
                "from": actor,
                "date": date,
                "old_chat_member": member_json(self.state.bot, old, date),
                "new_chat_member": member_json(self.state.bot, new, date),
            },
        )


class SimChannel(ChatView):
    """A channel where the bot is an administrator."""

    def post(self, text: str) -> JSONDict:
        """Publish a channel post; queues a channel_post update."""
        return self._incoming(None, self._text_fields(text))
