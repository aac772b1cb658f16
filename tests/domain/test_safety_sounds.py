"""bot.domain.safety, third round: spellings of one sound ([sounds]), endings of another person
([inflection] `others`), numbers written as words, and the families and idioms the second
hold-out showed missing. Idioms and negations still only mark a match: the alert goes out.
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
    scan,
)
from tests.phrase_files import lang_dir
from tests.phrase_files import matches as _matches
from tests.phrase_files import phrase_file as _file

BOOK = load_phrases(LOCALES_DIR, ["en", "es", "ru"])
__all__ = ["lang_dir"]  # the fixture, used by name

SOUNDS = """
[inflection]
min_stem = 4
endings = ["o", "e", "a", "aba", "aron", "an"]
others = ["aron", "an"]

[sounds]
"k(?=[ei])" = "qu"
"v" = "b"
"(?<=[жш])ы" = "и"
"""


# --- [sounds] --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("me quemo el brazo", True),
        ("me kemo el brazo", True),  # k before e is qu: the same word
        ("me kemaba el brazo", True),  # and keeps its stem through the ending
        ("me kamo el brazo", False),  # another word
        ("no beo el brazo", False),  # another phrase
    ],
)
def test_spellings_of_one_sound_are_one_in_phrase_and_text(
    lang_dir: Path, text: str, found: bool
) -> None:
    path = _file(lang_dir, ["me quemo ... brazo"], SOUNDS)
    assert bool(_matches(text, path)) is found


def test_a_short_word_is_folded_too_and_still_matches_only_words_of_its_sound(
    lang_dir: Path,
) -> None:
    path = _file(lang_dir, ["no veo salida", "прижигаю себя"], SOUNDS)
    assert _matches("no beo salida", path) == {"no veo salida"}
    assert _matches("no beodo salida", path) == set()  # "veo" is short: not a stem
    assert _matches("прижыгаю себя", path) == {"прижигаю себя"}


def test_another_persons_ending_is_not_the_phrase_word(lang_dir: Path) -> None:
    path = _file(lang_dir, ["me corto"], SOUNDS)
    assert _matches("me corte", path) == {"me corto"}
    assert _matches("me cortaba", path) == {"me corto"}
    # "they cut (my dose)": not "I cut myself"
    assert _matches("me cortaron la dosis", path) == set()
    assert _matches("me cortan la dosis", path) == set()
    # a phrase word written with such an ending still matches every form of its stem
    assert _matches("me corte", _file(lang_dir, ["me cortaron"], SOUNDS)) == {"me cortaron"}


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ('[sounds]\n"(" = "x"\n', r"\[sounds\]"),
        ('[sounds]\n"a" = 1\n', "replacement"),
        ('[inflection]\nmin_stem = 3\nendings = ["a"]\nothers = ["a b"]\n', "letters only"),
    ],
)
def test_a_malformed_sounds_table_is_refused(lang_dir: Path, extra: str, reason: str) -> None:
    path = _file(lang_dir, ["want to die"], extra)
    with pytest.raises(PhraseFileError, match=reason):
        load_phrase_file(path)


# --- numbers written as words, reports, lethality: crisis ---------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("had about twenty of my zopiclone last night", "overdose"),  # numbers as words
        ("me tragué como treinta de mis pastillas", "overdose"),
        ("проглотила около сорока таблеток", "overdose"),
        ("скажите врачу, что пациентка хочет умереть, это я", "suicidal"),  # of oneself
        ("what happens if someone overdoses on lithium", "overdose"),  # lethality stays crisis
        ("how much quetiapine would be fatal", "overdose"),
    ],
)
def test_reaches_a_crisis_reply(text: str, category: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is not None and found.category == category and not found.idiomatic


# --- families, idioms, negations ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("you won't have to message me about my meds much longer", "wont_be_around"),
        ("ya no van a tener que llamarme", "wont_be_around"),
        ("скоро вам не придется мне звонить", "wont_be_around"),
        ("better dead than back on that ward", "rather_dead"),
        ("mejor muerta que seguir así", "rather_dead"),
        ("лучше сдохнуть, чем так", "rather_dead"),
        ("only one way out now", "no_way_out"),
        ("solo me queda una salida", "no_way_out"),
        ("выход только один", "no_way_out"),
        ("cuánto litio hay que tomar para no despertar", "lethality"),
        ("thanks for everything and goodbye", "goodbyes"),
        ("спасибо за всё и прощайте", "goodbyes"),
        ("сижу на шее у родителей", "burden"),
        ("soy un lastre", "burden"),
    ],
)
def test_third_round_families_are_crisis(text: str, family: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is not None and found.urgency == "crisis" and not found.idiomatic
    assert family in {m.family for m in scan(text, BOOK)}


@pytest.mark.parametrize(
    "text",
    [
        "I keep shooting myself in the foot with my sleep",  # idioms
        "me pegué un tiro en el pie con eso",
        "опять выстрелила себе в ногу",
        "the doctor said an overdose of vitamin D is rare",  # of vitamins, of others
        "una sobredosis de vitamina D es rara",
        "передозировка витамина Д бывает редко",
        "я не думаю о самоубийстве",  # negated
        "I saved the leaflet for my pills in case",  # look-alikes
        "me cortaron la dosis a la mitad",
        "собираю пустые блистеры на переработку",
    ],
)
def test_idioms_talk_of_others_and_look_alikes_get_no_crisis_reply(text: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is None or found.idiomatic or found.urgency != "crisis"
