"""Risk statements in free text: a transparent phrase list per language, matched after normalising.

Pure and synchronous: the one I/O is `load_phrases`, which reads locales/<lang>/safety.toml.
It errs towards false positives. Negation and idiom never remove a match: an idiom that
overlaps a match, or a negation right before it ("I would never ..."), only marks it
`idiomatic` (and `negated`), so the reply can ask before assuming and the clinician notice can
say so.

Each phrase belongs to a category (what the reply is about) and a family (which kind of
statement: "explicit", or an indirect family such as "burden" or "stockpiling").

Phrase syntax (documented for clinicians at the top of each safety.toml):
  words      match whole words, in order, after both sides are normalised
  a|b        either word                  `took|swallowed all my pills`
  word*      any ending                   `suicid*` matches suicide, suicidal
  ...        up to GAP_WORDS other words  `took all ... pills` matches "took all of my pills"
  a & b      both parts anywhere in the message, either order  `bleach & drink|swallow`
  ##         a number of 2+ digits        `took ## pills` matches "took 40 pills", not "took 2"

Two general loosenings apply to every category phrase of two or more words (not to one-word
phrases, which are chosen forms, nor to idioms or negations, which stay as written and so can
only mark fewer matches):
  - one other word may stand between two adjacent words ("want to die" matches "want to just
    die"), unless it is one of the language's negation words (the one-word phrases of its
    [negation] `before` list), so "want to not die" stays unmatched; in a phrase with fewer
    than two content words ("no puedo más") only one of [inflection] `fillers` may ("ya no
    puedo (de verdad) más", not "no puedo (tomar) más");
  - with an [inflection] table, phrase and text are compared by stems: a word of at least
    `min_stem` letters, not in `keep`, loses a clitic, then its longest ending, each only when
    `min_stem` letters are left ("покончить", "покончила" and "покончу" are all "поконч";
    "cut", "cuts" and "cutting" are all "cut"). `word*` still reads the word as typed.
    Before its ending is cut, a word is spelt by sound through the language's [sounds] table
    (regex -> replacement, in order: es "kemé" and "quemé", "bida" and "vida"; ru "прижыгаю"
    and "прижигаю"), so a typo that keeps the sound keeps the stem; and a phrase word matches
    no text word ending in one of [inflection] `others` (another person: "me cortaron la
    dosis" is not "me corto") unless it ends in one itself.
Numbers of ten and more written as words are digits after [rewrite] ("twenty" -> "20",
"сорока" -> "40"), so `##` reads them.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
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
_FILE_KEYS = {
    "rewrite",
    "idioms",
    "category",
    "negation",
    "transliteration",
    "inflection",
    "sounds",
}
_INFLECTION_KEYS = {"endings", "clitics", "min_stem", "keep", "fillers", "others"}
_CATEGORY_KEYS = {"urgency", "phrases", "families"}
EXPLICIT = "explicit"  # the family of a category's own `phrases` list
_NAME = re.compile(r"[a-z][a-z0-9_]*")

# Look-alike letters typed inside a word of the other script ("умeреть" with a Latin e, "kіll"
# with a Cyrillic і): a word is folded into the script most of its letters are in. Case-folded.
_TO_CYRILLIC = dict(zip("aeopcxykmthbnur", "аеорсхукмтнвпиг", strict=True))
_TO_LATIN = dict(zip("аеорсхукмтнвіјѕԁһ", "aeopcxykmthbijsdh", strict=True))
_LATIN = re.compile("[a-z]")
_LATIN_WORD = re.compile(r"\S*[a-z]\S*")


@dataclass(frozen=True)
class Grammar:
    """How a language's category phrases are loosened: which words may not be the one word
    allowed between two adjacent phrase words, and the endings a phrase word may take."""

    barred: frozenset[str] = frozenset()  # negation words: never the word in between
    endings: tuple[str, ...] = ()  # normalised, longest first
    min_stem: int = 0
    keep: frozenset[str] = frozenset()  # normalised words matched as written
    clitics: tuple[str, ...] = ()  # may follow an ending: es "me", "lo"; ru "ся"
    fillers: frozenset[str] = frozenset()  # the only words let into a phrase of function words
    # Spellings of one sound, applied in order to every word of phrase and text before its
    # ending is cut ("quemé" and "kemé" are both "keme"; "прижыгаю" is "прижигаю").
    sounds: tuple[tuple[re.Pattern[str], str], ...] = ()
    # Endings of another person ("me cortaron": they cut my dose): a phrase word ending
    # otherwise ("me corto") does not match a text word with one of these.
    others: tuple[str, ...] = ()

    def gap(self, any_word: bool = True) -> str:
        """Regex for one optional word between two adjacent phrase words: any word but a
        negation, or (`any_word` false) only one of the language's fillers ("just", "просто")."""
        if not any_word:
            if not self.fillers:
                return ""
            fillers = "|".join(map(re.escape, sorted(self.fillers)))
            before = r"\S*/" if self.inflects else ""  # stemmed text: the word after the "/"
            return rf"(?: {before}(?:{fillers})(?!\S))?"
        if not self.barred:
            return r"(?: \S+)?"
        if self.inflects:  # in stemmed text a negation word is "!/word"
            return r"(?: [^!\s]\S*)?"
        barred = "|".join(map(re.escape, sorted(self.barred)))
        return rf"(?: (?!(?:{barred})(?!\S))\S+)?"

    @property
    def inflects(self) -> bool:
        return bool(self.endings)

    def is_content(self, word: str) -> bool:
        """Whether a phrase word carries meaning of its own: some alternative is not a
        negation, not kept as written ("more", "больше") and has three letters or more."""
        return any(
            alt.endswith("*")
            or len(n := _normal(alt)) >= 3
            and n not in self.keep
            and n not in self.barred
            for alt in word.split("|")
            if word not in ("...", "##")
        )

    def sound(self, word: str) -> str:
        """The word with the language's spellings of one sound made one ([sounds])."""
        for pattern, replacement in self.sounds:
            word = pattern.sub(replacement, word)
        return word

    def stem(self, word: str) -> str:
        """A normalised word spelt by sound ([sounds]), less a clitic, then less its longest
        ending, each only when `min_stem` letters are left; a clitic leaves a mark of its first
        letter, so a word written with one matches only words with one of the same kind
        ("cortarme" and "cortándome" -> "cort+m", "cortar" -> "kort"; "попрощаться" and
        "попрощалась" -> "попрощ+с"), while a word written without one matches both. Numbers
        are left as they are; short words and `keep` words are only spelt by sound, marked
        "=" ("=beo"), so that they match only words of the same sound, not words of which they
        are the stem ("меня", not "меняли")."""
        if word in self.barred:
            return "!"  # a negation word: never the word let in between
        if not word.isalpha():
            return word
        sound = self.sound(word)
        if len(sound) < self.min_stem or word in self.keep:
            return f"={sound}"
        stem, clitic = self._cut(sound, self.clitics)
        stem, _ = self._cut(stem, self.endings)
        return f"{stem}+{clitic[0]}" if clitic else stem

    def word(self, word: str) -> tuple[str, str]:
        """A normalised phrase word in stemmed text, as regexes (its stem, what follows): any
        word of the same stem (a word written without a clitic also matching one with it:
        "despertar" matches "despertarme"), unless the text word ends in another person's
        ending the phrase word does not ("me corto", not "me cortaron"); a negation word or a
        number only itself."""
        stem = self.stem(word)
        if stem == "!" or not word.isalpha():
            return re.escape(f"{stem}/{word}"), ""
        base, _, mark = stem.partition("+")
        tail = rf"/\+{re.escape(mark)}/" if mark else "/"
        others = [e for e in self.others if not word.endswith(e)]
        if others and not base.startswith("="):
            ends = "|".join(map(re.escape, others))
            tail += rf"(?!\S*(?:{ends})(?!\S))"
        return re.escape(base), tail + r"\S+"

    def stems(self, normalised: str) -> str:
        """A normalised text with every word written "stem/word" ("stem/+m/word" after a
        clitic), so that a phrase of stems can still ask for a word's beginning ("таблет*")
        or a number."""
        return " ".join(self._token(word) for word in normalised.split())

    def _token(self, word: str) -> str:
        """A word of stemmed text: "stem/word", or "stem/+m/word" after a clitic (its mark)."""
        base, _, mark = self.stem(word).partition("+")
        return f"{base}/+{mark}/{word}" if mark else f"{base}/{word}"

    def _cut(self, word: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
        """The word less its longest suffix that leaves `min_stem` letters, and that suffix."""
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= self.min_stem:
                return word[: -len(suffix)], suffix
        return word, ""


AS_WRITTEN = Grammar()  # idioms and negations: no word in between, no endings


class PhraseFileError(ValueError):
    """A safety phrase file is missing or malformed; the one-line message names the file."""


@dataclass(frozen=True)
class Match:
    """One phrase found in a message."""

    category: str
    urgency: Urgency
    phrase: str  # as written in the phrase file, so the clinician sees what matched
    language: str
    idiomatic: bool  # every occurrence is inside an idiom or negated: ask, do not assume
    family: str = EXPLICIT  # "explicit", or the indirect family ("burden", "stockpiling", ...)
    negated: bool = False  # every occurrence follows a negation ("I'd never ...", "no quiero")


# Compiled phrase patterns kept at once. A phrasebook's 2,000-odd patterns compiled up front
# held about 5 MB of every process (issue 14), while a message reaches few of them: a phrase's
# regex is searched only in a text with its anchor word, and its run-on form only in a text
# with one of its joined spellings. Those it reaches are compiled then and the most recent
# kept; the regexes, and so the matches, are the same.
COMPILED_KEPT = 256


@dataclass(frozen=True, eq=False, slots=True)  # compared, and cached, by identity
class Phrase:
    """A phrase of one category, its regexes compiled when first searched."""

    category: str
    urgency: Urgency
    text: str
    family: str = EXPLICIT
    stemmed: bool = False  # the pattern is of stems: search the text's stems
    # One word the phrase cannot match without (its stems or words, and `word*` beginnings):
    # a text without any of them is not searched, which keeps scanning fast.
    anchor: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    grammar: Grammar = AS_WRITTEN  # how the phrase is loosened (the language's, or as written)
    # The phrase typed without spaces ("killmyself"), each way its alternatives spell it; its
    # regex (`run_on`) is searched only in a text with one of them inside a word.
    joined: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        """The regex of the phrase's words, in normalised text (in its stems when `stemmed`)."""
        return _phrase_pattern(self)

    @property
    def run_on(self) -> re.Pattern[str] | None:
        """The regex of the phrase typed without spaces, found inside any word; None when it
        has no joined form long enough to be told from ordinary words."""
        return _joined_pattern(self.joined) if self.joined else None


@functools.lru_cache(maxsize=COMPILED_KEPT)
def _phrase_pattern(phrase: Phrase) -> re.Pattern[str]:
    return _pattern(phrase.text, phrase.grammar)


@functools.lru_cache(maxsize=COMPILED_KEPT)
def _joined_pattern(joined: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, joined)))


