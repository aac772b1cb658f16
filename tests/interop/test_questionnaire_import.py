"""Questionnaires back into dialogs: every shipped dialog round-trips to an equivalent one, and
a foreign Questionnaire is read sensibly or refused in one line naming the item."""

from __future__ import annotations

import copy
import json
import tomllib
from typing import Any

import pytest
from fluent.runtime import FluentBundle, FluentResource

from bot.domain import fhir
from bot.domain.dialogs import Dialog
from bot.domain.questionnaire import (
    ImportProblem,
    dialog_toml,
    fluent_message,
    questionnaire,
    to_dialog,
)
from tests.interop.qhelpers import facts, shipped

LANGUAGES = ("en", "es", "ru")
DIALOGS = sorted(shipped()[1])


def round_trip(dialog_id: str, lang: str) -> tuple[Dialog, dict[str, dict[str, str]]]:
    t, dialogs = shipped()
    resource = json.loads(json.dumps(questionnaire(dialogs[dialog_id], t, lang, LANGUAGES)))
    found = to_dialog(resource, dialog_id, LANGUAGES)
    assert found.notes == []
    # Through the file it is written as.
    data = tomllib.loads(dialog_toml(found.dialog))
    assert data == found.dialog
    return Dialog.model_validate(data), found.texts


@pytest.mark.parametrize("dialog_id", DIALOGS)
@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_each_shipped_dialog_comes_back_equivalent(dialog_id: str, lang: str) -> None:
    t, dialogs = shipped()
    back, texts = round_trip(dialog_id, lang)
    assert facts(back, lambda la, key: texts[la][key], LANGUAGES) == facts(
        dialogs[dialog_id], t, LANGUAGES
    )


def test_the_normaliser_sees_in_of_one_as_equals() -> None:
    from tests.interop.qhelpers import atoms

    one = Dialog.model_validate(_dialog({"question": "a", "in": ["yes"]}))
    other = Dialog.model_validate(_dialog({"question": "a", "equals": "yes"}))
    assert atoms(one.questions[1].show_if) == atoms(other.questions[1].show_if)
    differs = Dialog.model_validate(_dialog({"question": "a", "not_equals": "yes"}))
    assert atoms(one.questions[1].show_if) != atoms(differs.questions[1].show_if)


def _dialog(show_if: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "x",
        "version": 1,
        "title": "t",
        "questions": [
            {"id": "a", "type": "yes_no", "text": "a"},
            {"id": "b", "type": "text", "text": "b", "show_if": show_if},
        ],
    }


# --- a foreign Questionnaire: no Rapport extensions -----------------------------------------

LOINC = "http://loinc.org"
ANSWERS = [("LA6568-5", "Not at all"), ("LA6569-3", "Several days"), ("LA6570-1", "Most days")]


def phq() -> dict[str, Any]:
    """A small PHQ-style Questionnaire as another system writes one."""
    options = [{"valueCoding": {"system": LOINC, "code": c, "display": d}} for c, d in ANSWERS]
    return {
        "resourceType": "Questionnaire",
        "status": "active",
        "language": "en-US",
        "title": "Mood {short} form",
        "item": [
            {"linkId": "intro", "type": "display", "text": "Over the last 2 weeks..."},
            {
                "linkId": "/44250-9",
                "type": "choice",
                "code": [{"system": LOINC, "code": "44250-9"}],
                "text": "Little interest or pleasure in doing things?",
                "_text": {
                    "extension": [
                        {
                            "url": "http://hl7.org/fhir/StructureDefinition/translation",
                            "extension": [
                                {"url": "lang", "valueCode": "es"},
                                {"url": "content", "valueString": "¿Poco interés?"},
                            ],
                        }
                    ]
                },
                "required": True,
                "answerOption": options,
            },
            {
                "linkId": "g1",
                "type": "group",
                "item": [
                    {"linkId": "worse", "type": "boolean", "text": "Worse?", "required": True},
                    {
                        "linkId": "how_bad",
                        "type": "integer",
                        "text": "How bad, 0-10?",
                        "extension": [
                            {"url": fhir_min, "valueInteger": 0},
                            {"url": fhir_max, "valueInteger": 10},
                        ],
                        "enableWhen": [
                            {"question": "worse", "operator": "=", "answerBoolean": True}
                        ],
                    },
                ],
            },
            {
                "linkId": "which",
                "type": "choice",
                "repeats": True,
                "text": "Which?",
                "answerOption": [{"valueString": "Sleep"}, {"valueString": "Appetite"}],
                "enableWhen": [
                    {
                        "question": "/44250-9",
                        "operator": "!=",
                        "answerCoding": {"code": "LA6568-5"},
                    }
                ],
            },
            {"linkId": "more", "type": "text", "text": "Anything else? [optional]\n* say it"},
        ],
    }


