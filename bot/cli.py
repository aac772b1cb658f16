"""The `rapport` command: the composition root and the staff's command line."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from bot import DIALOGS_DIR, LOCALES_DIR, MIGRATIONS_DIR
from bot.clock import Clock, SystemClock
from bot.config import Settings, SettingsError, load_settings
from bot.domain.dialogs import DialogError, load_dialogs
from bot.i18n import CatalogError, load_catalogs
from bot.logs import quiet_third_party_logs
from bot.services import digests, enrolment, planning, privacy, safety
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.storage import events, people
from bot.storage import privacy as storage_privacy
from bot.storage import safety as safety_store
from bot.storage.db import Database
from bot.storage.migrate import MigrationError, migrate
from bot.storage.times import parse

log = logging.getLogger("rapport")


class CliError(Exception):
    """A one-line error for the terminal; exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Bad usage: one line and exit status 2, not a usage dump."""
        self.exit(2, f"rapport: error: {message} (see rapport --help)\n")


async def open_app(settings: Settings, clock: Clock | None = None) -> Rapport:
    """Connect, migrate and load catalogs; anything wrong stops start-up here."""
    t = load_catalogs(LOCALES_DIR)
    dialogs = load_dialogs(DIALOGS_DIR, t.keys)
    db = await Database.open(settings.database_path)
    try:
        applied = await migrate(db, MIGRATIONS_DIR)
    except MigrationError:
        await db.close()
        raise
    if applied:
        log.info("applied migrations: %s", ", ".join(applied))
    app = Rapport(settings=settings, db=db, t=t, clock=clock or SystemClock(), dialogs=dialogs)
    app.bot_username = await people.get_meta(db, "bot_username")
    return app


async def _bot_username(app: Rapport) -> None:
    """Learn the bot's username for invite links when the bot has not recorded it yet."""
    if app.bot_username or app.settings.telegram_bot_token is None:
        return
    from telegram import Bot

    try:
        async with Bot(app.settings.token(), base_url=app.settings.telegram_api_base_url) as bot:
            app.bot_username = bot.username
    except Exception as exc:  # any failure only means the link shows a placeholder
        log.warning(
            "could not reach the Bot API to learn the bot's username (%s)", type(exc).__name__
        )
        return
    async with app.db.tx() as conn:
        await people.set_meta(conn, "bot_username", app.bot_username)


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


def _invite_data(invite: enrolment.Invite, **extra: Any) -> dict[str, Any]:
    if invite.code is not None:
        extra["enrol_code"] = invite.code
    return {
        **extra,
        "invite_link": invite.link,
        "token": invite.token,
        "expires_at": invite.expires_at.isoformat(),
    }


async def cmd_migrate(app: Rapport, args: argparse.Namespace) -> None:
    _print(
        args,
        {"database": str(app.settings.database_path), "status": "up to date"},
        f"database {app.settings.database_path} is up to date",
    )


async def cmd_staff_add(app: Rapport, args: argparse.Namespace) -> None:
    sid = await enrolment.add_staff(app, args.telegram_id, args.name)
    _print(
        args,
        {"id": sid, "telegram_id": args.telegram_id, "name": args.name},
        f"staff member {args.name!r} added",
    )


async def cmd_clinician_add(app: Rapport, args: argparse.Namespace) -> None:
    await _bot_username(app)
    invite = await enrolment.add_clinician(app, args.name, args.language)
    _print(
        args,
        _invite_data(invite, name=args.name),
        f"clinician {args.name!r} added\ninvite link (valid until "
        f"{invite.expires_at:%Y-%m-%d %H:%M} UTC): {invite.link}",
    )


async def cmd_patient_add(app: Rapport, args: argparse.Namespace) -> None:
    await _bot_username(app)
    invite = await enrolment.add_patient(
        app, args.alias, args.clinician, args.timezone, args.language
    )
    _print(
        args,
        _invite_data(invite, alias=args.alias),
        f"patient {args.alias!r} added\ninvite link (valid until "
        f"{invite.expires_at:%Y-%m-%d %H:%M} UTC): {invite.link}" + _code_line(invite),
    )


async def cmd_patient_list(app: Rapport, args: argparse.Namespace) -> None:
    rows = await people.list_patients(app.db)
    data = [
        {
            "alias": r["alias"],
            "clinician": r["clinician_name"],
            "status": r["status"],
            "timezone": r["timezone"],
            "language": r["language"] or app.settings.default_language,
        }
        for r in rows
    ]
    lines = [
        f"{d['alias']:<16} {d['status']:<12} {d['clinician']:<20} {d['timezone']:<20} "
        f"{d['language']}"
        for d in data
    ]
    _print(args, data, "\n".join(lines) if lines else "no patients yet")


