"""The staff's commands: each takes the app and the parsed arguments, prints its result."""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot import DIALOGS_DIR, LOCALES_DIR, files
from bot.domain.dialogs import load_dialogs
from bot.i18n import load_catalogs
from bot.services import digests, enrolment, planning, privacy, safety
from bot.services.context import Rapport
from bot.storage import events, people
from bot.storage import privacy as storage_privacy
from bot.storage import safety as safety_store
from bot.storage.times import parse

log = logging.getLogger("rapport")


class CliError(Exception):
    """A one-line error for the terminal; exit status 1."""


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
    fmt = "json" if args.json and args.format == "text" else args.format
    targets = _digest_targets(args.output, fmt)  # checked before the audit log says "viewed"
    async with app.db.tx() as conn:
        patient = await people.patient_by_alias(conn, args.patient)
        if patient is None or patient["status"] == "erased":
            raise CliError(f"no patient with alias {args.patient!r}")
        built = await digests.on_demand(app, conn, patient, actor="staff:cli", clinician_id=None)
    body = digests.render(app, built, fmt)
    if not targets:
        print(body)
        return
    _write(targets[0], body)
    if fmt == "html":
        _write(targets[1], built.chart)
    print(f"digest of {args.patient} written to {args.output}", file=sys.stderr)


def _digest_targets(output: str | None, fmt: str) -> list[Path]:
    """The new files `--output` writes: the digest and, beside an HTML one, its chart."""
    if output is None:
        return []
    paths = [Path(output)]
    if fmt == "html":
        paths.append(paths[0].with_suffix(".png"))
        if paths[1] == paths[0]:
            raise CliError(f"{output}: an HTML digest's chart is written beside it as .png")
    for path in paths:
        if path.exists():
            raise CliError(f"{path} already exists; choose a new file")
    return paths


def _write(path: Path, body: str | bytes) -> None:
    try:
        files.write_new(path, body)
    except FileExistsError:
        raise CliError(f"{path} already exists; choose a new file") from None
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

    await run_demo(args.output, args.days)
