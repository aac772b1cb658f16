"""SandboxServer: the same Bot API over loopback HTTP, used by a real PTB Bot."""

from __future__ import annotations

import io
import json
import threading
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from telegram import Bot
from telegram.error import Forbidden, InvalidToken
from telegram.request import HTTPXRequest

from bot.sandbox import SandboxServer, TelegramState
from tests.timing import GUARD, FrozenTime

TOKEN = "123:ABC"


@pytest.fixture
def state() -> TelegramState:
    return TelegramState()


@pytest.fixture
def server(state: TelegramState) -> Iterator[SandboxServer]:
    with SandboxServer(state, token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(server: SandboxServer) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN,
        base_url=server.base_url,
        base_file_url=server.base_file_url,
        request=_patient(),
        get_updates_request=_patient(),
    ) as bot:
        yield bot


def _patient() -> HTTPXRequest:
    """PTB's HTTP transport with guards instead of its 5 s timeouts (a loaded machine)."""
    return HTTPXRequest(
        connect_timeout=GUARD, read_timeout=GUARD, write_timeout=GUARD, pool_timeout=GUARD
    )


def post_json(url: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=GUARD) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def test_ptb_bot_over_http(state: TelegramState, bot: Bot) -> None:
    ana = state.user(1001, "Ana")
    ana.start()

    me = await bot.get_me()
    sent = await bot.send_message(1001, "Hola")
    doc = await bot.send_document(1001, io.BytesIO(b"%PDF-1.7 x"), filename="d.pdf", caption="Hi")
    downloaded = await (await bot.get_file(doc.document.file_id)).download_as_bytearray()
    ana.block()
    with pytest.raises(Forbidden):
        await bot.send_message(1001, "x")

    assert me.username == "rapport_test_bot"
    assert sent.chat.id == 1001 and ana.texts() == ["Hola", "Hi"]
    assert ana.documents()[0].file.content == b"%PDF-1.7 x" == bytes(downloaded)
    assert doc.document.file_name == "d.pdf" and doc.caption == "Hi"


async def test_long_poll_returns_when_a_user_writes_from_another_thread() -> None:
    state = TelegramState(monotonic=FrozenTime())  # the poll cannot time out: only the update
    ana = state.user(1001, "Ana")
    with SandboxServer(state, token=TOKEN) as server:
        async with Bot(TOKEN, base_url=server.base_url, get_updates_request=_patient()) as bot:
            writer = threading.Thread(target=_send_once_polled, args=(state, ana.send))
            writer.start()
            updates = await bot.get_updates(timeout=10, read_timeout=GUARD)
            writer.join(GUARD)

    assert [u.message.text for u in updates] == ["hello"]


def _send_once_polled(state: TelegramState, send: Callable[[str], object]) -> None:
    state.wait_until(lambda: state.waiting_poll() is not None, GUARD)
    send("hello")


async def test_on_updates_delivered_runs_after_a_batch_is_sent(
    state: TelegramState, bot: Bot
) -> None:
    delivered: list[list[int]] = []
    state.on_updates_delivered = delivered.append
    update_id = state.user(1001, "Ana").send("hi")["update_id"]

    await bot.get_updates(timeout=1)
    await bot.get_updates(offset=update_id + 1, timeout=0)

    # The server thread runs the hook after its reply is written: maybe after we read it.
    state.wait_until(lambda: delivered, GUARD)
    assert delivered == [[update_id]]


def test_wrong_token_is_401_and_unknown_method_404(server: SandboxServer) -> None:
    assert post_json(f"{server.url}/botWRONG:TOKEN/getMe", {}) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert post_json(f"{server.base_url}{TOKEN}/nope", {})[0] == 404


async def test_ptb_sees_invalid_token(server: SandboxServer) -> None:
    with pytest.raises(InvalidToken):
        await Bot("999:WRONG", base_url=server.base_url).get_me()


def test_json_and_query_string_bodies(state: TelegramState, server: SandboxServer) -> None:
    state.user(1001, "Ana").start()
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}

    status, body = post_json(
        f"{server.base_url}{TOKEN}/sendMessage",
        {"chat_id": 1001, "text": "x", "reply_markup": markup},
    )
    with urllib.request.urlopen(f"{server.base_url}{TOKEN}/getMe?x=1", timeout=GUARD) as response:
        me = json.loads(response.read())

    assert status == 200 and body["result"]["reply_markup"] == markup
    assert me["result"]["is_bot"] is True


def test_any_token_when_none_is_configured(state: TelegramState) -> None:
    with SandboxServer(state) as server:
        assert post_json(f"{server.base_url}whatever:TOKEN/getMe", {})[0] == 200


def test_stop_answers_an_open_long_poll() -> None:
    state = TelegramState(monotonic=FrozenTime())  # the poll would otherwise wait forever
    server = SandboxServer(state, token=TOKEN).start()
    results: list[tuple[int, dict]] = []
    poller = threading.Thread(
        target=lambda: results.append(
            post_json(f"{server.base_url}{TOKEN}/getUpdates", {"timeout": 30})
        )
    )
    poller.start()
    state.wait_until(lambda: state.waiting_poll() is not None, GUARD)

    server.stop()
    poller.join(GUARD)

    assert results == [(200, {"ok": True, "result": []})]


async def test_multipart_upload_by_other_clients(
    state: TelegramState, server: SandboxServer
) -> None:
    state.user(1001, "Ana").start()
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{server.base_url}{TOKEN}/sendPhoto",
            data={"chat_id": "1001", "caption": "scan"},
            files={"photo": ("scan.jpg", b"\xff\xd8\xff jpeg", "image/jpeg")},
        )

    assert response.status_code == 200
    photo = state.user(1001).photos()[0]
    assert photo.file.content == b"\xff\xd8\xff jpeg" and photo.text == "scan"
