"""bot.domain.redflags: the clinical model's red-flag table as data, and the one question asked of
it: which medicine, window and level make a reported flag dangerous for this patient now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain.drugs import CLASSES, load_drug_table
from bot.domain.redflags import RedFlagError, RedFlags, load_red_flags, read_red_flags
from bot.domain.regimen import Change, Medication, Regimen

TABLE = load_red_flags()
DRUGS = load_drug_table()
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _danger(table: RedFlags, regimen: Regimen, flag: str, now: datetime, **given: Any):
    """The most serious way the flag is dangerous, or None."""
    found = table.dangers(regimen, flag, now, **given)
    return found[0] if found else None


def _on(
    drug: str,
    *,
    weeks: float = 2,
    raised: float | None = None,
    stopped: float | None = None,
) -> Regimen:
    """A regimen of one medicine started `weeks` ago, perhaps raised or stopped days ago."""
    found = DRUGS.lookup(drug)
    assert found is not None
    started = NOW - timedelta(weeks=weeks)
    end = None if stopped is None else NOW - timedelta(days=stopped)
    med = Medication(1, 1, drug, found.drug_class, "1 mg", started, stopped_at=end)
    changes = [Change(1, 1, started, "start", medication_id=1, drug_class=found.drug_class)]
    if raised is not None:
        at = NOW - timedelta(days=raised)
        changes.append(Change(2, 1, at, "increase", medication_id=1, drug_class=found.drug_class))
    return Regimen((med,), tuple(changes))


def test_every_flag_names_known_classes_and_the_shipped_table_loads() -> None:
    assert {c for r in TABLE.rules for c in r.classes} <= set(CLASSES)
    assert {"rash", "fever", "vomiting", "stiff", "confusion", "jaundice", "akathisia"} <= (
        TABLE.flags
    )


@pytest.mark.parametrize(
    ("drug", "flag", "level", "window"),
    [
        ("lamotrigine", "rash", "urgent", "any"),
        ("carbamazepine", "fever", "urgent", "any"),
        ("clozapine", "fever", "urgent", "any"),
        ("lithium", "vomiting", "urgent", "any"),
        ("valproate", "jaundice", "urgent", "any"),
        ("sertraline", "akathisia", "urgent", "first_8_weeks"),
        ("sertraline", "stiff", "emergency", "rise_4_weeks"),
        ("quetiapine", "stiff", "urgent", "any"),
        ("phenelzine", "headache", "emergency", "any"),
        ("methylphenidate", "heart", "urgent", "any"),
    ],
)
def test_a_flag_is_dangerous_for_its_classes(drug: str, flag: str, level: str, window: str):
    danger = _danger(TABLE, _on(drug), flag, NOW)
    assert danger is not None
    assert (danger.drug, danger.level, danger.window) == (drug, level, window)


@pytest.mark.parametrize(
    ("drug", "flag"),
    [("sertraline", "rash"), ("lamotrigine", "vomiting"), ("buspirone", "akathisia")],
)
def test_the_same_flag_on_another_class_is_not(drug: str, flag: str) -> None:
    assert _danger(TABLE, _on(drug), flag, NOW) is None


def test_windows_first_weeks_and_a_recent_rise() -> None:
    assert _danger(TABLE, _on("sertraline", weeks=20), "akathisia", NOW) is None
    raised = _danger(TABLE, _on("sertraline", weeks=20, raised=10), "akathisia", NOW)
    assert raised is not None and raised.window == "rise_8_weeks"
    assert _danger(TABLE, _on("sertraline", weeks=20, raised=10), "twitching", NOW) is not None
    assert _danger(TABLE, _on("sertraline", weeks=20, raised=40), "twitching", NOW) is None


def test_with_other_flags_fever_on_an_antipsychotic_is_an_emergency() -> None:
    assert _danger(TABLE, _on("haloperidol"), "fever", NOW) is None
    nms = _danger(TABLE, _on("haloperidol"), "fever", NOW, also={"stiff"})
    assert nms is not None and nms.emergency
    assert TABLE.emergency_anywhere("fever", {"stiff"}) and not TABLE.emergency_anywhere("fever")


def test_a_medicine_stopped_lately_still_counts_but_not_for_stopping_it() -> None:
    recent = _danger(TABLE, _on("lamotrigine", weeks=10, stopped=5), "rash", NOW)
    assert recent is not None and recent.window == "stopped_recently"
    assert _danger(TABLE, _on("lamotrigine", weeks=10, stopped=30), "rash", NOW) is None
    assert _danger(TABLE, _on("lorazepam", weeks=10, stopped=5), "stopped", NOW) is None


def test_a_gap_in_clozapine_or_lamotrigine_names_the_gap() -> None:
    recent = _danger(TABLE, _on("clozapine", weeks=30), "stopped", NOW, days=1)
    assert recent is not None and (recent.level, recent.window) == ("urgent", "any")
    gap = _danger(TABLE, _on("clozapine", weeks=30), "stopped", NOW, days=3)
    assert gap is not None
    assert (gap.level, gap.window) == ("urgent", "stopped_over_2_days")
    assert _danger(TABLE, _on("lamotrigine", weeks=30), "stopped", NOW, days=1) is None
    lamotrigine = _danger(TABLE, _on("lamotrigine", weeks=30), "stopped", NOW, days=3)
    assert lamotrigine is not None
    assert (lamotrigine.level, lamotrigine.window) == ("same_day", "stopped_over_2_days")


def test_lithium_stopped_is_urgent_at_once() -> None:
    found = _danger(TABLE, _on("lithium", weeks=30), "stopped", NOW, days=0)
    assert found is not None and (found.level, found.window) == ("urgent", "any")
    assert _danger(TABLE, _on("lorazepam"), "stopped", NOW, days=0) is not None  # urgent at once


def test_a_medicine_named_in_the_words_counts_whatever_the_regimen() -> None:
    named = DRUGS.mentioned("my Lamictal gave me a rash")
    danger = _danger(TABLE, Regimen(), "rash", NOW, named=named)
    assert danger is not None and (danger.drug, danger.window) == ("lamotrigine", "named")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[[rule]]\nflag = "rash"\nclasses = ["ssri"]\nlevel = "soon"\n', "level must be"),
        ('[[rule]]\nflag = "rash"\nclasses = ["nope"]\nlevel = "urgent"\n', "classes must"),
        ('[[rule]]\nflag = "rash"\nclasses = ["ssri"]\nlevel = "urgent"\nwhen = 1\n', "unknown"),
        ("recent_days = 3\n", "no ..rule"),
    ],
)
def test_a_bad_table_is_refused_with_its_reason(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "redflags.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RedFlagError, match=problem):
        read_red_flags(path)


def test_a_clinic_adds_rules_and_never_takes_one_away(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(
        '[[rule]]\nflag = "rash"\nclasses = ["ssri"]\nlevel = "urgent"\n', encoding="utf-8"
    )
    ours = load_red_flags(path)
    assert _danger(ours, _on("sertraline"), "rash", NOW) is not None
    assert _danger(ours, _on("lamotrigine"), "rash", NOW) is not None
    assert len(ours.rules) == len(TABLE.rules) + 1
