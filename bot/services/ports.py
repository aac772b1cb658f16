"""What services need from the messenger, in Telegram-free terms."""

from __future__ import annotations

from typing import Protocol

from bot.domain.outgoing import Outgoing


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
    async def send(self, chat_id: int | None, message: Outgoing) -> int | None:
        """Make the call; the new message's id when it created one.

        `chat_id` is None only for a command menu meant for everyone (no chat scope).
        """
        ...
