"""The digest as a visit plan (issue 11 part 3): the order a prescriber reads it in two minutes,
hypotheses (at most three, then "also noted"), other medicines, the daily mood, the first
Telegram message that always holds the plan, and a JSON that only ever gains keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from typing import Any

import pytest

from bot import LOCALES_DIR
from bot.domain.digest import Digest, Note, RegimenPart, Response, to_json, view
from bot.domain.digest_render import TELEGRAM_LIMIT, telegram, to_html, to_telegram, to_text
from bot.domain.hypotheses import SHOWN, Hypothesis, Point, group
from bot.domain.outgoing import Document, Text
from bot.domain.regimen import Change, Medication
from bot.domain.screening import Task
from bot.domain.signals import (
    Activity,
    Facts,
    Handling,
    Observation,
    SafetyEvent,
    Signal,
    evaluate,
    load_thresholds,
)
from bot.domain.telegram_text import units
from bot.i18n import SUPPORTED, load_catalogs
from bot.services.digests import Built, messages
from tests.domain.test_digest_telegram import in_order, parse

T = load_catalogs(LOCALES_DIR)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ZONE = "Europe/Madrid"


def troubled() -> list[Observation]:
    """Three weekly check-ins that raise many signals."""
    rows = [
        ("missed", "adherence.days_missed_7d", lambda i: 2 + i),
        ("dose", "adherence.dose_change", lambda i: "took_less"),
        ("why", "adherence.reason", lambda i: ("side_effects", "dont_want_to_depend")),
        ("harm", "expectation.harm", lambda i: 9),
        ("effects", "side_effects.present", lambda i: ("trouble_sleeping", "restless", "dizzy")),
        ("heard", "alliance.heard", lambda i: 3),
        ("pressure", "control.pressure", lambda i: 8),
        ("benefit", "expectation.benefit", lambda i: 2),
        ("feelings", "use.for_feelings", lambda i: "yes"),
        ("more", "want.more_medication", lambda i: "yes"),
    ]
    return [
        Observation(START + timedelta(days=7 * i), "weekly", q, c, value(i), i)
        for i in range(3)
        for q, c, value in rows
    ]


def found(safety: list[SafetyEvent] | None = None) -> list[Signal]:
    period = troubled()
    return evaluate(
        period, period, Activity(4, 3, 1, False), safety or [], Facts(6), load_thresholds()
    )


def regimen(note: str = "akathisia? review in 2 weeks") -> RegimenPart:
    since = START - timedelta(days=90)
    return RegimenPart(
        active=(Medication(1, 1, "sertraline", "ssri", "100 mg", since),),
        changes=(
            Change(
                2,
                1,
                START + timedelta(days=1),
                "increase",
                note,
                1,
                "sertraline",
                "ssri",
                "50 mg",
                "100 mg",
            ),  # fmt: skip
        ),
    )


def plan(lang: str = "en", **changes: Any) -> Digest:
    signals = found([SafetyEvent(START + timedelta(days=3), "self_harm", "I can't go on")])
    fields: dict[str, Any] = {
        "patient": "P-002",
        "lang": lang,
        "generated_at": START + timedelta(days=20),
        "period_from": START,
        "period_to": START + timedelta(days=20),
        "timezone": ZONE,
        "appointment": START + timedelta(days=21),
        "response": Response(sent=4, answered=3, missed=1),
        "signals": signals,
        "hypotheses": group(signals),
        "notes": [
            Note(START + timedelta(days=19), "I want to come off this.", "pre_visit"),
            Note(START + timedelta(days=19), "I have been taking half the dose.", "untold"),
            Note(START + timedelta(days=9), "Nobody told me it would make me dizzy.", "note"),
        ],
        "regimen": regimen(),
        "other_medicines": Note(START - timedelta(days=30), "St John's wort, sometimes"),
        "mood": [(START + timedelta(days=d), m) for d, m in ((1, 3), (2, 5), (4, 6), (19, 4))],
    }
    return Digest(**(fields | changes))


def title(h: Hypothesis, lang: str = "en") -> str:
    """A hypothesis's title: its own, else its lead signal's."""
    own = h.title_key if T.has(lang, h.title_key) else h.signals[0].title_key
    return T(lang, own)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the order ---------------------------------------------------------------------------------


def test_every_layout_reads_as_a_visit_plan_top_to_bottom() -> None:
    d = plan()
    d = replace(d, tasks=[Task(1, 1, "screen_positive", d.generated_at, d.generated_at)])
    titles = [title(h) for h in d.hypotheses[:SHOWN]]
    marks = [
        "Pre-visit digest: P-002",
        "Open",  # tasks: "Open tasks"
        "Safety",
        "I can't go on",
        "Their agenda for this visit",
        "I want to come off this.",
        "I have been taking half the dose.",
        "Regimen",
        "50 mg → 100 mg",
        "akathisia? review in 2 weeks",
        "Other medicines they named",
        "St John's wort, sometimes",
        "To explore at the visit",
        *titles,
        "Also noted",
        "Daily mood",
        "Check-ins",
        "Nobody told me it would make me dizzy.",
    ]
    marks[1] = T("en", "digest-tasks-heading")
    assert in_order(flat(to_text(d, T)), [*marks, "Full evidence", "not findings"])
    page = to_html(d, T).replace("&#x27;", "'")
    assert in_order(page, [*marks, "Full evidence", "not findings"])
    [message] = to_telegram(replace(d, signals=d.signals[:4], hypotheses=group(d.signals[:4])), T)
    short = replace(d, hypotheses=group(d.signals[:4]))
    assert in_order(message, [m for m in marks if m not in titles and m != "Also noted"])
    assert "Full evidence" not in message and "Full evidence" not in to_telegram(short, T)[0]


def test_the_agenda_says_what_was_not_said_face_to_face() -> None:
    v = view(plan(), T)
    assert [(w.label, w.text) for w in v.agenda] == [
        ("For the visit", "I want to come off this."),
        ("Not said face to face yet", "I have been taking half the dose."),
    ]
    assert [w.text for w in v.words] == ["Nobody told me it would make me dizzy."]
    assert "Nothing sent for this visit." in to_text(plan(notes=[]), T)
    sources = [n["source"] for n in to_json(plan(), T)["notes"]]
    assert sources == ["pre_visit", "untold", "note"]


def test_changes_show_drug_doses_date_and_note() -> None:
    [change] = view(plan(), T).regimen_changes
    assert (
        change
        == "Mar 3, 2026 · sertraline: dose raised: 50 mg → 100 mg · “akathisia? review in 2 weeks”"
    )
    assert change in to_telegram(plan(), T)[0]


@pytest.mark.parametrize("lang", SUPPORTED)
def test_other_medicines_are_shown_with_the_date_they_were_named(lang: str) -> None:
    d = plan(lang, words_lang="ru", other_medicines=Note(START, "снотворное иногда"))
    line = view(d, T).other_medicines
    assert line is not None and "снотворное иногда" in line.shown
    assert line.shown.endswith("(ru)") == (lang != "ru")  # marked when not the clinician's
    assert "2026" in line.when
    assert "снотворное иногда" in to_telegram(d, T)[0]
    assert T(lang, "digest-other-medicines-heading") in to_text(d, T)
    data = to_json(d, T)["other_medicines"]
    assert data == {"at": "2026-03-02T10:00:00+01:00", "text": "снотворное иногда", "lang": "ru"}
    none = plan(lang, other_medicines=None)
    assert view(none, T).other_medicines is None
    assert T(lang, "digest-other-medicines-heading") not in to_text(none, T)
    assert to_json(none, T)["other_medicines"] is None


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_daily_mood_in_one_line(lang: str) -> None:
    v = view(plan(lang), T)
    assert v.mood is not None and "{" not in v.mood and "4,5" in v.mood.replace(".", ",")
    if lang == "en":
        assert v.mood == (
            "Daily mood: average 4.5/10, range 3–6, latest 4 on Mar 21, 2026; answered on 4 days"
        )
    assert to_json(plan(lang), T)["mood"] == {
        "days": 4, "answers": 4, "mean": 4.5, "min": 3, "max": 6,
        "latest": {"at": "2026-03-21T10:00:00+01:00", "value": 4},
    }  # fmt: skip
    assert view(plan(lang, mood=[]), T).mood is None and to_json(plan(mood=[]), T)["mood"] is None


# --- hypotheses ----------------------------------------------------------------------------------


def test_at_most_three_hypotheses_then_the_rest_in_one_line_each() -> None:
    d = plan()
    assert len(d.hypotheses) > SHOWN + 1
    v = view(d, T)
    assert [h.key for h in v.hypotheses] == [h.key for h in d.hypotheses[:SHOWN]]
    rest = [title(h) for h in d.hypotheses[SHOWN:]]
    assert [line.split(" (")[0] for line in v.also_noted[: len(rest)]] == rest
    assert all("\n" not in line for line in v.also_noted)


def test_a_hypothesis_without_its_own_strings_reads_its_lead_signal() -> None:
    lead = next(s for s in found() if s.code == "nonadherence")
    custom = Hypothesis("a_clinics_own", "high", (lead,))  # no hypothesis strings, no points
    [shown] = view(plan(hypotheses=[custom]), T).hypotheses
    assert shown.title == T("en", lead.title_key)
    assert shown.question == T("en", lead.suggestion_key, **lead.args)
    assert shown.asking == "To explore"
    assert shown.points == (T("en", lead.summary_key, **lead.args),)
    assert "P4" not in shown.meta and "P4" not in to_text(plan(), T)  # principles in words


class Catalog:
    """The shipped catalogs plus a few strings of hypotheses and points."""

    def __init__(self, extra: dict[str, str]) -> None:
        self.extra = extra

    def has(self, lang: str, key: str) -> bool:
        return key in self.extra or T.has(lang, key)

    def __call__(self, lang: str, key: str, **args: Any) -> str:
        if key in self.extra:
            return self.extra[key].format(**args)
        return T(lang, key, **args)


@dataclass(frozen=True)
class Listed(Point):
    """A point that renders its own list of option values, as the grouping's points do."""

    def text(self, say: Callable[[str, Mapping[str, Any]], str]) -> str:
        values = str(self.args["effects"]).split(",")
        effects = ", ".join(say(f"value-{v}", {}) for v in values)
        return say(self.key, {**self.args, "effects": effects})


