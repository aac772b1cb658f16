"""RAPPORT_WEB_LISTEN and RAPPORT_WEB_URL: checked at start, one line naming the setting."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.config import Settings, SettingsError, load_settings
from bot.services.context import Rapport
from bot.web import server


def test_the_old_webhook_setting_says_where_the_webhook_went(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RAPPORT_WEBHOOK_LISTEN", "127.0.0.1:8443")
    with pytest.raises(SettingsError, match="now served by the web view on RAPPORT_WEB_LISTEN"):
        load_settings()


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("https://rapport.clinic.example", "https://rapport.clinic.example"),
        ("https://rapport.clinic.example/", "https://rapport.clinic.example"),
        ("http://10.0.0.5:8080", "http://10.0.0.5:8080"),
        ("", "http://127.0.0.1:8080"),  # unset: where it listens
    ],
)
def test_links_start_with_the_public_origin(url: str, base: str) -> None:
    assert load_settings(RAPPORT_WEB_URL=url).web_base == base


def test_listening_addresses() -> None:
    assert load_settings().web_address == ("127.0.0.1", 8080)
    assert load_settings(RAPPORT_WEB_LISTEN="0.0.0.0:0").web_address == ("0.0.0.0", 0)
    s = load_settings(RAPPORT_WEB_LISTEN="[::1]:9000")
    assert s.web_address == ("::1", 9000) and s.web_base == "http://[::1]:9000"


async def test_port_zero_becomes_the_port_in_links(app: Rapport) -> None:
    app.settings = app.settings.model_copy(update={"web_listen": "127.0.0.1:0"})
    sock = server.listen(app)
    try:
        port = sock.getsockname()[1]
        assert port != 0 and app.settings.web_base == f"http://127.0.0.1:{port}"
    finally:
        sock.close()


def test_rapport_run_stops_in_one_line_when_the_port_is_taken(
    rapport, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-token")
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")
        monkeypatch.setenv("RAPPORT_WEB_LISTEN", f"127.0.0.1:{port}")
        code, out, err = rapport("run")
    assert (code, out) == (1, "")
    assert err.startswith(f"rapport: error: RAPPORT_WEB_LISTEN: cannot listen on 127.0.0.1:{port}")
    assert err.count("\n") == 1, err


def test_every_setting_is_documented() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    example = (root / ".env.example").read_text(encoding="utf-8")
    for field in Settings.model_fields.values():
        assert f"`{field.alias}`" in readme, field.alias
        assert field.alias in example, field.alias
