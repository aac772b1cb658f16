"""Every .ftl file parses, and every language has the same messages with the same placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot import LOCALES_DIR
from bot.i18n import SUPPORTED, CatalogError, load_catalogs

REFERENCE = "en"
OTHERS = [lang for lang in SUPPORTED if lang != REFERENCE]
FILES = sorted({path.name for lang in SUPPORTED for path in (LOCALES_DIR / lang).glob("*.ftl")})
ALL_PATHS = [LOCALES_DIR / lang / name for lang in SUPPORTED for name in FILES]


class _Variables(Visitor):
    """Collects `$name` references anywhere in a message, selectors and variants included."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _variables(entry: ast.Message | ast.Term) -> frozenset[str]:
    visitor = _Variables()
    visitor.visit(entry)
    return frozenset(visitor.names)


def _entries(path: Path) -> dict[str, frozenset[str]]:
    """Message (and -term) ids of a file with the variables each uses."""
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, f"{path}: parse error near {junk[0].content.strip()[:60]!r}"
    entries = {}
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            entries[entry.id.name] = _variables(entry)
        elif isinstance(entry, ast.Term):
            entries[f"-{entry.id.name}"] = _variables(entry)
    return entries


def _pair(lang: str, name: str) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    reference, other = LOCALES_DIR / REFERENCE / name, LOCALES_DIR / lang / name
    assert reference.exists() and other.exists(), f"{name} is missing in {REFERENCE} or {lang}"
    return _entries(reference), _entries(other)


def test_catalogs_exist() -> None:
    assert {"dialogs.ftl", "checkin.ftl", "common.ftl"} <= set(FILES)


@pytest.mark.parametrize("path", ALL_PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_file_exists_and_parses(path: Path) -> None:
    assert path.exists(), f"{path.parent.name}/{path.name} is missing"
    _entries(path)


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("name", FILES)
def test_same_message_ids(lang: str, name: str) -> None:
    reference, other = _pair(lang, name)
    missing, extra = sorted(reference.keys() - other), sorted(other.keys() - reference)
    assert not missing, f"{lang}/{name} lacks {missing}"
    assert not extra, f"{lang}/{name} has ids that {REFERENCE} does not: {extra}"


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("name", FILES)
def test_same_placeholders(lang: str, name: str) -> None:
    reference, other = _pair(lang, name)
    wrong = {
        key: (sorted(reference[key]), sorted(other[key]))
        for key in reference.keys() & other.keys()
        if reference[key] != other[key]
    }
    assert not wrong, f"{lang}/{name}: placeholders differ from {REFERENCE} (en, {lang}): {wrong}"


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_message_formats(lang: str) -> None:
    """Formatting with every placeholder given, as numbers, raises no Fluent error."""
    translator = load_catalogs(LOCALES_DIR)
    for name in FILES:
        for key, names in _entries(LOCALES_DIR / lang / name).items():
            if not key.startswith("-"):
                for count in (1, 3, 5, 21):
                    assert translator(lang, key, **dict.fromkeys(names, count))


def test_a_message_without_text_is_a_catalog_error(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "x.ftl").write_text("only-attributes =\n    .title = T\n", encoding="utf-8")
    t = load_catalogs(tmp_path, ("en",))
    with pytest.raises(CatalogError, match="has no text"):
        t("en", "only-attributes")


def test_a_text_argument_longer_than_fluent_places_is_cut_not_an_error() -> None:
    t = load_catalogs(LOCALES_DIR)
    text = t("en", "staff-error", reason="x" * 10_000)
    assert text.startswith("That was not changed: xxx") and text.endswith("x…")
    assert len(text) < 2_600
