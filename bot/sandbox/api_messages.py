"""Bot API message methods: send, edit, delete, answer callbacks."""

from __future__ import annotations

import copy
import mimetypes
from typing import TYPE_CHECKING

from bot.sandbox.api import chat_id_of, check_can_send, handles
from bot.sandbox.formatting import parse
from bot.sandbox.shapes import (
    MAX_CAPTION,
    MAX_TEXT,
    ApiError,
    Files,
    JSONDict,
    StoredFile,
    StoredMessage,
    param_bool,
    param_int,
    param_json,
    param_str,
    validate_markup,
)

if TYPE_CHECKING:
    from bot.sandbox.state import TelegramState

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def formatted(
    params: JSONDict, field: str, limit: int, too_long: str
) -> tuple[str, list[JSONDict], str | None, str]:
    """Parse text or caption with its parse_mode: (plain, entities, parse_mode, source)."""
    source = param_str(params, field) or ""
    parse_mode = param_str(params, "parse_mode")
    explicit = param_json(params, "entities" if field == "text" else "caption_entities")
    plain, entities = (source, list(explicit)) if explicit else parse(source, parse_mode)
    if field == "text" and not plain.strip():
        raise ApiError.bad_request("message text is empty")
    if len(plain) > limit:
        raise ApiError.bad_request(too_long)
    return plain, entities, parse_mode, source


def text_fields(plain: str, entities: list[JSONDict], field: str = "text") -> JSONDict:
    """The text/caption part of a Message object."""
    if not plain:
        return {}
    fields: JSONDict = {field: plain}
    if entities:
        fields["entities" if field == "text" else "caption_entities"] = entities
    return fields


def _send(
    state: TelegramState,
    params: JSONDict,
    fields: JSONDict,
    *,
    parse_mode: str | None = None,
    source: str | None = None,
    file: StoredFile | None = None,
) -> JSONDict:
    chat_id = chat_id_of(state, params)
    markup = validate_markup(param_json(params, "reply_markup"))
    check_can_send(state, chat_id)
    content = dict(fields)
    if markup and "inline_keyboard" in markup:  # only inline keyboards appear on the Message
        content["reply_markup"] = markup
    reply_to = _reply_target(state, chat_id, params)
    if reply_to is not None:
        content["reply_to_message"] = {
            k: v for k, v in reply_to.data.items() if k != "reply_to_message"
        }
    if param_bool(params, "protect_content"):
        content["has_protected_content"] = True
    stored = state.new_message(
        chat_id,
        state.bot,
        content,
        outgoing=True,
        parse_mode=parse_mode,
        source_text=source,
        file=file,
    )
    if markup and "inline_keyboard" not in markup:
        stored.reply_keyboard = markup
    return copy.deepcopy(stored.data)


def _reply_target(state: TelegramState, chat_id: int, params: JSONDict) -> StoredMessage | None:
    reply = param_json(params, "reply_parameters") or {}
    message_id = param_int(reply, "message_id") or param_int(params, "reply_to_message_id")
    if not message_id:
        return None
    target = state.find_message(chat_id, message_id)
    if target is None or target.deleted:
        if param_bool(reply, "allow_sending_without_reply") or param_bool(
            params, "allow_sending_without_reply"
        ):
            return None
        raise ApiError.bad_request("message to be replied not found")
    return target


def _input_file(
    state: TelegramState, params: JSONDict, files: Files, name: str, prefix: str
) -> StoredFile:
    value = params.get(name)
    if name in files:
        filename, content, mime = files[name]
    elif isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
        filename, content, mime = files[value[9:]]
    elif isinstance(value, str) and value in state.files:
        return state.files[value]
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        filename, content, mime = value.rsplit("/", 1)[-1] or None, b"", None
    elif value is None:
        raise ApiError.bad_request(f"there is no {name} in the request")
    else:
        raise ApiError.bad_request("wrong file identifier/HTTP URL specified")
    mime = mime or (mimetypes.guess_type(filename)[0] if filename else None)
    return state.add_file(filename, content, mime, prefix)


def _editable(state: TelegramState, params: JSONDict) -> StoredMessage:
    if params.get("inline_message_id"):
        raise ApiError.bad_request("message to edit not found")  # inline mode is not modelled
    chat_id = chat_id_of(state, params)
    message_id = param_int(params, "message_id")
    if message_id is None:
        raise ApiError.bad_request("message identifier is not specified")
    stored = state.find_message(chat_id, message_id)
    if stored is None or stored.deleted:
        raise ApiError.bad_request("message to edit not found")
    if not stored.outgoing:
        raise ApiError.bad_request("message can't be edited")
    return stored


def _apply_edit(state: TelegramState, stored: StoredMessage, changes: JSONDict) -> JSONDict:
    if changes.get("reply_markup") and "inline_keyboard" not in changes["reply_markup"]:
        raise ApiError.bad_request("inline keyboard expected")
    new = {k: v for k, v in {**stored.data, **changes}.items() if v is not None}
    if new == stored.data:
        raise ApiError.bad_request(NOT_MODIFIED)
    stored.history.append(copy.deepcopy(stored.data))
    stored.data = {**new, "edit_date": state.now()}
    return copy.deepcopy(stored.data)


