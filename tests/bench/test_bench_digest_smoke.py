"""The digest benchmark's code path on a short history and a few due digests: correctness
only, never timings."""

from pathlib import Path

import pytest

from bench.bench_digest import (
    EXPECTED_SIGNALS,
    NOW,
    Report,
    all_due,
    check_all_due,
    due_clinic,
    main,
    run_bench,
)
from bench.fixtures import BenchError, open_clinic
from bot.clock import VirtualClock


async def test_year_digest_and_due_digests_are_checked(tmp_path: Path) -> None:
    report = await run_bench(35, 12, tmp_path, repeat=1)
    assert EXPECTED_SIGNALS <= set(report.signals)
    assert [s.name for s in report.steps] == ["data + signals", "json", "html", "chart"]
    assert report.answers > 35
    assert report.recorded == 12
    assert report.queued_messages >= 12


def test_command_line_runs(tmp_path: Path, capsys) -> None:
    args = ["--days", "28", "--patients-due", "3", "--repeat", "1", "--dir", str(tmp_path)]
    assert main([*args, "--json"]) == 0
    assert '"recorded": 3' in capsys.readouterr().out


async def test_the_check_catches_an_undelivered_digest(tmp_path: Path) -> None:
    clock = VirtualClock(NOW)
    app = await open_clinic(tmp_path, clock)
    try:
        await due_clinic(app, clock, 4)
        report = Report(28, 0, patients_due=4)
        await all_due(app, "off", report)
        async with app.db.tx() as tx:
            await tx.run("UPDATE digests SET delivered_at = NULL WHERE id = 2")
        with pytest.raises(BenchError, match="1 undelivered"):
            await check_all_due(app, report)
    finally:
        await app.db.close()
