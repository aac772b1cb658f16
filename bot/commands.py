"""The staff's commands: each opens the transaction, calls its use case and prints the result.

Printing is the only thing done here: as a table for people, or with --json for programs.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Exports, the FHIR Questionnaire import and the audit trail are imported by the commands that
# use them: `rapport run` imports this module and never needs them (issue 14). Ten modules
# fewer; the RSS this saves was within the measurement's noise (< 0.3 MB).
from bot import DIALOGS_DIR, LOCALES_DIR, files
from bot.compose import content, copy_database, run_bot
from bot.config import load_settings
from bot.domain import feedback as fb
from bot.domain.echo import show
from bot.services import (
    digests,
    enrolment,
    feedback,
    planning,
    privacy,
    regimen,
    safety,
)
from bot.services.context import Rapport
from bot.services.enrolment import Link
from bot.storage import people
from bot.storage import privacy as storage_privacy
from bot.storage.privacy import forget_from_disk


class CliError(Exception):
    """A one-line error for the terminal; exit status 1."""


def say(args: argparse.Namespace, data: Any, text: str) -> None:
    """The result: JSON with --json, else the text for people."""
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


def say_rows(
    args: argparse.Namespace,
    data: list[dict[str, Any]],
    line: Callable[[dict[str, Any]], str],
    empty: str,
) -> None:
    """A list: JSON with --json, else a line per item (or what to say when there is none)."""
    say(args, data, "\n".join(line(d) for d in data) or empty)


def warn(text: str) -> None:
    """A caution beside the result: on stderr, so --json output stays one document."""
    print(f"rapport: warning: {text}", file=sys.stderr)


async def _bot_username(app: Rapport) -> None:
    """Learn the bot's username for invite links when the bot has not recorded it yet."""
    if app.bot_username or app.settings.telegram_bot_token is None:
        return
    from bot.tg.identity import bot_username

    try:
        app.bot_username = await bot_username(app.settings)
    except Exception as exc:  # any failure only means the link shows a placeholder
        warn(f"could not reach the Bot API to learn the bot's username ({type(exc).__name__})")
        return
    async with app.db.tx() as tx:
        await enrolment.remember_bot(tx, app.bot_username)


def _link(args: argparse.Namespace, link: Link, **extra: Any) -> dict[str, Any]:
    """An invite link as printed, with a warning when it is only a placeholder."""
    if link.placeholder:
        warn(
            f"the bot's username is not known yet, so the link says {enrolment.UNKNOWN_BOT}:"
            " start `rapport run` once (or set TELEGRAM_BOT_TOKEN) and renew the link",
        )
    data = {**extra, "invite_link": link.link, "token": link.token}
    data["expires_at"] = link.expires_at.isoformat()
    if link.code is not None:
        data["enrol_code"] = link.code
    return data


def _link_lines(link: Link) -> str:
    lines = f"invite link (valid until {link.expires_at:%Y-%m-%d %H:%M} UTC): {link.link}"
    if link.code is not None:
        lines += f"\nenrolment code (hand it over separately, on paper or by phone): {link.code}"
    return lines


async def cmd_migrate(app: Rapport, args: argparse.Namespace) -> None:
    name = app.db.name
    say(args, {"database": name, "status": "up to date"}, f"database {name} is up to date")


