"""The answers benchmark's code path with a few patients, limits off and no latency:
correctness only, never timings."""

from pathlib import Path

import pytest

from bench.bench_answers import ChatWatch, Run, bot_running, check, clinic, invite, main, run_once
from bench.fixtures import BenchError, open_clinic
from bot.clock import SystemClock


async def test_patients_answer_their_whole_check_in(tmp_path: Path) -> None:
    """The bot as its own process (`rapport run`, unpaced), as the benchmark runs it."""
    run = await run_once(tmp_path, Run(3, 3, "off", "off", 0))
    assert run.answers >= 3 * 10  # the weekly check-in asks a dozen questions or more
    assert len(run.latencies_ms) >= run.answers // 2  # one per question shown, Start too
    assert run.refused_429 == run.calls_429 == 0
    assert run.bot == "process" and run.bot_cpu_s is not None
    assert len(run.answered_at) >= run.answers // 2  # each answer shown or ending, timed
    assert run.sustained_per_second > 0


def test_sustained_is_the_pace_between_the_10th_and_90th_percentile() -> None:
    run = Run(2, 2, "off", "off", 0, answered_at=[0.0, *[float(t) for t in range(10, 90)], 500])
    # 82 times: the 9th is at 17 s, the 74th at 82 s; 65 answers in 65 s, the outliers left out
    assert run.sustained_per_second == pytest.approx(1.0)


async def test_in_process_over_http_and_with_idle_patients(tmp_path: Path) -> None:
    run = await run_once(tmp_path, Run(40, 2, "off", "off", 0, bot="in-process"), http=True)
    assert run.answers >= 2 * 10 and run.bot_cpu_s is None


async def test_in_process(tmp_path: Path) -> None:
    run = await run_once(tmp_path, Run(2, 2, "off", "off", 0, bot="in-process"))
    assert run.answers >= 2 * 10


def test_command_line_runs(tmp_path: Path, capsys) -> None:
    args = ["--patients", "2", "--limits", "off", "--ceiling", "--dir", str(tmp_path)]
    assert main([*args, "--json"]) == 0
    assert '"answering": 2' in capsys.readouterr().out


async def test_the_check_catches_an_unfinished_check_in(tmp_path: Path) -> None:
    app = await open_clinic(tmp_path, SystemClock())
    state = ChatWatch()
    try:
        people = await clinic(app, state, 4, 2)
        async with bot_running(app, state, "off", 0, http=False):
            patients = await invite(app, state, people)
        with pytest.raises(BenchError, match="0 of 2 check-ins completed"):
            await check(app, state, Run(4, 2, "off", "off", 0, answers=1), patients)
    finally:
        await app.db.close()
