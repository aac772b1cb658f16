"""`rapport medication add|change|stop|list`: what each records and prints, and what it refuses
without changing anything. The clock stands at Monday 2026-03-02 09:00 UTC; P-001 lives in
Europe/Madrid."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run, refused, stored

P = ("--patient", "P-001")
ADD, CHANGE, STOP = (
    ("medication", "add", *P),
    ("medication", "change", *P),
    ("medication", "stop", *P),
)
MEDICATION_KEYS = {
    "patient", "id", "drug", "generic", "class", "psychotropic", "dose", "as_needed", "started",
    "stopped", "active", "changes",
}  # fmt: skip
CHANGE_KEYS = {"id", "date", "kind", "dose_before", "dose_after", "note"}


@pytest.fixture
def clinic(rapport: Run) -> Run:
    assert rapport("clinician", "add", "--name", "Dr A")[0] == 0
    added = rapport(
        "patient", "add", "--alias", "P-001", "--clinician", "Dr A", "--timezone", "Europe/Madrid"
    )
    assert added[0] == 0
    return rapport


@pytest.fixture
def regimen(clinic: Run) -> Run:
    """Zoloft 50 mg since January, lorazepam as needed, quetiapine twice (two lines)."""
    for args in (
        (*ADD, "--drug", "Zoloft", "--dose", "50 mg", "--started", "2026-01-10"),
        (*ADD, "--drug", "lorazepam", "--dose", "1 mg", "--started", "2025-06-01", "--as-needed"),
        (*ADD, "--drug", "quetiapine", "--dose", "300 mg", "--started", "2025-06-01"),
        (*ADD, "--drug", "Seroquel", "--dose", "25 mg", "--started", "2025-06-01", "--as-needed"),
    ):
        code, _, err = clinic(*args)
        assert code == 0, err
    return clinic


def _json(run: Run, *args: str) -> Any:
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def _sql(tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(tmp_path / "r.db")) as db:
        return db.execute(sql).fetchall()


# --- add -------------------------------------------------------------------------------------


def test_add_records_a_start_and_queues_the_post_change_checkins(clinic: Run) -> None:
    data = _json(clinic, *ADD, "--drug", "Золофт", "--dose", "50 мг")
    assert set(data) == {"patient", "medication", "change", "checkins", "notes"}
    medication = data["medication"]
    assert set(medication) == MEDICATION_KEYS
    assert medication | {"changes": None} == {
        "patient": "P-001", "id": 1, "drug": "Золофт", "generic": "sertraline", "class": "ssri",
        "psychotropic": True, "dose": "50 мг", "as_needed": False, "started": "2026-03-02",
        "stopped": None, "active": True, "changes": None,
    }  # fmt: skip
    assert data["change"] == {
        "id": 1, "date": "2026-03-02", "kind": "start", "dose_before": None,
        "dose_after": "50 мг", "note": None,
    }  # fmt: skip
    assert medication["changes"] == [data["change"]]
    # days 3, 7 and 14 at 18:00 in Madrid
    assert data["checkins"] == [
        "2026-03-05T17:00:00+00:00",
        "2026-03-09T17:00:00+00:00",
        "2026-03-16T17:00:00+00:00",
    ]
    assert data["notes"] == []


def test_a_medicine_already_taken_starts_on_its_date_and_nothing_is_queued(
    clinic: Run, tmp_path: Path
) -> None:
    code, out, err = clinic(
        *ADD, "--drug", "lithium", "--dose", "800 mg", "--started", "2001-05-01"
    )
    assert (code, err) == (0, "")
    assert out == "lithium (lithium) added for P-001, started 2001-05-01; 0 follow-up check-ins\n"
    assert _sql(tmp_path, "SELECT COUNT(*) FROM checkins WHERE dialog_id = 'post_change'") == [
        (0,)
    ]


def test_an_unknown_name_with_a_class_is_recorded(clinic: Run) -> None:
    data = _json(clinic, *ADD, "--drug", "levothyroxine", "--class", "other", "--dose", "50 mcg")
    assert data["medication"]["class"] == "other"
    assert (data["medication"]["generic"], data["medication"]["psychotropic"]) == (None, False)


def test_a_known_name_may_be_given_another_class_with_a_note(clinic: Run) -> None:
    code, out, err = clinic(
        *ADD, "--drug", "quetiapine", "--class", "Z-drug", "--dose", "25 mg", "--json"
    )
    note = "quetiapine is antipsychotic in the drug table; recorded as z_drug, as given"
    assert code == 0 and err == f"rapport: warning: {note}\n"
    assert json.loads(out)["medication"]["class"] == "z_drug"
    assert json.loads(out)["notes"] == [note]


def test_the_same_medicine_under_another_name_is_added_with_a_note(regimen: Run) -> None:
    code, _, err = regimen(*ADD, "--drug", "sertralina", "--dose", "25 mg", "--as-needed")
    assert code == 0
    assert err == "rapport: warning: P-001 also takes Zoloft (50 mg): the same medicine\n"


# --- change ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "kind"),
    [("100 mg", "increase"), ("25mg", "decrease"), ("50 mg at night", "change")],
)
def test_change_says_which_way_the_dose_moved(regimen: Run, dose: str, kind: str) -> None:
    data = _json(regimen, *CHANGE, "--drug", "zoloft", "--dose", dose, "--note", "as agreed")
    assert data["change"] == {
        "id": 5, "date": "2026-03-02", "kind": kind, "dose_before": "50 mg", "dose_after": dose,
        "note": "as agreed",
    }  # fmt: skip
    assert data["medication"]["dose"] == dose and len(data["checkins"]) == 3


def test_change_finds_the_medicine_by_another_of_its_names(regimen: Run) -> None:
    code, out, _ = regimen(
        *CHANGE, "--drug", "сертралин", "--dose", "100 mg", "--at", "2026-02-20"
    )
    assert code == 0
    changed = "Zoloft (ssri) for P-001: 50 mg -> 100 mg (increase) on 2026-02-20"
    assert out == f"{changed}; 1 follow-up check-ins\n"  # day 14 is still ahead


def test_the_name_as_recorded_picks_one_of_two_lines_of_a_medicine(regimen: Run) -> None:
    data = _json(regimen, *CHANGE, "--drug", "Seroquel", "--dose", "50 mg")
    assert data["medication"]["drug"] == "Seroquel"


def test_a_change_and_a_start_on_one_day_share_their_checkins(
    regimen: Run, tmp_path: Path
) -> None:
    stopped = _json(regimen, *STOP, "--drug", "Zoloft")
    started = _json(regimen, *ADD, "--drug", "escitalopram", "--dose", "10 mg")
    assert stopped["checkins"] == started["checkins"] and len(started["checkins"]) == 3
    rows = _sql(tmp_path, "SELECT COUNT(*) FROM checkins WHERE dialog_id = 'post_change'")
    assert rows == [(3,)]  # a switch is asked about once


# --- stop and list ---------------------------------------------------------------------------


def test_stop_then_list_shows_it_stopped_with_its_changes(regimen: Run) -> None:
    data = _json(regimen, *STOP, "--drug", "lorazepam", "--note", "not needed")
    assert data["change"]["kind"] == "stop" and data["change"]["dose_before"] == "1 mg"
    assert (data["medication"]["stopped"], data["medication"]["active"]) == ("2026-03-02", False)
    listed = _json(regimen, "medication", "list", *P)
    # current first, each by its start; then stopped
    assert [m["drug"] for m in listed] == ["quetiapine", "Seroquel", "Zoloft", "lorazepam"]
    assert all(set(m) == MEDICATION_KEYS for m in listed)
    assert all(set(c) == CHANGE_KEYS for m in listed for c in m["changes"])
    assert [c["kind"] for c in listed[-1]["changes"]] == ["start", "stop"]


def test_a_stopped_medicine_takes_no_change_and_may_be_started_again(regimen: Run) -> None:
    regimen(*STOP, "--drug", "lorazepam")
    code, _, err = regimen(*CHANGE, "--drug", "lorazepam", "--dose", "2 mg")
    assert code == 1 and "takes no medication named 'lorazepam'" in err
    again = _json(regimen, *ADD, "--drug", "lorazepam", "--dose", "0.5 mg")
    assert again["medication"]["id"] == 5
    assert [
        m["active"] for m in _json(regimen, "medication", "list") if m["drug"] == "lorazepam"
    ] == [
        True,
        False,
    ]


def test_list_for_people_and_for_everyone(regimen: Run) -> None:
    regimen("patient", "add", "--alias", "P-002", "--clinician", "Dr A")
    regimen("medication", "add", "--patient", "P-002", "--drug", "Litio", "--dose", "400 mg")
    code, out, _ = regimen("medication", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "P-001        lorazepam (benzodiazepine)  1 mg, as needed  since 2025-06-01"
    assert lines[1].split() == ["2025-06-01", "start", "1", "mg"]
    zoloft = lines.index("P-001        Zoloft (ssri)  50 mg  since 2026-01-10")
    assert lines[zoloft + 1].split() == ["2026-01-10", "start", "50", "mg"]
    assert "P-002        Litio (lithium)  400 mg  since 2026-03-02" in out
    assert regimen("medication", "list", "--patient", "P-002", "--json")[0] == 0


def test_an_empty_list_says_so(clinic: Run) -> None:
    assert clinic("medication", "list") == (0, "no medications recorded\n", "")
    assert _json(clinic, "medication", "list") == []


def test_a_note_from_before_the_regimen_is_listed_without_a_medicine(
    clinic: Run, tmp_path: Path
) -> None:
    with closing(sqlite3.connect(tmp_path / "r.db")) as db:  # as migration 0011 leaves it
        db.execute(
            "INSERT INTO medication_changes (patient_id, at, note, created_at)"
            " VALUES (1, '2026-02-01T11:00:00+00:00', 'sertraline 50 -> 100 mg', '2026-02-01')"
        )
        db.commit()
    [old] = _json(clinic, "medication", "list", *P)
    assert (old["drug"], old["class"], old["id"]) == (None, None, None)
    assert old["changes"] == [
        {"id": 1, "date": "2026-02-01", "kind": "note", "dose_before": None, "dose_after": None}
        | {"note": "sertraline 50 -> 100 mg"}
    ]
    out = clinic("medication", "list")[1]
    assert out.startswith("P-001        notes from before the regimen\n")
    assert out.splitlines()[1].split(maxsplit=2) == [
        "2026-02-01",
        "note",
        '"sertraline 50 -> 100 mg"',
    ]


# --- refusals --------------------------------------------------------------------------------

REFUSED = [
    ((*ADD, "--drug", "zoloft", "--dose", "100 mg"), "already takes 'Zoloft' (50 mg)"),
    ((*CHANGE, "--drug", "Zoloft", "--dose", "50mg"), "P-001's Zoloft is already 50 mg"),
    ((*CHANGE, "--drug", "Zoloft", "--dose", "75 mg", "--at", "2026-01-09"), "a change dated"),
    ((*STOP, "--drug", "Zoloft", "--at", "2025-12-31"), "give a date from then on"),
    ((*CHANGE, "--drug", "quetiapina", "--dose", "1 mg"), "matches 'quetiapine', 'Seroquel'"),
    (
        (*CHANGE, "--drug", "Prozac", "--dose", "1 mg"),
        "(current: 'lorazepam', 'quetiapine', 'Seroquel', 'Zoloft')",
    ),
    ((*CHANGE, "--drug", "Zoloft", "--dose", "75"), "has no unit"),
    ((*STOP, "--drug", "Zoloft", "--note", "\u202e"), "the note has"),
    ((*STOP, "--drug", "", "--at", "2026-03-01"), "the drug name is empty"),
    (
        (*ADD, "--drug", "x", "--class", "other", "--dose", "1 mg", "--started", "2026-02-30"),
        "no such date",
    ),
]


@pytest.mark.parametrize(("args", "says"), REFUSED)
def test_refused_in_one_line_and_nothing_changes(
    regimen: Run, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    refused(regimen, tmp_path / "r.db", args, says)
    before = stored(tmp_path / "r.db")
    code, out, err = regimen(*args, "--json")
    assert (code, err) == (1, "") and says in json.loads(out)["error"]
    assert stored(tmp_path / "r.db") == before


def test_the_old_free_text_form_is_a_usage_error(regimen: Run, tmp_path: Path) -> None:
    before = stored(tmp_path / "r.db")
    code, _, err = regimen(*CHANGE, "--note", "sertraline 50 -> 100 mg")
    assert code == 2 and "the following arguments are required: --drug, --dose" in err
    assert stored(tmp_path / "r.db") == before


# --- the staff's own count -------------------------------------------------------------------


def test_staff_override_the_count_and_auto_clears_it(clinic: Run, tmp_path: Path) -> None:
    alias = ("patient", "set", "--alias", "P-001")
    assert clinic(*alias, "--psychotropics", "7")[0] == 0
    assert _sql(tmp_path, "SELECT psychotropic_count FROM patients") == [(7,)]
    assert clinic(*alias, "--psychotropics", "AUTO")[0] == 0
    assert _sql(tmp_path, "SELECT psychotropic_count FROM patients") == [(None,)]


# --- a clinic's own drug table ---------------------------------------------------------------


def test_a_clinic_table_adds_names(clinic: Run, tmp_path: Path, monkeypatch) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text('[ssri]\nfooxetine = { brands = ["Foozac"] }\n', encoding="utf-8")
    monkeypatch.setenv("RAPPORT_DRUG_TABLE", str(extra))
    data = _json(clinic, *ADD, "--drug", "Foozac", "--dose", "20 mg")
    assert (data["medication"]["class"], data["medication"]["generic"]) == ("ssri", "fooxetine")


def test_a_bad_clinic_table_stops_every_command_in_one_line(
    clinic: Run, tmp_path: Path, monkeypatch
) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text("[ssris]\nfoo = {}\n", encoding="utf-8")
    monkeypatch.setenv("RAPPORT_DRUG_TABLE", str(extra))
    code, out, err = clinic("patient", "list")
    assert (code, out) == (1, "")
    assert err == (
        f"rapport: error: RAPPORT_DRUG_TABLE: {extra}: unknown class [ssris] (one of ssri, snri,"
        " tca, maoi, antidepressant_other, lithium, valproate, lamotrigine, carbamazepine,"
        " clozapine, antipsychotic, benzodiazepine, z_drug, stimulant, other)\n"
    )
    monkeypatch.setenv("RAPPORT_DRUG_TABLE", str(tmp_path / "missing.toml"))
    code, _, err = clinic("patient", "list")
    assert code == 1 and err.startswith("rapport: error: RAPPORT_DRUG_TABLE: ")
    assert "cannot read it (No such file or directory)" in err and err.count("\n") == 1