@dataclass(frozen=True)
class PhraseList:
    """One language's phrases, idioms and rewrites (typed form -> canonical form); negations
    (words that, right before a match, mark it negated) and a transliteration (Latin letters
    -> this language's script, for a language often typed in Latin letters)."""

    phrases: tuple[Phrase, ...]
    idioms: tuple[re.Pattern[str], ...]
    rewrites: Mapping[str, str]
    rewrite_words: int  # the most words a rewritten form has
    negations: re.Pattern[str] | None = None
    not_negations: re.Pattern[str] | None = None
    transliteration: Mapping[str, str] = field(default_factory=dict)
    transliterator: re.Pattern[str] | None = None
    grammar: Grammar = AS_WRITTEN
    joined: frozenset[str] = frozenset()  # every phrase's joined spellings (`Phrase.joined`)


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


def _fold(word: str) -> str:
    """A word mixing Latin and Cyrillic letters, written in its own script: the one of its
    letters that have no look-alike in the other ("oбyзa": б and з are Cyrillic only), else
    the one most of its letters are in."""
    latin = sum("a" <= c <= "z" for c in word)
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in word)
    if not latin or not cyrillic:
        return word
    only_cyrillic = any("\u0400" <= c <= "\u04ff" and c not in _TO_LATIN for c in word)
    only_latin = any("a" <= c <= "z" and c not in _TO_CYRILLIC for c in word)
    if only_cyrillic != only_latin:
        table = _TO_CYRILLIC if only_cyrillic else _TO_LATIN
    else:
        table = _TO_CYRILLIC if cyrillic >= latin else _TO_LATIN
    return "".join(table.get(c, c) for c in word)


