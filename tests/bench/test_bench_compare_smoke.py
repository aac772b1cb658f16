"""bench_compare on 20 patients: both bots as real processes over the limited sandbox.

Correctness and the shape of the result only, never timings.
"""

import json
from pathlib import Path

import pytest

from bench.bench_compare import BOTS, Options, Run, as_json, main, midday_zone, render, run_all


def test_both_bots_run_and_rapport_delivers_each_message_once(tmp_path: Path) -> None:
    # A short tick and idle stop keep the test short; a 10 s lead leaves room on a busy box.
    opts = Options(20, [0.0], 1, tmp_path, lead=10, sweep_seconds=1, idle=15)
    runs = run_all(opts)

    assert [r.bot for r in runs] == list(BOTS)
    rapport = runs[0]
    assert (rapport.delivered, rapport.missed, rapport.duplicates) == (20, 0, 0)
    assert rapport.stopped == "all delivered"
    assert rapport.outbox == {"sent": 20}
    baseline = runs[1]
    assert baseline.delivered + baseline.missed <= 20
    for run in runs:
        assert isinstance(run, Run) and run.exit_code is not None
        assert run.peak_rss_mb is not None and run.cpu_s is not None
    data = json.loads(as_json(runs, opts))
    assert {"runs", "ratios", "patients", "latencies_ms"} <= data.keys()
    assert set(data["ratios"]["0"]) >= {"delivered", "msg_per_s", "peak_rss_mb", "cpu_s"}
    assert "rapport/baseline at 0 ms" in render(runs)


def test_the_zone_puts_the_due_instant_at_midday() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    for hour in range(24):
        when = datetime(2026, 12, 1, hour, 30, tzinfo=UTC)
        assert when.astimezone(ZoneInfo(midday_zone(when))).hour == 12


def test_command_line_refuses_no_patients() -> None:
    with pytest.raises(SystemExit):
        main(["--patients", "0"])
