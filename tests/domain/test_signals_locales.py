"""locales/*/signals.ftl: every id in every language, the same placeholders, real args render."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot.domain.regimen import Change
from bot.domain.signals import (
    CATEGORIES,
    CODES,
    SEVERITIES,
    TRENDS,
    Activity,
    Facts,
    Observation,
    SafetyEvent,
    Signal,
    evaluate,
    label_id,
    load_thresholds,
    message_id,
)

LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = ("en", "es", "ru")
T = load_thresholds()
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NO_FACTS = Facts(None)


def parse(lang: str) -> ast.Resource:
    return FluentParser().parse((LOCALES / lang / "signals.ftl").read_text(encoding="utf-8"))


class Variables(Visitor):
    """Collects the $variables a message uses, in text and in selectors."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def placeholders(lang: str) -> dict[str, set[str]]:
    """Message id -> the variables it uses."""
    found = {}
    for entry in parse(lang).body:
        assert not isinstance(entry, ast.Junk), f"{lang}: {entry.content[:80]!r}"
        if isinstance(entry, ast.Message):
            visitor = Variables()
            visitor.visit(entry)
            found[entry.id.name] = visitor.names
    return found


def bundle(lang: str) -> FluentBundle:
    source = (LOCALES / lang / "signals.ftl").read_text(encoding="utf-8")
    result = FluentBundle([lang], use_isolating=False)
    result.add_resource(FluentResource(source))
    return result


def expected_ids() -> set[str]:
    ids = {message_id(code, part) for code in CODES for part in ("title", "summary", "suggestion")}
    ids |= {label_id("category", c) for c in CATEGORIES}
    ids |= {label_id("severity", s) for s in SEVERITIES}
    return ids | {label_id("trend", t) for t in TRENDS}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_signal_has_its_messages(lang: str) -> None:
    assert set(placeholders(lang)) == expected_ids()


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_translations_use_the_same_placeholders_as_english(lang: str) -> None:
    assert placeholders(lang) == placeholders("en")


def test_ids_are_kebab_case() -> None:
    assert all(i == i.lower() and "_" not in i for i in placeholders("en"))
    assert "signal-self-adjusted-dose-summary" in placeholders("en")
    assert "signal-category-resistance-to" in placeholders("en")


def scenarios() -> list[Signal]:
    """Signals with every selector variant: each basis, flags on and off, counts 1, 2, 5, 21."""
    found: list[Signal] = []
    for n in (1, 2, 5, 21):
        period = [
            Observation(START + timedelta(days=i), "weekly", "q", c, v, i)
            for i in range(n)
            for c, v in (
                ("adherence.days_missed_7d", 2 + i % 3),
                ("adherence.dose_change", "stopped" if i else "took_less"),
                ("adherence.reason", ("felt_better",)),
                ("use.extra_for_feelings", "yes"),
                ("want.more_medication", "yes"),
                ("symptoms.change", 2),
                ("function.change", 0),
                ("readiness.change", 1),
                ("expectation.benefit", 0),
                ("alliance.heard", 3),
                ("control.pressure", 8),
            )
        ]
        events = [SafetyEvent(START, "self_harm", "quote")] * n
        activity = Activity(n + 2, 1, n + 1, n % 2 == 0, paused_days=n - 1)
        found += evaluate(period, period, activity, events, Facts(n + 4), T)
    for harm, prior, burden in product(
        (6, 8),
        ({}, {"history.intolerance": "yes"}, {"history.wary": 9}, DISTRUST),
        (2, 9),
    ):
        answers = {
            "expectation.harm": harm,
            "side_effects.present": ("dizzy", "foggy"),
            "side_effects.burden": burden,
        }
        found += run_one(answers | prior)
    found += run_one({"expectation.harm": 9, "side_effects.present": ("dizzy",)}, BASELINE)
    for kind, days in product(("start", "increase", "decrease", "change", "stop"), (0, 1, 3, 22)):
        change = Change(
            1, 1, START + timedelta(days=7 - days), kind, None, 1, "sertraline", "ssri"
        )
        answers = {"side_effects.present": ("dizzy",)}
        found += run_one(answers, BASELINE if days % 2 else (), Facts(None, (change,)))
    found += run_one({"belief.necessity": 1, "concern.dependency": 6, "expectation.harm": 7})
    levels = [
        Observation(START + timedelta(days=i), "weekly", "q", c, v, 100 + i)
        for i in range(3)
        for c, v in (("symptoms.level", 3 + i), ("function.level", 2))
    ]
    found += evaluate(levels, levels, Activity(1, 1, 0, False), [], Facts(None), T)
    mixed = [*levels[:4], *run_obs({"symptoms.change": 1, "function.change": 0}, 1)]
    found += evaluate(mixed, mixed, Activity(1, 1, 0, False), [], Facts(None), T)
    for fears in (
        {"concern.dependency": 8},
        {"concern.identity": 8},
        {"concern.dependency": 9, "concern.identity": 7},
    ):
        found += run_one(fears)
    for loss in (
        {"ambivalence.loss_any": "yes"},
        {"ambivalence.loss": "x"},
        {"ambivalence.loss_any": "yes", "ambivalence.loss": "x"},
    ):
        found += run_one(loss)
    first = [Observation(START, "intake", "q", "alliance.heard", 10, 0)]  # a drop from 10
    found += run_one({"alliance.heard": 6, "alliance.agreement": 5}, history=first)  # drop
    found += run_one({"alliance.heard": 4}, history=first)  # both
    found += run_one({"alliance.heard": 5, "alliance.agreement": 5})  # low
    return found


