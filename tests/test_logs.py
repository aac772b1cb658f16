"""The third-party loggers' floors: what they would leak or drown stays out of the log."""

import logging

from bot.logs import quiet_third_party_logs


def test_floors_hold_whatever_the_root_level(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    quiet_third_party_logs()
    assert not logging.getLogger("telegram.ext.ExtBot").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)


def test_flood_control_tracebacks_from_ptb_are_not_logged(caplog) -> None:
    quiet_third_party_logs()
    limiter = logging.getLogger("telegram.ext.AIORateLimiter")
    try:
        raise RuntimeError("Flood control exceeded")
    except RuntimeError:
        limiter.exception("Rate limit hit after maximum of 0 retries")
    assert "Rate limit" not in caplog.text