def _collapse(text: str) -> str:
    # Every run of a letter becomes one letter ("diiieee" -> "die", "kill" -> "kil"), in text
    # and phrases alike, so doubled-letter misspellings ("pils", "kil") need no entry.
    return _REPEATS.sub(r"\1", text)


def normalise(text: str) -> str:
    """Lower-case, unaccented, punctuation-free words with letter runs collapsed; a word mixing
    Latin and Cyrillic look-alike letters is folded into one script."""
    # Decompose before and after case-folding: "𝕊" only becomes "S" once decomposed.
    text = unicodedata.normalize("NFKD", text.translate(_DROPPED))
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_DROPPED)
    words = "".join(map(_char, text)).split()
    # Collapse before folding too, so that the counts folding goes by are those of the result
    # (normalising twice changes nothing).
    return " ".join(_collapse(_fold(_collapse(word))) for word in words)


def rewrite(normalised: str, phrases: PhraseList) -> str:
    """Replace a language's slang and misspellings ("wanna", "suicde") by their canonical words."""
    if not phrases.rewrites:
        return normalised
    words, out, i = normalised.split(), [], 0
    longest = phrases.rewrite_words
    while i < len(words):
        # The longest rewrite starting at this word wins ("my self" before "my").
        for n in range(min(longest, len(words) - i), 0, -1):
            found = phrases.rewrites.get(" ".join(words[i : i + n]))
            if found is not None:
                out.append(found)
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def transliterate(normalised: str, phrases: PhraseList) -> str:
    """Words typed in Latin letters in the language's own script ("hochu" -> "хочу"), then
    normalised again; words without a Latin letter (numbers, Cyrillic) are left alone."""
    if phrases.transliterator is None or not _LATIN.search(normalised):
        return normalised
    table, keys = phrases.transliteration, phrases.transliterator
    # Keys ending in "$" spell a word's end only ("tsa$" is "тся" in "kazhetsa", while "tsa"
    # inside a word is "ца": "ulitsa"), longest first.
    finals = sorted((k[:-1] for k in table if k.endswith("$")), key=len, reverse=True)

    def word(m: re.Match[str]) -> str:
        typed, end = m.group(0), ""
        for final in finals:
            if typed.endswith(final) and len(typed) > len(final):
                typed, end = typed[: -len(final)], table[final + "$"]
                break
        return keys.sub(lambda k: table[k.group(0)], typed) + end

    return normalise(_LATIN_WORD.sub(word, normalised))


