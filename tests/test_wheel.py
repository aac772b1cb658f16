"""The built wheel works on its own: installed outside the checkout, it finds its data files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# What a build reads, copied elsewhere: build/ and *.egg-info never land in the checkout, and
# a developer's .env or database never leaves it.
SOURCE = ("pyproject.toml", "README.md", "bot", "dialogs", "locales", "migrations")
# Offline and quiet: the test must pass with no network at all.
PIP = ["-m", "pip", "--disable-pip-version-check", "--no-input", "--quiet"]


def _run(args: list[str | Path], cwd: Path, timeout: int = 300) -> str:
    """Run a command with a clean environment; fail the test with its stderr."""
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout


def _clean_env() -> dict[str, str]:
    """Nothing that points Python at the checkout, nor a developer's Rapport settings."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "TELEGRAM_", "RAPPORT_", "DATABASE_URL")
    return {k: v for k, v in os.environ.items() if not k.startswith(dropped)}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    source = _copy_source(tmp / "source")
    build = [sys.executable, *PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    _run([*build, source, "-w", tmp / "dist"], cwd=tmp)
    return next((tmp / "dist").glob("rapport-*.whl"))


def _copy_source(target: Path) -> Path:
    target.mkdir()
    for name in SOURCE:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(REPO / name, target / name)
    return target


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the repo holding only the wheel; its dependencies are ours.

    A path line in a .pth file adds that folder but runs none of the .pth files inside it, so
    the editable install's import hook in our own site-packages stays out.
    """
    env = tmp_path_factory.mktemp("venv")
    assert not env.resolve().is_relative_to(REPO)
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    install = [sys.executable, *PIP, "--python", python, "install", "--no-deps", "--no-index"]
    _run([*install, wheel], env)
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], env)
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site.strip()) / "rapport_test_dependencies.pth").write_text("\n".join(ours) + "\n")
    return env


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working directory that is not the checkout, so nothing is found relative to it."""
    assert not tmp_path.resolve().is_relative_to(REPO)
    return tmp_path


def test_wheel_holds_every_source_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"bot/{p.relative_to(REPO / 'bot')}" for p in _files(REPO / "bot")}
    for folder in ("dialogs", "locales", "migrations"):
        expected |= {f"bot/{p.relative_to(REPO)}" for p in _files(REPO / folder)}
    assert {"bot/domain/thresholds.toml", "bot/domain/drugs.toml"} <= expected
    assert {"bot/locales/en/safety.toml", "bot/migrations/0001_initial.sql"} <= expected
    assert sorted(expected - names) == []


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def test_installed_package_is_the_wheel_with_its_data_inside(
    installed: Path, outside: Path
) -> None:
    code = "import bot; print(bot.__file__, bot.DIALOGS_DIR, bot.LOCALES_DIR, bot.MIGRATIONS_DIR)"
    module, *folders = map(Path, _run([installed / "bin" / "python", "-c", code], outside).split())
    assert module.resolve().is_relative_to(installed.resolve())
    package = module.parent
    assert folders == [package / "dialogs", package / "locales", package / "migrations"]


def test_installed_rapport_checks_its_dialogs(installed: Path, outside: Path) -> None:
    _run([installed / "bin" / "rapport", "dialogs", "check"], outside)


def test_installed_rapport_runs_a_short_demo(installed: Path, outside: Path) -> None:
    out = outside / "demo"
    rapport = installed / "bin" / "rapport"
    printed = _run([rapport, "demo", "--days", "3", "--output", out], outside)
    assert "answered" in printed and "Pre-visit digests" in printed
    assert "Demo finished." in printed
    assert (out / "demo.db").is_file()
