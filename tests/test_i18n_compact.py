"""Plain-text messages are kept as their text, not as Fluent nodes (issue 14, memory): every
message must still read exactly as a stock FluentBundle formats it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast

from bot import LOCALES_DIR
from bot.i18n import SUPPORTED, CatalogError, load_catalogs


def _stock(lang: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    for path in sorted((LOCALES_DIR / lang).glob("*.ftl")):
        bundle.add_resource(FluentParser().parse(path.read_text(encoding="utf-8")))
    return bundle


def _plain(message: ast.Message) -> bool:
    elements = message.value.elements if message.value is not None else []
    return bool(elements) and all(isinstance(e, ast.TextElement) for e in elements)


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_plain_message_reads_as_fluent_formats_it(lang: str) -> None:
    t = load_catalogs(LOCALES_DIR)
    stock = _stock(lang)
    plain = [k for k, m in stock._messages.items() if isinstance(m, ast.Message) and _plain(m)]
    assert len(plain) > 100  # the shipped catalogs are mostly text: the split is exercised
    for key in plain:
        value = stock.get_message(key).value
        assert value is not None
        text, errors = stock.format_pattern(value, {})
        assert not errors
        assert t(lang, key) == text, key
        assert t.has(lang, key)


@pytest.mark.parametrize("lang", SUPPORTED)
def test_what_fluent_formats_is_parsed_again_into_the_same_messages(lang: str) -> None:
    """The messages Fluent formats are kept as Fluent syntax until the language is first used
    (issue 14, memory): parsed again, each is the message of the file, node for node."""
    t = load_catalogs(LOCALES_DIR)
    stock = _stock(lang)
    bundle = t._bundle(lang)
    assert len(bundle._messages) > 100
    for kept, original in ((bundle._messages, stock._messages), (bundle._terms, stock._terms)):
        for key, entry in kept.items():
            assert entry.equals(original[key]), key
    assert set(bundle._messages) | set(t._texts[lang]) == set(stock._messages)


def _write(root: Path, body: str) -> None:
    (root / "en").mkdir(parents=True, exist_ok=True)
    (root / "en" / "a.ftl").write_text(body, encoding="utf-8")


def test_a_plain_message_another_places_is_still_resolved(tmp_path: Path) -> None:
    _write(tmp_path, "name = Rapport\nhello = Hello from { name }, { $who }\nbye = Bye\n")
    t = load_catalogs(tmp_path, ("en",))
    assert t("en", "hello", who="Ana") == "Hello from Rapport, Ana"
    assert t("en", "name") == "Rapport"
    assert t("en", "bye", unused=3) == "Bye"


def test_missing_and_unsupported_are_still_errors(tmp_path: Path) -> None:
    _write(tmp_path, "bye = Bye\n")
    t = load_catalogs(tmp_path, ("en",))
    with pytest.raises(CatalogError, match="missing"):
        t("en", "nope")
    with pytest.raises(CatalogError, match="unsupported"):
        t("fr", "bye")
