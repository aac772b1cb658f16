"""Each way a dialog file can be wrong gives one line naming the file, the dialog, the question."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.dialogs import DialogError, load_dialogs

KEYS = frozenset({"t-title", "t-first", "t-second", "t-yes", "t-no"})
ALL = {"en": KEYS, "es": KEYS}

HEAD = """
id = "weekly"
version = 1
title = "t-title"
"""
FIRST = """
[[questions]]
id = "first"
type = "yes_no"
text = "t-first"
"""


def _error(tmp_path: Path, body: str, *, head: str = HEAD, keys=ALL) -> str:
    directory = tmp_path / "dialogs"
    directory.mkdir(exist_ok=True)
    (directory / "bad.toml").write_text(head + body, encoding="utf-8")
    with pytest.raises(DialogError) as caught:
        load_dialogs(directory, keys)
    message = str(caught.value)
    assert "\n" not in message
    return message


def _second(**fields: str) -> str:
    lines = [f"{name} = {value}" for name, value in fields.items()]
    return FIRST + '\n[[questions]]\nid = "second"\ntext = "t-second"\n' + "\n".join(lines)


def test_a_valid_file_loads(tmp_path: Path) -> None:
    (tmp_path / "ok.toml").write_text(HEAD + _second(type='"yes_no"'), encoding="utf-8")
    dialogs = load_dialogs(tmp_path, ALL)
    assert [q.id for q in dialogs["weekly"].questions] == ["first", "second"]


def test_toml_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    message = _error(tmp_path, FIRST + "broken = = 1\n")
    assert message.startswith("dialogs/bad.toml: TOML syntax error")
    assert "line" in message


CASES = [
    (
        _second(type='"yes_no"', colour='"red"'),
        "question 'second': unknown field 'colour'",
    ),
    (
        FIRST + '\n[[questions]]\nid = "second"\ntype = "yes_no"\n',
        "question 'second': missing field 'text'",
    ),
    (
        _second(type='"days_0_7"', measures='"adherence.dose"'),
        "question 'second': unknown construct 'adherence.dose'",
    ),
    (
        _second(type='"scale_0_10"', measures='"adherence.forgot"'),
        "question 'second': type 'scale_0_10' does not fit construct 'adherence.forgot'",
    ),
    (
        _second(
            type='"choice"',
            measures='"adherence.dose_change"',
            options='[{ value = "as_prescribed", label = "t-yes" },'
            ' { value = "sometimes", label = "t-no" }]',
        ),
        "question 'second': option 'sometimes' is not allowed for construct",
    ),
    (
        _second(type='"choice"'),
        "question 'second': type 'choice' needs at least two options",
    ),
    (
        _second(type='"slider"'),
        "question 'second': type:",
    ),
    (
        FIRST + FIRST,
        "question 'first': duplicate question id",
    ),
    (
        _second(type='"yes_no"', measures='"regimen.psychotropic_count"'),
        "question 'second': construct 'regimen.psychotropic_count' is entered by staff",
    ),
    (
        _second(type='"yes_no"', show_if='{ question = "third", equals = "yes" }')
        + '\n[[questions]]\nid = "third"\ntype = "yes_no"\ntext = "t-first"\n',
        "question 'second': show_if refers to a later question 'third'",
    ),
    (
        _second(type='"yes_no"', show_if='{ question = "nowhere", equals = "yes" }'),
        "question 'second': show_if refers to unknown question 'nowhere'",
    ),
    (
        _second(type='"yes_no"', show_if='{ question = "first", equals = "maybe" }'),
        "question 'second': show_if: question 'first' cannot be 'maybe'",
    ),
    (
        _second(type='"yes_no"', show_if='{ question = "first", at_least = 3 }'),
        "question 'second': show_if: 'at_least' needs a number question",
    ),
    (
        _second(type='"yes_no"', show_if='{ question = "first" }'),
        "question 'second': show_if needs 'question' and one test",
    ),
    (
        _second(type='"yes_no"', intake_only="true"),
        "question 'second': intake_only question outside the intake dialog",
    ),
    (
        _second(type='"text"', measures='"ambivalence.loss"'),
        "question 'second': construct 'ambivalence.loss' is asked only at intake",
    ),
    (
        _second(type='"yes_no_unsure"', measures='"ambivalence.loss_any"'),
        "question 'second': construct 'ambivalence.loss_any' is asked only at intake",
    ),
    (
        _second(type='"yes_no"', rotation='"c"'),
        "question 'second': rotation:",
    ),
    (
        FIRST.replace('type = "yes_no"', 'type = "yes_no"\nrotation = "a"')
        + '\n[[questions]]\nid = "second"\ntext = "t-second"\ntype = "yes_no"\n'
        + 'rotation = "b"\nshow_if = { question = "first", equals = "yes" }\n',
        "question 'second': show_if tests 'first' (rotation 'a') from another rotation",
    ),
    (
        FIRST.replace('type = "yes_no"', 'type = "yes_no"\nrotation = "a"')
        + '\n[[questions]]\nid = "second"\ntext = "t-second"\ntype = "yes_no"\n'
        + 'show_if = { question = "first", equals = "yes" }\n',
        "question 'second': show_if tests 'first' (rotation 'a') from another rotation",
    ),
    (
        FIRST.replace('type = "yes_no"', 'type = "yes_no"\nrotation = "a"'),
        "question 'first': rotation 'b' would ask nothing",
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES, ids=[c[1][:50] for c in CASES])
def test_each_problem_is_named(tmp_path: Path, body: str, expected: str) -> None:
    message = _error(tmp_path, body)
    assert message.startswith("dialogs/bad.toml: dialog 'weekly', ")
    assert expected in message


def test_a_missing_field_of_the_dialog_names_it(tmp_path: Path) -> None:
    message = _error(tmp_path, FIRST, head='id = "weekly"\ntitle = "t-title"\n')
    assert message == "dialogs/bad.toml: dialog 'weekly': missing field 'version'"


def test_a_text_key_missing_in_one_language(tmp_path: Path) -> None:
    keys = {"en": KEYS, "es": KEYS - {"t-second"}}
    message = _error(tmp_path, _second(type='"yes_no"'), keys=keys)
    assert message == (
        "dialogs/bad.toml: dialog 'weekly', question 'second': "
        "locale key 't-second' is missing in es"
    )


def test_an_option_label_missing(tmp_path: Path) -> None:
    options = '[{ value = "a", label = "t-yes" }, { value = "b", label = "t-maybe" }]'
    message = _error(tmp_path, _second(type='"choice"', options=options))
    assert "question 'second': locale key 't-maybe' is missing in en" in message


def test_a_title_key_missing(tmp_path: Path) -> None:
    message = _error(tmp_path, FIRST, head=HEAD.replace("t-title", "t-nothing"))
    assert message == "dialogs/bad.toml: dialog 'weekly': title key 't-nothing' is missing in en"


def test_the_intake_has_no_rotation(tmp_path: Path) -> None:
    head = HEAD.replace('id = "weekly"', 'id = "intake"') + "intake = true\n"
    message = _error(tmp_path, _second(type='"yes_no"', rotation='"a"'), head=head)
    assert "question 'second': rotation in the intake dialog, which is asked once" in message


def test_a_follow_up_may_share_its_question_s_rotation(tmp_path: Path) -> None:
    body = FIRST.replace('type = "yes_no"', 'type = "yes_no"\nrotation = "b"')
    body += _second(
        type='"yes_no"', rotation='"b"', show_if='{ question = "first", equals = "yes" }'
    )[len(FIRST) :]
    body += '\n[[questions]]\nid = "third"\ntype = "yes_no"\ntext = "t-first"\n'
    (tmp_path / "ok.toml").write_text(HEAD + body, encoding="utf-8")
    dialog = load_dialogs(tmp_path, ALL)["weekly"]
    assert [q.rotation for q in dialog.questions] == ["b", "b", None]


def test_intake_only_is_fine_in_the_intake_dialog(tmp_path: Path) -> None:
    body = _second(type='"text"', measures='"ambivalence.loss"', intake_only="true")
    (tmp_path / "intake.toml").write_text(HEAD + "intake = true\n" + body, encoding="utf-8")
    assert load_dialogs(tmp_path, ALL)["weekly"].intake


def test_duplicate_dialog_ids_across_files(tmp_path: Path) -> None:
    directory = tmp_path / "dialogs"
    directory.mkdir()
    (directory / "a.toml").write_text(HEAD + FIRST, encoding="utf-8")
    (directory / "b.toml").write_text(HEAD + FIRST, encoding="utf-8")
    with pytest.raises(
        DialogError, match=r"^dialogs/b.toml: dialog 'weekly': duplicate dialog id"
    ):
        load_dialogs(directory, ALL)


def test_two_intake_dialogs(tmp_path: Path) -> None:
    directory = tmp_path / "dialogs"
    directory.mkdir()
    (directory / "a.toml").write_text(HEAD + "intake = true\n" + FIRST, encoding="utf-8")
    other = HEAD.replace('"weekly"', '"other"') + "intake = true\n" + FIRST
    (directory / "b.toml").write_text(other, encoding="utf-8")
    with pytest.raises(DialogError, match=r"^dialogs/b.toml: dialog 'other': second intake"):
        load_dialogs(directory, ALL)


def test_an_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DialogError, match="no dialog files"):
        load_dialogs(tmp_path, ALL)
