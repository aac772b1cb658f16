"""bot.domain.safety: the general loosenings that let a phrase list reach unseen phrasings.

One other word may stand between two adjacent phrase words (never a negation word), phrase and
text are compared by stems from a per-language [inflection] table, medicine names read as the
pill word, and Latin-typed Russian has word-final letter groups. Idioms and negations stay as
written, and none of this decides less than before: an idiom or a negation only marks a match.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import LOCALES_DIR
from bot.domain.safety import (
    PhraseFileError,
    load_phrase_file,
    load_phrases,
    most_urgent,
    normalise,
    scan,
    transliterate,
)
from tests.phrase_files import lang_dir
from tests.phrase_files import matches as _matches
from tests.phrase_files import phrase_file as _file

BOOK = load_phrases(LOCALES_DIR, ["en", "es", "ru"])
__all__ = ["lang_dir"]  # the fixture, used by name


# --- one inserted word ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("i want to die", True),
        ("i want to just die", True),  # one word in between
        ("i really want to so badly die", False),  # two words: not this phrase
        ("i want to not die", False),  # a negation word is never the word in between
        ("i want never to die", False),
    ],
)
def test_one_word_may_stand_between_adjacent_phrase_words(
    lang_dir: Path, text: str, found: bool
) -> None:
    path = _file(lang_dir, ["want to die"], '[negation]\nbefore = ["not|never"]\n')
    assert bool(_matches(text, path)) is found


def test_shipped_phrases_take_one_inserted_word_in_every_language() -> None:
    for text in [
        "I just really want to die",
        "quiero de verdad morirme",
        "мне совсем не хочется жить",
        "mne sovsem ne hochetsya zhit",
    ]:
        assert most_urgent(scan(text, BOOK)) is not None, text


def test_idioms_and_negations_stay_as_written(lang_dir: Path) -> None:
    path = _file(lang_dir, ["dying to"], '[idioms]\nphrases = ["dying to know"]\n')
    book = load_phrases(lang_dir.parent, ["xx"])
    # "dying to really know" is not the idiom: one inserted word loosens phrases only
    assert {m.idiomatic for m in scan("i am dying to really know", book)} == {False}
    assert {m.idiomatic for m in scan("i am dying to know", book)} == {True}
    assert path.exists()


# --- inflection ------------------------------------------------------------------------------

INFLECTION = """
[inflection]
min_stem = 4
endings = ["а", "у", "ть", "ла", "ил", "ила", "ить", "ем"]
clitics = ["ся", "сь"]
keep = ["меня"]
"""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("хочу покончить с собой", True),
        ("хочу покончила с собой", True),  # the same stem, another ending
        ("хочу покончу с собой", True),
        ("хочу поконч с собой", True),
        ("хочу покончился с собой", True),  # written without a clitic: matches one with it
        ("хочу покон с собой", False),  # not the stem
    ],
)
def test_phrase_and_text_are_compared_by_stems(lang_dir: Path, text: str, found: bool) -> None:
    path = _file(lang_dir, ["хочу покончить с собой"], INFLECTION)
    assert bool(_matches(text, path)) is found


def test_a_word_written_with_a_clitic_needs_one_and_a_kept_word_is_itself(lang_dir: Path) -> None:
    path = _file(lang_dir, ["не встретиться", "без меня легче"], INFLECTION)
    assert _matches("не встретилась", path) == {"не встретиться"}
    assert _matches("не встретила", path) == set()  # the clitic changes the word
    assert _matches("без меня легче", path) == {"без меня легче"}
    assert _matches("без меняла легче", path) == set()  # "меня" is kept, not a stem


def test_a_one_word_phrase_is_a_chosen_form(lang_dir: Path) -> None:
    path = _file(lang_dir, ["покончила"], INFLECTION)
    assert _matches("покончила", path) == {"покончила"}
    assert _matches("покончить", path) == set()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I relapsed and ended up cutting again", "self_harm"),
        ("they'd be relieved if I was gone", "suicidal"),
        ("со всем этим хочу покончить", "suicidal"),
        ("вчера попрощалась со всеми", "suicidal"),
        ("выпила целой пачкой", "overdose"),
        ("me estoy despidiendo de la gente que quiero", "suicidal"),
        ("no vais a tener que aguantarme mucho más", "suicidal"),
        ("preferiría no despertarme mañana", "suicidal"),
        # spellings of one sound ([sounds]) and of frequent words ([rewrite])
        ("ayer me kemé el brazo con el mechero", "self_harm"),
        ("no beo ninguna salida", "suicidal"),
        ("cuantas pastis ase falta pa q sea mortal", "overdose"),
        ("прижыгаю руку зажыгалкой", "self_harm"),
        ("я абуза для всех", "suicidal"),
        ("lushe umeret chem tak", "suicidal"),
    ],
)
def test_shipped_phrases_reach_other_forms_of_their_words(text: str, category: str) -> None:
    assert category in {m.category for m in scan(text, BOOK)}


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ('[inflection]\nendings = ["a"]\n', "min_stem"),
        ('[inflection]\nmin_stem = 1\nendings = ["a"]\n', "min_stem"),
        ('[inflection]\nmin_stem = 3\nendings = ["a b"]\n', "letters only"),
        ('[inflection]\nmin_stem = 3\nendings = ["a"]\nsuffix = ["x"]\n', "only 'endings'"),
    ],
)
def test_a_malformed_inflection_table_is_refused(lang_dir: Path, extra: str, reason: str) -> None:
    path = _file(lang_dir, ["want to die"], extra)
    with pytest.raises(PhraseFileError, match=reason):
        load_phrase_file(path)


# --- medicine names, Latin-typed Russian, speed of loading ----------------------------------


@pytest.mark.parametrize(
    ("text", "category", "family"),
    [
        ("I took all my sertraline and some of my mum's sleeping pills", "overdose", None),
        ("I have been stockpiling my diazepam for weeks", "overdose", "stockpiling"),
        ("llevo semanas acumulando el diazepam", "overdose", "stockpiling"),
        ("уже несколько недель коплю феназепам", "overdose", "stockpiling"),
        ("выпила весь сертралин", "overdose", None),
    ],
)
def test_a_medicine_name_reads_as_the_pill_word(
    text: str, category: str, family: str | None
) -> None:
    matches = scan(text, BOOK)
    assert category in {m.category for m in matches}
    assert family is None or family in {m.family for m in matches}


def test_a_medicine_name_alone_is_not_a_risk() -> None:
    for text in ["I take sertraline every morning", "tomo litio desde marzo", "пью литий утром"]:
        assert scan(text, BOOK) == [], text


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("kazhetsa", "кажется"),  # "tsa" at the end is the reflexive "тся"
        ("tridtsat", "тридцать"),  # inside a word it is "ц"
        ("vypila shtuk tridtsat tabletok", "выпила штук тридцать таблеток"),
    ],
)
def test_a_word_final_letter_group(latin: str, cyrillic: str) -> None:
    assert transliterate(normalise(latin), BOOK.languages["ru"]) == normalise(cyrillic)


def test_a_word_final_key_is_checked(lang_dir: Path) -> None:
    path = _file(lang_dir, ["want to die"], '[transliteration]\n"ts$$" = "x"\n')
    with pytest.raises(PhraseFileError, match="transliteration key"):
        load_phrase_file(path)


def test_a_hedged_count_in_latin_letters_is_an_overdose() -> None:
    assert "overdose" in {m.category for m in scan("vypila shtuk tridtsat tabletok", BOOK)}


def test_a_phrase_is_searched_only_when_its_anchor_word_is_there() -> None:
    (phrase,) = [p for p in BOOK.languages["en"].phrases if p.text == "stash|stockpile|hoard of"]
    assert phrase.anchor is not None
    # Typed without spaces, a phrase is found though its words are not there as words.
    assert most_urgent(scan("iwanttodie", BOOK)) is not None


# --- phrases of function words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("i can not go on", True),
        ("i can not really go on", True),  # a filler may stand in between
        ("i can not go out on fridays", False),  # another word changes the sense
    ],
)
def test_a_phrase_of_function_words_takes_only_a_filler(
    lang_dir: Path, text: str, found: bool
) -> None:
    extra = '[inflection]\nmin_stem = 3\nendings = ["s"]\nfillers = ["really"]\n'
    path = _file(lang_dir, ["can not go on"], '[negation]\nbefore = ["not"]\n' + extra)
    assert bool(_matches(text, path)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ya no puedo más", True),
        ("no puedo comer más, estoy llena", False),
        ("я больше так не могу", True),
        ("не могу есть больше", False),
        ("I can't really go on like this", True),
        ("I can't go out on Fridays", False),
    ],
)
def test_shipped_short_phrases_take_fillers_not_other_words(text: str, found: bool) -> None:
    assert (most_urgent(scan(text, BOOK)) is not None) is found
