"""The layers keep to their places: read from the imports of every module in bot/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
MODULES = sorted(BOT.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


IMPORTS = {_name(p): _imports(p) for p in MODULES}


def _uses(module: str, prefix: str) -> bool:
    return any(i == prefix or i.startswith(f"{prefix}.") for i in IMPORTS[module])


def _in(package: str) -> list[str]:
    return [m for m in IMPORTS if m == package or m.startswith(f"{package}.")]


@pytest.mark.parametrize(
    "module", [m for m in IMPORTS if not m.startswith(("bot.tg", "bot.sandbox"))]
)
def test_only_tg_and_the_sandbox_import_telegram(module: str) -> None:
    assert not _uses(module, "telegram")


@pytest.mark.parametrize("module", [m for m in IMPORTS if not m.startswith("bot.storage")])
def test_only_storage_touches_the_database_driver(module: str) -> None:
    assert not _uses(module, "aiosqlite")
    assert not _uses(module, "asyncpg")
    if module not in ("bot.compose", "bot.cli"):  # they turn its errors into one line
        assert not _uses(module, "sqlite3")


@pytest.mark.parametrize("module", _in("bot.domain"))
def test_the_domain_is_pure(module: str) -> None:
    for layer in ("bot.services", "bot.storage", "bot.tg", "bot.compose", "bot.cli", "asyncio"):
        assert not _uses(module, layer), layer


@pytest.mark.parametrize("module", _in("bot.storage"))
def test_storage_does_not_reach_up(module: str) -> None:
    for layer in ("bot.services", "bot.tg", "bot.compose", "bot.cli", "bot.commands"):
        assert not _uses(module, layer), layer


@pytest.mark.parametrize("module", [m for m in IMPORTS if m not in ("bot.cli", "bot.__main__")])
def test_nothing_imports_the_command_line_or_the_demo_back(module: str) -> None:
    assert not _uses(module, "bot.cli")
    if module != "bot.commands":  # `rapport demo` runs it
        assert not _uses(module, "bot.demo")


@pytest.mark.parametrize(
    "module", [m for m in IMPORTS if m not in ("bot.cli", "bot.commands", "bot.demo")]
)
def test_only_entry_points_import_the_composition_root(module: str) -> None:
    assert not _uses(module, "bot.compose") or module == "bot.compose"


def test_services_read_records_not_rows() -> None:
    """Above storage nobody reads a column by name: rows become records at the border."""
    for path in (BOT / "services").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "Row" not in _imports(path) and "bot.storage.db.Row" not in _imports(path)
        assert "fetchone" not in text and "fetchall" not in text, path.name