@handles("sendChatAction")
def send_chat_action(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Show "typing..." and the like; fails like a send would."""
    check_can_send(state, chat_id_of(state, params))
    return True


@handles("sendMessage")
def send_message(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """Send a text message."""
    plain, entities, mode, source = formatted(params, "text", MAX_TEXT, "message is too long")
    fields = text_fields(plain, entities)
    preview = param_json(params, "link_preview_options")
    if preview:
        fields["link_preview_options"] = preview
    return _send(state, params, fields, parse_mode=mode, source=source)


@handles("sendPhoto")
def send_photo(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """Send a photo (upload, file_id or URL) with an optional caption."""
    plain, entities, mode, source = formatted(
        params, "caption", MAX_CAPTION, "message caption is too long"
    )
    stored = _input_file(state, params, files, "photo", "AgAC")
    return _send(
        state,
        params,
        {"photo": photo_sizes(stored), **text_fields(plain, entities, "caption")},
        parse_mode=mode,
        source=source,
        file=stored,
    )


@handles("sendDocument")
def send_document(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """Send a document (upload, file_id or URL) with an optional caption."""
    plain, entities, mode, source = formatted(
        params, "caption", MAX_CAPTION, "message caption is too long"
    )
    stored = _input_file(state, params, files, "document", "BQAC")
    fields = {"document": document_json(stored), **text_fields(plain, entities, "caption")}
    return _send(state, params, fields, parse_mode=mode, source=source, file=stored)


def photo_sizes(stored: StoredFile) -> list[JSONDict]:
    """PhotoSize list Telegram returns for a photo (a thumbnail and the full size)."""
    size = len(stored.content)
    small = {
        "file_id": stored.file_id + "s",
        "file_unique_id": stored.file_unique_id + "s",
        "width": 90,
        "height": 90,
        "file_size": min(size, 1500),
    }
    full = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": 800,
        "height": 800,
        "file_size": size,
    }
    return [small, full]


def document_json(stored: StoredFile) -> JSONDict:
    """A Document object."""
    doc: JSONDict = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }
    if stored.filename:
        doc["file_name"] = stored.filename
    if stored.mime_type:
        doc["mime_type"] = stored.mime_type
    return doc


@handles("editMessageText")
def edit_message_text(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """Edit a bot message's text; omitting reply_markup removes the inline keyboard."""
    plain, entities, mode, source = formatted(params, "text", MAX_TEXT, "message is too long")
    markup = validate_markup(param_json(params, "reply_markup"))
    stored = _editable(state, params)
    if "text" not in stored.data:
        raise ApiError.bad_request("there is no text in the message to edit")
    changes = {"text": plain, "entities": entities or None, "reply_markup": markup}
    result = _apply_edit(state, stored, changes)
    stored.parse_mode, stored.source_text = mode, source
    return result


@handles("editMessageCaption")
def edit_message_caption(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """Edit the caption of a bot photo/document message."""
    plain, entities, mode, source = formatted(
        params, "caption", MAX_CAPTION, "message caption is too long"
    )
    markup = validate_markup(param_json(params, "reply_markup"))
    stored = _editable(state, params)
    changes = {
        "caption": plain or None,
        "caption_entities": entities or None,
        "reply_markup": markup,
    }
    result = _apply_edit(state, stored, changes)
    stored.parse_mode, stored.source_text = mode, source
    return result


@handles("editMessageReplyMarkup")
def edit_message_reply_markup(state: TelegramState, params: JSONDict, files: Files) -> JSONDict:
    """Replace or remove a bot message's inline keyboard."""
    markup = validate_markup(param_json(params, "reply_markup"))
    stored = _editable(state, params)
    return _apply_edit(state, stored, {"reply_markup": markup})


@handles("deleteMessage")
def delete_message(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Mark a message deleted."""
    chat_id = chat_id_of(state, params)
    stored = state.find_message(chat_id, param_int(params, "message_id") or 0)
    if stored is None or stored.deleted:
        raise ApiError.bad_request("message to delete not found")
    stored.deleted = True
    return True


@handles("deleteMessages")
def delete_messages(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Mark several messages deleted, skipping ones that are gone."""
    chat_id = chat_id_of(state, params)
    for message_id in param_json(params, "message_ids") or []:
        stored = state.find_message(chat_id, int(message_id))
        if stored is not None:
            stored.deleted = True
    return True


@handles("answerCallbackQuery")
def answer_callback_query(state: TelegramState, params: JSONDict, files: Files) -> bool:
    """Record the answer to a callback query; each query can be answered once."""
    query_id = param_str(params, "callback_query_id") or ""
    if query_id not in state.callback_queries or query_id in state.callback_answers:
        raise ApiError.bad_request(
            "query is too old and response timeout expired or query ID is invalid"
        )
    state.callback_answers[query_id] = copy.deepcopy(params)
    return True