# --- compiling phrases -----------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _normal(word: str) -> str:
    """`normalise` for phrase words, remembered: a phrase's words recur while it is compiled,
    and across neighbouring phrases (all of a phrasebook's would be 0.9 MB kept)."""
    return normalise(word)


def _alternative(alt: str, grammar: Grammar = AS_WRITTEN) -> tuple[str, str]:
    """One alternative of a phrase word as regexes (its beginning, what follows it), stemmed
    when the grammar inflects: alternatives with the same ending share it."""
    stemmed = grammar.inflects  # the text searched is "stem/word stem/word ..."
    if alt == "##":
        return r"\d{2,}", r"/\S+" if stemmed else ""
    stem = _normal(alt)
    if not stem:
        raise ValueError(f"empty alternative {alt!r}")
    if alt.endswith("*"):
        return (r"\S*/" if stemmed else "") + re.escape(stem), r"\S*"
    if not stemmed:
        return re.escape(stem), ""
    if " " not in stem:
        return grammar.word(stem)
    return " ".join("".join(grammar.word(part)) for part in stem.split()), ""


def _word(
    word: str, grammar: Grammar = AS_WRITTEN, loose: bool = False, any_word: bool = True
) -> str:
    """Regex for one phrase word with the space before it; `...` is a gap of words; `loose`
    lets one other word stand before it (`any_word` false: only a filler)."""
    if word == "...":
        return _GAP
    tails: dict[str, list[str]] = {}
    for alt in word.split("|"):
        start, tail = _alternative(alt, grammar)
        if start not in tails.setdefault(tail, []):
            tails[tail].append(start)
    either = "|".join(
        starts[0] + tail if len(starts) == 1 else f"(?:{'|'.join(starts)}){tail}"
        for tail, starts in tails.items()
    )
    return (grammar.gap(any_word) if loose else "") + f" (?:{either})"


