"""The dialog engine: branching, Back, Skip, progress and answer validation."""

from __future__ import annotations

import pytest

from bot import DIALOGS_DIR
from bot.domain import engine
from bot.domain.dialogs import Dialog, Question, load_dialogs
from bot.domain.engine import SKIPPED, InvalidAnswer, Stale, TooLong

WEEKLY = load_dialogs(DIALOGS_DIR, {})["weekly"]  # every question, both rotations


def _ids(questions: list[Question]) -> list[str]:
    return [q.id for q in questions]


def _answer_all(dialog: Dialog, values: dict[str, object]) -> dict[str, object]:
    """Answer in order with `values`, else the first button (or a short text)."""
    answers: dict[str, object] = {}
    while (q := engine.current_question(dialog, answers)) is not None:
        raw = values.get(q.id, q.choices()[:1] if q.type == "multi" else None)
        if raw is None:
            raw = q.choices()[0] if q.choices() else "fine"
        answers = engine.record(dialog, answers, q.id, raw)
    return answers


def test_reasons_appear_only_after_missed_or_changed_doses() -> None:
    steady = _answer_all(WEEKLY, {"days_missed": 0, "any_side_effects": "no"})
    assert "reasons" not in steady
    missed = _answer_all(WEEKLY, {"days_missed": 2, "any_side_effects": "no"})
    assert "reasons" in missed
    changed = _answer_all(WEEKLY, {"days_missed": 0, "dose_change": "took_less"})
    assert "reasons" in changed


def test_side_effect_branch() -> None:
    answers = {"days_missed": 0, "dose_change": "as_prescribed"}
    assert engine.current_question(WEEKLY, answers).id == "any_side_effects"
    answers["any_side_effects"] = "yes"
    assert engine.current_question(WEEKLY, answers).id == "which_side_effects"
    answers["any_side_effects"] = "no"
    assert engine.current_question(WEEKLY, answers).id == "symptoms"


def test_progress_counts_questions_that_may_still_appear() -> None:
    assert engine.progress(WEEKLY, {}) == (1, 24)
    answers = {"days_missed": 0, "dose_change": "as_prescribed"}
    assert engine.progress(WEEKLY, answers) == (3, 19)
    answers["any_side_effects"] = "no"
    assert engine.progress(WEEKLY, answers) == (4, 15)
    done = _answer_all(WEEKLY, {"days_missed": 0, "any_side_effects": "no"})
    assert engine.progress(WEEKLY, done) == (15, 15)
    assert engine.current_question(WEEKLY, done) is None


def test_back_returns_to_the_last_visible_answer_and_drops_later_ones() -> None:
    answers = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "no"}
    assert engine.previous_question(WEEKLY, answers).id == "any_side_effects"
    back = engine.go_back(WEEKLY, answers)
    assert back == {"days_missed": 0, "dose_change": "as_prescribed"}
    assert engine.previous_question(WEEKLY, {}) is None
    assert engine.go_back(WEEKLY, {}) == {}


def test_back_skips_over_hidden_questions() -> None:
    answers = {"days_missed": 0, "dose_change": "as_prescribed", "any_side_effects": "no"}
    answers["symptoms"] = 1
    assert engine.previous_question(WEEKLY, answers).id == "symptoms"
    assert engine.previous_question(WEEKLY, engine.go_back(WEEKLY, answers)).id == (
        "any_side_effects"
    )


def test_changing_a_branch_drops_answers_that_became_hidden() -> None:
    answers = {
        "days_missed": 0,
        "dose_change": "as_prescribed",
        "any_side_effects": "no",  # was "yes": the two answers below are now hidden
        "which_side_effects": ("sleepy",),
        "side_effect_bother": 6,
        "ghost": "a question removed from the file",
    }
    effective = engine.effective_answers(WEEKLY, answers)
    assert set(effective) == {"days_missed", "dose_change", "any_side_effects"}


def test_skipped_is_answered_and_makes_conditions_false() -> None:
    dialog = load_dialogs(DIALOGS_DIR, {})["intake"]
    answers = {"taking_now": "as_prescribed", "other_medicines": "yes"}
    assert engine.current_question(dialog, answers).id == "other_medicines_which"
    answers = engine.skip(dialog, answers, "other_medicines_which")
    assert answers["other_medicines_which"] is SKIPPED
    assert engine.current_question(dialog, answers).id == "symptoms_level"
    with pytest.raises(InvalidAnswer):
        engine.skip(dialog, answers, "symptoms_level")