async def cmd_invite_renew(app: Rapport, args: argparse.Namespace) -> None:
    await _bot_username(app)
    invite = await enrolment.renew_invite(app, args.patient)
    _print(
        args,
        _invite_data(invite, alias=args.patient),
        f"new invite link: {invite.link}" + _code_line(invite),
    )


def _code_line(invite: enrolment.Invite) -> str:
    if invite.code is None:
        return ""
    return f"\nenrolment code (hand it over separately, on paper or by phone): {invite.code}"


def cmd_dialogs_check(args: argparse.Namespace) -> None:
    """Validate dialogs and catalogs without touching the database."""
    dialogs = load_dialogs(DIALOGS_DIR, load_catalogs(LOCALES_DIR).keys)
    _print(
        args,
        {"ok": True, "dialogs": sorted(dialogs)},
        f"{len(dialogs)} dialogs are valid: {', '.join(sorted(dialogs))}",
    )


def cmd_dialogs_list(args: argparse.Namespace) -> None:
    t = load_catalogs(LOCALES_DIR)
    infos = load_dialogs(DIALOGS_DIR, t.keys).summaries()
    data = [
        {
            "id": i.id,
            "version": i.version,
            "title": t("en", i.title),
            "questions": i.questions,
            "file": str(i.file),
        }
        for i in infos
    ]
    lines = [
        f"{d['id']:<12} v{d['version']:<3} {d['questions']:>2} questions  {d['title']}"
        for d in data
    ]
    _print(args, data, "\n".join(lines))


def _local(moment: datetime | None, timezone: str) -> str | None:
    return None if moment is None else moment.astimezone(ZoneInfo(timezone)).isoformat()


async def cmd_schedule_set(app: Rapport, args: argparse.Namespace) -> None:
    await planning.set_schedule(
        app,
        args.patient,
        args.dialog,
        days=args.days,
        every_days=args.every_days,
        at=args.time,
        start=args.start,
        end=args.end,
    )
    await cmd_schedule_list(app, args)


async def cmd_schedule_list(app: Rapport, args: argparse.Namespace) -> None:
    views = await planning.list_schedules(app, getattr(args, "patient", None))
    tz = {r["alias"]: r["timezone"] for r in await people.list_patients(app.db)}
    data = [
        {
            "patient": v.alias,
            "dialog": v.dialog,
            "rule": v.rule,
            "time": v.local_time,
            "start": v.start,
            "end": v.end,
            "next": _local(v.next_due, tz[v.alias]),
        }
        for v in views
    ]
    lines = [
        f"{d['patient']:<12} {d['dialog']:<12} {d['rule']:<16} {d['time']}  "
        f"from {d['start']}{' to ' + d['end'] if d['end'] else ''}  next {d['next']}"
        for d in data
    ]
    _print(args, data, "\n".join(lines) if lines else "no schedules")


async def cmd_schedule_remove(app: Rapport, args: argparse.Namespace) -> None:
    await planning.remove_schedule(app, args.patient, args.dialog)
    _print(
        args,
        {"patient": args.patient, "dialog": args.dialog, "removed": True},
        f"schedule {args.dialog!r} of {args.patient} removed",
    )


async def cmd_appointment_add(app: Rapport, args: argparse.Namespace) -> None:
    appointment_id, when = await planning.add_appointment(app, args.patient, args.at)
    _print(
        args,
        {"id": appointment_id, "patient": args.patient, "at": when.isoformat()},
        f"appointment {appointment_id} for {args.patient} at {args.at} (local) booked",
    )


async def cmd_appointment_list(app: Rapport, args: argparse.Namespace) -> None:
    rows = await planning.list_appointments(app, args.patient)
    data = [
        {"id": r["id"], "patient": r["alias"], "at": _local(parse(r["at"]), r["timezone"])}
        for r in rows
    ]
    lines = [f"{d['id']:>4}  {d['patient']:<12} {d['at']}" for d in data]
    _print(args, data, "\n".join(lines) if lines else "no upcoming appointments")


