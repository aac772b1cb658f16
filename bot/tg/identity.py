"""Who the bot is, asked of the Bot API by commands that run without the Application."""

from __future__ import annotations

from telegram import Bot

from bot.config import Settings


async def bot_username(settings: Settings) -> str:
    """The bot's @username (getMe); raises whatever the Bot API or the network raises."""
    async with Bot(settings.token(), base_url=settings.telegram_api_base_url) as bot:
        return bot.username
