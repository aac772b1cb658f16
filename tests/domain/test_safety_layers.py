"""bot.domain.safety, issue 10 part 6: phrase families, homoglyphs, Russian typed in Latin
letters, and the negation layer that marks a match but never removes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.bench_safety import INDIRECT_FAMILIES
from bot import LOCALES_DIR
from bot.domain.safety import (
    EXPLICIT,
    REQUIRED,
    PhraseFileError,
    _compile,
    load_phrase_file,
    load_phrases,
    most_urgent,
    normalise,
    scan,
    transliterate,
)

LANGUAGES = ("en", "es", "ru")
BOOK = load_phrases(LOCALES_DIR, LANGUAGES)
# The medication red flags' own categories (bot/domain/redflags.toml), and thoughts of dying.
FLAG_CATEGORIES = (
    *("rash", "fever", "vomiting", "stiff", "confusion", "jaundice", "akathisia", "twitching"),
    *("shaking", "dystonia", "heart", "headache", "constipation", "ran_out", "thoughts_of_dying"),
)


def _urgent(text: str, languages: list[str] | None = None) -> tuple[str, str, bool] | None:
    match = most_urgent(scan(text, BOOK, languages))
    return None if match is None else (match.category, match.family, match.idiomatic)


# --- families ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_family(lang: str) -> None:
    found = {(p.category, p.family) for p in BOOK.languages[lang].phrases}
    expected = {(c, f) for c, families in INDIRECT_FAMILIES.items() for f in families}
    expected |= {(c, EXPLICIT) for c in (*REQUIRED, "dying", *FLAG_CATEGORIES)}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "lang", "category", "family"),
    [
        ("I've been saving up my pills", "en", "overdose", "stockpiling"),
        ("I'm just a burden to everyone", "en", "suicidal", "burden"),
        ("no le veo sentido a seguir", "es", "suicidal", "meaninglessness"),
        ("раздаю свои вещи", "ru", "suicidal", "goodbyes"),
        ("there's no way out", "en", "suicidal", "no_way_out"),
        ("preferiría estar muerta", "es", "suicidal", "rather_dead"),
        ("меня скоро не будет", "ru", "suicidal", "wont_be_around"),
        ("how many would be fatal?", "en", "overdose", "lethality"),
        ("I swallowed like 30 pills", "en", "overdose", "hedged_count"),
        ("me tomé como 20 pastillas", "es", "overdose", "hedged_count"),
        ("выпила штук 30 таблеток", "ru", "overdose", "hedged_count"),
        ("выпил около 20 таблеток", "ru", "overdose", "hedged_count"),
    ],
)
def test_indirect_phrasings_carry_their_family(
    text: str, lang: str, category: str, family: str
) -> None:
    found = {(m.category, m.family, m.idiomatic) for m in scan(text, BOOK, [lang])}
    assert (category, family, False) in found


def test_an_explicit_phrase_keeps_the_explicit_family() -> None:
    (match,) = scan("I had a seizure", BOOK, ["en"])
    assert match.family == EXPLICIT and not match.negated


def test_a_count_in_words_is_a_count() -> None:
    assert _urgent("I took twenty pills", ["en"]) == ("overdose", EXPLICIT, False)
    assert _urgent("me tragué veinte pastillas", ["es"]) is not None


def test_a_dose_or_a_time_is_not_a_count_of_pills() -> None:
    # The hedged-count phrase still matches, but a unit after the number marks it.
    took_a_while = _urgent("it took like 30 minutes to kick in", ["en"])
    assert took_a_while in (None, ("overdose", "hedged_count", True))
    assert _urgent("swallowed about 50 mg this morning", ["en"]) == (
        "overdose",
        "hedged_count",
        True,
    )


# --- "I'm dying": the category of its own --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "idiomatic"),
    [
        ("I'm dying to know my dose", True),
        ("я умираю от смеха", True),
        ("me muero de ganas de verte", True),
        ("I think I'm dying", False),
    ],
)
def test_dying_is_its_own_category_never_a_drug_reaction(text: str, idiomatic: bool) -> None:
    matches = scan(text, BOOK)
    assert {m.category for m in matches} == {"dying"}
    assert all(m.idiomatic == idiomatic for m in matches)


# --- homoglyphs and transliteration ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mixed", "plain"),
    [
        ("умeреть", "умереть"),  # Latin e
        ("УМEРEТЬ", "умереть"),  # Latin capitals
        ("сyицид", "суицид"),  # Latin y
        ("kіll", "kill"),  # Cyrillic і
        ("suіcіdе", "suicide"),  # Cyrillic і and е
        # Mostly Latin look-alikes, but б and з exist only in Cyrillic: the word is Cyrillic.
        ("oбyзa", "обуза"),
        ("yмepлa", "умерла"),
        ("пpoщe", "проще"),
    ],
)
def test_look_alike_letters_are_folded_into_the_word_s_script(mixed: str, plain: str) -> None:
    assert normalise(mixed) == normalise(plain)


def test_a_word_in_one_script_is_left_alone() -> None:
    assert normalise("pony пони") == "pony пони"


@settings(max_examples=300)
@given(st.text(alphabet="aeopcxyзжбАЕОРСХУaеорсху ", max_size=12))
def test_folding_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("ya hochu umeret", "я хочу умереть"),
        ("ne hochu zhit", "не хочу жить"),
        ("vypila vse tabletki", "выпила все таблетки"),
        ("pokonchit s soboj", "покончить с собой"),
        ("povesitsya", "повеситься"),
        ("moya zhizn", "моя жизнь"),
        ("ho4u umeret", "хочу умереть"),
    ],
)
def test_russian_typed_in_latin_letters_is_read_as_russian(latin: str, cyrillic: str) -> None:
    ru = BOOK.languages["ru"]
    assert transliterate(normalise(latin), ru) == normalise(cyrillic)


def test_transliteration_leaves_numbers_and_cyrillic_alone() -> None:
    ru = BOOK.languages["ru"]
    assert transliterate(normalise("выпила 30 tabletok"), ru) == normalise("выпила 30 таблеток")
    assert transliterate(normalise("хочу умереть"), ru) == normalise("хочу умереть")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("ya hochu umeret", "suicidal"),
        ("ne hochu zhit bolshe", "suicidal"),
        ("vypila vse tabletki", "overdose"),
        ("хочу умeреть", "suicidal"),
        ("выпила все таблeтки", "overdose"),
    ],
)
def test_latin_russian_and_mixed_scripts_alert_literally(text: str, category: str) -> None:
    assert (category, False) in {(m.category, m.idiomatic) for m in scan(text, BOOK)}


# --- negation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I would never kill myself",
        "I don't want to die",
        "I'm not suicidal",
        "no quiero morir",
        "no quiero morirme",
        "yo nunca me mataría",
        "я не хочу умирать",
        "я бы никогда не покончил с собой",
        "у меня нет суицидальных мыслей",
    ],
)
def test_a_negated_risk_phrase_still_matches_and_is_marked(text: str) -> None:
    matches = scan(text, BOOK)
    assert any(m.urgency == "crisis" for m in matches)  # the alert still goes out
    assert all(m.idiomatic for m in matches)  # ... and the reply can ask
    assert any(m.negated for m in matches)


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to live anymore",  # the negation is part of the risk phrase
        "I can't kill myself, my kids need me",  # not a negation of the risk
        "я не хочу жить",
        "ya ne hochu zhit",
        "no quiero vivir",
        "why not just kill myself",
        "I would never kill myself. I want to kill myself",  # one literal occurrence is enough
    ],
)
def test_these_are_not_negations(text: str) -> None:
    urgent = most_urgent(scan(text, BOOK))
    assert urgent is not None and urgent.urgency == "crisis" and not urgent.idiomatic


@settings(max_examples=100)
@given(
    st.sampled_from(["i want to kill myself", "quiero morirme", "хочу умереть", "took 40 pills"]),
    st.sampled_from(["never", "not", "no", "nunca", "no", "не", "никогда не"]),
)
def test_a_negation_never_removes_a_match(risk: str, negation: str) -> None:
    alone = {(m.category, m.phrase) for m in scan(risk, BOOK)}
    negated = {(m.category, m.phrase) for m in scan(f"{negation} {risk}", BOOK)}
    assert alone <= negated


def test_an_english_negation_judges_a_spanish_or_transliterated_reading_too() -> None:
    # "suicid*" is a Spanish phrase too, and "suicidal" reads as Russian "суицидал".
    matches = scan("I'm not suicidal, just tired", BOOK)
    assert {m.language for m in matches} == {"en", "es", "ru"}
    assert all(m.idiomatic for m in matches)


# --- file format -------------------------------------------------------------------------------


def _file(extra: str) -> str:
    table = '[category.{}]\nurgency = "crisis"\nphrases = ["want to die"]\n\n'
    return "".join(map(table.format, REQUIRED)) + extra


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ('[category.suicidal.families]\n"Bad-Name" = ["x"]\n', "bad family name"),
        ('[category.suicidal.families]\nexplicit = ["x"]\n', "bad family name"),
        ("[category.suicidal.families]\nburden = []\n", "non-empty list"),
        ('[negation]\nbefore = ["not"]\nafter = ["x"]\n', "only 'before' and 'except'"),
        ('[transliteration]\n"Ж" = "ж"\n', "transliteration key"),
        ("[transliteration]\nya = 1\n", "every transliteration"),
    ],
)
def test_a_malformed_new_table_is_refused(tmp_path: Path, extra: str, reason: str) -> None:
    path = tmp_path / "safety.toml"
    path.write_text(_file(extra), encoding="utf-8")
    with pytest.raises(PhraseFileError, match=reason):
        load_phrase_file(path)


def test_families_negation_and_transliteration_load(tmp_path: Path) -> None:
    extra = (
        '[category.suicidal.families]\nburden = ["i am a burden"]\n\n'
        '[negation]\nbefore = ["never"]\nexcept = ["can not"]\n\n'
        '[transliteration]\nya = "я"\n'
    )
    path = tmp_path / "safety.toml"
    path.write_text(_file(extra), encoding="utf-8")
    book = load_phrase_file(path)
    assert {p.family for p in book.phrases} == {EXPLICIT, "burden"}
    assert book.negations is not None and book.transliteration == {"ya": "я"}


# --- a means and an intent: `a & b` --------------------------------------------------------------


def test_both_parts_of_an_and_phrase_anywhere_in_either_order() -> None:
    phrase = _compile("suicidal", "crisis", "bleach|poison & drink|swallow")
    found = [
        "there is bleach under the sink and i will drink the whole bottle tonight",
        "going to drink the bleach",
    ]
    for text in found:
        assert phrase.pattern.search(normalise(text)), text
    quiet = ["i drink tea", "bought bleach for the bathroom", "bleached my hair, drinking tea"]
    for text in quiet:
        assert not phrase.pattern.search(normalise(text)), text
    assert phrase.run_on is None and phrase.anchor is not None and not phrase.stemmed


@pytest.mark.parametrize("bad", ["a & b & c", " & b", "a & "])
def test_an_and_phrase_joins_exactly_two_parts(bad: str) -> None:
    with pytest.raises(ValueError):
        _compile("suicidal", "crisis", bad)


@pytest.mark.parametrize(
    "text",
    [
        "there's a bottle of bleach under the sink and I'm going to drink it all tonight",
        "mañana me aviento a las vías del tren",
        "залезу на крышу и шагну",
    ],
)
def test_a_means_with_an_intent_is_a_crisis_in_every_language(text: str) -> None:
    found = most_urgent(scan(text, BOOK))
    assert found is not None and found.urgency == "crisis" and not found.idiomatic
