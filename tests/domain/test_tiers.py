"""Which reply a risk gets, when an unacknowledged alert is sent again, when the caring contact
goes out: the pure rules of issue 10, parts 4 and 5."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import tiers
from bot.domain.alerts import MAX_ESCALATIONS, care_due, next_escalation
from bot.domain.safety import REQUIRED
from bot.domain.scheduling import Quiet

MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
UTC_ZONE = ZoneInfo("UTC")


def test_every_shipped_category_has_its_tier_in_the_table() -> None:
    assert set(REQUIRED) <= set(tiers.TIERS)
    assert tiers.TIERS["overdose"] == "overdose"
    assert tiers.TIERS["stopped_all"] == "stopped"
    assert {tiers.TIERS[c] for c in ("suicidal", "self_harm")} == {"suicidal"}


@pytest.mark.parametrize(
    ("category", "urgency", "tier"),
    [("stockpiling", "crisis", "suicidal"), ("dystonia", "medical", "red_flag")],
)
def test_a_new_category_takes_its_urgencys_tier(category, urgency, tier) -> None:
    assert tiers.tier_of(category, urgency) == tier


def test_an_idiom_asks_first_whatever_its_category() -> None:
    assert tiers.tier_of("overdose", "crisis", idiomatic=True) == "ambiguous"
    assert tiers.tier_of("severe_reaction", "medical", idiomatic=True) == "ambiguous"


def test_words_in_the_safety_plan_keep_their_tier_and_are_not_chased() -> None:
    risk = tiers.from_phrase("suicidal", "crisis", False, "plan")
    assert (risk.tier, risk.escalates) == ("suicidal", False)
    assert tiers.from_phrase("suicidal", "crisis", False, "text").escalates


def test_crisis_tiers_are_the_ones_followed_by_a_caring_contact() -> None:
    assert [t for t in ("suicidal", "overdose", "red_flag", "stopped") if tiers.is_crisis(t)] == [
        "suicidal",
        "overdose",
    ]


def test_an_alert_is_sent_again_at_the_interval_three_times_at_most() -> None:
    every = timedelta(minutes=30)
    times = [next_escalation(MONDAY_9, every, done) for done in range(MAX_ESCALATIONS + 1)]
    assert times[:MAX_ESCALATIONS] == [MONDAY_9 + every] * MAX_ESCALATIONS
    assert times[MAX_ESCALATIONS] is None
    assert MAX_ESCALATIONS == 3


def test_the_caring_contact_is_the_next_local_day_at_ten() -> None:
    day, due = care_due(MONDAY_9, UTC_ZONE, Quiet(time(21), time(9)))
    assert (day, due) == (date(2026, 3, 2), datetime(2026, 3, 3, 10, 0, tzinfo=UTC))


def test_the_caring_contact_waits_for_the_end_of_quiet_hours() -> None:
    _, due = care_due(MONDAY_9, UTC_ZONE, Quiet(time(22), time(11, 30)))
    assert due == datetime(2026, 3, 3, 11, 30, tzinfo=UTC)


def test_the_crisis_day_is_the_patients_own() -> None:
    # 02:00 UTC on Tuesday is still Monday evening in New York: the contact is Tuesday, 10:00.
    zone = ZoneInfo("America/New_York")
    day, due = care_due(datetime(2026, 3, 3, 2, 0, tzinfo=UTC), zone, Quiet(time(21), time(9)))
    assert day == date(2026, 3, 2)
    assert due.astimezone(zone).replace(tzinfo=None) == datetime(2026, 3, 3, 10, 0)
