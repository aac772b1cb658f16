"""Settings from the environment and `.env`; an invalid value stops start-up naming the setting."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError as PydanticSettingsError

from bot.domain.drugs import load_drug_table
from bot.domain.redflags import load_red_flags
from bot.domain.timeparse import parse_every_days, parse_time, parse_weekdays
from bot.domain.validation import check_timezone
from bot.i18n import SUPPORTED

# What Telegram accepts as a webhook secret_token.
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# The web view's own paths (first segment): the webhook's path must be none of them.
WEB_PATHS = ("", "web", "signin", "signout", "static", "try")


class SettingsError(Exception):
    """One line naming the setting that is wrong."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(
        default="https://api.telegram.org/bot", alias="TELEGRAM_API_BASE_URL"
    )
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    # validate_default: a missing secret must be refused when the URL is set.
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, alias="TELEGRAM_WEBHOOK_SECRET", validate_default=True
    )
    # Gone: the webhook is served by the web view, on RAPPORT_WEB_LISTEN. Set, it is refused.
    webhook_listen: str | None = Field(default=None, alias="RAPPORT_WEBHOOK_LISTEN")
    web_listen: str = Field(default="127.0.0.1:8080", alias="RAPPORT_WEB_LISTEN")
    web_url: str | None = Field(default=None, alias="RAPPORT_WEB_URL")
    database_url: str = Field(default="sqlite:///rapport.db", alias="DATABASE_URL")
    sweep_seconds: int = Field(default=30, ge=1, le=3600, alias="RAPPORT_SWEEP_SECONDS")
    # PostgreSQL, several instances: the sender's lease passes to another instance at most this
    # long after its holder stopped renewing it (died, or lost the database).
    lease_seconds: int = Field(default=15, ge=2, le=600, alias="RAPPORT_LEASE_SECONDS")
    default_timezone: str = Field(default="UTC", alias="RAPPORT_DEFAULT_TIMEZONE")
    default_language: str = Field(default="en", alias="RAPPORT_DEFAULT_LANGUAGE")
    invite_days: int = Field(default=14, ge=1, le=365, alias="RAPPORT_INVITE_DAYS")
    clinic_name: str = Field(default="your clinic", min_length=1, alias="RAPPORT_CLINIC_NAME")
    reminder_hours: float = Field(default=4, gt=0, le=72, alias="RAPPORT_REMINDER_HOURS")
    previsit_hours: float = Field(default=48, gt=0, le=24 * 14, alias="RAPPORT_PREVISIT_HOURS")
    digest_lead_hours: float = Field(
        default=24, ge=0, le=24 * 14, alias="RAPPORT_DIGEST_LEAD_HOURS"
    )
    crisis_resources: dict[str, str] = Field(
        default_factory=dict, alias="RAPPORT_CRISIS_RESOURCES"
    )
    oncall_chat_id: int | None = Field(default=None, alias="RAPPORT_ONCALL_CHAT_ID")
    # An urgent alert nobody acknowledged is sent again to the on-call chat after this long,
    # then again at this interval, three times at most.
    alert_escalate_minutes: int = Field(
        default=30, ge=1, le=24 * 60, alias="RAPPORT_ALERT_ESCALATE_MINUTES"
    )
    enrol_code: Literal["off", "required"] = Field(default="off", alias="RAPPORT_ENROL_CODE")
    retention_days: int | None = Field(
        default=None, ge=1, le=36500, alias="RAPPORT_RETENTION_DAYS"
    )
    quiet_hours: str = Field(default="21:00-09:00", alias="RAPPORT_QUIET_HOURS")
    default_schedule: str = Field(default="weekly=sun@18:00", alias="RAPPORT_DEFAULT_SCHEDULE")
    drug_table: Path | None = Field(default=None, alias="RAPPORT_DRUG_TABLE")
    red_flag_table: Path | None = Field(default=None, alias="RAPPORT_RED_FLAG_TABLE")

    @field_validator("telegram_api_base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if not value:
            return None  # an empty line in .env means polling
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname or parts.fragment:
            raise ValueError("must be an https:// URL such as https://bot.clinic.example/tg")
        if parts.path.strip("/").split("/")[0] in WEB_PATHS:
            raise ValueError(
                "its path must not be one of the web view's own (/, /web, /signin, /signout,"
                " /static, /try): use one such as /telegram"
            )
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _webhook_listen(cls, value: str | None) -> None:
        if value is not None and value.strip():
            raise ValueError(
                "no longer used: the webhook is now served by the web view on"
                " RAPPORT_WEB_LISTEN (remove this setting; see README, The web view)"
            )
        return None

    @field_validator("web_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        """An origin only: links append their own paths to it."""
        if not value or not value.strip():
            return None
        value = value.strip().rstrip("/")
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 (raises on a port that is not a number)
        except ValueError:
            raise ValueError("must look like https://rapport.clinic.example") from None
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path
            or parts.query
            or parts.fragment
            or "@" in parts.netloc
        ):
            raise ValueError(
                "must be an origin only, such as https://rapport.clinic.example"
                " (http(s)://host[:port], no path)"
            )
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        # The messages never quote the value: it is a credential.
        secret = value.get_secret_value() if value is not None else ""
        if not secret:
            if info.data.get("telegram_webhook_url"):
                raise ValueError("required when TELEGRAM_WEBHOOK_URL is set")
            return None
        if not WEBHOOK_SECRET.fullmatch(secret):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("web_listen", "default_timezone", "quiet_hours", "default_schedule")
    @classmethod
    def _parsed(cls, value: str, info: ValidationInfo) -> str:
        """Settings checked by the very parser that later reads them."""
        PARSERS[str(info.field_name)](value)
        return value

    @field_validator("drug_table", mode="before")
    @classmethod
    def _drug_table(cls, value: object) -> object:
        """A clinic's own drug table, read and checked now: a mistake stops start-up."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None  # an empty line in .env: the shipped table alone
        load_drug_table(Path(str(value)))
        return value

    @field_validator("red_flag_table", mode="before")
    @classmethod
    def _red_flag_table(cls, value: object) -> object:
        """A clinic's own red-flag rules, read and checked now: a mistake stops start-up."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        load_red_flags(Path(str(value)))
        return value

    @field_validator("database_url")
    @classmethod
    def _db(cls, value: str) -> str:
        if value.startswith("postgresql://"):
            parts = urlsplit(value)
            if parts.hostname or "host=" in parts.query:
                return value
        if not value.startswith("sqlite:///") or value == "sqlite:///":
            raise ValueError(
                "must look like sqlite:///rapport.db, sqlite:////abs/path.db"
                " or postgresql://user@host:5432/rapport"
            )
        return value

    @field_validator("default_language")
    @classmethod
    def _lang(cls, value: str) -> str:
        if value not in SUPPORTED:
            raise ValueError(f"must be one of {', '.join(SUPPORTED)}")
        return value

    @field_validator("crisis_resources")
    @classmethod
    def _resources(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(SUPPORTED))
        if unknown:
            raise ValueError(f"unknown language {unknown[0]!r} (use {', '.join(SUPPORTED)})")
        if any(not text.strip() for text in value.values()):
            raise ValueError("an empty text would leave a patient in crisis without resources")
        return value

    @property
    def database_path(self) -> Path:
        """`sqlite:///x.db` is relative to the working directory, `sqlite:////x.db` absolute."""
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def web_base(self) -> str:
        """The public base URL of the web view, without a trailing slash (links use it):
        RAPPORT_WEB_URL, else the address it listens on (`rapport run` fills in port 0's)."""
        if self.web_url:
            return self.web_url
        host, port = parse_listen(self.web_listen)
        return f"http://{host if ':' not in host else f'[{host}]'}:{port}"

    @property
    def web_address(self) -> tuple[str, int]:
        """(host, port) the web view (and the webhook) listen on; port 0: any free port."""
        return parse_listen(self.web_listen)

    def token(self) -> str:
        """The bot token, or a one-line error when it is not set."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise SettingsError("TELEGRAM_BOT_TOKEN is not set (see .env.example)")
        return self.telegram_bot_token.get_secret_value()


def parse_listen(text: str) -> tuple[str, int]:
    """'127.0.0.1:8080' or '[::1]:8080' -> (host, port); port 0 means any free port."""
    host, sep, port = text.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError("must look like 127.0.0.1:8080 (host:port)")
    return host, int(port)


def parse_quiet(text: str) -> tuple[time, time]:
    """'21:00-09:00' -> (start, end); '' or 'off' means no quiet hours."""
    if text.strip().lower() in ("", "off", "none"):
        return time(0, 0), time(0, 0)
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError("quiet hours look like 21:00-09:00 (or off)")
    return parse_time(start.strip()), parse_time(end.strip())


def parse_default_schedule(text: str) -> list[tuple[str, str | None, int | None, str]]:
    """'weekly=sun@18:00;daily=every:1@09:00' -> [(dialog, days, every_days, time)]."""
    entries: list[tuple[str, str | None, int | None, str]] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        dialog, eq, rule = part.partition("=")
        when, at, clock = rule.partition("@")
        if not eq or not at or not dialog.strip():
            raise ValueError(f"{part!r}: write dialog=mon,thu@18:00 or dialog=every:2@18:00")
        parse_time(clock.strip())
        if when.startswith("every:"):
            entries.append((dialog.strip(), None, parse_every_days(when[6:]), clock.strip()))
        else:
            parse_weekdays(when)
            entries.append((dialog.strip(), when.strip(), None, clock.strip()))
    return entries


PARSERS: dict[str, Callable[[str], object]] = {
    "web_listen": parse_listen,
    "default_timezone": check_timezone,
    "quiet_hours": parse_quiet,
    "default_schedule": parse_default_schedule,
}


def load_settings(**overrides: Any) -> Settings:
    """Read settings; a bad value becomes a SettingsError naming the variable."""
    try:
        return Settings(**overrides)
    except PydanticSettingsError as exc:
        # A value that is not even valid JSON where JSON is expected.
        found = re.search(r'field "(\w+)"', str(exc))
        name = _env_name(found.group(1)) if found else "settings"
        raise SettingsError(f"{name}: not valid JSON (see .env.example)") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "settings"
        name = _env_name(field)
        raise SettingsError(f"{name}: {err['msg'].removeprefix('Value error, ')}") from None


def _env_name(field: str) -> str:
    info = Settings.model_fields.get(field)
    return info.alias if info and info.alias else field.upper()
