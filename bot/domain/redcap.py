"""REDCap's words for Rapport's dialogs: a data dictionary, branching logic, and wide rows.

A REDCap project is a list of fields, each on a form; a record is one row with a column per
field (a checkbox field gives one column per option, `field___value`, holding 1 or 0). Here a
record is one check-in: `record_id` is its id, a `checkin` form says whose and when, and each
dialog is a form whose fields are named f"{dialog}_{question}".

Branching logic is REDCap's: `[field] = 'v'`, `<>`, `>=`, `and`, `or`, parentheses, and
`[field(code)] = '1'` for a checkbox option. A field hidden or not answered is blank in REDCap,
and the engine counts a test on a hidden, skipped or unanswered question as false: the logic
written here is false on a blank field for that reason (`<>` and `>=` are guarded by `<> ''`,
since REDCap compares a blank as a number below everything).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot.domain import engine
from bot.domain.constructs import NUMERIC, QType
from bot.domain.dialogs import Condition, Dialog, Question

# The data dictionary's header, as REDCap writes and reads it.
HEADER = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
CHECKIN_FORM = "checkin"
DATETIME = "datetime_seconds_ymd"  # REDCap's "YYYY-MM-DD HH:MM:SS" validation
STATUSES = ("open", "completed", "expired", "missed", "cancelled")
YES_NO = {"yes": "1", "no": "0"}  # REDCap's yesno field stores 1/0

Text = Callable[[str], str]  # a locale key -> its text in the clinic's language


class RedcapError(ValueError):
    """The dialogs cannot become one REDCap project (two fields with one name)."""


@dataclass(frozen=True)
class Field:
    """One row of the data dictionary."""

    name: str
    form: str
    type: str  # text, notes, radio, checkbox, yesno
    label: str
    choices: tuple[tuple[str, str], ...] = ()  # (code, label)
    section: str = ""
    note: str = ""
    validation: str = ""
    minimum: str = ""
    maximum: str = ""
    identifier: bool = False
    logic: str = ""
    required: bool = False
    annotation: str = ""
    asks: str = ""  # the question id it holds answers of ("" for the check-in's facts)

    def columns(self) -> list[str]:
        """Its columns in the wide file: one per option for a checkbox, else its name."""
        if self.type == "checkbox":
            return [f"{self.name}___{code}" for code, _ in self.choices]
        return [self.name]

    def cells(self) -> list[str]:
        """Its row in the data dictionary, in HEADER's order."""
        choices = " | ".join(f"{code}, {label}" for code, label in self.choices)
        return [
            self.name,
            self.form,
            self.section,
            self.type,
            self.label,
            choices,
            self.note,
            self.validation,
            self.minimum,
            self.maximum,
            "y" if self.identifier else "",
            self.logic,
            "y" if self.required else "",
            "",
            "",
            "",
            "",
            self.annotation,
        ]


@dataclass(frozen=True)
class Visit:
    """One check-in as its row sees it; `answers` are the standing ones (None: skipped)."""

    id: int
    patient: str
    dialog: str
    version: int
    status: str
    due_at: datetime
    sent_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    answers: Mapping[str, engine.Answer]


def field_name(dialog_id: str, question_id: str) -> str:
    return f"{dialog_id}_{question_id}".lower()


def dictionary(
    dialogs: Iterable[Dialog], gone: Mapping[str, Sequence[str]], text: Text
) -> list[Field]:
    """Every field: the check-in's, then a form per dialog (by id) with its questions in file
    order, then the questions answered once that no installed dialog asks any more (`gone`:
    dialog id -> question ids) as text fields, so no exported answer lacks a column."""
    installed = {d.id: d for d in dialogs}
    if CHECKIN_FORM in installed.keys() | gone.keys():
        raise RedcapError("a dialog named 'checkin' would share the check-in form: rename it")
    fields = _checkin_fields(text)
    for dialog_id in sorted(installed.keys() | gone.keys()):
        dialog = installed.get(dialog_id)
        form = [] if dialog is None else [_field(dialog, q, text) for q in dialog.questions]
        form += [_gone(dialog_id, qid, text) for qid in gone.get(dialog_id, ())]
        if dialog is not None and form:
            form[0] = replace(form[0], section=text(dialog.title))
        fields += form
    _refuse_collisions(fields)
    return fields


def _checkin_fields(text: Text) -> list[Field]:
    def at(name: str, key: str) -> Field:
        return Field(name, CHECKIN_FORM, "text", text(key), validation=DATETIME)

    statuses = tuple((s, text(f"research-status-{s}")) for s in STATUSES)
    return [
        Field("record_id", CHECKIN_FORM, "text", text("research-record-id")),
        Field("patient", CHECKIN_FORM, "text", text("research-patient"), identifier=True),
        Field("dialog", CHECKIN_FORM, "text", text("research-dialog")),
        Field(
            "dialog_version", CHECKIN_FORM, "text", text("research-version"), validation="integer"
        ),
        Field("status", CHECKIN_FORM, "radio", text("research-status"), statuses),
        at("due_at", "research-due"),
        at("sent_at", "research-sent"),
        at("started_at", "research-started"),
        at("completed_at", "research-completed"),
    ]


