"""Dialog files: TOML in dialogs/, validated into frozen models before the bot starts.

`show_if` holds one test on an EARLIER question of the same dialog:
  { question = "q", equals = v }       the answer is v
  { question = "q", not_equals = v }   answered, and not v
  { question = "q", in = [v, w] }      the answer is one of these
  { question = "q", at_least = n }     a number question answered n or more
  { question = "q", any_of = [v, w] }  a multi question whose answer contains one of these
  { any = [ {...}, {...} ] }           at least one of the tests holds
A test on a question that was skipped or is hidden is false.

`rotation = "a"` or `rotation = "b"` asks a question only every other time: "a" on the
patient's 1st, 3rd, 5th ... check-in of that dialog, "b" on the 2nd, 4th ... (`for_turn`). A
question with no rotation is asked every time. A show_if may test a rotated question only from a
question of the same rotation; the intake, asked once, has no rotation.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from bot.domain.constructs import (
    CONSTRUCTS,
    FIXED_VALUES,
    NOT_SURE,
    NUMERIC,
    WITH_OPTIONS,
    QType,
    misfit,
)

Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Key = Annotated[str, Field(pattern=r"^[a-zA-Z][a-zA-Z0-9_-]*$")]  # a Fluent message id
Value = StrictStr | StrictInt
TESTS = ("equals", "not_equals", "in_", "at_least", "any_of")


class DialogError(Exception):
    """A dialog file cannot be used; the message is one line naming file, dialog and question."""


class QuestionError(ValueError):
    """A problem found at dialog level that belongs to one question."""

    def __init__(self, question: str, message: str) -> None:
        super().__init__(message)
        self.question = question


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True)


class Option(_Frozen):
    value: Ident
    label: Key


class Condition(_Frozen):
    """A `show_if`: `question` with exactly one test, or `any` of several conditions."""

    question: Ident | None = None
    equals: Value | None = None
    not_equals: Value | None = None
    in_: tuple[Value, ...] | None = Field(None, alias="in", min_length=1)
    at_least: StrictInt | None = None
    any_of: tuple[StrictStr, ...] | None = Field(None, min_length=1)
    any: tuple[Condition, ...] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [name for name in TESTS if getattr(self, name) is not None]
        if self.any is not None and (self.question is not None or tests):
            raise ValueError("show_if: 'any' stands alone")
        if self.any is None and (self.question is None or len(tests) != 1):
            raise ValueError("show_if needs 'question' and one test (equals, in, at_least, ...)")
        return self

    def leaves(self) -> Iterator[Condition]:
        """The single-question tests inside this condition."""
        if self.any is None:
            yield self
        for sub in self.any or ():
            yield from sub.leaves()


class Question(_Frozen):
    id: Ident
    type: QType
    text: Key
    options: tuple[Option, ...] = ()
    low: Key | None = None
    high: Key | None = None
    measures: str | None = None
    show_if: Condition | None = None
    skippable: StrictBool = False
    intake_only: StrictBool = False
    rotation: Literal["a", "b"] | None = None  # asked every other time (for_turn)
    # A medicine question's buttons, given at run time (with_medicines), never in a file.
    given: tuple[StrictStr, ...] = ()

    @model_validator(mode="after")
    def _fits(self) -> Question:
        values = [option.value for option in self.options]
        problem = _shape_problem(self) or misfit(self.measures, self.type, values)
        if problem:
            raise ValueError(problem)
        return self

    def choices(self) -> tuple[str | int, ...]:
        """The values its buttons give, in button order (empty for free text)."""
        if self.type in WITH_OPTIONS:
            return tuple(option.value for option in self.options)
        if self.type is QType.MEDICINE:
            return (*self.given, NOT_SURE)
        return FIXED_VALUES.get(self.type, ())

    def locale_keys(self) -> tuple[str, ...]:
        """Every locale key the question shows."""
        anchors = tuple(k for k in (self.low, self.high) if k)
        return (self.text, *anchors, *(option.label for option in self.options))


class Dialog(_Frozen):
    id: Ident
    version: StrictInt = Field(ge=1)
    title: Key
    window_hours: StrictInt = Field(24, ge=1, le=24 * 14)
    intake: StrictBool = False
    optional: StrictBool = False  # e.g. the daily: a missed one is never disengagement
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Dialog:
        for problem in _dialog_problems(self):
            raise problem
        return self

    def index(self, question_id: str) -> int:
        """Position of a question in the file (ValueError when unknown)."""
        return [question.id for question in self.questions].index(question_id)

    def question(self, question_id: str) -> Question:
        return self.questions[self.index(question_id)]

    def core(self) -> tuple[Question, ...]:
        """The questions every check-in of this dialog asks: no rotation, no show_if, no Skip."""
        return tuple(
            q
            for q in self.questions
            if q.rotation is None and q.show_if is None and not q.skippable
        )


def _shape_problem(q: Question) -> str | None:
    if q.type in WITH_OPTIONS and len(q.options) < 2:
        return f"type '{q.type}' needs at least two options"
    if q.type not in WITH_OPTIONS and q.options:
        return f"type '{q.type}' takes no options"
    values = [option.value for option in q.options]
    if len(set(values)) != len(values):
        return "duplicate option value"
    if (q.low or q.high) and q.type is not QType.SCALE_0_10:
        return "'low' and 'high' anchors only fit scale_0_10"
    if q.given:
        return "'given' is filled in from the patient's regimen, not written in a file"
    return None


def _dialog_problems(d: Dialog) -> Iterator[QuestionError]:
    earlier: dict[str, Question] = {}
    all_ids = {q.id for q in d.questions}
    for q in d.questions:
        if q.id in earlier:
            yield QuestionError(q.id, "duplicate question id")
        if q.intake_only and not d.intake:
            yield QuestionError(q.id, "intake_only question outside the intake dialog")
        if q.measures and CONSTRUCTS[q.measures].intake_only and not d.intake:
            yield QuestionError(q.id, f"construct '{q.measures}' is asked only at intake")
        if q.rotation and d.intake:
            yield QuestionError(q.id, "rotation in the intake dialog, which is asked once")
        for leaf in q.show_if.leaves() if q.show_if else ():
            problem = _condition_problem(leaf, earlier, all_ids) or _rotation_problem(
                q, earlier.get(leaf.question or "")
            )
            if problem:
                yield QuestionError(q.id, problem)
        earlier[q.id] = q
    for turn in ROTATIONS:
        if all(q.rotation not in (None, turn) for q in d.questions):
            yield QuestionError(d.questions[0].id, f"rotation '{turn}' would ask nothing")


ROTATIONS = ("a", "b")


def _rotation_problem(q: Question, target: Question | None) -> str | None:
    if target is None or target.rotation is None or target.rotation == q.rotation:
        return None
    return f"show_if tests '{target.id}' (rotation '{target.rotation}') from another rotation"


def _condition_problem(c: Condition, earlier: dict[str, Question], ids: set[str]) -> str | None:
    target = earlier.get(c.question or "")
    if target is None:
        where = "a later question" if c.question in ids else "unknown question"
        return f"show_if refers to {where} '{c.question}'"
    if target.type is QType.TEXT:
        return f"show_if cannot test the free-text question '{target.id}'"
    if c.at_least is not None and target.type not in NUMERIC:
        return f"show_if: 'at_least' needs a number question, '{target.id}' is {target.type}"
    if c.any_of is not None and target.type is not QType.MULTI:
        return f"show_if: 'any_of' needs a multi question, '{target.id}' is {target.type}"
    if c.any_of is None and target.type is QType.MULTI:
        return f"show_if: the multi question '{target.id}' is tested with any_of"
    tested = c.in_ or c.any_of or (c.equals, c.not_equals, c.at_least)
    impossible = [v for v in tested if v is not None and v not in target.choices()]
    if impossible:
        return f"show_if: question '{target.id}' cannot be {impossible[0]!r}"
    return None


def with_medicines(dialog: Dialog, names: Sequence[str]) -> Dialog:
    """The dialog as one patient is asked it: its medicine questions offer their medicines."""
    if not any(q.type is QType.MEDICINE for q in dialog.questions):
        return dialog
    questions = tuple(
        q.model_copy(update={"given": tuple(names)}) if q.type is QType.MEDICINE else q
        for q in dialog.questions
    )
    return dialog.model_copy(update={"questions": questions})


def for_turn(dialog: Dialog, n: int) -> Dialog:
    """The dialog as asked on the patient's n-th check-in of it (1 for the first): questions of
    rotation "a" on odd turns, "b" on even ones, the rest always."""
    if all(q.rotation is None for q in dialog.questions):
        return dialog
    turn = ROTATIONS[(n - 1) % 2]
    questions = tuple(q for q in dialog.questions if q.rotation in (None, turn))
    return dialog.model_copy(update={"questions": questions})


@dataclass(frozen=True)
class DialogInfo:
    """One installed dialog, as a listing shows it."""

    id: str
    version: int
    title: str
    questions: int
    file: Path


class DialogSet(dict[str, Dialog]):
    """The installed dialogs by id, remembering the file each came from."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, Path] = {}

    def find(self, dialog_id: str, question_id: str) -> Question | None:
        """A question of an installed dialog, or None (an old answer may outlive either)."""
        dialog = self.get(dialog_id)
        if dialog is None:
            return None
        return next((q for q in dialog.questions if q.id == question_id), None)

    def intake(self) -> Dialog | None:
        """The dialog that starts right after consent, if one is installed."""
        return next((d for d in self.values() if d.intake), None)

    def summaries(self) -> list[DialogInfo]:
        """One line of facts per installed dialog, sorted by id."""
        return [
            DialogInfo(d.id, d.version, d.title, len(d.questions), self.files[d.id])
            for d in sorted(self.values(), key=lambda d: d.id)
        ]


