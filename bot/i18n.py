"""Fluent catalogs: locales/<lang>/*.ftl, one bundle per language."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle
from fluent.syntax import FluentParser, FluentSerializer, ast

SUPPORTED = ("en", "es", "ru")


class CatalogError(Exception):
    """A locale file is missing, unparsable, or a message is absent."""


class Translator:
    """Formats messages by id for a language, falling back to nothing: a missing id is an error."""

    def __init__(
        self,
        sources: Mapping[str, str],
        keys: Mapping[str, set[str]],
        texts: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        # What Fluent formats, by language, as Fluent syntax: parsed, and its bundle made, on
        # first use (see _bundle).
        self._sources = dict(sources)
        self._bundles: dict[str, FluentBundle] = {}
        self.keys = {lang: frozenset(k) for lang, k in keys.items()}
        # Messages that are text alone, kept as that text: see _split.
        self._texts = {lang: dict((texts or {}).get(lang, {})) for lang in self._sources}

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._sources)

    def _bundle(self, lang: str) -> FluentBundle:
        """The language's Fluent bundle, made when a message first needs it: a bundle loads
        babel's data for its locale (1-1.5 MB a language, 5 MB with the first, issue 14), and
        its messages' syntax trees take about 0.6 MB, which a language no one is written to
        never needs."""
        bundle = self._bundles.get(lang)
        if bundle is None:
            made = FluentBundle([lang], use_isolating=False)
            made.add_resource(FluentParser(with_spans=False).parse(self._sources[lang]))
            # Two threads may make one at once: both are the same, one is kept.
            bundle = self._bundles.setdefault(lang, made)
        return bundle

    def has(self, lang: str, key: str) -> bool:
        return key in self.keys.get(lang, ())

    def __call__(self, lang: str, key: str, **args: Any) -> str:
        """Format message `key` in `lang`; raises CatalogError when it does not exist."""
        if lang not in self._sources:
            raise CatalogError(f"unsupported language {lang!r}")
        plain = self._texts[lang].get(key)
        if plain is not None:
            return plain
        if key not in self.keys[lang]:  # not text alone, so with Fluent if it is anywhere
            raise CatalogError(f"message {key!r} is missing in {lang}")
        bundle = self._bundle(lang)
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
        return code if code in self._sources else default


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


def _text(entry: ast.Message) -> str | None:
    """The message's text when it is nothing else (no placeable, no attribute), else None."""
    if entry.value is None or entry.attributes:
        return None
    elements = entry.value.elements
    if not all(isinstance(e, ast.TextElement) for e in elements):
        return None
    return "".join(e.value for e in elements if isinstance(e, ast.TextElement))


def _referenced(entries: list[ast.Message | ast.Term]) -> set[str]:
    """Ids of the messages that other messages or terms place ({ other-message })."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, ast.MessageReference):
            found.add(node.id.name)
        if isinstance(node, ast.BaseNode):
            for value in vars(node).values():
                for child in value if isinstance(value, list) else [value]:
                    walk(child)

    for entry in entries:
        walk(entry)
    return found


def _split(resources: list[ast.Resource]) -> tuple[dict[str, str], str]:
    """Plain-text messages as str, the rest as Fluent syntax for Fluent to format (parsed again
    when the language is first used; its tree is what the parser gave here).

    Four messages in five are text alone. Kept as Fluent nodes, each costs a Message, a
    Pattern, a TextElement and their lists, then a second, compiled copy once formatted:
    about 2 MB for three languages (issue 14). Their text is exactly what Fluent returns
    for them. A message that another one places stays with Fluent, which resolves it.
    """
    entries = [e for r in resources for e in r.body if isinstance(e, ast.Message | ast.Term)]
    placed = _referenced(entries)
    texts: dict[str, str] = {}
    rest: list[ast.EntryType] = []
    for entry in entries:
        text = _text(entry) if isinstance(entry, ast.Message) else None
        if text is None or entry.id.name in placed:
            rest.append(entry)
        else:
            texts[entry.id.name] = text
    return texts, FluentSerializer().serialize(ast.Resource(body=rest))


def load_catalogs(root: Path, languages: tuple[str, ...] = SUPPORTED) -> Translator:
    """Load every .ftl file of each language; refuses a syntax error or a duplicate id."""
    formatted: dict[str, str] = {}
    keys: dict[str, set[str]] = {}
    texts: dict[str, dict[str, str]] = {}
    for lang in languages:
        files = sorted((root / lang).glob("*.ftl"))
        if not files:
            raise CatalogError(f"{root / lang}: no .ftl files")
        seen: set[str] = set()
        resources = []
        for path in files:
            resource, ids = _parse(path)
            dup = seen & ids
            if dup:
                raise CatalogError(f"{path}: duplicate message id {sorted(dup)[0]!r}")
            seen |= ids
            resources.append(resource)
        texts[lang], formatted[lang] = _split(resources)
        keys[lang] = seen
    return Translator(formatted, keys, texts)