def test_record_refuses_a_question_that_is_not_current() -> None:
    with pytest.raises(Stale):
        engine.record(WEEKLY, {}, "dose_change", "as_prescribed")
    with pytest.raises(Stale):
        engine.record(WEEKLY, _answer_all(WEEKLY, {}), "note", "hello")


@pytest.mark.parametrize(
    ("question_id", "raw", "expected"),
    [
        ("days_missed", 0, 0),
        ("days_missed", 7, 7),
        ("symptoms", -2, -2),
        ("any_side_effects", "yes", "yes"),
        ("dose_change", "stopped", "stopped"),
        ("which_side_effects", ["foggy", "sleepy"], ("sleepy", "foggy")),
        ("note", "  thanks  ", "thanks"),
    ],
)
def test_valid_answers(question_id: str, raw: object, expected: object) -> None:
    assert engine.validate_answer(WEEKLY.question(question_id), raw) == expected


@pytest.mark.parametrize(
    ("question_id", "raw"),
    [
        ("days_missed", 8),
        ("days_missed", "3"),
        ("days_missed", True),
        ("symptoms", 3),
        ("heard", 11),
        ("any_side_effects", "not_sure"),
        ("dose_change", "sometimes"),
        ("which_side_effects", []),
        ("which_side_effects", ["sleepy", "sleepy"]),
        ("which_side_effects", ["sleepy", "nonsense"]),
        ("which_side_effects", "sleepy"),
        ("note", "   "),
        ("note", 42),
    ],
)
def test_invalid_answers(question_id: str, raw: object) -> None:
    with pytest.raises(InvalidAnswer):
        engine.validate_answer(WEEKLY.question(question_id), raw)


def test_long_text_is_its_own_error() -> None:
    note = WEEKLY.question("note")
    assert engine.validate_answer(note, "x" * 1000) == "x" * 1000
    with pytest.raises(TooLong) as caught:
        engine.validate_answer(note, "x" * 1001)
    assert (caught.value.length, caught.value.limit) == (1001, 1000)


def test_none_is_exclusive() -> None:
    assert engine.toggle((), "sleepy") == ("sleepy",)
    assert engine.toggle(("sleepy",), "dizzy") == ("sleepy", "dizzy")
    assert engine.toggle(("sleepy", "dizzy"), "sleepy") == ("dizzy",)
    assert engine.toggle(("sleepy", "dizzy"), "none") == ("none",)
    assert engine.toggle(("none",), "dizzy") == ("dizzy",)
    assert engine.toggle(("none",), "none") == ()
    multi = Question.model_validate(
        {
            "id": "se",
            "type": "multi",
            "text": "k",
            "measures": "side_effects.present",
            "options": [{"value": "sleepy", "label": "a"}, {"value": "none", "label": "b"}],
        }
    )
    with pytest.raises(InvalidAnswer):
        engine.validate_answer(multi, ["sleepy", "none"])


def test_buttons_map_to_values_and_labels() -> None:
    assert engine.choice_at(WEEKLY.question("symptoms"), 0) == -2
    with pytest.raises(InvalidAnswer):
        engine.choice_at(WEEKLY.question("symptoms"), 5)
    assert engine.label_key(WEEKLY.question("symptoms"), 2) == "checkin-change-much-better"
    assert engine.label_key(WEEKLY.question("any_side_effects"), "no") == "checkin-no"
    assert engine.label_key(WEEKLY.question("dose_change"), "stopped") == "dlg-dose-stopped"
    assert engine.label_key(WEEKLY.question("heard"), 7) is None


def test_state_survives_a_json_round_trip() -> None:
    import json

    answers = {"days_missed": 2, "dose_change": "took_less", "reasons": ("forgot",)}
    answers |= {
        "prescriber_knows": "no",
        "any_side_effects": "yes",
        "which_side_effects": ("sleepy", "foggy"),
    }
    stored = json.loads(json.dumps(answers))  # tuples come back as lists
    assert engine.current_question(WEEKLY, stored) == engine.current_question(WEEKLY, answers)
    assert engine.progress(WEEKLY, stored) == engine.progress(WEEKLY, answers)
    assert engine.previous_question(WEEKLY, stored).id == "which_side_effects"
