"""ChatStore: the data half of TelegramState (bot, users, chats, messages, files, menus)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.sandbox.shapes import JSONDict, StoredFile, StoredMessage, scope_key, user_json
from bot.sandbox.waiting import Notifier


class NowClock(Protocol):
    """bot.clock.Clock's shape: an object whose now() is an aware datetime."""

    def now(self) -> datetime: ...


SandboxClock = Callable[[], float] | NowClock


class ChatStore(Notifier):
    """Telegram's data, guarded by one RLock; every mutation calls changed()."""

    def __init__(
        self, *, bot_id: int, bot_username: str, bot_first_name: str, clock: SandboxClock
    ) -> None:
        super().__init__()
        self.clock = clock
        self.bot: JSONDict = user_json(bot_id, bot_first_name, is_bot=True, username=bot_username)
        self.users: dict[int, JSONDict] = {}
        self.chats: dict[int, JSONDict] = {}
        self.messages: dict[int, list[StoredMessage]] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[JSONDict]] = {}
        self.blocked: set[int] = set()
        self.started: set[int] = set()  # users who wrote to the bot, so it may write to them
        self.webhook: JSONDict | None = None
        self.callback_queries: dict[str, JSONDict] = {}
        self.callback_answers: dict[str, JSONDict] = {}
        self.settings: dict[str, JSONDict] = {}
        self._next_id = 1  # file ids, callback ids, group ids
        self._next_message_id: dict[int, int] = {}

    def now(self) -> int:
        """Current unix time as Telegram reports it."""
        if isinstance(self.clock, Callable):
            return int(self.clock())
        return int(self.clock.now().timestamp())

    def new_id(self) -> int:
        """A fresh sandbox-wide counter value."""
        with self.lock:
            self._next_id += 1
            return self._next_id

    def add_chat(self, chat: JSONDict) -> None:
        """Register a chat JSON object."""
        with self.lock:
            self.chats[chat["id"]] = chat
            self.messages.setdefault(chat["id"], [])

    def new_message(
        self,
        chat_id: int,
        sender: JSONDict | None,
        fields: JSONDict,
        *,
        outgoing: bool,
        parse_mode: str | None = None,
        source_text: str | None = None,
        file: StoredFile | None = None,
    ) -> StoredMessage:
        """Append a message to a chat, numbering it like Telegram (per chat, from 1)."""
        with self.lock:
            chat = self.chats[chat_id]
            message_id = self._next_message_id.get(chat_id, 0) + 1
            self._next_message_id[chat_id] = message_id
            data: JSONDict = {"message_id": message_id}
            if chat["type"] == "channel":
                data["sender_chat"] = copy.deepcopy(chat)
            elif sender is not None:
                data["from"] = copy.deepcopy(sender)
            data.update(chat=copy.deepcopy(chat), date=self.now(), **copy.deepcopy(fields))
            stored = StoredMessage(data, outgoing, parse_mode=parse_mode, source_text=source_text)
            stored.file = file
            self.messages[chat_id].append(stored)
            self.changed()
            return stored

    def find_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """The live stored message (callers hold the lock when mutating it)."""
        with self.lock:
            for stored in self.messages.get(chat_id, []):
                if stored.message_id == message_id:
                    return stored
            return None

    def chat_messages(
        self, chat_id: int, *, outgoing: bool | None = None, include_deleted: bool = False
    ) -> list[StoredMessage]:
        """Snapshots of a chat's messages in order; outgoing=True means sent by the bot."""
        with self.lock:
            return [
                copy.deepcopy(m)
                for m in self.messages.get(chat_id, [])
                if (outgoing is None or m.outgoing == outgoing)
                and (include_deleted or not m.deleted)
            ]

    def add_file(
        self, filename: str | None, content: bytes, mime_type: str | None, prefix: str = "BQAC"
    ) -> StoredFile:
        """Store a file and give it Telegram-like ids."""
        n = self.new_id()
        stored = StoredFile(
            f"{prefix}sandbox{n:08d}", f"AgAD{n:08d}", filename, content, mime_type
        )
        with self.lock:
            self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        """The stored file served at /file/bot<TOKEN>/<path>."""
        with self.lock:
            return next((f for f in self.files.values() if f.file_path == path), None)

    def menu_for(self, user_id: int, language_code: str = "") -> list[JSONDict]:
        """The command menu a user sees in their private chat, resolved like Telegram."""
        scopes = [
            {"type": "chat", "chat_id": user_id},
            {"type": "all_private_chats"},
            {"type": "default"},
        ]
        with self.lock:
            for scope in scopes:
                for lang in ([language_code] if language_code else []) + [""]:
                    key = (scope_key(scope), lang)
                    if key in self.commands:
                        return copy.deepcopy(self.commands[key])
            return []

    def set_blocked(self, user_id: int, blocked: bool) -> None:
        """Record whether the user has blocked the bot."""
        with self.lock:
            (self.blocked.add if blocked else self.blocked.discard)(user_id)
            self.changed()
