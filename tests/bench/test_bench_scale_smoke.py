"""The scale benchmark's code path on a tiny clinic: correctness only, never timings."""

from datetime import datetime
from pathlib import Path

import pytest

from bench.bench_scale import check_catch_up, main, run_bench
from bench.fixtures import BenchError, open_clinic
from bot.clock import VirtualClock


async def test_process_sweeps_and_catch_up_are_checked(tmp_path: Path) -> None:
    report = await run_bench(60, tmp_path, process=True, co_due=20)
    assert report.process is not None
    assert report.process.first_poll_s > 0
    assert report.process.first_sweep_s >= report.process.first_poll_s
    assert report.process.rss_mb > 0
    assert report.nothing_due.calls == 5
    assert report.queued_1k == 20
    statuses = report.catch_up_statuses
    assert set(statuses) == {"missed", "open"}
    assert statuses["open"] >= 20  # the 09:00 ones of day 2 at least, invited on return


def test_command_line_runs_without_the_process(tmp_path: Path, capsys) -> None:
    assert main(["--patients", "30", "--no-process", "--dir", str(tmp_path), "--json"]) == 0
    assert '"queued_1k": 30' in capsys.readouterr().out


async def test_the_check_catches_a_second_invitation(tmp_path: Path) -> None:
    report = await run_bench(12, tmp_path, process=False, co_due=4)
    stopped, back = (datetime.fromisoformat(t) for t in report.down)
    app = await open_clinic(tmp_path, VirtualClock(back))
    try:
        assert await check_catch_up(app, stopped, back) == report.catch_up_statuses
        async with app.db.tx() as tx:
            await tx.run(
                "INSERT INTO events (at, kind, actor, detail) SELECT at, kind, actor, detail"
                " FROM events WHERE kind = 'checkin_sent' ORDER BY id DESC LIMIT 1"
            )
        with pytest.raises(BenchError, match="1 invited twice"):
            await check_catch_up(app, stopped, back)
    finally:
        await app.db.close()
