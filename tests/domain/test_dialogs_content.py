"""Patient-facing wording: no clinical vocabulary, neutral lock-screen texts, no orphan keys."""

from __future__ import annotations

import re

import pytest

from bot import DIALOGS_DIR, LOCALES_DIR
from bot.domain import engine
from bot.domain.constructs import UNINTENTIONAL_REASONS
from bot.domain.dialogs import for_turn, load_dialogs
from bot.i18n import SUPPORTED, Translator, load_catalogs

CATALOGS: Translator = load_catalogs(LOCALES_DIR)
DIALOGS = load_dialogs(DIALOGS_DIR, CATALOGS.keys)
ARGS = {"hours": 3, "length": 1200, "limit": 1000, "position": 2, "total": 9}
ARGS |= {"when": "Monday", "answer": "Yes", "label": "Yes", "low": "0", "high": "10"}
ARGS |= {"count": 3, "question": "Did you take it"}

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


# Items v2 (clinical model, "Items v2"; issue 11 part 1): each new item, where it is asked.
NEW_ITEMS = {
    "intake": {
        "other_medicines_which": "other.medicines",
        "symptoms_level": "symptoms.level",
        "daily_life_level": "function.level",
        "baseline": "side_effects.baseline",
        "past_intolerance": "history.intolerance",
        "wary": "history.wary",
    },
    "weekly": {
        "prescriber_knows": "adherence.prescriber_knows",
        "attribution": "side_effects.attribution",
        "symptoms_level": "symptoms.level",
        "daily_life_level": "function.level",
        "extra_for_feelings": "use.extra_for_feelings",
        "which_feeling": "use.feeling",
        "want_more_hope": "want.more_hope",
    },
    "pre_visit": {
        "symptoms_level": "symptoms.level",
        "daily_life_level": "function.level",
        "baseline": "side_effects.baseline",
        "harm_worry": "expectation.harm",
    },
    "post_change": {
        "prescriber_knows": "adherence.prescriber_knows",
        "attribution": "side_effects.attribution",
    },
    "daily": {"took_today": "adherence.took_today", "mood": "mood.level"},
}
NEW = [(d, q, c) for d, items in NEW_ITEMS.items() for q, c in items.items()]


@pytest.mark.parametrize("lang", SUPPORTED)
@pytest.mark.parametrize(("dialog_id", "qid", "construct"), NEW)
def test_each_new_item_is_asked_in_each_language(
    lang: str, dialog_id: str, qid: str, construct: str
) -> None:
    question = DIALOGS[dialog_id].question(qid)
    assert question.measures == construct
    for key in question.locale_keys():
        text = CATALOGS(lang, key)
        assert text and text != key and "{" not in text, (lang, key)
    if lang != "en":  # translated, not left in English
        assert CATALOGS(lang, question.text) != CATALOGS("en", question.text)


LEVELS = {
    "symptoms.level": ("dlg-anchor-as-bad-as-they-get", "dlg-anchor-no-trouble"),
    "function.level": ("dlg-anchor-not-going-well", "dlg-anchor-going-very-well"),
    "mood.level": ("dlg-anchor-very-bad", "dlg-anchor-very-good"),
}


def test_levels_read_higher_is_better_everywhere() -> None:
    found = 0
    for dialog in DIALOGS.values():
        for q in dialog.questions:
            if q.measures in LEVELS:
                assert (q.low, q.high) == LEVELS[q.measures], (dialog.id, q.id)
                found += 1
    assert found == 2 + 2 + 2 + 1  # intake, weekly, pre-visit; the daily mood


def test_levels_sit_beside_the_change_items_in_the_weekly() -> None:
    ids = [q.id for q in DIALOGS["weekly"].questions]
    assert ids.index("symptoms_level") == ids.index("symptoms") + 1
    assert ids.index("daily_life_level") == ids.index("daily_life") + 1


EXTRA = {"en": "extra dose", "es": "dosis de más", "ru": "лишнюю"}
AS_NEEDED = {"en": "when needed", "es": "cuando lo necesites", "ru": "по необходимости"}


@pytest.mark.parametrize("lang", SUPPORTED)
def test_the_feelings_item_asks_only_about_extra_or_unplanned_doses(lang: str) -> None:
    used = {q.measures for d in DIALOGS.values() for q in d.questions}
    assert "use.for_feelings" not in used
    question = DIALOGS["weekly"].question("extra_for_feelings")
    text = CATALOGS(lang, question.text)
    assert EXTRA[lang] in text and AS_NEEDED[lang] in text  # as-needed doses excluded
    which = DIALOGS["weekly"].question("which_feeling")
    assert which.show_if is not None and which.show_if.question == "extra_for_feelings"
    assert which.choices() == ("sadness", "loneliness", "stress", "anger", "sleep", "other")


def test_want_more_asks_what_more_would_change_only_after_yes() -> None:
    hope = DIALOGS["weekly"].question("want_more_hope")
    assert hope.show_if is not None and hope.show_if.question == "want_more"
    assert hope.show_if.equals == "yes" and hope.rotation == "b"
    expected = ("symptoms_gone", "sleep", "calm", "feel_nothing", "cope_with_people", "other")
    assert hope.choices() == expected


NEUTRAL = {"en": "new or different", "es": "nuevo o diferente", "ru": "новое или непривычное"}
SIDE_EFFECT = {"en": "side effect", "es": "efecto secundario", "ru": "побочн"}


@pytest.mark.parametrize("lang", SUPPORTED)
@pytest.mark.parametrize("dialog_id", ["weekly", "post_change"])
def test_the_side_effect_gate_is_neutral(lang: str, dialog_id: str) -> None:
    gate = CATALOGS(lang, DIALOGS[dialog_id].question("any_side_effects").text)
    assert NEUTRAL[lang] in gate and SIDE_EFFECT[lang] not in gate.lower()


