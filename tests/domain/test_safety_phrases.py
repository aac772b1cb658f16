"""The shipped phrase lists against realistic messages: every risk found, ordinary ones left alone.

Fixtures: tests/data/safety_<lang>.txt, one "<category> | <message>" per line ("ok" = no match).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import LOCALES_DIR
from bot.domain.safety import REQUIRED, URGENCIES, load_phrases, most_urgent, scan

LANGUAGES = ("en", "es", "ru")
DATA = Path(__file__).resolve().parents[1] / "data"
BOOK = load_phrases(LOCALES_DIR, LANGUAGES)
URGENCY = {
    "suicidal": "crisis",
    "self_harm": "crisis",
    "overdose": "crisis",
    "stopped_all": "medical",
    "severe_reaction": "medical",
    "dying": "medical",  # "I'm dying": the body, a wish or a figure of speech (issue 10)
    "thoughts_of_dying": "crisis",
}
# The medication red flags' own categories (bot/domain/redflags.toml): a fixture line labelled
# severe_reaction may be found as one of them.
FLAGS = ("rash", "fever", "vomiting", "stiff", "confusion", "jaundice", "akathisia", "twitching")
FLAGS += ("shaking", "dystonia", "heart", "headache", "constipation", "ran_out")
URGENCY |= dict.fromkeys(FLAGS, "medical")
REACTIONS = {"severe_reaction", *FLAGS}


def _cases(lang: str) -> list[tuple[str, str]]:
    """(category or "ok", message) pairs of one fixture file."""
    lines = (DATA / f"safety_{lang}.txt").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("|", 1) for line in lines if line.strip() and not line.startswith("#")]
    return [(category.strip(), message.strip()) for category, message in pairs]


RISKS = [(lang, c, m) for lang in LANGUAGES for c, m in _cases(lang) if c != "ok"]
ORDINARY = [(lang, m) for lang in LANGUAGES for c, m in _cases(lang) if c == "ok"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fixtures_are_big_enough_and_cover_every_category(lang: str) -> None:
    cases = _cases(lang)
    risks = {message for category, message in cases if category != "ok"}
    assert len(risks) >= 40
    assert len({message for category, message in cases if category == "ok"}) >= 30
    assert {category for category, _ in cases} == {*REQUIRED, "ok"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_category_has_its_urgency(lang: str) -> None:
    found = {(p.category, p.urgency) for p in BOOK.languages[lang].phrases}
    assert found == set(URGENCY.items())


@pytest.mark.parametrize(("lang", "category", "message"), RISKS, ids=lambda v: str(v)[:40])
def test_a_risk_message_is_found_by_its_own_language(
    lang: str, category: str, message: str
) -> None:
    own = {(m.category, m.urgency) for m in scan(message, BOOK, [lang])}
    wanted = REACTIONS if category == "severe_reaction" else {category}
    assert {(c, URGENCY[c]) for c in wanted} & own
    urgent = most_urgent(scan(message, BOOK))
    assert urgent is not None
    assert URGENCIES.index(urgent.urgency) <= URGENCIES.index(URGENCY[category])


@pytest.mark.parametrize(("lang", "message"), ORDINARY, ids=lambda v: str(v)[:40])
def test_an_ordinary_message_matches_nothing_in_any_language(lang: str, message: str) -> None:
    assert scan(message, BOOK) == []
