"""`rapport dialogs export` and `rapport dialogs import` through the real CLI. Imports go to a
copy of dialogs/ and locales/ (commands.DIALOGS_DIR / LOCALES_DIR point there): the repository's
own folders are never written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from bot import DIALOGS_DIR, LOCALES_DIR, commands
from bot.domain.dialogs import load_dialogs
from bot.i18n import load_catalogs
from tests.interop.test_questionnaire_import import phq


def snapshot(*folders: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for f in folders for p in sorted(f.rglob("*")) if p.is_file()}


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the shipped dialogs and locales that the import commands write into."""
    dialogs, locales = tmp_path / "content" / "dialogs", tmp_path / "content" / "locales"
    shutil.copytree(DIALOGS_DIR, dialogs)
    shutil.copytree(LOCALES_DIR, locales)
    monkeypatch.setattr(commands, "DIALOGS_DIR", dialogs)
    monkeypatch.setattr(commands, "LOCALES_DIR", locales)
    return dialogs, locales


@pytest.fixture(autouse=True)
def _repository_untouched() -> Any:
    before = snapshot(DIALOGS_DIR, LOCALES_DIR)
    yield
    assert snapshot(DIALOGS_DIR, LOCALES_DIR) == before


def test_export_prints_a_questionnaire_in_the_clinics_language(rapport, monkeypatch) -> None:
    code, out, err = rapport("dialogs", "export", "weekly")
    assert (code, err) == (0, "")
    resource = json.loads(out)
    Questionnaire.model_validate(resource)  # R4B: R4-compatible for Questionnaire
    assert (resource["id"], resource["language"]) == ("weekly-v3", "en")
    monkeypatch.setenv("RAPPORT_DEFAULT_LANGUAGE", "es")
    assert json.loads(rapport("dialogs", "export", "weekly")[1])["language"] == "es"
    assert (
        json.loads(rapport("dialogs", "export", "weekly", "--language", "ru")[1])["language"]
        == "ru"
    )


def test_export_writes_a_new_file(rapport, tmp_path: Path) -> None:
    target = tmp_path / "screen.json"
    code, out, _ = rapport("dialogs", "export", "screen", "--output", str(target))
    assert code == 0 and "screen v1 written to" in out
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "screen"
    code, out, err = rapport("dialogs", "export", "daily", "--output", str(target))
    assert (code, out) == (1, "") and "already exists" in err
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "screen"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("nope",), "unknown dialog 'nope' (installed: daily, intake, post_change"),
        (("daily", "--language", "fr"), "--language 'fr': use one of en, es, ru"),
    ],
)
def test_export_refusals(rapport, args: tuple[str, ...], says: str) -> None:
    code, out, err = rapport("dialogs", "export", *args)
    assert (code, out) == (1, "") and err.count("\n") == 1 and says in err, err


def test_a_shipped_dialog_imports_under_a_new_id(rapport, folders, tmp_path: Path) -> None:
    dialogs, locales = folders
    source = tmp_path / "weekly.json"
    assert rapport("dialogs", "export", "weekly", "--output", str(source))[0] == 0
    code, out, err = rapport("dialogs", "import", str(source), "--id", "weekly_copy")
    assert (code, err) == (0, ""), err
    assert str(dialogs / "weekly_copy.toml") in out
    for lang in ("en", "es", "ru"):
        assert str(locales / lang / "dialog-weekly_copy.ftl") in out
    t = load_catalogs(locales)
    installed = load_dialogs(dialogs, t.keys)
    copy, weekly = installed["weekly_copy"], installed["weekly"]
    assert [q.id for q in copy.questions] == [q.id for q in weekly.questions]
    assert t("es", copy.questions[0].text) == t("es", weekly.questions[0].text)
    assert "note:" not in out


def test_a_foreign_import_lists_its_notes(rapport, folders, tmp_path: Path) -> None:
    dialogs, locales = folders
    source = tmp_path / "phq.json"
    source.write_text(json.dumps(phq()), encoding="utf-8")
    code, out, err = rapport("dialogs", "import", str(source), "--id", "phq", "--json")
    assert (code, err) == (0, ""), err
    data = json.loads(out)
    assert data["dialog"] == "phq" and len(data["files"]) == 4
    assert any("no Rapport construct" in note for note in data["notes"])
    assert any("filled in from en" in note for note in data["notes"])
    ftl = (locales / "es" / "dialog-phq.ftl").read_text(encoding="utf-8")
    assert "¿Poco interés?" in ftl
    t = load_catalogs(locales)
    assert "phq" in load_dialogs(dialogs, t.keys)
    assert t("en", "dlg-phq-title") == "Mood {short} form"
    assert t("ru", "dlg-phq-more") == "Anything else? [optional]\n* say it"


def _write(path: Path, body: Any) -> Path:
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return path


def _intake_only_outside_intake() -> dict[str, Any]:
    resource = phq()
    extension = "https://rapport.invalid/fhir/StructureDefinition/intake-only"
    resource["item"][-1]["extension"] = [{"url": extension, "valueBoolean": True}]
    return resource


def _clashing_key() -> dict[str, Any]:
    """dlg-dose-took-less is a shipped message: a question 'took' with option 'less' clashes."""
    return {
        "resourceType": "Questionnaire",
        "status": "active",
        "item": [
            {
                "linkId": "took",
                "type": "choice",
                "text": "Took?",
                "answerOption": [{"valueString": "less"}, {"valueString": "more"}],
            }
        ],
    }


@pytest.mark.parametrize(
    ("body", "dialog_id", "says"),
    [
        ("{not json", "x", "not JSON"),
        ({"resourceType": "Patient"}, "x", "not a FHIR Questionnaire"),
        (phq(), "weekly", "dialog 'weekly' is installed already"),
        (phq(), "Bad-Id", "--id 'Bad-Id': lowercase letters"),
        (_intake_only_outside_intake(), "phq", "intake_only question outside the intake dialog"),
        (_clashing_key(), "dose", "duplicate message id 'dlg-dose-took-less'"),
    ],
)
def test_import_refusals_write_nothing(
    rapport, folders, tmp_path: Path, body: Any, dialog_id: str, says: str
) -> None:
    before = snapshot(*folders)
    source = _write(tmp_path / "q.json", body)
    code, out, err = rapport("dialogs", "import", str(source), "--id", dialog_id)
    assert (code, out) == (1, ""), out
    assert err.startswith("rapport: error: ") and err.count("\n") == 1 and says in err, err
    assert snapshot(*folders) == before


def test_import_of_a_missing_file(rapport, folders, tmp_path: Path) -> None:
    code, _, err = rapport("dialogs", "import", str(tmp_path / "none.json"), "--id", "x")
    assert code == 1 and "cannot read" in err
