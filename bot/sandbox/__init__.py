"""A fake Telegram Bot API for tests and the demo: one state, in-process and HTTP transports.

    state = TelegramState()
    ana = state.user(1001, "Ana", language_code="es")
    app = (Application.builder().token("123:ABC")
           .request(SandboxRequest(state)).get_updates_request(SandboxRequest(state)).build())
    # or over HTTP: with SandboxServer(state, token="123:ABC") as server: ... server.base_url
    ana.start("invite-code")
    await state.wait_for(lambda: ana.messages())
    ana.tap("Yes")

Like Telegram, the bot can only write to users who wrote to it first (403 otherwise).
TelegramState(limits=TELEGRAM) also enforces Telegram's flood limits (429 retry_after), and
SandboxServer(state, latency_ms=100) adds a network round trip to every call.
"""

from bot.sandbox.chats import ChatView, SimChannel, SimGroup
from bot.sandbox.limits import TELEGRAM, Limits
from bot.sandbox.request import SandboxRequest, sandbox_bot
from bot.sandbox.server import SandboxServer
from bot.sandbox.shapes import StoredFile, StoredMessage
from bot.sandbox.state import ApiCall, TelegramState
from bot.sandbox.user import SimUser

__all__ = [
    "ApiCall",
    "ChatView",
    "Limits",
    "SandboxRequest",
    "SandboxServer",
    "SimChannel",
    "SimGroup",
    "SimUser",
    "StoredFile",
    "StoredMessage",
    "TELEGRAM",
    "TelegramState",
    "sandbox_bot",
]
