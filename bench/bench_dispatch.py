"""N patients all due at the same local 09:00: the sweep that claims them and the sender.

    .venv/bin/python -m bench.bench_dispatch [--patients 10000] [--pace off|real] [--json]

A fresh SQLite file with the real migrations, one clinician and N active patients, each with
a private sandbox chat and a weekly schedule (Mondays 09:00 Europe/Madrid). The virtual clock
is moved to that instant, then the bench times:

- plan: the sweep's first step, turning the N schedules into check-in rows;
- claim: the rest of that sweep (close windows, dispatch due, remind), queueing N invitations;
- send: the real PTB Application's sender delivering them to the in-process sandbox;
- repeat: a second sweep at the same instant (nothing due);
- tick: the next tick, one sweep interval later (nothing due, N schedules exist).

`plan` then `sweep` is exactly what one `dispatch.sweep` does (its own planning step then
finds nothing left), split so the two costs can be told apart.

--pace off switches off both limits on the send path (Rapport's Pacer and the 30/s bucket of
PTB's AIORateLimiter, which build_application always installs) to measure the overhead per
message; --pace real keeps production's limits and really waits, so use fewer patients.
Every run checks delivery: each patient got exactly one invitation, none dropped, none twice,
and the whole outbox is `sent`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

from bench.fixtures import (
    FIRST_TELEGRAM_ID,
    TIMEZONE,
    BenchError,
    Pace,
    Plan,
    bench_settings,
    count,
    local,
    make_chats_known,
    running,
    timed,
)
from bench.fixtures import enrol as enrol_plan
from bot.clock import VirtualClock
from bot.compose import open_app
from bot.sandbox import TelegramState
from bot.services import dispatch
from bot.services.context import Rapport
from bot.storage.times import iso

__all__ = [
    "FIRST_TELEGRAM_ID",
    "TIMEZONE",
    "bench_settings",
    "local",
    "make_chats_known",
    "running",
]

DAY = date(2026, 3, 2)  # a Monday, well before the spring DST change
SET_UP_AT = clock_time(8, 0)  # local: staff set the schedules an hour before
DUE_AT = clock_time(9, 0)  # local: every check-in falls due at this instant
DIALOG = "weekly"
WEEKDAYS = "mon"
TELEGRAM_RATE = 30.0  # messages a second overall, the limit the issue paces to


class DeliveryError(BenchError):
    """The bench's delivery check failed: something was dropped, doubled or left unsent."""


@dataclass
class Phase:
    """One timed step and how many rows it handled."""

    name: str
    seconds: float
    rows: int

    @property
    def per_second(self) -> float:
        """Rows handled per wall-clock second."""
        return self.rows / self.seconds if self.seconds > 0 else float("inf")


@dataclass
class Delivery:
    """What the delivery check counted."""

    patients: int
    invitations: int
    send_calls: int
    outbox: dict[str, int]
    checkins_open: int


@dataclass
class Report:
    """Everything one run measured."""

    patients: int
    pace: Pace
    setup_seconds: float
    phases: list[Phase] = field(default_factory=list)
    delivery: Delivery | None = None
    replanned_on_tick: int = 0
    peak_rss_mb: float = 0.0

    def phase(self, name: str) -> Phase:
        """The phase with this name."""
        return next(p for p in self.phases if p.name == name)

    @property
    def per_message_ms(self) -> float:
        """Wall time of the send phase per message, in milliseconds."""
        send = self.phase("send")
        return 1000 * send.seconds / max(send.rows, 1)

    @property
    def projected_real_seconds(self) -> float:
        """Send time under production pacing: the 30/s gap, unless a message costs more."""
        return self.patients * max(1 / TELEGRAM_RATE, self.per_message_ms / 1000)


async def enrol(app: Rapport, state: TelegramState, patients: int) -> list[int]:
    """One clinician and N active patients with a weekly schedule; returns their chat ids."""
    plan = Plan(DIALOG, WEEKDAYS, None, DAY, lambda _: DUE_AT.strftime("%H:%M"))
    return await enrol_plan(app, state, patients, plan)


async def timed_sweep(app: Rapport, name: str) -> tuple[Phase, Phase]:
    """One sweep at now: its planning step (check-ins made), then the rest (sends queued)."""
    now = app.clock.now()
    before = await count(app, "SELECT COUNT(*) FROM checkins")
    plan_s = await timed(dispatch.plan(app, now))
    planned = await count(app, "SELECT COUNT(*) FROM checkins") - before
    queued_before = await count(app, "SELECT COUNT(*) FROM outbox")
    rest_s = await timed(dispatch.sweep(app, dispatch.EVERYTHING))
    queued = await count(app, "SELECT COUNT(*) FROM outbox") - queued_before
    return Phase(f"{name}: plan", plan_s, planned), Phase(f"{name}: claim", rest_s, queued)


async def send_all(app: Rapport) -> Phase:
    """The sender delivering everything queued, as the worker of `rapport run` would."""
    assert app.sender is not None
    start = time.perf_counter()
    made = await app.sender.flush()
    return Phase("send", time.perf_counter() - start, made)


