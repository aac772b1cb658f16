"""Settings: defaults, one-line errors naming the setting."""

import pytest

from bot.config import SettingsError, load_settings


def test_defaults() -> None:
    s = load_settings()
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert s.database_url == "sqlite:///rapport.db"
    assert (s.sweep_seconds, s.default_timezone, s.default_language, s.invite_days) == (
        30,
        "UTC",
        "en",
        14,
    )


def test_alerts_are_sent_again_after_thirty_minutes_unless_told() -> None:
    assert load_settings().alert_escalate_minutes == 30
    assert load_settings(RAPPORT_ALERT_ESCALATE_MINUTES="10").alert_escalate_minutes == 10


def test_database_url_relative_and_absolute() -> None:
    assert str(load_settings(DATABASE_URL="sqlite:///data/r.db").database_path) == "data/r.db"
    assert str(load_settings(DATABASE_URL="sqlite:////srv/r.db").database_path) == "/srv/r.db"
    pg = "postgresql://rapport@db.clinic.example:5432/rapport"
    assert load_settings(DATABASE_URL=pg).database_url == pg


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RAPPORT_SWEEP_SECONDS", "often"),
        ("RAPPORT_SWEEP_SECONDS", "0"),
        ("RAPPORT_DEFAULT_TIMEZONE", "Mars/Olympus"),
        ("RAPPORT_DEFAULT_TIMEZONE", "A" * 5000),  # a path too long for the file system
        ("RAPPORT_DEFAULT_LANGUAGE", "fr"),
        ("RAPPORT_INVITE_DAYS", "-1"),
        ("DATABASE_URL", "postgres://x"),
        ("DATABASE_URL", "postgresql:///rapport"),  # no server named
        ("TELEGRAM_API_BASE_URL", "api.telegram.org"),
        ("RAPPORT_ALERT_ESCALATE_MINUTES", "0"),
        ("RAPPORT_ALERT_ESCALATE_MINUTES", "soon"),
        ("RAPPORT_ALERT_ESCALATE_MINUTES", "100000"),
        ("RAPPORT_WEB_LISTEN", "8080"),
        ("RAPPORT_WEB_LISTEN", "localhost:http"),
        ("RAPPORT_WEB_LISTEN", "127.0.0.1:65536"),
        ("RAPPORT_WEB_URL", "rapport.clinic.example"),
        ("RAPPORT_WEB_URL", "ftp://rapport.clinic.example"),
        ("RAPPORT_WEB_URL", "https://rapport.clinic.example/rapport"),  # an origin, no path
        ("RAPPORT_WEB_URL", "https://rapport.clinic.example/?a=1"),
        ("RAPPORT_WEB_URL", "https://rapport.clinic.example#top"),
        ("RAPPORT_WEB_URL", "https://user:pass@rapport.clinic.example"),
        ("RAPPORT_WEB_URL", "https://rapport.clinic.example:port"),
        ("RAPPORT_WEB_URL", "https://"),
        ("RAPPORT_WEBHOOK_LISTEN", "127.0.0.1:8443"),  # gone: refused, not ignored
    ],
)
def test_invalid_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as err:
        load_settings()
    message = str(err.value)
    assert message.startswith(f"{name}:") and "\n" not in message


def test_env_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("RAPPORT_CLINIC_NAME=North Clinic\n")
    assert load_settings().clinic_name == "North Clinic"


def test_missing_token_is_one_line() -> None:
    with pytest.raises(SettingsError, match="^TELEGRAM_BOT_TOKEN is not set"):
        load_settings().token()
