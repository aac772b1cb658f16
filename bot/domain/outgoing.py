"""What the bot sends, as typed values, and the one way they are written to and read from the
outbox.

A message is built once, where its content is decided; storage keeps it as (kind, JSON) and the
sender hands the decoded value to the messenger. The JSON shapes are the outbox's stored format:
rows written by earlier versions decode the same way.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

Button = tuple[str, str]  # (label, callback data)
Keyboard = tuple[tuple[Button, ...], ...]
Rows = Sequence[Sequence[Sequence[str]]]  # what callers build: lists of (label, data) pairs


def buttons(rows: Rows | None) -> Keyboard:
    """Rows of (label, data) pairs as an immutable keyboard."""
    return tuple(tuple((str(b[0]), str(b[1])) for b in row) for row in rows or ())


@dataclass(frozen=True)
class Text:
    text: str
    keyboard: Keyboard = ()
    html: bool = False


@dataclass(frozen=True)
class Edit:
    """A new text (and keyboard) for a message already in the chat."""

    message_id: int
    text: str
    keyboard: Keyboard = ()
    html: bool = False


@dataclass(frozen=True)
class Document:
    filename: str
    data: bytes
    caption: str | None = None


@dataclass(frozen=True)
class Photo:
    data: bytes
    caption: str | None = None


@dataclass(frozen=True)
class Commands:
    """A command menu: for the row's chat, or (chat None) for everyone speaking `language`."""

    commands: tuple[tuple[str, str], ...]
    language: str | None = None


Outgoing = Text | Edit | Document | Photo | Commands

# What happens to a message whose call may or may not have reached Telegram (the process died
# mid-call, or the answer timed out): the row is `ambiguous`. The code that queues a message
# says which of these it is; the sender and the outbox act on it.
#   at_most_once   a repeat would confuse or mislead, so it stays ambiguous: edits (a resent old
#                  edit could overwrite a newer one), replies inside a conversation, digests and
#                  their documents and charts, command menus. The default.
#   at_least_once  a repeat is harmless and a loss is not: check-in invitations and reminders,
#                  crisis and medical replies to the patient (and /sos, the same messages).
#                  Resent once, RESEND_AFTER later.
#   alert          a crisis or medical alert to a clinician or the on-call chat: resent once like
#                  at_least_once, and if it still fails or stays ambiguous it is escalated.
Delivery = Literal["at_most_once", "at_least_once", "alert"]
# Long enough for a call that timed out to have landed or failed for good at Telegram, and for
# a crash-restart loop not to become a resend loop; short for someone in crisis.
RESEND_AFTER = timedelta(seconds=60)
RESENDS = 1


def resendable(delivery: str, resends: int) -> bool:
    """Whether an ambiguous message is sent again rather than left ambiguous."""
    return delivery != "at_most_once" and resends < RESENDS


KINDS: dict[str, type[Outgoing]] = {
    "text": Text,
    "edit": Edit,
    "document": Document,
    "photo": Photo,
    "commands": Commands,
}
_NAMES = {cls: name for name, cls in KINDS.items()}


def kind_of(message: Outgoing) -> str:
    return _NAMES[type(message)]


def encode_message(message: Outgoing) -> tuple[str, str]:
    """(kind, JSON payload) as the outbox stores it."""
    data: dict[str, Any] = dict(message.__dict__)
    if isinstance(message, Document | Photo):
        data["data"] = base64.b64encode(message.data).decode()
    if isinstance(message, Text | Edit):
        data["keyboard"] = [[list(b) for b in row] for row in message.keyboard] or None
    return kind_of(message), json.dumps(data, ensure_ascii=False)


def decode_message(kind: str, payload: str) -> Outgoing:
    """The message a stored row holds; ValueError for a kind or shape it cannot be."""
    cls = KINDS.get(kind)
    data = json.loads(payload)
    if cls is None or not isinstance(data, dict):
        raise ValueError(f"not an outgoing message: {kind}")
    if cls in (Document, Photo):
        data["data"] = base64.b64decode(data["data"])
    if cls in (Text, Edit):
        data["keyboard"] = buttons(data.get("keyboard"))
    if cls is Commands:
        data["commands"] = tuple((str(n), str(d)) for n, d in data["commands"])
    try:
        return cls(**data)
    except TypeError as exc:
        raise ValueError(f"a {kind} message with other fields: {exc}") from None