async def check_delivery(app: Rapport, state: TelegramState, chats: list[int]) -> Delivery:
    """Exactly one invitation per patient, in the sandbox and in the outbox; nothing else."""
    invite = app.t("en", "checkin-invite")
    problems = []
    invitations = 0
    for chat in chats:
        sent = state.chat_messages(chat, outgoing=True, include_deleted=True)
        texts = [m.text for m in sent]
        if texts != [invite]:
            problems.append(f"chat {chat} got {texts!r}")
        invitations += texts.count(invite)
    calls = state.calls_to("sendMessage")
    if len(calls) != len(chats) or not all(c.ok for c in calls):
        problems.append(f"{len(calls)} sendMessage calls for {len(chats)} patients")
    rows = await app.db.fetchall("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
    outbox = {r["status"]: r["n"] for r in rows}
    if outbox != {"sent": len(chats)}:
        problems.append(f"outbox is {outbox}")
    per_chat = await app.db.fetchall(
        "SELECT chat_id, COUNT(*) AS n FROM outbox GROUP BY chat_id HAVING n != 1"
    )
    if per_chat or await count(app, "SELECT COUNT(DISTINCT chat_id) FROM outbox") != len(chats):
        problems.append("outbox rows are not one per patient")
    sent_rows = await app.db.fetchall("SELECT chat_id, message_id FROM outbox WHERE status='sent'")
    mismatched = [
        r["chat_id"]
        for r in sent_rows
        if r["message_id"]
        not in {m.message_id for m in state.chat_messages(r["chat_id"], outgoing=True)}
    ]
    if mismatched:
        problems.append(f"{len(mismatched)} outbox rows name another message id")
    opened = await count(
        app,
        "SELECT COUNT(*) FROM checkins WHERE status = 'open' AND invited_at IS NOT NULL"
        " AND slot = ?",
        DAY.isoformat(),
    )
    if opened != len(chats):
        problems.append(f"{opened} of {len(chats)} check-ins of {DAY} are open")
    if problems:
        raise DeliveryError("; ".join(problems[:10]))
    return Delivery(len(chats), invitations, len(calls), outbox, opened)


async def run_bench(patients: int, pace: Pace, directory: Path) -> Report:
    """Build the clinic in `directory`, run the 09:00 rush, check it and return the timings."""
    settings = bench_settings(directory)
    clock = VirtualClock(local(DAY, SET_UP_AT))
    app = await open_app(settings, clock)
    state = TelegramState(clock=clock)
    try:
        start = time.perf_counter()
        chats = await enrol(app, state, patients)
        make_chats_known(state, chats)
        report = Report(patients, pace, time.perf_counter() - start)
        async with running(app, state, pace):
            clock.set(local(DAY, DUE_AT))
            report.phases += await timed_sweep(app, "due")
            report.phases.append(await send_all(app))
            report.delivery = await check_delivery(app, state, chats)
            report.phases += await timed_sweep(app, "repeat")
            clock.advance(timedelta(seconds=settings.sweep_seconds))
            report.phases += await timed_sweep(app, "tick")
            horizon = iso(clock.now() + dispatch.HORIZON)
            report.replanned_on_tick = await count(
                app, "SELECT COUNT(*) FROM schedules WHERE planned_until = ?", horizon
            )
            if await count(app, "SELECT COUNT(*) FROM outbox") != patients:
                raise DeliveryError("a sweep with nothing due queued something")
    finally:
        await app.db.close()
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def render(report: Report) -> str:
    """The report as a few aligned lines."""
    lines = [
        f"patients {report.patients}, pace {report.pace}, setup {report.setup_seconds:.1f}s,"
        f" peak RSS {report.peak_rss_mb:.0f} MB",
    ]
    for p in report.phases:
        rate = f"{p.per_second:10.0f} rows/s" if p.rows else ""
        lines.append(f"  {p.name:15} {p.seconds * 1000:10.1f} ms {p.rows:7d} rows {rate}")
    label = "send overhead" if report.pace == "off" else "paced send"
    lines.append(f"  {label:15} {report.per_message_ms:10.2f} ms/message")
    if report.pace == "off":
        lines.append(
            f"  projected send at {TELEGRAM_RATE:.0f}/s: {report.projected_real_seconds:.0f} s"
        )
    else:
        send = report.phase("send")
        lines.append(f"  real pace achieved: {send.per_second:.1f} messages/s")
    lines.append(f"  schedules re-planned by the nothing-due tick: {report.replanned_on_tick}")
    if report.delivery is not None:
        d = report.delivery
        lines.append(
            f"  delivery ok: {d.invitations} invitations to {d.patients} patients,"
            f" {d.send_calls} sendMessage calls, outbox {d.outbox}"
        )
    return "\n".join(lines)


def as_json(report: Report) -> str:
    """The report as JSON, with the derived figures."""
    data = asdict(report)
    data["per_message_ms"] = report.per_message_ms
    data["projected_real_seconds"] = report.projected_real_seconds
    for phase in data["phases"]:
        phase["per_second"] = phase["rows"] / phase["seconds"] if phase["seconds"] else None
    return json.dumps(data, indent=2)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run once in a temporary directory, print the report."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_dispatch", description=__doc__)
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--pace", choices=("off", "real"), default="off")
    parser.add_argument("--dir", type=Path, help="where the temporary database goes")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.patients < 1:
        parser.error("--patients must be at least 1")
    with tempfile.TemporaryDirectory(prefix="rapport-bench-", dir=args.dir) as tmp:
        report = asyncio.run(run_bench(args.patients, args.pace, Path(tmp)))
    print(as_json(report) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
