"""The drug table: which class a medicine belongs to, whatever name staff typed for it.

Pure but for `load_drug_table`, which reads the shipped table (bot/domain/drugs.toml, whose
header explains the format) and, when a clinic has one, its own file in the same format
(RAPPORT_DRUG_TABLE). The classes are the clinical model's; the names are data.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast, get_args

from bot.domain.echo import show

DrugClass = Literal[
    "ssri",
    "snri",
    "tca",
    "maoi",
    "antidepressant_other",
    "lithium",
    "valproate",
    "lamotrigine",
    "carbamazepine",
    "clozapine",
    "antipsychotic",
    "benzodiazepine",
    "z_drug",
    "stimulant",
    "other",
]
CLASSES: tuple[DrugClass, ...] = get_args(DrugClass)
ANTIDEPRESSANTS: frozenset[DrugClass] = frozenset(
    {"ssri", "snri", "tca", "maoi", "antidepressant_other"}
)
# The clinical model's "serotonergic" (serotonin toxicity) and "antipsychotic" (NMS) groups.
SEROTONERGIC: frozenset[DrugClass] = frozenset({"ssri", "snri", "tca", "maoi"})
ANTIPSYCHOTICS: frozenset[DrugClass] = frozenset({"antipsychotic", "clozapine"})
LANGUAGES = ("en", "es", "ru")
LISTS = (*LANGUAGES, "brands")  # what a table line may hold besides its English generic name
DEFAULT_TABLE = Path(__file__).with_name("drugs.toml")
_WORDS = re.compile(r"[\W_]+")
STEM_MIN = 5  # a name at least this long is also found with an ending ("сертралина")


class DrugTableError(ValueError):
    """A drug table that cannot be used; the message names the file and what is wrong."""


def normalise(name: str) -> str:
    """A name as the table compares it: case, accents, spaces and punctuation ignored."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def class_key(drug_class: str) -> str:
    """The locale key of a class's plain name ("z_drug" -> "regimen-class-z-drug")."""
    return "regimen-class-" + drug_class.replace("_", "-")


def parse_class(text: str) -> DrugClass:
    """A class as staff type it ("SSRI", "z-drug"), or ValueError naming the classes."""
    key = re.sub(r"[\s-]+", "_", text.strip().lower())
    if key not in CLASSES:
        raise ValueError(f"unknown class {show(text)} (one of {', '.join(CLASSES)})")
    return key


@dataclass(frozen=True)
class Drug:
    """One line of the table: a medicine's English generic name, its class, its other names."""

    generic: str
    drug_class: DrugClass
    names: Mapping[str, tuple[str, ...]]  # "en", "es", "ru", "brands" -> names

    def every_name(self) -> tuple[str, ...]:
        return (self.generic, *(n for key in LISTS for n in self.names.get(key, ())))


