"""The `rapport` command: parse the command line, run the command, turn failures into one line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, NoReturn

from bot import commands as c
from bot.commands import CliError
from bot.compose import open_app
from bot.config import Settings, SettingsError, load_settings, parse_listen
from bot.domain.dialogs import DialogError
from bot.domain.drugs import CLASSES, DrugTableError
from bot.i18n import CatalogError
from bot.logs import quiet_third_party_logs
from bot.services.context import Rapport
from bot.services.errors import InputError
from bot.storage.db import DatabaseError, is_database_error
from bot.storage.migrate import MigrationError
from bot.storage.transfer import TransferError

log = logging.getLogger("rapport")
FAILURES = (
    SettingsError,
    InputError,
    MigrationError,
    CatalogError,
    DialogError,
    CliError,
    DatabaseError,
    TransferError,
    DrugTableError,
)


def _fail(message: str, as_json: bool) -> str:
    """A failure as printed: JSON on stdout under --json, else one line for stderr."""
    if as_json:
        print(json.dumps({"error": message}, ensure_ascii=False))
        return ""
    return f"rapport: error: {message}"


def _days(text: str) -> int:
    """A positive whole number of days, for `rapport demo --days`."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a positive number of days: {text!r}")
    return int(text)


def _sqlite_file(text: str) -> Path:
    """`rapport migrate-db --from`: an existing SQLite file (opening would create one)."""
    path = Path(text.removeprefix("sqlite:///"))
    if not text.startswith("sqlite:///") or not path.is_file():
        raise argparse.ArgumentTypeError(f"not an existing sqlite:///path.db: {text!r}")
    return path


class UsageError(Exception):
    """The command line itself is wrong: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Bad usage is reported by main, as one line or as JSON, not as a usage dump."""
        raise UsageError(f"{message} (see rapport --help)")


