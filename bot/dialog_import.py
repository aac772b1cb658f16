"""`rapport dialogs import`: a FHIR Questionnaire written as a new dialog file and one locale
file per language, only once the dialogs with it pass the check the bot runs at start-up."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bot.domain.dialogs import DialogError, load_dialogs
from bot.domain.questionnaire import ImportProblem, dialog_toml, fluent_message, to_dialog
from bot.i18n import CatalogError, load_catalogs


def write(
    source: Path, dialog_id: str, dialogs_dir: Path, locales_dir: Path
) -> tuple[list[Path], list[str]]:
    """Write dialog `dialog_id` read from the Questionnaire in `source` into `dialogs_dir`
    and `locales_dir/<lang>/`: the files written and the notes. Nothing is written when
    anything is wrong."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", dialog_id):
        raise DialogError(f"--id {dialog_id!r}: lowercase letters, digits and _, a letter first")
    resource = _read_json(source)
    t = load_catalogs(locales_dir)
    installed = load_dialogs(dialogs_dir, t.keys)
    if dialog_id in installed:
        raise DialogError(f"dialog '{dialog_id}' is installed already; choose another --id")
    try:
        found = to_dialog(resource, dialog_id, t.languages)
    except ImportProblem as exc:
        raise DialogError(f"{source}: {exc}") from None
    bodies = {Path(f"{dialog_id}.toml"): dialog_toml(found.dialog)}
    for lang, texts in found.texts.items():
        head = f"# Dialog {dialog_id}, imported from {source.name}: its texts in {lang}.\n\n"
        messages = "\n".join(fluent_message(key, text) for key, text in texts.items())
        bodies[Path(lang) / f"dialog-{dialog_id}.ftl"] = head + messages + "\n"
    targets = {
        name: (dialogs_dir if name.suffix == ".toml" else locales_dir) / name for name in bodies
    }
    taken = [str(path) for path in targets.values() if path.exists()]
    if taken:
        raise DialogError(f"{taken[0]} exists already; nothing written")
    _check_with(bodies, dialogs_dir, locales_dir, t.languages)
    done: list[Path] = []
    try:
        for name, body in bodies.items():
            with targets[name].open("x", encoding="utf-8") as file:
                file.write(body)
            done.append(targets[name])
    except OSError as exc:
        for path in done:  # all or nothing
            path.unlink()
        raise DialogError(f"cannot write {targets[name]}: {exc.strerror}") from None
    return done, found.notes


def _read_json(source: Path) -> Any:
    try:
        return json.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DialogError(f"cannot read {source}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DialogError(f"{source}: not JSON ({' '.join(str(exc).split())})") from None


def _check_with(
    bodies: dict[Path, str], dialogs_dir: Path, locales_dir: Path, languages: tuple[str, ...]
) -> None:
    """Load catalogs and dialogs as `rapport dialogs check` does, from a copy of both folders
    with the new files added: a dialog that would stop the bot is refused before writing."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        (copy / "dialogs").mkdir()
        for path in dialogs_dir.glob("*.toml"):
            shutil.copy(path, copy / "dialogs" / path.name)
        for lang in languages:
            (copy / "locales" / lang).mkdir(parents=True)
            for path in (locales_dir / lang).glob("*.ftl"):
                shutil.copy(path, copy / "locales" / lang / path.name)
        for name, body in bodies.items():
            where = copy / ("dialogs" if name.suffix == ".toml" else "locales")
            (where / name).write_text(body, encoding="utf-8")
        try:
            t = load_catalogs(copy / "locales", languages)
            load_dialogs(copy / "dialogs", t.keys)
        except (CatalogError, DialogError) as exc:
            problem = str(exc).replace(str(copy / "locales"), str(locales_dir))
            raise DialogError(f"{problem}; nothing written") from None
