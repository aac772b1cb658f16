"""Bot API method handlers: each takes (state, params, files) and returns the result or raises.

TelegramState.call() holds the state lock around every handler and wraps the result in
Telegram's envelope; getUpdates lives in the state itself because it waits.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.shapes import (
    ApiError,
    Files,
    JSONDict,
    param_bool,
    param_json,
    param_str,
    scope_key,
)

if TYPE_CHECKING:
    from bot.sandbox.state import TelegramState

Handler = Callable[["TelegramState", JSONDict, Files], Any]
HANDLERS: dict[str, Handler] = {}


def handles(*methods: str) -> Callable[[Handler], Handler]:
    """Register a handler; Bot API method names are case-insensitive."""

    def register(func: Handler) -> Handler:
        for method in methods:
            HANDLERS[method.lower()] = func
        return func

    return register


# --- helpers


def chat_id_of(state: TelegramState, params: JSONDict, name: str = "chat_id") -> int:
    """Resolve chat_id given as int, numeric string or @channelusername."""
    value = params.get(name)
    if value is None or value == "":
        raise ApiError.bad_request(f"{name} is empty")
    text = str(value).strip()
    if text.startswith("@"):
        for chat in state.chats.values():
            if chat.get("username", "").lower() == text[1:].lower():
                return int(chat["id"])
        raise ApiError.bad_request("chat not found")
    try:
        chat_id = int(text)
    except ValueError as exc:
        raise ApiError.bad_request("chat not found") from exc
    if chat_id not in state.chats:
        raise ApiError.bad_request("chat not found")
    return chat_id


def check_can_send(state: TelegramState, chat_id: int) -> None:
    """Telegram's 403s for private chats the bot may not write to."""
    if state.chats[chat_id]["type"] != "private":
        return
    if chat_id in state.blocked:
        raise ApiError.forbidden("bot was blocked by the user")
    if chat_id not in state.started:
        raise ApiError.forbidden("bot can't initiate conversation with a user")


# --- methods


@handles("getMe")
def get_me(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """The bot's User object with bot-only flags."""
    return {
        **state.bot,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@handles("logOut", "close")
def accept(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Methods that only need to succeed."""
    return True


@handles("setWebhook")
def set_webhook(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Store the webhook; an empty url removes it."""
    url = param_str(params, "url") or ""
    if param_bool(params, "drop_pending_updates"):
        state.updates.clear()
    state.webhook = (
        {"url": url, **{k: v for k, v in params.items() if k != "url"}} if url else None
    )
    return True


@handles("deleteWebhook")
def delete_webhook(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Remove the webhook, optionally dropping queued updates."""
    if param_bool(params, "drop_pending_updates"):
        state.updates.clear()
    state.webhook = None
    return True


@handles("getWebhookInfo")
def get_webhook_info(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """WebhookInfo for the stored webhook."""
    url = state.webhook["url"] if state.webhook else ""
    return {
        "url": url,
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }


@handles("setMyCommands")
def set_my_commands(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Store the command menu for a scope and language."""
    commands = param_json(params, "commands")
    if not isinstance(commands, list):
        raise ApiError.bad_request("commands is empty")
    if len(commands) > 100:
        raise ApiError.bad_request("too many commands")
    for command in commands:
        if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
            raise ApiError.bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise ApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = (scope_key(param_json(params, "scope")), param_str(params, "language_code") or "")
    if commands:
        state.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        state.commands.pop(key, None)
    return True


@handles("getMyCommands")
def get_my_commands(state: TelegramState, params: JSONDict, files: Files) -> list[JSONDict]:
    """The commands stored for exactly this scope and language."""
    key = (scope_key(param_json(params, "scope")), param_str(params, "language_code") or "")
    return copy.deepcopy(state.commands.get(key, []))


@handles("deleteMyCommands")
def delete_my_commands(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Forget the commands of a scope and language."""
    key = (scope_key(param_json(params, "scope")), param_str(params, "language_code") or "")
    state.commands.pop(key, None)
    return True


@handles("getChat")
def get_chat(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """ChatFullInfo for a known chat."""
    chat = copy.deepcopy(state.chats[chat_id_of(state, params)])
    gifts = dict.fromkeys(
        (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        ),
        False,
    )
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


@handles("getFile")
def get_file(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """File info with the path served under /file/bot<TOKEN>/."""
    file_id = param_str(params, "file_id") or ""
    stored = state.files.get(file_id) or state.files.get(file_id.removesuffix("s"))
    if stored is None:
        raise ApiError.bad_request("invalid file_id")
    return {
        "file_id": file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }


def _setting_handlers(field: str) -> tuple[Handler, Handler]:
    def store(state: TelegramState, params: JSONDict, files: Files) -> bool:
        state.settings[field] = copy.deepcopy(params)
        return True

    def read(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
        return {field: state.settings.get(field, {}).get(field, "")}

    return store, read


for _name, _field in (
    ("MyDescription", "description"),
    ("MyShortDescription", "short_description"),
    ("MyName", "name"),
):
    _store, _read = _setting_handlers(_field)
    handles(f"set{_name}")(_store)
    handles(f"get{_name}")(_read)


@handles("setChatMenuButton")
def set_chat_menu_button(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Store the menu button (per chat_id, or the default one)."""
    key = f"menu_button:{param_str(params, 'chat_id') or ''}"
    state.settings[key] = param_json(params, "menu_button") or {"type": "default"}
    return True


@handles("getChatMenuButton")
def get_chat_menu_button(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """The stored menu button, falling back to the default one, then to "commands"."""
    own = state.settings.get(f"menu_button:{param_str(params, 'chat_id') or ''}")
    return copy.deepcopy(own or state.settings.get("menu_button:") or {"type": "commands"})
