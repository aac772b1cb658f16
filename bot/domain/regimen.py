"""A patient's regimen: the medications staff recorded, every change to them, and what they were
at any moment.

Pure. Storage hands out `Medication` and `Change` as they are (bot.storage.records re-exports
them); a `Regimen` holds one patient's and answers the questions safety rules ask: which drugs
of a class were active at a moment, what changed in a window, whether an antidepressant was
started or raised within N days. The drug classes and their groups live in bot.domain.drugs.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal, get_args

from bot.domain.drugs import ANTIDEPRESSANTS, DrugClass, DrugTable

# "note": a change written as free text before the regimen was structured (which medicine, and
# which way, is unknown); every other kind belongs to one medication.
ChangeKind = Literal["start", "increase", "decrease", "change", "stop", "note"]
Step = Literal["increase", "decrease", "change"]
CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)
RISES: frozenset[ChangeKind] = frozenset({"start", "increase"})
# "change": the dose texts did not say which way ("50 mg" -> "25 mg twice a day"). A rule that
# errs towards safety reads it as a possible rise.
MAYBE_RISES: frozenset[ChangeKind] = RISES | {"change"}


@dataclass(frozen=True)
class Medication:
    """One medicine in a patient's regimen, as staff recorded it."""

    id: int
    patient_id: int
    drug: str  # the name as typed: generic or brand, any language ("Zoloft", "сертралин")
    drug_class: DrugClass
    dose: str  # the latest dose recorded, as typed ("100 mg", "1 mg at night")
    started_at: datetime
    as_needed: bool = False
    stopped_at: datetime | None = None  # set once it is stopped (the moment may be ahead)
    alias: str = ""  # the patient's alias, where storage joins it

    def active_at(self, moment: datetime) -> bool:
        """Started at or before `moment`, and not stopped by then."""
        return self.started_at <= moment and (self.stopped_at is None or moment < self.stopped_at)


@dataclass(frozen=True)
class Change:
    """A start, dose step or stop of one medication; or a free-text note from before."""

    id: int
    patient_id: int
    at: datetime
    kind: ChangeKind = "note"
    note: str | None = None  # what staff wrote, if anything
    medication_id: int | None = None  # None only for a "note"
    drug: str | None = None  # the medication's name and class, joined by storage
    drug_class: DrugClass | None = None
    dose_before: str | None = None  # None for a start
    dose_after: str | None = None  # None for a stop


@dataclass(frozen=True)
class Regimen:
    """One patient's medications and changes; each question takes the moment it is about."""

    medications: tuple[Medication, ...] = ()
    changes: tuple[Change, ...] = ()  # oldest first

    def active(
        self, at: datetime, classes: Collection[DrugClass] | None = None
    ) -> tuple[Medication, ...]:
        """The medications taken at `at`, of the given classes (all when None)."""
        return tuple(m for m in _of(self.medications, classes) if m.active_at(at))

    def stopped_between(
        self, start: datetime, end: datetime, classes: Collection[DrugClass] | None = None
    ) -> tuple[Medication, ...]:
        """Medications stopped in (start, end]: "stopped recently" is a window before now."""
        return tuple(
            m
            for m in _of(self.medications, classes)
            if m.stopped_at is not None and start < m.stopped_at <= end
        )

    def changes_between(
        self,
        start: datetime,
        end: datetime,
        *,
        kinds: Collection[ChangeKind] | None = None,
        classes: Collection[DrugClass] | None = None,
    ) -> tuple[Change, ...]:
        """Changes dated in (start, end], optionally only of some kinds and classes."""
        return tuple(
            c
            for c in self.changes
            if start < c.at <= end
            and (kinds is None or c.kind in kinds)
            and (classes is None or c.drug_class in classes)
        )

    def rises_within(
        self,
        at: datetime,
        days: float,
        classes: Collection[DrugClass] = ANTIDEPRESSANTS,
        kinds: Collection[ChangeKind] = RISES,
    ) -> tuple[Change, ...]:
        """Starts and increases of the classes in the `days` up to `at` (both ends included):
        "was an antidepressant started or raised within 28 days of this check-in?"."""
        since = at - timedelta(days=days)
        return tuple(
            c for c in self.changes if since <= c.at <= at and c.kind in kinds
            and c.drug_class in classes
        )  # fmt: skip

    def medication(self, medication_id: int) -> Medication | None:
        return next((m for m in self.medications if m.id == medication_id), None)

    def history(self, medication: Medication) -> tuple[Change, ...]:
        """One medication's changes, its start first."""
        return tuple(c for c in self.changes if c.medication_id == medication.id)

    def dose_at(self, medication: Medication, at: datetime) -> str | None:
        """The dose in force at `at`: None before its start and after its stop."""
        if not medication.active_at(at):
            return None
        steps = [c for c in self.history(medication) if c.at <= at and c.dose_after]
        return steps[-1].dose_after if steps else medication.dose

    def psychotropic_count(self, at: datetime, table: DrugTable) -> int:
        """Distinct psychotropic medicines active at `at` (two lines of one medicine, e.g. a
        regular and an as-needed dose, count once)."""
        active = self.active(at)
        return len({table.key(m.drug) for m in active if table.psychotropic(m.drug, m.drug_class)})


def _of(
    medications: Iterable[Medication], classes: Collection[DrugClass] | None
) -> list[Medication]:
    return [m for m in medications if classes is None or m.drug_class in classes]


# --- which way a dose moved ------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_UNIT_WORDS = re.compile(r"[^\W\d_]+|#")
# Spellings of one unit, so that "50 mg" -> "100 мг" still compares (en, es, ru).
UNITS = {
    "mg": "mg", "мг": "mg", "milligram": "mg", "milligrams": "mg", "miligramos": "mg",
    "mcg": "mcg", "µg": "mcg", "μg": "mcg", "ug": "mcg", "мкг": "mcg",
    "g": "g", "gr": "g", "г": "g", "ml": "ml", "мл": "ml",
    "tablet": "tab", "tablets": "tab", "tab": "tab", "tabs": "tab", "comprimido": "tab",
    "comprimidos": "tab", "таблетка": "tab", "таблетки": "tab", "таблеток": "tab", "таб": "tab",
    "drop": "drop", "drops": "drop", "gota": "drop", "gotas": "drop", "капля": "drop",
    "капли": "drop", "капель": "drop",
}  # fmt: skip


def _amount(dose: str) -> tuple[Decimal, tuple[str, ...]] | None:
    """A dose with one number: the number, and the words around it with units made one."""
    numbers = _NUMBER.findall(dose)
    if len(numbers) != 1:
        return None
    words = _UNIT_WORDS.findall(_NUMBER.sub(" # ", dose.casefold()))
    return Decimal(numbers[0].replace(",", ".")), tuple(UNITS.get(w, w) for w in words)


def same_dose(before: str, after: str) -> bool:
    """Whether two dose texts say the same thing ("50mg" and "50 мг")."""
    a, b = _amount(before), _amount(after)
    if a is not None and b is not None:
        return a == b
    return " ".join(before.casefold().split()) == " ".join(after.casefold().split())


def dose_step(before: str, after: str) -> Step:
    """ "increase" or "decrease" when both texts hold one amount in the same words and unit
    ("50 mg" -> "100 mg", "0,5 мг" -> "1 мг"); otherwise "change"."""
    a, b = _amount(before), _amount(after)
    if a is None or b is None or a[1] != b[1] or a[0] == b[0]:
        return "change"
    return "increase" if b[0] > a[0] else "decrease"
