"""bench_engines on 20 patients, per engine: correctness and the shape of the result only,
never timings. The PostgreSQL half needs a server (RAPPORT_TEST_POSTGRES_URL, see
.ci/postgres) and is skipped without one, unless RAPPORT_REQUIRE_POSTGRES says it must run."""

import asyncio
import json
from pathlib import Path

import pytest

from bench.bench_engines import (
    ENGINES,
    LIMITS,
    Engine,
    Options,
    as_json,
    main,
    render,
    run_all,
    run_sweep,
)
from bot.services import dispatch
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES


def server_for(engine: Engine) -> str | None:
    if engine == "sqlite":
        return None
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("RAPPORT_REQUIRE_POSTGRES is set but RAPPORT_TEST_POSTGRES_URL is not")
        pytest.skip("no PostgreSQL: set RAPPORT_TEST_POSTGRES_URL (see .ci/postgres)")
    return POSTGRES_URL


async def bench_databases() -> set[str]:
    import asyncpg

    admin = await asyncpg.connect(POSTGRES_URL)
    try:
        rows = await admin.fetch("SELECT datname FROM pg_database")
    finally:
        await admin.close()
    return {r["datname"] for r in rows if r["datname"].startswith("rapport_bench_")}


@pytest.mark.parametrize("engine", ENGINES)
def test_each_part_runs_and_checks_delivery(engine: Engine, tmp_path: Path) -> None:
    postgres_url = server_for(engine)
    before = asyncio.run(bench_databases()) if postgres_url else set()
    # A short tick and idle stop keep the test short; a 6 s lead leaves room on a busy box.
    opts = Options(20, tmp_path, 1, (engine,), LIMITS, postgres_url, 1, lead=6, idle=10)
    results = run_all(opts)

    [sweep] = results.sweeps
    assert (sweep.engine, sweep.queued, sweep.patients) == (engine, 20, 20)
    assert sweep.sweeps.calls >= 1 and sweep.rows_per_s > 0
    wanted = {"synchronous": "FULL"} if engine == "sqlite" else {"synchronous_commit": "on"}
    assert wanted.items() <= sweep.durability.items()
    assert [(r.engine, r.limits) for r in results.senders] == [(engine, x) for x in LIMITS]
    for run in results.senders:
        assert (run.delivered, run.missed, run.duplicates) == (20, 0, 0)
        assert run.outbox == {"sent": 20} and run.stopped == "all delivered"
        assert run.cpu_s is not None and run.peak_rss_mb is not None
    if postgres_url:  # every database the bench created is gone
        assert asyncio.run(bench_databases()) == before
    data = json.loads(as_json(results, opts))
    assert {"sweeps", "senders", "table"} <= data.keys()
    figures = {row["figure"] for row in data["table"]}
    assert {"sweep: rows/s", "sender off: delivered/s", "sender telegram: bot CPU s"} <= figures
    assert f"| figure | {engine} | postgresql/sqlite |" in render(results)


async def test_the_sweep_goes_on_past_one_ticks_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A tick's budget of 7 rows stands for production's 900: 20 co-due take three sweeps.
    small = dispatch.Budget(messages=7, plan=7, close=7, digests=1)
    monkeypatch.setattr(dispatch, "per_tick", lambda seconds: small)
    run = await run_sweep("sqlite", 1, Options(20, tmp_path, engines=("sqlite",)))
    assert run.queued == 20
    assert run.sweeps.calls >= 3


def test_command_line_refuses_postgresql_without_a_server() -> None:
    with pytest.raises(SystemExit):
        main(["--patients", "5", "--engines", "postgresql"])
