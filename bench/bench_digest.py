"""One digest of a year of answers, step by step; then every digest due at 10,000 patients.

    .venv/bin/python -m bench.bench_digest [--days 365] [--patients-due 10000]
        [--charts off|on] [--repeat 5] [--json] [--dir D]

Part 1, one patient: a fresh SQLite file with the real migrations, one clinician (chat linked)
and one patient added `--days` ago, with the check-ins a real year leaves: the `daily`
check-in completed every day (took it today: mostly yes; mood 0-10 drifting down over the last
weeks) and the `weekly` one every seventh day, cycling through three weeks of answers (as
prescribed; taking less for side effects with high worry; skipping on purpose), so that
signals fire. Rows go in through bot.storage (`checkins.create`, `save_answer`, `finish`).
The digest covers everything since the patient was added (no earlier digest): the worst case.
Each step is timed `--repeat` times and the median reported:

- data + signals: `digests.build` (every read, `signals.evaluate`, the Digest value);
- JSON: `digests.render(..., "json")` (to_json + json.dumps);
- HTML: `digests.render(..., "html")` without the chart;
- chart: `digests.draw`, the matplotlib drawing production runs in a thread; the first draw,
  which loads matplotlib, is reported apart.

Part 2, `--patients-due` patients (another fresh database), each with one weekly check-in
answered three days ago and an appointment 12 h ahead (inside the 24 h lead), their clinician's
chat linked. Timed: the sweep's digest step (`digests.schedule_due`, one transaction per
digest, called until it finds none), then the digest worker (`digests.deliver`) until none is
left, queueing each digest's messages in the outbox. `--charts off` (the default) replaces
the chart drawing by a stub, since part 1 times it and 10,000 draws take most of an hour; `on`
draws them all.

Checks (BenchError): the year digest holds the expected signals, hypotheses, mood and
response counts in its JSON and its sections in the HTML, and the chart is a PNG; at 10k,
every patient has exactly one scheduled digest, each delivered with its messages queued, and
a second digest step records nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from bench.fixtures import BenchError, Plan, count, enrol, open_clinic, timed
from bot.clock import VirtualClock
from bot.services import digests
from bot.services.context import Rapport
from bot.storage import checkins, people, plans
from bot.storage import digests as digest_store
from bot.storage.db import Tx

Charts = Literal["off", "on"]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CLINICIAN_CHAT = 400_000_001
# The weeks of answers cycled through: as prescribed; less for side effects; skipped on purpose.
WEEKS: list[dict[str, Any]] = [
    {
        "days_missed": 0,
        "dose_change": "as_prescribed",
        "any_side_effects": "no",
        "symptoms": 1,
        "daily_life": 1,
        "symptoms_level": 3,
        "daily_life_level": 3,
        "heard": 8,
        "pressure": 2,
    },
    {
        "days_missed": 2,
        "dose_change": "took_less",
        "reasons": ["side_effects"],
        "any_side_effects": "yes",
        "which_side_effects": ["dizzy", "headache"],
        "side_effect_bother": 6,
        "attribution": "medicine",
        "harm_worry": 8,
        "symptoms": 0,
        "daily_life": 0,
        "heard": 4,
        "pressure": 7,
        "prescriber_knows": "no",
        "symptoms_level": 4,
        "daily_life_level": 3,
    },
    {
        "days_missed": 3,
        "dose_change": "skipped_on_purpose",
        "reasons": ["side_effects", "dont_want_to_depend"],
        "any_side_effects": "yes",
        "which_side_effects": ["dizzy", "stomach", "foggy"],
        "side_effect_bother": 8,
        "attribution": "medicine",
        "harm_worry": 9,
        "symptoms": -1,
        "daily_life": -1,
        "heard": 3,
        "pressure": 8,
        "prescriber_knows": "no",
        "symptoms_level": 4,
        "daily_life_level": 3,
    },
]
# What the cycled weeks must raise (adherence, its intent, side effects blamed on the drug).
EXPECTED_SIGNALS = {
    "nonadherence",
    "intentional_nonadherence",
    "self_adjusted_dose",
    "nocebo_pattern",
}
EXPECTED_SECTIONS = ("signals", "hypotheses", "mood", "response", "regimen")


@dataclass
class Step:
    """One timed step: the median and every run, in milliseconds."""

    name: str
    runs_ms: list[float]

    @property
    def median_ms(self) -> float:
        """The median run."""
        return statistics.median(self.runs_ms)


@dataclass
class Report:
    """Everything one run measured."""

    days: int
    answers: int
    signals: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    first_chart_ms: float = 0.0
    patients_due: int = 0
    charts: Charts = "off"
    setup_due_s: float = 0.0
    schedule_s: float = 0.0
    deliver_s: float = 0.0
    recorded: int = 0
    queued_messages: int = 0

    def step(self, name: str) -> Step:
        """The step with this name."""
        return next(s for s in self.steps if s.name == name)


def daily_plan(start: datetime) -> Plan:
    """The year patient's schedule: the daily check-in at 20:00, as the answers show."""
    return Plan("daily", None, 1, start.date(), lambda _: "20:00")


