"""The drug table: every class covered in three languages, names found however they are typed,
a clinic's own file checked and merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.drugs import (
    ANTIDEPRESSANTS,
    CLASSES,
    DEFAULT_TABLE,
    DrugTableError,
    class_key,
    load_drug_table,
    normalise,
    parse_class,
    read_drugs,
)
from bot.i18n import SUPPORTED

TABLE = load_drug_table()

# What a clinician would expect the table to know, by class (the list and more).
EXPECTED = {
    "ssri": ["fluoxetine", "sertraline", "paroxetine", "citalopram", "escitalopram"],
    "snri": ["venlafaxine", "duloxetine", "desvenlafaxine"],
    "tca": ["amitriptyline", "nortriptyline", "clomipramine", "imipramine"],
    "maoi": ["phenelzine", "tranylcypromine", "moclobemide"],
    "antidepressant_other": ["mirtazapine", "bupropion", "trazodone", "vortioxetine"],
    "lithium": ["lithium", "lithium carbonate"],
    "valproate": ["valproate", "valproic acid", "Depakote", "divalproex"],
    "lamotrigine": ["lamotrigine", "Lamictal"],
    "carbamazepine": ["carbamazepine", "Tegretol"],
    "clozapine": ["clozapine", "Clozaril", "Leponex"],
    "antipsychotic": [
        "quetiapine",
        "olanzapine",
        "risperidone",
        "aripiprazole",
        "haloperidol",
        "paliperidone",
        "lurasidone",
        "amisulpride",
        "chlorpromazine",
    ],  # fmt: skip
    "benzodiazepine": ["diazepam", "lorazepam", "clonazepam", "alprazolam", "phenazepam"],
    "z_drug": ["zolpidem", "zopiclone", "eszopiclone", "zaleplon"],
    "stimulant": ["methylphenidate", "lisdexamfetamine", "dexamfetamine", "amphetamine"],
    "other": ["buspirone", "pregabalin", "hydroxyzine"],
}


def test_the_expected_medicines_have_their_class() -> None:
    assert set(EXPECTED) == set(CLASSES)
    for drug_class, names in EXPECTED.items():
        for name in names:
            assert TABLE.classify(name) == drug_class, name


@pytest.mark.parametrize("drug_class", CLASSES)
def test_every_class_has_entries_in_all_three_languages(drug_class: str) -> None:
    drugs = [d for d in TABLE.drugs if d.drug_class == drug_class]
    assert drugs
    for lang in ("es", "ru"):
        assert any(d.names.get(lang) for d in drugs), lang
    russian = [n for d in drugs for n in d.names.get("ru", ())]
    assert all(any("а" <= ch <= "я" for ch in n.lower()) for n in russian)


def test_every_medicine_has_a_spanish_and_a_russian_name() -> None:
    missing = [d.generic for d in TABLE.drugs if not (d.names.get("es") and d.names.get("ru"))]
    assert missing == []


@pytest.mark.parametrize(
    ("typed", "drug_class"),
    [
        # brands, in Latin and Cyrillic letters
        ("Zoloft", "ssri"),
        ("Золофт", "ssri"),
        ("Besitran", "ssri"),
        ("Seroquel", "antipsychotic"),
        ("Депакин", "valproate"),
        ("Азалептин", "clozapine"),
        ("Orfidal", "benzodiazepine"),
        ("Феназепам", "benzodiazepine"),
        # Spanish and Russian generic names
        ("sertralina", "ssri"),
        ("сертралин", "ssri"),
        ("carbonato de litio", "lithium"),
        ("лития карбонат", "lithium"),
        ("аминазин", "antipsychotic"),
        # case, accents, spaces and punctuation
        ("SERTRALINE", "ssri"),
        ("bupropión", "antidepressant_other"),
        ("bupropion", "antidepressant_other"),
        ("ÁCIDO VALPROICO", "valproate"),
        ("acido valproico", "valproate"),
        ("lithium  carbonate", "lithium"),
        ("Lithium-Carbonate", "lithium"),
        ("lithiumcarbonate", "lithium"),
        ("  Zoloft  ", "ssri"),
        ("ЛАМОТРИДЖИН", "lamotrigine"),
        ("Гидазепам", "benzodiazepine"),
        ("феназепам", "benzodiazepine"),
        # a name followed by more words
        ("Seroquel XR", "antipsychotic"),
        ("Depakine Chrono 500", "valproate"),
        ("Сертралин-Тева", "ssri"),
        ("Wellbutrin XL 150 mg", "antidepressant_other"),
    ],
)
def test_a_name_is_found_however_it_is_typed(typed: str, drug_class: str) -> None:
    assert TABLE.classify(typed) == drug_class


def test_the_russian_yo_and_its_plain_e_are_the_same_letter() -> None:
    assert normalise("Ёж") == normalise("еж")


@pytest.mark.parametrize("typed", ["aspirin", "", "   ", "50 mg", "XR"])
def test_an_unknown_name_has_no_class(typed: str) -> None:
    assert TABLE.classify(typed) is None


def test_a_near_miss_is_suggested_and_nothing_far() -> None:
    assert TABLE.suggest("sertaline") == "sertraline"
    assert TABLE.suggest("Zolof") == "Zoloft"
    assert TABLE.suggest("paracetamol") is None


def test_same_medicine_by_any_of_its_names() -> None:
    assert TABLE.same_medicine("Zoloft", "сертралин")
    assert TABLE.same_medicine("my own pill", "MY OWN PILL")
    assert not TABLE.same_medicine("Zoloft", "Prozac")
    assert TABLE.key("Золофт") == TABLE.key("sertraline") == "sertraline"


def test_psychotropic_every_class_and_only_the_tables_others() -> None:
    assert TABLE.psychotropic("anything", "ssri")
    assert TABLE.psychotropic("buspirone", "other")
    assert not TABLE.psychotropic("levothyroxine", "other")


def test_antidepressants_are_the_five_antidepressant_classes() -> None:
    assert ANTIDEPRESSANTS == {"ssri", "snri", "tca", "maoi", "antidepressant_other"}


@pytest.mark.parametrize(("typed", "parsed"), [("SSRI", "ssri"), ("z-drug", "z_drug")])
def test_a_class_as_staff_type_it(typed: str, parsed: str) -> None:
    assert parse_class(typed) == parsed


def test_an_unknown_class_names_the_classes() -> None:
    with pytest.raises(ValueError, match="unknown class 'ssris' \\(one of ssri, snri"):
        parse_class("ssris")


def test_every_class_has_a_plain_name_in_every_language() -> None:
    from bot import LOCALES_DIR
    from bot.i18n import load_catalogs

    t = load_catalogs(LOCALES_DIR)
    for lang in SUPPORTED:
        for drug_class in CLASSES:
            assert t.has(lang, class_key(drug_class)), (lang, drug_class)


def test_the_shipped_file_reads_as_it_is_loaded() -> None:
    assert len(read_drugs(DEFAULT_TABLE)) == len(TABLE.drugs) > 100


# --- a clinic's own file ---------------------------------------------------------------------


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "extra.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clinic_adds_names_and_medicines(tmp_path: Path) -> None:
    extra = _file(
        tmp_path,
        '[ssri]\nsertraline = { brands = ["Sertra-Local"] }\n'
        'fooxetine = { es = ["fooxetina"], ru = ["фуоксетин"] }\n',
    )
    table = load_drug_table(extra)
    assert table.classify("Sertra-Local") == "ssri" and table.classify("Zoloft") == "ssri"
    assert table.classify("фуоксетин") == "ssri"
    assert table.classify("fooxetine") == "ssri"


def test_a_clinic_moves_a_medicine_with_all_its_names(tmp_path: Path) -> None:
    table = load_drug_table(_file(tmp_path, "[other]\ntrazodone = {}\n"))
    assert table.classify("trazodone") == "other"
    assert table.classify("Desyrel") == "other" and table.classify("тразодон") == "other"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[ssris]\nfoo = {}\n", "unknown class [ssris] (one of ssri, snri"),
        ("[ssri]\nfoo = { fr = ['x'] }\n", "unknown list 'fr' (use en, es, ru, brands)"),
        ("[ssri]\nfoo = { es = 'x' }\n", "es must be a list of names in quotes"),
        ("[ssri]\nfoo = { es = ['--'] }\n", "es has a name without letters or digits"),
        ("[ssri]\nfoo = 'bar'\n", "write foo = { es = [...], ru = [...] }"),
        ("ssri = 3\n", "[ssri] must hold lines"),
        ("[ssri]\nfoo = {\n", "not valid TOML"),
        ("[ssri]\nfoo = { brands = ['Zoloft'] }\n", "'Zoloft' names both sertraline (ssri)"),
        ("[ssri]\nfoo = {}\n[snri]\nbar = { es = ['foo'] }\n", "'foo' names both foo (ssri)"),
    ],
)
def test_a_bad_clinic_file_is_refused_naming_it(tmp_path: Path, text: str, says: str) -> None:
    path = _file(tmp_path, text)
    with pytest.raises(DrugTableError) as caught:
        load_drug_table(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and says in message and "\n" not in message


def test_a_missing_or_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DrugTableError, match="cannot read it"):
        load_drug_table(tmp_path / "nowhere.toml")
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(DrugTableError, match="not UTF-8 text"):
        load_drug_table(binary)


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        ("I stopped my Zoloft yesterday and feel dizzy", ["sertraline"]),
        ("Dejé la quetiapina y el Orfidal", ["quetiapine", "lorazepam"]),
        ("бросила сертралин, пью только феназепам", ["sertraline", "phenazepam"]),
        ("без сертралина мне хуже", ["sertraline"]),
        ("more lithium carbonate than I should", ["lithium"]),
        ("Depakine Chrono makes me sick", ["valproate"]),
        ("I feel fine today, nothing to add", []),
        ("", []),
    ],
)
def test_the_medicines_a_free_text_names(text: str, generics: list[str]) -> None:
    assert [d.generic for d in TABLE.mentioned(text)] == generics
