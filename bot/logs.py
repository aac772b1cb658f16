"""Logging that never carries the bot token or patient data."""

import logging

# At DEBUG, PTB logs the Bot API URL (with the token) and every call's parameters (patient
# words), aiosqlite logs every statement with its values, and httpx logs request URLs at INFO:
# these loggers never go below these levels, whatever the root logger's level.
QUIET_LOGGERS = {
    "telegram": logging.INFO,
    "aiosqlite": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "apscheduler": logging.WARNING,
    # It logs every 429 as an error with a traceback, and then re-raises it to the sender,
    # which retries it after Telegram's retry_after and records why: the traceback is noise
    # that would hide real errors in a rush.
    "telegram.ext.AIORateLimiter": logging.CRITICAL,
}


def quiet_third_party_logs() -> None:
    """Raise the third-party loggers that would leak to their floor."""
    for name, floor in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        if logger.getEffectiveLevel() < floor:
            logger.setLevel(floor)
