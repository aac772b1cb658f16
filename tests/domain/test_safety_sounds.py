"""bot.domain.safety, third round: spellings of one sound ([sounds]), endings of another person
([inflection] `others`), numbers written as words, and the families and idioms the second
hold-out showed missing. Idioms and negations still only mark a match: the alert goes out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import LOCALES_DIR
from bot.domain.safety import (
    REQUIRED,
    PhraseFileError,
    load_phrase_file,
    load_phrases,
    most_urgent,
    normalise,
    rewrite,
    scan,
)

BOOK = load_phrases(LOCALES_DIR, ["en", "es", "ru"])

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


def _file(tmp_path: Path, phrases: list[str], extra: str = "") -> Path:
    quoted = ", ".join(f'"{p}"' for p in phrases)
    table = '[category.{}]\nurgency = "crisis"\nphrases = [' + quoted + "]\n\n"
    path = tmp_path / "safety.toml"
    path.write_text("".join(map(table.format, REQUIRED)) + extra, encoding="utf-8")
    return path


def _matches(text: str, path: Path) -> set[str]:
    book = load_phrases(path.parent.parent, [path.parent.name])
    return {m.phrase for m in scan(text, book)}


@pytest.fixture
def lang_dir(tmp_path: Path) -> Path:
    (tmp_path / "xx").mkdir()
    return tmp_path / "xx"


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


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("ayer me kemé el brazo con el mechero", "self_harm"),
        ("no beo ninguna salida", "suicidal"),
        ("cuantas pastis ase falta pa q sea mortal", "overdose"),
        ("прижыгаю руку зажыгалкой", "self_harm"),
        ("я абуза для всех", "suicidal"),
        ("lushe umeret chem tak", "suicidal"),
    ],
)
def test_shipped_sounds_and_rewrites_reach_misspelt_risk(text: str, category: str) -> None:
    assert category in {m.category for m in scan(text, BOOK)}


# --- numbers written as words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "number"),
    [
        ("en", "about twenty of them", "20"),
        ("en", "a couple dozen", "24"),
        ("es", "como treinta", "30"),
        ("es", "una docena", "12"),
        ("ru", "около сорока", "40"),
        ("ru", "штук двадцать", "20"),
        ("ru", "пару десятков", "20"),
    ],
)
def test_a_number_word_of_ten_or_more_reads_as_digits(lang: str, text: str, number: str) -> None:
    assert number in rewrite(normalise(text), BOOK.languages[lang]).split()


@pytest.mark.parametrize(
    "text",
    [
        "had about twenty of my zopiclone last night",
        "me tragué como treinta de mis pastillas",
        "проглотила около сорока таблеток",
    ],
)
def test_a_hedged_count_in_words_is_an_overdose(text: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is not None and found.category == "overdose" and not found.idiomatic


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


def test_a_third_person_report_of_ones_own_wish_is_explicit() -> None:
    found = most_urgent(scan("скажите врачу, что пациентка хочет умереть, это я", BOOK))
    assert found is not None and found.category == "suicidal" and not found.idiomatic


@pytest.mark.parametrize(
    "text",
    [
        "I keep shooting myself in the foot with my sleep",
        "me pegué un tiro en el pie con eso",
        "опять выстрелила себе в ногу",
        "the doctor said an overdose of vitamin D is rare",
        "una sobredosis de vitamina D es rara",
        "передозировка витамина Д бывает редко",
        "я не думаю о самоубийстве",
    ],
)
def test_idioms_and_talk_of_others_ask_rather_than_assume(text: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is None or found.idiomatic


@pytest.mark.parametrize(
    "text",
    [
        "what happens if someone overdoses on lithium",
        "how much quetiapine would be fatal",
    ],
)
def test_lethality_questions_stay_crisis(text: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is not None and found.urgency == "crisis" and not found.idiomatic


@pytest.mark.parametrize(
    "text",
    [
        "I saved the leaflet for my pills in case",
        "me cortaron la dosis a la mitad",
        "собираю пустые блистеры на переработку",
    ],
)
def test_look_alikes_get_no_crisis_reply(text: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is None or found.idiomatic or found.urgency != "crisis"