fhir_min = "http://hl7.org/fhir/StructureDefinition/minValue"
fhir_max = "http://hl7.org/fhir/StructureDefinition/maxValue"


def test_a_foreign_questionnaire_imports_sensibly() -> None:
    found = to_dialog(phq(), "phq", LANGUAGES)
    dialog = Dialog.model_validate(found.dialog)
    shape = [(q.id, q.type, q.skippable) for q in dialog.questions]
    assert shape == [
        ("q_44250_9", "choice", False),
        ("worse", "yes_no", False),
        ("how_bad", "scale_0_10", True),
        ("which", "multi", True),
        ("more", "text", True),
    ]
    first = dialog.questions[0]
    assert [o.value for o in first.options] == ["la6568_5", "la6569_3", "la6570_1"]
    assert first.measures is None
    assert (
        dialog.questions[2].show_if
        == Dialog.model_validate(
            _with_show_if(found.dialog, 2, {"question": "worse", "equals": "yes"})
        )
        .questions[2]
        .show_if
    )
    assert dialog.questions[3].show_if is not None
    assert dialog.questions[3].show_if.not_equals == "la6568_5"
    texts = found.texts
    assert texts["es"][first.text] == "¿Poco interés?"
    assert texts["ru"][first.text] == "Little interest or pleasure in doing things?"
    assert texts["en"][dialog.title] == "Mood {short} form"
    assert texts["en"][first.options[1].label] == "Several days"
    notes = "\n".join(found.notes)
    assert "44250-9" in notes and "no Rapport construct" in notes
    assert "display items skipped: intro" in notes
    assert "filled in from en" in notes and "es, ru" in notes
    assert "/44250-9 -> q_44250_9" in notes


