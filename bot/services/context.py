"""The composition of everything a use case needs, built once in the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot import LOCALES_DIR
from bot.clock import Clock
from bot.config import Settings
from bot.domain.dialogs import DialogSet
from bot.domain.drugs import DrugTable, load_drug_table
from bot.domain.redflags import RedFlags, load_red_flags
from bot.domain.safety import Phrasebook, load_phrases
from bot.domain.signals import Thresholds, load_thresholds
from bot.i18n import SUPPORTED, Translator
from bot.services.sender import Sender
from bot.services.worker import Worker
from bot.storage.db import Database

ChartRenderer = Callable[..., bytes]


def _phrases() -> Phrasebook:
    return load_phrases(LOCALES_DIR, SUPPORTED)


def _chart() -> ChartRenderer:
    # Imported on first use: matplotlib costs a second at start that most commands never need.
    from bot.services.chart import render_chart

    return render_chart


@dataclass
class Rapport:
    settings: Settings
    db: Database
    t: Translator
    clock: Clock
    dialogs: DialogSet = field(default_factory=DialogSet)
    bot_username: str | None = None
    thresholds: Thresholds = field(default_factory=load_thresholds)
    phrases: Phrasebook = field(default_factory=_phrases)
    drugs: DrugTable = field(default_factory=load_drug_table)  # with the clinic's own lines
    redflags: RedFlags = field(default_factory=load_red_flags)
    # Background work that must not hold up updates: sending, and drawing digests.
    sender: Sender | None = None
    digests: Worker | None = None
    chart: Callable[[], ChartRenderer] = _chart

    def lang(self, stored: str | None, telegram_code: str | None = None) -> str:
        """A chat's language: the stored choice, else Telegram's, else the clinic default."""
        return stored or self.t.pick(telegram_code, self.settings.default_language)


@dataclass(frozen=True)
class Incoming:
    """One update, reduced to what the use cases read."""

    update_id: int
    chat_id: int
    user_id: int
    language_code: str | None = None
    text: str | None = None
    callback_id: str | None = None
    callback_data: str | None = None
    message_id: int | None = None
    caption: str | None = None
    # The sender's name as Telegram shows it: only ever kept for who acknowledged an alert.
    user_name: str | None = None

    @property
    def words(self) -> str:
        """What the person wrote, as text or as a caption."""
        return self.text or self.caption or ""
