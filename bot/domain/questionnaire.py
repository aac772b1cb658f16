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

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bot.domain import fhir
from bot.domain.constructs import CONSTRUCTS, FIXED_VALUES, NOT_SURE, QType, misfit
from bot.domain.dialogs import Condition, Dialog, Question
from bot.domain.engine import FIXED_LABELS  # the labels the bot shows on fixed buttons

Translate = Callable[[str, str], str]  # bot.i18n.Translator: (lang, key) -> text
Json = dict[str, Any]

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
        return [(str(value), FIXED_LABELS[value]) for value in FIXED_VALUES[q.type]]
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
    if condition.not_equals is not None:
        # Alone, "answered, and not v" is said exactly: a reader may take a bare "!=" as true
        # for a question never answered. Inside an `any` only the bare "!=" fits.
        target = dialog.question(condition.question or "")
        answered = {"question": target.id, "operator": "exists", "answerBoolean": True}
        tests = [answered, *_tests(condition, target)]
        return {"enableWhen": tests, "enableBehavior": "all"}
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


# --- import ------------------------------------------------------------------------------------


class ImportProblem(ValueError):
    """A Questionnaire that cannot become a dialog: one line, naming the item's linkId."""


@dataclass(frozen=True)
class Imported:
    """A Questionnaire read as a dialog: the dialog file's data (what Dialog.model_validate and
    TOML take), its texts per language (locale key -> text), and what the reader should know."""

    dialog: Json
    texts: dict[str, dict[str, str]]
    notes: list[str]


def to_dialog(resource: Any, dialog_id: str, languages: Sequence[str]) -> Imported:
    """The dialog `dialog_id` a Questionnaire describes, with texts in each of `languages`
    (bot.i18n.SUPPORTED): a language the Questionnaire has no translation for gets its own."""
    _validate(resource)
    return _Reader(resource, dialog_id, languages).read()


def _validate(resource: Any) -> None:
    # fhir.resources' R4B Questionnaire reads R4 (4.0.1) JSON as it is: the two versions differ
    # in no element a Questionnaire uses here. Imported here, not at the top: only an import
    # needs the models, and every CLI command would otherwise load them.
    from fhir.resources.R4B.questionnaire import Questionnaire

    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    if kind != "Questionnaire":
        raise ImportProblem(f"not a FHIR Questionnaire (resourceType {kind!r})")
    try:
        Questionnaire.model_validate(resource)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        problem = f"not a valid FHIR R4 Questionnaire: {where}: {_line(error['msg'])}"
        raise ImportProblem(problem) from None


def _line(text: object) -> str:
    return " ".join(str(text).split())[:160]


_NOT_IDENT = re.compile(r"[^a-z0-9_]+")


def _ident(text: str, prefix: str, used: set[str]) -> str:
    """A valid dialog id (question, option value) made from a linkId or a code, unique in
    `used`: "/44250-9" -> "q_44250_9"."""
    base = _NOT_IDENT.sub("_", text.lower()).strip("_")
    if not re.match(r"[a-z]", base):
        base = f"{prefix}_{base}".rstrip("_")
    base, n = base[:36], 1
    found = base
    while found in used:
        n += 1
        found = f"{base}_{n}"
    used.add(found)
    return found


@dataclass
class _Target:
    """An imported question as later conditions see it: its type and option code -> value."""

    id: str
    type: QType
    values: dict[str, str | int]


