"""Risk statements in free text: a transparent phrase list per language, matched after normalising.

Pure and synchronous: the one I/O is `load_phrases`, which reads locales/<lang>/safety.toml.
It errs towards false positives. Negation and idiom never remove a match: an idiom that
overlaps a match only marks it `idiomatic`, so the clinician notice can say so.

Phrase syntax (documented for clinicians at the top of each safety.toml):
  words      match whole words, in order, after both sides are normalised
  a|b        either word                  `took|swallowed all my pills`
  word*      any ending                   `suicid*` matches suicide, suicidal
  ...        up to GAP_WORDS other words  `took all ... pills` matches "took all of my pills"
  ##         a number of 2+ digits        `took ## pills` matches "took 40 pills", not "took 2"
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Urgency = Literal["crisis", "medical"]
URGENCIES: tuple[Urgency, ...] = ("crisis", "medical")  # most urgent first
REQUIRED = ("suicidal", "self_harm", "overdose", "stopped_all", "severe_reaction")
FILE_NAME = "safety.toml"
GAP_WORDS = 4
RUN_ON_MIN = 7  # a shorter joined phrase ("kilme") hides inside ordinary words
Span = tuple[int, int]

# Apostrophes vanish so "don't", "don’t" and "dont" agree; Russian ь/ъ are often left out.
_DROPPED = dict.fromkeys(map(ord, "'’‘`´ʼʻ′＇ьъЬЪ"))
_REPEATS = re.compile(r"([^\W\d_])\1+")
_GAP = rf"(?: \S+){{0,{GAP_WORDS}}}"
_FILE_KEYS = {"rewrite", "idioms", "category"}


class PhraseFileError(ValueError):
    """A safety phrase file is missing or malformed; the one-line message names the file."""


@dataclass(frozen=True)
class Match:
    """One phrase found in a message."""

    category: str
    urgency: Urgency
    phrase: str  # as written in the phrase file, so the clinician sees what matched
    language: str
    idiomatic: bool


@dataclass(frozen=True)
class Phrase:
    """A compiled phrase of one category."""

    category: str
    urgency: Urgency
    text: str
    pattern: re.Pattern[str]
    run_on: re.Pattern[str] | None  # the phrase typed without spaces: "killmyself"


@dataclass(frozen=True)
class PhraseList:
    """One language's phrases, idioms and rewrites (typed form -> canonical form)."""

    phrases: tuple[Phrase, ...]
    idioms: tuple[re.Pattern[str], ...]
    rewrites: Mapping[str, str]
    rewriter: re.Pattern[str] | None


@dataclass(frozen=True)
class Phrasebook:
    """Phrase lists by language code."""

    languages: Mapping[str, PhraseList]


# --- normalising -----------------------------------------------------------------------------


def _char(c: str) -> str:
    category = unicodedata.category(c)
    if category[0] == "M" or category == "Cf":
        return ""  # accents and zero-width characters sit inside words: drop, do not split
    return c if c.isalnum() else " "


def _collapse(text: str) -> str:
    # Every run of a letter becomes one letter ("diiieee" -> "die", "kill" -> "kil"), in text
    # and phrases alike, so doubled-letter misspellings ("pils", "kil") need no entry.
    return _REPEATS.sub(r"\1", text)


def normalise(text: str) -> str:
    """Lower-case, unaccented, punctuation-free words with letter runs collapsed."""
    # Decompose before and after case-folding: "𝕊" only becomes "S" once decomposed.
    text = unicodedata.normalize("NFKD", text.translate(_DROPPED))
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_DROPPED)
    return " ".join(_collapse("".join(map(_char, text))).split())


def rewrite(normalised: str, phrases: PhraseList) -> str:
    """Replace a language's slang and misspellings ("wanna", "suicde") by their canonical words."""
    if phrases.rewriter is None:
        return normalised
    return phrases.rewriter.sub(lambda m: phrases.rewrites[m.group(0)], normalised)


# --- compiling phrases -----------------------------------------------------------------------


def _alternative(alt: str) -> str:
    """Regex for one alternative of a phrase word."""
    if alt == "##":
        return r"\d{2,}"
    stem = normalise(alt)
    if not stem:
        raise ValueError(f"empty alternative {alt!r}")
    return re.escape(stem) + (r"\S*" if alt.endswith("*") else "")


def _word(word: str) -> str:
    """Regex for one phrase word with the space before it; `...` is a gap of words."""
    if word == "...":
        return _GAP
    return " (?:" + "|".join(map(_alternative, word.split("|"))) + ")"


def _pattern(phrase: str) -> re.Pattern[str]:
    """Regex matching the phrase as whole words in normalised text."""
    words = phrase.split()
    if not words or "..." in (words[0], words[-1]):
        raise ValueError(f"phrase {phrase!r} is empty or starts or ends with '...'")
    try:
        body = "".join(map(_word, words))[1:]  # drop the first word's leading space
    except ValueError as error:
        raise ValueError(f"phrase {phrase!r}: {error}") from None
    return re.compile(rf"(?<!\S){body}(?!\S)")


