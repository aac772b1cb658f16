"""SandboxServer: the sandbox Bot API over real loopback HTTP (stdlib only)."""

from __future__ import annotations

import json
import re
import threading
import time
from email.message import Message
from email.parser import BytesHeaderParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.sandbox.shapes import Files

if TYPE_CHECKING:
    from bot.sandbox.state import TelegramState

_API_PATH = re.compile(r"/bot([^/]+)/([A-Za-z0-9_]+)/?")
_FILE_PATH = re.compile(r"/file/bot([^/]+)/(.+)")


class SandboxServer:
    """Serve a TelegramState at http://host:port/bot<TOKEN>/<method> in a background thread."""

    def __init__(
        self,
        state: TelegramState,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        latency_ms: float = 0,
    ) -> None:
        if latency_ms < 0:
            raise ValueError("latency_ms cannot be negative")
        self.state = state
        self.latency_ms = latency_ms
        self.host = host
        self.port = port
        self.token = token
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Root URL of the running server."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """PTB's base_url: the token is appended to it."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB's base_file_url."""
        return f"{self.url}/file/bot"

    def start(self) -> SandboxServer:
        """Bind and serve in a daemon thread; returns self."""
        self._httpd = _HTTPServer((self.host, self.port), _Handler)
        self._httpd.sandbox = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"sandbox-http-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; open long polls are answered with [] right away."""
        if self._httpd is None:
            return
        self._httpd.closing = True
        self.state.release_polls()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # A pipelining client opens many connections at once; the default backlog of 5 would
    # drop SYNs and add a second-long retransmit that no real network has.
    request_queue_size = 256
    sandbox: SandboxServer
    closing = False


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers after stop()

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _handle(self) -> None:
        if self.server.closing:
            self._error(503, "Service Unavailable")
            return
        split = urlsplit(self.path)
        path = unquote(split.path)
        if match := _FILE_PATH.fullmatch(path):
            self._serve_file(match.group(1), match.group(2))
        elif match := _API_PATH.fullmatch(path):
            self._serve_api(match.group(1), match.group(2), split.query)
        else:
            self._error(404, "Not Found")

    def _serve_file(self, token: str, file_path: str) -> None:
        if not self._token_ok(token):
            return
        stored = self.server.sandbox.state.file_by_path(file_path)
        if stored is None:
            self._error(404, "Not Found")
            return
        self._send(200, stored.content, stored.mime_type or "application/octet-stream")

    def _serve_api(self, token: str, method: str, query: str) -> None:
        if not self._token_ok(token):
            return
        state = self.server.sandbox.state
        try:
            params, files = self._read_params(query)
        except ValueError as exc:
            self._error(400, f"Bad Request: {exc}")
            return
        self._travel()
        try:
            envelope = state.call(method, params, files, notify=False)
        except Exception as exc:  # a sandbox bug must reach the client, not kill the thread
            envelope = {"ok": False, "error_code": 500, "description": f"Sandbox error: {exc!r}"}
        self._travel()
        self._reply(200 if envelope.get("ok") else int(envelope["error_code"]), envelope)
        # Only now has the client been handed the batch (see on_updates_delivered).
        state.notify_delivered(method, envelope)

    def _travel(self) -> None:
        """Half the round trip: the request reaches Telegram late, and its answer comes back
        late. Each call has its own thread, so concurrent calls overlap as on a network."""
        if latency_ms := self.server.sandbox.latency_ms:
            time.sleep(latency_ms / 2000)

    def _token_ok(self, token: str) -> bool:
        expected = self.server.sandbox.token
        if expected is not None and token != expected:
            self._error(401, "Unauthorized")
            return False
        return True

    def _read_params(self, query: str) -> tuple[dict[str, Any], Files]:
        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        files: Files = {}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type") or ""
        if not body:
            return params, files
        if content_type.startswith("application/json"):
            decoded = json.loads(body or b"{}")
            if not isinstance(decoded, dict):
                raise ValueError("JSON body must be an object")
            params.update(decoded)
        elif content_type.startswith("multipart/form-data"):
            fields, files = parse_multipart(body, content_type)
            params.update(fields)
        else:
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return params, files

    def _error(self, status: int, description: str) -> None:
        self._reply(status, {"ok": False, "error_code": status, "description": description})

    def _reply(self, status: int, envelope: dict[str, Any]) -> None:
        self._send(status, json.dumps(envelope).encode(), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            pass  # the client went away (e.g. a killed bot process); nothing to tell it


def parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], Files]:
    """Split a multipart/form-data body into plain fields and uploaded files."""
    header = Message()
    header["Content-Type"] = content_type
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str):
        raise ValueError("multipart body without boundary")
    fields: dict[str, str] = {}
    files: Files = {}
    for part in body.split(b"--" + boundary.encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, data = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        data = data.removesuffix(b"\r\n")
        headers = BytesHeaderParser().parsebytes(head + b"\r\n\r\n")
        name = headers.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        filename = headers.get_filename()
        if filename is None:
            fields[name] = data.decode("utf-8")
        else:
            files[name] = (filename, data, headers.get("Content-Type"))
    return fields, files