def test_attribution_follows_reported_side_effects() -> None:
    for dialog_id in ("weekly", "post_change"):
        dialog = DIALOGS[dialog_id]
        q = dialog.question("attribution")
        assert q.choices() == ("medicine", "something_else", "not_sure")
        assert q.show_if is not None and q.show_if.question == "any_side_effects"
        assert dialog.index("attribution") > dialog.index("side_effect_bother")


@pytest.mark.parametrize("dialog_id", ["intake", "pre_visit"])
def test_the_baseline_is_the_side_effect_checklist(dialog_id: str) -> None:
    baseline = DIALOGS[dialog_id].question("baseline")
    present = DIALOGS["weekly"].question("which_side_effects")
    assert baseline.choices() == (*present.choices(), "none")  # "none" goes alone
    assert [o.label for o in baseline.options][:-1] == [o.label for o in present.options]
    dying = DIALOGS[dialog_id].question("baseline_dying")  # "can't sit still": the crisis path
    assert dying.measures == "safety.dying_thoughts"
    assert dying.show_if is not None and dying.show_if.any_of == ("akathisia",)


def test_harm_worry_has_its_own_cadence_and_follows_benefit() -> None:
    for dialog_id in ("intake", "pre_visit"):
        dialog = DIALOGS[dialog_id]
        assert dialog.index("harm_worry") > dialog.index("benefit")
        assert dialog.question("harm_worry").rotation is None
    assert DIALOGS["weekly"].question("harm_worry").rotation == "b"
    post = DIALOGS["post_change"]
    assert all(q.measures != "expectation.harm" for q in post.questions)


def test_past_experiences_at_intake() -> None:
    intake = DIALOGS["intake"]
    assert intake.question("past_intolerance").type == "yes_no_unsure"
    which = intake.question("past_intolerance_which")
    assert which.type == "text" and which.skippable
    assert which.show_if is not None and which.show_if.equals == "yes"
    assert intake.question("wary").type == "scale_0_10"


@pytest.mark.parametrize("dialog_id", ["weekly", "post_change"])
def test_prescriber_knows_only_after_a_self_adjusted_dose(dialog_id: str) -> None:
    dialog = DIALOGS[dialog_id]
    dose = next(q for q in dialog.questions if q.measures == "adherence.dose_change")
    for value in dose.choices():
        answers = {"days_missed": 0, dose.id: value}
        shown = {q.id for q in engine.visible_questions(dialog, answers)}
        assert ("prescriber_knows" in shown) == (value != "as_prescribed"), value
    knows = dialog.question("prescriber_knows")
    assert knows.choices() == ("yes", "no", "not_sure")
    assert dialog.index("prescriber_knows") < dialog.index("any_side_effects")


REASONS = {
    "en": ("It wasn't helping", "I didn't want others to know", "To see if I still need it"),
    "es": (
        "No me estaba ayudando",
        "No quería que otros se enteraran",
        "Para ver si todavía la necesito",
    ),
    "ru": ("Они не помогали", "Не хотел(а), чтобы другие узнали", "Проверить, нужны ли они ещё"),
}


@pytest.mark.parametrize("lang", SUPPORTED)
def test_new_reasons_in_every_reasons_list(lang: str) -> None:
    lists = [q for d in DIALOGS.values() for q in d.questions if q.measures == "adherence.reason"]
    assert len(lists) == 2  # weekly and post-change
    for q in lists:
        labels = {o.value: CATALOGS(lang, o.label) for o in q.options}
        new = ("not_helping", "others_know", "test_need")
        assert tuple(labels[v] for v in new) == REASONS[lang]
        assert not set(new) & UNINTENTIONAL_REASONS  # they point to meaning
        assert q.choices()[-1] == "other"


def test_fixes_from_main_are_kept() -> None:
    assert "dispuesto/a" in CATALOGS("es", "dlg-intake-readiness")
    assert CATALOGS("ru", "dlg-reason-forgot") == "Забыл(а)"


def test_weekly_core_is_at_most_eight_questions() -> None:
    """Always asked, no Skip, no show_if, no rotation: the part of the weekly that is never
    shorter. The rest follows an answer or comes every other week."""
    weekly = DIALOGS["weekly"]
    core = [q.id for q in weekly.core()]
    assert len(core) <= 8
    assert core == [
        "days_missed",
        "dose_change",
        "any_side_effects",
        "symptoms",
        "symptoms_level",
        "daily_life",
        "daily_life_level",
        "extra_for_feelings",
    ]
    rotated = {q.id: q.rotation for q in weekly.questions if q.rotation}
    assert rotated == {
        "heard": "a",
        "pressure": "a",
        "want_more": "b",
        "want_more_hope": "b",
        "harm_worry": "b",
    }


def test_for_turn_alternates_a_and_b() -> None:
    weekly = DIALOGS["weekly"]
    ids = [{q.id for q in for_turn(weekly, n).questions} for n in (1, 2, 3, 4)]
    assert {"heard", "pressure"} <= ids[0] and not {"want_more", "harm_worry"} & ids[0]
    assert {"want_more", "want_more_hope", "harm_worry"} <= ids[1]
    assert not {"heard", "pressure"} & ids[1]
    assert ids[0] == ids[2] and ids[1] == ids[3]
    core = {q.id for q in weekly.core()}
    assert all(core <= turn for turn in ids)
    assert for_turn(DIALOGS["intake"], 2) is DIALOGS["intake"]  # nothing rotates: as it is
    kept = [q.id for q in for_turn(weekly, 2).questions]
    assert kept == [q.id for q in weekly.questions if q.rotation != "a"]  # file order
