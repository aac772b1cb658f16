"""REDCap branching logic written from show_if shows exactly the questions the bot asks.

A tiny evaluator of the REDCap logic the export writes ([field], [field(code)], quoted values,
numbers, =, <>, >=, and, or, parentheses) reads each dictionary row's logic against the wide
row a check-in's answers give; hypothesis draws the answers from each question's choices,
skips and unanswered ones included, and the truth must equal the engine's visibility.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import DIALOGS_DIR, LOCALES_DIR
from bot.domain import engine, redcap
from bot.domain.constructs import QType
from bot.domain.dialogs import Dialog, Question, load_dialogs
from bot.i18n import load_catalogs
from tests.conftest import START

CATALOGS = load_catalogs(LOCALES_DIR)
DIALOGS = load_dialogs(DIALOGS_DIR, CATALOGS.keys)
FIELDS = redcap.dictionary(DIALOGS.values(), {}, lambda key: CATALOGS("en", key))

# --- a REDCap logic evaluator --------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(\[[a-z0-9_]+(?:\([a-z0-9_-]+\))?\]|'[^']*'|-?\d+|<>|>=|=|\(|\)|and\b|or\b)"
)


def _tokens(logic: str) -> list[str]:
    found, at = [], 0
    while at < len(logic.rstrip()):
        match = _TOKEN.match(logic, at)
        assert match, f"cannot read {logic[at:]!r} in {logic!r}"
        found.append(match.group(1))
        at = match.end()
    return found


def evaluate(logic: str, record: dict[str, str]) -> bool:
    tokens = _tokens(logic)
    at = 0

    def peek() -> str | None:
        return tokens[at] if at < len(tokens) else None

    def take() -> str:
        nonlocal at
        at += 1
        return tokens[at - 1]

    def operand(token: str) -> str:
        if token.startswith("["):
            name = token[1:-1]
            if "(" in name:  # a checkbox option: [field(code)]
                field, code = name[:-1].split("(")
                name = f"{field}___{code}"
            assert name in record, f"unknown field {name}"
            return record[name]
        return token.strip("'")

    def comparison() -> bool:
        if peek() == "(":
            take()
            result = disjunction()
            assert take() == ")"
            return result
        left, op, right = operand(take()), take(), operand(take())
        if op == ">=":  # REDCap compares a blank as a number, below everything: as 0 here
            return float(left or 0) >= float(right or 0)
        same = left == right
        if _number(left) and _number(right):
            same = float(left) == float(right)
        return same if op == "=" else not same

    def conjunction() -> bool:
        result = comparison()
        while peek() == "and":
            take()
            result = comparison() and result
        return result

    def disjunction() -> bool:
        result = conjunction()
        while peek() == "or":
            take()
            result = conjunction() or result
        return result

    result = disjunction()
    assert at == len(tokens), f"left over in {logic!r}: {tokens[at:]}"
    return result


def _number(text: str) -> bool:
    return re.fullmatch(r"-?\d+(\.\d+)?", text) is not None


def test_the_evaluator_reads_what_it_should() -> None:
    record = {"a": "1", "b": "", "c___x": "1", "c___y": "0", "d": "took_more"}
    assert evaluate("[a] = '1'", record)
    assert not evaluate("([b] <> '' and [b] <> 'x')", record)
    assert evaluate("([d] = 'stopped' or [d] = 'took_more')", record)
    assert evaluate("([c(y)] = '1' or [c(x)] = '1')", record)
    assert evaluate("[b] >= -1", record)  # a blank as a number: why the export guards >=
    assert not evaluate("([b] <> '' and [b] >= -1)", record)


# --- answers drawn from each question's choices --------------------------------------------------


def _value(q: Question) -> st.SearchStrategy[Any]:
    if q.type is QType.TEXT:
        return st.sampled_from(["fine", "a\nsecond line", 'with "quotes", commas'])
    if q.type is QType.MULTI:
        options = [str(v) for v in q.choices()]
        return st.lists(st.sampled_from(options), min_size=1, unique=True).map(tuple)
    if q.type is QType.MEDICINE:
        return st.sampled_from(["sertraline", "not_sure"])
    return st.sampled_from(q.choices())


def _answers(dialog: Dialog) -> st.SearchStrategy[dict[str, Any]]:
    """Each question unanswered, skipped or answered with one of its values."""
    absent = object()
    per = {
        q.id: st.one_of(st.just(absent), st.just(engine.SKIPPED), _value(q))
        for q in dialog.questions
    }
    return st.fixed_dictionaries(per).map(
        lambda drawn: {k: v for k, v in drawn.items() if v is not absent}
    )


def _record(dialog: Dialog, answers: dict[str, Any]) -> dict[str, str]:
    """The wide row of a check-in holding these answers (those hidden are never stored)."""
    kept = engine.effective_answers(dialog, answers)
    visit = redcap.Visit(
        1, "P-1", dialog.id, dialog.version, "completed", START, None, None, None, kept
    )
    return redcap.row(FIELDS, visit)


@pytest.mark.parametrize("dialog_id", sorted(DIALOGS))
@given(data=st.data())
def test_branching_logic_shows_what_the_engine_shows(dialog_id: str, data: st.DataObject) -> None:
    dialog = DIALOGS[dialog_id]
    answers = data.draw(_answers(dialog))
    record = _record(dialog, answers)
    shown = {q.id for q in engine.visible_questions(dialog, answers)}
    fields = {f.asks: f for f in FIELDS if f.form == dialog.id}
    for q in dialog.questions:
        logic = fields[q.id].logic
        assert bool(q.show_if) == bool(logic), q.id
        if logic:
            assert evaluate(logic, record) == (q.id in shown), (q.id, logic, answers)


def test_every_shipped_dialog_has_logic_to_check() -> None:
    """The property above is not empty: the shipped dialogs do branch, with every test kind."""
    logic = " ".join(f.logic for f in FIELDS)
    for piece in ("<> ''", "] = '1'", " or ", ")] = '1'"):
        assert piece in logic, piece


def test_the_logic_reads_like_redcap() -> None:
    by_name = {f.name: f for f in FIELDS}
    assert by_name["post_change_reasons"].logic == (
        "([post_change_taking] <> '' and [post_change_taking] <> 'as_prescribed')"
    )
    assert by_name["post_change_which_medicine"].logic == (
        "([post_change_taking] = 'took_more' or [post_change_taking] = 'stopped')"
    )
    assert by_name["post_change_sit_still_dying"].logic == (
        "[post_change_which_side_effects(akathisia)] = '1'"
    )
    assert (
        by_name["post_change_which_side_effects"].logic == "[post_change_any_side_effects] = '1'"
    )


# --- the dictionary and the wide file agree ------------------------------------------------------


def test_the_dictionary_has_redcaps_18_columns_and_a_row_per_field() -> None:
    rows = list(csv.reader(io.StringIO(redcap.dictionary_csv(FIELDS))))
    assert tuple(rows[0]) == redcap.HEADER and len(rows[0]) == 18
    assert [r[0] for r in rows[1:]] == [f.name for f in FIELDS]
    assert rows[1][:4] == ["record_id", "checkin", "", "text"]
    names = [r[0] for r in rows[1:]]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names)
    forms = [r[1] for r in rows[1:]]
    assert forms == sorted(forms, key=forms.index)  # each form's fields stand together
    for r in rows[1:]:
        if r[3] in ("radio", "checkbox"):
            pairs = [p.split(", ", 1) for p in r[5].split(" | ")]
            assert all(len(p) == 2 and p[0] and p[1] for p in pairs), r
        else:
            assert r[5] == "", r


def test_the_wide_header_is_the_dictionarys_fields_with_checkboxes_expanded() -> None:
    header = next(csv.reader(io.StringIO(redcap.wide_csv(FIELDS, []))))
    expected = []
    for f in FIELDS:
        if f.type == "checkbox":
            expected += [f"{f.name}___{code}" for code, _ in f.choices]
        else:
            expected.append(f.name)
    assert header == expected


def test_types_follow_the_question_types() -> None:
    by_name = {f.name: f for f in FIELDS}
    assert by_name["post_change_any_side_effects"].type == "yesno"
    assert by_name["post_change_any_side_effects"].choices == ()
    assert by_name["post_change_taking"].type == "radio"
    assert by_name["post_change_prescriber_knows"].choices == (
        ("yes", "Yes"),
        ("no", "No"),
        ("not_sure", "Not sure"),
    )
    assert by_name["post_change_reasons"].type == "checkbox"
    mood = by_name["daily_mood"]
    assert (mood.type, mood.validation, mood.minimum, mood.maximum) == (
        "text",
        "integer",
        "0",
        "10",
    )
    assert by_name["post_change_note"].type == "notes"
    assert by_name["post_change_which_medicine"].type == "text"
    assert by_name["due_at"].validation == "datetime_seconds_ymd"


def test_a_question_no_longer_asked_keeps_a_text_field() -> None:
    fields = redcap.dictionary(
        DIALOGS.values(), {"daily": ["old_one"], "retired": ["q"]}, lambda k: CATALOGS("es", k)
    )
    by_name = {f.name: f for f in fields}
    assert by_name["daily_old_one"].form == "daily"
    assert by_name["daily_old_one"].note == "ya no se pregunta"
    assert by_name["retired_q"].form == "retired"


def test_two_questions_with_one_field_name_are_refused() -> None:
    with pytest.raises(redcap.RedcapError, match="daily_mood"):
        redcap.dictionary(DIALOGS.values(), {"daily_mood": [], "daily": ["mood"]}, str)
    clash = {"daily": ["took_today_x"], "daily_took": ["today_x"]}
    with pytest.raises(redcap.RedcapError, match="would stand for both"):
        redcap.dictionary(DIALOGS.values(), clash, str)


def test_values_are_plain() -> None:
    answers = {
        "taking": "took_less",
        "reasons": ("forgot", "other"),
        "prescriber_knows": None,
        "any_side_effects": "no",
        "benefit": 7,
        "note": "ok, thanks",
    }
    visit = redcap.Visit(
        9, "P-1", "post_change", 2, "completed", START, START, START, START, answers
    )
    row = redcap.row(FIELDS, visit)
    assert row["record_id"] == "9" and row["due_at"] == "2026-03-02 09:00:00"
    assert row["post_change_taking"] == "took_less"
    assert row["post_change_reasons___forgot"] == "1"
    assert row["post_change_reasons___felt_better"] == "0"
    assert row["post_change_prescriber_knows"] == ""
    assert row["post_change_any_side_effects"] == "0"
    assert row["post_change_which_side_effects___sleepy"] == ""  # not asked: blank, not 0
    assert row["post_change_benefit"] == "7"
    assert row["post_change_note"] == "ok, thanks"
    assert row["daily_mood"] == ""