class _Reader:
    def __init__(self, resource: Json, dialog_id: str, languages: Sequence[str]) -> None:
        self.resource, self.id, self.languages = resource, dialog_id, list(languages)
        found = str(resource.get("language") or "").split("-")[0].lower()
        self.lang = found or "en"
        self.texts: dict[str, dict[str, str]] = {lang: {} for lang in self.languages}
        self.filled: set[str] = set()
        self.notes: list[str] = []
        if not found:
            self.notes.append("the Questionnaire names no language: its texts are read as en")
        self.targets: dict[str, _Target] = {}  # by linkId
        self.used = {"title"}  # dlg-ID-title is the title's key, never a question's
        self.renamed: list[str] = []
        self.skipped: list[str] = []

    def read(self) -> Imported:
        r = self.resource
        dialog: Json = {"id": self.id, "version": _version(r.get("version"))}
        title = r.get("title") or r.get("name") or self.id
        dialog["title"] = self.text(f"dlg-{self.id}-title", title, r.get("_title"))
        extensions = _extensions(r)
        if WINDOW_HOURS in extensions:
            dialog["window_hours"] = extensions[WINDOW_HOURS]
        for name, url in (("intake", INTAKE), ("optional", OPTIONAL)):
            if extensions.get(url) is True:
                dialog[name] = True
        dialog["questions"] = list(self.items(r.get("item") or []))
        if not dialog["questions"]:
            raise ImportProblem("the Questionnaire has no question a dialog can ask")
        return Imported(dialog, self.texts, self.notes + self.summary())

    def summary(self) -> list[str]:
        found = []
        if self.renamed:
            found.append(f"question ids made from linkIds: {', '.join(self.renamed)}")
        if self.skipped:
            found.append(f"display items skipped: {', '.join(self.skipped)}")
        missing = sorted(self.filled)
        if missing:
            found.append(
                f"texts filled in from {self.lang} (no translation given): {', '.join(missing)}"
            )
        return found

    def text(self, key: str, main: str, extra: Any) -> str:
        """Record a text under `key` in every language; returns the key."""
        given = _translations(extra) | {self.lang: main}
        for lang in self.languages:
            if lang not in given:
                self.filled.add(lang)
            self.texts[lang][key] = given.get(lang, main)
        return key

    def items(self, items: list[Json]) -> Iterator[Json]:
        for item in items:
            link, kind = str(item.get("linkId")), item.get("type")
            if kind == "group":
                if item.get("enableWhen") or item.get("repeats"):
                    what = "conditions" if item.get("enableWhen") else "repeats"
                    raise ImportProblem(f"item '{link}': a group with {what} has no dialog form")
                yield from self.items(item.get("item") or [])
            elif kind == "display":
                self.skipped.append(link)
            else:
                yield self.question(item)

    def question(self, item: Json) -> Json:
        link = str(item["linkId"])
        qtype = _qtype(item)
        qid = _ident(link, "q", self.used)
        if qid != link:
            self.renamed.append(f"{link} -> {qid}")
        key = f"dlg-{self.id}-{qid}"
        if not item.get("text"):
            self.notes.append(f"item '{link}' has no text: its linkId stands in")
        found: Json = {"id": qid, "type": str(qtype)}
        found["text"] = self.text(key, item.get("text") or link, item.get("_text"))
        values: dict[str, str | int] = {str(v): v for v in FIXED_VALUES.get(qtype, ())}
        if qtype in (QType.CHOICE, QType.MULTI):
            found["options"], values = self.options(item, key)
        elif qtype in (QType.YES_NO_UNSURE, QType.MEDICINE):
            values = {str(v): v for v in (*FIXED_VALUES.get(qtype, ()), NOT_SURE)}
        found |= self.anchors(item, qtype, key)
        measures = self.construct(item, qtype, found.get("options", []))
        if measures:
            found["measures"] = measures
        if item.get("enableWhen"):
            found["show_if"] = self.condition(item)
        if not item.get("required", False):
            found["skippable"] = True
        extensions = _extensions(item)
        if extensions.get(INTAKE_ONLY) is True:
            found["intake_only"] = True
        if extensions.get(ROTATION) in ("a", "b"):
            found["rotation"] = extensions[ROTATION]
        self.targets[link] = _Target(qid, qtype, values)
        return found

    def options(self, item: Json, key: str) -> tuple[list[Json], dict[str, str | int]]:
        link, used = item["linkId"], set[str]()
        options, values = [], dict[str, str | int]()
        if not item.get("answerOption"):
            raise ImportProblem(f"item '{link}': a choice needs answerOption (not a value set)")
        for option in item["answerOption"]:
            code, label, extra = _option_value(link, option)
            value = _ident(code, "v", used)
            values[code] = value
            label_key = self.text(f"{key}-{value}", label, extra)
            options.append({"value": value, "label": label_key})
        return options, values

    def anchors(self, item: Json, qtype: QType, key: str) -> Json:
        found: Json = {}
        for child in item.get("item") or []:
            link, control = str(child.get("linkId")), _control(child)
            if child.get("type") != "display":
                raise ImportProblem(f"item '{link}': a question nested in a question")
            name = {"lower": "low", "upper": "high"}.get(control or "")
            if name and qtype is QType.SCALE_0_10 and child.get("text"):
                found[name] = self.text(f"{key}-{name}", child["text"], child.get("_text"))
            else:
                self.skipped.append(link)
        return found

    def construct(self, item: Json, qtype: QType, options: list[Json]) -> str | None:
        link = item["linkId"]
        for code in item.get("code") or []:
            name = str(code.get("code"))
            if code.get("system") != fhir.CONSTRUCT_SYSTEM:
                system = code.get("system") or "no system"
                self.notes.append(f"item '{link}': code {name} ({system}) is no Rapport construct")
                continue
            problem = misfit(name, qtype, [option["value"] for option in options])
            if problem is None:
                return name
            self.notes.append(f"item '{link}': {problem}; construct left empty")
        return None

    def condition(self, item: Json) -> Json:
        link, tests = item["linkId"], item["enableWhen"]
        if len(tests) > 1 and item.get("enableBehavior", "all") == "all":
            return self.not_equals(link, tests)
        groups: dict[str, list[tuple[str, str | int]]] = {}
        for test in tests:
            target = self.target(link, test)
            groups.setdefault(target.id, []).extend(self.atoms(link, target, test))
        leaves = [_leaf(self.by_id(qid), atoms) for qid, atoms in groups.items()]
        flat = [leaf for group in leaves for leaf in group]
        return flat[0] if len(flat) == 1 else {"any": flat}

    def not_equals(self, link: str, tests: list[Json]) -> Json:
        """The one pair 'all' may join: answered (exists) and not v, which is not_equals."""
        ops = sorted(str(test.get("operator")) for test in tests)
        same = len({test.get("question") for test in tests}) == 1
        exists = [t for t in tests if t.get("operator") == "exists"]
        if ops == ["!=", "exists"] and same and exists[0].get("answerBoolean") is True:
            unequal = next(t for t in tests if t.get("operator") == "!=")
            target = self.target(link, unequal)
            return {"question": target.id, "not_equals": self.value(link, target, unequal)}
        raise ImportProblem(f"item '{link}': enableBehavior 'all' over several conditions")

    def target(self, link: str, test: Json) -> _Target:
        target = self.targets.get(str(test.get("question")))
        if target is None:
            tested = test.get("question")
            raise ImportProblem(f"item '{link}': enableWhen tests '{tested}', no earlier question")
        return target

    def by_id(self, qid: str) -> _Target:
        return next(t for t in self.targets.values() if t.id == qid)

    def atoms(self, link: str, target: _Target, test: Json) -> list[tuple[str, str | int]]:
        """One test as (operator, value) pairs any of which enables the item."""
        op = test.get("operator")
        if op == "exists":
            if test.get("answerBoolean") is not True or target.type is QType.TEXT:
                raise ImportProblem(f"item '{link}': this 'exists' test has no show_if form")
            return [("=", v) for v in dict.fromkeys(target.values.values())]
        value = self.value(link, target, test)
        if op in ("=", "!="):
            return [(op, value)]
        if not isinstance(value, int) or target.type not in fhir.RANGES:
            raise ImportProblem(f"item '{link}': '{op}' needs a number question")
        low, high = fhir.RANGES[target.type]
        if op in (">=", ">"):
            return [(">=", value + (op == ">"))]
        if op in ("<=", "<"):
            return [("=", n) for n in range(low, value + (op == "<=")) if n <= high]
        raise ImportProblem(f"item '{link}': unknown enableWhen operator {op!r}")

    def value(self, link: str, target: _Target, test: Json) -> str | int:
        """A test's answer[x] as the tested question's answer value."""
        if "answerBoolean" in test and target.type in (QType.YES_NO, QType.YES_NO_UNSURE):
            return "yes" if test["answerBoolean"] else "no"
        if "answerInteger" in test:
            given: object = test["answerInteger"]
        elif "answerCoding" in test:
            given = test["answerCoding"].get("code")
        elif "answerString" in test:
            given = test["answerString"]
        else:
            raise ImportProblem(f"item '{link}': enableWhen answer type has no show_if form")
        found = target.values.get(str(given))
        if found is None:
            raise ImportProblem(f"item '{link}': '{target.id}' cannot be {given!r}")
        return found


