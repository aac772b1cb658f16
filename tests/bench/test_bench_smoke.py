"""The dispatch benchmark's code path on a tiny clinic: correctness only, never timings."""

from pathlib import Path

import pytest

from bench.bench_dispatch import (
    DAY,
    DUE_AT,
    SET_UP_AT,
    DeliveryError,
    bench_settings,
    check_delivery,
    enrol,
    local,
    main,
    make_chats_known,
    run_bench,
    running,
    send_all,
)
from bot.clock import VirtualClock
from bot.compose import open_app
from bot.sandbox import TelegramState
from bot.services import dispatch
from bot.services.context import Rapport


async def test_every_patient_gets_exactly_one_invitation(tmp_path: Path) -> None:
    report = await run_bench(50, "off", tmp_path)
    assert report.delivery is not None
    assert report.delivery.invitations == 50
    assert report.delivery.send_calls == 50
    assert report.delivery.outbox == {"sent": 50}
    assert report.delivery.checkins_open == 50
    assert report.phase("due: claim").rows == 50
    assert report.phase("send").rows == 50


async def test_nothing_due_queues_nothing(tmp_path: Path) -> None:
    report = await run_bench(20, "off", tmp_path)
    for name in ("repeat: plan", "repeat: claim", "tick: plan", "tick: claim"):
        assert report.phase(name).rows == 0


async def test_production_pacing_delivers_all(tmp_path: Path) -> None:
    # A few patients only: real pacing really waits about 1/30 s a message.
    report = await run_bench(10, "real", tmp_path)
    assert report.delivery is not None
    assert report.delivery.invitations == 10
    assert report.delivery.outbox == {"sent": 10}


def test_command_line_runs(tmp_path: Path, capsys) -> None:
    assert main(["--patients", "5", "--dir", str(tmp_path), "--json"]) == 0
    assert '"invitations": 5' in capsys.readouterr().out


async def _clinic(
    tmp_path: Path, patients: int
) -> tuple[Rapport, TelegramState, list[int], VirtualClock]:
    """A tiny enrolled clinic, set up the way the bench sets it up."""
    settings = bench_settings(tmp_path)
    clock = VirtualClock(local(DAY, SET_UP_AT))
    app = await open_app(settings, clock)
    state = TelegramState(clock=clock)
    chats = await enrol(app, state, patients)
    make_chats_known(state, chats)
    return app, state, chats, clock


async def test_the_check_catches_a_doubled_or_dropped_invitation(tmp_path: Path) -> None:
    app, state, chats, clock = await _clinic(tmp_path, 3)
    try:
        async with running(app, state, "off"):
            clock.set(local(DAY, DUE_AT))
            await dispatch.sweep(app)
            async with app.db.tx() as conn:
                await conn.run(
                    "UPDATE outbox SET status = 'failed' WHERE chat_id = ?", (chats[0],)
                )
            await send_all(app)
            with pytest.raises(DeliveryError, match="outbox is"):
                await check_delivery(app, state, chats)
            state.call("sendMessage", {"chat_id": chats[1], "text": app.t("en", "checkin-invite")})
            with pytest.raises(DeliveryError, match=f"chat {chats[1]} got"):
                await check_delivery(app, state, chats)
    finally:
        await app.db.close()
