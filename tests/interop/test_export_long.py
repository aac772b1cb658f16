"""`rapport export --format csv|json`: one row per standing answer, plain values in CSV."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
from pathlib import Path

from tests.conftest import refused
from tests.e2e.test_checkins_e2e import INTAKE, WEEKLY
from tests.interop.research_clinic import SECRET, exports

# The columns the issue asks for, in this order (the contract, spelled out here on purpose).
COLUMNS = (
    "patient checkin_id dialog dialog_version question construct value skipped answered_at".split()
)


async def test_long_csv_and_json_hold_every_standing_answer(app, settings, research) -> None:
    since = app.clock.now().date().isoformat()  # the day of P-1's weekly, after the intakes
    await asyncio.to_thread(_long_exports, research, settings.database_path, since)


def _long_exports(rapport, db: Path, since: str) -> None:
    code, out, err = rapport("export")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == COLUMNS
    assert {r["patient"] for r in rows} == {"P-1"}  # P-2 erased, P-3 answered nothing
    assert SECRET not in out
    given = {(r["dialog"], r["question"]): r for r in rows}
    assert given[("intake", "baseline")]["value"] == "trouble_sleeping;headache"
    assert given[("intake", "other_medicines")]["value"] == "yes"
    assert given[("intake", "symptoms_level")]["value"] == "4"
    assert given[("intake", "might_lose")]["value"] == INTAKE["might_lose"]
    heard = given[("intake", "heard")]
    assert (heard["value"], heard["skipped"]) == ("", "1")
    assert given[("intake", "benefit")]["skipped"] == "0"
    assert given[("intake", "benefit")]["construct"] == "expectation.benefit"
    assert given[("weekly", "old_question")]["value"] == "kept"
    assert given[("intake", "taking_now")]["answered_at"].endswith("+00:00")
    assert {r["dialog"] for r in rows} == {"intake", "screen", "weekly"}
    assert len(rows) == len(INTAKE) + 4 + len(WEEKLY) + 1  # the screen asks four

    code, out, err = rapport("export", "--format", "json")
    assert code == 0, err
    native = json.loads(out)
    assert [list(r) for r in native][:1] == [COLUMNS]
    by = {(r["dialog"], r["question"]): r for r in native}
    assert by[("intake", "baseline")]["value"] == ["trouble_sleeping", "headache"]
    assert by[("intake", "benefit")]["value"] == 7
    assert (by[("intake", "heard")]["value"], by[("intake", "heard")]["skipped"]) == (None, True)
    assert by[("intake", "taking_now")]["checkin_id"] == int(
        given[("intake", "taking_now")]["checkin_id"]
    )

    # --since: only what was answered from then on; --patient: one patient; --output: a file
    code, out, err = rapport(
        "export", "--patient", "P-1", "--since", since, "--output", "long.csv"
    )
    assert (code, out) == (0, ""), err
    written = Path("long.csv")
    assert os.stat(written).st_mode & 0o777 == 0o600
    later = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8"))))
    assert {r["dialog"] for r in later} == {"weekly"}
    assert len(later) == len(WEEKLY) + 1

    audit = exports(db)
    assert [a["format"] for a in audit] == ["csv", "json", "csv"]
    assert [a["rows"] for a in audit] == [len(rows), len(native), len(later)]
    assert [a["patients"] for a in audit] == [2, 2, 1]  # every patient not erased, then P-1


async def test_bad_input_writes_nothing_and_leaves_no_audit_event(settings, research) -> None:
    await asyncio.to_thread(_refusals, research, settings.database_path)


def _refusals(rapport, db: Path) -> None:
    Path("taken.csv").write_text("mine", encoding="utf-8")
    for args, says in [
        (("export", "--patient", "P-9"), "no patient with alias"),
        (("export", "--patient", "P-2"), "no patient with alias"),  # erased
        (("export", "--since", "last week"), "not a date"),
        (("export", "--output", "taken.csv"), "already exists"),
        (("export", "--format", "json", "--output", "no/such/dir.json"), "is not a folder"),
        (("export", "--patient", "P-9", "--output", "new.csv"), "no patient with alias"),
    ]:
        refused(rapport, db, args, says)
    assert not Path("new.csv").exists()
    assert Path("taken.csv").read_text(encoding="utf-8") == "mine"
    assert exports(db) == []
