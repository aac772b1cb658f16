"""Shared by the Questionnaire tests: the shipped content, and a dialog read back into plain
facts (texts resolved, show_if as a set of single comparisons) so two dialogs with different
locale keys and the same meaning compare equal."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from bot.compose import content
from bot.domain.dialogs import Condition, Dialog, DialogSet
from bot.i18n import Translator


@cache
def shipped() -> tuple[Translator, DialogSet]:
    return content()


Say = Callable[[str, str], str]  # (lang, key) -> text


def atoms(condition: Condition | None) -> frozenset[tuple[str, str, Any]]:
    """A show_if as the comparisons any of which enables: `in [x]` and `equals x` agree."""
    found: set[tuple[str, str, Any]] = set()
    for leaf in condition.leaves() if condition else ():
        q = leaf.question or ""
        if leaf.at_least is not None:
            found.add((q, ">=", leaf.at_least))
        elif leaf.not_equals is not None:
            found.add((q, "!=", leaf.not_equals))
        else:
            found |= {(q, "=", v) for v in leaf.in_ or leaf.any_of or (leaf.equals,)}
    return frozenset(found)


def facts(dialog: Dialog, say: Say, languages: tuple[str, ...]) -> dict[str, Any]:
    """Everything a dialog means, with its texts in every language instead of its keys."""

    def texts(key: str | None) -> tuple[str, ...] | None:
        return None if key is None else tuple(say(lang, key) for lang in languages)

    return {
        "id": dialog.id,
        "version": dialog.version,
        "title": texts(dialog.title),
        "window_hours": dialog.window_hours,
        "intake": dialog.intake,
        "optional": dialog.optional,
        "questions": [
            {
                "id": q.id,
                "type": q.type,
                "text": texts(q.text),
                "options": [(o.value, texts(o.label)) for o in q.options],
                "low": texts(q.low),
                "high": texts(q.high),
                "measures": q.measures,
                "show_if": atoms(q.show_if),
                "skippable": q.skippable,
                "intake_only": q.intake_only,
                "rotation": q.rotation,
            }
            for q in dialog.questions
        ],
    }