def _body(phrase: str, grammar: Grammar = AS_WRITTEN) -> str:
    """Regex for the phrase's words, without the whole-word guards at either end."""
    words = phrase.split()
    if not words or "..." in (words[0], words[-1]):
        raise ValueError(f"phrase {phrase!r} is empty or starts or ends with '...'")
    if len(words) == 1:
        grammar = AS_WRITTEN  # one word is a chosen form ("cortarme"): as written
    loosened = grammar is not AS_WRITTEN
    # Any one word may stand in between in a phrase of two content words or more; in a phrase
    # of function words ("no puedo más", "can not go on") only a filler may, for one more
    # word changes its sense ("no puedo tomar más", "I can't go out on Fridays").
    any_word = sum(map(grammar.is_content, words)) >= 2
    try:
        parts = [
            _word(w, grammar, loosened and i > 0 and "..." not in (w, words[i - 1]), any_word)
            for i, w in enumerate(words)
        ]
    except ValueError as error:
        raise ValueError(f"phrase {phrase!r}: {error}") from None
    return "".join(parts)[1:]  # drop the first word's leading space


def _source(phrase: str, grammar: Grammar = AS_WRITTEN) -> str:
    """Regex matching the phrase as whole words in normalised text; `a & b`: both parts,
    anywhere in the message, in either order. Raises ValueError for a malformed phrase."""
    parts = phrase.split(" & ")
    if len(parts) == 1:
        return rf"(?<!\S){_body(phrase, grammar)}(?!\S)"
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise ValueError(f"phrase {phrase!r}: '&' joins exactly two parts")
    a, b = (rf"(?<!\S){_body(p.strip(), grammar)}(?!\S)" for p in parts)
    return rf"{a}.*?{b}|{b}.*?{a}"


def _pattern(phrase: str, grammar: Grammar = AS_WRITTEN) -> re.Pattern[str]:
    return re.compile(_source(phrase, grammar))


def _run_on(phrase: str) -> tuple[str, ...]:
    """A plain multi-word phrase typed without spaces ("wanttodie"), each way it can be spelt,
    in the order its regex tries them; none for a phrase that cannot be typed so."""
    words = phrase.split()
    if len(words) < 2 or any("*" in w or "#" in w or w in ("...", "&") for w in words):
        return ()
    options = [[normalise(alt).replace(" ", "") for alt in w.split("|")] for w in words]
    joined = {_collapse("".join(combo)) for combo in itertools.product(*options)}
    return tuple(sorted(j for j in joined if len(j) >= RUN_ON_MIN))


def _compile(
    category: str,
    urgency: Urgency,
    text: str,
    family: str = EXPLICIT,
    grammar: Grammar = AS_WRITTEN,
) -> Phrase:
    # One word stays as written; so do the two parts of `a & b`, searched as typed.
    both = " & " in text
    stemmed = grammar.inflects and len(text.split()) > 1 and not both
    grammar = AS_WRITTEN if both else grammar
    _source(text, grammar)  # a malformed phrase is refused now, not when first searched
    anchor = _anchor(text, grammar if stemmed else AS_WRITTEN)
    return Phrase(category, urgency, text, family, stemmed, anchor, grammar, _run_on(text))


