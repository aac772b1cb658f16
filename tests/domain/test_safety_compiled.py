"""bot.domain.safety, issue 14: phrase regexes are compiled when a message first reaches them,
and a phrase's run-on form only where one of its joined spellings is inside a word. Skipping a
search must never skip a match: these check that what decides it is exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import LOCALES_DIR
from bot.domain.safety import RUN_ON_MIN, _inside, load_phrases, scan

LANGUAGES = ("en", "es", "ru")
BOOK = load_phrases(LOCALES_DIR, LANGUAGES)
SPELLINGS = frozenset({"kilmyself", "wantodie", "wantodielater", "enditall"})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_phrase_compiles_and_its_run_on_finds_each_joined_spelling(lang: str) -> None:
    """Loading no longer compiles: every shipped phrase's regexes are compiled here, and each
    joined spelling, wherever it stands in a word, is both found by `_inside` and matched by
    the phrase's run-on regex."""
    phrases = BOOK.languages[lang]
    for phrase in phrases.phrases:
        assert phrase.pattern.pattern  # compiles
        if not phrase.joined:
            assert phrase.run_on is None
            continue
        assert phrase.run_on is not None
        for joined in phrase.joined:
            assert len(joined) >= RUN_ON_MIN
            for text in (joined, f"ab{joined}", f"{joined}cd", f"ok ab{joined}cd ok"):
                assert joined in _inside(text, phrases.joined), (phrase.text, text)
                assert phrase.run_on.search(text), (phrase.text, text)


def test_a_spelling_is_found_inside_a_word_never_across_two() -> None:
    assert _inside("i kilmyself", SPELLINGS) == {"kilmyself"}
    assert _inside("xxwantodielaterxx", SPELLINGS) == {"wantodie", "wantodielater"}
    assert _inside("kil myself", SPELLINGS) == frozenset()
    assert _inside("enditall enditall", SPELLINGS) == {"enditall"}
    assert _inside("anything", frozenset()) == frozenset()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["kil", "my", "self", "wan", "todie", "later", "end", "it", "al", "x", " "]
        ),
        max_size=20,
    )
)
def test_the_spellings_found_are_those_the_text_contains(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = {s for s in SPELLINGS if any(s in word for word in text.split())}
    assert _inside(text, SPELLINGS) == expected


def test_a_run_on_phrase_inside_a_longer_word_is_still_found() -> None:
    found = {m.category for m in scan("ahhhiwanttokillmyselfff", BOOK, ["en"])}
    assert "suicidal" in found
