"""`rapport export --format redcap --output DIR` on real answers: the three files, their
columns and values, the rows, and refusals that write nothing and audit nothing."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest

from bot.domain import redcap
from tests.conftest import Run, refused
from tests.e2e.test_checkins_e2e import INTAKE
from tests.interop.research_clinic import SECRET, exports
from tests.interop.test_redcap_logic import evaluate


def _read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _expanded(dictionary: list[dict[str, str]]) -> list[str]:
    """The wide file's columns as REDCap derives them from a data dictionary."""
    columns = []
    for field in dictionary:
        name = field["Variable / Field Name"]
        if field["Field Type"] == "checkbox":
            codes = [c.split(", ", 1)[0] for c in field[redcap.HEADER[5]].split(" | ")]
            columns += [f"{name}___{code}" for code in codes]
        else:
            columns.append(name)
    return columns


@pytest.mark.usefixtures("open_umask")
async def test_the_redcap_folder(research: Run, settings, monkeypatch) -> None:
    await asyncio.to_thread(_folder, research, settings.database_path)
    monkeypatch.setenv("RAPPORT_DEFAULT_LANGUAGE", "es")
    await asyncio.to_thread(_in_spanish, research)


def _folder(rapport: Run, db: Path) -> None:
    code, out, err = rapport("export", "--format", "redcap", "--output", "rc")
    assert code == 0, err
    folder = Path("rc")
    assert folder.stat().st_mode & 0o777 == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["README.txt", "checkins.csv", "data_dictionary.csv"]
    assert all((folder / n).stat().st_mode & 0o777 == 0o600 for n in names)
    readme = (folder / "README.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split(":")[0] for line in readme] == [
        "checkins.csv",
        "data_dictionary.csv",
        "README.txt",
    ]

    text = (folder / "data_dictionary.csv").read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(text))) == list(redcap.HEADER)
    dictionary = _read(folder / "data_dictionary.csv")
    fields = {f["Variable / Field Name"]: f for f in dictionary}
    assert dictionary[0]["Variable / Field Name"] == "record_id"
    assert fields["intake_benefit"]["Form Name"] == "intake"
    assert fields["weekly_old_question"]["Field Note"] == "no longer asked"
    assert fields["weekly_old_question"]["Form Name"] == "weekly"

    wide = (folder / "checkins.csv").read_text(encoding="utf-8")
    assert next(csv.reader(io.StringIO(wide))) == _expanded(dictionary)
    rows = _read(folder / "checkins.csv")
    assert SECRET not in wide and "P-2" not in wide
    # P-1's intake, screen and weekly; P-3's open intake; not P-3's weekly, never sent
    assert sorted((r["patient"], r["dialog"], r["status"]) for r in rows) == [
        ("P-1", "intake", "completed"),
        ("P-1", "screen", "completed"),
        ("P-1", "weekly", "completed"),
        ("P-3", "intake", "open"),
    ]
    intake = next(r for r in rows if (r["patient"], r["dialog"]) == ("P-1", "intake"))
    assert intake["intake_baseline___trouble_sleeping"] == "1"
    assert intake["intake_baseline___headache"] == "1"
    assert intake["intake_baseline___dizzy"] == "0"
    assert intake["intake_heard"] == ""  # skipped
    assert intake["intake_symptoms_level"] == "4"
    assert intake["intake_other_medicines"] == "yes"
    assert intake["intake_might_lose"] == INTAKE["might_lose"]
    assert intake["weekly_days_missed"] == ""  # another form: blank
    assert len(intake["completed_at"]) == len("2026-03-02 09:00:00")
    weekly = next(r for r in rows if r["dialog"] == "weekly")
    assert weekly["weekly_any_side_effects"] == "1"
    assert weekly["weekly_old_question"] == "kept"
    assert weekly["record_id"].isdigit() and weekly["dialog_version"].isdigit()
    # every answer in the file stands on a field its branching logic shows
    for row in rows:
        for f in dictionary:
            logic = f[redcap.HEADER[11]]
            answered = any(row[c] for c in _expanded([f]))
            if logic and answered:
                assert evaluate(logic, row), (f["Variable / Field Name"], logic)

    # --patient, --since (the weekly was two days after the intakes)
    code, _, err = rapport("export", "--format", "redcap", "--patient", "P-3", "--output", "p3")
    assert code == 0, err
    assert [(r["patient"], r["dialog"]) for r in _read(Path("p3/checkins.csv"))] == [
        ("P-3", "intake")
    ]
    day = weekly["due_at"][:10]
    Path("later").mkdir()  # an empty folder is fine too
    code, _, err = rapport("export", "--format", "redcap", "--since", day, "--output", "later")
    assert code == 0, err
    assert [r["dialog"] for r in _read(Path("later/checkins.csv"))] == ["weekly"]

    audit = exports(db)
    assert [(a["format"], a["rows"], a["patients"]) for a in audit] == [
        ("redcap", 4, 2),
        ("redcap", 1, 1),
        ("redcap", 1, 2),
    ]


def _in_spanish(rapport: Run) -> None:
    code, _, err = rapport("export", "--format", "redcap", "--output", "es")
    assert code == 0, err
    fields = {f["Variable / Field Name"]: f for f in _read(Path("es/data_dictionary.csv"))}
    assert fields["patient"]["Field Label"] == "Paciente (alias)"
    assert "yes, Sí" in fields["intake_other_medicines"][redcap.HEADER[5]]


async def test_refusals_write_nothing_and_audit_nothing(research: Run, settings) -> None:
    await asyncio.to_thread(_refusals, research, settings.database_path)


def _refusals(rapport: Run, db: Path) -> None:
    Path("full").mkdir()
    Path("full/x").write_text("mine", encoding="utf-8")
    Path("a-file").write_text("mine", encoding="utf-8")
    redcap_to = ("export", "--format", "redcap", "--output")
    for args, says in [
        ((*redcap_to, "new", "--patient", "P-9"), "no patient with alias"),
        ((*redcap_to, "new", "--patient", "P-2"), "no patient with alias"),  # erased
        ((*redcap_to, "new", "--since", "yesterday"), "not a date"),
        ((*redcap_to, "full"), "is not empty"),
        ((*redcap_to, "a-file"), "is a file"),
        ((*redcap_to, "no/such/new"), "is not a folder"),
        (("export", "--format", "redcap"), "--output"),
    ]:
        refused(rapport, db, args, says)
    assert not Path("new").exists() and not Path("no").exists()
    assert sorted(p.name for p in Path("full").iterdir()) == ["x"]
    assert exports(db) == []