class DrugTable:
    """Names to medicines; a name belongs to one medicine only."""

    def __init__(self, drugs: Iterable[Drug]) -> None:
        self.drugs = tuple(drugs)
        self._index: dict[str, Drug] = {}
        for drug in self.drugs:
            for name in drug.every_name():
                key = normalise(name)
                other = self._index.setdefault(key, drug)
                if other is not drug:
                    raise DrugTableError(
                        f"{name!r} names both {other.generic} ({other.drug_class})"
                        f" and {drug.generic} ({drug.drug_class})"
                    )

    def lookup(self, name: str) -> Drug | None:
        """The medicine a typed name means; "Seroquel XR 50 mg" finds Seroquel."""
        words = [w for w in _WORDS.split(unicodedata.normalize("NFKC", name)) if w]
        for end in range(len(words), 0, -1):
            found = self._index.get(normalise("".join(words[:end])))
            if found is not None:
                return found
        return None

    def mentioned(self, text: str) -> tuple[Drug, ...]:
        """The medicines a free text names, in order ("I stopped my Zoloft", "без сертралина"):
        runs of up to three words, and a long word with up to three letters of an ending
        (Russian and Spanish inflect names). Errs towards finding: a word that is also a
        brand (Sonata) counts."""
        words = [normalise(w) for w in _WORDS.split(unicodedata.normalize("NFKC", text))]
        words = [w for w in words if w]
        found: dict[str, Drug] = {}
        for i in range(len(words)):
            for size in (3, 2, 1):
                drug = self._index.get("".join(words[i : i + size]))
                if drug is None and size == 1:
                    drug = self._stem(words[i])
                if drug is not None:
                    found.setdefault(drug.generic, drug)
                    break
        return tuple(found.values())

    def _stem(self, word: str) -> Drug | None:
        for cut in (1, 2, 3):
            if len(word) - cut >= STEM_MIN and (drug := self._index.get(word[:-cut])):
                return drug
        return None

    def classify(self, name: str) -> DrugClass | None:
        """The class of a typed name, or None when the table does not know it."""
        found = self.lookup(name)
        return None if found is None else found.drug_class

    def suggest(self, name: str) -> str | None:
        """The known name closest to a mistyped one ("sertaline" -> "sertraline")."""
        close = difflib.get_close_matches(normalise(name), self._index, n=1, cutoff=0.8)
        if not close:
            return None
        drug = self._index[close[0]]
        return next(n for n in drug.every_name() if normalise(n) == close[0])

    def same_medicine(self, a: str, b: str) -> bool:
        """Whether two typed names mean the same medicine ("Zoloft" and "sertralina")."""
        if normalise(a) == normalise(b):
            return True
        found = self.lookup(a)
        return found is not None and found is self.lookup(b)

    def key(self, name: str) -> str:
        """What tells medicines apart: the table's generic name, else the name as typed."""
        found = self.lookup(name)
        return normalise(found.generic if found else name)

    def psychotropic(self, name: str, drug_class: DrugClass) -> bool:
        """Every class counts; "other" only for a medicine the table lists (all psychiatric)."""
        return drug_class != "other" or self.lookup(name) is not None

    def extended(self, drugs: Iterable[Drug]) -> DrugTable:
        """This table with a clinic's lines: a known medicine takes the clinic's class and
        keeps its names; a new one is added."""
        merged = {normalise(d.generic): d for d in self.drugs}
        for drug in drugs:
            known = merged.get(normalise(drug.generic))
            if known is not None:
                names = {k: (*known.names.get(k, ()), *drug.names.get(k, ())) for k in LISTS}
                drug = Drug(known.generic, drug.drug_class, names)
            merged[normalise(drug.generic)] = drug
        return DrugTable(merged.values())


def load_drug_table(extra: Path | None = None) -> DrugTable:
    """The shipped table, extended by a clinic's file when there is one."""
    shipped = DrugTable(read_drugs(DEFAULT_TABLE))
    if extra is None:
        return shipped
    drugs = read_drugs(extra)
    try:
        return shipped.extended(drugs)
    except DrugTableError as exc:
        raise DrugTableError(f"{extra}: {exc}") from None


def _table(path: Path, drugs: list[Drug]) -> DrugTable:
    try:
        return DrugTable(drugs)
    except DrugTableError as exc:
        raise DrugTableError(f"{path}: {exc}") from None


def read_drugs(path: Path) -> list[Drug]:
    """Every line of one table file, checked; DrugTableError says what is wrong, and where."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DrugTableError(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise DrugTableError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise DrugTableError(f"{path}: not valid TOML ({exc})") from None
    drugs = [_drug(path, section, key, line) for section, key, line in _lines(path, data)]
    _table(path, drugs)  # a name under two medicines of one file is refused here
    return drugs


def _lines(path: Path, data: dict[str, Any]) -> Iterable[tuple[str, str, Any]]:
    for section, lines in data.items():
        if section not in CLASSES:
            raise DrugTableError(
                f"{path}: unknown class [{section}] (one of {', '.join(CLASSES)})"
            )
        if not isinstance(lines, dict):
            raise DrugTableError(f"{path}: [{section}] must hold lines like name = {{ ... }}")
        for key, line in lines.items():
            yield section, key, line


def _drug(path: Path, section: str, generic: str, line: Any) -> Drug:
    where = f"{path}: [{section}] {generic}"
    if not normalise(generic):
        raise DrugTableError(f"{where}: a name needs letters or digits")
    if not isinstance(line, dict):
        raise DrugTableError(f"{where}: write {generic} = {{ es = [...], ru = [...] }}")
    unknown = sorted(set(line) - set(LISTS))
    if unknown:
        raise DrugTableError(f"{where}: unknown list {unknown[0]!r} (use {', '.join(LISTS)})")
    names: dict[str, tuple[str, ...]] = {}
    for key, value in line.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DrugTableError(f"{where}: {key} must be a list of names in quotes")
        if any(not normalise(v) for v in value):
            raise DrugTableError(f"{where}: {key} has a name without letters or digits")
        names[key] = tuple(value)
    return Drug(generic, cast(DrugClass, section), names)