async def cmd_appointment_cancel(app: Rapport, args: argparse.Namespace) -> None:
    if args.id is None and args.at is None:
        raise CliError("say which appointment: --id N or --at 'YYYY-MM-DD HH:MM'")
    cancelled = await planning.cancel_appointment(app, args.patient, args.id, args.at)
    _print(args, {"id": cancelled, "cancelled": True}, f"appointment {cancelled} cancelled")


async def cmd_medication_change(app: Rapport, args: argparse.Namespace) -> None:
    dues = await planning.medication_change(app, args.patient, args.note, args.at)
    _print(
        args,
        {"patient": args.patient, "checkins": [d.isoformat() for d in dues]},
        f"change recorded for {args.patient}; {len(dues)} follow-up check-ins queued",
    )


async def cmd_checkin_send(app: Rapport, args: argparse.Namespace) -> None:
    when = await planning.checkin_now(app, args.patient, args.dialog)
    _print(
        args,
        {"patient": args.patient, "dialog": args.dialog, "queued_at": when.isoformat()},
        f"{args.dialog} queued for {args.patient}: the running bot sends it at its next sweep",
    )


async def cmd_patient_set(app: Rapport, args: argparse.Namespace) -> None:
    await planning.set_patient(
        app,
        args.alias,
        timezone=args.timezone,
        quiet=args.quiet,
        psychotropics=args.psychotropics,
        language=args.language,
    )
    _print(args, {"alias": args.alias, "updated": True}, f"patient {args.alias} updated")


async def cmd_patient_pause(app: Rapport, args: argparse.Namespace) -> None:
    status = await planning.set_paused(app, args.alias, args.func is cmd_patient_pause)
    _print(args, {"alias": args.alias, "status": status}, f"patient {args.alias} is {status}")


cmd_patient_resume = cmd_patient_pause


async def cmd_digest(app: Rapport, args: argparse.Namespace) -> None:
    """A digest now, for staff: recorded in the audit log as viewed."""
    async with app.db.tx() as conn:
        patient = await people.patient_by_alias(conn, args.patient)
        if patient is None or patient["status"] == "erased":
            raise CliError(f"no patient with alias {args.patient!r}")
        built = await digests.on_demand(app, conn, patient, actor="staff:cli", clinician_id=None)
    fmt = "json" if args.json and args.format == "text" else args.format
    body = digests.render(app, built, fmt)
    if args.output:
        _write(Path(args.output), body)
        if fmt == "html":
            _write(Path(args.output).with_suffix(".png"), built.chart)
        print(f"digest of {args.patient} written to {args.output}", file=sys.stderr)
    else:
        print(body)


def _write(path: Path, body: str | bytes) -> None:
    try:
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None


async def cmd_patient_erase(app: Rapport, args: argparse.Namespace) -> None:
    await privacy.erase_by_alias(app, args.alias)
    _print(
        args,
        {"alias": args.alias, "erased": True},
        f"patient {args.alias}: answers, messages and chat link erased",
    )


async def cmd_safety_plan(app: Rapport, args: argparse.Namespace) -> None:
    """A clinician's record of the patient's safety plan; /sos shows it first."""
    fields = {f: getattr(args, f) for f in safety.PLAN_FIELDS}
    if all(v is None for v in fields.values()):
        raise CliError(
            "give at least one of --warning-signs, --helps, --people, --safer, --contacts"
        )
    patient_id = await _patient_id(app, args.patient)
    async with app.db.tx() as conn:
        await safety_store.save_plan(conn, patient_id, fields, "staff:cli", app.clock.now())
        await events.record(
            conn, "safety_plan_set", app.clock.now(), actor="staff:cli", patient_id=patient_id
        )
    _print(
        args,
        {"patient": args.patient, "saved": True},
        f"safety plan of {args.patient} saved; /sos shows it to them first",
    )


async def _patient_id(app: Rapport, alias: str | None) -> int | None:
    """The id behind an optional --patient; an unknown alias is a one-line error."""
    if alias is None:
        return None
    patient_id = await people.patient_id(app.db, alias)
    if patient_id is None:
        raise CliError(f"no patient with alias {alias!r}")
    return patient_id


async def cmd_audit(app: Rapport, args: argparse.Namespace) -> None:
    patient_id = await _patient_id(app, args.patient)
    rows = await events.audit(app.db, patient_id)
    data = [
        {
            "at": r["at"],
            "event": r["kind"],
            "actor": r["actor"],
            "patient": r["alias"],
            "detail": json.loads(r["detail"]),
        }
        for r in rows
    ]
    lines = [
        f"{d['at'][:19]}  {d['event']:<22} {d['actor']:<14} {d['patient'] or '-':<10}"
        f" {json.dumps(d['detail'], ensure_ascii=False) if d['detail'] else ''}"
        for d in data
    ]
    _print(args, data, "\n".join(lines) if lines else "no events")


