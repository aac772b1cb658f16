"""`rapport demo` end to end: its four patients are clinically distinct in their digests."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.storage.db import connect
from tests.conftest import fresh_postgres
from tests.engines import OWN_SQLITE_FILE
from tests.storage.test_transfer import _everything

pytestmark = OWN_SQLITE_FILE


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("demo") / "demo-output"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=600,  # a guard against a hang: the demo takes well under a minute
        cwd=out.parent,
        umask=0o022,  # the common umask, under which files are world-readable unless made private
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return out, done.stdout


def _codes(out: Path, alias: str) -> set[str]:
    with sqlite3.connect(out / "demo.db") as db:
        rows = db.execute(
            "SELECT d.codes FROM digests d JOIN patients p ON p.id = d.patient_id"
            " WHERE p.alias = ? AND d.kind = 'scheduled'",
            (alias,),
        ).fetchall()
    assert len(rows) == 1, "one scheduled digest per appointment"
    return set(json.loads(rows[0][0]))


def test_well_allied_patient_has_no_signals(demo) -> None:
    out, _ = demo
    assert _codes(out, "P-001") == set()


def test_nocebo_and_distrust_patient(demo) -> None:
    codes = _codes(demo[0], "P-002")
    assert {
        "nocebo_pattern",
        "distrust_control",
        "low_alliance",
        "nonadherence",
        "self_adjusted_dose",
        "intentional_nonadherence",
    } <= codes
    assert not codes & {"defensive_use", "escalation_seeking", "symptom_function_gap"}


def _weekly_asks(construct: str) -> bool:
    weekly = Path(__file__).resolve().parents[2] / "dialogs" / "weekly.toml"
    questions = tomllib.loads(weekly.read_text(encoding="utf-8"))["questions"]
    return any(q.get("measures") == construct for q in questions)


def test_resisting_from_medication_patient(demo) -> None:
    codes = _codes(demo[0], "P-003")
    if "defensive_use" not in codes and not _weekly_asks("use.extra_for_feelings"):
        # Heals itself: once the weekly asks the extra-doses item, the full check runs.
        pytest.xfail("defensive_use reads use.extra_for_feelings; no weekly asks it yet")
    assert {"symptom_function_gap", "defensive_use", "escalation_seeking"} <= codes
    assert not codes & {"nonadherence", "nocebo_pattern", "distrust_control", "self_adjusted_dose"}


def test_activation_after_a_dose_rise_leads_with_the_drug_not_with_worry(demo) -> None:
    """Sertraline raised 50 -> 100 mg, then restless and sleeping badly, taken as prescribed,
    little worry: the drug's own effect, never "side effects with high worry"."""
    out, stdout = demo
    codes = _codes(out, "P-004")
    assert "adverse_effect_after_change" in codes
    assert not codes & {"nocebo_pattern", "nonadherence", "self_adjusted_dose", "low_alliance"}
    digest = stdout[stdout.index("Pre-visit digest: P-004") :]
    plan = digest[digest.index("To explore at the visit") :]
    first = plan.split("■ ")[1]
    assert first.startswith("New side effects since a medication change")
    assert "Side effects with high worry" not in digest


def test_digests_reached_the_clinician_before_each_appointment(demo) -> None:
    out, stdout = demo
    with sqlite3.connect(out / "demo.db") as db:
        rows = db.execute(
            "SELECT d.created_at, a.at FROM digests d JOIN appointments a"
            " ON a.id = d.appointment_id WHERE d.kind = 'scheduled'"
        ).fetchall()
        unsent = db.execute(
            "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'digest:%' AND status != 'sent'"
        ).fetchone()[0]
    assert len(rows) == 4 and all(created < at for created, at in rows)
    assert unsent == 0
    for alias in ("P-001", "P-002", "P-003", "P-004"):
        assert (out / f"digest-{alias}.html").read_text().startswith("<!DOCTYPE html>")
        assert (out / f"digest-{alias}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert f"Pre-visit digest: {alias}" in stdout


def test_demo_output_is_private(demo) -> None:
    out, _ = demo
    assert out.stat().st_mode & 0o777 == 0o700
    modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
    assert "demo.db" in modes and "digest-P-001.html" in modes
    assert set(modes.values()) == {0o600}, modes


async def test_the_first_telegram_message_of_each_demo_digest_is_the_visit_plan(
    demo, tmp_path: Path
) -> None:
    """Agenda, regimen changes and the hypotheses shown are in the first message (issue 11)."""
    from html import escape

    from bot.compose import open_app
    from bot.config import load_settings
    from bot.domain.digest import AGENDA, view
    from bot.services import digests
    from bot.storage import digests as recorded
    from bot.storage import people

    copy = tmp_path / "demo.db"  # a copy: opening the demo's own file would add files to it
    copy.write_bytes((demo[0] / "demo.db").read_bytes())
    settings = load_settings(TELEGRAM_BOT_TOKEN="1:demo", DATABASE_URL=f"sqlite:///{copy}")
    app = await open_app(settings)
    try:
        for alias in ("P-001", "P-002", "P-003", "P-004"):
            async with app.db.read() as tx:
                patient = await people.patient_by_alias(tx, alias)
                assert patient is not None
                sent = await recorded.last_scheduled(tx, patient.id)
                assert sent is not None
                built = await digests.rebuild(app, tx, sent)
            assert built is not None
            d = built.digest
            first = digests.telegram(d, app.t).parts[0]
            assert len(first) <= 4096
            agenda = [n.text for n in d.notes if n.source in AGENDA]
            assert agenda and all(escape(text, quote=False) in first for text in agenda)
            assert all(c.dose_after and c.dose_after in first for c in d.regimen.changes)
            assert all(escape(h.title, quote=False) in first for h in view(d, app.t).hypotheses)
            assert app.t(d.lang, "digest-hypotheses-heading") in first
    finally:
        await app.db.close()


async def test_migrate_db_copies_the_demo_database_to_postgresql(demo, tmp_path: Path) -> None:
    """Issue 15: `rapport migrate-db` on the demo's database, as a clinic moving to PostgreSQL
    would run it: every table's row count, and every row, equal after the copy."""
    copy = tmp_path / "demo.db"  # a copy: the other tests read the demo's own file
    copy.write_bytes((demo[0] / "demo.db").read_bytes())
    async for url in fresh_postgres():
        command = [sys.executable, "-m", "bot", "--json", "migrate-db"]
        command += ["--from", f"sqlite:///{copy}", "--to", url]
        process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=tmp_path
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=600)
        assert process.returncode == 0, err.decode()[-2000:]
        counted = json.loads(out)["rows"]
        assert counted["patients"] == 4 and counted["answers"] > 100 and counted["digests"] >= 4
        source, target = await connect(f"sqlite:///{copy}"), await connect(url)
        try:
            for table, n in counted.items():
                rows = await target.fetchall(f"SELECT COUNT(*) AS n FROM {table}")  # noqa: S608
                assert rows[0]["n"] == n, table
            assert await _everything(source, list(counted)) == await _everything(
                target, list(counted)
            )
        finally:
            await source.close()
            await target.close()
