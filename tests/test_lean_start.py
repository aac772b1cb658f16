"""Commands that draw nothing never load matplotlib: it costs up to seconds and ~50 MB at the
start of every command (issue 14). Each command runs in a fresh interpreter, as staff run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Runs the command as `rapport` would, then reports what it loaded on a last line of its own.
PROBE = """
import sys
from bot import cli
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"matplotlib"})
print("\\nLOADED=" + ",".join(loaded) + f" CODE={code}")
"""


def _loaded(tmp_path: Path, *args: str) -> tuple[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    last = done.stdout.strip().splitlines()[-1]
    loaded, code = last.removeprefix("LOADED=").split(" CODE=")
    return loaded, code


@pytest.mark.parametrize(
    "args",
    [("--help",), ("patient", "list"), ("dialogs", "list"), ("audit", "--limit", "1")],
)
def test_commands_that_draw_nothing_load_no_matplotlib(tmp_path: Path, args: tuple[str]) -> None:
    loaded, code = _loaded(tmp_path, *args)
    assert code == "0"
    assert loaded == ""


def test_the_probe_sees_matplotlib_when_a_chart_is_drawn(tmp_path: Path) -> None:
    """The probe itself can fail: drawing a chart does load matplotlib."""
    probe = "from bot.services.context import _chart; _chart()\n" + PROBE
    done = subprocess.run(
        [sys.executable, "-c", probe, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "LOADED=matplotlib" in done.stdout


# What `rapport run` imports (the CLI, then the PTB adapter) and must not: code of the commands
# that export or import files, the audit trail, and the webhook when polling (issue 14, memory).
RUN_NEVER_NEEDS = (
    "bot.services.fhir_export",
    "bot.services.research_export",
    "bot.services.audit",
    "bot.dialog_import",
    "bot.domain.questionnaire",
    "bot.domain.fhir_bundle",
    "bot.domain.redcap",
    "bot.tg.webhook",
)


def test_rapport_run_imports_no_export_import_or_webhook_code(tmp_path: Path) -> None:
    probe = (
        "import sys, bot.cli, bot.compose, bot.tg.app\n"
        f"print(','.join(sorted(set(sys.modules) & set({RUN_NEVER_NEEDS!r}))))\n"
    )
    assert _printed(tmp_path, probe).strip() == ""


def _printed(tmp_path: Path, probe: str) -> str:
    """What `probe` prints, run in a fresh interpreter (it must succeed)."""
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_commands_still_reach_what_they_import_late() -> None:
    """Each late import names a module that exists (a typo would fail only when run)."""
    import importlib

    for name in RUN_NEVER_NEEDS:
        assert importlib.import_module(name) is not None


# Which babel locales a fresh process has loaded after loading the catalogs, then after a
# plain message in Spanish and one Fluent formats in Spanish.
LOCALES_PROBE = """
from babel import localedata
from bot import LOCALES_DIR
from bot.i18n import load_catalogs

t = load_catalogs(LOCALES_DIR)
print(sorted(localedata._cache))
t("es", "checkin-start")
print(sorted(localedata._cache))
t("es", "alert-flag", flag="x")
print(sorted(localedata._cache))
"""


def test_a_language_loads_its_locale_data_only_when_fluent_first_formats_in_it(
    tmp_path: Path,
) -> None:
    """babel's data is about 5 MB for the first language and 1-1.5 MB for each other one
    (issue 14): a language no one has been written to in never loads it."""
    printed = _printed(tmp_path, LOCALES_PROBE)
    assert printed.split("\n")[:3] == ["[]", "[]", "['es', 'root']"]
