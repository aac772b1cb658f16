"""Random answers with random Backs always finish and never show a hidden question."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import DIALOGS_DIR
from bot.domain import engine
from bot.domain.dialogs import Condition, Dialog, Question, load_dialogs

# A dialog with chains and `any`, beyond what the shipped files use.
NESTED = Dialog.model_validate(
    {
        "id": "nested",
        "version": 1,
        "title": "t",
        "questions": [
            {"id": "a", "type": "yes_no_unsure", "text": "t", "skippable": True},
            {
                "id": "b",
                "type": "days_0_7",
                "text": "t",
                "show_if": {"question": "a", "in": ["yes", "not_sure"]},
            },
            {
                "id": "c",
                "type": "multi",
                "text": "t",
                "skippable": True,
                "show_if": {"question": "b", "at_least": 3},
                "options": [{"value": "x", "label": "t"}, {"value": "none", "label": "t"}],
            },
            {
                "id": "d",
                "type": "yes_no",
                "text": "t",
                "show_if": {"question": "c", "any_of": ["x"]},
            },
            {
                "id": "e",
                "type": "text",
                "text": "t",
                "skippable": True,
                "show_if": {
                    "any": [
                        {"question": "d", "equals": "yes"},
                        {"question": "a", "not_equals": "yes"},
                    ]
                },
            },
            {"id": "f", "type": "change_scale", "text": "t"},
        ],
    }
)
DIALOGS = [*load_dialogs(DIALOGS_DIR, {}).values(), NESTED]


def _shown(condition: Condition | None, answers: dict) -> bool:
    """A deliberately naive reading of show_if, to check the engine against."""
    if condition is None:
        return True
    if condition.any is not None:
        return any(_shown(sub, answers) for sub in condition.any)
    value = answers.get(condition.question)
    if value is None:
        return False
    if condition.equals is not None:
        return value == condition.equals
    if condition.not_equals is not None:
        return value != condition.not_equals
    if condition.in_ is not None:
        return value in condition.in_
    if condition.at_least is not None:
        return value >= condition.at_least
    return bool(set(value) & set(condition.any_of))


def _raw(question: Question, n: int) -> object:
    choices = question.choices()
    if question.type == "text":
        return "words " * (n % 5 + 1)
    if question.type == "multi":
        picked = tuple(v for i, v in enumerate(choices) if n >> i & 1 and v != "none")
        return picked or ("none",) if "none" in choices else picked or choices[:1]
    return choices[n % len(choices)]


def _step(dialog: Dialog, answers: dict, move: str, n: int) -> dict:
    question = engine.current_question(dialog, answers)
    if move == "back" or question is None:
        return engine.go_back(dialog, answers)
    if move == "skip" and question.skippable:
        return engine.skip(dialog, answers, question.id)
    return engine.record(dialog, answers, question.id, _raw(question, n))


def _check(dialog: Dialog, answers: dict) -> None:
    effective = engine.effective_answers(dialog, answers)
    for q in dialog.questions:
        if q.id in effective:
            assert _shown(q.show_if, effective), (dialog.id, q.id)
    current = engine.current_question(dialog, answers)
    if current is not None:
        assert _shown(current.show_if, effective), (dialog.id, current.id)
        position, total = engine.progress(dialog, answers)
        assert 1 <= position <= total <= len(dialog.questions)


MOVES = st.lists(
    st.tuples(st.sampled_from(["answer", "answer", "skip", "back"]), st.integers(0, 2**14)),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(dialog=st.sampled_from(DIALOGS), moves=MOVES, tail=st.integers(0, 2**14))
def test_random_walks_finish_and_respect_show_if(dialog: Dialog, moves: list, tail: int) -> None:
    answers: dict = {}
    for move, n in moves:
        answers = _step(dialog, answers, move, n)
        _check(dialog, answers)
    for _ in dialog.questions:
        if engine.is_complete(dialog, answers):
            break
        answers = _step(dialog, answers, "answer", tail)
        _check(dialog, answers)
    assert engine.is_complete(dialog, answers)
    assert engine.progress(dialog, answers)[0] == len(engine.visible_questions(dialog, answers))