def _anchor(phrase: str, grammar: Grammar) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The phrase word with the fewest alternatives, as (stems or words, `word*` beginnings),
    each string one for all phrases (interned: the same words recur)."""
    best: tuple[tuple[bool, int, int], tuple[tuple[str, ...], tuple[str, ...]]] | None = None
    for word in phrase.split():
        alternatives = [_normal(alt) for alt in word.split("|")]
        if word in ("...", "&") or "##" in word.split("|") or any(" " in a for a in alternatives):
            continue
        starred = [
            a for a, alt in zip(alternatives, word.split("|"), strict=True) if alt.endswith("*")
        ]
        plain = {
            _bare(grammar.stem(a)) if grammar.inflects else a
            for a in alternatives
            if a not in starred
        }
        # Fewest alternatives, longest; a negation word ("!") last, it is in many texts.
        key = ("!" in plain, len(alternatives), -min(map(len, alternatives)))
        if best is None or key < best[0]:
            words = (tuple(map(sys.intern, sorted(plain))), tuple(map(sys.intern, starred)))
            best = (key, words)
    return best[1] if best else None


def _bare(stem: str) -> str:
    """A stem without its clitic mark ("cort+m" -> "cort")."""
    return stem.split("+")[0]


def _ending(texts: list[str]) -> re.Pattern[str] | None:
    """One regex for phrases that must end where a match begins (negations)."""
    if not texts:
        return None
    return re.compile(rf"(?<!\S)(?:{'|'.join(map(_body, texts))})$")


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


def _category(name: str, body: Any, grammar: Grammar) -> Iterator[Phrase]:
    where = f"category {name!r}"
    if not isinstance(body, dict) or set(body) - _CATEGORY_KEYS:
        raise ValueError(f"{where}: only 'urgency', 'phrases' and 'families' are allowed")
    if body.get("urgency") not in URGENCIES:
        raise ValueError(f"{where}: urgency must be one of {', '.join(URGENCIES)}")
    urgency: Urgency = body["urgency"]
    families = {EXPLICIT: _strings(body, "phrases", where)}
    for family, texts in _table(body, "families").items():
        if not _NAME.fullmatch(family) or family == EXPLICIT:
            raise ValueError(f"{where}: bad family name {family!r}")
        families[family] = _strings({family: texts}, family, f"{where}, families")
    return (
        _compile(name, urgency, t, fam, grammar) for fam, texts in families.items() for t in texts
    )


def _rewrites(table: Mapping[str, Any]) -> dict[str, str]:
    if not all(isinstance(v, str) and normalise(v) for v in table.values()):
        raise ValueError("every rewrite must be a non-empty string")
    rewrites = {normalise(k): normalise(v) for k, v in table.items()}
    if "" in rewrites:
        raise ValueError("a rewrite key is empty after normalising")
    return rewrites


def _transliteration(table: Mapping[str, Any]) -> dict[str, str]:
    if not all(isinstance(v, str) for v in table.values()):
        raise ValueError("every transliteration must be a string")
    if not all(re.fullmatch(r"[a-z0-9]+\$?", k) for k in table):
        raise ValueError(
            "a transliteration key must be lower-case Latin letters or digits ($: at a word's end)"
        )
    return dict(table)


def _grammar(
    inflection: Mapping[str, Any], negations: list[str], sounds: Mapping[str, Any] | None = None
) -> Grammar:
    """The loosening of a language's category phrases: its negation words (the one-word
    [negation] phrases) are never the word let in between, its [inflection] endings, and its
    [sounds] (spellings of one sound)."""
    sounds = sounds or {}
    barred = frozenset(
        normalise(alt) for text in negations if len(text.split()) == 1 for alt in text.split("|")
    )
    if not inflection:
        return Grammar(barred, sounds=_sounds(sounds))
    if set(inflection) - _INFLECTION_KEYS:
        raise ValueError(
            "[inflection]: only 'endings', 'clitics', 'min_stem', 'keep', 'fillers' and 'others'"
            " are allowed"
        )
    min_stem = inflection.get("min_stem")
    if not isinstance(min_stem, int) or isinstance(min_stem, bool) or min_stem < 2:
        raise ValueError("[inflection]: min_stem must be a whole number of at least 2")

    def suffixes(key: str) -> tuple[str, ...]:
        found = _strings(inflection, key, "inflection") if key in inflection else []
        if not all(e.isalpha() for e in found):
            raise ValueError(f"[inflection]: every one of {key!r} must be letters only")
        # Longest first: a word loses its longest ending. "ь" normalises to nothing: dropped.
        normalised = {_collapse(normalise(e)) for e in found} - {""}
        return tuple(sorted(normalised, key=lambda e: (-len(e), e)))

    keep = _strings(inflection, "keep", "inflection") if "keep" in inflection else []
    fillers = _strings(inflection, "fillers", "inflection") if "fillers" in inflection else []
    folding = _sounds(sounds)

    def spelt(key: str) -> tuple[str, ...]:
        """Suffixes spelt by sound, as the words they are cut from are."""
        found = {
            functools.reduce(lambda w, s: s[0].sub(s[1], w), folding, e) for e in suffixes(key)
        }
        return tuple(sorted(found - {""}, key=lambda e: (-len(e), e)))

    return Grammar(
        barred,
        spelt("endings"),
        min_stem,
        frozenset(normalise(w) for w in keep),
        spelt("clitics"),
        frozenset(normalise(w) for w in fillers) - barred,
        folding,
        suffixes("others"),
    )


def _sounds(table: Mapping[str, Any]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """[sounds]: regex -> replacement over normalised lower-case words, applied in order."""
    if not all(isinstance(v, str) for v in table.values()):
        raise ValueError("[sounds]: every replacement must be a string")
    try:
        return tuple((re.compile(k), v) for k, v in table.items())
    except re.error as error:
        raise ValueError(f"[sounds]: {error}") from None


def _parse(data: Mapping[str, Any]) -> PhraseList:
    """A phrase list from a parsed safety.toml; raises ValueError naming what is wrong."""
    if unknown := sorted(set(data) - _FILE_KEYS):
        raise ValueError(f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_FILE_KEYS))})")
    categories = _table(data, "category")
    if missing := [name for name in REQUIRED if name not in categories]:
        raise ValueError(f"category {missing[0]!r} is missing")
    idioms = _table(data, "idioms")
    idiom_texts = _strings(idioms, "phrases", "idioms") if idioms else []
    negation = _table(data, "negation")
    if set(negation) - {"before", "except"}:
        raise ValueError("[negation]: only 'before' and 'except' are allowed")
    before = _strings(negation, "before", "negation") if negation else []
    unless = _strings(negation, "except", "negation") if "except" in negation else []
    grammar = _grammar(_table(data, "inflection"), before, _table(data, "sounds"))
    phrases = tuple(p for name, body in categories.items() for p in _category(name, body, grammar))
    rewrites = _rewrites(_table(data, "rewrite"))
    letters = _transliteration(_table(data, "transliteration"))
    # Longest first, so "shch" wins over "sh".
    keys = sorted((k for k in letters if not k.endswith("$")), key=len, reverse=True)
    return PhraseList(
        phrases,
        tuple(map(_pattern, idiom_texts)),
        rewrites,
        max((len(k.split()) for k in rewrites), default=0),
        _ending(before),
        _ending(unless),
        letters,
        re.compile("|".join(map(re.escape, keys))) if keys else None,
        grammar,
        frozenset(j for phrase in phrases for j in phrase.joined),
    )


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


def _spans(
    text: str,
    stems: str,
    phrase: Phrase,
    words: list[Span],
    anchored: bool = True,
    run_on: bool = True,
) -> list[Span]:
    """Where the phrase is in a text; a phrase of stems is searched in the text's stems (one
    word for one word, `words` being where the text's words are) and its spans given in the
    text's own words. Without its anchor word, only the phrase typed without spaces can be,
    and that only with one of its joined spellings in the text (`run_on`)."""
    if not anchored:
        spans = []
    elif phrase.stemmed and stems != text:
        found = (m.span() for m in phrase.pattern.finditer(stems))
        spans = [
            (words[stems.count(" ", 0, a)][0], words[stems.count(" ", 0, b)][1]) for a, b in found
        ]
    else:
        spans = [m.span() for m in phrase.pattern.finditer(text)]
    if run_on and phrase.joined:
        spans += [m.span() for m in _joined_pattern(phrase.joined).finditer(text)]
    return spans


def _inside(text: str, joined: frozenset[str]) -> frozenset[str]:
    """The joined spellings (of `PhraseList.joined`) inside the text's words: a spelling has no
    space, so where it is found it is inside one word."""
    if not joined:
        return frozenset()
    longest = max(map(len, joined))
    return frozenset(
        word[i:j]
        for word in set(text.split())
        for i in range(len(word) - RUN_ON_MIN + 1)
        for j in range(i + RUN_ON_MIN, min(len(word), i + longest) + 1)
        if word[i:j] in joined
    )


def _anchored(phrase: Phrase, words: set[str], stems: set[str]) -> bool:
    """Whether the text has the phrase's anchor word (else the phrase cannot be there)."""
    if phrase.anchor is None:
        return True
    plain, starred = phrase.anchor
    found = stems if phrase.stemmed else words
    if not found.isdisjoint(plain):
        return True
    return any(word.startswith(start) for start in starred for word in words)


