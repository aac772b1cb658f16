"""PTB's two HTTP clients share one TLS context (issue 14, memory) and are otherwise the ones
ApplicationBuilder makes by default."""

from __future__ import annotations

from typing import Any

from telegram.ext import ApplicationBuilder
from telegram.request import HTTPXRequest

from bot.tg.app import _requests


def _shape(request: HTTPXRequest) -> tuple[Any, ...]:
    client: Any = request._client
    pool = client._transport._pool
    return (client.timeout, pool._max_connections, request._media_write_timeout, client.trust_env)


def test_both_clients_share_one_tls_context() -> None:
    calls, polls = _requests()
    ssl_calls = calls._client._transport._pool._ssl_context  # type: ignore[attr-defined]
    ssl_polls = polls._client._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert ssl_calls is ssl_polls


def test_the_clients_are_the_builders_defaults_otherwise() -> None:
    stock = ApplicationBuilder().token("1:A").updater(None).build().bot
    polls_stock, calls_stock = stock._request  # (getUpdates, everything else)
    calls, polls = _requests()
    assert isinstance(calls_stock, HTTPXRequest) and isinstance(polls_stock, HTTPXRequest)
    assert _shape(calls) == _shape(calls_stock)
    assert _shape(polls) == _shape(polls_stock)
