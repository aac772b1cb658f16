"""The digest as Telegram HTML: under 4,096 characters a message, split between whole tags."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from itertools import cycle, islice
from typing import Any

import pytest

from bot import LOCALES_DIR
from bot.domain.digest import Digest, Note, Response, view
from bot.domain.digest_render import TELEGRAM_LIMIT, to_telegram, units
from bot.domain.hypotheses import group
from bot.domain.signals import (
    Activity,
    Facts,
    Observation,
    SafetyEvent,
    Signal,
    evaluate,
    load_thresholds,
)
from bot.i18n import SUPPORTED, load_catalogs

T = load_catalogs(LOCALES_DIR)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOSTILE = 'I <script>alert("x")</script> & </b> <a href="http://evil">stop</a> 😀'
ALLOWED = {"b", "i", "u", "s", "code", "pre", "blockquote", "a"}


def signals() -> list[Signal]:
    """Every signal the engine raises for a troubled period, safety first."""
    period = [
        Observation(START + timedelta(days=7 * i), "weekly", q, c, v, i)
        for i in range(3)
        for q, c, v in (
            ("missed", "adherence.days_missed_7d", 4),
            ("dose", "adherence.dose_change", "stopped"),
            ("why", "adherence.reason", ("felt_worse",)),
            ("feelings", "use.extra_for_feelings", "yes"),
            ("more", "want.more_medication", "yes"),
            ("symptoms", "symptoms.change", 2),
            ("life", "function.change", -1),
            ("lose", "ambivalence.loss", HOSTILE),
        )
    ]
    safety = [SafetyEvent(START + timedelta(days=1), "self_harm", HOSTILE)]
    activity = Activity(6, 3, 3, True)
    return evaluate(period, period, activity, safety, Facts(8), load_thresholds())


def digest(lang: str = "en", **changes: Any) -> Digest:
    fields: dict[str, Any] = {
        "patient": "Ana",
        "lang": lang,
        "generated_at": START + timedelta(days=20),
        "period_from": START,
        "period_to": START + timedelta(days=20),
        "timezone": "America/Mexico_City",
        "appointment": START + timedelta(days=21),
        "response": Response(6, 3, 3, paused=1, unreachable=True),
        "signals": signals(),
        "resolved": ["low_alliance"],
        "notes": [Note(START, HOSTILE, "note")],
    }
    return Digest(**(fields | changes))


def huge(lang: str = "en") -> Digest:
    """30 signals with long hostile evidence, and long hostile notes: many messages."""
    long_text = (HOSTILE + " <&> ") * 80  # escapes to several times its length
    said = [
        Observation(START + timedelta(hours=i), "weekly", "lose", "note.free", long_text, i)
        for i in range(12)
    ]
    many = [replace(s, evidence=(*s.evidence, *said)) for s in islice(cycle(signals()), 30)]
    notes = [Note(START + timedelta(days=i), f"{i} {long_text * 3}", "message") for i in range(8)]
    return digest(lang, signals=many, notes=notes, patient="<Ana & Bob> " * 20)


class Tags(HTMLParser):
    """Collects tags, and whether every one closes in order within the message."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.seen: set[str] = set()
        self.unbalanced = False
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.unbalanced = True

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(message: str) -> Tags:
    tags = Tags()
    tags.feed(message)
    tags.close()
    return tags


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_message_fits_telegram_even_with_30_signals_and_long_notes(lang: str) -> None:
    messages = to_telegram(huge(lang), T)
    assert len(messages) > 2  # the caller attaches the HTML page instead of sending them all
    for message in messages:
        assert units(message) <= TELEGRAM_LIMIT
        assert len(message) <= TELEGRAM_LIMIT


@pytest.mark.parametrize("lang", SUPPORTED)
def test_splitting_never_breaks_a_tag(lang: str) -> None:
    for message in to_telegram(huge(lang), T):
        tags = parse(message)
        assert not tags.unbalanced and not tags.stack, message[:200]
        assert tags.seen <= ALLOWED