def _covered(span: Span, idioms: list[Span]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in idioms)


def _negated(text: str, span: Span, judges: Iterable[PhraseList]) -> bool:
    """A negation of some language ends right where the occurrence begins ("never | kill
    myself"), and that language's exceptions do not ("can not | kill myself")."""
    if span[0] == 0:
        return False
    for phrases in judges:
        if phrases.negations is None:
            continue
        before = rewrite(text[: span[0]].rstrip(), phrases)
        if phrases.not_negations is not None and phrases.not_negations.search(before):
            continue
        if phrases.negations.search(before):
            return True
    return False


def views(normalised: str, phrases: PhraseList) -> list[tuple[str, bool, bool]]:
    """The texts a language's phrases are searched in, each with whether it is canonical
    (rewritten) and whether it is transliterated: as typed, rewritten, and for a language with
    a transliteration its Latin-letter words in the language's own script, as typed and
    rewritten. Every view is searched, so a view may add a match, never hide one."""
    found = [(normalised, False, False), (rewrite(normalised, phrases), True, False)]
    if phrases.transliterator is not None:
        latin = transliterate(normalised, phrases)
        if latin != normalised:
            found += [(latin, False, True), (rewrite(latin, phrases), True, True)]
    merged: dict[str, tuple[bool, bool]] = {}
    for text, canonical, spelt in found:  # the same text twice: canonical if either is
        was_canonical, was_spelt = merged.get(text, (False, True))
        merged[text] = (was_canonical or canonical, was_spelt and spelt)
    return [(text, canonical, spelt) for text, (canonical, spelt) in merged.items()]