def _leaf(target: _Target, atoms: list[tuple[str, str | int]]) -> list[Json]:
    """The show_if tests of one question: "=" values joined (equals, in, any_of), others apart."""
    leaves: list[Json] = []
    equal = list(dict.fromkeys(v for op, v in atoms if op == "="))
    if equal and target.type is QType.MULTI:
        leaves.append({"question": target.id, "any_of": equal})
    elif equal:
        test: Json = {"equals": equal[0]} if len(equal) == 1 else {"in": equal}
        leaves.append({"question": target.id} | test)
    for op, value in atoms:
        if op == "!=":
            leaves.append({"question": target.id, "not_equals": value})
    least = [v for op, v in atoms if op == ">="]
    if least:
        leaves.append({"question": target.id, "at_least": min(least)})
    return leaves


def _qtype(item: Json) -> QType:
    """The dialog question type that asks `item`: Rapport's own when it says, else read from
    the FHIR item type."""
    link, kind = item["linkId"], item.get("type")
    named = _extensions(item).get(QUESTION_TYPE)
    if named is not None:
        if named not in set(QType) or fhir.ITEM_TYPES[QType(named)] != kind:
            raise ImportProblem(f"item '{link}': question type {named!r} for a {kind} item")
        return QType(named)
    if kind == "boolean":
        return QType.YES_NO
    if kind == "choice":
        return QType.MULTI if item.get("repeats") else QType.CHOICE
    if kind in ("string", "text"):
        return QType.TEXT
    if kind == "integer":
        bounds = _extensions(item).get(MIN_VALUE), _extensions(item).get(MAX_VALUE)
        found = next((q for q, limits in fhir.RANGES.items() if limits == bounds), None)
        if found is None:
            low, high = (str(b) if b is not None else "?" for b in bounds)
            raise ImportProblem(
                f"item '{link}': integer {low}..{high} is no dialog scale (0..10, 0..7, -2..2)"
            )
        return found
    raise ImportProblem(f"item '{link}': item type '{kind}' has no dialog question type")


