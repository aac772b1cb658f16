"""Small phrase files for tests of bot.domain.safety: every required category with the given
phrases, plus any extra TOML (an [inflection], [sounds] or [idioms] table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.safety import REQUIRED, load_phrases, scan


def phrase_file(lang_dir: Path, phrases: list[str], extra: str = "") -> Path:
    """lang_dir/safety.toml with every required category holding `phrases`."""
    quoted = ", ".join(f'"{p}"' for p in phrases)
    table = '[category.{}]\nurgency = "crisis"\nphrases = [' + quoted + "]\n\n"
    path = lang_dir / "safety.toml"
    path.write_text("".join(map(table.format, REQUIRED)) + extra, encoding="utf-8")
    return path


def matches(text: str, path: Path) -> set[str]:
    """The phrases of that one file found in `text`."""
    book = load_phrases(path.parent.parent, [path.parent.name])
    return {m.phrase for m in scan(text, book)}


@pytest.fixture
def lang_dir(tmp_path: Path) -> Path:
    (tmp_path / "xx").mkdir()
    return tmp_path / "xx"
