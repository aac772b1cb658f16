"""/mydata through the real Application, in every language: the readable copy holds every
answer in the patient's words, dated in their zone, and no database or clinical vocabulary;
the JSON beside it holds everything, for programs."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from bot.services import planning, prompts
from bot.storage import checkins, people
from tests.harness import Harness, call, running

ZONES = {"en": "Europe/Madrid", "es": "America/Mexico_City", "ru": "Asia/Yekaterinburg"}
# What each patient types: their own words must come back word for word.
WORDS = {
    "en": ("Vitamin D drops", "Sleeping in on Sundays"),
    "es": ("Gotas de vitamina D", "Dormir hasta tarde los domingos"),
    "ru": ("Капли витамина D", "Поспать подольше в воскресенье"),
}
WEEKLY = {
    "days_missed": 2,
    "dose_change": "took_less",
    "reasons": ("forgot", "side_effects"),
    "prescriber_knows": "yes",
    "any_side_effects": "yes",
    "which_side_effects": ("dizzy", "headache"),
    "side_effect_bother": 6,
    "attribution": "medicine",
    "harm_worry": 5,
    "symptoms": 1,
    "symptoms_level": 6,
    "daily_life": -1,
    "daily_life_level": 4,
    "heard": 7,
    "pressure": 2,
    "extra_for_feelings": "no",
    "want_more": "no",
}
# Column names and clinical words a patient must never meet in their copy.
JARGON = [
    "superseded", "answered_at", "received_at", "patient_id", "dialog_id", "question_id",
    "construct", "checkin", "payload", "None", "null", "resistance", "nocebo",
]  # fmt: skip


def _intake(lang: str) -> dict[str, Any]:
    """Every intake question answered but two ("agreement" and "note": skipped)."""
    medicines, lose = WORDS[lang]
    return {
        "taking_now": "as_prescribed",
        "other_medicines": "yes",
        "other_medicines_which": medicines,
        "symptoms_level": 5,
        "daily_life_level": 5,
        "baseline": ("headache",),
        "benefit": 7,
        "need": 8,
        "harm_worry": 3,
        "dependency": 2,
        "identity": 9,
        "past_intolerance": "no",
        "wary": 2,
        "readiness": 6,
        "heard": 8,
        "pressure": 1,
        "miss_anything": "yes",
        "might_lose": lose,
    }


async def _answered(h: Harness, lang: str):
    """A patient answers intake, changing their first answer with Back on the way."""
    user = await h.enrol("P-7", language=lang, telegram_language=lang, timezone=ZONES[lang])
    user.tap(user.last().buttons[1])  # "took less" ...
    await h.step()
    await h.tap(user, h.app.t(lang, "checkin-back"))  # ... changed to "as prescribed"
    await h.answer(user, "P-7", _intake(lang))
    return user


async def _weekly(h: Harness, clock, user, lang: str) -> None:
    clock.advance(timedelta(days=7))
    await call(h.app, planning.checkin_now, "P-7", "weekly")
    await h.sweep()
    await h.tap(user, h.app.t(lang, "checkin-start"))
    await h.answer(user, "P-7", WEEKLY)


def _files(user) -> dict[str, bytes]:
    return {m.file.filename: m.file.content for m in user.documents()}


async def _every_answer(h: Harness, lang: str) -> list[tuple[str, str | None]]:
    """(question, answer as the patient saw it) for every answer stored."""
    async with h.app.db.read() as tx:
        patient = await people.patient_by_alias(tx, "P-7")
        assert patient is not None
        rows = await checkins.every_answer(tx, patient.id)
    pairs = []
    for row in rows:
        question = h.app.dialogs.find(row.dialog_id, row.question_id)
        assert question is not None
        said = None if row.skipped else prompts.answer_label(h.app.t, lang, question, row.value)
        pairs.append((h.app.t(lang, question.text), said))
    return pairs


def _day(lang: str, moment) -> str:
    return format_date(moment.astimezone(ZoneInfo(ZONES[lang])).date(), "full", locale=lang)


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
async def test_the_readable_copy_reads_right(app, clock, lang: str) -> None:
    t = app.t
    async with running(app) as h:
        enrolled_at = clock.now()
        user = await _answered(h, lang)
        await _weekly(h, clock, user, lang)
        await h.send(user, "/mydata")
        text = _files(user)["rapport-P-7.txt"].decode()
        answers = await _every_answer(h, lang)
    assert len(answers) >= 20
    for question, said in answers:
        assert question in text, question
        if said is not None:
            assert said in text, said
    for words in WORDS[lang]:
        assert words in text
    # grouped by check-in, each under its title, on the patient's local date
    intake_at = text.index(t(lang, "mydata-checkin-heading", title=t(lang, "dlg-intake-title"),
                                date=_day(lang, enrolled_at)))  # fmt: skip
    weekly_at = text.index(t(lang, "dlg-weekly-title") + " – ")
    assert intake_at < text.index(WORDS[lang][0]) < weekly_at
    assert text.index(t(lang, "dlg-se-dizzy")) > weekly_at
    assert t(lang, "mydata-changed") in text  # the first answer, replaced with Back
    assert t(lang, "mydata-skipped-at", when="").strip() in text  # "agreement"
    assert t(lang, "mydata-event-consent-given") in text
    for word in JARGON:
        assert word not in text, word
    constructs = {q.measures for d in app.dialogs.values() for q in d.questions if q.measures}
    for code in constructs:
        assert code not in text, code
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)  # no question ids or option values


async def test_the_json_holds_everything_for_programs(app) -> None:
    async with running(app) as h:
        user = await _answered(h, "en")
        await h.send(user, "i want to die")  # a safety event, quoted
        await h.send(user, "/mydata")
        exported = json.loads(_files(user)["rapport-P-7.json"])
    for table in ("patient", "checkins", "answers", "patient_messages", "safety_events",
                  "digests", "invites", "events", "outbox", "start_attempts"):  # fmt: skip
        assert table in exported, table
    assert exported["safety_events"][0]["quote"] == "i want to die"
    assert exported["invites"] and "token_hash" not in exported["invites"][0]
    assert "code_hash" not in exported["invites"][0]
    sent = [row["payload"] for row in exported["outbox"]]
    assert any("text" in p for p in sent)
    assert exported["start_attempts"]


async def test_the_copies_are_not_kept_once_sent(app) -> None:
    async with running(app) as h:
        user = await _answered(h, "en")
        await h.send(user, "/mydata")
        assert len(user.documents()) == 2
        rows = await app.db.fetchall("SELECT payload, chat_id FROM outbox WHERE kind = 'document'")
    assert [(r["payload"], r["chat_id"]) for r in rows] == [("{}", 0), ("{}", 0)]