async def answered(
    app: Rapport, tx: Tx, patient_id: int, dialog_id: str, due: datetime, values: dict[str, Any]
) -> int:
    """One completed check-in of an installed dialog, answered 5 minutes after it was due."""
    dialog = app.dialogs[dialog_id]
    expires = due + timedelta(hours=dialog.window_hours)
    slot = due.date().isoformat()
    new_id = await checkins.create(tx, patient_id, dialog_id, dialog.version, slot, due, expires)
    assert new_id is not None
    at = due + timedelta(minutes=5)
    await checkins.mark_invited(tx, new_id, due, None)
    await checkins.mark_open(tx, new_id, at)
    checkin = await checkins.by_id(tx, new_id)
    assert checkin is not None
    given = 0
    for question in dialog.questions:
        if question.id in values:
            value = values[question.id]
            await checkins.save_answer(tx, checkin, question.id, question.measures, value, at)
            given += 1
    await checkins.finish(tx, new_id, "completed", at)
    return given


def day_values(day: int, days: int) -> dict[str, Any]:
    """Day `day` of `days`: took it mostly; mood steady around 6, falling over the last weeks."""
    took = "no" if day % 9 == 0 else "not_yet" if day % 7 == 3 else "yes"
    late = max(0, day - (days - 28))
    mood = max(0, min(10, 6 + (day % 3) - 1 - late // 5))
    return {"took_today": took, "mood": mood}


async def year_patient(app: Rapport, clock: VirtualClock, days: int) -> tuple[int, int]:
    """The clinician, the patient and their year of check-ins; (patient id, answers stored)."""
    start = NOW - timedelta(days=days)
    clock.set(start)
    await enrol(app, None, 1, daily_plan(start))
    async with app.db.tx() as tx:
        await people.link_clinician(tx, 1, CLINICIAN_CHAT)
        patient_id = 1
        given = 0
        for day in range(days):
            due = start + timedelta(days=day, hours=11)
            given += await answered(app, tx, patient_id, "daily", due, day_values(day, days))
            if day % 7 == 6:
                week = WEEKS[(day // 7) % len(WEEKS)]
                given += await answered(app, tx, patient_id, "weekly", due, week)
    clock.set(NOW)
    return patient_id, given


async def built_digest(app: Rapport, patient_id: int) -> digests.Built:
    """The digest of everything since the patient was added, as a scheduled one would be."""
    async with app.db.read() as tx:
        patient = await people.patient_by_id(tx, patient_id)
        assert patient is not None
        return await digests.build(app, tx, patient, (patient.created_at, NOW), None, [])


async def time_steps(app: Rapport, patient_id: int, repeat: int, report: Report) -> None:
    """data + signals, JSON, HTML and chart, each `repeat` times."""
    runs: dict[str, list[float]] = {"data + signals": [], "json": [], "html": [], "chart": []}
    built = await built_digest(app, patient_id)
    report.first_chart_ms = _ms(lambda: digests.draw(app, built))
    for _ in range(repeat):
        runs["data + signals"].append(1000 * await timed(built_digest(app, patient_id)))
        runs["json"].append(_ms(lambda: digests.render(app, built, "json")))
        runs["html"].append(_ms(lambda: digests.render(app, built, "html")))
        runs["chart"].append(_ms(lambda: digests.draw(app, built)))
    report.steps = [Step(name, ms) for name, ms in runs.items()]
    check_year_digest(app, built, report)


def _ms(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return 1000 * (time.perf_counter() - start)


def check_year_digest(app: Rapport, built: digests.Built, report: Report) -> None:
    """The year's digest says what its answers hold: signals, hypotheses, mood, counts."""
    data = json.loads(digests.render(app, built, "json"))
    report.signals = sorted(s["code"] for s in data["signals"])
    problems = [f"no {key}" for key in EXPECTED_SECTIONS if not data.get(key)]
    if data["response"]["answered"] < report.days // 7:
        problems.append(f"response counts {data['response']}")
    if missing := EXPECTED_SIGNALS - set(report.signals):
        problems.append(f"signals {sorted(missing)} missing from {report.signals}")
    page = digests.render(app, built, "html")
    if app.t("en", "digest-hypotheses-heading") not in page:
        problems.append("the HTML has no hypotheses section")
    if not digests.draw(app, built).startswith(b"\x89PNG"):
        problems.append("the chart is not a PNG")
    if problems:
        raise BenchError("; ".join(problems))


async def due_clinic(app: Rapport, clock: VirtualClock, patients: int) -> None:
    """N patients, each with one weekly check-in answered and an appointment 12 h ahead."""
    start = NOW - timedelta(days=30)
    clock.set(start)
    await enrol(app, None, patients, Plan("weekly", "mon", None, start.date(), lambda _: "10:00"))
    async with app.db.tx() as tx:
        await people.link_clinician(tx, 1, CLINICIAN_CHAT)
        for patient_id in range(1, patients + 1):
            due = NOW - timedelta(days=3)
            await answered(app, tx, patient_id, "weekly", due, WEEKS[patient_id % len(WEEKS)])
            await plans.add_appointment(tx, patient_id, NOW + timedelta(hours=12), start)
    clock.set(NOW)


@contextmanager
def charts(app: Rapport, mode: Charts) -> Iterator[None]:
    """mode=off: the digest worker gets a stub instead of matplotlib."""
    if mode == "on":
        yield
        return
    real = app.chart
    app.chart = lambda: lambda *args, **kwargs: b"\x89PNG stub"  # type: ignore[method-assign]
    try:
        yield
    finally:
        app.chart = real  # type: ignore[method-assign]


async def all_due(app: Rapport, mode: Charts, report: Report) -> None:
    """The sweep's digest step until none is due, then the worker until none is left."""

    async def schedule() -> None:
        while await step(app):
            report.recorded += 1

    report.schedule_s = await timed(schedule())
    with charts(app, mode):
        report.deliver_s = await timed(digests.deliver(app))
    await check_all_due(app, report)


async def step(app: Rapport) -> int:
    """One call of the digest step, in its own transaction as the sweep runs it."""
    async with app.db.tx() as tx:
        return await digests.schedule_due(app, tx, app.clock.now())


async def check_all_due(app: Rapport, report: Report) -> None:
    """One scheduled digest per patient, each delivered with messages; none left to record."""
    n = report.patients_due
    once = await count(
        app,
        "SELECT COUNT(*) FROM (SELECT patient_id FROM digests WHERE kind = 'scheduled'"
        " GROUP BY patient_id HAVING COUNT(*) = 1)",
    )
    undelivered = await count(app, "SELECT COUNT(*) FROM digests WHERE delivered_at IS NULL")
    report.queued_messages = await count(
        app, "SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'digest:%'"
    )
    with_messages = await count(
        app, "SELECT COUNT(DISTINCT patient_id) FROM outbox WHERE dedupe_key LIKE 'digest:%'"
    )
    again = await step(app)
    async with app.db.read() as tx:
        left = await digest_store.undelivered(tx)
    if (report.recorded, once, with_messages) != (n, n, n) or undelivered or again or left:
        raise BenchError(
            f"{report.recorded} recorded, {once} patients with one, {with_messages} with"
            f" messages, {undelivered} undelivered, {again} recorded again, of {n}"
        )


async def run_bench(
    days: int, patients_due: int, directory: Path, repeat: int = 5, mode: Charts = "off"
) -> Report:
    """Both parts, each in a fresh database under `directory`."""
    (directory / "year").mkdir()
    clock = VirtualClock(NOW)
    app = await open_clinic(directory / "year", clock)
    try:
        patient_id, given = await year_patient(app, clock, days)
        report = Report(days, given, charts=mode, patients_due=patients_due)
        await time_steps(app, patient_id, repeat, report)
    finally:
        await app.db.close()
    if patients_due:
        (directory / "due").mkdir()
        app = await open_clinic(directory / "due", clock)
        try:
            report.setup_due_s = await timed(due_clinic(app, clock, patients_due))
            await all_due(app, mode, report)
        finally:
            await app.db.close()
    return report


def render(report: Report) -> str:
    """The report as a few aligned lines."""
    lines = [f"one patient, {report.days} days, {report.answers} answers"]
    for s in report.steps:
        lines.append(
            f"  {s.name:15} median {s.median_ms:8.1f} ms  (min {min(s.runs_ms):.1f}, max"
            f" {max(s.runs_ms):.1f})"
        )
    lines.append(f"  first chart (loads matplotlib) {report.first_chart_ms:.0f} ms")
    lines.append(f"  signals: {', '.join(report.signals)}")
    if report.patients_due:
        n = report.patients_due
        each = (1000 * report.schedule_s / n, 1000 * report.deliver_s / n)
        lines += [
            f"{n} digests due (charts {report.charts}), setup {report.setup_due_s:.1f}s",
            f"  digest step {report.schedule_s:8.2f} s, {each[0]:.2f} ms each",
            f"  worker      {report.deliver_s:8.2f} s, {each[1]:.2f} ms each,"
            f" {report.queued_messages} messages queued",
        ]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    """The report as JSON, with the medians."""
    data = asdict(report)
    for step_data, s in zip(data["steps"], report.steps, strict=True):
        step_data["median_ms"] = s.median_ms
    return json.dumps(data, indent=2)


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run once in a temporary directory, print the report."""
    parser = argparse.ArgumentParser(prog="python -m bench.bench_digest", description=__doc__)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--patients-due", type=int, default=10_000)
    parser.add_argument("--charts", choices=("off", "on"), default="off")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", type=Path, help="where the temporary databases go")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.days < 28 or args.patients_due < 0 or args.repeat < 1:
        parser.error("--days must be at least 28, --patients-due 0 or more, --repeat 1 or more")
    with tempfile.TemporaryDirectory(prefix="rapport-bench-", dir=args.dir) as tmp:
        report = asyncio.run(
            run_bench(args.days, args.patients_due, Path(tmp), args.repeat, args.charts)
        )
    print(as_json(report) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