# An async command takes the app; `dialogs ...` commands need no database and take args only.
Command = (
    Callable[[Rapport, argparse.Namespace], Awaitable[None]] | Callable[[argparse.Namespace], None]
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="rapport", description=__doc__)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    # After the subcommand too; SUPPRESS keeps a --json given before it from being reset.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def leaf(parent: Any, name: str, func: Command, help_: str) -> argparse.ArgumentParser:
        p = parent.add_parser(name, help=help_, parents=[common])
        p.set_defaults(func=func)
        return p

    leaf(sub, "migrate", c.cmd_migrate, "apply pending database migrations")
    leaf(sub, "run", c.cmd_run, "run the bot (long polling, or a webhook if configured)")
    p = leaf(sub, "migrate-db", c.cmd_migrate_db, "copy a SQLite database into PostgreSQL")
    p.add_argument(
        "--from", dest="source", type=_sqlite_file, required=True, help="sqlite:///rapport.db"
    )
    p.add_argument(
        "--to", dest="target", required=True, help="postgresql://user@host:port/db, empty"
    )
    demo = leaf(sub, "demo", c.cmd_demo, "run the product against the built-in sandbox")
    demo.add_argument("--output", default="demo-output", help="where digests are written")
    demo.add_argument(
        "--days", type=_days, default=29, help="days on the virtual clock (default 29)"
    )
    _serving(demo, "then keep the bot running and serve the web view and the try-it pages")
    box = leaf(sub, "sandbox", c.cmd_sandbox, "an empty clinic on the sandbox, to try by browser")
    box.add_argument("--output", default="sandbox-output", help="where its database is kept")
    _serving(box, "serve the web view and the try-it pages (always: it is what it is for)")

    staff = sub.add_parser("staff", help="clinic staff").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    # Telegram ids stay text here: the use case checks them (argparse's int would take 2**64,
    # which SQLite cannot store).
    p = leaf(staff, "add", c.cmd_staff_add, "allow a Telegram user to use the staff commands")
    p.add_argument("--telegram-id", required=True, help="the user's numeric Telegram id")
    p.add_argument("--name", required=True)
    p = leaf(
        staff, "remove", c.cmd_staff_remove, "a staff member's chat no longer reaches Rapport"
    )
    p.add_argument("--telegram-id", required=True, help="the user's numeric Telegram id")

    clin = sub.add_parser("clinician", help="clinicians").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(clin, "add", c.cmd_clinician_add, "add a clinician and print their invite link")
    p.add_argument("--name", required=True)
    p.add_argument("--language", help="the clinician's language (en, es, ru)")
    p = leaf(clin, "unlink", c.cmd_clinician_unlink, "stop sending to a clinician's chat")
    p.add_argument("--name", required=True)
    p = leaf(clin, "invite", c.cmd_clinician_invite, "a new link for an unlinked clinician")
    p.add_argument("--name", required=True)

    pat = sub.add_parser("patient", help="patients").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(pat, "add", c.cmd_patient_add, "add a patient and print their invite link")
    p.add_argument(
        "--alias", required=True, help="a pseudonym, never a real name: A-Z a-z 0-9 - _ . (<= 32)"
    )
    p.add_argument("--clinician", required=True, help="the clinician's name")
    p.add_argument("--timezone", help="IANA time zone, e.g. Europe/Madrid")
    p.add_argument("--language", help="en, es or ru (default: the patient's Telegram language)")
    leaf(pat, "list", c.cmd_patient_list, "list patients and their status")
    p = leaf(pat, "erase", c.cmd_patient_erase, "erase a patient's answers, messages, chat link")
    p.add_argument("--alias", required=True)
    p = leaf(pat, "set", c.cmd_patient_set, "change a patient's settings")
    p.add_argument("--alias", required=True)
    p.add_argument("--timezone", help="IANA time zone")
    p.add_argument("--quiet", help="quiet hours, e.g. 22:00-08:00 (or off)")
    p.add_argument(
        "--psychotropics",
        help="a count replacing the one the regimen gives, or 'auto' to count the regimen",
    )
    p.add_argument("--language", help="en, es or ru")
    for name, func in (("pause", c.cmd_patient_pause), ("resume", c.cmd_patient_resume)):
        p = leaf(pat, name, func, f"{name} a patient's check-ins")
        p.add_argument("--alias", required=True)

    sched = sub.add_parser("schedule", help="check-in schedules").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(sched, "set", c.cmd_schedule_set, "ask a dialog on weekdays or every N days")
    p.add_argument("--patient", required=True)
    p.add_argument("--dialog", required=True)
    rule = p.add_mutually_exclusive_group(required=True)
    rule.add_argument("--days", help="weekdays, e.g. mon,thu")
    rule.add_argument("--every-days", help="every N days")
    p.add_argument("--time", required=True, help="patient-local HH:MM")
    p.add_argument("--start", help="first date, YYYY-MM-DD (default today; a year back at most)")
    p.add_argument("--end", help="last date, YYYY-MM-DD (two years ahead at most)")
    p = leaf(sched, "list", c.cmd_schedule_list, "list schedules")
    p.add_argument("--patient")
    p = leaf(sched, "remove", c.cmd_schedule_remove, "remove a patient's schedule for a dialog")
    p.add_argument("--patient", required=True)
    p.add_argument("--dialog", required=True)

    appt = sub.add_parser("appointment", help="appointments").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(appt, "add", c.cmd_appointment_add, "book an appointment (patient-local time)")
    p.add_argument("--patient", required=True)
    p.add_argument("--at", required=True, help="'YYYY-MM-DD HH:MM' in the patient's zone")
    p = leaf(appt, "list", c.cmd_appointment_list, "upcoming appointments")
    p.add_argument("--patient")
    p = leaf(appt, "cancel", c.cmd_appointment_cancel, "cancel an appointment")
    p.add_argument("--patient", required=True)
    p.add_argument("--id", type=int)
    p.add_argument("--at", help="'YYYY-MM-DD HH:MM' as booked")

    med = sub.add_parser("medication", help="the regimen: medicines and their changes")
    meds = med.add_subparsers(dest="action", required=True, parser_class=_Parser)
    p = leaf(meds, "add", c.cmd_medication_add, "add a medicine (a start, followed up)")
    p.add_argument("--patient", required=True)
    p.add_argument("--drug", required=True, help="its name as prescribed: generic or brand")
    p.add_argument(
        "--class",
        dest="drug_class",
        help=f"needed when the drug table does not know the name: {', '.join(CLASSES)}",
    )
    p.add_argument("--dose", required=True, help="as written, e.g. '50 mg' or '1 mg at night'")
    p.add_argument(
        "--started",
        help="YYYY-MM-DD, for a medicine already taken (default today: a new start)",
    )
    p.add_argument("--as-needed", action="store_true", help="taken only when needed")
    p = leaf(meds, "change", c.cmd_medication_change, "a new dose; follow-ups on days 3/7/14")
    p.add_argument("--patient", required=True)
    p.add_argument("--drug", required=True, help="the medicine, as recorded (or another name)")
    p.add_argument("--dose", required=True, help="the new dose, e.g. '100 mg'")
    p.add_argument("--at", help="YYYY-MM-DD (default today; a year back at most)")
    p.add_argument("--note", help="anything worth knowing about the change")
    p = leaf(meds, "stop", c.cmd_medication_stop, "a medicine stops; follow-ups on days 3/7/14")
    p.add_argument("--patient", required=True)
    p.add_argument("--drug", required=True, help="the medicine, as recorded (or another name)")
    p.add_argument("--at", help="YYYY-MM-DD (default today; a year back at most)")
    p.add_argument("--note", help="anything worth knowing about the stop")
    p = leaf(meds, "list", c.cmd_medication_list, "medicines, current and stopped, with changes")
    p.add_argument("--patient")

    chk = sub.add_parser("checkin", help="check-ins").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(chk, "send", c.cmd_checkin_send, "queue a check-in for now")
    p.add_argument("--patient", required=True)
    p.add_argument("--dialog", required=True)

    p = leaf(sub, "safety-plan", c.cmd_safety_plan, "record a patient's personal safety plan")
    p.add_argument("--patient", required=True)
    for name in ("warning-signs", "helps", "people", "safer", "contacts"):
        p.add_argument(f"--{name}")
    p = leaf(sub, "audit", c.cmd_audit, "who did what, newest first (digests, exports...)")
    p.add_argument("--patient")
    p.add_argument("--since", help="only events from this date on, YYYY-MM-DD")
    p.add_argument(
        "--limit", type=int, default=100, help="at most this many, 1 to 10000 (default 100)"
    )
    p = leaf(sub, "backup", c.cmd_backup, "a consistent copy of the database, while it runs")
    p.add_argument("path")
    p = leaf(sub, "export", c.cmd_export, "answers as CSV/JSON, a FHIR R4 bundle, or REDCap files")
    p.add_argument(
        "--format",
        choices=c.EXPORT_FORMATS,
        default="csv",
        help="csv/json: one row per answer; fhir: a FHIR R4 Bundle; redcap: a folder of files",
    )
    p.add_argument("--patient", help="only this patient (default: every patient not erased)")
    p.add_argument("--since", help="only what happened from this date on, YYYY-MM-DD")
    p.add_argument("--output", help="write to this new file (a new folder for redcap)")
    p = leaf(sub, "digest", c.cmd_digest, "a patient's digest now")
    p.add_argument("--patient", required=True)
    p.add_argument("--format", choices=("text", "html", "json"), default="text")
    p.add_argument("--output", help="write to this file instead of printing")

    sig = sub.add_parser("signals", help="how the digest's signals fare").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(sig, "report", c.cmd_signals_report, "per signal: raised, and judged fits or not")
    p.add_argument("--since", help="only digests made from this date on, YYYY-MM-DD")

    dlg = sub.add_parser("dialogs", help="check-in dialog files").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    leaf(dlg, "check", c.cmd_dialogs_check, "validate every dialog file and locale key")
    leaf(dlg, "list", c.cmd_dialogs_list, "list the installed dialogs")
    p = leaf(dlg, "export", c.cmd_dialogs_export, "a dialog as a FHIR R4 Questionnaire")
    p.add_argument("dialog", help="the dialog's id (see rapport dialogs list)")
    p.add_argument("--format", choices=("fhir",), default="fhir")
    p.add_argument("--language", help="the language of its texts (default: the clinic's)")
    p.add_argument("--output", help="write to this new file instead of printing")
    p = leaf(dlg, "import", c.cmd_dialogs_import, "a FHIR R4 Questionnaire as a new dialog file")
    p.add_argument("questionnaire", help="the Questionnaire, as a FHIR JSON file")
    p.add_argument("--id", required=True, help="the new dialog's id, e.g. phq9")

    inv = sub.add_parser("invite", help="invite links").add_subparsers(
        dest="action", required=True, parser_class=_Parser
    )
    p = leaf(inv, "renew", c.cmd_invite_renew, "a new invite link; the old one stops working")
    p.add_argument("--patient", required=True, help="the patient's alias")
    return parser