def test_hostile_patient_text_is_escaped() -> None:
    messages = to_telegram(digest(), T)
    joined = "\n".join(messages)
    assert "<script>" not in joined and "<a href" not in joined and "</b> <a" not in joined
    assert "&lt;script&gt;" in joined and "&amp;" in joined
    assert all(parse(m).seen <= {"b", "i", "blockquote"} for m in messages)
    assert HOSTILE in "".join(parse(m).text for m in messages)  # shown, as text


def test_escaping_is_only_what_telegram_understands() -> None:
    joined = "\n".join(to_telegram(digest(), T))
    entities = {part.split(";")[0] for part in joined.split("&")[1:]}
    assert entities <= {"lt", "gt", "amp"}


def in_order(text: str, marks: list[str]) -> bool:
    """Whether each mark occurs after the one before it."""
    at = 0
    for mark in marks:
        found = text.find(mark, at)
        if found < 0:
            return False
        at = found + len(mark)
    return True


def test_a_small_digest_is_one_message_the_visit_plan_first() -> None:
    notes = [Note(START, "thanks", "pre_visit"), Note(START, "hello", "message")]
    d = digest(signals=signals()[:3], notes=notes)
    d = replace(d, hypotheses=group(d.signals))
    [message] = to_telegram(d, T)
    assert in_order(
        message,
        [
            "Pre-visit digest: Ana",
            "<b>Safety</b>",
            "Safety event",
            "<b>Their agenda for this visit</b>",
            "“thanks”",
            "<b>Regimen</b>\n• No medications recorded.",
            "<b>To explore at the visit</b>",
            "Also noted",
            "Resolved since the last digest: Weak alliance",
            "Sent 6, answered 3, missed 3",
            "Unreachable",
            "In the patient's own words",
            "<blockquote>“hello”</blockquote>",
            "These signals are hypotheses to explore with the patient, not findings",
        ],
    )


def test_later_messages_say_whose_digest_they_continue() -> None:
    messages = to_telegram(huge(), T)
    assert messages[0].startswith("<b>Pre-visit digest:")
    for part, message in enumerate(messages[1:], start=2):
        assert message.startswith("<i>&lt;Ana &amp; Bob&gt;")
        assert f"continued ({part}/{len(messages)})</i>" in message.split("\n")[0]


def test_the_first_message_holds_the_visit_plan_and_the_rest_follows() -> None:
    d = digest(notes=[Note(START, "x" * 3000)] * 4)
    d = replace(d, hypotheses=group(d.signals))
    messages = to_telegram(d, T)
    assert len(messages) >= 2
    first = messages[0]
    titles = [view(d, T).hypotheses[i].title for i in range(3)]
    assert all(f"<b>{title}</b>" in first for title in titles)
    assert [first.index(f"<b>{t}</b>") for t in titles] == sorted(
        first.index(f"<b>{t}</b>") for t in titles
    )
    assert "Full evidence" not in "".join(messages)  # the attached page holds it
    assert messages[-1].rstrip().endswith("</i>") and "not findings" in messages[-1]


def test_long_notes_fold_into_an_expandable_quote() -> None:
    joined = "\n".join(to_telegram(digest(notes=[Note(START, "word " * 200)]), T))
    assert "<blockquote expandable>“word word" in joined


def test_every_risk_statement_is_shown_in_telegram() -> None:
    events = [
        SafetyEvent(START + timedelta(hours=i), "self_harm", f"statement {i}") for i in range(7)
    ]
    found = evaluate([], [], Activity(1, 1, 0, False), events, Facts(None), load_thresholds())
    joined = "\n".join(to_telegram(digest(signals=found), T))
    assert all(f"“statement {i}”" in joined for i in range(7))
    assert "more (all in the full digest)" not in joined
