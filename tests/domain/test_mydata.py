"""/mydata's readable copy: every section in every language, nothing left out, no jargon."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import LOCALES_DIR
from bot.domain.lifecycle import STATUSES
from bot.domain.mydata import (
    EVENT_KINDS,
    Answer,
    Appointment,
    AuditEvent,
    Checkin,
    Kept,
    MedicationChange,
    Medicine,
    Message,
    MyData,
    Patient,
    SafetyAlert,
    SafetyPlan,
    ScheduleItem,
    render,
)
from bot.domain.scheduling import Quiet
from bot.i18n import SUPPORTED, Translator, load_catalogs

NOW = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
# Words of the database and of the clinical model that must never reach the patient.
JARGON = [
    "superseded", "checkin", "patient_id", "answered_at", "received_at", "dialog", "construct",
    "concern.", "adherence.", "expectation.", "status", "paused_by", "consented_at", "chat_id",
    "None", "null", "True", "False", "mydata-", "resistance", "nocebo", "non-compliant",
    "transference", "adherence", "{", "}",
]  # fmt: skip
SNAKE_OR_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+\.[a-z_]+\b")


@cache
def catalogs() -> Translator:
    return load_catalogs(LOCALES_DIR)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def everything(lang: str) -> MyData:
    """A patient with something in every section."""
    return MyData(
        patient=Patient(
            alias="P-001", clinic="North Clinic", timezone="Europe/Madrid", language=lang,
            status="paused", paused_by="staff", consented_at=at(2, 9, 30), created_at=at(1, 8),
            clinician="Dr Ana Garcia", quiet=Quiet(time(21), time(9)), chat_id=555001,
            telegram_user_id=777002,
        ),
        checkins=[
            Checkin("Weekly review", "completed", at(8, 17), at(8, 17), at(8, 17, 5),
                    at(8, 17, 20), answers=[
                        Answer("Days missed this week?", "2", at(8, 17, 6), changed=True),
                        Answer("Days missed this week?", "3", at(8, 17, 7)),
                        Answer("Anything to add?", None, at(8, 17, 8)),
                        Answer("How was your week?", "Long\nand tiring", at(8, 17, 9)),
                    ]),
            Checkin("Quick check", "missed", at(9, 8), at(9, 8), None, at(10, 8)),
            Checkin("Before your visit", "pending", at(20, 8)),
            Checkin("Early one", "expired", at(4, 8), at(4, 8), at(4, 8, 1), at(5, 8),
                    answers=[Answer("Sleep?", "Badly", at(4, 8, 2))]),
            Checkin("Open one", "open", at(27, 8), at(27, 8)),
            Checkin("Cancelled one", "cancelled", at(13, 8), None, None, at(12, 9)),
        ],
        messages=[Message("I felt dizzy\nall morning", at(9, 10)), Message("Thanks", at(11, 10))],
        appointments=[Appointment(at(25, 10)), Appointment(at(18, 10), cancelled=True)],
        medicines=[
            Medicine("Zoloft", "100 mg", "ssri", at(1, 12)),
            Medicine("lorazepam", "1 mg", "benzodiazepine", at(1, 12), True, at(5, 12)),
            Medicine("Stilnox", "10 mg", "z_drug", at(2, 12)),
        ],
        medication_changes=[
            MedicationChange(at(1, 12), None, "Zoloft", "start", None, "50 mg"),
            MedicationChange(at(5, 12), "Slept badly", "lorazepam", "stop", "1 mg"),
            MedicationChange(at(6, 12), None, "Zoloft", "increase", "50 mg", "100 mg"),
            MedicationChange(at(7, 12), None, "Zoloft", "decrease", "100 mg", "75 mg"),
            MedicationChange(at(8, 12), None, "Zoloft", "change", "75 mg", "75 mg at night"),
            MedicationChange(at(9, 12), "Dose raised to 100 mg"),
        ],
        schedules=[
            ScheduleItem("Weekly review", frozenset({0, 3}), None, time(18), date(2026, 3, 2)),
            ScheduleItem("Quick check", None, 3, time(9), date(2026, 3, 2), date(2026, 6, 1)),
        ],
        safety_plan=SafetyPlan(
            warning_signs="Not sleeping", helps="Walks", people=None, safer="Sister keeps pills",
            contacts="Clinic 555-1234", updated_at=at(3, 10), updated_by="patient",
        ),
        kept=Kept(
            events=[
                AuditEvent(at(2, 9, 30), "consent_given", "patient"),
                AuditEvent(at(8, 17), "checkin_sent", "system"),
                AuditEvent(at(9, 8), "checkin_sent", "system"),
                AuditEvent(at(12, 9), "patient_paused", "staff:cli"),
                AuditEvent(at(12, 9, 5), "brand_new_kind", "system"),
            ],
            alerts=[SafetyAlert(at(9, 10), "I felt dizzy")],
            summaries=[at(23, 10)],
            sent_messages=14,
        ),
    )  # fmt: skip


def rendered(data: MyData) -> str:
    return render(data, catalogs(), NOW)


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_section_in_every_language(lang: str) -> None:
    text = rendered(everything(lang))
    t = catalogs()
    for key in (
        "mydata-title", "mydata-section-about", "mydata-section-checkins",
        "mydata-section-messages", "mydata-section-appointments", "mydata-section-medicines",
        "mydata-section-changes", "mydata-section-schedules", "mydata-section-plan",
        "mydata-section-kept",
    ):  # fmt: skip
        assert t(lang, key) in text, key
    assert t(lang, "mydata-nothing") not in text  # every section has something


@pytest.mark.parametrize("lang", SUPPORTED)
def test_nothing_is_left_out(lang: str) -> None:
    data = everything(lang)
    text = rendered(data)
    words = [data.patient.alias, data.patient.clinic, data.patient.clinician or "", "555001"]
    words += ["777002", "Europe/Madrid", "21:00", "09:00"]
    for checkin in data.checkins:
        words.append(checkin.title)
        for answer in checkin.answers:
            words += [answer.question, *(answer.answer or "").splitlines()]
    for message in data.messages:
        words += message.text.splitlines()
    words += [c.note for c in data.medication_changes if c.note]
    words += [m.drug for m in data.medicines] + ["75 mg at night", "Slept badly"]
    assert data.safety_plan is not None
    words += ["Not sleeping", "Walks", "Sister keeps pills", "Clinic 555-1234", "I felt dizzy"]
    for word in words:
        assert word in text, word
    assert text.count("Days missed this week?") == 2  # the changed answer too
    assert text.count("•") >= 4 + 2 + 2 + 5  # answers, appointments, schedules, event lines


@pytest.mark.parametrize("lang", SUPPORTED)
def test_no_database_words_codes_or_clinical_terms(lang: str) -> None:
    text = rendered(everything(lang))
    for word in JARGON:
        assert word not in text, word
    assert not SNAKE_OR_CODE.findall(text)


@pytest.mark.parametrize("lang", SUPPORTED)
def test_an_empty_record_says_nothing_here_in_each_section(lang: str) -> None:
    data = MyData(Patient("P-002", "North Clinic", "Europe/Madrid", lang, "active"))
    text = rendered(data)
    nothing = catalogs()(lang, "mydata-nothing")
    assert text.count(nothing) == 8  # check-ins, messages, appointments, medicines, changes,
    # schedules, safety plan, and the event log
    for word in JARGON:
        assert word not in text, word


def test_skipped_and_changed_answers_say_so() -> None:
    text = rendered(everything("en"))
    assert "(skipped 18:08)" in text  # 17:08 UTC is 18:08 in Madrid
    assert "(answered 18:06; you changed this answer afterwards)" in text
    assert "(answered 18:07)" in text


def test_check_ins_in_date_order_with_local_dates() -> None:
    text = rendered(everything("en"))
    titles = ["Early one", "Weekly review", "Quick check", "Cancelled one", "Before your visit"]
    positions = [text.index(f"{title} – ") for title in titles]
    assert positions == sorted(positions)
    assert "Weekly review – Sunday, March 8, 2026" in text
    assert "What happened: not answered" in text
    assert "Closed: Tuesday, March 10, 2026, 09:00" in text  # another day: the date is shown


def test_times_are_in_the_patients_zone() -> None:
    late = MyData(
        Patient("P-003", "Clinic", "Europe/Madrid", "en", "active"),
        messages=[Message("late note", datetime(2026, 3, 28, 23, 30, tzinfo=UTC))],
    )
    assert "Sunday, March 29, 2026, 00:30" in rendered(late)


@pytest.mark.parametrize(
    ("lang", "snippets"),
    [
        ("en", ["Check-ins: paused by your care team", "every Monday and Thursday at 18:00",
                "every 3 days at 09:00", "A check-in was sent (automatically), 2 times",
                "Check-ins were paused (by your care team), once",
                "You agreed to take part, once", "Something else was noted on your record",
                "copies of the 14 messages", "Because you wrote: “I felt dizzy”",
                "(not filled in)", "You last changed it on Tuesday, March 3, 2026."]),
        ("es", ["Preguntas: en pausa por decisión de tu equipo", "cada lunes y jueves a las 18:00",
                "cada 3 días a las 09:00", "(de forma automática), 2 veces",
                "Aceptaste participar, una vez", "(la saltaste 18:08)", "«I felt dizzy»",
                "domingo, 8 de marzo de 2026"]),
        ("ru", ["Опросы: на паузе по решению вашей команды", "понедельник и четверг, в 18:00",
                "раз в 3 дня, в 09:00", "(автоматически), 2 раза", "(пропущено 18:08)",
                "«I felt dizzy»", "воскресенье, 8 марта 2026\u202fг.", "с 2 марта 2026\u202fг."]),
    ],
)  # fmt: skip
def test_localised_wording(lang: str, snippets: list[str]) -> None:
    text = rendered(everything(lang))
    for snippet in snippets:
        assert snippet in text, snippet


@pytest.mark.parametrize("lang", SUPPORTED)
def test_every_event_kind_status_and_actor_has_words(lang: str) -> None:
    t = catalogs()
    for kind in [*EVENT_KINDS, "other"]:
        assert t(lang, "mydata-event-" + kind.replace("_", "-"))
    for status in STATUSES:
        assert t(lang, f"mydata-status-{status}")
    for who in ("patient", "staff"):
        assert t(lang, f"mydata-status-paused-by-{who}")
    for who in ("patient", "staff", "telegram", "system"):
        assert t(lang, f"mydata-who-{who}")


def test_a_safety_event_does_not_say_the_patient_told_the_team() -> None:
    kept = Kept(events=[AuditEvent(at(9, 10), "safety_event", "patient")])
    text = rendered(MyData(Patient("P-1", "C", "UTC", "en", "active"), kept=kept))
    assert "• Your care team was told you might need support, once: Mar 9, 2026" in text


def test_every_day_and_every_n_days_read_naturally() -> None:
    daily = ScheduleItem("Daily", None, 1, time(9), date(2026, 3, 2))
    data = MyData(Patient("P-1", "C", "UTC", "ru", "active"), schedules=[daily])
    assert "Daily: каждый день, в 09:00" in rendered(data)
    data = MyData(Patient("P-1", "C", "UTC", "en", "active"), schedules=[daily])
    assert "Daily: every day at 09:00" in rendered(data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=5))
def test_every_line_of_every_message_is_kept_and_indented(texts: list[str]) -> None:
    data = MyData(
        Patient("P-1", "C", "UTC", "en", "active"),
        messages=[Message(text, at(i + 1, 12)) for i, text in enumerate(texts)],
    )
    out = rendered(data)
    for text in texts:
        for line in text.splitlines():
            assert "  " + line in out