def _with_show_if(data: dict[str, Any], index: int, show_if: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    changed["questions"][index]["show_if"] = show_if
    return changed


def test_fluent_messages_keep_the_texts_as_they_are() -> None:
    found = to_dialog(phq(), "phq", LANGUAGES)
    for lang, texts in found.texts.items():
        source = "\n".join(fluent_message(key, text) for key, text in texts.items())
        bundle = FluentBundle([lang], use_isolating=False)
        bundle.add_resource(FluentResource(source))
        for key, text in texts.items():
            shown, errors = bundle.format_pattern(bundle.get_message(key).value, {})
            assert (shown, errors) == (text.strip(), [])


def test_rapport_constructs_are_kept_when_they_fit() -> None:
    resource = phq()
    resource["item"][2]["item"][1]["code"] = [
        {"system": fhir.CONSTRUCT_SYSTEM, "code": "symptoms.level"}
    ]
    resource["item"][2]["item"][0]["code"] = [
        {"system": fhir.CONSTRUCT_SYSTEM, "code": "symptoms.level"}  # a scale, not a yes/no
    ]
    found = to_dialog(resource, "phq", LANGUAGES)
    dialog = Dialog.model_validate(found.dialog)
    assert dialog.question("how_bad").measures == "symptoms.level"
    assert dialog.question("worse").measures is None
    assert any("item 'worse'" in note and "construct left empty" in note for note in found.notes)


def _refused(resource: Any, says: str) -> None:
    with pytest.raises(ImportProblem) as caught:
        to_dialog(resource, "phq", LANGUAGES)
    message = str(caught.value)
    assert says in message, message
    assert "\n" not in message and len(message) < 200


def _item(changes: dict[str, Any], where: tuple[int, ...] = (2, 1)) -> dict[str, Any]:
    resource = phq()
    item = resource["item"][where[0]]
    for index in where[1:]:
        item = item["item"][index]
    item.update(changes)
    return resource


@pytest.mark.parametrize(
    ("resource", "says"),
    [
        ({"resourceType": "Patient"}, "not a FHIR Questionnaire"),
        ([1, 2], "not a FHIR Questionnaire"),
        ({"resourceType": "Questionnaire"}, "not a valid FHIR R4 Questionnaire: status"),
        (_item({"type": "decimal"}), "item 'how_bad': item type 'decimal'"),
        (
            _item({"extension": [{"url": fhir_min, "valueInteger": 1}]}),
            "item 'how_bad': integer 1..? is no dialog scale",
        ),
        (
            _item(
                {
                    "type": "group",
                    "enableWhen": [{"question": "x", "operator": "exists", "answerBoolean": True}],
                },
                (2,),
            ),
            "item 'g1': a group with conditions",
        ),
        (
            _item(
                {
                    "enableBehavior": "all",
                    "enableWhen": [
                        {"question": "worse", "operator": "=", "answerBoolean": True},
                        {
                            "question": "/44250-9",
                            "operator": "=",
                            "answerCoding": {"code": "LA6568-5"},
                        },
                    ],
                }
            ),
            "item 'how_bad': enableBehavior 'all' over several conditions",
        ),
        (
            _item(
                {"enableWhen": [{"question": "more", "operator": "exists", "answerBoolean": True}]}
            ),
            "item 'how_bad': enableWhen tests 'more', no earlier question",
        ),
        (
            _item(
                {
                    "enableWhen": [
                        {
                            "question": "/44250-9",
                            "operator": "=",
                            "answerCoding": {"code": "LA0000-0"},
                        }
                    ]
                },
                (3,),
            ),
            "item 'which': 'q_44250_9' cannot be 'LA0000-0'",
        ),
        (_item({"answerOption": None, "answerValueSet": "http://x"}, (1,)), "needs answerOption"),
        (_item({"type": "open-choice"}, (1,)), "item '/44250-9': item type 'open-choice'"),
        (
            {
                "resourceType": "Questionnaire",
                "status": "active",
                "item": [{"linkId": "d", "type": "display", "text": "hi"}],
            },
            "no question",
        ),
    ],
)
def test_what_has_no_dialog_form_is_refused_naming_the_item(resource: Any, says: str) -> None:
    _refused(resource, says)


def test_exists_and_not_equals_together_are_not_equals() -> None:
    resource = _item(
        {
            "enableBehavior": "all",
            "enableWhen": [
                {"question": "/44250-9", "operator": "exists", "answerBoolean": True},
                {"question": "/44250-9", "operator": "!=", "answerCoding": {"code": "LA6568-5"}},
            ],
        }
    )
    dialog = Dialog.model_validate(to_dialog(resource, "phq", LANGUAGES).dialog)
    condition = dialog.question("how_bad").show_if
    assert condition is not None and condition.not_equals == "la6568_5"


def test_number_comparisons_become_dialog_tests() -> None:
    resource = phq()
    resource["item"][3]["enableWhen"] = [
        {"question": "how_bad", "operator": ">", "answerInteger": 7},
        {"question": "how_bad", "operator": "<", "answerInteger": 2},
    ]
    resource["item"][3]["enableBehavior"] = "any"
    dialog = Dialog.model_validate(to_dialog(resource, "phq", LANGUAGES).dialog)
    condition = dialog.question("which").show_if
    assert condition is not None and condition.any is not None
    assert [(c.in_, c.at_least) for c in condition.any] == [((0, 1), None), (None, 8)]