async def cmd_backup(app: Rapport, args: argparse.Namespace) -> None:
    target = _new_file(Path(args.path))
    await storage_privacy.backup(app.db, target)
    _print(args, {"backup": str(target)}, f"backup written to {target}")


def _new_file(target: Path) -> Path:
    """A path a backup may be written to: new, in an existing folder."""
    if target.exists():
        raise CliError(f"{target} already exists; choose a new file")
    if not target.parent.is_dir():
        raise CliError(f"{target.parent} is not a folder")
    return target


async def cmd_export(app: Rapport, args: argparse.Namespace) -> None:
    patient_id = await _patient_id(app, args.patient)
    rows = await storage_privacy.answers_for_export(app.db, patient_id)
    async with app.db.tx() as conn:
        await events.record(
            conn,
            "data_exported",
            app.clock.now(),
            actor="staff:cli",
            patient_id=patient_id,
            rows=len(rows),
        )
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    writer.writerows(rows)


EXPORT_FIELDS = [
    "patient",
    "dialog",
    "dialog_version",
    "question",
    "construct",
    "value",
    "skipped",
    "answered_at",
]


async def cmd_run(app: Rapport, args: argparse.Namespace) -> None:
    from bot.tg.app import run

    app.settings.token()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("Starting Rapport (Bot API at %s)", _safe_url(app.settings.telegram_api_base_url))
    await run(app, stop)


def _safe_url(url: str) -> str:
    return url.split("?")[0]


async def cmd_demo(app: Rapport, args: argparse.Namespace) -> None:
    from bot.demo import run_demo

    await run_demo(args.output)