async def cmd_staff_add(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        member = await enrolment.add_staff(app, tx, args.telegram_id, args.name)
    data = {"id": member.id, "telegram_id": member.telegram_id, "name": member.name}
    say(args, data, f"staff member {member.name!r} added")


async def cmd_staff_remove(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        member = await enrolment.remove_staff(app, tx, args.telegram_id)
    data = {"telegram_id": member.telegram_id, "name": member.name, "removed": True}
    text = f"staff member {member.name!r} removed; their chat no longer reaches Rapport"
    say(args, data, text)


async def cmd_clinician_add(app: Rapport, args: argparse.Namespace) -> None:
    await _bot_username(app)
    async with app.db.tx() as tx:
        link = await enrolment.add_clinician(app, tx, args.name, args.language)
    data = _link(args, link, name=link.holder)
    say(args, data, f"clinician {link.holder!r} added\n{_link_lines(link)}")


async def cmd_clinician_unlink(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        name = await enrolment.unlink_clinician(app, tx, args.name)
    data = {"name": name, "unlinked": True}
    say(args, data, f"clinician {name!r} unlinked: their chat gets nothing more")


async def cmd_clinician_invite(app: Rapport, args: argparse.Namespace) -> None:
    await _bot_username(app)
    async with app.db.tx() as tx:
        link = await enrolment.renew_clinician_invite(app, tx, args.name)
    data = _link(args, link, name=link.holder)
    say(args, data, f"new link for {link.holder!r}\n{_link_lines(link)}")


async def cmd_patient_add(app: Rapport, args: argparse.Namespace) -> None:
    await _bot_username(app)
    async with app.db.tx() as tx:
        link = await enrolment.add_patient(
            app, tx, args.alias, args.clinician, args.timezone, args.language
        )
    data = _link(args, link, alias=link.holder)
    say(args, data, f"patient {link.holder!r} added\n{_link_lines(link)}")


async def cmd_patient_list(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.read() as tx:
        found = await people.list_patients(tx)
    data = [
        {
            "alias": p.alias,
            "clinician": p.clinician_name,
            "status": p.status,
            "timezone": p.timezone,
            "language": p.language or app.settings.default_language,
        }
        for p in found
    ]
    say_rows(args, data, _patient_line, "no patients yet")


def _patient_line(d: dict[str, Any]) -> str:
    return (
        f"{d['alias']:<16} {d['status']:<12} {d['clinician']:<20} {d['timezone']:<20} "
        f"{d['language']}"
    )


async def cmd_invite_renew(app: Rapport, args: argparse.Namespace) -> None:
    await _bot_username(app)
    async with app.db.tx() as tx:
        link = await enrolment.renew_invite(app, tx, args.patient)
    say(args, _link(args, link, alias=link.holder), _link_lines(link))


def cmd_dialogs_check(args: argparse.Namespace) -> None:
    """Validate dialogs and catalogs without touching the database."""
    _, dialogs = content()
    names = sorted(dialogs)
    text = f"{len(names)} dialogs are valid: {', '.join(names)}"
    say(args, {"ok": True, "dialogs": names}, text)


def cmd_dialogs_list(args: argparse.Namespace) -> None:
    t, dialogs = content()
    data = [
        {
            "id": i.id,
            "version": i.version,
            "title": t("en", i.title),
            "questions": i.questions,
            "file": str(i.file),
        }
        for i in dialogs.summaries()
    ]
    say_rows(
        args,
        data,
        lambda d: f"{d['id']:<12} v{d['version']:<3} {d['questions']:>2} questions  {d['title']}",
        "no dialogs",
    )


def cmd_dialogs_export(args: argparse.Namespace) -> None:
    """A dialog as a FHIR R4 Questionnaire, its texts in one language and the others as
    translations; printed, or written to a new file."""
    t, dialogs = content()
    dialog = dialogs.get(args.dialog)
    if dialog is None:
        installed = ", ".join(sorted(dialogs))
        raise CliError(f"unknown dialog '{args.dialog}' (installed: {installed})")
    lang = args.language or load_settings().default_language
    if lang not in t.languages:
        raise CliError(f"--language {lang!r}: use one of {', '.join(t.languages)}")
    from bot.domain.questionnaire import questionnaire

    found = questionnaire(dialog, t, lang, t.languages)
    body = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        print(body, end="")
        return
    _write(Path(args.output), body)
    data = {"dialog": dialog.id, "version": dialog.version, "file": args.output}
    say(args, data, f"dialog {dialog.id} v{dialog.version} written to {args.output}")


def cmd_dialogs_import(args: argparse.Namespace) -> None:
    """A FHIR Questionnaire as a new dialog file and one locale file per language, written
    only once the dialogs with it pass `rapport dialogs check`."""
    from bot import dialog_import

    source = Path(args.questionnaire)
    written, notes = dialog_import.write(source, args.id, DIALOGS_DIR, LOCALES_DIR)
    lines = [f"dialog {args.id} imported; written:", *(f"  {path}" for path in written)]
    lines += [f"note: {note}" for note in notes]
    data = {"dialog": args.id, "files": [str(p) for p in written], "notes": notes}
    say(args, data, "\n".join(lines))


# `dialogs ...` read and write files only: no settings beyond the defaults, no database.
FILE_COMMANDS = (cmd_dialogs_check, cmd_dialogs_list, cmd_dialogs_export, cmd_dialogs_import)


def _local(moment: datetime | None, timezone: str) -> str | None:
    return None if moment is None else moment.astimezone(ZoneInfo(timezone)).isoformat()


async def cmd_schedule_set(app: Rapport, args: argparse.Namespace) -> None:
    """Set it, warn when quiet hours move it, then list the patient's schedules."""
    async with app.db.tx() as tx:
        note = await planning.set_schedule(
            app,
            tx,
            args.patient,
            args.dialog,
            days=args.days,
            every_days=args.every_days,
            at=args.time,
            start=args.start,
            end=args.end,
        )
    if note is not None:
        warn(note)
    await cmd_schedule_list(app, args)


async def cmd_schedule_list(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.read() as tx:
        views = await planning.list_schedules(app, tx, getattr(args, "patient", None))
    data = [
        {
            "patient": v.alias,
            "dialog": v.dialog,
            "rule": v.rule,
            "time": v.local_time,
            "start": v.start,
            "end": v.end,
            "next": _local(v.next_due, v.timezone),
            "note": v.note,
        }
        for v in views
    ]
    say_rows(args, data, _schedule_line, "no schedules")


def _schedule_line(d: dict[str, Any]) -> str:
    until = f" to {d['end']}" if d["end"] else ""
    return (
        f"{d['patient']:<12} {d['dialog']:<12} {d['rule']:<16} {d['time']}  "
        f"from {d['start']}{until}  next {d['next']}"
    )


async def cmd_schedule_remove(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        await planning.remove_schedule(app, tx, args.patient, args.dialog)
    data = {"patient": args.patient, "dialog": args.dialog, "removed": True}
    say(args, data, f"schedule {args.dialog!r} of {args.patient} removed")


async def cmd_appointment_add(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        booked = await planning.add_appointment(app, tx, args.patient, args.at)
    if booked.note is not None:
        warn(booked.note)
    data = {"id": booked.id, "patient": args.patient, "at": booked.at.isoformat()}
    data["note"] = booked.note
    text = f"appointment {booked.id} for {args.patient} at {args.at} (local) booked"
    say(args, data, text)


async def cmd_appointment_list(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.read() as tx:
        found = await planning.list_appointments(app, tx, args.patient)
    data = [{"id": a.id, "patient": a.alias, "at": _local(a.at, a.timezone)} for a in found]
    line = "{id:>4}  {patient:<12} {at}"
    say_rows(args, data, lambda d: line.format(**d), "no upcoming appointments")


async def cmd_appointment_cancel(app: Rapport, args: argparse.Namespace) -> None:
    if args.id is None and args.at is None:
        raise CliError("say which appointment: --id N or --at 'YYYY-MM-DD HH:MM'")
    async with app.db.tx() as tx:
        cancelled = await planning.cancel_appointment(app, tx, args.patient, args.id, args.at)
    say(args, {"id": cancelled, "cancelled": True}, f"appointment {cancelled} cancelled")


def _medication(view: regimen.MedicationView) -> dict[str, Any]:
    """A medication as --json gives it; notes from before the regimen have no medicine."""
    m = view.medication
    return {
        "patient": view.patient,
        "id": m.id if m else None,
        "drug": m.drug if m else None,
        "generic": view.generic,
        "class": m.drug_class if m else None,
        "psychotropic": view.psychotropic,
        "dose": m.dose if m else None,
        "as_needed": m.as_needed if m else False,
        "started": view.started,
        "stopped": view.stopped,
        "active": view.active,
        "changes": [_change(c) for c in view.changes],
    }


def _change(change: regimen.ChangeView) -> dict[str, Any]:
    return {
        "id": change.id,
        "date": change.day,
        "kind": change.kind,
        "dose_before": change.dose_before,
        "dose_after": change.dose_after,
        "note": change.note,
    }


def _recorded(args: argparse.Namespace, done: regimen.Recorded, text: str) -> None:
    """What add, change and stop print: the medication, the change, the check-ins queued."""
    for note in done.notes:
        warn(note)
    data = {"patient": args.patient, "medication": _medication(done.medication)}
    data |= {"change": _change(done.change), "checkins": [d.isoformat() for d in done.checkins]}
    data["notes"] = done.notes
    say(args, data, f"{text}; {len(done.checkins)} follow-up check-ins")


async def cmd_medication_add(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        done = await regimen.add(
            app,
            tx,
            args.patient,
            args.drug,
            args.dose,
            drug_class=args.drug_class,
            started=args.started,
            as_needed=args.as_needed,
        )
    m = done.medication
    text = f"{_named(m)} added for {args.patient}, started {m.started}"
    _recorded(args, done, text)


async def cmd_medication_change(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        done = await regimen.change(
            app, tx, args.patient, args.drug, args.dose, at=args.at, note=args.note
        )
    c = done.change
    text = f"{_named(done.medication)} for {args.patient}: {c.dose_before} -> {c.dose_after}"
    _recorded(args, done, f"{text} ({c.kind}) on {c.day}")


async def cmd_medication_stop(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        done = await regimen.stop(app, tx, args.patient, args.drug, at=args.at, note=args.note)
    text = f"{_named(done.medication)} for {args.patient} stopped on {done.change.day}"
    _recorded(args, done, text)


async def cmd_medication_list(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.read() as tx:
        views = await regimen.listing(app, tx, args.patient)
    data = [_medication(v) for v in views]
    say(args, data, "\n".join(_medication_lines(v) for v in views) or "no medications recorded")


def _named(view: regimen.MedicationView) -> str:
    m = view.medication
    return "notes from before the regimen" if m is None else f"{m.drug} ({m.drug_class})"


def _medication_lines(view: regimen.MedicationView) -> str:
    m, head = view.medication, f"{view.patient:<12} {_named(view)}"
    if m is not None:
        dose = f"{m.dose}, as needed" if m.as_needed else m.dose
        span = f"since {view.started}"
        if view.stopped:
            span = f"{view.started} to {view.stopped} (stopped)"
        head = f"{head}  {dose}  {span}"
    lines = [head]
    for c in view.changes:
        doses = " -> ".join(d for d in (c.dose_before, c.dose_after) if d)
        note = f'  "{" / ".join(c.note.splitlines())}"' if c.note else ""
        lines.append(f"{'':<12}   {c.day}  {c.kind:<8}  {doses}{note}".rstrip())
    return "\n".join(lines)


async def cmd_checkin_send(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        when = await planning.checkin_now(app, tx, args.patient, args.dialog)
    data = {"patient": args.patient, "dialog": args.dialog, "queued_at": when.isoformat()}
    text = f"{args.dialog} queued for {args.patient}: the running bot sends it at its next sweep"
    say(args, data, text)


async def cmd_patient_set(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        notes = await planning.set_patient(
            app,
            tx,
            args.alias,
            timezone=args.timezone,
            quiet=args.quiet,
            psychotropics=args.psychotropics,
            language=args.language,
        )
    for note in notes:
        warn(note)
    data = {"alias": args.alias, "updated": True, "notes": notes}
    say(args, data, f"patient {args.alias} updated")


async def _set_paused(app: Rapport, args: argparse.Namespace, paused: bool) -> None:
    async with app.db.tx() as tx:
        status = await planning.set_paused(app, tx, args.alias, paused)
    say(args, {"alias": args.alias, "status": status}, f"patient {args.alias} is {status}")


async def cmd_patient_pause(app: Rapport, args: argparse.Namespace) -> None:
    await _set_paused(app, args, True)


async def cmd_patient_resume(app: Rapport, args: argparse.Namespace) -> None:
    await _set_paused(app, args, False)


async def cmd_digest(app: Rapport, args: argparse.Namespace) -> None:
    """A digest now, for staff: recorded in the audit log as viewed. Only HTML has a chart
    (drawn outside the transaction), inline and beside it as .png."""
    fmt = "json" if args.json and args.format == "text" else args.format
    targets = _digest_targets(args.output, fmt)  # checked before the audit log says "viewed"
    async with app.db.tx() as tx:
        patient = await planning.patient(tx, args.patient)
        built = await digests.request(app, tx, patient, app.clock.now(), actor="staff:cli")
    chart = await digests.drawn(app, built) if fmt == "html" else None
    body = digests.render(app, built, fmt, chart)
    if not targets:
        print(body)
        return
    _write(targets[0], body)
    if chart is not None:
        _write(targets[1], chart)
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
        _new_file(path)
    return paths


def _write(path: Path, body: str | bytes) -> None:
    try:
        files.write_new(path, body)
    except FileExistsError:
        raise CliError(f"{path} already exists; choose a new file") from None
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None


async def cmd_patient_erase(app: Rapport, args: argparse.Namespace) -> None:
    async with app.db.tx() as tx:
        await privacy.erase_by_alias(app, tx, args.alias)
    await forget_from_disk(app.db)
    data = {"alias": args.alias, "erased": True}
    say(args, data, f"patient {args.alias}: answers, messages and chat link erased")


async def cmd_safety_plan(app: Rapport, args: argparse.Namespace) -> None:
    """A clinician's record of the patient's safety plan; /sos shows it first."""
    fields = {f: getattr(args, f) for f in safety.PLAN_FIELDS}
    async with app.db.tx() as tx:
        await safety.save_plan(app, tx, args.patient, fields, "staff:cli")
    data = {"patient": args.patient, "saved": True}
    say(args, data, f"safety plan of {args.patient} saved; /sos shows it to them first")


async def cmd_audit(app: Rapport, args: argparse.Namespace) -> None:
    """Who did what, newest first."""
    from bot.services import audit

    async with app.db.read() as tx:
        found = await audit.trail(app, tx, args.patient, args.since, args.limit)
    data: list[dict[str, Any]] = [
        {
            "at": e.at.isoformat(),
            "event": e.kind,
            "actor": e.actor,
            "patient": e.alias,
            "detail": e.detail,
        }
        for e in found
    ]
    say_rows(args, data, _event_line, "no events")


def _event_line(d: dict[str, Any]) -> str:
    detail = json.dumps(d["detail"], ensure_ascii=False) if d["detail"] else ""
    return f"{d['at'][:19]}  {d['event']:<22} {d['actor']:<14} {d['patient'] or '-':<10} {detail}"


async def cmd_signals_report(app: Rapport, args: argparse.Namespace) -> None:
    """Per signal code: how often digests raised it, and the clinicians' verdicts on it."""
    async with app.db.read() as tx:
        rows = await feedback.report(app, tx, args.since)
    data = [r.as_json() for r in rows]
    head = f"{'signal':<28} {'raised':>6} {'judged':>6} {'fits':>5} {'no fit':>6} {'pharm.':>6}"
    say(
        args,
        {"signals": data},
        "\n".join([head, *map(_signal_line, rows)]) if rows else "no digests",
    )


def _signal_line(r: fb.Row) -> str:
    counts = (r.raised, r.judged, r.fits, r.not_fits, r.pharmacological)
    return f"{r.code:<28} " + " ".join(
        f"{n:>{w}}" for n, w in zip(counts, (6, 6, 5, 6, 6), strict=True)
    )


async def cmd_backup(app: Rapport, args: argparse.Namespace) -> None:
    target = _new_file(Path(args.path))
    await storage_privacy.backup(app.db, target)
    say(args, {"backup": str(target)}, f"backup written to {target}")


async def cmd_migrate_db(app: Rapport | None, args: argparse.Namespace) -> None:
    """Copy a clinic's SQLite database into an empty PostgreSQL one (DATABASE_URL unused)."""
    source: Path = args.source
    target, copied = await copy_database(source, args.target)
    lines = [f"{table}: {n}" for table, n in copied.items()]
    text = f"copied {source} into {target}, every table's count checked:\n" + "\n".join(lines)
    say(args, {"from": str(source), "to": target, "rows": copied}, text)


def _new_file(target: Path) -> Path:
    """A path a file may be written to: new, in an existing folder."""
    try:
        exists, folder = target.exists(), target.parent.is_dir()
    except OSError as exc:  # a name too long for the file system, for one
        raise CliError(f"cannot write {show(str(target))}: {exc.strerror}") from None
    if exists:
        raise CliError(f"{target} already exists; choose a new file")
    if not folder:
        raise CliError(f"{target.parent} is not a folder")
    return target


EXPORT_FORMATS = ("csv", "json", "fhir", "redcap")


async def cmd_export(app: Rapport, args: argparse.Namespace) -> None:
    from bot.services import research_export

    if args.format == "fhir":
        await _export_fhir(app, args)
        return
    if args.format == "redcap":
        await _export_redcap(app, args)
        return
    # The file is checked before anything is read, so a bad name leaves no audit event.
    target = None if args.output is None else _new_file(Path(args.output))
    async with app.db.tx() as tx:
        rows = await research_export.long_rows(
            app, tx, args.format, args.patient, args.since, by="staff:cli"
        )
        if args.format == "json":
            body = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
        else:
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=research_export.LONG_FIELDS)
            writer.writeheader()
            writer.writerows(map(research_export.plain_row, rows))
            body = out.getvalue()
        if target is not None:
            _write(target, body)  # inside the transaction: a failed write leaves no audit event
    if target is None:
        sys.stdout.write(body)
    else:
        print(f"{len(rows)} answers written to {target}", file=sys.stderr)


async def _export_fhir(app: Rapport, args: argparse.Namespace) -> None:
    """A FHIR R4 Bundle (type collection) of every patient not erased, or of one."""
    from bot.services import fhir_export

    target = _new_file(Path(args.output)) if args.output else None  # before the audit log
    async with app.db.tx() as tx:
        found = await fhir_export.bundle(app, tx, args.patient, args.since, by="staff:cli")
        body = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
        if target is not None:
            _write(target, body)  # inside the transaction: a failed write leaves no audit event
    if target is None:
        sys.stdout.write(body)
        return
    print(f"FHIR bundle written to {target}", file=sys.stderr)


async def _export_redcap(app: Rapport, args: argparse.Namespace) -> None:
    """REDCap's files in a new private folder: the wide check-ins, the data dictionary and a
    README. The folder is checked first and the files are written before the transaction
    commits, so a refusal or a failed write leaves no audit event."""
    from bot.services import research_export

    if args.output is None:
        raise CliError("--format redcap writes a folder of files: give --output DIR")
    folder = _new_folder(Path(args.output))
    async with app.db.tx() as tx:
        written = await research_export.redcap_files(
            app, tx, args.patient, args.since, by="staff:cli"
        )
        try:
            files.private_folder(folder)
        except OSError as exc:
            raise CliError(f"cannot write {folder}: {exc.strerror}") from None
        for name, body in written.items():
            _write(folder / name, body)
    names = ", ".join(written)
    say(args, {"folder": str(folder), "files": list(written)}, f"{names} written to {folder}")


def _new_folder(target: Path) -> Path:
    """A folder the files may go into: new (in an existing folder) or empty."""
    try:
        if target.is_dir():
            if any(target.iterdir()):
                raise CliError(f"{target} is not empty; choose a new or empty folder")
            return target
        if target.exists():
            raise CliError(f"{target} is a file; choose a new or empty folder")
        if not target.parent.is_dir():
            raise CliError(f"{target.parent} is not a folder")
    except OSError as exc:
        raise CliError(f"cannot write {show(str(target))}: {exc.strerror}") from None
    return target


async def cmd_run(app: Rapport, args: argparse.Namespace) -> None:
    await run_bot(app)


async def cmd_demo(app: Rapport | None, args: argparse.Namespace) -> None:
    from bot.demo import run_demo

    if args.listen and not args.serve:
        raise CliError("--listen is where --serve serves: give both, or neither")
    await run_demo(args.output, args.days, args.serve, args.listen)


async def cmd_sandbox(app: Rapport | None, args: argparse.Namespace) -> None:
    from bot.demo import run_sandbox

    await run_sandbox(args.output, args.listen)