def _field(dialog: Dialog, q: Question, text: Text) -> Field:
    base = Field(
        field_name(dialog.id, q.id),
        dialog.id,
        "text",
        text(q.text),
        logic="" if q.show_if is None else logic(q.show_if, dialog),
        # REDCap asks a required field only when its branching logic shows it; a question
        # asked every other time (rotation) or with Skip may stay blank.
        required=not q.skippable and q.rotation is None,
        annotation=f"construct: {q.measures}" if q.measures else "",
        asks=q.id,
    )
    if q.type is QType.YES_NO:
        return replace(base, type="yesno")
    if q.type in (QType.CHOICE, QType.YES_NO_UNSURE, QType.MULTI):
        kind = "checkbox" if q.type is QType.MULTI else "radio"
        choices = tuple((str(v), _label(q, v, text)) for v in q.choices())
        return replace(base, type=kind, choices=choices)
    if q.type in NUMERIC:
        low, high = min(q.choices()), max(q.choices())
        return replace(
            base,
            validation="integer",
            minimum=str(low),
            maximum=str(high),
            note=_anchors(q, text),
        )
    if q.type is QType.TEXT:
        # Free text may name people: REDCap leaves identifiers out of a de-identified export.
        return replace(base, type="notes", identifier=True)
    return base  # a medicine: its name, or not_sure


def _label(q: Question, value: str | int, text: Text) -> str:
    key = engine.label_key(q, value)
    return text(key) if key else str(value)


def _anchors(q: Question, text: Text) -> str:
    """What the ends of a scale mean: "0 = Not at all; 10 = A great deal"."""
    if q.type is QType.CHANGE_SCALE:
        return "; ".join(f"{v} = {_label(q, v, text)}" for v in q.choices())
    low, high = min(q.choices()), max(q.choices())
    ends = [(low, q.low), (high, q.high)]
    return "; ".join(f"{v} = {text(key)}" for v, key in ends if key)


def _gone(dialog_id: str, question_id: str, text: Text) -> Field:
    return Field(
        field_name(dialog_id, question_id),
        dialog_id,
        "notes",
        question_id,
        note=text("research-gone"),
        asks=question_id,
    )


def _refuse_collisions(fields: Sequence[Field]) -> None:
    seen: dict[str, str] = {}
    for f in fields:
        for column in f.columns():
            if column in seen:
                raise RedcapError(
                    f"REDCap field {column!r} would stand for both {seen[column]} and"
                    f" {_what(f)}: rename a dialog or question"
                )
            seen[column] = _what(f)


def _what(f: Field) -> str:
    return f"the check-in's {f.name}" if f.form == CHECKIN_FORM else f"a question of {f.form}"


# --- branching logic -----------------------------------------------------------------------------


def logic(condition: Condition, dialog: Dialog) -> str:
    """A show_if as REDCap branching logic on the dialog's fields."""
    if condition.any is not None:
        return _any([logic(sub, dialog) for sub in condition.any])
    target = dialog.question(condition.question or "")
    f = field_name(dialog.id, target.id)
    c = condition
    if c.equals is not None:
        return f"[{f}] = {_quoted(target, c.equals)}"
    if c.not_equals is not None:
        return f"([{f}] <> '' and [{f}] <> {_quoted(target, c.not_equals)})"
    if c.in_ is not None:
        return _any([f"[{f}] = {_quoted(target, v)}" for v in c.in_])
    if c.at_least is not None:
        return f"([{f}] <> '' and [{f}] >= {c.at_least})"
    return _any([f"[{f}({v})] = '1'" for v in c.any_of or ()])


def _any(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"({' or '.join(parts)})"


def _quoted(target: Question, value: str | int) -> str:
    coded = YES_NO.get(str(value), str(value)) if target.type is QType.YES_NO else str(value)
    return f"'{coded}'"


# --- values --------------------------------------------------------------------------------------


def plain(value: engine.Answer) -> str:
    """An answer as a cell: a multi's values joined with ";", a number's digits, text as
    written, yes/no as "yes"/"no"; a skip is blank."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(value)
    return str(value)


def when(moment: datetime | None) -> str:
    """A moment in UTC as REDCap's datetime_seconds_ymd takes it."""
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def columns(fields: Sequence[Field]) -> list[str]:
    """The wide file's header: every field's columns, in dictionary order."""
    return [column for f in fields for column in f.columns()]


def row(fields: Sequence[Field], visit: Visit) -> dict[str, str]:
    """A check-in's row: its facts, and its dialog's form filled from its answers."""
    cells = dict.fromkeys(columns(fields), "")
    cells |= {
        "record_id": str(visit.id),
        "patient": visit.patient,
        "dialog": visit.dialog,
        "dialog_version": str(visit.version),
        "status": visit.status,
        "due_at": when(visit.due_at),
        "sent_at": when(visit.sent_at),
        "started_at": when(visit.started_at),
        "completed_at": when(visit.completed_at),
    }
    for f in fields:
        if f.form == visit.dialog and f.asks in visit.answers:
            cells |= _cells(f, visit.answers[f.asks])
    return cells


def _cells(f: Field, value: engine.Answer) -> dict[str, str]:
    if value is None:
        return {}  # skipped: blank, as REDCap leaves a field nobody filled
    if f.type == "checkbox":
        chosen = value if isinstance(value, list | tuple) else (value,)
        return {f"{f.name}___{code}": "1" if code in chosen else "0" for code, _ in f.choices}
    if f.type == "yesno":
        return {f.name: YES_NO.get(str(value), plain(value))}
    return {f.name: plain(value)}


# --- files ---------------------------------------------------------------------------------------


def dictionary_csv(fields: Sequence[Field]) -> str:
    return _csv([list(HEADER), *(f.cells() for f in fields)])


def wide_csv(fields: Sequence[Field], visits: Iterable[Visit]) -> str:
    header = columns(fields)
    return _csv([header, *([row(fields, v)[c] for c in header] for v in visits)])


def _csv(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
