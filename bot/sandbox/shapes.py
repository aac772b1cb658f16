"""Telegram JSON shapes, API errors, parameter coercion and stored records for the sandbox."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]
# multipart uploads: field name -> (filename, content, mime type)
Files = dict[str, tuple[str | None, bytes, str | None]]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64


class ApiError(Exception):
    """A Bot API failure that becomes Telegram's {"ok": false, ...} envelope."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    @classmethod
    def bad_request(cls, what: str) -> ApiError:
        """400 with Telegram's "Bad Request: " prefix."""
        return cls(400, f"Bad Request: {what}")

    @classmethod
    def forbidden(cls, what: str) -> ApiError:
        """403 with Telegram's "Forbidden: " prefix."""
        return cls(403, f"Forbidden: {what}")

    def envelope(self) -> JSONDict:
        """Telegram's error envelope."""
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


NOT_FOUND: JSONDict = {"ok": False, "error_code": 404, "description": "Not Found"}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for entity offsets."""
    return len(text.encode("utf-16-le")) // 2


# --- parameter coercion: values arrive JSON-decoded or as strings (form data, query strings)


def param_json(params: JSONDict, name: str) -> Any:
    """A complex parameter (reply_markup, entities, scope...), decoding JSON strings."""
    value = params.get(name)
    if isinstance(value, str | bytes):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise ApiError.bad_request(f"can't parse {name} JSON object") from exc
    return value


def param_int(params: JSONDict, name: str, default: int | None = None) -> int | None:
    """An integer parameter; missing gives default, garbage gives Telegram's 400."""
    return _number(params, name, default, int)


def param_float(params: JSONDict, name: str, default: float) -> float:
    """A number parameter such as a timeout."""
    return _number(params, name, default, float)


def _number(params: JSONDict, name: str, default: Any, kind: Callable[[Any], Any]) -> Any:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ApiError.bad_request(f"invalid {name} specified") from exc


def param_bool(params: JSONDict, name: str) -> bool:
    """A boolean parameter given as bool or "true"/"false"."""
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def param_str(params: JSONDict, name: str) -> str | None:
    """A string parameter."""
    value = params.get(name)
    return None if value is None else str(value)


def scope_key(scope: Any) -> str:
    """A canonical key for a BotCommandScope (chat_id may arrive as a string)."""
    scope = dict(scope or {"type": "default"})
    if "chat_id" in scope and re.fullmatch(r"-?\d+", str(scope["chat_id"])):
        scope["chat_id"] = int(scope["chat_id"])
    return json.dumps(scope, sort_keys=True)


# --- JSON builders


def user_json(
    user_id: int,
    first_name: str,
    *,
    is_bot: bool = False,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
) -> JSONDict:
    """A Telegram User object."""
    user: JSONDict = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        user["last_name"] = last_name
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def private_chat_json(user: JSONDict) -> JSONDict:
    """The private Chat with a user; its id equals the user id."""
    chat: JSONDict = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if user.get(key):
            chat[key] = user[key]
    return chat


def command_entities(text: str) -> list[JSONDict]:
    """The bot_command entity Telegram adds when a message starts with "/"."""
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


def member_json(user: JSONDict, status: str, date: int) -> JSONDict:
    """A ChatMember object with the given status."""
    member: JSONDict = {"user": user, "status": status}
    if status == "kicked":
        member["until_date"] = 0
    if status == "administrator":
        member.update(can_be_edited=False, is_anonymous=False, can_manage_chat=True)
        member.update(can_delete_messages=True, can_manage_video_chats=False)
        member.update(can_restrict_members=False, can_promote_members=False)
        member.update(can_change_info=False, can_invite_users=True, can_post_stories=False)
        member.update(can_edit_stories=False, can_delete_stories=False, can_post_messages=True)
    return member


def validate_markup(markup: Any) -> JSONDict | None:
    """Check a reply_markup like Telegram does and normalize it to its JSON shape."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError.bad_request("can't parse inline keyboard button: field must be array")
        for row in rows:
            for button in row:
                _validate_inline_button(button)
        return {"inline_keyboard": [[dict(b) for b in row] for row in rows]}
    if "keyboard" in markup:
        rows = [
            [{"text": b} if isinstance(b, str) else dict(b) for b in row]
            for row in markup["keyboard"]
        ]
        return {**markup, "keyboard": rows}
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return dict(markup)
    raise ApiError.bad_request('can\'t find field "inline_keyboard"')


_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "pay",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "copy_text",
)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise ApiError.bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not button["text"]:
        raise ApiError.bad_request("BUTTON_TEXT_INVALID")
    if not any(key in button for key in _BUTTON_ACTIONS):
        raise ApiError.bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA:
        raise ApiError.bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not str(button["url"]).strip():
        raise ApiError.bad_request("BUTTON_URL_INVALID")


def inline_buttons(markup: JSONDict | None) -> list[JSONDict]:
    """The inline keyboard buttons of a reply_markup, row by row."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [button for row in markup["inline_keyboard"] for button in row]


# --- stored records


@dataclass
class StoredFile:
    """A file Telegram holds: uploaded by the bot or sent by a user."""

    file_id: str
    file_unique_id: str
    filename: str | None
    content: bytes
    mime_type: str | None = None

    @property
    def file_path(self) -> str:
        """The path getFile reports and /file/bot<TOKEN>/<path> serves."""
        return f"files/{self.file_unique_id}/{self.filename or 'file'}"


@dataclass
class StoredMessage:
    """One message in a chat, as Telegram holds it, plus sandbox bookkeeping."""

    data: JSONDict
    outgoing: bool
    deleted: bool = False
    history: list[JSONDict] = field(default_factory=list)
    parse_mode: str | None = None
    source_text: str | None = None
    file: StoredFile | None = None
    reply_keyboard: JSONDict | None = None  # reply keyboard / remove / force_reply as sent

    @property
    def message_id(self) -> int:
        """The Telegram message_id."""
        return int(self.data["message_id"])

    @property
    def chat_id(self) -> int:
        """The id of the chat the message is in."""
        return int(self.data["chat"]["id"])

    @property
    def text(self) -> str:
        """Current text, or caption for media; "" if neither."""
        return self.data.get("text") or self.data.get("caption") or ""

    @property
    def reply_markup(self) -> JSONDict | None:
        """The current reply_markup, if any."""
        return self.data.get("reply_markup")

    @property
    def buttons(self) -> list[str]:
        """Visible labels of the inline keyboard, row by row."""
        return [b["text"] for b in inline_buttons(self.reply_markup)]

    @property
    def keyboard(self) -> list[list[str]]:
        """Inline keyboard labels kept in their rows."""
        markup = self.reply_markup or {}
        return [[b["text"] for b in row] for row in markup.get("inline_keyboard", [])]

    def callback_data(self, label: str) -> str | None:
        """The callback_data behind a visible label, if the button exists."""
        for button in inline_buttons(self.reply_markup):
            if button["text"] == label:
                return button.get("callback_data")
        return None
