"""Patient-facing wording: no clinical vocabulary, neutral lock-screen texts, no orphan keys."""

from __future__ import annotations

import re

import pytest

from bot import DIALOGS_DIR, LOCALES_DIR
from bot.domain import engine
from bot.domain.dialogs import load_dialogs
from bot.i18n import SUPPORTED, Translator, load_catalogs

CATALOGS: Translator = load_catalogs(LOCALES_DIR)
DIALOGS = load_dialogs(DIALOGS_DIR, CATALOGS.keys)
ARGS = {"hours": 3, "length": 1200, "limit": 1000, "position": 2, "total": 9}
ARGS |= {"when": "Monday", "answer": "Yes", "label": "Yes", "low": "0", "high": "10"}

# Words of the clinical model that patients never see.
CLINICAL = {
    "en": r"resist|nocebo|placebo|complian|adheren|transference|psychiatr|diagnos",
    "es": r"resist|nocebo|placebo|cumplimiento|adherencia|transferencia|psiqui|diagn",
    "ru": r"сопротивл|ноцебо|плацебо|комплаенс|приверженност|перенос|психиатр|диагноз",
}
# What a lock screen must not reveal.
REVEALING = {
    "en": r"medic|pill|dose|psych|treatment|prescri|clinic|doctor",
    "es": r"medic|pastill|dosis|psiq|tratamiento|recet|clínica|médic",
    "ru": r"лекарств|таблет|доз|психи|лечени|врач|клиник",
}
LOCK_SCREEN = ("checkin-invite", "checkin-reminder-first", "checkin-reminder-last")


def _texts(lang: str) -> dict[str, str]:
    ids = [k for k in CATALOGS.keys[lang] if k.startswith(("dlg-", "checkin-"))]
    return {key: CATALOGS(lang, key, **ARGS) for key in ids}


@pytest.mark.parametrize("lang", SUPPORTED)
def test_no_clinical_words_reach_patients(lang: str) -> None:
    found = {k: t for k, t in _texts(lang).items() if re.search(CLINICAL[lang], t, re.I)}
    assert not found


@pytest.mark.parametrize("lang", SUPPORTED)
def test_lock_screen_texts_are_neutral(lang: str) -> None:
    for key in LOCK_SCREEN:
        assert not re.search(REVEALING[lang], CATALOGS(lang, key, **ARGS), re.I), key


def test_every_dialog_message_is_used_by_a_dialog() -> None:
    used = {d.title for d in DIALOGS.values()}
    used |= {k for d in DIALOGS.values() for q in d.questions for k in q.locale_keys()}
    defined = {k for k in CATALOGS.keys["en"] if k.startswith("dlg-")}
    assert defined - used == set()


def test_button_labels_the_engine_names_exist() -> None:
    for key in [*engine.FIXED_LABELS.values(), *engine.CHANGE_LABELS.values()]:
        for lang in SUPPORTED:
            assert CATALOGS.has(lang, key), (lang, key)


def test_option_labels_fit_on_a_button() -> None:
    for lang in SUPPORTED:
        for dialog in DIALOGS.values():
            for q in dialog.questions:
                for option in q.options:
                    assert len(CATALOGS(lang, option.label)) <= 40, (lang, option.label)
