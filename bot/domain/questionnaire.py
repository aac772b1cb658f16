"""A dialog as a FHIR R4 Questionnaire, and a Questionnaire as a dialog.

Export (`questionnaire`): linkId = question id, texts in the clinic's language with the others
as translation extensions, code = the construct, answerOption for choices, integer items with
min/max for the scales (their anchors as display children, SDC itemControl lower/upper),
enableWhen from show_if, and Rapport extensions for what FHIR has no word for (question type,
rotation, intake-only; window hours, intake, optional). `construct_codesystem` is the
CodeSystem the codes come from.

Import (`to_dialog`): the inverse, and a sensible reading of a foreign Questionnaire (no Rapport
extensions): boolean -> yes_no, choice -> choice (repeats -> multi), integer 0..10 / 0..7 /
-2..2 -> scale_0_10 / days_0_7 / change_scale, string/text -> text, groups without conditions
flattened, display items skipped. What cannot be mapped is an ImportProblem: one line naming
the item's linkId.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain import fhir
from bot.domain.constructs import CONSTRUCTS, FIXED_VALUES, NOT_SURE, QType
from bot.domain.dialogs import Condition, Dialog, Question

Translate = Callable[[str, str], str]  # bot.i18n.Translator: (lang, key) -> text
Json = dict[str, Any]

# The answer labels the bot shows for the types whose buttons are fixed (bot/domain/engine.py).
FIXED_LABELS = {"yes": "checkin-yes", "no": "checkin-no", NOT_SURE: "checkin-not-sure"}

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
QUESTION_TYPE = f"{fhir.EXTENSION}/question-type"
ROTATION = f"{fhir.EXTENSION}/rotation"
INTAKE_ONLY = f"{fhir.EXTENSION}/intake-only"
WINDOW_HOURS = f"{fhir.EXTENSION}/window-hours"
INTAKE = f"{fhir.EXTENSION}/intake"
OPTIONAL = f"{fhir.EXTENSION}/optional"
ANCHORS = {"low": "lower", "high": "upper"}  # Question field -> SDC itemControl code


# --- export ------------------------------------------------------------------------------------


def questionnaire(
    dialog: Dialog,
    t: Translate,
    lang: str,
    languages: Sequence[str],
    status: str = "active",
) -> Json:
    """`dialog` as a Questionnaire with its texts in `lang`, and in every other of `languages`
    as translation extensions. `status` is "retired" for a version no longer installed."""
    say = _Texts(t, lang, [other for other in languages if other != lang])
    extensions = [{"url": WINDOW_HOURS, "valueInteger": dialog.window_hours}]
    extensions += [{"url": INTAKE, "valueBoolean": True}] if dialog.intake else []
    extensions += [{"url": OPTIONAL, "valueBoolean": True}] if dialog.optional else []
    return {
        "resourceType": "Questionnaire",
        "id": fhir.resource_id(dialog.id, f"v{dialog.version}"),
        "extension": extensions,
        "language": lang,
        "url": fhir.canonical("Questionnaire", dialog.id),
        "version": str(dialog.version),
        "name": dialog.id,
        **say.text("title", dialog.title),
        "status": status,
        "subjectType": ["Patient"],
        "item": [_item(dialog, q, say) for q in dialog.questions],
    }


@dataclass(frozen=True)
class _Texts:
    """A text in the main language plus its translations, as `field` and `_field`."""

    t: Translate
    lang: str
    others: list[str]

    def text(self, name: str, key: str) -> Json:
        translations = [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": other},
                    {"url": "content", "valueString": self.t(other, key)},
                ],
            }
            for other in self.others
        ]
        found: Json = {name: self.t(self.lang, key)}
        return found | ({f"_{name}": {"extension": translations}} if translations else {})


def _item(dialog: Dialog, q: Question, say: _Texts) -> Json:
    extensions: list[Json] = [{"url": QUESTION_TYPE, "valueCode": str(q.type)}]
    if q.rotation:
        extensions.append({"url": ROTATION, "valueCode": q.rotation})
    if q.intake_only:
        extensions.append({"url": INTAKE_ONLY, "valueBoolean": True})
    if q.type in fhir.RANGES:
        low, high = fhir.RANGES[q.type]
        extensions += [
            {"url": MIN_VALUE, "valueInteger": low},
            {"url": MAX_VALUE, "valueInteger": high},
        ]
    item: Json = {"extension": extensions, "linkId": q.id}
    if q.measures:
        item["code"] = [fhir.coding(fhir.CONSTRUCT_SYSTEM, q.measures)]
    item |= say.text("text", q.text) | {"type": fhir.item_type(q), "required": not q.skippable}
    if q.type is QType.MULTI:
        item["repeats"] = True
    if q.show_if:
        item |= _enable_when(dialog, q.show_if)
    options = _options(q)
    if options:
        item["answerOption"] = [
            {
                "valueCoding": {
                    "system": fhir.ANSWER_SYSTEM,
                    "code": value,
                    **say.text("display", key),
                }
            }
            for value, key in options
        ]
    anchors = [(name, key) for name, key in (("low", q.low), ("high", q.high)) if key]
    if anchors:
        item["item"] = [_anchor(q.id, name, key, say) for name, key in anchors]
    return item


def _options(q: Question) -> list[tuple[str, str]]:
    """(value, locale key) of each button a choice item lists."""
    if q.type in (QType.CHOICE, QType.MULTI):
        return [(option.value, option.label) for option in q.options]
    if q.type is QType.YES_NO_UNSURE:
        return [(str(value), FIXED_LABELS[str(value)]) for value in FIXED_VALUES[q.type]]
    if q.type is QType.MEDICINE:  # the patient's own medicines are filled in when asked
        return [(NOT_SURE, FIXED_LABELS[NOT_SURE])]
    return []


def _option(value: str, key: str, say: _Texts) -> Json:
    return {"system": fhir.ANSWER_SYSTEM, "code": value, **say.text("display", key)}


def _anchor(question: str, name: str, key: str, say: _Texts) -> Json:
    control = fhir.coding(ITEM_CONTROL_SYSTEM, ANCHORS[name])
    return {
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [control]}}],
        "linkId": f"{question}.{name}",  # a dot: never in a question id, so never a clash
        **say.text("text", key),
        "type": "display",
    }


def _enable_when(dialog: Dialog, condition: Condition) -> Json:
    """show_if as enableWhen: every show_if is a disjunction of single comparisons."""
    tests = [
        test
        for leaf in condition.leaves()
        for test in _tests(leaf, dialog.question(leaf.question or ""))
    ]
    return {"enableWhen": tests} | ({"enableBehavior": "any"} if len(tests) > 1 else {})


def _tests(c: Condition, target: Question) -> Iterator[Json]:
    if c.at_least is not None:
        yield {"question": target.id, "operator": ">=", "answerInteger": c.at_least}
    elif c.not_equals is not None:
        yield {"question": target.id, "operator": "!=", **_answer(target, c.not_equals)}
    else:
        for value in c.in_ or c.any_of or (c.equals,):
            yield {"question": target.id, "operator": "=", **_answer(target, value)}


def _answer(target: Question, value: str | int | None) -> Json:
    """A show_if value as enableWhen's answer[x], typed as the tested item's answers are."""
    if target.type is QType.YES_NO:
        return {"answerBoolean": value == "yes"}
    if isinstance(value, int):
        return {"answerInteger": value}
    return {"answerCoding": fhir.coding(fhir.ANSWER_SYSTEM, str(value))}


def construct_codesystem() -> Json:
    """The CodeSystem of every construct a question may measure (and those staff enter)."""
    return {
        "resourceType": "CodeSystem",
        "id": "construct",
        "url": fhir.CONSTRUCT_SYSTEM,
        "name": "RapportConstruct",
        "title": "Rapport constructs: what a check-in question measures",
        "status": "active",
        "caseSensitive": True,
        "content": "complete",
        "count": len(CONSTRUCTS),
        "concept": [
            {"code": c.name, "display": c.name, "definition": _definition(c.name)}
            for c in CONSTRUCTS.values()
        ],
    }


def _definition(name: str) -> str:
    c = CONSTRUCTS[name]
    if c.staff_entered:
        return "Entered by staff, never asked."
    words = f"Asked as {' or '.join(sorted(c.types))}"
    words += f"; values: {', '.join(sorted(c.values))}" if c.values else ""
    return words + ("; only at intake." if c.intake_only else ".")
