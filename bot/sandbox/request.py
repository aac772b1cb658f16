"""SandboxRequest: a PTB request backend that answers Bot API calls from a TelegramState."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from telegram import Bot
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.sandbox.shapes import Files

if TYPE_CHECKING:
    from bot.sandbox.state import TelegramState

_FILE_NOT_FOUND = b'{"ok":false,"error_code":404,"description":"Not Found: file not found"}'


class SandboxRequest(BaseRequest):
    """In-process transport: PTB's Bot talks to the sandbox without sockets."""

    def __init__(self, state: TelegramState, read_timeout: float | None = 5.0) -> None:
        self.state = state
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout PTB adds to getUpdates' long-poll timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer with the (status, JSON body) Telegram would send."""
        path = unquote(urlsplit(url).path)
        if "/file/bot" in path:
            stored = self.state.file_by_path(path.split("/", 3)[-1])
            return (200, stored.content) if stored else (404, _FILE_NOT_FOUND)
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        files = _files(request_data) if request_data else {}
        method = path.rsplit("/", 1)[-1]
        envelope = await self.state.acall(method, params, files)
        if envelope.get("ok") and self.state.reply_lost(method, params):
            raise TimedOut("the sandbox lost the answer on purpose")
        status = 200 if envelope.get("ok") else int(envelope["error_code"])
        return status, json.dumps(envelope).encode()


def _files(request_data: RequestData) -> Files:
    files: Files = {}
    for name, spec in request_data.multipart_data.items():
        filename, content = spec[0], spec[1]
        mime = spec[2] if len(spec) > 2 else None  # type: ignore[misc]
        data = content.read() if hasattr(content, "read") else content
        files[name] = (filename, bytes(data), mime)
    return files


def sandbox_bot(state: TelegramState, token: str = "123:ABC", **kwargs: Any) -> Bot:
    """A PTB Bot wired to the state for both ordinary calls and getUpdates."""
    return Bot(
        token,
        request=SandboxRequest(state),
        get_updates_request=SandboxRequest(state),
        **kwargs,
    )