Command = Callable[[Rapport, argparse.Namespace], Awaitable[None]]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser = _Parser(prog="rapport", description=__doc__, parents=[common])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def leaf(parent: Any, name: str, func: Command, help_: str) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_, parents=[common])
        p.set_defaults(func=func)
        return p

    leaf(sub, "migrate", cmd_migrate, "apply pending database migrations")
    leaf(sub, "run", cmd_run, "run the bot (long polling)")
    demo = leaf(sub, "demo", cmd_demo, "run the product against the built-in sandbox")
    demo.add_argument("--output", default="demo-output", help="where digests are written")

    staff = sub.add_parser("staff", help="clinic staff").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(staff, "add", cmd_staff_add, "allow a Telegram user to use the staff commands")
    p.add_argument("--telegram-id", type=int, required=True)
    p.add_argument("--name", required=True)

    clin = sub.add_parser("clinician", help="clinicians").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(clin, "add", cmd_clinician_add, "add a clinician and print their invite link")
    p.add_argument("--name", required=True)
    p.add_argument("--language", help="the clinician's language (en, es, ru)")

    pat = sub.add_parser("patient", help="patients").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(pat, "add", cmd_patient_add, "add a patient and print their invite link")
    p.add_argument("--alias", required=True, help="a pseudonym; never a real name")
    p.add_argument("--clinician", required=True, help="the clinician's name")
    p.add_argument("--timezone", help="IANA time zone, e.g. Europe/Madrid")
    p.add_argument("--language", help="en, es or ru (default: the patient's Telegram language)")
    leaf(pat, "list", cmd_patient_list, "list patients and their status")
    p = leaf(pat, "erase", cmd_patient_erase, "erase a patient's answers, messages, chat link")
    p.add_argument("--alias", required=True)
    p = leaf(pat, "set", cmd_patient_set, "change a patient's settings")
    p.add_argument("--alias", required=True)
    p.add_argument("--timezone", help="IANA time zone")
    p.add_argument("--quiet", help="quiet hours, e.g. 22:00-08:00 (or off)")
    p.add_argument("--psychotropics", type=int, help="how many psychotropics are prescribed")
    p.add_argument("--language", help="en, es or ru")
    for name, func in (("pause", cmd_patient_pause), ("resume", cmd_patient_resume)):
        p = leaf(pat, name, func, f"{name} a patient's check-ins")
        p.add_argument("--alias", required=True)

    sched = sub.add_parser("schedule", help="check-in schedules").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(sched, "set", cmd_schedule_set, "ask a dialog on weekdays or every N days")
    p.add_argument("--patient", required=True)
    p.add_argument("--dialog", required=True)
    rule = p.add_mutually_exclusive_group(required=True)
    rule.add_argument("--days", help="weekdays, e.g. mon,thu")
    rule.add_argument("--every-days", help="every N days")
    p.add_argument("--time", required=True, help="patient-local HH:MM")
    p.add_argument("--start", help="first date, YYYY-MM-DD (default today)")
    p.add_argument("--end", help="last date, YYYY-MM-DD")
    p = leaf(sched, "list", cmd_schedule_list, "list schedules")
    p.add_argument("--patient")
    p = leaf(sched, "remove", cmd_schedule_remove, "remove a patient's schedule for a dialog")
    p.add_argument("--patient", required=True)
    p.add_argument("--dialog", required=True)

    appt = sub.add_parser("appointment", help="appointments").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(appt, "add", cmd_appointment_add, "book an appointment (patient-local time)")
    p.add_argument("--patient", required=True)
    p.add_argument("--at", required=True, help="'YYYY-MM-DD HH:MM' in the patient's zone")
    p = leaf(appt, "list", cmd_appointment_list, "upcoming appointments")
    p.add_argument("--patient")
    p = leaf(appt, "cancel", cmd_appointment_cancel, "cancel an appointment")
    p.add_argument("--patient", required=True)
    p.add_argument("--id", type=int)
    p.add_argument("--at", help="'YYYY-MM-DD HH:MM' as booked")

    med = sub.add_parser("medication", help="medication changes").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(med, "change", cmd_medication_change, "record a change; follow-ups on days 3/7/14")
    p.add_argument("--patient", required=True)
    p.add_argument("--note", required=True, help="what changed")
    p.add_argument("--at", help="the date of the change, YYYY-MM-DD (default today)")

    chk = sub.add_parser("checkin", help="check-ins").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(chk, "send", cmd_checkin_send, "queue a check-in for now")
    p.add_argument("--patient", required=True)
    p.add_argument("--dialog", required=True)

    p = leaf(sub, "safety-plan", cmd_safety_plan, "record a patient's personal safety plan")
    p.add_argument("--patient", required=True)
    for name in ("warning-signs", "helps", "people", "safer", "contacts"):
        p.add_argument(f"--{name}")
    p = leaf(sub, "audit", cmd_audit, "who did what, when (digests, exports, erasures...)")
    p.add_argument("--patient")
    p = leaf(sub, "backup", cmd_backup, "a consistent copy of the database, while it runs")
    p.add_argument("path")
    p = leaf(sub, "export", cmd_export, "every standing answer, as CSV or JSON")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--patient")
    p = leaf(sub, "digest", cmd_digest, "a patient's digest now")
    p.add_argument("--patient", required=True)
    p.add_argument("--format", choices=("text", "html", "json"), default="text")
    p.add_argument("--output", help="write to this file instead of printing")

    dlg = sub.add_parser("dialogs", help="check-in dialog files").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    leaf(dlg, "check", cmd_dialogs_check, "validate every dialog file and locale key")
    leaf(dlg, "list", cmd_dialogs_list, "list the installed dialogs")

    inv = sub.add_parser("invite", help="invite links").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(inv, "renew", cmd_invite_renew, "a new invite link; the old one stops working")
    p.add_argument("--patient", required=True, help="the patient's alias")
    return parser


async def _main(args: argparse.Namespace, settings: Settings) -> None:
    app = await open_app(settings)
    try:
        await args.func(app, args)
    finally:
        await app.db.close()


def _configure_logging(level: int) -> None:
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    quiet_third_party_logs()


def main(argv: list[str] | None = None) -> int:
    """Entry point of `rapport` and `python -m bot`."""
    args = build_parser().parse_args(argv)
    # Staff commands print their result; only the long-running ones narrate in the log.
    _configure_logging(logging.INFO if args.func is cmd_run else logging.WARNING)
    try:
        if args.func in (cmd_dialogs_check, cmd_dialogs_list):
            args.func(args)
        elif args.func is cmd_demo:
            asyncio.run(cmd_demo(None, args))  # type: ignore[arg-type]
        else:
            asyncio.run(_main(args, load_settings()))
    except (SettingsError, InputError, MigrationError, CatalogError, DialogError, CliError) as exc:
        print(f"rapport: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
