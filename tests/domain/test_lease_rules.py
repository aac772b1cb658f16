"""Who may hold the sender's lease, and for how long (pure: every time is given)."""

from datetime import UTC, datetime, timedelta

from bot.domain.leases import Lease, Timing, expired, may_take, taken_over

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_lease_is_expired_from_its_instant_on() -> None:
    lease = Lease("a", NOW)
    assert not expired(lease, NOW - timedelta(microseconds=1))
    assert expired(lease, NOW)


def test_only_a_free_an_expired_or_my_own_lease_may_be_taken() -> None:
    live = Lease("a", NOW + timedelta(seconds=5))
    assert may_take(None, "b", NOW)
    assert may_take(live, "a", NOW)
    assert not may_take(live, "b", NOW)
    assert may_take(live, "b", NOW + timedelta(seconds=5))


def test_renewing_my_own_lease_is_no_takeover() -> None:
    assert taken_over(None, "a")
    assert taken_over(Lease("b", NOW), "a")
    assert not taken_over(Lease("a", NOW), "a")


def test_a_renewal_plus_the_look_that_notices_its_end_is_the_lease() -> None:
    timing = Timing(15)
    assert timing.every == 3
    assert timing.term == timedelta(seconds=12)
    assert timing.term.total_seconds() + timing.every == 15