def test_a_hypothesis_shows_its_title_findings_points_and_one_question() -> None:
    signals = [s for s in found() if s.code in ("nonadherence", "self_adjusted_dose")]
    points = (
        Point("point-missed", {"days": "2 → 3 → 4"}),
        Listed("point-effects", {"harm": 9, "effects": "trouble_sleeping,restless,odd"}),
        Point("point-unknown", {}),  # no string: left out, not shown as an id
        Point("point-values", {"effects": "restless"}),  # a plain arg: shown as it is
    )
    h = Hypothesis("taking_less", "high", tuple(signals), points)
    t = Catalog(
        {
            "hypothesis-taking-less-title": "Taking less than prescribed, on purpose",
            "hypothesis-taking-less-question": "What made you decide to take less?",
            "point-missed": "missed days {days}",
            "point-effects": "worry {harm}/10 · side effects: {effects}",
            "point-values": "values: {effects}",
            "value-trouble_sleeping": "insomnia",
            "value-restless": "restless",
        }
    )
    d = plan(signals=signals, hypotheses=[h])
    [v] = view(d, t).hypotheses
    assert v.title == "Taking less than prescribed, on purpose"
    assert v.question == "What made you decide to take less?" and v.asking == "Opening question"
    assert v.points == (
        "missed days 2 → 3 → 4",
        "worry 9/10 · side effects: insomnia, restless, value-odd",  # no label: not a crash
        "values: restless",
    )
    assert v.findings == ("Missed doses", "Self-adjusted dose")
    message = to_telegram(d, t)[0]
    assert in_order(
        message,
        [
            "Taking less than prescribed, on purpose",
            "Grouped: Missed doses · Self-adjusted dose",
            "missed days 2 → 3 → 4",
            "Opening question:",
            "What made you decide to take less?",
        ],
    )
    [item] = to_json(d, t)["hypotheses"]
    assert item == {
        "key": "taking_less",
        "title": "Taking less than prescribed, on purpose",
        "severity": "high",
        "codes": ["nonadherence", "self_adjusted_dose"],
        "points": list(v.points),
        "question": "What made you decide to take less?",
        "shown": True,
    }


