"""Every shipped dialog as a FHIR Questionnaire: valid for fhir.resources' R4B models (whose JSON
is R4's for Questionnaire and CodeSystem), and right in what the library does not check."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.questionnaire import Questionnaire

from bot.domain import fhir
from bot.domain.constructs import CONSTRUCTS
from bot.domain.questionnaire import (
    MAX_VALUE,
    MIN_VALUE,
    TRANSLATION,
    construct_codesystem,
    questionnaire,
)
from tests.interop.qhelpers import shipped

DIALOGS = sorted(shipped()[1])
STATUSES = {"draft", "active", "retired", "unknown"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
# Which answer[x] an enableWhen may carry for the item type it tests.
ANSWERS = {
    "boolean": "answerBoolean",
    "choice": "answerCoding",
    "open-choice": "answerCoding",
    "integer": "answerInteger",
}


def exported(dialog_id: str, lang: str = "en") -> dict[str, Any]:
    t, dialogs = shipped()
    # Through JSON, as a file carries it: no tuples, no enums.
    return json.loads(json.dumps(questionnaire(dialogs[dialog_id], t, lang, t.languages)))


def flat(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for item in items for x in (item, *flat(item.get("item", [])))]


@pytest.mark.parametrize("dialog_id", DIALOGS)
@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_every_dialog_is_a_valid_r4_questionnaire(dialog_id: str, lang: str) -> None:
    resource = exported(dialog_id, lang)
    Questionnaire.model_validate(resource)  # R4B: R4-compatible for Questionnaire
    assert resource["status"] in STATUSES
    assert resource["language"] == lang
    assert resource["id"] == fhir.resource_id(dialog_id, f"v{shipped()[1][dialog_id].version}")
    assert resource["url"] == fhir.canonical("Questionnaire", dialog_id)


@pytest.mark.parametrize("dialog_id", DIALOGS)
def test_what_the_library_does_not_enforce(dialog_id: str) -> None:
    resource = exported(dialog_id)
    items = flat(resource["item"])
    links = [item["linkId"] for item in items]
    assert len(set(links)) == len(links), "linkIds unique"
    codes = {c["code"] for c in construct_codesystem()["concept"]}
    seen: dict[str, dict[str, Any]] = {}
    for item in resource["item"]:
        for coding in item.get("code", []):
            assert coding["system"] == fhir.CONSTRUCT_SYSTEM and coding["code"] in codes
        tests = item.get("enableWhen", [])
        if len(tests) > 1:
            assert item["enableBehavior"] in ("any", "all")
        for test in tests:
            assert test["operator"] in OPERATORS
            target = seen[test["question"]]  # KeyError: not an earlier item
            answer = [k for k in test if k.startswith("answer")]
            # FHIR: "exists" takes answerBoolean; every other operator the tested item's type.
            expected = "answerBoolean" if test["operator"] == "exists" else ANSWERS[target["type"]]
            assert answer == [expected], (item["linkId"], test)
            if answer == ["answerCoding"]:
                offered = {o["valueCoding"]["code"] for o in target["answerOption"]}
                assert test["answerCoding"]["code"] in offered
            if answer == ["answerInteger"]:
                low, high = _range(target)
                assert low <= test["answerInteger"] <= high
        if item["type"] in ("choice", "open-choice"):
            assert item["answerOption"], item["linkId"]
        if item["type"] == "integer":
            low, high = _range(item)
            assert low < high
        for child in item.get("item", []):
            assert child["type"] == "display"
        seen[item["linkId"]] = item


def _range(item: dict[str, Any]) -> tuple[int, int]:
    values = {e["url"]: e.get("valueInteger") for e in item.get("extension", [])}
    return values[MIN_VALUE], values[MAX_VALUE]


def test_each_text_carries_the_other_languages() -> None:
    t, dialogs = shipped()
    resource = exported("daily", "es")
    item = resource["item"][0]
    translations = {
        e["extension"][0]["valueCode"]: e["extension"][1]["valueString"]
        for e in item["_text"]["extension"]
        if e["url"] == TRANSLATION
    }
    question = dialogs["daily"].questions[0]
    assert item["text"] == t("es", question.text)
    assert translations == {"en": t("en", question.text), "ru": t("ru", question.text)}
    option = item["answerOption"][0]["valueCoding"]
    assert option["display"] == t("es", question.options[0].label)
    assert len(option["_display"]["extension"]) == 2


def test_scales_are_integers_with_their_anchors() -> None:
    t, _ = shipped()
    mood = exported("daily")["item"][1]
    assert (mood["type"], _range(mood)) == ("integer", (0, 10))
    controls = [
        (c["extension"][0]["valueCodeableConcept"]["coding"][0]["code"], c["text"])
        for c in mood["item"]
    ]
    assert controls == [
        ("lower", t("en", "dlg-anchor-very-bad")),
        ("upper", t("en", "dlg-anchor-very-good")),
    ]


def test_show_if_becomes_enable_when() -> None:
    weekly = {item["linkId"]: item for item in exported("weekly")["item"]}
    assert weekly["reasons"]["enableBehavior"] == "any"
    assert weekly["reasons"]["enableWhen"] == [
        {"question": "days_missed", "operator": ">=", "answerInteger": 1},
        {
            "question": "dose_change",
            "operator": "!=",
            "answerCoding": {"system": fhir.ANSWER_SYSTEM, "code": "as_prescribed"},
        },
    ]
    assert weekly["want_more_hope"]["enableWhen"] == [
        {"question": "want_more", "operator": "=", "answerBoolean": True}
    ]
    assert "enableBehavior" not in weekly["want_more_hope"]
    assert weekly["which_side_effects"]["repeats"] is True


def test_the_construct_codesystem_lists_every_construct() -> None:
    system = construct_codesystem()
    CodeSystem.model_validate(system)  # R4B: R4-compatible for CodeSystem
    assert system["url"] == fhir.CONSTRUCT_SYSTEM
    assert (system["status"], system["content"]) == ("active", "complete")
    assert [c["code"] for c in system["concept"]] == list(CONSTRUCTS)
    assert system["count"] == len(CONSTRUCTS)


def test_a_lone_not_equals_says_answered_and_not() -> None:
    """post_change asks its follow-ups only when 'taking' was answered, and not as prescribed:
    a bare "!=" could read as true for a question never answered."""
    items = {item["linkId"]: item for item in exported("post_change")["item"]}
    condition = items["reasons"]
    assert condition["enableBehavior"] == "all"
    tests = sorted(condition["enableWhen"], key=lambda test: test["operator"])
    assert [test["operator"] for test in tests] == ["!=", "exists"]
    unequal, answered = tests
    assert answered["answerBoolean"] is True
    assert unequal["answerCoding"]["code"] == "as_prescribed"
