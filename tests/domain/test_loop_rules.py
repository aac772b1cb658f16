"""The intake summary's rule (when an intake is worrying) and the feedback's buttons and
report, pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import LOCALES_DIR
from bot.domain import callbacks
from bot.domain import feedback as fb
from bot.domain.hypotheses import Hypothesis
from bot.domain.intake_summary import reasons
from bot.domain.signals import Observation, Signal
from bot.i18n import load_catalogs

T = load_catalogs(LOCALES_DIR)
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


def said(construct: str | None, value: object, question: str = "q", later: int = 0) -> Observation:
    return Observation(AT + timedelta(minutes=later), "intake", question, construct, value, 1)  # type: ignore[arg-type]


def hypothesis(key: str, severity: str, category: str = "resistance_to") -> Hypothesis:
    signal = Signal(
        code=key,
        category=category,
        severity=severity,  # type: ignore[arg-type]
        principle="P4",
        trend="new",
        summary_key="",
        suggestion_key="",
        args={},
        evidence=(),
    )
    return Hypothesis(key, severity, (signal,))  # type: ignore[arg-type]


CALM = [
    said("expectation.harm", 6),
    said("history.intolerance", "no"),
    said("history.wary", 6),
    said("alliance.heard", 5),
    said("alliance.agreement", 4),  # mean 4.5: not low
    said("ambivalence.loss_any", "not_sure"),
    said("ambivalence.loss", "   "),
    said("other.medicines", ""),
    said(None, "no", "other_medicines"),
]


def test_a_calm_intake_has_no_reason() -> None:
    assert reasons([hypothesis("low_readiness", "low")], CALM) == ()


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (said("expectation.harm", 7), "harm"),
        (said("history.intolerance", "yes"), "intolerance"),
        (said("history.wary", 7), "wary"),
        (said("alliance.agreement", 3), "alliance"),  # mean 4.0
        (said("ambivalence.loss_any", "yes"), "ambivalence"),
        (said("ambivalence.loss", "my friends"), "ambivalence"),
        (said("other.medicines", "ibuprofen"), "other_medicines"),
        (said(None, "St John's wort", "other_medicines_which"), "other_medicines"),
    ],
)
def test_each_worry_at_its_edge(answer: Observation, reason: str) -> None:
    later = Observation(AT + timedelta(hours=1), *list(answer.__dict__.values())[1:])
    assert reasons([], [*CALM, later]) == (reason,)


def test_a_loss_answered_nothing_names_none() -> None:
    """'Nothing.' is no loss (thresholds.toml's nothing_answers), whatever its case."""
    nothing = ("nothing", "ничего")
    for words in ("Nothing.", "НИЧЕГО"):
        later = said("ambivalence.loss", words)
        assert reasons([], [*CALM, later], nothing) == ()
    assert reasons([], [*CALM, said("ambivalence.loss", "my friends")], nothing) == (
        "ambivalence",
    )


@pytest.mark.parametrize(
    ("severity", "category", "worrying"),
    [
        ("moderate", "resistance_to", True),
        ("high", "alliance", True),
        ("low", "resistance_to", False),
        ("high", "engagement", False),  # they just answered the whole intake
        ("high", "prescriber", False),  # staff's own regimen count
    ],
)
def test_hypotheses_of_moderate_or_high_severity(
    severity: str, category: str, worrying: bool
) -> None:
    found = reasons([hypothesis("x", severity, category)], CALM)
    assert found == (("hypotheses",) if worrying else ())


def test_feedback_buttons_one_row_per_hypothesis_shown_numbered() -> None:
    shown = [hypothesis(k, "high") for k in ("taking_less", "b", "c", "d")]
    rows = fb.keyboard(T, "en", 42, shown)
    assert len(rows) == 3 and all(len(r) == 3 for r in rows)
    assert [label for label, _ in rows[1]] == [
        "2 ✓ fits",
        "2 ✗ doesn't fit",
        "2 💊 pharmacological",
    ]
    data = callbacks.decode(rows[0][2][1])
    assert data is not None and callbacks.KINDS[data.kind].audience == "clinician"
    assert fb.decode(data) == fb.Tap(42, "taking_less", "pharmacological")


@pytest.mark.parametrize("data", ["hf:1a:key", "hf:1a:key:q", "hf:01:key:f", "hf:1a::f"])
def test_malformed_feedback_decodes_to_nothing(data: str) -> None:
    decoded = callbacks.decode(data)
    assert decoded is not None and fb.decode(decoded) is None


def test_report_one_row_per_code_with_every_verdict() -> None:
    rows = fb.report(
        [
            ("nonadherence", "raised", 4),
            ("nonadherence", "fits", 2),
            ("nonadherence", "pharmacological", 1),
            ("nocebo_pattern", "raised", 3),
            ("nocebo_pattern", "not_fits", 2),
            ("odd", "unknown", 9),
        ]
    )
    assert [r.as_json() for r in rows] == [
        {"code": "nocebo_pattern", "raised": 3, "fits": 0, "not_fits": 2}
        | {"pharmacological": 0, "judged": 2},
        {"code": "nonadherence", "raised": 4, "fits": 2, "not_fits": 0}
        | {"pharmacological": 1, "judged": 3},
    ]