# --- JSON: only ever gains keys ------------------------------------------------------------------

OLD_KEYS = {
    "patient", "generated_at", "period", "appointment", "response", "signals", "notes",
    "resolved", "not_asked", "regimen", "tasks",
}  # fmt: skip


def test_json_keeps_every_old_key_and_adds_the_hypotheses() -> None:
    data = to_json(plan(), T)
    assert OLD_KEYS <= set(data)
    assert {"hypotheses", "other_medicines", "mood"} <= set(data)
    signal_keys = {"code", "category", "severity", "principle", "trend", "summary", "suggestion"}
    for signal in data["signals"]:
        assert signal_keys | {"evidence"} <= set(signal)
    raised = [s.code for s in plan().signals]
    assert [s["code"] for s in data["signals"]] == raised  # every raised code, still
    grouped = [code for h in data["hypotheses"] for code in h["codes"]]
    assert sorted(grouped) == sorted(c for c in raised if c != "safety_event")
    assert [h["shown"] for h in data["hypotheses"]].count(True) == SHOWN
    for h in data["hypotheses"]:
        assert set(h) == {"key", "title", "severity", "codes", "points", "question", "shown"}
        assert h["title"] and h["question"] and all(isinstance(p, str) for p in h["points"])
    assert {"at", "text", "lang"} <= set(data["notes"][0])


