"""bot.domain.safety: normalising, the phrase syntax, idioms, languages, and refused files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import LOCALES_DIR
from bot.domain.safety import (
    REQUIRED,
    Match,
    PhraseFileError,
    load_phrase_file,
    load_phrases,
    most_urgent,
    normalise,
    rewrite,
    scan,
)

BOOK = load_phrases(LOCALES_DIR, ["en", "es", "ru"])


def _found(text: str, languages: list[str] | None = None) -> set[tuple[str, str, bool]]:
    return {(m.language, m.category, m.idiomatic) for m in scan(text, BOOK, languages)}


# --- normalise -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("DIIIEEE", "die"),
        ("I want to die 😢😢!!!", "i want to die"),
        ("Don’t", "dont"),
        ("don't", "dont"),
        ("`dont´", "dont"),
        ("Qué día más TRISTE", "que dia mas triste"),
        ("daño, tomé, pingüino", "dano tome pinguino"),
        ("Ёжик йогурт", "ежик иогурт"),
        ("хочеться", "хочется"),
        ("подъезд", "подезд"),
        ("self-harm...", "self harm"),
        ("  lots   of\n\tspace ", "lots of space"),
        ("took 30 pills", "tok 30 pils"),
        ("100 mg", "100 mg"),
        ("ki\u200bll my\u00adself", "kil myself"),
        ("ＩＷＡＮＴ", "iwant"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_repeated_letters_collapse_the_same_in_text_and_phrases() -> None:
    assert normalise("diiieee") == normalise("die")
    assert normalise("killlll") == normalise("kill") == normalise("kil")
    assert normalise("pils") == normalise("pills")


@settings(max_examples=300)
@given(st.text())
def test_normalise_is_idempotent_and_plain(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "  " not in once and once == once.strip()


@pytest.mark.parametrize(
    ("lang", "raw", "expected"),
    [
        ("en", "i wanna die", "i want to die"),
        ("en", "kms", "kill myself"),
        ("en", "im gonna hurt my self", "i am going to hurt myself"),
        ("es", "kiero morirme", "quiero morirme"),
        ("es", "tome mis pastiyas", "tome mis pastillas"),
        ("ru", "нехочу жить", "не хочу жить"),
        ("ru", "суицыд", "суицид"),
        # numbers of ten and more written as words are digits, so `##` reads them
        ("en", "about twenty of them", "about 20 of them"),
        ("en", "a couple dozen", "24"),
        ("es", "como treinta", "como 30"),
        ("es", "una docena", "12"),
        ("ru", "около сорока", "около 40"),
        ("ru", "пару десятков", "20"),
        # spellings of a frequent word
        ("es", "ase falta pa q", "hace falta para que"),
        ("ru", "я абуза", "я обуза"),
    ],
)
def test_rewrite(lang: str, raw: str, expected: str) -> None:
    assert rewrite(normalise(raw), BOOK.languages[lang]) == normalise(expected)


# --- scan ------------------------------------------------------------------------------------


def test_all_languages_are_searched_by_default() -> None:
    assert ("en", "suicidal", False) in _found("i want to die")
    assert _found("i want to die", ["es", "ru"]) == set()


def test_an_unknown_language_is_an_error_not_a_silent_miss() -> None:
    with pytest.raises(ValueError, match="de"):
        scan("ich will sterben", BOOK, ["de"])


@pytest.mark.parametrize(
    "text",
    ["I would never kill myself", "no quiero morirme", "я не хочу умирать", "im not suicidal"],
)
def test_negation_never_removes_a_match(text: str) -> None:
    assert any(m.urgency == "crisis" for m in scan(text, BOOK))


@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        ("this headache is killing me", "en", "suicidal"),
        ("I'm dying to see my kids", "en", "dying"),
        ("I took all my meds today", "en", "overdose"),
        ("getting up took all my energy", "en", "overdose"),
        ("mañana me corto el pelo", "es", "self_harm"),
        ("dejé las pastillas en casa", "es", "stopped_all"),
        ("pensé que iba a morirme de risa", "es", "suicidal"),
        ("me mato trabajando toda la semana", "es", "suicidal"),
        ("такая тоска, хоть вешайся", "ru", "suicidal"),
        ("умираю от скуки", "ru", "dying"),
    ],
)
def test_idioms_are_matched_and_marked(text: str, lang: str, category: str) -> None:
    assert (lang, category, True) in _found(text)


def test_a_literal_occurrence_beside_an_idiom_is_not_idiomatic() -> None:
    matches = scan("this headache is killing me, honestly just kill me", BOOK, ["en"])
    assert [(m.category, m.idiomatic) for m in matches] == [("suicidal", False)]


def test_most_urgent_prefers_the_literal_match() -> None:
    matches = scan("this is killing me and I want to die", BOOK, ["en"])
    assert {m.idiomatic for m in matches} == {True, False}
    assert most_urgent(matches) == next(m for m in matches if not m.idiomatic)


@pytest.mark.parametrize(
    "text", ["iwanttodie", "#killmyself", "wannadie... no, iwanttodie", "хочуумереть"]
)
def test_run_on_words_match(text: str) -> None:
    assert any(m.category == "suicidal" for m in scan(text, BOOK))


def test_the_matched_phrase_is_quoted_as_written_in_the_file() -> None:
    (match,) = scan("I had a seizure", BOOK, ["en"])
    assert match == Match("severe_reaction", "medical", "seizure*", "en", False)


@settings(max_examples=200)
@given(st.sampled_from(["i want to die", "tomé todas las pastillas", "хочу умереть"]), st.text())
def test_more_text_never_removes_a_match(risk: str, extra: str) -> None:
    alone = {(m.category, m.phrase) for m in scan(risk, BOOK)}
    for text in (f"{risk} {extra}", f"{extra} {risk}"):
        assert alone <= {(m.category, m.phrase) for m in scan(text, BOOK)}


# --- most_urgent -----------------------------------------------------------------------------


def _match(urgency: str, idiomatic: bool = False) -> Match:
    return Match("c", urgency, "p", "en", idiomatic)  # type: ignore[arg-type]


def test_most_urgent() -> None:
    assert most_urgent([]) is None
    medical, crisis = _match("medical"), _match("crisis", idiomatic=True)
    assert most_urgent([medical, crisis]) is crisis
    assert most_urgent([medical]) is medical


# --- loading ---------------------------------------------------------------------------------


def _valid(extra: str = "", urgency: str = "crisis", phrase: str = "want to die") -> str:
    tables = "".join(
        f'[category.{name}]\nurgency = "{urgency}"\nphrases = ["{phrase}"]\n\n'
        for name in REQUIRED
    )
    return extra + tables


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[category.suicidal\n", "line 1"),
        (_valid(urgency="soon"), "urgency must be one of"),
        (_valid().replace("[category.overdose]", "[category.overdoze]"), "'overdose' is missing"),
        (_valid(phrase="... die"), "starts or ends with '...'"),
        (_valid(phrase="want||die"), "empty alternative"),
        (_valid(phrase="!!!"), "empty alternative"),
        (_valid().replace('["want to die"]', '"want to die"', 1), "non-empty list of strings"),
        (_valid().replace('["want to die"]', "[]", 1), "non-empty list of strings"),
        (_valid("version = 1\n"), "unknown key 'version'"),
        (_valid("[idioms]\nphrases = [1]\n"), "idioms"),
        (_valid('[rewrite]\n"wanna" = ""\n'), "rewrite"),
        (_valid('[rewrite]\n"!!" = "x"\n'), "rewrite key is empty"),
        (_valid().replace("urgency", "urgncy", 1), "only 'urgency', 'phrases' and 'families'"),
    ],
)
def test_a_malformed_file_is_refused_with_one_line_naming_it(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "xx" / "safety.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PhraseFileError) as refused:
        load_phrases(tmp_path, ["xx"])
    message = str(refused.value)
    assert message.startswith(str(path)) and reason in message and "\n" not in message


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PhraseFileError, match="safety.toml: No such file"):
        load_phrase_file(tmp_path / "safety.toml")


def test_a_minimal_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "safety.toml"
    path.write_text(_valid('[rewrite]\n"wanna" = "want to"\n'), encoding="utf-8")
    book = load_phrase_file(path)
    assert len(book.phrases) == len(REQUIRED) and book.rewrites == {"wana": "want to"}


def test_a_number_placeholder_needs_two_digits() -> None:
    assert {m.category for m in scan("i took 40 tablets", BOOK)} == {"overdose"}
    assert scan("i took 2 tablets", BOOK) == []
