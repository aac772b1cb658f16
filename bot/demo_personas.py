"""The demo's four patients, written to be clinically distinct.

A value that is a list is taken one per occurrence of that dialog (the last repeats).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain.screening import SCREEN

REGIMEN_SINCE = "2025-12-01"


@dataclass
class Persona:
    """A scripted patient: who they are, their schedule, and how they answer."""

    alias: str
    first_name: str
    language: str
    timezone: str
    schedules: list[dict[str, str]] = field(default_factory=list)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignores: dict[str, set[int]] = field(default_factory=dict)  # occurrences left unanswered
    # The regimen staff record before the first check-in: (drug, dose, as needed), taken since
    # REGIMEN_SINCE; and a new dose of one of them recorded in week one.
    regimen: list[tuple[str, str, bool]] = field(default_factory=list)
    change: tuple[str, str] | None = None
    appointment: str = ""
    messages: dict[int, str] = field(default_factory=dict)  # day -> a free message

    def answer(self, dialog: str, question: str, occurrence: int) -> Any:
        """The scripted answer; absent means skip."""
        value = self.answers.get(dialog, {}).get(question)
        if value is None and dialog == SCREEN:
            return "no"  # the suicide screen has no Skip
        if isinstance(value, list):
            return value[min(occurrence, len(value) - 1)]
        return value


WELL_ALLIED = Persona(
    "P-001",
    "Ana",
    "es",
    "Europe/Madrid",
    schedules=[{"dialog": "weekly", "days": "sun", "time": "18:00"}],
    regimen=[("escitalopram", "10 mg", False)],
    appointment="2026-03-31 10:00",
    answers={
        "intake": {
            "taking_now": "as_prescribed",
            "other_medicines": "no",
            "symptoms_level": 4,
            "daily_life_level": 5,
            "baseline": ("trouble_sleeping",),
            "benefit": 7,
            "need": 7,
            "harm_worry": 3,
            "dependency": 2,
            "identity": 2,
            "past_intolerance": "no",
            "wary": 1,
            "readiness": 8,
            "heard": 9,
            "agreement": 8,
            "pressure": 1,
            "miss_anything": "no",
            "note": "Tengo ganas de volver a dormir bien.",
        },
        "weekly": {
            "days_missed": [0, 1, 0, 0],
            "dose_change": "as_prescribed",
            "reasons": ("forgot",),
            "any_side_effects": ["yes", "no"],
            "which_side_effects": ("dry_mouth",),
            "side_effect_bother": 2,
            "attribution": "medicine",
            "harm_worry": [3, 2],
            "symptoms": [1, 1, 1, 0],
            "symptoms_level": [5, 6, 7, 7],
            "daily_life": [1, 1, 2, 1],
            "daily_life_level": [5, 6, 7, 7],
            "heard": 9,
            "pressure": 1,
            "extra_for_feelings": "no",
            "want_more": "no",
            "note": [None, "He vuelto a caminar con mi hermana por las tardes.", None],
        },
        "pre_visit": {
            "topics": "Cómo seguir cuando me encuentre bien del todo.",
            "untold": None,
            "symptoms_level": 7,
            "daily_life_level": 7,
            "baseline": ("none",),
            "benefit": 8,
            "harm_worry": 2,
            "heard": 9,
        },
    },
)

NOCEBO_DISTRUST = Persona(
    "P-002",
    "Ben",
    "en",
    "America/New_York",
    schedules=[
        {"dialog": "weekly", "days": "wed", "time": "19:00"},
        {"dialog": "daily", "every_days": "1", "time": "09:00"},
    ],
    regimen=[("sertraline", "50 mg", False), ("trazodone", "50 mg at night", True)],
    appointment="2026-03-30 15:00",
    ignores={"weekly": {2}, "daily": {3, 4, 9, 10, 11, 15, 16, 17, 20, 22, 23}},
    answers={
        "intake": {
            "taking_now": "took_less",
            "other_medicines": "not_sure",
            "symptoms_level": 4,
            "daily_life_level": 4,
            "baseline": ("none",),
            "benefit": 3,
            "need": 4,
            "harm_worry": 8,
            "dependency": 7,
            "identity": 6,
            "past_intolerance": "yes",
            "past_intolerance_which": "An antidepressant years ago. I felt sick and shaky.",
            "wary": 8,
            "readiness": 4,
            "heard": 3,
            "agreement": 4,
            "pressure": 7,
            "miss_anything": "no",
            "note": "Last time a doctor put me on pills I felt awful for months.",
        },
        "weekly": {
            "days_missed": [2, 3, 4, 4],
            "dose_change": ["took_less", "skipped_on_purpose"],
            "reasons": [("side_effects",), ("side_effects", "dont_want_to_depend")],
            "prescriber_knows": "no",
            "any_side_effects": "yes",
            "which_side_effects": [("dizzy", "headache"), ("dizzy", "stomach", "foggy")],
            "side_effect_bother": [6, 8],
            "attribution": "medicine",
            "harm_worry": [8, 9],
            "symptoms": [0, -1, 0, 0],
            "symptoms_level": [4, 3, 4, 4],
            "daily_life": [0, -1, 0, -1],
            "daily_life_level": [4, 3, 4, 3],
            "heard": [4, 3, 2, 3],
            "pressure": [7, 8],
            "extra_for_feelings": "no",
            "want_more": "no",
            "note": [None, "Nobody told me it would make me this dizzy.", None],
        },
        "daily": {"took_today": ["yes", "no", "yes", "no", "no"], "mood": [5, 4, 4, 3]},
        "pre_visit": {
            "topics": "I want to come off this, or at least lower it.",
            "untold": "I have been taking half the dose.",
            "symptoms_level": 4,
            "daily_life_level": 3,
            "baseline": ("dizzy", "stomach", "foggy"),
            "benefit": 2,
            "harm_worry": 9,
            "heard": 3,
        },
    },
)

RESISTING_FROM = Persona(
    "P-003",
    "Olga",
    "ru",
    "Asia/Almaty",
    schedules=[{"dialog": "weekly", "days": "fri", "time": "12:00"}],
    regimen=[
        ("Сертралин", "150 мг", False),
        ("Кветиапин", "100 мг", False),
        ("Ламотриджин", "100 мг", False),
        ("Миртазапин", "15 мг", False),
        ("Золпидем", "10 мг", False),
        ("Феназепам", "1 мг", True),
    ],  # six psychotropics: a regimen grown large
    appointment="2026-03-31 11:00",
    answers={
        "intake": {
            "taking_now": "as_prescribed",
            "other_medicines": "yes",
            "other_medicines_which": "снотворное иногда",
            "symptoms_level": 3,
            "daily_life_level": 3,
            "baseline": ("sleepy",),
            "benefit": 9,
            "need": 10,
            "harm_worry": 1,
            "dependency": 2,
            "identity": 1,
            "past_intolerance": "no",
            "wary": 1,
            "readiness": 3,
            "heard": 8,
            "agreement": 9,
            "pressure": 1,
            "miss_anything": "not_sure",
            "might_lose": "Может быть, тогда от меня будут ждать, что я снова выйду на работу.",
            "note": "Таблетки — единственное, что мне помогает.",
        },
        "weekly": {
            "days_missed": 0,
            "dose_change": "as_prescribed",
            "any_side_effects": "no",
            "harm_worry": 1,
            "symptoms": [1, 2, 1, 2],
            "symptoms_level": [5, 6, 6, 7],
            "daily_life": [0, -1, 0, -1],
            "daily_life_level": [3, 3, 2, 3],
            "heard": 8,
            "pressure": 1,
            "extra_for_feelings": ["yes", "no", "yes", "yes"],
            "which_feeling": [("sadness",), ("sadness",), ("sadness", "loneliness")],
            "want_more": ["no", "yes", "yes"],
            "want_more_hope": ("calm", "feel_nothing"),
            "note": [None, "Когда грустно, я беру лишнюю таблетку, и становится спокойнее.", None],
        },
        "pre_visit": {
            "topics": "Хочу обсудить, можно ли увеличить дозу.",
            "untold": None,
            "symptoms_level": 7,
            "daily_life_level": 3,
            "baseline": ("sleepy",),
            "benefit": 9,
            "harm_worry": 1,
            "heard": 8,
        },
    },
)

# Side effects that are the drug's own: sertraline raised from 50 to 100 mg in week one, then
# restless and sleeping badly, taken exactly as prescribed, little worry, a good alliance. Her
# digest must lead with the medication change, never with "side effects with high worry".
ACTIVATION = Persona(
    "P-004",
    "Dana",
    "en",
    "Europe/London",
    schedules=[{"dialog": "weekly", "days": "mon", "time": "18:30"}],
    regimen=[("sertraline", "50 mg", False)],
    change=("sertraline", "100 mg"),
    appointment="2026-03-31 09:30",
    answers={
        "intake": {
            "taking_now": "as_prescribed",
            "other_medicines": "yes",
            "other_medicines_which": "St John's wort tea, most evenings",
            "symptoms_level": 4,
            "daily_life_level": 5,
            "baseline": ("none",),
            "benefit": 7,
            "need": 7,
            "harm_worry": 3,
            "dependency": 2,
            "identity": 2,
            "past_intolerance": "no",
            "wary": 2,
            "readiness": 8,
            "heard": 8,
            "agreement": 8,
            "pressure": 2,
            "miss_anything": "no",
            "note": "I'd like to feel like myself again by the summer.",
        },
        "post_change": {
            "taking": "as_prescribed",
            "any_side_effects": "yes",
            "which_side_effects": [("restless", "trouble_sleeping"), ("restless", "shaky")],
            "side_effect_bother": [6, 5],
            "attribution": "medicine",
            "benefit": 6,
            "note": [None, "Since the higher dose I pace about in the evenings and wake at 4."],
        },
        "weekly": {
            "days_missed": 0,
            "dose_change": "as_prescribed",
            "any_side_effects": ["no", "yes", "yes", "no"],
            "which_side_effects": ("restless", "trouble_sleeping"),
            "side_effect_bother": 5,
            "attribution": "medicine",
            "harm_worry": 3,
            "symptoms": [0, 1, 1, 1],
            "symptoms_level": [4, 5, 6, 6],
            "daily_life": [0, 0, 1, 1],
            "daily_life_level": [5, 5, 6, 6],
            "heard": 8,
            "pressure": 2,
            "extra_for_feelings": "no",
            "want_more": "no",
        },
        "pre_visit": {
            "topics": "I can't settle in the evenings since the dose went up. Is it the tablets?",
            "untold": None,
            "symptoms_level": 6,
            "daily_life_level": 6,
            "baseline": ("restless", "trouble_sleeping"),
            "benefit": 7,
            "harm_worry": 3,
            "heard": 8,
        },
    },
)

PERSONAS = [WELL_ALLIED, NOCEBO_DISTRUST, RESISTING_FROM, ACTIVATION]