# --- Telegram: the first message always holds the plan -------------------------------------------


def heavy(lang: str, words: int) -> Digest:
    """Long agendas, long risk statements, many hypotheses, a long regimen."""
    said = "Я не знаю, что со мной. " if lang == "ru" else "I really do not know what to do. "
    long = said * words
    events = [
        SafetyEvent(
            START + timedelta(hours=i), "self_harm", long, (Handling("text", escalations=2),)
        )
        for i in range(3)
    ]
    many = list(islice(cycle(found(events)), 30))
    many = [replace(s, code=f"{s.code}") for s in many]
    meds = tuple(
        Medication(i, 1, f"medicine number {i}", "other", "10 mg", START) for i in range(12)
    )
    changes = tuple(replace(regimen(long).changes[0], id=i) for i in range(3))
    notes = [Note(START + timedelta(days=i), long, "pre_visit") for i in range(4)]
    notes += [Note(START + timedelta(days=i), long, "untold") for i in range(2)]
    notes += [Note(START + timedelta(days=i), long, "message") for i in range(6)]
    return plan(
        lang,
        signals=many,
        hypotheses=group(many),
        notes=notes,
        regimen=RegimenPart(meds, changes),
        other_medicines=Note(START, long),
        words_lang="en" if lang != "en" else "es",
    )


@pytest.mark.parametrize("lang", SUPPORTED)
@pytest.mark.parametrize("words", [3, 40, 400])
def test_the_first_message_holds_safety_agenda_changes_and_hypotheses(
    lang: str, words: int
) -> None:
    d = heavy(lang, words)
    tg = telegram(d, T)
    first = tg.parts[0]
    assert units(first) <= TELEGRAM_LIMIT
    assert all(units(p) <= TELEGRAM_LIMIT for p in tg.parts)
    for key in (
        "digest-safety-heading",
        "digest-agenda-heading",
        "digest-source-pre-visit",
        "digest-source-untold",
        "digest-regimen-heading",
        "digest-regimen-changes",
        "digest-other-medicines-heading",
        "digest-hypotheses-heading",
    ):
        assert T(lang, key) in first, key
    for h in d.hypotheses[:SHOWN]:
        assert title(h, lang) in first
    assert first.count("“" if lang == "en" else "«") >= 3 + 6  # every risk statement, agenda
    tags = parse(first)
    assert not tags.unbalanced and not tags.stack
    if words >= 40:
        assert tg.clipped and T(lang, "digest-clipped") in first
        assert first.count(f"({d.words_lang})") >= 3  # clipped quotes keep their language


def test_a_clipped_first_message_comes_with_the_full_page() -> None:
    class App:
        t = T

    clipped = Built(heavy("en", 400), [], (START, START))
    sent = messages(App(), clipped, None)  # type: ignore[arg-type]
    assert [type(m) for m in sent] == [Text, Document]
    small = Built(plan(), [], (START, START))
    sent = messages(App(), small, None)  # type: ignore[arg-type]
    # Whole in the messages, yet the answers behind its hypotheses are only on the page.
    assert all(isinstance(m, Text) for m in sent[:-1]) and len(sent) <= 3
    assert isinstance(sent[-1], Document)
    assert "Safety" in sent[0].text  # type: ignore[union-attr]
    calm = Built(plan(signals=[], hypotheses=[]), [], (START, START))
    sent = messages(App(), calm, None)  # type: ignore[arg-type]
    assert sent and all(isinstance(m, Text) for m in sent)  # nothing behind it to attach


def test_the_same_words_written_again_are_shown_once_with_every_date() -> None:
    again = [
        Note(START + timedelta(days=d), "I read online this dose is dangerous.") for d in (3, 7)
    ]
    d = plan(notes=[*again, Note(START + timedelta(days=5), "Nobody told me.", "message")])
    words = view(d, T).words
    assert [(w.text, w.when) for w in words] == [
        ("I read online this dose is dangerous.", "Thu, Mar 5; Mon, Mar 9"),
        ("Nobody told me.", "Sat, Mar 7, 10:00\u202fAM"),
    ]
    assert to_text(d, T).count("I read online this dose is dangerous.") == 1
    assert len(to_json(d, T)["notes"]) == 3  # the JSON keeps every note