def _scan_language(
    normalised: str, code: str, phrases: PhraseList, judges: list[PhraseList]
) -> Iterator[tuple[Match, bool]]:
    """The language's matches, each with whether it was found only by transliterating."""
    # Every language's idioms and negations judge every match: a message is searched in all
    # languages, and "suicid*" is a Spanish phrase too, so "I'm not suicidal" needs the English
    # negation to be marked in Spanish as well.
    idioms_of = [idiom for judge in judges for idiom in judge.idioms]
    searched = []
    for text, canonical, spelt in views(normalised, phrases):
        idioms = [m.span() for idiom in idioms_of for m in idiom.finditer(text)]
        stems = phrases.grammar.stems(text) if phrases.grammar.inflects else text
        words = text.split()
        bare = {_bare(t.split("/")[0]) for t in stems.split()} if stems != text else set(words)
        where = [m.span() for m in re.finditer(r"\S+", text)]
        joined = _inside(text, phrases.joined)
        searched.append((text, stems, canonical, spelt, idioms, (set(words), bare), where, joined))
    for phrase in phrases.phrases:
        found = [
            (text, canonical, spelt, span, idioms)
            for text, stems, canonical, spelt, idioms, words, where, joined in searched
            for anchored in [_anchored(phrase, *words)]
            for run_on in [not joined.isdisjoint(phrase.joined)]
            if anchored or run_on
            for span in _spans(text, stems, phrase, where, anchored, run_on)
        ]
        if not found:
            continue
        # Idioms and negations are written in the canonical (rewritten) form, so the rewritten
        # views judge the occurrences when the phrase is there; the text as typed otherwise.
        judged = [f for f in found if f[1]] or found
        negated = [_negated(text, span, judges) for text, _, _, span, _ in judged]
        covered = [_covered(span, idioms) for _, _, _, span, idioms in judged]
        # Idiomatic only when no occurrence is literal: each overlaps an idiom or is negated.
        idiomatic = all(n or c for n, c in zip(negated, covered, strict=True))
        match = Match(
            phrase.category,
            phrase.urgency,
            phrase.text,
            code,
            idiomatic,
            phrase.family,
            idiomatic and all(negated),
        )
        yield match, all(spelt for _, _, spelt, _, _ in found)


def scan(text: str, book: Phrasebook, languages: Iterable[str] | None = None) -> list[Match]:
    """Every phrase found in `text`, searching all loaded languages unless told which."""
    codes = list(book.languages if languages is None else languages)
    if unknown := [code for code in codes if code not in book.languages]:
        raise ValueError(f"no safety phrases loaded for {', '.join(unknown)}")
    normalised = normalise(text)
    judges = list(book.languages.values())
    found = [
        pair
        for code in codes
        for pair in _scan_language(normalised, code, book.languages[code], judges)
    ]
    # Latin words are also read as Russian typed in Latin letters. When the message also reads
    # as a risk statement in its own letters ("I'm not suicidal" is English and Spanish before
    # it is "им нот суицидал"), that reading decides whether it is idiomatic.
    own = [m for m, spelt in found if not spelt]
    if own and all(m.idiomatic for m in own):
        return [replace(m, idiomatic=True) if spelt else m for m, spelt in found]
    return [m for m, _ in found]


def most_urgent(matches: Iterable[Match]) -> Match | None:
    """The match to act on: crisis before medical, a literal match before an idiomatic one."""
    return min(matches, key=lambda m: (URGENCIES.index(m.urgency), m.idiomatic), default=None)