def load_dialogs(directory: Path, keys: Mapping[str, frozenset[str]]) -> DialogSet:
    """Read and validate every *.toml in `directory`; `keys` are the locale ids per language."""
    found = DialogSet()
    for path in sorted(directory.glob("*.toml")):
        shown = f"{directory.name}/{path.name}"
        dialog = _read(path, shown)
        _check_keys(dialog, keys, shown)
        if dialog.id in found:
            other = found.files[dialog.id].name
            raise DialogError(f"{shown}: dialog '{dialog.id}': duplicate dialog id (see {other})")
        intake = found.intake()
        if dialog.intake and intake:
            raise DialogError(f"{shown}: dialog '{dialog.id}': second intake dialog ({intake.id})")
        found[dialog.id], found.files[dialog.id] = dialog, path
    if not found:
        raise DialogError(f"{directory}: no dialog files (*.toml)")
    return found


def _read(path: Path, shown: str) -> Dialog:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DialogError(f"{shown}: TOML syntax error: {_one_line(exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DialogError(f"{shown}: cannot read: {_one_line(exc)}") from None
    try:
        return Dialog.model_validate(data)
    except ValidationError as exc:
        raise DialogError(_describe(shown, data, exc)) from None


def _check_keys(dialog: Dialog, keys: Mapping[str, frozenset[str]], shown: str) -> None:
    where = f"{shown}: dialog '{dialog.id}'"
    for lang, known in keys.items():
        if dialog.title not in known:
            raise DialogError(f"{where}: title key '{dialog.title}' is missing in {lang}")
        for q in dialog.questions:
            for key in (k for k in q.locale_keys() if k not in known):
                problem = f"locale key '{key}' is missing in {lang}"
                raise DialogError(f"{where}, question '{q.id}': {problem}")


def _describe(shown: str, data: dict[str, Any], exc: ValidationError) -> str:
    """The first validation error as one line: file, dialog, question, problem."""
    error = exc.errors()[0]
    loc, question = error["loc"], None
    if loc[:1] == ("questions",) and len(loc) > 1 and isinstance(index := loc[1], int):
        loc, question = loc[2:], _question_id(data, index)
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, QuestionError):
        question = cause.question
    where = [f"dialog '{data['id']}'"] if isinstance(data.get("id"), str) else []
    where += [f"question '{question}'"] if question else []
    return f"{shown}: {', '.join(where) or 'dialog'}: {_problem(error, loc)}"


def _problem(error: Any, loc: tuple[int | str, ...]) -> str:
    field = ".".join(str(part) for part in loc)
    if error["type"] == "extra_forbidden":
        return f"unknown field '{field}'"
    if error["type"] == "missing":
        return f"missing field '{field}'"
    if error["type"] == "value_error":
        return _one_line(error["ctx"]["error"])
    return f"{field}: {_one_line(error['msg'])}" if field else _one_line(error["msg"])


def _question_id(data: dict[str, Any], index: int) -> str:
    questions = data.get("questions")
    question = questions[index] if isinstance(questions, list) else None
    qid = question.get("id") if isinstance(question, dict) else None
    return qid if isinstance(qid, str) else f"#{index + 1}"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())
