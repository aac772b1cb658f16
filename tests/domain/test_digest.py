"""The digest model: the stable JSON of issue 5, the localised view, the text and HTML pages."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html import escape
from html.parser import HTMLParser
from typing import Any

import pytest

from bot import LOCALES_DIR
from bot.domain.digest import (
    ChartSeries,
    Digest,
    Note,
    RegimenPart,
    Response,
    chart_labels,
    chart_series,
    to_json,
    view,
)
from bot.domain.digest_render import to_html, to_telegram, to_text
from bot.domain.hypotheses import group
from bot.domain.regimen import Change, Medication
from bot.domain.screening import Task
from bot.domain.signals import (
    Activity,
    Facts,
    NotAsked,
    Observation,
    SafetyEvent,
    evaluate,
    label_trends,
    load_thresholds,
)
from bot.i18n import SUPPORTED, load_catalogs

T = load_catalogs(LOCALES_DIR)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday; Madrid is UTC+1 until March 29
ZONE = "Europe/Madrid"
THRESHOLDS = load_thresholds()
HOSTILE = 'I <script>alert("x")</script> & </b> stopped <b>everything</b>'


def answers() -> list[Observation]:
    """Three weekly check-ins that raise resistance-to and resistance-from signals."""
    rows = [
        ("missed", "adherence.days_missed_7d", lambda i: 2 + i),
        ("dose", "adherence.dose_change", lambda i: "took_less"),
        ("why", "adherence.reason", lambda i: ("felt_better", "dont_want_to_depend")),
        ("feelings", "use.extra_for_feelings", lambda i: "yes"),
        ("symptoms", "symptoms.change", lambda i: 1 + (i > 0)),
        ("life", "function.change", lambda i: -i),
        ("heard", "alliance.heard", lambda i: None),
    ]
    return [
        Observation(START + timedelta(days=7 * i), "weekly", q, c, value(i), i)
        for i in range(3)
        for q, c, value in rows
    ]


def sample(lang: str = "en", **changes: Any) -> Digest:
    """A realistic digest: a safety event, several signals, a resolved one, hostile notes."""
    period = answers()
    safety = [SafetyEvent(START + timedelta(days=3), "self_harm", HOSTILE)]
    found = evaluate(period, period, Activity(4, 3, 1, False), safety, Facts(6), THRESHOLDS)
    signals, resolved = label_trends(found, ["low_readiness", "nonadherence"])
    fields: dict[str, Any] = {
        "patient": "Ana",
        "lang": lang,
        "generated_at": START + timedelta(days=20),
        "period_from": START,
        "period_to": START + timedelta(days=20),
        "timezone": ZONE,
        "appointment": START + timedelta(days=21, hours=1),
        "response": Response(sent=4, answered=3, missed=1),
        "signals": signals,
        "hypotheses": group(signals),
        "resolved": resolved,
        "notes": [
            Note(START + timedelta(days=5), HOSTILE, "pre_visit"),
            (START + timedelta(days=6), "Can we talk about\nthe dose?", "message"),
        ],
        "questions": {("weekly", "missed"): "How many days did you miss a dose?"},
        "chart": chart_series(period, ZONE),
        "regimen": regimen(),
    }
    return Digest(**(fields | changes))


def regimen() -> RegimenPart:
    """Two medicines taken, a dose raised in the period (with a hostile note), an old note."""
    since = START - timedelta(days=90)
    return RegimenPart(
        active=(
            Medication(1, 1, "sertraline", "ssri", "100 mg", since),
            Medication(2, 1, "Orfidal", "benzodiazepine", "1 mg", since, as_needed=True),
        ),
        changes=(
            Change(
                3,
                1,
                START + timedelta(days=2),
                "increase",
                HOSTILE,
                1,
                "sertraline",
                "ssri",
                "50 mg",
                "100 mg",
            ),  # fmt: skip
            Change(4, 1, START + timedelta(days=4), "note", "sertraline 100 -> 150 mg?"),
        ),
        psychotropics=6,
        counted_by_staff=True,
    )


# --- JSON ------------------------------------------------------------------------------------


def test_json_has_exactly_the_stable_keys() -> None:
    data = to_json(sample(), T)
    assert set(data) == {
        "patient",
        "generated_at",
        "period",
        "appointment",
        "response",
        "signals",
        "notes",
        "resolved",
        "not_asked",  # added in issue 11
        "regimen",
        "tasks",
        "hypotheses",  # added in issue 11
        "other_medicines",  # added in issue 11
        "mood",  # added in issue 11
    }
    assert set(data["regimen"]) == {"active", "changes", "psychotropic_count", "counted_by_staff"}
    for medication in data["regimen"]["active"]:
        assert set(medication) == {"drug", "class", "dose", "as_needed", "started"}
    for change in data["regimen"]["changes"]:
        assert set(change) == {
            "date", "drug", "class", "kind", "dose_before", "dose_after", "note",
        }  # fmt: skip
    assert set(data["period"]) == {"from", "to"}
    assert set(data["response"]) == {"sent", "answered", "missed"}
    signal_keys = {"code", "category", "severity", "principle", "trend", "summary", "suggestion"}
    for signal in data["signals"]:
        assert set(signal) == signal_keys | {"evidence"}
        for item in signal["evidence"]:
            assert set(item) == {"at", "dialog", "question", "construct", "answer"}
    assert all(set(note) == {"at", "text", "lang", "source"} for note in data["notes"])
    assert json.loads(json.dumps(data)) == data


def test_json_times_are_iso_8601_with_the_patients_offset() -> None:
    data = to_json(sample(), T)
    times = [data["generated_at"], data["appointment"], *data["period"].values()]
    times += [e["at"] for s in data["signals"] for e in s["evidence"]]
    times += [n["at"] for n in data["notes"]]
    for text in times:
        moment = datetime.fromisoformat(text)
        assert moment.utcoffset() == timedelta(hours=1), text
    assert data["period"]["from"] == "2026-03-02T10:00:00+01:00"


def test_json_offset_follows_daylight_saving() -> None:
    after = START + timedelta(days=30)  # April: Madrid is UTC+2
    data = to_json(sample(appointment=after), T)
    assert data["appointment"] == "2026-04-01T11:00:00+02:00"


def test_json_values_and_header() -> None:
    data = to_json(sample(), T)
    assert data["patient"] == "Ana"
    assert data["response"] == {"sent": 4, "answered": 3, "missed": 1}
    assert data["resolved"] == ["low_readiness"]
    assert data["notes"][0]["text"] == HOSTILE  # JSON is data: never escaped or clipped
    assert to_json(sample(appointment=None), T)["appointment"] is None


def test_json_answers_keep_their_stored_types() -> None:
    evidence = {
        (e["construct"], e["answer"] if not isinstance(e["answer"], list) else tuple(e["answer"]))
        for s in to_json(sample(), T)["signals"]
        for e in s["evidence"]
    }
    assert ("adherence.days_missed_7d", 4) in evidence  # numbers as numbers
    assert ("adherence.reason", ("felt_better", "dont_want_to_depend")) in evidence  # multi: list
    assert ("use.extra_for_feelings", "yes") in evidence
    assert ("function.change", -2) in evidence


def test_json_evidence_of_an_answer() -> None:
    nonadherence = signal_json(to_json(sample(), T), "nonadherence")
    assert nonadherence["evidence"][0] == {
        "at": "2026-03-02T10:00:00+01:00",
        "dialog": "weekly",
        "question": "missed",
        "construct": "adherence.days_missed_7d",
        "answer": 2,
    }
    assert nonadherence["trend"] == "persisting"
    assert nonadherence["summary"].startswith("Missed doses on up to 4 of 7 days")
    assert "{" not in nonadherence["summary"] + nonadherence["suggestion"]


def test_json_skipped_and_free_text_answers() -> None:
    skipped = Observation(START, "weekly", "heard", "alliance.heard", None, 9)
    said = Observation(START, "intake", "lose", "ambivalence.loss", "my <b>friends</b>", 9)
    signal = evaluate([said], [said], Activity(1, 1, 0, False), [], Facts(None), THRESHOLDS)[0]
    signal = replace(signal, evidence=(skipped, said))
    evidence = to_json(sample(signals=[signal]), T)["signals"][0]["evidence"]
    assert [e["answer"] for e in evidence] == [None, "my <b>friends</b>"]


def test_json_safety_evidence_has_no_question_and_quotes_the_patient() -> None:
    data = to_json(sample(), T)
    assert data["signals"][0]["code"] == "safety_event"
    assert data["signals"][0]["evidence"] == [
        {
            "at": "2026-03-05T10:00:00+01:00",
            "dialog": None,
            "question": None,
            "construct": None,
            "answer": HOSTILE,
        }
    ]
    unquoted = SafetyEvent(START, "medication_red_flag", None)
    found = evaluate([], [], Activity(1, 1, 0, False), [unquoted], Facts(None), THRESHOLDS)
    assert to_json(sample(signals=found), T)["signals"][0]["evidence"][0]["answer"] == (
        "medication_red_flag"
    )


def test_json_keeps_the_order_it_is_given_safety_first_then_severity() -> None:
    d = sample()
    codes = [s["code"] for s in to_json(d, T)["signals"]]
    assert codes == [s.code for s in d.signals]
    assert codes[0] == "safety_event"
    severities = [s.severity for s in d.signals]
    assert severities == sorted(severities, key=["high", "moderate", "low"].index)
    assert "moderate" in severities and "high" in severities


def test_naive_times_and_unknown_zones_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sample(generated_at=datetime(2026, 3, 2, 9, 0))
    with pytest.raises(Exception, match="Mars"):
        sample(timezone="Mars/Olympus")


def signal_json(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(s for s in data["signals"] if s["code"] == code)


# --- the view: readable, localised -----------------------------------------------------------


def test_evidence_shows_the_question_asked_and_a_readable_answer() -> None:
    text = to_text(sample(), T)
    assert "Days with a missed dose: 4 of 7 days" in text  # short: not the question
    assert "+1 (a bit better)" in text and "−2 (much worse)" in text
    feeling = Observation(START, "weekly", "feelings", "use.for_feelings", "yes", 9)
    d = sample(signals=[replace(sample().signals[1], evidence=(feeling,))])
    assert "Medication for a feeling: yes" in to_text(d, T)  # the construct's short label
    unknown = Observation(START, "weekly", "extra_q", None, "yes", 9)  # no construct: its text
    d = sample(signals=[replace(sample().signals[1], evidence=(unknown,))])
    assert "extra_q: yes" in to_text(d, T)
    d = replace(d, questions={("weekly", "extra_q"): "A very long question " * 10})
    assert "A very long question A very long question A very long quest…: yes" in " ".join(
        to_text(d, T).split()
    )
    assert "felt better, dont want to depend" in text


def test_a_callable_gives_question_texts_and_describe_gives_answers() -> None:
    unknown = Observation(START, "weekly", "extra_q", None, "yes", 9)  # no construct: its text
    d = sample(signals=[replace(sample().signals[1], evidence=(unknown,))])
    d = replace(
        d, questions=lambda dialog, q: f"[{dialog}/{q}]", describe=lambda o: f"<{o.value}>"
    )
    assert "[weekly/extra_q]: <yes>" in to_text(d, T)
    assert "Days with a missed dose: 4 of 7 days" in to_text(sample(describe=str), T)


def test_skipped_answers_say_so() -> None:
    skipped = Observation(START, "weekly", "heard", "alliance.heard", None, 9)
    d = sample(signals=[replace(sample().signals[1], evidence=(skipped,))])
    assert "heard: (skipped)" in to_text(d, T)


def test_free_text_is_quoted_and_safety_quotes_are_shown() -> None:
    text = to_text(sample(), T)
    assert f"self harm: “{HOSTILE}”" in " ".join(text.split())
    assert "“Can we talk about\n    the dose?”" in text


def test_response_pauses_and_an_unreachable_patient_said_plainly() -> None:
    d = sample(response=Response(4, 1, 3, paused=2, unreachable=True))
    v = view(d, T)
    assert v.response == ("Sent 4, answered 1, missed 3", "Paused check-ins 2 times")
    assert v.unreachable is not None and v.unreachable.startswith("Unreachable")
    assert "!! Unreachable" in to_text(d, T)
    assert "role=alert" in to_html(d, T)
    assert view(sample(response=Response(0, 0, 0)), T).response == (
        "No check-ins were sent in this period (0 answered, 0 missed)",
    )


def test_resolved_signals_are_named_briefly() -> None:
    assert view(sample(), T).resolved == "Resolved since the last digest: Low readiness to change"
    assert view(sample(resolved=[]), T).resolved is None


def test_header_names_patient_period_and_appointment() -> None:
    v = view(sample(), T)
    assert v.title == "Pre-visit digest: Ana"
    assert v.period == "Period: Mar 2, 2026 – Mar 22, 2026"
    assert v.appointment.startswith("Prepares the appointment on Monday, March 23, 2026, 11:00")
    assert view(sample(appointment=None), T).appointment.startswith("No appointment booked")


def test_text_follows_the_order_of_issue_5() -> None:
    text = to_text(sample(), T)
    marks = [
        "Pre-visit digest: Ana",
        "Safety",
        "Safety event",
        "Their agenda for this visit",
        "Regimen",
        "To explore at the visit",
        "Missed doses",  # high
        "Also noted",
        "Resolved since the last digest",
        "Check-ins",
        "In the patient's own words",
        "Full evidence",
        "These signals are hypotheses to explore with the patient, not findings",
    ]
    positions = [text.index(mark) for mark in marks]
    assert positions == sorted(positions)


def test_text_strips_terminal_control_characters() -> None:
    d = sample(notes=[Note(START, "hi \x1b[2J\x1b]0;owned\x07 there\r\n")])
    text = to_text(d, T)
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "hi [2J]0;owned there" in text


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_language_renders_every_part(lang: str) -> None:
    d = sample(lang, response=Response(4, 1, 3, paused=1, unreachable=True))
    outputs = [to_text(d, T), to_html(d, T, b"\x89PNG"), json.dumps(to_json(d, T))]
    for out in outputs:
        assert "{$" not in out and "{ $" not in out
    closing = T(lang, "digest-closing")
    assert closing in " ".join(outputs[0].split())  # the terminal text is wrapped
    assert escape(closing) in outputs[1]
    assert T(lang, "signal-safety-event-title") in outputs[0]


@pytest.mark.parametrize(("lang", "month"), [("en", "Mar"), ("es", "mar"), ("ru", "мар")])
def test_dates_are_in_the_clinicians_language(lang: str, month: str) -> None:
    assert month in view(sample(lang), T).period


def test_view_rejects_nothing_from_an_empty_period() -> None:
    d = sample(signals=[], hypotheses=[], resolved=[], notes=[], response=Response(0, 0, 0))
    text = to_text(d, T)
    assert "No risk statements or medication red flags in this period." in text
    assert "Nothing sent for this visit." in text
    assert "Nothing to explore from this period's answers." in text
    assert "Full evidence" not in text
    assert "Nothing written outside the questions in this period." in text


# --- the regimen -----------------------------------------------------------------------------


def test_regimen_lists_active_medicines_then_the_periods_changes() -> None:
    v = view(sample(), T)
    assert v.regimen == (
        "sertraline, 100 mg · antidepressant (SSRI) · since Dec 2, 2025",
        "Orfidal, 1 mg as needed · benzodiazepine · since Dec 2, 2025",
        "Psychotropics as counted by staff: 6 (the polypharmacy signal reads this count, not"
        " the list)",
    )
    assert v.regimen_changes == (
        f"Mar 4, 2026 · sertraline: dose raised: 50 mg → 100 mg · “{HOSTILE}”",
        "Mar 6, 2026 · noted before the regimen was recorded: “sertraline 100 -> 150 mg?”",
    )
    text = " ".join(to_text(sample(), T).split())
    assert "Changes in this period: - Mar 4, 2026 · sertraline: dose raised" in text


def test_regimen_json_dates_are_local_days() -> None:
    data = to_json(sample(), T)["regimen"]
    assert data["active"][1] == {
        "drug": "Orfidal", "class": "benzodiazepine", "dose": "1 mg", "as_needed": True,
        "started": "2025-12-02",
    }  # fmt: skip
    assert data["changes"][0]["kind"] == "increase" and data["changes"][1]["drug"] is None
    assert (data["psychotropic_count"], data["counted_by_staff"]) == (6, True)


def test_no_regimen_recorded_says_so_in_one_line() -> None:
    v = view(sample(regimen=RegimenPart()), T)
    assert v.regimen == ("No medications recorded.",) and v.regimen_changes == ()


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_change_kind_and_class_reads_in_every_language(lang: str) -> None:
    from bot.domain.drugs import CLASSES
    from bot.domain.regimen import CHANGE_KINDS

    meds = tuple(Medication(i, 1, f"drug{i}", c, "1 mg", START) for i, c in enumerate(CLASSES))
    changes = tuple(
        Change(i, 1, START + timedelta(hours=i), k, None, 1, "x", "ssri", "1 mg", "2 mg")
        for i, k in enumerate(CHANGE_KINDS)
    )
    v = view(sample(lang, regimen=RegimenPart(meds, changes)), T)
    assert len(v.regimen) == len(CLASSES) and len(v.regimen_changes) == len(CHANGE_KINDS)
    assert not any("regimen-" in line or "{" in line for line in v.regimen + v.regimen_changes)


# --- HTML ------------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Checks that every element closes in order; void elements need no end tag."""

    VOID = {"meta", "img", "br"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def test_html_is_a_complete_document_with_balanced_tags() -> None:
    page = to_html(sample(), T, b"\x89PNG fake")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert 'name="viewport"' in page and "Content-Security-Policy" in page
    parser = Tags()
    parser.feed(page)
    assert not parser.errors and not parser.stack
    assert "script" not in parser.seen


def test_html_escapes_hostile_patient_text() -> None:
    page = to_html(sample(patient="<b>Ana</b>"), T)
    assert "<script>" not in page and "</b> stopped" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;/b&gt; stopped" in page
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page


def test_html_embeds_the_chart_only_when_given() -> None:
    assert "data:image/png;base64,iVBORw==" in to_html(sample(), T, b"\x89PNG")
    assert "<img" not in to_html(sample(), T)


# --- chart data ------------------------------------------------------------------------------


def test_chart_series_weeks_and_lines_in_the_patients_days() -> None:
    late = START.replace(hour=23, minute=30)  # 00:30 on Tuesday in Madrid
    extra = [
        Observation(late, "daily", "m", "adherence.days_missed_7d", 1, 7),
        Observation(late + timedelta(days=2), "weekly", "m", "adherence.days_missed_7d", 5, 8),
    ]
    series = chart_series([*answers(), *extra], ZONE)
    assert series.weeks == [(date(2026, 3, 2), 5), (date(2026, 3, 9), 3), (date(2026, 3, 16), 4)]
    assert series.symptoms == [
        (date(2026, 3, 2), 1),
        (date(2026, 3, 9), 2),
        (date(2026, 3, 16), 2),
    ]
    assert [v for _, v in series.function] == [0, -1, -2]
    assert chart_series([], ZONE) == ChartSeries([], [], [])


@pytest.mark.parametrize("lang", SUPPORTED)
def test_chart_labels_in_every_language(lang: str) -> None:
    labels = chart_labels(T, lang)
    assert set(labels) >= {  # and the levels' own (tests/domain/test_charting.py)
        "adherence_title",
        "adherence_axis",
        "trend_title",
        "change_axis",
        "symptoms",
        "function",
        "better",
        "worse",
        "empty",
    }
    assert all(labels.values())


@pytest.mark.parametrize("lang", SUPPORTED)
def test_an_open_task_comes_first_in_every_layout(lang: str) -> None:
    d = sample(lang)
    task = Task(1, 1, "screen_positive", d.generated_at, d.generated_at + timedelta(hours=24))
    d = replace(d, tasks=[task])
    heading = T(lang, "digest-tasks-heading")
    for shown in (to_text(d, T), to_html(d, T), to_telegram(d, T)[0]):
        assert heading in shown
        assert shown.index(heading) < shown.index(T(lang, "digest-safety-heading"))
    [item] = to_json(d, T)["tasks"]
    assert item["kind"] == "screen_positive" and item["due_at"].endswith("+01:00")
    assert heading not in to_text(sample(lang), T)


# --- issue 11: "not asked since", quotes marked with their language --------------------------

UNASKED = [NotAsked("low_readiness", START - timedelta(days=30)), NotAsked("nonadherence", None)]


@pytest.mark.parametrize("lang", SUPPORTED)
def test_signals_not_asked_again_are_not_called_resolved(lang: str) -> None:
    d = sample(lang, resolved=[], not_asked=UNASKED)
    v = view(d, T)
    assert v.resolved is None and len(v.not_asked) == 2
    assert T(lang, "signal-low-readiness-title") in v.not_asked[0]
    assert "2026" in v.not_asked[0] and "{" not in v.not_asked[0]
    for text in (to_text(d, T), to_html(d, T), "\n".join(to_telegram(d, T))):
        text = " ".join(text.split())  # the terminal's text is wrapped
        line = " ".join(v.not_asked[1].split())
        assert escape(line) in text or line in text
    data = to_json(d, T)
    assert data["resolved"] == []
    assert data["not_asked"] == [
        {"code": "low_readiness", "last_asked": "2026-01-31T10:00:00+01:00"},
        {"code": "nonadherence", "last_asked": None},
    ]


def test_not_asked_since_reads_the_date_last_asked() -> None:
    v = view(sample(not_asked=UNASKED), T)
    assert v.not_asked[0].startswith("Low readiness to change: not asked since Jan 31, 2026")
    assert "since Mar 2, 2026" in v.not_asked[1]  # never answered: since the period began
    assert view(sample(), T).not_asked == ()
    assert to_json(sample(), T)["not_asked"] == []


def test_quotes_in_another_language_are_marked_with_it() -> None:
    ru = view(sample("en", words_lang="ru"), T)
    assert all(line.shown.endswith("” (ru)") for line in ru.words)
    assert all(line.text in line.shown for line in ru.words)  # the words themselves unchanged
    safety = next(s for s in ru.signals if s.code == "safety_event")
    assert safety.evidence[0].shown.endswith("(ru)")
    assert not any(c.endswith("(ru)") for c in ru.regimen_changes)  # staff's notes: not quotes
    for same in (view(sample("en", words_lang="en"), T), view(sample("en"), T)):
        assert not any("(en)" in line.shown or "(ru)" in line.shown for line in same.words)
    es = view(sample("es", words_lang="en"), T)
    assert all(line.shown.endswith("» (en)") for line in es.words)
    assert [n["lang"] for n in to_json(sample(words_lang="ru"), T)["notes"]] == ["ru", "ru"]
