"""Fluent catalogs: locales/<lang>/*.ftl, one bundle per language."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, ast

SUPPORTED = ("en", "es", "ru")


class CatalogError(Exception):
    """A locale file is missing, unparsable, or a message is absent."""


class Translator:
    """Formats messages by id for a language, falling back to nothing: a missing id is an error."""

    def __init__(self, bundles: Mapping[str, FluentBundle], keys: Mapping[str, set[str]]) -> None:
        self._bundles = dict(bundles)
        self.keys = {lang: frozenset(k) for lang, k in keys.items()}

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._bundles)

    def has(self, lang: str, key: str) -> bool:
        return key in self.keys.get(lang, ())

    def __call__(self, lang: str, key: str, **args: Any) -> str:
        """Format message `key` in `lang`; raises CatalogError when it does not exist."""
        bundle = self._bundles.get(lang)
        if bundle is None:
            raise CatalogError(f"unsupported language {lang!r}")
        if not bundle.has_message(key):
            raise CatalogError(f"message {key!r} is missing in {lang}")
        message = bundle.get_message(key)
        if message.value is None:  # a message with attributes only: nothing to show
            raise CatalogError(f"message {key!r} in {lang} has no text")
        placed = {k: _fits(v) for k, v in args.items()}
        text, errors = bundle.format_pattern(message.value, placed)
        if errors:
            raise CatalogError(f"message {key!r} in {lang}: {errors[0]}")
        return str(text)  # a str whenever formatting had no errors

    def pick(self, lang: str | None, default: str) -> str:
        """The supported language closest to a Telegram language_code, else `default`."""
        code = (lang or "").split("-")[0].lower()
        return code if code in self._bundles else default


# fluent.runtime refuses a placeable longer than this (resolver.MAX_PART_LENGTH): the whole
# message then fails. What someone typed (quoted in an error, say) can be that long.
PLACEABLE_MAX = 2500


def _fits(value: Any) -> Any:
    """A text argument cut to what Fluent will place, so a reply never fails for its length."""
    if isinstance(value, str) and len(value) > PLACEABLE_MAX:
        return value[: PLACEABLE_MAX - 1] + "…"
    return value


def _parse(path: Path) -> tuple[ast.Resource, set[str]]:
    # Parsed once, without source spans, and that tree is what the bundle keeps: parsing again
    # with spans (FluentResource) cost every process about 10 MB for nothing.
    resource = FluentParser(with_spans=False).parse(path.read_text(encoding="utf-8"))
    junk = [e for e in resource.body if isinstance(e, ast.Junk)]
    if junk:
        note = junk[0].annotations[0].message if junk[0].annotations else "syntax error"
        raise CatalogError(f"{path}: {note}: {(junk[0].content or '').strip()[:60]!r}")
    return resource, {e.id.name for e in resource.body if isinstance(e, ast.Message)}


def load_catalogs(root: Path, languages: tuple[str, ...] = SUPPORTED) -> Translator:
    """Load every .ftl file of each language; refuses a syntax error or a duplicate id."""
    bundles: dict[str, FluentBundle] = {}
    keys: dict[str, set[str]] = {}
    for lang in languages:
        files = sorted((root / lang).glob("*.ftl"))
        if not files:
            raise CatalogError(f"{root / lang}: no .ftl files")
        bundle = FluentBundle([lang], use_isolating=False)
        seen: set[str] = set()
        for path in files:
            resource, ids = _parse(path)
            dup = seen & ids
            if dup:
                raise CatalogError(f"{path}: duplicate message id {sorted(dup)[0]!r}")
            seen |= ids
            bundle.add_resource(resource)
        bundles[lang], keys[lang] = bundle, seen
    return Translator(bundles, keys)