def _option_value(link: str, option: Json) -> tuple[str, str, Any]:
    """An answerOption's code, label and the label's translations."""
    if "valueCoding" in option:
        coding = option["valueCoding"]
        code = str(coding.get("code") or coding.get("display") or "")
        return code, str(coding.get("display") or code), coding.get("_display")
    for name in ("valueString", "valueInteger"):
        if name in option:
            return str(option[name]), str(option[name]), option.get(f"_{name}")
    raise ImportProblem(f"item '{link}': an answerOption type a dialog cannot offer")


def _extensions(element: Json) -> dict[str, Any]:
    """An element's simple extensions: url -> value."""
    found: dict[str, Any] = {}
    for extension in element.get("extension") or []:
        values = [v for k, v in extension.items() if k.startswith("value")]
        if values:
            found[str(extension.get("url"))] = values[0]
    return found


def _control(item: Json) -> str | None:
    concept = _extensions(item).get(ITEM_CONTROL) or {}
    codes = [c.get("code") for c in concept.get("coding") or []]
    return str(codes[0]) if codes else None


def _translations(extra: Any) -> dict[str, str]:
    """Language -> text from a `_text`-like element's translation extensions."""
    found: dict[str, str] = {}
    for extension in (extra or {}).get("extension") or []:
        if extension.get("url") != TRANSLATION:
            continue
        parts = _extensions(extension)
        if isinstance(parts.get("lang"), str) and isinstance(parts.get("content"), str):
            found[parts["lang"].split("-")[0].lower()] = parts["content"]
    return found


def _version(text: Any) -> int:
    return int(text) if isinstance(text, str) and text.isdigit() and int(text) >= 1 else 1


# --- the files an import writes ---------------------------------------------------------------


def dialog_toml(data: Json) -> str:
    """A dialog's data (Imported.dialog) as a dialog file, laid out as the shipped ones are."""
    questions = data.get("questions", [])
    lines = [f"{k} = {_toml(v)}" for k, v in data.items() if k != "questions"]
    for question in questions:
        lines += ["", "[[questions]]"]
        for key, value in question.items():
            if key == "options":
                lines += ["options = [", *(f"  {_toml(o)}," for o in value), "]"]
            else:
                lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # JSON's string escapes are all TOML basic-string escapes too.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return f"[{', '.join(_toml(v) for v in value)}]"
    return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"


_SPECIAL_START = ("[", "*", ".")  # a Fluent line starting so is a variant, attribute or key


def fluent_message(key: str, text: str) -> str:
    """One Fluent message holding `text` as it is: braces, a line's special first character and
    an empty text become string literals; several lines become an indented block."""
    lines = [_fluent_line(line.strip()) for line in text.strip().splitlines()] or ['{""}']
    if len(lines) == 1:
        return f"{key} = {lines[0]}"
    return f"{key} =\n" + "\n".join(f"    {line}" if line else "" for line in lines)


def _fluent_line(line: str) -> str:
    escaped = re.sub(r"[{}]", lambda brace: f'{{"{brace.group()}"}}', line)
    if escaped.startswith(_SPECIAL_START):
        escaped = f'{{"{escaped[0]}"}}{escaped[1:]}'
    return escaped