def run_obs(answers: dict[str, Any], cid: int = 1) -> list[Observation]:
    at = START + timedelta(days=7 * cid)
    return [Observation(at, "weekly", "q", c, v, cid) for c, v in answers.items()]


def run_one(
    answers: dict[str, Any],
    history: Sequence[Observation] = (),
    facts: Facts = NO_FACTS,
) -> list[Signal]:
    period = run_obs(answers)
    return evaluate(period, [*history, *period], Activity(1, 1, 0, False), [], facts, T)


DISTRUST = {"alliance.heard": 2, "control.pressure": 9}
BASELINE = [Observation(START, "intake", "q", "side_effects.baseline", ("none",), 0)]


def test_scenarios_cover_every_code_and_every_basis() -> None:
    found = scenarios()
    assert {s.code for s in found} == set(CODES)
    bases = {(s.code, s.args["basis"]) for s in found if "basis" in s.args}
    assert len(bases) == 15


@pytest.mark.parametrize("lang", LANGUAGES)
def test_real_signals_render_on_one_line_without_errors(lang: str) -> None:
    messages = bundle(lang)
    for signal in scenarios():
        for key in (signal.title_key, signal.summary_key, signal.suggestion_key):
            text, errors = messages.format_pattern(messages.get_message(key).value, signal.args)
            assert not errors, (lang, key, signal.args, errors)
            assert text.strip() and "\n" not in text and "{" not in text, (lang, key, text)


def test_english_summaries_read_as_intended() -> None:
    messages = bundle("en")

    def say(key: str, **args: Any) -> str:
        return messages.format_pattern(messages.get_message(key).value, args)[0]

    assert say("signal-nonadherence-summary", days=4, checkins=1, rising="no") == (
        "Missed doses on up to 4 of 7 days, in one check-in"
    )
    assert say("signal-low-alliance-summary", basis="drop", mean=6.5, drop=3.0) == (
        "Alliance down 3 points from their first answers (now 6.5/10)"
    )
    disengaged = say(
        "signal-disengagement-summary",
        sent=4,
        answered=1,
        missed=3,
        rate=25,
        blocked="yes",
        paused=0,
    )
    assert (
        disengaged == "Answered 1 of 4 check-ins (25%), missed 3; "
        "has blocked the bot and cannot be reached here"
    )
