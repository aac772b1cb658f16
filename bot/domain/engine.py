"""The dialog engine: pure functions of a dialog and the answers so far.

The answers mapping is the whole state of a check-in, so it can be stored as JSON and rebuilt
after a restart: question id -> value. yes_no gives "yes"/"no", yes_no_unsure also
"not_sure", choice an option value, the scales an int, multi a tuple (or list) of option
values, text a str. A key that is present with the value SKIPPED (None) was skipped; an absent
key is unanswered. Answering or going back truncates everything after that question, so the
mapping is always a path through the dialog.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Final

from bot.domain.constructs import NONE, QType
from bot.domain.dialogs import Condition, Dialog, Question

Answer = str | int | tuple[str, ...] | list[str] | None
Answers = Mapping[str, Answer]

SKIPPED: Final = None
MAX_TEXT: Final = 1000

# Locale ids of the buttons whose labels are not in the dialog file; scales and days show numbers.
FIXED_LABELS: Final[dict[str | int, str]] = {
    "yes": "checkin-yes",
    "no": "checkin-no",
    "not_sure": "checkin-not-sure",
}
CHANGE_LABELS: Final[dict[int, str]] = {
    -2: "checkin-change-much-worse",
    -1: "checkin-change-bit-worse",
    0: "checkin-change-same",
    1: "checkin-change-bit-better",
    2: "checkin-change-much-better",
}


class InvalidAnswer(ValueError):
    """A value the question cannot take (a forged button, an empty text, a skip not allowed)."""


class TooLong(InvalidAnswer):
    """Free text over MAX_TEXT characters: the patient is asked to shorten it."""

    def __init__(self, length: int) -> None:
        super().__init__(f"text of {length} characters, limit {MAX_TEXT}")
        self.length = length
        self.limit = MAX_TEXT


class Stale(Exception):
    """An answer to a question that is not the current one (an old button)."""


def _holds(condition: Condition, seen: Answers) -> bool | None:
    """Whether a show_if holds; None while a question it reads is still unanswered."""
    if condition.any is not None:
        results = [_holds(sub, seen) for sub in condition.any]
        return True if True in results else (None if None in results else False)
    if condition.question not in seen:
        return None
    value = seen[condition.question or ""]
    return value is not SKIPPED and _test(condition, value)


def _test(c: Condition, value: Answer) -> bool:
    if c.equals is not None:
        return value == c.equals
    if c.not_equals is not None:
        return value != c.not_equals
    if c.in_ is not None:
        return value in c.in_
    if c.at_least is not None:
        return isinstance(value, int) and value >= c.at_least
    return isinstance(value, list | tuple) and any(v in value for v in c.any_of or ())


def _walk(dialog: Dialog, answers: Answers) -> Iterator[tuple[Question, bool | None]]:
    """Each question with its visibility: True, False, or None (depends on an unanswered one)."""
    seen: dict[str, Answer] = {}
    for q in dialog.questions:
        shown = True if q.show_if is None else _holds(q.show_if, seen)
        if shown is False:
            seen[q.id] = SKIPPED  # a hidden question makes tests on it false, not unknown
        elif shown and q.id in answers:
            seen[q.id] = answers[q.id]
        yield q, shown


def visible_questions(dialog: Dialog, answers: Answers) -> list[Question]:
    """The questions shown for these answers, in order."""
    return [q for q, shown in _walk(dialog, answers) if shown]


def effective_answers(dialog: Dialog, answers: Answers) -> dict[str, Answer]:
    """The answers that still count: unknown ids and questions now hidden are dropped."""
    return {
        q.id: answers[q.id] for q, shown in _walk(dialog, answers) if shown and q.id in answers
    }


def current_question(dialog: Dialog, answers: Answers) -> Question | None:
    """The first visible unanswered question, or None when the dialog is complete."""
    return next((q for q, shown in _walk(dialog, answers) if shown and q.id not in answers), None)


def is_complete(dialog: Dialog, answers: Answers) -> bool:
    return current_question(dialog, answers) is None


def progress(dialog: Dialog, answers: Answers) -> tuple[int, int]:
    """(position, total) for "3 of 9"; total counts questions that may still appear."""
    possible = [q for q, shown in _walk(dialog, answers) if shown is not False]
    current = current_question(dialog, answers)
    if current is None:
        return len(possible), len(possible)
    return possible.index(current) + 1, len(possible)


def previous_question(dialog: Dialog, answers: Answers) -> Question | None:
    """Where Back goes: the last visible answered question before the current one."""
    previous = None
    for q, shown in _walk(dialog, answers):
        if shown and q.id not in answers:
            break
        previous = q if shown else previous
    return previous


def _before(dialog: Dialog, answers: Answers, index: int) -> dict[str, Answer]:
    kept = effective_answers(dialog, answers).items()
    return {qid: value for qid, value in kept if dialog.index(qid) < index}


def go_back(dialog: Dialog, answers: Answers) -> dict[str, Answer]:
    """The answers after Back: the previous question becomes current again."""
    previous = previous_question(dialog, answers)
    if previous is None:
        return effective_answers(dialog, answers)
    return _before(dialog, answers, dialog.index(previous.id))


def record(dialog: Dialog, answers: Answers, question_id: str, raw: object) -> dict[str, Answer]:
    """The answers after answering the current question; raises Stale or InvalidAnswer."""
    question = _current(dialog, answers, question_id)
    value = validate_answer(question, raw)
    return {**_before(dialog, answers, dialog.index(question_id)), question_id: value}


def skip(dialog: Dialog, answers: Answers, question_id: str) -> dict[str, Answer]:
    """The answers after Skip; raises InvalidAnswer when the question is not skippable."""
    question = _current(dialog, answers, question_id)
    if not question.skippable:
        raise InvalidAnswer(f"question {question_id!r} cannot be skipped")
    return {**_before(dialog, answers, dialog.index(question_id)), question_id: SKIPPED}


def _current(dialog: Dialog, answers: Answers, question_id: str) -> Question:
    current = current_question(dialog, answers)
    if current is None or current.id != question_id:
        raise Stale(question_id)
    return current


def validate_answer(question: Question, raw: object) -> Answer:
    """The stored value for a raw answer; raises InvalidAnswer (TooLong for long text)."""
    if question.type is QType.TEXT:
        return _text(raw)
    if question.type is QType.MULTI:
        return _multi(question, raw)
    # type() rather than isinstance: True must not pass for 1
    if type(raw) in (str, int) and raw in question.choices():
        return raw
    raise InvalidAnswer(f"{question.id!r} cannot be {raw!r}")


def _text(raw: object) -> str:
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise InvalidAnswer("an empty text")
    if len(text) > MAX_TEXT:
        raise TooLong(len(text))
    return text


def _multi(question: Question, raw: object) -> tuple[str, ...]:
    chosen = list(raw) if isinstance(raw, list | tuple) else []
    options = question.choices()
    if not chosen or len(set(chosen)) != len(chosen) or any(v not in options for v in chosen):
        raise InvalidAnswer(f"{question.id!r} cannot be {raw!r}")
    if NONE in chosen and len(chosen) > 1:
        raise InvalidAnswer(f"{question.id!r}: 'none' goes alone")
    return tuple(v for v in options if v in chosen)  # type: ignore[misc]


def toggle(draft: Sequence[str], value: str) -> tuple[str, ...]:
    """A multi-select draft after tapping `value`; `none` clears the rest and vice versa."""
    if value in draft:
        return tuple(v for v in draft if v != value)
    if value == NONE:
        return (NONE,)
    return (*(v for v in draft if v != NONE), value)


def choice_at(question: Question, index: int) -> str | int:
    """The value of button `index` (from callback data); InvalidAnswer when out of range."""
    choices = question.choices()
    if not 0 <= index < len(choices):
        raise InvalidAnswer(f"{question.id!r} has no button {index}")
    return choices[index]


def label_key(question: Question, value: str | int) -> str | None:
    """The locale id that names `value` on a button, or None to show the number itself."""
    if question.type in (QType.CHOICE, QType.MULTI):
        return next((o.label for o in question.options if o.value == value), None)
    if question.type is QType.CHANGE_SCALE:
        return CHANGE_LABELS.get(value) if isinstance(value, int) else None
    if question.type in (QType.YES_NO, QType.YES_NO_UNSURE, QType.MEDICINE):
        return FIXED_LABELS.get(value)  # a medicine is shown by its name
    return None