def _run_on(phrase: str) -> re.Pattern[str] | None:
    """A plain multi-word phrase typed without spaces ("wanttodie"), found inside any word."""
    words = phrase.split()
    if len(words) < 2 or any("*" in w or "#" in w or w == "..." for w in words):
        return None
    options = [[normalise(alt).replace(" ", "") for alt in w.split("|")] for w in words]
    joined = {_collapse("".join(combo)) for combo in itertools.product(*options)}
    long_enough = sorted(j for j in joined if len(j) >= RUN_ON_MIN)
    return re.compile("|".join(map(re.escape, long_enough))) if long_enough else None


def _compile(category: str, urgency: Urgency, text: str) -> Phrase:
    return Phrase(category, urgency, text, _pattern(text), _run_on(text))


# --- loading ---------------------------------------------------------------------------------


def _strings(table: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {key!r} must be a non-empty list of strings")
    return value


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ValueError(f"{key!r} must be a table")
    return value


def _category(name: str, body: Any) -> Iterator[Phrase]:
    where = f"category {name!r}"
    if not isinstance(body, dict) or set(body) - {"urgency", "phrases"}:
        raise ValueError(f"{where}: only 'urgency' and 'phrases' are allowed")
    if body.get("urgency") not in URGENCIES:
        raise ValueError(f"{where}: urgency must be one of {', '.join(URGENCIES)}")
    return (_compile(name, body["urgency"], text) for text in _strings(body, "phrases", where))


def _rewrites(table: Mapping[str, Any]) -> dict[str, str]:
    if not all(isinstance(v, str) and normalise(v) for v in table.values()):
        raise ValueError("every rewrite must be a non-empty string")
    rewrites = {normalise(k): normalise(v) for k, v in table.items()}
    if "" in rewrites:
        raise ValueError("a rewrite key is empty after normalising")
    return rewrites


def _rewriter(rewrites: Mapping[str, str]) -> re.Pattern[str] | None:
    # Longest first, so "my self" wins over "my".
    keys = sorted(rewrites, key=len, reverse=True)
    return re.compile(rf"(?<!\S)(?:{'|'.join(map(re.escape, keys))})(?!\S)") if keys else None


def _parse(data: Mapping[str, Any]) -> PhraseList:
    """A phrase list from a parsed safety.toml; raises ValueError naming what is wrong."""
    if unknown := sorted(set(data) - _FILE_KEYS):
        raise ValueError(f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_FILE_KEYS))})")
    categories = _table(data, "category")
    if missing := [name for name in REQUIRED if name not in categories]:
        raise ValueError(f"category {missing[0]!r} is missing")
    phrases = tuple(p for name, body in categories.items() for p in _category(name, body))
    idioms = _table(data, "idioms")
    idiom_texts = _strings(idioms, "phrases", "idioms") if idioms else []
    rewrites = _rewrites(_table(data, "rewrite"))
    return PhraseList(phrases, tuple(map(_pattern, idiom_texts)), rewrites, _rewriter(rewrites))


def load_phrase_file(path: Path) -> PhraseList:
    """Read one safety.toml; a missing or malformed file raises PhraseFileError naming it."""
    try:
        with path.open("rb") as file:
            return _parse(tomllib.load(file))
    except (OSError, tomllib.TOMLDecodeError, ValueError, re.error) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise PhraseFileError(" ".join(f"{path}: {reason}".split())) from error


def load_phrases(root: Path, languages: Iterable[str]) -> Phrasebook:
    """Read root/<lang>/safety.toml for every language."""
    return Phrasebook({lang: load_phrase_file(root / lang / FILE_NAME) for lang in languages})


# --- scanning --------------------------------------------------------------------------------


def _spans(text: str, phrase: Phrase) -> list[Span]:
    spans = [m.span() for m in phrase.pattern.finditer(text)]
    if phrase.run_on:
        spans += [m.span() for m in phrase.run_on.finditer(text)]
    return spans


def _covered(span: Span, idioms: list[Span]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in idioms)


def _scan_language(normalised: str, code: str, phrases: PhraseList) -> Iterator[Match]:
    # The raw and the rewritten text are both searched: a rewrite may add a match, never hide one.
    views = []
    for text in dict.fromkeys((normalised, rewrite(normalised, phrases))):
        views.append((text, [m.span() for idiom in phrases.idioms for m in idiom.finditer(text)]))
    for phrase in phrases.phrases:
        hits = [(_spans(text, phrase), idioms) for text, idioms in views]
        if any(spans for spans, _ in hits):
            # Idiomatic only when every occurrence overlaps an idiom.
            idiomatic = all(_covered(s, idioms) for spans, idioms in hits for s in spans)
            yield Match(phrase.category, phrase.urgency, phrase.text, code, idiomatic)


def scan(text: str, book: Phrasebook, languages: Iterable[str] | None = None) -> list[Match]:
    """Every phrase found in `text`, searching all loaded languages unless told which."""
    codes = list(book.languages if languages is None else languages)
    if unknown := [code for code in codes if code not in book.languages]:
        raise ValueError(f"no safety phrases loaded for {', '.join(unknown)}")
    normalised = normalise(text)
    return [m for code in codes for m in _scan_language(normalised, code, book.languages[code])]


def most_urgent(matches: Iterable[Match]) -> Match | None:
    """The match to act on: crisis before medical, a literal match before an idiomatic one."""
    return min(matches, key=lambda m: (URGENCIES.index(m.urgency), m.idiomatic), default=None)
