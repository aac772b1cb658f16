"""Who may hold a lease (the outbox's sender, with several instances on PostgreSQL), and when.

A lease is a named row: its holder and the instant it expires. The holder renews it well before
then; anyone may take it once it has expired. The times come from the instances' clocks, so
they must agree to well within a lease (NTP does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# The outbox's sender: one instance at a time calls Telegram for the whole bot.
SENDER = "sender"
# Renewal and watching both happen this many times per lease: a holder that misses some
# renewals (a slow database) keeps the lease, and a waiting instance sees it expire soon after.
ROUNDS = 5


@dataclass(frozen=True)
class Lease:
    holder: str
    expires_at: datetime


@dataclass(frozen=True)
class Timing:
    """A lease of `seconds`: taken over at most `seconds` after its holder's last renewal."""

    seconds: float

    @property
    def every(self) -> float:
        """How often the holder renews and the others look."""
        return self.seconds / ROUNDS

    @property
    def term(self) -> timedelta:
        """How long a renewal holds: a lease plus the look that notices its end is `seconds`."""
        return timedelta(seconds=self.seconds - self.every)


def expired(lease: Lease, now: datetime) -> bool:
    return lease.expires_at <= now


def may_take(lease: Lease | None, me: str, now: datetime) -> bool:
    """Whether `me` may (re)write the lease: it is nobody's, mine, or expired."""
    return lease is None or lease.holder == me or expired(lease, now)


def taken_over(lease: Lease | None, me: str) -> bool:
    """Whether taking the lease is a takeover: the sends the last holder left unfinished are
    then this instance's to settle (a renewal of its own lease settles nothing)."""
    return lease is None or lease.holder != me