def _serving(parser: argparse.ArgumentParser, serve_help: str) -> None:
    parser.add_argument("--serve", action="store_true", help=serve_help)
    parser.add_argument(
        "--listen", type=_listen, help="host:port to serve on (default RAPPORT_WEB_LISTEN)"
    )


def _listen(text: str) -> str:
    """host:port, checked as RAPPORT_WEB_LISTEN is."""
    try:
        parse_listen(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--listen {text!r}: {exc}") from None
    return text


async def _main(args: argparse.Namespace, settings: Settings) -> None:
    app: Rapport = await open_app(settings)
    try:
        await args.func(app, args)
    finally:
        await app.db.close()


def _configure_logging(level: int) -> None:
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    quiet_third_party_logs()


def _failed(message: str, as_json: bool) -> int:
    text = _fail(message, as_json)
    if text:
        print(text, file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    """Entry point of `rapport` and `python -m bot`."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        return 1 + _failed(str(exc), "--json" in argv)
    # Staff commands print their result; only the long-running ones narrate in the log.
    _configure_logging(logging.INFO if args.func is c.cmd_run else logging.WARNING)
    try:
        if args.func in c.FILE_COMMANDS:
            args.func(args)
        elif args.func in (c.cmd_demo, c.cmd_sandbox, c.cmd_migrate_db):
            asyncio.run(args.func(None, args))
        else:
            asyncio.run(_main(args, load_settings()))
        sys.stdout.flush()  # here, where a reader that left is handled, not at exit
    except FAILURES as exc:
        return _failed(str(exc), args.json)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `rapport audit | head`: the reader left; say nothing more, to nobody.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        # The engines' messages name the problem, never stored content.
        if not is_database_error(exc):
            raise
        return _failed(f"the database failed: {exc}", args.json)
    return 0
