"""What services need from the messenger, in Telegram-free terms."""

from __future__ import annotations

from typing import Protocol

# Rows of (label, callback data) buttons.
Keyboard = list[list[tuple[str, str]]]


class SendError(Exception):
    """Base of the ways a send can fail."""


class Blocked(SendError):
    """The user blocked the bot or the chat is gone: nothing more is tried."""


class RetryLater(SendError):
    """Flood control: try again after `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class Transient(SendError):
    """A connection error or a 5xx: the call did not happen, retrying is safe."""


class Ambiguous(SendError):
    """A timeout after the request left: it may have been delivered, so no blind resend."""


class Rejected(SendError):
    """Telegram refused the call (400): retrying the same call cannot help."""


class Messenger(Protocol):
    async def send_text(
        self, chat_id: int, text: str, *, keyboard: Keyboard | None = None, html: bool = False
    ) -> int: ...

    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        keyboard: Keyboard | None = None,
        html: bool = False,
    ) -> None: ...

    async def send_document(
        self, chat_id: int, filename: str, data: bytes, *, caption: str | None = None
    ) -> int: ...

    async def send_photo(
        self, chat_id: int, data: bytes, *, caption: str | None = None
    ) -> int: ...

    async def set_commands(
        self, commands: list[tuple[str, str]], language: str | None, chat_id: int | None = None
    ) -> None: ...
